// gommu prints Go's minimum mutator utilization (internal/trace:
// MutatorUtilizationV2, NewMMUCurve, MMU) of a trace as JSON lines, one per
// flag set and window, for comparison with etmmu.
package main

import (
	"encoding/json"
	"fmt"
	"internal/trace"
	"io"
	"math"
	"os"
	"sort"
	"time"
)

type flagSet struct {
	name  string
	flags trace.UtilFlags
}

var flagSets = []flagSet{
	{"stw,background,assist,sweep", trace.UtilSTW | trace.UtilBackground | trace.UtilAssist | trace.UtilSweep},
	{"stw,background,assist,sweep,per-proc", trace.UtilSTW | trace.UtilBackground | trace.UtilAssist | trace.UtilSweep | trace.UtilPerProc},
	{"stw", trace.UtilSTW},
	{"background", trace.UtilBackground},
	{"assist", trace.UtilAssist},
	{"sweep", trace.UtilSweep},
	{"background,per-proc", trace.UtilBackground | trace.UtilPerProc},
	{"assist,sweep,per-proc", trace.UtilAssist | trace.UtilSweep | trace.UtilPerProc},
}

func main() {
	f, err := os.Open(os.Args[1])
	if err != nil {
		panic(err)
	}
	r, err := trace.NewReader(f)
	if err != nil {
		panic(err)
	}
	var events []trace.Event
	for {
		ev, err := r.ReadEvent()
		if err == io.EOF {
			break
		}
		if err != nil {
			panic(err)
		}
		events = append(events, ev)
	}
	enc := json.NewEncoder(os.Stdout)
	for _, fs := range flagSets {
		util := trace.MutatorUtilizationV2(events, fs.flags)
		if len(util) == 0 {
			continue
		}
		curve := trace.NewMMUCurve(util)
		// The trace's length as the utilization functions span it.
		start, end := int64(math.MaxInt64), int64(math.MinInt64)
		for _, u := range util {
			start = min(start, u[0].Time)
			end = max(end, u[len(u)-1].Time)
		}
		length := end - start
		// Fixed windows (some beyond the length), then four per decade from
		// 1µs to the length, and the length itself.
		set := map[int64]bool{length: true}
		for _, w := range []int64{1, 999, 1000, 3700, 10000, 100000, 370000, 1000000, 3700000, 10000000, 100000000, 1000000000, 10000000000, 100000000000} {
			set[w] = true
		}
		for k := 0; ; k++ {
			w := int64(math.Round(1000 * math.Pow(10, float64(k)/4)))
			if w >= length {
				break
			}
			set[w] = true
		}
		windows := make([]int64, 0, len(set))
		for w := range set {
			windows = append(windows, w)
		}
		sort.Slice(windows, func(i, j int) bool { return windows[i] < windows[j] })
		for _, w := range windows {
			out := map[string]any{"flags": fs.name, "window_ns": w, "mmu": curve.MMU(time.Duration(w))}
			if err := enc.Encode(out); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
		}
	}
}

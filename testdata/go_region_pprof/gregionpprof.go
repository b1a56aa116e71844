// gregionpprof prints go tool trace's per-region blocking profiles (the
// /regionio, /regionblock, /regionsyscall and /regionsched pages, Go 1.26's
// cmd/trace pprofByRegion with a region type filter) of a trace as JSON
// lines, one per region type and kind, for comparison with etpprof -region.
// cmd/trace is a main package: its few functions are repeated here, as Go
// 1.26 has them (cmd/trace/pprof.go, regions.go, main.go).
package main

import (
	"cmp"
	"encoding/json"
	"fmt"
	"internal/trace"
	"io"
	"os"
	"slices"
	"sort"
	"strings"
)

type interval struct{ start, end trace.Time }

func (i1 interval) overlap(i2 interval) int64 {
	if i1.end < i2.start || i2.end < i1.start {
		return 0
	}
	if i1.start < i2.start {
		i1.start = i2.start
	}
	if i1.end > i2.end {
		i1.end = i2.end
	}
	return int64(i1.end - i1.start)
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
	s := trace.NewSummarizer()
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
	for i := range events {
		s.Event(&events[i])
	}
	sum := s.Finalize()
	startTime, endTime := events[0].Time(), events[len(events)-1].Time()
	regionInterval := func(r *trace.UserRegionSummary) interval {
		var i interval
		if r.Start != nil {
			i.start = r.Start.Time()
		} else {
			i.start = startTime
		}
		if r.End != nil {
			i.end = r.End.Time()
		} else {
			i.end = endTime
		}
		return i
	}
	types := map[string]bool{}
	for _, g := range sum.Goroutines {
		for _, r := range g.Regions {
			if r.Name != "" {
				types[r.Name] = true
			}
		}
	}
	var typeList []string
	for t := range types {
		typeList = append(typeList, t)
	}
	sort.Strings(typeList)
	kinds := []struct {
		name   string
		state  trace.GoState
		reason func(string) bool
	}{
		{"net", trace.GoWaiting, func(r string) bool { return r == "network" }},
		{"sync", trace.GoWaiting, func(r string) bool {
			return strings.Contains(r, "chan") || strings.Contains(r, "sync") || strings.Contains(r, "select")
		}},
		{"syscall", trace.GoSyscall, func(string) bool { return true }},
		{"sched", trace.GoRunnable, func(string) bool { return true }},
	}
	enc := json.NewEncoder(os.Stdout)
	for _, typ := range typeList {
		// pprofMatchingRegions: the outermost regions of the type, per goroutine.
		gToIntervals := make(map[trace.GoID][]interval)
		for _, g := range sum.Goroutines {
			for _, r := range g.Regions {
				if r.Name == typ {
					gToIntervals[g.ID] = append(gToIntervals[g.ID], regionInterval(r))
				}
			}
		}
		for g, intervals := range gToIntervals {
			slices.SortFunc(intervals, func(a, b interval) int {
				if c := cmp.Compare(a.start, b.start); c != 0 {
					return c
				}
				return cmp.Compare(a.end, b.end)
			})
			var last trace.Time
			var n int
			for _, i := range intervals {
				if last <= i.start {
					intervals[n] = i
					last = i.end
					n++
				}
			}
			gToIntervals[g] = intervals[:n]
		}
		for _, k := range kinds {
			// makeComputePprofFunc; stacks told apart by their first 128 PCs
			// (an empty stack and one of zero PCs alike), each record shown
			// with the latest stack it got, as cmd/trace's stackMap does.
			type record struct {
				count, ns int64
				stack     trace.Stack
			}
			records := map[[128]uint64]*record{}
			var order [][128]uint64
			tracking := make(map[trace.GoID]*trace.Event)
			for i := range events {
				ev := &events[i]
				if ev.Kind() != trace.EventStateTransition {
					continue
				}
				st := ev.StateTransition()
				if st.Resource.Kind != trace.ResourceGoroutine {
					continue
				}
				id := st.Resource.Goroutine()
				_, new := st.Goroutine()
				startEv := tracking[id]
				if startEv == nil {
					if new == k.state && k.reason(st.Reason) {
						tracking[id] = ev
					}
					continue
				}
				if new == k.state {
					continue
				}
				delete(tracking, id)
				var overlapping int64
				for _, iv := range gToIntervals[id] {
					if o := iv.overlap(interval{startEv.Time(), ev.Time()}); o > 0 {
						overlapping += o
					}
				}
				if overlapping > 0 {
					var pcs [128]uint64
					i := 0
					for frame := range startEv.Stack().Frames() {
						if i == len(pcs) {
							break
						}
						pcs[i] = frame.PC
						i++
					}
					rec := records[pcs]
					if rec == nil {
						rec = &record{}
						records[pcs] = rec
						order = append(order, pcs)
					}
					rec.count++
					rec.ns += overlapping
					rec.stack = startEv.Stack()
				}
			}
			stacks := map[string][2]int64{}
			for _, pcs := range order {
				rec := records[pcs]
				var key strings.Builder
				for frame := range rec.stack.Frames() {
					fmt.Fprintf(&key, "%s %s:%d\n", frame.Func, frame.File, frame.Line)
				}
				v := stacks[key.String()]
				v[0] += rec.count
				v[1] += rec.ns
				stacks[key.String()] = v
			}
			if err := enc.Encode(map[string]any{"region": typ, "kind": k.name, "stacks": stacks}); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
		}
	}
}

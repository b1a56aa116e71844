// gsummary prints Go's goroutine summary (internal/trace.Summarizer) of a trace
// as JSON lines, one per goroutine, for comparison with etgoroutines.
package main

import (
	"encoding/json"
	"fmt"
	"internal/trace"
	"io"
	"os"
	"sort"
)

func main() {
	f, err := os.Open(os.Args[1])
	if err != nil {
		panic(err)
	}
	r, err := trace.NewReader(f)
	if err != nil {
		panic(err)
	}
	s := trace.NewSummarizer()
	for {
		ev, err := r.ReadEvent()
		if err == io.EOF {
			break
		}
		if err != nil {
			panic(err)
		}
		s.Event(&ev)
	}
	sum := s.Finalize()
	ids := make([]int, 0, len(sum.Goroutines))
	for id := range sum.Goroutines {
		ids = append(ids, int(id))
	}
	sort.Ints(ids)
	enc := json.NewEncoder(os.Stdout)
	for _, id := range ids {
		g := sum.Goroutines[trace.GoID(id)]
		block := map[string]int64{}
		for k, v := range g.BlockTimeByReason {
			if v != 0 {
				block[k] = int64(v)
			}
		}
		out := map[string]any{
			"goroutine": id, "function": g.Name, "lifetime_ns": int64(g.TotalTime), "execution_ns": int64(g.ExecTime),
			"sched_wait_ns": int64(g.SchedWaitTime), "syscall_ns": int64(g.SyscallTime),
			"syscall_block_ns": int64(g.SyscallBlockTime), "waiting_ns": block,
			"gc_assist_ns": int64(g.RangeTime["GC mark assist"]), "gc_sweep_ns": int64(g.RangeTime["GC incremental sweep"]),
		}
		if err := enc.Encode(out); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}

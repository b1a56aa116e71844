// glatency prints the durations of user tasks and user regions that Go's
// summarizer (internal/trace.Summarizer, what go tool trace's /usertasks and
// /userregions pages are made from) finds in a trace, as JSON lines: one per
// task type and one per region type, for comparison with etlatency.
//
// Only complete instances are listed: tasks with both a TaskBegin and a
// TaskEnd event (UserTaskSummary.Complete), regions whose Start is a
// RegionBegin event and whose End is a RegionEnd event. The others are
// counted in "incomplete".
package main

import (
	"encoding/json"
	"fmt"
	"internal/trace"
	"io"
	"os"
	"sort"
)

type distribution struct {
	Kind       string  `json:"kind"`
	Name       string  `json:"name"`
	Durations  []int64 `json:"durations_ns"`
	Incomplete int     `json:"incomplete"`
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

	dists := map[[2]string]*distribution{}
	get := func(kind, name string) *distribution {
		key := [2]string{kind, name}
		d := dists[key]
		if d == nil {
			d = &distribution{Kind: kind, Name: name, Durations: []int64{}}
			dists[key] = d
		}
		return d
	}
	for _, t := range sum.Tasks {
		if t.ID == trace.BackgroundTask {
			continue
		}
		d := get("task", t.Name)
		if t.Complete() {
			d.Durations = append(d.Durations, int64(t.End.Time().Sub(t.Start.Time())))
		} else {
			d.Incomplete++
		}
	}
	for _, g := range sum.Goroutines {
		for _, reg := range g.Regions {
			d := get("region", reg.Name)
			if reg.Start != nil && reg.End != nil && reg.Start.Kind() == trace.EventRegionBegin &&
				reg.End.Kind() == trace.EventRegionEnd {
				d.Durations = append(d.Durations, int64(reg.End.Time().Sub(reg.Start.Time())))
			} else {
				d.Incomplete++
			}
		}
	}
	keys := make([][2]string, 0, len(dists))
	for k := range dists {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i][0] != keys[j][0] {
			return keys[i][0] > keys[j][0] // task before region
		}
		return keys[i][1] < keys[j][1]
	})
	enc := json.NewEncoder(os.Stdout)
	for _, k := range keys {
		d := dists[k]
		sort.Slice(d.Durations, func(i, j int) bool { return d.Durations[i] < d.Durations[j] })
		if err := enc.Encode(d); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}

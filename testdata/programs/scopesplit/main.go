// Command scopesplit makes a trace for testing the sampling oscilloscope: a
// region with a known shape. Each call of work spends its first half busy in
// first and its second half busy in second (equal busy loops), between two
// trace.Log events that mark the region, while the CPU profiler samples at
// 1 kHz. testdata/patterns/scopesplit.patterns describes the region.
//
//	go run . -trace=scopesplit.trace
package main

import (
	"context"
	"flag"
	"log"
	"os"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
	"time"
)

func spin(d time.Duration) {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
	}
}

//go:noinline
func first() { spin(2 * time.Millisecond) }

//go:noinline
func second() { spin(2 * time.Millisecond) }

//go:noinline
func work(ctx context.Context) {
	trace.Log(ctx, "scope", "begin")
	first()
	second()
	trace.Log(ctx, "scope", "end")
}

func main() {
	out := flag.String("trace", "scopesplit.trace", "write the execution trace here")
	n := flag.Int("n", 400, "how many times to run the region")
	flag.Parse()

	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	// A faster profiler than pprof's default 100 Hz: more samples per run.
	// (StartCPUProfile then warns that it cannot set the rate; that is expected.)
	runtime.SetCPUProfileRate(1000)
	if err := pprof.StartCPUProfile(discard{}); err != nil {
		log.Fatal(err)
	}
	if err := trace.Start(f); err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	for i := 0; i < *n; i++ {
		work(ctx)
		time.Sleep(200 * time.Microsecond)
	}
	trace.Stop()
	pprof.StopCPUProfile()
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

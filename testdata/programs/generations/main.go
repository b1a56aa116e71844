// Command generations makes a small trace of several generations (Go 1.22+
// starts a new one every second), for testing time windows: a task and a
// region that span the whole run, a goroutine blocked from start to end,
// goroutines started and ended in every generation, logs, syscalls and CPU
// samples throughout.
//
//	go run . -trace=generations.trace -d=5.5s
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"runtime/pprof"
	"runtime/trace"
	"sync"
	"time"
)

var sink int

//go:noinline
func spin(n int) {
	for i := 0; i < n; i++ {
		sink += i * i
	}
}

func main() {
	out := flag.String("trace", "generations.trace", "write the execution trace here")
	d := flag.Duration("d", 5500*time.Millisecond, "how long to run")
	flag.Parse()

	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	if err := pprof.StartCPUProfile(io.Discard); err != nil {
		log.Fatal(err)
	}
	if err := trace.Start(f); err != nil {
		log.Fatal(err)
	}

	ctx, long := trace.NewTask(context.Background(), "whole run")
	whole := trace.StartRegion(ctx, "whole run region")

	release := make(chan struct{})
	var blocked sync.WaitGroup
	blocked.Add(1)
	go func() { // waits from the first generation to the last
		defer blocked.Done()
		<-release
	}()

	deadline := time.Now().Add(*d)
	tick := time.NewTicker(25 * time.Millisecond)
	for i := 0; time.Now().Before(deadline); i++ {
		<-tick.C
		var wg sync.WaitGroup
		for j := 0; j < 3; j++ {
			wg.Add(1)
			go func(j int) {
				defer wg.Done()
				tctx, task := trace.NewTask(ctx, "tick")
				trace.WithRegion(tctx, "work", func() { spin(20000 * (j + 1)) })
				trace.Logf(tctx, "tick", "i=%d j=%d", i, j)
				task.End()
			}(j)
		}
		if i%10 == 0 {
			if fd, err := os.Open("/dev/null"); err == nil {
				var b [1]byte
				fd.Read(b[:])
				fd.Close()
			}
		}
		spin(200000)
		wg.Wait()
	}
	tick.Stop()
	close(release)
	blocked.Wait()
	whole.End()
	long.End()
	trace.Stop()
	pprof.StopCPUProfile()
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
	fmt.Fprintln(os.Stderr, "wrote", *out)
}

// Command v1mix writes a small execution trace that exercises what v1 readers
// get wrong: goroutines that existed before tracing started (one blocked on a
// channel that never runs during the trace, one sitting in a blocking
// syscall), user tasks, regions and logs (with quotes, newlines and
// non-ASCII text), a task ended on another goroutine, Gosched and sleeps,
// a forced GC, and CPU samples. Built with Go 1.19 and 1.21 it writes v1
// traces (headers "go 1.19 trace" and "go 1.21 trace").
//
//	go run . -trace=out.trace
package main

import (
	"context"
	"crypto/sha256"
	"flag"
	"log"
	"os"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
	"sync"
	"syscall"
	"time"
)

var sink [32]byte

func spin(d time.Duration) {
	for end := time.Now().Add(d); time.Now().Before(end); {
		sink = sha256.Sum256(sink[:])
	}
}

func main() {
	out := flag.String("trace", "v1mix.trace", "where to write the trace")
	flag.Parse()

	// Before tracing: a goroutine blocked forever (it never runs during the
	// trace) and one blocked in a read(2) on a pipe (in a syscall when the
	// trace starts; released half way through).
	never := make(chan struct{})
	go func() { <-never }()
	var fds [2]int
	if err := syscall.Pipe(fds[:]); err != nil {
		log.Fatal(err)
	}
	released := make(chan struct{})
	go func() {
		var b [1]byte
		syscall.Read(fds[0], b[:])
		close(released)
	}()
	time.Sleep(20 * time.Millisecond)

	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	if err := pprof.StartCPUProfile(os.Stdout); err != nil {
		log.Fatal(err)
	}
	if err := trace.Start(f); err != nil {
		log.Fatal(err)
	}

	ctx, batch := trace.NewTask(context.Background(), "batch")
	trace.Log(ctx, "note", "quotes \" and \\ and a\nnewline, ünïcödé ✓")
	trace.Log(ctx, "", "")
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		jobCtx, job := trace.NewTask(ctx, "job")
		go func(i int) {
			defer wg.Done()
			trace.WithRegion(jobCtx, "outer", func() {
				trace.WithRegion(jobCtx, "inner", func() { spin(3 * time.Millisecond) })
				runtime.Gosched()
				time.Sleep(time.Millisecond)
			})
			trace.Logf(jobCtx, "job", "done %d", i)
			if i%2 == 0 {
				job.End() // ended by the goroutine that ran it
			}
		}(i)
		if i%2 == 1 {
			defer job.End() // ended later by main
		}
	}
	wg.Wait()
	syscall.Write(fds[1], []byte{1})
	<-released
	runtime.GC()
	spin(10 * time.Millisecond)
	batch.End()

	trace.Stop()
	pprof.StopCPUProfile()
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}

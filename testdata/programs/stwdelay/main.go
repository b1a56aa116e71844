// Command stwdelay makes a trace for testing unstoppable: a goroutine that
// keeps copying a large buffer (runtime.memmove cannot be preempted, so a
// stop-the-world request waits for each copy to finish) while main stops
// the world again and again (runtime.ReadMemStats), and the CPU profiler
// samples at 1 kHz.
//
//	go run . -trace=stwdelay.trace
package main

import (
	"flag"
	"log"
	"os"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
	"time"
)

var sink []byte

//go:noinline
func copier(src, dst []byte, stop <-chan struct{}) {
	for {
		select {
		case <-stop:
			return
		default:
		}
		copy(dst, src)
		sink = dst
	}
}

func main() {
	out := flag.String("trace", "stwdelay.trace", "write the execution trace here")
	n := flag.Int("n", 40, "how many stop-the-world pauses to make")
	flag.Parse()

	src := make([]byte, 256<<20)
	dst := make([]byte, 256<<20)
	for i := range src {
		src[i] = byte(i)
	}
	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	runtime.SetCPUProfileRate(1000)
	if err := pprof.StartCPUProfile(discard{}); err != nil {
		log.Fatal(err)
	}
	if err := trace.Start(f); err != nil {
		log.Fatal(err)
	}
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		copier(src, dst, stop)
		close(done)
	}()
	var ms runtime.MemStats
	for i := 0; i < *n; i++ {
		time.Sleep(7 * time.Millisecond)
		runtime.ReadMemStats(&ms)
	}
	close(stop)
	<-done
	trace.Stop()
	pprof.StopCPUProfile()
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// Package httptests is a small `go test` suite of net/http tests, run with
// -trace to make traces of a test binary: every test starts a server
// (plain or TLS), makes requests to it with a transport of its own (so it
// dials), and some run subtests. The test harness (testing.tRunner,
// main.main) wakes one test after another; regiongraph must not take that
// for cause and effect.
//
//	go test -trace=httptests.trace -count=1 .
package httptests

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

var mu sync.Mutex

func handler(w http.ResponseWriter, r *http.Request) {
	mu.Lock()
	fmt.Fprintf(w, "hello %s\n", r.URL.Path)
	mu.Unlock()
}

func get(t *testing.T, client *http.Client, url string) {
	resp, err := client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
}

func serve(t *testing.T, tls bool, requests int) {
	var srv *httptest.Server
	if tls {
		srv = httptest.NewTLSServer(http.HandlerFunc(handler))
	} else {
		srv = httptest.NewServer(http.HandlerFunc(handler))
	}
	defer srv.Close()
	client := srv.Client()
	tr := client.Transport.(*http.Transport)
	defer tr.CloseIdleConnections()
	var wg sync.WaitGroup
	for i := 0; i < requests; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			get(t, client, fmt.Sprintf("%s/%d", srv.URL, i))
		}(i)
		if i%2 == 1 {
			wg.Wait()
		}
	}
	wg.Wait()
}

func TestPlain(t *testing.T) {
	for i := 0; i < 40; i++ {
		t.Run(fmt.Sprint(i), func(t *testing.T) { serve(t, false, 4) })
	}
}

func TestTLS(t *testing.T) {
	for i := 0; i < 10; i++ {
		t.Run(fmt.Sprint(i), func(t *testing.T) { serve(t, true, 2) })
	}
}

func TestSequential1(t *testing.T) { serve(t, false, 3) }
func TestSequential2(t *testing.T) { serve(t, false, 3) }
func TestSequential3(t *testing.T) { serve(t, true, 2) }

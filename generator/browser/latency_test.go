package browser

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/performance"
	"github.com/chromedp/chromedp"

	"gongshi/generator/search"
)

// fetched is one file the search page fetched, from the browser's resource timing.
type fetched struct {
	Name     string  `json:"name"`
	Start    float64 `json:"start"`    // ms after the query was submitted
	Duration float64 `json:"duration"` // ms from the request to the last byte
}

// firstQuery is what the first query of a fresh search page cost.
type firstQuery struct {
	Query   string
	Ms      float64 // from submitting the form to the results on the page
	Timing  string  // where the time went, as the page says (data-timing)
	Files   int     // index files fetched for the query
	Bytes   int     // bytes of those files
	Meta    int     // bytes of meta.json, fetched when the page opens
	Ready   float64 // ms from navigation to the index being ready (meta.json read)
	Fetches []fetched
	Hits    int
	CPU     float64 // ms the page's main thread was busy with tasks for the query (thread time)
	Script  float64 // of which running scripts: the search itself
}

// metrics returns the page's TaskDuration and ScriptDuration, in ms of thread time.
func metrics(t *testing.T, b *Browser) (task, script float64) {
	t.Helper()
	m, err := chromedp.Call(b.Ctx, performance.GetMetrics, cdp.Empty{})
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range m.Metrics {
		switch x.Name {
		case "TaskDuration":
			task = x.Value * 1000
		case "ScriptDuration":
			script = x.Value * 1000
		}
	}
	return task, script
}

// measure opens /search/ in a browser whose cache is empty, waits until the index is ready,
// asks q, and returns the cost of that first query. The CPU is throttled as b is.
func measure(t *testing.T, b *Browser, srv *Server, q string) firstQuery {
	t.Helper()
	if _, err := chromedp.Call(b.Ctx, network.ClearBrowserCache, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	srv.Take()
	start := time.Now()
	if err := chromedp.Do(b.Ctx, chromedp.Navigate(srv.URL+"/search/")); err != nil {
		t.Fatal(err)
	}
	wait(t, b)
	fq := firstQuery{Query: q, Ready: float64(time.Since(start).Microseconds()) / 1000}
	for _, s := range srv.Take() {
		if s.Path == "/search/meta.json" {
			fq.Meta += s.Bytes
		}
	}
	if err := chromedp.Do(b.Ctx, chromedp.Evaluate[chromedp.Void](`performance.clearResourceTimings(); window.__t0 = performance.now()`)); err != nil {
		t.Fatal(err)
	}
	task0, script0 := metrics(t, b)
	a := ask(t, b, q, nil)
	task1, script1 := metrics(t, b)
	fq.CPU, fq.Script = task1-task0, script1-script0
	fq.Ms, fq.Timing, fq.Hits = a.Ms, a.Timing, len(a.URLs)
	for _, s := range srv.Take() {
		if strings.HasPrefix(s.Path, "/search/") {
			fq.Files++
			fq.Bytes += s.Bytes
		}
	}
	fs, err := chromedp.Run(b.Ctx, chromedp.Evaluate[[]fetched](`performance.getEntriesByType("resource")
	  .filter(e => e.name.includes("/search/"))
	  .map(e => ({name: new URL(e.name).pathname.replace("/search/", ""), start: e.startTime - window.__t0, duration: e.duration}))`))
	if err != nil {
		t.Fatal(err)
	}
	fq.Fetches = fs
	return fq
}

// TestSearchLatency measures the first query of a fresh search page in headless Chromium at a
// quarter of the CPU's speed (emulation.SetCPUThrottlingRate(4), a phone-class CPU), each in a
// browser with an empty cache: the time from submitting the form to the results on the page,
// and the bytes of the index files fetched for it (issue 8's targets for a 100,000-case site:
// under 100 ms and under 300 KB). It logs the figures and asserts no time (the machine's load
// decides those); the bytes are the index's, and are held under 300 KB.
//
// On the demo it runs with the other tests; on a larger site:
//
//	go run ./generator demo --cases 100000 --seed 1 --out /tmp/big && cp -r themes /tmp/big/
//	go run ./generator --site /tmp/big --out /tmp/big/public -q
//	GONGSHI_BROWSER_SITE=/tmp/big/public go test ./generator/browser/ -run SearchLatency -v
func TestSearchLatency(t *testing.T) {
	Chromium(t)
	public := builtSite(t)
	r, err := search.Open(os.DirFS(filepath.Join(public, "search")))
	if err != nil {
		t.Fatalf("no search index: %v", err)
	}
	first, err := r.Show(0)
	if err != nil {
		t.Fatal(err)
	}
	id := strings.TrimSuffix(strings.TrimPrefix(first.URL, "/cases/"), ".html")
	srv := Serve(t, public)
	b := Start(t, 120*time.Second)
	if _, err := chromedp.Call(b.Ctx, emulation.SetCPUThrottlingRate, emulation.SetCPUThrottlingRateParams{Rate: 4}); err != nil {
		t.Fatal(err)
	}
	// Durations in thread time: the CPU the page itself used, whatever else the machine runs.
	if _, err := chromedp.Call(b.Ctx, performance.Enable, performance.EnableParams{TimeDomain: performance.EnableTimeDomainThreadTicks}); err != nil {
		t.Fatal(err)
	}
	// Each query three times, each time the first query of a fresh page with an empty cache: the
	// median says more than one run on a busy machine.
	const runs = 3
	var worst firstQuery
	for _, q := range []string{"噪音", "电梯", "停车位", "漏水", "电", id} {
		var all []firstQuery
		for range runs {
			all = append(all, measure(t, b, srv, q))
		}
		sort.Slice(all, func(i, j int) bool { return all[i].Ms < all[j].Ms })
		fq := all[runs/2]
		if fq.Hits == 0 {
			t.Errorf("%s: no results", q)
		}
		var files []string
		for _, f := range fq.Fetches {
			files = append(files, fmt.Sprintf("%s @%.0f+%.0f", f.Name, f.Start, f.Duration))
		}
		t.Logf("first query %-8s median %6.1f ms (fastest %.1f, slowest %.1f; median run: %s); scripts %.1f ms of thread time; %2d files, %6d bytes (+ meta.json %d)\n      fetches (ms after submit + duration): %s",
			q, fq.Ms, all[0].Ms, all[runs-1].Ms, fq.Timing, fq.Script, fq.Files, fq.Bytes, fq.Meta, strings.Join(files, ", "))
		if fq.Bytes+fq.Meta > 300<<10 {
			t.Errorf("%s: the first query downloaded %d bytes of index, more than 300 KB", q, fq.Bytes+fq.Meta)
		}
		if fq.Ms > worst.Ms {
			worst = fq
		}
	}
	t.Logf("slowest first query (median of %d): %s, %.1f ms at 4x CPU throttling, %d bytes", runs, worst.Query, worst.Ms, worst.Bytes+worst.Meta)
}

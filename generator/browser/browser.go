// Package browser drives Debian's Chromium from Go tests (github.com/chromedp/chromedp): it
// finds the browser, serves a built site on loopback and records every request the page makes.
//
// # Contract
//
// Chromium is /usr/bin/chromium, or the file $GONGSHI_CHROMIUM names. Where it is missing a
// test is skipped with a message, except in CI (CI=true), where the test fails: .ci/run must
// install it (apt-get install -y chromium). The browser runs headless with a fresh profile, no
// sandbox, no GPU and no background networking, component updates or sync, so that every
// request it makes is one the page made. Serve records every request the server answers and
// Browser.Requests every URL the page asked for: tests assert that none leaves the site.
//
// The tests of this package build the committed demo (site.toml, content/ and themes/ at the
// repository root) into a temporary folder, or serve the built site $GONGSHI_BROWSER_SITE
// names (for example a 100,000-case demo, to measure the search on it).
package browser

import (
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// DefaultChromium is where Debian's chromium package puts the browser.
const DefaultChromium = "/usr/bin/chromium"

// Chromium returns the browser's path; it skips t where the browser is missing, or fails t in
// CI.
func Chromium(t testing.TB) string {
	t.Helper()
	path := os.Getenv("GONGSHI_CHROMIUM")
	if path == "" {
		path = DefaultChromium
	}
	if st, err := os.Stat(path); err == nil && !st.IsDir() && st.Mode()&0o111 != 0 {
		return path
	}
	msg := "Chromium not found at " + path + ": install it with `apt-get install -y chromium` (or set GONGSHI_CHROMIUM)"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg + "; in CI the browser tests must not be skipped, so .ci/run must install it")
	}
	t.Skip(msg)
	return ""
}

// Served is one request the server answered.
type Served struct {
	Path  string
	Bytes int
}

// Server serves a folder on 127.0.0.1 and logs what it served.
type Server struct {
	URL string // http://127.0.0.1:PORT, no trailing slash
	mu  sync.Mutex
	log []Served
}

// Serve serves dir until the test ends. Files asked for with a version (?v=, as the search
// script does) are served as immutable.
func Serve(t testing.TB, dir string) *Server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{URL: "http://" + ln.Addr().String()}
	files := http.FileServer(http.Dir(dir))
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cw := &countingWriter{ResponseWriter: w}
		if r.URL.Query().Has("v") {
			// a versioned file never changes, as a production host would say
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		}
		files.ServeHTTP(cw, r)
		s.mu.Lock()
		s.log = append(s.log, Served{Path: r.URL.Path, Bytes: cw.n})
		s.mu.Unlock()
	}), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("serve: %v", err)
		}
	}()
	t.Cleanup(func() { srv.Close() })
	return s
}

// Take returns what the server served since the last Take, and forgets it.
func (s *Server) Take() []Served {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.log
	s.log = nil
	return out
}

type countingWriter struct {
	http.ResponseWriter
	n int
}

func (w *countingWriter) Write(p []byte) (int, error) {
	n, err := w.ResponseWriter.Write(p)
	w.n += n
	return n, err
}

// Browser is a headless Chromium with one tab.
type Browser struct {
	Ctx context.Context // the tab's context, for chromedp actions
	mu  sync.Mutex
	req []string
}

// Start starts Chromium for the rest of the test, with timeout for everything it does.
func Start(t testing.TB, timeout time.Duration) *Browser {
	t.Helper()
	path := Chromium(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	b := &Browser{}
	tab, tcancel := chromedp.NewContext(actx, chromedp.WithListener(func(ev any) {
		if ev, ok := ev.(*network.EventRequestWillBeSent); ok && ev.Request != nil {
			b.mu.Lock()
			b.req = append(b.req, ev.Request.URL)
			b.mu.Unlock()
		}
	}))
	b.Ctx = tab
	t.Cleanup(func() {
		tcancel()
		acancel()
		cancel()
	})
	if err := chromedp.Do(tab, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("starting %s: %v", path, err)
	}
	return b
}

// Requests returns every URL the tab requested so far.
func (b *Browser) Requests() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.req...)
}

// Foreign returns the requests that went anywhere but origin (data: and about: URLs are the
// page's own).
func (b *Browser) Foreign(origin string) []string {
	var out []string
	for _, u := range b.Requests() {
		if u == origin || strings.HasPrefix(u, origin+"/") || strings.HasPrefix(u, "data:") || strings.HasPrefix(u, "about:") {
			continue
		}
		out = append(out, u)
	}
	return out
}

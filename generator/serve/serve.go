// Package serve is the dev server: it builds a site into memory, serves it over HTTP, and
// rebuilds it on every change to site.toml, content/ and themes/, so that staff writing a notice
// see the page as residents will, and a theme author's browser follows the templates.
//
// The contract:
//
//   - Run builds the site (build.Incremental: the result is byte for byte what build writes) and
//     serves it from memory; nothing is written to disk, least of all the site's public/.
//   - It binds to loopback unless Addr names another interface, and says which.
//   - It watches the site with fsnotify (every folder added, new ones as they appear, the
//     output never), or polls when Poll is set. Editors' temporary and backup files are ignored
//     (build.Ignored), and so are chmod-only events.
//   - Every save produces one rebuild: events are coalesced until Quiet has passed without one.
//     The build itself starts once Settle has passed (it is thrown away if another event comes
//     before it is published), so the quiet period and the build overlap.
//   - HTML pages get a live-reload script (see live.go) that reloads the page after a rebuild
//     that changed files, swaps the stylesheet when only stylesheets changed, and shows a failed
//     rebuild's errors (file:line:col: message; privacy findings masked) over the last good
//     page, which is what is served until a build succeeds again. The terminal shows the same.
//   - Run returns when ctx is done (Ctrl-C), after closing the watcher, the event streams and
//     the HTTP server and waiting for its goroutines: nothing is left running.
package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"gongshi/generator/build"
	"gongshi/generator/privacy"
	"gongshi/generator/sdc"
)

// Config configures Run.
type Config struct {
	Site string // the site root on disk
	Addr string // host:port to listen on; DefaultAddr when empty; port 0 picks a free one
	// Poll, when positive, finds changes by walking the site this often instead of fsnotify.
	Poll time.Duration
	Now  time.Time // --now; zero means [build] date in site.toml, else today
	// CaseIDKey returns the key of hashed case ids (see build.IncrementalOptions).
	CaseIDKey func() ([]byte, error)
	// Quiet is how long no event must come before a rebuild is published; DefaultQuiet when
	// zero. Settle is how long no event must come before the rebuild starts; DefaultSettle.
	Quiet, Settle time.Duration
	Open          bool      // open the site in the browser once it is built
	Log           io.Writer // what a person reads: addresses, rebuilds, errors; os.Stderr when nil
	// Ready, when set, is called with the site's URL once the server listens.
	Ready func(url string)
}

// Defaults.
const (
	DefaultAddr   = "127.0.0.1:1313"
	DefaultQuiet  = 100 * time.Millisecond
	DefaultSettle = 15 * time.Millisecond
	DefaultPoll   = 500 * time.Millisecond
)

// Server serves the last good build of a site; see Run.
type Server struct {
	wg     sync.WaitGroup // the goroutines Run waits for
	url    string
	cfg    Config
	inc    *build.Incremental
	state  atomic.Pointer[state]
	broker *broker
	log    io.Writer
}

// state is what is served: the last good site, and the errors of the last build.
type state struct {
	version int               // counts the published builds that changed files
	files   map[string][]byte // nil before the first good build
	errors  []string
	timing  timing // of the build published
}

// timing is where the time of a published build went, for the benchmarks: from the first event
// it was for to its start (the settle period), its steps, and from its end to publishing (the
// rest of the quiet period).
type timing struct {
	wait, took, hold time.Duration
	steps            []build.Step
}

// New checks cfg and returns a server; nothing is read or listened to until Run.
func New(cfg Config) (*Server, error) {
	if cfg.Addr == "" {
		cfg.Addr = DefaultAddr
	}
	if cfg.Quiet <= 0 {
		cfg.Quiet = DefaultQuiet
	}
	if cfg.Settle <= 0 || cfg.Settle > cfg.Quiet {
		cfg.Settle = min(DefaultSettle, cfg.Quiet)
	}
	if cfg.Log == nil {
		cfg.Log = os.Stderr
	}
	if info, err := os.Stat(cfg.Site); err != nil || !info.IsDir() {
		return nil, fmt.Errorf("--site %s: not a folder", cfg.Site)
	}
	s := &Server{cfg: cfg, broker: newBroker(), log: cfg.Log}
	s.state.Store(&state{})
	s.inc = build.NewIncremental(build.IncrementalOptions{Site: os.DirFS(cfg.Site), Now: cfg.Now, CaseIDKey: cfg.CaseIDKey})
	return s, nil
}

// Run builds and serves the site of cfg until ctx is done.
func Run(ctx context.Context, cfg Config) error {
	s, err := New(cfg)
	if err != nil {
		return err
	}
	return s.Run(ctx)
}

// Run builds and serves the site until ctx is done. A server runs once.
func (s *Server) Run(ctx context.Context) error {
	cfg := s.cfg
	var (
		src source
		err error
	)
	if cfg.Poll > 0 {
		src = newPoll(cfg.Site, cfg.Poll)
	} else if src, err = newNotify(cfg.Site, cfg.Log); err != nil {
		return fmt.Errorf("watch %s: %w (try --poll)", cfg.Site, err)
	}
	defer src.close()

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	url := "http://" + ln.Addr().String() + "/"
	s.url = url
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	wg := &s.wg
	wg.Go(func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintf(s.log, "serve: %v\n", err)
		}
	})
	s.announce(url, ln.Addr())
	if cfg.Ready != nil {
		cfg.Ready(url)
	}

	watchCtx, stopWatch := context.WithCancel(ctx)
	events := make(chan string, 256)
	wg.Go(func() { src.run(watchCtx, events) })

	s.loop(ctx, events)

	stopWatch()
	s.broker.close()
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err = srv.Shutdown(shut)
	wg.Wait()
	fmt.Fprintln(s.log, "stopped")
	return err
}

// announce says where the site is served and who can see it.
func (s *Server) announce(url string, addr net.Addr) {
	fmt.Fprintf(s.log, "serving %s at %s\n", s.cfg.Site, url)
	if tcp, ok := addr.(*net.TCPAddr); ok && tcp.IP.IsLoopback() {
		fmt.Fprintln(s.log, "  loopback only: other machines cannot see it (--addr 0.0.0.0:PORT to share it on the network)")
	} else {
		fmt.Fprintf(s.log, "  listening on %s: anyone who can reach this machine can see the site, unpublished notices included\n", addr)
	}
	how := "fsnotify"
	if s.cfg.Poll > 0 {
		how = fmt.Sprintf("polling every %s", s.cfg.Poll)
	}
	fmt.Fprintf(s.log, "  watching site.toml, content/ and themes/ (%s); the site is kept in memory, public/ is not touched\n", how)
	fmt.Fprintln(s.log, "  press Ctrl+C to stop")
}

// result is a finished build.
type result struct {
	out   *build.Output
	err   error
	hints []string
	first time.Time // the first event of the build
	start time.Time
	took  time.Duration
}

// loop builds the site at once, then coalesces events into builds and publishes them, until
// ctx is done.
func (s *Server) loop(ctx context.Context, events <-chan string) {
	var (
		pending    = map[string]bool{} // paths not yet given to a build
		dirty      = true              // events since the running or held build started; the first build
		lastEvent  time.Time           // zero: the first build starts and is published at once
		firstEvent time.Time           // the first of the events pending
		// skipped: a good build was not published since the last publish, so the next one's
		// Changed and Removed are not what changed in what is served.
		skipped bool
		running bool
		held    *result // finished, waiting for the quiet period
		done    = make(chan result, 1)
		timer   = time.NewTimer(0)
	)
	defer timer.Stop()
	arm := func() {
		var next time.Duration = time.Hour
		since := time.Since(lastEvent)
		if dirty && !running {
			next = max(s.cfg.Settle-since, 0)
		} else if held != nil {
			next = max(s.cfg.Quiet-since, 0)
		}
		timer.Reset(next)
	}
	for {
		select {
		case <-ctx.Done():
			if running {
				<-done // the build gives up soon after ctx is done
			}
			return
		case p := <-events:
			if len(pending) == 0 {
				firstEvent = time.Now()
			}
			pending[p], dirty, lastEvent = true, true, time.Now()
			if held != nil && held.err == nil {
				skipped = true
			}
			held = nil // a newer change is coming: that build is stale
			arm()
		case r := <-done:
			running = false
			if !dirty && ctx.Err() == nil {
				held = &r
			} else if r.err == nil {
				skipped = true
			}
			arm()
		case <-timer.C:
			since := time.Since(lastEvent)
			switch {
			case dirty && !running && since >= s.cfg.Settle:
				hints := make([]string, 0, len(pending))
				for p := range pending {
					hints = append(hints, p)
				}
				sort.Strings(hints)
				clear(pending)
				dirty, running = false, true
				first := firstEvent
				go func() {
					start := time.Now()
					out, err := s.inc.BuildContext(ctx, hints)
					done <- result{out: out, err: err, hints: hints, first: first, start: start, took: time.Since(start)}
				}()
			case held != nil && !dirty && since >= s.cfg.Quiet:
				s.publish(ctx, *held, skipped)
				held, skipped = nil, false
			}
			arm()
		}
	}
}

// publish makes a finished build what is served, and tells the pages and the terminal.
// skipped says that a good build was not published since the last that was (see diff).
func (s *Server) publish(ctx context.Context, r result, skipped bool) {
	old := s.state.Load()
	now := time.Now().Format("15:04:05")
	// The terminal first, then the pages: whoever hears of a build can read it on the terminal.
	if r.err != nil {
		errs := errorLines(r.err)
		what := "the last good site is still served"
		if old.files == nil {
			what = "nothing to serve yet"
		}
		fmt.Fprintf(s.log, "%s build failed (%s); %s:\n  %s\n", now, trigger(r.hints), what, strings.Join(errs, "\n  "))
		s.state.Store(&state{version: old.version, files: old.files, errors: errs})
		s.broker.send(newEvent("builderror", status{Version: old.version, Errors: errs}))
		return
	}
	var changed []string
	var css bool
	if old.files == nil || skipped {
		changed, css = diff(old.files, r.out.Files)
	} else {
		changed, css = changes(r.out)
	}
	next := &state{version: old.version, files: r.out.Files, timing: timing{took: r.took,
		hold: time.Since(r.start.Add(r.took)), steps: r.out.Summary.Steps}}
	if !r.first.IsZero() {
		next.timing.wait = r.start.Sub(r.first)
	}
	if len(changed) > 0 || old.files == nil {
		next.version++
	}
	sum := r.out.Summary
	if old.files == nil {
		fmt.Fprintf(s.log, "%s built %d pages (%d files, %.1f MB) in %s\n", now, sum.Pages, sum.Files, float64(sum.Bytes)/1e6, r.took.Round(time.Millisecond))
	} else {
		fmt.Fprintf(s.log, "%s rebuilt in %s (%s): %d pages rendered, %d files changed\n", now, r.took.Round(time.Millisecond),
			trigger(r.hints), r.out.Rendered, len(changed))
	}
	if len(old.errors) > 0 {
		fmt.Fprintf(s.log, "%s errors fixed\n", now)
	}
	for _, w := range sum.Warnings {
		if old.files == nil || len(r.out.Inputs) > 0 {
			fmt.Fprintf(s.log, "  warning: %s\n", w)
		}
	}
	s.state.Store(next)
	switch {
	case next.version != old.version && css:
		s.broker.send(newEvent("css", struct {
			Version int      `json:"version"`
			Paths   []string `json:"paths"`
		}{next.version, changed}))
	case next.version != old.version:
		s.broker.send(newEvent("reload", status{Version: next.version}))
	case len(old.errors) > 0:
		s.broker.send(newEvent("fixed", status{Version: next.version}))
	}
	if old.files == nil && s.cfg.Open {
		s.wg.Go(func() { openBrowser(ctx, s.url, s.log) })
	}
}

// diff returns the URL paths of the files that differ between two versions of the site, and
// whether they are all stylesheets.
func diff(old, cur map[string][]byte) ([]string, bool) {
	var changed []string
	for p, data := range cur {
		if prev, ok := old[p]; !ok || !same(prev, data) {
			changed = append(changed, "/"+p)
		}
	}
	for p := range old {
		if _, ok := cur[p]; !ok {
			changed = append(changed, "/"+p)
		}
	}
	return sorted(changed)
}

// changes is diff of the served site and the build out that followed it: its Changed and
// Removed, which the builder compares with its last good build, the site served.
func changes(out *build.Output) ([]string, bool) {
	changed := make([]string, 0, len(out.Changed)+len(out.Removed))
	for _, p := range out.Changed {
		changed = append(changed, "/"+p)
	}
	for _, p := range out.Removed {
		changed = append(changed, "/"+p)
	}
	return sorted(changed)
}

// sorted sorts the changed paths and reports whether all of them (at least one) are stylesheets,
// which the browser can swap without a reload.
func sorted(changed []string) ([]string, bool) {
	sort.Strings(changed)
	css := len(changed) > 0
	for _, p := range changed {
		css = css && strings.HasSuffix(p, ".css")
	}
	return changed, css
}

// same compares two versions of a file: unchanged files share their bytes.
func same(a, b []byte) bool {
	if len(a) != len(b) {
		return false
	}
	return len(a) == 0 || &a[0] == &b[0] || string(a) == string(b)
}

// trigger names what a rebuild was for.
func trigger(hints []string) string {
	switch {
	case len(hints) == 0:
		return "start"
	case len(hints) <= 3:
		return strings.Join(hints, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(hints[:2], ", "), len(hints)-2)
}

// errorLines are a failed build's errors, one a line: file:line:col: message, privacy findings
// with their values masked (privacy.Error never holds a raw value).
func errorLines(err error) []string {
	var lines []string
	for _, l := range strings.Split(err.Error(), "\n") {
		if l = strings.TrimRight(l, " "); l != "" {
			lines = append(lines, l)
		}
	}
	var ae *sdc.AuditError
	var pe *privacy.Error
	switch {
	case errors.As(err, &ae):
		lines = append(lines, "the statistics audit failed: a hidden count could be recomputed")
	case errors.As(err, &pe):
		lines = append(lines, "personal data found (values masked): remove it from the sources, or set [privacy] mode = \"redact\"")
	}
	return lines
}

// openBrowser opens url in the desktop's browser; it is killed if still running at shutdown.
func openBrowser(ctx context.Context, url string, log io.Writer) {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.CommandContext(ctx, "open", url)
	case "windows":
		cmd = exec.CommandContext(ctx, "rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.CommandContext(ctx, "xdg-open", url)
	}
	if err := cmd.Run(); err != nil && ctx.Err() == nil {
		fmt.Fprintf(log, "--open: %v; open %s yourself\n", err, url)
	}
}

package serve

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
	"golang.org/x/tools/txtar"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// wait bounds every wait of these tests: generous, because the machine may be busy; a test
// that passes never waits that long.
const wait = 20 * time.Second

// newSite writes the small test site (generator/build/testdata/small.txtar, inputs only) and the
// repository's themes into a temporary folder.
func newSite(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	a, err := txtar.ParseFile(filepath.Join("..", "build", "testdata", "small.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range a.Files {
		if !strings.HasPrefix(f.Name, "want/") {
			writeFile(t, filepath.Join(dir, f.Name), string(f.Data))
		}
	}
	copyTree(t, filepath.Join("..", "..", "themes"), filepath.Join(dir, "themes"))
	return dir
}

func copyTree(t testing.TB, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return writeBytes(filepath.Join(to, rel), data)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func writeBytes(name string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	return os.WriteFile(name, data, 0o644)
}

func writeFile(t testing.TB, name, data string) {
	t.Helper()
	if err := writeBytes(name, []byte(data)); err != nil {
		t.Fatal(err)
	}
}

func readFile(t testing.TB, name string) string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// vimSave saves name the way vim does by default: a test file 4913 made and removed, the file
// renamed to a backup, the new text written to a new file, the backup removed.
func vimSave(t testing.TB, name, data string) {
	t.Helper()
	dir := filepath.Dir(name)
	probe := filepath.Join(dir, "4913")
	writeFile(t, probe, "")
	must(t, os.Remove(probe))
	must(t, os.Rename(name, name+"~"))
	writeFile(t, name, data)
	must(t, os.Chmod(name, 0o644))
	must(t, os.Remove(name+"~"))
}

// renameSave saves name by writing a temporary file and renaming it over (JetBrains, many tools).
func renameSave(t testing.TB, name, data string) {
	t.Helper()
	tmp := name + "___jb_tmp___"
	writeFile(t, tmp, data)
	must(t, os.Rename(tmp, name))
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// syncBuffer is a log that tests read while the server writes it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// running is a server started by start.
type running struct {
	s      *Server
	url    string
	log    *syncBuffer
	client *http.Client
	stop   func()
}

// start runs a server on a free loopback port until the test ends, and waits for its first
// build.
func start(t testing.TB, cfg Config) *running {
	t.Helper()
	return startWait(t, cfg, wait)
}

// startWait is start, waiting up to first for the first build.
func startWait(t testing.TB, cfg Config, first time.Duration) *running {
	t.Helper()
	log := &syncBuffer{}
	cfg.Addr, cfg.Log = "127.0.0.1:0", log
	urls := make(chan string, 1)
	cfg.Ready = func(u string) { urls <- u }
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	r := &running{s: s, log: log, client: &http.Client{Transport: &http.Transport{}, Timeout: wait}}
	var once sync.Once
	r.stop = func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("Run: %v", err)
				}
			case <-time.After(wait):
				t.Errorf("Run did not return after its context was cancelled")
			}
			r.client.CloseIdleConnections()
		})
	}
	t.Cleanup(r.stop)
	select {
	case r.url = <-urls:
	case err := <-done:
		t.Fatalf("Run: %v", err)
	case <-time.After(wait):
		t.Fatal("the server did not start")
	}
	deadline := time.Now().Add(first)
	for st := s.state.Load(); st.files == nil && len(st.errors) == 0; st = s.state.Load() {
		if time.Now().After(deadline) {
			t.Fatalf("no first build; log:\n%s", log)
		}
		time.Sleep(10 * time.Millisecond)
	}
	return r
}

// get fetches a path and returns the response and its body.
func (r *running) get(t testing.TB, p string) (*http.Response, string) {
	t.Helper()
	resp, err := r.client.Get(r.url + strings.TrimPrefix(p, "/"))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(body)
}

type sseEvent struct {
	name, data string
}

// events connects to the event stream; the channel closes when the stream ends. The hello event
// is read before it returns.
func (r *running) events(t testing.TB) <-chan sseEvent {
	t.Helper()
	req, _ := http.NewRequest("GET", r.url+strings.TrimPrefix(EventsPath, "/"), nil)
	client := &http.Client{Transport: r.client.Transport} // no timeout: the stream is long
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		t.Fatalf("event stream Content-Type %q", ct)
	}
	ch := make(chan sseEvent, 64)
	var wg sync.WaitGroup
	wg.Go(func() {
		defer close(ch)
		sc := bufio.NewScanner(resp.Body)
		var ev sseEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				ev.name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				ev.data = strings.TrimPrefix(line, "data: ")
			case line == "" && ev.name != "":
				ch <- ev
				ev = sseEvent{}
			}
		}
	})
	t.Cleanup(func() {
		resp.Body.Close()
		wg.Wait()
	})
	if ev := next(t, ch); ev.name != "hello" {
		t.Fatalf("first event %q, want hello", ev.name)
	}
	return ch
}

// next returns the next event.
func next(t testing.TB, ch <-chan sseEvent) sseEvent {
	t.Helper()
	select {
	case ev, ok := <-ch:
		if !ok {
			t.Fatal("the event stream ended")
		}
		return ev
	case <-time.After(wait):
		t.Fatal("no event")
	}
	return sseEvent{}
}

// until returns the next event called name, skipping others: a file written in place may be
// seen half-written by a build first, when the machine is slow enough to part the two writes.
func until(t testing.TB, ch <-chan sseEvent, name string) sseEvent {
	t.Helper()
	for {
		if ev := next(t, ch); ev.name == name {
			return ev
		}
	}
}

// quiet checks that no event comes for d.
func quiet(t testing.TB, ch <-chan sseEvent, d time.Duration) {
	t.Helper()
	select {
	case ev, ok := <-ch:
		if ok {
			t.Fatalf("unexpected event %s %s", ev.name, ev.data)
		}
	case <-time.After(d):
	}
}

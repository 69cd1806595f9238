package build

import (
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"
)

// progress shows a long build's stage on a terminal, rewriting one line four times a second:
// the stage, done/total, the rate and the time left. A nil *progress shows nothing.
type progress struct {
	w     io.Writer
	mu    sync.Mutex
	stage string
	total int64
	since time.Time
	done  atomic.Int64
	stop  chan struct{}
	wg    sync.WaitGroup
}

// newProgress returns a progress writing to w, or nil when w is nil.
func newProgress(w io.Writer) *progress {
	if w == nil {
		return nil
	}
	p := &progress{w: w, stop: make(chan struct{}), since: time.Now()}
	p.wg.Go(func() {
		t := time.NewTicker(250 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-p.stop:
				return
			case <-t.C:
				p.print()
			}
		}
	})
	return p
}

// Stage starts a stage of total items (0: not counted).
func (p *progress) Stage(name string, total int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	p.stage, p.total, p.since = name, int64(total), time.Now()
	p.done.Store(0)
	p.mu.Unlock()
}

// Add counts n items done in the current stage.
func (p *progress) Add(n int) {
	if p != nil {
		p.done.Add(int64(n))
	}
}

func (p *progress) print() {
	p.mu.Lock()
	stage, total, since := p.stage, p.total, p.since
	p.mu.Unlock()
	done := min(p.done.Load(), total)
	line := stage + " …"
	if total > 0 {
		took := time.Since(since).Seconds()
		line = fmt.Sprintf("%-8s %d/%d", stage, done, total)
		if done > 0 && took > 0 {
			rate := float64(done) / took
			left := float64(total-done) / rate
			line += fmt.Sprintf("  %.0f/s  %.0fs left", rate, left)
		}
	}
	fmt.Fprintf(p.w, "\r\x1b[K%s", line)
}

// Close stops the display and clears its line.
func (p *progress) Close() {
	if p == nil {
		return
	}
	close(p.stop)
	p.wg.Wait()
	fmt.Fprint(p.w, "\r\x1b[K")
}

// countWriter counts the files a render writes, for the progress.
type countWriter struct {
	p    *progress
	next interface {
		Write(name string, data []byte) error
	}
}

// Pages starts the render stage of the progress with the number of pages to render.
func (w countWriter) Pages(n int) { w.p.Stage("render", n) }

func (w countWriter) Write(name string, data []byte) error {
	err := w.next.Write(name, data)
	w.p.Add(1)
	return err
}

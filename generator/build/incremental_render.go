package build

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"

	"gongshi/generator/privacy"
	"gongshi/generator/render"
	"gongshi/generator/site"
)

// This file is the rendering step of incremental builds.

// render renders the pages whose fingerprint changed and every other file, passes each file
// whose bytes changed through the output gate as it is written (every file, when the last good
// build had another site.toml), and returns the whole site and the fingerprint of every page.
//
// The files of render.SiteExtras (the search index, the open data), which depend on the view
// model alone, are made while the pages are listed and fingerprinted. step times the parts: jobs,
// fingerprint, pages (the pages and every other file).
//
// A case page whose key (render.Deps.CaseKeys) and environment env are those of the last good
// build keeps its fingerprint; only the others are fingerprinted. It returns the keys too.
func (b *Incremental) render(ctx context.Context, s *site.Site, out *Output, guard *privacy.Guard, cfgSum uint64,
	siteExtras bool, env caseEnv, step func(string) error) (map[string][]byte, map[string]uint64, map[string]uint64, error) {
	var old map[string][]byte
	if b.last != nil {
		old = b.last.Files
	}
	w := &gatedWriter{old: old, guard: guard, files: map[string][]byte{}}
	var (
		wg               sync.WaitGroup
		pErr, xErr, sErr error
	)
	defer wg.Wait() // whatever fails, no goroutine outlives the build
	rw := &recorder{next: w}
	if siteExtras {
		wg.Go(func() { sErr = b.extras.SiteExtras(s, rw) })
	}
	jobs := render.Jobs(s, b.th)
	step("jobs")
	sums, keys, err := b.fingerprints(jobs, env, out)
	if err != nil {
		return nil, nil, nil, err
	}
	step("fingerprint")
	fps := make(map[string]uint64, len(jobs))
	files := make(map[string][]byte, len(old)+16)
	var dirty []render.Job
	for i, j := range jobs {
		fps[j.Path()] = sums[i]
		data, ok := old[j.Path()]
		if sums[i] == 0 || !ok || b.fps[j.Path()] != sums[i] {
			dirty = append(dirty, j)
			continue
		}
		files[j.Path()] = data
	}
	wg.Go(func() {
		// In parts, so that a build given up stops soon; the errors of all parts are reported
		// as render.Render reports them, sorted.
		var lines []string
		for lo := 0; lo < len(dirty); lo += 1024 {
			if pErr = ctx.Err(); pErr != nil {
				return
			}
			err := render.Pages(b.th, dirty[lo:min(lo+1024, len(dirty))], w)
			var pe *render.PageErrors
			if errors.As(err, &pe) {
				lines = append(lines, pe.List...)
			} else if err != nil {
				pErr = err
				return
			}
		}
		if len(lines) > 0 {
			sort.Strings(lines)
			pErr = &render.PageErrors{List: lines}
		}
	})
	wg.Go(func() { xErr = b.extras.ThemeExtras(s, b.th, jobs, w) })
	wg.Wait()
	step("pages")
	if pErr != nil {
		return nil, nil, nil, pErr
	}
	if xErr != nil {
		return nil, nil, nil, xErr
	}
	if sErr != nil {
		return nil, nil, nil, sErr
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, nil, err
	}
	for p, data := range w.files {
		files[p] = data
	}
	out.siteFiles = rw.names
	if !siteExtras {
		out.siteFiles = b.siteFiles // the same view model: the same files
		for _, p := range b.siteFiles {
			files[p] = old[p]
		}
	}
	if b.last == nil || b.gatedCfg != cfgSum {
		// Another site.toml may find what the last one did not: gate the files kept as well.
		var kept []string
		for p := range files {
			if _, ok := w.files[p]; !ok {
				kept = append(kept, p)
			}
		}
		w.gateAll(kept, files)
	}
	if len(w.findings) > 0 {
		privacy.SortFindings(w.findings)
		return nil, nil, nil, &privacy.Error{Findings: w.findings}
	}
	for p, data := range files {
		if prev, ok := old[p]; !ok || !sameBytes(prev, data) {
			out.Changed = append(out.Changed, p)
		}
	}
	for p := range old {
		if _, ok := files[p]; !ok {
			out.Removed = append(out.Removed, p)
		}
	}
	sort.Strings(out.Changed)
	sort.Strings(out.Removed)
	out.Rendered = len(dirty)
	for _, j := range dirty {
		out.RenderedPages = append(out.RenderedPages, j.Path())
	}
	sort.Strings(out.RenderedPages)
	return files, fps, keys, nil
}

// fingerprints returns the fingerprint of every job, and the key of every case page that has
// one: a case page whose key and environment are those of the last good build keeps its
// fingerprint, the others are fingerprinted (render.Deps.Fingerprints).
func (b *Incremental) fingerprints(jobs []render.Job, env caseEnv, out *Output) ([]uint64, map[string]uint64, error) {
	ks, err := b.deps.CaseKeys(jobs)
	if err != nil {
		return nil, nil, err
	}
	same := b.last != nil && env == b.caseEnv
	keys := map[string]uint64{}
	sums := make([]uint64, len(jobs))
	var todo []render.Job
	var at []int
	for i, j := range jobs {
		if ks[i] != 0 {
			keys[j.Path()] = ks[i]
			if fp := b.fps[j.Path()]; same && fp != 0 && b.caseKeys[j.Path()] == ks[i] {
				sums[i] = fp
				continue
			}
		}
		todo, at = append(todo, j), append(at, i)
	}
	fs, err := b.deps.Fingerprints(todo, b.salt)
	if err != nil {
		return nil, nil, err
	}
	for k, i := range at {
		sums[i] = fs[k]
	}
	out.Fingerprinted = len(todo)
	return sums, keys, nil
}

// recorder notes the names written through it.
type recorder struct {
	next  render.Writer
	mu    sync.Mutex
	names []string
}

func (r *recorder) Write(name string, data []byte) error {
	r.mu.Lock()
	r.names = append(r.names, name)
	r.mu.Unlock()
	return r.next.Write(name, data)
}

// gatedWriter collects the files written; a file whose bytes are those of the last good build
// keeps that build's slice, any other goes through the output gate.
type gatedWriter struct {
	old      map[string][]byte
	guard    *privacy.Guard
	mu       sync.Mutex
	files    map[string][]byte
	findings []privacy.Finding
}

func (w *gatedWriter) Write(name string, data []byte) error {
	if strings.Contains(name, "..") || strings.HasPrefix(name, "/") {
		return fmt.Errorf("publish: bad output path %q", name)
	}
	prev, ok := w.old[name]
	same := ok && bytes.Equal(prev, data)
	var found []privacy.Finding
	if same {
		data = prev
	} else {
		found = w.guard.Gate(name, data)
	}
	w.mu.Lock()
	w.files[name] = data
	w.findings = append(w.findings, found...)
	w.mu.Unlock()
	return nil
}

// gateAll gates the files names of files on all cores.
func (w *gatedWriter) gateAll(names []string, files map[string][]byte) {
	next := make(chan string)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), max(len(names), 1)) {
		wg.Go(func() {
			for p := range next {
				if found := w.guard.Gate(p, files[p]); len(found) > 0 {
					w.mu.Lock()
					w.findings = append(w.findings, found...)
					w.mu.Unlock()
				}
			}
		})
	}
	for _, p := range names {
		next <- p
	}
	close(next)
	wg.Wait()
}

// sameBytes reports whether a and b are the same slice (cheap: unchanged files share bytes).
func sameBytes(a, b []byte) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0] || bytes.Equal(a, b))
}

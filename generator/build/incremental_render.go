package build

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
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
// build had another site.toml), and returns the whole site and what the next build keeps of its
// pages.
//
// When siteExtras, s is a new view model: its open data is prepared (render.Cache.PrepareData,
// as Run does before any page: the pages cite its version) while the pages are listed, and the
// files of render.SiteExtras (the search index, the open data), which depend on the view model
// alone, are made while the pages are listed, fingerprinted and rendered. step times the parts:
// jobs (and the open data), fingerprint, pages (the pages and every other file).
//
// A case page whose key (render.Deps.CaseKeys) and environment env are those of the last good
// build keeps its fingerprint; only the others are fingerprinted.
//
// The site is the last good build's files, with those written now in place of theirs and those
// no longer made left out: so the pages kept are not looked up one by one, and only the files
// written and the files that could be gone (the last build's files that are not pages, and its
// pages no longer listed) are compared with the last build's.
func (b *Incremental) render(ctx context.Context, s *site.Site, out *Output, guard *privacy.Guard, cfgSum uint64,
	siteExtras bool, env caseEnv, step func(string) error) (map[string][]byte, *lastPages, error) {
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
	var prepErr, dErr error
	prepared := make(chan struct{})
	if siteExtras {
		// render.Jobs and the search index read nothing PrepareData writes; the open data is
		// written once it is prepared.
		wg.Go(func() {
			prepErr = b.extras.PrepareData(s)
			close(prepared)
			if prepErr == nil {
				dErr = b.extras.SiteData(s, rw)
			}
		})
		wg.Go(func() { sErr = b.extras.SiteSearch(s, rw) })
	} else {
		close(prepared)
	}
	jobs := render.Jobs(s, b.th)
	// The feeds, calendars and sitemaps need the list of pages and nothing else of this build:
	// made beside the fingerprints and pages, they are not what is left to wait for.
	tw := &recorder{next: w}
	wg.Go(func() { xErr = b.extras.ThemeExtras(s, b.th, jobs, tw) })
	<-prepared
	if prepErr != nil {
		return nil, nil, prepErr
	}
	step("jobs")
	prev, same := b.pages.index(jobs)
	sums, keys, err := b.fingerprints(jobs, prev, env, out)
	if err != nil {
		return nil, nil, err
	}
	step("fingerprint")
	pages := &lastPages{paths: make([]string, len(jobs)), fps: sums, keys: keys}
	var dirty []render.Job
	for i, j := range jobs {
		pages.paths[i] = j.Path()
		if k := prev[i]; sums[i] == 0 || k < 0 || b.pages.fps[k] != sums[i] {
			dirty = append(dirty, j)
		}
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
	wg.Wait()
	step("pages")
	if pErr != nil {
		return nil, nil, pErr
	}
	if xErr != nil {
		return nil, nil, xErr
	}
	if dErr != nil {
		return nil, nil, dErr
	}
	if sErr != nil {
		return nil, nil, sErr
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	out.siteFiles = rw.names
	keptSite := map[string]bool{} // the files of SiteExtras kept from the last build
	if !siteExtras {
		out.siteFiles = b.siteFiles // the same view model: the same files
		for _, p := range b.siteFiles {
			keptSite[p] = true
		}
	}
	pages.other = append(append(pages.other, out.siteFiles...), tw.names...)

	// The last build's files, but for those written now and those gone.
	var files map[string][]byte
	if old == nil {
		files = make(map[string][]byte, len(w.files))
	} else {
		files = maps.Clone(old)
	}
	for p, data := range w.files {
		files[p] = data
	}
	var listed map[string]bool // the pages now, when they are not the last build's
	var gone []string          // the files of the last build that may be gone
	if b.pages != nil {
		gone = b.pages.other
		if !same {
			listed = make(map[string]bool, len(jobs))
			for _, p := range pages.paths {
				listed[p] = true
			}
			gone = append([]string(nil), gone...)
			for _, p := range b.pages.paths {
				if !listed[p] {
					gone = append(gone, p)
				}
			}
		}
	}
	for _, p := range gone {
		if _, ok := w.files[p]; !ok && !keptSite[p] && !listed[p] {
			if _, ok := files[p]; ok {
				delete(files, p)
				out.Removed = append(out.Removed, p)
			}
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
		return nil, nil, &privacy.Error{Findings: w.findings}
	}
	// Every file not written now has the bytes of the last build.
	for p, data := range w.files {
		if prev, ok := old[p]; !ok || !sameBytes(prev, data) {
			out.Changed = append(out.Changed, p)
		}
	}
	sort.Strings(out.Changed)
	sort.Strings(out.Removed)
	out.Rendered = len(dirty)
	for _, j := range dirty {
		out.RenderedPages = append(out.RenderedPages, j.Path())
	}
	sort.Strings(out.RenderedPages)
	return files, pages, nil
}

// lastPages is what a good build keeps of its pages for the next: each page's path, fingerprint
// and key in the order of render.Jobs, and the files that are not pages.
type lastPages struct {
	paths []string
	fps   []uint64       // render.Deps.Fingerprints; 0: none
	keys  []uint64       // render.Deps.CaseKeys; 0: none
	other []string       // the files written by render.SiteExtras and ThemeExtras
	at    map[string]int // paths → index, made when a build lists other pages
}

// index returns, for each job, the index of its page among l's, or -1 when l has no page of its
// path, and whether jobs list l's pages in l's order (then the index of each is its own). A nil l
// has no pages.
func (l *lastPages) index(jobs []render.Job) ([]int, bool) {
	idx := make([]int, len(jobs))
	if l == nil {
		for i := range idx {
			idx[i] = -1
		}
		return idx, false
	}
	same := len(jobs) == len(l.paths)
	for i, j := range jobs {
		if !same || j.Path() != l.paths[i] {
			same = false
			break
		}
		idx[i] = i
	}
	if same {
		return idx, true
	}
	if l.at == nil {
		l.at = make(map[string]int, len(l.paths))
		for k, p := range l.paths {
			l.at[p] = k
		}
	}
	for i, j := range jobs {
		k, ok := l.at[j.Path()]
		if !ok {
			k = -1
		}
		idx[i] = k
	}
	return idx, false
}

// fingerprints returns the fingerprint of every job, and the key of every case page that has
// one (else 0): a case page whose key and environment are those of its page in the last good
// build (prev, from lastPages.index) keeps its fingerprint, the others are fingerprinted
// (render.Deps.Fingerprints).
func (b *Incremental) fingerprints(jobs []render.Job, prev []int, env caseEnv, out *Output) ([]uint64, []uint64, error) {
	keys, err := b.deps.CaseKeys(jobs)
	if err != nil {
		return nil, nil, err
	}
	same := b.pages != nil && env == b.caseEnv
	sums := make([]uint64, len(jobs))
	var todo []render.Job
	var at []int
	for i, j := range jobs {
		if k := prev[i]; same && keys[i] != 0 && k >= 0 && b.pages.fps[k] != 0 && b.pages.keys[k] == keys[i] {
			sums[i] = b.pages.fps[k]
			continue
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

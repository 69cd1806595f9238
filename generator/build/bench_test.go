package build

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"gongshi/generator/cases"
	"gongshi/generator/config"
	"gongshi/generator/demo"
	"gongshi/generator/meetings"
	"gongshi/generator/privacy"
	"gongshi/generator/publish"
	"gongshi/generator/render"
)

// demoSite returns the site root of a demo with n cases: the committed one for 12,000, else a
// generated one with the repository's themes.
func demoSite(b testing.TB, n int) string {
	b.Helper()
	if n == demo.DefaultCases {
		return filepath.Join("..", "..")
	}
	dir := b.TempDir()
	if err := demo.Write(dir, demo.Options{Cases: n, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	if err := os.CopyFS(filepath.Join(dir, "themes"), os.DirFS(filepath.Join("..", "..", "themes"))); err != nil {
		b.Fatal(err)
	}
	return dir
}

func benchBuild(b *testing.B, n int) {
	site := demoSite(b, n)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		out := filepath.Join(b.TempDir(), "public")
		sum, err := Run(Options{Site: os.DirFS(site), Out: out, Today: time.Now()})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(sum.Pages), "pages")
	}
}

// benchGuard measures the privacy guard alone on a demo of n cases: the input gate on every
// record and content file, and the output gate on every file a build writes. Compare it with
// benchBuild of the same n for the guard's share of a build (issue 4: at most 20% at 12,000
// cases, 25% at 100,000).
func benchGuard(b *testing.B, n int) {
	site := demoSite(b, n)
	fsys := os.DirFS(site)
	out := filepath.Join(b.TempDir(), "public")
	if _, err := Run(Options{Site: fsys, Out: out, Today: time.Now()}); err != nil {
		b.Fatal(err)
	}
	files := map[string][]byte{}
	filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(out, p)
			files[filepath.ToSlash(rel)], _ = os.ReadFile(p)
		}
		return err
	})
	cfg, err := config.Load(fsys)
	if err != nil {
		b.Fatal(err)
	}
	recs, _, errs := cases.Load(fsys, cases.Dir, cfg)
	set, merrs := meetings.Load(fsys, cfg)
	if len(errs) > 0 || len(merrs) > 0 {
		b.Fatal(errs, merrs)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		g, err := privacy.NewGuard(cfg.Privacy)
		if err != nil {
			b.Fatal(err)
		}
		privacy.Cases(g, recs, cfg.Privacy.KAnonymity, privacy.IDs("export", nil))
		privacy.Content(g, set, time.Now())
		for name, data := range files {
			if fs := g.Gate(name, data); len(fs) > 0 {
				b.Fatalf("%s: %v", name, fs[0])
			}
		}
	}
}

func BenchmarkBuild12k(b *testing.B)  { benchBuild(b, demo.DefaultCases) }
func BenchmarkGuard12k(b *testing.B)  { benchGuard(b, demo.DefaultCases) }
func BenchmarkBuild100k(b *testing.B) { benchBuild(b, 100_000) }
func BenchmarkGuard100k(b *testing.B) { benchGuard(b, 100_000) }

// benchStages measures the stages after assembly on a demo of n cases, each on its own:
// rendering every page and extra file (to nowhere) and writing them into a fresh output
// directory. benchGuard is the privacy guard's stage, benchBuild the whole.
func benchStages(b *testing.B, n int) {
	o := Options{Site: os.DirFS(demoSite(b, n)), Today: time.Now()}
	m, err := prepare(&o, &Summary{Held: map[string]int{}}, func(string) {})
	if err != nil {
		b.Fatal(err)
	}
	if err := render.PrepareData(m.site); err != nil {
		b.Fatal(err)
	}
	mem := &memWriter{files: map[string][]byte{}}
	pages, err := render.Render(m.site, m.theme, mem)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("render", func(b *testing.B) {
		for b.Loop() {
			if _, err := render.Render(m.site, m.theme, discard{}); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(pages), "pages")
	})
	b.Run("write", func(b *testing.B) {
		for b.Loop() {
			out, err := publish.New(filepath.Join(b.TempDir(), "public"))
			if err != nil {
				b.Fatal(err)
			}
			for name, data := range mem.files {
				if err := out.Write(name, data); err != nil {
					b.Fatal(err)
				}
			}
			if err := out.Commit(); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(mem.files)), "files")
	})
}

// memWriter keeps the files of a render in memory.
type memWriter struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (w *memWriter) Write(name string, data []byte) error {
	w.mu.Lock()
	w.files[name] = data
	w.mu.Unlock()
	return nil
}

func BenchmarkStages12k(b *testing.B) { benchStages(b, demo.DefaultCases) }

// BenchmarkCasePage renders the demo's case pages one after another on one core: the template
// cost of the page the site has most of.
func BenchmarkCasePage(b *testing.B) { benchPages(b, "case.html") }

// BenchmarkFacetPage renders the demo's pages of the communities' and categories' lists (20
// cases a page) one after another on one core: the page the site has most of after case pages.
func BenchmarkFacetPage(b *testing.B) { benchPages(b, "facet.html") }

// benchPages renders the demo's pages of the page template tmpl, in turn, on one core.
func benchPages(b *testing.B, tmpl string) {
	o := Options{Site: os.DirFS(demoSite(b, demo.DefaultCases)), Today: time.Now()}
	m, err := prepare(&o, &Summary{Held: map[string]int{}}, func(string) {})
	if err != nil {
		b.Fatal(err)
	}
	if err := render.PrepareData(m.site); err != nil {
		b.Fatal(err)
	}
	var pages []render.Job
	for _, j := range render.Jobs(m.site, m.theme) {
		if j.Template() == tmpl {
			pages = append(pages, j)
		}
	}
	if len(pages) == 0 {
		b.Fatalf("the demo has no %s page", tmpl)
	}
	i := 0
	for b.Loop() {
		if _, err := render.Execute(m.theme, pages[i%len(pages)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// benchIncrementalMeeting edits the title of one meeting of a demo of n cases (the site in
// $GONGSHI_BENCH_SITE when set) and times each incremental rebuild, in memory and without the
// dev server's quiet period: the work a save costs. The first build is not timed.
func benchIncrementalMeeting(b *testing.B, n int) {
	root := os.Getenv("GONGSHI_BENCH_SITE")
	if root == "" {
		root = demoSite(b, n)
	}
	m := fstest.MapFS{}
	for _, r := range Roots {
		err := fs.WalkDir(os.DirFS(root), r, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := fs.ReadFile(os.DirFS(root), p)
			m[p] = &fstest.MapFile{Data: data, Mode: 0o644}
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	var files []string
	for p := range m {
		if strings.HasPrefix(p, meetings.MeetingsDir+"/") && strings.HasSuffix(p, ".md") {
			files = append(files, p)
		}
	}
	if len(files) == 0 {
		b.Skip("no meetings")
	}
	sort.Strings(files)
	name := files[len(files)/2]
	orig := string(m[name].Data)
	inc := NewIncremental(IncrementalOptions{Site: m, CaseIDKey: func() ([]byte, error) { return []byte("bench"), nil }})
	if _, err := inc.Build(nil); err != nil {
		b.Fatal(err)
	}
	var took []time.Duration
	i := 0
	for b.Loop() {
		i++
		m[name] = &fstest.MapFile{Data: []byte(strings.Replace(orig, "title", fmt.Sprintf("title = \"改 %d\"\n# was", i), 1)), Mode: 0o644}
		start := time.Now()
		var out *Output
		var err error
		// Labelled, so that a profile can be read for the rebuilds alone (-tagfocus rebuild).
		pprof.Do(context.Background(), pprof.Labels("rebuild", "meeting"), func(context.Context) {
			out, err = inc.Build([]string{name})
		})
		if err != nil {
			b.Fatal(err)
		}
		took = append(took, time.Since(start))
		if len(out.Changed) == 0 {
			b.Fatal("an edit changed no file")
		}
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "ms-median")
}

func BenchmarkIncrementalMeeting12k(b *testing.B) { benchIncrementalMeeting(b, demo.DefaultCases) }

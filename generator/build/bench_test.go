package build

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"gongshi/generator/cases"
	"gongshi/generator/config"
	"gongshi/generator/demo"
	"gongshi/generator/meetings"
	"gongshi/generator/privacy"
)

// demoSite returns the site root of a demo with n cases: the committed one for 12,000, else a
// generated one with the repository's themes.
func demoSite(b *testing.B, n int) string {
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

package opendata_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gongshi/generator/cases"
	"gongshi/generator/config"
	"gongshi/generator/demo"
	"gongshi/generator/meetings"
	"gongshi/generator/opendata"
	"gongshi/generator/privacy"
	"gongshi/generator/site"
	"gongshi/generator/stats"
)

// demoSite returns the view model of the demo with n cases (the committed demo for 12,000,
// else a generated one), assembled as a build does, with the options its site.toml gives.
func demoSite(tb testing.TB, n int) (*site.Site, opendata.Options, *privacy.Guard) {
	tb.Helper()
	root := filepath.Join("..", "..")
	if n != demo.DefaultCases {
		root = tb.TempDir()
		if err := demo.Write(root, demo.Options{Cases: n, Seed: 1}); err != nil {
			tb.Fatal(err)
		}
	}
	fsys := os.DirFS(root)
	cfg, err := config.Load(fsys)
	if err != nil {
		tb.Skipf("no demo site: %v", err)
	}
	recs, _, errs := cases.Load(fsys, cases.Dir, cfg)
	set, merrs := meetings.Load(fsys, cfg)
	if len(errs) > 0 || len(merrs) > 0 {
		tb.Fatal(errs, merrs)
	}
	guard, err := privacy.NewGuard(cfg.Privacy)
	if err != nil {
		tb.Fatal(err)
	}
	d := cfg.Build.Date
	now := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, config.Location())
	pub := privacy.Cases(guard, recs, cfg.Privacy.KAnonymity, privacy.IDs(cfg.Privacy.CaseIDs, []byte("test key")))
	halls, ms, pages := privacy.Content(guard, set, now)
	st, err := stats.Compute(pub, ms, cfg, now)
	if err != nil {
		tb.Fatal(err)
	}
	s := site.Assemble(site.Input{Config: cfg, Now: now, Cases: pub, Halls: halls, Meetings: ms, Pages: pages, Stats: st})
	o := opendata.Options{Licence: opendata.Licence{Name: "CC-BY-4.0", Path: "https://creativecommons.org/licenses/by/4.0/"},
		K: cfg.Privacy.K, Weight: cfg.Stats.BasicallySatisfiedWeight}
	return s, o, guard
}

// TestDemo builds the data of the committed demo: every file validates against the package,
// passes the privacy guard's output gate, and every hidden figure of the site is suppressed in
// stats.json and × in its table.
func TestDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the demo")
	}
	s, o, guard := demoSite(t, demo.DefaultCases)
	set, err := opendata.Build(s, o)
	if err != nil {
		t.Fatal(err)
	}
	fsys := dataFS(set)
	if err := opendata.Validate(fsys); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	for _, f := range set.Files {
		if fs := guard.Gate(f.Path, f.Data); len(fs) > 0 {
			t.Errorf("%s: the output gate finds %v", f.Path, fs[0])
		}
	}
	t.Logf("the output gate reads the data files in %v", time.Since(start).Round(time.Millisecond))
	var figs []opendata.Figure
	if err := json.Unmarshal(fsys["stats.json"].Data, &figs); err != nil {
		t.Fatal(err)
	}
	byID := map[string]opendata.Figure{}
	for _, f := range figs {
		byID[f.ID] = f
	}
	hidden, suppressed := 0, 0
	for _, f := range figs {
		if f.Suppressed {
			suppressed++
		}
	}
	csv := string(fsys["tables/community.csv"].Data)
	for _, r := range s.Stats.ByCommunity {
		f := byID["community."+r.Key+".received"]
		if r.Figures.Received.Hidden != f.Suppressed || (f.Value == nil) != r.Figures.Received.Hidden {
			t.Errorf("%s: site hidden %v, stats.json %+v", f.ID, r.Figures.Received.Hidden, f)
		}
		if r.Figures.Resolution.Hidden {
			hidden++
			if g := byID["community."+r.Key+".resolution_rate"]; !g.Suppressed || g.Numerator != nil || g.Denominator != nil {
				t.Errorf("%s: hidden on the site, published as %+v", g.ID, g)
			}
		}
		if r.Figures.Received.Hidden && !strings.Contains(csv, "\n"+r.Key+",") {
			t.Errorf("community.csv has no row %s", r.Key)
		}
	}
	if len(s.Cases) == 0 || len(figs) < 500 {
		t.Errorf("%d cases, %d figures: the demo is not what it was", len(s.Cases), len(figs))
	}
	t.Logf("%d files, %d cases, %d figures (%d suppressed), %d hidden community resolution rates, version %s",
		len(set.Files), len(s.Cases), len(figs), suppressed, hidden, set.Version)
}

func benchmarkBuild(b *testing.B, n int) {
	s, o, _ := demoSite(b, n)
	b.ReportAllocs()
	b.ResetTimer()
	var size int
	for i := 0; i < b.N; i++ {
		set, err := opendata.Build(s, o)
		if err != nil {
			b.Fatal(err)
		}
		size = 0
		for _, f := range set.Files {
			size += len(f.Data)
		}
	}
	b.ReportMetric(float64(len(s.Cases)), "cases")
	b.ReportMetric(float64(size)/1e6, "MB")
}

func BenchmarkBuild12k(b *testing.B)  { benchmarkBuild(b, demo.DefaultCases) }
func BenchmarkBuild100k(b *testing.B) { benchmarkBuild(b, 100_000) }

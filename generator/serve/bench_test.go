package serve

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"gongshi/generator/build"
	"gongshi/generator/privacy"
)

// The reload benchmarks measure what a person waits for: from the save of a file to the reload
// event on a page's event stream. They run on a copy of the committed demo (site.toml,
// content/, themes/ at the repository root), or of the site in $GONGSHI_BENCH_SITE, for
// example a 100,000-case site:
//
//	go run ./generator demo --cases 100000 --out /tmp/s100k && cp -r themes /tmp/s100k/
//	GONGSHI_BENCH_SITE=/tmp/s100k go test -run '^$' -bench Reload -benchtime 5x ./generator/serve
//
// Each reports the median and the 90th percentile in ms, of at least minEdits meeting edits
// however small -benchtime; the first build is not timed. ns/op means little here (the edits after
// b.Loop are not in it): read ms-median and, on a busy machine, ms-median/…-cpu. With
// $GONGSHI_RELOAD_PROFILE set to a file name, a CPU profile of the timed edits alone (not of the
// first build) is written there; with $GONGSHI_RELOAD_HEAP set, the heap in use after each edit
// (after a collection, which the timings then include) is logged.

// benchKey is the key of hashed case ids for the benchmarks: $GONGSHI_CASE_ID_KEY, else a
// fixed one (the site is a copy, published nowhere).
func benchKey() ([]byte, error) {
	if k := os.Getenv(privacy.KeyEnv); k != "" {
		return []byte(k), nil
	}
	return []byte("gongshi serve benchmark"), nil
}

// benchSite copies a site's inputs into a temporary folder.
func benchSite(b *testing.B) string {
	b.Helper()
	src := os.Getenv("GONGSHI_BENCH_SITE")
	if src == "" {
		src = filepath.Join("..", "..")
	}
	dir := b.TempDir()
	for _, r := range build.Roots {
		info, err := os.Stat(filepath.Join(src, r))
		if err != nil {
			b.Skipf("no %s in %s: %v", r, src, err)
		}
		if info.IsDir() {
			copyTree(b, filepath.Join(src, r), filepath.Join(dir, r))
		} else {
			data, err := os.ReadFile(filepath.Join(src, r))
			must(b, err)
			must(b, writeBytes(filepath.Join(dir, r), data))
		}
	}
	return dir
}

// minEdits is the fewest meeting edits BenchmarkReloadMeeting times: its figures are the median
// and the 90th percentile of at least this many, whatever -benchtime says.
const minEdits = 20

// reloads saves a file once per iteration of b.Loop, and then until least saves are timed,
// each with change(i) of its first text, the way vim does, and returns how long each took from
// the save to the reload event, and the CPU time the process spent meanwhile (on a busy
// machine, the better measure of the work).
func reloads(b *testing.B, r *running, name string, least int, change func(text string, i int) string) (took, cpu []time.Duration, steps []timing) {
	b.Helper()
	ch := r.events(b)
	orig := readFile(b, name)
	defer os.WriteFile(name, []byte(orig), 0o644)
	edit := func(i int) {
		text := change(orig, i)
		start, c0 := time.Now(), cpuTime()
		vimSave(b, name, text)
		for {
			ev := next(b, ch)
			if ev.name == "reload" {
				break
			}
			if ev.name == "builderror" {
				b.Fatalf("build failed: %s", ev.data)
			}
		}
		took = append(took, time.Since(start))
		cpu = append(cpu, cpuTime()-c0)
		steps = append(steps, r.s.state.Load().timing)
		quiet(b, ch, 50*time.Millisecond)
		if os.Getenv("GONGSHI_RELOAD_HEAP") != "" {
			// What the server holds between edits: it must not grow from edit to edit.
			runtime.GC()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			b.Logf("edit %d: %d MB in use after a collection", len(took), ms.HeapAlloc>>20)
		}
	}
	if prof := os.Getenv("GONGSHI_RELOAD_PROFILE"); prof != "" {
		// A CPU profile of the edits alone, without the first build.
		f, err := os.Create(prof)
		must(b, err)
		must(b, pprof.StartCPUProfile(f))
		defer func() { pprof.StopCPUProfile(); f.Close() }()
	}
	for b.Loop() {
		edit(len(took))
	}
	for len(took) < least {
		edit(len(took))
	}
	return took, cpu, steps
}

// breakdown logs the median of each part of the reloads: the settle period before the build,
// each step of the build (build.Summary.Steps), the build, and the rest of the quiet period.
func breakdown(b *testing.B, ts []timing) {
	parts := map[string][]time.Duration{}
	var order []string
	add := func(name string, d time.Duration) {
		if _, ok := parts[name]; !ok {
			order = append(order, name)
		}
		parts[name] = append(parts[name], d)
	}
	for _, t := range ts {
		add("settle", t.wait)
		for _, st := range t.steps {
			add("  "+st.Name, st.Took)
		}
		add("build", t.took)
		add("hold", t.hold)
	}
	var lines []string
	for _, name := range order {
		d := parts[name]
		sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
		lines = append(lines, fmt.Sprintf("%-14s %6.1f ms", name, float64(d[len(d)/2].Microseconds())/1000))
	}
	b.Logf("medians of %d reloads:\n%s", len(ts), strings.Join(lines, "\n"))
}

// cpuTime is the CPU time of the process, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func report(b *testing.B, unit string, took []time.Duration) {
	sort.Slice(took, func(i, j int) bool { return took[i] < took[j] })
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(took[len(took)/2]), "ms-median/"+unit)
	b.ReportMetric(ms(took[min(len(took)-1, len(took)*9/10)]), "ms-p90/"+unit)
	b.Logf("%s: median %v, min %v, max %v over %d", unit, took[len(took)/2].Round(time.Millisecond),
		took[0].Round(time.Millisecond), took[len(took)-1].Round(time.Millisecond), len(took))
}

// BenchmarkReloadMeeting edits the title of one meeting (at least minEdits times).
func BenchmarkReloadMeeting(b *testing.B) {
	dir := benchSite(b)
	r := startWait(b, Config{Site: dir, CaseIDKey: benchKey}, 15*time.Minute)
	files, _ := filepath.Glob(filepath.Join(dir, "content", "meetings", "*", "*.md"))
	if len(files) == 0 {
		b.Skip("no meetings")
	}
	sort.Strings(files)
	name := files[len(files)/2]
	took, cpu, steps := reloads(b, r, name, minEdits, func(text string, i int) string {
		return strings.Replace(text, "title", fmt.Sprintf("title = \"改 %d\"\n# was", i), 1)
	})
	report(b, "edit", took)
	report(b, "edit-cpu", cpu)
	breakdown(b, steps)
}

// BenchmarkReloadSiteToml changes site.toml, which rebuilds everything, and compares with the
// time of a full build (build.Run) of the same site.
func BenchmarkReloadSiteToml(b *testing.B) {
	dir := benchSite(b)
	r := startWait(b, Config{Site: dir, CaseIDKey: benchKey}, 15*time.Minute)
	// Each edit rebuilds everything: -benchtime says how many.
	took, cpu, steps := reloads(b, r, filepath.Join(dir, "site.toml"), 1, func(text string, i int) string {
		return strings.Replace(text, "description", fmt.Sprintf("description = \"改 %d\"\n# was", i), 1)
	})
	report(b, "site.toml", took)
	report(b, "site.toml-cpu", cpu)
	breakdown(b, steps)
	var full []time.Duration
	for range 3 {
		start := time.Now()
		key, _ := benchKey()
		o := build.Options{Site: os.DirFS(dir), Out: filepath.Join(b.TempDir(), "public"), Today: time.Now(), CaseIDKey: key}
		if _, err := build.Run(o); err != nil {
			b.Fatal(err)
		}
		full = append(full, time.Since(start))
	}
	report(b, "build", full)
}

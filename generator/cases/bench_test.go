package cases

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"gongshi/generator/config"
	"gongshi/generator/demo"
)

// Benchmarks of Load per format, on demo cases (GONGSHI_BENCH_CASES of them, default 20000)
// converted to each format. They report rows/s. For the figures of the issue run, on one core:
//
//	go run ./generator demo --cases 1000000 --out /tmp/big
//	GONGSHI_BIG=/tmp/big GOMAXPROCS=1 go test -run XXX -bench 'Million' -benchtime 1x ./generator/cases/
//	GOMAXPROCS=1 GONGSHI_BENCH_CASES=100000 go test -run XXX -bench 'Load/xlsx' -benchtime 3x ./generator/cases/
func BenchmarkLoad(b *testing.B) {
	n := 20000
	if s := os.Getenv("GONGSHI_BENCH_CASES"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	dir := b.TempDir()
	if err := demo.Write(dir, demo.Options{Cases: n}); err != nil {
		b.Fatal(err)
	}
	siteText, err := os.ReadFile(filepath.Join(dir, "site.toml"))
	if err != nil {
		b.Fatal(err)
	}
	cfg, err := config.Parse("site.toml", string(siteText))
	if err != nil {
		b.Fatal(err)
	}
	csvs := map[string][]byte{}
	names, _ := filepath.Glob(filepath.Join(dir, Dir, "*.csv"))
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			b.Fatal(err)
		}
		csvs[strings.TrimSuffix(filepath.Base(name), ".csv")] = data
	}
	for _, c := range []struct {
		name, ext string
		convert   func(testing.TB, []byte) []byte
	}{
		{"csv", ".csv", func(_ testing.TB, d []byte) []byte { return d }},
		{"csv-gb18030", ".csv", toGB18030},
		{"tsv", ".tsv", toTSV},
		{"jsonl", ".jsonl", toJSONL},
		{"xlsx", ".xlsx", toXLSX},
	} {
		fsys := fstest.MapFS{}
		size := 0
		for base, data := range csvs {
			conv := c.convert(b, data)
			size += len(conv)
			fsys[Dir+"/"+base+c.ext] = &fstest.MapFile{Data: conv}
		}
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(size))
			rows := 0
			for b.Loop() {
				recs, rep, errs := Load(fsys, Dir, cfg)
				if len(errs) > 0 || len(recs) != n {
					b.Fatalf("%d records of %d, errors:\n%s", len(recs), n, errLines(errs[:min(5, len(errs))]))
				}
				rows += rep.Rows
			}
			b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

// BenchmarkLoadMillion loads the site in GONGSHI_BIG (a demo site, see BenchmarkLoad) from
// disk and reports rows/s and the process's peak resident memory in MB.
func BenchmarkLoadMillion(b *testing.B) {
	dir := os.Getenv("GONGSHI_BIG")
	if dir == "" {
		b.Skip("set GONGSHI_BIG to a demo site: go run ./generator demo --cases 1000000 --out DIR")
	}
	site := os.DirFS(dir)
	cfg, err := config.Load(site)
	if err != nil {
		b.Fatal(err)
	}
	rows := 0
	var took time.Duration
	for b.Loop() {
		start := time.Now()
		recs, rep, errs := Load(site, Dir, cfg)
		took += time.Since(start)
		if len(errs) > 0 {
			b.Fatalf("errors:\n%s", errLines(errs[:min(5, len(errs))]))
		}
		rows += rep.Rows
		runtime.KeepAlive(recs)
	}
	b.ReportMetric(float64(rows)/took.Seconds(), "rows/s")
	if mb := peakRSS(); mb > 0 {
		b.ReportMetric(mb, "peak-MB")
	}
}

// peakRSS returns the process's peak resident memory in MB (Linux), or 0.
func peakRSS() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range bytes.Split(data, []byte("\n")) {
		if f := strings.Fields(string(line)); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}

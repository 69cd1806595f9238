package search

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gongshi/generator/config"
	"gongshi/generator/demo"
)

// demoInput returns the resolved cases of a demo site of n cases as documents, built the way
// render.SearchInput builds them: the committed demo at the repository root for 12,000 cases,
// else one generated with `go run ./generator demo --cases n`'s generator. Meetings, halls and
// pages (under 1% of the documents) are left out; the privacy guard's holds are not applied, so
// a few more cases are indexed than a build publishes.
func demoInput(tb testing.TB, n int) Input {
	tb.Helper()
	root := filepath.Join("..", "..")
	if n != demo.DefaultCases {
		root = tb.TempDir()
		if err := demo.Write(root, demo.Options{Cases: n, Seed: 1}); err != nil {
			tb.Fatal(err)
		}
	}
	cfg, err := config.Load(os.DirFS(root))
	if err != nil {
		tb.Fatal(err)
	}
	var in Input
	comms := map[string]string{}
	for _, c := range cfg.Communities {
		in.Communities = append(in.Communities, Facet{c.Slug, c.Name})
		comms[c.Name] = c.Slug
	}
	cats := map[string]string{}
	for _, c := range cfg.Categories {
		in.Categories = append(in.Categories, Facet{c.Slug, c.Name})
		cats[c.Name] = c.Slug
	}
	files, _ := filepath.Glob(filepath.Join(root, "content", "cases", "*.csv"))
	for _, file := range files {
		f, err := os.Open(file)
		if err != nil {
			tb.Fatal(err)
		}
		r := csv.NewReader(f)
		head, err := r.Read()
		if err != nil {
			tb.Fatal(err)
		}
		col := map[string]int{}
		for i, h := range head {
			col[h] = i
		}
		for {
			row, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				tb.Fatal(err)
			}
			get := func(name string) string { return row[col[name]] }
			if get("status") != "resolved" {
				continue
			}
			id, recv := get("id"), get("received_at")
			var year int
			fmt.Sscanf(recv, "%d", &year)
			d := Doc{Kind: Case, URL: "/cases/" + id + "/", Title: id,
				Kicker: get("category") + " · " + get("subcategory"), Date: recv[:7], Year: year,
				Community: comms[get("community")], Category: cats[get("category")],
				Text: []string{get("summary"), get("resolution")}}
			d.Fields = []Field{{id, 4}, {get("category"), 3}, {get("subcategory"), 3}, {get("summary"), 2},
				{get("resolution"), 1}, {get("community"), 1}}
			in.Docs = append(in.Docs, d)
		}
		f.Close()
	}
	if len(in.Docs) < n/2 {
		tb.Fatalf("%d resolved cases of %d", len(in.Docs), n)
	}
	return in
}

func benchBuild(b *testing.B, n int) {
	in := demoInput(b, n)
	b.ResetTimer()
	var st Stats
	for i := 0; i < b.N; i++ {
		var err error
		if _, st, err = Build(in, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(st.Docs), "docs")
	b.ReportMetric(float64(st.Bytes)/(1<<20), "MiB")
	b.ReportMetric(float64(st.Shards), "shards")
	b.ReportMetric(float64(st.MaxShard)/1024, "KiB-max-shard")
	b.ReportMetric(float64(st.ShardBytes)/float64(st.Shards)/1024, "KiB-avg-shard")
	b.ReportMetric(float64(st.Tails), "tails")
}

// BenchmarkBuild12k and BenchmarkBuild100k measure index building alone (go test -bench Build
// -benchtime 3x ./generator/search/).
func BenchmarkBuild12k(b *testing.B)  { benchBuild(b, demo.DefaultCases) }
func BenchmarkBuild100k(b *testing.B) { benchBuild(b, 100_000) }

// TestDemoIndex builds the committed demo's index and checks its shape: shards small enough
// for a phone's first query.
func TestDemoIndex(t *testing.T) {
	if testing.Short() {
		t.Skip("indexes the whole demo")
	}
	in := demoInput(t, demo.DefaultCases)
	files, st, err := Build(in, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if st.MaxShard > 64<<10 {
		t.Errorf("largest shard %d bytes", st.MaxShard)
	}
	r, err := Open(mapFS(files))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"噪音", "电梯", in.Docs[100].Fields[0].Text} {
		res, err := r.Search(q, Filter{}, 10)
		if err != nil || len(res.Hits) == 0 {
			t.Fatalf("%q: %v %+v", q, err, res)
		}
		s, _ := r.Show(res.Hits[0].Doc)
		if !strings.Contains(s.Title+s.Kicker+strings.Join(s.Text, ""), q) {
			t.Errorf("%q: first hit %+v does not hold it", q, s)
		}
	}
}

// TestFirstQueryBytes runs the script's engine in Node, a new engine for every query, on the
// index of the demo (GONGSHI_SEARCH_CASES=100000 for a generated demo of that size) and counts
// the bytes each first query reads: meta.json, shards, tails and the display data of the first
// ten results. Every one must stay under 300 KB.
func TestFirstQueryBytes(t *testing.T) {
	if testing.Short() {
		t.Skip("indexes the whole demo")
	}
	n := demo.DefaultCases
	if s := os.Getenv("GONGSHI_SEARCH_CASES"); s != "" {
		fmt.Sscanf(s, "%d", &n)
	}
	in := demoInput(t, n)
	files, st, err := Build(in, Options{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	queries := []string{"噪音", "电梯", "停车位", "楼道堆放杂物", "水城社区噪音", "电", "社区", "物业 维修",
		in.Docs[len(in.Docs)/2].Fields[0].Text}
	prog := `
const fs = require("fs"), path = require("path");
(async () => {
  const out = [];
  for (const q of input.queries) {
    let bytes = 0, files = 0;
    const e = new S.Engine(name => new Promise((ok, fail) => fs.readFile(path.join(input.dir, name), "utf8",
      (err, data) => { if (err) return fail(err); bytes += Buffer.byteLength(data); files++; ok(JSON.parse(data)); })));
    const t0 = process.hrtime.bigint();
    const r = await e.search(q, {}, 10);
    await e.show(r.hits.map(h => h.doc));
    out.push({q, bytes, files, total: r.total, ms: Number(process.hrtime.bigint() - t0) / 1e6});
  }
  process.stdout.write(JSON.stringify(out));
})().catch(err => { console.error(err); process.exit(1); });
`
	var got []struct {
		Q            string
		Bytes, Files int
		Total        int
		Ms           float64
	}
	runScript(t, prog, map[string]any{"dir": dir, "queries": queries}, &got)
	t.Logf("%d documents, index %.1f MiB in %d shards (largest %d KiB) and %d tails", st.Docs,
		float64(st.Bytes)/(1<<20), st.Shards, st.MaxShard>>10, st.Tails)
	for _, g := range got {
		t.Logf("first query %q: %d bytes in %d files, %d results, %.1f ms in Node", g.Q, g.Bytes, g.Files, g.Total, g.Ms)
		if g.Bytes > 300<<10 {
			t.Errorf("first query %q read %d bytes, more than 300 KB", g.Q, g.Bytes)
		}
	}
}

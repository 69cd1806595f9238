package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
)

// testWords are the words of the test corpus: testInput draws the first more often.
const testWords = ("居民 反映 小区 噪音 施工 夜间 电梯 维修 物业 停车 车位 楼道 堆放 杂物 垃圾 清运 " +
	"绿化 树木 修剪 路灯 漏水 屋顶 养犬 扰民 广场舞 油烟 餐馆 充电 电动车 消防 通道 占用 积水 排水 井盖 破损 " +
	"加装 协调 会办 现场 约谈 整改 回访 满意 停工 承诺 公示 议事 楼栋 网格 调解 ok wifi 5g")

// testInput returns a seeded corpus of n documents of every kind.
func testInput(n int, seed uint64) Input {
	r := rand.New(rand.NewPCG(seed, 7))
	testWords := strings.Fields(testWords)
	testCommunities := []Facet{{"shuicheng", "水城社区"}, {"longshan", "龙山社区"}, {"bairun", "百润社区"}}
	testCategories := []Facet{{"noise", "噪音扰民"}, {"property", "物业管理"}, {"parking", "停车管理"}}
	word := func() string {
		// a word index with a roughly Zipfian distribution
		return testWords[int(float64(len(testWords))*r.Float64()*r.Float64())]
	}
	text := func(min, max int) string {
		var b strings.Builder
		for i := min + r.IntN(max-min+1); i > 0; i-- {
			b.WriteString(word())
			if r.IntN(5) == 0 {
				b.WriteString("，")
			}
		}
		return b.String() + "。"
	}
	in := Input{Communities: testCommunities, Categories: testCategories}
	for i := 0; i < n; i++ {
		d := Doc{Kind: Case, Year: 2020 + r.IntN(3), Community: testCommunities[r.IntN(3)].Slug}
		switch i % 20 {
		case 17, 18:
			d.Kind = Meeting
		case 19:
			d.Kind, d.Year = Hall, 0
			if i%40 == 19 {
				d.Kind, d.Community = Page, ""
			}
		default:
			d.Category = testCategories[r.IntN(3)].Slug
		}
		id := fmt.Sprintf("c%05d", i)
		d.URL = "/" + string(d.Kind) + "s/" + id + "/"
		d.Title = text(1, 3)
		d.Kicker = "〔" + id + "〕"
		d.Date = fmt.Sprintf("%d-%02d", max(d.Year, 2020), 1+r.IntN(12))
		body := text(3, 40)
		d.Text = []string{body}
		d.Fields = []Field{{id, 4}, {d.Title, 3}, {body, 1}}
		in.Docs = append(in.Docs, d)
	}
	return in
}

func TestDeterministic(t *testing.T) {
	in := testInput(800, 1)
	opt := Options{HeadSize: 20, ChunkSize: 7, ShardBytes: 2048}
	a, _, err := Build(in, opt)
	if err != nil {
		t.Fatal(err)
	}
	rand.New(rand.NewPCG(3, 4)).Shuffle(len(in.Docs), func(i, j int) { in.Docs[i], in.Docs[j] = in.Docs[j], in.Docs[i] })
	b, _, err := Build(in, opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for i := range a {
		if a[i].Name != b[i].Name || !bytes.Equal(a[i].Data, b[i].Data) {
			t.Fatalf("%s differs when the documents come in another order", a[i].Name)
		}
	}
}

// TestOnlyLetters: the postings, keys, runs, version and top files' documents are ASCII letters
// without v or w, and the display and top files hold only the input's own strings.
func TestOnlyLetters(t *testing.T) {
	in := testInput(500, 2)
	files, st, err := Build(in, Options{HeadSize: 10})
	if err != nil {
		t.Fatal(err)
	}
	if st.Tails == 0 || st.Shards < 2 {
		t.Fatalf("the test corpus should need tails and shards: %+v", st)
	}
	letters := regexp.MustCompile(`^[A-UXYZa-uxyz]*$`)
	published := map[string]bool{}
	for _, d := range in.Docs {
		for _, s := range append([]string{d.URL, d.Title, d.Kicker, d.Date}, d.Text...) {
			published[s] = true
		}
	}
	for _, f := range files {
		switch {
		case strings.HasPrefix(f.Name, "s/"):
			var m map[string]string
			mustJSON(t, f, &m)
			for k, v := range m {
				if !letters.MatchString(k) || !letters.MatchString(v) {
					t.Fatalf("%s: %q: %q is not letters only", f.Name, k, v)
				}
			}
		case strings.HasPrefix(f.Name, "t/"):
			var m map[string]string
			mustJSON(t, f, &m)
			if len(m) != 1 || !letters.MatchString(m["p"]) {
				t.Fatalf("%s: not {p: letters}", f.Name)
			}
		case strings.HasPrefix(f.Name, "d/"):
			var list []Shown
			mustJSON(t, f, &list)
			for _, d := range list {
				for _, s := range append([]string{d.URL, d.Title, d.Kicker, d.Date}, d.Text...) {
					if !published[s] {
						t.Fatalf("%s: %q is not a published string", f.Name, s)
					}
				}
			}
		case strings.HasPrefix(f.Name, "r/"):
			var top struct {
				D string
				X []Shown
			}
			mustJSON(t, f, &top)
			if !letters.MatchString(top.D) || len(top.X) == 0 {
				t.Fatalf("%s: d %q is not letters only, or no display data", f.Name, top.D)
			}
			for _, d := range top.X {
				for _, s := range append([]string{d.URL, d.Title, d.Kicker, d.Date}, d.Text...) {
					if !published[s] {
						t.Fatalf("%s: %q is not a published string", f.Name, s)
					}
				}
			}
		case f.Name == "meta.json":
			var m Meta
			mustJSON(t, f, &m)
			if !letters.MatchString(m.RunsText) || !letters.MatchString(m.Version) {
				t.Fatalf("meta.json: runs or version not letters only")
			}
		default:
			t.Fatalf("unexpected file %s", f.Name)
		}
	}
}

func mustJSON(t *testing.T, f File, v any) {
	t.Helper()
	if err := json.Unmarshal(f.Data, v); err != nil {
		t.Fatalf("%s: %v", f.Name, err)
	}
}

func mapFS(files []File) fstest.MapFS {
	m := fstest.MapFS{}
	for _, f := range files {
		m[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	return m
}

// TestReader checks the reference reader against the documents themselves: the best tier of a
// query is exactly the documents holding all its strong tokens, and facets and display data
// come back for every document.
func TestReader(t *testing.T) {
	in := testInput(600, 3)
	files, _, err := Build(in, Options{HeadSize: 15, ChunkSize: 5})
	if err != nil {
		t.Fatal(err)
	}
	r, err := Open(mapFS(files))
	if err != nil {
		t.Fatal(err)
	}
	byURL := map[string]*Doc{}
	for i := range in.Docs {
		byURL[in.Docs[i].URL] = &in.Docs[i]
	}
	df := map[string]int{}
	toks := make(map[string]map[string]bool)
	for _, d := range in.Docs {
		set := map[string]bool{}
		for _, f := range d.Fields {
			for _, tok := range Tokens(f.Text, Index) {
				set[tok] = true
			}
		}
		toks[d.URL] = set
		for tok := range set {
			df[tok]++
		}
	}
	for _, q := range []string{"噪音", "电梯维修", "c00042", "噪", "居民 噪音", "wifi", "不存在的词", "广场舞 油烟 餐馆"} {
		for _, f := range []Filter{{}, {Kind: Case}, {Community: "longshan", Year: 2021}, {Category: "noise"}} {
			res, err := r.Search(q, f, 10)
			if err != nil {
				t.Fatal(err)
			}
			var strong, all []string
			for _, tok := range Tokens(q, Query) {
				if df[tok] > 0 {
					all = append(all, tok)
					if !Weak(len(in.Docs), df[tok]) {
						strong = append(strong, tok)
					}
				}
			}
			if len(strong) == 0 {
				strong = all
			}
			want := 0
			for _, d := range in.Docs {
				run := Run{Kind: d.Kind, Year: d.Year, Community: d.Community, Category: d.Category}
				if !f.keeps(run) || len(strong) == 0 {
					continue
				}
				ok := true
				for _, tok := range strong {
					ok = ok && toks[d.URL][tok]
				}
				if ok {
					want++
				}
			}
			if want > 0 && (res.Total != want || len(res.Hits) != min(want, 10)) {
				t.Errorf("%q %+v: %d hits of %d, want %d", q, f, len(res.Hits), res.Total, want)
			}
			for _, h := range res.Hits {
				s, err := r.Show(h.Doc)
				if err != nil {
					t.Fatal(err)
				}
				d := byURL[s.URL]
				run := r.Facets(h.Doc)
				if d == nil || run.Kind != d.Kind || run.Year != d.Year || run.Community != d.Community || run.Category != d.Category {
					t.Fatalf("document %d: display %+v and facets %+v disagree", h.Doc, s, run)
				}
				if !f.keeps(run) {
					t.Errorf("%q %+v: hit %s is filtered out", q, f, s.URL)
				}
			}
		}
	}
	res, _ := r.Search("c00042", Filter{}, 10)
	if s, _ := r.Show(res.Hits[0].Doc); len(res.Hits) != 1 || !strings.Contains(s.URL, "c00042") {
		t.Errorf("the id query found %+v", res)
	}
}

// TestScriptMatchesReader runs the script's engine in Node on an index with small heads, so that
// it must decide when to read tails, and requires the same hits, scores and counts as Reader.
func TestScriptMatchesReader(t *testing.T) {
	in := testInput(3000, 4)
	files, st, err := Build(in, Options{HeadSize: 40, ChunkSize: 9, ShardBytes: 4096})
	if err != nil {
		t.Fatal(err)
	}
	if st.Tails == 0 {
		t.Fatal("no tails: the test would not exercise them")
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
	r, err := Open(mapFS(files))
	if err != nil {
		t.Fatal(err)
	}
	type query struct {
		Q      string         `json:"q"`
		Filter map[string]any `json:"filter"`
		K      int            `json:"k"`
	}
	var queries []query
	var filters []Filter
	for _, q := range []string{"噪音", "居民", "电梯维修", "c01234", "噪", "居民 反映 噪音", "夜间施工", "wifi 5g",
		"不存在", "广场舞油烟", "小区 楼道 堆放 杂物", "调解 ok", "居民反映小区", "噪音 xyzzy", "xyzzy"} {
		for _, f := range []Filter{{}, {Kind: Case}, {Kind: Meeting}, {Community: "bairun"}, {Year: 2022, Category: "parking"},
			{Community: "nowhere"}, {Kind: "party"}, {Year: 1999}} {
			for _, k := range []int{1, 10, 35} {
				queries = append(queries, query{q, map[string]any{"kind": f.Kind, "community": f.Community,
					"category": f.Category, "year": f.Year}, k})
				filters = append(filters, f)
			}
		}
	}
	prog := `
const fs = require("fs"), path = require("path");
const e = new S.Engine(name => new Promise((ok, fail) => {
  fs.readFile(path.join(input.dir, name), "utf8", (err, data) => err ? fail(err) : ok(JSON.parse(data)));
}));
(async () => {
  const out = [];
  for (const q of input.queries) {
    const r = await e.search(q.q, q.filter, q.k);
    const shown = await e.show(r.hits.map(h => h.doc));
    out.push({hits: r.hits.map(h => [h.doc, h.m, h.s]), total: r.total, exact: r.exact, full: r.full,
      urls: shown.map(d => d.u), tails: [...e.files.keys()].filter(f => f.startsWith("t/")).length});
  }
  process.stdout.write(JSON.stringify(out));
})().catch(err => { console.error(err); process.exit(1); });
`
	type answer struct {
		Hits  [][3]int
		Total int
		Exact bool
		Full  bool
		URLs  []string
		Tails int
	}
	var got []answer
	runScript(t, prog, map[string]any{"dir": dir, "queries": queries}, &got)
	if len(got) != len(queries) {
		t.Fatalf("%d answers to %d queries", len(got), len(queries))
	}
	shortcuts := 0
	for _, g := range got {
		if !g.Exact {
			shortcuts++
		}
	}
	t.Logf("%d of %d answers from heads alone; %d of %d tails read", shortcuts, len(got), got[len(got)-1].Tails, st.Tails)
	if tails := got[len(got)-1].Tails; shortcuts == 0 || tails == 0 || tails == st.Tails {
		t.Errorf("the queries should exercise both answers from heads (%d) and tails read (%d of %d)", shortcuts, tails, st.Tails)
	}
	for i, q := range queries {
		want, err := r.Search(q.Q, filters[i], q.K)
		if err != nil {
			t.Fatal(err)
		}
		g := got[i]
		var hits [][3]int
		var urls []string
		for _, h := range want.Hits {
			hits = append(hits, [3]int{h.Doc, h.Matched, h.Score})
			s, _ := r.Show(h.Doc)
			urls = append(urls, s.URL)
		}
		if fmt.Sprint(hits) != fmt.Sprint(g.Hits) || fmt.Sprint(urls) != fmt.Sprint(g.URLs) {
			t.Errorf("%q %v k=%d:\n Go %v\n JS %v", q.Q, q.Filter, q.K, hits, g.Hits)
			continue
		}
		if g.Exact && g.Total != want.Total || !g.Exact && (g.Total > want.Total || g.Total < len(hits)) {
			t.Errorf("%q %v k=%d: total %d (exact %v), Reader %d", q.Q, q.Filter, q.K, g.Total, g.Exact, want.Total)
		}
		if len(hits) > 0 && g.Full != (hits[0][1] == want.Tokens && want.Missing == 0) {
			t.Errorf("%q %v: full %v, but the hits hold %d of %d tokens", q.Q, q.Filter, g.Full, hits[0][1], want.Tokens)
		}
	}
}

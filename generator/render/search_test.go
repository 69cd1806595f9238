package render

import (
	"bytes"
	"reflect"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/yuin/goldmark"

	"gongshi/generator/config"
	"gongshi/generator/privacy"
	"gongshi/generator/search"
	"gongshi/generator/site"
	"gongshi/generator/site/sitetest"
)

// mapWriter keeps what is written.
type mapWriter struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (w *mapWriter) Write(name string, data []byte) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.files == nil {
		w.files = map[string][]byte{}
	}
	w.files[name] = data
	return nil
}

// smallSite is a site of one case of each date kind, a meeting, a hall and a page.
func smallSite() *site.Site {
	loc := time.FixedZone("CST", 8*3600)
	cm := &site.Community{Name: "水城社区", Slug: "shuicheng", URL: "/communities/shuicheng/"}
	cat := &site.Category{Name: "噪音扰民", Slug: "noise"}
	h := &site.Hall{Name: "海棠议事厅", Slug: "haitang", URL: "/halls/haitang/", Community: cm,
		Address: "龙山社区党群服务中心一楼", OpeningHours: "周一至周五 9:00–17:00", Body: "海棠议事厅设在党群服务中心。"}
	m := &site.Meeting{ID: "M-2022-0818-haitang", URL: "/meetings/M-2022-0818-haitang/", Hall: h, Title: "工地夜间施工噪音有请当事人会办",
		Topic: "夜间施工噪音", Start: time.Date(2022, 8, 18, 14, 30, 0, 0, loc),
		Body: "## 各方意见\n\n居民代表反映\n工地 22 时后仍在施工。&amp; \\*注\\*\n\n- 施工方：**承诺**整改\n\n<div>raw</div>\n\n![图](x.png)\n\n| 事项 | 责任方 |\n|---|---|\n| 停工 | 施工方 |\n"}
	s := &site.Site{Communities: []*site.Community{cm}, Categories: []*site.Category{cat}, Halls: []*site.Hall{h},
		Meetings: []*site.Meeting{m}, Pages: []*site.Page{{Title: "关于本站", Slug: "about", URL: "/about/", Body: "本站公示 12345 热线工单。"}}}
	s.Cases = []*site.Case{
		{ID: "2022081700123", URL: "/cases/2022081700123/", Received: time.Date(2022, 8, 17, 8, 34, 0, 0, loc), Community: cm,
			Category: cat, Subcategory: "夜间施工", Summary: "反映小区旁工地夜间施工噪音大，大小张贴物已清理。",
			Resolution: "经有请当事人会办，施工方承诺22时后停工。", Meeting: m},
		{ID: "2021050100007", URL: "/cases/2021050100007/", Received: time.Date(2021, 5, 1, 9, 0, 0, 0, loc), ByQuarter: true,
			Community: cm, Category: cat, Summary: "广场舞音响声音大。"},
	}
	return s
}

func TestSearchInput(t *testing.T) {
	in := SearchInput(smallSite())
	if len(in.Docs) != 5 || len(in.Communities) != 1 || len(in.Categories) != 1 {
		t.Fatalf("%d documents, %d communities, %d categories", len(in.Docs), len(in.Communities), len(in.Categories))
	}
	c, q, m := in.Docs[0], in.Docs[1], in.Docs[2]
	if c.Title != "2022081700123" || c.Kicker != "噪音扰民 · 夜间施工" || c.Date != "2022-08" || c.Year != 2022 ||
		c.Community != "shuicheng" || c.Category != "noise" || len(c.Text) != 2 {
		t.Errorf("case: %+v", c)
	}
	if q.Date != "2021-Q2" || q.Kicker != "噪音扰民" || len(q.Text) != 1 {
		t.Errorf("case by quarter: %+v", q)
	}
	wantText := []string{"夜间施工噪音", "居民代表反映\n工地 22 时后仍在施工。& *注*", "施工方：承诺整改", "事项", "责任方", "停工", "施工方"}
	if m.Date != "2022-08-18" || m.Kicker != "海棠议事厅" || m.Community != "shuicheng" || !reflect.DeepEqual(m.Text, wantText) {
		t.Errorf("meeting: %+v\ntext %q", m, m.Text)
	}
	var searched []string
	for _, f := range m.Fields {
		searched = append(searched, f.Text)
	}
	if all := strings.Join(searched, "|"); !strings.Contains(all, "各方意见") || strings.Contains(all, "raw") || strings.Contains(all, "图") {
		t.Errorf("meeting fields: headings in, raw HTML and images out: %q", all)
	}
}

func TestShownKeepsWholeParagraphs(t *testing.T) {
	md := goldmark.New()
	long := strings.Repeat("长", 400)
	got := shown(paragraphs(md, "# 标题\n\n"+long+"\n\n"+long+"\n\n第三段"))
	if len(got) != 2 || got[0] != long {
		t.Errorf("shown kept %d paragraphs", len(got))
	}
}

// TestWriteSearch: the index of a site passes the privacy guard's output gate, although a bigram
// of its text ("小张" of "大小张贴") would be taken for a name on its own, and is the same twice.
func TestWriteSearch(t *testing.T) {
	var a, b mapWriter
	if err := (*Cache)(nil).writeSearch(smallSite(), &a); err != nil {
		t.Fatal(err)
	}
	if err := (*Cache)(nil).writeSearch(smallSite(), &b); err != nil {
		t.Fatal(err)
	}
	g, err := privacy.NewGuard(config.Privacy{Mode: "refuse"})
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Gate("probe.json", []byte(`["小张"]`))) == 0 {
		t.Fatal("the gate no longer flags the probe; pick another")
	}
	for name, data := range a.files {
		if !strings.HasPrefix(name, SearchDir) {
			t.Errorf("%s: outside %s", name, SearchDir)
		}
		if fs := g.Gate(name, data); len(fs) > 0 {
			t.Errorf("%s: the output gate found %v", name, fs)
		}
		if !bytes.Equal(data, b.files[name]) {
			t.Errorf("%s differs between two runs", name)
		}
	}
	if _, ok := a.files[SearchDir+"meta.json"]; !ok || len(a.files) != len(b.files) {
		t.Fatalf("files: %d and %d, meta.json missing?", len(a.files), len(b.files))
	}
}

// TestWriteSearchFinds reads the written index back.
func TestWriteSearchFinds(t *testing.T) {
	var w mapWriter
	if err := (*Cache)(nil).writeSearch(smallSite(), &w); err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for name, data := range w.files {
		fsys[strings.TrimPrefix(name, SearchDir)] = &fstest.MapFile{Data: data}
	}
	r, err := search.Open(fsys)
	if err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]string{
		"有请当事人会办": "/meetings/M-2022-0818-haitang/", "2022081700123": "/cases/2022081700123/", "广场舞": "/cases/2021050100007/",
		"海棠": "/halls/haitang/", "热线": "/about/", "M-2022-0818-haitang": "/meetings/M-2022-0818-haitang/",
	} {
		res, err := r.Search(q, search.Filter{}, 10)
		if err != nil || len(res.Hits) == 0 {
			t.Fatalf("%q: %v %+v", q, err, res)
		}
		if s, _ := r.Show(res.Hits[0].Doc); s.URL != want {
			t.Errorf("%q: first %s, want %s", q, s.URL, want)
		}
	}
}

// TestSearchInputCache changes every field of a case, of its community, category and meeting,
// one at a time: the documents a Cache makes, reusing those of the last build's cases whose
// key is the same, must be those SearchInput makes.
func TestSearchInputCache(t *testing.T) {
	warm := func() *Cache {
		c := &Cache{}
		c.searchInput(smallSite())
		return c
	}
	// An unchanged case keeps its document.
	c := warm()
	before := c.caseDocs[1].Fields
	if in := c.searchInput(smallSite()); &in.Docs[1].Fields[0] != &before[0] {
		t.Fatal("the document of an unchanged case is made again: this test tests nothing")
	}
	changed := 0
	sitetest.EachCaseField(smallSite, 2, func(s *site.Site, i int, what string) {
		want := SearchInput(s)
		if !reflect.DeepEqual(want, SearchInput(smallSite())) {
			changed++
		}
		if got := warm().searchInput(s); !reflect.DeepEqual(got, want) {
			t.Errorf("case %d: after a change of %s the cached documents differ:\n%+v\nwant\n%+v", i, what, got.Docs[i], want.Docs[i])
		}
	})
	// One cache through every change and back: the documents rewritten in place stay right.
	c = warm()
	sitetest.EachCaseField(smallSite, 2, func(s *site.Site, i int, what string) {
		if got, want := c.searchInput(s), SearchInput(s); !reflect.DeepEqual(got, want) {
			t.Errorf("case %d: after a change of %s (one cache) the documents differ:\n%+v\nwant\n%+v", i, what, got.Docs[i], want.Docs[i])
		}
		if got, want := c.searchInput(smallSite()), SearchInput(smallSite()); !reflect.DeepEqual(got, want) {
			t.Errorf("case %d: back from a change of %s (one cache) the documents differ:\n%+v\nwant\n%+v", i, what, got.Docs[i], want.Docs[i])
		}
	})
	s := smallSite()
	s.Cases[0].Meeting = nil
	if got, want := warm().searchInput(s), SearchInput(s); !reflect.DeepEqual(got, want) {
		t.Errorf("without its meeting, the cached document of a case differs: %+v, want %+v", got.Docs[0], want.Docs[0])
	}
	s = smallSite()
	s.Cases = s.Cases[1:]
	if got, want := warm().searchInput(s), SearchInput(s); !reflect.DeepEqual(got, want) {
		t.Error("with a case fewer, the cached documents differ")
	}
	if changed < 8 {
		t.Errorf("only %d changes changed the documents: this test tests little", changed)
	}
}

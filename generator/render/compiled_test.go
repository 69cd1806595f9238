package render

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gongshi/generator/cases"
	"gongshi/generator/site"
	"gongshi/generator/theme"
)

// defaultTheme loads the repository's default theme.
func defaultTheme(t *testing.T) *theme.Theme {
	t.Helper()
	th, err := theme.Load(os.DirFS(filepath.Join("..", "..")), []string{"default"}, "zh-CN", Funcs())
	if err != nil {
		t.Fatal(err)
	}
	return th
}

// TestBaseSum fails when the default theme's base.html is no longer the file writeBase writes.
func TestBaseSum(t *testing.T) {
	if !compiledBase(defaultTheme(t)) {
		t.Fatal("themes/default/layouts/base.html changed: make writeBase (base.go) write what it now " +
			"writes (TestCompiledBase and build's TestCompiledBaseDemo compare them), then set baseSum to its sha256sum")
	}
}

// TestCompiledBase holds writeBase to html/template on pages whose every field base.html
// prints is awkward: markup and quotes, NUL and invalid UTF-8, long descriptions, URLs with
// spaces, escapes good and bad, and schemes html/template refuses.
func TestCompiledBase(t *testing.T) {
	th := defaultTheme(t)
	langs := th.Langs()
	const page = "404.html"
	awkward := []string{"", `a"b'c&d<e>f+g`, "nul\x00 bad\xff\xfe utf8", "中文 · ｜ 标题", "  many   spaces\n\tand lines  ",
		strings.Repeat("长描述，", 40), strings.Repeat("long words ", 30) + "<b>end</b>"}
	urls := []string{"/", "/cases/a b/", "/x?q=1&r=2#frag", "/p%41%zz%4", "javascript:alert(1)", "JAVASCRIPT:x",
		"HTTPS://ex.org/é", "mailto:a@b.c", "//host/path", "data:text/html,<x>", "/(paren)'q'/[]{}|\\^`", "/100%", "%41x"}
	n := 0
	for i := range 60 {
		pick := func(list []string, k int) string { return list[(i*k+i/len(list))%len(list)] }
		s := &site.Site{
			Title: pick(awkward, 1) + "站", Description: pick(awkward, 2), BaseURL: "https://example.org" + strings.TrimSuffix(pick(urls, 3), "/"),
			Nav: []site.Link{{URL: "/", Label: "首页"}, {URL: pick(urls, 5), Label: pick(awkward, 3)}}, K: 5,
			District: "江北新区", Streets: []string{"顶山"}, Now: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC),
		}
		lang := langs[i%len(langs)]
		p := &Page{Site: s, Lang: lang, Title: pick(awkward, 4), URL: lang.URL(pick(urls, 1)), Path: pick(urls, 1),
			Description: pick(awkward, 5), Nav: pick(urls, 7), Feed: pick(urls, 11)}
		for k, l := range langs {
			p.Alternates = append(p.Alternates, Alternate{Tag: l.Tag, Name: pick(awkward, 6+k), Locale: "zh_CN",
				URL: l.URL(pick(urls, 2+k)), Current: l == lang})
		}
		if i%3 != 0 {
			p.Crumbs = []site.Link{{URL: "/", Label: "首页"}, {URL: pick(urls, 9), Label: pick(awkward, 8)}}
		}
		switch i % 4 {
		case 1:
			p.Case = &site.Case{}
		case 2:
			p.Meeting = &site.Meeting{}
		}
		if !baseFits(p, page) {
			t.Fatalf("page %d: writeBase does not take it", i)
		}
		tmpl, err := lang.Page(page)
		if err != nil {
			t.Fatal(err)
		}
		var got, want bytes.Buffer
		if err := writeBase(&got, tmpl, page, p, false); err != nil {
			t.Fatal(err)
		}
		if err := tmpl.ExecuteTemplate(&want, "base.html", p); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("page %d: writeBase writes\n%s\nhtml/template writes\n%s", i, got.String(), want.String())
		}
		n++
		th.ResetCached() // the next page has another site, whose fragments differ
	}
	if n == 0 {
		t.Fatal("no page compared")
	}
}

// TestBaseFallsBack checks that writeBase is not used where it does not write what base.html
// does: another base.html, a page file that redefines "description", a print view, a page with
// no alternates.
func TestBaseFallsBack(t *testing.T) {
	th := defaultTheme(t)
	l := th.Langs()[0]
	p := &Page{Site: &site.Site{}, Lang: l, Alternates: []Alternate{{Tag: l.Tag}}}
	if !baseFits(p, "case.html") {
		t.Error("a case page is not written in Go")
	}
	if baseFits(p, "facet.html") {
		t.Error("facet.html redefines description, yet its pages are written in Go")
	}
	if baseFits(&Page{Site: p.Site, Lang: l, Alternates: p.Alternates, Print: true}, "case.html") {
		t.Error("a print view is written in Go")
	}
	if baseFits(&Page{Site: p.Site, Lang: l}, "case.html") {
		t.Error("a page with no alternates is written in Go")
	}
	if baseFits(p, "nonexistent.html") {
		t.Error("a page template the theme does not have is written in Go")
	}
}

// TestCompiledCase holds writeCaseMain to case.html's "main", and writeCaseRow to
// partials/case-row.html, on cases that take every branch of them, with awkward text, in every
// language.
func TestCompiledCase(t *testing.T) {
	th := defaultTheme(t)
	if !compiledCase(th) {
		t.Fatal("themes/default/layouts/case.html changed: make writeCaseMain (compiled.go) write what it now " +
			"writes, then set caseSum to its sha256sum")
	}
	if !sumIs(th, "layouts/partials/case-row.html", rowSum) {
		t.Fatal("themes/default/layouts/partials/case-row.html changed: make writeCaseRow (compiled.go) write what it " +
			"now writes, then set rowSum to its sha256sum")
	}
	const page = "case.html"
	at := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 9, 0, 0, 0, time.UTC) }
	s := &site.Site{Title: "站", BaseURL: "https://example.org/", Nav: []site.Link{{URL: "/", Label: "首页"}}, K: 5}
	texts := []string{"", `<b>"问题"</b> & 'x' + y`, "nul\x00 bad\xff", "普通的诉求内容。"}
	n := 0
	for i := range 64 {
		cm := &site.Community{Name: texts[i%4] + "社区", Slug: "c", URL: "/communities/c" + texts[(i+1)%4] + "/"}
		// The row's cached key is the case's URL: each case has its own.
		url := fmt.Sprintf("/cases/%d%s.html", i, texts[(i+2)%4])
		cat := &site.Category{Name: texts[(i+2)%4] + "类", Slug: "cat", URL: "/categories/cat/"}
		c := &site.Case{ID: "ID" + texts[(i+3)%4], URL: url, Received: at(2022, 1+i%12, 3), ByQuarter: i%2 == 0,
			Community: cm, Category: cat, Subcategory: texts[i%4], Channel: cases.Channels[i%len(cases.Channels)],
			Method: cases.Methods[i%len(cases.Methods)], Collective: i%3 == 0, Summary: texts[(i/2)%4], Resolution: texts[(i/4)%4],
			Surveyed: i%5 != 0, Solved: cases.Answer(i % 3), Satisfaction: []cases.Satisfaction{"", cases.Satisfied, cases.Dissatisfied}[i%3]}
		if i%4 != 1 {
			c.Closed = at(2023, 1+(i+5)%12, 3+i%20)
			c.DaysToClose = i % 20
		}
		if i%6 == 2 {
			c.Meeting = &site.Meeting{URL: "/meetings/m/", Title: texts[i%4] + "会", Hall: &site.Hall{Name: "厅", URL: "/halls/h/"}}
		}
		lang := th.Langs()[i%len(th.Langs())]
		p := &Page{Site: s, Lang: lang, Title: "案件", URL: lang.URL(c.URL), Path: c.URL, Case: c,
			Alternates: []Alternate{{Tag: lang.Tag, URL: lang.URL(c.URL), Current: true}}}
		tmpl, err := lang.Page(page)
		if err != nil {
			t.Fatal(err)
		}
		var got, want bytes.Buffer
		if err := writeBase(&got, tmpl, page, p, true); err != nil {
			t.Fatal(err)
		}
		if err := tmpl.ExecuteTemplate(&want, "base.html", p); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("case %d: writeCaseMain writes\n%s\nhtml/template writes\n%s", i, got.String(), want.String())
		}
		row, ok, err := writeCaseRow(lang, lang.Cached(page), c)
		if err != nil || !ok {
			t.Fatalf("case %d: writeCaseRow: %v, %v", i, ok, err)
		}
		want.Reset()
		if err := tmpl.ExecuteTemplate(&want, "partials/case-row.html", c); err != nil {
			t.Fatal(err)
		}
		if string(row) != want.String() {
			t.Errorf("case %d: writeCaseRow writes\n%s\nhtml/template writes\n%s", i, row, want.String())
		}
		n++
		// The fragments are not reset: a fragment cached with a key that leaves out what it
		// reads would show on a later case.
	}
	if n == 0 {
		t.Fatal("no case compared")
	}
}

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
	"gongshi/generator/stats"
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

// TestCompiledSums fails when a file of the default theme written in Go is no longer the file
// the Go writes.
func TestCompiledSums(t *testing.T) {
	th := defaultTheme(t)
	for _, f := range []struct{ file, sum, fn string }{
		{"layouts/base.html", baseSum, "writeBase"},
		{"layouts/case.html", caseSum, "writeCaseMain"},
		{"layouts/facet.html", facetSum, "writeFacetMain"},
		{"layouts/cases.html", casesSum, "writeCasesMain"},
		{"layouts/partials/case-list.html", listSum, "writeListEnd"},
		{"layouts/partials/case-row.html", rowSum, "writeCaseRow"},
	} {
		if !sumIs(th, f.file, f.sum) {
			t.Errorf("themes/default/%s changed: make %s (compiled.go) write what it now writes (TestCompiledBase, "+
				"TestCompiledCase, TestCompiledFacet and build's TestCompiledBaseDemo compare them), then set its sum "+
				"to the file's sha256sum", f.file, f.fn)
		}
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
		if ok, m := plan(th, page, p); !ok || m != templateMain {
			t.Fatalf("page %d: plan says %v, %v", i, ok, m)
		}
		tmpl, err := lang.Page(page)
		if err != nil {
			t.Fatal(err)
		}
		var got, want bytes.Buffer
		if err := writeBase(&got, tmpl, page, p, templateMain); err != nil {
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
// does: a page file that redefines "description" (facet.html aside), a print view, a page with
// no alternates, a page template the theme does not have.
func TestBaseFallsBack(t *testing.T) {
	th := defaultTheme(t)
	l := th.Langs()[0]
	p := &Page{Site: &site.Site{}, Lang: l, Alternates: []Alternate{{Tag: l.Tag}}}
	for _, c := range []struct {
		page string
		p    *Page
		ok   bool
		m    goMain
	}{
		{"case.html", p, true, templateMain}, // no case
		{"case.html", &Page{Site: p.Site, Lang: l, Alternates: p.Alternates, Case: &site.Case{}}, true, caseMain},
		{"cases.html", p, true, templateMain}, // no pager
		{"cases.html", &Page{Site: p.Site, Lang: l, Alternates: p.Alternates, Pager: &Pager{}}, true, casesMain},
		{"community.html", p, false, templateMain}, // redefines description
		{"facet.html", p, false, templateMain},     // no facet
		{"facet.html", &Page{Site: p.Site, Lang: l, Alternates: p.Alternates, Facet: &site.Facet{}, Pager: &Pager{}}, true, facetMain},
		{"case.html", &Page{Site: p.Site, Lang: l, Alternates: p.Alternates, Print: true}, false, templateMain},
		{"case.html", &Page{Site: p.Site, Lang: l}, false, templateMain},
		{"nonexistent.html", p, false, templateMain},
	} {
		if ok, m := plan(th, c.page, c.p); ok != c.ok || m != c.m {
			t.Errorf("%s (%+v): plan says %v, %v; want %v, %v", c.page, *c.p, ok, m, c.ok, c.m)
		}
	}
}

// TestCompiledCase holds writeCaseMain to case.html's "main", and writeCaseRow to
// partials/case-row.html, on cases that take every branch of them, with awkward text, in every
// language.
func TestCompiledCase(t *testing.T) {
	th := defaultTheme(t)
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
		if ok, m := plan(th, page, p); !ok || m != caseMain {
			t.Fatalf("case %d: plan says %v, %v", i, ok, m)
		}
		if err := writeBase(&got, tmpl, page, p, caseMain); err != nil {
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

// TestCompiledFacet holds writeFacetMain and writeCasesMain to the "main" of facet.html and
// cases.html on pages of a list that take every branch of them, with awkward names, in every
// language.
func TestCompiledFacet(t *testing.T) {
	th := defaultTheme(t)
	const page = "facet.html"
	s := &site.Site{Title: "站", BaseURL: "https://example.org/", Nav: []site.Link{{URL: "/", Label: "首页"}}, K: 5}
	names := []string{`<b>"甲"</b> & 'x' + y`, "nul\x00 bad\xff", "普通社区", "a b%zz " + strings.Repeat("长描述  ", 40)}
	at := time.Date(2022, 3, 3, 9, 0, 0, 0, time.UTC)
	n := 0
	for i := range 48 {
		cm := &site.Community{Name: names[i%4], Slug: "c", URL: "/communities/" + names[(i+1)%4] + "/"}
		cat := &site.Category{Name: names[(i+2)%4], Slug: "k", URL: "/categories/k" + names[i%4] + "/"}
		f := &site.Facet{URL: "/communities/c/k/", Received: stats.Count{N: 1234 * i, Hidden: i%5 == 0}}
		switch i % 3 { // community × category, community × year, category × year
		case 0:
			f.Community, f.Category = cm, cat
		case 1:
			f.Community, f.Year = cm, 2020+i%4
		case 2:
			f.Category, f.Year = cat, 2020+i%4
		}
		side := func(k int) *site.Facet {
			return &site.Facet{URL: "/x/" + names[k%4] + "/", Category: &site.Category{Name: names[k%4]}, Year: []int{0, 2021}[k%2]}
		}
		if i%4 == 1 || i%4 == 3 {
			f.Prev = side(i)
		}
		if i%4 == 2 || i%4 == 3 {
			f.Next = side(i + 1)
		}
		var list []*site.Case
		for k := range i % 4 * 2 { // none, or a few
			list = append(list, &site.Case{ID: fmt.Sprint(k), URL: fmt.Sprintf("/cases/%d-%d.html", i, k), Received: at,
				Closed: at.AddDate(0, 0, k), DaysToClose: k, Community: cm, Category: cat, Summary: names[k%4],
				Channel: cases.Hotline, Method: cases.Direct})
		}
		lang := th.Langs()[i%len(th.Langs())]
		p := &Page{Site: s, Lang: lang, Title: names[i%4], URL: lang.URL(f.URL), Path: f.URL, Facet: f, Cases: list,
			Description: names[(i+3)%4], Pager: &Pager{Number: 1 + i%3, Total: 1 + i%3 + i%2, Prev: "/p/1/", Next: "/p/3/", First: "/p/", Last: "/p/9/"},
			Alternates: []Alternate{{Tag: lang.Tag, URL: lang.URL(f.URL), Current: true}}}
		// The same page as a page of /cases/, which shows a list the same way.
		for _, c := range []struct {
			page string
			m    goMain
		}{{"facet.html", facetMain}, {"cases.html", casesMain}} {
			if ok, m := plan(th, c.page, p); !ok || m != c.m {
				t.Fatalf("page %d, %s: plan says %v, %v", i, c.page, ok, m)
			}
			tmpl, err := lang.Page(c.page)
			if err != nil {
				t.Fatal(err)
			}
			var got, want bytes.Buffer
			if err := writeBase(&got, tmpl, c.page, p, c.m); err != nil {
				t.Fatal(err)
			}
			if err := tmpl.ExecuteTemplate(&want, "base.html", p); err != nil {
				t.Fatal(err)
			}
			if got.String() != want.String() {
				t.Errorf("page %d, %s: Go writes\n%s\nhtml/template writes\n%s", i, c.page, got.String(), want.String())
			}
			n++
		}
	}
	if n == 0 {
		t.Fatal("no page compared")
	}
}

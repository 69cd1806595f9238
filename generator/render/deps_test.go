package render

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"gongshi/generator/meetings"
	"gongshi/generator/site"
	"gongshi/generator/theme"
)

// depsTemplate reads the page in every way the analysis must follow: variables, with and
// range with else, and/or/not, index, first, len, methods, functions taking pointers (called
// again when fingerprinting), nested calls, partials with another dot, assignment.
const depsTemplate = `{{define "main"}}{{$s := .Site}}{{.Title}}|
{{- with .Case}}{{.ID}} {{if .Meeting}}{{.Meeting.Title}} {{.Meeting.Hall.Name}}{{else}}none{{end}}{{end}}|
{{- range $i, $h := .Site.Halls}}{{if $i}},{{end}}{{$h.Name}}:{{len $h.Past}}{{end}}|
{{- with first 2 .Site.Meetings}}{{range .}}[{{.Title}} {{isodate .Start}}]{{end}}{{else}}no meetings{{end}}|
{{- with .Site.Meetings}}{{with index . 0}}{{.URL}}{{end}}{{end}}|
{{- if and .Hall (not .Print)}}{{.Hall.Calendar}}{{end}}|
{{- abs $s .URL}} {{abs .Site (u .URL)}}|
{{- template "partials/p.html" .Meeting}}|
{{- $x := .Title}}{{if .Print}}{{$x = "print"}}{{end}}{{$x}}|
{{- with .Meeting}}{{jsonld $.Site .}}{{end}}|
{{- len .Site.Cases}} {{.Site.CaseCount}}|
{{- range .Site.Nav}}{{.URL}}{{end}}|
{{- with .Month}}{{range .Weeks}}{{range .}}{{.Date.Day}}{{range .Sessions}}{{.Title}}{{end}}{{end}}{{end}}{{end}}
{{end}}`

const depsPartial = `{{define "partials/p.html"}}{{with .}}{{.ID}} {{.When.Year}} {{range .Cases}}{{.ID}}{{end}}{{else}}-{{end}}{{end}}`

func depsTheme(t *testing.T, page string) *theme.Theme {
	t.Helper()
	fsys := fstest.MapFS{
		"themes/x/layouts/base.html":          {Data: []byte(`{{template "main" .}}`)},
		"themes/x/layouts/partials/p.html":    {Data: []byte(depsPartial)},
		"themes/x/layouts/t.html":             {Data: []byte(page)},
		"themes/x/i18n/zh-CN.toml":            {Data: []byte(`"lang.name" = "中文"` + "\n")},
		"themes/x/layouts/partials/none.html": {Data: []byte(`{{define "partials/none.html"}}{{end}}`)},
	}
	th, err := theme.Load(fsys, []string{"x"}, "zh-CN", Funcs())
	if err != nil {
		t.Fatal(err)
	}
	return th
}

// depsModel is a small site; every call gives new objects.
func depsModel(th *theme.Theme) *Page {
	loc := time.FixedZone("CST", 8*3600)
	s := &site.Site{Title: "T", BaseURL: "https://example.org/", Nav: []site.Link{{URL: "/", Label: "home"}}, CaseCount: 3}
	cm := &site.Community{Name: "C", Slug: "c", URL: "/communities/c/"}
	h := &site.Hall{Name: "H", Slug: "h", URL: "/halls/h/", Community: cm, Address: "A"}
	for i, title := range []string{"M1", "M2", "M3"} {
		m := &site.Meeting{ID: "M" + string(rune('1'+i)), URL: "/meetings/m" + string(rune('1'+i)) + "/", Hall: h, Kind: meetings.GridMeeting,
			Title: title, Start: time.Date(2022, 8, 1+i, 19, 0, 0, 0, loc), Status: meetings.Held}
		s.Meetings = append(s.Meetings, m)
		h.Past = append(h.Past, m)
	}
	c := &site.Case{ID: "1", URL: "/cases/1/", Community: cm, Summary: "S", Meeting: s.Meetings[0]}
	s.Meetings[0].Cases = []*site.Case{c}
	s.Cases = []*site.Case{c, {ID: "2", URL: "/cases/2/", Community: cm}}
	s.Halls, s.Communities = []*site.Hall{h}, []*site.Community{cm}
	day := site.Day{Date: time.Date(2022, 8, 1, 0, 0, 0, 0, loc), InMonth: true, Sessions: []*site.Session{{Title: "S1", Hall: h}}}
	mo := &site.Month{URL: "/calendar/2022-08/", Weeks: [][7]site.Day{{day}}}
	return &Page{Site: s, Lang: th.Langs()[0], Title: "P", URL: "/cases/1/", Case: c, Meeting: s.Meetings[0], Hall: h, Month: mo}
}

// TestDepsSound changes the model one value at a time: whenever a page's output changes, its
// fingerprint must change; changes to what the template does not read must leave it alone.
func TestDepsSound(t *testing.T) {
	th := depsTheme(t, depsTemplate)
	d, err := Analyze(th, "t.html")
	if err != nil {
		t.Fatal(err)
	}
	if v := d.Volatile(); len(v) > 0 {
		t.Fatalf("volatile: %v", v)
	}
	take := func(p *Page) (string, uint64) {
		j := Job{job{path: "x/index.html", template: "t.html", page: p}}
		out, err := Execute(th, j)
		if err != nil {
			t.Fatal(err)
		}
		fps, err := d.Fingerprints([]Job{j}, 0)
		if err != nil {
			t.Fatal(err)
		}
		return string(out), fps[0]
	}
	base, fp := take(depsModel(th))
	if fp == 0 {
		t.Fatal("no fingerprint")
	}
	for _, c := range []struct {
		name   string
		change func(*Page)
		unread bool // the template does not read it: the fingerprint must stay
	}{
		{"case summary", func(p *Page) { p.Case.Summary = "other" }, true},
		{"hall address", func(p *Page) { p.Hall.Address = "B" }, false}, // jsonld reads it
		{"community slug", func(p *Page) { p.Case.Community.Slug = "d" }, true},
		{"meeting title", func(p *Page) { p.Site.Meetings[0].Title = "X" }, false},
		{"third meeting title", func(p *Page) { p.Site.Meetings[2].Title = "X" }, true}, // first 2 titles only
		{"hall name", func(p *Page) { p.Hall.Name = "X" }, false},
		{"no meeting for the case", func(p *Page) { p.Case.Meeting = nil }, false},
		{"no meeting for the page", func(p *Page) { p.Meeting = nil }, false},
		{"postponed", func(p *Page) {
			p.Meeting.Status, p.Meeting.PostponedTo = meetings.Postponed, p.Meeting.Start.AddDate(1, 0, 0)
		}, false},
		{"base URL", func(p *Page) { p.Site.BaseURL = "https://example.com/" }, false},
		{"print", func(p *Page) { p.Print = true }, false},
		{"one case more", func(p *Page) { p.Site.Cases = append(p.Site.Cases, &site.Case{ID: "3"}) }, false},
		{"a case's id in the list", func(p *Page) { p.Site.Cases[1].ID = "9" }, true}, // only the length is read
		{"a past meeting more", func(p *Page) { p.Hall.Past = append(p.Hall.Past, p.Site.Meetings[0]) }, false},
		{"no meetings", func(p *Page) { p.Site.Meetings = nil }, false},
		{"session title", func(p *Page) { p.Month.Weeks[0][0].Sessions[0].Title = "S2" }, false},
		{"nav", func(p *Page) { p.Site.Nav[0].URL = "/x/" }, false},
		{"nav label", func(p *Page) { p.Site.Nav[0].Label = "x" }, true},
	} {
		p := depsModel(th)
		c.change(p)
		out, got := take(p)
		switch {
		case out != base && got == fp:
			t.Errorf("%s: the page changed but its fingerprint did not:\n%s\n%s", c.name, base, out)
		case c.unread && got != fp:
			t.Errorf("%s: the fingerprint changed, though the template does not read it", c.name)
		case !c.unread && out == base:
			t.Logf("%s: the page did not change (fingerprint changed: %v)", c.name, got != fp)
		}
	}
	if _, again := take(depsModel(th)); again != fp {
		t.Error("the same model in new objects has another fingerprint")
	}
}

// TestDepsVolatile checks that what the analysis cannot follow makes the template volatile.
func TestDepsVolatile(t *testing.T) {
	for _, page := range []string{
		`{{define "main"}}{{.Case}}{{end}}`,                            // prints pointers
		`{{define "main"}}{{if eq .Case .Site.Closed}}x{{end}}{{end}}`, // compares pointers
		`{{define "main"}}{{call .Site.Title}}{{end}}`,                 // call
	} {
		th := depsTheme(t, page)
		d, err := Analyze(th, "t.html")
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Volatile()) == 0 {
			t.Errorf("%s: not volatile", page)
		}
		fps, err := d.Fingerprints([]Job{{job{path: "x", template: "t.html", page: depsModel(th)}}}, 0)
		if err != nil || fps[0] != 0 {
			t.Errorf("%s: fingerprint %d, %v; want none", page, fps[0], err)
		}
	}
}

// TestDepsDefaultTheme analyses every page template of the default theme: none may be volatile,
// or every edit would render all its pages again.
func TestDepsDefaultTheme(t *testing.T) {
	root := filepath.Join("..", "..")
	th, err := theme.Load(os.DirFS(root), []string{"default"}, "zh-CN", Funcs())
	if err != nil {
		t.Fatal(err)
	}
	names, _ := filepath.Glob(filepath.Join(root, "themes", "default", "layouts", "*.html"))
	var pages []string
	for _, n := range names {
		if b := filepath.Base(n); b != "base.html" {
			pages = append(pages, b)
		}
	}
	d, err := Analyze(th, pages...)
	if err != nil {
		t.Fatal(err)
	}
	for name, why := range d.Volatile() {
		t.Errorf("%s is volatile: %s", name, strings.Join(why, "; "))
	}
}

// TestDepsElementMemo: an element listed on many pages is hashed once per Fingerprints call;
// a page's fingerprint is the same whether its elements were hashed for it or for another page.
func TestDepsElementMemo(t *testing.T) {
	th := depsTheme(t, depsTemplate)
	d, err := Analyze(th, "t.html")
	if err != nil {
		t.Fatal(err)
	}
	p := depsModel(th)
	q := depsModel(th)
	q.Site, q.Hall, q.Month = p.Site, p.Hall, p.Month
	q.Meeting = p.Site.Meetings[1]
	q.Meeting.Cases = p.Site.Meetings[0].Cases // the same case, listed by two meetings
	jobs := []Job{{job{path: "a/index.html", template: "t.html", page: p}}, {job{path: "b/index.html", template: "t.html", page: q}}}
	both, err := d.Fingerprints(jobs, 0)
	if err != nil {
		t.Fatal(err)
	}
	for i, j := range jobs {
		alone, err := d.Fingerprints([]Job{j}, 0)
		if err != nil {
			t.Fatal(err)
		}
		if alone[0] != both[i] || alone[0] == 0 {
			t.Errorf("%s: fingerprint %x alone, %x with the other page", j.Path(), alone[0], both[i])
		}
	}
	// The shared case changes: both fingerprints change.
	p.Site.Meetings[0].Cases[0].ID = "changed"
	again, _ := d.Fingerprints(jobs, 0)
	for i := range jobs {
		if again[i] == both[i] {
			t.Errorf("%s: a listed case changed, the fingerprint did not", jobs[i].Path())
		}
	}
	memo := 0
	for _, td := range d.tmpls {
		var walk func(*dep)
		walk = func(n *dep) {
			if n.elemMemo {
				memo++
			}
			for _, k := range n.kids {
				walk(k)
			}
		}
		walk(td.root)
	}
	if memo == 0 {
		t.Error("no element is memoised in the test template")
	}
}

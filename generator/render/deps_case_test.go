package render

import (
	"slices"
	"strconv"
	"testing"
	"testing/fstest"

	"gongshi/generator/site"
	"gongshi/generator/theme"
)

// TestCaseLocal checks which templates' case pages get a key: those that read of the case only
// its own fields, the names, slugs and URLs of its category and community, the methods of
// caseMethods and anything of its meeting.
func TestCaseLocal(t *testing.T) {
	for _, tc := range []struct {
		tmpl  string
		local bool
	}{
		{`{{.Title}} {{.Case.ID}} {{.Case.Received.Year}} {{.Case.Community.Name}} {{.Case.Community.URL}} {{.Case.Outcome}} {{.Case.FacetURL}}` +
			`{{with .Case.Meeting}}{{.Title}} {{.Hall.Name}}{{end}} {{abs .Site .URL}} {{.Site.Title}} {{range .Crumbs}}{{.URL}}{{end}}`, true},
		{`{{.CrumbsKey}} {{.Case.ID}}`, true},                  // a function of Crumbs
		{`{{.Case.Community.Street}}`, false},                  // not from site.toml alone
		{`{{range .Case.Community.Grids}}{{.}}{{end}}`, false}, // nor this
		{`{{with .Case.Meeting}}{{jsonld $.Site .}}{{end}}`, false},
		{`{{jsonld .Site .}}`, false},
		{`{{with .Case}}{{len .Meeting.Cases}}{{end}}{{.Case.Summary}}`, true},
		{`{{range .Cases}}{{.ID}} {{.Outcome}} {{.Community.Name}}{{end}} {{.Pager.Next}} {{.Facet.Received.N}} {{.Facet.Prev.Category.Name}}`, true},
		{`{{range .Cases}}{{.Community.Street}}{{end}}`, false},
		{`{{.Facet.Community.Figures}}`, false},
		{`{{with .Hall}}{{.Name}}{{end}}`, true}, // empty on the pages that get a key
		{`{{.Site.Title}} {{with .Meeting}}{{jsonld $.Site .}}{{end}}`, false},
	} {
		th := depsTheme(t, `{{define "main"}}`+tc.tmpl+`{{end}}`)
		d, err := Analyze(th, "t.html")
		if err != nil {
			t.Fatal(err)
		}
		td, _ := d.of(th.Langs()[0], "t.html")
		if got := caseLocal(td); got != tc.local {
			t.Errorf("%s: case-local %v, want %v (volatile %v)", tc.tmpl, got, tc.local, td.volatile)
		}
	}
}

// TestCaseKeys checks that a case page's key follows what its template reads of the case's
// meeting and of the site, and nothing else of them.
func TestCaseKeys(t *testing.T) {
	th := depsTheme(t, `{{define "main"}}{{.Case.ID}} {{with .Case.Meeting}}{{.Title}} {{.Hall.Name}}{{end}} {{.Site.Title}}{{end}}`)
	d := NewDeps(th)
	key := func(p *Page) uint64 {
		t.Helper()
		p.Meeting, p.Hall, p.Month = nil, nil, nil // a case page's
		ks, err := d.CaseKeys([]Job{{job{path: "cases/1/index.html", template: "t.html", page: p}}})
		if err != nil {
			t.Fatal(err)
		}
		if ks[0] == 0 {
			t.Fatal("a case page of a case-local template has no key")
		}
		return ks[0]
	}
	base := key(depsModel(th))
	for _, tc := range []struct {
		name   string
		change func(*Page)
		same   bool
	}{
		{"nothing, new objects", func(*Page) {}, true},
		{"an unread field of the meeting", func(p *Page) { p.Case.Meeting.Topic = "x" }, true},
		{"the meeting's title", func(p *Page) { p.Case.Meeting.Title = "x" }, false},
		{"its hall's name", func(p *Page) { p.Case.Meeting.Hall.Name = "x" }, false},
		{"no meeting", func(p *Page) { p.Case.Meeting = nil }, false},
		{"the site's title", func(p *Page) { p.Site.Title = "x" }, false},
		{"a list of cases", func(p *Page) { p.Cases = p.Site.Cases }, false},
	} {
		p := depsModel(th)
		tc.change(p)
		if got := key(p) == base; got != tc.same {
			t.Errorf("%s: same key %v, want %v", tc.name, got, tc.same)
		}
	}
}

// TestCaseKeysLazy checks the case pages and the facet pages of Jobs, whose Page is made on
// demand: CaseKeys keys them without making it, and their keys are those of the same pages made
// beforehand, in every language; a key changes when what the page shows of its cases' meetings
// or of the site changes, and only the keys of the pages that show it.
func TestCaseKeysLazy(t *testing.T) {
	th := lazyTheme(t)
	model := func() *site.Site { return lazyModel(th) }
	keys := func(s *site.Site, tmpl string) (lazy, eager []uint64) {
		t.Helper()
		var jobs, made []Job
		for _, j := range Jobs(s, th) {
			if j.Template() != tmpl {
				continue
			}
			if j.j.page != nil {
				t.Fatalf("%s: the Page of a %s page is made by Jobs: this test tests nothing", j.Path(), tmpl)
			}
			p := j.Page()
			if !keyedPage(p) {
				t.Fatalf("%s: a %s page is not a keyedPage", j.Path(), tmpl)
			}
			jobs = append(jobs, j)
			made = append(made, Job{job{path: j.j.path, template: j.j.template, page: p}})
		}
		d := NewDeps(th) // each time: CaseKeys analyses the template anew
		lazy, err := d.CaseKeys(jobs)
		if err != nil {
			t.Fatal(err)
		}
		if eager, err = NewDeps(th).CaseKeys(made); err != nil {
			t.Fatal(err)
		}
		return lazy, eager
	}
	for _, tmpl := range []struct {
		name string
		// The jobs are the two cases in zh-CN, then the two in en; case 1 has a meeting.
		// The facet's three pages in zh-CN, then in en; cases 1 and 2 are on its first page.
		// The facet template does not read the hall of a case's meeting.
		n                       int
		case1, hall, case2, all []bool
	}{
		{"case.html", 4, []bool{true, false, true, false}, []bool{true, false, true, false}, []bool{false, true, false, true},
			[]bool{true, true, true, true}},
		{"facet.html", 6, []bool{true, false, false, true, false, false}, make([]bool, 6), []bool{true, false, false, true, false, false},
			[]bool{true, true, true, true, true, true}},
	} {
		base, eager := keys(model(), tmpl.name)
		if len(base) != tmpl.n || !slices.Equal(base, eager) || slices.Contains(base, 0) {
			t.Fatalf("%s: keys of the pages made on demand %v, made beforehand %v: want %d, equal, none 0", tmpl.name, base, eager, tmpl.n)
		}
		none := make([]bool, tmpl.n)
		for _, tc := range []struct {
			name    string
			change  func(*site.Site)
			changed []bool
		}{
			{"nothing, new objects", func(*site.Site) {}, none},
			{"the title of case 1's meeting", func(s *site.Site) { s.Cases[0].Meeting.Title = "x" }, tmpl.case1},
			{"an unread field of the meeting", func(s *site.Site) { s.Cases[0].Meeting.Topic = "x" }, none},
			{"the name of its hall", func(s *site.Site) { s.Cases[0].Meeting.Hall.Name = "x" }, tmpl.hall},
			{"a meeting for case 2", func(s *site.Site) { s.Cases[1].Meeting = s.Meetings[1] }, tmpl.case2},
			{"the site's title", func(s *site.Site) { s.Title = "x" }, tmpl.all},
		} {
			s := model()
			tc.change(s)
			got, eager := keys(s, tmpl.name)
			if !slices.Equal(got, eager) {
				t.Errorf("%s, %s: keys made on demand %v, beforehand %v", tmpl.name, tc.name, got, eager)
			}
			for i := range got {
				if (got[i] != base[i]) != tc.changed[i] {
					t.Errorf("%s, %s: key of job %d changed %v, want %v", tmpl.name, tc.name, i, got[i] != base[i], tc.changed[i])
				}
			}
		}
	}
}

// lazyTheme is a theme of two languages with a case page that shows what casePage makes of a
// case and its meeting.
func lazyTheme(t *testing.T) *theme.Theme {
	t.Helper()
	fsys := fstest.MapFS{
		"themes/x/layouts/base.html": {Data: []byte(`{{template "main" .}}`)},
		"themes/x/layouts/case.html": {Data: []byte(`{{define "main"}}{{.Title}} {{.URL}} {{range .Alternates}}{{.URL}}{{end}} ` +
			`{{range .Crumbs}}{{.URL}} {{.Label}}{{end}} {{.Description}} {{.Case.ID}} {{.Case.Category.Name}} ` +
			`{{with .Case.Meeting}}{{.Title}} {{.Hall.Name}}{{end}} {{.Site.Title}}{{end}}`)},
		"themes/x/layouts/facet.html": {Data: []byte(`{{define "main"}}{{.Title}} {{.URL}} {{range .Alternates}}{{.URL}}{{end}} ` +
			`{{range .Crumbs}}{{.URL}} {{.Label}}{{end}} {{.Description}} {{.Facet.URL}} {{.Facet.Community.Name}} ` +
			`{{.Pager.Number}}/{{.Pager.Total}} {{.Pager.Next}} {{range .Cases}}{{.ID}} {{with .Meeting}}{{.Title}}{{end}} {{end}}` +
			`{{.Site.Title}}{{end}}`)},
		"themes/x/i18n/zh-CN.toml": {Data: []byte(`"lang.name" = "中文"` + "\n" + `"title.case" = "{id} {category}"` + "\n" +
			`"title.facet" = "{a} · {b}"` + "\n" + `"title.facet_page" = "{title} {n}"` + "\n")},
		"themes/x/i18n/en.toml": {Data: []byte(`"lang.name" = "English"` + "\n" + `"title.case" = "Case {id}, {category}"` + "\n" +
			`"title.facet" = "{a}, {b}"` + "\n" + `"title.facet_page" = "{title}, page {n}"` + "\n")},
	}
	th, err := theme.Load(fsys, []string{"x"}, "zh-CN", Funcs())
	if err != nil {
		t.Fatal(err)
	}
	if len(th.Langs()) != 2 {
		t.Fatalf("%d languages, want 2", len(th.Langs()))
	}
	return th
}

// lazyModel is depsModel's site, whose cases have a category as casePage needs, and a facet
// (community C, category K) of 45 cases, the two first of which are the site's, in three pages;
// every call gives new objects.
func lazyModel(th *theme.Theme) *site.Site {
	p := depsModel(th)
	s := p.Site
	cat := &site.Category{Name: "K", Slug: "k", URL: "/categories/k/"}
	for _, c := range s.Cases {
		c.Category = cat
	}
	cm := s.Communities[0]
	f := &site.Facet{URL: cm.URL + "k/", Community: cm, Category: cat, Cases: slices.Clone(s.Cases)}
	for i := len(f.Cases); i < 45; i++ {
		id := strconv.Itoa(100 + i)
		f.Cases = append(f.Cases, &site.Case{ID: id, URL: "/cases/" + id + "/", Community: cm, Category: cat})
	}
	s.Facets = []*site.Facet{f}
	return s
}

// eagerJobs returns jobs with every Page made beforehand, and how many were made on demand.
func eagerJobs(jobs []Job) ([]Job, int) {
	out := make([]Job, len(jobs))
	lazy := 0
	for i, j := range jobs {
		if j.j.page == nil {
			lazy++
		}
		out[i] = Job{job{path: j.j.path, template: j.j.template, page: j.Page()}}
	}
	return out, lazy
}

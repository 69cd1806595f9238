package render

import (
	"slices"
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

// TestCaseKeysLazy checks the case pages of Jobs, whose Page is made on demand: CaseKeys keys
// them without making it, and their keys are those of the same pages made beforehand, in every
// language; a key changes when what the page shows of the case's meeting or of the site changes,
// and only that case's.
func TestCaseKeysLazy(t *testing.T) {
	th := lazyTheme(t)
	model := func() *site.Site { return lazyModel(th) }
	keys := func(s *site.Site) (lazy, eager []uint64) {
		t.Helper()
		var jobs, made []Job
		for _, j := range Jobs(s, th) {
			if j.Template() != "case.html" {
				continue
			}
			if j.j.page != nil {
				t.Fatalf("%s: the Page of a case page is made by Jobs: this test tests nothing", j.Path())
			}
			p := j.Page()
			if !keyedPage(p) {
				t.Fatalf("%s: a case page is not a keyedPage", j.Path())
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
	base, eager := keys(model())
	if len(base) != 4 || !slices.Equal(base, eager) || slices.Contains(base, 0) {
		t.Fatalf("keys of the case pages made on demand %v, made beforehand %v: want 4, equal, none 0", base, eager)
	}
	// The jobs are the two cases in zh-CN, then the two in en; case 1 has a meeting.
	for _, tc := range []struct {
		name    string
		change  func(*site.Site)
		changed []bool
	}{
		{"nothing, new objects", func(*site.Site) {}, []bool{false, false, false, false}},
		{"the title of case 1's meeting", func(s *site.Site) { s.Cases[0].Meeting.Title = "x" }, []bool{true, false, true, false}},
		{"an unread field of the meeting", func(s *site.Site) { s.Cases[0].Meeting.Topic = "x" }, []bool{false, false, false, false}},
		{"the name of its hall", func(s *site.Site) { s.Cases[0].Meeting.Hall.Name = "x" }, []bool{true, false, true, false}},
		{"a meeting for case 2", func(s *site.Site) { s.Cases[1].Meeting = s.Meetings[1] }, []bool{false, true, false, true}},
		{"the site's title", func(s *site.Site) { s.Title = "x" }, []bool{true, true, true, true}},
	} {
		s := model()
		tc.change(s)
		got, eager := keys(s)
		if !slices.Equal(got, eager) {
			t.Errorf("%s: keys made on demand %v, beforehand %v", tc.name, got, eager)
		}
		for i := range got {
			if (got[i] != base[i]) != tc.changed[i] {
				t.Errorf("%s: key of job %d changed %v, want %v", tc.name, i, got[i] != base[i], tc.changed[i])
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
		"themes/x/i18n/zh-CN.toml": {Data: []byte(`"lang.name" = "中文"` + "\n" + `"title.case" = "{id} {category}"` + "\n")},
		"themes/x/i18n/en.toml":    {Data: []byte(`"lang.name" = "English"` + "\n" + `"title.case" = "Case {id}, {category}"` + "\n")},
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

// lazyModel is depsModel's site, whose cases have a category as casePage needs; every call
// gives new objects.
func lazyModel(th *theme.Theme) *site.Site {
	p := depsModel(th)
	cat := &site.Category{Name: "K", Slug: "k", URL: "/categories/k/"}
	for _, c := range p.Site.Cases {
		c.Category = cat
	}
	return p.Site
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

package render

import (
	"testing"
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

// Package render turns the view model of package site into files: HTML pages from the theme's
// templates, the theme's static files and the sitemap.
//
// Render lists every page first (path, template, data), then executes the templates on all
// cores; output files go to a Writer as they are ready. The bytes of every file depend only on
// the site and the theme, never on the order in which workers finish. Where the theme's files
// are the default theme's, the templates most pages run are written in Go instead, to the same
// bytes (compiled.go).
package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"gongshi/generator/charts"
	"gongshi/generator/meetings"
	"gongshi/generator/site"
	"gongshi/generator/theme"
)

// Writer receives the output files; slash-separated paths relative to the site root.
type Writer interface {
	Write(name string, data []byte) error
}

// Sizer is a Writer that wants to know, before the first Write, how many pages Render will
// write (a progress display), so that nobody lists the pages a second time to count them.
type Sizer interface {
	Pages(n int)
}

// Page is the data every template gets.
type Page struct {
	Site        *site.Site
	Lang        *theme.Lang // the language of the page
	Title       string      // the page's own title; empty on the home page
	Path        string      // the page's path in the default language: "/cases/"
	URL         string      // the page's path in its language: "/en/cases/"
	Alternates  []Alternate // the page in every language, the default first
	Crumbs      []site.Link // breadcrumbs, without the page itself; paths of the default language
	Nav         string      // path of the navigation entry this page belongs to
	Description string      // for <meta name="description">; the site's description when empty

	Case      *site.Case
	Community *site.Community
	Category  *site.Category // a category page
	Facet     *site.Facet    // a browse page (facets.go)
	Hall      *site.Hall
	Meeting   *site.Meeting
	Free      *site.Page
	Cases     []*site.Case // the slice of a paginated list
	Pager     *Pager
	Agenda    []*site.Session // an agenda, filtered
	Filter    string          // what the agenda is filtered by, for its heading
	Measures  []*site.Measure // agreed measures: the open ones of the site, or all of one hall
	Month     *site.Month
	Feed      string         // URL of the page's Atom feed, for <link rel="alternate">
	Print     bool           // a print view: no navigation
	Charts    []charts.Chart // the charts of a statistics page
	Family    *site.Family   // the figures of a statistics page under /stats/
}

// Alternate is a page in one language, for hreflang links and the language switch.
type Alternate struct {
	Tag     string // "zh-CN"
	Name    string // the language's name in itself: "中文", "English"
	Locale  string // for og:locale: "zh_CN"
	URL     string
	Current bool // the page's own language
}

// Pager links the pages of a paginated list.
type Pager struct {
	Number, Total int
	Prev, Next    string
	First, Last   string
}

// job is one page to render. The Page of a case page (kase is set) and of a page of a facet's
// list (facet is set) is built when needed, and page is nil: a big site has a case page per
// published case in every language, and a facet page per 20 cases of each of three facets;
// keeping each one's Page from the listing to the end of the build would make memory grow with
// the pages written, and making them all would make every listing slow.
type job struct {
	path     string
	template string
	page     *Page
	// in makes the page of a case page (casePage) or of the page num of a facet's list
	// (facetPage) on demand.
	in    *listing
	kase  *site.Case
	facet *site.Facet
	num   int
}

// listing is what every page of one language is listed with.
type listing struct {
	s  *site.Site
	th *theme.Theme
	l  *theme.Lang
}

// data returns the page's data: the Page of a page made on demand is made anew on each call,
// the same every time.
func (j job) data() *Page {
	switch {
	case j.page != nil:
		return j.page
	case j.kase != nil:
		return j.in.page(j.kase.URL, casePage(j.in.l, j.kase))
	}
	return j.in.page(j.url(), facetPage(j.in.s, j.in.l, j.facet, j.num))
}

// url is the page's URL in the default language.
func (j job) url() string {
	switch {
	case j.page != nil:
		return j.page.Path
	case j.kase != nil:
		return j.kase.URL
	}
	return site.PageURL(j.facet.URL, j.num)
}

// lang is the page's language.
func (j job) lang() *theme.Lang {
	if j.page != nil {
		return j.page.Lang
	}
	return j.in.l
}

// links returns the page's data as far as its paths and alternates, all a sitemap needs: a
// page made on demand has no title and the rest.
func (j job) links() *Page {
	if j.page != nil {
		return j.page
	}
	return j.in.page(j.url(), &Page{})
}

// page fills in the fields every page of lang in.l has: the site, the language, its paths and its
// alternates in every language.
func (in *listing) page(url string, p *Page) *Page {
	p.Site, p.Lang, p.Path, p.URL = in.s, in.l, url, in.l.URL(url)
	p.Alternates = make([]Alternate, 0, len(in.th.Langs()))
	for _, o := range in.th.Langs() {
		p.Alternates = append(p.Alternates, Alternate{Tag: o.Tag, Name: o.S("lang.name"), Locale: o.S("lang.og"), URL: o.URL(url), Current: o == in.l})
	}
	return p
}

// outPath is the output file of the page at url in language l: "en/cases/" → "en/cases/index.html".
func outPath(l *theme.Lang, url string) string {
	u := l.URL(url)
	if strings.HasSuffix(url, ".html") {
		return strings.TrimPrefix(u, "/")
	}
	return strings.TrimPrefix(u, "/") + "index.html"
}

// casePage is the page of case c in language l, before listing.page.
func casePage(l *theme.Lang, c *site.Case) *Page {
	home := site.Link{URL: "/", Key: "nav.home"}
	casesLink := site.Link{URL: "/cases/", Key: "nav.cases"}
	return &Page{Title: l.S("title.case", "id", c.ID, "category", c.Category.Name), Nav: "/cases/",
		Case: c, Crumbs: []site.Link{home, casesLink, {URL: c.Community.URL, Label: c.Community.Name}, {URL: c.FacetURL(), Label: c.Category.Name}},
		Description: c.Summary}
}

// Funcs returns the template functions the theme must be parsed with.
func Funcs() map[string]any {
	md := goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough))
	return funcs(md)
}

// Render writes the whole site to w and returns the number of pages.
func Render(s *site.Site, th *theme.Theme, w Writer) (int, error) {
	return RenderSome(s, th, w, nil)
}

// RenderSome writes the site to w as Render does, but only the pages pick returns: pick is given
// every page of the site, in a fixed order, before any is rendered, and the caller keeps the
// files of the pages it leaves out. Every file that is not a page is written. A nil pick renders
// every page. It returns the number of pages of the site, rendered or not.
func RenderSome(s *site.Site, th *theme.Theme, w Writer, pick func([]Job) ([]Job, error)) (int, error) {
	jobs := list(s, th)
	// Everything that is not a page (the same code as an incremental rebuild's, so the two
	// cannot drift apart) alongside the pages: the search index and the open data of a big
	// site take long on one core, while the pages keep the others busy.
	var extras error
	var wg sync.WaitGroup
	defer wg.Wait()
	wg.Go(func() { extras = Extras(s, th, jobs, w) })
	todo := jobs
	if pick != nil {
		var err error
		if todo, err = pick(jobs); err != nil {
			return 0, err
		}
	}
	if sz, ok := w.(Sizer); ok {
		sz.Pages(len(todo))
	}
	err := Pages(th, todo, w)
	wg.Wait()
	if err != nil {
		return 0, err
	}
	if extras != nil {
		return 0, extras
	}
	return len(jobs), nil
}

func execute(th *theme.Theme, j job, buf *bytes.Buffer) error {
	p := j.data()
	t, err := p.Lang.Page(j.template)
	if err != nil {
		return err
	}
	if ok, m := plan(th, j.template, p); ok {
		return writeBase(buf, t, j.template, p, m)
	}
	return t.ExecuteTemplate(buf, "base.html", p)
}

// list returns every page of the site in every language, in a fixed order: all pages of the
// default language, then all of the next one. The languages are listed in parallel.
func list(s *site.Site, th *theme.Theme) []Job {
	langs := th.Langs()
	// Each language is listed into its own stretch of one slice, on its own core, and the
	// stretches are then closed up: a big site's list is neither copied nor allocated twice.
	size := listSize(s)
	all := make([]Job, 0, size*len(langs))
	parts := make([][]Job, len(langs))
	var wg sync.WaitGroup
	for i, l := range langs {
		wg.Go(func() { parts[i] = listLang(s, th, l, all[i*size:i*size:(i+1)*size]) })
	}
	wg.Wait()
	for _, p := range parts {
		if len(p) > size { // more pages than listSize said: p grew elsewhere
			return slices.Concat(parts...)
		}
	}
	for _, p := range parts {
		all = append(all, p...) // p moves down, to where the last part ends
	}
	return all
}

// listSize is room for every page of one language, so that the list of a big site is not
// copied as it grows: the case pages and their lists, and a few more pages than the site has
// meetings, halls, months…
func listSize(s *site.Site) int {
	size := len(s.Cases) + site.Pages(len(s.Cases)) + len(s.Meetings) + len(s.Upcoming) + len(s.Months) +
		2*len(s.Halls) + 2*len(s.Communities) + len(s.Categories) + len(s.Families) + len(s.Pages) + 64
	for _, f := range s.Facets {
		size += site.Pages(len(f.Cases))
	}
	return size
}

// listLang appends every page of the site in language l to jobs.
func listLang(s *site.Site, th *theme.Theme, l *theme.Lang, jobs []Job) []Job {
	home := site.Link{URL: "/", Key: "nav.home"}
	in := &listing{s: s, th: th, l: l}
	add := func(url, tmpl string, p *Page) {
		jobs = append(jobs, Job{job{path: outPath(l, url), template: tmpl, page: in.page(url, p)}})
	}
	add("/", "home.html", &Page{Nav: "/", Feed: "/feeds/meetings.atom"})
	add("/404.html", "404.html", &Page{Title: l.S("title.not_found"), Crumbs: []site.Link{home}})

	casesLink := site.Link{URL: "/cases/", Key: "nav.cases"}
	n := site.Pages(len(s.Cases))
	for i := 1; i <= n; i++ {
		lo, hi := (i-1)*site.PerPage, i*site.PerPage
		if hi > len(s.Cases) {
			hi = len(s.Cases)
		}
		title := l.S("title.cases")
		crumbs := []site.Link{home}
		if i > 1 {
			title = l.S("title.cases_page", "n", i)
			crumbs = append(crumbs, casesLink)
		}
		add(site.PageURL("/cases/", i), "cases.html", &Page{Title: title, Nav: "/cases/", Crumbs: crumbs,
			Cases: s.Cases[lo:hi], Pager: pager("/cases/", i, n)})
	}
	for _, c := range s.Cases {
		jobs = append(jobs, Job{job{path: outPath(l, c.URL), template: "case.html", kase: c, in: in}})
	}
	add("/communities/", "communities.html", &Page{Title: l.S("title.communities"), Nav: "/communities/", Crumbs: []site.Link{home}})
	for _, c := range s.Communities {
		add(c.URL, "community.html", &Page{Title: c.Name, Nav: "/communities/", Community: c, Crumbs: append([]site.Link{home}, c.Crumbs(s)...), Feed: c.Feed()})
	}
	listBrowse(in, add, func(j job) { jobs = append(jobs, Job{j}) })
	hallLink := site.Link{URL: "/halls/", Key: "nav.halls"}
	add("/halls/", "halls.html", &Page{Title: l.S("title.halls"), Nav: "/halls/", Crumbs: []site.Link{home}})
	for _, h := range s.Halls {
		add(h.URL, "hall.html", &Page{Title: h.Name, Nav: "/halls/", Hall: h, Feed: h.Feed(),
			Crumbs: []site.Link{home, hallLink, {URL: h.Community.URL, Label: h.Community.Name}}})
	}
	mLink := site.Link{URL: "/meetings/", Key: "nav.meetings"}
	add("/meetings/", "meetings.html", &Page{Title: l.S("title.meetings"), Nav: "/meetings/", Crumbs: []site.Link{home}, Feed: "/feeds/meetings.atom"})
	for _, m := range s.Meetings {
		add(m.URL, "meeting.html", &Page{Title: m.Title, Nav: "/meetings/", Meeting: m,
			Crumbs: []site.Link{home, mLink, {URL: m.Hall.URL, Label: m.Hall.Name}}})
	}
	calLink := site.Link{URL: "/calendar/", Key: "title.calendar"}
	add("/calendar/", "agenda.html", &Page{Title: l.S("title.calendar"), Nav: "/calendar/", Crumbs: []site.Link{home}, Agenda: s.Agenda,
		Feed: "/feeds/meetings.atom"})
	for _, c := range s.Communities {
		var list []*site.Session
		for _, a := range s.Agenda {
			if a.Hall.Community == c {
				list = append(list, a)
			}
		}
		add("/calendar/community/"+c.Slug+"/", "agenda.html", &Page{Title: l.S("title.calendar_filter", "filter", c.Name), Nav: "/calendar/",
			Crumbs: []site.Link{home, calLink}, Agenda: list, Filter: c.Name, Feed: c.Feed()})
	}
	for _, k := range meetings.Kinds {
		var list []*site.Session
		for _, a := range s.Agenda {
			if a.Kind == k {
				list = append(list, a)
			}
		}
		kind := l.S("kind." + string(k))
		add("/calendar/kind/"+string(k)+"/", "agenda.html", &Page{Title: l.S("title.calendar_filter", "filter", kind), Nav: "/calendar/",
			Crumbs: []site.Link{home, calLink}, Agenda: list, Filter: kind})
	}
	for _, m := range s.Months {
		add(m.URL, "month.html", &Page{Title: l.S("title.month", "month", date(l, "date.month", m.Start)), Nav: "/calendar/",
			Crumbs: []site.Link{home, calLink}, Month: m})
	}
	// The measures still open on /measures/, every measure of a hall on a page of its own: a
	// page of every measure of every meeting grows with the years and is written again on every
	// change to a meeting.
	var open []*site.Measure
	for _, x := range s.Measures {
		if !x.Done {
			open = append(open, x)
		}
	}
	add("/measures/", "measures.html", &Page{Title: l.S("title.measures"), Nav: "/measures/", Crumbs: []site.Link{home}, Measures: open})
	measuresLink := site.Link{URL: "/measures/", Key: "title.measures"}
	for _, h := range s.Halls {
		var list []*site.Measure
		for _, x := range s.Measures {
			if x.Meeting != nil && x.Meeting.Hall == h {
				list = append(list, x)
			}
		}
		add("/measures/"+h.Slug+"/", "measures.html", &Page{Title: l.S("title.measures_hall", "hall", h.Name), Nav: "/measures/",
			Crumbs: []site.Link{home, measuresLink}, Hall: h, Measures: list})
	}
	for _, m := range s.Upcoming {
		add(m.Print(), "print.html", &Page{Title: m.Title, Meeting: m, Print: true})
	}
	add("/stats/", "stats.html", &Page{Title: l.S("title.stats"), Nav: "/stats/", Crumbs: []site.Link{home}})
	statsLink := site.Link{URL: "/stats/", Key: "title.stats"}
	all := statsCharts(s, l)
	for _, f := range s.Families {
		var cs []charts.Chart // the charts of its tables, in the order of the tables
		for _, t := range f.Tables {
			for _, c := range all {
				if c.Table == t.ID {
					cs = append(cs, c)
				}
			}
		}
		add(f.URL, "stats-family.html", &Page{Title: l.S("family." + f.ID), Nav: "/stats/", Crumbs: []site.Link{home, statsLink},
			Family: f, Charts: cs, Description: l.S("family." + f.ID + ".lede")})
	}
	add("/search/", "search.html", &Page{Title: l.S("title.search"), Nav: "/search/", Crumbs: []site.Link{home}})
	for _, p := range s.Pages {
		tmpl := "page.html"
		if p.Slug == "methodology" {
			// The methodology page states every definition, with the anchors the statistics
			// pages' cite boxes link to, where the theme has the template for it.
			if _, err := l.Page("methodology.html"); err == nil {
				tmpl = "methodology.html"
			}
		}
		add(p.URL, tmpl, &Page{Title: p.Title, Nav: p.URL, Free: p, Crumbs: []site.Link{home}})
	}
	return jobs
}

func pager(base string, i, n int) *Pager {
	p := &Pager{Number: i, Total: n, First: site.PageURL(base, 1), Last: site.PageURL(base, n)}
	if i > 1 {
		p.Prev = site.PageURL(base, i-1)
	}
	if i < n {
		p.Next = site.PageURL(base, i+1)
	}
	return p
}

// sitemapMax is the most URLs one sitemap file may list (sitemaps.org).
const sitemapMax = 50_000

// writeSitemaps writes sitemap.xml: every page but the 404 pages, each with its alternates in
// every language. A site with more than max pages gets sitemap.xml as a sitemap index
// of sitemap-1.xml, sitemap-2.xml, … of at most max pages each.
func writeSitemaps(s *site.Site, jobs []Job, w Writer, max int) error {
	// Runs of jobs with at most max pages each, the 404 page left out (sitemap skips it).
	var runs [][]Job
	start, n := 0, 0
	for i, j := range jobs {
		if inSitemap(j) {
			if n == max {
				runs = append(runs, jobs[start:i])
				start, n = i, 0
			}
			n++
		}
	}
	if n > 0 || len(runs) == 0 {
		runs = append(runs, jobs[start:])
	}
	if len(runs) == 1 {
		return w.Write("sitemap.xml", sitemap(s, runs[0]))
	}
	var idx bytes.Buffer
	idx.WriteString(xml.Header)
	idx.WriteString(`<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for i, run := range runs {
		name := fmt.Sprintf("sitemap-%d.xml", i+1)
		if err := w.Write(name, sitemap(s, run)); err != nil {
			return err
		}
		idx.WriteString("<sitemap><loc>")
		xml.EscapeText(&idx, []byte(abs(s, "/"+name)))
		idx.WriteString("</loc></sitemap>\n")
	}
	idx.WriteString("</sitemapindex>\n")
	return w.Write("sitemap.xml", idx.Bytes())
}

// inSitemap reports whether a page is listed in the sitemap: every page but the 404 page.
func inSitemap(j Job) bool { return j.j.template != "404.html" }

// sitemap is one sitemap file of the pages in jobs (but the 404 page), with their alternates in every language
// (xhtml:link, as search engines read them) when the site has more than one.
func sitemap(s *site.Site, jobs []Job) []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"`)
	multi := len(jobs) > 0 && len(jobs[0].j.links().Alternates) > 1
	if multi {
		b.WriteString(` xmlns:xhtml="http://www.w3.org/1999/xhtml"`)
	}
	b.WriteString(">\n")
	base := strings.TrimSuffix(s.BaseURL, "/")
	for _, j := range jobs {
		if !inSitemap(j) {
			continue
		}
		p := j.j.links()
		b.WriteString("<url><loc>")
		xml.EscapeText(&b, []byte(base+p.URL))
		b.WriteString("</loc>")
		if multi {
			for _, a := range p.Alternates {
				b.WriteString(`<xhtml:link rel="alternate" hreflang="` + a.Tag + `" href="`)
				xml.EscapeText(&b, []byte(base+a.URL))
				b.WriteString(`"/>`)
			}
			b.WriteString(`<xhtml:link rel="alternate" hreflang="x-default" href="`)
			xml.EscapeText(&b, []byte(base+p.Alternates[0].URL))
			b.WriteString(`"/>`)
		}
		b.WriteString("</url>\n")
	}
	b.WriteString("</urlset>\n")
	return b.Bytes()
}

// firstN returns at most the first n elements of slice v.
func firstN(n int, v any) any {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice || rv.Len() <= n {
		return v
	}
	return rv.Slice(0, n).Interface()
}

// Package render turns the view model of package site into files: HTML pages from the theme's
// templates, the theme's static files and the sitemap.
//
// Render lists every page first (path, template, data), then executes the templates on all
// cores; output files go to a Writer as they are ready. The bytes of every file depend only on
// the site and the theme, never on the order in which workers finish.
package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io/fs"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"gongshi/generator/meetings"
	"gongshi/generator/site"
	"gongshi/generator/theme"
)

// Writer receives the output files; slash-separated paths relative to the site root.
type Writer interface {
	Write(name string, data []byte) error
}

// Page is the data every template gets.
type Page struct {
	Site   *site.Site
	Title  string // the page's own title; empty on the home page
	URL    string
	Crumbs []site.Link // breadcrumbs, without the page itself
	Nav    string      // URL of the navigation entry this page belongs to

	Case      *site.Case
	Community *site.Community
	Hall      *site.Hall
	Meeting   *site.Meeting
	Free      *site.Page
	Cases     []*site.Case // the slice of a paginated list
	Pager     *Pager
	Agenda    []*site.Session // an agenda, filtered
	Filter    string          // what the agenda is filtered by, for its heading
	Month     *site.Month
	Feed      string // URL of the page's Atom feed, for <link rel="alternate">
	Print     bool   // a print view: no navigation
}

// Pager links the pages of a paginated list.
type Pager struct {
	Number, Total int
	Prev, Next    string
	First, Last   string
}

type job struct {
	path     string
	template string
	page     *Page
}

// Funcs returns the template functions the theme must be parsed with.
func Funcs() map[string]any {
	md := goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough))
	return funcs(md)
}

// Render writes the whole site to w and returns the number of pages.
func Render(s *site.Site, th *theme.Theme, w Writer) (int, error) {
	jobs := list(s, th)
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		errs  []string
		next  = make(chan job)
		procs = runtime.GOMAXPROCS(0)
	)
	for i := 0; i < procs; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			for j := range next {
				buf.Reset()
				err := execute(th, j, &buf)
				if err == nil {
					err = w.Write(j.path, bytes.Clone(buf.Bytes()))
				}
				if err != nil {
					mu.Lock()
					errs = append(errs, fmt.Sprintf("%s: %v", j.path, err))
					mu.Unlock()
				}
			}
		}()
	}
	for _, j := range jobs {
		next <- j
	}
	close(next)
	wg.Wait()
	if len(errs) > 0 {
		sort.Strings(errs)
		return 0, fmt.Errorf("render: %s", strings.Join(errs, "\n"))
	}
	for _, f := range th.Static() {
		data, err := fs.ReadFile(th.FS(), f[1])
		if err != nil {
			return 0, err
		}
		if err := w.Write(f[0], data); err != nil {
			return 0, err
		}
	}
	if err := w.Write("sitemap.xml", sitemap(s, jobs)); err != nil {
		return 0, err
	}
	robots := "User-agent: *\nAllow: /\nSitemap: " + abs(s, "/sitemap.xml") + "\n"
	if err := w.Write("robots.txt", []byte(robots)); err != nil {
		return 0, err
	}
	if err := writeCalendars(s, th, w); err != nil {
		return 0, fmt.Errorf("render: calendars: %w", err)
	}
	if err := writeFeeds(s, th, w); err != nil {
		return 0, fmt.Errorf("render: feeds: %w", err)
	}
	return len(jobs), nil
}

func execute(th *theme.Theme, j job, buf *bytes.Buffer) error {
	t, err := th.Page(j.template)
	if err != nil {
		return err
	}
	return t.ExecuteTemplate(buf, "base.html", j.page)
}

// list returns every page of the site, in a fixed order.
func list(s *site.Site, th *theme.Theme) []job {
	home := site.Link{URL: "/", Label: "首页"}
	var jobs []job
	add := func(url, tmpl string, p *Page) {
		p.Site = s
		p.URL = url
		path := strings.TrimPrefix(url, "/") + "index.html"
		if strings.HasSuffix(url, ".html") {
			path = strings.TrimPrefix(url, "/")
		}
		jobs = append(jobs, job{path: path, template: tmpl, page: p})
	}
	add("/", "home.html", &Page{Nav: "/", Feed: "/feeds/meetings.atom"})
	add("/404.html", "404.html", &Page{Title: "页面未找到", Crumbs: []site.Link{home}})

	casesLink := site.Link{URL: "/cases/", Label: "工单公示"}
	n := site.Pages(len(s.Cases))
	for i := 1; i <= n; i++ {
		lo, hi := (i-1)*site.PerPage, i*site.PerPage
		if hi > len(s.Cases) {
			hi = len(s.Cases)
		}
		title := "工单公示"
		crumbs := []site.Link{home}
		if i > 1 {
			title = fmt.Sprintf("工单公示 · 第 %d 页", i)
			crumbs = append(crumbs, casesLink)
		}
		add(site.PageURL("/cases/", i), "cases.html", &Page{Title: title, Nav: "/cases/", Crumbs: crumbs,
			Cases: s.Cases[lo:hi], Pager: pager("/cases/", i, n)})
	}
	for _, c := range s.Cases {
		add(c.URL, "case.html", &Page{Title: "工单 " + c.ID + "（" + c.Category.Name + "）", Nav: "/cases/",
			Case: c, Crumbs: []site.Link{home, casesLink, {URL: c.Community.URL, Label: c.Community.Name}}})
	}
	cmLink := site.Link{URL: "/communities/", Label: "社区"}
	add("/communities/", "communities.html", &Page{Title: "社区", Nav: "/communities/", Crumbs: []site.Link{home}})
	for _, c := range s.Communities {
		add(c.URL, "community.html", &Page{Title: c.Name, Nav: "/communities/", Community: c, Crumbs: []site.Link{home, cmLink}, Feed: c.Feed()})
	}
	hallLink := site.Link{URL: "/halls/", Label: "议事厅"}
	add("/halls/", "halls.html", &Page{Title: "议事厅", Nav: "/halls/", Crumbs: []site.Link{home}})
	for _, h := range s.Halls {
		add(h.URL, "hall.html", &Page{Title: h.Name, Nav: "/halls/", Hall: h, Feed: h.Feed(),
			Crumbs: []site.Link{home, hallLink, {URL: h.Community.URL, Label: h.Community.Name}}})
	}
	mLink := site.Link{URL: "/meetings/", Label: "会议"}
	add("/meetings/", "meetings.html", &Page{Title: "会议", Nav: "/meetings/", Crumbs: []site.Link{home}, Feed: "/feeds/meetings.atom"})
	for _, m := range s.Meetings {
		add(m.URL, "meeting.html", &Page{Title: m.Title, Nav: "/meetings/", Meeting: m,
			Crumbs: []site.Link{home, mLink, {URL: m.Hall.URL, Label: m.Hall.Name}}})
	}
	calLink := site.Link{URL: "/calendar/", Label: "议事日历"}
	add("/calendar/", "agenda.html", &Page{Title: "议事日历", Nav: "/calendar/", Crumbs: []site.Link{home}, Agenda: s.Agenda,
		Feed: "/feeds/meetings.atom"})
	for _, c := range s.Communities {
		var list []*site.Session
		for _, a := range s.Agenda {
			if a.Hall.Community == c {
				list = append(list, a)
			}
		}
		add("/calendar/community/"+c.Slug+"/", "agenda.html", &Page{Title: "议事日历 · " + c.Name, Nav: "/calendar/",
			Crumbs: []site.Link{home, calLink}, Agenda: list, Filter: c.Name, Feed: c.Feed()})
	}
	for _, k := range meetings.Kinds {
		var list []*site.Session
		for _, a := range s.Agenda {
			if a.Kind == k {
				list = append(list, a)
			}
		}
		add("/calendar/kind/"+string(k)+"/", "agenda.html", &Page{Title: "议事日历 · " + th.T("kind."+string(k)), Nav: "/calendar/",
			Crumbs: []site.Link{home, calLink}, Agenda: list, Filter: th.T("kind."+string(k))})
	}
	for _, m := range s.Months {
		add(m.URL, "month.html", &Page{Title: fmt.Sprintf("议事日历 · %d年%d月", m.Start.Year(), m.Start.Month()), Nav: "/calendar/",
			Crumbs: []site.Link{home, calLink}, Month: m})
	}
	add("/measures/", "measures.html", &Page{Title: "商定事项跟踪", Nav: "/measures/", Crumbs: []site.Link{home}})
	for _, m := range s.Upcoming {
		add(m.Print(), "print.html", &Page{Title: m.Title, Meeting: m, Print: true})
	}
	add("/stats/", "stats.html", &Page{Title: "统计", Nav: "/stats/", Crumbs: []site.Link{home}})
	for _, p := range s.Pages {
		add(p.URL, "page.html", &Page{Title: p.Title, Nav: p.URL, Free: p, Crumbs: []site.Link{home}})
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

func sitemap(s *site.Site, jobs []job) []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	base := strings.TrimSuffix(s.BaseURL, "/")
	for _, j := range jobs {
		if j.template == "404.html" {
			continue
		}
		b.WriteString("<url><loc>")
		xml.EscapeText(&b, []byte(base+j.page.URL))
		b.WriteString("</loc></url>\n")
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

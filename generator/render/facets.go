package render

import (
	"strconv"

	"gongshi/generator/site"
	"gongshi/generator/theme"
)

// listBrowse adds the browse pages of issue 8 in language in.l: the categories, each category
// (add), and every page of every facet list (see package site, facets.go), which are made on
// demand (lazy, job.data): listing costs time in proportion to the facets' pages, and a pager
// page's list is a slice of the facet's, made once per build.
func listBrowse(in *listing, add func(url, tmpl string, p *Page), lazy func(job)) {
	s, l := in.s, in.l
	home := site.Link{URL: "/", Key: "nav.home"}
	catsLink := site.Link{URL: "/categories/", Key: "title.categories"}
	add("/categories/", "categories.html", &Page{Title: l.S("title.categories"), Nav: "/communities/", Crumbs: []site.Link{home},
		Description: l.S("categories.description")})
	for _, c := range s.Categories {
		add(c.URL, "category.html", &Page{Title: c.Name, Nav: "/communities/", Category: c, Crumbs: []site.Link{home, catsLink},
			Description: l.S("category.description", "name", c.Name)})
	}
	for _, f := range s.Facets {
		for i := 1; i <= site.Pages(len(f.Cases)); i++ {
			lazy(job{path: outPath(l, site.PageURL(f.URL, i)), template: "facet.html", in: in, facet: f, num: i})
		}
	}
}

// facetPage is page i of facet f's list in language l, before listing.page.
func facetPage(s *site.Site, l *theme.Lang, f *site.Facet, i int) *Page {
	home := site.Link{URL: "/", Key: "nav.home"}
	title := facetTitle(l, f)
	var crumbs []site.Link
	if f.Community != nil {
		crumbs = append([]site.Link{home}, f.Community.Crumbs(s)...)
		crumbs = append(crumbs, site.Link{URL: f.Community.URL, Label: f.Community.Name})
	} else {
		crumbs = []site.Link{home, {URL: "/categories/", Key: "title.categories"}, {URL: f.Category.URL, Label: f.Category.Name}}
	}
	n := site.Pages(len(f.Cases))
	desc := l.S("facet.description", "title", title) // the same on every page of the facet
	t := title
	if i > 1 {
		t = l.S("title.facet_page", "title", title, "n", i)
		crumbs = append(crumbs, site.Link{URL: f.URL, Label: title})
	}
	lo, hi := (i-1)*site.PerPage, min(i*site.PerPage, len(f.Cases))
	return &Page{Title: t, Nav: "/communities/", Crumbs: crumbs, Facet: f,
		Cases: f.Cases[lo:hi], Pager: pager(f.URL, i, n), Description: desc}
}

// facetTitle names a facet in language l: 水城社区 · 物业管理, 水城社区 · 2022年, 物业管理 · 2022年.
func facetTitle(l *theme.Lang, f *site.Facet) string {
	var a, b string
	switch {
	case f.Year == 0:
		a, b = f.Community.Name, f.Category.Name
	case f.Community != nil:
		a, b = f.Community.Name, l.S("date.year", "y", strconv.Itoa(f.Year))
	default:
		a, b = f.Category.Name, l.S("date.year", "y", strconv.Itoa(f.Year))
	}
	return l.S("title.facet", "a", a, "b", b)
}

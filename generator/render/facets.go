package render

import (
	"strconv"

	"gongshi/generator/site"
	"gongshi/generator/theme"
)

// listBrowse adds the browse pages of issue 8 in language l: the categories, each category, and
// every page of every facet list (see package site, facets.go). A pager page is a slice of the
// facet's list, made once per build, so listing costs time in proportion to the cases.
func listBrowse(s *site.Site, l *theme.Lang, add func(url, tmpl string, p *Page)) {
	home := site.Link{URL: "/", Key: "nav.home"}
	catsLink := site.Link{URL: "/categories/", Key: "title.categories"}
	add("/categories/", "categories.html", &Page{Title: l.S("title.categories"), Nav: "/communities/", Crumbs: []site.Link{home},
		Description: l.S("categories.description")})
	for _, c := range s.Categories {
		add(c.URL, "category.html", &Page{Title: c.Name, Nav: "/communities/", Category: c, Crumbs: []site.Link{home, catsLink},
			Description: l.S("category.description", "name", c.Name)})
	}
	for _, f := range s.Facets {
		title := facetTitle(l, f)
		var crumbs []site.Link
		if f.Community != nil {
			crumbs = append([]site.Link{home}, f.Community.Crumbs(s)...)
			crumbs = append(crumbs, site.Link{URL: f.Community.URL, Label: f.Community.Name})
		} else {
			crumbs = []site.Link{home, catsLink, {URL: f.Category.URL, Label: f.Category.Name}}
		}
		n := site.Pages(len(f.Cases))
		desc := l.S("facet.description", "title", title) // the same on every page of the facet
		for i := 1; i <= n; i++ {
			lo, hi := (i-1)*site.PerPage, min(i*site.PerPage, len(f.Cases))
			t, cr := title, crumbs
			if i > 1 {
				t = l.S("title.facet_page", "title", title, "n", i)
				cr = append(cr[:len(cr):len(cr)], site.Link{URL: f.URL, Label: title})
			}
			add(site.PageURL(f.URL, i), "facet.html", &Page{Title: t, Nav: "/communities/", Crumbs: cr, Facet: f,
				Cases: f.Cases[lo:hi], Pager: pager(f.URL, i, n), Description: desc})
		}
	}
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

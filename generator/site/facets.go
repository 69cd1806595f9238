package site

import (
	"strconv"

	"gongshi/generator/config"
	"gongshi/generator/stats"
)

// Browse pages (issue 8): the published cases of a community and a top-level category, of a
// community and a year, and of a category and a year, each a paginated list with the count of
// cases received (suppressed by package stats with every other figure). Their URLs are
//
//	/communities/COMMUNITY/CATEGORY/   /communities/COMMUNITY/YEAR/   /categories/CATEGORY/YEAR/
//
// and page N of a list is URL + "page/N/", as for /cases/. A facet has a page when it has at
// least one published case; its count shows in the tables of the community and category pages
// either way. Every list is made in one pass over the cases, before any page is rendered: a
// pager page is a slice of it, so the browse pages cost time in proportion to the cases.

// Facet is a browse page: the published cases that share two facets.
type Facet struct {
	URL       string
	Community *Community // nil for a category × year
	Category  *Category  // nil for a community × year
	Year      int        // 0 for a community × category
	Received  stats.Count
	Cases     []*Case // published, newest first
	// Prev and Next are the facets beside it that have a page: the category before and after it
	// in the same community, or the year before and after it in the same community or category.
	Prev, Next *Facet
}

// FacetCell is a row of the browse tables of a community or a category page: the count of
// cases received with the facet and its page, nil when none of them is published.
type FacetCell struct {
	Community *Community // the other facet: one of Community, Category and Year is set
	Category  *Category
	Year      int
	Received  stats.Count
	Page      *Facet
}

// Street is a street (街道) with its communities: a heading of the communities page, and a link
// of the breadcrumbs of the pages below it.
type Street struct {
	Name        string
	Slug        string
	URL         string // its heading on the communities page
	Communities []*Community
}

// FacetURL is the browse page of the case's community and category, which always exists: it
// lists the case.
func (c *Case) FacetURL() string { return c.Community.URL + c.Category.Slug + "/" }

// Crumbs are the places above a community, largest first: the district and its street, each a
// link to the communities page (the street to its heading there).
func (c *Community) Crumbs(s *Site) []Link {
	return []Link{{URL: "/communities/", Label: s.District}, {URL: c.StreetURL, Label: c.Street}}
}

// streets groups the communities by street, in site.toml order.
func (s *Site) streets(cfg *config.Config, communities map[*config.Community]*Community) {
	for _, st := range cfg.District.Streets {
		v := &Street{Name: st.Name, Slug: st.Slug, URL: "/communities/#street-" + st.Slug}
		for _, c := range st.Communities {
			cm := communities[c]
			cm.StreetURL = v.URL
			v.Communities = append(v.Communities, cm)
		}
		s.StreetList = append(s.StreetList, v)
	}
}

// facets makes the browse lists and tables from the published cases (newest first) and the
// suppressed counts of f, whose rows and columns are in site.toml order, as s.Communities and
// s.Categories.
func (s *Site) facets(f stats.Facets) {
	s.Years = f.Years
	yearIdx := make(map[int]int, len(f.Years))
	for i, y := range f.Years {
		yearIdx[y] = i
	}
	cmIdx := make(map[*Community]int, len(s.Communities))
	for i, c := range s.Communities {
		cmIdx[c] = i
	}
	catIdx := make(map[*Category]int, len(s.Categories))
	for i, c := range s.Categories {
		catIdx[c] = i
	}
	nc, nk, ny := len(s.Communities), len(s.Categories), len(f.Years)
	cc := make([][]*Facet, nc)
	cy := make([][]*Facet, nc)
	for i := range cc {
		cc[i], cy[i] = make([]*Facet, nk), make([]*Facet, ny)
	}
	ky := make([][]*Facet, nk)
	for i := range ky {
		ky[i] = make([]*Facet, ny)
	}
	get := func(tab [][]*Facet, r, c int, mk func() *Facet) *Facet {
		if tab[r][c] == nil {
			tab[r][c] = mk()
		}
		return tab[r][c]
	}
	for _, c := range s.Cases {
		m, k := cmIdx[c.Community], catIdx[c.Category]
		y, ok := yearIdx[c.Received.Year()]
		if !ok {
			continue // the counts know no such year: stats and site were given other cases
		}
		cm, cat, year := c.Community, c.Category, f.Years[y]
		f1 := get(cc, m, k, func() *Facet { return &Facet{URL: cm.URL + cat.Slug + "/", Community: cm, Category: cat} })
		f2 := get(cy, m, y, func() *Facet { return &Facet{URL: cm.URL + strconv.Itoa(year) + "/", Community: cm, Year: year} })
		f3 := get(ky, k, y, func() *Facet { return &Facet{URL: cat.URL + strconv.Itoa(year) + "/", Category: cat, Year: year} })
		f1.Cases = append(f1.Cases, c)
		f2.Cases = append(f2.Cases, c)
		f3.Cases = append(f3.Cases, c)
		if len(cat.Recent) < 10 {
			cat.Recent = append(cat.Recent, c)
		}
	}
	count := func(tab [][]stats.Count, r, c int) stats.Count {
		if r < len(tab) && c < len(tab[r]) {
			return tab[r][c]
		}
		return stats.Count{Hidden: true} // no count computed: show none
	}
	// Rows of the tables, pages in a fixed order (community by community, then category by
	// category), and each facet's neighbours in its row.
	row := func(list []*Facet) {
		var prev *Facet
		for _, x := range list {
			if x == nil {
				continue
			}
			x.Prev = prev
			if prev != nil {
				prev.Next = x
			}
			prev = x
			s.Facets = append(s.Facets, x)
		}
	}
	set := func(x *Facet, c stats.Count) *Facet {
		if x != nil {
			x.Received = c
		}
		return x
	}
	for i, cm := range s.Communities {
		for j, cat := range s.Categories {
			set(cc[i][j], count(f.CommunityCategory, i, j))
			cm.ByCategory = append(cm.ByCategory, FacetCell{Category: cat, Received: count(f.CommunityCategory, i, j), Page: cc[i][j]})
			cat.ByCommunity = append(cat.ByCommunity, FacetCell{Community: cm, Received: count(f.CommunityCategory, i, j), Page: cc[i][j]})
		}
		for j, y := range f.Years {
			set(cy[i][j], count(f.CommunityYear, i, j))
			cm.ByYear = append(cm.ByYear, FacetCell{Year: y, Received: count(f.CommunityYear, i, j), Page: cy[i][j]})
		}
		row(cc[i])
		row(cy[i])
	}
	for i, cat := range s.Categories {
		for j, y := range f.Years {
			set(ky[i][j], count(f.CategoryYear, i, j))
			cat.ByYear = append(cat.ByYear, FacetCell{Year: y, Received: count(f.CategoryYear, i, j), Page: ky[i][j]})
		}
		row(ky[i])
	}
	for i, y := range f.Years {
		s.YearCounts = append(s.YearCounts, FacetCell{Year: y, Received: count([][]stats.Count{f.Year}, 0, i)})
	}
}

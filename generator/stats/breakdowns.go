package stats

import (
	"gongshi/generator/config"
	"gongshi/generator/privacy"
	"gongshi/generator/sdc"
)

// Row keys of the rows that are not a subcategory or a grid of site.toml.
const (
	NoSub     = "none"      // BySubcategory: the category's cases without a subcategory
	NoGrid    = "none"      // ByGrid: the community's non-sensitive cases without a grid
	GridTotal = "total"     // ByGrid: all the community's non-sensitive cases
	GridSens  = "sensitive" // ByGrid: the community's cases of sensitive categories, never by grid
)

// subAreas are the areas of BySubcategory: per category with subcategories, one per
// subcategory and one for its cases without one.
type subAreas struct {
	list  []*area
	keys  []string
	byCat map[*config.Category]map[string]*area
	cats  []int // the index in cfg.Categories of each group, in order
	parts [][]*area
}

func newSubAreas(cfg *config.Config) *subAreas {
	s := &subAreas{byCat: map[*config.Category]map[string]*area{}}
	for i := range cfg.Categories {
		c := &cfg.Categories[i]
		if len(c.Subcategories) == 0 {
			continue
		}
		m := map[string]*area{}
		var parts []*area
		for _, name := range append(append([]string{}, c.Subcategories...), NoSub) {
			a := &area{key: "category=" + c.Slug + "&sub=" + name, counts: &Counts{}, level: sdc.Street, sensitive: c.Sensitive}
			s.list = append(s.list, a)
			s.keys = append(s.keys, c.Slug+"."+name)
			parts = append(parts, a)
			m[name] = a
		}
		s.byCat[c] = m
		s.cats = append(s.cats, i)
		s.parts = append(s.parts, parts)
	}
	return s
}

func (s *subAreas) add(c *privacy.Case) {
	m := s.byCat[c.Category]
	if m == nil {
		return
	}
	name := c.Subcategory
	if name == "" {
		name = NoSub
	}
	if a := m[name]; a != nil {
		a.counts.Add(c)
	}
}

// links: each measure of a category is the sum of it over its subcategories.
func (s *subAreas) links(cats []*area) []link {
	var eqs []linkEq
	for g, i := range s.cats {
		eqs = append(eqs, linkEq{total: cats[i], parts: s.parts[g]})
	}
	if len(eqs) == 0 {
		return nil
	}
	out := make([]link, len(measures))
	for i, m := range measures {
		out[i] = link{measure: m, eqs: eqs}
	}
	return out
}

// gridAreas are the areas of ByGrid, of the cases of non-sensitive categories only.
type gridAreas struct {
	total  []*area // per community: its non-sensitive cases
	sens   []*area // per community: its cases of sensitive categories
	grids  [][]*area
	keys_  [][]string
	slugs  []string
	byName []map[string]*area
	cmIdx  map[*config.Community]int
	all    *area // every non-sensitive case
	allS   *area // every case of a sensitive category
}

func newGridAreas(cfg *config.Config) *gridAreas {
	g := &gridAreas{cmIdx: map[*config.Community]int{},
		all:  &area{key: "sensitive=no", counts: &Counts{}, level: sdc.Street},
		allS: &area{key: "sensitive=yes", counts: &Counts{}, level: sdc.Street, sensitive: true}}
	for i, cm := range cfg.Communities {
		g.cmIdx[cm] = i
		g.slugs = append(g.slugs, cm.Slug)
		g.total = append(g.total, &area{key: "community=" + cm.Slug + "&sensitive=no", counts: &Counts{}, level: sdc.Community})
		g.sens = append(g.sens, &area{key: "community=" + cm.Slug + "&sensitive=yes", counts: &Counts{}, level: sdc.Community, sensitive: true})
		m := map[string]*area{}
		var list []*area
		var keys []string
		for _, name := range append(append([]string{}, cm.Grids...), NoGrid) {
			a := &area{key: "community=" + cm.Slug + "&grid=" + name, counts: &Counts{}, level: sdc.Grid}
			list = append(list, a)
			keys = append(keys, cm.Slug+"."+name)
			m[name] = a
		}
		g.grids = append(g.grids, list)
		g.keys_ = append(g.keys_, keys)
		g.byName = append(g.byName, m)
	}
	return g
}

// add counts c, received only (the one measure of the grid table).
func (g *gridAreas) add(c *privacy.Case) {
	i, ok := g.cmIdx[c.Community]
	if c.Category == nil || !ok {
		return
	}
	if c.Category.Sensitive {
		g.allS.counts.Received++
		g.sens[i].counts.Received++
		return
	}
	g.all.counts.Received++
	g.total[i].counts.Received++
	name := c.Grid
	if name == "" {
		name = NoGrid
	}
	if a := g.byName[i][name]; a != nil {
		a.counts.Received++
	} else {
		g.byName[i][NoGrid].counts.Received++
	}
}

// areas are every area of the table, for the release.
func (g *gridAreas) areas() []*area {
	out := append([]*area{g.all, g.allS}, g.total...)
	out = append(out, g.sens...)
	for _, l := range g.grids {
		out = append(out, l...)
	}
	return out
}

// list is the rows of ByGrid in order: per community its grids, none, total, sensitive; then
// all.
func (g *gridAreas) list() []*area {
	var out []*area
	for i, l := range g.grids {
		out = append(out, l...)
		out = append(out, g.total[i], g.sens[i])
	}
	return append(out, g.all)
}

func (g *gridAreas) keys() []string {
	var out []string
	for i, l := range g.keys_ {
		out = append(out, l...)
		out = append(out, g.slugs[i]+"."+GridTotal, g.slugs[i]+"."+GridSens)
	}
	return append(out, "all")
}

// links returns the grid cells, of the cases received alone, and their equations: a
// community's cases are its non-sensitive cases (the sum over its grids and over its community
// × category counts cc of the non-sensitive categories) and those of sensitive categories (the
// sum of its cc of the sensitive categories); the street's of each kind are the sum over the
// communities and over the categories of that kind. The split is a published cell, so that a
// small count of sensitive cases in a community is hidden with a grid cell beside it, not
// worked out from the community's total less its grids. Only the cases received are published
// per grid: every other measure would add small cells that hide, by complementary
// suppression, figures far above the grids.
func (g *gridAreas) links(cfg *config.Config, community, cats []*area, cc [][]*area) link {
	l := link{measure: "received", cells: g.areas()}
	for i := range g.total {
		l.eqs = append(l.eqs, linkEq{total: g.total[i], parts: g.grids[i]})
		if i < len(community) {
			l.eqs = append(l.eqs, linkEq{total: community[i], parts: []*area{g.total[i], g.sens[i]}})
		}
	}
	var ns, ss []*area
	for i, c := range cfg.Categories {
		if c.Sensitive {
			ss = append(ss, cats[i])
		} else {
			ns = append(ns, cats[i])
		}
	}
	l.eqs = append(l.eqs, linkEq{total: g.all, parts: g.total}, linkEq{total: g.allS, parts: g.sens})
	if len(ns) > 0 {
		l.eqs = append(l.eqs, linkEq{total: g.all, parts: ns})
	}
	if len(ss) > 0 {
		l.eqs = append(l.eqs, linkEq{total: g.allS, parts: ss})
	}
	for i := range g.total {
		var nps, sps []*area
		for j, c := range cfg.Categories {
			if i >= len(cc) || j >= len(cc[i]) {
				continue
			}
			if c.Sensitive {
				sps = append(sps, cc[i][j])
			} else {
				nps = append(nps, cc[i][j])
			}
		}
		if len(nps) > 0 {
			l.eqs = append(l.eqs, linkEq{total: g.total[i], parts: nps})
		}
		if len(sps) > 0 {
			l.eqs = append(l.eqs, linkEq{total: g.sens[i], parts: sps})
		}
	}
	return l
}

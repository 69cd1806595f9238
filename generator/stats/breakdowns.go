package stats

import (
	"gongshi/generator/config"
	"gongshi/generator/privacy"
	"gongshi/generator/sdc"
)

// Row keys of the rows that are not a subcategory or a grid of site.toml.
const (
	NoSub     = "none"  // BySubcategory: the category's cases without a subcategory
	NoGrid    = "none"  // ByGrid: the community's non-sensitive cases without a grid
	GridTotal = "total" // ByGrid: all the community's non-sensitive cases
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
	grids  [][]*area
	keys_  [][]string
	slugs  []string
	byName []map[string]*area
	cmIdx  map[*config.Community]int
	all    *area // every non-sensitive case
}

func newGridAreas(cfg *config.Config) *gridAreas {
	g := &gridAreas{cmIdx: map[*config.Community]int{},
		all: &area{key: "sensitive=no", counts: &Counts{}, level: sdc.Street}}
	for i, cm := range cfg.Communities {
		g.cmIdx[cm] = i
		g.slugs = append(g.slugs, cm.Slug)
		g.total = append(g.total, &area{key: "community=" + cm.Slug + "&sensitive=no", counts: &Counts{}, level: sdc.Community})
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

func (g *gridAreas) add(c *privacy.Case) {
	if c.Category == nil || c.Category.Sensitive {
		return
	}
	i, ok := g.cmIdx[c.Community]
	if !ok {
		return
	}
	g.all.counts.Add(c)
	g.total[i].counts.Add(c)
	name := c.Grid
	if name == "" {
		name = NoGrid
	}
	if a := g.byName[i][name]; a != nil {
		a.counts.Add(c)
	} else {
		g.byName[i][NoGrid].counts.Add(c)
	}
}

// areas are every area of the table, for the release.
func (g *gridAreas) areas() []*area {
	out := append([]*area{g.all}, g.total...)
	for _, l := range g.grids {
		out = append(out, l...)
	}
	return out
}

// list is the rows of ByGrid in order: per community its grids, none, total; then all.
func (g *gridAreas) list() []*area {
	var out []*area
	for i, l := range g.grids {
		out = append(out, l...)
		out = append(out, g.total[i])
	}
	return append(out, g.all)
}

func (g *gridAreas) keys() []string {
	var out []string
	for i, l := range g.keys_ {
		out = append(out, l...)
		out = append(out, g.slugs[i]+"."+GridTotal)
	}
	return append(out, "all")
}

// links: each measure of a community's non-sensitive cases is the sum over its grids, and the
// sum over the communities is that of the non-sensitive categories; its cases received are
// also the sum of its community × category counts (cc) of the non-sensitive categories.
func (g *gridAreas) links(cfg *config.Config, cats []*area, cc [][]*area) []link {
	var eqs []linkEq
	for i := range g.total {
		eqs = append(eqs, linkEq{total: g.total[i], parts: g.grids[i]})
	}
	var ns []*area
	for i, c := range cfg.Categories {
		if !c.Sensitive {
			ns = append(ns, cats[i])
		}
	}
	eqs = append(eqs, linkEq{total: g.all, parts: g.total})
	if len(ns) > 0 {
		eqs = append(eqs, linkEq{total: g.all, parts: ns})
	}
	out := make([]link, 0, len(measures)+1)
	for _, m := range measures {
		out = append(out, link{measure: m, eqs: eqs})
	}
	rc := link{measure: "received"}
	for i := range g.total {
		var ps []*area
		for j, c := range cfg.Categories {
			if !c.Sensitive && i < len(cc) && j < len(cc[i]) {
				ps = append(ps, cc[i][j])
			}
		}
		if len(ps) > 0 {
			rc.eqs = append(rc.eqs, linkEq{total: g.total[i], parts: ps})
		}
	}
	return append(out, rc)
}

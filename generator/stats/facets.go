package stats

import (
	"sort"
	"strconv"

	"gongshi/generator/config"
	"gongshi/generator/privacy"
	"gongshi/generator/sdc"
)

// Facets are the counts of the browse pages (issue 8): cases received, published or not, per
// community × top-level category, community × year and category × year. They are cells of the
// same sdc.Release as every other figure, linked to the margins they sum to (a community's,
// a category's and a year's cases received, a year being the sum of its months), so the audit
// sees every way a hidden count could be recomputed. A year total is a cell of the release
// though no page shows it: the months give it away.
type Facets struct {
	Years             []int     // years with cases, oldest first
	Year              []Count   // cases received per year, as Years
	CommunityCategory [][]Count // [community][category], site.toml order
	CommunityYear     [][]Count // [community][year], as Years
	CategoryYear      [][]Count // [category][year], as Years
}

// facetAreas are the areas of the facet counts, made in one pass over the cases.
type facetAreas struct {
	years []int
	year  []*area
	cc    [][]*area // [community][category]
	cy    [][]*area // [community][year]
	ky    [][]*area // [category][year]
}

// newFacetAreas counts cs by the three pairs of facets. months are the month areas of the
// build, by key 2006-01 in order; the years are theirs.
func newFacetAreas(cs []privacy.Case, cfg *config.Config, months []string) *facetAreas {
	f := &facetAreas{}
	yearIdx := map[int]int{}
	for _, m := range months {
		y, _ := strconv.Atoi(m[:4])
		if _, ok := yearIdx[y]; !ok {
			yearIdx[y] = len(f.years)
			f.years = append(f.years, y)
			f.year = append(f.year, &area{key: "year=" + m[:4], counts: &Counts{}, level: sdc.Street})
		}
	}
	cmIdx := make(map[*config.Community]int, len(cfg.Communities))
	for i, c := range cfg.Communities {
		cmIdx[c] = i
	}
	catIdx := make(map[*config.Category]int, len(cfg.Categories))
	for i := range cfg.Categories {
		catIdx[&cfg.Categories[i]] = i
	}
	grid := func(rows, cols int, key func(r, c int) string, level func(r, c int) sdc.Level, sens func(r, c int) bool) [][]*area {
		out := make([][]*area, rows)
		for r := range out {
			out[r] = make([]*area, cols)
			for c := range out[r] {
				out[r][c] = &area{key: key(r, c), counts: &Counts{}, level: level(r, c), sensitive: sens(r, c)}
			}
		}
		return out
	}
	cm := func(r int) string { return "community=" + cfg.Communities[r].Slug }
	cat := func(r int) string { return "category=" + cfg.Categories[r].Slug }
	yr := func(c int) string { return "year=" + strconv.Itoa(f.years[c]) }
	community := func(int, int) sdc.Level { return sdc.Community }
	street := func(int, int) sdc.Level { return sdc.Street }
	never := func(int, int) bool { return false }
	f.cc = grid(len(cfg.Communities), len(cfg.Categories), func(r, c int) string { return cm(r) + "&" + cat(c) }, community,
		func(_, c int) bool { return cfg.Categories[c].Sensitive })
	f.cy = grid(len(cfg.Communities), len(f.years), func(r, c int) string { return cm(r) + "&" + yr(c) }, community, never)
	f.ky = grid(len(cfg.Categories), len(f.years), func(r, c int) string { return cat(r) + "&" + yr(c) }, street,
		func(r, _ int) bool { return cfg.Categories[r].Sensitive })
	// Only the count of cases received is published per facet: count it alone.
	for i := range cs {
		c := &cs[i]
		m, k, y := cmIdx[c.Community], catIdx[c.Category], yearIdx[c.ReceivedAt.Year()]
		f.year[y].counts.Received++
		f.cc[m][k].counts.Received++
		f.cy[m][y].counts.Received++
		f.ky[k][y].counts.Received++
	}
	return f
}

// links returns the facet cells and their equations, for suppression: each cross sums, along
// each of its two facets, to the margin of the other (a community's cases by category sum to its
// cases received), and each year to its months.
func (f *facetAreas) links(cms, cats []*area, months map[string]*area) []link {
	const m = "received"
	var out []link
	years := link{measure: m, cells: f.year}
	for i, y := range f.years {
		var ps []*area
		prefix := strconv.Itoa(y) + "-"
		keys := make([]string, 0, 12)
		for k := range months {
			if len(k) > len(prefix) && k[:len(prefix)] == prefix {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			ps = append(ps, months[k])
		}
		years.eqs = append(years.eqs, linkEq{total: f.year[i], parts: ps})
	}
	out = append(out, years)
	cross := func(cells [][]*area, rows, cols []*area) link {
		l := link{measure: m}
		for r, row := range cells {
			l.cells = append(l.cells, row...)
			if len(row) > 0 {
				l.eqs = append(l.eqs, linkEq{total: rows[r], parts: row})
			}
		}
		for c := range cols {
			col := make([]*area, len(cells))
			for r := range cells {
				col[r] = cells[r][c]
			}
			if len(col) > 0 {
				l.eqs = append(l.eqs, linkEq{total: cols[c], parts: col})
			}
		}
		return l
	}
	out = append(out, cross(f.cc, cms, cats), cross(f.cy, cms, f.year), cross(f.ky, cats, f.year))
	return out
}

// facets returns the published counts, hidden as the release says.
func (f *facetAreas) facets(hidden sdc.Set) Facets {
	count := func(a *area) Count {
		return Count{N: a.counts.Received, Hidden: hidden[sdc.CellID(a.key+"/received")]}
	}
	table := func(cells [][]*area) [][]Count {
		out := make([][]Count, len(cells))
		for r, row := range cells {
			out[r] = make([]Count, len(row))
			for c, a := range row {
				out[r][c] = count(a)
			}
		}
		return out
	}
	fs := Facets{Years: f.years, CommunityCategory: table(f.cc), CommunityYear: table(f.cy), CategoryYear: table(f.ky)}
	for _, a := range f.year {
		fs.Year = append(fs.Year, count(a))
	}
	return fs
}

// monthLinks returns the equations between the community × year facet cells and the community ×
// month cells of the heat map (cross, [community][month] in site.toml order, months as months):
// a community's cases of a year are the sum of its cases of the year's months. Both tables are
// published, so without these a hidden cell of one could be recomputed from the other.
func (f *facetAreas) monthLinks(cross [][]*area, months []string) link {
	l := link{measure: "received"}
	for y, year := range f.years {
		prefix := strconv.Itoa(year) + "-"
		var js []int
		for j, m := range months {
			if len(m) > len(prefix) && m[:len(prefix)] == prefix {
				js = append(js, j)
			}
		}
		if len(js) == 0 {
			continue
		}
		for r := range f.cy {
			ps := make([]*area, len(js))
			for i, j := range js {
				ps[i] = cross[r][j]
			}
			l.eqs = append(l.eqs, linkEq{total: f.cy[r][y], parts: ps})
		}
	}
	return l
}

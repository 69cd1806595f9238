package opendata

import (
	"strconv"

	"gongshi/generator/site"
	"gongshi/generator/stats"
)

// facetFigures are the counts of the browse pages (issue 8) as figures of stats.json: cases
// received per year (table year, key 2022), per community and category (community_category,
// key shuicheng.property), per community and year (community_year, key shuicheng.2022) and per
// category and year (category_year, key property.2022), each with the definition received.
func facetFigures(s *site.Site, all *string) []Figure {
	var out []Figure
	add := func(table, key, label string, per *string, c stats.Count) {
		f := Figure{ID: table + "." + key + ".received", Definition: "received", Table: table, Key: key, Label: label,
			Period: per, Unit: "cases", Suppressed: c.Hidden}
		if !c.Hidden {
			f.Value = ptr(float64(c.N))
		}
		out = append(out, f)
	}
	year := func(y int) (string, *string) { v := strconv.Itoa(y); return v, ptr(v) }
	for _, c := range s.YearCounts {
		k, per := year(c.Year)
		add("year", k, k+"年", per, c.Received)
	}
	for _, cm := range s.Communities {
		for _, c := range cm.ByCategory {
			add("community_category", cm.Slug+"."+c.Category.Slug, cm.Name+" · "+c.Category.Name, all, c.Received)
		}
		for _, c := range cm.ByYear {
			k, per := year(c.Year)
			add("community_year", cm.Slug+"."+k, cm.Name+" · "+k+"年", per, c.Received)
		}
	}
	for _, cat := range s.Categories {
		for _, c := range cat.ByYear {
			k, per := year(c.Year)
			add("category_year", cat.Slug+"."+k, cat.Name+" · "+k+"年", per, c.Received)
		}
	}
	return out
}

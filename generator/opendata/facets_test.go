package opendata_test

import (
	"strconv"
	"testing"

	"gongshi/generator/demo"
	"gongshi/generator/opendata"
)

// TestFacetFigures checks that stats.json holds the counts of the browse pages (issue 8) as the
// pages show them: a figure for every community × category, community × year and category ×
// year, with its value, or null and suppressed where the page shows ×.
func TestFacetFigures(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the demo")
	}
	s, o, _ := demoSite(t, demo.DefaultCases)
	byID := map[string]opendata.Figure{}
	for _, f := range opendata.Figures(s, o) {
		byID[f.ID] = f
	}
	n := 0
	check := func(id string, hidden bool, value int) {
		t.Helper()
		n++
		f, ok := byID[id]
		switch {
		case !ok:
			t.Errorf("stats.json has no %s", id)
		case f.Suppressed != hidden || (f.Value == nil) != hidden:
			t.Errorf("%s: the page hides it: %v; stats.json %+v", id, hidden, f)
		case !hidden && int(*f.Value) != value:
			t.Errorf("%s: %g in stats.json, %d on the page", id, *f.Value, value)
		}
	}
	for _, cm := range s.Communities {
		for _, c := range cm.ByCategory {
			check("community_category."+cm.Slug+"."+c.Category.Slug+".received", c.Received.Hidden, c.Received.N)
		}
		for _, c := range cm.ByYear {
			check("community_year."+cm.Slug+"."+strconv.Itoa(c.Year)+".received", c.Received.Hidden, c.Received.N)
		}
	}
	for _, cat := range s.Categories {
		for _, c := range cat.ByYear {
			check("category_year."+cat.Slug+"."+strconv.Itoa(c.Year)+".received", c.Received.Hidden, c.Received.N)
		}
	}
	if want := len(s.Communities) * (len(s.Categories) + len(s.Years)); n < want || len(s.Years) == 0 {
		t.Errorf("%d facet figures checked, want at least %d", n, want)
	}
}

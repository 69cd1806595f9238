package stats

import (
	"fmt"
	"testing"
	"time"

	"gongshi/generator/cases"
	"gongshi/generator/config"
	"gongshi/generator/privacy"
)

const facetSite = `
title = "测试"
[build]
date = 2022-08-17
[district]
name = "江北新区"
slug = "jiangbei"
[[district.streets]]
name = "沿江街道"
slug = "yanjiang"
  [[district.streets.communities]]
  name = "水城社区"
  slug = "shuicheng"
  [[district.streets.communities]]
  name = "龙山社区"
  slug = "longshan"
  [[district.streets.communities]]
  name = "百润社区"
  slug = "bairun"
[[categories]]
name = "噪音扰民"
slug = "noise"
[[categories]]
name = "物业管理"
slug = "property"
[[categories]]
name = "停车管理"
slug = "parking"
`

// facetCases returns n cases of community cm and category cat in the given month.
func facetCases(cfg *config.Config, cm, cat string, month string, n int) []privacy.Case {
	c, _ := cfg.Community(cm)
	k, _ := cfg.Category(cat)
	t, _ := time.Parse("2006-01", month)
	out := make([]privacy.Case, n)
	for i := range out {
		out[i] = privacy.Case{ID: fmt.Sprintf("%s%s%s-%d", cm, cat, month, i), ReceivedAt: t, ClosedAt: t.AddDate(0, 0, 3),
			Community: c, Category: k, Channel: cases.Hotline, Method: cases.Direct, Status: cases.Resolved}
	}
	return out
}

// TestFacetCountsSuppressed checks the counts of the browse pages (issue 8): they add up to
// the cases received, every count from 1 to k-1 is hidden, and every row and column of a cross
// with a hidden count holds another one, its margin (a community's, a category's or a year's
// cases received, published elsewhere) included, so that none can be recomputed.
func TestFacetCountsSuppressed(t *testing.T) {
	cfg, err := config.Parse("site.toml", facetSite)
	if err != nil {
		t.Fatal(err)
	}
	var cs []privacy.Case
	add := func(cm, cat, month string, n int) { cs = append(cs, facetCases(cfg, cm, cat, month, n)...) }
	add("水城社区", "噪音扰民", "2021-03", 40)
	add("水城社区", "物业管理", "2021-05", 12)
	add("水城社区", "物业管理", "2022-05", 30)
	add("水城社区", "停车管理", "2022-02", 25)
	add("龙山社区", "噪音扰民", "2022-03", 50)
	add("龙山社区", "物业管理", "2021-04", 20)
	add("龙山社区", "停车管理", "2021-06", 35)
	add("百润社区", "噪音扰民", "2022-07", 4) // small: hidden, and others with it
	add("百润社区", "物业管理", "2021-07", 60)
	add("百润社区", "停车管理", "2022-01", 15)
	now := time.Date(2022, 8, 17, 0, 0, 0, 0, time.UTC)
	s, err := Compute(cs, nil, cfg, now) // fails when the audit finds a recoverable count
	if err != nil {
		t.Fatal(err)
	}
	f := s.Facets
	if len(f.Years) != 2 || f.Years[0] != 2021 || f.Years[1] != 2022 {
		t.Fatalf("years %v, want [2021 2022]", f.Years)
	}
	if len(f.CommunityCategory) != 3 || len(f.CommunityCategory[0]) != 3 || len(f.CommunityYear[0]) != 2 || len(f.CategoryYear[0]) != 2 {
		t.Fatalf("shapes: %d×%d, %d×%d, %d×%d", len(f.CommunityCategory), len(f.CommunityCategory[0]),
			len(f.CommunityYear), len(f.CommunityYear[0]), len(f.CategoryYear), len(f.CategoryYear[0]))
	}
	for _, c := range []struct {
		name string
		got  Count
		want int
	}{
		{"水城社区 × 物业管理", f.CommunityCategory[0][1], 42},
		{"百润社区 × 噪音扰民", f.CommunityCategory[2][0], 4},
		{"水城社区 × 2021", f.CommunityYear[0][0], 52},
		{"百润社区 × 2022", f.CommunityYear[2][1], 19},
		{"噪音扰民 × 2022", f.CategoryYear[0][1], 54},
		{"2021", f.Year[0], 167},
	} {
		if c.got.N != c.want {
			t.Errorf("%s: %d, want %d", c.name, c.got.N, c.want)
		}
	}
	if !f.CommunityCategory[2][0].Hidden {
		t.Error("百润社区 × 噪音扰民, 4 cases, is shown")
	}
	cms := make([]Count, len(s.ByCommunity))
	for i, r := range s.ByCommunity {
		cms[i] = r.Figures.Received
	}
	cats := make([]Count, len(s.ByCategory))
	for i, r := range s.ByCategory {
		cats[i] = r.Figures.Received
	}
	checkCross(t, "community × category", f.CommunityCategory, cms, cats, cfg.Privacy.K)
	checkCross(t, "community × year", f.CommunityYear, cms, f.Year, cfg.Privacy.K)
	checkCross(t, "category × year", f.CategoryYear, cats, f.Year, cfg.Privacy.K)
}

// checkCross checks a cross table against its margins: each row sums to its row margin and
// each column to its column margin, no count from 1 to k-1 is shown, and no row or column with
// its margin holds exactly one hidden count.
func checkCross(t *testing.T, name string, tab [][]Count, rows, cols []Count, k int) {
	t.Helper()
	line := func(what string, cells []Count, margin Count) {
		sum, hidden := 0, 0
		for _, c := range cells {
			sum += c.N
			if c.Hidden {
				hidden++
			}
			if c.N > 0 && c.N < k && !c.Hidden {
				t.Errorf("%s, %s: a count of %d is shown (k = %d)", name, what, c.N, k)
			}
		}
		if margin.Hidden {
			hidden++
		}
		if sum != margin.N {
			t.Errorf("%s, %s: the counts sum to %d, the margin is %d", name, what, sum, margin.N)
		}
		if hidden == 1 {
			t.Errorf("%s, %s: one hidden count, which the others give away", name, what)
		}
	}
	for r, row := range tab {
		line(fmt.Sprintf("row %d", r), row, rows[r])
	}
	for c := range cols {
		col := make([]Count, len(tab))
		for r := range tab {
			col[r] = tab[r][c]
		}
		line(fmt.Sprintf("column %d", c), col, cols[c])
	}
}

// TestHeatMapAgreesWithFacetYears checks the two published tables that overlap: a community's
// cases of a year on the browse pages (community × year) are the sum of its cases of the year's
// months in the heat map of the statistics (community × month). A year's count, shown, must
// not give away a hidden month of it: a community's months of a year, with its count of the
// year, hold no hidden count or at least two.
func TestHeatMapAgreesWithFacetYears(t *testing.T) {
	cfg, err := config.Parse("site.toml", facetSite)
	if err != nil {
		t.Fatal(err)
	}
	var cs []privacy.Case
	x := uint32(4)
	next := func(n uint32) int { x = x*1664525 + 1013904223; return int((x >> 16) % n) }
	cms, cats := []string{"水城社区", "龙山社区", "百润社区"}, []string{"噪音扰民", "物业管理", "停车管理"}
	for m := time.Date(2020, 11, 1, 0, 0, 0, 0, time.UTC); m.Before(time.Date(2022, 8, 1, 0, 0, 0, 0, time.UTC)); m = m.AddDate(0, 1, 0) {
		for _, cm := range cms {
			n := 3 + next(30) // many months of a community below k, many above
			if next(4) == 0 {
				n = 1 + next(9)
			}
			cs = append(cs, facetCases(cfg, cm, cats[next(3)], m.Format("2006-01"), n)...)
		}
	}
	s, err := Compute(cs, nil, cfg, time.Date(2022, 8, 17, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	g, f, k := s.ByCommunityMonth, s.Facets, cfg.Privacy.K
	if len(g.Rows) != len(f.CommunityYear) {
		t.Fatalf("%d heat map rows, %d community × year rows", len(g.Rows), len(f.CommunityYear))
	}
	hiddenMonths := 0
	for i := range g.Rows {
		for j, y := range f.Years {
			var cells []Count
			for c, m := range g.Cols {
				if m[:4] == fmt.Sprint(y) {
					cells = append(cells, g.Cells[i][c])
					if g.Cells[i][c].Hidden {
						hiddenMonths++
					}
				}
			}
			margin := f.CommunityYear[i][j]
			sum, hidden := 0, 0
			for _, c := range append(cells, margin) {
				if c.Hidden {
					hidden++
				}
				if c.N > 0 && c.N < k && !c.Hidden {
					t.Errorf("%s %d: a count of %d is shown (k = %d)", g.Rows[i], y, c.N, k)
				}
			}
			for _, c := range cells {
				sum += c.N
			}
			if sum != margin.N {
				t.Errorf("%s %d: the months sum to %d, the year is %d", g.Rows[i], y, sum, margin.N)
			}
			if hidden == 1 {
				t.Errorf("%s %d: one hidden count among the months and the year, which the others give away", g.Rows[i], y)
			}
		}
	}
	if hiddenMonths == 0 {
		t.Error("no month of the heat map is hidden: the test proves nothing")
	}
}

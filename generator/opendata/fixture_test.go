package opendata_test

import (
	"time"

	"gongshi/generator/cases"
	"gongshi/generator/meetings"
	"gongshi/generator/site"
	"gongshi/generator/stats"
)

// Sentinels: the numbers behind the hidden figures of the fixture. None of them may appear in
// any file (TestHiddenValuesAppearNowhere), in any form the files could carry them.
var sentinels = []string{
	"7654321", "7,654,321", // a hidden count
	"6543210", "8765432", "74.6", "74.65", // a hidden rate: numerator, denominator, percent
	"97.3", "98.6", // hidden days
	"5432109", "4321098", // a count hidden by secondary suppression, and the closed count
}

// visible returns plausible published figures of n cases, none of them hidden.
func visible(n int) stats.Figures {
	c := func(v int) stats.Count { return stats.Count{N: v} }
	return stats.Figures{
		Received: c(n), Closed: c(n - 1), Resolved: c(n - 2), Collective: c(0), Proactive: c(1), Meeting: c(1),
		Surveyed: c(n - 2),
		Response: stats.Rate{Num: float64(n - 3), Den: n - 2}, Resolution: stats.Rate{Num: float64(n - 4), Den: n - 2},
		Satisfaction:       stats.Rate{Num: float64(n-4) + 0.9, Den: n - 2},
		StrictSatisfaction: stats.Rate{Num: float64(n - 4), Den: n - 2},
		Closure:            stats.Rate{Num: float64(n - 1), Den: n},
		MedianDays:         stats.Days{Value: 2.54}, P90Days: stats.Days{Value: 6},
		WithinHour: stats.Count{N: 0}, WithinHourShare: stats.Rate{Num: 0, Den: n - 1},
	}
}

// hidden returns figures whose counts are suppressed, with the sentinels as their numbers.
func hidden() stats.Figures {
	f := stats.Figures{
		Received: stats.Count{N: 7654321, Hidden: true}, Closed: stats.Count{N: 4321098, Hidden: true},
		Resolved: stats.Count{N: 5432109, Hidden: true}, Collective: stats.Count{N: 0},
		Proactive: stats.Count{N: 5432109, Hidden: true}, Meeting: stats.Count{N: 0},
		Surveyed:   stats.Count{N: 8765432, Hidden: true},
		MedianDays: stats.Days{Value: 97.3, Hidden: true}, P90Days: stats.Days{Value: 98.6, Hidden: true},
		WithinHour: stats.Count{N: 5432109, Hidden: true},
	}
	r := stats.Rate{Num: 6543210, Den: 8765432, Hidden: true}
	f.Response, f.Resolution, f.Satisfaction, f.StrictSatisfaction, f.Closure, f.WithinHourShare = r, r, r, r, r, r
	return f
}

// empty returns the figures of no cases: zeros and rates over nothing.
func empty() stats.Figures {
	return stats.Figures{MedianDays: stats.Days{None: true}, P90Days: stats.Days{None: true}}
}

// fixture returns a tiny hand-made site: two communities (水城 hidden throughout), two
// categories, three published cases (one by quarter), a month with nothing to compute, the
// month of the build date not over. The rankings (issue 5) are computed from figures of their
// own, not from ByCommunity (hidden throughout, for TestHiddenValuesAppearNowhere): they rank
// 龙山 by response and resolution (n_min 25) and find it too few to rank by satisfaction
// (n_min 40); 水城's hidden rates leave it unranked. The meeting cases against direct handling
// are hidden; the meetings are counted per month by kind and by hall (two months hidden), with
// a lead time.
func fixture() *site.Site {
	loc := time.FixedZone("CST", 8*3600)
	at := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, loc) }
	now := at(2022, 8, 17, 0, 0)
	shuicheng := &site.Community{Name: "水城社区", Slug: "shuicheng", URL: "/communities/shuicheng/", Street: "沿江街道"}
	longshan := &site.Community{Name: "龙山社区", Slug: "longshan", URL: "/communities/longshan/", Street: "沿江街道"}
	property := &site.Category{Name: "物业管理", Slug: "property", Subcategories: []string{"物业服务"}}
	noise := &site.Category{Name: "噪音扰民", Slug: "noise", Subcategories: []string{"夜间施工"}}
	meeting := &site.Meeting{ID: "M-2022-0818-haitang", Kind: meetings.PartiesMeeting, Status: meetings.Held,
		Start: at(2022, 8, 18, 14, 30), Title: "工地夜间施工噪音有请当事人会办"}
	earlier := &site.Meeting{ID: "M-2021-1203-haitang", Kind: meetings.GridMeeting, Status: meetings.Held,
		Start: at(2021, 12, 3, 19, 0)}
	st := &stats.Site{Now: now, From: at(2021, 8, 17, 0, 0), To: now, First: at(2021, 12, 1, 0, 0), Last: at(2022, 8, 1, 0, 0),
		Headline: visible(40), All: visible(52), MeetingsHeld: 2,
		ByMonth:     []stats.Row{{Key: "2021-12", Figures: visible(20)}, {Key: "2022-07", Figures: empty()}, {Key: "2022-08", Figures: visible(32)}},
		ByCommunity: []stats.Row{{Key: "shuicheng", Figures: hidden()}, {Key: "longshan", Figures: hidden()}},
		ByCategory:  []stats.Row{{Key: "property", Figures: visible(30)}, {Key: "noise", Figures: visible(22)}},
	}
	for _, c := range cases.Channels {
		st.ByChannel = append(st.ByChannel, stats.Row{Key: string(c), Figures: visible(13)})
	}
	for _, m := range cases.Methods {
		st.ByMethod = append(st.ByMethod, stats.Row{Key: string(m), Figures: visible(10)})
	}
	st.ByMethod[4].Figures = hidden()
	st.ByCommunityMonth = stats.Grid{Rows: []string{"shuicheng", "longshan"}, Cols: []string{"2021-12", "2022-07", "2022-08"},
		Cells: [][]stats.Count{
			{{N: 7654321, Hidden: true}, {N: 0}, {N: 4321098, Hidden: true}},
			{{N: 12}, {N: 0}, {N: 20}},
		}}
	for _, s := range cases.Statuses {
		st.ByStatus = append(st.ByStatus, stats.Row{Key: string(s), Figures: visible(10)})
	}
	for _, k := range meetings.Kinds {
		row := stats.MeetingRow{Kind: k}
		switch k {
		case meetings.PartiesMeeting, meetings.GridMeeting:
			row.Held, row.Cases = 1, 3 // Cases carries no suppression flag: never published
		}
		st.Meetings = append(st.Meetings, row)
	}
	st.Partial = "2022-08"
	st.ByHandling = []stats.Row{{Key: "direct", Figures: visible(10)}, {Key: "meeting", Figures: hidden()}}
	ranked := []stats.Row{{Key: "shuicheng", Figures: hidden()}, {Key: "longshan", Figures: visible(32)}}
	st.Rankings = []stats.Ranking{stats.Rank(ranked, "response_rate", 25), stats.Rank(ranked, "resolution_rate", 25),
		stats.Rank(ranked, "satisfaction_rate", 40)}
	months := []string{"2021-12", "2022-01", "2022-02", "2022-03", "2022-04", "2022-05", "2022-06", "2022-07", "2022-08"}
	st.MeetingsByKind = stats.MeetingGrid{Cols: months}
	for _, k := range meetings.Kinds {
		row := make([]stats.Count, len(months))
		total := stats.Count{}
		switch k {
		case meetings.GridMeeting:
			row[0], total = stats.Count{N: 12}, stats.Count{N: 12}
		case meetings.PartiesMeeting:
			row[7], row[8], total = stats.Count{N: 7654321, Hidden: true}, stats.Count{N: 5432109, Hidden: true}, stats.Count{N: 14}
		}
		st.MeetingsByKind.Rows = append(st.MeetingsByKind.Rows, string(k))
		st.MeetingsByKind.Cells = append(st.MeetingsByKind.Cells, row)
		st.MeetingsByKind.Total = append(st.MeetingsByKind.Total, total)
	}
	c := func(n int) stats.Count { return stats.Count{N: n} }
	st.MeetingsByHall = stats.MeetingGrid{Rows: []string{"haitang"}, Cols: months,
		Cells: [][]stats.Count{{c(12), c(0), c(0), c(0), c(0), c(0), c(0), {N: 7654321, Hidden: true}, {N: 5432109, Hidden: true}}},
		Total: []stats.Count{c(26)}, Month: []stats.Count{c(12), c(0), c(0), c(0), c(0), c(0), c(0), {N: 7654321, Hidden: true}, {N: 5432109, Hidden: true}}}
	st.MeetingsByKind.Month = st.MeetingsByHall.Month
	st.LeadTime = []stats.LeadRow{{Key: "all", N: c(14), NoNotice: c(12), Median: stats.Days{Value: 7}, P90: stats.Days{Value: 12}}}
	for _, k := range meetings.Kinds {
		r := stats.LeadRow{Key: string(k), Median: stats.Days{None: true}, P90: stats.Days{None: true}}
		switch k {
		case meetings.PartiesMeeting:
			r.N, r.Median, r.P90 = c(14), stats.Days{Value: 7}, stats.Days{Value: 12}
		case meetings.GridMeeting:
			r.NoNotice = c(12)
		}
		st.LeadTime = append(st.LeadTime, r)
	}
	s := &site.Site{Title: "测试站点", Description: "测试", BaseURL: "https://example.org/", Lang: "zh-CN", Synthetic: true, K: 10,
		District: "江北新区", Streets: []string{"沿江街道"}, Now: now, Stats: st, CaseCount: 52,
		Communities: []*site.Community{shuicheng, longshan}, Categories: []*site.Category{property, noise},
		Meetings: []*site.Meeting{earlier, meeting},
		Halls:    []*site.Hall{{Name: "海棠议事厅", Slug: "haitang", URL: "/halls/haitang/", Community: longshan}}}
	s.Cases = []*site.Case{
		{ID: "2022081700123", Received: at(2022, 8, 17, 8, 34), Closed: at(2022, 8, 19, 16, 0), DaysToClose: 2,
			Community: longshan, Grid: "龙山第二网格", Category: noise, Subcategory: "夜间施工", Channel: cases.Hotline,
			Method: cases.PartiesMeeting, Status: cases.Resolved, Summary: `反映小区旁工地夜间施工噪音大，"尤其是"22时后。`,
			Resolution: "经有请当事人会办，施工方承诺22时后停工。", Meeting: meeting},
		{ID: "2022070100007", Received: at(2022, 7, 1, 9, 5), ByQuarter: true, Closed: at(2022, 7, 1, 17, 0),
			Community: shuicheng, Grid: "水城第一网格", Category: property, Channel: cases.GridPatrol, Method: cases.Direct,
			Status: cases.Resolved},
		{ID: "2021123100999", Received: at(2021, 12, 31, 23, 50), Closed: at(2022, 1, 5, 10, 0), DaysToClose: 4,
			Community: shuicheng, Category: property, Subcategory: "物业服务", Channel: cases.NeighbourGroup,
			Method: cases.Direct, Status: cases.Resolved, Summary: "楼道堆物。", Resolution: "物业已清理。\n居民确认。"},
	}
	s.Statistics()
	return s
}

package site

import (
	"strconv"
	"strings"
	"time"

	"gongshi/generator/stats"
)

// Table is a statistics table with labelled rows. Title and Caption are in Chinese, for the open
// data; the theme's strings "table.ID" and "caption.ID" say them in every language.
//
// A table of a statistics page (Family set) shows the figures of its Columns, each cell with the
// id of the figure in data/stats.json as its anchor; its downloads (data/tables/ID.csv and
// .json) hold exactly those columns. The summary tables (Family empty) are the downloads of
// every main figure per row that the open data has always had (data/tables/month.csv, …).
type Table struct {
	ID       string // fragment id on its page, and the name of its downloads
	Title    string
	Caption  string
	Family   string   // the page it is on (Family.ID); "" for a summary table, a download only
	Base     string   // the table of stats.json its figures are rows of: month, community, …
	Columns  []Column // the figures of its columns, in order
	Rows     []TableRow
	District bool   // covers the whole district, so small counts are shown
	Period   Period // the period of every row, unless ByMonth
	ByMonth  bool   // each row is a month, its period
	Grid     bool   // a community × month table: the columns are months, the cells counts
	Head     string // of a Grid table: the interface string key of its row header ("col.community")
	// Ranking is set for a ranking of the communities by one rate (Columns[0].Def): each row has
	// its Rank (0 when not ranked) and Standing (ranked, too_few, suppressed); RankDef is the
	// definition of its figures in stats.json, NMin the fewest cases in the rate's denominator.
	Ranking bool
	RankDef string
	NMin    int
}

// Column is a column of a table: the definition of its figures (stats.json's definition and the
// anchor of its definition on the methodology page), or, in a Grid table, a month.
type Column struct {
	Def   string
	Month time.Time
	Total bool // in a Grid table: the total of all months
}

// TableRow is one labelled row; Label is set for names from the data, LabelKey (an interface
// string key of the theme) for fixed vocabularies such as channels, and Month for the rows of a
// table by month (Label then says it in Chinese), so that a theme can format it. Key is the
// row's key in stats.json (a month, a slug, an identifier); Cells are the figures of the
// table's Columns.
type TableRow struct {
	Key      string
	Label    string
	LabelKey string
	Month    time.Time
	URL      string
	// LabelArg is the {name} of LabelKey: the community or category a row of a breakdown
	// within one ("未注明网格", "grid not given") belongs to; Label then says it all in Chinese.
	LabelArg string
	Figures  stats.Figures
	Cells    []Cell
	Partial  bool // a month row of the month of the build date, not over yet (stats.Site.Partial)
}

// Period is the time a figure covers: the days From to To, both included, or, with Months, the
// months of From to To.
type Period struct {
	From, To time.Time
	Months   bool
}

// Cell is one published figure: a count, a rate with its numerator and denominator, or days to
// close with the closed cases they are computed over.
type Cell struct {
	ID    string // the figure's id in data/stats.json, and its anchor on the page
	Def   string // its definition: received, response_rate, median_days_to_close…
	Unit  string // cases, percent, days or meetings
	Count stats.Count
	Rate  stats.Rate
	Days  stats.Days
	N     stats.Count // of days: the closed cases they are computed over
	Shade int         // in a Grid table: 0 (none) to 5 (the largest count), for a heat map without script
	// In a Ranking table the cell is the community's rate: Rank is its place (1 for the highest,
	// 0 when not ranked), Standing ranked, too_few or suppressed (stats.Standing), and Interval
	// is set for a ranked rate, whose 95% Wilson interval Low and High bound (fractions).
	Rank      int
	Standing  string
	Interval  bool
	Low, High float64
}

// Hidden reports whether the figure is suppressed.
func (c Cell) Hidden() bool {
	switch c.Unit {
	case "percent":
		return c.Rate.Hidden
	case "days":
		return c.Days.Hidden
	}
	return c.Count.Hidden
}

// Figure is a headline figure of a statistics page, with what its citation needs.
type Figure struct {
	Cell
	Period Period
}

// Family is a statistics page under /stats/: the figures of one kind, with their tables.
type Family struct {
	ID      string // volume, rates, closure, meetings: the page is /stats/ID/, its strings family.ID…
	URL     string
	Figures []Figure // headline figures: the 12 months before the build date
	Tables  []*Table
}

// Definitions are the definitions of the figures of the statistics pages, in the order of the
// methodology page, which gives each an anchor def-ID; each is a definition of data/definitions.json.
var Definitions = []string{"received", "closed", "resolved", "collective", "proactive", "meeting", "surveyed",
	"response_rate", "resolution_rate", "satisfaction_rate", "strict_satisfaction_rate", "closure_rate",
	"median_days_to_close", "p90_days_to_close", "closed_within_hour", "closed_within_hour_share", "response_rank", "resolution_rank", "satisfaction_rank",
	"meetings_held", "meetings_noticed", "meetings_no_notice", "notice_lead_median", "notice_lead_p90"}

// Definitions of the columns of each family's tables.
var (
	volumeColumns  = []string{"received", "closed", "surveyed", "collective", "proactive", "meeting"}
	ratesColumns   = []string{"surveyed", "response_rate", "resolution_rate", "satisfaction_rate", "strict_satisfaction_rate"}
	closureColumns = []string{"received", "closed", "closure_rate", "median_days_to_close", "p90_days_to_close",
		"closed_within_hour", "closed_within_hour_share"}
	meetingColumns  = []string{"received", "surveyed", "resolution_rate", "satisfaction_rate"}
	handlingColumns = []string{"received", "surveyed", "resolution_rate", "satisfaction_rate", "closure_rate",
		"median_days_to_close"}
	summaryColumns = []string{"received", "closed", "surveyed", "response_rate", "resolution_rate", "satisfaction_rate",
		"median_days_to_close", "p90_days_to_close"}
)

// Stat returns the figure def of f as a cell of the table base, row key.
func Stat(base, key, def string, f stats.Figures) Cell {
	c := Cell{ID: stats.FigureID(base, key, def), Def: def, Unit: "cases"}
	rate := func(r stats.Rate) { c.Unit, c.Rate = "percent", r }
	days := func(d stats.Days) {
		c.Unit, c.Days, c.N = "days", d, f.Closed
		c.Days.Hidden = d.Hidden || f.Closed.Hidden
	}
	switch def {
	case "received":
		c.Count = f.Received
	case "closed":
		c.Count = f.Closed
	case "resolved":
		c.Count = f.Resolved
	case "collective":
		c.Count = f.Collective
	case "proactive":
		c.Count = f.Proactive
	case "meeting":
		c.Count = f.Meeting
	case "surveyed":
		c.Count = f.Surveyed
	case "response_rate":
		rate(f.Response)
	case "resolution_rate":
		rate(f.Resolution)
	case "satisfaction_rate":
		rate(f.Satisfaction)
	case "strict_satisfaction_rate":
		rate(f.StrictSatisfaction)
	case "closure_rate":
		rate(f.Closure)
	case "median_days_to_close":
		days(f.MedianDays)
	case "p90_days_to_close":
		days(f.P90Days)
	case "closed_within_hour":
		c.Count = f.WithinHour
	case "closed_within_hour_share":
		rate(f.WithinHourShare)
	default:
		panic("site: unknown definition " + def)
	}
	return c
}

// breakdown labels the rows of one breakdown of package stats; base is its table in stats.json.
type breakdown struct {
	base string
	rows []TableRow // labelled, with their figures; cells are added per table
}

func (s *Site) breakdowns() map[string]breakdown {
	st := s.Stats
	out := map[string]breakdown{}
	var month []TableRow
	for _, r := range st.ByMonth {
		t, _ := time.ParseInLocation("2006-01", r.Key, s.Now.Location())
		row := TableRow{Key: r.Key, Label: t.Format("2006年1月"), Month: t, Figures: r.Figures, Partial: r.Key == st.Partial}
		if row.Partial {
			row.Label += "（未满月）"
		}
		month = append(month, row)
	}
	out["month"] = breakdown{"month", month}
	var community []TableRow
	for i, r := range st.ByCommunity {
		c := s.Communities[i]
		community = append(community, TableRow{Key: r.Key, Label: c.Name, URL: c.URL, Figures: r.Figures})
	}
	out["community"] = breakdown{"community", community}
	var category []TableRow
	for i, r := range st.ByCategory {
		category = append(category, TableRow{Key: r.Key, Label: s.Categories[i].Name, Figures: r.Figures})
	}
	out["category"] = breakdown{"category", category}
	keyed := func(prefix string, rows []stats.Row) breakdown {
		var out []TableRow
		for _, r := range rows {
			out = append(out, TableRow{Key: r.Key, LabelKey: prefix + "." + r.Key, Figures: r.Figures})
		}
		return breakdown{prefix, out}
	}
	var sub []TableRow
	for _, r := range st.BySubcategory {
		cat, name := splitKey(r.Key)
		row := TableRow{Key: r.Key, Label: s.Label("subcategory", r.Key), Figures: r.Figures}
		if name == stats.NoSub {
			row.LabelKey, row.LabelArg = "sub.none", s.categoryName(cat)
		}
		sub = append(sub, row)
	}
	out["subcategory"] = breakdown{"subcategory", sub}
	var grid []TableRow
	for _, r := range st.ByGrid {
		cm, name := splitKey(r.Key)
		row := TableRow{Key: r.Key, Label: s.Label("grid", r.Key), Figures: stats.Figures{Received: r.Received}}
		switch {
		case r.Key == "all":
			row.LabelKey = "grid.all"
		case name == stats.NoGrid:
			row.LabelKey, row.LabelArg = "grid.none", s.communityName(cm)
		case name == stats.GridTotal:
			row.LabelKey, row.LabelArg = "grid.total", s.communityName(cm)
		case name == stats.GridSens:
			row.LabelKey, row.LabelArg = "grid.sensitive", s.communityName(cm)
		}
		grid = append(grid, row)
	}
	out["grid"] = breakdown{"grid", grid}
	out["channel"] = keyed("channel", st.ByChannel)
	out["method"] = keyed("method", st.ByMethod)
	out["status"] = keyed("status", st.ByStatus)
	return out
}

// table returns the table id of breakdown b with the figures cols, on the page family.
func (s *Site) table(b breakdown, id, family, title, caption string, cols []string) *Table {
	t := &Table{ID: id, Title: title, Caption: caption, Family: family, Base: b.base,
		District: b.base != "community" && b.base != "category" && b.base != "subcategory" && b.base != "grid", ByMonth: b.base == "month",
		Period: Period{From: s.Stats.First, To: s.Stats.Last, Months: true}}
	for _, c := range cols {
		t.Columns = append(t.Columns, Column{Def: c})
	}
	for _, r := range b.rows {
		row := r
		row.Cells = make([]Cell, len(cols))
		for i, c := range cols {
			row.Cells[i] = Stat(b.base, r.Key, c, r.Figures)
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// tables returns the summary tables: every main figure per row of each breakdown.
func (s *Site) tables() []Table {
	b := s.breakdowns()
	list := []*Table{
		s.table(b["month"], "month", "", "按月份", "按受理月份统计的工单数、办结率和三率（全街道）", summaryColumns),
		s.table(b["community"], "community", "", "按社区", "各社区全部时段的工单数和三率；小于 10 的数值以 × 表示", summaryColumns),
		s.table(b["category"], "category", "", "按诉求类别", "各一级类别全部时段的工单数和三率；小于 10 的数值以 × 表示", summaryColumns),
		s.table(b["channel"], "channel", "", "按来源渠道", "各来源渠道全部时段的工单数和三率（全街道）", summaryColumns),
		s.table(b["method"], "method", "", "按办理方式", "直接办理与各类议事会办的工单数和三率（全街道）", summaryColumns),
		s.table(b["status"], "status", "", "按办理状态", "各办理状态的工单数（全街道）", summaryColumns),
	}
	out := make([]Table, len(list))
	for i, t := range list {
		out[i] = *t
	}
	return out
}

// families returns the statistics pages with their tables and headline figures.
func (s *Site) families() []*Family {
	st := s.Stats
	b := s.breakdowns()
	k := strconv.Itoa(s.K)
	window := Period{From: st.From, To: st.To.AddDate(0, 0, -1)}
	headline := func(defs ...string) []Figure {
		out := make([]Figure, len(defs))
		for i, d := range defs {
			out[i] = Figure{Cell: Stat("overview", "window", d, st.Headline), Period: window}
		}
		return out
	}
	fam := func(id string, figs []Figure, tables ...*Table) *Family {
		return &Family{ID: id, URL: "/stats/" + id + "/", Figures: figs, Tables: tables}
	}
	// Titles and captions in Chinese, for the open data; the theme says them in every language.
	volume := fam("volume", headline("received", "collective", "proactive", "meeting"),
		s.table(b["month"], "volume-month", "volume", "受理量：按月份", "按受理月份统计的受理、办结、有效回访工单数及群体诉求、未诉先办、议事会办工单数（全街道）", volumeColumns),
		s.table(b["community"], "volume-community", "volume", "受理量：按社区", "各社区全部时段的工单数；小于 "+k+" 的数值以 × 表示", volumeColumns),
		s.communityMonth(),
		s.table(b["category"], "volume-category", "volume", "受理量：按诉求类别", "各一级类别全部时段的工单数；小于 "+k+" 的数值以 × 表示", volumeColumns),
		s.table(b["subcategory"], "volume-subcategory", "volume", "受理量：按二级分类", "各一级类别下各二级分类（小类）全部时段的工单数，未填小类的工单单列，合计等于该类别；小于 "+k+" 的数值以 × 表示", volumeColumns),
		s.table(b["grid"], "volume-grid", "volume", "受理量：按网格（非敏感类别）", "各社区各网格全部时段的受理工单数，只计非敏感类别的工单（敏感类别不按网格公布，只列其社区合计）；未注明网格的工单单列，各网格与之相加等于该社区非敏感类别的受理工单数，再加敏感类别等于该社区的受理工单数；小于 "+k+" 的数值以 × 表示", []string{"received"}),
		s.table(b["channel"], "volume-channel", "volume", "受理量：按来源渠道", "各来源渠道全部时段的工单数（全街道）", volumeColumns),
		s.table(b["status"], "volume-status", "volume", "受理量：按办理状态", "各办理状态的工单数（全街道）", volumeColumns),
	)
	rates := fam("rates", headline("surveyed", "response_rate", "resolution_rate", "satisfaction_rate", "strict_satisfaction_rate"),
		append([]*Table{
			s.table(b["month"], "rates-month", "rates", "三率：按月份", "按受理月份统计的有效回访工单数和三率（全街道）", ratesColumns),
			s.table(b["community"], "rates-community", "rates", "三率：按社区", "各社区全部时段的三率；分子、分母或其差小于 "+k+" 的比率以 × 表示", ratesColumns),
		}, append(s.rankingTables(),
			s.table(b["category"], "rates-category", "rates", "三率：按诉求类别", "各一级类别全部时段的三率；分子、分母或其差小于 "+k+" 的比率以 × 表示", ratesColumns),
			s.table(b["channel"], "rates-channel", "rates", "三率：按来源渠道", "各来源渠道全部时段的三率（全街道）", ratesColumns),
			s.table(b["method"], "rates-method", "rates", "三率：按办理方式", "直接办理与各类议事会办的三率（全街道）", ratesColumns),
		)...)...,
	)
	closure := fam("closure", headline("closed", "closure_rate", "median_days_to_close", "p90_days_to_close", "closed_within_hour_share"),
		s.table(b["month"], "closure-month", "closure", "办结：按月份", "按受理月份统计的办结率和办结用时（全街道）", closureColumns),
		s.table(b["community"], "closure-community", "closure", "办结：按社区", "各社区全部时段的办结率和办结用时；小于 "+k+" 的数值以 × 表示", closureColumns),
		s.table(b["category"], "closure-category", "closure", "办结：按诉求类别", "各一级类别全部时段的办结率和办结用时；小于 "+k+" 的数值以 × 表示", closureColumns),
		s.table(b["channel"], "closure-channel", "closure", "办结：按来源渠道", "各来源渠道全部时段的办结率和办结用时（全街道）", closureColumns),
		s.table(b["method"], "closure-method", "closure", "办结：按办理方式", "直接办理与各类议事会办的办结率和办结用时（全街道）", closureColumns),
	)
	mfigs := headline("meeting")
	mfigs = append([]Figure{{Cell: Cell{ID: stats.FigureID("overview", "window", "meetings_held"), Def: "meetings_held",
		Unit: "meetings", Count: stats.Count{N: st.MeetingsHeld}}, Period: window}}, mfigs...)
	mt := s.meetingTables()
	meetings := fam("meetings", mfigs,
		s.meetingKinds(), mt[0], mt[1],
		s.handlingTable(handlingColumns),
		s.table(b["method"], "meetings-method", "meetings", "议事：会办与直接办理", "经议事会办与直接办理的工单的有效回访、解决率和满意率（全街道）", meetingColumns),
		mt[2],
	)
	return []*Family{volume, rates, closure, meetings}
}

// meetingKinds is the table of the meetings held by kind, all time, suppressed with the
// meetings' other counts (stats.MeetingRow.Hidden).
func (s *Site) meetingKinds() *Table {
	t := &Table{ID: "meetings-kind", Title: "议事：按会议类型", Caption: "已召开的议事会议场次（全街道，全部时段）", Family: "meetings",
		Base: "meetings", District: true, Period: Period{From: s.Stats.First, To: s.Stats.Last, Months: true},
		Columns: []Column{{Def: "meetings_held"}}}
	for _, m := range s.Stats.Meetings {
		k := string(m.Kind)
		t.Rows = append(t.Rows, TableRow{Key: k, LabelKey: "kind." + k, Cells: []Cell{{ID: stats.FigureID("meetings", k, "meetings_held"),
			Def: "meetings_held", Unit: "meetings", Count: stats.Count{N: m.Held, Hidden: m.Hidden}}}})
	}
	return t
}

// communityMonth is the community × month table of the cases received (the heat map's).
func (s *Site) communityMonth() *Table {
	g, k := s.Stats.ByCommunityMonth, strconv.Itoa(s.K)
	t := &Table{ID: "community-month", Title: "受理量：社区 × 月份", Caption: "各社区每月受理工单数；小于 " + k + " 的数值以 × 表示",
		Family: "volume", Base: "community-month", Grid: true, Head: "col.community", Period: Period{From: s.Stats.First, To: s.Stats.Last, Months: true}}
	for _, m := range g.Cols {
		mt, _ := time.ParseInLocation("2006-01", m, s.Now.Location())
		t.Columns = append(t.Columns, Column{Def: "received", Month: mt})
	}
	top := 0
	for _, r := range g.Cells {
		for _, c := range r {
			if !c.Hidden && c.N > top {
				top = c.N
			}
		}
	}
	for i, slug := range g.Rows {
		if i >= len(s.Communities) {
			break
		}
		c := s.Communities[i]
		row := TableRow{Key: slug, Label: c.Name, URL: c.URL, Cells: make([]Cell, len(g.Cols))}
		for j, m := range g.Cols {
			row.Cells[j] = Cell{ID: stats.FigureID("community-month", slug+"."+m, "received"), Def: "received", Unit: "cases",
				Count: g.Cells[i][j]}
			if c := g.Cells[i][j]; !c.Hidden && c.N > 0 && top > 0 {
				row.Cells[j].Shade = 1 + 4*c.N/top // 1 to 5
				if row.Cells[j].Shade > 5 {
					row.Cells[j].Shade = 5
				}
			}
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// splitKey splits a row key of BySubcategory or ByGrid at its first dot: the category's or
// community's slug, and the subcategory's or grid's name (or NoSub, NoGrid, GridTotal).
func splitKey(key string) (slug, name string) {
	if i := strings.IndexByte(key, '.'); i >= 0 {
		return key[:i], key[i+1:]
	}
	return key, ""
}

func (s *Site) communityName(slug string) string {
	for _, c := range s.Communities {
		if c.Slug == slug {
			return c.Name
		}
	}
	return slug
}

func (s *Site) categoryName(slug string) string {
	for _, c := range s.Categories {
		if c.Slug == slug {
			return c.Name
		}
	}
	return slug
}

// Label is the Chinese label of the row key of the table base subcategory (BySubcategory) or
// grid (ByGrid), as the open data and the pages in Chinese name it; key itself for any other.
func (s *Site) Label(base, key string) string {
	slug, name := splitKey(key)
	switch base {
	case "subcategory":
		if name == stats.NoSub {
			return s.categoryName(slug) + " · 未注明小类"
		}
		return s.categoryName(slug) + " · " + name
	case "grid":
		switch {
		case key == "all":
			return "全街道（非敏感类别）"
		case name == stats.NoGrid:
			return s.communityName(slug) + " · 未注明网格"
		case name == stats.GridTotal:
			return s.communityName(slug) + " · 合计（非敏感类别）"
		case name == stats.GridSens:
			return s.communityName(slug) + " · 敏感类别（不按网格公布）"
		}
		return s.communityName(slug) + " · " + name
	}
	return key
}

package opendata

import (
	"fmt"
	"strings"
	"time"

	"gongshi/generator/meetings"
	"gongshi/generator/site"
	"gongshi/generator/stats"
)

// Figure is one published figure, a row of stats.json. A suppressed figure has Value,
// Numerator and Denominator nil; a figure with nothing to compute (a rate over no cases) has
// Value nil and Suppressed false.
type Figure struct {
	ID          string   `json:"id"` // stable: "all.received", "month.2022-07.response_rate"
	Definition  string   `json:"definition"`
	Table       string   `json:"table"` // overview, month, community, category, channel, method, status, subcategory, grid, community-month, meetings, handling, ranking, meetings-kind-month, meetings-hall-month, lead, and the browse pages' year, community_category, community_year, category_year
	Key         string   `json:"key"`   // the row: window, all, 2022-07, a slug, a channel, longshan.2022-07…
	Label       string   `json:"label"`
	Period      *string  `json:"period"`
	Unit        string   `json:"unit"`
	Value       *float64 `json:"value"`
	Numerator   *float64 `json:"numerator"`
	Denominator *int     `json:"denominator"`
	Suppressed  bool     `json:"suppressed"`
	// Of a row of the table ranking: the community's Standing (ranked, too_few, suppressed),
	// its Rank when ranked, and then CILow and CIHigh, the bounds of the 95% Wilson interval of
	// its rate in percent to two decimals. Absent from every other row.
	Standing string   `json:"standing,omitempty"`
	Rank     *int     `json:"rank,omitempty"`
	CILow    *float64 `json:"ci_low,omitempty"`
	CIHigh   *float64 `json:"ci_high,omitempty"`
}

// figures returns the figures of one row of a table, in the order of the definitions.
func figures(table, key, label string, per *string, f stats.Figures) []Figure {
	base := func(def, unit string) Figure {
		return Figure{ID: stats.FigureID(table, key, def), Definition: def, Table: table, Key: key, Label: label, Period: per, Unit: unit}
	}
	var out []Figure
	count := func(def string, c stats.Count) {
		x := base(def, "cases")
		if x.Suppressed = c.Hidden; !c.Hidden {
			x.Value = ptr(float64(c.N))
		}
		out = append(out, x)
	}
	rate := func(def string, r stats.Rate) {
		x := base(def, "percent")
		if x.Suppressed = r.Hidden; !r.Hidden {
			x.Numerator, x.Denominator = ptr(round(r.Num, 4)), ptr(r.Den)
			if !r.None() {
				x.Value = ptr(round(r.Percent(), 1))
			}
		}
		out = append(out, x)
	}
	days := func(def string, d stats.Days) {
		x := base(def, "days")
		if x.Suppressed = d.Hidden || f.Closed.Hidden; !x.Suppressed {
			x.Denominator = ptr(f.Closed.N)
			if !d.None {
				x.Value = ptr(round(d.Value, 1))
			}
		}
		out = append(out, x)
	}
	count("received", f.Received)
	count("closed", f.Closed)
	count("resolved", f.Resolved)
	count("collective", f.Collective)
	count("proactive", f.Proactive)
	count("meeting", f.Meeting)
	count("surveyed", f.Surveyed)
	rate("response_rate", f.Response)
	rate("resolution_rate", f.Resolution)
	rate("satisfaction_rate", f.Satisfaction)
	rate("strict_satisfaction_rate", f.StrictSatisfaction)
	rate("closure_rate", f.Closure)
	days("median_days_to_close", f.MedianDays)
	days("p90_days_to_close", f.P90Days)
	count("closed_within_hour", f.WithinHour)
	rate("closed_within_hour_share", f.WithinHourShare)
	return out
}

// span formats the months from..to as an ISO 8601 interval, or one month; nil for none.
func span(from, to time.Time) *string {
	if from.IsZero() {
		return nil
	}
	if from.Format("2006-01") == to.Format("2006-01") {
		return ptr(from.Format("2006-01"))
	}
	return ptr(from.Format("2006-01") + "/" + to.Format("2006-01"))
}

// keyed are the rows of the tables of stats.Site by table id, with their labels.
type keyed struct {
	table string
	rows  []stats.Row
	label func(i int, key string) string
}

func families(s *site.Site, o Options) []keyed {
	st := s.Stats
	vocab := func(prefix string) func(int, string) string {
		return func(_ int, key string) string { return label(o, prefix+"."+key) }
	}
	return []keyed{
		{"month", st.ByMonth, func(_ int, key string) string { return key }},
		{"community", st.ByCommunity, func(i int, key string) string {
			if len(s.Communities) == len(st.ByCommunity) {
				return s.Communities[i].Name
			}
			return key
		}},
		{"category", st.ByCategory, func(i int, key string) string {
			if len(s.Categories) == len(st.ByCategory) {
				return s.Categories[i].Name
			}
			return key
		}},
		{"channel", st.ByChannel, vocab("channel")},
		{"method", st.ByMethod, vocab("method")},
		{"status", st.ByStatus, vocab("status")},
		{"subcategory", st.BySubcategory, func(_ int, key string) string { return s.Label("subcategory", key) }},
		{"handling", st.ByHandling, vocab("handling")},
	}
}

// label translates an interface string key with o.Label, else with the labels of the
// vocabularies (vocab), else returns its value part.
func label(o Options, key string) string {
	if o.Label != nil {
		if l := o.Label(key); l != "" && l != key {
			return l
		}
	}
	if l, ok := vocab[key]; ok {
		return l[0]
	}
	return key[strings.IndexByte(key, '.')+1:]
}

// Figures returns every figure of the site, in the order of stats.json: the last 12 months and
// all time, then every row of every table, then the meetings.
func Figures(s *site.Site, o Options) []Figure {
	st := s.Stats
	var window *string
	if !st.From.IsZero() {
		window = ptr(st.From.Format("2006-01-02") + "/" + st.To.AddDate(0, 0, -1).Format("2006-01-02"))
	}
	all := span(st.First, st.Last)
	out := figures("overview", "window", "近 12 个月", window, st.Headline)
	out = append(out, figures("overview", "all", "全部时段", all, st.All)...)
	for _, fam := range families(s, o) {
		for i, r := range fam.rows {
			per := all
			if fam.table == "month" {
				per = ptr(r.Key)
				if r.Key == st.Partial {
					// The month is not over: its days up to the build date.
					per = ptr(r.Key + "-01/" + s.Now.Format("2006-01-02"))
				}
			}
			out = append(out, figures(fam.table, r.Key, fam.label(i, r.Key), per, r.Figures)...)
		}
	}
	// The community × month table of the cases received (the heat map's).
	g := st.ByCommunityMonth
	for i, slug := range g.Rows {
		name := slug
		if len(s.Communities) == len(g.Rows) {
			name = s.Communities[i].Name
		}
		for j, m := range g.Cols {
			x := Figure{ID: stats.FigureID("community-month", slug+"."+m, "received"), Definition: "received",
				Table: "community-month", Key: slug + "." + m, Label: name + " " + m, Period: ptr(m), Unit: "cases"}
			if x.Suppressed = g.Cells[i][j].Hidden; !x.Suppressed {
				x.Value = ptr(float64(g.Cells[i][j].N))
			}
			out = append(out, x)
		}
	}
	// The cases received of non-sensitive categories by grid (the one count of that table).
	for _, r := range st.ByGrid {
		x := Figure{ID: stats.FigureID("grid", r.Key, "received"), Definition: "received", Table: "grid", Key: r.Key,
			Label: s.Label("grid", r.Key), Period: all, Unit: "cases"}
		if x.Suppressed = r.Received.Hidden; !x.Suppressed {
			x.Value = ptr(float64(r.Received.N))
		}
		out = append(out, x)
	}
	out = append(out, facetFigures(s, all)...)
	// The meetings held: the window's count is in no equation of the meetings' release (the
	// window does not start on a month); the counts by kind are suppressed with the meetings'
	// other counts (package stats). The cases per kind of meeting (stats.MeetingRow.Cases) carry
	// no suppression flag, so they are left out.
	out = append(out, Figure{ID: "window.meetings_held", Definition: "meetings_held", Table: "overview", Key: "window",
		Label: "近 12 个月", Period: window, Unit: "meetings", Value: ptr(float64(st.MeetingsHeld))})
	mper := meetingSpan(s)
	for _, m := range st.Meetings {
		x := Figure{ID: "meetings." + string(m.Kind) + ".meetings_held", Definition: "meetings_held",
			Table: "meetings", Key: string(m.Kind), Label: label(o, "kind."+string(m.Kind)), Period: mper,
			Unit: "meetings", Suppressed: m.Hidden}
		if !m.Hidden {
			x.Value = ptr(float64(m.Held))
		}
		out = append(out, x)
	}
	out = append(out, rankingFigures(s, o, all)...)
	return append(out, meetingFigures(s, o, mper)...)
}

// rankingFigures are the rows of the table ranking: per ranked rate and community, the rate as
// the ranking shows it (value, numerator, denominator; null when suppressed), its standing, and
// when ranked its rank and the 95% Wilson interval of the rate in percent.
func rankingFigures(s *site.Site, o Options, per *string) []Figure {
	var out []Figure
	for _, fam := range s.Families {
		for _, t := range fam.Tables {
			if !t.Ranking {
				continue
			}
			for _, r := range t.Rows {
				c := r.Cells[0]
				x := Figure{ID: c.ID, Definition: t.RankDef, Table: "ranking", Key: r.Key, Label: rowLabel(o, r),
					Period: per, Unit: "percent", Suppressed: c.Rate.Hidden, Standing: c.Standing}
				if !c.Rate.Hidden {
					x.Numerator, x.Denominator = ptr(round(c.Rate.Num, 4)), ptr(c.Rate.Den)
					if !c.Rate.None() {
						x.Value = ptr(round(c.Rate.Percent(), 1))
					}
				}
				if c.Rank > 0 {
					x.Rank = ptr(c.Rank)
				}
				if c.Interval {
					x.CILow, x.CIHigh = ptr(round(100*c.Low, 2)), ptr(round(100*c.High, 2))
				}
				out = append(out, x)
			}
		}
	}
	return out
}

// meetingFigures are the meetings held per month by kind and by hall (with each hall's total),
// and the notice lead time per kind, suppressed as package stats says.
func meetingFigures(s *site.Site, o Options, per *string) []Figure {
	st := s.Stats
	var out []Figure
	halls := map[string]string{}
	for _, h := range s.Halls {
		halls[h.Slug] = h.Name
	}
	count := func(x Figure, c stats.Count) Figure {
		if x.Suppressed = c.Hidden; !c.Hidden {
			x.Value = ptr(float64(c.N))
		}
		return x
	}
	grid := func(table string, g stats.MeetingGrid, name func(string) string, total bool) {
		for i, key := range g.Rows {
			for j, m := range g.Cols {
				out = append(out, count(Figure{ID: stats.FigureID(table, key+"."+m, "meetings_held"), Definition: "meetings_held",
					Table: table, Key: key + "." + m, Label: name(key) + " " + m, Period: ptr(m), Unit: "meetings"}, g.Cells[i][j]))
			}
			if total {
				out = append(out, count(Figure{ID: stats.FigureID(table, key+".total", "meetings_held"), Definition: "meetings_held",
					Table: table, Key: key + ".total", Label: name(key), Period: per, Unit: "meetings"}, g.Total[i]))
			}
		}
		// The row "all": every meeting held each month (and in all, with the totals).
		if len(g.Month) != len(g.Cols) || len(g.Rows) == 0 {
			return
		}
		for j, m := range g.Cols {
			out = append(out, count(Figure{ID: stats.FigureID(table, "all."+m, "meetings_held"), Definition: "meetings_held",
				Table: table, Key: "all." + m, Label: label(o, "lead.all") + " " + m, Period: ptr(m), Unit: "meetings"}, g.Month[j]))
		}
		if total {
			all := stats.Count{}
			for _, t := range g.Total {
				all.N += t.N
				all.Hidden = all.Hidden || t.Hidden
			}
			out = append(out, count(Figure{ID: stats.FigureID(table, "all.total", "meetings_held"), Definition: "meetings_held",
				Table: table, Key: "all.total", Label: label(o, "lead.all"), Period: per, Unit: "meetings"}, all))
		}
	}
	grid("meetings-kind-month", st.MeetingsByKind, func(k string) string { return label(o, "kind."+k) }, false)
	grid("meetings-hall-month", st.MeetingsByHall, func(k string) string {
		if n, ok := halls[k]; ok {
			return n
		}
		return k
	}, true)
	for _, r := range st.LeadTime {
		lbl := label(o, "kind."+r.Key)
		if r.Key == "all" {
			lbl = label(o, "lead.all")
		}
		for _, def := range []string{"meetings_noticed", "meetings_no_notice", "notice_lead_median", "notice_lead_p90"} {
			c := site.LeadCell(r, def)
			x := Figure{ID: c.ID, Definition: def, Table: "lead", Key: r.Key, Label: lbl, Period: per, Unit: c.Unit}
			switch {
			case c.Unit != "days":
				x = count(x, c.Count)
			case c.Days.Hidden || c.N.Hidden:
				x.Suppressed = true
			default:
				x.Denominator = ptr(c.N.N)
				if !c.Days.None {
					x.Value = ptr(round(c.Days.Value, 1))
				}
			}
			out = append(out, x)
		}
	}
	return out
}

// meetingSpan is the months of the first and last meeting held.
func meetingSpan(s *site.Site) *string {
	var first, last time.Time
	for _, m := range s.Meetings {
		if m.Status != meetings.Held {
			continue
		}
		if first.IsZero() || m.Start.Before(first) {
			first = m.Start
		}
		if m.Start.After(last) {
			last = m.Start
		}
	}
	return span(first, last)
}

func statsJSON(s *site.Site, o Options) (resource, error) {
	figs := Figures(s, o)
	seen := make(map[string]bool, len(figs))
	for _, f := range figs {
		if seen[f.ID] {
			return resource{}, fmt.Errorf("opendata: two figures with id %s", f.ID)
		}
		seen[f.ID] = true
	}
	data, err := jsonRows(figs)
	if err != nil {
		return resource{}, err
	}
	var defs []string
	for _, d := range Definitions(o) {
		if d.Unit != "flag" {
			defs = append(defs, d.ID)
		}
	}
	fs := []field{
		{Name: "id", Type: "string", Description: "Stable id of the figure: [TABLE.]KEY.DEFINITION.", Constraints: &constraints{Required: true, Unique: true}},
		{Name: "definition", Type: "string", Description: "Id of its definition in definitions.json.", Constraints: enum(true, defs...)},
		{Name: "table", Type: "string", Constraints: enum(true, "overview", "month", "community", "category", "channel", "method", "status", "subcategory", "grid", "community-month", "meetings",
			"handling", "ranking", "meetings-kind-month", "meetings-hall-month", "lead",
			"year", "community_category", "community_year", "category_year")},
		{Name: "key", Type: "string", Description: "The row of the table: window (the 12 months before the build date), all, a month, a slug or an identifier; in community-month, the community's slug and the month (longshan.2022-07); in subcategory, the category's slug and the subcategory's name (none: not given); in grid, the community's slug and the grid's name (none: not given; total: all its cases of non-sensitive categories; sensitive: its cases of sensitive categories, never by grid), and all (the street's cases of non-sensitive categories).", Constraints: required()},
		{Name: "label", Type: "string", Constraints: required()},
		{Name: "period", Type: "string", Description: "ISO 8601: a month (2022-07), months (2021-01/2022-08) or days, both ends included (2021-08-17/2022-08-16)."},
		{Name: "unit", Type: "string", Constraints: enum(true, "cases", "percent", "days", "meetings")},
		{Name: "value", Type: "number", Description: "The figure as the site shows it (percent and days to one decimal); null when suppressed or when there is nothing to compute.", Constraints: atLeast(0)},
		{Name: "numerator", Type: "number", Description: "Of a rate: its numerator (weighted for the satisfaction rate); null when suppressed.", Constraints: atLeast(0)},
		{Name: "denominator", Type: "integer", Description: "Of a rate: its denominator; of days to close: the closed cases; null when suppressed.", Constraints: atLeast(0)},
		{Name: "suppressed", Type: "boolean", Description: "Hidden to protect residents (see the definition suppressed): value, numerator and denominator are then null.", Constraints: required()},
		{Name: "standing", Type: "string", Description: "Of a row of the table ranking: ranked; too_few (fewer than n_min cases in the rate's denominator); suppressed (the rate is hidden). Absent from other rows.",
			Constraints: enum(false, string(stats.Ranked), string(stats.TooFew), string(stats.Suppressed))},
		{Name: "rank", Type: "integer", Description: "Of a ranked community (table ranking): its place, 1 for the highest rate; equal rates share a place. Absent otherwise.", Constraints: atLeast(1)},
		{Name: "ci_low", Type: "number", Description: "Of a ranked community (table ranking): the lower bound of the 95% Wilson interval of its rate, in percent to two decimals; absent otherwise.", Constraints: &constraints{Minimum: ptr(0.0), Maximum: ptr(100.0)}},
		{Name: "ci_high", Type: "number", Description: "The upper bound of that interval; absent otherwise.", Constraints: &constraints{Minimum: ptr(0.0), Maximum: ptr(100.0)}},
	}
	return newResource("stats", "stats.json", "统计数值 Figures",
		"Every figure of the site with its definition, numerator, denominator, value, period and suppression flag.",
		"json", tableSchema{Fields: fs, PrimaryKey: []string{"id"}, MissingValues: []string{""}}, data), nil
}

// Definition is the definition of a published figure; Figure.Definition refers to its ID.
type Definition struct {
	ID          string `json:"id"`
	Label       string `json:"label"`    // zh-CN, as on the site
	LabelEn     string `json:"label_en"` // English
	Unit        string `json:"unit"`     // cases, percent, days, meetings or flag
	Numerator   string `json:"numerator"`
	Denominator string `json:"denominator"`
	Description string `json:"description"`
}

// Definitions returns the definitions of every figure of stats.json, in a fixed order, with the
// parameters of o (the weight of "basically satisfied", the threshold k).
func Definitions(o Options) []Definition {
	w, k, n := "w（site.toml [stats] basically_satisfied_weight）", "k（site.toml [privacy] k）", "n_min（site.toml [stats] n_min）"
	if o.K > 0 {
		w, k = decimal(o.Weight, 4), fmt.Sprint(o.K)
	}
	if o.NMin > 0 {
		n = fmt.Sprint(o.NMin)
	}
	rank := func(id, label, en, rate, den string) Definition {
		return Definition{ID: id, Label: label, LabelEn: en, Unit: "percent", Numerator: rate + "的分子", Denominator: den,
			Description: "各社区的" + rate + "（value，同社区表）及其排名：rank 为由高到低的名次（1 为最高），比率相同者名次相同；只排" + den + "不少于 " + n +
				" 件且比率未隐去的社区（standing 为 ranked），其余社区太少、不排名（too_few）或比率隐去（suppressed），无 rank。ci_low、ci_high 为" + rate +
				"的 95% 威尔逊置信区间（z = 1.959964，百分数保留两位小数）：(p̂ + z²/2n ± z√(p̂(1−p̂)/n + z²/4n²)) ÷ (1 + z²/n)，p̂ 为比率、n 为分母。"}
	}
	count := func(id, label, en, desc string) Definition {
		return Definition{ID: id, Label: label, LabelEn: en, Unit: "cases", Description: desc}
	}
	rate := func(id, label, en, num, den, desc string) Definition {
		return Definition{ID: id, Label: label, LabelEn: en, Unit: "percent", Numerator: num, Denominator: den,
			Description: desc + " 百分数保留一位小数；分子、分母见 numerator、denominator。"}
	}
	return []Definition{
		count("received", "受理工单", "cases received", "期间内受理的全部工单，含只计入统计、不单独公示的工单。"),
		count("closed", "办结工单", "cases closed", "办理状态为已办结或未解决、且有办结时间的工单；撤回的工单不计。"),
		count("resolved", "已办结工单", "cases resolved", "办理状态为已办结（resolved）的工单。"),
		count("collective", "群体诉求", "collective cases", "标记为群体诉求（多名居民、同一诉求）的工单。"),
		count("proactive", "未诉先办", "proactive cases", "来源为网格巡查或睦邻邻里群、在任何热线工单之前发现的工单。"),
		count("meeting", "议事会办", "cases settled through a meeting", "办理方式为联席会办、现场会办、有请当事人会办或云上会办（非直接办理）的工单；导出中未填办理方式的工单按直接办理计。"),
		count("surveyed", "有效回访", "surveyed cases", "回访联系到居民并得到答复的工单：三率的分母。"),
		rate("response_rate", "响应率", "response rate", "有效回访中居民确认及时联系的工单数", "有效回访工单数",
			"有效回访工单中，居民确认承办单位及时联系的比例。"),
		rate("resolution_rate", "解决率", "resolution rate", "有效回访中居民表示已解决的工单数", "有效回访工单数",
			"有效回访工单中，居民表示问题已解决的比例。"),
		rate("satisfaction_rate", "满意率", "satisfaction rate", "满意数 + "+w+" × 基本满意数", "有满意度答复的有效回访工单数",
			"“满意”计 1，“基本满意”计 "+w+"，“不满意”计 0。"),
		rate("strict_satisfaction_rate", "满意率（仅“满意”）", "strict satisfaction rate", "满意数", "有满意度答复的有效回访工单数",
			"只计“满意”的满意率，与加权满意率并列公布。"),
		rate("closure_rate", "办结率", "closure rate", "办结工单数", "受理工单数减去居民撤回的工单数",
			"期间内受理的工单中已办结（已办结或未解决）的比例。"),
		{ID: "median_days_to_close", Label: "办结用时中位数", LabelEn: "median days to close", Unit: "days",
			Denominator: "办结工单数",
			Description: "办结工单从受理到办结的天数（含小数）的中位数，最近秩法；保留一位小数。不单独公布平均数。"},
		{ID: "p90_days_to_close", Label: "办结用时第 90 百分位", LabelEn: "90th percentile of days to close", Unit: "days",
			Denominator: "办结工单数",
			Description: "办结工单从受理到办结的天数的第 90 百分位数，最近秩法；保留一位小数。"},
		count("closed_within_hour", "1 小时内办结", "cases closed within an hour",
			"办结工单（见 closed）中，办结时间早于受理时间后 60 分钟的工单（恰好 60 分钟不计）：多为当场答复或系统自动办结，单列为数据质量指标；它们仍计入办结用时的中位数和第 90 百分位。未办结、撤回的工单不计。"),
		rate("closed_within_hour_share", "1 小时内办结占比", "share of closed cases closed within an hour", "1 小时内办结的工单数", "办结工单数",
			"办结工单中 1 小时内办结（见 closed_within_hour）的比例，数据质量指标。"),
		rank("response_rank", "响应率排名", "rank by response rate", "响应率", "有效回访工单数"),
		rank("resolution_rank", "解决率排名", "rank by resolution rate", "解决率", "有效回访工单数"),
		rank("satisfaction_rank", "满意率排名", "rank by satisfaction rate", "满意率", "有满意度答复的有效回访工单数"),
		{ID: "meetings_held", Label: "召开议事会议", LabelEn: "meetings held", Unit: "meetings",
			Description: "状态为已召开的议事会议场次；每场会议在站点上有自己的页面。统计表中的场次与其他计数同样隐去（见 suppressed）。"},
		{ID: "meetings_noticed", Label: "有通知日期的会议", LabelEn: "meetings with a notice date", Unit: "meetings",
			Description: "已召开、且记有会议通知日期（noticed_at）不晚于开会当天的议事会议场次：提前天数的依据。"},
		{ID: "meetings_no_notice", Label: "无通知日期的会议", LabelEn: "meetings without a notice date", Unit: "meetings",
			Description: "已召开、但没有记录会议通知日期的议事会议场次，不计入提前天数。"},
		{ID: "notice_lead_median", Label: "会议通知提前天数中位数", LabelEn: "median notice lead time", Unit: "days",
			Denominator: "有通知日期的会议场次",
			Description: "已召开的议事会议从发出会议通知之日到开会之日相隔的日历天数（当天通知为 0）的中位数，最近秩法。"},
		{ID: "notice_lead_p90", Label: "会议通知提前天数第 90 百分位", LabelEn: "90th percentile of the notice lead time", Unit: "days",
			Denominator: "有通知日期的会议场次",
			Description: "会议通知提前天数的第 90 百分位数，最近秩法。"},
		{ID: "suppressed", Label: "隐去", LabelEn: "suppressed", Unit: "flag",
			Description: "1 至 " + k + "−1 的计数隐去，并隐去足以推算出它们的其他计数，直至任何合计中的隐去计数至少两个且合计不小于 " + k +
				"；以隐去计数为分子、分母或可推算其补数的比率、天数同样隐去。隐去的数值在 JSON 中为 null，在表格 CSV 中为 ×，不以任何形式发布。"},
	}
}

func definitionsJSON(o Options) (resource, error) {
	data, err := jsonRows(Definitions(o))
	if err != nil {
		return resource{}, err
	}
	fs := []field{
		{Name: "id", Type: "string", Constraints: &constraints{Required: true, Unique: true}},
		{Name: "label", Type: "string", Constraints: required()},
		{Name: "label_en", Type: "string", Constraints: required()},
		{Name: "unit", Type: "string", Constraints: enum(true, "cases", "percent", "days", "meetings", "flag")},
		{Name: "numerator", Type: "string"},
		{Name: "denominator", Type: "string"},
		{Name: "description", Type: "string", Constraints: required()},
	}
	return newResource("definitions", "definitions.json", "统计口径 Definitions",
		"The definition of every figure of stats.json, with the parameters of this build; part of the data version.",
		"json", tableSchema{Fields: fs, PrimaryKey: []string{"id"}, MissingValues: []string{""}}, data), nil
}

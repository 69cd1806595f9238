package site

import (
	"strconv"
	"time"

	"gongshi/generator/stats"
)

// The tables of issue 5 that are not one breakdown of the case figures: the rankings of the
// communities by the three rates (on the rates page) and the meetings held per month by kind
// and by hall, the notice lead time and the meeting cases against direct handling (on the
// meetings page).

// RankDefs are the definitions of the ranking figures, by the rate they rank by.
var RankDefs = map[string]string{"response_rate": "response_rank", "resolution_rate": "resolution_rank",
	"satisfaction_rate": "satisfaction_rank"}

// rankingTables returns one table per ranking of s.Stats: ranking-response, ranking-resolution,
// ranking-satisfaction. Each row is a community: its rank (0 when not ranked), its standing and
// the rate with its Wilson interval (Cell.Low, Cell.High) when ranked. Rows in the ranking's
// order: ranked, too few, suppressed.
func (s *Site) rankingTables() []*Table {
	var out []*Table
	for _, rk := range s.Stats.Rankings {
		id := "ranking-" + rk.Def[:len(rk.Def)-len("_rate")]
		def := RankDefs[rk.Def]
		t := &Table{ID: id, Title: "排名：" + zhRate[rk.Def], Family: "rates", Base: "ranking",
			Caption: "各社区" + zhRate[rk.Def] + "排名（全部时段），附 95% 威尔逊置信区间；分母不足 " + strconv.Itoa(rk.NMin) +
				" 件的社区太少，不排名；比率隐去的社区不排名",
			Columns: []Column{{Def: rk.Def}}, Ranking: true, NMin: rk.NMin, RankDef: def,
			Period: Period{From: s.Stats.First, To: s.Stats.Last, Months: true}}
		for _, r := range rk.Rows {
			if r.Index >= len(s.Communities) {
				continue
			}
			c := s.Communities[r.Index]
			cell := Cell{ID: stats.FigureID("ranking", r.Key, def), Def: def, Unit: "percent", Rate: r.Rate,
				Rank: r.Rank, Standing: string(r.Standing)}
			if r.Standing == stats.Ranked {
				cell.Low, cell.High, cell.Interval = r.Low, r.High, true
			}
			t.Rows = append(t.Rows, TableRow{Key: r.Key, Label: c.Name, URL: c.URL, Cells: []Cell{cell}})
		}
		out = append(out, t)
	}
	return out
}

// zhRate names the ranked rates in Chinese, for the open data's titles.
var zhRate = map[string]string{"response_rate": "响应率", "resolution_rate": "解决率", "satisfaction_rate": "满意率"}

// handlingTable compares the cases settled through meetings with those handled directly.
func (s *Site) handlingTable(cols []string) *Table {
	b := breakdown{base: "handling"}
	for _, r := range s.Stats.ByHandling {
		b.rows = append(b.rows, TableRow{Key: r.Key, LabelKey: "handling." + r.Key, Figures: r.Figures})
	}
	return s.table(b, "meetings-handling", "meetings", "议事：会办与直接办理的解决率",
		"经任一类议事会议办理的工单与直接办理的工单：受理、有效回访、解决率、满意率和办结用时（全街道，全部时段）", cols)
}

// meetingGrid is a kind × month or hall × month table of the meetings held (Grid), with a
// shade per cell for the heat map without script and, with total, a last column of all months.
func (s *Site) meetingGrid(g stats.MeetingGrid, id, base, head, title, caption string, label func(i int, key string) TableRow, total bool) *Table {
	t := &Table{ID: id, Title: title, Caption: caption, Family: "meetings", Base: base, Grid: true, District: true, Head: head,
		Period: Period{Months: true}}
	if len(g.Cols) > 0 {
		t.Period.From, _ = time.ParseInLocation("2006-01", g.Cols[0], s.Now.Location())
		t.Period.To, _ = time.ParseInLocation("2006-01", g.Cols[len(g.Cols)-1], s.Now.Location())
	}
	for _, m := range g.Cols {
		mt, _ := time.ParseInLocation("2006-01", m, s.Now.Location())
		t.Columns = append(t.Columns, Column{Def: "meetings_held", Month: mt})
	}
	if total {
		t.Columns = append(t.Columns, Column{Def: "meetings_held", Total: true})
	}
	top := 0
	for _, r := range g.Cells {
		for _, c := range r {
			if !c.Hidden {
				top = max(top, c.N)
			}
		}
	}
	for i, key := range g.Rows {
		row := label(i, key)
		row.Key = key
		for j, m := range g.Cols {
			c := Cell{ID: stats.FigureID(base, key+"."+m, "meetings_held"), Def: "meetings_held", Unit: "meetings",
				Count: g.Cells[i][j]}
			if n := g.Cells[i][j]; !n.Hidden && n.N > 0 && top > 0 {
				c.Shade = min(5, 1+4*n.N/top)
			}
			row.Cells = append(row.Cells, c)
		}
		if total {
			row.Cells = append(row.Cells, Cell{ID: stats.FigureID(base, key+".total", "meetings_held"), Def: "meetings_held",
				Unit: "meetings", Count: g.Total[i]})
		}
		t.Rows = append(t.Rows, row)
	}
	if len(g.Month) == len(g.Cols) && len(g.Rows) > 0 {
		row := TableRow{Key: "all", LabelKey: "col.total"}
		for j, m := range g.Cols {
			row.Cells = append(row.Cells, Cell{ID: stats.FigureID(base, "all."+m, "meetings_held"), Def: "meetings_held",
				Unit: "meetings", Count: g.Month[j]})
		}
		if total {
			row.Cells = append(row.Cells, Cell{ID: stats.FigureID(base, "all.total", "meetings_held"), Def: "meetings_held",
				Unit: "meetings", Count: allTotal(g)})
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// allTotal is the meetings of every row and month of g: the sum of its row totals, hidden when
// any of them is (a total the hidden ones would give away is not published).
func allTotal(g stats.MeetingGrid) stats.Count {
	var c stats.Count
	for _, t := range g.Total {
		c.N += t.N
		c.Hidden = c.Hidden || t.Hidden
	}
	return c
}

// meetingTables returns the meetings page's tables of issue 5: per month by kind, per month by
// hall, and the notice lead time.
func (s *Site) meetingTables() []*Table {
	st := s.Stats
	byKind := s.meetingGrid(st.MeetingsByKind, "meetings-kind-month", "meetings-kind-month", "col.meetings",
		"议事：按会议类型和月份", "每月召开的各类议事会议场次（全街道）", func(_ int, key string) TableRow {
			return TableRow{LabelKey: "kind." + key}
		}, false)
	halls := map[string]*Hall{}
	for _, h := range s.Halls {
		halls[h.Slug] = h
	}
	byHall := s.meetingGrid(st.MeetingsByHall, "meetings-hall-month", "meetings-hall-month", "col.hall",
		"议事：按议事厅和月份", "各议事厅每月召开的议事会议场次及合计", func(_ int, key string) TableRow {
			if h := halls[key]; h != nil {
				return TableRow{Label: h.Name, URL: h.URL}
			}
			return TableRow{Label: key}
		}, true)
	lead := &Table{ID: "meetings-lead", Title: "议事：会议通知提前天数", Family: "meetings", Base: "lead", District: true,
		Caption: "已召开的议事会议从发出会议通知到开会的天数：中位数和第 90 百分位数（全部时段）",
		Columns: []Column{{Def: "meetings_noticed"}, {Def: "notice_lead_median"}, {Def: "notice_lead_p90"}, {Def: "meetings_no_notice"}}}
	var from, to time.Time
	if len(st.MeetingsByKind.Cols) > 0 {
		from, _ = time.ParseInLocation("2006-01", st.MeetingsByKind.Cols[0], s.Now.Location())
		to, _ = time.ParseInLocation("2006-01", st.MeetingsByKind.Cols[len(st.MeetingsByKind.Cols)-1], s.Now.Location())
	}
	lead.Period = Period{From: from, To: to, Months: true}
	for _, r := range st.LeadTime {
		row := TableRow{Key: r.Key, LabelKey: "kind." + r.Key}
		if r.Key == "all" {
			row.LabelKey = "lead.all"
		}
		for _, c := range lead.Columns {
			row.Cells = append(row.Cells, LeadCell(r, c.Def))
		}
		lead.Rows = append(lead.Rows, row)
	}
	return []*Table{byKind, byHall, lead}
}

// LeadCell returns the figure def of a lead time row: meetings_noticed, meetings_no_notice,
// notice_lead_median or notice_lead_p90.
func LeadCell(r stats.LeadRow, def string) Cell {
	c := Cell{ID: stats.FigureID("lead", r.Key, def), Def: def, Unit: "meetings"}
	switch def {
	case "meetings_noticed":
		c.Count = r.N
	case "meetings_no_notice":
		c.Count = r.NoNotice
	case "notice_lead_median":
		c.Unit, c.Days, c.N = "days", r.Median, r.N
	case "notice_lead_p90":
		c.Unit, c.Days, c.N = "days", r.P90, r.N
	default:
		panic("site: unknown lead time definition " + def)
	}
	return c
}

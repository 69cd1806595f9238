package site

import (
	"time"

	"gongshi/generator/stats"
)

// Table is a statistics table with labelled rows. Title and Caption are in Chinese, for the open
// data; the theme's strings "table.ID" and "caption.ID" say them in every language.
type Table struct {
	ID       string // fragment id on the statistics page
	Title    string
	Caption  string
	Rows     []TableRow
	District bool // covers the whole district, so small counts are shown
}

// TableRow is one labelled row; Label is set for names from the data, LabelKey (an interface
// string key of the theme) for fixed vocabularies such as channels, and Month for the rows of a
// table by month (Label then says it in Chinese), so that a theme can format it.
type TableRow struct {
	Label    string
	LabelKey string
	Month    time.Time
	URL      string
	Figures  stats.Figures
}

func (s *Site) tables() []Table {
	st := s.Stats
	month := Table{ID: "month", Title: "按月份", Caption: "按受理月份统计的工单数、办结率和三率（全街道）", District: true}
	for _, r := range st.ByMonth {
		t, _ := time.Parse("2006-01", r.Key)
		month.Rows = append(month.Rows, TableRow{Label: t.Format("2006年1月"), Month: t, Figures: r.Figures})
	}
	community := Table{ID: "community", Title: "按社区", Caption: "各社区全部时段的工单数和三率；小于 10 的数值以 × 表示"}
	for i, r := range st.ByCommunity {
		c := s.Communities[i]
		community.Rows = append(community.Rows, TableRow{Label: c.Name, URL: c.URL, Figures: r.Figures})
	}
	category := Table{ID: "category", Title: "按诉求类别", Caption: "各一级类别全部时段的工单数和三率；小于 10 的数值以 × 表示"}
	for i, r := range st.ByCategory {
		category.Rows = append(category.Rows, TableRow{Label: s.Categories[i].Name, Figures: r.Figures})
	}
	keyed := func(id, title, caption, prefix string, rows []stats.Row) Table {
		t := Table{ID: id, Title: title, Caption: caption, District: true}
		for _, r := range rows {
			t.Rows = append(t.Rows, TableRow{LabelKey: prefix + "." + r.Key, Figures: r.Figures})
		}
		return t
	}
	return []Table{
		month, community, category,
		keyed("channel", "按来源渠道", "各来源渠道全部时段的工单数和三率（全街道）", "channel", st.ByChannel),
		keyed("method", "按办理方式", "直接办理与各类议事会办的工单数和三率（全街道）", "method", st.ByMethod),
		keyed("status", "按办理状态", "各办理状态的工单数（全街道）", "status", st.ByStatus),
	}
}

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
	Table       string   `json:"table"` // overview, month, community, category, channel, method, status, meetings
	Key         string   `json:"key"`   // the row: window, all, 2022-07, a slug, a channel…
	Label       string   `json:"label"`
	Period      *string  `json:"period"`
	Unit        string   `json:"unit"`
	Value       *float64 `json:"value"`
	Numerator   *float64 `json:"numerator"`
	Denominator *int     `json:"denominator"`
	Suppressed  bool     `json:"suppressed"`
}

// figures returns the figures of one row of a table, in the order of the definitions.
func figures(table, key, label string, per *string, f stats.Figures) []Figure {
	id := key
	if table != "overview" {
		id = table + "." + key
	}
	base := func(def, unit string) Figure {
		return Figure{ID: id + "." + def, Definition: def, Table: table, Key: key, Label: label, Period: per, Unit: unit}
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
	}
}

// label translates an interface string key, or returns its value part.
func label(o Options, key string) string {
	if o.Label != nil {
		if l := o.Label(key); l != "" && l != key {
			return l
		}
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
			}
			out = append(out, figures(fam.table, r.Key, fam.label(i, r.Key), per, r.Figures)...)
		}
	}
	// Meetings are public events with a page each: their counts are not suppressed. The cases
	// per kind of meeting (stats.MeetingRow.Cases) carry no suppression flag, so they are left out.
	out = append(out, Figure{ID: "window.meetings_held", Definition: "meetings_held", Table: "overview", Key: "window",
		Label: "近 12 个月", Period: window, Unit: "meetings", Value: ptr(float64(st.MeetingsHeld))})
	mper := meetingSpan(s)
	for _, m := range st.Meetings {
		out = append(out, Figure{ID: "meetings." + string(m.Kind) + ".meetings_held", Definition: "meetings_held",
			Table: "meetings", Key: string(m.Kind), Label: label(o, "kind."+string(m.Kind)), Period: mper,
			Unit: "meetings", Value: ptr(float64(m.Held))})
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
		{Name: "table", Type: "string", Constraints: enum(true, "overview", "month", "community", "category", "channel", "method", "status", "meetings")},
		{Name: "key", Type: "string", Description: "The row of the table: window (the 12 months before the build date), all, a month, a slug or an identifier.", Constraints: required()},
		{Name: "label", Type: "string", Constraints: required()},
		{Name: "period", Type: "string", Description: "ISO 8601: a month (2022-07), months (2021-01/2022-08) or days, both ends included (2021-08-17/2022-08-16)."},
		{Name: "unit", Type: "string", Constraints: enum(true, "cases", "percent", "days", "meetings")},
		{Name: "value", Type: "number", Description: "The figure as the site shows it (percent and days to one decimal); null when suppressed or when there is nothing to compute.", Constraints: atLeast(0)},
		{Name: "numerator", Type: "number", Description: "Of a rate: its numerator (weighted for the satisfaction rate); null when suppressed.", Constraints: atLeast(0)},
		{Name: "denominator", Type: "integer", Description: "Of a rate: its denominator; of days to close: the closed cases; null when suppressed.", Constraints: atLeast(0)},
		{Name: "suppressed", Type: "boolean", Description: "Hidden to protect residents (see the definition suppressed): value, numerator and denominator are then null.", Constraints: required()},
	}
	return newResource("stats", "stats.json", "统计数值 Figures",
		"Every figure of the site with its definition, numerator, denominator, value, period and suppression flag.",
		"json", tableSchema{Fields: fs, PrimaryKey: []string{"id"}, MissingValues: []string{""}}, data), nil
}

package opendata

import (
	"fmt"
	"regexp"
	"strconv"

	"gongshi/generator/site"
	"gongshi/generator/stats"
)

var tableID = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)

// tableFields are the columns of a statistics table's CSV: those of the table on the site.
func tableFields() []field {
	count := func(name, title string) field {
		return field{Name: name, Type: "integer", Title: title, Description: "× when suppressed.", Constraints: atLeast(0)}
	}
	rate := func(name, title string) field {
		return field{Name: name, Type: "number", Title: title, Description: "Percent, one decimal; × when suppressed, empty when there is nothing to compute.",
			Constraints: &constraints{Minimum: ptr(0.0), Maximum: ptr(100.0)}}
	}
	days := func(name, title string) field {
		return field{Name: name, Type: "number", Title: title, Description: "Days, one decimal; × when suppressed, empty when no case was closed.", Constraints: atLeast(0)}
	}
	return []field{
		{Name: "key", Type: "string", Title: "键", Description: "The row: a month (2022-07), a slug or an identifier, as in stats.json.", Constraints: &constraints{Required: true, Unique: true}},
		{Name: "label", Type: "string", Title: "名称", Constraints: required()},
		count("received", "受理"),
		count("closed", "办结"),
		count("surveyed", "有效回访"),
		rate("response_rate", "响应率"),
		rate("resolution_rate", "解决率"),
		rate("satisfaction_rate", "满意率"),
		days("median_days_to_close", "办结天数中位数"),
		days("p90_days_to_close", "第 90 百分位"),
	}
}

func cellCount(c stats.Count) string {
	if c.Hidden {
		return hiddenMark
	}
	return strconv.Itoa(c.N)
}

func cellRate(r stats.Rate) string {
	switch {
	case r.Hidden:
		return hiddenMark
	case r.None():
		return ""
	}
	return decimal(r.Percent(), 1)
}

func cellDays(d stats.Days) string {
	switch {
	case d.Hidden:
		return hiddenMark
	case d.None:
		return ""
	}
	return decimal(d.Value, 1)
}

// rowKeys returns the keys of the rows of table t: those of the stats rows it was made from,
// when the table is one of them with the same rows; else the labels.
func rowKeys(s *site.Site, o Options, t site.Table) []string {
	keys := make([]string, len(t.Rows))
	for _, fam := range families(s, o) {
		if fam.table != t.ID || len(fam.rows) != len(t.Rows) {
			continue
		}
		for i, r := range fam.rows {
			if r.Figures != t.Rows[i].Figures {
				return labels(o, t)
			}
			keys[i] = r.Key
		}
		return keys
	}
	return labels(o, t)
}

func labels(o Options, t site.Table) []string {
	out := make([]string, len(t.Rows))
	for i, r := range t.Rows {
		out[i] = rowLabel(o, r)
	}
	return out
}

func rowLabel(o Options, r site.TableRow) string {
	if r.Label != "" || r.LabelKey == "" {
		return r.Label
	}
	return label(o, r.LabelKey)
}

// tableCSVs returns one CSV per statistics table of the site, and one of the meetings held.
func tableCSVs(s *site.Site, o Options) ([]resource, error) {
	var out []resource
	fs := tableFields()
	for _, t := range s.Tables {
		if !tableID.MatchString(t.ID) {
			return nil, fmt.Errorf("opendata: table id %q cannot name a file", t.ID)
		}
		keys := rowKeys(s, o, t)
		rows := make([][]string, len(t.Rows))
		for i, r := range t.Rows {
			f := r.Figures
			rows[i] = []string{keys[i], rowLabel(o, r), cellCount(f.Received), cellCount(f.Closed), cellCount(f.Surveyed),
				cellRate(f.Response), cellRate(f.Resolution), cellRate(f.Satisfaction), cellDays(f.MedianDays), cellDays(f.P90Days)}
		}
		data, err := csvBytes(names(fs), rows)
		if err != nil {
			return nil, err
		}
		out = append(out, newResource("table-"+t.ID, "tables/"+t.ID+".csv", t.Title, t.Caption+"（× 表示隐去的数值）", "csv",
			tableSchema{Fields: fs, PrimaryKey: []string{"key"}, MissingValues: []string{"", hiddenMark}}, data))
	}
	var rows [][]string
	for _, m := range s.Stats.Meetings {
		rows = append(rows, []string{string(m.Kind), label(o, "kind."+string(m.Kind)), strconv.Itoa(m.Held)})
	}
	mfs := []field{
		{Name: "key", Type: "string", Title: "会议类型", Constraints: &constraints{Required: true, Unique: true}},
		{Name: "label", Type: "string", Title: "名称", Constraints: required()},
		{Name: "meetings_held", Type: "integer", Title: "场次", Constraints: &constraints{Required: true, Minimum: ptr(0.0)}},
	}
	data, err := csvBytes(names(mfs), rows)
	if err != nil {
		return nil, err
	}
	out = append(out, newResource("table-meetings", "tables/meetings.csv", "议事会议",
		"已召开的会议场次（全街道，全部时段）", "csv",
		tableSchema{Fields: mfs, PrimaryKey: []string{"key"}, MissingValues: []string{""}}, data))
	return out, nil
}

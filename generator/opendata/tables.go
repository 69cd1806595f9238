package opendata

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"

	"gongshi/generator/site"
	"gongshi/generator/stats"
)

var tableID = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)

// summaryFields are the columns of a summary table's CSV (site.Table with no Family): every
// main figure of its rows, as the statistics page showed them before it had a page per family.
func summaryFields() []field {
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
		keyField(), labelField(),
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

func keyField() field {
	return field{Name: "key", Type: "string", Title: "键", Description: "The row: a month (2022-07), a slug or an identifier, as in stats.json.", Constraints: &constraints{Required: true, Unique: true}}
}

func labelField() field {
	return field{Name: "label", Type: "string", Title: "名称", Description: "The row's name as the site shows it in Chinese.", Constraints: required()}
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

func rowLabel(o Options, r site.TableRow) string {
	if r.Label != "" || r.LabelKey == "" {
		return r.Label
	}
	return label(o, r.LabelKey)
}

// rowKey is the row's key in stats.json, or its label for a row made by hand without one.
func rowKey(o Options, r site.TableRow) string {
	if r.Key != "" {
		return r.Key
	}
	return rowLabel(o, r)
}

// tableCSVs returns one CSV per summary table of the site, one CSV and one JSON file per table
// of a statistics page (exactly its columns), and the CSV of the meetings held.
func tableCSVs(s *site.Site, o Options) ([]resource, error) {
	var out []resource
	fs := summaryFields()
	for _, t := range s.Tables {
		if !tableID.MatchString(t.ID) {
			return nil, fmt.Errorf("opendata: table id %q cannot name a file", t.ID)
		}
		rows := make([][]string, len(t.Rows))
		for i, r := range t.Rows {
			f := r.Figures
			rows[i] = []string{rowKey(o, r), rowLabel(o, r), cellCount(f.Received), cellCount(f.Closed), cellCount(f.Surveyed),
				cellRate(f.Response), cellRate(f.Resolution), cellRate(f.Satisfaction), cellDays(f.MedianDays), cellDays(f.P90Days)}
		}
		data, err := csvBytes(names(fs), rows)
		if err != nil {
			return nil, err
		}
		out = append(out, newResource("table-"+t.ID, "tables/"+t.ID+".csv", t.Title, t.Caption+"（× 表示隐去的数值）", "csv",
			tableSchema{Fields: fs, PrimaryKey: []string{"key"}, MissingValues: []string{"", hiddenMark}}, data))
	}
	seen := map[string]bool{}
	for _, t := range s.Tables {
		seen[t.ID] = true
	}
	for _, fam := range s.Families {
		for _, t := range fam.Tables {
			if !tableID.MatchString(t.ID) || seen[t.ID] {
				return nil, fmt.Errorf("opendata: table id %q cannot name a file, or names two tables", t.ID)
			}
			seen[t.ID] = true
			rs, err := pageTable(o, t)
			if err != nil {
				return nil, err
			}
			out = append(out, rs...)
		}
	}
	var rows [][]string
	for _, m := range s.Stats.Meetings {
		rows = append(rows, []string{string(m.Kind), label(o, "kind."+string(m.Kind)), cellCount(stats.Count{N: m.Held, Hidden: m.Hidden})})
	}
	mfs := []field{
		{Name: "key", Type: "string", Title: "会议类型", Constraints: &constraints{Required: true, Unique: true}},
		{Name: "label", Type: "string", Title: "名称", Constraints: required()},
		{Name: "meetings_held", Type: "integer", Title: "场次", Description: "× when suppressed.", Constraints: atLeast(0)},
	}
	data, err := csvBytes(names(mfs), rows)
	if err != nil {
		return nil, err
	}
	out = append(out, newResource("table-meetings", "tables/meetings.csv", "议事会议",
		"已召开的会议场次（全街道，全部时段）", "csv",
		tableSchema{Fields: mfs, PrimaryKey: []string{"key"}, MissingValues: []string{"", hiddenMark}}, data))
	return out, nil
}

// column is a column of a page table's downloads: the value of one figure of each row, or the
// numerator or denominator of its rate.
type column struct {
	field field
	value func(c site.Cell) (text string, num any) // the CSV text; the JSON value (nil for null)
	of    int                                      // the index of the table's column
}

// pageColumns returns the columns of the downloads of t: key and label, then for each column of
// the table its figure, and for a rate its numerator and denominator, as the page shows them.
func pageColumns(t *site.Table) []column {
	var out []column
	for i, c := range t.Columns {
		n := len(out)
		name, title := c.Def, defLabel(c.Def)
		switch {
		case t.Grid && c.Total:
			name, title = "total", "合计"
		case t.Grid:
			name, title = c.Month.Format("2006-01"), c.Month.Format("2006-01")
		}
		if t.Ranking {
			out = append(out,
				column{field{Name: "rank", Type: "integer", Title: "名次", Description: "1 for the highest rate; empty when the community is not ranked (see standing).",
					Constraints: atLeast(1)},
					func(x site.Cell) (string, any) {
						if x.Rank == 0 {
							return "", nil
						}
						return strconv.Itoa(x.Rank), x.Rank
					}, 0},
				column{field{Name: "standing", Type: "string", Title: "排名情况",
					Description: "ranked; too_few: fewer than n_min cases in the rate's denominator; suppressed: the rate is hidden.",
					Constraints: enum(true, string(stats.Ranked), string(stats.TooFew), string(stats.Suppressed))},
					func(x site.Cell) (string, any) { return x.Standing, x.Standing }, 0})
		}
		switch unit(c.Def) {
		case "percent":
			out = append(out,
				column{field{Name: name, Type: "number", Title: title, Description: "Percent, one decimal; × (null in JSON) when suppressed, empty when there is nothing to compute.",
					Constraints: &constraints{Minimum: ptr(0.0), Maximum: ptr(100.0)}},
					func(x site.Cell) (string, any) { return rateValue(x.Rate) }, 0},
				column{field{Name: name + "_numerator", Type: "number", Title: title + "分子", Description: "Numerator of the rate (weighted for the satisfaction rate); × (null) when suppressed.",
					Constraints: atLeast(0)},
					func(x site.Cell) (string, any) {
						if x.Rate.Hidden {
							return hiddenMark, nil
						}
						return decimal(x.Rate.Num, 4), round(x.Rate.Num, 4)
					}, 0},
				column{field{Name: name + "_denominator", Type: "integer", Title: title + "分母", Description: "Denominator of the rate; × (null) when suppressed.",
					Constraints: atLeast(0)},
					func(x site.Cell) (string, any) {
						if x.Rate.Hidden {
							return hiddenMark, nil
						}
						return strconv.Itoa(x.Rate.Den), x.Rate.Den
					}, 0})
		case "days":
			out = append(out, column{field{Name: name, Type: "number", Title: title, Description: "Days, one decimal; × (null in JSON) when suppressed, empty when no case was closed.",
				Constraints: atLeast(0)},
				func(x site.Cell) (string, any) {
					switch {
					case x.Days.Hidden:
						return hiddenMark, nil
					case x.Days.None:
						return "", nil
					}
					return decimal(x.Days.Value, 1), round(x.Days.Value, 1)
				}, 0})
		default:
			out = append(out, column{field{Name: name, Type: "integer", Title: title, Description: "× (null in JSON) when suppressed.", Constraints: atLeast(0)},
				func(x site.Cell) (string, any) {
					if x.Count.Hidden {
						return hiddenMark, nil
					}
					return strconv.Itoa(x.Count.N), x.Count.N
				}, 0})
		}
		if t.Ranking {
			bound := func(name, title, desc string, v func(site.Cell) float64) column {
				return column{field{Name: name, Type: "number", Title: title, Description: desc,
					Constraints: &constraints{Minimum: ptr(0.0), Maximum: ptr(100.0)}},
					func(x site.Cell) (string, any) {
						if !x.Interval {
							return "", nil
						}
						return decimal(100*v(x), 2), round(100*v(x), 2)
					}, 0}
			}
			out = append(out,
				bound("ci_low", "95% 置信区间下限", "Lower bound of the 95% Wilson interval of the rate, percent to two decimals; empty when not ranked.",
					func(x site.Cell) float64 { return x.Low }),
				bound("ci_high", "95% 置信区间上限", "Upper bound of the 95% Wilson interval of the rate, percent to two decimals; empty when not ranked.",
					func(x site.Cell) float64 { return x.High }))
		}
		for j := n; j < len(out); j++ {
			out[j].of = i
		}
	}
	return out
}

func rateValue(r stats.Rate) (string, any) {
	switch {
	case r.Hidden:
		return hiddenMark, nil
	case r.None():
		return "", nil
	}
	return decimal(r.Percent(), 1), round(r.Percent(), 1)
}

// pageTable returns the CSV and the JSON file of a table of a statistics page: its columns
// exactly, each row's key and label first. In JSON a suppressed value is null and its column is
// listed in the row's suppressed; a value with nothing to compute is null and not listed.
func pageTable(o Options, t *site.Table) ([]resource, error) {
	cols := pageColumns(t)
	fs := []field{keyField(), labelField()}
	for _, c := range cols {
		fs = append(fs, c.field)
	}
	jfs := append(append([]field(nil), fs...), field{Name: "suppressed", Type: "array",
		Description: "The columns of the row that are suppressed (× on the site), whose values are null.", Constraints: required()})
	csvRows := make([][]string, len(t.Rows))
	objs := make([]orderedRow, len(t.Rows))
	for i, r := range t.Rows {
		key, lbl := rowKey(o, r), rowLabel(o, r)
		rec := []string{key, lbl}
		obj := orderedRow{{"key", key}, {"label", lbl}}
		hidden := []string{}
		for _, c := range cols {
			cell := r.Cells[c.of]
			text, v := c.value(cell)
			rec = append(rec, text)
			obj = append(obj, kv{c.field.Name, v})
			if text == hiddenMark {
				hidden = append(hidden, c.field.Name)
			}
		}
		obj = append(obj, kv{"suppressed", hidden})
		csvRows[i], objs[i] = rec, obj
	}
	data, err := csvBytes(names(fs), csvRows)
	if err != nil {
		return nil, err
	}
	js, err := jsonRows(objs)
	if err != nil {
		return nil, err
	}
	desc := t.Caption + "（× 表示隐去的数值）"
	return []resource{
		newResource("table-"+t.ID, "tables/"+t.ID+".csv", t.Title, desc, "csv",
			tableSchema{Fields: fs, PrimaryKey: []string{"key"}, MissingValues: []string{"", hiddenMark}}, data),
		newResource("table-"+t.ID+"-json", "tables/"+t.ID+".json", t.Title+"（JSON）", desc+"；JSON 中隐去的数值为 null，并列于 suppressed",
			"json", tableSchema{Fields: jfs, PrimaryKey: []string{"key"}, MissingValues: []string{""}}, js),
	}, nil
}

// kv is a member of a JSON object.
type kv struct {
	key   string
	value any
}

// orderedRow is a JSON object with its members in order: the columns of a table.
type orderedRow []kv

func (r orderedRow) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	b.WriteByte('{')
	for i, m := range r {
		if i > 0 {
			b.WriteByte(',')
		}
		if err := enc.Encode(m.key); err != nil {
			return nil, err
		}
		b.Truncate(b.Len() - 1)
		b.WriteByte(':')
		if err := enc.Encode(m.value); err != nil {
			return nil, err
		}
		b.Truncate(b.Len() - 1)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// unit is the unit of a definition's figures.
func unit(def string) string {
	for _, d := range Definitions(Options{}) {
		if d.ID == def {
			return d.Unit
		}
	}
	return "cases"
}

// defLabel is the Chinese label of a definition.
func defLabel(def string) string {
	for _, d := range Definitions(Options{}) {
		if d.ID == def {
			return d.Label
		}
	}
	return def
}

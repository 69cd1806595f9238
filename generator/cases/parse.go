package cases

import (
	"strings"

	"gongshi/generator/config"
	"gongshi/generator/source"
)

// parseRow validates one row. It reports every problem of the row, not only the first.
func parseRow(row *Row, get func(string) string, cfg *config.Config, errs *source.List) (Record, bool) {
	n := len(*errs)
	loc := config.Location()
	r := Record{Pos: row}
	bad := func(col, format string, args ...any) { errs.Add(row.At(col), col+": "+format, args...) }
	for _, c := range required {
		if _, has := row.file.col[c]; has && get(c) == "" {
			bad(c, "required value is empty")
		}
	}
	r.ID = get("id")
	date := func(col string) {
		s := get(col)
		if s == "" {
			return
		}
		t, err := parseTime(s, loc)
		if err != nil {
			bad(col, "%v", err)
			return
		}
		switch col {
		case "received_at":
			r.ReceivedAt = t
		case "responded_at":
			r.RespondedAt = t
		case "closed_at":
			r.ClosedAt = t
		}
	}
	date("received_at")
	date("responded_at")
	date("closed_at")
	if !r.ReceivedAt.IsZero() {
		if !r.ClosedAt.IsZero() && r.ClosedAt.Before(r.ReceivedAt) {
			bad("closed_at", "closed_at %s is before received_at %s", get("closed_at"), get("received_at"))
		}
		if !r.RespondedAt.IsZero() && r.RespondedAt.Before(r.ReceivedAt) {
			bad("responded_at", "responded_at %s is before received_at %s", get("responded_at"), get("received_at"))
		}
	}

	if s := get("street"); s != "" {
		if _, ok := cfg.Street(s); !ok {
			bad("street", "unknown street %q: add it to site.toml under [[district.streets]]", s)
		}
	}
	if s := get("community"); s != "" {
		cm, ok := cfg.Community(s)
		switch {
		case !ok:
			bad("community", "unknown community %q: add it to site.toml under [[district.streets.communities]]", s)
		case get("street") != "" && cm.Street.Name != get("street"):
			bad("community", "community %s belongs to %s, not %s", cm.Name, cm.Street.Name, get("street"))
		default:
			r.Community = cm
		}
	}
	if g := get("grid"); g != "" && r.Community != nil {
		if !r.Community.HasGrid(g) {
			bad("grid", "unknown grid %q of %s: add it to the community's grids in site.toml", g, r.Community.Name)
		}
		r.Grid = g
	}
	if s := get("category"); s != "" {
		cat, ok := cfg.Category(s)
		if !ok {
			bad("category", "unknown category %q: add it to site.toml under [[categories]]", s)
		} else {
			r.Category = cat
			if sub := get("subcategory"); sub != "" {
				if !cat.HasSub(sub) {
					bad("subcategory", "unknown subcategory %q of %s: add it to the category's subcategories in site.toml", sub, cat.Name)
				}
				r.Subcategory = sub
			}
		}
	}
	r.Channel = Channel(oneOf(get, bad, "channel", Channels))
	r.Status = Status(oneOf(get, bad, "status", Statuses))
	r.Method = Method(oneOf(get, bad, "method", Methods))
	if r.Method == "" {
		r.Method = Direct
	}
	if r.Status == Resolved && r.ClosedAt.IsZero() && get("received_at") != "" {
		bad("closed_at", "a resolved case needs closed_at")
	}
	r.Collective = boolean(get, bad, "collective")
	r.Surveyed = boolean(get, bad, "surveyed")
	r.Solved = answer(get, bad, "solved")
	r.RespondedInTime = answer(get, bad, "responded_in_time")
	r.Satisfaction = Satisfaction(oneOf(get, bad, "satisfaction",
		[]Satisfaction{Satisfied, BasicallySatisfied, Dissatisfied}))
	if !r.Surveyed && (r.Solved != Unknown || r.Satisfaction != "") {
		bad("surveyed", "solved or satisfaction is given but surveyed is not true: callback answers count only for surveyed cases")
	}
	r.Summary = get("summary")
	r.Resolution = get("resolution")
	r.Meeting = get("meeting")
	return r, len(*errs) == n
}

func oneOf[T ~string](get func(string) string, bad func(string, string, ...any), col string, values []T) T {
	s := get(col)
	if s == "" {
		return ""
	}
	for _, v := range values {
		if string(v) == s {
			return v
		}
	}
	names := make([]string, len(values))
	for i, v := range values {
		names[i] = string(v)
	}
	bad(col, "unknown value %q: use one of %s", s, strings.Join(names, ", "))
	return ""
}

func boolean(get func(string) string, bad func(string, string, ...any), col string) bool {
	switch s := strings.ToLower(get(col)); s {
	case "", "false", "0", "no":
		return false
	case "true", "1", "yes":
		return true
	default:
		bad(col, "unknown value %q: use true or false", get(col))
		return false
	}
}

func answer(get func(string) string, bad func(string, string, ...any), col string) Answer {
	switch s := strings.ToLower(get(col)); s {
	case "":
		return Unknown
	case "yes", "true", "1":
		return Yes
	case "no", "false", "0":
		return No
	default:
		bad(col, "unknown value %q: use yes, no or leave it empty", get(col))
		return Unknown
	}
}

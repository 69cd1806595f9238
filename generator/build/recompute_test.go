package build

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
)

// TestRecomputeFigures checks every figure of the demo's data/stats.json against a separate,
// simple recomputation from the case rows (issue 5): it reads the exports in content/cases/
// with encoding/csv, site.toml and the meetings' front matter with a TOML decoder, and counts
// with the definitions written out below, not with package stats. Every row of the exports
// counts, published or statistics only (not resolved, sensitive, too rare to publish), except
// rows the build rejected (named in the build report's warnings) and rows a later export
// replaced (the same id in a file whose name sorts later). For each figure: a published one
// must have the recomputed value, numerator and denominator; a suppressed one must carry none;
// every count from 1 to k−1 must be suppressed, and no published count, denominator or
// complement of a rate may be one; and the ids of stats.json must be exactly the recomputed ones.
func TestRecomputeFigures(t *testing.T) {
	out, reportPath := builtDemo(t)
	root := filepath.Join("..", "..")

	// site.toml: the slugs of communities and categories, k, the weight, the build date.
	var cfg struct {
		Build    struct{ Date time.Time } // a local date: its wall clock is the date
		District struct {
			Streets []struct {
				Communities []struct{ Name, Slug string }
			}
		}
		Categories []struct{ Name, Slug string }
		Privacy    struct{ K int }
		Stats      struct {
			Weight float64 `toml:"basically_satisfied_weight"`
		}
	}
	if _, err := toml.DecodeFile(filepath.Join(root, "site.toml"), &cfg); err != nil {
		t.Fatal(err)
	}
	k, w := cfg.Privacy.K, cfg.Stats.Weight
	if k == 0 || w == 0 {
		t.Fatalf("site.toml: k %d, weight %g: set both, this test does not know the defaults", k, w)
	}
	communitySlug, categorySlug := map[string]string{}, map[string]string{}
	var communities, categories []string
	for _, st := range cfg.District.Streets {
		for _, c := range st.Communities {
			communitySlug[c.Name], communitySlug[c.Slug] = c.Slug, c.Slug
			communities = append(communities, c.Slug)
		}
	}
	for _, c := range cfg.Categories {
		categorySlug[c.Name] = c.Slug
		categories = append(categories, c.Slug)
	}
	d := cfg.Build.Date
	if d.IsZero() {
		t.Fatal("site.toml has no [build] date: the build's now is unknown")
	}
	now := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
	windowFrom, windowTo := now.AddDate(-1, 0, 0).Format("2006-01-02"), now.Format("2006-01-02")

	// The build report: rows read and rejected, and where the rejected ones are.
	var report struct {
		Rows, Rejected, Updated int
		Warnings                []string
	}
	data, err := os.ReadFile(reportPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &report); err != nil {
		t.Fatal(err)
	}
	rejected := map[string]bool{} // "content/cases/2022.csv:1234"
	pos := regexp.MustCompile(`^(content/cases/[^:]+):(\d+):\d+: `)
	for _, warn := range report.Warnings {
		if m := pos.FindStringSubmatch(warn); m != nil {
			rejected[m[1]+":"+m[2]] = true
		}
	}

	// The case rows, as the exports hold them.
	type row map[string]string
	byID := map[string]row{}
	rows, replaced := 0, 0
	names, err := filepath.Glob(filepath.Join(root, "content", "cases", "*"))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(names)
	for _, name := range names {
		if !strings.HasSuffix(name, ".csv") {
			t.Fatalf("%s: this test reads CSV exports only", name)
		}
		raw, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(raw, []byte("\ufeff"))))
		r.FieldsPerRecord = -1
		header, err := r.Read()
		if err != nil {
			t.Fatal(err)
		}
		rel := "content/cases/" + filepath.Base(name)
		for {
			rec, err := r.Read()
			if err != nil {
				break
			}
			line, _ := r.FieldPos(0)
			if len(strings.Join(rec, "")) == 0 {
				continue
			}
			rows++
			if rejected[fmt.Sprintf("%s:%d", rel, line)] {
				continue
			}
			x := row{}
			for i, h := range header {
				if i < len(rec) {
					x[h] = strings.TrimSpace(rec[i])
				}
			}
			if x["method"] == "" {
				x["method"] = "direct" // README: a case without a method counts as handled directly
			}
			if _, ok := byID[x["id"]]; ok {
				replaced++
			}
			byID[x["id"]] = x // a later file replaces the earlier row
		}
	}
	if rows != report.Rows || len(rejected) != report.Rejected || replaced != report.Updated {
		t.Fatalf("read %d rows, %d rejected, %d replaced; the build report says %d, %d, %d",
			rows, len(rejected), replaced, report.Rows, report.Rejected, report.Updated)
	}
	if len(byID) == 0 {
		t.Fatal("no case rows")
	}

	// The counts behind every figure, per table and key.
	type counts struct {
		received, withdrawn, closed, resolved, collective, proactive, meeting int
		surveyed, responded, solved, answered, satisfied, basically           int
		days                                                                  []float64
	}
	figs := map[string]map[string]*counts{} // table → key → counts
	add := func(table, key string, x row) {
		if figs[table] == nil {
			figs[table] = map[string]*counts{}
		}
		c := figs[table][key]
		if c == nil {
			c = &counts{}
			figs[table][key] = c
		}
		c.received++
		status := x["status"]
		if status == "withdrawn" {
			c.withdrawn++
		}
		if status == "resolved" {
			c.resolved++
		}
		if (status == "resolved" || status == "unresolved") && x["closed_at"] != "" {
			c.closed++
			c.days = append(c.days, minutes(t, x["closed_at"])-minutes(t, x["received_at"]))
		}
		if x["collective"] == "true" {
			c.collective++
		}
		if x["channel"] == "grid_patrol" || x["channel"] == "neighbour_group" {
			c.proactive++
		}
		if x["method"] != "" && x["method"] != "direct" {
			c.meeting++
		}
		if x["surveyed"] == "true" {
			c.surveyed++
			if x["responded_in_time"] == "yes" {
				c.responded++
			}
			if x["solved"] == "yes" {
				c.solved++
			}
			if s := x["satisfaction"]; s != "" {
				c.answered++
				if s == "satisfied" {
					c.satisfied++
				}
				if s == "basically_satisfied" {
					c.basically++
				}
			}
		}
	}
	first, last := "9999-99", "0000-00"
	for _, x := range byID {
		month := x["received_at"][:7]
		first, last = min(first, month), max(last, month)
		cm, ok := communitySlug[x["community"]]
		if !ok {
			t.Fatalf("case %s: community %q is not in site.toml", x["id"], x["community"])
		}
		cat, ok := categorySlug[x["category"]]
		if !ok {
			t.Fatalf("case %s: category %q is not in site.toml", x["id"], x["category"])
		}
		add("overview", "all", x)
		if day := x["received_at"][:10]; day >= windowFrom && day < windowTo {
			add("overview", "window", x)
		}
		add("month", month, x)
		add("community", cm, x)
		add("category", cat, x)
		add("channel", x["channel"], x)
		add("method", x["method"], x)
		add("status", x["status"], x)
		add("community-month", cm+"."+month, x)
	}
	// Every month from the first to the last, every community in every month, every value of
	// the fixed vocabularies: a row without cases is a row of zeros.
	var months []string
	for m, _ := time.Parse("2006-01", first); m.Format("2006-01") <= last; m = m.AddDate(0, 1, 0) {
		months = append(months, m.Format("2006-01"))
	}
	keys := map[string][]string{"overview": {"window", "all"}, "month": months, "community": communities, "category": categories,
		"channel": {"hotline", "neighbour_group", "hall", "grid_patrol"},
		"method":  {"direct", "joint_meeting", "onsite_meeting", "parties_meeting", "cloud_meeting"},
		"status":  {"received", "in_progress", "resolved", "unresolved", "withdrawn"}}
	for _, cm := range communities {
		for _, m := range months {
			keys["community-month"] = append(keys["community-month"], cm+"."+m)
		}
	}

	// What stats.json must hold: id → value, numerator, denominator (nil: null), period, unit.
	type want struct {
		value, num *float64
		den        *int
		period     string
		unit       string
		small      bool // a count, denominator or complement from 1 to k−1 is behind it
	}
	expect := map[string]want{}
	f := func(v float64) *float64 { return &v }
	n := func(v int) *int { return &v }
	smallCount := func(v int) bool { return v > 0 && v < k }
	period := func(table, key string) string {
		switch table {
		case "overview":
			if key == "window" {
				return windowFrom + "/" + now.AddDate(0, 0, -1).Format("2006-01-02")
			}
		case "month":
			return key
		case "community-month":
			return key[strings.IndexByte(key, '.')+1:]
		}
		if first == last {
			return first
		}
		return first + "/" + last
	}
	for table, ks := range keys {
		for _, key := range ks {
			c := figs[table][key]
			if c == nil {
				c = &counts{}
			}
			id := func(def string) string {
				if table == "overview" {
					return key + "." + def
				}
				return table + "." + key + "." + def
			}
			per := period(table, key)
			count := func(def string, v int) {
				expect[id(def)] = want{value: f(float64(v)), period: per, unit: "cases", small: smallCount(v)}
			}
			if table == "community-month" {
				count("received", c.received)
				continue
			}
			count("received", c.received)
			count("closed", c.closed)
			count("resolved", c.resolved)
			count("collective", c.collective)
			count("proactive", c.proactive)
			count("meeting", c.meeting)
			count("surveyed", c.surveyed)
			rate := func(def string, num float64, den int, small bool) {
				x := want{num: f(round(num, 4)), den: n(den), period: per, unit: "percent", small: small}
				if den > 0 {
					x.value = f(round(100*num/float64(den), 1))
				}
				expect[id(def)] = x
			}
			rate("response_rate", float64(c.responded), c.surveyed,
				smallCount(c.responded) || smallCount(c.surveyed) || smallCount(c.surveyed-c.responded))
			rate("resolution_rate", float64(c.solved), c.surveyed,
				smallCount(c.solved) || smallCount(c.surveyed) || smallCount(c.surveyed-c.solved))
			rate("satisfaction_rate", float64(c.satisfied)+w*float64(c.basically), c.answered,
				smallCount(c.satisfied) || smallCount(c.basically) || smallCount(c.answered) || smallCount(c.answered-c.satisfied-c.basically))
			rate("strict_satisfaction_rate", float64(c.satisfied), c.answered,
				smallCount(c.satisfied) || smallCount(c.answered) || smallCount(c.answered-c.satisfied))
			rate("closure_rate", float64(c.closed), c.received-c.withdrawn,
				smallCount(c.closed) || smallCount(c.received) || smallCount(c.withdrawn) || smallCount(c.received-c.withdrawn-c.closed))
			sort.Float64s(c.days)
			for def, p := range map[string]float64{"median_days_to_close": 50, "p90_days_to_close": 90} {
				x := want{den: n(c.closed), period: per, unit: "days", small: smallCount(c.closed)}
				if len(c.days) > 0 {
					rank := int(math.Ceil(p / 100 * float64(len(c.days))))
					x.value = f(round(c.days[max(rank, 1)-1]/(24*60), 1))
				}
				expect[id(def)] = x
			}
		}
	}

	// Meetings: held ones, by kind (all time) and in the 12-month window.
	held, heldWindow := map[string]int{}, 0
	var firstHeld, lastHeld string
	kinds := []string{"building_meeting", "grid_meeting", "joint_meeting", "onsite_meeting", "parties_meeting", "cloud_meeting"}
	err = filepath.WalkDir(filepath.Join(root, "content", "meetings"), func(p string, de fs.DirEntry, err error) error {
		if err != nil || de.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		raw, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		parts := strings.SplitN(string(raw), "+++", 3)
		if len(parts) < 3 {
			return fmt.Errorf("%s: no front matter", p)
		}
		var m struct {
			Kind, Status string
			Start        time.Time // local: the wall clock is the time in Asia/Shanghai
			PublishAt    time.Time `toml:"publish_at"`
		}
		if _, err := toml.Decode(parts[1], &m); err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		if m.Status != "held" || (!m.PublishAt.IsZero() && m.PublishAt.Format("2006-01-02") > now.Format("2006-01-02")) {
			return nil
		}
		held[m.Kind]++
		day := m.Start.Format("2006-01-02")
		if day >= windowFrom && day < windowTo {
			heldWindow++
		}
		if firstHeld == "" || day < firstHeld {
			firstHeld = day
		}
		lastHeld = max(lastHeld, day)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	expect["window.meetings_held"] = want{value: f(float64(heldWindow)), period: period("overview", "window"), unit: "meetings"}
	meetingPeriod := firstHeld[:7] + "/" + lastHeld[:7]
	for _, kind := range kinds {
		expect["meetings."+kind+".meetings_held"] = want{value: f(float64(held[kind])), period: meetingPeriod, unit: "meetings"}
	}

	// stats.json, read as plain JSON.
	var published []struct {
		ID          string
		Period      *string
		Unit        string
		Value       *float64
		Numerator   *float64
		Denominator *int
		Suppressed  bool
	}
	data, err = os.ReadFile(filepath.Join(out, "data", "stats.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &published); err != nil {
		t.Fatal(err)
	}
	str := func(p *float64) string {
		if p == nil {
			return "null"
		}
		return strconv.FormatFloat(*p, 'f', -1, 64)
	}
	istr := func(p *int) string {
		if p == nil {
			return "null"
		}
		return strconv.Itoa(*p)
	}
	seen := map[string]bool{}
	suppressed, checked := 0, 0
	for _, p := range published {
		x, ok := expect[p.ID]
		if !ok {
			t.Errorf("stats.json has %s, which the recomputation does not know", p.ID)
			continue
		}
		seen[p.ID] = true
		if p.Period == nil || *p.Period != x.period || p.Unit != x.unit {
			t.Errorf("%s: period %v unit %s, want %s %s", p.ID, p.Period, p.Unit, x.period, x.unit)
		}
		if p.Suppressed {
			suppressed++
			if p.Value != nil || p.Numerator != nil || p.Denominator != nil {
				t.Errorf("%s: suppressed, yet value %s numerator %s denominator %s", p.ID, str(p.Value), str(p.Numerator), istr(p.Denominator))
			}
			continue
		}
		checked++
		if x.small {
			t.Errorf("%s is published, but a count from 1 to %d is behind it", p.ID, k-1)
		}
		if str(p.Value) != str(x.value) || str(p.Numerator) != str(x.num) || istr(p.Denominator) != istr(x.den) {
			t.Errorf("%s: stats.json %s (%s / %s), recomputed %s (%s / %s)", p.ID,
				str(p.Value), str(p.Numerator), istr(p.Denominator), str(x.value), str(x.num), istr(x.den))
		}
	}
	var missing []string
	for id := range expect {
		if !seen[id] {
			missing = append(missing, id)
		}
	}
	sort.Strings(missing)
	for i, id := range missing {
		if i == 10 {
			t.Errorf("... and %d more", len(missing)-10)
			break
		}
		t.Errorf("stats.json lacks %s", id)
	}
	if checked < 1000 || suppressed == 0 {
		t.Errorf("%d figures compared, %d suppressed: the demo is not what it was", checked, suppressed)
	}
	t.Logf("%d case rows (%d rejected, %d replaced), %d figures: %d compared, %d suppressed",
		len(byID), len(rejected), replaced, len(published), checked, suppressed)
}

// minutes returns the minutes of a time written 2006-01-02 15:04 since an epoch, in the
// exports' own time zone (one for all of them: only differences are used).
func minutes(t *testing.T, s string) float64 {
	v, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		t.Fatalf("time %q: %v", s, err)
	}
	return float64(v.Unix()) / 60
}

func round(f float64, d int) float64 {
	p := math.Pow(10, float64(d))
	return math.Round(f*p) / p
}

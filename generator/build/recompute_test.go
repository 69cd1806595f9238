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
	"slices"
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
//
// The figures of issue 5's rankings and meetings are recomputed too: the cases settled through a
// meeting of any kind against those handled directly; each community's standing, rank and 95%
// Wilson interval by each of the three rates (its rate ranked only where its denominator holds at
// least n_min cases and stats.json publishes the rate: suppression is the one input taken from
// the file, since it is chosen by the release as a whole); the meetings held per month by kind
// and by hall; and the notice lead time (noticed_at to start, in calendar days) per kind. The
// month of the build date, not over yet, has its days up to the build date as its period.
//
// And the volume by subcategory (of the categories that have subcategories in site.toml, with a
// row "none" for cases without one) and by grid (cases received of non-sensitive categories
// only, per community its grids, "none" and "total", and "sensitive", its cases of sensitive
// categories; then "all"), and the cases closed within an hour:
// closed cases whose closed_at is less than 60 minutes after received_at, and their share of the
// closed cases, in every row of every table that has the closure figures.
func TestRecomputeFigures(t *testing.T) {
	out, reportPath := builtDemo(t)
	root := filepath.Join("..", "..")

	// site.toml: the slugs of communities and categories, k, the weight, the build date.
	var cfg struct {
		Build    struct{ Date time.Time } // a local date: its wall clock is the date
		District struct {
			Streets []struct {
				Communities []struct {
					Name, Slug string
					Grids      []string
				}
			}
		}
		Categories []struct {
			Name, Slug    string
			Subcategories []string
			Sensitive     bool
		}
		Privacy struct{ K int }
		Stats   struct {
			Weight float64 `toml:"basically_satisfied_weight"`
			NMin   int     `toml:"n_min"`
		}
	}
	if _, err := toml.DecodeFile(filepath.Join(root, "site.toml"), &cfg); err != nil {
		t.Fatal(err)
	}
	k, w, nMin := cfg.Privacy.K, cfg.Stats.Weight, cfg.Stats.NMin
	if k == 0 || w == 0 || nMin == 0 {
		t.Fatalf("site.toml: k %d, weight %g, n_min %d: set them all, this test does not know the defaults", k, w, nMin)
	}
	communitySlug, categorySlug := map[string]string{}, map[string]string{}
	var communities, categories []string
	grids, subs := map[string][]string{}, map[string][]string{} // slug → names, in site.toml order
	sensitive := map[string]bool{}                              // category slug → sensitive
	for _, st := range cfg.District.Streets {
		for _, c := range st.Communities {
			communitySlug[c.Name], communitySlug[c.Slug] = c.Slug, c.Slug
			communities = append(communities, c.Slug)
			grids[c.Slug] = c.Grids
		}
	}
	for _, c := range cfg.Categories {
		categorySlug[c.Name] = c.Slug
		categories = append(categories, c.Slug)
		subs[c.Slug], sensitive[c.Slug] = c.Subcategories, c.Sensitive
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
		within                                                                int // closed less than 60 minutes after received
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
			if minutes(t, x["closed_at"])-minutes(t, x["received_at"]) < 60 {
				c.within++
			}
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
		if x["method"] == "direct" {
			add("handling", "direct", x)
		} else {
			add("handling", "meeting", x)
		}
		add("community-month", cm+"."+month, x)
		// Subcategories, of the categories that have some in site.toml; the grids, of the cases
		// of non-sensitive categories only, with each community's total and the street's.
		if len(subs[cat]) > 0 {
			sub := x["subcategory"]
			if sub == "" {
				sub = "none"
			} else if !slices.Contains(subs[cat], sub) {
				t.Fatalf("case %s: subcategory %q is not one of %s's in site.toml", x["id"], sub, cat)
			}
			add("subcategory", cat+"."+sub, x)
		}
		if sensitive[cat] {
			add("grid", cm+".sensitive", x) // at community level: never by grid
		} else {
			g := x["grid"]
			if g == "" {
				g = "none"
			} else if !slices.Contains(grids[cm], g) {
				t.Fatalf("case %s: grid %q is not one of %s's in site.toml", x["id"], g, cm)
			}
			add("grid", cm+"."+g, x)
			add("grid", cm+".total", x)
			add("grid", "all", x)
		}
		// The browse pages' counts (issue 8): cases received per year and per pair of facets.
		year := month[:4]
		add("year", year, x)
		add("community_category", cm+"."+cat, x)
		add("community_year", cm+"."+year, x)
		add("category_year", cat+"."+year, x)
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
		"status":  {"received", "in_progress", "resolved", "unresolved", "withdrawn"}, "handling": {"direct", "meeting"}}
	for _, cm := range communities {
		for _, m := range months {
			keys["community-month"] = append(keys["community-month"], cm+"."+m)
		}
	}
	for _, cat := range categories {
		if len(subs[cat]) == 0 {
			continue
		}
		for _, sub := range append(slices.Clone(subs[cat]), "none") {
			keys["subcategory"] = append(keys["subcategory"], cat+"."+sub)
		}
	}
	for _, cm := range communities {
		for _, g := range append(slices.Clone(grids[cm]), "none", "total", "sensitive") {
			keys["grid"] = append(keys["grid"], cm+"."+g)
		}
	}
	keys["grid"] = append(keys["grid"], "all")
	var years []string
	for _, m := range months {
		if len(years) == 0 || years[len(years)-1] != m[:4] {
			years = append(years, m[:4])
		}
	}
	keys["year"] = years
	for _, cm := range communities {
		for _, cat := range categories {
			keys["community_category"] = append(keys["community_category"], cm+"."+cat)
		}
		for _, y := range years {
			keys["community_year"] = append(keys["community_year"], cm+"."+y)
		}
	}
	for _, cat := range categories {
		for _, y := range years {
			keys["category_year"] = append(keys["category_year"], cat+"."+y)
		}
	}

	// What stats.json must hold: id → value, numerator, denominator (nil: null), period, unit.
	type want struct {
		value, num *float64
		den        *int
		period     string
		unit       string
		small      bool // a count, denominator or complement from 1 to k−1 is behind it
		// Of a ranking row: the standing, the rank when ranked and the interval's bounds.
		standing      string
		rank          *int
		ciLow, ciHigh *float64
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
			if key == last && key >= now.Format("2006-01") {
				return key + "-01/" + now.Format("2006-01-02") // not over: its days up to the build date
			}
			return key
		case "community-month":
			return key[strings.IndexByte(key, '.')+1:]
		case "year":
			return key
		case "community_year", "category_year":
			return key[strings.LastIndexByte(key, '.')+1:]
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
			switch table {
			case "community-month", "year", "community_category", "community_year", "category_year", "grid":
				count("received", c.received) // the one count these tables publish
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
			count("closed_within_hour", c.within)
			rate("closed_within_hour_share", float64(c.within), c.closed,
				smallCount(c.within) || smallCount(c.closed) || smallCount(c.closed-c.within))
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

	if c := figs["overview"]["all"]; c == nil || c.within == 0 || len(keys["grid"]) <= 1 || len(keys["subcategory"]) == 0 {
		t.Error("the demo has no case closed within an hour, no grid or no subcategory: the new figures are not exercised")
	}

	// Meetings: held ones, by kind (all time) and in the 12-month window; per month by kind and
	// by hall; the notice lead time per kind and of all ("all").
	held, heldWindow := map[string]int{}, 0
	byKindMonth, byHallMonth, byHall := map[string]int{}, map[string]int{}, map[string]int{}
	leads, noNotice := map[string][]float64{}, map[string]int{}
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
			Kind, Status, Hall string
			Start              time.Time // local: the wall clock is the time in Asia/Shanghai
			PublishAt          time.Time `toml:"publish_at"`
			NoticedAt          time.Time `toml:"noticed_at"` // a local date: its wall clock is the day
		}
		if _, err := toml.Decode(parts[1], &m); err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		if m.Status != "held" || (!m.PublishAt.IsZero() && m.PublishAt.Format("2006-01-02") > now.Format("2006-01-02")) {
			return nil
		}
		held[m.Kind]++
		byKindMonth[m.Kind+"."+m.Start.Format("2006-01")]++
		byHallMonth[m.Hall+"."+m.Start.Format("2006-01")]++
		byHall[m.Hall]++
		for _, key := range []string{"all", m.Kind} {
			if m.NoticedAt.IsZero() {
				noNotice[key]++
				continue
			}
			// Calendar days from the notice's day to the meeting's: both dates read as UTC days.
			from := time.Date(m.NoticedAt.Year(), m.NoticedAt.Month(), m.NoticedAt.Day(), 0, 0, 0, 0, time.UTC)
			to := time.Date(m.Start.Year(), m.Start.Month(), m.Start.Day(), 0, 0, 0, 0, time.UTC)
			leads[key] = append(leads[key], to.Sub(from).Hours()/24)
		}
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
	// Meeting counts follow the rule of every count: from 1 to k−1 they must be suppressed.
	meetingCount := func(id string, v int, per string) {
		expect[id] = want{value: f(float64(v)), period: per, unit: "meetings", small: smallCount(v)}
	}
	for _, kind := range kinds {
		meetingCount("meetings."+kind+".meetings_held", held[kind], meetingPeriod)
	}
	var meetingMonths []string
	for m, _ := time.Parse("2006-01", firstHeld[:7]); m.Format("2006-01") <= lastHeld[:7]; m = m.AddDate(0, 1, 0) {
		meetingMonths = append(meetingMonths, m.Format("2006-01"))
	}
	var halls []string
	for h := range byHall {
		halls = append(halls, h)
	}
	sort.Strings(halls)
	allHeld := 0
	for _, m := range meetingMonths {
		month := 0
		for _, kind := range kinds {
			meetingCount("meetings-kind-month."+kind+"."+m+".meetings_held", byKindMonth[kind+"."+m], m)
			month += byKindMonth[kind+"."+m]
		}
		for _, h := range halls {
			meetingCount("meetings-hall-month."+h+"."+m+".meetings_held", byHallMonth[h+"."+m], m)
		}
		meetingCount("meetings-kind-month.all."+m+".meetings_held", month, m)
		meetingCount("meetings-hall-month.all."+m+".meetings_held", month, m)
		allHeld += month
	}
	for _, h := range halls {
		meetingCount("meetings-hall-month."+h+".total.meetings_held", byHall[h], meetingPeriod)
	}
	meetingCount("meetings-hall-month.all.total.meetings_held", allHeld, meetingPeriod)
	for _, key := range append([]string{"all"}, kinds...) {
		ds := leads[key]
		sort.Float64s(ds)
		meetingCount("lead."+key+".meetings_noticed", len(ds), meetingPeriod)
		meetingCount("lead."+key+".meetings_no_notice", noNotice[key], meetingPeriod)
		for def, p := range map[string]float64{"notice_lead_median": 50, "notice_lead_p90": 90} {
			x := want{den: n(len(ds)), period: meetingPeriod, unit: "days", small: smallCount(len(ds))}
			if len(ds) > 0 {
				if ds[0] < 0 {
					t.Errorf("lead time %s: a notice after its meeting (%g days): the loader should have refused it", key, ds[0])
				}
				rank := int(math.Ceil(p / 100 * float64(len(ds))))
				x.value = f(round(ds[max(rank, 1)-1], 1))
			}
			expect["lead."+key+"."+def] = x
		}
	}
	if noNotice["all"] == 0 || len(leads["all"]) == 0 {
		t.Errorf("the demo's meetings: %d with a notice date, %d without: the lead time is not exercised", len(leads["all"]), noNotice["all"])
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
		Standing    string
		Rank        *int
		CILow       *float64 `json:"ci_low"`
		CIHigh      *float64 `json:"ci_high"`
	}
	data, err = os.ReadFile(filepath.Join(out, "data", "stats.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &published); err != nil {
		t.Fatal(err)
	}

	// The rankings, from the community counts above and the suppression stats.json publishes
	// for each community's rate. A rate p̂ = num/n is ranked where n ≥ n_min; its 95% Wilson
	// interval is (p̂ + z²/2n ± z√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n), z = 1.959964.
	hiddenRate := map[string]bool{}
	for _, p := range published {
		hiddenRate[p.ID] = p.Suppressed
	}
	rankedTotal, tooFew := 0, 0
	for _, r := range []struct {
		def, rank string
		num       func(c *counts) float64
		den       func(c *counts) int
	}{
		{"response_rate", "response_rank", func(c *counts) float64 { return float64(c.responded) }, func(c *counts) int { return c.surveyed }},
		{"resolution_rate", "resolution_rank", func(c *counts) float64 { return float64(c.solved) }, func(c *counts) int { return c.surveyed }},
		{"satisfaction_rate", "satisfaction_rank", func(c *counts) float64 { return float64(c.satisfied) + w*float64(c.basically) },
			func(c *counts) int { return c.answered }},
	} {
		type entry struct {
			slug string
			num  float64
			den  int
		}
		var ranked []entry
		for _, cm := range communities {
			c := figs["community"][cm]
			if c == nil {
				c = &counts{}
			}
			id := "ranking." + cm + "." + r.rank
			x := want{period: period("community", cm), unit: "percent"}
			num, den := r.num(c), r.den(c)
			switch hidden, ok := hiddenRate["community."+cm+"."+r.def]; {
			case !ok:
				t.Errorf("stats.json lacks community.%s.%s, the rate %s ranks", cm, r.def, id)
			case hidden:
				x.standing = "suppressed"
				x.small = true // all null, as any suppressed figure
			default:
				x.num, x.den = f(round(num, 4)), n(den)
				if den > 0 {
					x.value = f(round(100*num/float64(den), 1))
				}
				x.standing = "too_few"
				if den >= nMin {
					x.standing = "ranked"
					ranked = append(ranked, entry{cm, num, den})
				} else {
					tooFew++
				}
			}
			expect[id] = x
		}
		sort.SliceStable(ranked, func(i, j int) bool {
			return ranked[i].num/float64(ranked[i].den) > ranked[j].num/float64(ranked[j].den)
		})
		for i, e := range ranked {
			place := i + 1
			// Equal rates share a place: the same fraction, to the numerator's four decimals.
			for j := i - 1; j >= 0 && math.Abs(ranked[j].num*float64(e.den)-e.num*float64(ranked[j].den)) < 1e-4; j-- {
				place = j + 1
			}
			const z = 1.959963984540054
			p, nn := e.num/float64(e.den), float64(e.den)
			centre := (p + z*z/(2*nn)) / (1 + z*z/nn)
			half := z / (1 + z*z/nn) * math.Sqrt(p*(1-p)/nn+z*z/(4*nn*nn))
			x := expect["ranking."+e.slug+"."+r.rank]
			x.rank, x.ciLow, x.ciHigh = n(place), f(round(100*(centre-half), 2)), f(round(100*(centre+half), 2))
			expect["ranking."+e.slug+"."+r.rank] = x
			rankedTotal++
		}
	}
	if rankedTotal == 0 {
		t.Error("no community is ranked by any rate: the rankings are not exercised")
	}
	t.Logf("rankings: %d ranked, %d too few to rank", rankedTotal, tooFew)
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
		if p.Standing != x.standing || istr(p.Rank) != istr(x.rank) || str(p.CILow) != str(x.ciLow) || str(p.CIHigh) != str(x.ciHigh) {
			t.Errorf("%s: standing %q rank %s interval [%s, %s], recomputed %q rank %s interval [%s, %s]", p.ID,
				p.Standing, istr(p.Rank), str(p.CILow), str(p.CIHigh), x.standing, istr(x.rank), str(x.ciLow), str(x.ciHigh))
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

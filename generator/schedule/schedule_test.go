package schedule

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // Asia/Shanghai on machines without a zoneinfo database

	"github.com/BurntSushi/toml"
	"github.com/teambition/rrule-go"
)

func shanghai(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// parse decodes a hall's front matter as gongshi does: the schedule is embedded in the hall's
// struct, and every key must be known.
func parse(t testing.TB, src string) Schedule {
	t.Helper()
	var fm struct {
		Name string `toml:"name"`
		Schedule
	}
	md, err := toml.Decode(src, &fm)
	if err != nil {
		t.Fatalf("decode: %v\n%s", err, src)
	}
	if u := md.Undecoded(); len(u) > 0 {
		t.Fatalf("undecoded keys %v", u)
	}
	return fm.Schedule
}

func day(t testing.TB, s string) time.Time {
	t.Helper()
	d, err := time.ParseInLocation("2006-01-02", s, shanghai(t))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func show(o Occurrence) string {
	s := fmt.Sprintf("%s-%s %s", o.Start.Format("2006-01-02 15:04"), o.End.Format("15:04"), o.Status)
	if o.Status == Moved {
		s += " from " + o.Original.Format("01-02 15:04")
	}
	if o.Theme != "" {
		s += " " + o.Theme
	}
	if len(o.Duty) > 0 {
		s += " " + strings.Join(o.Duty, "+")
	}
	return s
}

const wednesdays = `
[[sessions]]
kind = "building_meeting"
title = "楼栋议事“有事好商量”"
freq = "weekly"
weekday = "wednesday"
time = "09:00"
duration = "1h30m"
`

func TestDecode(t *testing.T) {
	s := parse(t, `name = "海棠议事厅"`+wednesdays+`
from = 2021-01-01
until = "2022-12-31"
themes = { "2022-08" = "文明养犬", "2022-09" = "消防安全" }
[[sessions.exceptions]]
date = 2022-10-05
cancelled = true
note = "国庆假期"
[[sessions.exceptions]]
date = 2022-10-12
moved_to = 2022-10-13T19:00:00
[[rota]]
role = "mediator"
weeks = "odd"
note = "金牌调解员坐班"
[[rota]]
role = "lawyer"
weeks = [2, 4]
kind = "building_meeting"
`)
	r := s.Sessions[0]
	if r.From != (Date{Year: 2021, Month: 1, Day: 1}) || r.Until != (Date{Year: 2022, Month: 12, Day: 31}) {
		t.Errorf("from/until: %v %v", r.From, r.Until)
	}
	if got := r.Exceptions[1].MovedTo; got != (DateTime{Date: Date{2022, 10, 13, ""}, Hour: 19, HasTime: true}) {
		t.Errorf("moved_to: %+v", got)
	}
	if r.Themes["2022-09"] != "消防安全" || !r.Exceptions[0].Cancelled || r.Exceptions[0].Note != "国庆假期" {
		t.Errorf("rule: %+v", r)
	}
	if s.Rota[0].Weeks.Every != "odd" || !reflect.DeepEqual(s.Rota[1].Weeks.List, []int{2, 4}) || s.Rota[1].Kind != "building_meeting" {
		t.Errorf("rota: %+v", s.Rota)
	}
	if ps := Validate(s, []string{"building_meeting"}, []string{"mediator", "lawyer"}); len(ps) > 0 {
		t.Errorf("valid schedule: %v", ps)
	}
}

func TestOccurrences(t *testing.T) {
	for _, tc := range []struct {
		name, src, from, to string
		want                []string
	}{
		{"weekly with a theme", wednesdays + `themes = { "2022-08" = "文明养犬" }`, "2022-08-01", "2022-09-08", []string{
			"2022-08-03 09:00-10:30 scheduled 文明养犬", "2022-08-10 09:00-10:30 scheduled 文明养犬",
			"2022-08-17 09:00-10:30 scheduled 文明养犬", "2022-08-24 09:00-10:30 scheduled 文明养犬",
			"2022-08-31 09:00-10:30 scheduled 文明养犬", "2022-09-07 09:00-10:30 scheduled"}},
		{"first friday", monthly(`weekday = "friday"`, `nth = 1`), "2022-01-01", "2022-07-01", []string{
			"2022-01-07 19:00-21:00 scheduled", "2022-02-04 19:00-21:00 scheduled", "2022-03-04 19:00-21:00 scheduled",
			"2022-04-01 19:00-21:00 scheduled", "2022-05-06 19:00-21:00 scheduled", "2022-06-03 19:00-21:00 scheduled"}},
		{"last thursday, on month ends", monthly(`weekday = "thursday"`, `nth = -1`), "2022-01-01", "2022-07-01", []string{
			"2022-01-27 19:00-21:00 scheduled", "2022-02-24 19:00-21:00 scheduled", "2022-03-31 19:00-21:00 scheduled",
			"2022-04-28 19:00-21:00 scheduled", "2022-05-26 19:00-21:00 scheduled", "2022-06-30 19:00-21:00 scheduled"}},
		{"fourth monday is the last day of february", monthly(`weekday = "monday"`, `nth = 4`), "2022-02-01", "2022-04-01", []string{
			"2022-02-28 19:00-21:00 scheduled", "2022-03-28 19:00-21:00 scheduled"}},
		{"day 28 through a leap february", monthly(`day = 28`), "2024-01-01", "2024-04-01", []string{
			"2024-01-28 19:00-21:00 scheduled", "2024-02-28 19:00-21:00 scheduled", "2024-03-28 19:00-21:00 scheduled"}},
		{"day 15 within from and until, until inclusive", monthly(`day = 15`, `from = 2022-03-16`, `until = 2022-06-15`), "2022-01-01", "2023-01-01", []string{
			"2022-04-15 19:00-21:00 scheduled", "2022-05-15 19:00-21:00 scheduled", "2022-06-15 19:00-21:00 scheduled"}},
		{"exceptions", wednesdays + `
[[sessions.exceptions]]
date = 2022-10-05
cancelled = true
note = "国庆假期"
[[sessions.exceptions]]
date = 2022-10-19
moved_to = 2022-10-21T09:00:00
[[sessions.exceptions]]
date = 2022-10-12
moved_to = 2022-10-13T19:00:00
[[sessions.exceptions]]
date = 2022-09-28
moved_to = 2022-10-01
`, "2022-10-01", "2022-10-20", []string{
			"2022-10-01 09:00-10:30 moved from 09-28 09:00", "2022-10-05 09:00-10:30 cancelled",
			"2022-10-13 19:00-20:30 moved from 10-12 09:00"}},
		{"window is [from, to)", wednesdays, "2022-08-03T09:00", "2022-08-17T09:00", []string{
			"2022-08-03 09:00-10:30 scheduled", "2022-08-10 09:00-10:30 scheduled"}},
		{"two rules in order; an invalid one is left out", wednesdays + monthly(`day = 10`) +
			"[[sessions]]\nkind = \"grid_meeting\"\nfreq = \"weekly\"\nweekday = \"wensday\"\ntime = \"09:00\"\nduration = \"1h\"\n",
			"2022-08-08", "2022-08-18", []string{
				"2022-08-10 09:00-10:30 scheduled", "2022-08-10 19:00-21:00 scheduled", "2022-08-17 09:00-10:30 scheduled"}},
		{"rota by ISO week and kind", wednesdays + monthly(`day = 10`) + `
[[rota]]
role = "mediator"
weeks = "odd"
[[rota]]
role = "lawyer"
weeks = [32, 33]
kind = "grid_meeting"
[[rota]]
role = "mediator"
weeks = "all"
kind = "grid_meeting"
`, "2022-08-08", "2022-08-18", []string{
			"2022-08-10 09:00-10:30 scheduled", "2022-08-10 19:00-21:00 scheduled lawyer+mediator",
			"2022-08-17 09:00-10:30 scheduled mediator"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			loc := shanghai(t)
			at := func(s string) time.Time {
				layout := "2006-01-02"
				if len(s) > len(layout) {
					layout = "2006-01-02T15:04"
				}
				v, err := time.ParseInLocation(layout, s, loc)
				if err != nil {
					t.Fatal(err)
				}
				return v
			}
			s := parse(t, tc.src)
			occ := Occurrences(s, at(tc.from), at(tc.to), loc)
			var got []string
			for _, o := range occ {
				got = append(got, show(o))
				if o.Start.Location() != loc {
					t.Errorf("%s: start not in %v", o.Key, loc)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			if again := Occurrences(s, at(tc.from), at(tc.to), loc); !reflect.DeepEqual(occ, again) {
				t.Error("not deterministic")
			}
		})
	}
}

func monthly(lines ...string) string {
	return "[[sessions]]\nkind = \"grid_meeting\"\ntitle = \"网格议事“睦邻月谈”\"\nfreq = \"monthly\"\ntime = \"19:00\"\nduration = \"2h\"\n" +
		strings.Join(lines, "\n") + "\n"
}

// A year of weekly sessions in Asia/Shanghai: every one at 9:00 +0800, and the keys unique.
func TestOccurrencesYearInShanghai(t *testing.T) {
	loc := shanghai(t)
	occ := Occurrences(parse(t, wednesdays), day(t, "2021-01-01"), day(t, "2023-01-01"), loc)
	if len(occ) != 104 {
		t.Fatalf("%d sessions in 2021-2022, want 104", len(occ))
	}
	keys := map[string]bool{}
	for _, o := range occ {
		_, off := o.Start.Zone()
		if off != 8*3600 || o.Start.Hour() != 9 || o.End.Sub(o.Start) != 90*time.Minute || o.Start.Weekday() != time.Wednesday {
			t.Fatalf("%s", show(o))
		}
		if keys[o.Key] {
			t.Fatalf("duplicate key %s", o.Key)
		}
		keys[o.Key] = true
	}
	if occ[0].Key != "building_meeting-weekly-wed-0900-20210106" {
		t.Errorf("key %s", occ[0].Key)
	}
}

func TestWords(t *testing.T) {
	for _, tc := range []struct{ src, zh, en string }{
		{wednesdays, "每周三 9:00", "Every Wednesday 9:00"},
		{monthly(`weekday = "friday"`, `nth = 1`), "每月第一个周五 19:00", "First Friday of the month 19:00"},
		{monthly(`weekday = "tuesday"`, `nth = 2`), "每月第二个周二 19:00", "Second Tuesday of the month 19:00"},
		{monthly(`weekday = "sunday"`, `nth = 3`), "每月第三个周日 19:00", "Third Sunday of the month 19:00"},
		{monthly(`weekday = "saturday"`, `nth = 4`), "每月第四个周六 19:00", "Fourth Saturday of the month 19:00"},
		{monthly(`weekday = "thursday"`, `nth = -1`), "每月最后一个周四 19:00", "Last Thursday of the month 19:00"},
		{monthly(`day = 15`), "每月15日 19:00", "15th of the month 19:00"},
		{monthly(`day = 1`), "每月1日 19:00", "1st of the month 19:00"},
		{monthly(`day = 2`), "每月2日 19:00", "2nd of the month 19:00"},
		{monthly(`day = 3`), "每月3日 19:00", "3rd of the month 19:00"},
		{monthly(`day = 11`), "每月11日 19:00", "11th of the month 19:00"},
		{monthly(`day = 22`), "每月22日 19:00", "22nd of the month 19:00"},
		{strings.Replace(wednesdays, `"09:00"`, `"14:05"`, 1), "每周三 14:05", "Every Wednesday 14:05"},
		{strings.Replace(wednesdays, `"09:00"`, `"9:00am"`, 1), "", ""},
	} {
		r := parse(t, tc.src).Sessions[0]
		if r.Words() != tc.zh || r.WordsEN() != tc.en {
			t.Errorf("got %q / %q, want %q / %q", r.Words(), r.WordsEN(), tc.zh, tc.en)
		}
	}
	for d, want := range []string{"周日", "周一", "周二", "周三", "周四", "周五", "周六"} {
		if got := WeekdayZH(time.Weekday(d)); got != want {
			t.Errorf("WeekdayZH(%d) = %s", d, got)
		}
	}
}

// The RRULE and EXDATEs of each Series, expanded by an independent implementation
// (teambition/rrule-go, which go-ical uses), give exactly the dates of Occurrences.
func TestSeriesMatchesOccurrences(t *testing.T) {
	loc := shanghai(t)
	for _, src := range []string{
		wednesdays + "from = 2021-03-01\nuntil = 2022-11-30\n[[sessions.exceptions]]\ndate = 2022-10-05\ncancelled = true\n" +
			"[[sessions.exceptions]]\ndate = 2022-10-12\nmoved_to = 2022-10-13T19:00:00\n",
		monthly(`weekday = "friday"`, `nth = 1`),
		monthly(`weekday = "thursday"`, `nth = -1`, "until = 2022-09-29"),
		monthly(`weekday = "monday"`, `nth = 4`),
		monthly(`day = 28`, "from = 2021-02-01"),
		monthly(`day = 15`, "[[sessions.exceptions]]\ndate = 2022-02-15\ncancelled = true"),
	} {
		s := parse(t, src)
		ser := s.Series(day(t, "2021-01-01"), loc)
		if len(ser) != 1 {
			t.Fatalf("%d series", len(ser))
		}
		sr := ser[0]
		opt, err := rrule.StrToROption(sr.RRule)
		if err != nil {
			t.Fatalf("%s: %v", sr.RRule, err)
		}
		opt.Dtstart = sr.Start
		rr, err := rrule.NewRRule(*opt)
		if err != nil {
			t.Fatal(err)
		}
		set := rrule.Set{}
		set.RRule(rr)
		for _, x := range sr.ExDates {
			set.ExDate(x)
		}
		from, to := day(t, "2021-01-01"), day(t, "2024-01-01")
		var want []string
		for _, o := range Occurrences(s, from, to, loc) {
			if o.Status != Cancelled {
				want = append(want, o.Original.Format(time.RFC3339))
			}
		}
		var got []string
		for _, x := range set.Between(from, to, true) {
			got = append(got, x.In(loc).Format(time.RFC3339))
		}
		if len(want) < 10 || strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s from %s:\nrrule-go %v\nschedule %v", sr.RRule, sr.Start, got, want)
		}
		for _, m := range sr.Moved {
			if m.Status != Moved || m.Start.Equal(m.Original) {
				t.Errorf("moved: %s", show(m))
			}
		}
	}
}

func TestRRule(t *testing.T) {
	loc := shanghai(t)
	for src, want := range map[string]string{
		wednesdays + "until = 2022-12-31":           "FREQ=WEEKLY;BYDAY=WE;UNTIL=20221231T155959Z",
		monthly(`weekday = "friday"`, `nth = 1`):    "FREQ=MONTHLY;BYDAY=1FR",
		monthly(`weekday = "thursday"`, `nth = -1`): "FREQ=MONTHLY;BYDAY=-1TH",
		monthly(`day = 15`):                         "FREQ=MONTHLY;BYMONTHDAY=15",
		monthly(`day = 35`):                         "",
	} {
		if got := parse(t, src).Sessions[0].RRule(loc); got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}

type notice struct {
	hall  string
	start time.Time
	id    string
}

func TestMerge(t *testing.T) {
	loc := shanghai(t)
	s := parse(t, wednesdays+"[[sessions.exceptions]]\ndate = 2022-08-17\nmoved_to = 2022-08-18T14:00:00\n")
	occ := map[string][]Occurrence{"haitang": Occurrences(s, day(t, "2022-08-08"), day(t, "2022-08-25"), loc)}
	at := func(d string) time.Time {
		v, _ := time.ParseInLocation("2006-01-02 15:04", d, loc)
		return v
	}
	notices := []notice{
		{"haitang", at("2022-08-10 09:00"), "N1"},      // for the session of the 10th
		{"haitang", at("2022-08-10 09:00"), "N2"},      // a second file for the same time: its own entry
		{"xiaoyuanzhuo", at("2022-08-10 09:00"), "N3"}, // another hall
		{"haitang", at("2022-08-17 09:00"), "N4"},      // written for the rule's date of the moved session
		{"haitang", at("2022-08-19 14:30"), "N5"},      // a one-off meeting
	}
	entries := Merge(occ, notices, func(n notice) (string, time.Time) { return n.hall, n.start })
	var got []string
	for _, e := range entries {
		s := e.Start.Format("01-02 15:04") + " " + e.Hall
		if e.HasNotice {
			s += " " + e.Notice.id
		}
		if e.Occurrence != nil {
			s += " occ " + e.Occurrence.Original.Format("01-02")
		}
		got = append(got, s)
	}
	want := []string{
		"08-10 09:00 haitang N1 occ 08-10", "08-10 09:00 haitang N2", "08-10 09:00 xiaoyuanzhuo N3",
		"08-17 09:00 haitang N4 occ 08-17", "08-19 14:30 haitang N5", "08-24 09:00 haitang occ 08-24",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func BenchmarkOccurrences(b *testing.B) {
	loc := shanghai(b)
	s := parse(b, wednesdays+monthly(`weekday = "friday"`, `nth = 1`)+"[[rota]]\nrole = \"mediator\"\nweeks = \"odd\"\n")
	from, to := day(b, "2022-01-01"), day(b, "2023-01-01")
	b.ReportAllocs()
	for b.Loop() {
		if len(Occurrences(s, from, to, loc)) != 64 {
			b.Fatal("count")
		}
	}
}

// each, which steps from session to session, gives the days that matches accepts day by day.
func TestEachAgreesWithMatches(t *testing.T) {
	var srcs []string
	for _, wd := range []string{"sunday", "monday", "wednesday", "saturday"} {
		srcs = append(srcs, strings.Replace(wednesdays, "wednesday", wd, 1)+"from = 2019-12-30\nuntil = 2024-03-01\n")
		for _, nth := range []string{"1", "2", "3", "4", "-1"} {
			srcs = append(srcs, monthly(`weekday = "`+wd+`"`, "nth = "+nth))
		}
	}
	for d := 1; d <= 28; d += 3 {
		srcs = append(srcs, monthly(fmt.Sprintf("day = %d", d), "until = 2023-06-10"))
	}
	lo, hi := civil(1969, 11, 3), civil(2025, 2, 1)
	for _, src := range srcs {
		r := parse(t, src).Sessions[0]
		c := compile(&r, 0, func(k, f string, a ...any) { t.Fatalf("%s: "+f, append([]any{k}, a...)...) })
		var want, got []int
		for n := lo; n <= hi; n++ {
			if c.matches(n) {
				want = append(want, n)
			}
		}
		c.each(lo, hi, func(n int) { got = append(got, n) })
		if !reflect.DeepEqual(got, want) || len(want) < 40 {
			t.Errorf("%s: each gives %d days, matches %d", r.Words(), len(got), len(want))
		}
	}
}

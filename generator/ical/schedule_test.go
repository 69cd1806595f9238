package ical_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/BurntSushi/toml"
	goical "github.com/emersion/go-ical"

	"gongshi/generator/ical"
	"gongshi/generator/schedule"
)

// A hall's regular sessions written as recurring events (RRULE, EXDATE for cancelled dates, an
// override per moved date) and read back by go-ical give the sessions package schedule lists:
// the way the integrator is meant to join the two packages.
func TestScheduleSeriesRoundTrip(t *testing.T) {
	loc, err := time.LoadLocation(ical.TZID)
	if err != nil {
		t.Fatal(err)
	}
	var fm struct{ schedule.Schedule }
	if _, err := toml.Decode(`
[[sessions]]
kind = "building_meeting"
title = "楼栋议事“有事好商量”"
freq = "weekly"
weekday = "wednesday"
time = "09:00"
duration = "1h30m"
from = 2022-01-01
until = 2022-12-31
[[sessions.exceptions]]
date = 2022-10-05
cancelled = true
note = "国庆假期"
[[sessions.exceptions]]
date = 2022-10-12
moved_to = 2022-10-13T19:00:00
[[sessions]]
kind = "grid_meeting"
title = "网格议事“睦邻月谈”"
freq = "monthly"
weekday = "friday"
nth = -1
time = "19:00"
duration = "2h"
`, &fm); err != nil {
		t.Fatal(err)
	}
	s := fm.Schedule
	if ps := schedule.Validate(s, []string{"building_meeting", "grid_meeting"}, []string(nil)); len(ps) > 0 {
		t.Fatal(ps)
	}
	stamp := time.Date(2022, 9, 30, 0, 0, 0, 0, loc) // the hall file's last change, from content
	cal := ical.Calendar{Name: "海棠议事厅"}
	for _, sr := range s.Series(time.Date(2022, 1, 1, 0, 0, 0, 0, loc), loc) {
		uid := "haitang-" + sr.Key + "@example.org"
		cal.Events = append(cal.Events, ical.Event{UID: uid, Stamp: stamp, Start: sr.Start, End: sr.End,
			Summary: sr.Title, RRule: sr.RRule, ExDates: sr.ExDates, Status: ical.Confirmed})
		for _, m := range sr.Moved {
			cal.Events = append(cal.Events, ical.Event{UID: uid, Stamp: stamp, Sequence: 1, RecurrenceID: m.Original,
				Start: m.Start, End: m.End, Summary: m.Title + "（改期）", Status: ical.Confirmed})
		}
	}
	b, err := ical.Marshal(cal)
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := goical.NewDecoder(bytes.NewReader(b)).Decode()
	if err != nil {
		t.Fatal(err)
	}
	from, to := time.Date(2022, 1, 1, 0, 0, 0, 0, loc), time.Date(2023, 1, 1, 0, 0, 0, 0, loc)
	overrides := map[string]time.Time{} // RECURRENCE-ID → new start
	var got []string
	for _, e := range parsed.Events() {
		if rid := e.Props.Get(goical.PropRecurrenceID); rid != nil {
			orig, _ := rid.DateTime(loc)
			start, _ := e.DateTimeStart(loc)
			overrides[orig.Format(time.RFC3339)] = start
			continue
		}
		set, err := e.RecurrenceSet(loc)
		if err != nil || set == nil {
			t.Fatalf("recurrence: %v", err)
		}
		for _, d := range set.Between(from, to, true) {
			got = append(got, d.In(loc).Format(time.RFC3339))
		}
	}
	for i, d := range got {
		if n, ok := overrides[d]; ok {
			got[i] = n.Format(time.RFC3339)
		}
	}
	var want []string
	for _, o := range schedule.Occurrences(s, from, to, loc) {
		if o.Status != schedule.Cancelled {
			want = append(want, o.Start.Format(time.RFC3339))
		}
	}
	slices.Sort(got)
	if len(want) != 52-1+12 || strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("calendar and schedule differ:\n%d %v\n%d %v", len(got), got, len(want), want)
	}
}

package schedule

import (
	"strings"
	"testing"

	"gongshi/generator/source"
)

// As meetings.Kinds and meetings.Roles (not imported: package meetings will import this one).
var (
	testKinds = []string{"building_meeting", "grid_meeting", "joint_meeting", "onsite_meeting", "parties_meeting", "cloud_meeting"}
	testRoles = []string{"petitioner_rep", "respondent", "department", "hotline", "mediator", "legal_adviser", "lawyer"}
)

// session returns a weekly [[sessions]] table with the given lines replacing or adding keys.
func session(lines ...string) string {
	keys := []string{"kind", "freq", "weekday", "time", "duration"}
	vals := map[string]string{"kind": `"building_meeting"`, "freq": `"weekly"`, "weekday": `"wednesday"`, "time": `"09:00"`, "duration": `"1h30m"`}
	var extra []string
	for _, l := range lines {
		k, v, _ := strings.Cut(l, "=")
		k = strings.TrimSpace(k)
		if _, ok := vals[k]; ok {
			vals[k] = strings.TrimSpace(v)
		} else {
			extra = append(extra, l)
		}
	}
	var b strings.Builder
	b.WriteString("[[sessions]]\n")
	for _, k := range keys {
		if vals[k] != "-" {
			b.WriteString(k + " = " + vals[k] + "\n")
		}
	}
	for _, l := range extra {
		b.WriteString(l + "\n")
	}
	return b.String()
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []string // "path key: part of the message"
	}{
		{"valid weekly and monthly", session() + session(`freq = "monthly"`, `weekday = "friday"`, "nth = 1", `time = "19:00"`), nil},
		{"back to back is no overlap", session() + session(`time = "10:30"`, `kind = "grid_meeting"`), nil},
		{"bad weekday", session(`weekday = "wensday"`), []string{`sessions[0] weekday: weekday "wensday" is not a day of the week: use one of monday`}},
		{"missing weekday", session(`weekday = -`), []string{`sessions[0] weekday: weekday is missing: a weekly session needs weekday = "wednesday"`}},
		{"bad time", session(`time = "9.00"`), []string{`sessions[0] time: time "9.00" is not a time of day: write it as "09:00"`}},
		{"hour 24", session(`time = "24:00"`), []string{`sessions[0] time: time "24:00" is not a time of day`}},
		{"a TOML local time", session(`time = 09:00:00`), nil},
		{"a TOML local time with seconds", session(`time = 09:00:30`), []string{`sessions[0] time: time "09:00:30" is not a time of day`}},
		{"a number for a time", session(`time = 900`), []string{`sessions[0] time: time "900" is not a time of day`}},
		{"missing time", session(`time = -`), []string{`sessions[0] time: time is missing: add the start as time = "09:00"`}},
		{"bad duration", session(`duration = "90"`), []string{`sessions[0] duration: duration "90" is not a duration: write it as "1h30m"`}},
		{"long duration", session(`duration = "25h"`), []string{`sessions[0] duration: duration "25h" must be whole minutes, more than 0 and at most 24h`}},
		{"missing duration", session(`duration = -`), []string{`sessions[0] duration: duration is missing: add duration = "1h30m"`}},
		{"missing freq", session(`freq = -`), []string{`sessions[0] freq: freq is missing: add freq = "weekly" or freq = "monthly"`}},
		{"unknown freq", session(`freq = "daily"`), []string{`sessions[0] freq: freq "daily" is not a frequency`}},
		{"nth on weekly", session("nth = 1", "day = 3"), []string{
			`sessions[0] nth: nth is for monthly sessions: remove it, or set freq = "monthly"`, `sessions[0] day: day is for monthly`}},
		{"monthly without a day", session(`freq = "monthly"`, `weekday = -`), []string{`sessions[0] nth: a monthly session needs day = 15 (a day of the month) or nth = 1`}},
		{"monthly with day and nth", session(`freq = "monthly"`, "nth = 1", "day = 3"), []string{`sessions[0] day: a monthly session falls either on a day of the month`}},
		{"day 31", session(`freq = "monthly"`, `weekday = -`, "day = 31"), []string{`sessions[0] day: day 31 is not in every month: use a day from 1 to 28, or nth = -1`}},
		{"nth 5", session(`freq = "monthly"`, "nth = 5"), []string{`sessions[0] nth: nth 5 is not in every month: use 1, 2, 3, 4, or -1 for the last`}},
		{"nth without weekday", session(`freq = "monthly"`, `weekday = -`, "nth = 2"), []string{`sessions[0] weekday: weekday is missing: nth = 2 needs weekday`}},
		{"missing kind", session(`kind = -`), []string{`sessions[0] kind: kind is missing`}},
		{"unknown kind", session(`kind = "tea_party"`), []string{`sessions[0] kind: unknown kind "tea_party": use one of building_meeting, grid_meeting`}},
		{"bad id", session(`id = "Haitang Wed"`), []string{`sessions[0] id: id "Haitang Wed" may hold only lower-case letters`}},
		{"from is a date-time", session("from = 2021-01-01T08:00:00"), []string{`sessions[0] from: from is not a plain date: write it as 2021-01-01`}},
		{"until before from", session("from = 2022-01-01", "until = 2021-12-31"), []string{`sessions[0] until: until 2021-12-31 is before from 2022-01-01`}},
		{"a rule that yields no date", session("from = 2022-10-03", "until = 2022-10-04"), []string{
			`sessions[0] from: the rule yields no date between from 2022-10-03 and until 2022-10-04 (每周三 9:00): widen the dates`}},
		{"a monthly rule that yields no date", session(`freq = "monthly"`, `weekday = -`, "day = 20", "from = 2022-10-21", "until = 2022-11-19"), []string{
			`sessions[0] from: the rule yields no date between from 2022-10-21 and until 2022-11-19 (每月20日 9:00)`}},
		{"themes", session("until = 2022-06-30", `themes = { "2022-8" = "文明养犬", "2022-05" = " ", "2022-09" = "消防安全" }`), []string{
			`sessions[0] themes: themes: the theme of 2022-05 is empty`,
			`sessions[0] themes: themes: the rule has no session in 2022-09 (每周三 9:00): remove the theme`,
			`sessions[0] themes: themes: "2022-8" is not a month: write it as "2022-08"`}},
		{"exception for a date the rule does not produce", session("[[sessions.exceptions]]", "date = 2022-10-06", "cancelled = true"), []string{
			`sessions[0].exceptions[0] date: date 2022-10-06 is not a session of this rule (每周三 9:00): the nearest are 2022-10-05 and 2022-10-12`}},
		{"exception after until", session("until = 2022-06-30", "[[sessions.exceptions]]", "date = 2022-10-05", "cancelled = true"), []string{
			`sessions[0].exceptions[0] date: date 2022-10-05 is after the rule's until 2022-06-30`}},
		{"exceptions that say nothing or too much", session("[[sessions.exceptions]]", "date = 2022-10-05", `note = "?"`,
			"[[sessions.exceptions]]", "date = 2022-10-12", "cancelled = true", "moved_to = 2022-10-13T09:00:00",
			"[[sessions.exceptions]]", "cancelled = true",
			"[[sessions.exceptions]]", "date = 2022-10-12", "cancelled = true",
			"[[sessions.exceptions]]", "date = 2022-10-19", "moved_to = 2022-10-19T09:00:00",
			"[[sessions.exceptions]]", "date = 2022-10-26", "moved_to = 2022-10-26T09:00:00+08:00",
		), []string{
			`sessions[0].exceptions[0] : the exception changes nothing: add cancelled = true, or moved_to = 2022-10-07T09:00:00`,
			`sessions[0].exceptions[1] moved_to: an exception either cancels (cancelled = true) or moves (moved_to = ...) a session, not both`,
			`sessions[0].exceptions[2] date: date is missing`,
			`sessions[0].exceptions[3] date: date 2022-10-12 has an exception already (exceptions[1])`,
			`sessions[0].exceptions[4] moved_to: moved_to is the session's own date and time`,
			`sessions[0].exceptions[5] moved_to: moved_to has a time zone offset: write local time, 2022-10-26T09:00:00`}},
		{"overlapping rules", session("from = 2022-01-01") + session(`kind = "grid_meeting"`, `freq = "monthly"`, `weekday = -`, "day = 15", `time = "10:00"`, `duration = "1h"`), []string{
			`sessions[1] : 每月15日 10:00 overlaps sessions[0] (每周三 9:00), first on 2022-06-15 10:00: a hall holds one session at a time`}},
		{"the same rule twice", session() + session(), []string{
			`sessions[1] id: sessions[0] has the same key "building_meeting-weekly-wed-0900": give one of them id`,
			`sessions[1] : 每周三 9:00 overlaps sessions[0] (每周三 9:00), first on 2001-01-03 09:00`}},
		{"the same slot in different years", session("until = 2021-12-31") + session("from = 2022-01-01", `id = "wed-2022"`), nil},
		{"a session moved onto another", session() + session(`weekday = "thursday"`, `time = "19:00"`, "[[sessions.exceptions]]", "date = 2022-10-13", "cancelled = true") + session(`weekday = "friday"`,
			"[[sessions.exceptions]]", "date = 2022-10-14", "moved_to = 2022-10-12T10:00:00"), []string{
			`sessions[2].exceptions[0] moved_to: moved to 2022-10-12 10:00 overlaps sessions[0] (每周三 9:00), first on 2022-10-12 10:00`}},
		{"rota", session() + "[[rota]]\nweeks = \"odd\"\n[[rota]]\nrole = \"王大妈\"\nweeks = \"weekly\"\n[[rota]]\nrole = \"lawyer\"\nweeks = [0, 2, 2, 54]\n" +
			"[[rota]]\nrole = \"mediator\"\n[[rota]]\nrole = \"mediator\"\nweeks = \"all\"\nkind = \"grid_meeting\"\n[[rota]]\nrole = \"mediator\"\nweeks = [\"1\"]\n", []string{
			`rota[0] role: role is missing`,
			`rota[1] role: role is not a known role (the value is not shown: it may be a personal name): use one of petitioner_rep`,
			`rota[1] weeks: weeks "weekly" is not a choice of weeks`,
			`rota[2] weeks: weeks: 0 is not an ISO week number`, `rota[2] weeks: weeks: week 2 is listed twice`,
			`rota[2] weeks: weeks: 54 is not an ISO week number`,
			`rota[3] weeks: weeks is missing: add weeks = "all", "odd", "even"`,
			`rota[4] kind: no session of this hall has kind "grid_meeting"`,
			`rota[5] weeks: weeks 1 is not a week number: write weeks = "all"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ps := Validate(parse(t, tc.src), testKinds, testRoles)
			var got []string
			for _, p := range ps {
				got = append(got, p.Path+" "+p.Key+": "+p.Msg)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %d problems, want %d:\n%s", len(got), len(tc.want), strings.Join(got, "\n"))
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tc.want[i]) {
					t.Errorf("got  %s\nwant %s…", got[i], tc.want[i])
				}
				if strings.Contains(got[i], "王大妈") {
					t.Errorf("a personal name reached a message: %s", got[i])
				}
			}
		})
	}
}

// A Problem points at its line through gongshi's TOML key locator: exceptions count across
// sessions, as [[sessions.exceptions]] headers do in the file.
func TestProblemLines(t *testing.T) {
	src := `name = "x"
[[sessions]]
kind = "building_meeting"
freq = "weekly"
weekday = "wednesday"
time = "09:00"
duration = "1h30m"
[[sessions.exceptions]]
date = 2022-10-05
cancelled = true
[[sessions]]
kind = "grid_meeting"
freq = "monthly"
weekday = "friday"
nth = 1
time = "9.00"
duration = "2h"
[[sessions.exceptions]]
date = 2022-10-07
cancelled = true
moved_to = 2022-10-08T09:00:00
[[rota]]
role = "mediator"
weeks = "weekly"
`
	keys := source.KeyList(src, 1)
	want := map[string]int{"sessions[1] time": 16, "sessions[1].exceptions[0] moved_to": 21, "rota[0] weeks": 24}
	ps := Validate(parse(t, src), testKinds, testRoles)
	if len(ps) != len(want) {
		t.Fatalf("problems: %v", ps)
	}
	for _, p := range ps {
		if line := source.NthLine(keys, p.Table, p.Index, p.Key); line != want[p.Path+" "+p.Key] {
			t.Errorf("%s at line %d, want %d", p.Error(), line, want[p.Path+" "+p.Key])
		}
	}
	// The integrity of invalid rules: the valid rule still produces its sessions.
	s := parse(t, src)
	if len(Occurrences(s, day(t, "2022-10-01"), day(t, "2022-10-15"), shanghai(t))) != 2 {
		t.Error("the valid rule lost its sessions")
	}
}

func BenchmarkValidate(b *testing.B) {
	// Three open-ended rules: the overlap check covers 28 years for each pair.
	s := parse(b, session()+session(`freq = "monthly"`, `weekday = "friday"`, "nth = 1", `time = "19:00"`)+
		session(`freq = "monthly"`, `weekday = -`, "day = 15", `time = "14:00"`))
	b.ReportAllocs()
	for b.Loop() {
		if ps := Validate(s, testKinds, testRoles); len(ps) != 0 {
			b.Fatal(ps)
		}
	}
}

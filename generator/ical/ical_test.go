package ical

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // go-ical loads TZID=Asia/Shanghai
	"unicode/utf8"

	goical "github.com/emersion/go-ical"
)

func shanghai(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(TZID)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func at(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, shanghai(t))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

const long = "经有请当事人会办，施工方承诺22时后停工；物业每晚巡查，居民代表监督。如仍有噪音，请拨打12345热线反映，或到海棠议事厅（龙山社区党群服务中心一楼）当面反映。"

// calendar has a confirmed meeting with every kind of text to escape, a cancelled one, a
// rescheduled one, and a weekly session with a cancelled date (EXDATE) and a moved one (override).
func calendar(t testing.TB) Calendar {
	return Calendar{
		Name:        "海棠议事厅 议事日程",
		Description: "龙山社区海棠议事厅的会议, 楼栋议事与睦邻月谈",
		URL:         "https://example.org/halls/haitang/calendar.ics",
		Events: []Event{
			{UID: "weekly-wed@example.org", Stamp: at(t, "2022-08-01 00:00"), Start: at(t, "2022-08-03 09:00"), End: at(t, "2022-08-03 10:30"),
				Summary: "楼栋议事“有事好商量”", RRule: "FREQ=WEEKLY;BYDAY=WE;UNTIL=20221231T155959Z",
				ExDates: []time.Time{at(t, "2022-10-05 09:00")}, Status: Confirmed, Location: "海棠议事厅"},
			{UID: "M-2022-0818-haitang@example.org", Stamp: at(t, "2022-08-17 10:00"), Start: at(t, "2022-08-18 14:30"), End: at(t, "2022-08-18 16:00"),
				Summary: `工地夜间施工噪音; 有请当事人会办, "四方会谈" \ 第1次`, Description: long + "\n\n各方：诉求人代表 3 人；职能部门。",
				Location: "龙山社区党群服务中心一楼, 海棠议事厅", URL: "https://example.org/meetings/M-2022-0818-haitang/", Status: Confirmed},
			{UID: "M-2022-0901-haitang@example.org", Stamp: at(t, "2022-08-30 18:00"), Sequence: 1, Start: at(t, "2022-09-01 14:30"), End: at(t, "2022-09-01 16:00"),
				Summary: "停车位划线联席会办（取消）", Status: Cancelled},
			{UID: "M-2022-0905-haitang@example.org", Stamp: at(t, "2022-09-02 09:00"), Sequence: 2, Start: at(t, "2022-09-09 19:00"), End: at(t, "2022-09-09 20:30"),
				Summary: "电梯加装现场会办（改期至9月9日）", Status: Tentative},
			{UID: "weekly-wed@example.org", Stamp: at(t, "2022-09-30 00:00"), Sequence: 1, RecurrenceID: at(t, "2022-10-12 09:00"),
				Start: at(t, "2022-10-13 19:00"), End: at(t, "2022-10-13 20:30"), Summary: "楼栋议事“有事好商量”（改期）"},
		},
	}
}

func TestRoundTripWithGoIcal(t *testing.T) {
	loc := shanghai(t)
	in := calendar(t)
	b, err := Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	checkLines(t, b)
	cal, err := goical.NewDecoder(bytes.NewReader(b)).Decode()
	if err != nil {
		t.Fatalf("go-ical cannot parse the calendar: %v\n%s", err, b)
	}
	if err := goical.NewEncoder(io.Discard).Encode(cal); err != nil {
		t.Errorf("go-ical finds the calendar invalid: %v", err)
	}
	for name, want := range map[string]string{goical.PropVersion: "2.0", goical.PropName: in.Name, "X-WR-CALNAME": in.Name,
		goical.PropDescription: in.Description, goical.PropProductID: DefaultProdID, goical.PropMethod: "PUBLISH"} {
		if got, err := cal.Props.Get(name).Text(); err != nil || got != want {
			t.Errorf("%s = %q (%v), want %q", name, got, err, want)
		}
	}
	var tz *goical.Component
	for _, c := range cal.Children {
		if c.Name == goical.CompTimezone {
			tz = c
		}
	}
	if tz == nil || tz.Props.Get(goical.PropTimezoneID).Value != TZID || len(tz.Children) != 1 ||
		tz.Children[0].Name != goical.CompTimezoneStandard || tz.Children[0].Props.Get(goical.PropTimezoneOffsetTo).Value != "+0800" {
		t.Fatalf("VTIMEZONE: %+v", tz)
	}
	events := cal.Events()
	if len(events) != len(in.Events) {
		t.Fatalf("%d events, want %d", len(events), len(in.Events))
	}
	byKey := map[string]goical.Event{}
	for _, e := range events {
		key := e.Props.Get(goical.PropUID).Value
		if r := e.Props.Get(goical.PropRecurrenceID); r != nil {
			if r.Params.Get(goical.PropTimezoneID) != TZID {
				t.Errorf("RECURRENCE-ID without TZID: %+v", r)
			}
			rid, _ := r.DateTime(loc)
			key += " " + rid.Format(time.RFC3339)
		}
		byKey[key] = e
	}
	for _, want := range in.Events {
		key := want.UID
		if !want.RecurrenceID.IsZero() {
			key += " " + want.RecurrenceID.Format(time.RFC3339)
		}
		e, ok := byKey[key]
		if !ok {
			t.Errorf("%s is missing", key)
			continue
		}
		text := func(name string) string {
			p := e.Props.Get(name)
			if p == nil {
				return ""
			}
			s, err := p.Text()
			if err != nil {
				t.Errorf("%s %s: %v", key, name, err)
			}
			return s
		}
		for name, w := range map[string]string{goical.PropSummary: want.Summary, goical.PropDescription: want.Description,
			goical.PropLocation: want.Location, goical.PropStatus: string(want.Status)} {
			if got := text(name); got != w {
				t.Errorf("%s %s = %q, want %q", key, name, got, w)
			}
		}
		if r := e.Props.Get(goical.PropRecurrenceRule); (r == nil) != (want.RRule == "") || r != nil && r.Value != want.RRule {
			t.Errorf("%s RRULE: %+v", key, r)
		}
		if u := e.Props.Get(goical.PropURL); (u == nil) != (want.URL == "") || u != nil && u.Value != want.URL {
			t.Errorf("%s URL: %+v", key, u)
		}
		start, err1 := e.DateTimeStart(loc)
		end, err2 := e.DateTimeEnd(loc)
		stamp, err3 := e.Props.Get(goical.PropDateTimeStamp).DateTime(loc)
		seq, err4 := e.Props.Get(goical.PropSequence).Int()
		if err := fmt.Sprint(err1, err2, err3, err4); err != "<nil> <nil> <nil> <nil>" {
			t.Errorf("%s: %s", key, err)
		}
		if !start.Equal(want.Start) || !end.Equal(want.End) || !stamp.Equal(want.Stamp) || seq != want.Sequence {
			t.Errorf("%s: start %s end %s stamp %s sequence %d", key, start, end, stamp, seq)
		}
		if p := e.Props.Get(goical.PropDateTimeStart); p.Params.Get(goical.PropTimezoneID) != TZID {
			t.Errorf("%s: DTSTART without TZID", key)
		}
	}
	// The weekly series: RRULE minus EXDATE, as go-ical and rrule-go expand it.
	set, err := byKey["weekly-wed@example.org"].RecurrenceSet(loc)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range set.Between(at(t, "2022-09-25 00:00"), at(t, "2022-10-20 00:00"), true) {
		got = append(got, d.In(loc).Format("01-02 15:04"))
	}
	if strings.Join(got, " ") != "09-28 09:00 10-12 09:00 10-19 09:00" {
		t.Errorf("the series gives %v (10-05 is cancelled; 10-12 has an override)", got)
	}
}

// checkLines asserts the physical form of a calendar: CRLF only, at most 75 octets a line, every
// line valid UTF-8 (so no character was cut), continuation lines starting with one space.
func checkLines(t *testing.T, b []byte) {
	t.Helper()
	if !bytes.HasSuffix(b, []byte("\r\n")) {
		t.Error("the calendar does not end in CRLF")
	}
	if n, m := bytes.Count(b, []byte("\n")), bytes.Count(b, []byte("\r\n")); n != m || bytes.Count(b, []byte("\r")) != m {
		t.Errorf("%d LF, %d CRLF: bare line breaks", n, m)
	}
	folded := 0
	for i, line := range strings.Split(strings.TrimSuffix(string(b), "\r\n"), "\r\n") {
		if len(line) > MaxLine {
			t.Errorf("line %d has %d octets: %q", i+1, len(line), line)
		}
		if !utf8.ValidString(line) {
			t.Errorf("line %d is not valid UTF-8 (a character was split): %q", i+1, line)
		}
		if strings.HasPrefix(line, " ") {
			folded++
		} else if !strings.Contains(line, ":") {
			t.Errorf("line %d is neither a content line nor a continuation: %q", i+1, line)
		}
	}
	if folded == 0 {
		t.Error("nothing was folded: the test calendar should hold long Chinese text")
	}
}

func TestDeterministic(t *testing.T) {
	c := calendar(t)
	want, err := Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20 {
		r.Shuffle(len(c.Events), func(i, j int) { c.Events[i], c.Events[j] = c.Events[j], c.Events[i] })
		// The same instants in other time zones give the same bytes.
		for i := range c.Events {
			c.Events[i].Start = c.Events[i].Start.In(time.UTC)
			c.Events[i].Stamp = c.Events[i].Stamp.In(time.FixedZone("X", -5*3600))
		}
		if got, _ := Marshal(c); !bytes.Equal(got, want) {
			t.Fatalf("the output depends on the order of events or the zone of times:\n%s\n%s", got, want)
		}
	}
}

func TestGolden(t *testing.T) {
	b, err := Marshal(Calendar{Name: "测试", Events: []Event{{UID: "a@x", Stamp: at(t, "2022-08-17 08:00"),
		Start: at(t, "2022-08-18 14:30"), End: at(t, "2022-08-18 16:00"), Summary: "a;b,c\\d\ne", Status: Cancelled, Sequence: 3}}})
	if err != nil {
		t.Fatal(err)
	}
	want := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:" + DefaultProdID + "\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n" +
		"NAME:测试\r\nX-WR-CALNAME:测试\r\nX-WR-TIMEZONE:Asia/Shanghai\r\n" + vtimezone +
		"BEGIN:VEVENT\r\nUID:a@x\r\nDTSTAMP:20220817T000000Z\r\nSEQUENCE:3\r\n" +
		"DTSTART;TZID=Asia/Shanghai:20220818T143000\r\nDTEND;TZID=Asia/Shanghai:20220818T160000\r\n" +
		"SUMMARY:a\\;b\\,c\\\\d\\ne\r\nSTATUS:CANCELLED\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	if string(b) != want {
		t.Errorf("got\n%s\nwant\n%s", b, want)
	}
}

func TestErrors(t *testing.T) {
	ok := Event{UID: "u", Stamp: at(t, "2022-08-01 00:00"), Start: at(t, "2022-08-02 09:00"), End: at(t, "2022-08-02 10:00"), Summary: "s"}
	with := func(f func(e *Event)) Event { e := ok; f(&e); return e }
	_, err := Marshal(Calendar{Events: []Event{
		with(func(e *Event) { e.UID = "" }),
		with(func(e *Event) { e.Stamp = time.Time{} }),
		ok, ok,
		with(func(e *Event) { e.UID = "v"; e.End = e.Start }),
		with(func(e *Event) { e.UID = "w"; e.Status = "DONE"; e.Sequence = -1 }),
		with(func(e *Event) { e.UID = "x"; e.URL = "/meetings/1/"; e.ExDates = []time.Time{e.Start} }),
		with(func(e *Event) { e.UID = "y"; e.RRule = "FREQ=WEEKLY\r\nX:Y" }),
		with(func(e *Event) { e.UID = "z"; e.RecurrenceID = e.Start }),
	}})
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{
		"ical: the calendar has no name", `event 0 ("s") has no UID`, "event 1 (UID \"u\"): DTSTAMP is missing: take it from the content",
		`event 3 (UID "u"): the UID is used twice`, "the end 2022-08-02T09:00:00+08:00 is not after the start",
		`STATUS "DONE" is not CONFIRMED`, "SEQUENCE -1 is negative", `URL "/meetings/1/" is not an absolute`, "EXDATE without RRULE",
		`RRULE "FREQ=WEEKLY\r\nX:Y" is not a recurrence rule`, `event 8 (UID "z"): an override (RECURRENCE-ID) needs the recurring event`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("missing %q in\n%v", want, err)
		}
	}
}

func TestText(t *testing.T) {
	for in, want := range map[string]string{
		"a\\b;c,d":          `a\\b\;c\,d`,
		"一\r\n二\n三\r四":      `一\n二\n三\n四`,
		"tab\there\x00\x7f": "tab\there",
		"bad \xff utf8":     "bad \uFFFD utf8",
		"议事厅“有事好商量”":        "议事厅“有事好商量”",
	} {
		if got := text(in); got != want {
			t.Errorf("text(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFold(t *testing.T) {
	for _, line := range []string{
		strings.Repeat("a", 75), strings.Repeat("a", 76), strings.Repeat("a", 300),
		"SUMMARY:" + strings.Repeat("议", 100), "DESCRIPTION:x" + strings.Repeat("事", 60) + "y",
		"X:" + strings.Repeat("𝄞é议", 40), long,
	} {
		checkFold(t, line)
	}
}

func checkFold(t *testing.T, line string) {
	var b bytes.Buffer
	fold(&b, line)
	phys := strings.Split(strings.TrimSuffix(b.String(), "\r\n"), "\r\n")
	for i, p := range phys {
		if len(p) > MaxLine || !utf8.ValidString(p) || (i > 0) != strings.HasPrefix(p, " ") {
			t.Fatalf("bad physical line %d of %q: %q", i, line, p)
		}
		if i+1 < len(phys) && len(p) < MaxLine-3 {
			t.Fatalf("line %d folded early (%d octets): %q", i, len(p), p)
		}
	}
	if got := strings.ReplaceAll(b.String(), "\r\n ", ""); got != line+"\r\n" {
		t.Fatalf("unfolding gives %q, want %q", got, line)
	}
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{"", "a", long, strings.Repeat("议", 30) + "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkFold(t, "X:"+text(s)) // what fold is given: a name, an escaped value, no line breaks
	})
}

func BenchmarkMarshal5000(b *testing.B) {
	base := calendar(b).Events[1]
	events := make([]Event, 5000)
	for i := range events {
		e := base
		e.UID = fmt.Sprintf("M-%05d@example.org", (i*7919)%5000)
		e.Start = e.Start.AddDate(0, 0, i%365)
		e.End = e.Start.Add(90 * time.Minute)
		events[i] = e
	}
	b.ReportAllocs()
	for b.Loop() {
		out, err := Marshal(Calendar{Name: "全部议事厅", Events: events})
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(len(out)))
	}
}

// Package ical writes the site's calendars as iCalendar files (RFC 5545).
//
// The contract: Marshal turns a Calendar into bytes that depend on nothing but the Calendar (no
// clock, no machine time zone, no map order):
//   - lines end in CRLF and are folded at 75 octets, on UTF-8 character boundaries, so a Chinese
//     character is never split; continuation lines start with one space;
//   - TEXT values (SUMMARY, DESCRIPTION, LOCATION, UID, calendar name) are escaped: \\ \; \, \n;
//     other control characters are dropped and invalid UTF-8 is replaced;
//   - every date-time is written as wall-clock time in Asia/Shanghai with TZID=Asia/Shanghai, and
//     the calendar carries a VTIMEZONE for it (standard time +0800, no daylight saving time);
//     DTSTAMP and the UNTIL of a rule are UTC as RFC 5545 requires;
//   - events are ordered by UID, a recurring event before its overrides (RECURRENCE-ID), and the
//     properties of an event always come in the same order.
//
// DTSTAMP comes from the content (when the meeting file last changed its announcement), never
// from the clock, so that building twice gives the same bytes. Marshal checks the events and
// reports every problem at once, naming the UID.
package ical

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// TZID is the time zone of every date-time written.
const TZID = "Asia/Shanghai"

// DefaultProdID is the PRODID used when Calendar.ProdID is empty.
const DefaultProdID = "-//gongshi//gongshi 12345 hall calendar//ZH"

// Status is an event's STATUS.
type Status string

// Statuses of an event (RFC 5545 3.8.1.11).
const (
	Confirmed Status = "CONFIRMED"
	Tentative Status = "TENTATIVE"
	Cancelled Status = "CANCELLED"
)

// Calendar is one .ics file.
type Calendar struct {
	Name        string // shown by calendar apps: NAME (RFC 7986) and X-WR-CALNAME
	Description string // optional: DESCRIPTION and X-WR-CALDESC
	URL         string // optional: where the calendar is published (URL, RFC 7986)
	ProdID      string // optional; DefaultProdID when empty
	Events      []Event
}

// Event is a VEVENT: a meeting, a recurring session (RRule set), or an override of one
// occurrence of a recurring session (RecurrenceID set, same UID as the recurring event).
type Event struct {
	UID          string    // stable across builds, e.g. M-2022-0818-haitang@example.org
	Stamp        time.Time // DTSTAMP: from content, never the clock
	Sequence     int       // SEQUENCE: bumped each time the time, place or status changes
	Start        time.Time // DTSTART
	End          time.Time // DTEND; optional (zero: left out)
	RecurrenceID time.Time // for an override: the original start of the occurrence it replaces
	Summary      string
	Description  string
	Location     string
	URL          string // absolute URL of the meeting page
	Status       Status // optional
	RRule        string // e.g. FREQ=WEEKLY;BYDAY=WE;UNTIL=20221231T155959Z, without "RRULE:"
	ExDates      []time.Time
}

// Marshal writes the calendar, or returns every problem found in it (nothing is written then).
func Marshal(c Calendar) ([]byte, error) {
	if err := check(&c); err != nil {
		return nil, err
	}
	cst := time.FixedZone("CST", 8*3600) // the VTIMEZONE below: +0800 all year
	events := make([]*Event, len(c.Events))
	for i := range c.Events {
		events[i] = &c.Events[i]
	}
	sort.SliceStable(events, func(i, j int) bool {
		a, b := events[i], events[j]
		if a.UID != b.UID {
			return a.UID < b.UID
		}
		return a.RecurrenceID.Before(b.RecurrenceID)
	})
	var buf bytes.Buffer
	buf.Grow(1024 + 400*len(events))
	w := &writer{buf: &buf}
	w.line("BEGIN", "", "VCALENDAR")
	w.line("VERSION", "", "2.0")
	w.text("PRODID", cmp.Or(c.ProdID, DefaultProdID))
	w.line("CALSCALE", "", "GREGORIAN")
	w.line("METHOD", "", "PUBLISH")
	w.text("NAME", c.Name)
	w.text("X-WR-CALNAME", c.Name)
	if c.Description != "" {
		w.text("DESCRIPTION", c.Description)
		w.text("X-WR-CALDESC", c.Description)
	}
	if c.URL != "" {
		w.line("URL", ";VALUE=URI", c.URL)
	}
	w.line("X-WR-TIMEZONE", "", TZID)
	w.buf.WriteString(vtimezone)
	local := func(name string, t time.Time) { w.local(name, t, cst) }
	for _, e := range events {
		w.line("BEGIN", "", "VEVENT")
		w.text("UID", e.UID)
		w.line("DTSTAMP", "", e.Stamp.UTC().Format("20060102T150405Z"))
		w.line("SEQUENCE", "", strconv.Itoa(e.Sequence))
		local("DTSTART", e.Start)
		if !e.End.IsZero() {
			local("DTEND", e.End)
		}
		if !e.RecurrenceID.IsZero() {
			local("RECURRENCE-ID", e.RecurrenceID)
		}
		if e.RRule != "" {
			w.line("RRULE", "", e.RRule)
		}
		ex := append([]time.Time(nil), e.ExDates...)
		sort.Slice(ex, func(i, j int) bool { return ex[i].Before(ex[j]) })
		for i, t := range ex {
			if i == 0 || !t.Equal(ex[i-1]) {
				local("EXDATE", t)
			}
		}
		w.text("SUMMARY", e.Summary)
		if e.Description != "" {
			w.text("DESCRIPTION", e.Description)
		}
		if e.Location != "" {
			w.text("LOCATION", e.Location)
		}
		if e.URL != "" {
			w.line("URL", ";VALUE=URI", e.URL)
		}
		if e.Status != "" {
			w.line("STATUS", "", string(e.Status))
		}
		w.line("END", "", "VEVENT")
	}
	w.line("END", "", "VCALENDAR")
	return buf.Bytes(), nil
}

// vtimezone describes Asia/Shanghai as gongshi writes it: China Standard Time, +0800, with no
// daylight saving time (none since 1991).
const vtimezone = "BEGIN:VTIMEZONE\r\n" +
	"TZID:" + TZID + "\r\n" +
	"X-LIC-LOCATION:" + TZID + "\r\n" +
	"BEGIN:STANDARD\r\n" +
	"TZOFFSETFROM:+0800\r\n" +
	"TZOFFSETTO:+0800\r\n" +
	"TZNAME:CST\r\n" +
	"DTSTART:19700101T000000\r\n" +
	"END:STANDARD\r\n" +
	"END:VTIMEZONE\r\n"

// check reports every problem of the calendar, or nil.
func check(c *Calendar) error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf("ical: "+format, args...)) }
	if strings.TrimSpace(c.Name) == "" {
		bad("the calendar has no name")
	}
	if c.URL != "" && !absoluteURL(c.URL) {
		bad("calendar URL %q is not an absolute http(s) URL", c.URL)
	}
	type id struct {
		uid string
		rec int64
	}
	seen := map[id]bool{}
	recurring := map[string]bool{}
	for _, e := range c.Events {
		if e.RRule != "" {
			recurring[e.UID] = true
		}
	}
	for i, e := range c.Events {
		ev := func(format string, args ...any) {
			bad("event %d (UID %q): "+format, append([]any{i, e.UID}, args...)...)
		}
		switch {
		case strings.TrimSpace(e.UID) == "":
			bad("event %d (%q) has no UID", i, e.Summary)
		case seen[id{e.UID, e.RecurrenceID.Unix()}] && e.RecurrenceID.IsZero():
			ev("the UID is used twice")
		case seen[id{e.UID, e.RecurrenceID.Unix()}]:
			ev("two overrides of the occurrence at %s", e.RecurrenceID.Format(time.RFC3339))
		}
		seen[id{e.UID, e.RecurrenceID.Unix()}] = true
		if e.Stamp.IsZero() {
			ev("DTSTAMP is missing: take it from the content (when the meeting was last changed), never the clock")
		}
		if e.Start.IsZero() {
			ev("the start is missing")
		}
		if !e.End.IsZero() && !e.End.After(e.Start) {
			ev("the end %s is not after the start %s", e.End.Format(time.RFC3339), e.Start.Format(time.RFC3339))
		}
		if e.Sequence < 0 {
			ev("SEQUENCE %d is negative", e.Sequence)
		}
		switch e.Status {
		case "", Confirmed, Tentative, Cancelled:
		default:
			ev("STATUS %q is not CONFIRMED, TENTATIVE or CANCELLED", e.Status)
		}
		if e.URL != "" && !absoluteURL(e.URL) {
			ev("URL %q is not an absolute http(s) URL", e.URL)
		}
		if e.RRule != "" && !validRRule(e.RRule) {
			ev("RRULE %q is not a recurrence rule (FREQ=...;BYDAY=...)", e.RRule)
		}
		if e.RRule != "" && !e.RecurrenceID.IsZero() {
			ev("an override (RECURRENCE-ID) cannot have its own RRULE")
		}
		if len(e.ExDates) > 0 && e.RRule == "" {
			ev("EXDATE without RRULE")
		}
		if !e.RecurrenceID.IsZero() && !recurring[e.UID] {
			ev("an override (RECURRENCE-ID) needs the recurring event with the same UID in the calendar")
		}
		for _, t := range append([]time.Time{e.Stamp, e.Start, e.End, e.RecurrenceID}, e.ExDates...) {
			if !t.IsZero() && (t.Year() < 1 || t.Year() > 9999) {
				ev("the year of %s cannot be written", t)
			}
		}
	}
	return errors.Join(errs...)
}

func absoluteURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" &&
		!strings.ContainsAny(s, "\r\n\t \"")
}

// validRRule accepts NAME=VALUE parts separated by ';' with upper-case names, one of them FREQ.
func validRRule(s string) bool {
	freq := false
	for _, part := range strings.Split(s, ";") {
		name, value, ok := strings.Cut(part, "=")
		if !ok || name == "" || value == "" || strings.Trim(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZ-") != "" ||
			strings.Trim(value, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789,+-") != "" {
			return false
		}
		freq = freq || name == "FREQ"
	}
	return freq
}

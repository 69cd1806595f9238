package schedule

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Occurrence is one session produced by a rule.
type Occurrence struct {
	Rule     int       // index of the rule in Schedule.Sessions
	Key      string    // stable and unique in the hall: the rule's Key, "-", the original date (…-20221005)
	Kind     string    // the rule's kind
	Title    string    // the rule's title
	Theme    string    // the theme of the original date's month, if the rule has one
	Start    time.Time // when it starts: the new time for a moved session
	End      time.Time
	Status   Status    // Scheduled, Cancelled or Moved
	Original time.Time // the start the rule gives; equal to Start unless Moved
	Note     string    // the exception's note
	Duty     []string  // roles on duty in the ISO week of Start, from the rota
}

// Occurrences returns the sessions of the schedule that start in [from, to), in loc (nil means
// UTC), sorted by start, then rule, then original start. Cancelled sessions are included with
// status Cancelled; a moved session is listed at its new time, if that is in the window, with
// status Moved. Rules that do not pass Validate, and exceptions for dates a rule does not
// produce, are left out.
func Occurrences(s Schedule, from, to time.Time, loc *time.Location) []Occurrence {
	if loc == nil {
		loc = time.UTC
	}
	var out []Occurrence
	in := func(t time.Time) bool { return !t.Before(from) && t.Before(to) }
	first, last := dayOf(from.In(loc))-1, dayOf(to.In(loc))+1
	for i := range s.Sessions {
		c := compile(&s.Sessions[i], i, func(string, string, ...any) {})
		if c == nil {
			continue
		}
		exc := c.exceptions()
		c.each(first, last, func(n int) {
			o := c.occurrence(n, loc)
			if j, ok := exc[n]; ok {
				e := &c.src.Exceptions[j]
				if _, mv := c.moved(n, e, loc); mv {
					return // listed at its new time below
				}
				if e.Cancelled && e.MovedTo.IsZero() {
					o.Status, o.Note = Cancelled, e.Note
				}
			}
			if in(o.Start) {
				out = append(out, o)
			}
		})
		for n, j := range exc {
			if o, ok := c.moved(n, &c.src.Exceptions[j], loc); ok && in(o.Start) {
				out = append(out, o)
			}
		}
	}
	for i := range out {
		out[i].Duty = OnDuty(s.Rota, out[i].Start, out[i].Kind)
	}
	sortOccurrences(out)
	return out
}

// exceptions maps the civil days of the rule's exceptions that have a date to the index of the
// exception. When two exceptions name the same day the first counts (Validate reports the other).
func (c *rule) exceptions() map[int]int {
	m := make(map[int]int, len(c.src.Exceptions))
	for i, e := range c.src.Exceptions {
		if d := e.Date; d.bad == "" && !d.IsZero() {
			n := civil(d.Year, d.Month, d.Day)
			if _, dup := m[n]; !dup {
				m[n] = i
			}
		}
	}
	return m
}

// removed reports whether an exception cancels or moves the session of day n; exc is
// c.exceptions().
func (c *rule) removed(n int, exc map[int]int) bool {
	j, ok := exc[n]
	if !ok {
		return false
	}
	e := &c.src.Exceptions[j]
	_, mv := c.moved(n, e, time.UTC)
	return mv || (e.Cancelled && e.MovedTo.IsZero())
}

// occurrence returns the scheduled session of civil day n.
func (c *rule) occurrence(n int, loc *time.Location) Occurrence {
	start := c.start(n, loc)
	d := dayTime(n)
	return Occurrence{
		Rule: c.index, Key: c.key + "-" + d.Format("20060102"), Kind: c.src.Kind, Title: c.src.Title,
		Theme: c.src.Themes[d.Format("2006-01")], Start: start, End: start.Add(c.dur),
		Status: Scheduled, Original: start,
	}
}

// moved returns the moved session for an exception of day n, if e moves a date of the rule.
func (c *rule) moved(n int, e *Exception, loc *time.Location) (Occurrence, bool) {
	t := e.MovedTo
	if e.Cancelled || t.IsZero() || t.Date.bad != "" || !c.matches(n) {
		return Occurrence{}, false
	}
	o := c.occurrence(n, loc)
	h, m := c.hour, c.min
	if t.HasTime {
		h, m = t.Hour, t.Minute
	}
	o.Start = time.Date(t.Date.Year, t.Date.Month, t.Date.Day, h, m, 0, 0, loc)
	o.End = o.Start.Add(c.dur)
	o.Status, o.Note = Moved, e.Note
	return o, !o.Start.Equal(o.Original)
}

func sortOccurrences(out []Occurrence) {
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if !a.Start.Equal(b.Start) {
			return a.Start.Before(b.Start)
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Original.Before(b.Original)
	})
}

// OnDuty returns the roles of the rota on duty in the ISO week of t (in t's location) for a
// session of the given kind, in rota order without repeats. A duty without a kind applies to
// every session.
func OnDuty(rota []Duty, t time.Time, kind string) []string {
	_, week := t.ISOWeek()
	var roles []string
	for _, d := range rota {
		if d.Role == "" || (d.Kind != "" && d.Kind != kind) || !d.Weeks.Has(week) {
			continue
		}
		if !contains(roles, d.Role) {
			roles = append(roles, d.Role)
		}
	}
	return roles
}

// Entry is a line of an agenda: a regular session, a one-off meeting from a notice file, or a
// regular session replaced by the notice written for it.
type Entry[N any] struct {
	Hall       string
	Start      time.Time   // the notice's start when there is a notice, else the occurrence's
	Occurrence *Occurrence // the regular session, nil for a one-off meeting
	Notice     N           // the notice, valid when HasNotice
	HasNotice  bool
}

// Merge lists the occurrences of each hall (keyed by hall slug) together with notices, sorted by
// start, then hall, then input order. A notice whose (hall, start) is that of an occurrence
// (its Start, or else its Original start, so a notice may also be written for the date the rule
// gives a moved or cancelled session) replaces that occurrence: the entry keeps both. Each
// occurrence takes at most one notice, the first in input order; other notices are entries of
// their own. Pass notices from the same window as the occurrences.
func Merge[N any](occ map[string][]Occurrence, notices []N, at func(N) (hall string, start time.Time)) []Entry[N] {
	type slot struct {
		hall string
		unix int64
	}
	byStart, byOriginal := map[slot]*Occurrence{}, map[slot]*Occurrence{}
	var out []Entry[N]
	halls := make([]string, 0, len(occ))
	for h := range occ {
		halls = append(halls, h)
	}
	sort.Strings(halls)
	for _, h := range halls {
		list := occ[h]
		for i := range list {
			o := &list[i]
			if _, dup := byStart[slot{h, o.Start.Unix()}]; !dup {
				byStart[slot{h, o.Start.Unix()}] = o
			}
			if _, dup := byOriginal[slot{h, o.Original.Unix()}]; !dup {
				byOriginal[slot{h, o.Original.Unix()}] = o
			}
		}
	}
	taken := map[*Occurrence]bool{}
	for _, n := range notices {
		h, start := at(n)
		o := byStart[slot{h, start.Unix()}]
		if o == nil || taken[o] {
			o = byOriginal[slot{h, start.Unix()}]
		}
		if o != nil && !taken[o] {
			taken[o] = true
		} else {
			o = nil
		}
		out = append(out, Entry[N]{Hall: h, Start: start, Occurrence: o, Notice: n, HasNotice: true})
	}
	for _, h := range halls {
		list := occ[h]
		for i := range list {
			if !taken[&list[i]] {
				out = append(out, Entry[N]{Hall: h, Start: list[i].Start, Occurrence: &list[i]})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].Start.Equal(out[j].Start) {
			return out[i].Start.Before(out[j].Start)
		}
		return out[i].Hall < out[j].Hall
	})
	return out
}

// Series is a rule as one recurring calendar event (RFC 5545): a first start and end (DTSTART,
// DTEND), an RRULE, the original starts of cancelled sessions (EXDATE), and the moved sessions,
// each to be written as an override with RECURRENCE-ID = Original under the same UID.
type Series struct {
	Rule    int
	Key     string // the rule's Key: a stable base for the UID
	Kind    string
	Title   string
	Start   time.Time
	End     time.Time
	RRule   string      // e.g. FREQ=WEEKLY;BYDAY=WE;UNTIL=20221231T155959Z
	ExDates []time.Time // sorted
	Moved   []Occurrence
}

// Series returns one Series per valid rule, in rule order. A rule starts at its first date on
// or after its from date; a rule without from starts at its first date on or after since (pass a
// date from content, such as the build date, never the clock). Exceptions before the start are
// left out, and so are rules with no date on or after their start.
func (s Schedule) Series(since time.Time, loc *time.Location) []Series {
	if loc == nil {
		loc = time.UTC
	}
	var out []Series
	for i := range s.Sessions {
		c := compile(&s.Sessions[i], i, func(string, string, ...any) {})
		if c == nil {
			continue
		}
		n := c.from
		if n == -noDay {
			n = dayOf(since.In(loc))
		}
		found := false
		c.each(n, n+maxTries, func(d int) {
			if !found {
				n, found = d, true
			}
		})
		if !found {
			continue // no date: Validate reports it
		}
		first := c.occurrence(n, loc)
		sr := Series{Rule: i, Key: c.key, Kind: c.src.Kind, Title: c.src.Title, Start: first.Start, End: first.End,
			RRule: c.rrule(loc)}
		for d, j := range c.exceptions() {
			e := &c.src.Exceptions[j]
			if d < n || !c.matches(d) {
				continue
			}
			if o, ok := c.moved(d, e, loc); ok {
				sr.Moved = append(sr.Moved, o)
			} else if e.Cancelled && e.MovedTo.IsZero() {
				sr.ExDates = append(sr.ExDates, c.start(d, loc))
			}
		}
		for k := range sr.Moved {
			sr.Moved[k].Duty = OnDuty(s.Rota, sr.Moved[k].Start, sr.Kind)
		}
		sort.Slice(sr.ExDates, func(i, j int) bool { return sr.ExDates[i].Before(sr.ExDates[j]) })
		sortOccurrences(sr.Moved)
		out = append(out, sr)
	}
	return out
}

// RRule returns the rule as an RFC 5545 RRULE value (without "RRULE:"), with UNTIL as the end of
// the until day in loc, in UTC as RFC 5545 requires with a TZID start. It is "" for a rule that
// does not pass Validate.
func (r Rule) RRule(loc *time.Location) string {
	c := compile(&r, 0, func(string, string, ...any) {})
	if c == nil {
		return ""
	}
	if loc == nil {
		loc = time.UTC
	}
	return c.rrule(loc)
}

func (c *rule) rrule(loc *time.Location) string {
	day := strings.ToUpper(c.wd.String()[:2])
	var b strings.Builder
	switch {
	case !c.monthly:
		b.WriteString("FREQ=WEEKLY;BYDAY=" + day)
	case c.day != 0:
		fmt.Fprintf(&b, "FREQ=MONTHLY;BYMONTHDAY=%d", c.day)
	default:
		fmt.Fprintf(&b, "FREQ=MONTHLY;BYDAY=%d%s", c.nth, day)
	}
	if c.until != noDay {
		y, m, d := dayTime(c.until).Date()
		end := time.Date(y, m, d, 23, 59, 59, 0, loc).UTC()
		b.WriteString(";UNTIL=" + end.Format("20060102T150405Z"))
	}
	return b.String()
}

func contains[T comparable](list []T, v T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

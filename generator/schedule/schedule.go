// Package schedule describes the regular sessions of a deliberation hall (议事厅) as recurrence
// rules, and lists their occurrences.
//
// A hall's front matter holds a Schedule: [[sessions]] tables, each a Rule (weekly on a weekday,
// or monthly on the nth weekday or on a day of the month, at a time of day for a duration, with
// optional from/until dates, a theme per month and [[sessions.exceptions]] that cancel or move
// one date), and [[rota]] tables saying which role is on duty in which ISO weeks. The types
// decode with github.com/BurntSushi/toml; dates are TOML local dates and date-times read as wall
// clock time in the hall's city, never shifted by the machine's time zone.
//
// The contract:
//   - Validate reports every problem of a Schedule as a Problem that names the TOML table, its
//     index and the key, so the caller can point at the line, with a message that says the fix.
//   - Occurrences, Series, Words and WordsEN are pure functions of the Schedule and their
//     arguments: no clock, no I/O, no global state; the same input gives the same output.
//     A rule that does not pass Validate yields nothing; its neighbours are unaffected.
//   - Merge combines occurrences with one-off notices by (hall, start): a notice for the time of
//     an occurrence replaces it.
//
// Days are civil days (no time zone); a day and a time of day become an instant only in the
// *time.Location given to Occurrences or Series (Asia/Shanghai for gongshi).
package schedule

import (
	"fmt"
	"strings"
	"time"
)

// Schedule is what a hall file says about its regular sessions. Embed it in the hall's front
// matter struct, or give it the keys "sessions" and "rota".
type Schedule struct {
	Sessions []Rule `toml:"sessions"`
	Rota     []Duty `toml:"rota"`
}

// Rule is one kind of regular session of a hall.
type Rule struct {
	ID         string            `toml:"id"`       // optional stable name; see Key
	Kind       string            `toml:"kind"`     // a meeting kind, e.g. building_meeting
	Title      string            `toml:"title"`    // optional; the caller may fall back to the kind's name
	Freq       string            `toml:"freq"`     // weekly or monthly
	Weekday    string            `toml:"weekday"`  // monday … sunday: weekly, and monthly with nth
	Nth        int               `toml:"nth"`      // monthly: 1, 2, 3, 4, or -1 for the last
	Day        int               `toml:"day"`      // monthly alternative: day of the month, 1 to 28
	Time       Clock             `toml:"time"`     // start: "09:00", "9:00" or a TOML local time 09:00:00
	Duration   string            `toml:"duration"` // Go duration: "1h30m", "90m"; at most 24h
	From       Date              `toml:"from"`     // first day the rule applies, optional
	Until      Date              `toml:"until"`    // last day the rule applies, optional, inclusive
	Themes     map[string]string `toml:"themes"`   // "2022-08" = theme of the month's sessions
	Exceptions []Exception       `toml:"exceptions"`
}

// Exception cancels or moves the session of one date of a rule.
type Exception struct {
	Date      Date     `toml:"date"`      // a date the rule produces
	Cancelled bool     `toml:"cancelled"` // the session does not take place
	MovedTo   DateTime `toml:"moved_to"`  // or: it takes place at this date (and time) instead
	Note      string   `toml:"note"`      // why, shown to residents
}

// Duty says which role is on duty in which weeks, e.g. the gold mediators' rota.
type Duty struct {
	Role  string `toml:"role"`  // a role such as mediator
	Weeks Weeks  `toml:"weeks"` // "all", "odd", "even" or a list of ISO week numbers
	Kind  string `toml:"kind"`  // optional: only sessions of this kind; all sessions when empty
	Note  string `toml:"note"`  // optional, e.g. what the role offers
}

// Freq values.
const (
	Weekly  = "weekly"
	Monthly = "monthly"
)

// Status of an occurrence.
type Status string

// Statuses of an occurrence.
const (
	Scheduled Status = "scheduled"
	Cancelled Status = "cancelled"
	Moved     Status = "moved"
)

// rule is a Rule checked and parsed. Days are civil day numbers (see civil).
type rule struct {
	src         *Rule
	index       int // in Schedule.Sessions
	base        int // global index of the first exception, set by Validate
	key         string
	monthly     bool
	wd          time.Weekday // weekly, and monthly with nth
	nth, day    int
	hour, min   int
	dur         time.Duration
	from, until int // inclusive; noDay when open
}

const (
	noDay    = 1 << 40 // an open end; far beyond any date
	maxTries = 62      // days searched either side for the nearest date of a rule
)

// compile checks r (not its exceptions and themes) and parses it. Problems are reported through
// add with the key and message; the rule is usable only when nothing was reported.
func compile(r *Rule, index int, add func(key, format string, args ...any)) *rule {
	c := &rule{src: r, index: index, from: -noDay, until: noDay}
	n := 0
	bad := func(key, format string, args ...any) { n++; add(key, format, args...) }
	if r.ID != "" && !validID(r.ID) {
		bad("id", "id %q may hold only lower-case letters, digits, '-' and '_': it becomes part of calendar UIDs", r.ID)
	}
	if strings.TrimSpace(r.Kind) == "" {
		bad("kind", "kind is missing: add kind = \"building_meeting\" or another meeting kind")
	}
	wdOK := false
	if r.Weekday != "" {
		c.wd, wdOK = weekday(r.Weekday)
		if !wdOK {
			bad("weekday", "weekday %q is not a day of the week: use one of %s", r.Weekday, weekdayList)
		}
	}
	switch r.Freq {
	case Weekly:
		if r.Weekday == "" {
			bad("weekday", "weekday is missing: a weekly session needs weekday = \"wednesday\" (one of %s)", weekdayList)
		}
		if r.Nth != 0 {
			bad("nth", "nth is for monthly sessions: remove it, or set freq = \"monthly\"")
		}
		if r.Day != 0 {
			bad("day", "day is for monthly sessions: remove it, or set freq = \"monthly\"")
		}
	case Monthly:
		c.monthly, c.nth, c.day = true, r.Nth, r.Day
		switch {
		case r.Day != 0 && (r.Nth != 0 || r.Weekday != ""):
			bad("day", "a monthly session falls either on a day of the month (day) or on the nth weekday (nth and weekday), not both: remove day or nth and weekday")
		case r.Day < 0:
			bad("day", "day %d is not a day of the month: use a day from 1 to 28", r.Day)
		case r.Day > 28:
			bad("day", "day %d is not in every month: use a day from 1 to 28, or nth = -1 with a weekday for the end of the month", r.Day)
		case r.Day == 0 && r.Nth == 0:
			bad("nth", "a monthly session needs day = 15 (a day of the month) or nth = 1 with weekday = \"friday\" (the first Friday)")
		case r.Day == 0 && r.Nth != -1 && (r.Nth < 1 || r.Nth > 4):
			bad("nth", "nth %d is not in every month: use 1, 2, 3, 4, or -1 for the last", r.Nth)
		case r.Day == 0 && r.Weekday == "":
			bad("weekday", "weekday is missing: nth = %d needs weekday = \"friday\" (one of %s)", r.Nth, weekdayList)
		}
	case "":
		bad("freq", "freq is missing: add freq = \"weekly\" or freq = \"monthly\"")
	default:
		bad("freq", "freq %q is not a frequency: use \"weekly\" or \"monthly\"", r.Freq)
	}
	if h, m, ok := clock(string(r.Time)); ok {
		c.hour, c.min = h, m
	} else if r.Time == "" {
		bad("time", "time is missing: add the start as time = \"09:00\"")
	} else {
		bad("time", "time %q is not a time of day: write it as \"09:00\" or \"19:30\" (24-hour clock)", r.Time)
	}
	if r.Duration == "" {
		bad("duration", "duration is missing: add duration = \"1h30m\"")
	} else if d, err := time.ParseDuration(r.Duration); err != nil {
		bad("duration", "duration %q is not a duration: write it as \"1h30m\", \"2h\" or \"45m\"", r.Duration)
	} else if d <= 0 || d > 24*time.Hour || d%time.Minute != 0 {
		bad("duration", "duration %q must be whole minutes, more than 0 and at most 24h", r.Duration)
	} else {
		c.dur = d
	}
	for _, f := range []struct {
		key string
		d   Date
		to  *int
	}{{"from", r.From, &c.from}, {"until", r.Until, &c.until}} {
		switch {
		case f.d.bad != "":
			bad(f.key, "%s %s", f.key, f.d.bad)
		case !f.d.IsZero():
			*f.to = civil(f.d.Year, f.d.Month, f.d.Day)
		}
	}
	if n > 0 {
		return nil
	}
	c.key = r.ID
	if c.key == "" {
		c.key = derivedKey(c)
	}
	return c
}

// derivedKey names a rule by what it is: building_meeting-weekly-wed-0900.
func derivedKey(c *rule) string {
	wd := strings.ToLower(c.wd.String()[:3])
	var when string
	switch {
	case !c.monthly:
		when = "weekly-" + wd
	case c.day != 0:
		when = fmt.Sprintf("monthly-%d", c.day)
	case c.nth == -1:
		when = "monthly-last-" + wd
	default:
		when = fmt.Sprintf("monthly-%d%s", c.nth, wd)
	}
	return fmt.Sprintf("%s-%s-%02d%02d", c.src.Kind, when, c.hour, c.min)
}

// Key returns the rule's stable name, unique in its hall: its id, or one made of its kind, day
// and time (building_meeting-weekly-wed-0900). It is "" for a rule that does not pass Validate.
func (r Rule) Key() string {
	c := compile(&r, 0, func(string, string, ...any) {})
	if c == nil {
		return ""
	}
	return c.key
}

// matches reports whether the rule has a session on civil day n (exceptions aside).
func (c *rule) matches(n int) bool {
	if n < c.from || n > c.until {
		return false
	}
	t := dayTime(n)
	if !c.monthly {
		return t.Weekday() == c.wd
	}
	if c.day != 0 {
		return t.Day() == c.day
	}
	if t.Weekday() != c.wd {
		return false
	}
	if c.nth == -1 {
		return t.AddDate(0, 0, 7).Month() != t.Month()
	}
	return (t.Day()-1)/7+1 == c.nth
}

// each calls fn for every civil day in [lo, hi] on which the rule has a session (exceptions
// aside), in order. It gives the days matches accepts, without testing every day.
func (c *rule) each(lo, hi int, fn func(n int)) {
	lo, hi = max(lo, c.from), min(hi, c.until)
	if lo > hi {
		return
	}
	if !c.monthly {
		for n := lo + (int(c.wd)-weekdayOf(lo)+7)%7; n <= hi; n += 7 {
			fn(n)
		}
		return
	}
	y, m, _ := dayTime(lo).Date()
	for ; ; m++ {
		first := civil(y, m, 1) // time.Date normalises month 13 to January of the next year
		var n int
		switch {
		case c.day != 0:
			n = first + c.day - 1
		case c.nth > 0:
			n = first + (int(c.wd)-weekdayOf(first)+7)%7 + 7*(c.nth-1)
		default:
			last := civil(y, m+1, 1) - 1
			n = last - (weekdayOf(last)-int(c.wd)+7)%7
		}
		if first > hi {
			return
		}
		if n >= lo && n <= hi {
			fn(n)
		}
	}
}

// weekdayOf returns the weekday of civil day n (0 is Sunday; day 0, 1970-01-01, was a Thursday).
func weekdayOf(n int) int { return ((n+4)%7 + 7) % 7 }

// start returns the session's start on civil day n in loc.
func (c *rule) start(n int, loc *time.Location) time.Time {
	y, m, d := dayTime(n).Date()
	return time.Date(y, m, d, c.hour, c.min, 0, 0, loc)
}

// civil returns the number of the day y-m-d counted from 1970-01-01.
func civil(y int, m time.Month, d int) int {
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// dayOf returns the civil day of t in t's location.
func dayOf(t time.Time) int {
	y, m, d := t.Date()
	return civil(y, m, d)
}

// dayTime returns civil day n as midnight UTC.
func dayTime(n int) time.Time { return time.Unix(int64(n)*86400, 0).UTC() }

// dayString formats civil day n as 2006-01-02.
func dayString(n int) string { return dayTime(n).Format("2006-01-02") }

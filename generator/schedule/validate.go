package schedule

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
)

// Problem is something wrong in a Schedule, located by TOML table and key. To point at the line
// of a hall file, look the table up among the front matter's keys, e.g. with gongshi's
// source.NthLine(keys, p.Table, p.Index, p.Key), and print p.Error() there.
type Problem struct {
	Table string // the array of tables: "sessions", "sessions.exceptions" or "rota"
	Index int    // which table of that array, from 0 in file order; exceptions count across all sessions
	Key   string // the key in that table, "" for the table as a whole
	Path  string // the table for people: sessions[1], sessions[1].exceptions[0], rota[2]
	Msg   string // what is wrong and how to fix it
}

// Error returns the path and the message.
func (p Problem) Error() string { return p.Path + ": " + p.Msg }

// Validate checks a hall's schedule: each rule's fields (kind among kinds, freq, weekday, nth,
// day, time, duration, from/until), a rule that yields no date, themes for months without a
// session, exceptions for dates the rule does not produce or that neither cancel nor move,
// overlapping sessions (two occurrences of the hall's rules, or a moved session, at the same
// time), duplicate rule keys, and the rota (roles among roles, weeks, kinds). Nil kinds or roles
// accept any non-empty value. Problems come in the order of the file, overlaps and rota last.
func Validate[K, R ~string](s Schedule, kinds []K, roles []R) []Problem {
	var v validator
	var rules []*rule
	keys := map[string]int{}
	base := 0 // index of the session's first exception among all exceptions
	for i := range s.Sessions {
		r := &s.Sessions[i]
		add := v.at("sessions", i, fmt.Sprintf("sessions[%d]", i))
		c := compile(r, i, add)
		if r.Kind != "" && kinds != nil && !containsString(kinds, r.Kind) {
			add("kind", "unknown kind %q: use one of %s", r.Kind, join(kinds))
		}
		if c != nil {
			if other, dup := keys[c.key]; dup {
				add("id", "sessions[%d] has the same key %q: give one of them id = \"...\" to tell them apart", other, c.key)
			}
			keys[c.key] = i
			c.base = base
			c.checkSpan(add)
			c.checkThemes(add)
			rules = append(rules, c)
		}
		v.checkExceptions(r, c, i, base)
		base += len(r.Exceptions)
	}
	for i, a := range rules {
		v.checkOverlaps(a, nil)
		for _, b := range rules[i+1:] {
			v.checkOverlaps(a, b)
		}
	}
	for i, d := range s.Rota {
		checkDuty(d, s, kinds, roles, v.at("rota", i, fmt.Sprintf("rota[%d]", i)))
	}
	return v.problems
}

type validator struct {
	problems []Problem
	pairs    map[string]bool // overlaps reported, by the two paths
}

func (v *validator) at(table string, index int, path string) func(key, format string, args ...any) {
	return func(key, format string, args ...any) {
		v.problems = append(v.problems, Problem{Table: table, Index: index, Key: key, Path: path, Msg: fmt.Sprintf(format, args...)})
	}
}

// checkSpan reports a rule whose from/until leave no date.
func (c *rule) checkSpan(add func(key, format string, args ...any)) {
	if c.from == -noDay || c.until == noDay {
		return // open on one side: a valid rule always has dates
	}
	if c.until < c.from {
		add("until", "until %s is before from %s: swap them or correct one", dayString(c.until), dayString(c.from))
		return
	}
	found := false
	c.each(c.from, c.from+maxTries, func(int) { found = true })
	if found {
		return
	}
	add("from", "the rule yields no date between from %s and until %s (%s): widen the dates, or check weekday, nth and day",
		dayString(c.from), dayString(c.until), c.words(zh))
}

// checkThemes reports themes that are not "YYYY-MM" = "text" for a month the rule has a date in.
func (c *rule) checkThemes(add func(key, format string, args ...any)) {
	months := make([]string, 0, len(c.src.Themes))
	for m := range c.src.Themes {
		months = append(months, m)
	}
	sort.Strings(months)
	for _, m := range months {
		t, err := time.Parse("2006-01", m)
		if err != nil {
			add("themes", "themes: %q is not a month: write it as \"2022-08\"", m)
			continue
		}
		if strings.TrimSpace(c.src.Themes[m]) == "" {
			add("themes", "themes: the theme of %s is empty: write it, or remove the month", m)
		}
		found := false
		c.each(dayOf(t), dayOf(t.AddDate(0, 1, -1)), func(int) { found = true })
		if !found {
			add("themes", "themes: the rule has no session in %s (%s): remove the theme or correct the month", m, c.words(zh))
		}
	}
}

// checkExceptions checks the exceptions of rule r (c is nil when r itself is invalid).
func (v *validator) checkExceptions(r *Rule, c *rule, i, base int) {
	seen := map[int]int{}
	for j, e := range r.Exceptions {
		add := v.at("sessions.exceptions", base+j, fmt.Sprintf("sessions[%d].exceptions[%d]", i, j))
		switch {
		case e.Date.bad != "":
			add("date", "date %s", e.Date.bad)
		case e.Date.IsZero():
			add("date", "date is missing: add the date of the session it changes, date = 2022-10-05")
		default:
			n := civil(e.Date.Year, e.Date.Month, e.Date.Day)
			if other, dup := seen[n]; dup {
				add("date", "date %s has an exception already (exceptions[%d]): keep one of them", e.Date, other)
			} else if c != nil && !c.matches(n) {
				add("date", "%s", c.notADate(n))
			}
			seen[n] = j
		}
		switch {
		case e.Cancelled && !e.MovedTo.IsZero():
			add("moved_to", "an exception either cancels (cancelled = true) or moves (moved_to = ...) a session, not both: remove one")
		case !e.Cancelled && e.MovedTo.IsZero():
			add("", "the exception changes nothing: add cancelled = true, or moved_to = 2022-10-07T09:00:00")
		case e.MovedTo.Date.bad != "":
			add("moved_to", "moved_to %s", e.MovedTo.Date.bad)
		case c != nil && !e.MovedTo.IsZero() && e.Date.bad == "" && !e.Date.IsZero():
			n := civil(e.Date.Year, e.Date.Month, e.Date.Day)
			if _, ok := c.moved(n, &r.Exceptions[j], time.UTC); !ok && c.matches(n) {
				add("moved_to", "moved_to is the session's own date and time: remove the exception, or give the new date and time")
			}
		}
	}
}

// notADate explains why civil day n is not a date of the rule, with the nearest dates.
func (c *rule) notADate(n int) string {
	switch {
	case n < c.from:
		return fmt.Sprintf("date %s is before the rule's from %s: correct the date or from", dayString(n), dayString(c.from))
	case n > c.until:
		return fmt.Sprintf("date %s is after the rule's until %s: correct the date or until", dayString(n), dayString(c.until))
	}
	var near []string
	for d := n - 1; d >= n-maxTries; d-- {
		if c.matches(d) {
			near = append(near, dayString(d))
			break
		}
	}
	for d := n + 1; d <= n+maxTries; d++ {
		if c.matches(d) {
			near = append(near, dayString(d))
			break
		}
	}
	return fmt.Sprintf("date %s is not a session of this rule (%s): the nearest are %s",
		dayString(n), c.words(zh), strings.Join(near, " and "))
}

// span is the number of days checked for overlaps: 28 years, after which weekdays and dates
// repeat (between 1901 and 2099).
const span = 10227

// slot is an occurrence as checked for overlaps: start and end in Unix seconds of the wall
// clock, and where it comes from.
type slot struct {
	start, end int64
	src        int // index in the sources of checkOverlaps
}

// origin is a table that slots come from: a rule, or an exception that moves a session.
type origin struct {
	table      string
	index      int
	path, what string
}

// checkOverlaps reports overlapping sessions of rule a with rule b, or of a with itself when b is
// nil (a moved session on another of its dates). Rules are compared over the days they share, at
// most span days from the first, and around every moved session.
func (v *validator) checkOverlaps(a, b *rule) {
	rules := []*rule{a}
	lo, hi := a.from, a.until
	if b != nil {
		rules = append(rules, b)
		lo, hi = max(lo, b.from), min(hi, b.until)
	}
	switch {
	case b == nil:
		lo, hi = 0, -1 // no window: only around moved sessions
	case lo == -noDay && hi == noDay:
		lo = civil(2001, time.January, 1)
	case lo == -noDay:
		lo = hi - span
	}
	hi = min(hi, lo+span)
	var slots []slot
	var sources []origin
	days := [][2]int{{lo, hi}}
	for _, c := range rules {
		for n, j := range c.exceptions() {
			if o, ok := c.moved(n, &c.src.Exceptions[j], time.UTC); ok {
				slots = append(slots, slot{o.Start.Unix(), o.End.Unix(), len(sources)})
				sources = append(sources, origin{"sessions.exceptions", c.base + j,
					fmt.Sprintf("sessions[%d].exceptions[%d]", c.index, j), "moved to " + o.Start.Format("2006-01-02 15:04")})
				d := dayOf(o.Start)
				days = append(days, [2]int{d - 1, d + 1})
			}
		}
	}
	for _, c := range rules {
		exc := c.exceptions()
		src := len(sources)
		sources = append(sources, origin{"sessions", c.index, fmt.Sprintf("sessions[%d]", c.index), c.words(zh)})
		seen := map[int]bool{}
		for _, r := range days {
			c.each(r[0], r[1], func(n int) {
				if !seen[n] && !c.removed(n, exc) {
					seen[n] = true
					start := int64(n)*86400 + int64(c.hour*3600+c.min*60)
					slots = append(slots, slot{start, start + int64(c.dur/time.Second), src})
				}
			})
		}
	}
	slices.SortFunc(slots, func(x, y slot) int { return cmp.Or(cmp.Compare(x.start, y.start), cmp.Compare(x.src, y.src)) })
	for j := range slots {
		for i := j - 1; i >= 0 && slots[j].start-slots[i].start < 86400; i-- {
			if slots[i].end > slots[j].start {
				v.overlap(sources[slots[i].src], sources[slots[j].src], slots[j].start)
			}
		}
	}
}

// overlap reports two overlapping sessions once per pair of tables, at the moved session if
// there is one, else at the later rule. at is when the overlap begins, in Unix seconds of the
// wall clock.
func (v *validator) overlap(x, y origin, at int64) {
	if x.path == y.path {
		return // the same moved session seen twice; two dates of one rule cannot overlap
	}
	if x.path > y.path {
		x, y = y, x
	}
	if x.table == "sessions.exceptions" {
		x, y = y, x
	}
	if v.pairs == nil {
		v.pairs = map[string]bool{}
	}
	if k := x.path + "|" + y.path; !v.pairs[k] {
		v.pairs[k] = true
		key := ""
		if y.table == "sessions.exceptions" {
			key = "moved_to"
		}
		v.problems = append(v.problems, Problem{Table: y.table, Index: y.index, Key: key, Path: y.path, Msg: fmt.Sprintf(
			"%s overlaps %s (%s), first on %s: a hall holds one session at a time; change the day or time of one, or add an exception for that date",
			y.what, x.path, x.what, time.Unix(at, 0).UTC().Format("2006-01-02 15:04"))})
	}
}

// checkDuty checks one [[rota]] table.
func checkDuty[K, R ~string](d Duty, s Schedule, kinds []K, roles []R, add func(key, format string, args ...any)) {
	switch {
	case strings.TrimSpace(d.Role) == "":
		add("role", "role is missing: add role = \"mediator\" or another role")
	case roles != nil && !containsString(roles, d.Role):
		// The value is not repeated: a personal name in a role field must not reach the build log.
		add("role", "role is not a known role (the value is not shown: it may be a personal name): use one of %s", join(roles))
	}
	w := d.Weeks
	switch {
	case w.bad != "":
		add("weeks", "weeks %s: write weeks = \"all\", \"odd\", \"even\" or a list of ISO week numbers such as [1, 3, 5]", w.bad)
	case w.Every == "" && len(w.List) == 0:
		add("weeks", "weeks is missing: add weeks = \"all\", \"odd\", \"even\" or a list of ISO week numbers such as [1, 3, 5]")
	case w.Every != "" && w.Every != "all" && w.Every != "odd" && w.Every != "even":
		add("weeks", "weeks %q is not a choice of weeks: use \"all\", \"odd\", \"even\" or a list of ISO week numbers such as [1, 3, 5]", w.Every)
	}
	seen := map[int]bool{}
	for _, n := range w.List {
		if n < 1 || n > 53 {
			add("weeks", "weeks: %d is not an ISO week number: use numbers from 1 to 53", n)
		} else if seen[n] {
			add("weeks", "weeks: week %d is listed twice: remove one", n)
		}
		seen[n] = true
	}
	if d.Kind != "" {
		has := false
		for _, r := range s.Sessions {
			has = has || r.Kind == d.Kind
		}
		switch {
		case kinds != nil && !containsString(kinds, d.Kind):
			add("kind", "unknown kind %q: use one of %s, or remove kind to put the role on duty at every session", d.Kind, join(kinds))
		case !has:
			add("kind", "no session of this hall has kind %q: use the kind of one of its [[sessions]], or remove kind", d.Kind)
		}
	}
}

func containsString[T ~string](list []T, v string) bool {
	for _, x := range list {
		if string(x) == v {
			return true
		}
	}
	return false
}

func join[T ~string](list []T) string {
	s := make([]string, len(list))
	for i, x := range list {
		s[i] = string(x)
	}
	return strings.Join(s, ", ")
}

package schedule

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Date is a civil date, written in TOML as a local date: 2022-10-05.
type Date struct {
	Year  int
	Month time.Month
	Day   int
	bad   string // why the TOML value is not a date, reported by Validate
}

// IsZero reports whether the date is absent.
func (d Date) IsZero() bool { return d.Year == 0 && d.Month == 0 && d.Day == 0 && d.bad == "" }

// String formats the date as 2006-01-02.
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day) }

// UnmarshalTOML reads a TOML local date, or a string "2006-01-02".
func (d *Date) UnmarshalTOML(v any) error {
	*d = Date{}
	switch v := v.(type) {
	case time.Time:
		if zone, _ := v.Zone(); zone != "date-local" {
			d.bad = fmt.Sprintf("is not a plain date: write it as %s, without a time or offset", v.Format("2006-01-02"))
			return nil
		}
		d.Year, d.Month, d.Day = v.Date()
	case string:
		t, err := time.Parse("2006-01-02", v)
		if err != nil {
			d.bad = fmt.Sprintf("%q is not a date: write it as 2022-10-05", v)
			return nil
		}
		d.Year, d.Month, d.Day = t.Date()
	default:
		d.bad = fmt.Sprintf("%v is not a date: write it as 2022-10-05", v)
	}
	return nil
}

// DateTime is a civil date with an optional time of day, written in TOML as a local date-time
// (2022-10-07T09:00:00) or a local date (2022-10-07: the rule's time of day is kept).
type DateTime struct {
	Date    Date
	Hour    int
	Minute  int
	HasTime bool
}

// IsZero reports whether the value is absent.
func (t DateTime) IsZero() bool { return t.Date.IsZero() }

// UnmarshalTOML reads a TOML local date-time or local date.
func (t *DateTime) UnmarshalTOML(v any) error {
	*t = DateTime{}
	tv, ok := v.(time.Time)
	if !ok {
		t.Date.bad = fmt.Sprintf("%v is not a date-time: write it as 2022-10-07T09:00:00", v)
		return nil
	}
	switch zone, _ := tv.Zone(); zone {
	case "date-local":
		t.Date.Year, t.Date.Month, t.Date.Day = tv.Date()
	case "datetime-local":
		t.Date.Year, t.Date.Month, t.Date.Day = tv.Date()
		t.Hour, t.Minute, t.HasTime = tv.Hour(), tv.Minute(), true
		if tv.Second() != 0 || tv.Nanosecond() != 0 {
			t.Date.bad = "has seconds: sessions start on a whole minute"
		}
	default:
		t.Date.bad = fmt.Sprintf("has a time zone offset: write local time, %s", tv.Format("2006-01-02T15:04:05"))
	}
	return nil
}

// Clock is a time of day on the 24-hour clock, "09:00" or "9:00".
type Clock string

// UnmarshalTOML reads a string, or a TOML local time (09:00:00) on a whole minute. Anything else
// is kept as text for Validate to report.
func (c *Clock) UnmarshalTOML(v any) error {
	switch v := v.(type) {
	case string:
		*c = Clock(v)
	case time.Time:
		if zone, _ := v.Zone(); zone == "time-local" && v.Second() == 0 && v.Nanosecond() == 0 {
			*c = Clock(v.Format("15:04"))
		} else {
			*c = Clock(v.Format("15:04:05.999"))
		}
	default:
		*c = Clock(fmt.Sprint(v))
	}
	return nil
}

// Weeks says in which ISO weeks (time.Time.ISOWeek) a duty applies: every week, odd or even
// week numbers, or a list of week numbers that holds in every year. Note that a year with 53
// weeks has two odd weeks in a row (53 and 1).
type Weeks struct {
	Every string // "all", "odd" or "even"; empty when List is used
	List  []int  // ISO week numbers 1 to 53
	bad   string
}

// UnmarshalTOML reads "all", "odd", "even" or a list of integers.
func (w *Weeks) UnmarshalTOML(v any) error {
	*w = Weeks{}
	switch v := v.(type) {
	case string:
		w.Every = v
	case []any:
		for _, x := range v {
			n, ok := x.(int64)
			if !ok {
				w.bad = fmt.Sprintf("%v is not a week number", x)
				return nil
			}
			w.List = append(w.List, int(n))
		}
		if len(w.List) == 0 {
			w.bad = "is an empty list"
		}
	default:
		w.bad = fmt.Sprintf("%v is neither \"all\", \"odd\", \"even\" nor a list of week numbers", v)
	}
	return nil
}

// Has reports whether ISO week number week is one of w.
func (w Weeks) Has(week int) bool {
	switch w.Every {
	case "all":
		return true
	case "odd":
		return week%2 == 1
	case "even":
		return week%2 == 0
	}
	for _, n := range w.List {
		if n == week {
			return true
		}
	}
	return false
}

// clock parses a time of day "9:00" or "09:00" on the 24-hour clock.
func clock(s string) (hour, min int, ok bool) {
	h, m, found := strings.Cut(s, ":")
	if !found || len(h) < 1 || len(h) > 2 || len(m) != 2 || !digits(h) || !digits(m) {
		return 0, 0, false
	}
	hour, _ = strconv.Atoi(h)
	min, _ = strconv.Atoi(m)
	return hour, min, hour < 24 && min < 60
}

// validID reports whether s is lower-case letters, digits, '-' and '_', not starting with a
// punctuation mark.
func validID(s string) bool {
	for i, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || i > 0 && (r == '-' || r == '_')) {
			return false
		}
	}
	return s != ""
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

package site

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"gongshi/generator/config"
	"gongshi/generator/meetings"
	"gongshi/generator/privacy"
	"gongshi/generator/schedule"
)

// AgendaWeeks is how far ahead hall pages and the agenda list sessions.
const AgendaWeeks = 8

// Rule is a hall's regular session: Words says it in Chinese (每周三 9:00); the other fields let
// a theme say it in any language: weekly on Weekday, or monthly on day Day, or monthly on the
// Nth Weekday (-1: the last), at Clock (9:00).
type Rule struct {
	Words   string
	Title   string
	Kind    meetings.Kind
	Monthly bool
	Weekday time.Weekday
	Nth     int
	Day     int
	Clock   string
}

// rule returns the view of a hall's regular session.
func rule(r schedule.Rule) Rule {
	v := Rule{Words: r.Words(), Title: r.Title, Kind: meetings.Kind(r.Kind), Monthly: r.Freq == "monthly", Nth: r.Nth, Day: r.Day}
	for d := time.Sunday; d <= time.Saturday; d++ {
		if strings.EqualFold(d.String(), r.Weekday) {
			v.Weekday = d
		}
	}
	v.Clock = string(r.Time)
	if h, m, ok := strings.Cut(v.Clock, ":"); ok && len(m) >= 2 {
		v.Clock = strings.TrimLeft(h, "0") + ":" + m[:2]
		if strings.HasPrefix(v.Clock, ":") {
			v.Clock = "0" + v.Clock
		}
	}
	return v
}

// Session is a line of an agenda or a day of the calendar: a regular session from a hall's
// rules, a meeting from a notice or minutes file, or both (the notice written for a session).
type Session struct {
	Start    time.Time
	End      time.Time
	Hall     *Hall
	Kind     meetings.Kind
	Title    string
	Theme    string
	Status   string    // scheduled, held, cancelled, postponed, moved
	Original time.Time // the rule's date of a moved session
	Note     string
	Duty     []string // roles on duty
	Meeting  *Meeting // the meeting's page, nil for a regular session without a notice
	URL      string   // the meeting's page, else the hall's
}

// Month is a month view of the calendar.
type Month struct {
	Start      time.Time
	URL        string
	Weeks      [][7]Day
	Sessions   int
	Prev, Next *Month
}

// Day is a day of a month view.
type Day struct {
	Date     time.Time
	InMonth  bool
	Today    bool
	Sessions []*Session
}

// Measure is an agreed measure, tracked until done.
type Measure struct {
	What     string
	Owner    string
	Due      time.Time
	Done     bool
	DoneAt   time.Time
	Overdue  bool
	FollowUp []privacy.FollowUp
	Meeting  *Meeting
}

// When is when a meeting takes place: the new date of a postponed meeting, else its start.
func (m *Meeting) When() time.Time {
	if m.Status == meetings.Postponed && !m.PostponedTo.IsZero() {
		return m.PostponedTo
	}
	return m.Start
}

// Calendar is the URL of a hall's calendar file.
func (h *Hall) Calendar() string { return h.URL + "calendar.ics" }

// Feed is the URL of a hall's Atom feed of notices and minutes.
func (h *Hall) Feed() string { return "/feeds/halls/" + h.Slug + ".atom" }

// Feed is the URL of a community's Atom feed of meetings and resolved cases.
func (c *Community) Feed() string { return "/feeds/communities/" + c.Slug + ".atom" }

// Schedule is the hall's regular sessions, for calendars.
func (h *Hall) Schedule() schedule.Schedule { return h.schedule }

// ICS is the URL of a meeting's own calendar file ("add to calendar").
func (m *Meeting) ICS() string { return m.URL + "meeting.ics" }

// Print is the URL of a meeting's printable notice.
func (m *Meeting) Print() string { return m.URL + "print/" }

// calendar fills the agenda, the halls' next sessions and the month views.
func (s *Site) calendar(now time.Time) {
	loc := config.Location()
	from, to := now, now.AddDate(0, 0, 7*AgendaWeeks)
	occ := map[string][]schedule.Occurrence{}
	hallBySlug := map[string]*Hall{}
	for _, h := range s.Halls {
		hallBySlug[h.Slug] = h
		occ[h.Slug] = schedule.Occurrences(h.schedule, from, to, loc)
	}
	var notices []*Meeting
	for _, m := range s.Meetings {
		if w := m.When(); !w.Before(from) && w.Before(to) {
			notices = append(notices, m)
		}
	}
	entries := schedule.Merge(occ, notices, func(m *Meeting) (string, time.Time) { return m.Hall.Slug, m.When() })
	for i := range entries {
		e := &entries[i]
		ses := session(hallBySlug[e.Hall], e.Occurrence, e.Notice, e.HasNotice)
		s.Agenda = append(s.Agenda, ses)
		ses.Hall.Next = append(ses.Hall.Next, ses)
	}

	// Month views: from the first meeting's month to two months after now. Past months show the
	// meetings held; from this month on, the regular sessions too.
	if len(s.Meetings) == 0 {
		return
	}
	first := monthOf(s.Meetings[0].Start)
	last := monthOf(now).AddDate(0, 2, 0)
	if l := monthOf(s.Meetings[len(s.Meetings)-1].When()); l.After(last) {
		last = l
	}
	byDay := map[string][]*Session{}
	for _, m := range s.Meetings {
		ses := session(m.Hall, nil, m, true)
		byDay[ses.Start.Format("2006-01-02")] = append(byDay[ses.Start.Format("2006-01-02")], ses)
	}
	thisMonth := monthOf(now)
	occ = map[string][]schedule.Occurrence{}
	for _, h := range s.Halls {
		occ[h.Slug] = schedule.Occurrences(h.schedule, thisMonth, last.AddDate(0, 1, 0), loc)
	}
	for _, e := range schedule.Merge(occ, []*Meeting(nil), func(m *Meeting) (string, time.Time) { return "", time.Time{} }) {
		ses := session(hallBySlug[e.Hall], e.Occurrence, nil, false)
		if taken(byDay[ses.Start.Format("2006-01-02")], ses) {
			continue
		}
		byDay[ses.Start.Format("2006-01-02")] = append(byDay[ses.Start.Format("2006-01-02")], ses)
	}
	for m := first; !m.After(last); m = m.AddDate(0, 1, 0) {
		mv := &Month{Start: m, URL: fmt.Sprintf("/calendar/%s/", m.Format("2006-01"))}
		day := m.AddDate(0, 0, -((int(m.Weekday()) + 6) % 7)) // the Monday on or before the 1st
		for day.Before(m.AddDate(0, 1, 0)) {
			var week [7]Day
			for i := range week {
				key := day.Format("2006-01-02")
				list := byDay[key]
				sort.SliceStable(list, func(a, b int) bool { return list[a].Start.Before(list[b].Start) })
				week[i] = Day{Date: day, InMonth: day.Month() == m.Month(), Today: key == now.Format("2006-01-02")}
				if week[i].InMonth {
					week[i].Sessions = list
					mv.Sessions += len(list)
				}
				day = day.AddDate(0, 0, 1)
			}
			mv.Weeks = append(mv.Weeks, week)
		}
		if n := len(s.Months); n > 0 {
			mv.Prev, s.Months[n-1].Next = s.Months[n-1], mv
		}
		s.Months = append(s.Months, mv)
	}
}

// taken reports whether a meeting file already stands for a regular session on its day.
func taken(list []*Session, ses *Session) bool {
	for _, o := range list {
		if o.Hall == ses.Hall && o.Start.Equal(ses.Start) {
			return true
		}
	}
	return false
}

func session(h *Hall, o *schedule.Occurrence, m *Meeting, hasNotice bool) *Session {
	ses := &Session{Hall: h, URL: h.URL}
	if o != nil {
		ses.Start, ses.End, ses.Kind, ses.Title, ses.Theme = o.Start, o.End, meetings.Kind(o.Kind), o.Title, o.Theme
		ses.Status, ses.Original, ses.Note, ses.Duty = string(o.Status), o.Original, o.Note, o.Duty
	}
	if hasNotice && m != nil {
		ses.Start, ses.End, ses.Kind, ses.Title = m.When(), m.End, m.Kind, m.Title
		ses.Status, ses.Meeting, ses.URL = string(m.Status), m, m.URL
	}
	return ses
}

func monthOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, t.Location())
}

// measures lists every agreed measure (overdue first, then open by due date, then done by date)
// and each hall's open ones.
func (s *Site) measures() {
	for _, m := range s.Meetings {
		s.Measures = append(s.Measures, m.Measures...)
	}
	rank := func(x *Measure) int {
		switch {
		case x.Overdue:
			return 0
		case !x.Done:
			return 1
		}
		return 2
	}
	sort.SliceStable(s.Measures, func(i, j int) bool {
		a, b := s.Measures[i], s.Measures[j]
		if rank(a) != rank(b) {
			return rank(a) < rank(b)
		}
		if rank(a) == 2 {
			return a.DoneAt.After(b.DoneAt)
		}
		return a.Due.Before(b.Due)
	})
	for _, x := range s.Measures {
		if !x.Done {
			x.Meeting.Hall.Measures = append(x.Meeting.Hall.Measures, x)
			x.Meeting.Hall.Community.Measures = append(x.Meeting.Hall.Community.Measures, x)
		}
	}
}

// ThisMonth is the month view of the month of the build date, if there is one.
func (s *Site) ThisMonth() *Month {
	for _, m := range s.Months {
		if m.Start.Year() == s.Now.Year() && m.Start.Month() == s.Now.Month() {
			return m
		}
	}
	if len(s.Months) > 0 {
		return s.Months[len(s.Months)-1]
	}
	return nil
}

package render

import (
	"strings"
	"time"

	"gongshi/generator/config"
	"gongshi/generator/ical"
	"gongshi/generator/meetings"
	"gongshi/generator/schedule"
	"gongshi/generator/site"
	"gongshi/generator/theme"
)

// abs makes a site path absolute with the base URL.
func abs(s *site.Site, path string) string {
	return strings.TrimSuffix(s.BaseURL, "/") + path
}

// meetingEvent is the calendar event of one meeting file. UIDs are the page's absolute URL (a
// regular session's: the hall's URL and the rule's key): unique, stable, and not in the
// user@host form that reads like an e-mail address.
func meetingEvent(s *site.Site, th *theme.Theme, m *site.Meeting) ical.Event {
	e := ical.Event{
		UID: abs(s, m.URL), Stamp: m.Updated, Sequence: m.Sequence,
		Start: m.When(), End: m.End, Summary: m.Title,
		Description: strings.Join(append([]string{th.T("kind."+string(m.Kind)) + "｜" + m.Hall.Name}, m.Agenda...), "\n"),
		Location:    m.Hall.Name + "，" + m.Hall.Address, URL: abs(s, m.URL), Status: ical.Confirmed,
	}
	if e.Stamp.IsZero() {
		e.Stamp = m.Start
	}
	if !m.End.IsZero() && m.When() != m.Start {
		e.End = m.When().Add(m.End.Sub(m.Start)) // a postponed meeting keeps its length
	}
	switch m.Status {
	case meetings.Cancelled:
		e.Status = ical.Cancelled
	case meetings.Postponed:
		if m.PostponedTo.IsZero() {
			e.Status = ical.Tentative
		}
		if e.Sequence == 0 {
			e.Sequence = 1 // a change of date must supersede the copy calendars hold
		}
	}
	if !e.End.IsZero() && !e.End.After(e.Start) {
		e.End = time.Time{}
	}
	return e
}

// hallEvents are a hall's regular sessions as recurring events, plus its meeting files. A
// session that has a meeting file of its own is left out of the series (EXDATE), so no
// calendar shows it twice.
func hallEvents(s *site.Site, th *theme.Theme, h *site.Hall) []ical.Event {
	var events []ical.Event
	files := map[int64]bool{}
	for _, m := range append(append([]*site.Meeting(nil), h.Past...), h.Upcoming...) {
		events = append(events, meetingEvent(s, th, m))
		files[m.Start.Unix()] = true
		files[m.When().Unix()] = true
	}
	loc := config.Location()
	for _, sr := range h.Schedule().Series(s.Now, loc) {
		title := sr.Title
		if title == "" {
			title = th.T("kind." + sr.Kind)
		}
		e := ical.Event{
			UID: abs(s, h.URL) + "#" + sr.Key, Stamp: sr.Start, Start: sr.Start, End: sr.End,
			Summary: title, Description: th.T("kind."+sr.Kind) + "｜" + h.Name, Location: h.Name + "，" + h.Address,
			URL: abs(s, h.URL), Status: ical.Confirmed, RRule: sr.RRule, ExDates: sr.ExDates,
		}
		end := s.Now.AddDate(1, 0, 0)
		for _, o := range schedule.Occurrences(h.Schedule(), sr.Start, end, loc) {
			if o.Rule == sr.Rule && files[o.Original.Unix()] {
				e.ExDates = append(e.ExDates, o.Original)
			}
		}
		events = append(events, e)
		for _, mv := range sr.Moved {
			if files[mv.Original.Unix()] {
				continue
			}
			events = append(events, ical.Event{
				UID: e.UID, Stamp: e.Stamp, Sequence: 1, Start: mv.Start, End: mv.End, RecurrenceID: mv.Original,
				Summary: title, Description: mv.Note, Location: e.Location, URL: e.URL, Status: ical.Confirmed,
			})
		}
	}
	return events
}

// writeCalendars writes calendar.ics (all halls), halls/SLUG/calendar.ics and, for every
// meeting, meetings/ID/meeting.ics ("add to calendar").
func writeCalendars(s *site.Site, th *theme.Theme, w Writer) error {
	var all []ical.Event
	for _, h := range s.Halls {
		events := hallEvents(s, th, h)
		all = append(all, events...)
		data, err := ical.Marshal(ical.Calendar{Name: h.Name, Description: s.Title, URL: abs(s, h.Calendar()), Events: events})
		if err != nil {
			return err
		}
		if err := w.Write(strings.TrimPrefix(h.Calendar(), "/"), data); err != nil {
			return err
		}
	}
	data, err := ical.Marshal(ical.Calendar{Name: s.Title, URL: abs(s, "/calendar.ics"), Events: all})
	if err != nil {
		return err
	}
	if err := w.Write("calendar.ics", data); err != nil {
		return err
	}
	for _, m := range s.Meetings {
		data, err := ical.Marshal(ical.Calendar{Name: m.Title, Events: []ical.Event{meetingEvent(s, th, m)}})
		if err != nil {
			return err
		}
		if err := w.Write(strings.TrimPrefix(m.ICS(), "/"), data); err != nil {
			return err
		}
	}
	return nil
}

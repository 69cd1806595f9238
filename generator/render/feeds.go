package render

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"gongshi/generator/atom"
	"gongshi/generator/site"
	"gongshi/generator/theme"
)

// FeedSize is how many entries a feed holds.
const FeedSize = 50

func meetingEntry(s *site.Site, th *theme.Theme, m *site.Meeting) atom.Entry {
	updated := m.Updated
	if updated.IsZero() {
		updated = m.Start
	}
	kind := th.T("kind." + string(m.Kind))
	return atom.Entry{
		ID: abs(s, m.URL), Title: m.Title, Link: abs(s, m.URL), Updated: updated,
		Summary:    fmt.Sprintf("%s｜%s｜%s %s", th.T("mstatus."+string(m.Status)), kind, m.Hall.Name, m.When().Format("2006-01-02 15:04")),
		Categories: []atom.Category{{Term: string(m.Kind), Label: kind}},
	}
}

// caseEntry is a resolved case; its time is the first day of the month (or quarter) it closed,
// as precise as the case page, never the day or hour.
func caseEntry(s *site.Site, c *site.Case) atom.Entry {
	closed := time.Date(c.Closed.Year(), c.Closed.Month(), 1, 0, 0, 0, 0, c.Closed.Location())
	if c.ByQuarter {
		closed = time.Date(c.Closed.Year(), time.Month((int(c.Closed.Month())-1)/3*3+1), 1, 0, 0, 0, 0, c.Closed.Location())
	}
	return atom.Entry{
		ID: abs(s, c.URL), Title: c.Category.Name + " · " + c.Subcategory + "（" + c.Community.Name + "）",
		Link: abs(s, c.URL), Updated: closed, Summary: c.Summary + "\n" + c.Resolution,
		Categories: []atom.Category{{Term: c.Category.Slug, Label: c.Category.Name}},
	}
}

// newest sorts entries newest first (ties by id) and keeps FeedSize of them.
func newest(es []atom.Entry) []atom.Entry {
	sort.SliceStable(es, func(i, j int) bool {
		if !es[i].Updated.Equal(es[j].Updated) {
			return es[i].Updated.After(es[j].Updated)
		}
		return es[i].ID < es[j].ID
	})
	if len(es) > FeedSize {
		es = es[:FeedSize]
	}
	return es
}

// writeFeeds writes the Atom feeds: meetings (notices and minutes), resolved cases, and one per
// hall and per community.
func writeFeeds(s *site.Site, th *theme.Theme, w Writer) error {
	author := atom.Person{Name: s.Title, URI: abs(s, "/")}
	feed := func(path, title, alternate string, entries []atom.Entry) error {
		data, err := atom.Marshal(atom.Feed{ID: abs(s, path), Title: title, Lang: s.Lang, Self: abs(s, path),
			Alternate: abs(s, alternate), Author: author, Entries: newest(entries), Updated: s.Now})
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		return w.Write(strings.TrimPrefix(path, "/"), data)
	}
	var ms []atom.Entry
	for _, m := range s.Meetings {
		ms = append(ms, meetingEntry(s, th, m))
	}
	if err := feed("/feeds/meetings.atom", s.Title+" · 会议通知与纪要", "/meetings/", ms); err != nil {
		return err
	}
	var cs []atom.Entry
	for _, c := range site.RecentlyClosed(s.Cases, FeedSize) {
		cs = append(cs, caseEntry(s, c))
	}
	if err := feed("/feeds/cases.atom", s.Title+" · 新近办结的工单", "/cases/", cs); err != nil {
		return err
	}
	for _, h := range s.Halls {
		var es []atom.Entry
		for _, m := range append(append([]*site.Meeting(nil), h.Past...), h.Upcoming...) {
			es = append(es, meetingEntry(s, th, m))
		}
		if err := feed(h.Feed(), h.Name+" · 会议通知与纪要", h.URL, es); err != nil {
			return err
		}
	}
	for _, c := range s.Communities {
		var es []atom.Entry
		for _, m := range append(append([]*site.Meeting(nil), c.Past...), c.Upcoming...) {
			es = append(es, meetingEntry(s, th, m))
		}
		for _, x := range c.Recent {
			es = append(es, caseEntry(s, x))
		}
		if err := feed(c.Feed(), c.Name+" · 会议与办结工单", c.URL, es); err != nil {
			return err
		}
	}
	return nil
}

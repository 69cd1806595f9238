// Package privacy is the only route from raw records to what may be published.
//
// It turns cases.Record into Case and the meetings package's halls, meetings and pages into Hall,
// Meeting and Page. These public types carry only publishable fields, and every free-text field
// in them has passed the Guard. Later stages (stats, site, render) accept only these types, so
// raw data cannot reach a template without a compile error. Caller identity never gets this far:
// package cases drops it while reading.
package privacy

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"gongshi/generator/cases"
	"gongshi/generator/config"
	"gongshi/generator/meetings"
	"gongshi/generator/schedule"
	"gongshi/generator/source"
)

// Case is a case as it may be published or counted.
type Case struct {
	ID          string // the export's ticket number: for links between cases and meetings only
	Ref         string // the identifier published for the case: ID, or a keyed hash of it
	ReceivedAt  time.Time
	RespondedAt time.Time
	ClosedAt    time.Time

	Community   *config.Community
	Grid        string
	Category    *config.Category
	Subcategory string

	Channel    cases.Channel
	Status     cases.Status
	Method     cases.Method
	Collective bool

	Summary    string // passed the guard
	Resolution string // passed the guard

	Surveyed        bool
	Solved          cases.Answer
	Satisfaction    cases.Satisfaction
	RespondedInTime cases.Answer

	Meeting string

	// Published says the case gets a page of its own; the others count in statistics only,
	// for the reason in Held.
	Published bool
	Held      string
	// Period is the granularity of the dates shown on the case page: ByMonth or ByQuarter.
	Period string
}

// Closed reports whether the case has a closing time.
func (c *Case) Closed() bool { return !c.ClosedAt.IsZero() }

// Hall is a hall as it may be published.
type Hall struct {
	Name         string
	Slug         string
	Community    *config.Community
	Address      string
	SizeM2       float64
	OpeningHours string
	Schedule     schedule.Schedule // titles, themes and notes passed the guard
	Body         string            // Markdown, passed the guard
	BodyPos      source.Pos
}

// Meeting is a meeting as it may be published.
type Meeting struct {
	ID          string
	Hall        *Hall
	Kind        meetings.Kind
	Title       string
	Start       time.Time
	End         time.Time
	Status      meetings.Status
	PostponedTo time.Time
	Sequence    int
	Updated     time.Time
	NoticedAt   time.Time
	Topic       string
	Agenda      []string
	Attendance  int
	Cases       []string
	Parties     []meetings.Party
	Measures    []Measure
	Body        string // Markdown, passed the guard
	BodyPos     source.Pos
}

// Measure is an agreed measure as it may be published.
type Measure struct {
	What     string
	Owner    string
	Due      time.Time
	Done     bool
	DoneAt   time.Time
	FollowUp []FollowUp
}

// FollowUp is a dated note on a measure.
type FollowUp struct {
	Date time.Time
	Note string
}

// Page is a free page as it may be published.
type Page struct {
	Title   string
	Slug    string
	Weight  int
	Body    string // Markdown, passed the guard
	BodyPos source.Pos
}

// Cases turns records into public cases, passing their free text through g. It decides which
// cases get a page of their own (resolved, not of a sensitive category, k-anonymous with k from
// site.toml) and at which granularity their dates are shown.
//
// ref gives the published identifier of a ticket number (see IDs); it is called from several
// goroutines at once.
func Cases(g *Guard, recs []cases.Record, k int, ref func(string) string) []Case {
	out := make([]Case, len(recs))
	// The records are passed in blocks on every core at once, each block through a guard of
	// its own whose findings are then added to g in block order: g ends as one pass in record
	// order would leave it.
	const block = 1024
	guards := make([]*Guard, (len(recs)+block-1)/block)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(guards)) {
		wg.Go(func() {
			for b := int(next.Add(1) - 1); b < len(guards); b = int(next.Add(1) - 1) {
				bg := g.Fresh()
				for i := b * block; i < min((b+1)*block, len(recs)); i++ {
					out[i] = public(bg, &recs[i], ref)
				}
				guards[b] = bg
			}
		})
	}
	wg.Wait()
	g.mu.Lock()
	for _, bg := range guards {
		g.findings = append(g.findings, bg.findings...)
	}
	g.mu.Unlock()
	applyKAnonymity(out, k)
	return out
}

// public is the public form of r, before k-anonymity, its free text passed through g.
func public(g *Guard, r *cases.Record, ref func(string) string) Case {
	c := Case{
		ID: r.ID, Ref: ref(r.ID), ReceivedAt: r.ReceivedAt, RespondedAt: r.RespondedAt, ClosedAt: r.ClosedAt,
		Community: r.Community, Grid: r.Grid, Category: r.Category, Subcategory: r.Subcategory,
		Channel: r.Channel, Status: r.Status, Method: r.Method, Collective: r.Collective,
		Summary:    g.Field(r.Pos.At("summary"), "summary", r.Summary),
		Resolution: g.Field(r.Pos.At("resolution"), "resolution", r.Resolution),
		Surveyed:   r.Surveyed, Solved: r.Solved, Satisfaction: r.Satisfaction,
		RespondedInTime: r.RespondedInTime, Meeting: r.Meeting,
		Period: ByMonth,
	}
	if why := hold(r); why != "" {
		c.Held = why
	} else {
		c.Published = true
	}
	return c
}

// Content turns halls, meetings and pages into their public forms, passing every text field
// through g. Meetings whose publish_at is after now are left out.
func Content(g *Guard, set *meetings.Set, now time.Time) ([]*Hall, []*Meeting, []*Page) {
	halls := make([]*Hall, len(set.Halls))
	bySlug := map[string]*Hall{}
	for i, h := range set.Halls {
		sched := guardSchedule(g, h)
		halls[i] = &Hall{
			Name: g.Field(h.At("name"), "name", h.Name), Slug: h.Slug, Community: h.Community,
			Address: g.Field(h.At("address"), "address", h.Address), SizeM2: h.SizeM2,
			OpeningHours: g.Field(h.At("opening_hours"), "opening_hours", h.OpeningHours), Schedule: sched,
			Body: g.Text(h.Body.Pos, h.Body.Text), BodyPos: h.Body.Pos,
		}
		bySlug[h.Slug] = halls[i]
	}
	ms := make([]*Meeting, 0, len(set.Meetings))
	for _, m := range set.Meetings {
		if !m.PublishAt.IsZero() && now.Before(m.PublishAt) {
			continue // scheduled publishing: not yet
		}
		parties := make([]meetings.Party, len(m.Parties))
		for j, p := range m.Parties {
			p.Org = g.Field(m.At("parties.org"), "parties.org", p.Org)
			parties[j] = p
		}
		agenda := make([]string, len(m.Agenda))
		for j, a := range m.Agenda {
			agenda[j] = g.Field(m.At("agenda"), "agenda", a)
		}
		measures := make([]Measure, len(m.Measures))
		for j := range m.Measures {
			x := &m.Measures[j]
			pm := Measure{What: g.Field(m.At("measures"), "measures.what", x.What),
				Owner: g.Field(m.At("measures"), "measures.owner", x.Owner), Due: x.DueDate(),
				Done: x.Status == meetings.MeasureDone, DoneAt: x.DoneDate()}
			for k := range x.FollowUp {
				f := &x.FollowUp[k]
				pm.FollowUp = append(pm.FollowUp, FollowUp{Date: f.Day(), Note: g.Field(m.At("measures"), "measures.follow_up.note", f.Note)})
			}
			measures[j] = pm
		}
		ms = append(ms, &Meeting{
			ID: m.ID, Hall: bySlug[m.Hall.Slug], Kind: m.Kind, Title: g.Field(m.At("title"), "title", m.Title),
			Start: m.Start, End: m.End, Status: m.Status, PostponedTo: m.PostponedTo, Sequence: m.Sequence,
			Updated: m.Updated, NoticedAt: m.NoticedAt, Topic: g.Field(m.At("topic"), "topic", m.Topic), Agenda: agenda,
			Attendance: m.Attendance, Cases: m.Cases, Parties: parties, Measures: measures,
			Body: g.Text(m.Body.Pos, m.Body.Text), BodyPos: m.Body.Pos,
		})
	}
	pages := make([]*Page, len(set.Pages))
	for i, p := range set.Pages {
		pages[i] = &Page{Title: g.Field(p.At("title"), "title", p.Title), Slug: p.Slug, Weight: p.Weight,
			Body: g.Text(p.Body.Pos, p.Body.Text), BodyPos: p.Body.Pos}
	}
	return halls, ms, pages
}

// guardSchedule passes the free text of a hall's schedule through g: session titles, themes,
// exception notes and rota notes.
func guardSchedule(g *Guard, h *meetings.Hall) schedule.Schedule {
	s := h.Schedule
	s.Sessions = append([]schedule.Rule(nil), s.Sessions...)
	for i := range s.Sessions {
		r := &s.Sessions[i]
		r.Title = g.Field(h.At("sessions.title"), "sessions.title", r.Title)
		if len(r.Themes) > 0 {
			themes := make(map[string]string, len(r.Themes))
			for k, v := range r.Themes {
				themes[k] = g.Field(h.At("sessions.themes"), "sessions.themes", v)
			}
			r.Themes = themes
		}
		r.Exceptions = append([]schedule.Exception(nil), r.Exceptions...)
		for j := range r.Exceptions {
			r.Exceptions[j].Note = g.Field(h.At("sessions.exceptions"), "sessions.exceptions.note", r.Exceptions[j].Note)
		}
	}
	s.Rota = append([]schedule.Duty(nil), s.Rota...)
	for i := range s.Rota {
		s.Rota[i].Note = g.Field(h.At("rota"), "rota.note", s.Rota[i].Note)
	}
	return s
}

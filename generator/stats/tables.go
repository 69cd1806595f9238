package stats

import (
	"sort"
	"time"

	"gongshi/generator/cases"
	"gongshi/generator/config"
	"gongshi/generator/meetings"
	"gongshi/generator/privacy"
)

// Row is one row of a table: the figures of the cases that share Key.
type Row struct {
	Key     string
	Figures Figures
}

// MeetingRow counts meetings of one kind.
type MeetingRow struct {
	Kind  meetings.Kind
	Held  int
	Cases int // cases settled through meetings of this kind
}

// Site holds every figure of the site.
type Site struct {
	Now      time.Time
	From, To time.Time // the 12-month window of the headline figures
	First    time.Time // first and last month with cases
	Last     time.Time

	Headline     Figures // the 12-month window, whole district
	MeetingsHeld int     // in the 12-month window
	All          Figures // all cases, whole district

	ByMonth     []Row // key 2006-01
	ByCommunity []Row // key community slug, in site.toml order
	ByCategory  []Row // key category slug, in site.toml order
	ByChannel   []Row // key channel
	ByMethod    []Row // key method
	ByStatus    []Row // key status
	Meetings    []MeetingRow
}

// Compute derives the figures of the site from all public cases and meetings.
func Compute(cs []privacy.Case, ms []*privacy.Meeting, cfg *config.Config, now time.Time) *Site {
	o := Options{K: cfg.Privacy.K, Weight: cfg.Stats.BasicallySatisfiedWeight}
	s := &Site{Now: now}
	s.From, s.To = Window(now)
	var head, all Counts
	month := map[string]*Counts{}
	var months []string
	group := func(keys []string) map[string]*Counts {
		m := make(map[string]*Counts, len(keys))
		for _, k := range keys {
			m[k] = &Counts{}
		}
		return m
	}
	var cmKeys, catKeys, chKeys, meKeys, stKeys []string
	for _, c := range cfg.Communities {
		cmKeys = append(cmKeys, c.Slug)
	}
	for _, c := range cfg.Categories {
		catKeys = append(catKeys, c.Slug)
	}
	for _, c := range cases.Channels {
		chKeys = append(chKeys, string(c))
	}
	for _, m := range cases.Methods {
		meKeys = append(meKeys, string(m))
	}
	for _, m := range cases.Statuses {
		stKeys = append(stKeys, string(m))
	}
	byCm, byCat, byCh, byMe, bySt := group(cmKeys), group(catKeys), group(chKeys), group(meKeys), group(stKeys)
	for i := range cs {
		c := &cs[i]
		all.Add(c)
		if !c.ReceivedAt.Before(s.From) && c.ReceivedAt.Before(s.To) {
			head.Add(c)
		}
		mk := c.ReceivedAt.Format("2006-01")
		mc := month[mk]
		if mc == nil {
			mc = &Counts{}
			month[mk] = mc
			months = append(months, mk)
		}
		mc.Add(c)
		byCm[c.Community.Slug].Add(c)
		byCat[c.Category.Slug].Add(c)
		byCh[string(c.Channel)].Add(c)
		byMe[string(c.Method)].Add(c)
		bySt[string(c.Status)].Add(c)
	}
	s.Headline = head.Figures(o, true)
	s.All = all.Figures(o, true)
	sort.Strings(months)
	if len(months) > 0 {
		s.First, _ = time.ParseInLocation("2006-01", months[0], now.Location())
		s.Last, _ = time.ParseInLocation("2006-01", months[len(months)-1], now.Location())
	}
	// Months and channels cover the whole district; communities and categories are below it.
	s.ByMonth = rows(month, months, o, true)
	s.ByCommunity = rows(byCm, cmKeys, o, false)
	s.ByCategory = rows(byCat, catKeys, o, false)
	s.ByChannel = rows(byCh, chKeys, o, true)
	s.ByMethod = rows(byMe, meKeys, o, true)
	s.ByStatus = rows(bySt, stKeys, o, true)

	perKind := map[meetings.Kind]*MeetingRow{}
	for _, k := range meetings.Kinds {
		perKind[k] = &MeetingRow{Kind: k}
		s.Meetings = append(s.Meetings, MeetingRow{})
	}
	for _, m := range ms {
		if m.Status != meetings.Held {
			continue
		}
		perKind[m.Kind].Held++
		perKind[m.Kind].Cases += len(m.Cases)
		if !m.Start.Before(s.From) && m.Start.Before(s.To) {
			s.MeetingsHeld++
		}
	}
	for i, k := range meetings.Kinds {
		s.Meetings[i] = *perKind[k]
	}
	return s
}

// Of returns the published figures of a subset of cases below district level, such as one
// community's.
func Of(cs []*privacy.Case, cfg *config.Config) Figures {
	var c Counts
	for _, x := range cs {
		c.Add(x)
	}
	return c.Figures(Options{K: cfg.Privacy.K, Weight: cfg.Stats.BasicallySatisfiedWeight}, false)
}

func rows(m map[string]*Counts, keys []string, o Options, district bool) []Row {
	out := make([]Row, 0, len(keys))
	for _, k := range keys {
		out = append(out, Row{Key: k, Figures: m[k].Figures(o, district)})
	}
	return out
}

package stats

import (
	"sort"
	"time"

	"gongshi/generator/cases"
	"gongshi/generator/config"
	"gongshi/generator/meetings"
	"gongshi/generator/privacy"
	"gongshi/generator/sdc"
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
	Facets      Facets // the counts of the browse pages (facets.go)
}

// Compute derives the figures of the site from all public cases and meetings. It fails only when
// the suppression cannot be made safe (an sdc.AuditError: exit code 4).
func Compute(cs []privacy.Case, ms []*privacy.Meeting, cfg *config.Config, now time.Time) (*Site, error) {
	o := Options{K: cfg.Privacy.K, Weight: cfg.Stats.BasicallySatisfiedWeight}
	s := &Site{Now: now}
	s.From, s.To = Window(now)

	newAreas := func(prefix string, keys []string, level sdc.Level) ([]*area, map[string]*area) {
		list := make([]*area, len(keys))
		m := make(map[string]*area, len(keys))
		for i, k := range keys {
			list[i] = &area{key: prefix + "=" + k, counts: &Counts{}, level: level}
			m[k] = list[i]
		}
		return list, m
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
	whole := &area{key: "all", counts: &Counts{}, level: sdc.Street}
	head := &area{key: "window", counts: &Counts{}, level: sdc.Street}
	cmList, byCm := newAreas("community", cmKeys, sdc.Community)
	catList, byCat := newAreas("category", catKeys, sdc.Street)
	for i, c := range cfg.Categories {
		catList[i].sensitive = c.Sensitive
	}
	chList, byCh := newAreas("channel", chKeys, sdc.Street)
	meList, byMe := newAreas("method", meKeys, sdc.Street)
	stList, bySt := newAreas("status", stKeys, sdc.Street)
	byMonth := map[string]*area{}
	for i := range cs {
		c := &cs[i]
		whole.counts.Add(c)
		if !c.ReceivedAt.Before(s.From) && c.ReceivedAt.Before(s.To) {
			head.counts.Add(c)
		}
		mk := c.ReceivedAt.Format("2006-01")
		if byMonth[mk] == nil {
			byMonth[mk] = &area{key: "month=" + mk, counts: &Counts{}, level: sdc.Street}
		}
		byMonth[mk].counts.Add(c)
		byCm[c.Community.Slug].counts.Add(c)
		byCat[c.Category.Slug].counts.Add(c)
		byCh[string(c.Channel)].counts.Add(c)
		byMe[string(c.Method)].counts.Add(c)
		bySt[string(c.Status)].counts.Add(c)
	}
	months := make([]string, 0, len(byMonth))
	for m := range byMonth {
		months = append(months, m)
	}
	sort.Strings(months)
	monthList := make([]*area, len(months))
	for i, m := range months {
		monthList[i] = byMonth[m]
	}
	period := "none"
	if len(months) > 0 {
		s.First, _ = time.ParseInLocation("2006-01", months[0], now.Location())
		s.Last, _ = time.ParseInLocation("2006-01", months[len(months)-1], now.Location())
		period = months[0] + ".." + months[len(months)-1]
	}
	facets := newFacetAreas(cs, cfg, months)
	hidden, err := suppression(period, whole, [][]*area{cmList, catList, monthList, chList, meList, stList},
		[]*area{head}, o.K, facets.links(cmList, catList, byMonth)...)
	if err != nil {
		return nil, err
	}
	figures := func(a *area) Figures {
		return a.counts.figures(o, func(m string) bool { return hidden[sdc.CellID(a.key+"/"+m)] })
	}
	rows := func(list []*area, keys []string) []Row {
		out := make([]Row, len(list))
		for i, a := range list {
			out[i] = Row{Key: keys[i], Figures: figures(a)}
		}
		return out
	}
	s.Headline = figures(head)
	s.All = figures(whole)
	s.ByMonth = rows(monthList, months)
	s.ByCommunity = rows(cmList, cmKeys)
	s.ByCategory = rows(catList, catKeys)
	s.ByChannel = rows(chList, chKeys)
	s.ByMethod = rows(meList, meKeys)
	s.ByStatus = rows(stList, stKeys)
	s.Facets = facets.facets(hidden)

	perKind := map[meetings.Kind]*MeetingRow{}
	for _, k := range meetings.Kinds {
		perKind[k] = &MeetingRow{Kind: k}
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
	for _, k := range meetings.Kinds {
		s.Meetings = append(s.Meetings, *perKind[k])
	}
	return s, nil
}

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
	Kind   meetings.Kind
	Held   int
	Hidden bool // Held is a small count, or would give one away (meetings.go)
	Cases  int  // cases settled through meetings of this kind
}

// Site holds every figure of the site.
type Site struct {
	Now      time.Time
	From, To time.Time // the 12-month window of the headline figures
	First    time.Time // first and last month with cases
	Last     time.Time
	// Partial is the last month of ByMonth (2006-01) when it is not over on the build date:
	// its figures cover its days up to the build date, and must not be compared with a whole
	// month's. Empty when every month is complete.
	Partial string

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

	// ByHandling compares the cases settled through a meeting of any kind (key "meeting") with
	// those handled directly (key "direct", the same figures as ByMethod's direct row), all time.
	ByHandling []Row
	// Rankings rank the communities by each of RankedDefs (rank.go), from ByCommunity.
	Rankings []Ranking
	// MeetingsByKind and MeetingsByHall count the meetings held per month; LeadTime is the
	// notice lead time, of all meetings held and of each kind (meetings.go).
	MeetingsByKind MeetingGrid
	MeetingsByHall MeetingGrid
	LeadTime       []LeadRow

	// ByCommunityMonth is the community × month table of the cases received: its rows are the
	// communities of ByCommunity, its columns the months of ByMonth. Its cells are counts of
	// the same suppression as every other published count, linked to both margins (a
	// community's received, a month's received), so that no hidden cell can be recomputed from
	// the rows, the columns or the other tables.
	ByCommunityMonth Grid

	// BySubcategory breaks down each category with subcategories in site.toml by subcategory:
	// key category slug "." subcategory name, or "." NoSub for its cases without one, in
	// site.toml order; a category's rows sum to its row of ByCategory (an equation of the
	// suppression). Counts over the whole street, sensitive categories included (SPEC §7.1:
	// their floor is community level).
	BySubcategory []Row
	// ByGrid counts the cases received of non-sensitive categories by grid (SPEC §7.1:
	// sensitive categories never below community level): per community in site.toml order, key
	// community slug "." grid name for each of its grids, "." NoGrid for its cases without a
	// grid and "." GridTotal for all of them (its non-sensitive cases, the sum of its grid rows),
	// then "." GridSens, its cases of sensitive categories (community level: GridTotal and
	// GridSens sum to the community's cases received); the last row, key "all", is every case
	// received of a non-sensitive category. The grid
	// cells are of level sdc.Grid; each community's total is linked to its grids, to its
	// community × category counts of the browse pages, and with the other communities to the
	// non-sensitive categories' rows.
	ByGrid []GridRow

	// Ledger is the published-values ledger after this build (ComputeLedger); nil without one.
	Ledger *sdc.Ledger
}

// GridRow is a row of ByGrid: the cases received.
type GridRow struct {
	Key      string
	Received Count
}

// Grid is a two-way table of counts: Cells[i][j] is the count of row Rows[i] in column Cols[j].
type Grid struct {
	Rows  []string // community slugs, in site.toml order
	Cols  []string // months, 2006-01
	Cells [][]Count
}

// Compute derives the figures of the site from all public cases and meetings. It fails only when
// the suppression cannot be made safe (an sdc.AuditError: exit code 4).
func Compute(cs []privacy.Case, ms []*privacy.Meeting, cfg *config.Config, now time.Time) (*Site, error) {
	return ComputeLedger(cs, ms, cfg, now, nil)
}

// ComputeLedger is Compute for a site that keeps a published-values ledger (SPEC §7.4): prev
// holds the counts and equations of earlier builds (it is not changed). The audit takes them
// as known, so a hidden count cannot be recomputed by differencing this build and an earlier
// one, and a count of a closed period that changed fails it (an *sdc.AuditError that names the
// cells). Site.Ledger is prev with this build's counts of closed periods added, recorded
// under the build's day, for the caller to write back. A nil prev is Compute.
func ComputeLedger(cs []privacy.Case, ms []*privacy.Meeting, cfg *config.Config, now time.Time, prev *sdc.Ledger) (*Site, error) {
	var lr *ledgerRun
	if prev != nil {
		lr = &ledgerRun{prev: prev, release: now.Format("2006-01-02"), now: now}
	}
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
	sub := newSubAreas(cfg)
	grids := newGridAreas(cfg)
	head := &area{key: "window", counts: &Counts{}, level: sdc.Street}
	cmList, byCm := newAreas("community", cmKeys, sdc.Community)
	catList, byCat := newAreas("category", catKeys, sdc.Street)
	for i, c := range cfg.Categories {
		catList[i].sensitive = c.Sensitive
	}
	chList, byCh := newAreas("channel", chKeys, sdc.Street)
	meList, byMe := newAreas("method", meKeys, sdc.Street)
	stList, bySt := newAreas("status", stKeys, sdc.Street)
	// The cases settled through a meeting of any kind: the sum of the meeting methods.
	viaMeeting := &area{key: "handling=meeting", counts: &Counts{}, level: sdc.Street}
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
		if c.Method != cases.Direct && c.Method != "" {
			viaMeeting.counts.Add(c)
		}
		sub.add(c)
		grids.add(c)
	}
	months := make([]string, 0, len(byMonth))
	for m := range byMonth {
		months = append(months, m)
	}
	sort.Strings(months)
	// Every month from the first to the last with cases: a month without cases is a row of
	// zeros, not a gap that would join its neighbours in a chart.
	months = fill(months)
	for _, m := range months {
		if byMonth[m] == nil {
			byMonth[m] = &area{key: "month=" + m, counts: &Counts{}, level: sdc.Street}
		}
	}
	monthList := make([]*area, len(months))
	for i, m := range months {
		monthList[i] = byMonth[m]
	}
	if len(months) > 0 && months[len(months)-1] >= now.Format("2006-01") {
		s.Partial = months[len(months)-1]
	}
	period := "none"
	if len(months) > 0 {
		s.First, _ = time.ParseInLocation("2006-01", months[0], now.Location())
		s.Last, _ = time.ParseInLocation("2006-01", months[len(months)-1], now.Location())
		period = months[0] + ".." + months[len(months)-1]
	}
	// The community × month cells: received only, the one count the heat map shows.
	cross := make([][]*area, len(cmList))
	for i, cm := range cmKeys {
		cross[i] = make([]*area, len(months))
		for j, m := range months {
			cross[i][j] = &area{key: "community=" + cm + ",month=" + m, counts: &Counts{}, level: sdc.Community}
		}
	}
	col := make(map[string]int, len(months))
	for j, m := range months {
		col[m] = j
	}
	row := make(map[string]int, len(cmKeys))
	for i, cm := range cmKeys {
		row[cm] = i
	}
	for i := range cs {
		c := &cs[i]
		cross[row[c.Community.Slug]][col[c.ReceivedAt.Format("2006-01")]].counts.Received++
	}
	grid := &crossTable{rows: cmList, cols: monthList, cells: cross, measure: "received"}
	// The facets of the browse pages: their community × year cells are also the sums of the
	// heat map's community × month cells, linked so that neither table gives the other away.
	facets := newFacetAreas(cs, cfg, months)
	links := append(facets.links(cmList, catList, byMonth), facets.monthLinks(cross, months))
	// Each measure of the meeting cases is the sum of that measure over the meeting methods.
	var meetingMethods []*area
	for _, a := range meList {
		if a.key != "method="+string(cases.Direct) {
			meetingMethods = append(meetingMethods, a)
		}
	}
	for _, m := range measures {
		links = append(links, link{measure: m, eqs: []linkEq{{total: viaMeeting, parts: meetingMethods}}})
	}
	links = append(links, windowLinks(head, whole)...)
	links = append(links, sub.links(catList)...)
	links = append(links, grids.links(cfg, cmList, catList, facets.cc))
	loose := append([]*area{head, viaMeeting}, sub.list...)
	hidden, err := suppression(period, lr, whole, [][]*area{cmList, catList, monthList, chList, meList, stList},
		loose, []*crossTable{grid}, o.K, links...)
	if err != nil {
		return nil, err
	}
	if lr != nil {
		s.Ledger = lr.next
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
	s.BySubcategory = rows(sub.list, sub.keys)
	s.ByGrid = make([]GridRow, 0, len(grids.keys()))
	for i, a := range grids.list() {
		s.ByGrid = append(s.ByGrid, GridRow{Key: grids.keys()[i], Received: Count{N: a.counts.Received, Hidden: hidden[sdc.CellID(a.key+"/received")]}})
	}
	s.ByHandling = []Row{{Key: string(cases.Direct), Figures: figures(byMe[string(cases.Direct)])},
		{Key: "meeting", Figures: figures(viaMeeting)}}
	s.Rankings = nil
	for _, def := range RankedDefs {
		s.Rankings = append(s.Rankings, Rank(s.ByCommunity, def, cfg.Stats.NMin))
	}
	s.ByCommunityMonth = Grid{Rows: cmKeys, Cols: months, Cells: make([][]Count, len(cmKeys))}
	for i := range cross {
		s.ByCommunityMonth.Cells[i] = make([]Count, len(months))
		for j, a := range cross[i] {
			s.ByCommunityMonth.Cells[i][j] = Count{N: a.counts.Received, Hidden: hidden[sdc.CellID(a.key+"/received")]}
		}
	}

	if err := s.CountMeetings(ms, o.K); err != nil {
		return nil, err
	}
	return s, nil
}

// CountMeetings sets the meeting figures of s from the meetings ms, with threshold k:
// MeetingsHeld, Meetings, MeetingsByKind, MeetingsByHall and LeadTime, each a new value (a copy
// of a Site can count its meetings again without touching the original's). They depend on the
// meetings and s.From, s.To and s.Now alone, not on the cases: a rebuild after a change to the
// meetings counts them again and keeps the case figures (build.Incremental).
func (s *Site) CountMeetings(ms []*privacy.Meeting, k int) error {
	perKind := map[meetings.Kind]*MeetingRow{}
	for _, k := range meetings.Kinds {
		perKind[k] = &MeetingRow{Kind: k}
	}
	s.MeetingsHeld, s.Meetings = 0, nil
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
	return s.meetingFigures(ms, k)
}

// fill returns the months from the first to the last of sorted months (2006-01), every one.
func fill(months []string) []string {
	if len(months) < 2 {
		return months
	}
	first, err1 := time.Parse("2006-01", months[0])
	last, err2 := time.Parse("2006-01", months[len(months)-1])
	if err1 != nil || err2 != nil {
		return months
	}
	var out []string
	for t := first; !t.After(last); t = t.AddDate(0, 1, 0) {
		out = append(out, t.Format("2006-01"))
	}
	return out
}

// FigureID is the stable id of a published figure: TABLE.KEY.DEFINITION, or KEY.DEFINITION for
// the overview's rows (window, all). It is the figure's id in data/stats.json and its anchor
// on the statistics pages, so a permalink and a row of stats.json name the same figure.
func FigureID(table, key, def string) string {
	if table == "overview" || table == "" {
		return key + "." + def
	}
	return table + "." + key + "." + def
}

// windowLinks ties the 12-month window to the all-time figures when every case falls in the
// window: then both count the same cases, and a count hidden in one must not be published in
// the other. (Otherwise the window starts mid-month and is the sum of no published cells.)
func windowLinks(head, whole *area) []link {
	if head.counts.Received != whole.counts.Received {
		return nil
	}
	out := make([]link, len(measures))
	for i, m := range measures {
		out[i] = link{measure: m, eqs: []linkEq{{total: whole, parts: []*area{head}}}}
	}
	return out
}

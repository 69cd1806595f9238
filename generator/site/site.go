// Package site assembles the immutable view model of the portal: every page with its URL, and
// the links between cases, meetings, halls and communities in both directions.
//
// Templates see only the types of this package (and the figures of package stats), never the
// loaders' types. Assemble is pure: the same public data and "now" give the same Site, with every
// list in a fixed order, so two builds of the same input write the same bytes.
package site

import (
	"runtime"
	"sort"
	"strconv"
	"sync"
	"time"

	"gongshi/generator/cases"
	"gongshi/generator/config"
	"gongshi/generator/meetings"
	"gongshi/generator/privacy"
	"gongshi/generator/schedule"
	"gongshi/generator/stats"
)

// PerPage is how many cases a list page shows.
const PerPage = 20

// Site is the whole portal.
type Site struct {
	Title       string
	Description string
	BaseURL     string
	Lang        string
	Synthetic   bool
	K           int // privacy.k: counts below it are hidden at community level and below
	District    string
	Streets     []string
	Now         time.Time

	Stats       *stats.Site
	Cases       []*Case // published cases, newest first
	Closed      []*Case // the most recently closed published cases, for the home page
	CaseCount   int     // all cases, published or statistics only
	Communities []*Community
	Categories  []*Category
	Halls       []*Hall
	Meetings    []*Meeting // by start, oldest first
	Upcoming    []*Meeting // scheduled or postponed, from now on, soonest first
	Past        []*Meeting // newest first
	Pages       []*Page
	Nav         []Link
	Tables      []Table    // the summary tables of the open data: every main figure per row
	Families    []*Family  // the statistics pages under /stats/, one per family of figures
	Window      []Figure   // the overview's figures of the 12 months before the build date
	AllTime     []Figure   // the overview's figures of all cases
	Definitions []string   // the definitions of the figures, for the methodology page (see Definitions)
	Data        Data       // what the open-data files need from site.toml, and their version
	Agenda      []*Session // the next 8 weeks across halls: regular sessions and notices
	Months      []*Month   // calendar month views
	Measures    []*Measure // every agreed measure: overdue first, then open by due date, then done
	StreetList  []*Street  // the streets with their communities (facets.go)
	Facets      []*Facet   // the browse pages, community by community, then category by category
	Years       []int      // years with cases, oldest first
	YearCounts  []FacetCell
}

// Data are the settings of the open-data files: their licence ([data] of site.toml) and the
// parameters of the definitions they state.
type Data struct {
	Licence    string  // [data] licence, e.g. "CC-BY-4.0"
	LicenceURL string  // [data] licence_url
	Weight     float64 // [stats] basically_satisfied_weight, stated in the definitions
	NMin       int     // [stats] n_min, stated in the definitions
	// Version is the data version of the open-data files (12 hexadecimal digits, see package
	// opendata), which every cited figure names; Files are those files. Both are set after
	// Assemble, before the pages are rendered (render.PrepareData), because the pages cite the
	// version of files computed from the whole site.
	Version string
	Files   []File
}

// File is an output file that is not a page; Path is relative to the site root.
type File struct {
	Path string
	Data []byte
}

// Link is a labelled URL: Label is text from the content (a page's title), Key an interface
// string of the theme ("nav.cases") for the templates to translate.
type Link struct {
	URL   string
	Label string
	Key   string
}

// Community is a community's page.
type Community struct {
	Name     string
	Slug     string
	URL      string
	Street   string
	Grids    []string
	Figures  stats.Figures
	Halls    []*Hall
	Recent   []*Case    // newest published cases
	Measures []*Measure // agreed in its halls and not yet done, overdue first
	Upcoming []*Meeting
	Past     []*Meeting
	// StreetURL is the street's heading on the communities page; ByCategory and ByYear are its
	// browse tables: cases received by category and by year, with their pages (facets.go).
	StreetURL  string
	ByCategory []FacetCell
	ByYear     []FacetCell
}

// Category is a top-level category's page.
type Category struct {
	Name          string
	Slug          string
	URL           string
	Subcategories []string
	Sensitive     bool // aggregate only: no case pages
	Figures       stats.Figures
	Recent        []*Case     // newest published cases
	ByCommunity   []FacetCell // browse tables: cases received by community and by year
	ByYear        []FacetCell
}

// Case is a published case's page.
type Case struct {
	ID           string // as published: the ticket number or its keyed hash
	URL          string
	Received     time.Time
	ByQuarter    bool // dates are shown by quarter: too few similar cases to show the month
	Closed       time.Time
	DaysToClose  int
	Community    *Community
	Grid         string
	Category     *Category
	Subcategory  string
	Channel      cases.Channel
	Method       cases.Method
	Status       cases.Status
	Collective   bool
	Summary      string
	Resolution   string
	Surveyed     bool
	Solved       cases.Answer
	Satisfaction cases.Satisfaction
	Meeting      *Meeting
}

// Hall is a hall's page.
type Hall struct {
	Name         string
	Slug         string
	URL          string
	Community    *Community
	Address      string
	SizeM2       float64
	OpeningHours string
	Rules        []Rule     // regular sessions in words
	Next         []*Session // the next 8 weeks: regular sessions and notices
	Measures     []*Measure // agreed at meetings here and not yet done, overdue first
	Body         string     // Markdown
	Upcoming     []*Meeting
	Past         []*Meeting
	Cases        []*Case // published cases settled here, newest first
	schedule     schedule.Schedule
	CaseCount    int // all cases settled here, published or not
}

// Meeting is a meeting's page.
type Meeting struct {
	ID          string
	URL         string
	Hall        *Hall
	Kind        meetings.Kind
	Title       string
	Start       time.Time
	End         time.Time
	Status      meetings.Status
	PostponedTo time.Time // the new start of a postponed meeting, zero if not yet known
	Sequence    int
	Updated     time.Time
	Topic       string
	Agenda      []string
	Attendance  int
	Parties     []meetings.Party
	Measures    []*Measure
	Body        string  // Markdown: agenda or minutes
	Upcoming    bool    // after now and not cancelled
	Cases       []*Case // published cases it handled
	Others      int     // cases it handled that count in statistics only
}

// Page is a free page.
type Page struct {
	Title string
	Slug  string
	URL   string
	Body  string // Markdown
}

// Input is what Assemble needs.
type Input struct {
	Config   *config.Config
	Now      time.Time
	Cases    []privacy.Case // sorted by id
	Halls    []*privacy.Hall
	Meetings []*privacy.Meeting
	Pages    []*privacy.Page
	Stats    *stats.Site
	// CaseOrder is CaseOrder(Cases), from a caller that assembles the same Cases again and
	// again (the dev server); nil: Assemble works it out.
	CaseOrder []int
}

// CaseOrder returns the positions of cs newest first, ties by id (descending): the order of
// Site.Cases.
func CaseOrder(cs []privacy.Case) []int {
	order := make([]int, 0, len(cs))
	for i := range cs {
		order = append(order, i)
	}
	sort.SliceStable(order, func(a, b int) bool {
		x, y := &cs[order[a]], &cs[order[b]]
		if !x.ReceivedAt.Equal(y.ReceivedAt) {
			return x.ReceivedAt.After(y.ReceivedAt)
		}
		return x.ID > y.ID
	})
	return order
}

// Assemble builds the view model.
func Assemble(in Input) *Site {
	cfg := in.Config
	s := &Site{
		Title: cfg.Title, Description: cfg.Description, BaseURL: cfg.BaseURL, Lang: cfg.Language,
		Synthetic: cfg.Synthetic, K: cfg.Privacy.K, District: cfg.District.Name, Now: in.Now, Stats: in.Stats,
		CaseCount: len(in.Cases),
		Data: Data{Licence: cfg.Data.Licence, LicenceURL: cfg.Data.LicenceURL,
			Weight: cfg.Stats.BasicallySatisfiedWeight, NMin: cfg.Stats.NMin},
	}
	for _, st := range cfg.District.Streets {
		s.Streets = append(s.Streets, st.Name)
	}
	communities := map[*config.Community]*Community{}
	for _, c := range cfg.Communities {
		cm := &Community{Name: c.Name, Slug: c.Slug, URL: "/communities/" + c.Slug + "/", Street: c.Street.Name, Grids: c.Grids}
		communities[c] = cm
		s.Communities = append(s.Communities, cm)
	}
	for i, row := range in.Stats.ByCommunity {
		s.Communities[i].Figures = row.Figures
	}
	categories := map[*config.Category]*Category{}
	for i := range cfg.Categories {
		c := &cfg.Categories[i]
		cat := &Category{Name: c.Name, Slug: c.Slug, URL: "/categories/" + c.Slug + "/", Subcategories: c.Subcategories,
			Sensitive: c.Sensitive}
		categories[c] = cat
		s.Categories = append(s.Categories, cat)
	}
	for i, row := range in.Stats.ByCategory {
		if i < len(s.Categories) {
			s.Categories[i].Figures = row.Figures
		}
	}
	s.streets(cfg, communities)

	halls := map[*privacy.Hall]*Hall{}
	for _, h := range in.Halls {
		v := &Hall{Name: h.Name, Slug: h.Slug, URL: "/halls/" + h.Slug + "/", Community: communities[h.Community],
			Address: h.Address, SizeM2: h.SizeM2, OpeningHours: h.OpeningHours, Body: h.Body, schedule: h.Schedule}
		for _, r := range h.Schedule.Sessions {
			v.Rules = append(v.Rules, rule(r))
		}
		halls[h] = v
		s.Halls = append(s.Halls, v)
		v.Community.Halls = append(v.Community.Halls, v)
	}

	byID := map[string]*Meeting{}
	for _, m := range in.Meetings {
		v := &Meeting{ID: m.ID, URL: "/meetings/" + m.ID + "/", Hall: halls[m.Hall], Kind: m.Kind, Title: m.Title,
			Start: m.Start, End: m.End, Status: m.Status, PostponedTo: m.PostponedTo, Sequence: m.Sequence,
			Updated: m.Updated, Topic: m.Topic, Agenda: m.Agenda, Attendance: m.Attendance, Parties: m.Parties, Body: m.Body}
		for _, x := range m.Measures {
			mv := &Measure{What: x.What, Owner: x.Owner, Due: x.Due, Done: x.Done, DoneAt: x.DoneAt, FollowUp: x.FollowUp, Meeting: v}
			mv.Overdue = !x.Done && x.Due.Before(in.Now)
			v.Measures = append(v.Measures, mv)
		}
		v.Upcoming = !v.When().Before(in.Now) && m.Status != meetings.Cancelled && m.Status != meetings.Held
		byID[m.ID] = v
		s.Meetings = append(s.Meetings, v)
	}
	for _, m := range s.Meetings {
		cm := m.Hall.Community
		if m.Upcoming {
			s.Upcoming = append(s.Upcoming, m)
			m.Hall.Upcoming = append(m.Hall.Upcoming, m)
			cm.Upcoming = append(cm.Upcoming, m)
		} else if !m.Start.After(in.Now) {
			s.Past = append(s.Past, m)
			m.Hall.Past = append(m.Hall.Past, m)
			cm.Past = append(cm.Past, m)
		} else {
			// Cancelled meetings still to come: listed with the upcoming ones, marked cancelled.
			s.Upcoming = append(s.Upcoming, m)
			m.Hall.Upcoming = append(m.Hall.Upcoming, m)
			cm.Upcoming = append(cm.Upcoming, m)
		}
	}
	reverse(s.Past)
	for _, h := range s.Halls {
		reverse(h.Past)
	}
	for _, c := range s.Communities {
		reverse(c.Past)
	}

	// Cases: newest first; ties by id, so the order never depends on the input files' order.
	order := in.CaseOrder
	if order == nil {
		order = CaseOrder(in.Cases)
	}
	// The published cases a meeting's own list names, by the export's ticket number: a few,
	// where the cases are many.
	published := map[string]*Case{}
	for _, pm := range in.Meetings {
		for _, id := range pm.Cases {
			published[id] = nil
		}
	}
	// Every published case, made on all cores into one allocation (the slot of an unpublished
	// one stays empty), then linked in order.
	slab := make([]Case, len(order))
	procs := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for p := range procs {
		wg.Go(func() {
			for k := p * len(order) / procs; k < (p+1)*len(order)/procs; k++ {
				c := &in.Cases[order[k]]
				if !c.Published {
					continue
				}
				slab[k] = Case{ID: c.Ref, URL: "/cases/" + c.Ref + ".html", Received: c.ReceivedAt, Closed: c.ClosedAt,
					ByQuarter: c.Period == privacy.ByQuarter,
					Community: communities[c.Community], Grid: c.Grid, Category: categories[c.Category],
					Subcategory: c.Subcategory, Channel: c.Channel, Method: c.Method, Status: c.Status,
					Collective: c.Collective, Summary: c.Summary, Resolution: c.Resolution, Surveyed: c.Surveyed,
					Solved: c.Solved, Satisfaction: c.Satisfaction, Meeting: byID[c.Meeting]}
				if c.Closed() {
					slab[k].DaysToClose = int(c.ClosedAt.Sub(c.ReceivedAt).Hours() / 24)
				}
			}
		})
	}
	wg.Wait()
	if len(order) > 0 {
		s.Cases = make([]*Case, 0, len(order))
	}
	for k, i := range order {
		c := &in.Cases[i]
		m := byID[c.Meeting]
		if m != nil {
			m.Hall.CaseCount++
		}
		if !c.Published {
			if m != nil {
				m.Others++
			}
			continue
		}
		v := &slab[k]
		s.Cases = append(s.Cases, v)
		if _, listed := published[c.ID]; listed {
			published[c.ID] = v
		}
		if len(v.Community.Recent) < 10 {
			v.Community.Recent = append(v.Community.Recent, v)
		}
		if m != nil {
			m.Cases = append(m.Cases, v)
			m.Hall.Cases = append(m.Hall.Cases, v)
		}
	}
	// A meeting's own list of cases counts too, where the case row did not name the meeting.
	for _, pm := range in.Meetings {
		m := byID[pm.ID]
		for _, id := range pm.Cases {
			c := published[id]
			switch {
			case c == nil:
				if !namesMeeting(in.Cases, id, m.ID) {
					m.Others++
					m.Hall.CaseCount++
				}
			case c.Meeting == nil:
				c.Meeting = m
				m.Cases = append(m.Cases, c)
				m.Hall.Cases = append(m.Hall.Cases, c)
				m.Hall.CaseCount++
			}
		}
	}
	for _, p := range in.Pages {
		s.Pages = append(s.Pages, &Page{Title: p.Title, Slug: p.Slug, URL: "/" + p.Slug + "/", Body: p.Body})
	}
	for _, h := range s.Halls {
		sort.SliceStable(h.Cases, func(i, j int) bool {
			a, b := h.Cases[i], h.Cases[j]
			if !a.Received.Equal(b.Received) {
				return a.Received.After(b.Received)
			}
			return a.ID > b.ID
		})
	}
	wg.Go(func() { s.Closed = RecentlyClosed(s.Cases, 8) }) // reads the cases alone
	s.facets(in.Stats.Facets)
	wg.Wait()
	s.calendar(in.Now)
	s.measures()
	s.Statistics()
	s.Nav = []Link{
		{URL: "/", Key: "nav.home"}, {URL: "/cases/", Key: "nav.cases"}, {URL: "/communities/", Key: "nav.communities"},
		{URL: "/halls/", Key: "nav.halls"}, {URL: "/meetings/", Key: "nav.meetings"}, {URL: "/calendar/", Key: "nav.calendar"},
		{URL: "/stats/", Key: "nav.stats"}, {URL: "/search/", Key: "nav.search"},
	}
	for _, p := range s.Pages {
		s.Nav = append(s.Nav, Link{URL: p.URL, Label: p.Title})
	}
	return s
}

// Statistics lays out the statistics pages of s from s.Stats, its communities and categories:
// the summary tables, the pages of each family of figures and the overview's figures. Assemble
// calls it; a hand-made Site calls it once its Stats, Communities and Categories are set.
func (s *Site) Statistics() {
	st := s.Stats
	if st == nil {
		return
	}
	s.Tables = s.tables()
	s.Families = s.families()
	s.Definitions = Definitions
	window := Period{From: st.From, To: st.To.AddDate(0, 0, -1)}
	all := Period{From: st.First, To: st.Last, Months: true}
	s.Window, s.AllTime = nil, nil
	for _, d := range []string{"received", "resolution_rate", "satisfaction_rate", "response_rate", "median_days_to_close", "p90_days_to_close"} {
		s.Window = append(s.Window, Figure{Cell: Stat("overview", "window", d, st.Headline), Period: window})
	}
	for _, d := range []string{"received", "closure_rate", "strict_satisfaction_rate", "collective", "proactive", "meeting"} {
		s.AllTime = append(s.AllTime, Figure{Cell: Stat("overview", "all", d, st.All), Period: all})
	}
}

// RecentlyClosed returns at most n of cs, those closed last, newest first and, closed at the
// same time, by id descending: the first n of cs sorted so by a stable sort, found in one pass
// that keeps only n (a big site has a hundred thousand cases, a feed lists a few).
func RecentlyClosed(cs []*Case, n int) []*Case {
	if len(cs) == 0 {
		return nil // as append([]*Case(nil), cs...) sorted
	}
	if n <= 0 {
		return []*Case{}
	}
	before := func(a, b *Case) bool {
		if !a.Closed.Equal(b.Closed) {
			return a.Closed.After(b.Closed)
		}
		return a.ID > b.ID
	}
	out := make([]*Case, 0, min(n, len(cs)))
	for _, c := range cs {
		if len(out) == n && !before(c, out[n-1]) {
			continue
		}
		// After every case it does not come before, as a stable sort puts it.
		i := sort.Search(len(out), func(i int) bool { return before(c, out[i]) })
		if len(out) < n {
			out = append(out, nil)
		}
		copy(out[i+1:], out[i:len(out)-1])
		out[i] = c
	}
	return out
}

// namesMeeting reports whether the case with id names meeting in its own row.
func namesMeeting(cs []privacy.Case, id, meeting string) bool {
	i := sort.Search(len(cs), func(i int) bool { return cs[i].ID >= id })
	return i < len(cs) && cs[i].ID == id && cs[i].Meeting == meeting
}

func reverse[T any](s []T) {
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
}

// Pages returns the number of list pages for n items.
func Pages(n int) int {
	if n == 0 {
		return 1
	}
	return (n + PerPage - 1) / PerPage
}

// PageURL returns the URL of list page i (1-based) under base.
func PageURL(base string, i int) string {
	if i <= 1 {
		return base
	}
	return base + "page/" + strconv.Itoa(i) + "/"
}

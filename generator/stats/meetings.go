package stats

import (
	"fmt"
	"sort"
	"time"

	"gongshi/generator/meetings"
	"gongshi/generator/privacy"
	"gongshi/generator/sdc"
)

// The figures of the meetings (issue 5): meetings held per month by kind and by hall, and the
// notice lead time. Their counts obey the rule of every count of the statistics pages: a count
// from 1 to k-1 is hidden, and enough others that none can be recomputed (package sdc), in a
// release of their own (they share no equation with the counts of cases): each grid's rows sum
// to their totals, each month's kinds and halls to the meetings of that month, each kind's
// meetings with and without a notice date to its meetings held (the meetings-kind table). A
// lead time computed over a hidden count is hidden. Each meeting has its own page all the same:
// the rule keeps the statistics pages simple to audit, not the meetings secret. The cases
// settled through meetings are counts of cases, in the cases' release (Site.ByHandling).
//
// Notice lead time (会议通知提前天数): the calendar days from the day a meeting's notice was
// posted (noticed_at in its front matter) to the day it was held, of the meetings held whose
// notice date is known, as median and 90th percentile (nearest rank). A meeting held without a
// notice date is counted apart (NoNotice); so is one whose notice date is after the day it was
// held (Late), which the loader refuses but a figure must not silently absorb.

// MeetingGrid counts the meetings held: Cells[i][j] is the count of row Rows[i] in month Cols[j].
type MeetingGrid struct {
	Rows  []string // kinds (meetings.Kinds order) or hall slugs (sorted)
	Cols  []string // months 2006-01, every one from the first to the last meeting held
	Cells [][]Count
	Total []Count // per row, all months
	// Month is, per month, the meetings of every row: all meetings held that month (the same
	// counts in both grids, every meeting having a kind and a hall).
	Month []Count
}

// LeadRow is the notice lead time of the meetings held of one kind, or of all ("all").
type LeadRow struct {
	Key      string
	N        Count // meetings held with a notice date on or before the day they were held
	NoNotice Count // held, without a notice date
	Late     int   // held, with a notice date after the day they were held: not counted in N
	Median   Days  // hidden when N is
	P90      Days
}

// meetingFigures fills the meeting grids and lead times of s, and the flags of s.Meetings, from
// the meetings held, suppressed with threshold k.
func (s *Site) meetingFigures(ms []*privacy.Meeting, k int) error {
	var held []*privacy.Meeting
	for _, m := range ms {
		if m.Status == meetings.Held {
			held = append(held, m)
		}
	}
	var months []string
	seen := map[string]bool{}
	halls := map[string]bool{}
	for _, m := range held {
		k := m.Start.Format("2006-01")
		if !seen[k] {
			seen[k] = true
			months = append(months, k)
		}
		if m.Hall != nil {
			halls[m.Hall.Slug] = true
		}
	}
	sort.Strings(months)
	months = fill(months)
	col := make(map[string]int, len(months))
	for j, m := range months {
		col[m] = j
	}
	kinds := make([]string, len(meetings.Kinds))
	for i, k := range meetings.Kinds {
		kinds[i] = string(k)
	}
	var hallKeys []string
	for h := range halls {
		hallKeys = append(hallKeys, h)
	}
	sort.Strings(hallKeys)
	newGrid := func(rows []string) MeetingGrid {
		g := MeetingGrid{Rows: rows, Cols: months, Cells: make([][]Count, len(rows)), Total: make([]Count, len(rows))}
		for i := range g.Cells {
			g.Cells[i] = make([]Count, len(months))
		}
		return g
	}
	s.MeetingsByKind, s.MeetingsByHall = newGrid(kinds), newGrid(hallKeys)
	kindRow := map[string]int{}
	for i, k := range kinds {
		kindRow[k] = i
	}
	hallRow := map[string]int{}
	for i, h := range hallKeys {
		hallRow[h] = i
	}
	lead := map[string][]float64{}
	rows := map[string]*LeadRow{"all": {Key: "all"}}
	for _, k := range kinds {
		rows[k] = &LeadRow{Key: k}
	}
	for _, m := range held {
		j := col[m.Start.Format("2006-01")]
		if i, ok := kindRow[string(m.Kind)]; ok {
			s.MeetingsByKind.Cells[i][j].N++
			s.MeetingsByKind.Total[i].N++
		}
		if m.Hall != nil {
			i := hallRow[m.Hall.Slug]
			s.MeetingsByHall.Cells[i][j].N++
			s.MeetingsByHall.Total[i].N++
		}
		for _, key := range []string{"all", string(m.Kind)} {
			r := rows[key]
			if r == nil {
				continue
			}
			switch d, ok := leadDays(m.NoticedAt, m.Start); {
			case !ok:
				r.NoNotice.N++
			case d < 0:
				r.Late++
			default:
				r.N.N++
				lead[key] = append(lead[key], d)
			}
		}
	}
	s.LeadTime = nil
	for _, key := range append([]string{"all"}, kinds...) {
		r := rows[key]
		ds := lead[key]
		sort.Float64s(ds)
		r.Median = Days{Value: Percentile(ds, 50), None: len(ds) == 0}
		r.P90 = Days{Value: Percentile(ds, 90), None: len(ds) == 0}
		s.LeadTime = append(s.LeadTime, *r)
	}
	return s.suppressMeetings(k)
}

// suppressMeetings hides the small meeting counts of s, and those that would give one away.
func (s *Site) suppressMeetings(k int) error {
	r := sdc.NewRelease()
	type ref struct {
		id sdc.CellID
		c  *Count // nil for a cell no page shows but the others sum to
	}
	var refs []ref
	add := func(name string, n int, level sdc.Level, c *Count) (sdc.CellID, error) {
		id := sdc.ID(sdc.C("area", name), sdc.C("measure", "meetings"))
		refs = append(refs, ref{id, c})
		return id, r.Add(sdc.Cell{ID: id, Value: n, Level: level})
	}
	// grid adds the cells of g and its row equations; it returns the ids of its cells by month.
	grid := func(prefix string, g MeetingGrid, level sdc.Level) ([][]sdc.CellID, []sdc.CellID, error) {
		byMonth := make([][]sdc.CellID, len(g.Cols))
		var totals []sdc.CellID
		for i, row := range g.Rows {
			parts := make([]sdc.CellID, len(g.Cols))
			for j, m := range g.Cols {
				id, err := add(prefix+"="+row+",month="+m, g.Cells[i][j].N, level, &g.Cells[i][j])
				if err != nil {
					return nil, nil, err
				}
				parts[j] = id
				byMonth[j] = append(byMonth[j], id)
			}
			total, err := add(prefix+"="+row, g.Total[i].N, level, &g.Total[i])
			if err != nil {
				return nil, nil, err
			}
			totals = append(totals, total)
			if len(parts) > 0 {
				if err := r.AddEquation(total, parts...); err != nil {
					return nil, nil, err
				}
			}
		}
		return byMonth, totals, nil
	}
	kindMonths, kindTotals, err := grid("kind", s.MeetingsByKind, sdc.Street)
	if err != nil {
		return err
	}
	hallMonths, hallTotals, err := grid("hall", s.MeetingsByHall, sdc.Community)
	if err != nil {
		return err
	}
	all := 0
	for _, t := range s.MeetingsByKind.Total {
		all += t.N
	}
	allID, err := add("meetings=all", all, sdc.Street, nil)
	if err != nil {
		return err
	}
	var monthIDs []sdc.CellID
	s.MeetingsByKind.Month = make([]Count, len(s.MeetingsByKind.Cols))
	for j, m := range s.MeetingsByKind.Cols {
		n := 0
		for i := range s.MeetingsByKind.Rows {
			n += s.MeetingsByKind.Cells[i][j].N
		}
		s.MeetingsByKind.Month[j].N = n
		id, err := add("meetings=all,month="+m, n, sdc.Street, &s.MeetingsByKind.Month[j])
		if err != nil {
			return err
		}
		monthIDs = append(monthIDs, id)
		for _, parts := range [][]sdc.CellID{kindMonths[j], hallMonths[j]} {
			if len(parts) > 0 {
				if err := r.AddEquation(id, parts...); err != nil {
					return err
				}
			}
		}
	}
	for _, parts := range [][]sdc.CellID{monthIDs, kindTotals, hallTotals} {
		if len(parts) > 0 {
			if err := r.AddEquation(allID, parts...); err != nil {
				return err
			}
		}
	}
	// The lead time's counts: a kind's meetings held are those with a notice date, those
	// without and those with one after the meeting (never published, but part of the sum).
	var noticed, none, late []sdc.CellID
	for i := range s.LeadTime {
		l := &s.LeadTime[i]
		if l.Key == "all" {
			continue
		}
		kn, err := add("lead="+l.Key+",notice=dated", l.N.N, sdc.Street, &l.N)
		if err != nil {
			return err
		}
		nn, err := add("lead="+l.Key+",notice=none", l.NoNotice.N, sdc.Street, &l.NoNotice)
		if err != nil {
			return err
		}
		ln, err := add("lead="+l.Key+",notice=late", l.Late, sdc.Street, nil)
		if err != nil {
			return err
		}
		noticed, none, late = append(noticed, kn), append(none, nn), append(late, ln)
		for ki, kind := range s.MeetingsByKind.Rows {
			if kind == l.Key {
				if err := r.AddEquation(kindTotals[ki], kn, nn, ln); err != nil {
					return err
				}
			}
		}
	}
	for i := range s.LeadTime {
		l := &s.LeadTime[i]
		if l.Key != "all" {
			continue
		}
		kn, err := add("lead=all,notice=dated", l.N.N, sdc.Street, &l.N)
		if err != nil {
			return err
		}
		nn, err := add("lead=all,notice=none", l.NoNotice.N, sdc.Street, &l.NoNotice)
		if err != nil {
			return err
		}
		ln, err := add("lead=all,notice=late", l.Late, sdc.Street, nil)
		if err != nil {
			return err
		}
		for _, eq := range [][]sdc.CellID{{allID, kn, nn, ln}, append([]sdc.CellID{kn}, noticed...),
			append([]sdc.CellID{nn}, none...), append([]sdc.CellID{ln}, late...)} {
			if len(eq) > 1 {
				if err := r.AddEquation(eq[0], eq[1:]...); err != nil {
					return err
				}
			}
		}
	}
	if r.Len() == 0 {
		return nil
	}
	if err := r.Validate(); err != nil {
		return fmt.Errorf("stats: meetings: %w", err)
	}
	res, err := sdc.Suppress(r, k)
	if err != nil {
		return err
	}
	for _, x := range refs {
		if x.c != nil {
			x.c.Hidden = res.Hidden[x.id]
		}
	}
	for i := range s.LeadTime {
		l := &s.LeadTime[i]
		l.Median.Hidden, l.P90.Hidden = l.N.Hidden, l.N.Hidden
	}
	s.MeetingsByHall.Month = s.MeetingsByKind.Month
	// The meetings-kind table shows the kinds' totals: the same cells.
	for i := range s.Meetings {
		for ki, kind := range s.MeetingsByKind.Rows {
			if kind == string(s.Meetings[i].Kind) {
				s.Meetings[i].Hidden = s.MeetingsByKind.Total[ki].Hidden
			}
		}
	}
	return nil
}

// leadDays returns the calendar days from the notice's day to the meeting's day; ok is false
// when the notice date is not known.
func leadDays(notice, start time.Time) (days float64, ok bool) {
	if notice.IsZero() || start.IsZero() {
		return 0, false
	}
	day := func(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC) }
	return day(start).Sub(day(notice)).Hours() / 24, true
}

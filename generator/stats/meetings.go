package stats

import (
	"sort"
	"time"

	"gongshi/generator/meetings"
	"gongshi/generator/privacy"
)

// The figures of the meetings (issue 5): meetings held per month by kind and by hall, and the
// notice lead time. Meetings are public events with a page each, listed on their hall's page:
// their counts are not suppressed, since hiding one would protect no resident and the hall's
// page gives it away. The cases settled through meetings are counts of cases, suppressed as
// every other (Site.ByHandling).
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
	Cells [][]int
	Total []int // per row, all months
}

// LeadRow is the notice lead time of the meetings held of one kind, or of all ("all").
type LeadRow struct {
	Key      string
	N        int // meetings held with a notice date on or before the day they were held
	NoNotice int // held, without a notice date
	Late     int // held, with a notice date after the day they were held: not counted in N
	Median   Days
	P90      Days
}

// meetingFigures fills the meeting grids and lead times of s from the meetings held.
func (s *Site) meetingFigures(ms []*privacy.Meeting) {
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
		g := MeetingGrid{Rows: rows, Cols: months, Cells: make([][]int, len(rows)), Total: make([]int, len(rows))}
		for i := range g.Cells {
			g.Cells[i] = make([]int, len(months))
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
			s.MeetingsByKind.Cells[i][j]++
			s.MeetingsByKind.Total[i]++
		}
		if m.Hall != nil {
			i := hallRow[m.Hall.Slug]
			s.MeetingsByHall.Cells[i][j]++
			s.MeetingsByHall.Total[i]++
		}
		for _, key := range []string{"all", string(m.Kind)} {
			r := rows[key]
			if r == nil {
				continue
			}
			switch d, ok := leadDays(m.NoticedAt, m.Start); {
			case !ok:
				r.NoNotice++
			case d < 0:
				r.Late++
			default:
				r.N++
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

package stats

import (
	"fmt"
	"sort"

	"gongshi/generator/sdc"
)

// Measures are the counts behind every published figure. Each figure shows a measure directly
// or as the numerator or denominator of a rate, so every one of them is a published cell; the
// complements (not solved, not responded, …) are cells too, because a published rate and its
// denominator give them away.
var measures = []string{
	"received", "withdrawn", "closed", "open", "resolved", "collective", "proactive", "meeting",
	"surveyed", "solved", "not_solved", "responded", "not_responded", "answered", "unanswered",
	"satisfied", "basically", "dissatisfied", "within_hour", "over_hour",
}

func (c *Counts) measure(m string) int {
	switch m {
	case "received":
		return c.Received
	case "withdrawn":
		return c.Withdrawn
	case "closed":
		return c.Closed
	case "open":
		return c.Received - c.Withdrawn - c.Closed
	case "resolved":
		return c.Resolved
	case "collective":
		return c.Collective
	case "proactive":
		return c.Proactive
	case "meeting":
		return c.Meeting
	case "surveyed":
		return c.Surveyed
	case "solved":
		return c.Solved
	case "not_solved":
		return c.Surveyed - c.Solved
	case "responded":
		return c.RespondedInTime
	case "not_responded":
		return c.Surveyed - c.RespondedInTime
	case "answered":
		return c.Answered
	case "unanswered":
		return c.Surveyed - c.Answered
	case "satisfied":
		return c.Satisfied
	case "basically":
		return c.Basically
	case "dissatisfied":
		return c.Answered - c.Satisfied - c.Basically
	case "within_hour":
		return c.WithinHour
	case "over_hour":
		return c.Closed - c.WithinHour
	}
	panic("stats: unknown measure " + m)
}

// within are the equations between the measures of one area.
var within = [][]string{
	{"received", "withdrawn", "closed", "open"},
	{"surveyed", "solved", "not_solved"},
	{"surveyed", "responded", "not_responded"},
	{"surveyed", "answered", "unanswered"},
	{"answered", "satisfied", "basically", "dissatisfied"},
	{"closed", "within_hour", "over_hour"},
}

// area is one set of cases whose figures are published: the whole site, a community, a month…
type area struct {
	key       string // "all", "community=longshan", "month=2022-07", …
	counts    *Counts
	level     sdc.Level
	sensitive bool
}

// link is a set of areas of which one measure alone is published (the facet counts), with the
// equations that tie them to other areas: total = sum(parts), of that measure.
type link struct {
	measure string
	cells   []*area
	eqs     []linkEq
}

type linkEq struct {
	total *area
	parts []*area
}

// crossTable is a two-way breakdown of one measure: cells[i][j] holds the cases of rows[i] and
// cols[j], which sum to each row's and each column's measure.
type crossTable struct {
	rows, cols []*area
	cells      [][]*area
	measure    string
}

// suppression describes every published count of the build as one sdc.Release, with the
// equations between them (each breakdown sums to the whole; measures sum within an area), and
// returns the cells to hide: small counts and every count that would let one be recomputed.
// parts lists, for each breakdown, the areas that sum to the whole; crosses are two-way tables
// of one measure whose margins are areas of parts; links are the cells of a single measure and
// their equations (their totals may be cells of parts, crosses or other links).
//
// The cells of a month or a year are named without the build's span of months, so that they
// keep their ids from build to build. With a ledger (lr not nil), the counts and equations of
// earlier builds are added to the audit and never hidden, and the counts of closed periods of
// this build are recorded in lr.next.
func suppression(period string, lr *ledgerRun, whole *area, parts [][]*area, loose []*area, crosses []*crossTable, k int, links ...link) (sdc.Set, error) {
	r := sdc.NewRelease()
	id := func(a *area, m string) sdc.CellID {
		if timeScoped(a.key) {
			return sdc.ID(sdc.C("area", a.key), sdc.C("measure", m))
		}
		return sdc.ID(sdc.C("period", period), sdc.C("area", a.key), sdc.C("measure", m))
	}
	add := func(a *area) error {
		for _, m := range measures {
			if err := r.Add(sdc.Cell{ID: id(a, m), Value: a.counts.measure(m), Level: a.level, Sensitive: a.sensitive}); err != nil {
				return err
			}
		}
		for _, eq := range within {
			ps := make([]sdc.CellID, len(eq)-1)
			for i, m := range eq[1:] {
				ps[i] = id(a, m)
			}
			if err := r.AddEquation(id(a, eq[0]), ps...); err != nil {
				return err
			}
		}
		return nil
	}
	if err := add(whole); err != nil {
		return nil, err
	}
	for _, a := range loose {
		if err := add(a); err != nil {
			return nil, err
		}
	}
	for _, breakdown := range parts {
		for _, a := range breakdown {
			if err := add(a); err != nil {
				return nil, err
			}
		}
		for _, m := range measures {
			ps := make([]sdc.CellID, len(breakdown))
			for i, a := range breakdown {
				ps[i] = id(a, m)
			}
			if err := r.AddEquation(id(whole, m), ps...); err != nil {
				return nil, err
			}
		}
	}
	for _, x := range crosses {
		for i, rw := range x.cells {
			ps := make([]sdc.CellID, len(rw))
			for j, a := range rw {
				ps[j] = id(a, x.measure)
				if err := r.Add(sdc.Cell{ID: ps[j], Value: a.counts.measure(x.measure), Level: a.level, Sensitive: a.sensitive}); err != nil {
					return nil, err
				}
			}
			if err := r.AddEquation(id(x.rows[i], x.measure), ps...); err != nil {
				return nil, err
			}
		}
		for j, c := range x.cols {
			ps := make([]sdc.CellID, len(x.cells))
			for i := range x.cells {
				ps[i] = id(x.cells[i][j], x.measure)
			}
			if err := r.AddEquation(id(c, x.measure), ps...); err != nil {
				return nil, err
			}
		}
	}
	for _, l := range links {
		for _, a := range l.cells {
			if err := r.Add(sdc.Cell{ID: id(a, l.measure), Value: a.counts.measure(l.measure), Level: a.level, Sensitive: a.sensitive}); err != nil {
				return nil, err
			}
		}
		for _, eq := range l.eqs {
			ps := make([]sdc.CellID, len(eq.parts))
			for i, a := range eq.parts {
				ps[i] = id(a, l.measure)
			}
			if err := r.AddEquation(id(eq.total, l.measure), ps...); err != nil {
				return nil, err
			}
		}
	}
	if err := r.Validate(); err != nil {
		return nil, fmt.Errorf("stats: %w", err)
	}
	var known []sdc.KnownValue
	if lr != nil {
		if err := lr.prev.Extend(r); err != nil {
			return nil, err
		}
		known = lr.prev.Known()
	}
	res, err := sdc.SuppressKnown(r, k, known)
	if err != nil {
		return nil, err
	}
	if lr != nil {
		lr.next = lr.prev.Clone()
		if err := lr.next.RecordClosed(lr.release, r, res.Hidden, lr.closed); err != nil {
			return nil, err
		}
	}
	hidden := sdc.Set{}
	for cid := range res.Hidden {
		hidden[cid] = true
	}
	// Translate back to "area/measure" keys for the caller.
	out := sdc.Set{}
	for _, a := range allAreas(whole, parts, loose) {
		for _, m := range measures {
			if hidden[id(a, m)] {
				out[sdc.CellID(a.key+"/"+m)] = true
			}
		}
	}
	for _, x := range crosses {
		for _, rw := range x.cells {
			for _, a := range rw {
				if hidden[id(a, x.measure)] {
					out[sdc.CellID(a.key+"/"+x.measure)] = true
				}
			}
		}
	}
	for _, l := range links {
		for _, a := range l.cells {
			if hidden[id(a, l.measure)] {
				out[sdc.CellID(a.key+"/"+l.measure)] = true
			}
		}
	}
	return out, nil
}

func allAreas(whole *area, parts [][]*area, loose []*area) []*area {
	out := append([]*area{whole}, loose...)
	for _, p := range parts {
		out = append(out, p...)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].key < out[j].key })
	return out
}

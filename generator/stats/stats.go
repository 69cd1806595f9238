// Package stats computes the published figures from public cases and meetings.
//
// Its functions are pure: the same cases, meetings, configuration and "now" give the same
// figures. Every rate carries its numerator and denominator. Small counts are suppressed here,
// before any template or chart sees them (privacy SPEC §7): every count behind a published
// figure, and every count a published rate gives away (its complement), is a cell of one
// sdc.Release with the equations between them; package sdc hides the counts from 1 to k-1 and
// enough others that none can be recomputed, and audits the result. A rate is hidden when any
// count it is computed from is hidden. The portal's top level is a street, below district
// level, so the threshold applies to every count.
//
// Definitions (the methodology page states them):
//   - response rate (响应率): surveyed cases whose resident confirms being contacted in time,
//     over surveyed cases (有效回访);
//   - resolution rate (解决率): surveyed cases the resident says were solved, over surveyed cases;
//   - satisfaction rate (满意率): (satisfied + w × basically satisfied) over surveyed cases with an
//     answer, w from site.toml; the strict rate counts satisfied only;
//   - closure rate (办结率): cases closed as resolved or unresolved, over cases received less those
//     the resident withdrew;
//   - time to close: days from received to closed of those closed cases, as median and 90th
//     percentile (nearest rank), never the mean alone;
//   - closed within an hour (a data-quality figure): those closed cases whose closing time is
//     less than 60 minutes after the receiving time, as a count and a share of the closed
//     cases; they stay in the time to close;
//   - rankings (rank.go): the communities by each of the three rates, only where the rate is
//     published and its denominator holds at least n_min cases, each with its 95% Wilson
//     interval; the others are too few to rank (or suppressed);
//   - meetings (meetings.go): held per month by kind and by hall, and the notice lead time,
//     calendar days from the notice's day to the meeting's, as median and 90th percentile; the
//     cases settled through a meeting of any kind against those handled directly (ByHandling).
//
// The last month is marked Partial while it is not over on the build date.
package stats

import (
	"math"
	"sort"
	"time"

	"gongshi/generator/cases"
	"gongshi/generator/privacy"
)

// Options hold what the figures depend on besides the data.
type Options struct {
	K      int     // smallest count shown below district level
	Weight float64 // weight of "basically satisfied" in the satisfaction rate
}

// Counts are the raw counts of a set of cases; Figures turns them into what is published.
type Counts struct {
	Received        int
	Withdrawn       int // withdrawn by the resident: out of the closure rate and time to close
	Closed          int // resolved or unresolved, with a closing time
	WithinHour      int // of Closed: closed less than one hour after received (a data-quality figure)
	Resolved        int
	Collective      int
	Proactive       int // found by grid patrol or a neighbour group before any hotline ticket
	Meeting         int // settled through a meeting
	Surveyed        int
	Solved          int
	RespondedInTime int
	Answered        int // surveyed with a satisfaction answer
	Satisfied       int
	Basically       int
	days            []float64 // time to close of the closed cases
}

// Add counts one case.
func (c *Counts) Add(x *privacy.Case) {
	c.Received++
	if x.Collective {
		c.Collective++
	}
	if x.Channel == cases.GridPatrol || x.Channel == cases.NeighbourGroup {
		c.Proactive++
	}
	if x.Method != cases.Direct && x.Method != "" {
		c.Meeting++
	}
	if x.Status == cases.Resolved {
		c.Resolved++
	}
	if x.Status == cases.Withdrawn {
		c.Withdrawn++
	}
	if x.Closed() && (x.Status == cases.Resolved || x.Status == cases.Unresolved) {
		c.Closed++
		c.days = append(c.days, x.ClosedAt.Sub(x.ReceivedAt).Hours()/24)
		if x.ClosedAt.Sub(x.ReceivedAt) < time.Hour {
			c.WithinHour++
		}
	}
	if x.Surveyed {
		c.Surveyed++
		if x.Solved == cases.Yes {
			c.Solved++
		}
		if x.RespondedInTime == cases.Yes {
			c.RespondedInTime++
		}
		if x.Satisfaction != "" {
			c.Answered++
			switch x.Satisfaction {
			case cases.Satisfied:
				c.Satisfied++
			case cases.BasicallySatisfied:
				c.Basically++
			}
		}
	}
}

// Count is a published count: Hidden when it is small enough to identify someone.
type Count struct {
	N      int
	Hidden bool
}

// Rate is a published rate with its numerator and denominator.
type Rate struct {
	Num    float64
	Den    int
	Hidden bool // suppressed: the denominator or the numerator is a hidden small count
}

// None reports a rate with nothing to divide by.
func (r Rate) None() bool { return r.Den == 0 }

// Percent is the rate in percent.
func (r Rate) Percent() float64 {
	if r.Den == 0 {
		return 0
	}
	return 100 * r.Num / float64(r.Den)
}

// Days is a duration figure in days; Hidden or None when it cannot be published.
type Days struct {
	Value  float64
	None   bool
	Hidden bool
}

// Figures are the published figures of a set of cases.
type Figures struct {
	Received, Closed, Resolved, Collective, Proactive, Meeting, Surveyed Count
	Response, Resolution, Satisfaction, StrictSatisfaction, Closure      Rate
	MedianDays, P90Days                                                  Days
	// WithinHour counts the closed cases closed less than one hour after they were received
	// (exactly 60 minutes is not within the hour); WithinHourShare is their share of the closed
	// cases. A data-quality figure: they stay in the time to close like every closed case.
	WithinHour      Count
	WithinHourShare Rate
}

// figures derives the published figures from c; hidden says which of its measures are
// suppressed. A rate is hidden when any count it is computed from is.
func (c *Counts) figures(o Options, hidden func(measure string) bool) Figures {
	count := func(m string, n int) Count { return Count{N: n, Hidden: hidden(m)} }
	anyHidden := func(ms ...string) bool {
		for _, m := range ms {
			if hidden(m) {
				return true
			}
		}
		return false
	}
	f := Figures{
		Received: count("received", c.Received), Closed: count("closed", c.Closed),
		Resolved: count("resolved", c.Resolved), Collective: count("collective", c.Collective),
		Proactive: count("proactive", c.Proactive), Meeting: count("meeting", c.Meeting),
		Surveyed: count("surveyed", c.Surveyed),
	}
	f.Response = Rate{Num: float64(c.RespondedInTime), Den: c.Surveyed, Hidden: anyHidden("responded", "surveyed")}
	f.Resolution = Rate{Num: float64(c.Solved), Den: c.Surveyed, Hidden: anyHidden("solved", "surveyed")}
	f.Satisfaction = Rate{Num: float64(c.Satisfied) + o.Weight*float64(c.Basically), Den: c.Answered,
		Hidden: anyHidden("satisfied", "basically", "answered")}
	f.StrictSatisfaction = Rate{Num: float64(c.Satisfied), Den: c.Answered, Hidden: anyHidden("satisfied", "answered")}
	f.Closure = Rate{Num: float64(c.Closed), Den: c.Received - c.Withdrawn, Hidden: anyHidden("closed", "received", "withdrawn")}
	f.WithinHour = count("within_hour", c.WithinHour)
	f.WithinHourShare = Rate{Num: float64(c.WithinHour), Den: c.Closed, Hidden: anyHidden("within_hour", "closed", "over_hour")}
	sort.Float64s(c.days)
	f.MedianDays = Days{Value: Percentile(c.days, 50), None: len(c.days) == 0, Hidden: hidden("closed")}
	f.P90Days = Days{Value: Percentile(c.days, 90), None: len(c.days) == 0, Hidden: hidden("closed")}
	return f
}

// Percentile returns the p-th percentile of sorted values by the nearest-rank method, or 0 for
// none.
func Percentile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	if rank < 1 {
		rank = 1
	}
	return sorted[rank-1]
}

// Window returns the start of the 12 months that end with the day before now: the period of the
// headline figures.
func Window(now time.Time) (from, to time.Time) {
	to = time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location())
	return to.AddDate(-1, 0, 0), to
}

package stats

import (
	"strings"
	"time"

	"gongshi/generator/sdc"
)

// The published-values ledger (SPEC §7.4). A build that has one audits its counts against
// every count earlier builds published and the equations between them, and records its own
// counts of closed periods in a copy for the caller to write back. Only counts that no later
// build may change are recorded: cases received in a month, a year or a span of months that
// has ended before the build's day. The other measures (closed, surveyed, satisfied, …) of a
// month go on changing as its cases are closed and surveyed, so they are not frozen; the 12-month
// window ends on the build's day and is never recorded.

// ledgerRun is the ledger of one Compute: the values and equations of earlier builds, the
// release name of this build, and which cells are closed.
type ledgerRun struct {
	prev    *sdc.Ledger
	next    *sdc.Ledger
	release string
	now     time.Time
}

// closed reports whether a cell of this build counts cases received in a period that ended
// before the month of the build's day: the cells the ledger records.
func (lr *ledgerRun) closed(id sdc.CellID) bool {
	var area, measure, period string
	for _, part := range strings.Split(string(id), "|") {
		dim, val, _ := strings.Cut(part, "=")
		switch dim {
		case "area":
			area = val
		case "measure":
			measure = val
		case "period":
			period = val
		}
	}
	if measure != "received" || area == "" || area == "window" {
		return false
	}
	this := lr.now.Format("2006-01")
	if m, ok := scope(area, "month=", 7); ok {
		return m < this
	}
	if y, ok := scope(area, "year=", 4); ok {
		return y < this[:4]
	}
	_, last, ok := strings.Cut(period, "..")
	return ok && len(last) == 7 && last < this
}

// scope finds dim's value of length n in an area key such as "community=x,month=2022-07".
func scope(area, dim string, n int) (string, bool) {
	i := strings.Index(area, dim)
	if i < 0 || len(area) < i+len(dim)+n {
		return "", false
	}
	return area[i+len(dim) : i+len(dim)+n], true
}

// timeScoped reports whether an area key names its own period (a month or a year), so that its
// cells keep their ids from build to build whatever span of months the build has.
func timeScoped(key string) bool {
	return strings.Contains(key, "month=") || strings.Contains(key, "year=")
}

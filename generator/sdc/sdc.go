// Package sdc is statistical disclosure control for the published counts (SPEC §7).
//
// A release is a set of cells, each a non-negative count with a CellID, and equations
// Total = sum(Parts) between them: row and column totals, hierarchy totals (grid → community →
// street → district, subcategory → category), time totals (month → quarter → year) and the
// links between tables (SPEC §7.3). Tables that share a cell share its CellID, so every table
// of a build goes into one Release; AddTable builds the common shapes with all their totals.
// A CellID must keep its meaning from build to build: name closed periods (period=2022-07,
// period=2022-01..2022-07), never "all time" or "last 12 months", or the ledger sees revisions.
//
// The contract:
//
//   - Suppress hides every count 0 < n < k below district level (primary suppression; zero is
//     published as 0 and never hidden; sensitive categories use k ≥ SensitiveK; cells of fewer
//     than MinCallers callers are hidden too), then hides further cells until every equation
//     that contains a hidden cell contains at least two, summing to at least k (complementary
//     suppression, SPEC §7.1): it hides the smallest non-zero published cell of the equation,
//     preferring interior cells to totals, ties broken by CellID, to a fixed point. It then
//     audits the pattern and hides more until the audit passes. The same release gives the same
//     pattern, whatever order its cells and equations were added in. District figures are
//     published as they are (SPEC §0.6) and never hidden.
//   - Audit decides exactly, for every hidden cell, whether its value follows from the release:
//     all its equations, every published cell and every value published earlier (the Ledger,
//     SPEC §7.4). It eliminates with exact integers, per connected group of hidden cells; a
//     cell is reported safe only with a proof (a solution of the homogeneous system that moves
//     it) and recoverable only when exact reduction shows its unit vector in the row space. Any
//     recoverable cell, or any earlier value that changed, fails the audit; the build then exits
//     with ExitAudit (SPEC §6.1). Messages name cells, never their values.
//   - The caller shows every hidden cell with one symbol, whether it is primary or
//     complementary (SPEC §7.1 "Display"), and derives no rate from a hidden count.
//
// The package is pure: no I/O besides the Ledger's reader and writer, no global state.
package sdc

import (
	"fmt"
	"sort"
	"strings"
)

// Thresholds and exit code of SPEC §6.1 and §7.1.
const (
	DefaultK   = 10 // smallest count published below district level
	KFloor     = 5  // a k below this is refused
	SensitiveK = 10 // sensitive categories use at least this k
	MinCallers = 3  // a cell with fewer distinct callers than this is hidden (caller dominance)
	ExitAudit  = 4  // exit code of a build whose statistics audit fails
)

// CellID names one published count, such as "category=noise|community=longshan|period=2022".
// ID builds them from coordinates; any other non-empty string is accepted too.
type CellID string

// Coord is one coordinate of a cell: a dimension and its value, such as community=longshan.
type Coord struct {
	Dim, Val string
}

// C is shorthand for Coord{dim, val}.
func C(dim, val string) Coord { return Coord{Dim: dim, Val: val} }

// ID joins coordinates into a CellID: "dim=val" pairs sorted by dimension, separated by "|".
// A dimension summed over is left out, so the total of a row is the row's ID without the
// column's coordinate, and two tables that share a margin share its CellID. Coordinates with
// an empty Dim are skipped.
func ID(coords ...Coord) CellID {
	cs := make([]Coord, 0, len(coords))
	for _, c := range coords {
		if c.Dim != "" {
			cs = append(cs, c)
		}
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].Dim < cs[j].Dim })
	var b strings.Builder
	for i, c := range cs {
		if i > 0 {
			b.WriteByte('|')
		}
		b.WriteString(c.Dim)
		b.WriteByte('=')
		b.WriteString(c.Val)
	}
	return CellID(b.String())
}

// validCoord reports whether c can be part of an ID that parses back unambiguously.
func validCoord(c Coord) bool {
	return c.Dim != "" && !strings.ContainsAny(c.Dim, "|=") && !strings.ContainsAny(c.Val, "|=")
}

// Level is the geography level of a cell. It decides the threshold: District cells are
// published as they are (SPEC §0.6: the rule applies below district level) and never hidden;
// a Sensitive cell at Grid level is refused (SPEC §7.1 geography floor).
type Level uint8

// Levels, finest first. Unspecified is treated like Community: below district level.
const (
	Unspecified Level = iota
	Grid
	Community
	Street
	District
)

func (l Level) String() string {
	switch l {
	case Unspecified:
		return "unspecified"
	case Grid:
		return "grid"
	case Community:
		return "community"
	case Street:
		return "street"
	case District:
		return "district"
	}
	return fmt.Sprintf("Level(%d)", uint8(l))
}

// Set is a set of cells, such as the hidden ones. A false entry is the same as no entry.
type Set map[CellID]bool

// Has reports whether id is in the set.
func (s Set) Has(id CellID) bool { return s[id] }

// Len is the number of cells in the set.
func (s Set) Len() int {
	n := 0
	for _, in := range s {
		if in {
			n++
		}
	}
	return n
}

// Sorted lists the cells of the set in CellID order.
func (s Set) Sorted() []CellID {
	out := make([]CellID, 0, len(s))
	for id, in := range s {
		if in {
			out = append(out, id)
		}
	}
	sortIDs(out)
	return out
}

// Clone copies the set.
func (s Set) Clone() Set {
	out := make(Set, len(s))
	for id, in := range s {
		if in {
			out[id] = true
		}
	}
	return out
}

func sortIDs(ids []CellID) {
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
}

// KnownValue is a value an outsider already knows: a count published in an earlier release
// (Ledger.Known). The audit treats it as a constant.
type KnownValue struct {
	Cell    CellID
	Value   int
	Release string // the release that published it, for messages
}

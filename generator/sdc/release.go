package sdc

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Cell is one count of a release.
type Cell struct {
	ID        CellID
	Value     int   // the count; never negative
	Level     Level // District: published as is, never hidden
	Sensitive bool  // a sensitive category (SPEC §7.1): k is at least SensitiveK
	Callers   int   // distinct callers behind Value when known, 0 when not (caller dominance)
}

// Equation says Total = sum(Parts). Its cells are distinct.
type Equation struct {
	Total CellID
	Parts []CellID
}

// Release is the set of cells and equations of one build. Add every table of the build to one
// Release: a cell shared by two tables (a community's yearly total in a by-community table and
// as the margin of a community × category table) is added by both with the same CellID and the
// same value, which links the tables. The zero Release is not usable; call NewRelease.
type Release struct {
	cells map[CellID]Cell
	eqs   []Equation
	seen  map[string]bool // canonical keys of eqs
}

// NewRelease returns an empty release.
func NewRelease() *Release {
	return &Release{cells: map[CellID]Cell{}, seen: map[string]bool{}}
}

// Add adds a cell. Adding the same cell twice is allowed (linked tables share cells); adding
// a cell with the same ID but another value or other attributes is an error.
func (r *Release) Add(c Cell) error {
	if c.ID == "" {
		return errors.New("sdc: cell with an empty ID")
	}
	if c.Value < 0 {
		return fmt.Errorf("sdc: cell %s has a negative count", c.ID)
	}
	if old, ok := r.cells[c.ID]; ok {
		if old != c {
			return fmt.Errorf("sdc: cell %s added twice with different values or attributes", c.ID)
		}
		return nil
	}
	r.cells[c.ID] = c
	return nil
}

// AddEquation adds Total = sum(Parts). The cells may be added before or after; Validate checks
// that they exist and that the sum holds. Adding the same equation twice (parts in any order)
// keeps one.
func (r *Release) AddEquation(total CellID, parts ...CellID) error {
	if len(parts) == 0 {
		return fmt.Errorf("sdc: equation for %s has no parts", total)
	}
	ps := append([]CellID(nil), parts...)
	sortIDs(ps)
	for i, p := range ps {
		if p == total || (i > 0 && ps[i-1] == p) {
			return fmt.Errorf("sdc: equation for %s names cell %s twice", total, p)
		}
	}
	key := equationKey(total, ps)
	if r.seen[key] {
		return nil
	}
	r.seen[key] = true
	r.eqs = append(r.eqs, Equation{Total: total, Parts: ps})
	return nil
}

func equationKey(total CellID, sortedParts []CellID) string {
	var b strings.Builder
	b.WriteString(string(total))
	for _, p := range sortedParts {
		b.WriteByte('\x00')
		b.WriteString(string(p))
	}
	return b.String()
}

// Cell returns the cell with the given ID.
func (r *Release) Cell(id CellID) (Cell, bool) {
	c, ok := r.cells[id]
	return c, ok
}

// Len is the number of cells.
func (r *Release) Len() int { return len(r.cells) }

// Cells lists the cells in CellID order.
func (r *Release) Cells() []Cell {
	out := make([]Cell, 0, len(r.cells))
	for _, c := range r.cells {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Equations lists the equations in canonical order: by total, then by parts; the parts of each
// are sorted.
func (r *Release) Equations() []Equation {
	out := append([]Equation(nil), r.eqs...)
	sort.Slice(out, func(i, j int) bool { return lessEquation(out[i], out[j]) })
	return out
}

func lessEquation(a, b Equation) bool {
	if a.Total != b.Total {
		return a.Total < b.Total
	}
	for i := 0; i < len(a.Parts) && i < len(b.Parts); i++ {
		if a.Parts[i] != b.Parts[i] {
			return a.Parts[i] < b.Parts[i]
		}
	}
	return len(a.Parts) < len(b.Parts)
}

// Validate checks the release: every equation names cells that exist and holds, and no
// sensitive cell is below community level. A failure is a programming error in whoever built
// the release; all failures are returned, in a stable order.
func (r *Release) Validate() error {
	_, err := r.index()
	return err
}

// index is the release in the form Suppress and Audit work on: cells numbered in CellID order,
// equations in canonical order as lists of cell numbers, total first.
type index struct {
	cells   []Cell
	pos     map[CellID]int32
	eqs     [][]int32 // eqs[e][0] is the total, the rest are parts
	byCell  [][]int32 // the equations each cell is in
	isTotal []bool    // the cell is the total of some equation
}

func (r *Release) index() (*index, error) {
	var errs []string
	x := &index{cells: r.Cells(), pos: make(map[CellID]int32, len(r.cells))}
	for i, c := range x.cells {
		x.pos[c.ID] = int32(i)
		if c.Sensitive && c.Level == Grid {
			errs = append(errs, fmt.Sprintf("sensitive cell %s is at grid level (SPEC §7.1: never below community)", c.ID))
		}
	}
	x.byCell = make([][]int32, len(x.cells))
	x.isTotal = make([]bool, len(x.cells))
	for _, e := range r.Equations() {
		row := make([]int32, 0, len(e.Parts)+1)
		missing := false
		for _, id := range append([]CellID{e.Total}, e.Parts...) {
			p, ok := x.pos[id]
			if !ok {
				errs = append(errs, fmt.Sprintf("equation for %s names cell %s, which was not added", e.Total, id))
				missing = true
				continue
			}
			row = append(row, p)
		}
		if missing {
			continue
		}
		sum := 0
		for _, p := range row[1:] {
			sum += x.cells[p].Value
		}
		if x.cells[row[0]].Value != sum {
			// No values in the message: build logs are public and the cells may be small.
			errs = append(errs, fmt.Sprintf("equation for %s does not hold: the parts do not sum to the total", e.Total))
			continue
		}
		ei := int32(len(x.eqs))
		x.eqs = append(x.eqs, row)
		x.isTotal[row[0]] = true
		for _, p := range row {
			x.byCell[p] = append(x.byCell[p], ei)
		}
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("sdc: invalid release:\n  %s", strings.Join(errs, "\n  "))
	}
	return x, nil
}

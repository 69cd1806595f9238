package sdc

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// grid builds an r × c table with margins, every interior cell 20 unless counts says otherwise,
// and returns it with the hidden set drawn in mask: one string per row of the table including
// the totals row, one character per column including the totals column, 'x' for hidden.
func grid(t *testing.T, counts [][]int, mask []string) (*Release, Set) {
	t.Helper()
	nr, nc := len(mask)-1, len(mask[0])-1
	rows, cols := Flat("row", names("r", nr)...), Flat("col", names("c", nc)...)
	r := NewRelease()
	err := r.AddTable2D(examplePeriod, rows, cols, func(a, b Coord) int {
		i, j := slices.Index(names("r", nr), a.Val), slices.Index(names("c", nc), b.Val)
		if counts != nil {
			return counts[i][j]
		}
		return 20
	})
	if err != nil {
		t.Fatal(err)
	}
	hidden := Set{}
	for i, line := range mask {
		for j, ch := range line {
			if ch != 'x' {
				continue
			}
			var cs []Coord
			if i < nr {
				cs = append(cs, C("row", names("r", nr)[i]))
			}
			if j < nc {
				cs = append(cs, C("col", names("c", nc)[j]))
			}
			hidden[ID(append(cs, examplePeriod...)...)] = true
		}
	}
	return r, hidden
}

// cellName is the grid's cell in the "r01/c02" shorthand of the test table, "T" for totals.
func cellName(id CellID) string {
	row, col := "T", "T"
	for _, part := range strings.Split(string(id), "|") {
		if v, ok := strings.CutPrefix(part, "row="); ok {
			row = v
		}
		if v, ok := strings.CutPrefix(part, "col="); ok {
			col = v
		}
	}
	return row + "/" + col
}

func TestAuditCases(t *testing.T) {
	for _, tc := range []struct {
		name   string
		counts [][]int
		mask   []string
		known  map[string]int // cellName → value published earlier
		want   []string       // recoverable, as cellName
	}{
		{name: "one hidden cell in a row and column is given by either total",
			mask: []string{"x...", "....", "....", "...."}, want: []string{"r01/c01"}},
		{name: "a rectangle is safe",
			mask: []string{"xx..", "xx..", "....", "...."}},
		{name: "two hidden in a row but alone in their columns",
			mask: []string{"xx..", "....", "....", "...."}, want: []string{"r01/c01", "r01/c02"}},
		{name: "a row hidden with its total is safe when the columns have partners",
			mask: []string{"xx.x", "xx.x", "....", "...."}},
		{name: "a bridge between two rectangles: every line has two hidden cells, the bridge is recoverable",
			mask: []string{"xxx...", "xx....", "..xx..", "..xx..", "......", "......"}, want: []string{"r01/c03"}},
		{name: "a cycle through the totals is safe",
			mask: []string{"x..x", "....", "....", "x..x"}},
		{name: "a hidden zero counts as published",
			counts: [][]int{{5, 0, 20}, {5, 20, 20}, {20, 20, 20}},
			mask:   []string{"xx..", "xx..", "....", "...."}, want: []string{"r01/c01", "r02/c01", "r02/c02"}},
		{name: "an earlier published value is a constant",
			mask: []string{"xx..", "xx..", "....", "...."}, known: map[string]int{"r02/c02": 20},
			want: []string{"r01/c01", "r02/c01", "r01/c02", "r02/c02"}}, // in CellID order: col= sorts first
		{name: "an earlier value that changed is reported as revised",
			mask: []string{"xx..", "xx..", "....", "...."}, known: map[string]int{"r03/c03": 21}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, hidden := grid(t, tc.counts, tc.mask)
			var known []KnownValue
			for _, c := range r.Cells() {
				if v, ok := tc.known[cellName(c.ID)]; ok {
					known = append(known, KnownValue{Cell: c.ID, Value: v, Release: "earlier"})
				}
			}
			rep := Audit(r, hidden, known)
			if rep.Invalid != nil {
				t.Fatal(rep.Invalid)
			}
			var got []string
			for _, id := range rep.Recoverable {
				got = append(got, cellName(id))
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("recoverable %v, want %v", got, tc.want)
			}
			if ref := referenceAudit(r, hidden, known); !slices.Equal(ref, rep.Recoverable) {
				t.Errorf("reference audit says %v", ref)
			}
			revised := 0
			for name, v := range tc.known {
				if v != 20 {
					revised++
					if !slices.ContainsFunc(rep.Revised, func(id CellID) bool { return cellName(id) == name }) {
						t.Errorf("revised %v: want %s", rep.Revised, name)
					}
				}
			}
			if len(rep.Revised) != revised || rep.OK() != (len(tc.want) == 0 && revised == 0) {
				t.Errorf("revised %v, OK %v", rep.Revised, rep.OK())
			}
		})
	}
}

// TestUnderSuppressed publishes the worked example with one complementary cell shown again:
// the audit must fail, name the cells that can be recomputed, and not print any value.
func TestUnderSuppressed(t *testing.T) {
	r := exampleRelease(t, exampleCounts)
	res, err := Suppress(r, 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, drop := range res.Secondary {
		hidden := res.Hidden.Clone()
		delete(hidden, drop)
		rep := Audit(r, hidden, nil)
		var ae *AuditError
		if err := rep.Err(); !errors.As(err, &ae) {
			t.Errorf("showing %s: audit error %v, want an *AuditError", drop, err)
			continue
		}
		if ae.ExitCode() != 4 || len(ae.Recoverable) == 0 {
			t.Errorf("showing %s: exit %d, recoverable %v", drop, ae.ExitCode(), ae.Recoverable)
		}
		msg := ae.Error()
		for _, id := range ae.Recoverable {
			if !strings.Contains(msg, "\n    "+string(id)) {
				t.Errorf("message does not name %s:\n%s", id, msg)
			}
			c, _ := r.Cell(id)
			if strings.Contains(msg, fmt.Sprintf(" %d\n", c.Value)) || strings.Contains(msg, fmt.Sprintf("=%d ", c.Value)) {
				t.Errorf("message shows a value:\n%s", msg)
			}
		}
	}
}

func TestAuditInvalid(t *testing.T) {
	r := exampleRelease(t, exampleCounts)
	if rep := Audit(r, Set{"nonsense": true}, nil); rep.Invalid == nil || rep.OK() || rep.Err() != rep.Invalid {
		t.Errorf("hidden cell not in the release: %+v", rep)
	}
	bad := NewRelease()
	for _, c := range []Cell{{ID: "t", Value: 5}, {ID: "a", Value: 2}, {ID: "b", Value: 2}} {
		if err := bad.Add(c); err != nil {
			t.Fatal(err)
		}
	}
	if err := bad.AddEquation("t", "a", "b"); err != nil {
		t.Fatal(err)
	}
	rep := Audit(bad, nil, nil)
	if rep.Invalid == nil || !strings.Contains(rep.Invalid.Error(), "equation for t does not hold") {
		t.Errorf("equation that does not hold: %v", rep.Invalid)
	}
}

// TestAuditMatchesReference checks Audit against the dense rational reference on random
// releases, hidden sets and earlier values.
func TestAuditMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(42, 1))
	for i := range 300 {
		r := randomRelease(rng)
		hidden := Set{}
		var known []KnownValue
		p := 0.2 + 0.6*rng.Float64()
		for _, c := range r.Cells() {
			if rng.Float64() < p {
				hidden[c.ID] = true
			}
			if rng.IntN(20) == 0 {
				known = append(known, KnownValue{Cell: c.ID, Value: c.Value})
			}
		}
		rep := Audit(r, hidden, known)
		if rep.Invalid != nil {
			t.Fatal(rep.Invalid)
		}
		if ref := referenceAudit(r, hidden, known); !slices.Equal(ref, rep.Recoverable) {
			t.Fatalf("release %d: audit %v, reference %v", i, rep.Recoverable, ref)
		}
	}
}

// TestAuditMatchesReferenceDistrict does the same on small three-way district tables with a
// district root that is published as is, for primary suppression alone and for Suppress.
func TestAuditMatchesReferenceDistrict(t *testing.T) {
	found := 0
	defer func() {
		if found == 0 {
			t.Error("no case with recoverable cells: the test checks nothing")
		}
	}()
	for seed := range uint64(6) {
		r := district(seed, 3+int(seed%3), 4, 3+int(seed%2), 400+200*int(seed))
		res, err := Suppress(r, DefaultK)
		if err != nil {
			t.Fatal(err)
		}
		primary := Set{}
		for _, id := range res.Primary {
			primary[id] = true
		}
		for name, hidden := range map[string]Set{"primary": primary, "suppressed": res.Hidden} {
			rep := Audit(r, hidden, nil)
			if ref := referenceAudit(r, hidden, nil); !slices.Equal(ref, rep.Recoverable) {
				t.Errorf("seed %d, %s: audit %v, reference %v", seed, name, rep.Recoverable, ref)
			}
			found += len(rep.Recoverable)
		}
	}
}

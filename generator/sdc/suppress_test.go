package sdc

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// checkPattern checks the properties every suppression pattern must have (SPEC §7.1).
func checkPattern(t *testing.T, r *Release, res *Result) {
	t.Helper()
	kOf := func(c Cell) int {
		switch {
		case c.Level == District:
			return 1
		case c.Sensitive:
			return max(res.K, SensitiveK)
		}
		return res.K
	}
	for _, c := range r.Cells() {
		hidden := res.Hidden.Has(c.ID)
		switch {
		case c.Value == 0 && hidden:
			t.Errorf("zero cell %s is hidden", c.ID)
		case !hidden && c.Value > 0 && c.Value < kOf(c):
			t.Errorf("small cell %s is published", c.ID)
		case !hidden && c.Level != District && c.Value > 0 && c.Callers > 0 && c.Callers < MinCallers:
			t.Errorf("cell %s of %d callers is published", c.ID, c.Callers)
		}
		if v, shown := res.Value(c.ID); shown == hidden || (shown && v != c.Value) {
			t.Errorf("Value(%s) = %d, %v", c.ID, v, shown)
		}
	}
	// Every equation with a hidden cell has two, summing to k, unless nothing is left to hide in
	// it: its other cells are zeros or district figures (T = a + 0 with T and a both below k).
	for _, e := range r.Equations() {
		n, sum, need, exhausted := 0, 0, 0, true
		for _, id := range append([]CellID{e.Total}, e.Parts...) {
			c, _ := r.Cell(id)
			if res.Hidden.Has(id) {
				n, sum, need = n+1, sum+c.Value, max(need, kOf(c))
			} else if c.Value > 0 && c.Level != District {
				exhausted = false
			}
		}
		if n > 0 && (n < 2 || sum < need) && !exhausted {
			t.Errorf("equation for %s: %d hidden cells summing to %d", e.Total, n, sum)
		}
	}
	if n := len(res.Primary) + len(res.Secondary); n != res.Hidden.Len() {
		t.Errorf("%d primary + %d secondary, %d hidden", len(res.Primary), len(res.Secondary), res.Hidden.Len())
	}
	if rep := Audit(r, res.Hidden, nil); !rep.OK() {
		t.Errorf("audit: %v", rep.Err())
	}
}

func TestSuppressProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(2024, 3))
	for i := range 200 {
		r := randomRelease(rng)
		k := KFloor + rng.IntN(11)
		t.Run(fmt.Sprintf("table%03d-k%d", i, k), func(t *testing.T) {
			res, err := Suppress(r, k)
			if err != nil {
				t.Fatal(err)
			}
			checkPattern(t, r, res)
			if ref := referenceAudit(r, res.Hidden, nil); len(ref) > 0 {
				t.Errorf("reference audit: recoverable %v", ref)
			}
			again, err := Suppress(shuffled(r, rng), k)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(again.Hidden.Sorted(), res.Hidden.Sorted()) || !slices.Equal(again.Primary, res.Primary) {
				t.Errorf("not deterministic:\n%v\n%v", res.Hidden.Sorted(), again.Hidden.Sorted())
			}
		})
	}
}

// TestSuppressDistrict runs the benchmark's district table (5,544 cells) at three volumes.
func TestSuppressDistrict(t *testing.T) {
	for _, cases := range []int{12000, 60000, 300000} {
		t.Run(fmt.Sprint(cases), func(t *testing.T) {
			r := district(7, 11, 21, 20, cases)
			res, err := Suppress(r, DefaultK)
			if err != nil {
				t.Fatal(err)
			}
			checkPattern(t, r, res)
			t.Logf("%d cells, %d primary, %d secondary; audit: %d components, largest %d",
				r.Len(), len(res.Primary), len(res.Secondary), res.Audit.Components, res.Audit.Largest)
		})
	}
}

func TestSuppressLevels(t *testing.T) {
	r := NewRelease()
	geo := &Node{Coord: C("district", "jb"), Level: District, Children: []*Node{
		{Coord: C("community", "a"), Level: Community}, {Coord: C("community", "b"), Level: Community}, {Coord: C("community", "c"), Level: Community}}}
	cat := Flat("category", "family", "noise")
	cat.Children[0].Sensitive = true
	counts := map[[2]string]int{{"a", "family"}: 7, {"b", "family"}: 12, {"c", "family"}: 11,
		{"a", "noise"}: 30, {"b", "noise"}: 3, {"c", "noise"}: 40}
	err := r.AddTable(Table{Base: examplePeriod, Dims: []*Node{geo, cat},
		Count: func(l []*Node) int { return counts[[2]string{l[0].Coord.Val, l[1].Coord.Val}] },
		Callers: func(ns []*Node) int {
			if ns[0].Coord.Val == "c" && ns[1].Coord.Val == "noise" {
				return 2
			}
			return 0
		}})
	if err != nil {
		t.Fatal(err)
	}
	id := func(cs ...Coord) CellID { return ID(append(cs, examplePeriod...)...) }
	res, err := Suppress(r, 5)
	if err != nil {
		t.Fatal(err)
	}
	checkPattern(t, r, res)
	for _, tc := range []struct {
		cell    CellID
		primary bool
		why     string
	}{
		{id(C("community", "a"), C("category", "family")), true, "sensitive: k is at least 10 even with k = 5"},
		{id(C("community", "b"), C("category", "noise")), true, "3 < k = 5"},
		{id(C("community", "c"), C("category", "noise")), true, "two callers"},
	} {
		if !slices.Contains(res.Primary, tc.cell) {
			t.Errorf("%s not primary (%s): %v", tc.cell, tc.why, res.Primary)
		}
	}
	for _, c := range r.Cells() {
		if c.Level == District && res.Hidden.Has(c.ID) {
			t.Errorf("district cell %s hidden", c.ID)
		}
	}
	if _, err := Suppress(r, 4); err == nil {
		t.Error("k = 4 accepted")
	}
}

// TestSuppressUnprotectable: a district total must be published, and one community is the only
// one with cases: no complement can protect it, and Suppress says so.
func TestSuppressUnprotectable(t *testing.T) {
	r := NewRelease()
	geo := &Node{Coord: C("district", "jb"), Level: District, Children: []*Node{Leaf("community", "a"), Leaf("community", "b")}}
	if err := r.AddHierarchy(examplePeriod, geo, func(c Coord) int { return map[string]int{"a": 4, "b": 0}[c.Val] }); err != nil {
		t.Fatal(err)
	}
	res, err := Suppress(r, 10)
	var ae *AuditError
	if !errors.As(err, &ae) || res == nil {
		t.Fatalf("err %v, result %v", err, res)
	}
	if want := []CellID{ID(C("community", "a"), examplePeriod[0])}; !slices.Equal(ae.Recoverable, want) {
		t.Errorf("recoverable %v, want %v", ae.Recoverable, want)
	}
}

package sdc

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestID(t *testing.T) {
	for _, tc := range []struct {
		coords []Coord
		want   CellID
	}{
		{[]Coord{C("community", "longshan"), C("category", "noise"), C("period", "2022")}, "category=noise|community=longshan|period=2022"},
		{[]Coord{C("period", "2022"), C("community", "longshan")}, "community=longshan|period=2022"},
		{[]Coord{{}, C("period", "2022")}, "period=2022"},
		{nil, ""},
	} {
		if got := ID(tc.coords...); got != tc.want {
			t.Errorf("ID(%v) = %q, want %q", tc.coords, got, tc.want)
		}
	}
}

func TestReleaseErrors(t *testing.T) {
	r := NewRelease()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(r.Add(Cell{ID: "t", Value: 3}))
	must(r.Add(Cell{ID: "t", Value: 3})) // the same cell again: a linked table
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"empty ID", r.Add(Cell{Value: 1}), "empty ID"},
		{"negative", r.Add(Cell{ID: "n", Value: -1}), "negative"},
		{"conflict", r.Add(Cell{ID: "t", Value: 4}), "added twice"},
		{"no parts", r.AddEquation("t"), "no parts"},
		{"total among parts", r.AddEquation("t", "a", "t"), "twice"},
		{"part twice", r.AddEquation("t", "a", "a"), "twice"},
	} {
		if tc.err == nil || !strings.Contains(tc.err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one mentioning %q", tc.name, tc.err, tc.want)
		}
	}
	must(r.AddEquation("t", "a", "b"))
	must(r.AddEquation("t", "b", "a")) // the same equation: kept once
	must(r.Add(Cell{ID: "a", Value: 1}))
	must(r.Add(Cell{ID: "g", Value: 2, Sensitive: true, Level: Grid}))
	must(r.AddEquation("g", "x"))
	if n := len(r.Equations()); n != 2 {
		t.Errorf("%d equations, want 2", n)
	}
	err := r.Validate()
	for _, want := range []string{"names cell b, which was not added", "names cell x", "sensitive cell g is at grid level"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate: %v, want %q", err, want)
		}
	}
	if _, err := Suppress(r, 10); err == nil {
		t.Error("Suppress accepted an invalid release")
	}
}

// TestAddTable checks the cells and equations of a 2 × 3 table and a hierarchy.
func TestAddTable(t *testing.T) {
	r := NewRelease()
	err := r.AddTable2D(examplePeriod, Flat("community", "a", "b"), Flat("category", "x", "y", "z"),
		func(row, col Coord) int { return len(row.Val) + 10*len(col.Val) + int(col.Val[0]-'x') })
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range r.Cells() {
		got = append(got, fmt.Sprintf("%s=%d", c.ID, c.Value))
	}
	want := []string{
		"category=x|community=a|period=2024-03=11", "category=x|community=b|period=2024-03=11", "category=x|period=2024-03=22",
		"category=y|community=a|period=2024-03=12", "category=y|community=b|period=2024-03=12", "category=y|period=2024-03=24",
		"category=z|community=a|period=2024-03=13", "category=z|community=b|period=2024-03=13", "category=z|period=2024-03=26",
		"community=a|period=2024-03=36", "community=b|period=2024-03=36", "period=2024-03=72",
	}
	if !slices.Equal(got, want) {
		t.Errorf("cells:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if n := len(r.Equations()); n != 2+3+2 {
		t.Errorf("%d equations, want 7 (2 rows, 3 columns, 2 for the totals)", n)
	}
	if err := r.Validate(); err != nil {
		t.Error(err)
	}
	// The by-community table of the same period shares the row totals: adding it adds
	// nothing new but its equation, already there.
	if err := r.AddHierarchy(examplePeriod, Flat("community", "a", "b"), func(c Coord) int { return 36 }); err != nil {
		t.Fatal(err)
	}
	if r.Len() != 12 || len(r.Equations()) != 7 {
		t.Errorf("linked table: %d cells, %d equations", r.Len(), len(r.Equations()))
	}
	// A different count for a shared cell is an error.
	if err := r.AddHierarchy(examplePeriod, Flat("community", "a", "b"), func(c Coord) int { return 35 }); err == nil {
		t.Error("conflicting linked table accepted")
	}

	h := NewRelease()
	geo := &Node{Coord: C("district", "jb"), Level: District, Children: []*Node{
		{Coord: C("street", "s1"), Level: Street, Children: []*Node{
			{Coord: C("community", "c1"), Level: Community, Children: []*Node{
				{Coord: C("grid", "g1"), Level: Grid}, {Coord: C("grid", "g2"), Level: Grid}}},
			{Coord: C("community", "c2"), Level: Community}}}}}
	if err := h.AddHierarchy(examplePeriod, geo, func(c Coord) int { return 5 }); err != nil {
		t.Fatal(err)
	}
	levels := map[CellID]string{}
	for _, c := range h.Cells() {
		levels[c.ID] = fmt.Sprintf("%s:%d", c.Level, c.Value)
	}
	wantLevels := map[CellID]string{
		"district=jb|period=2024-03": "district:15", "period=2024-03|street=s1": "street:15",
		"community=c1|period=2024-03": "community:10", "community=c2|period=2024-03": "community:5",
		"grid=g1|period=2024-03": "grid:5", "grid=g2|period=2024-03": "grid:5",
	}
	if fmt.Sprint(levels) != fmt.Sprint(wantLevels) || len(h.Equations()) != 3 {
		t.Errorf("hierarchy: %v, %d equations", levels, len(h.Equations()))
	}
}

func TestAddTableErrors(t *testing.T) {
	count := func([]*Node) int { return 1 }
	leaf := Leaf("a", "1")
	for _, tc := range []struct {
		name string
		t    Table
		want string
	}{
		{"no dims", Table{Count: count}, "without"},
		{"no count", Table{Dims: []*Node{Flat("a", "1")}}, "without"},
		{"nil dim", Table{Dims: []*Node{nil}, Count: count}, "nil"},
		{"bad coord", Table{Dims: []*Node{Flat("a", "x|y")}, Count: count}, "bad coordinate"},
		{"bad base", Table{Base: []Coord{C("p", "=")}, Dims: []*Node{Flat("a", "1")}, Count: count}, "bad base"},
		{"repeated node", Table{Base: examplePeriod, Dims: []*Node{Tree(Coord{}, leaf, leaf)}, Count: count}, "twice"},
		{"same dimension twice", Table{Base: []Coord{C("a", "0")}, Dims: []*Node{Flat("a", "1")}, Count: count}, "appears twice"},
		{"no grand total ID", Table{Dims: []*Node{Flat("a", "1")}, Count: count}, "grand total"},
		{"negative", Table{Base: examplePeriod, Dims: []*Node{Flat("a", "1")}, Count: func([]*Node) int { return -1 }}, "negative"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := NewRelease().AddTable(tc.t); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one mentioning %q", err, tc.want)
			}
		})
	}
}

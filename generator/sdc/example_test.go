package sdc

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; got:\n%s", path, got)
	}
}

// The worked example of SPEC §7.1: 4 communities × 4 categories with row and column totals
// and the grand total, k = 10. The table has exactly 6 cells from 1 to 9, placed so that
// primary suppression alone leaves each of them recomputable from the margins (the hidden
// cells form no cycle of rows and columns).
//
// The SPEC says complementary suppression then hides 5 more cells "including one column total".
// Ours hides 5 more as well, 3 interior cells and 2 totals: water's only non-zero cell is
// hidden to protect dongfang's 7, so water's column total must go too, and the column totals
// themselves sum to the grand total, so a second column total (property's, the smallest) is
// hidden with it. With the grand total published, one hidden column total alone would be
// recomputable: that is the "including one column total" of the SPEC plus its partner.
var (
	exampleCommunities = []string{"anhe", "baiyun", "chunjiang", "dongfang"}
	exampleCategories  = []string{"noise", "parking", "property", "water"}
	exampleCounts      = [4][4]int{
		{17, 2, 27, 0},
		{8, 5, 7, 0},
		{38, 43, 6, 0},
		{0, 0, 7, 34},
	}
	examplePeriod = []Coord{C("period", "2024-03")}
)

func exampleRelease(t testing.TB, counts [4][4]int) *Release {
	r := NewRelease()
	row := func(c Coord) int { return slices.Index(exampleCommunities, c.Val) }
	col := func(c Coord) int { return slices.Index(exampleCategories, c.Val) }
	err := r.AddTable2D(examplePeriod, Flat("community", exampleCommunities...), Flat("category", exampleCategories...),
		func(a, b Coord) int { return counts[row(a)][col(b)] })
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// render draws the example table with × for every hidden cell, as the site shows it.
func render(r *Release, hidden Set) string {
	var b strings.Builder
	cell := func(coords ...Coord) string {
		id := ID(append(coords, examplePeriod...)...)
		c, _ := r.Cell(id)
		if hidden.Has(id) {
			return "×"
		}
		return fmt.Sprint(c.Value)
	}
	fmt.Fprintf(&b, "%-10s", "")
	for _, k := range exampleCategories {
		fmt.Fprintf(&b, "%9s", k)
	}
	fmt.Fprintf(&b, "%9s\n", "total")
	for _, cm := range exampleCommunities {
		fmt.Fprintf(&b, "%-10s", cm)
		for _, k := range exampleCategories {
			fmt.Fprintf(&b, "%9s", cell(C("community", cm), C("category", k)))
		}
		fmt.Fprintf(&b, "%9s\n", cell(C("community", cm)))
	}
	fmt.Fprintf(&b, "%-10s", "total")
	for _, k := range exampleCategories {
		fmt.Fprintf(&b, "%9s", cell(C("category", k)))
	}
	fmt.Fprintf(&b, "%9s\n", cell())
	return b.String()
}

func TestWorkedExample(t *testing.T) {
	r := exampleRelease(t, exampleCounts)
	if r.Len() != 25 || len(r.Equations()) != 10 {
		t.Fatalf("%d cells, %d equations; want 25 and 10", r.Len(), len(r.Equations()))
	}
	res, err := Suppress(r, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Primary) != 6 {
		t.Fatalf("primary %v: want 6 cells", res.Primary)
	}
	primary := Set{}
	for _, id := range res.Primary {
		primary[id] = true
	}
	// Primary suppression alone: every hidden cell can be recomputed.
	before := Audit(r, primary, nil)
	if !slices.Equal(before.Recoverable, res.Primary) {
		t.Errorf("primary only: recoverable %v, want all of %v", before.Recoverable, res.Primary)
	}
	var ae *AuditError
	if err := before.Err(); !errors.As(err, &ae) || ae.ExitCode() != ExitAudit {
		t.Errorf("primary only: error %v, want an *AuditError with exit code %d", err, ExitAudit)
	}
	// After complementary suppression: nothing can.
	if after := Audit(r, res.Hidden, nil); !after.OK() || len(after.Recoverable) != 0 {
		t.Errorf("after complementary suppression: %v", after.Err())
	}
	totals := 0
	for _, id := range res.Secondary {
		if !strings.Contains(string(id), "community=") || !strings.Contains(string(id), "category=") {
			totals++
		}
	}
	if len(res.Secondary) != 5 || totals != 2 {
		t.Errorf("secondary %v: want 5 cells, 2 of them totals", res.Secondary)
	}
	var out strings.Builder
	fmt.Fprintf(&out, "SPEC §7.1 worked example, k = 10\n\ncounts\n%s\n", render(r, nil))
	fmt.Fprintf(&out, "primary suppression only: %d hidden, %d recoverable\n%s\n", primary.Len(), len(before.Recoverable), render(r, primary))
	fmt.Fprintf(&out, "with complementary suppression: %d hidden (%d more), %d recoverable\n%s",
		res.Hidden.Len(), len(res.Secondary), len(res.Audit.Recoverable), render(r, res.Hidden))
	golden(t, "worked-example.golden", []byte(out.String()))
}

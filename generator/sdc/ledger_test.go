package sdc

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestLedgerRoundTrip(t *testing.T) {
	r := exampleRelease(t, exampleCounts)
	res, err := Suppress(r, 10)
	if err != nil {
		t.Fatal(err)
	}
	l := NewLedger()
	if err := l.Record("2024-04", r, res.Hidden); err != nil {
		t.Fatal(err)
	}
	if l.Len() != r.Len()-res.Hidden.Len() {
		t.Errorf("%d values recorded, want %d published cells", l.Len(), r.Len()-res.Hidden.Len())
	}
	var buf bytes.Buffer
	if _, err := l.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	golden(t, "ledger.golden.json", buf.Bytes())
	back, err := ReadLedger(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(back.Known(), l.Known()) {
		t.Error("read back differs")
	}
	var again bytes.Buffer
	if _, err := back.WriteTo(&again); err != nil || !bytes.Equal(again.Bytes(), buf.Bytes()) {
		t.Errorf("rewrite differs (%v)", err)
	}
	// A later release keeps the first release of an unchanged value.
	if err := back.Record("2024-05", r, res.Hidden); err != nil {
		t.Fatal(err)
	}
	if e, _ := back.Get(ID(C("community", "anhe"), examplePeriod[0])); e.Release != "2024-04" {
		t.Errorf("release of an unchanged value: %q", e.Release)
	}
	var empty bytes.Buffer
	if _, err := NewLedger().WriteTo(&empty); err != nil {
		t.Fatal(err)
	}
	if l, err := ReadLedger(&empty); err != nil || l.Len() != 0 {
		t.Errorf("empty ledger: %v", err)
	}
}

func TestReadLedgerErrors(t *testing.T) {
	for _, tc := range []struct{ name, doc, want string }{
		{"format", `{"format": "other/1", "cells": {}}`, "format"},
		{"unknown field", `{"format": "gongshi-stats-ledger/1", "cells": {}, "extra": 1}`, "unknown field"},
		{"negative", `{"format": "gongshi-stats-ledger/1", "cells": {"a": {"value": -1, "release": "r"}}}`, "negative"},
		{"no release", `{"format": "gongshi-stats-ledger/1", "cells": {"a": {"value": 1}}}`, "no release"},
		{"trailing", `{"format": "gongshi-stats-ledger/1", "cells": {}} {}`, "trailing"},
		{"not JSON", `cells: {}`, "ledger"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := ReadLedger(strings.NewReader(tc.doc)); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one mentioning %q", err, tc.want)
			}
		})
	}
}

// TestLedgerMovedCase (SPEC §8): March is published; a rebuild moves one March ticket from
// chunjiang/noise to dongfang/noise (a corrected community). The rebuild's own pattern passes
// its own audit, but against the ledger it fails: two community totals were silently revised,
// and dongfang/noise, published as 0, is now hidden, so anyone can difference the two builds
// and learn that one dongfang resident called about noise.
func TestLedgerMovedCase(t *testing.T) {
	r1 := exampleRelease(t, exampleCounts)
	res1, err := Suppress(r1, 10)
	if err != nil {
		t.Fatal(err)
	}
	l := NewLedger()
	if err := l.Record("2024-04", r1, res1.Hidden); err != nil {
		t.Fatal(err)
	}
	moved := exampleCounts
	moved[2][0]-- // chunjiang noise 38 → 37
	moved[3][0]++ // dongfang noise 0 → 1
	r2 := exampleRelease(t, moved)
	res2, err := Suppress(r2, 10)
	if err != nil {
		t.Fatalf("the rebuild alone: %v", err)
	}
	id := func(cs ...Coord) CellID { return ID(append(cs, examplePeriod...)...) }
	rep := Audit(r2, res2.Hidden, l.Known())
	var ae *AuditError
	if !errors.As(rep.Err(), &ae) || ae.ExitCode() != ExitAudit {
		t.Fatalf("audit against the ledger: %v", rep.Err())
	}
	for _, want := range []CellID{id(C("community", "chunjiang")), id(C("community", "dongfang")),
		id(C("community", "dongfang"), C("category", "noise"))} {
		if !slices.Contains(ae.Revised, want) {
			t.Errorf("revised %v: want %s", ae.Revised, want)
		}
	}
	if dn := id(C("community", "dongfang"), C("category", "noise")); !slices.Contains(ae.Recoverable, dn) {
		t.Errorf("recoverable %v: want %s (published as 0 before)", ae.Recoverable, dn)
	}
	// Suppressing with the ledger cannot help: the published values changed.
	if _, err := SuppressKnown(r2, 10, l.Known()); !errors.As(err, &ae) || len(ae.Revised) == 0 {
		t.Errorf("SuppressKnown: %v", err)
	}
	if err := l.Record("2024-05", r2, res2.Hidden); err == nil {
		t.Error("the ledger recorded revised values")
	}
}

// TestLedgerDifferencing: January–February is published per community; the next build adds
// March and the year to date (YTD = Jan–Feb + March). Alone, its pattern passes; against the
// ledger, Jan–Feb is known, so a hidden March count is YTD minus Jan–Feb. SuppressKnown keeps
// the published Jan–Feb values and hides the year to date instead.
func TestLedgerDifferencing(t *testing.T) {
	comms := Flat("community", "anhe", "baiyun", "chunjiang")
	janFeb := map[string]int{"anhe": 30, "baiyun": 25, "chunjiang": 40}
	march := map[string]int{"anhe": 4, "baiyun": 20, "chunjiang": 15}

	r1 := NewRelease()
	if err := r1.AddHierarchy([]Coord{C("period", "2024-01..02")}, comms, func(c Coord) int { return janFeb[c.Val] }); err != nil {
		t.Fatal(err)
	}
	res1, err := Suppress(r1, 10)
	if err != nil || res1.Hidden.Len() != 0 {
		t.Fatalf("first build: %v, hidden %v", err, res1.Hidden.Sorted())
	}
	l := NewLedger()
	if err := l.Record("2024-03", r1, res1.Hidden); err != nil {
		t.Fatal(err)
	}

	r2 := NewRelease()
	ytd := Tree(C("period", "2024-01..03"), Leaf("period", "2024-01..02"), Leaf("period", "2024-03"))
	err = r2.AddTable(Table{Dims: []*Node{comms, ytd}, Count: func(l []*Node) int {
		if l[1].Coord.Val == "2024-03" {
			return march[l[0].Coord.Val]
		}
		return janFeb[l[0].Coord.Val]
	}})
	if err != nil {
		t.Fatal(err)
	}
	anheMarch := ID(C("community", "anhe"), C("period", "2024-03"))
	naive, err := Suppress(r2, 10)
	if err != nil {
		t.Fatalf("second build alone: %v", err)
	}
	rep := Audit(r2, naive.Hidden, l.Known())
	if rep.OK() || !slices.Contains(rep.Recoverable, anheMarch) {
		t.Errorf("audit against the ledger: recoverable %v, want %s among them", rep.Recoverable, anheMarch)
	}
	res2, err := SuppressKnown(r2, 10, l.Known())
	if err != nil {
		t.Fatalf("SuppressKnown: %v", err)
	}
	if !res2.Hidden.Has(anheMarch) {
		t.Errorf("%s published", anheMarch)
	}
	for _, kv := range l.Known() {
		if res2.Hidden.Has(kv.Cell) {
			t.Errorf("%s, published in %s, hidden", kv.Cell, kv.Release)
		}
	}
	if rep := Audit(r2, res2.Hidden, l.Known()); !rep.OK() || rep.Known != 4 {
		t.Errorf("audit of SuppressKnown's pattern: %v (known %d)", rep.Err(), rep.Known)
	}
	if err := l.Record("2024-04", r2, res2.Hidden); err != nil {
		t.Fatal(err)
	}
	// Rebuilding the same data later gives the same pattern and passes.
	again, err := SuppressKnown(r2, 10, l.Known())
	if err != nil || !slices.Equal(again.Hidden.Sorted(), res2.Hidden.Sorted()) {
		t.Errorf("rebuild: %v, hidden %v, want %v", err, again.Hidden.Sorted(), res2.Hidden.Sorted())
	}
}

// TestLedgerExtend: the first build publishes January–February per community with its 2 × 2
// interior hidden (one small count); the next build adds March. Alone, its pattern passes its
// audit, but the first build's row total "a, January–February" is not a cell of the second
// build, so the known value alone links nothing. With the ledger's equations, a's January
// follows from that total minus a's February (now published), and a's March from its new row
// total: Extend brings the equation in, the audit finds both, and SuppressKnown hides more.
// A changed hidden count of a closed period makes Extend fail as a revision.
func TestLedgerExtend(t *testing.T) {
	months := []string{"2024-01", "2024-02", "2024-03"}
	build := func(counts map[string][]int, n int) *Release {
		t.Helper()
		period := C("period", months[0]+".."+months[n-1])
		r := NewRelease()
		add := func(id CellID, v int, lv Level) {
			if err := r.Add(Cell{ID: id, Value: v, Level: lv}); err != nil {
				t.Fatal(err)
			}
		}
		eq := func(total CellID, parts ...CellID) {
			if err := r.AddEquation(total, parts...); err != nil {
				t.Fatal(err)
			}
		}
		var rowTotals, grand []CellID
		colParts := make([][]CellID, n)
		colSum := make([]int, n)
		all := 0
		for _, cm := range []string{"a", "b"} {
			var parts []CellID
			sum := 0
			for j, m := range months[:n] {
				id := ID(C("community", cm), C("month", m))
				add(id, counts[cm][j], Community)
				parts = append(parts, id)
				colParts[j] = append(colParts[j], id)
				colSum[j] += counts[cm][j]
				sum += counts[cm][j]
			}
			row := ID(C("community", cm), period)
			add(row, sum, Community)
			eq(row, parts...)
			rowTotals = append(rowTotals, row)
			all += sum
		}
		for j, m := range months[:n] {
			col := ID(C("month", m))
			add(col, colSum[j], Street)
			eq(col, colParts[j]...)
			grand = append(grand, col)
		}
		total := ID(period)
		add(total, all, District)
		eq(total, rowTotals...)
		eq(total, grand...)
		return r
	}
	counts := map[string][]int{"a": {6, 15, 4}, "b": {20, 40, 30}}
	closed := func(id CellID) bool { return !strings.Contains(string(id), "2024-03") }

	r1 := build(counts, 2)
	res1, err := Suppress(r1, 10)
	if err != nil {
		t.Fatal(err)
	}
	l := NewLedger()
	if err := l.RecordClosed("2024-03", r1, res1.Hidden, closed); err != nil {
		t.Fatal(err)
	}
	aJan, aFeb, aMar := ID(C("community", "a"), C("month", "2024-01")), ID(C("community", "a"), C("month", "2024-02")), ID(C("community", "a"), C("month", "2024-03"))
	aJanFeb := ID(C("community", "a"), C("period", "2024-01..2024-02"))
	if _, ok := l.Get(aJanFeb); !ok || l.Equations() == 0 {
		t.Fatalf("the ledger lacks a's January–February total or the equations (%d)", l.Equations())
	}
	if _, ok := l.Get(aJan); ok {
		t.Fatal("the ledger records a hidden count")
	}
	// The ledger's equations survive the file.
	var buf bytes.Buffer
	if _, err := l.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	l, err = ReadLedger(&buf)
	if err != nil {
		t.Fatal(err)
	}

	r2 := build(counts, 3)
	res2, err := Suppress(r2, 10)
	if err != nil {
		t.Fatalf("the second build alone: %v", err)
	}
	if res2.Hidden.Has(aFeb) || !res2.Hidden.Has(aJan) || !res2.Hidden.Has(aMar) {
		t.Fatalf("the second build alone hides %v; the test needs a's January and March hidden, February published", res2.Hidden.Sorted())
	}
	if rep := Audit(r2, res2.Hidden, l.Known()); !rep.OK() {
		t.Fatalf("without the ledger's equations the audit already fails (%v): the test shows nothing", rep.Err())
	}
	if err := l.Extend(r2); err != nil {
		t.Fatal(err)
	}
	rep := Audit(r2, res2.Hidden, l.Known())
	if !slices.Contains(rep.Recoverable, aJan) || !slices.Contains(rep.Recoverable, aMar) {
		t.Fatalf("with the ledger's equations: recoverable %v, want a's January and March", rep.Recoverable)
	}
	res, err := SuppressKnown(r2, 10, l.Known())
	if err != nil {
		t.Fatalf("SuppressKnown cannot repair the pattern: %v", err)
	}
	if rep := Audit(r2, res.Hidden, l.Known()); !rep.OK() || !res.Hidden.Has(aMar) {
		t.Errorf("repaired pattern %v: audit %v", res.Hidden.Sorted(), rep.Err())
	}

	// a's January, hidden in both builds, changes: the old total no longer adds up.
	moved := map[string][]int{"a": {7, 15, 4}, "b": {20, 40, 30}}
	var ae *AuditError
	if err := l.Extend(build(moved, 3)); !errors.As(err, &ae) || !slices.Contains(ae.Revised, aJanFeb) {
		t.Errorf("Extend of a revised hidden count: %v, want %s revised", err, aJanFeb)
	}
}

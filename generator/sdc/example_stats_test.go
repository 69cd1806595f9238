package sdc_test

import (
	"errors"
	"fmt"
	"os"

	"gongshi/generator/sdc"
)

// Example shows how the stats package describes one closed month: communities under the
// district (whose figures are published as they are) crossed with categories (one sensitive),
// with every total; then suppression against the ledger, display, and recording.
func Example() {
	geo := &sdc.Node{Coord: sdc.C("district", "jiangbei"), Level: sdc.District}
	for _, c := range []string{"longshan", "taishan"} {
		geo.Children = append(geo.Children, &sdc.Node{Coord: sdc.C("community", c), Level: sdc.Community})
	}
	categories := sdc.Flat("category", "family", "noise", "parking")
	categories.Children[0].Sensitive = true // SPEC §7.1: k ≥ 10, never below community level
	counts := map[string]int{
		"longshan/family": 3, "longshan/noise": 25, "longshan/parking": 40,
		"taishan/family": 12, "taishan/noise": 31, "taishan/parking": 18,
	}
	month := sdc.C("period", "2022-07") // a closed period, so the IDs never change meaning
	r := sdc.NewRelease()
	err := r.AddTable(sdc.Table{
		Base:  []sdc.Coord{month},
		Dims:  []*sdc.Node{geo, categories},
		Count: func(l []*sdc.Node) int { return counts[l[0].Coord.Val+"/"+l[1].Coord.Val] },
	})
	if err != nil {
		panic(err) // a programming error
	}

	ledger := sdc.NewLedger() // a build reads stats-ledger.json with sdc.ReadLedger
	res, err := sdc.SuppressKnown(r, 10, ledger.Known())
	var audit *sdc.AuditError
	if errors.As(err, &audit) {
		fmt.Fprintln(os.Stderr, audit)
		os.Exit(audit.ExitCode()) // 4
	}

	for _, row := range append([]*sdc.Node{geo}, geo.Children...) {
		fmt.Printf("%-9s", row.Coord.Val)
		for _, col := range append(categories.Children, categories) {
			if v, shown := res.Value(sdc.ID(row.Coord, col.Coord, month)); shown {
				fmt.Printf("%8d", v)
			} else {
				fmt.Printf("%8s", "×") // one symbol for primary and complementary
			}
		}
		fmt.Println()
	}
	if err := ledger.Record("2022-08", r, res.Hidden); err != nil {
		panic(err)
	}
	fmt.Println(len(res.Primary), "primary,", len(res.Secondary), "complementary,", ledger.Len(), "values in the ledger")
	// Output:
	// jiangbei       15      56      58     129
	// longshan        ×       ×      40      68
	// taishan         ×       ×      18      61
	// 1 primary, 3 complementary, 8 values in the ledger
}

// ExampleAudit shows what a build prints when the statistics audit fails: a count of 4 whose
// row total and the other cells of its row are published can be recomputed. The message names
// the cells, never their values.
func ExampleAudit() {
	r := sdc.NewRelease()
	period := []sdc.Coord{sdc.C("period", "2022-07")}
	counts := map[string]int{"longshan/noise": 4, "longshan/parking": 40, "taishan/noise": 25, "taishan/parking": 18}
	err := r.AddTable2D(period, sdc.Flat("community", "longshan", "taishan"), sdc.Flat("category", "noise", "parking"),
		func(row, col sdc.Coord) int { return counts[row.Val+"/"+col.Val] })
	if err != nil {
		panic(err)
	}
	// Primary suppression only: hide the 4 and nothing else.
	hidden := sdc.Set{sdc.ID(sdc.C("community", "longshan"), sdc.C("category", "noise"), period[0]): true}
	rep := sdc.Audit(r, hidden, nil)
	fmt.Println(rep.Err())
	fmt.Println("exit code", rep.Err().(*sdc.AuditError).ExitCode())

	res, _ := sdc.Suppress(r, 10)
	rep = sdc.Audit(r, res.Hidden, nil)
	fmt.Println("after Suppress:", res.Hidden.Len(), "hidden, audit passed:", rep.OK())
	// Output:
	// statistics audit failed
	//   1 hidden cell(s) can be recomputed from published figures (SPEC §7.1):
	//     category=noise|community=longshan|period=2022-07
	// exit code 4
	// after Suppress: 4 hidden, audit passed: true
}

// ExampleLedger shows the ledger file a build commits beside the site: sorted, one value a line.
func ExampleLedger() {
	r := sdc.NewRelease()
	period := []sdc.Coord{sdc.C("period", "2022-07")}
	counts := map[string]int{"longshan": 12, "taishan": 0}
	if err := r.AddHierarchy(period, sdc.Flat("community", "longshan", "taishan"), func(c sdc.Coord) int { return counts[c.Val] }); err != nil {
		panic(err)
	}
	l := sdc.NewLedger()
	if err := l.Record("2022-08", r, nil); err != nil {
		panic(err)
	}
	if _, err := l.WriteTo(os.Stdout); err != nil {
		panic(err)
	}
	// Output:
	// {
	//   "format": "gongshi-stats-ledger/1",
	//   "cells": {
	//     "community=longshan|period=2022-07": {"value": 12, "release": "2022-08"},
	//     "community=taishan|period=2022-07": {"value": 0, "release": "2022-08"},
	//     "period=2022-07": {"value": 12, "release": "2022-08"}
	//   }
	// }
}

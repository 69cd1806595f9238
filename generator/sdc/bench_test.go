package sdc

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// The benchmarks run on a district: 11 communities × 21 categories × 20 months with every
// margin, 5,544 cells; "demo" has the demo site's 12,000 cases (most interior cells are 0–9),
// "busy" five times as many.

func benchDistrict(b *testing.B, cases int) (*Release, *Result) {
	r := district(7, 11, 21, 20, cases)
	res, err := Suppress(r, DefaultK)
	if err != nil {
		b.Fatal(err)
	}
	return r, res
}

func BenchmarkAudit(b *testing.B) {
	for _, bc := range []struct {
		name  string
		cases int
	}{{"demo", 12000}, {"busy", 60000}} {
		b.Run(bc.name, func(b *testing.B) {
			r, res := benchDistrict(b, bc.cases)
			for b.Loop() {
				if a := Audit(r, res.Hidden, nil); !a.OK() {
					b.Fatal(a.Err())
				}
			}
			b.ReportMetric(float64(r.Len()), "cells")
			b.ReportMetric(float64(res.Hidden.Len()), "hidden")
			b.ReportMetric(float64(res.Audit.Largest), "component")
		})
	}
}

// BenchmarkAuditFailing audits primary suppression alone: the audit that fails, with every
// recoverable cell confirmed exactly, as in the first rounds of Suppress.
func BenchmarkAuditFailing(b *testing.B) {
	r, res := benchDistrict(b, 12000)
	primary := Set{}
	for _, id := range res.Primary {
		primary[id] = true
	}
	var a AuditReport
	for b.Loop() {
		if a = Audit(r, primary, nil); a.OK() {
			b.Fatal("primary suppression alone passed the audit")
		}
	}
	b.ReportMetric(float64(len(a.Recoverable)), "recoverable")
}

func BenchmarkSuppress(b *testing.B) {
	for _, bc := range []struct {
		name  string
		cases int
	}{{"demo", 12000}, {"busy", 60000}} {
		b.Run(bc.name, func(b *testing.B) {
			r := district(7, 11, 21, 20, bc.cases)
			var res *Result
			for b.Loop() {
				var err error
				if res, err = Suppress(r, DefaultK); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(res.Primary)), "primary")
			b.ReportMetric(float64(len(res.Secondary)), "secondary")
		})
	}
}

// district is a community × category × month table with every margin, shaped like a district's
// hotline statistics: communities of different sizes under a district root (published as is),
// categories of very different popularity (the first one sensitive), a seasonal year.
func district(seed uint64, communities, categories, months, cases int) *Release {
	rng := rand.New(rand.NewPCG(seed, 0xd15))
	geo := &Node{Coord: C("district", "jiangbei"), Level: District}
	for _, c := range names("c", communities) {
		geo.Children = append(geo.Children, &Node{Coord: C("community", c), Level: Community})
	}
	cat := Flat("category", names("k", categories)...)
	cat.Children[0].Sensitive = true
	period := Tree(C("period", fmt.Sprintf("m01-m%02d", months)))
	for _, m := range names("m", months) {
		period.Children = append(period.Children, Leaf("period", m))
	}
	wc, wk := weights(rng, communities, 0.5), weights(rng, categories, 1.0)
	wt := make([]float64, months)
	for i := range wt {
		wt[i] = (1 + 0.3*math.Sin(float64(i)*math.Pi/6)) / float64(months)
	}
	index := func(n *Node, parent *Node) int {
		for i, c := range parent.Children {
			if c == n {
				return i
			}
		}
		panic("not a child")
	}
	r := NewRelease()
	err := r.AddTable(Table{Dims: []*Node{geo, cat, period}, Count: func(l []*Node) int {
		return poisson(rng, float64(cases)*wc[index(l[0], geo)]*wk[index(l[1], cat)]*wt[index(l[2], period)])
	}})
	if err != nil {
		panic(err)
	}
	return r
}

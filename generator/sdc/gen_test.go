package sdc

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Generators of test tables. Everything is seeded: the same seed gives the same release.

// poisson draws a Poisson(λ) count (Knuth for small λ, a rounded normal beyond).
func poisson(rng *rand.Rand, lambda float64) int {
	if lambda > 50 {
		return max(0, int(math.Round(lambda+math.Sqrt(lambda)*rng.NormFloat64())))
	}
	l, k, p := math.Exp(-lambda), 0, 1.0
	for {
		p *= rng.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

// weights draws n positive weights summing to 1, skewed like community sizes or category
// popularity (log-normal with spread sigma).
func weights(rng *rand.Rand, n int, sigma float64) []float64 {
	w := make([]float64, n)
	sum := 0.0
	for i := range w {
		w[i] = math.Exp(sigma * rng.NormFloat64())
		sum += w[i]
	}
	for i := range w {
		w[i] /= sum
	}
	return w
}

func names(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s%02d", prefix, i+1)
	}
	return out
}

// randomRelease is a small random release of one of several shapes, for property tests: a 2-D
// table (sometimes with a sensitive category), a 3-D table (with a few cells of two callers), a
// table whose rows are a hierarchy, two linked tables sharing margins. About half the interior
// cells are small or zero.
func randomRelease(rng *rand.Rand) *Release {
	count := func(scale float64) int {
		switch rng.IntN(6) {
		case 0:
			return 0
		case 1, 2:
			return 1 + rng.IntN(9)
		}
		return poisson(rng, scale)
	}
	flat := func(dim string, lo, hi int) *Node { return Flat(dim, names(dim[:1], lo+rng.IntN(hi-lo+1))...) }
	base := []Coord{C("period", "2024")}
	r := NewRelease()
	var err error
	switch shape := rng.IntN(4); shape {
	case 0:
		cat := flat("category", 2, 7)
		cat.Children[0].Sensitive = rng.IntN(2) == 0
		err = r.AddTable(Table{Base: base, Dims: []*Node{flat("community", 2, 7), cat}, Count: func([]*Node) int { return count(25) }})
	case 1:
		err = r.AddTable(Table{Base: base, Dims: []*Node{flat("community", 2, 4), flat("category", 2, 4), flat("month", 2, 4)},
			Count: func([]*Node) int { return count(15) },
			Callers: func(ns []*Node) int {
				if rng.IntN(20) == 0 {
					return 2 // one frequent caller and one other: hidden whatever the count
				}
				return 0
			}})
	case 2:
		geo := Tree(C("street", "s"))
		for i, n := 0, 2+rng.IntN(3); i < n; i++ {
			comm := Tree(C("community", fmt.Sprintf("c%d", i)))
			for j, g := 0, 1+rng.IntN(3); j < g; j++ {
				comm.Children = append(comm.Children, Leaf("grid", fmt.Sprintf("g%d%d", i, j)))
			}
			geo.Children = append(geo.Children, comm)
		}
		err = r.AddTable(Table{Base: base, Dims: []*Node{geo, flat("category", 2, 5)}, Count: func([]*Node) int { return count(20) }})
	case 3:
		// community × category and community × channel share the community totals.
		comm := flat("community", 2, 5)
		counts := map[Coord]int{}
		err = r.AddTable2D(base, comm, flat("category", 2, 5), func(a, b Coord) int {
			n := count(20)
			counts[a] += n
			return n
		})
		if err == nil {
			// Split each community's total over two channels.
			err = r.AddTable2D(base, comm, Flat("channel", "hotline", "web"), func(a, b Coord) int {
				if b.Val == "hotline" {
					return counts[a] - counts[a]/3
				}
				return counts[a] / 3
			})
		}
	}
	if err != nil {
		panic(err)
	}
	return r
}

// shuffled rebuilds r adding its cells and equations, and the parts of each, in random order.
func shuffled(r *Release, rng *rand.Rand) *Release {
	out := NewRelease()
	cells := r.Cells()
	rng.Shuffle(len(cells), func(i, j int) { cells[i], cells[j] = cells[j], cells[i] })
	for _, c := range cells {
		if err := out.Add(c); err != nil {
			panic(err)
		}
	}
	eqs := r.Equations()
	rng.Shuffle(len(eqs), func(i, j int) { eqs[i], eqs[j] = eqs[j], eqs[i] })
	for _, e := range eqs {
		ps := append([]CellID(nil), e.Parts...)
		rng.Shuffle(len(ps), func(i, j int) { ps[i], ps[j] = ps[j], ps[i] })
		if err := out.AddEquation(e.Total, ps...); err != nil {
			panic(err)
		}
	}
	return out
}

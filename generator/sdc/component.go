package sdc

import "sort"

// Connected components of the hidden cells. Two unknown cells are connected when an equation
// holds both; equations and cells of different components share nothing, so each component is
// eliminated on its own, with its own small numbering.

// component is one group of unknown cells with the equations among them.
type component struct {
	cells []int32 // cell numbers of the index, increasing; local column i is cells[i]
	rows  []srow  // equations restricted to the component's cells, over local columns
}

// components groups the unknown cells; left[e] counts the unknowns in equation e.
func (x *index) components(unknown []bool, left []int32) []component {
	parent := make([]int32, len(x.cells))
	for i := range parent {
		parent[i] = int32(i)
	}
	find := func(a int32) int32 {
		for parent[a] != a {
			parent[a] = parent[parent[a]]
			a = parent[a]
		}
		return a
	}
	for e, row := range x.eqs {
		if left[e] < 2 {
			continue
		}
		first := int32(-1)
		for _, p := range row {
			if !unknown[p] {
				continue
			}
			if first < 0 {
				first = find(p)
				continue
			}
			if r := find(p); r != first {
				// Union by smaller root keeps the result independent of equation order.
				if r < first {
					parent[first], first = r, r
				} else {
					parent[r] = first
				}
			}
		}
	}
	// Number the components by their smallest cell, and the cells within each in order.
	compOf := map[int32]int{}
	local := make([]int32, len(x.cells))
	var comps []component
	for p, u := range unknown {
		if !u {
			continue
		}
		r := find(int32(p))
		ci, ok := compOf[r]
		if !ok {
			ci = len(comps)
			compOf[r] = ci
			comps = append(comps, component{})
		}
		local[p] = int32(len(comps[ci].cells))
		comps[ci].cells = append(comps[ci].cells, int32(p))
	}
	for e, row := range x.eqs {
		if left[e] < 2 {
			continue
		}
		var r srow
		ci := -1
		// The total comes first in row but not necessarily lowest: collect, then sort.
		for k, p := range row {
			if !unknown[p] {
				continue
			}
			ci = compOf[find(p)]
			v := zsmall(-1)
			if k == 0 {
				v = zsmall(1)
			}
			r.cols = append(r.cols, local[p])
			r.vals = append(r.vals, v)
		}
		sortRow(&r)
		comps[ci].rows = append(comps[ci].rows, r)
	}
	return comps
}

// sortRow sorts a row by column.
func sortRow(r *srow) { sort.Sort(byCol{r}) }

type byCol struct{ *srow }

func (b byCol) Len() int           { return len(b.cols) }
func (b byCol) Less(i, j int) bool { return b.cols[i] < b.cols[j] }
func (b byCol) Swap(i, j int) {
	b.cols[i], b.cols[j] = b.cols[j], b.cols[i]
	b.vals[i], b.vals[j] = b.vals[j], b.vals[i]
}

// solve reports, for each cell of the component, whether it is recoverable.
func (c *component) solve() []bool {
	u := eliminate(c.rows, len(c.cells))
	return u.certify(uint64(c.cells[0]))
}

package sdc

import (
	"math/big"
)

// referenceAudit is the audit done the slow, obvious way, to check Audit against: dense
// Gauss-Jordan elimination over math/big.Rat of all equations restricted to the unknown hidden
// cells, then a cell is recoverable when some row of the reduced form is its unit vector.
func referenceAudit(r *Release, hidden Set, known []KnownValue) []CellID {
	isKnown := map[CellID]bool{}
	for _, k := range known {
		isKnown[k.Cell] = true
	}
	var out []CellID
	col := map[CellID]int{}
	var cols []CellID
	for _, c := range r.Cells() {
		if !hidden.Has(c.ID) || c.Value == 0 {
			continue
		}
		if isKnown[c.ID] {
			out = append(out, c.ID)
			continue
		}
		col[c.ID] = len(cols)
		cols = append(cols, c.ID)
	}
	var rows [][]*big.Rat
	for _, e := range r.Equations() {
		row := make([]*big.Rat, len(cols))
		any := false
		for i, id := range append([]CellID{e.Total}, e.Parts...) {
			j, ok := col[id]
			if !ok {
				continue
			}
			v := int64(-1)
			if i == 0 {
				v = 1
			}
			row[j] = big.NewRat(v, 1)
			any = true
		}
		if any {
			rows = append(rows, row)
		}
	}
	reduced := rref(rows, len(cols))
	for _, id := range cols {
		if unitRow(reduced, col[id]) {
			out = append(out, id)
		}
	}
	sortIDs(out)
	return out
}

// rref returns the reduced row echelon form of rows (nil entries are zero); rows is not changed.
func rref(in [][]*big.Rat, n int) [][]*big.Rat {
	rows := make([][]*big.Rat, len(in))
	for i, r := range in {
		rows[i] = make([]*big.Rat, n)
		for j := range n {
			rows[i][j] = new(big.Rat)
			if r[j] != nil {
				rows[i][j].Set(r[j])
			}
		}
	}
	lead := 0
	for c := 0; c < n && lead < len(rows); c++ {
		p := -1
		for i := lead; i < len(rows); i++ {
			if rows[i][c].Sign() != 0 {
				p = i
				break
			}
		}
		if p < 0 {
			continue
		}
		rows[lead], rows[p] = rows[p], rows[lead]
		inv := new(big.Rat).Inv(rows[lead][c])
		for j := range n {
			rows[lead][j].Mul(rows[lead][j], inv)
		}
		for i := range rows {
			if i == lead || rows[i][c].Sign() == 0 {
				continue
			}
			f := new(big.Rat).Set(rows[i][c])
			for j := range n {
				rows[i][j].Sub(rows[i][j], new(big.Rat).Mul(f, rows[lead][j]))
			}
		}
		lead++
	}
	return rows[:lead]
}

func unitRow(rows [][]*big.Rat, h int) bool {
	for _, r := range rows {
		if r[h].Sign() == 0 {
			continue
		}
		for j, v := range r {
			if j != h && v.Sign() != 0 {
				return false
			}
		}
		return true
	}
	return false
}

package sdc

import (
	"container/heap"
	"math/rand/v2"
)

// Exact sparse elimination for the audit.
//
// The audit asks, for each unknown (hidden) cell h, whether the unit vector e_h lies in the row
// space of the equations restricted to the unknowns; if so, some combination of published
// figures gives h exactly. Equivalently h is safe exactly when some solution x of the
// homogeneous system A·x = 0 has x_h ≠ 0: the hidden values can move along x without changing
// anything published.
//
// eliminate brings A to echelon form by fraction-free integer elimination (zint: exact, int64
// fast path, math/big beyond), choosing pivots to keep rows sparse (a column left in one row
// first, then the shortest row). A free column (never a pivot) is safe: setting it and solving
// for the pivots gives a solution with x_f ≠ 0. For pivot columns, certify picks random values
// for the free columns and back-substitutes modulo a 62-bit prime: a non-zero residue proves
// that the exact rational solution has x_h ≠ 0, so h is safe. A pivot whose residue is zero
// under two independent draws is checked exactly by reducing e_h against the echelon rows
// (recoverable): only proven verdicts leave this file.

// srow is a sparse row: sorted column numbers and their non-zero coefficients.
type srow struct {
	cols []int32
	vals []zint
}

// echelon is the result of eliminate: rows in pivot order; row i has zeros in the pivot columns
// of rows before it.
type echelon struct {
	rows     []srow
	pivots   []int32 // pivot column of each row
	pivotRow []int32 // row of each pivot column, -1 for a free column
}

// eliminate brings the rows over ncols columns to echelon form. It consumes rows.
func eliminate(rows []srow, ncols int) *echelon {
	e := &elim{
		rows:     rows,
		active:   make([]bool, len(rows)),
		colRows:  make([][]int32, ncols),
		colCount: make([]int32, ncols),
		seen:     make([]int32, len(rows)),
		out:      &echelon{pivotRow: make([]int32, ncols)},
	}
	for c := range e.out.pivotRow {
		e.out.pivotRow[c] = -1
	}
	for i, r := range rows {
		e.active[i] = true
		e.push(int32(i))
		for _, c := range r.cols {
			e.colRows[c] = append(e.colRows[c], int32(i))
			e.colCount[c]++
		}
	}
	for c, n := range e.colCount {
		if n == 1 {
			e.singles = append(e.singles, int32(c))
		}
	}
	for {
		r, c := e.choose()
		if r < 0 {
			break
		}
		e.stamp++
		for _, q := range e.colRows[c] {
			if q == r || !e.active[q] || e.seen[q] == e.stamp {
				continue
			}
			e.seen[q] = e.stamp
			if v, ok := e.rows[q].at(c); ok {
				e.reduce(q, r, c, v)
			}
		}
		e.active[r] = false
		for _, cc := range e.rows[r].cols {
			e.dec(cc)
		}
		e.out.pivotRow[c] = int32(len(e.out.rows))
		e.out.rows = append(e.out.rows, e.rows[r])
		e.out.pivots = append(e.out.pivots, c)
	}
	return e.out
}

type elim struct {
	rows     []srow
	active   []bool
	colRows  [][]int32 // rows that contain or once contained each column
	colCount []int32   // active rows that contain each column
	seen     []int32
	stamp    int32
	buckets  [][]int32 // active rows by length, with stale entries
	minLen   int
	singles  []int32 // columns whose count fell to 1, with stale entries
	out      *echelon
}

func (e *elim) push(r int32) {
	n := len(e.rows[r].cols)
	if n == 0 {
		e.active[r] = false // a dependent equation: nothing left
		return
	}
	for len(e.buckets) <= n {
		e.buckets = append(e.buckets, nil)
	}
	e.buckets[n] = append(e.buckets[n], r)
	if n < e.minLen || e.minLen == 0 {
		e.minLen = n
	}
}

func (e *elim) dec(c int32) {
	e.colCount[c]--
	if e.colCount[c] == 1 {
		e.singles = append(e.singles, c)
	}
}

// choose picks the next pivot: a column left in one active row (no fill at all), else the
// column of the shortest active row that is in the fewest active rows. It returns -1 when no
// active row is left.
func (e *elim) choose() (int32, int32) {
	for len(e.singles) > 0 {
		c := e.singles[len(e.singles)-1]
		e.singles = e.singles[:len(e.singles)-1]
		if e.colCount[c] != 1 || e.out.pivotRow[c] >= 0 {
			continue
		}
		for _, q := range e.colRows[c] {
			if e.active[q] {
				if _, ok := e.rows[q].at(c); ok {
					return q, c
				}
			}
		}
	}
	for n := e.minLen; n > 0 && n < len(e.buckets); n++ {
		b := e.buckets[n]
		for len(b) > 0 {
			r := b[len(b)-1]
			b = b[:len(b)-1]
			if !e.active[r] || len(e.rows[r].cols) != n {
				continue
			}
			e.buckets[n], e.minLen = b, n
			best := int32(-1)
			for _, c := range e.rows[r].cols {
				if best < 0 || e.colCount[c] < e.colCount[best] {
					best = c
				}
			}
			return r, best
		}
		e.buckets[n] = b
	}
	return -1, -1
}

// at returns the coefficient of column c.
func (r srow) at(c int32) (zint, bool) {
	lo, hi := 0, len(r.cols)
	for lo < hi {
		m := (lo + hi) / 2
		if r.cols[m] < c {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(r.cols) && r.cols[lo] == c {
		return r.vals[lo], true
	}
	return zint{}, false
}

// reduce replaces row q by a·q − b·p, with p the pivot row, c its pivot column, b = q[c] and
// a = p[c], both divided by their gcd; the new row is divided by the gcd of its entries. It
// keeps the column counts and lists up to date.
func (e *elim) reduce(q, p, c int32, b zint) {
	a, _ := e.rows[p].at(c)
	a, b = divgcd(a, b)
	rq, rp := e.rows[q], e.rows[p]
	out := srow{cols: make([]int32, 0, len(rq.cols)+len(rp.cols)), vals: make([]zint, 0, len(rq.cols)+len(rp.cols))}
	i, j := 0, 0
	for i < len(rq.cols) || j < len(rp.cols) {
		switch {
		case j == len(rp.cols) || (i < len(rq.cols) && rq.cols[i] < rp.cols[j]):
			out.cols, out.vals = append(out.cols, rq.cols[i]), append(out.vals, zmul(a, rq.vals[i]))
			i++
		case i == len(rq.cols) || rp.cols[j] < rq.cols[i]:
			cc := rp.cols[j]
			out.cols, out.vals = append(out.cols, cc), append(out.vals, zmul(b, rp.vals[j]).neg())
			e.colRows[cc] = append(e.colRows[cc], q)
			e.colCount[cc]++
			j++
		default:
			v := zmulsub(a, rq.vals[i], b, rp.vals[j])
			if v.isZero() {
				e.dec(rq.cols[i])
			} else {
				out.cols, out.vals = append(out.cols, rq.cols[i]), append(out.vals, v)
			}
			i++
			j++
		}
	}
	out.normalize()
	e.rows[q] = out
	e.push(q)
}

func divgcd(a, b zint) (zint, zint) {
	g := zgcd(a, b)
	if g.isOne() {
		return a, b
	}
	return zquo(a, g), zquo(b, g)
}

// normalize divides the row by the gcd of its entries.
func (r *srow) normalize() {
	if len(r.vals) == 0 {
		return
	}
	g := r.vals[0]
	if g.sign() < 0 {
		g = g.neg()
	}
	for _, v := range r.vals[1:] {
		if g.isOne() {
			return
		}
		g = zgcd(g, v)
	}
	if g.isOne() || g.isZero() {
		return
	}
	for i, v := range r.vals {
		r.vals[i] = zquo(v, g)
	}
}

// The two largest primes below 2^62, for the modular certificates.
const (
	certPrime1 = 4611686018427387847
	certPrime2 = 4611686018427387817
)

// certify returns, for each column, whether it is recoverable: its unit vector is in the row
// space. seed makes the random draws depend only on the component.
func (u *echelon) certify(seed uint64) []bool {
	n := len(u.pivotRow)
	suspect := make([]bool, n)
	for c := range suspect {
		suspect[c] = u.pivotRow[c] >= 0
	}
	for t, p := range [2]uint64{certPrime1, certPrime2} {
		x, ok := u.solveMod(p, rand.New(rand.NewPCG(seed, uint64(t)+0x5dc)))
		if !ok {
			continue // a pivot divisible by p: no certificate from this prime
		}
		for c := range suspect {
			if suspect[c] && x[c] != 0 {
				suspect[c] = false
			}
		}
	}
	for c := range suspect {
		if suspect[c] {
			suspect[c] = u.inRowSpace(int32(c))
		}
	}
	return suspect
}

// solveMod returns a solution of A·x = 0 modulo p with random non-zero free columns, or false
// when some pivot is divisible by p.
func (u *echelon) solveMod(p uint64, rng *rand.Rand) ([]uint64, bool) {
	x := make([]uint64, len(u.pivotRow))
	for c, r := range u.pivotRow {
		if r < 0 {
			x[c] = 1 + rng.Uint64N(p-1)
		}
	}
	for i := len(u.rows) - 1; i >= 0; i-- {
		row, pc := u.rows[i], u.pivots[i]
		var s, piv uint64
		for k, c := range row.cols {
			v := row.vals[k].mod(p)
			if c == pc {
				piv = v
			} else {
				s = addmod(s, mulmod(v, x[c], p), p)
			}
		}
		if piv == 0 {
			return nil, false
		}
		x[pc] = mulmod(submod(0, s, p), invmod(piv, p), p)
	}
	return x, true
}

// inRowSpace reports exactly whether the unit vector of pivot column h is a combination of the
// rows: whether row(h) without h reduces to zero against the rows after it.
func (u *echelon) inRowSpace(h int32) bool {
	i := u.pivotRow[h]
	if i < 0 {
		return false
	}
	v := map[int32]zint{}
	pending := &intHeap{}
	add := func(c int32, val zint) {
		if _, ok := v[c]; !ok && u.pivotRow[c] >= 0 {
			heap.Push(pending, u.pivotRow[c])
		}
		v[c] = val
	}
	row := u.rows[i]
	for k, c := range row.cols {
		if c != h {
			add(c, row.vals[k])
		}
	}
	for pending.Len() > 0 {
		j := heap.Pop(pending).(int32)
		pc := u.pivots[j]
		b, ok := v[pc]
		if !ok || b.isZero() {
			continue
		}
		r := u.rows[j]
		a, _ := r.at(pc)
		a, b = divgcd(a, b)
		if !a.isOne() {
			for c, val := range v {
				v[c] = zmul(a, val)
			}
		}
		for k, c := range r.cols {
			nv := zsub(v[c], zmul(b, r.vals[k]))
			if nv.isZero() {
				delete(v, c)
			} else {
				add(c, nv)
			}
		}
	}
	return len(v) == 0
}

type intHeap []int32

func (h intHeap) Len() int           { return len(h) }
func (h intHeap) Less(i, j int) bool { return h[i] < h[j] }
func (h intHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *intHeap) Push(x any)        { *h = append(*h, x.(int32)) }
func (h *intHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

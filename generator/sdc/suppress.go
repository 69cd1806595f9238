package sdc

import (
	"container/heap"
	"fmt"
)

// Result is a suppression pattern. It refers to its Release, which must not change afterwards.
type Result struct {
	K         int
	Hidden    Set      // every hidden cell, primary or complementary; show each with one symbol
	Primary   []CellID // hidden for being small (0 < n < k) or having few callers, in CellID order
	Secondary []CellID // hidden so that the primary ones cannot be recomputed, in CellID order
	Audit     AuditReport
	release   *Release
}

// Value returns a cell's count and whether it is published; a hidden cell gives (0, false), as
// does a cell not in the release.
func (res *Result) Value(id CellID) (int, bool) {
	c, ok := res.release.Cell(id)
	if !ok || res.Hidden.Has(id) {
		return 0, false
	}
	return c.Value, true
}

// Suppress computes the suppression pattern of r with threshold k (SPEC §7.1):
//
//  1. primary: every cell below district level with 0 < n < k (k at least SensitiveK for a
//     sensitive cell), or with fewer than MinCallers distinct callers, is hidden; zero never is;
//  2. complementary: the equations are checked in canonical order, again whenever one of their
//     cells is hidden; one with a hidden cell but fewer than two, or hidden cells summing below
//     k, gets its smallest non-zero published cell hidden, interior cells before totals, ties by
//     CellID, until a fixed point. An equation whose other cells are all zeros or district
//     figures has nothing left to hide and stays as it is (T = a + 0 with both below k);
//  3. audit: Audit runs on the pattern; for each cell it finds recoverable, the best cell in
//     the nearest equations is hidden, step 2 runs again, and so on until the audit passes.
//
// It returns an error for an invalid release or a k below KFloor, and an *AuditError, with the
// Result, when the audit cannot be made to pass: a district figure that must be published has a
// single small part, or a cell published before is now small.
func Suppress(r *Release, k int) (*Result, error) { return SuppressKnown(r, k, nil) }

// SuppressKnown is Suppress for a release that follows earlier ones (SPEC §7.4): the known
// values, from Ledger.Known, are published already, so they are never hidden, and the audit
// takes them as constants. A known value that changed fails the audit.
func SuppressKnown(r *Release, k int, known []KnownValue) (*Result, error) {
	if k < KFloor {
		return nil, fmt.Errorf("sdc: k = %d is below the floor of %d", k, KFloor)
	}
	x, err := r.index()
	if err != nil {
		return nil, err
	}
	s := &suppressor{x: x, k: k, kc: x.knownMask(known),
		hidden: make([]bool, len(x.cells)), queued: make([]bool, len(x.eqs))}
	primary := make([]bool, len(x.cells))
	for p, c := range x.cells {
		if c.Value > 0 && c.Level != District && (c.Value < s.kOf(int32(p)) || (c.Callers > 0 && c.Callers < MinCallers)) {
			primary[p] = true
			s.hide(int32(p))
		}
	}
	s.fixpoint()
	var rep AuditReport
	for {
		rep = x.audit(s.hidden, s.kc)
		if len(rep.Recoverable) == 0 || !s.repair(rep.Recoverable) {
			break
		}
		s.fixpoint()
	}
	res := &Result{K: k, Hidden: Set{}, Audit: rep, release: r}
	for p, h := range s.hidden {
		if !h {
			continue
		}
		id := x.cells[p].ID
		res.Hidden[id] = true
		if primary[p] {
			res.Primary = append(res.Primary, id)
		} else {
			res.Secondary = append(res.Secondary, id)
		}
	}
	return res, rep.Err()
}

type suppressor struct {
	x      *index
	k      int
	kc     knownCells
	hidden []bool
	queued []bool
	queue  intHeap // equations to check, lowest first
}

// kOf is the threshold of a cell: 1 at district level, at least SensitiveK for a sensitive one.
func (s *suppressor) kOf(p int32) int {
	c := &s.x.cells[p]
	switch {
	case c.Level == District:
		return 1
	case c.Sensitive:
		return max(s.k, SensitiveK)
	}
	return s.k
}

// hideable: published, non-zero, not a district figure and not published before.
func (s *suppressor) hideable(p int32) bool {
	c := &s.x.cells[p]
	return !s.hidden[p] && c.Value > 0 && c.Level != District && !s.kc.known[p]
}

func (s *suppressor) hide(p int32) {
	s.hidden[p] = true
	for _, e := range s.x.byCell[p] {
		if !s.queued[e] {
			s.queued[e] = true
			heap.Push(&s.queue, e)
		}
	}
}

// better reports whether cell a is a better complement than b: interior before total, then the
// smaller count, then the smaller CellID (cells are numbered in CellID order).
func (s *suppressor) better(a, b int32) bool {
	ta, tb := s.x.isTotal[a], s.x.isTotal[b]
	if ta != tb {
		return !ta
	}
	va, vb := s.x.cells[a].Value, s.x.cells[b].Value
	if va != vb {
		return va < vb
	}
	return a < b
}

// fixpoint applies the complementary rule until every equation with a hidden cell has at least
// two, summing to at least the largest k among them.
func (s *suppressor) fixpoint() {
	for s.queue.Len() > 0 {
		e := heap.Pop(&s.queue).(int32)
		s.queued[e] = false
		for !s.satisfied(e) {
			best := int32(-1)
			for _, p := range s.x.eqs[e] {
				if s.hideable(p) && (best < 0 || s.better(p, best)) {
					best = p
				}
			}
			if best < 0 {
				break // nothing left to hide: the audit decides
			}
			s.hide(best)
		}
	}
}

func (s *suppressor) satisfied(e int32) bool {
	n, sum, need := 0, 0, 0
	for _, p := range s.x.eqs[e] {
		if s.hidden[p] {
			n++
			sum += s.x.cells[p].Value
			need = max(need, s.kOf(p))
		}
	}
	return n == 0 || (n >= 2 && sum >= need)
}

// repair hides, for each recoverable cell in CellID order, the best complement near it: among
// the cells of its own equations, or if none can be hidden there, of the equations one hidden
// cell further away, and so on (the published figures that give it away may be a few equations
// off: two row totals, a column total and the grand total). A cell whose equations already got
// a complement in this round waits for the next audit. It reports whether it hid anything.
func (s *suppressor) repair(recoverable []CellID) bool {
	touched := make([]bool, len(s.x.eqs))
	progress := false
	for _, id := range recoverable {
		h := s.x.pos[id]
		if s.kc.known[h] {
			continue // published before: hiding more cannot help
		}
		skip := false
		for _, e := range s.x.byCell[h] {
			skip = skip || touched[e]
		}
		if skip {
			continue
		}
		best := s.nearest(h)
		if best < 0 {
			continue
		}
		for _, e := range s.x.byCell[h] {
			touched[e] = true
		}
		s.hide(best)
		progress = true
	}
	return progress
}

// nearest returns the best hideable cell in the equations closest to h, moving from equation to
// equation through hidden cells, or -1.
func (s *suppressor) nearest(h int32) int32 {
	seenEq := map[int32]bool{}
	seenCell := map[int32]bool{h: true}
	layer := append([]int32(nil), s.x.byCell[h]...)
	for _, e := range layer {
		seenEq[e] = true
	}
	for len(layer) > 0 {
		best := int32(-1)
		var next []int32
		for _, e := range layer {
			for _, p := range s.x.eqs[e] {
				if s.hideable(p) && (best < 0 || s.better(p, best)) {
					best = p
				}
				if !s.hidden[p] || seenCell[p] {
					continue
				}
				seenCell[p] = true
				for _, f := range s.x.byCell[p] {
					if !seenEq[f] {
						seenEq[f] = true
						next = append(next, f)
					}
				}
			}
		}
		if best >= 0 {
			return best
		}
		layer = next
	}
	return -1
}

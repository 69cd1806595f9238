package sdc

import (
	"fmt"
	"strings"
)

// AuditReport is the outcome of an audit.
type AuditReport struct {
	Cells      int // cells in the release
	Equations  int
	Hidden     int // hidden non-zero cells
	Known      int // earlier published values that name a cell of the release
	Components int // connected groups of hidden cells left for elimination
	Largest    int // hidden cells in the largest of them
	// Recoverable lists, in CellID order, every hidden cell whose exact value follows from the
	// published cells, the equations and the known values.
	Recoverable []CellID
	// Revised lists, in CellID order, every cell whose value differs from the value published
	// earlier (SPEC §7.4: a silent revision lets anyone difference two builds).
	Revised []CellID
	// Invalid is set when the release itself is wrong (an equation that does not hold, a hidden
	// cell that is not in the release); nothing else in the report is meaningful then.
	Invalid error
}

// OK reports whether the audit passed.
func (a *AuditReport) OK() bool {
	return a.Invalid == nil && len(a.Recoverable) == 0 && len(a.Revised) == 0
}

// Err returns nil when the audit passed, Invalid when the release is wrong, and an
// *AuditError otherwise.
func (a *AuditReport) Err() error {
	switch {
	case a.Invalid != nil:
		return a.Invalid
	case a.OK():
		return nil
	}
	return &AuditError{Recoverable: a.Recoverable, Revised: a.Revised}
}

// AuditError is a failed statistics audit: the build must not publish and exits with
// ExitAudit. Its message names the cells but never their values.
type AuditError struct {
	Recoverable []CellID
	Revised     []CellID
}

// ExitCode is the build's exit code for this error (SPEC §6.1).
func (e *AuditError) ExitCode() int { return ExitAudit }

func (e *AuditError) Error() string {
	var b strings.Builder
	b.WriteString("statistics audit failed")
	if n := len(e.Recoverable); n > 0 {
		fmt.Fprintf(&b, "\n  %d hidden cell(s) can be recomputed from published figures (SPEC §7.1):", n)
		for _, id := range e.Recoverable {
			b.WriteString("\n    ")
			b.WriteString(string(id))
		}
	}
	if n := len(e.Revised); n > 0 {
		fmt.Fprintf(&b, "\n  %d cell(s) differ from the value an earlier release published (SPEC §7.4):", n)
		for _, id := range e.Revised {
			b.WriteString("\n    ")
			b.WriteString(string(id))
		}
		b.WriteString("\n  anyone holding both builds can subtract them: restore the exports of those periods as they were;" +
			"\n  a correction that must be published needs those cells removed from the ledger in a reviewed commit")
	}
	return b.String()
}

// Audit decides exactly which hidden cells of r an outsider can recompute from everything
// published: the cells not hidden, all equations of r, and the known values (earlier releases,
// Ledger.Known). Zero cells count as published even when they are in hidden, as SPEC §7.1
// publishes them. Known values for cells not in r are ignored: nothing links them.
func Audit(r *Release, hidden Set, known []KnownValue) AuditReport {
	x, err := r.index()
	if err != nil {
		return AuditReport{Invalid: err}
	}
	mask := make([]bool, len(x.cells))
	var missing []string
	for _, id := range hidden.Sorted() {
		p, ok := x.pos[id]
		if !ok {
			missing = append(missing, string(id))
			continue
		}
		mask[p] = true
	}
	if len(missing) > 0 {
		return AuditReport{Invalid: fmt.Errorf("sdc: hidden cells not in the release: %s", strings.Join(missing, ", "))}
	}
	return x.audit(mask, x.knownMask(known))
}

// knownCells marks the cells with a value published earlier (known) and those whose earlier
// value differs from today's (revised); n counts the known ones.
type knownCells struct {
	known, revised []bool
	n              int
}

// knownMask marks the cells of x named by known values; values of other cells are ignored.
func (x *index) knownMask(known []KnownValue) knownCells {
	k := knownCells{known: make([]bool, len(x.cells)), revised: make([]bool, len(x.cells))}
	for _, kv := range known {
		p, ok := x.pos[kv.Cell]
		if !ok {
			continue
		}
		if !k.known[p] {
			k.n++
		}
		k.known[p] = true
		if kv.Value != x.cells[p].Value {
			k.revised[p] = true
		}
	}
	return k
}

// audit runs the audit on the index with hidden and known cells marked.
func (x *index) audit(hidden []bool, kc knownCells) AuditReport {
	rep := AuditReport{Cells: len(x.cells), Equations: len(x.eqs), Known: kc.n}
	recoverable := make([]bool, len(x.cells))
	// unknown: hidden, non-zero and not known from earlier releases.
	unknown := make([]bool, len(x.cells))
	for p, h := range hidden {
		if kc.revised[p] {
			rep.Revised = append(rep.Revised, x.cells[p].ID)
		}
		if !h || x.cells[p].Value == 0 {
			continue
		}
		rep.Hidden++
		if kc.known[p] {
			recoverable[p] = true
			continue
		}
		unknown[p] = true
	}
	// Peel: an equation with one unknown gives it away, which may leave another with one.
	left := make([]int32, len(x.eqs))
	var queue []int32
	for e, row := range x.eqs {
		for _, p := range row {
			if unknown[p] {
				left[e]++
			}
		}
		if left[e] == 1 {
			queue = append(queue, int32(e))
		}
	}
	for len(queue) > 0 {
		e := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		if left[e] != 1 {
			continue
		}
		for _, p := range x.eqs[e] {
			if !unknown[p] {
				continue
			}
			unknown[p], recoverable[p] = false, true
			for _, f := range x.byCell[p] {
				left[f]--
				if left[f] == 1 {
					queue = append(queue, f)
				}
			}
		}
	}
	for _, comp := range x.components(unknown, left) {
		rep.Components++
		rep.Largest = max(rep.Largest, len(comp.cells))
		for i, rec := range comp.solve() {
			if rec {
				recoverable[comp.cells[i]] = true
			}
		}
	}
	for p, rec := range recoverable {
		if rec {
			rep.Recoverable = append(rep.Recoverable, x.cells[p].ID)
		}
	}
	return rep
}

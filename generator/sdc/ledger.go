package sdc

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
)

// LedgerFormat names the ledger's file format; ReadLedger refuses any other.
const LedgerFormat = "gongshi-stats-ledger/1"

// Ledger is the published-values ledger (stats-ledger.json, SPEC §7.4): every count published
// so far, with the release that first published it. It holds aggregates only and is committed
// beside the site. Each build audits with Known() as constants, so a published value that
// changes, or a new pattern that lets anyone difference against an earlier build, fails.
//
// It also keeps the equations between recorded cells (RecordClosed): an earlier build's total
// over a closed period (January–March, all communities) is a known value whose parts
// (the months, the communities) are cells of later builds too. Extend puts such totals and
// their equations into a later release, so that its audit sees every way to difference the
// two builds, not only the cells both builds name.
type Ledger struct {
	cells map[CellID]LedgerEntry
	eqs   []Equation
	seen  map[string]bool // canonical keys of eqs
}

// LedgerEntry is one published value.
type LedgerEntry struct {
	Value   int    `json:"value"`
	Release string `json:"release"`
}

// NewLedger returns an empty ledger.
func NewLedger() *Ledger { return &Ledger{cells: map[CellID]LedgerEntry{}, seen: map[string]bool{}} }

// Clone returns a copy of the ledger that Record and RecordClosed can change without changing l.
func (l *Ledger) Clone() *Ledger {
	c := NewLedger()
	for id, e := range l.cells {
		c.cells[id] = e
	}
	for _, eq := range l.eqs {
		c.addEquation(eq)
	}
	return c
}

// Equations is the number of equations in the ledger.
func (l *Ledger) Equations() int { return len(l.eqs) }

// Len is the number of values in the ledger.
func (l *Ledger) Len() int { return len(l.cells) }

// Get returns the entry of a cell.
func (l *Ledger) Get(id CellID) (LedgerEntry, bool) {
	e, ok := l.cells[id]
	return e, ok
}

// Known lists the ledger's values in CellID order, for Audit and SuppressKnown.
func (l *Ledger) Known() []KnownValue {
	out := make([]KnownValue, 0, len(l.cells))
	for id, e := range l.cells {
		out = append(out, KnownValue{Cell: id, Value: e.Value, Release: e.Release})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Cell < out[j].Cell })
	return out
}

// Record adds every published cell of r (every cell not in hidden, zeros included) as
// published by release. A cell already in the ledger keeps its first release. A cell whose
// value differs from the ledger's is an error and nothing is recorded: the audit should have
// refused the build.
func (l *Ledger) Record(release string, r *Release, hidden Set) error {
	return l.record(release, r, hidden, nil)
}

// RecordClosed is Record for a release whose cells are not all final. The published cells for
// which closed is true (counts of periods that have ended, which later builds must repeat
// exactly) are recorded under their own ids. So is every equation of r with such a cell whose
// other cells are published, hidden closed cells included, so that Extend can link a later
// release to it; the published cells of open periods in those equations are recorded under
// AsOf(id, release), a value of the past that no later build repeats or revises.
func (l *Ledger) RecordClosed(release string, r *Release, hidden Set, closed func(CellID) bool) error {
	return l.record(release, r, hidden, closed)
}

func (l *Ledger) record(release string, r *Release, hidden Set, closed func(CellID) bool) error {
	if release == "" {
		return errors.New("sdc: ledger: empty release name")
	}
	stable := func(id CellID) bool { return closed == nil || closed(id) }
	published := func(c Cell) bool { return !hidden.Has(c.ID) || c.Value == 0 }
	var revised []string
	for _, c := range r.Cells() {
		if !published(c) || !stable(c.ID) {
			continue
		}
		if e, ok := l.cells[c.ID]; ok && e.Value != c.Value {
			revised = append(revised, string(c.ID))
		}
	}
	if len(revised) > 0 {
		return fmt.Errorf("sdc: ledger: %d published value(s) differ from the ledger: %v", len(revised), revised)
	}
	// The equations that can reach a later release: those with a cell of a closed period, whose
	// other cells were published (they are recorded as of this release); an equation with a
	// hidden cell of an open period links nothing an outsider knows.
	var eqs []Equation
	asOf := map[CellID]bool{}
	if closed != nil {
		name := func(id CellID) CellID {
			if stable(id) {
				return id
			}
			return AsOf(id, release)
		}
		for _, eq := range r.Equations() {
			cells := append([]CellID{eq.Total}, eq.Parts...)
			hasStable, ok := false, true
			for _, id := range cells {
				if isAsOf(id) {
					ok = false // an equation of an earlier release, brought in by Extend: recorded already
				} else if stable(id) {
					hasStable = true
				} else if !published(r.cells[id]) {
					ok = false
				}
			}
			if !hasStable || !ok {
				continue
			}
			named := Equation{Total: name(eq.Total), Parts: make([]CellID, len(eq.Parts))}
			for i, p := range eq.Parts {
				named.Parts[i] = name(p)
			}
			for _, id := range cells {
				if !stable(id) {
					asOf[id] = true
				}
			}
			sortIDs(named.Parts)
			eqs = append(eqs, named)
		}
	}
	for _, c := range r.Cells() {
		if !published(c) || isAsOf(c.ID) {
			continue
		}
		id := c.ID
		switch {
		case stable(id):
		case asOf[id]:
			id = AsOf(id, release)
		default:
			continue
		}
		if _, ok := l.cells[id]; !ok {
			l.cells[id] = LedgerEntry{Value: c.Value, Release: release}
		}
	}
	for _, eq := range eqs {
		l.addEquation(eq)
	}
	return nil
}

// AsOf names a count of a period that had not ended when release published it: the same count
// in a later build is another cell, as the period went on.
func AsOf(id CellID, release string) CellID { return id + asOfMark + CellID(release) }

const asOfMark = "|asof="

func isAsOf(id CellID) bool { return strings.Contains(string(id), asOfMark) }

func (l *Ledger) addEquation(eq Equation) {
	key := equationKey(eq.Total, eq.Parts)
	if l.seen[key] {
		return
	}
	l.seen[key] = true
	l.eqs = append(l.eqs, Equation{Total: eq.Total, Parts: slices.Clone(eq.Parts)})
}

// Extend adds to r the ledger's equations that reach it: each equation of which at least one
// cell is in r and every other cell has a value in the ledger. The cells r lacks are added with
// their ledger values as District cells (published, never hidden); they then are known values
// of the audit like every other ledger cell. A cell of r whose value differs from the ledger's,
// or an equation that no longer holds with r's values (a count hidden in an earlier build
// changed), is a revision: Extend returns an *AuditError naming those cells and the totals of
// those equations (SPEC §7.4), and changes nothing.
func (l *Ledger) Extend(r *Release) error {
	var add []Equation
	var revised []CellID
	for id, e := range l.cells {
		if c, in := r.cells[id]; in && c.Value != e.Value {
			revised = append(revised, id)
		}
	}
	val := func(id CellID) int { // r's value, else the ledger's
		if c, in := r.cells[id]; in {
			return c.Value
		}
		return l.cells[id].Value
	}
	for _, eq := range l.eqs {
		inR, ok := 0, true
		for _, id := range append([]CellID{eq.Total}, eq.Parts...) {
			if _, in := r.cells[id]; in {
				inR++
			} else if _, known := l.cells[id]; !known {
				ok = false
			}
		}
		if !ok || inR == 0 {
			continue
		}
		sum := 0
		for _, p := range eq.Parts {
			sum += val(p)
		}
		if sum != val(eq.Total) {
			revised = append(revised, eq.Total)
			continue
		}
		add = append(add, eq)
	}
	if len(revised) > 0 {
		sortIDs(revised)
		return &AuditError{Revised: slices.Compact(revised)}
	}
	for _, eq := range add {
		for _, id := range append([]CellID{eq.Total}, eq.Parts...) {
			if _, in := r.cells[id]; !in {
				if err := r.Add(Cell{ID: id, Value: l.cells[id].Value, Level: District}); err != nil {
					return err
				}
			}
		}
		if err := r.AddEquation(eq.Total, eq.Parts...); err != nil {
			return err
		}
	}
	return nil
}

// WriteTo writes the ledger as JSON: keys sorted, one cell per line, so that the same ledger
// gives the same bytes and a new release shows as added lines in a diff.
func (l *Ledger) WriteTo(w io.Writer) (int64, error) {
	var b bytes.Buffer
	format, _ := json.Marshal(LedgerFormat)
	fmt.Fprintf(&b, "{\n  \"format\": %s,\n  \"cells\": {", format)
	ids := make([]CellID, 0, len(l.cells))
	for id := range l.cells {
		ids = append(ids, id)
	}
	sortIDs(ids)
	for i, id := range ids {
		e := l.cells[id]
		key, err := json.Marshal(string(id))
		if err != nil {
			return 0, err
		}
		rel, err := json.Marshal(e.Release)
		if err != nil {
			return 0, err
		}
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "\n    %s: {\"value\": %d, \"release\": %s}", key, e.Value, rel)
	}
	if len(ids) > 0 {
		b.WriteString("\n  ")
	}
	b.WriteString("}")
	if len(l.eqs) > 0 {
		eqs := slices.Clone(l.eqs)
		sort.Slice(eqs, func(i, j int) bool { return lessEquation(eqs[i], eqs[j]) })
		b.WriteString(",\n  \"equations\": [")
		for i, eq := range eqs {
			line, err := json.Marshal(ledgerEquation{Total: eq.Total, Parts: eq.Parts})
			if err != nil {
				return 0, err
			}
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString("\n    ")
			b.Write(line)
		}
		b.WriteString("\n  ]")
	}
	b.WriteString("\n}\n")
	return b.WriteTo(w)
}

// ReadLedger reads a ledger written by WriteTo (or by hand, in any JSON layout).
func ReadLedger(rd io.Reader) (*Ledger, error) {
	var doc struct {
		Format    string                 `json:"format"`
		Cells     map[CellID]LedgerEntry `json:"cells"`
		Equations []ledgerEquation       `json:"equations"`
	}
	dec := json.NewDecoder(rd)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("sdc: ledger: %w", err)
	}
	if dec.More() {
		return nil, errors.New("sdc: ledger: trailing data after the JSON object")
	}
	if doc.Format != LedgerFormat {
		return nil, fmt.Errorf("sdc: ledger: format %q, want %q", doc.Format, LedgerFormat)
	}
	l := NewLedger()
	var bad []string
	for id, e := range doc.Cells {
		if id == "" || e.Value < 0 || e.Release == "" {
			bad = append(bad, string(id))
			continue
		}
		l.cells[id] = e
	}
	if len(bad) > 0 {
		sort.Strings(bad)
		return nil, fmt.Errorf("sdc: ledger: entries with an empty ID, a negative value or no release: %q", bad)
	}
	for i, eq := range doc.Equations {
		ps := slices.Clone(eq.Parts)
		sortIDs(ps)
		if eq.Total == "" || len(ps) == 0 || slices.Contains(ps, eq.Total) || len(slices.Compact(ps)) != len(eq.Parts) {
			return nil, fmt.Errorf("sdc: ledger: equation %d (total %q) needs a total and distinct parts other than the total", i+1, eq.Total)
		}
		l.addEquation(Equation{Total: eq.Total, Parts: ps})
	}
	return l, nil
}

// ledgerEquation is an equation in the ledger file.
type ledgerEquation struct {
	Total CellID   `json:"total"`
	Parts []CellID `json:"parts"`
}

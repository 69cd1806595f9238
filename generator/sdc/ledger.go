package sdc

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
)

// LedgerFormat names the ledger's file format; ReadLedger refuses any other.
const LedgerFormat = "gongshi-stats-ledger/1"

// Ledger is the published-values ledger (stats-ledger.json, SPEC §7.4): every count published
// so far, with the release that first published it. It holds aggregates only and is committed
// beside the site. Each build audits with Known() as constants, so a published value that
// changes, or a new pattern that lets anyone difference against an earlier build, fails.
type Ledger struct {
	cells map[CellID]LedgerEntry
}

// LedgerEntry is one published value.
type LedgerEntry struct {
	Value   int    `json:"value"`
	Release string `json:"release"`
}

// NewLedger returns an empty ledger.
func NewLedger() *Ledger { return &Ledger{cells: map[CellID]LedgerEntry{}} }

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
	if release == "" {
		return errors.New("sdc: ledger: empty release name")
	}
	var revised []string
	for _, c := range r.Cells() {
		if hidden.Has(c.ID) && c.Value != 0 {
			continue
		}
		if e, ok := l.cells[c.ID]; ok && e.Value != c.Value {
			revised = append(revised, string(c.ID))
		}
	}
	if len(revised) > 0 {
		return fmt.Errorf("sdc: ledger: %d published value(s) differ from the ledger: %v", len(revised), revised)
	}
	for _, c := range r.Cells() {
		if hidden.Has(c.ID) && c.Value != 0 {
			continue
		}
		if _, ok := l.cells[c.ID]; !ok {
			l.cells[c.ID] = LedgerEntry{Value: c.Value, Release: release}
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
	b.WriteString("}\n}\n")
	return b.WriteTo(w)
}

// ReadLedger reads a ledger written by WriteTo (or by hand, in any JSON layout).
func ReadLedger(rd io.Reader) (*Ledger, error) {
	var doc struct {
		Format string                 `json:"format"`
		Cells  map[CellID]LedgerEntry `json:"cells"`
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
	return l, nil
}

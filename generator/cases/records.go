package cases

import (
	"bytes"
	"cmp"
	"io/fs"
	"path"
	"slices"
	"strings"
)

// The records of a Load live in one slice: sized before reading, so that a million records
// are not copied as it grows; sorted by id at the end; and settled where an id repeats.

// merge sorts the records by id and settles ids that occur more than once. Records are in
// the order they were read (files by name, rows by line), and the sort keeps that order
// among equal ids. Within one file a repeated id is a conflict: every repetition after the
// first is rejected. Across files the later export wins: it updates the case, and the
// earlier row is counted as Updated in its file's report.
func (l *loader) merge() {
	recs := l.recs
	if !slices.IsSortedFunc(recs, func(a, b Record) int { return cmp.Compare(a.ID, b.ID) }) {
		sortByID(recs)
	}
	out := recs[:0]
	for i := 0; i < len(recs); {
		j := i + 1
		for j < len(recs) && recs[j].ID == recs[i].ID {
			j++
		}
		win := i // the first row of the last file holding the id
		for k := i + 1; k < j; k++ {
			r, first := &recs[k], &recs[win]
			if r.Pos.file == first.Pos.file {
				l.errs.Add(r.Pos.At("id"), "duplicate case id %s: it is already used at %s", r.ID, first.Pos.At("id"))
				f := r.Pos.file
				f.Records--
				f.Rejected++
				f.Reasons[ReasonDuplicateID]++
				continue
			}
			first.Pos.file.Updated++
			win = k
		}
		out = append(out, recs[win])
		i = j
	}
	clear(recs[len(out):])
	l.recs = out
}

// sortByID sorts records by id, keeping the order of equal ids, by sorting their indices and
// moving each record once: records are large, and a million of them should not be swapped
// about.
func sortByID(recs []Record) {
	idx := make([]int32, len(recs))
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortFunc(idx, func(a, b int32) int {
		if c := cmp.Compare(recs[a].ID, recs[b].ID); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	for i := range idx { // recs[j] = old recs[idx[j]], following each cycle of the permutation
		if int(idx[i]) == i {
			continue
		}
		tmp := recs[i]
		j := i
		for {
			k := int(idx[j])
			idx[j] = int32(j)
			if k == i {
				recs[j] = tmp
				break
			}
			recs[j] = recs[k]
			j = k
		}
	}
}

// reserve sizes l.recs for the rows of large line-based exports, so that a million records
// are not copied as the slice grows: it counts their line breaks, an upper bound of the rows.
func (l *loader) reserve(dir string, names []string) {
	var size int64
	var text []string
	for _, n := range names {
		switch strings.ToLower(path.Ext(n)) {
		case ".csv", ".tsv", ".jsonl", ".ndjson", ".txt":
			if fi, err := fs.Stat(l.fsys, path.Join(dir, n)); err == nil {
				size += fi.Size()
				text = append(text, n)
			}
		}
	}
	if size < 16<<20 {
		return
	}
	lines := 0
	buf := make([]byte, 1<<20)
	for _, n := range text {
		f, err := l.fsys.Open(path.Join(dir, n))
		if err != nil {
			continue
		}
		for {
			k, err := f.Read(buf)
			lines += bytes.Count(buf[:k], []byte{'\n'})
			if err != nil {
				break
			}
		}
		f.Close()
	}
	l.recs = make([]Record, 0, lines+len(text))
}

package cases

import (
	"fmt"
	"strings"

	"gongshi/generator/config"
	"gongshi/generator/source"
)

// plan says where each field of a Record comes from in one file: a column of the export
// (found by the [[import]] table's columns, a canonical name or a built-in alias), a fixed
// value, or nowhere; and how its values are mapped and its dates read.
type plan struct {
	l    *loader
	file *File
	imp  *config.Import // nil: the canonical layout

	hdr     []string     // the columns classified so far
	col     [nFields]int // index of the column of each field, -1 for none
	fixed   [nFields][]byte
	vocab   [nFields]*vocab // words of the fields with a fixed vocabulary
	mapping [nFields]*vocab // [import.values] of the other fields
	vals    [nFields][]byte // the current row's trimmed values
	dates   dates
	dynamic bool // JSON and XML: the columns grow as new keys appear

	explicit map[string]field // normalised header → field, from import.columns
	found    [nFields]bool    // which explicit mappings found their column
	o311     struct {
		on              bool
		status, updated int
	}
	commaName  string // how the delimiter is named in messages
	wrongDelim bool   // the header is one column holding another delimiter: nothing else is checked
	abandoned  bool   // the file turned out not to hold records

	// state of the row being checked
	row         *Row
	firstCol    int
	firstReason string
	nbad        int
	failedMask  uint32 // fields with a problem in the row
}

func newPlan(l *loader, file *File, imp *config.Import, format string) *plan {
	p := &plan{l: l, file: file, imp: imp, commaName: "comma"}
	for f := range p.col {
		p.col[f] = -1
	}
	p.dates = dates{loc: l.loc, strict: imp == nil, serial: format == "xlsx", hint: "an [[import]] table for this file in site.toml"}
	var mappings map[string]map[string]string
	if imp != nil {
		if imp.Location != nil { // set by config.Parse
			p.dates.loc = imp.Location
		}
		p.dates.layouts = imp.DateLayouts
		p.dates.hint = imp.String()
		for _, l := range imp.DateLayouts {
			p.dates.serial = p.dates.serial || l == "excel"
		}
		if imp.DateOrder != "" {
			p.dates.order = imp.DateOrder[0]
		}
		p.explicit = map[string]field{}
		for name, h := range imp.Columns {
			if f, ok := fieldByName(name); ok {
				p.explicit[normHeader(h)] = f
			}
		}
		for name, v := range imp.Fixed {
			if f, ok := fieldByName(name); ok {
				p.fixed[f] = []byte(v)
			}
		}
		mappings = imp.Values
	}
	for f := field(0); f < nFields; f++ {
		v := buildVocab(f, imp != nil, mappings[Columns[f]])
		if values, fold := canonicalValues(f); values != nil || fold {
			p.vocab[f] = v
		} else {
			p.mapping[f] = v
		}
	}
	return p
}

// problem reports a file-level problem.
func (p *plan) problem(pos source.Pos, format string, args ...any) {
	p.file.Problems++
	p.l.errs.Add(pos, format, args...)
}

// setHeader classifies the columns of hdr from index len(p.hdr) on: the whole header of a
// CSV or a sheet, or the keys a JSON or XML record adds.
func (p *plan) setHeader(hdr []string, line int) {
	if !p.dynamic && len(hdr) == 1 {
		for _, sep := range []string{";", "\t", "|", ","} {
			if strings.Contains(hdr[0], sep) {
				p.wrongDelim = true
				p.problem(source.Pos{File: p.file.Name, Line: line}, "the header is a single column holding %q: the file is separated by %q, not by %ss: set delimiter = %q in %s (or name a tab-separated file .tsv)", sep, sep, p.commaName, sep, p.where())
				return
			}
		}
	}
	for i := len(p.hdr); i < len(hdr); i++ {
		p.hdr = append(p.hdr, hdr[i])
		p.classify(i, hdr[i], line)
	}
}

func (p *plan) classify(i int, h string, line int) {
	pos := source.Pos{File: p.file.Name, Line: line, Col: i + 1}
	name := strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
	norm := normHeader(name)
	take := func(f field) {
		p.col[f] = i
		p.file.col[Columns[f]] = i + 1
	}
	if f, ok := p.explicit[norm]; ok {
		if p.found[f] {
			p.problem(pos, "column %q matches import.columns.%s again: the export has two such columns; rename one", name, f)
			return
		}
		p.found[f] = true
		take(f)
		return
	}
	if IsCallerColumn(name) {
		p.file.Dropped = append(p.file.Dropped, name)
		return
	}
	f, ok := aliasOf(name)
	switch {
	case !ok && p.imp == nil:
		p.problem(pos, "unknown column %q: use one of %s, or remove it", name, strings.Join(Columns, ", "))
	case !ok, p.imp != nil && (p.hasExplicit(f) || p.fixed[f] != nil):
		p.unmapped(name, i)
	case p.col[f] >= 0 && p.imp == nil && normHeader(p.hdr[p.col[f]]) == norm:
		p.problem(pos, "column %s appears twice in the header", name)
	case p.col[f] >= 0:
		p.problem(pos, "columns %q and %q both mean %s: map the one to import under [import.columns] in %s", strings.TrimSpace(p.hdr[p.col[f]]), name, f, p.where())
	default:
		take(f)
	}
}

func (p *plan) unmapped(name string, i int) {
	if name == "" {
		name = fmt.Sprintf("(column %d, no name)", i+1)
	}
	p.file.Unmapped = append(p.file.Unmapped, name)
}

func (p *plan) hasExplicit(f field) bool {
	for _, g := range p.explicit {
		if g == f {
			return true
		}
	}
	return false
}

// where names the place in site.toml to change, for messages.
func (p *plan) where() string {
	if p.imp == nil {
		return "an [[import]] table for this file in site.toml"
	}
	return p.imp.String()
}

// checkHeader reports the fields that have no column once the header is known (for JSON
// and XML, at the end of the file).
func (p *plan) checkHeader(line int) {
	if p.wrongDelim {
		return
	}
	pos := source.Pos{File: p.file.Name, Line: line}
	if p.imp != nil {
		for _, name := range sortedFields(p.imp.Columns) {
			f, _ := fieldByName(name)
			if !p.found[f] {
				p.problem(pos, "import.columns.%s = %q: the file has no such column (%s); its columns are: %s", name, p.imp.Columns[name], p.imp.Pos, strings.Join(p.hdr, ", "))
			}
		}
	}
	for _, f := range required {
		if p.col[f] >= 0 || p.fixed[f] != nil {
			continue
		}
		if p.imp == nil {
			p.problem(pos, "required column %s is missing from the header", f)
		} else {
			p.problem(pos, "required field %s has no column: map one under [import.columns] or give every row a value under [import.fixed] in %s", f, p.imp)
		}
	}
}

// detectOpen311 recognises Open311 GeoReport v2 requests by their keys. closed_at then comes
// from updated_datetime when the status is closed (the standard has no closing time), unless
// the [[import]] table maps closed_at itself or gives it a fixed value.
func (p *plan) detectOpen311() {
	idx := map[string]int{}
	for i, h := range p.hdr {
		idx[normHeader(h)] = i
	}
	if _, ok := idx["service_request_id"]; !ok {
		return
	}
	if p.file.Format == "json" {
		p.file.Format = "open311-json"
	}
	st, ok1 := idx["status"]
	up, ok2 := idx["updated_datetime"]
	if ok1 && ok2 && p.col[fClosedAt] < 0 && p.fixed[fClosedAt] == nil && !p.hasExplicit(fClosedAt) {
		p.o311.on, p.o311.status, p.o311.updated = true, st, up
		p.file.col["closed_at"] = up + 1
		for i, u := range p.file.Unmapped {
			if u == p.hdr[up] {
				p.file.Unmapped = append(p.file.Unmapped[:i], p.file.Unmapped[i+1:]...)
				break
			}
		}
	}
}

// isServiceList reports whether the keys of a JSON or XML record are those of an Open311
// service list (service_code without service_request_id).
func isServiceList(hdr []string) bool {
	code, req := false, false
	for _, h := range hdr {
		switch normHeader(h) {
		case "service_code":
			code = true
		case "service_request_id":
			req = true
		}
	}
	return code && !req
}

func sortedFields(m map[string]string) []string {
	var out []string
	for _, c := range Columns {
		if _, ok := m[c]; ok {
			out = append(out, c)
		}
	}
	return out
}

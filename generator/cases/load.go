package cases

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
	"time"

	"gongshi/generator/config"
	"gongshi/generator/source"
)

// Dir is the folder of case exports in the site.
const Dir = "content/cases"

// rowReader yields the rows of one export. header returns the columns known so far: the
// header row of a CSV or a sheet, or the keys seen so far in JSON and XML. next returns the
// fields of the next row (in header order, possibly fewer) and its line; a *rejection means
// the row was read but is broken, io.EOF ends the file, any other error stops reading it.
type rowReader interface {
	header() []string
	next() (fields [][]byte, line int, err error)
	close() error
}

// loader holds the state of one Load.
type loader struct {
	fsys   fs.FS
	cfg    *config.Config
	loc    *time.Location
	future time.Time // dates after this are rejected
	errs   source.List
	rep    *Report

	recs []Record
	slab []Row // the records' positions are cut from it

	street    map[string]*config.Street
	community map[string]*config.Community
	category  map[string]*config.Category

	summaries, resolutions, meetings interner
}

// Load reads every export in dir of fsys. It returns the valid records, sorted by id, a report
// of what it read, and every problem found, sorted by position: each rejected row at its
// file:line:col and every file-level problem. Files are read in the order of their names;
// when a later file holds an id an earlier one holds, its row replaces the earlier row.
func Load(fsys fs.FS, dir string, cfg *config.Config) ([]Record, *Report, source.List) {
	l := &loader{fsys: fsys, cfg: cfg, loc: cfg.Location(), rep: &Report{},
		street: map[string]*config.Street{}, community: map[string]*config.Community{}, category: map[string]*config.Category{}}
	l.future = time.Now().Add(24 * time.Hour)
	for _, s := range cfg.District.Streets {
		l.street[s.Name] = s
	}
	for _, cm := range cfg.Communities {
		l.community[cm.Name], l.community[cm.Slug] = cm, cm
	}
	for i := range cfg.Categories {
		l.category[cfg.Categories[i].Name] = &cfg.Categories[i]
	}
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		if _, statErr := fs.Stat(fsys, dir); statErr != nil {
			return nil, l.rep, nil // no exports: a site of halls and meetings only
		}
		l.rep.Problems++
		l.errs.Add(source.Pos{File: dir}, "cannot read the folder: %v", err)
		return nil, l.rep, l.errs
	}
	var names []string
	for _, e := range entries { // fs.ReadDir sorts by name
		if !e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
			names = append(names, e.Name())
		}
	}
	l.reserve(dir, names)
	used := make([]bool, len(cfg.Import))
	for _, n := range names {
		var imp *config.Import
		idx := 0
		for i := range cfg.Import {
			if ok, _ := path.Match(cfg.Import[i].Files, n); ok {
				imp, idx, used[i] = &cfg.Import[i], i+1, true
				break
			}
		}
		l.readFile(path.Join(dir, n), imp, idx)
	}
	for i, u := range used {
		if !u {
			l.rep.Notes.Add(cfg.Import[i].Pos, "[[import]] files = %q matches no file in %s", cfg.Import[i].Files, dir)
		}
	}
	l.merge()
	for _, f := range l.rep.Files {
		l.rep.Rows += f.Rows
		l.rep.Rejected += f.Rejected
		l.rep.Updated += f.Updated
		l.rep.Problems += f.Problems
		if f.Replaced > 0 {
			l.rep.Notes.Add(source.Pos{File: f.Name}, "%d replacement characters (U+FFFD) in the imported text: bytes that are not %s; if the text looks wrong, set encoding in an [[import]] table for this file", f.Replaced, f.Encoding)
		}
	}
	l.rep.Records = len(l.recs)
	return l.recs, l.rep, l.errs.Sort()
}

// readFile reads one export into l.recs.
func (l *loader) readFile(name string, imp *config.Import, idx int) {
	file := newFile(name)
	file.Import, file.MaxRejected = idx, imp.RejectedShare()
	l.rep.Files = append(l.rep.Files, file)
	whole := source.Pos{File: name}
	f, err := l.fsys.Open(name)
	if err != nil {
		file.Problems++
		l.errs.Add(whole, "cannot open: %v", err)
		return
	}
	defer f.Close()
	size := sniffLen
	if fi, err := f.Stat(); err == nil && fi.Size() < sniffLen {
		size = max(int(fi.Size()), 16)
	}
	br := bufio.NewReaderSize(f, size)
	head, _ := br.Peek(br.Size())
	format, msg := detectFormat(name, imp, head)
	if msg != "" {
		file.Problems++
		l.errs.Add(whole, "%s", msg)
		return
	}
	file.Format = format
	p := newPlan(l, file, imp, format)
	rr, line, err := p.open(f, br)
	if err != nil {
		file.Problems++
		l.errs.Add(source.Pos{File: name, Line: line}, "%v", err)
		return
	}
	defer rr.close()
	if !p.dynamic {
		p.setHeader(rr.header(), line)
		p.checkHeader(line)
		if p.wrongDelim || !p.complete() {
			return // rows without their required columns cannot become records
		}
	}
	l.rows(p, rr)
	if p.dynamic && !p.abandoned {
		p.checkHeader(0)
	}
}

// open makes the reader of the plan's format and reads the header.
func (p *plan) open(f fs.File, br *bufio.Reader) (rowReader, int, error) {
	imp := p.imp
	headerRow := 1
	if imp != nil && imp.HeaderRow > 0 {
		headerRow = imp.HeaderRow
	}
	switch p.file.Format {
	case "csv", "tsv":
		comma := byte(',')
		if p.file.Format == "tsv" {
			comma, p.commaName = '\t', "tab"
		}
		if imp != nil && imp.Delimiter != "" {
			comma = imp.Delimiter[0]
			if comma != ',' {
				p.commaName = fmt.Sprintf("%q", imp.Delimiter)
			}
		}
		want := ""
		if imp != nil {
			want = imp.Encoding
		}
		text, enc := decodeText(br, want)
		p.file.Encoding = enc
		c := newCSV(text, comma)
		_, line, err := c.readHeader(headerRow)
		if err != nil {
			return nil, line, fmt.Errorf("cannot read the header row: %w", err)
		}
		return c, line, nil
	case "xlsx":
		p.file.Encoding = "xlsx"
		x, line, err := openXLSX(f, br, imp, headerRow)
		if err != nil {
			return nil, line, err
		}
		p.file.Sheet, p.dates.date1904 = x.sheet, x.date1904
		return x, line, nil
	case "json", "jsonl", "open311-json":
		p.dynamic, p.file.Encoding = true, "utf-8"
		return newJSON(br, p.file.Format == "jsonl"), 0, nil
	case "open311-xml":
		p.dynamic, p.file.Encoding = true, "utf-8"
		return newXML(br), 0, nil
	}
	return nil, 0, fmt.Errorf("format %q cannot be read", p.file.Format)
}

// complete reports whether every required field has a column or a fixed value.
func (p *plan) complete() bool {
	for _, f := range required {
		if p.col[f] < 0 && p.fixed[f] == nil {
			return false
		}
	}
	return true
}

// rows reads the rows of a file and checks each into a record or a rejection.
func (l *loader) rows(p *plan, rr rowReader) {
	file := p.file
	seen := 0
	for {
		fields, line, err := rr.next()
		if err == io.EOF {
			return
		}
		var rej *rejection
		var fe *fileError
		switch {
		case errors.As(err, &fe):
			p.abandoned = true
			file.Problems++
			l.errs.Add(source.Pos{File: file.Name}, "%s", fe.msg)
			return
		case errors.As(err, &rej):
			file.Rows++
			msg := rej.msg
			if rej.col > 0 && rej.col <= len(p.hdr) {
				msg = strings.TrimSpace(p.hdr[rej.col-1]) + ": " + msg
			}
			l.reject(file, source.Pos{File: file.Name, Line: rej.line, Col: rej.col}, rej.reason, "%s", msg)
			continue
		case err != nil:
			file.Problems++
			l.errs.Add(source.Pos{File: file.Name, Line: line}, "cannot read further: %v; the rest of the file was not imported", err)
			return
		}
		if p.dynamic {
			if seen == 0 && isServiceList(rr.header()) {
				p.abandoned = true
				file.Problems++
				l.errs.Add(source.Pos{File: file.Name}, "%s", errServiceList.msg)
				return
			}
			if h := rr.header(); len(h) > len(p.hdr) {
				p.setHeader(h, line)
				if !p.o311.on {
					p.detectOpen311()
				}
			}
		}
		file.Rows++
		if !p.dynamic && file.Format != "xlsx" && len(fields) != len(p.hdr) {
			l.reject(file, source.Pos{File: file.Name, Line: line}, ReasonFieldCount,
				"the row has %d fields but the header has %d: check for an unquoted %s", len(fields), len(p.hdr), p.commaName)
			continue
		}
		seen++
		if len(l.slab) == cap(l.slab) {
			l.slab = make([]Row, 0, 4096)
		}
		l.slab = append(l.slab, Row{file: file, Line: line})
		row := &l.slab[len(l.slab)-1]
		l.recs = append(l.recs, Record{})
		r := &l.recs[len(l.recs)-1]
		if p.record(fields, row, r) {
			file.Records++
			continue
		}
		*r = Record{}
		l.recs = l.recs[:len(l.recs)-1]
		l.slab = l.slab[:len(l.slab)-1]
		file.Rejected++
		file.Reasons[p.firstReason]++
	}
}

// reject reports a row rejected before its fields could be checked.
func (l *loader) reject(file *File, pos source.Pos, reason, format string, args ...any) {
	file.Rejected++
	file.Reasons[reason]++
	l.errs.Add(pos, format, args...)
}

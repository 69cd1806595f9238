package cases

import (
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"

	"gongshi/generator/config"
	"gongshi/generator/source"
)

// Dir is the folder of case exports in the site.
const Dir = "content/cases"

// Columns are the canonical columns, in the order of the glossary.
var Columns = []string{
	"id", "received_at", "responded_at", "closed_at", "street", "community", "grid",
	"category", "subcategory", "channel", "status", "method", "collective", "summary",
	"resolution", "solved", "satisfaction", "surveyed", "responded_in_time", "meeting",
}

var required = []string{"id", "received_at", "street", "community", "category", "channel", "status"}

// Report says what was read: the files, and the columns dropped from each.
type Report struct {
	Files []*File
	Rows  int // data rows read in all files
}

// rowReader yields the header and then the rows of one export, with the line of each row.
// CSV is the only reader for now; Excel, JSON Lines and Open311 slot in here.
type rowReader interface {
	Header() ([]string, error)
	Next() (fields []string, line int, err error) // io.EOF at the end
}

func newReader(name string, r io.Reader) (rowReader, bool) {
	switch strings.ToLower(path.Ext(name)) {
	case ".csv":
		return newCSV(r), true
	}
	return nil, false
}

// Load reads every export in dir of fsys. It returns the valid records, sorted by id, a report of
// what it read, and every problem found, sorted by position.
func Load(fsys fs.FS, dir string, cfg *config.Config) ([]Record, *Report, source.List) {
	var errs source.List
	rep := &Report{}
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		if _, statErr := fs.Stat(fsys, dir); statErr != nil {
			return nil, rep, nil // no exports: a site of halls and meetings only
		}
		errs.Add(source.Pos{File: dir}, "cannot read the folder: %v", err)
		return nil, rep, errs
	}
	var recs []Record
	for _, e := range entries {
		name := path.Join(dir, e.Name())
		if e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		f, err := fsys.Open(name)
		if err != nil {
			errs.Add(source.Pos{File: name}, "cannot open: %v", err)
			continue
		}
		rr, ok := newReader(name, f)
		if !ok {
			errs.Add(source.Pos{File: name}, "unknown export format %q: case exports are .csv files", path.Ext(name))
			f.Close()
			continue
		}
		file := &File{Name: name}
		recs = readFile(rr, file, cfg, recs, &errs)
		f.Close()
		rep.Files = append(rep.Files, file)
		rep.Rows += file.Rows
	}
	sort.SliceStable(recs, func(i, j int) bool { return recs[i].ID < recs[j].ID })
	for i := 1; i < len(recs); i++ {
		if recs[i].ID == recs[i-1].ID {
			first := recs[i-1].Pos.At("id")
			errs.Add(recs[i].Pos.At("id"), "duplicate case id %s: it is already used at %s", recs[i].ID, first)
		}
	}
	return recs, rep, errs.Sort()
}

func readFile(rr rowReader, file *File, cfg *config.Config, recs []Record, errs *source.List) []Record {
	header, err := rr.Header()
	if err != nil {
		errs.Add(source.Pos{File: file.Name, Line: 1}, "cannot read the header row: %v", err)
		return recs
	}
	file.col = map[string]int{}
	known := map[string]bool{}
	for _, c := range Columns {
		known[c] = true
	}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		pos := source.Pos{File: file.Name, Line: 1, Col: i + 1}
		switch {
		case IsCallerColumn(h):
			file.Dropped = append(file.Dropped, h)
		case known[h]:
			if _, dup := file.col[h]; dup {
				errs.Add(pos, "column %s appears twice in the header", h)
				continue
			}
			file.col[h] = i + 1
		default:
			errs.Add(pos, "unknown column %q: use one of %s, or remove it", h, strings.Join(Columns, ", "))
		}
	}
	for _, c := range required {
		if _, ok := file.col[c]; !ok {
			errs.Add(source.Pos{File: file.Name, Line: 1}, "required column %s is missing from the header", c)
		}
	}
	if len(*errs) > 0 && len(file.col) == 0 {
		return recs
	}
	for {
		fields, line, err := rr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			errs.Add(source.Pos{File: file.Name, Line: line}, "%v", err)
			if line == 0 {
				break
			}
			continue
		}
		file.Rows++
		row := &Row{file: file, Line: line}
		if len(fields) != len(header) {
			errs.Add(row.Pos(), "the row has %d fields but the header has %d: check for an unquoted comma", len(fields), len(header))
			continue
		}
		get := func(col string) string {
			if i, ok := file.col[col]; ok {
				return strings.TrimSpace(fields[i-1])
			}
			return ""
		}
		if r, ok := parseRow(row, get, cfg, errs); ok {
			recs = append(recs, r)
		}
	}
	return recs
}

// callerWords mark a column as the caller's identity: name, phone, ID, home address, plate, WeChat.
var callerWords = []string{
	"来电人", "来电号码", "联系电话", "联系人", "电话", "手机", "姓名", "身份证", "证件", "住址",
	"地址", "门牌", "车牌", "微信", "qq", "邮箱",
	"caller", "phone", "mobile", "name", "email", "address", "contact",
}

// IsCallerColumn reports whether a header names a column of caller identity, which is never imported.
func IsCallerColumn(h string) bool {
	l := strings.ToLower(h)
	for _, w := range callerWords {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

const dateLayout = "2006-01-02 15:04"

var dateLayouts = []string{dateLayout, "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02T15:04:05"}

func parseTime(s string, loc *time.Location) (time.Time, error) {
	for _, l := range dateLayouts {
		if t, err := time.ParseInLocation(l, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("bad date %q: write it as %s, e.g. 2022-08-17 08:34", s, dateLayout)
}

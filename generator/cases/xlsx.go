package cases

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"

	"gongshi/generator/config"
)

// xlsxReader streams one sheet of an .xlsx workbook (an Office Open XML zip package) row by
// row, with raw cell values: numbers as stored (dates as serial numbers, which the date
// parser converts with excelize's function), text from the shared strings or inline,
// booleans as 1 and 0, formulas as their cached value. These are exactly the values
// excelize's Rows iterator returns with RawCellValue (a test compares the two); the sheet
// is scanned directly because excelize's encoding/xml decoding is several times slower.
// The line of a row is its number in the sheet.
type xlsxReader struct {
	sheet    string
	date1904 bool
	sst      []string
	part     io.ReadCloser
	x        *xmlScanner
	row      int // number of the last row read
	hdr      []string
	cells    [][2]int // start and end in buf of each cell of the row, by column
	buf      []byte
	fields   [][]byte
}

// openXLSX opens the workbook, chooses the sheet (by name, else the first), reads the
// shared strings, and reads up to the header row.
// The file is read in place when it can be (io.ReaderAt), else into memory from r.
func openXLSX(file fs.File, r io.Reader, imp *config.Import, headerRow int) (*xlsxReader, int, error) {
	var zr *zip.Reader
	var err error
	fi, statErr := file.Stat()
	if ra, ok := file.(io.ReaderAt); ok && statErr == nil {
		zr, err = zip.NewReader(ra, fi.Size())
	} else {
		var data []byte
		if data, err = io.ReadAll(r); err == nil {
			zr, err = zip.NewReader(bytes.NewReader(data), int64(len(data)))
		}
	}
	if err != nil {
		return nil, 0, fmt.Errorf("cannot open the workbook: %v: open it in Excel, WPS or LibreOffice and save it again as .xlsx", err)
	}
	parts := map[string]*zip.File{}
	for _, f := range zr.File {
		parts[strings.ToLower(strings.TrimPrefix(f.Name, "/"))] = f
	}
	book, err := readBook(parts)
	if err != nil {
		return nil, 0, err
	}
	x := &xlsxReader{date1904: book.date1904}
	sheet := -1
	switch {
	case len(book.sheets) == 0:
		return nil, 0, fmt.Errorf("the workbook has no sheets")
	case imp != nil && imp.Sheet != "":
		var names []string
		for i, s := range book.sheets {
			names = append(names, s.name)
			if s.name == imp.Sheet {
				sheet = i
			}
		}
		if sheet < 0 {
			return nil, 0, fmt.Errorf("the workbook has no sheet %q (sheet in %s): its sheets are %s", imp.Sheet, imp, strings.Join(names, ", "))
		}
	default:
		sheet = 0
	}
	x.sheet = book.sheets[sheet].name
	part := parts[strings.ToLower(book.sheets[sheet].path)]
	if part == nil {
		return nil, 0, fmt.Errorf("the workbook is damaged: sheet %q has no data part", x.sheet)
	}
	if sst := parts[strings.ToLower(book.sst)]; sst != nil {
		if x.sst, err = readSST(sst); err != nil {
			return nil, 0, fmt.Errorf("cannot read the shared strings of the workbook: %v", err)
		}
	}
	if x.part, err = part.Open(); err != nil {
		return nil, 0, fmt.Errorf("cannot read sheet %q: %v", x.sheet, err)
	}
	x.x = newXMLScanner(x.part)
	for {
		fields, line, err := x.next()
		if err == io.EOF {
			x.close()
			return nil, 0, fmt.Errorf("sheet %q is empty: it needs a header row", x.sheet)
		}
		if err != nil {
			x.close()
			return nil, line, fmt.Errorf("cannot read sheet %q: %v", x.sheet, err)
		}
		if line < headerRow {
			continue
		}
		for _, b := range fields {
			x.hdr = append(x.hdr, string(b))
		}
		return x, line, nil
	}
}

func (x *xlsxReader) header() []string { return x.hdr }
func (x *xlsxReader) close() error {
	if x.part == nil {
		return nil
	}
	return x.part.Close()
}

// next returns the cells of the next row that has a value; rows with none are skipped.
func (x *xlsxReader) next() ([][]byte, int, error) {
	for {
		found, err := x.readRow()
		if err != nil {
			return nil, x.row, err
		}
		if !found {
			return nil, 0, io.EOF
		}
		x.fields = x.fields[:0]
		empty := true
		for _, c := range x.cells {
			f := x.buf[c[0]:c[1]]
			x.fields = append(x.fields, f)
			empty = empty && len(trimSpace(f)) == 0
		}
		if !empty {
			return x.fields, x.row, nil
		}
	}
}

// readRow reads the next <row> into cells; it reports false at the end of the sheet data.
func (x *xlsxReader) readRow() (bool, error) {
	s := x.x
	for {
		tok, err := s.next()
		switch {
		case err != nil:
			return false, err
		case tok == tokEOF:
			return false, nil
		case tok == tokEnd && string(s.name) == "sheetData":
			return false, nil
		case tok == tokStart && string(s.name) == "row":
			if v, ok := s.attr("r"); ok {
				n, err := strconv.Atoi(string(v))
				if err != nil || n <= x.row {
					return false, fmt.Errorf("row %q out of order", v)
				}
				x.row = n
			} else {
				x.row++
			}
			x.buf, x.cells = x.buf[:0], x.cells[:0]
			if s.self {
				return true, nil
			}
			return true, x.readCells()
		}
	}
}

// readCells reads the <c> elements of a row up to </row>.
func (x *xlsxReader) readCells() error {
	s := x.x
	col := 0
	for {
		tok, err := s.next()
		if err != nil {
			return err
		}
		switch {
		case tok == tokEOF:
			return io.ErrUnexpectedEOF
		case tok == tokEnd && string(s.name) == "row":
			return nil
		case tok == tokStart && string(s.name) == "c":
			if v, ok := s.attr("r"); ok {
				if col, ok = cellColumn(v); !ok {
					return fmt.Errorf("bad cell reference %q in row %d", v, x.row)
				}
			} else {
				col++
			}
			typ, _ := s.attr("t")
			t := string(typ)
			if s.self {
				continue
			}
			start := len(x.buf)
			formula, err := x.readCell(t)
			if err != nil {
				return err
			}
			if len(x.buf) == start && !formula {
				continue
			}
			for len(x.cells) < col-1 {
				x.cells = append(x.cells, [2]int{start, start})
			}
			if len(x.cells) < col {
				x.cells = append(x.cells, [2]int{start, len(x.buf)})
			} else {
				x.cells[col-1] = [2]int{start, len(x.buf)}
			}
		}
	}
}

// readCell appends the raw value of the cell just opened, of type t, up to </c>, and
// reports whether it holds a formula.
func (x *xlsxReader) readCell(t string) (bool, error) {
	s := x.x
	formula, depth, inV, inT, phonetic := false, 0, false, false, 0
	start := len(x.buf)
	for {
		tok, err := s.next()
		if err != nil {
			return false, err
		}
		switch tok {
		case tokEOF:
			return false, io.ErrUnexpectedEOF
		case tokText:
			if inV || inT && phonetic == 0 {
				x.buf = append(x.buf, s.text...)
			}
		case tokStart:
			switch string(s.name) {
			case "f":
				formula = true
			case "v":
				inV = !s.self
			case "t":
				inT = !s.self
			case "rPh":
				phonetic += boolInt(!s.self)
			}
			depth += boolInt(!s.self)
		case tokEnd:
			switch string(s.name) {
			case "c":
				if depth == 0 {
					x.resolve(t, start)
					return formula, nil
				}
			case "v":
				inV = false
			case "t":
				inT = false
			case "rPh":
				phonetic--
			}
			depth--
		}
	}
}

// resolve turns the text of a cell (from start in buf) into its value by type: a shared
// string index into the string, inline and shared strings unescaped.
func (x *xlsxReader) resolve(t string, start int) {
	switch t {
	case "s":
		v := strings.TrimSpace(string(x.buf[start:]))
		x.buf = x.buf[:start]
		if v == "" {
			return
		}
		if i, err := strconv.Atoi(v); err == nil && i >= 0 && i < len(x.sst) {
			x.buf = append(x.buf, x.sst[i]...)
		}
	case "inlineStr":
		if s := unescapeOOXML(string(x.buf[start:])); len(s) != len(x.buf)-start {
			x.buf = append(x.buf[:start], s...)
		}
	}
}

// cellColumn returns the column number of a cell reference such as "AB12".
func cellColumn(ref []byte) (int, bool) {
	col := 0
	i := 0
	for ; i < len(ref) && (ref[i]|0x20) >= 'a' && (ref[i]|0x20) <= 'z'; i++ {
		col = col*26 + int(ref[i]|0x20-'a') + 1
		if col > 16384 {
			return 0, false
		}
	}
	return col, i > 0
}

// unescapeOOXML decodes the _xHHHH_ escapes Office writes for characters XML cannot hold
// (_x000D_ for a carriage return, _x005F_ for an underscore), as excelize does.
func unescapeOOXML(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "_x")
		if i < 0 || i+7 > len(s) {
			break
		}
		h := s[i+2 : i+6]
		v, err := strconv.ParseUint(h, 16, 32)
		if s[i+6] != '_' || err != nil || strings.ContainsAny(h, "+-") {
			b.WriteString(s[:i+2])
			s = s[i+2:]
			continue
		}
		b.WriteString(s[:i])
		switch r := rune(v); {
		case h == "005F" || h == "005f":
			b.WriteByte('_')
		case utf8.ValidRune(r):
			b.WriteRune(r)
		}
		s = s[i+7:]
	}
	b.WriteString(s)
	return b.String()
}

// book is what the workbook part says: its sheets in order, where the shared strings are,
// and the date system.
type book struct {
	sheets   []struct{ name, path string }
	sst      string
	date1904 bool
}

// readBook reads the package relationships, the workbook and its relationships.
func readBook(parts map[string]*zip.File) (*book, error) {
	type rels struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Type   string `xml:"Type,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	var root rels
	wbPath := "xl/workbook.xml"
	if readXML(parts, "_rels/.rels", &root) == nil {
		for _, r := range root.Rel {
			if strings.HasSuffix(r.Type, "/officeDocument") {
				wbPath = strings.TrimPrefix(r.Target, "/")
			}
		}
	}
	var wb struct {
		Pr struct {
			Date1904 string `xml:"date1904,attr"`
		} `xml:"workbookPr"`
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"id,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := readXML(parts, wbPath, &wb); err != nil {
		return nil, fmt.Errorf("this is not an Excel workbook (%v): open it in Excel, WPS or LibreOffice and save it again as .xlsx", err)
	}
	dir := path.Dir(wbPath)
	var wbRels rels
	readXML(parts, path.Join(dir, "_rels", path.Base(wbPath)+".rels"), &wbRels)
	target := func(t string) string {
		if strings.HasPrefix(t, "/") {
			return t[1:]
		}
		return path.Join(dir, t)
	}
	b := &book{sst: path.Join(dir, "sharedStrings.xml"), date1904: wb.Pr.Date1904 == "1" || wb.Pr.Date1904 == "true"}
	for _, r := range wbRels.Rel {
		if strings.HasSuffix(r.Type, "/sharedStrings") {
			b.sst = target(r.Target)
		}
	}
	for i, s := range wb.Sheets {
		p := path.Join(dir, "worksheets", "sheet"+strconv.Itoa(i+1)+".xml")
		for _, r := range wbRels.Rel {
			if r.ID == s.ID {
				p = target(r.Target)
			}
		}
		b.sheets = append(b.sheets, struct{ name, path string }{s.Name, p})
	}
	return b, nil
}

func readXML(parts map[string]*zip.File, name string, v any) error {
	f := parts[strings.ToLower(name)]
	if f == nil {
		return fmt.Errorf("it has no %s", name)
	}
	r, err := f.Open()
	if err != nil {
		return err
	}
	defer r.Close()
	return xml.NewDecoder(r).Decode(v)
}

// readSST reads the shared strings: the text of each <si>, its runs joined, phonetic
// guides left out.
func readSST(f *zip.File) ([]string, error) {
	r, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	s := newXMLScanner(r)
	var out []string
	var cur []byte
	in, inT, phonetic := false, false, 0
	for {
		tok, err := s.next()
		if err != nil {
			return nil, err
		}
		switch tok {
		case tokEOF:
			return out, nil
		case tokText:
			if in && inT && phonetic == 0 {
				cur = append(cur, s.text...)
			}
		case tokStart:
			switch string(s.name) {
			case "si":
				in, cur = true, cur[:0]
				if s.self {
					in = false
					out = append(out, "")
				}
			case "t":
				inT = !s.self
			case "rPh":
				phonetic += boolInt(!s.self)
			}
		case tokEnd:
			switch string(s.name) {
			case "si":
				in = false
				out = append(out, unescapeOOXML(string(cur)))
			case "t":
				inT = false
			case "rPh":
				phonetic--
			}
		}
	}
}

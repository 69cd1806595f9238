package cases

import (
	"bytes"
	"errors"
	"io"
)

// csvReader reads delimited text (RFC 4180 CSV, or TSV) of UTF-8 text: quoted fields may
// hold the delimiter, line breaks and doubled quotes; "\r\n" ends a line like "\n"; blank
// lines and rows of empty fields are skipped. It reads what encoding/csv reads, with the
// same fields, and is lenient where real exports are sloppy: a quote inside an unquoted
// field is kept as text. A quoted field with text after its closing quote, or one that runs
// to the end of the file, rejects its row; reading goes on with the next row.
//
// It allocates nothing per row: the fields are views of a buffer reused by the next row.
type csvReader struct {
	src   io.Reader
	buf   []byte // buf[r:w] is read but not yet parsed
	r, w  int
	eof   bool
	err   error // a read error other than io.EOF
	line  int   // line of buf[r]
	comma byte

	rec    []byte   // the fields of the current row, unescaped, one after another
	ends   []int    // end of each field in rec
	fields [][]byte // views of rec
	long   bool     // the row went over MaxRowBytes: its text is not kept
	hdr    []string
}

func newCSV(src io.Reader, comma byte) *csvReader {
	return &csvReader{src: src, buf: make([]byte, 256<<10), comma: comma, line: 1}
}

// readHeader reads rows up to the one that starts at line headerLine (1 by default) and
// returns it as the header.
func (c *csvReader) readHeader(headerLine int) ([]string, int, error) {
	for {
		fields, line, err := c.next()
		if err == io.EOF {
			return nil, 0, errors.New("the file is empty: it needs a header row")
		}
		var rej *rejection
		if errors.As(err, &rej) {
			return nil, rej.line, errors.New(rej.msg)
		}
		if err != nil {
			return nil, 0, err
		}
		if line < headerLine {
			continue
		}
		c.hdr = make([]string, len(fields))
		for i, f := range fields {
			c.hdr[i] = string(f)
		}
		return c.hdr, line, nil
	}
}

func (c *csvReader) header() []string { return c.hdr }
func (c *csvReader) close() error     { return nil }

// next returns the fields of the next row and the line where it starts. A *rejection error
// means the row was read but is broken; io.EOF ends the file.
func (c *csvReader) next() ([][]byte, int, error) {
	for {
		line, rej, err := c.readRow()
		if err != nil {
			return nil, 0, err
		}
		c.fields = c.fields[:0]
		start, empty := 0, true
		for _, e := range c.ends {
			c.fields = append(c.fields, c.rec[start:e])
			empty = empty && e == start
			start = e
		}
		if rej != nil {
			return c.fields, line, rej
		}
		if empty && len(c.ends) > 1 {
			continue // a row of empty fields, as spreadsheets write below the data
		}
		return c.fields, line, nil
	}
}

// fill reads more input; it reports whether there is unread input.
func (c *csvReader) fill() bool {
	if c.eof {
		return c.r < c.w
	}
	if c.r > 0 {
		c.w = copy(c.buf, c.buf[c.r:c.w])
		c.r = 0
	}
	if c.w == len(c.buf) {
		c.buf = append(c.buf, make([]byte, len(c.buf))...)
	}
	for {
		n, err := c.src.Read(c.buf[c.w:])
		c.w += n
		if err != nil {
			c.eof = true
			if err != io.EOF {
				c.err = err
			}
			break
		}
		if n > 0 {
			break
		}
	}
	return c.r < c.w
}

// peek returns the byte at buf[r+k], reading more if needed; ok is false at the end.
func (c *csvReader) peek(k int) (byte, bool) {
	for c.r+k >= c.w {
		if c.eof {
			return 0, false
		}
		c.fill()
	}
	return c.buf[c.r+k], true
}

func (c *csvReader) add(b []byte) {
	if c.long {
		return
	}
	if len(c.rec)+len(b) > MaxRowBytes {
		c.long = true
		return
	}
	c.rec = append(c.rec, b...)
}

// endField closes the current field; crlf drops a '\r' that ended it.
func (c *csvReader) endField(start int, crlf bool) {
	if crlf && len(c.rec) > start && c.rec[len(c.rec)-1] == '\r' {
		c.rec = c.rec[:len(c.rec)-1]
	}
	c.ends = append(c.ends, len(c.rec))
}

// readRow parses one row into rec and ends.
func (c *csvReader) readRow() (int, *rejection, error) {
	for { // skip blank lines
		b, ok := c.peek(0)
		if !ok {
			if c.err != nil {
				return 0, nil, c.err
			}
			return 0, nil, io.EOF
		}
		if b == '\n' {
			c.r++
			c.line++
			continue
		}
		if b == '\r' {
			if n, ok := c.peek(1); !ok || n == '\n' {
				c.r += 1 + boolInt(ok)
				c.line += boolInt(ok)
				continue
			}
		}
		break
	}
	line := c.line
	c.rec, c.ends, c.long = c.rec[:0], c.ends[:0], false
	var rej *rejection
	for {
		start := len(c.rec)
		if b, ok := c.peek(0); ok && b == '"' {
			c.r++
			done, r := c.quoted(line, start)
			if r != nil && rej == nil {
				rej = r
			}
			if done {
				break
			}
			continue
		}
		if c.unquoted(start) {
			break
		}
	}
	if c.long && rej == nil {
		rej = &rejection{line: line, reason: ReasonRowTooLong,
			msg: "the row is longer than 16 MB and was not read: a quote is probably left open above"}
	}
	if c.err != nil {
		return 0, nil, c.err
	}
	return line, rej, nil
}

// unquoted reads an unquoted field and reports whether it ended the row.
func (c *csvReader) unquoted(start int) bool {
	for {
		seg := c.buf[c.r:c.w]
		lim := seg
		i := bytes.IndexByte(seg, c.comma)
		if i >= 0 {
			lim = seg[:i]
		}
		if j := bytes.IndexByte(lim, '\n'); j >= 0 {
			c.add(lim[:j])
			c.r += j + 1
			c.line++
			c.endField(start, true)
			return true
		}
		if i >= 0 {
			c.add(lim)
			c.r += i + 1
			c.endField(start, false)
			return false
		}
		c.add(seg)
		c.r = c.w
		if !c.fill() {
			c.endField(start, true) // encoding/csv drops a '\r' before the end of the file
			return true
		}
	}
}

// quoted reads a quoted field after its opening quote and reports whether it ended the row.
func (c *csvReader) quoted(line, start int) (bool, *rejection) {
	for {
		seg := c.buf[c.r:c.w]
		i := bytes.IndexByte(seg, '"')
		if i < 0 {
			c.addQuoted(seg, start)
			c.r = c.w
			if !c.fill() {
				c.endField(start, false)
				return true, &rejection{line: line, col: len(c.ends), reason: ReasonUnclosedQuote,
					msg: "a quoted field opened in this row is never closed: the file is truncated, or a quote is missing"}
			}
			continue
		}
		c.addQuoted(seg[:i], start)
		c.r += i + 1
		b, ok := c.peek(0)
		switch {
		case ok && b == '"':
			c.add([]byte{'"'})
			c.r++
			continue
		case !ok:
			c.endField(start, false)
			return true, nil
		case b == c.comma:
			c.r++
			c.endField(start, false)
			return false, nil
		case b == '\n':
			c.r++
			c.line++
			c.endField(start, false)
			return true, nil
		case b == '\r':
			if n, ok := c.peek(1); !ok || n == '\n' {
				c.r += 1 + boolInt(ok)
				c.line += boolInt(ok)
				c.endField(start, false)
				return true, nil
			}
		}
		// Text after the closing quote: the rest of the field up to the next delimiter is
		// read as unquoted text, so that one stray quote cannot swallow the rows below it.
		rej := &rejection{line: line, col: len(c.ends) + 1, reason: ReasonBadQuotes,
			msg: "a quoted field goes on after its closing quote: inside quotes, write a quote as two (\"\")"}
		c.add([]byte{'"'})
		return c.unquoted(start), rej
	}
}

// addQuoted adds text of a quoted field, turning "\r\n" into "\n" as encoding/csv does, and
// counts its lines.
func (c *csvReader) addQuoted(b []byte, start int) {
	n := bytes.Count(b, []byte{'\n'})
	c.line += n
	if n == 0 || c.long {
		c.add(b)
		return
	}
	from := max(len(c.rec)-1, start)
	c.add(b)
	if c.long {
		return
	}
	out := c.rec[:from]
	for i := from; i < len(c.rec); i++ {
		if c.rec[i] == '\r' && i+1 < len(c.rec) && c.rec[i+1] == '\n' {
			continue
		}
		out = append(out, c.rec[i])
	}
	c.rec = out
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

package cases

import (
	"errors"
	"fmt"
	"io"
)

// jsonReader reads records that are JSON objects: a JSON array of objects, JSON Lines (one
// object per line, or objects one after another), or an object wrapping such an array
// ({"service_requests": [...]}). Keys become columns in the order they are first seen;
// strings are unescaped, numbers and true/false kept as written, null is empty, nested
// objects and arrays are kept as JSON text. The line of a record is the line of its "{".
type jsonReader struct {
	in    stream // the input, or in JSON Lines the current line
	file  stream // JSON Lines: the input
	lines bool   // JSON Lines: a broken line rejects its row and reading goes on
	state int    // jsonStart, jsonArray, jsonObjects, jsonDone
	wrap  bool   // the array is a member of a wrapping object
	comma bool   // in an array, after an element: a comma or the end comes next
	began bool   // a record has been read

	hdr    []string
	index  map[string]int
	rec    []byte
	spans  [][2]int
	fields [][]byte
}

const (
	jsonStart = iota
	jsonArray
	jsonObjects
	jsonDone
)

func newJSON(r io.Reader, lines bool) *jsonReader {
	j := &jsonReader{in: stream{src: r, buf: make([]byte, 64<<10), line: 1}, lines: lines, index: map[string]int{}}
	if lines {
		j.file, j.in = j.in, stream{eof: true}
	}
	return j
}

// nextLine reads JSON Lines: each line on its own, so that a broken line rejects its row only.
func (j *jsonReader) nextLine() ([][]byte, int, error) {
	for {
		line, ok := j.file.readLine()
		if !ok {
			return nil, 0, io.EOF
		}
		j.in = stream{buf: line, w: len(line), eof: true, line: j.file.line - 1}
		j.in.skipSpace()
		if _, ok := j.in.peek(); !ok {
			continue // a blank line
		}
		fields, n, err := j.record()
		if err == nil {
			if j.in.skipSpace(); j.in.r < j.in.w {
				err = &rejection{line: n, reason: ReasonBadSyntax, msg: "this line holds more than one JSON value"}
			}
		}
		return fields, n, err
	}
}

func (j *jsonReader) header() []string { return j.hdr }
func (j *jsonReader) close() error     { return nil }

// errTruncated marks input that ends inside a record.
var errTruncated = errors.New("the file ends inside this record: it is truncated")

func (j *jsonReader) next() ([][]byte, int, error) {
	if j.lines {
		return j.nextLine()
	}
	for {
		j.in.skipSpace()
		c, ok := j.in.peek()
		switch j.state {
		case jsonDone:
			if ok {
				return nil, j.in.line, fmt.Errorf("text after the end of the JSON data at line %d", j.in.line)
			}
			return nil, 0, io.EOF
		case jsonStart:
			switch {
			case !ok:
				return nil, 0, io.EOF
			case c == '[':
				j.in.r++
				j.state = jsonArray
				continue
			}
			j.state = jsonObjects
			continue
		case jsonArray:
			if !ok {
				return nil, j.in.line, &rejection{line: j.in.line, reason: ReasonTruncated, msg: "the JSON array is not closed: the file is truncated"}
			}
			if c == ']' {
				j.in.r++
				j.state, j.comma = jsonDone, false
				if j.wrap {
					j.wrap = false
					if err := j.skipRest(); err != nil {
						return nil, j.in.line, err
					}
				}
				continue
			}
			if j.comma {
				if c != ',' {
					return nil, j.in.line, fmt.Errorf("expected , or ] between the records of the array at line %d", j.in.line)
				}
				j.in.r++
				j.comma = false
				continue
			}
			j.comma = true
		case jsonObjects:
			if !ok {
				j.state = jsonDone
				continue
			}
		}
		return j.record()
	}
}

// record reads one object (or, at the start of a .json file, finds the wrapped array).
func (j *jsonReader) record() ([][]byte, int, error) {
	line := j.in.line
	c, _ := j.in.peek()
	if c != '{' {
		err := j.in.skipValue()
		if err == nil {
			return nil, line, &rejection{line: line, reason: ReasonNotAnObject, msg: "this JSON value is not an object: each record must be an object {...}"}
		}
		return nil, line, j.broken(line, err)
	}
	j.in.r++
	j.rec, j.spans = j.rec[:0], j.spans[:0]
	for range j.hdr {
		j.spans = append(j.spans, [2]int{-1, -1})
	}
	first := true
	for {
		j.in.skipSpace()
		c, ok := j.in.peek()
		if !ok {
			return nil, line, j.broken(line, io.ErrUnexpectedEOF)
		}
		if c == '}' {
			j.in.r++
			break
		}
		if !first {
			if c != ',' {
				return nil, line, j.broken(line, fmt.Errorf("expected , or } at line %d", j.in.line))
			}
			j.in.r++
			j.in.skipSpace()
		}
		first = false
		start := len(j.rec)
		var err error
		if j.rec, err = j.in.str(j.rec); err != nil {
			return nil, line, j.broken(line, err)
		}
		key := j.rec[start:]
		col, known := j.index[string(key)]
		if !known {
			col = len(j.hdr)
			j.hdr = append(j.hdr, string(key))
			j.index[string(key)] = col
			j.spans = append(j.spans, [2]int{-1, -1})
		}
		j.rec = j.rec[:start]
		j.in.skipSpace()
		if c, _ := j.in.peek(); c != ':' {
			return nil, line, j.broken(line, fmt.Errorf("expected : after a key at line %d", j.in.line))
		}
		j.in.r++
		j.in.skipSpace()
		if j.state == jsonObjects && !j.lines && !j.began && j.wrapper() {
			return j.next()
		}
		if j.rec, err = j.in.value(j.rec); err != nil {
			return nil, line, j.broken(line, err)
		}
		j.spans[col] = [2]int{start, len(j.rec)}
	}
	j.began = true
	j.fields = j.fields[:0]
	for _, s := range j.spans {
		if s[0] < 0 {
			j.fields = append(j.fields, nil)
		} else {
			j.fields = append(j.fields, j.rec[s[0]:s[1]])
		}
	}
	return j.fields, line, nil
}

// wrapper reports whether the first object of a .json file wraps the records: the member
// whose key was just read holds an array of objects. The reader then reads that array, and
// forgets the keys of the wrapping object.
func (j *jsonReader) wrapper() bool {
	if c, _ := j.in.peek(); c != '[' {
		return false
	}
	for k := 1; ; k++ {
		c, ok := j.in.peekAt(k)
		if !ok {
			return false
		}
		if c == '{' || c == ']' {
			break
		}
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			return false
		}
	}
	j.hdr = j.hdr[:0]
	clear(j.index)
	j.in.r++
	j.state, j.wrap = jsonArray, true
	return true
}

// skipRest skips the members of the wrapping object after the array.
func (j *jsonReader) skipRest() error {
	for {
		j.in.skipSpace()
		c, ok := j.in.peek()
		switch {
		case !ok:
			return errTruncated
		case c == '}':
			j.in.r++
			return nil
		case c == ',':
			j.in.r++
			j.in.skipSpace()
			var err error
			if _, err = j.in.str(nil); err == nil {
				j.in.skipSpace()
				if c, _ := j.in.peek(); c == ':' {
					j.in.r++
					j.in.skipSpace()
					err = j.in.skipValue()
				} else {
					err = fmt.Errorf("expected : at line %d", j.in.line)
				}
			}
			if err != nil {
				return err
			}
		default:
			return fmt.Errorf("expected , or } at line %d", j.in.line)
		}
	}
}

// broken turns a syntax error in the record that starts at line into the reader's answer:
// a truncated record or a broken JSON line rejects the row; other errors stop the file.
func (j *jsonReader) broken(line int, err error) error {
	if j.lines && j.file.eof && j.file.r == j.file.w && (errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, errTruncated)) {
		j.state = jsonDone
		return &rejection{line: line, reason: ReasonTruncated, msg: errTruncated.Error()}
	}
	if !j.lines && (errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, errTruncated)) {
		j.state = jsonDone
		j.in.r, j.in.w = 0, 0
		return &rejection{line: line, reason: ReasonTruncated, msg: errTruncated.Error()}
	}
	if j.lines {
		msg := "this line is not a JSON object: " + err.Error()
		if errors.Is(err, io.ErrUnexpectedEOF) {
			msg = "this line ends before its JSON object does: each record must be one object on one line"
		}
		return &rejection{line: line, reason: ReasonBadSyntax, msg: msg}
	}
	return err
}

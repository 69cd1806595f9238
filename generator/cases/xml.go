package cases

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/net/html/charset"
)

// xmlReader reads Open311 GeoReport v2 XML: a root element (service_requests) whose child
// elements (request) are the records and whose grandchildren are the fields, named by their
// element. An element with xsi:nil="true" is empty; a field with children keeps their text.
// The line of a record is the line of its start tag.
type xmlReader struct {
	d      *xml.Decoder
	depth  int // 0 before the root, 1 inside it
	root   string
	hdr    []string
	index  map[string]int
	rec    []byte
	spans  [][2]int
	fields [][]byte
}

// errServiceList says that an Open311 file lists services instead of requests.
var errServiceList = &fileError{"this is an Open311 service list (the kinds of request a city takes), not service requests: export GET requests.xml or requests.json instead"}

func newXML(r io.Reader) *xmlReader {
	d := xml.NewDecoder(r)
	d.CharsetReader = charset.NewReaderLabel
	d.Strict = false // real feeds hold HTML entities and other slips
	d.Entity = xml.HTMLEntity
	return &xmlReader{d: d, index: map[string]int{}}
}

func (x *xmlReader) header() []string { return x.hdr }
func (x *xmlReader) close() error     { return nil }

func (x *xmlReader) next() ([][]byte, int, error) {
	for {
		line, _ := x.d.InputPos()
		tok, err := x.d.Token()
		if err == io.EOF {
			if x.depth > 0 {
				return nil, line, &rejection{line: line, reason: ReasonTruncated, msg: fmt.Sprintf("the file ends inside <%s>: it is truncated", x.root)}
			}
			return nil, 0, io.EOF
		}
		if err != nil {
			return nil, line, x.fail(line, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if x.depth == 0 {
				x.root, x.depth = t.Name.Local, 1
				if t.Name.Local == "services" {
					return nil, line, errServiceList
				}
				continue
			}
			line, _ = x.d.InputPos()
			return x.record(t, line)
		case xml.EndElement:
			x.depth = 0
		}
	}
}

// record reads the fields of one record element.
func (x *xmlReader) record(start xml.StartElement, line int) ([][]byte, int, error) {
	if start.Name.Local == "service" {
		return nil, line, errServiceList
	}
	x.rec, x.spans = x.rec[:0], x.spans[:0]
	for range x.hdr {
		x.spans = append(x.spans, [2]int{-1, -1})
	}
	for {
		tok, err := x.d.Token()
		if err != nil {
			return nil, line, x.fail(line, err)
		}
		switch t := tok.(type) {
		case xml.EndElement:
			x.fields = x.fields[:0]
			for _, s := range x.spans {
				if s[0] < 0 {
					x.fields = append(x.fields, nil)
				} else {
					x.fields = append(x.fields, x.rec[s[0]:s[1]])
				}
			}
			return x.fields, line, nil
		case xml.StartElement:
			key := t.Name.Local
			col, ok := x.index[key]
			if !ok {
				col = len(x.hdr)
				x.hdr = append(x.hdr, key)
				x.index[key] = col
				x.spans = append(x.spans, [2]int{-1, -1})
			}
			from := len(x.rec)
			text, err := x.text()
			if err != nil {
				return nil, line, x.fail(line, err)
			}
			if !isNil(t) {
				x.rec = append(x.rec, text...)
			}
			x.spans[col] = [2]int{from, len(x.rec)}
		}
	}
}

// text returns the text inside the element just opened, up to its end tag.
func (x *xmlReader) text() (string, error) {
	var b strings.Builder
	depth := 1
	for depth > 0 {
		tok, err := x.d.Token()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		case xml.CharData:
			if b.Len()+len(t) > MaxFieldBytes {
				return "", fmt.Errorf("a field longer than 1 MB")
			}
			b.Write(t)
		}
	}
	return b.String(), nil
}

func isNil(t xml.StartElement) bool {
	for _, a := range t.Attr {
		if a.Name.Local == "nil" && strings.TrimSpace(a.Value) == "true" {
			return true
		}
	}
	return false
}

// fail turns an XML error inside the record at line into the reader's answer: a file that
// ends inside a record rejects that record; any other error stops the file.
func (x *xmlReader) fail(line int, err error) error {
	var se *xml.SyntaxError
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.As(err, &se) && strings.Contains(se.Msg, "unexpected EOF") {
		x.depth = 0
		x.d = xml.NewDecoder(strings.NewReader(""))
		return &rejection{line: line, reason: ReasonTruncated, msg: "the file ends inside this record: it is truncated"}
	}
	return err
}

package cases

import (
	"bytes"
	"errors"
	"io"
	"strconv"
	"unicode/utf8"
)

// xmlScanner is a small, fast scanner for the XML parts of an .xlsx workbook (worksheets and
// the shared strings): start tags with their attributes, end tags, and text with its
// entities decoded and line ends normalised as encoding/xml does. Comments, processing
// instructions, a DOCTYPE and CDATA are understood; namespaces are ignored (names are
// local). It allocates nothing per token: names, attributes and text are views that stay
// valid until the next call.
type xmlScanner struct {
	src  io.Reader
	buf  []byte
	r, w int
	eof  bool
	err  error

	name  []byte // local name of the tag
	attrs []xmlAttr
	self  bool   // a start tag that closes itself (<c/>)
	text  []byte // decoded text
	tbuf  []byte
}

type xmlAttr struct{ name, value []byte } // local name; value with entities not decoded

const (
	tokEOF = iota
	tokStart
	tokEnd
	tokText
)

var errXMLSyntax = errors.New("the XML of the workbook is damaged")

func newXMLScanner(r io.Reader) *xmlScanner {
	return &xmlScanner{src: r, buf: make([]byte, 64<<10)}
}

// fill reads more input, keeping buf[r:w]; it reports whether more arrived.
func (x *xmlScanner) fill() bool {
	if x.eof {
		return false
	}
	if x.r > 0 {
		x.w = copy(x.buf, x.buf[x.r:x.w])
		x.r = 0
	}
	if x.w == len(x.buf) {
		x.buf = append(x.buf, make([]byte, len(x.buf))...)
	}
	n, err := x.src.Read(x.buf[x.w:])
	x.w += n
	if err != nil {
		x.eof = true
		if err != io.EOF {
			x.err = err
		}
	}
	return n > 0 || !x.eof
}

// until returns the offset (from r) of sep in the input, reading more as needed, or -1.
func (x *xmlScanner) until(from int, sep []byte) int {
	for {
		if i := bytes.Index(x.buf[x.r+from:x.w], sep); i >= 0 {
			return from + i
		}
		from = max(0, x.w-x.r-len(sep)+1)
		if !x.fill() {
			return -1
		}
	}
}

// next reads the next token.
func (x *xmlScanner) next() (int, error) {
	for {
		if x.r == x.w && !x.fill() {
			if x.err != nil {
				return tokEOF, x.err
			}
			return tokEOF, nil
		}
		if x.buf[x.r] != '<' {
			i := x.until(0, []byte{'<'})
			if i < 0 {
				i = x.w - x.r
			}
			x.text = x.decode(x.tbuf[:0], x.buf[x.r:x.r+i])
			x.tbuf = x.text
			x.r += i
			return tokText, nil
		}
		for x.w-x.r < 9 && x.fill() {
		}
		rest := x.buf[x.r:x.w]
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			if err := x.skip(4, "-->"); err != nil {
				return tokEOF, err
			}
			continue
		case bytes.HasPrefix(rest, []byte("<?")):
			if err := x.skip(2, "?>"); err != nil {
				return tokEOF, err
			}
			continue
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			i := x.until(9, []byte("]]>"))
			if i < 0 {
				return tokEOF, errXMLSyntax
			}
			x.text = append(x.tbuf[:0], x.buf[x.r+9:x.r+i]...)
			x.tbuf = x.text
			x.r += i + 3
			return tokText, nil
		case bytes.HasPrefix(rest, []byte("<!")):
			if err := x.skip(2, ">"); err != nil {
				return tokEOF, err
			}
			continue
		}
		return x.tag()
	}
}

func (x *xmlScanner) skip(from int, end string) error {
	i := x.until(from, []byte(end))
	if i < 0 {
		return errXMLSyntax
	}
	x.r += i + len(end)
	return nil
}

// tag reads a start or end tag at the input.
func (x *xmlScanner) tag() (int, error) {
	// Find the closing '>' outside quoted attribute values.
	i, quote := 1, byte(0)
	for {
		if x.r+i >= x.w {
			if !x.fill() {
				return tokEOF, errXMLSyntax
			}
			continue
		}
		c := x.buf[x.r+i]
		if quote != 0 {
			if c == quote {
				quote = 0
			}
		} else if c == '"' || c == '\'' {
			quote = c
		} else if c == '>' {
			break
		}
		i++
	}
	t := x.buf[x.r+1 : x.r+i]
	x.r += i + 1
	if len(t) > 0 && t[0] == '/' {
		x.name = local(bytes.TrimSpace(t[1:]))
		return tokEnd, nil
	}
	x.self = len(t) > 0 && t[len(t)-1] == '/'
	if x.self {
		t = t[:len(t)-1]
	}
	n := bytes.IndexAny(t, " \t\r\n")
	if n < 0 {
		n = len(t)
	}
	x.name = local(t[:n])
	x.attrs = x.attrs[:0]
	t = t[n:]
	for {
		t = bytes.TrimLeft(t, " \t\r\n")
		if len(t) == 0 {
			return tokStart, nil
		}
		eq := bytes.IndexByte(t, '=')
		if eq < 0 {
			return tokEOF, errXMLSyntax
		}
		name := local(bytes.TrimSpace(t[:eq]))
		t = bytes.TrimLeft(t[eq+1:], " \t\r\n")
		if len(t) == 0 || t[0] != '"' && t[0] != '\'' {
			return tokEOF, errXMLSyntax
		}
		end := bytes.IndexByte(t[1:], t[0])
		if end < 0 {
			return tokEOF, errXMLSyntax
		}
		x.attrs = append(x.attrs, xmlAttr{name, t[1 : 1+end]})
		t = t[end+2:]
	}
}

// attr returns the value of the attribute with the given local name.
func (x *xmlScanner) attr(name string) ([]byte, bool) {
	for _, a := range x.attrs {
		if string(a.name) == name {
			return a.value, true
		}
	}
	return nil, false
}

func local(name []byte) []byte {
	if i := bytes.IndexByte(name, ':'); i >= 0 {
		return name[i+1:]
	}
	return name
}

// decode appends raw text with its entities decoded and "\r\n" and "\r" made "\n".
func (x *xmlScanner) decode(dst, raw []byte) []byte {
	if bytes.IndexByte(raw, '&') < 0 && bytes.IndexByte(raw, '\r') < 0 {
		return append(dst, raw...)
	}
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch c {
		case '\r':
			dst = append(dst, '\n')
			if i+1 < len(raw) && raw[i+1] == '\n' {
				i++
			}
			continue
		case '&':
			if j := bytes.IndexByte(raw[i:], ';'); j > 1 {
				if r, ok := entity(raw[i+1 : i+j]); ok {
					dst = utf8.AppendRune(dst, r)
					i += j
					continue
				}
			}
		}
		dst = append(dst, c)
	}
	return dst
}

func entity(e []byte) (rune, bool) {
	switch string(e) {
	case "lt":
		return '<', true
	case "gt":
		return '>', true
	case "amp":
		return '&', true
	case "quot":
		return '"', true
	case "apos":
		return '\'', true
	}
	if len(e) > 1 && e[0] == '#' {
		base, digits := 10, e[1:]
		if digits[0] == 'x' {
			base, digits = 16, digits[1:]
		}
		v, err := strconv.ParseUint(string(digits), base, 32)
		if err == nil && utf8.ValidRune(rune(v)) {
			return rune(v), true
		}
	}
	return 0, false
}

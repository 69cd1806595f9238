package cases

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// stream is the JSON scanner under jsonReader: buffered input that counts its lines and
// reads JSON strings (unescaped as encoding/json does: a lone surrogate becomes U+FFFD),
// values and whole lines, allocating nothing per value.
type stream struct {
	src  io.Reader
	buf  []byte
	r, w int
	eof  bool
	line int
}

func (s *stream) fill() bool {
	if s.eof {
		return false
	}
	if s.r > 0 {
		s.w = copy(s.buf, s.buf[s.r:s.w])
		s.r = 0
	}
	if s.w == len(s.buf) {
		s.buf = append(s.buf, make([]byte, len(s.buf))...)
	}
	n, err := s.src.Read(s.buf[s.w:])
	s.w += n
	if err != nil {
		s.eof = true
	}
	return n > 0 || !s.eof
}

func (s *stream) peekAt(k int) (byte, bool) {
	for s.r+k >= s.w {
		if !s.fill() && s.r+k >= s.w {
			return 0, false
		}
	}
	return s.buf[s.r+k], true
}

func (s *stream) peek() (byte, bool) { return s.peekAt(0) }

func (s *stream) skipSpace() {
	for {
		c, ok := s.peek()
		if !ok || c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != 0xef {
			return
		}
		if c == 0xef { // a byte-order mark
			if b, _ := s.peekAt(1); b != 0xbb {
				return
			}
			if b, _ := s.peekAt(2); b != 0xbf {
				return
			}
			s.r += 2
		}
		if c == '\n' {
			s.line++
		}
		s.r++
	}
}

// str appends the unescaped JSON string at the input to dst.
func (s *stream) str(dst []byte) ([]byte, error) {
	if c, ok := s.peek(); !ok {
		return dst, io.ErrUnexpectedEOF
	} else if c != '"' {
		return dst, fmt.Errorf("expected a string at line %d", s.line)
	}
	s.r++
	for {
		c, ok := s.peek()
		if !ok {
			return dst, io.ErrUnexpectedEOF
		}
		s.r++
		switch c {
		case '"':
			return dst, nil
		case '\n':
			s.line++
		case '\\':
			e, ok := s.peek()
			if !ok {
				return dst, io.ErrUnexpectedEOF
			}
			s.r++
			switch e {
			case '"', '\\', '/':
				dst = append(dst, e)
			case 'b':
				dst = append(dst, '\b')
			case 'f':
				dst = append(dst, '\f')
			case 'n':
				dst = append(dst, '\n')
			case 'r':
				dst = append(dst, '\r')
			case 't':
				dst = append(dst, '\t')
			case 'u':
				r, err := s.hex4()
				if err != nil {
					return dst, err
				}
				if utf16.IsSurrogate(r) {
					// A pair of escapes makes one rune; a lone half is U+FFFD, and an escape
					// after it is read on its own, as encoding/json does.
					r2, ok := s.hexAt(2)
					a, _ := s.peekAt(0)
					b, _ := s.peekAt(1)
					if d := utf16.DecodeRune(r, r2); ok && a == '\\' && b == 'u' && d != utf8.RuneError {
						s.r += 6
						r = d
					} else {
						r = utf8.RuneError
					}
				}
				dst = utf8.AppendRune(dst, r)
			default:
				return dst, fmt.Errorf("bad escape \\%c in a string at line %d", e, s.line)
			}
			continue
		}
		dst = append(dst, c)
	}
}

func (s *stream) hex4() (rune, error) {
	if _, ok := s.peekAt(3); !ok {
		return 0, io.ErrUnexpectedEOF
	}
	r, ok := s.hexAt(0)
	if !ok {
		return 0, fmt.Errorf("bad \\u escape in a string at line %d", s.line)
	}
	s.r += 4
	return r, nil
}

// hexAt reads four hexadecimal digits at offset k of the input without taking them.
func (s *stream) hexAt(k int) (rune, bool) {
	var r rune
	for i := k; i < k+4; i++ {
		c, ok := s.peekAt(i)
		if !ok {
			return 0, false
		}
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// value appends the value at the input: a string unescaped, null as nothing, a number or
// true/false as written, an object or array as its JSON text.
func (s *stream) value(dst []byte) ([]byte, error) {
	c, ok := s.peek()
	switch {
	case !ok:
		return dst, io.ErrUnexpectedEOF
	case c == '"':
		return s.str(dst)
	case c == '{' || c == '[':
		depth, inStr, esc, start := 0, false, false, len(dst)
		for {
			c, ok := s.peek()
			if !ok {
				return dst, io.ErrUnexpectedEOF
			}
			if len(dst)-start > MaxRowBytes {
				return dst, fmt.Errorf("a nested value longer than 16 MB at line %d", s.line)
			}
			s.r++
			dst = append(dst, c)
			if c == '\n' {
				s.line++
			}
			switch {
			case inStr && esc:
				esc = false
			case inStr && c == '\\':
				esc = true
			case inStr && c == '"':
				inStr = false
			case inStr:
			case c == '"':
				inStr = true
			case c == '{' || c == '[':
				depth++
			case c == '}' || c == ']':
				if depth--; depth == 0 {
					return dst, nil
				}
			}
		}
	}
	start := len(dst)
	for {
		c, ok := s.peek()
		if !ok || c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' || c == '\r' || c == '\t' {
			break
		}
		dst = append(dst, c)
		s.r++
	}
	lit := string(dst[start:])
	switch {
	case lit == "null":
		return dst[:start], nil
	case lit == "true" || lit == "false":
		return dst, nil
	case lit != "" && (lit[0] == '-' || lit[0] >= '0' && lit[0] <= '9'):
		if _, err := strconv.ParseFloat(lit, 64); err == nil || errors.Is(err, strconv.ErrRange) {
			return dst, nil
		}
	}
	return dst, fmt.Errorf("unexpected %q at line %d", lit, s.line)
}

// skipValue skips the value at the input.
func (s *stream) skipValue() error {
	_, err := s.value(nil)
	return err
}

// readLine returns the next line without its line break; the slice is valid until the next call.
func (s *stream) readLine() ([]byte, bool) {
	for k := 0; ; {
		i := bytes.IndexByte(s.buf[s.r+k:s.w], '\n')
		if i >= 0 {
			line := s.buf[s.r : s.r+k+i]
			s.r += k + i + 1
			s.line++
			return line, true
		}
		k = s.w - s.r
		if !s.fill() {
			if s.r == s.w {
				return nil, false
			}
			line := s.buf[s.r:s.w]
			s.r = s.w
			s.line++
			return line, true
		}
	}
}

// Package source holds positions in input files and lists of errors found at them.
//
// Every loader reports a problem as an Error with a Pos and collects them in a List, so a build
// reports all its content errors at once, sorted by file, line and column, formatted as
// "file:line:col: message" (the form editors and go/scanner use).
package source

import (
	"fmt"
	"sort"
	"strings"
)

// Pos is a position in an input file. Line and Col count from 1; Col counts characters (runes),
// not bytes, so it matches what an editor shows for Chinese text. A zero Line means the whole file,
// a zero Col the whole line.
type Pos struct {
	File string
	Line int
	Col  int
}

// String formats p as file:line:col, leaving out the parts that are zero.
func (p Pos) String() string {
	s := p.File
	if p.Line > 0 {
		s += fmt.Sprintf(":%d", p.Line)
		if p.Col > 0 {
			s += fmt.Sprintf(":%d", p.Col)
		}
	}
	return s
}

// Error is a problem at a position.
type Error struct {
	Pos Pos
	Msg string
}

func (e *Error) Error() string {
	if e.Pos.File == "" {
		return e.Msg
	}
	return e.Pos.String() + ": " + e.Msg
}

// List collects errors. The zero value is ready to use.
type List []*Error

// Add appends an error at pos.
func (l *List) Add(pos Pos, format string, args ...any) {
	*l = append(*l, &Error{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

// Append adds the errors of other lists.
func (l *List) Append(other ...List) {
	for _, o := range other {
		*l = append(*l, o...)
	}
}

// Sort orders the list by file, line, column and message, and drops exact duplicates.
func (l List) Sort() List {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.Pos.File != b.Pos.File {
			return a.Pos.File < b.Pos.File
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line < b.Pos.Line
		}
		if a.Pos.Col != b.Pos.Col {
			return a.Pos.Col < b.Pos.Col
		}
		return a.Msg < b.Msg
	})
	out := l[:0]
	for i, e := range l {
		if i > 0 && e.Pos == l[i-1].Pos && e.Msg == l[i-1].Msg {
			continue
		}
		out = append(out, e)
	}
	return out
}

// Err returns the list as an error, or nil when it is empty.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// MaxShown is how many errors Error prints before summarising the rest.
const MaxShown = 50

// Error prints one error per line, at most MaxShown of them, then how many more there are.
func (l List) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i == MaxShown {
			fmt.Fprintf(&b, "... and %d more errors", len(l)-MaxShown)
			break
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// LineCol converts a byte offset in text to a 1-based line and a 1-based column counted in runes.
func LineCol(text string, off int) (line, col int) {
	if off > len(text) {
		off = len(text)
	}
	line = 1 + strings.Count(text[:off], "\n")
	start := strings.LastIndexByte(text[:off], '\n') + 1
	col = 1 + len([]rune(text[start:off]))
	return line, col
}

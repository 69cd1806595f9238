package source

import (
	"errors"
	"strings"
	"testing"
)

func TestListSortsAndCaps(t *testing.T) {
	var l List
	l.Add(Pos{File: "b.csv", Line: 2, Col: 1}, "second file")
	l.Add(Pos{File: "a.csv", Line: 10, Col: 3}, "later line")
	l.Add(Pos{File: "a.csv", Line: 2, Col: 5}, "later column")
	l.Add(Pos{File: "a.csv", Line: 2, Col: 1}, "first")
	l.Add(Pos{File: "a.csv", Line: 2, Col: 1}, "first") // duplicate
	got := l.Sort().Error()
	want := "a.csv:2:1: first\na.csv:2:5: later column\na.csv:10:3: later line\nb.csv:2:1: second file"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	var many List
	for i := 0; i < MaxShown+7; i++ {
		many.Add(Pos{File: "x", Line: i + 1}, "e")
	}
	if !strings.HasSuffix(many.Error(), "... and 7 more errors") {
		t.Errorf("no summary of the rest: %q", many.Error()[len(many.Error())-40:])
	}
	var err error = many.Err()
	var asList List
	if !errors.As(err, &asList) || len(asList) != MaxShown+7 {
		t.Error("Err does not return the list")
	}
	if (List{}).Err() != nil {
		t.Error("an empty list is an error")
	}
}

func TestLineColCountsRunes(t *testing.T) {
	text := "第一行\n议事厅 x"
	line, col := LineCol(text, strings.Index(text, "x"))
	if line != 2 || col != 5 {
		t.Errorf("got %d:%d, want 2:5", line, col)
	}
}

func TestKeyLines(t *testing.T) {
	text := `title = "t"
sessions = [
  "a = b",
  "[not a table]",
]
desc = """
x = 1
"""
[district]
name = "d" # comment
[[district.streets]]
slug = "a"
[[district.streets]]
slug = "b"
`
	lines := KeyLines(text, 1)
	for k, want := range map[string]int{"title": 1, "sessions": 2, "desc": 6, "district": 9, "district.name": 10, "district.streets.slug": 12} {
		if lines[k] != want {
			t.Errorf("%s at %d, want %d", k, lines[k], want)
		}
	}
	if _, ok := lines["x"]; ok {
		t.Error("a key inside a multi-line string was taken")
	}
	keys := KeyList(text, 1)
	if got := NthLine(keys, "district.streets", 1, "slug"); got != 14 {
		t.Errorf("second street's slug at %d, want 14", got)
	}
	if got := Line(lines, "district.streets.communities.name"); got != 11 {
		t.Errorf("fallback to the parent table: %d", got)
	}
}

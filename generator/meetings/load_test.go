package meetings

import (
	"io/fs"
	"os"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"gongshi/generator/config"
)

// TestProblemLines breaks a measure of a meeting and a session of a hall of the committed demo:
// each problem is placed on the line of the key at fault, in the table of the right measure or
// session, with or without a Cache.
func TestProblemLines(t *testing.T) {
	const (
		meeting = "content/meetings/2021/M-2021-0101-xiaoyuanzhuo.md"
		hall    = "content/halls/anju.md"
	)
	m := fstest.MapFS{}
	err := fs.WalkDir(os.DirFS("../.."), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(p == config.File || strings.HasPrefix(p, "content/halls/") || p == meeting) {
			return err
		}
		data, err := fs.ReadFile(os.DirFS("../.."), p)
		m[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	lineOf := func(text, line string, nth int) int {
		for i, l := range strings.Split(text, "\n") {
			if l == line {
				if nth == 0 {
					return i + 1
				}
				nth--
			}
		}
		t.Fatalf("no line %q", line)
		return 0
	}
	edit := func(name, old, new string) string {
		text := string(m[name].Data)
		if !strings.Contains(text, old) {
			t.Fatalf("%s: no %q", name, old)
		}
		text = strings.Replace(text, old, new, 1)
		m[name] = &fstest.MapFile{Data: []byte(text)}
		return text
	}
	mt := edit(meeting, "due    = 2021-01-15", "due    = 2020-12-15") // the second measure's, before the meeting
	ht := edit(hall, `kind     = "joint_meeting"`, `kind     = "no_such_kind"`)
	cfg, err := config.Load(m)
	if err != nil {
		t.Fatal(err)
	}
	_, errs := Load(m, cfg)
	want := map[string]int{meeting: lineOf(mt, "due    = 2020-12-15", 0), hall: lineOf(ht, `kind     = "no_such_kind"`, 0)}
	for _, e := range errs {
		if line, ok := want[e.Pos.File]; ok {
			if e.Pos.Line != line {
				t.Errorf("%s: line %d, want %d", e, e.Pos.Line, line)
			}
			delete(want, e.Pos.File)
		}
	}
	for f := range want {
		t.Errorf("%s: no problem reported; all: %v", f, errs)
	}
	// A Cache reports the same, the first time and when it reuses what it validated.
	var c Cache
	for i := range 2 {
		if _, got := c.Load(m, cfg); !reflect.DeepEqual(got, errs) {
			t.Errorf("load %d with a cache: %v, want %v", i, got, errs)
		}
	}
}

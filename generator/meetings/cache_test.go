package meetings

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"gongshi/generator/config"
)

// TestCacheLoadsAsLoad loads the committed demo content with a Cache again and again, changing
// the loaded values in between, and compares every load with Load's.
func TestCacheLoadsAsLoad(t *testing.T) {
	fsys := os.DirFS("../..")
	cfg, err := config.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	want, werrs := Load(fsys, cfg)
	if len(want.Meetings) == 0 || len(want.Halls) == 0 {
		t.Fatal("no demo content")
	}
	var c Cache
	for i := range 3 {
		got, errs := c.Load(fsys, cfg)
		if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(errs, werrs) {
			t.Fatalf("load %d with the cache differs from Load", i)
		}
		// What a caller does with the values must not reach the next load.
		for _, m := range got.Meetings {
			for j := range m.Measures {
				m.Measures[j].What = "changed"
			}
			for j := range m.Agenda {
				m.Agenda[j] = "changed"
			}
			m.Title = "changed"
		}
		for _, h := range got.Halls {
			for j := range h.Schedule.Sessions {
				h.Schedule.Sessions[j].Title = "changed"
			}
		}
	}
	if len(c.last) == 0 {
		t.Fatal("the cache kept nothing")
	}
}

// TestCacheFollowsEdits edits the demo content between loads with a Cache: a meeting's title, a
// file whose front matter is broken, then fixed. Each load equals Load's of the same files.
func TestCacheFollowsEdits(t *testing.T) {
	fsys := fstest.MapFS{}
	err := fs.WalkDir(os.DirFS("../.."), "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(filepath.Join("..", "..", p))
		fsys[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(os.DirFS("../.."))
	if err != nil {
		t.Fatal(err)
	}
	names, _ := fs.Glob(fsys, MeetingsDir+"/*/*.md")
	if len(names) < 2 {
		t.Fatal("no demo meetings")
	}
	a, b := names[0], names[1]
	orig := string(fsys[b].Data)
	var c Cache
	for _, edit := range []struct {
		name string
		do   func()
	}{
		{"nothing", func() {}},
		{"a title", func() {
			fsys[a] = &fstest.MapFile{Data: []byte(strings.Replace(string(fsys[a].Data), "title", "title = \"改\"\n# was", 1))}
		}},
		{"no front matter", func() { fsys[b] = &fstest.MapFile{Data: []byte("no front matter\n")} }},
		{"unclosed front matter", func() { fsys[b] = &fstest.MapFile{Data: []byte("+++\ntitle = \"x\"\n")} }},
		{"fixed", func() { fsys[b] = &fstest.MapFile{Data: []byte(orig)} }},
	} {
		edit.do()
		want, werrs := Load(fsys, cfg)
		got, errs := c.Load(fsys, cfg)
		if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(errs, werrs) {
			t.Fatalf("%s: the load with the cache differs from Load:\n%v\nwant\n%v", edit.name, errs, werrs)
		}
		if broken := strings.Contains(edit.name, "front matter"); broken != (len(errs) > 0) {
			t.Fatalf("%s: errors %v", edit.name, errs)
		}
	}
	if len(c.lastSplit) == 0 {
		t.Fatal("the cache kept no split file")
	}
}

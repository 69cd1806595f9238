package meetings

import (
	"os"
	"reflect"
	"testing"

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

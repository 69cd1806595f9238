package opendata_test

import (
	"bytes"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"gongshi/generator/demo"
	"gongshi/generator/opendata"
)

// TestEmit builds the committed demo's data with Options.Emit: the case files are handed over
// one at a time, never two at once though a small one is emitted while the next is made, in
// the order cases.csv, cases.json, open311/requests.json, with the bytes a build without Emit
// keeps; they are left out of the Set, which is otherwise the same; and the first error of
// Emit ends Build with it, with no file emitted after.
func TestEmit(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the demo's data")
	}
	s, o, _ := demoSite(t, demo.DefaultCases)
	whole, err := opendata.Build(s, o)
	if err != nil {
		t.Fatal(err)
	}
	kept := map[string][]byte{}
	for _, f := range whole.Files {
		kept[f.Path] = f.Data
	}
	var (
		running, most atomic.Int32
		got           []opendata.File
	)
	o.Emit = func(f opendata.File) error {
		n := running.Add(1)
		defer running.Add(-1)
		if n > most.Load() {
			most.Store(n)
		}
		time.Sleep(20 * time.Millisecond) // long enough for the next file to be made meanwhile
		got = append(got, f)
		return nil
	}
	set, err := opendata.Build(s, o)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"data/cases.csv", "data/cases.json", "data/open311/requests.json"}
	if len(got) != len(want) {
		t.Fatalf("emitted %d files, want %d", len(got), len(want))
	}
	for i, f := range got {
		if f.Path != want[i] {
			t.Errorf("file %d emitted is %s, want %s", i, f.Path, want[i])
		}
		if !bytes.Equal(f.Data, kept[f.Path]) {
			t.Errorf("%s: the emitted bytes differ from a build's without Emit", f.Path)
		}
	}
	if most.Load() != 1 {
		t.Errorf("%d files emitted at once", most.Load())
	}
	if set.Version != whole.Version || len(set.Files) != len(whole.Files)-len(want) {
		t.Errorf("with Emit: version %s and %d files; without: %s and %d", set.Version, len(set.Files), whole.Version, len(whole.Files))
	}

	failed := errors.New("disk full")
	calls := 0
	o.Emit = func(f opendata.File) error {
		calls++
		return failed
	}
	if _, err := opendata.Build(s, o); !errors.Is(err, failed) {
		t.Errorf("Build with a failing Emit: %v", err)
	}
	if calls != 1 {
		t.Errorf("Emit called %d times after its first error", calls-1)
	}
}

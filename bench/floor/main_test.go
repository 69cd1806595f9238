package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// tinySite writes a few files in the generator's layout under a temporary directory.
func tinySite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, size := range map[string]int{
		"index.html":              300,
		"cases/abc/index.html":    1200,
		"cases/def.html":          0, // the generator's layout
		"cases/index.html":        400,
		"cases/page/2/index.html": 500,
		"en/cases/abc/index.html": 1300,
		"data/cases.csv":          5 << 20, // larger than the noise block
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, bytes.Repeat([]byte("x"), size), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestWriteRecreatesPathsAndSizes(t *testing.T) {
	src := tinySite(t)
	want, err := Scan(src)
	if err != nil {
		t.Fatal(err)
	}
	dst := t.TempDir()
	if err := Write(dst, want, 2); err != nil {
		t.Fatal(err)
	}
	got, err := Scan(dst)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("wrote %d files, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("file %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
	// The same path gets the same content on every run.
	again := t.TempDir()
	if err := Write(again, want, 1); err != nil {
		t.Fatal(err)
	}
	a, _ := os.ReadFile(filepath.Join(dst, "cases", "abc", "index.html"))
	b, _ := os.ReadFile(filepath.Join(again, "cases", "abc", "index.html"))
	if !bytes.Equal(a, b) || bytes.Equal(a, bytes.Repeat([]byte("x"), len(a))) {
		t.Error("content is not deterministic pseudo-random bytes")
	}
}

func TestCaseLayoutsFindsCasePagesInEveryLanguage(t *testing.T) {
	files, err := Scan(tinySite(t))
	if err != nil {
		t.Fatal(err)
	}
	nested, flat := CaseLayouts(files)
	var got []string
	for i := range nested {
		got = append(got, nested[i].Path+" -> "+flat[i].Path)
		if nested[i].Size != flat[i].Size {
			t.Errorf("%s: sizes differ", nested[i].Path)
		}
	}
	want := "cases/abc/index.html -> cases/abc.html, cases/def/index.html -> cases/def.html, en/cases/abc/index.html -> en/cases/abc.html"
	if strings.Join(got, ", ") != want {
		t.Errorf("got %s\nwant %s", strings.Join(got, ", "), want)
	}
}

func TestRunPrintsTheFigures(t *testing.T) {
	var out bytes.Buffer
	if err := run([]string{"--site-out", tinySite(t), "--scratch", t.TempDir()}, &out); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"files     7 files", "floor     ", "layout    cases/ID/index.html", "layout    cases/ID.html"} {
		if !strings.Contains(out.String(), key) {
			t.Errorf("output lacks %q:\n%s", key, out.String())
		}
	}
}

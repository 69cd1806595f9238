package publish

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

func TestCommitReplacesAndAbortKeeps(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	os.MkdirAll(out, 0o755)
	os.WriteFile(filepath.Join(out, "old.html"), []byte("old"), 0o644)

	s, err := New(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Write("a/b/index.html", []byte("new")); err != nil {
		t.Fatal(err)
	}
	if err := s.Write("../escape", nil); err == nil {
		t.Error("a path out of the site was accepted")
	}
	s.Abort()
	if data, _ := os.ReadFile(filepath.Join(out, "old.html")); string(data) != "old" {
		t.Error("Abort changed the output")
	}
	if _, err := os.Stat(s.Dir()); !os.IsNotExist(err) {
		t.Error("Abort left the staging directory")
	}

	s, _ = New(out)
	s.Write("a/b/index.html", []byte("new"))
	if n, size := s.Count(); n != 1 || size != 3 {
		t.Errorf("count %d %d", n, size)
	}
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, "old.html")); !os.IsNotExist(err) {
		t.Error("Commit kept a file of the old site")
	}
	if data, _ := os.ReadFile(filepath.Join(out, "a", "b", "index.html")); string(data) != "new" {
		t.Error("Commit did not publish the new site")
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		t.Errorf("left beside the output: %v", entries)
	}
}

// TestConcurrentWritesInOneFolder writes many files into the same new folders from many
// goroutines: none may fail because another is still creating the folder.
func TestConcurrentWritesInOneFolder(t *testing.T) {
	s, err := New(filepath.Join(t.TempDir(), "public"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Abort()
	errs := make(chan error, 400)
	for i := 0; i < 400; i++ {
		go func(i int) {
			errs <- s.Write(filepath.ToSlash(filepath.Join("data", "tables", "deep", fmt.Sprintf("f%d.csv", i))), []byte("x"))
		}(i)
	}
	for i := 0; i < 400; i++ {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}

// TestUpdateWritesOnlyChanges commits a second version over an existing output: unchanged files
// keep their inode (they were not written), changed and new ones are written, files and
// folders the new version lacks are deleted, a file may replace a folder and the reverse.
func TestUpdateWritesOnlyChanges(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	first := map[string]string{
		"index.html": "home", "cases/1/index.html": "one", "cases/2.html": "two",
		"old/gone.html": "gone", "x": "a file that becomes a folder",
		"deep/a/b/gone.html": "gone", "keep/a/gone.html": "gone", "keep/b.html": "stays",
	}
	second := map[string]string{
		"index.html": "home", "cases/1.html": "one", "cases/2.html": "two, edited",
		"x/index.html": "now a folder", "cases/1": "a file where a folder was",
		"keep/b.html": "stays",
	}
	commit := func(files map[string]string) *Staging {
		t.Helper()
		s, err := New(out)
		if err != nil {
			t.Fatal(err)
		}
		for name, data := range files {
			if err := s.Write(name, []byte(data)); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Commit(); err != nil {
			t.Fatal(err)
		}
		return s
	}
	if s := commit(first); s.Written() != len(first) {
		t.Errorf("first build wrote %d files, want %d", s.Written(), len(first))
	}
	before, _ := os.Stat(filepath.Join(out, "index.html"))
	s := commit(second)
	if s.Written() != 4 {
		t.Errorf("second build wrote %d files, want 4 (all but index.html)", s.Written())
	}
	after, _ := os.Stat(filepath.Join(out, "index.html"))
	if !os.SameFile(before, after) {
		t.Error("an unchanged file was written again")
	}
	if got := readAll(t, out); !equalMaps(got, second) {
		t.Errorf("output after update:\n%v\nwant:\n%v", got, second)
	}
	for _, dir := range []string{"old", "deep", "keep/a"} {
		if _, err := os.Stat(filepath.Join(out, dir)); !os.IsNotExist(err) {
			t.Errorf("folder %s, left empty by the update, was kept", dir)
		}
	}
	if s := commit(second); s.Written() != 0 {
		t.Errorf("a build of the same site wrote %d files", s.Written())
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		t.Errorf("left beside the output: %v", entries)
	}

	// An aborted update leaves the output as it was.
	s, _ = New(out)
	s.Write("index.html", []byte("broken"))
	s.Abort()
	if got := readAll(t, out); !equalMaps(got, second) {
		t.Errorf("Abort changed the output: %v", got)
	}
}

func readAll(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		if !d.IsDir() {
			data, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			got[filepath.ToSlash(rel)] = string(data)
		}
		return nil
	})
	return got
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// TestKeep keeps files of an existing output without writing them: they stay (same inode) and
// count in the new site; the files neither written nor kept are deleted. Keep is refused
// without an output, and for a name written already.
func TestKeep(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	s, err := New(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Keep("a.html", 1); err == nil {
		t.Error("Keep without an output was accepted")
	}
	for name, data := range map[string]string{"a.html": "aaa", "b/index.html": "bb", "c.html": "c"} {
		s.Write(name, []byte(data))
	}
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	before, _ := os.Stat(filepath.Join(out, "b", "index.html"))

	s, _ = New(out)
	if err := s.Write("a.html", []byte("new")); err != nil {
		t.Fatal(err)
	}
	if err := s.Keep("b/index.html", 2); err != nil {
		t.Fatal(err)
	}
	if err := s.Keep("a.html", 3); err == nil {
		t.Error("Keep of a file written already was accepted")
	}
	if n, size := s.Count(); n != 2 || size != 5 {
		t.Errorf("Count = %d files, %d bytes; want 2, 5", n, size)
	}
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	if s.Written() != 1 {
		t.Errorf("Written = %d, want 1: a kept file is not written", s.Written())
	}
	if err := s.Keep("c.html", 1); err == nil {
		t.Error("Keep after Commit was accepted")
	}
	after, _ := os.Stat(filepath.Join(out, "b", "index.html"))
	if !os.SameFile(before, after) {
		t.Error("a kept file was written again")
	}
	if got, want := readAll(t, out), map[string]string{"a.html": "new", "b/index.html": "bb"}; !equalMaps(got, want) {
		t.Errorf("output %v, want %v", got, want)
	}
}

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

package build

import (
	"bytes"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the want/ files of testdata/*.txtar")

// siteFS returns the inputs of a txtar archive (every file not under want/) as a file system,
// with the repository's real themes/ added, so pipeline tests exercise the real templates.
func siteFS(t *testing.T, a *txtar.Archive) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	for _, f := range a.Files {
		if !strings.HasPrefix(f.Name, "want/") {
			m[f.Name] = &fstest.MapFile{Data: f.Data, Mode: 0o644}
		}
	}
	root := filepath.Join("..", "..", "themes")
	err := fs.WalkDir(os.DirFS(root), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(filepath.Join(root, p))
		m["themes/"+p] = &fstest.MapFile{Data: data, Mode: 0o644}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		data, err := os.ReadFile(p)
		out[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestPipeline builds each testdata/*.txtar site and compares the files under want/ with the
// output (want/public/PATH) or with the build's errors (want/errors). Run with -update to
// rewrite them after an intended change, then read the diff.
func TestPipeline(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.txtar")
	if len(files) == 0 {
		t.Fatal("no testdata/*.txtar")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			a, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(t.TempDir(), "public")
			_, err = Run(Options{Site: siteFS(t, a), Out: out, Today: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)})
			got := map[string][]byte{}
			if err != nil {
				got["want/errors"] = []byte(err.Error() + "\n")
				if _, statErr := os.Stat(out); statErr == nil {
					t.Errorf("a failed build wrote %s", out)
				}
			} else {
				for p, data := range readTree(t, out) {
					got["want/public/"+p] = data
				}
			}
			changed := false
			for i, f := range a.Files {
				if !strings.HasPrefix(f.Name, "want/") {
					continue
				}
				g, ok := got[f.Name]
				switch {
				case !ok && f.Name == "want/errors":
					t.Errorf("the build succeeded, want errors:\n%s", f.Data)
				case !ok:
					t.Errorf("%s was not written", f.Name)
				case !bytes.Equal(g, f.Data):
					if *update {
						a.Files[i].Data = g
						changed = true
						continue
					}
					t.Errorf("%s differs (run go test -update and read the diff)\ngot:\n%s\nwant:\n%s", f.Name, g, f.Data)
				}
			}
			if _, ok := got["want/errors"]; ok && !hasFile(a, "want/errors") {
				t.Errorf("the build failed:\n%s", got["want/errors"])
			}
			if changed {
				if err := os.WriteFile(file, txtar.Format(a), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

func hasFile(a *txtar.Archive, name string) bool {
	for _, f := range a.Files {
		if f.Name == name {
			return true
		}
	}
	return false
}

// TestFailedBuildKeepsOutput checks that a build with content errors leaves an existing output
// directory exactly as it was, and that a good build replaces it whole.
func TestFailedBuildKeepsOutput(t *testing.T) {
	a, err := txtar.ParseFile("testdata/small.txtar")
	if err != nil {
		t.Fatal(err)
	}
	fsys := siteFS(t, a)
	out := filepath.Join(t.TempDir(), "public")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "old.txt"), []byte("previous site"), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := fstest.MapFS{}
	for k, v := range fsys {
		bad[k] = v
	}
	csv := string(fsys["content/cases/2022.csv"].Data)
	bad["content/cases/2022.csv"] = &fstest.MapFile{Data: []byte(strings.Replace(csv, "2022-08-03 16:00", "2022-13-03 16:00", 1))}
	_, err = Run(Options{Site: bad, Out: out})
	var ce *ContentError
	if !errors.As(err, &ce) {
		t.Fatalf("want a content error, got %v", err)
	}
	if want := "content/cases/2022.csv:2:6: closed_at: bad date"; !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not contain %q", err, want)
	}
	if got := readTree(t, out); len(got) != 1 || string(got["old.txt"]) != "previous site" {
		t.Errorf("the failed build changed the output: %d files", len(got))
	}
	assertNoStaging(t, filepath.Dir(out))

	if _, err := Run(Options{Site: fsys, Out: out}); err != nil {
		t.Fatal(err)
	}
	got := readTree(t, out)
	if _, ok := got["old.txt"]; ok {
		t.Error("a good build kept a file of the previous site")
	}
	if _, ok := got["index.html"]; !ok {
		t.Error("a good build wrote no index.html")
	}
	assertNoStaging(t, filepath.Dir(out))
}

func assertNoStaging(t *testing.T, dir string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	for _, n := range names {
		if strings.Contains(n, ".tmp-") || strings.Contains(n, ".old-") {
			t.Errorf("left behind: %s", n)
		}
	}
}

package build

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"
)

// TestPageCache builds a site into the same output again and again, changing its inputs and its
// output between builds, and checks each time that the output is byte for byte what a build into
// an empty folder makes, and that pages were kept (not rendered) exactly when they could be.
func TestPageCache(t *testing.T) {
	a, err := txtar.ParseFile("testdata/small.txtar")
	if err != nil {
		t.Fatal(err)
	}
	m := siteFS(t, a)
	dir := filepath.Join(t.TempDir(), "public")
	cache := CacheFile(dir)
	build := func(name string, noCache bool) *Summary {
		t.Helper()
		sum, err := runRetry(Options{Site: m, Out: dir, Today: wall, NoCache: noCache})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		assertSameTree(t, name, m, dir)
		return sum
	}
	page := func(p string) string { return filepath.Join(dir, filepath.FromSlash(p)) }

	sum := build("first build", false)
	if sum.Kept != 0 {
		t.Errorf("first build kept %d pages of an output that did not exist", sum.Kept)
	}
	if _, err := os.Stat(cache); err != nil {
		t.Fatalf("no cache file after a build: %v", err)
	}
	if sum = build("nothing changed", false); sum.Kept != sum.Pages || sum.Written != 0 {
		t.Errorf("nothing changed: kept %d of %d pages, wrote %d files; want every page kept, nothing written", sum.Kept, sum.Pages, sum.Written)
	}

	const meeting = "content/meetings/2022/M-2022-0824-haitang.md"
	steps := []struct {
		name string
		do   func()
		// some: some pages are kept and some rendered; else none is kept.
		some bool
	}{
		{"meeting title", func() { edit(t, m, meeting, replace("3号楼楼道堆物", "4号楼楼道堆物")) }, true},
		{"hall name a case page shows", func() {
			edit(t, m, "content/halls/haitang.md", replace(`name = "海棠议事厅"`, `name = "海棠议事堂"`))
		}, true},
		{"new meeting", func() {
			edit(t, m, "content/meetings/2023/M-2023-0105-haitang.md", func(string) string {
				return "+++\nid = \"M-2023-0105-haitang\"\nhall = \"haitang\"\nkind = \"grid_meeting\"\ntitle = \"新年议事\"\n" +
					"start = 2023-01-05T19:00:00\nstatus = \"scheduled\"\n+++\n新年第一次议事。\n"
			})
		}, true},
		{"delete a meeting", func() { edit(t, m, "content/meetings/2022/M-2022-0825-haitang.md", nil) }, true},
		{"case export", func() {
			edit(t, m, "content/cases/2022.csv", replace("3号楼电梯停运两天。", "3号楼电梯停运三天。"))
		}, true},
		{"a page changed in the output", func() {
			if err := os.WriteFile(page("cases/2022080200002.html"), []byte("edited by hand"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, true},
		{"a page deleted from the output", func() {
			if err := os.Remove(page("en/cases/2022080200002.html")); err != nil {
				t.Fatal(err)
			}
		}, true},
		{"a folder where a page was", func() {
			p := page("about/index.html")
			if err := os.Remove(p); err != nil {
				t.Fatal(err)
			}
			if err := os.Mkdir(p, 0o755); err != nil {
				t.Fatal(err)
			}
		}, true},
		// What the fingerprints do not see salts them: none is kept.
		{"stylesheet", func() {
			edit(t, m, "themes/default/static/css/site.css", func(s string) string { return s + "\n.x{color:red}\n" })
		}, false},
		{"interface strings", func() {
			edit(t, m, "themes/default/i18n/zh-CN.toml", replace(`"site.skip" = "跳到正文"`, `"site.skip" = "跳至正文"`))
		}, false},
		{"site.toml", func() { edit(t, m, "site.toml", replace(`description = "测试"`, `description = "测试站"`)) }, false},
		{"a damaged cache file", func() {
			data, err := os.ReadFile(cache)
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.SplitAfter(string(data), "\n")
			lines[3] = "not a line of the cache\n"
			if err := os.WriteFile(cache, []byte(strings.Join(lines, "")), 0o600); err != nil {
				t.Fatal(err)
			}
		}, false},
		{"no cache file", func() {
			if err := os.Remove(cache); err != nil {
				t.Fatal(err)
			}
		}, false},
	}
	for _, st := range steps {
		st.do()
		sum := build(st.name, false)
		switch {
		case st.some && (sum.Kept == 0 || sum.Kept == sum.Pages):
			t.Errorf("%s: kept %d of %d pages; want some kept and some rendered", st.name, sum.Kept, sum.Pages)
		case !st.some && sum.Kept != 0:
			t.Errorf("%s: kept %d of %d pages; want none", st.name, sum.Kept, sum.Pages)
		}
		t.Logf("%s: kept %d of %d pages, wrote %d files", st.name, sum.Kept, sum.Pages, sum.Written)
	}

	if sum := build("--no-cache", true); sum.Kept != 0 {
		t.Errorf("NoCache kept %d pages", sum.Kept)
	}
	if sum := build("after --no-cache", false); sum.Kept != sum.Pages {
		t.Errorf("a build after NoCache kept %d of %d pages; want all: NoCache keeps the fingerprints for the next build", sum.Kept, sum.Pages)
	}

	// A failed build leaves the output and the cache file as they were.
	before, err := os.ReadFile(cache)
	if err != nil {
		t.Fatal(err)
	}
	tree := readTree(t, dir)
	edit(t, m, meeting, replace("+++\n", "+++\ntitle = \n"))
	if _, err := Run(Options{Site: m, Out: dir, Today: wall}); err == nil {
		t.Fatal("a broken meeting built")
	}
	if after, _ := os.ReadFile(cache); !bytes.Equal(before, after) {
		t.Error("a failed build changed the cache file")
	}
	if diff := treeDiff(tree, readTree(t, dir)); len(diff) > 0 {
		t.Errorf("a failed build changed the output: %v", diff)
	}
	edit(t, m, meeting, replace("+++\ntitle = \n", "+++\n"))
	if sum := build("fixed", false); sum.Kept != sum.Pages {
		t.Errorf("fixed: kept %d of %d pages; want all, as before the failed build", sum.Kept, sum.Pages)
	}
}

// assertSameTree builds m into an empty folder and compares it with dir, file by file.
func assertSameTree(t *testing.T, name string, m fstest.MapFS, dir string) {
	t.Helper()
	fresh := filepath.Join(t.TempDir(), "public")
	if _, err := runRetry(Options{Site: m, Out: fresh, Today: wall, NoCache: true}); err != nil {
		t.Fatalf("%s: fresh build: %v", name, err)
	}
	if diff := treeDiff(readTree(t, fresh), readTree(t, dir)); len(diff) > 0 {
		t.Fatalf("%s: the output differs from a fresh build in %d files: %s", name, len(diff), strings.Join(diff, ", "))
	}
}

// treeDiff lists the files that differ between two trees.
func treeDiff(want, got map[string][]byte) []string {
	var diff []string
	for p, data := range want {
		if g, ok := got[p]; !ok {
			diff = append(diff, p+" (missing)")
		} else if !bytes.Equal(g, data) {
			diff = append(diff, p)
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			diff = append(diff, p+" (extra)")
		}
	}
	sort.Strings(diff)
	return diff
}

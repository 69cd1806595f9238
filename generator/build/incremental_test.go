package build

import (
	"bytes"
	"errors"
	"io/fs"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/tools/txtar"
)

var wall = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)

// edit changes a file of m (delete when data is nil) and returns its path as a hint.
func edit(t *testing.T, m fstest.MapFS, name string, change func(string) string) string {
	t.Helper()
	f, ok := m[name]
	if change == nil {
		delete(m, name)
		return name
	}
	old := ""
	if ok {
		old = string(f.Data)
	}
	next := change(old)
	if next == old {
		t.Fatalf("edit of %s changes nothing", name)
	}
	m[name] = &fstest.MapFile{Data: []byte(next), Mode: 0o644}
	return name
}

func replace(old, new string) func(string) string {
	return func(s string) string { return strings.Replace(s, old, new, 1) }
}

// assertSameAsRun builds m with Run and compares every file with out.
func assertSameAsRun(t *testing.T, m fstest.MapFS, out *Output) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "public")
	if _, err := runRetry(Options{Site: m, Out: dir, Today: wall}); err != nil {
		t.Fatalf("Run: %v", err)
	}
	want := readTree(t, dir)
	var diff []string
	for p, data := range want {
		if got, ok := out.Files[p]; !ok {
			diff = append(diff, p+" (missing)")
		} else if !bytes.Equal(got, data) {
			diff = append(diff, p)
		}
	}
	for p := range out.Files {
		if _, ok := want[p]; !ok {
			diff = append(diff, p+" (extra)")
		}
	}
	if len(diff) > 0 {
		sort.Strings(diff)
		t.Fatalf("incremental build differs from Run in %d files (if Render changed, keep render.Extras in step): %s",
			len(diff), strings.Join(diff, ", "))
	}
}

// runRetry is Run, tried again when publish.Staging loses the race between making a new folder
// and writing into it from another worker (ENOENT; Staging.Write marks the folder made before
// MkdirAll returns), so that these tests do not fail for it.
func runRetry(o Options) (*Summary, error) {
	for i := 0; ; i++ {
		sum, err := Run(o)
		if err == nil || i == 4 || !errors.Is(err, fs.ErrNotExist) && !strings.Contains(err.Error(), "no such file or directory") {
			return sum, err
		}
	}
}

// TestIncrementalMatchesRun edits the small site step by step and compares each incremental
// build with a full build of the same files.
func TestIncrementalMatchesRun(t *testing.T) {
	a, err := txtar.ParseFile("testdata/small.txtar")
	if err != nil {
		t.Fatal(err)
	}
	m := siteFS(t, a)
	inc := NewIncremental(IncrementalOptions{Site: m, Today: func() time.Time { return wall }})
	out, err := inc.Build(nil)
	if err != nil {
		t.Fatal(err)
	}
	if out.Rendered != out.Summary.Pages || out.Rendered == 0 {
		t.Fatalf("first build rendered %d of %d pages", out.Rendered, out.Summary.Pages)
	}
	assertSameAsRun(t, m, out)
	if v := inc.deps.Volatile(); len(v) > 0 {
		t.Errorf("templates whose pages are always rendered again: %v", v)
	}

	const meeting = "content/meetings/2022/M-2022-0824-haitang.md"
	steps := []struct {
		name   string
		do     func() string
		render []string // pages that must be rendered again
		keep   []string // pages that must not be
	}{
		{"meeting title", func() string { return edit(t, m, meeting, replace("3号楼楼道堆物", "4号楼楼道堆物")) },
			[]string{"meetings/M-2022-0824-haitang/index.html", "halls/haitang/index.html", "index.html", "calendar/index.html"},
			[]string{"cases/2022071500005.html", "about/index.html", "stats/index.html"}},
		{"meeting body", func() string {
			return edit(t, m, meeting, replace("议程：楼道堆物清理。", "议程：楼道堆物清理，再议。"))
		},
			[]string{"meetings/M-2022-0824-haitang/index.html"}, []string{"index.html", "halls/haitang/index.html"}},
		{"hall address", func() string {
			return edit(t, m, "content/halls/haitang.md", replace(`address = "龙山社区党群服务中心一楼"`, `address = "龙山社区党群服务中心二楼"`))
		}, []string{"halls/haitang/index.html", "communities/longshan/index.html"}, []string{"cases/2022080200002.html"}},
		// A case page shows its meeting's title and hall: it keeps its fingerprint (the other
		// case pages' are not taken again, see kept) unless those change.
		{"title of a meeting a case names", func() string {
			return edit(t, m, "content/meetings/2022/M-2022-0802-haitang.md", replace("工地夜间施工噪音有请当事人会办", "工地夜间施工噪音再会办"))
		}, []string{"cases/2022080100001.html", "en/cases/2022080100001.html", "meetings/M-2022-0802-haitang/index.html"},
			[]string{"cases/2022071500005.html", "en/cases/2022080200002.html"}},
		{"hall name", func() string {
			return edit(t, m, "content/halls/haitang.md", replace(`name = "海棠议事厅"`, `name = "海棠议事堂"`))
		}, []string{"cases/2022080100001.html", "halls/haitang/index.html"}, []string{"cases/2022071500005.html"}},
		{"new meeting in a new folder", func() string {
			return edit(t, m, "content/meetings/2023/M-2023-0105-haitang.md", func(string) string {
				return "+++\nid = \"M-2023-0105-haitang\"\nhall = \"haitang\"\nkind = \"grid_meeting\"\ntitle = \"新年议事\"\n" +
					"start = 2023-01-05T19:00:00\nstatus = \"scheduled\"\n+++\n新年第一次议事。\n"
			})
		}, []string{"meetings/M-2023-0105-haitang/index.html", "meetings/index.html"}, nil},
		{"partial template", func() string {
			return edit(t, m, "themes/default/layouts/partials/case-list.html", replace(`<ul class="cases">`, `<ul class="cases list">`))
		}, []string{"cases/index.html", "halls/haitang/index.html"}, []string{"cases/2022071500005.html", "about/index.html"}},
		{"stylesheet", func() string {
			return edit(t, m, "themes/default/static/css/site.css", func(s string) string { return s + "\n.x{color:red}\n" })
		}, nil, []string{"index.html"}},
		// A file that is not a page, added and then removed while the pages stay the same.
		{"new static file", func() string {
			return edit(t, m, "themes/default/static/extra.txt", func(string) string { return "extra\n" })
		}, nil, []string{"index.html"}},
		{"delete a static file", func() string { return edit(t, m, "themes/default/static/extra.txt", nil) },
			nil, []string{"index.html"}},
		{"delete a meeting", func() string { return edit(t, m, "content/meetings/2022/M-2022-0825-haitang.md", nil) },
			[]string{"meetings/index.html"}, nil},
		{"case export", func() string {
			return edit(t, m, "content/cases/2022.csv", replace("3号楼电梯停运两天。", "3号楼电梯停运三天。"))
		},
			// The statistics pages cite the data version, which follows the case data.
			[]string{"cases/2022080200002.html", "stats/index.html", "stats/rates/index.html"}, []string{"about/index.html"}},
		{"interface strings", func() string {
			return edit(t, m, "themes/default/i18n/zh-CN.toml", replace(`"site.skip" = "跳到正文"`, `"site.skip" = "跳至正文"`))
		}, []string{"about/index.html", "cases/2022071500005.html"}, nil},
		{"site.toml", func() string {
			return edit(t, m, "site.toml", replace(`description = "测试"`, `description = "测试站"`))
		},
			[]string{"index.html", "about/index.html"}, nil},
	}
	// Files other than pages that must have changed (prefixes): the search index, the open data
	// and the sitemap are built again from what the last build kept, and compared with Run's.
	files := map[string][]string{
		"meeting title":               {"search/meta.json", "search/s/", "search/d/"},
		"new meeting in a new folder": {"sitemap.xml", "search/d/"},
		"case export":                 {"data/cases.csv", "data/open311/requests.json", "data/manifest.json", "search/s/"},
		"new static file":             {"extra.txt"},
	}
	// Files that must be gone.
	removed := map[string][]string{"delete a static file": {"extra.txt"},
		"delete a meeting": {"meetings/M-2022-0825-haitang/index.html", "en/meetings/M-2022-0825-haitang/index.html"}}
	// Steps after which the case pages (4 cases in 2 languages) keep their fingerprints without
	// their being taken again: only meetings and halls changed.
	keptCases := map[string]int{"meeting title": 8, "meeting body": 8, "hall address": 8, "title of a meeting a case names": 6,
		"hall name": 6, "new meeting in a new folder": 8}
	for _, st := range steps {
		hint := st.do()
		out, err := inc.Build([]string{hint})
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		assertSameAsRun(t, m, out)
		rendered := map[string]bool{}
		for _, p := range out.RenderedPages {
			rendered[p] = true
		}
		for _, p := range st.render {
			if !rendered[p] {
				t.Errorf("%s: %s was not rendered again", st.name, p)
			}
		}
		for _, p := range st.keep {
			if rendered[p] {
				t.Errorf("%s: %s was rendered again, though nothing it shows changed", st.name, p)
			}
		}
		for _, prefix := range files[st.name] {
			found := false
			for _, p := range out.Changed {
				found = found || strings.HasPrefix(p, prefix)
			}
			if !found {
				t.Errorf("%s: no file %s… changed", st.name, prefix)
			}
		}
		for _, p := range removed[st.name] {
			if !slices.Contains(out.Removed, p) {
				t.Errorf("%s: %s is not among the files removed %v", st.name, p, out.Removed)
			}
		}
		if kept := keptCases[st.name]; out.Summary.Pages-out.Fingerprinted < kept {
			t.Errorf("%s: %d of %d pages fingerprinted: the case pages (%d) keep their fingerprints", st.name, out.Fingerprinted, out.Summary.Pages, kept)
		}
		t.Logf("%s: rendered %d of %d pages, %d files changed: %v", st.name, out.Rendered, out.Summary.Pages, len(out.Changed), out.RenderedPages)
	}
}

// TestIncrementalKeepsLastGood breaks a meeting and checks that the error is the one Run
// reports and that the last good site stays.
func TestIncrementalKeepsLastGood(t *testing.T) {
	a, err := txtar.ParseFile("testdata/small.txtar")
	if err != nil {
		t.Fatal(err)
	}
	m := siteFS(t, a)
	inc := NewIncremental(IncrementalOptions{Site: m, Today: func() time.Time { return wall }})
	good, err := inc.Build(nil)
	if err != nil {
		t.Fatal(err)
	}
	hint := edit(t, m, "content/meetings/2022/M-2022-0824-haitang.md", replace(`status = "postponed"`, `status = "postponed`))
	_, err = inc.Build([]string{hint})
	_, want := runRetry(Options{Site: m, Out: filepath.Join(t.TempDir(), "public"), Today: wall})
	var ce *ContentError
	if !errors.As(err, &ce) || want == nil || err.Error() != want.Error() {
		t.Fatalf("error %v, want %v", err, want)
	}
	if inc.Last() != good {
		t.Fatal("a failed build replaced the last good one")
	}
}

func TestIgnored(t *testing.T) {
	for name, want := range map[string]bool{
		"a.md~": true, ".a.md.swp": true, ".a.md.swx": true, "4913": true, "5036": true, ".#a.md": true, "#a.md#": true,
		"a.md___jb_tmp___": true, "a.md___jb_old___": true, ".goutputstream-XYZ": true, ".~lock.2022.csv#": true,
		"a.md": false, "2022": false, "2022.csv": false, "4914": false, ".hidden.css": false, "site.toml": false,
	} {
		if got := Ignored("content/meetings/" + name); got != want {
			t.Errorf("Ignored(%q) = %v, want %v", name, got, want)
		}
	}
}

// TestIncrementalPrivacy checks the guard's results through the caches: refuse mode fails with
// Run's findings; redact mode publishes Run's files and reports Run's findings, also after a
// planted meeting changes.
func TestIncrementalPrivacy(t *testing.T) {
	m, _ := planted(t)
	inc := NewIncremental(IncrementalOptions{Site: m, Today: func() time.Time { return wall }})
	_, err := inc.Build(nil)
	_, want := runRetry(Options{Site: m, Out: filepath.Join(t.TempDir(), "public"), Today: wall})
	if err == nil || want == nil || err.Error() != want.Error() {
		t.Fatalf("refuse mode: error\n%v\nwant\n%v", err, want)
	}
	const meeting = "content/meetings/2022/M-2022-0802-haitang.md"
	for _, change := range []func() []string{
		func() []string {
			return []string{edit(t, m, "site.toml", replace(`mode = "refuse"`, `mode = "redact"`))}
		},
		func() []string {
			return []string{edit(t, m, meeting, func(s string) string { return s + "\n另一位联系人电话 13912345678。\n" })}
		},
		func() []string {
			return []string{edit(t, m, "content/halls/haitang.md", func(s string) string { return s + "\n值班电话 13712345678。\n" })}
		},
	} {
		out, err := inc.Build(change())
		if err != nil {
			t.Fatal(err)
		}
		assertSameAsRun(t, m, out)
		sum, err := runRetry(Options{Site: m, Out: filepath.Join(t.TempDir(), "public"), Today: wall})
		if err != nil {
			t.Fatal(err)
		}
		var got, want []string
		for _, f := range out.Summary.Privacy {
			got = append(got, f.String())
		}
		for _, f := range sum.Privacy {
			want = append(want, f.String())
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("findings\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}

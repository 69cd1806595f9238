package main

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"

	"gongshi/generator/build"
	"gongshi/generator/demo"
)

// TestConvertWritesExactlyThePublishedCases converts a small demo site and checks that the Hugo
// content holds one page per case page of a gongshi build of the same site, no more, no less.
func TestConvertWritesExactlyThePublishedCases(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a demo site of 3,000 cases")
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "site")
	if err := demo.Write(src, demo.Options{Cases: 3000, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(filepath.Join(src, "themes"), os.DirFS(filepath.Join("..", "..", "..", "themes"))); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "hugo")
	n, err := Convert(src, out, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if n.Cases == 0 || n.Meetings == 0 {
		t.Fatalf("converted %+v: want some cases and meetings", n)
	}

	pub := filepath.Join(dir, "public")
	sum, err := build.Run(build.Options{Site: os.DirFS(src), Out: pub, Today: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Published != n.Cases || sum.Meetings != n.Meetings {
		t.Errorf("gongshi published %d cases and %d meetings, the converter wrote %d and %d", sum.Published, sum.Meetings, n.Cases, n.Meetings)
	}
	want := names(t, filepath.Join(pub, "cases"), func(e os.DirEntry) (string, bool) {
		id, ok := strings.CutSuffix(e.Name(), ".html") // cases/ID.html
		return id, ok && !e.IsDir() && id != "index"
	})
	got := names(t, filepath.Join(out, "content", "cases"), func(e os.DirEntry) (string, bool) {
		id, ok := strings.CutSuffix(e.Name(), ".md")
		return id, ok && id != "_index"
	})
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("the Hugo case pages (%d) are not the gongshi case pages (%d)", len(got), len(want))
	}

	// Every case page's front matter is TOML with the fields the theme shows.
	data, err := os.ReadFile(filepath.Join(out, "content", "cases", got[0]+".md"))
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.SplitN(string(data), "+++\n", 3)
	if len(parts) != 3 || parts[0] != "" {
		t.Fatalf("%s: no +++ front matter:\n%s", got[0], data)
	}
	var fm map[string]any
	if _, err := toml.Decode(parts[1], &fm); err != nil {
		t.Fatalf("%s: %v", got[0], err)
	}
	for _, key := range []string{"id", "url", "date", "received", "community", "category", "status", "communities", "categories"} {
		if _, ok := fm[key]; !ok {
			t.Errorf("%s: front matter lacks %s:\n%s", got[0], key, parts[1])
		}
	}
	if fm["id"] != got[0] || !strings.Contains(parts[2], "## 办理结果") {
		t.Errorf("%s: id %v, body:\n%s", got[0], fm["id"], parts[2])
	}
	for _, f := range []string{"hugo.toml", "themes/gongshi/layouts/_default/single.html", "content/communities/longshan/_index.md"} {
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(f))); err != nil {
			t.Error(err)
		}
	}
}

func names(t *testing.T, dir string, keep func(os.DirEntry) (string, bool)) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		if n, ok := keep(e); ok {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

func TestLiteralKeepsTextOutOfMarkdownStructure(t *testing.T) {
	for in, want := range map[string]string{
		"2月8日经议事厅会办": "2月8日经议事厅会办",
		"1. 第一项":     `1\. 第一项`,
		"# 不是标题":     `\# 不是标题`,
		"- 不是列表":     `\- 不是列表`,
		"-3 度":       "-3 度",
		"> 引用":       `\> 引用`,
		"":           "",
	} {
		if got := literal(in); got != want {
			t.Errorf("literal(%q) = %q, want %q", in, got, want)
		}
	}
}

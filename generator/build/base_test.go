package build

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf8"

	"gongshi/generator/render"
)

// TestCompiledBaseDemo renders the committed demo twice: with the default theme, of which
// render writes base.html, case.html, facet.html, cases.html and the list of cases and its rows
// in Go on most pages, and with the same theme but for a comment at the end of each of these files,
// which does not change what they write but makes every page and row go through html/template.
// Every page must come out byte for byte the same.
func TestCompiledBaseDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("renders the whole demo twice")
	}
	root := os.DirFS(filepath.Join("..", ".."))
	commented := overlay{base: root, files: fstest.MapFS{}}
	for _, name := range []string{"base.html", "case.html", "facet.html", "cases.html", "partials/case-list.html", "partials/case-row.html"} {
		file := "themes/default/layouts/" + name
		src, err := fs.ReadFile(root, file)
		if err != nil {
			t.Fatal(err)
		}
		commented.files[file] = &fstest.MapFile{Data: append(src, "{{- /* the same template, not the default theme's bytes */ -}}"...)}
	}
	today := time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)
	load := func(site fs.FS) *prepared {
		o := Options{Site: site, Today: today}
		m, err := prepare(&o, &Summary{Held: map[string]int{}}, func(string) {})
		if err != nil {
			t.Fatal(err)
		}
		if err := render.PrepareData(m.site); err != nil {
			t.Fatal(err)
		}
		return m
	}
	fast, slow := load(root), load(commented)
	fastJobs, slowJobs := render.Jobs(fast.site, fast.theme), render.Jobs(slow.site, slow.theme)
	if len(fastJobs) != len(slowJobs) || len(fastJobs) == 0 {
		t.Fatalf("%d pages against %d", len(fastJobs), len(slowJobs))
	}
	compiled := map[string]int{} // page template → pages whose base.html was written in Go
	seen := map[string]int{}
	branches := map[string]int{} // case pages compared that take a branch of case.html's main
	for i, j := range fastJobs {
		tmpl := j.Template()
		seen[tmpl]++
		// Every page of every template but the case pages, of which one in 7.
		if tmpl == "case.html" && i%7 != 0 {
			continue
		}
		if render.CompiledBase(slow.theme, slowJobs[i]) {
			t.Fatalf("%s: the commented base.html is taken for the default one", j.Path())
		}
		if render.CompiledBase(fast.theme, j) {
			compiled[tmpl]++
		}
		if c := j.Page().Case; c != nil && tmpl == "case.html" {
			for branch, took := range map[string]bool{"by quarter": c.ByQuarter, "by month": !c.ByQuarter,
				"closed": !c.Closed.IsZero(), "meeting": c.Meeting != nil, "surveyed": c.Surveyed,
				"in English": !j.Page().Lang.Default} {
				if took {
					branches[branch]++
				}
			}
		}
		got, err := render.Execute(fast.theme, j)
		if err != nil {
			t.Fatal(err)
		}
		want, err := render.Execute(slow.theme, slowJobs[i])
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: base.html in Go writes\n%s\nhtml/template writes\n%s", j.Path(), firstDiff(got, want), firstDiff(want, got))
		}
	}
	// The pages base.html in Go must serve: those whose page file does not redefine
	// "description".
	for _, tmpl := range []string{"case.html", "facet.html", "cases.html", "home.html", "month.html", "agenda.html", "404.html"} {
		if compiled[tmpl] == 0 {
			t.Errorf("no page of %s (%d pages) had its base.html written in Go", tmpl, seen[tmpl])
		}
	}
	// Every published case is closed with a resolution: render's TestCompiledCase covers the
	// other branches.
	for _, b := range []string{"by quarter", "by month", "closed", "meeting", "surveyed", "in English"} {
		if branches[b] == 0 {
			t.Errorf("no case page compared is %s", b)
		}
	}
}

// firstDiff is a's text around the first byte where it differs from b.
func firstDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from, to := max(i-80, 0), min(i+80, len(a))
	for from > 0 && !utf8.RuneStart(a[from]) {
		from--
	}
	for to < len(a) && !utf8.RuneStart(a[to]) {
		to++
	}
	return string(a[from:to])
}

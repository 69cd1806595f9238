package theme

import (
	"bytes"
	"html/template"
	"strings"
	"testing"
	"testing/fstest"
)

func file(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }

// TestOverlay checks that a file of an earlier theme overrides the same path of a later one,
// that templates are named by full path (two list.html files do not collide), and that
// interface strings come from the language's file.
func TestOverlay(t *testing.T) {
	fsys := fstest.MapFS{
		"themes/base/layouts/base.html":          file(`<main>{{template "main" .}}</main>{{template "partials/foot.html"}}`),
		"themes/base/layouts/partials/foot.html": file(`{{define "partials/foot.html"}}base-foot{{end}}`),
		"themes/base/layouts/cases/list.html":    file(`{{define "main"}}cases {{t "hello"}}{{end}}`),
		"themes/base/layouts/halls/list.html":    file(`{{define "main"}}halls{{end}}`),
		"themes/base/static/css/site.css":        file(`base`),
		"themes/base/i18n/zh-CN.toml":            file(`hello = "你好"`),
		"themes/mine/layouts/partials/foot.html": file(`{{define "partials/foot.html"}}my-foot{{end}}`),
		"themes/mine/static/css/site.css":        file(`mine`),
	}
	th, err := Load(fsys, []string{"mine", "base"}, "zh-CN", template.FuncMap{})
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"cases/list.html": "<main>cases 你好</main>my-foot",
		"halls/list.html": "<main>halls</main>my-foot",
	} {
		tmpl, err := th.Page(name)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := tmpl.ExecuteTemplate(&b, "base.html", nil); err != nil {
			t.Fatal(err)
		}
		if b.String() != want {
			t.Errorf("%s: got %q, want %q", name, b.String(), want)
		}
	}
	static := th.Static()
	if len(static) != 1 || static[0][0] != "css/site.css" || static[0][1] != "themes/mine/static/css/site.css" {
		t.Errorf("static files: %v", static)
	}
	if got := th.T("missing.key"); got != "[missing.key]" {
		t.Errorf("a missing string shows as %q", got)
	}
}

func TestMissingTheme(t *testing.T) {
	_, err := Load(fstest.MapFS{}, []string{"nope"}, "zh-CN", nil)
	if err == nil || !strings.Contains(err.Error(), `theme "nope"`) {
		t.Errorf("got %v", err)
	}
}

package theme

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
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

// TestLanguages checks that every strings file is a language, the configured one first and at
// the root, that templates are parsed once per language with "t", "u" and every LangFunc bound
// to it, and that a language lacking a string of the default one is refused.
func TestLanguages(t *testing.T) {
	fsys := fstest.MapFS{
		"themes/base/layouts/base.html":  file(`{{template "main" .}}`),
		"themes/base/layouts/page.html":  file(`{{define "main"}}{{lang.Tag}} {{u "/cases/"}} {{t "hello" "who" "<b>"}} {{t "x.y_html" "who" "<b>"}} {{today}}{{end}}`),
		"themes/base/i18n/zh-CN.toml":    file(`hello = "你好 {who}"` + "\n" + `"x.y_html" = "<i>{who}</i>"` + "\n" + `day = "今天"`),
		"themes/base/i18n/en.toml":       file(`hello = "hello {who}"` + "\n" + `"x.y_html" = "<em>{who}</em>"` + "\n" + `day = "today"`),
		"themes/base/i18n/fr-FR.toml":    file(`hello = "bonjour {who}"` + "\n" + `"x.y_html" = "<q>{who}</q>"` + "\n" + `day = "aujourd’hui"`),
		"themes/base/static/favicon.svg": file(`<svg/>`),
	}
	funcs := template.FuncMap{"today": LangFunc(func(l *Lang) any { return func() string { return l.S("day") } })}
	th, err := Load(fsys, []string{"base"}, "en", funcs)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"en":    `en /cases/ hello &lt;b&gt; <em>&lt;b&gt;</em> today`,
		"fr-FR": `fr-FR /fr-fr/cases/ bonjour &lt;b&gt; <q>&lt;b&gt;</q> aujourd’hui`,
		"zh-CN": `zh-CN /zh-cn/cases/ 你好 &lt;b&gt; <i>&lt;b&gt;</i> 今天`,
	}
	var tags []string
	for _, l := range th.Langs() {
		tags = append(tags, l.Tag)
		tmpl, err := l.Page("page.html")
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := tmpl.ExecuteTemplate(&b, "base.html", nil); err != nil {
			t.Fatal(err)
		}
		if b.String() != want[l.Tag] {
			t.Errorf("%s: got %q, want %q", l.Tag, b.String(), want[l.Tag])
		}
		if l.Content != "en" || l.Default != (l.Tag == "en") {
			t.Errorf("%s: content %q, default %v", l.Tag, l.Content, l.Default)
		}
	}
	if strings.Join(tags, " ") != "en fr-FR zh-CN" {
		t.Errorf("languages %v, want the default first", tags)
	}
	l := th.Langs()[0]
	if got := l.S("hello", "who"); got != "[hello]" {
		t.Errorf("odd arguments give %q", got)
	}
	if got := l.S("hello", "who", template.HTML("<b>")); got != "[hello]" {
		t.Errorf("markup for a plain string gives %q", got)
	}
	if got := l.S("hello", "nobody", 1); got != "hello {who}" {
		t.Errorf("an unknown placeholder gives %q", got)
	}

	delete(fsys, "themes/base/i18n/fr-FR.toml")
	fsys["themes/base/i18n/de.toml"] = file(`hello = "hallo {who}"`)
	_, err = Load(fsys, []string{"base"}, "en", funcs)
	if err == nil || !strings.Contains(err.Error(), "themes/base/i18n/de.toml: 2 interface strings of en.toml are missing: day, x.y_html") {
		t.Errorf("a language missing strings: %v", err)
	}
	_, err = Load(fsys, []string{"base"}, "ja", funcs)
	if err == nil || !strings.Contains(err.Error(), "no interface strings for language ja") {
		t.Errorf("a default language without strings: %v", err)
	}
}

// TestCached runs a fragment through "cached": once per key and language, the same output for
// the same key whatever dot is, its own output per key, fresh after ResetCached, and escaped
// for the context it was defined in.
func TestCached(t *testing.T) {
	fsys := fstest.MapFS{
		"themes/base/layouts/base.html": file(`{{cached "frag" . .K}}|{{cached "frag" . .K}}{{define "frag"}}<b>{{.K}} {{.V}} {{t "hi"}} {{count}}</b>{{end}}`),
		"themes/base/layouts/page.html": file(``),
		"themes/base/i18n/zh-CN.toml":   file(`hi = "你好"`),
		"themes/base/i18n/en.toml":      file(`hi = "hi"`),
	}
	runs := 0
	funcs := template.FuncMap{"count": func() int { runs++; return runs }}
	th, err := Load(fsys, []string{"base"}, "en", funcs)
	if err != nil {
		t.Fatal(err)
	}
	run := func(l *Lang, k, v string) string {
		t.Helper()
		tmpl, err := l.Page("page.html")
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := tmpl.ExecuteTemplate(&b, "base.html", map[string]string{"K": k, "V": v}); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	en, zh := th.Langs()[0], th.Langs()[1]
	for _, c := range []struct {
		l          *Lang
		k, v, want string
	}{
		{en, "a", "<x>", "<b>a &lt;x&gt; hi 1</b>|<b>a &lt;x&gt; hi 1</b>"},
		{en, "a", "other dot", "<b>a &lt;x&gt; hi 1</b>|<b>a &lt;x&gt; hi 1</b>"}, // cached by key: dot is not looked at
		{en, "b", "y", "<b>b y hi 2</b>|<b>b y hi 2</b>"},
		{zh, "a", "z", "<b>a z 你好 3</b>|<b>a z 你好 3</b>"},
	} {
		if got := run(c.l, c.k, c.v); got != c.want {
			t.Errorf("%s %s: got %q, want %q", c.l.Tag, c.k, got, c.want)
		}
	}
	th.ResetCached()
	if got, want := run(en, "a", "new"), "<b>a new hi 4</b>|<b>a new hi 4</b>"; got != want {
		t.Errorf("after ResetCached: got %q, want %q", got, want)
	}
}

// TestCachedShared checks that a fragment of base.html or partials/ is shared by the page
// templates of a language, that a page which redefines it, or a template it calls, has its own,
// and that past FragmentBudget bytes a fragment is run on every call, with the same output.
func TestCachedShared(t *testing.T) {
	fsys := fstest.MapFS{
		"themes/base/layouts/base.html":           file(`{{cached "frag" . .K}}/{{cached "outer" . .K}}/{{template "main" .}}{{define "frag"}}<b>{{.K}} {{count}}</b>{{end}}{{define "outer"}}[{{template "partials/inner.html" .}}]{{end}}`),
		"themes/base/layouts/partials/inner.html": file(`{{define "partials/inner.html"}}in {{count}}{{end}}`),
		"themes/base/layouts/a.html":              file(`{{define "main"}}a{{end}}`),
		"themes/base/layouts/b.html":              file(`{{define "main"}}b{{end}}`),
		"themes/base/layouts/mine.html":           file(`{{define "main"}}mine{{end}}{{define "frag"}}<i>{{.K}} {{count}}</i>{{end}}{{define "partials/inner.html"}}my {{count}}{{end}}`),
		"themes/base/i18n/en.toml":                file(`hi = "hi"`),
	}
	runs := 0
	funcs := template.FuncMap{"count": func() int { runs++; return runs }}
	th, err := Load(fsys, []string{"base"}, "en", funcs)
	if err != nil {
		t.Fatal(err)
	}
	run := func(page, k string) string {
		t.Helper()
		tmpl, err := th.Page(page)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := tmpl.ExecuteTemplate(&b, "base.html", map[string]string{"K": k}); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	for _, c := range []struct{ page, k, want string }{
		{"a.html", "x", "<b>x 1</b>/[in 2]/a"},
		{"b.html", "x", "<b>x 1</b>/[in 2]/b"},       // shared with a.html
		{"mine.html", "x", "<i>x 3</i>/[my 4]/mine"}, // redefined: its own; outer calls a redefined template
		{"mine.html", "x", "<i>x 3</i>/[my 4]/mine"},
		{"a.html", "y", "<b>y 5</b>/[in 6]/a"},
	} {
		if got := run(c.page, c.k); got != c.want {
			t.Errorf("%s %s: got %q, want %q", c.page, c.k, got, c.want)
		}
	}
	th.ResetCached()
	th.langs[0].fragBytes["frag"].Store(FragmentBudget) // full: nothing more of frag is cached
	if got, want := run("a.html", "x"), "<b>x 7</b>/[in 8]/a"; got != want {
		t.Errorf("full budget: got %q, want %q", got, want)
	}
	if got, want := run("a.html", "x"), "<b>x 9</b>/[in 8]/a"; got != want { // outer has its own budget
		t.Errorf("full budget, again: got %q, want %q", got, want)
	}
	if got := th.langs[0].fragBytes["frag"].Load(); got != FragmentBudget {
		t.Errorf("full budget: %d bytes counted, want %d", got, FragmentBudget)
	}
}

// TestCompiled checks that a fragment is made by its Go writer exactly when the file is the one
// the writer was written for, the template is that file's definition, and the page file does
// not redefine it; and that DefinedIn names the file of each definition.
func TestCompiled(t *testing.T) {
	const row = `{{define "partials/row.html"}}tmpl-row {{.}}{{end}}`
	sum := sha256.Sum256([]byte(row))
	goRow := Compiled{File: "layouts/partials/row.html", Sum: hex.EncodeToString(sum[:]), Name: "partials/row.html",
		Write: func(l *Lang, cached func(string, any, ...any) (template.HTML, error), dot any) (template.HTML, bool, error) {
			if dot == "skip" {
				return "", false, nil // left to the template
			}
			return template.HTML(fmt.Sprint("go-row ", dot)), true, nil
		}}
	files := func(extra map[string]string) fstest.MapFS {
		m := fstest.MapFS{
			"themes/x/layouts/base.html":             file(`{{template "main" .}}`),
			"themes/x/layouts/partials/row.html":     file(row),
			"themes/x/layouts/plain.html":            file(`{{define "main"}}{{cached "partials/row.html" . .}}{{end}}`),
			"themes/x/layouts/partials/another.html": file(`{{define "partials/another.html"}}{{end}}`),
			"themes/x/i18n/zh-CN.toml":               file(`"lang.name" = "中文"`),
		}
		for k, v := range extra {
			m["themes/x/layouts/"+k] = file(v)
		}
		return m
	}
	for _, c := range []struct {
		name    string
		extra   map[string]string
		c       Compiled
		page    string
		dot     string
		want    string
		defined string
	}{
		{"the default file", nil, goRow, "plain.html", "a", "go-row a", "partials/row.html"},
		{"the writer declines", nil, goRow, "plain.html", "skip", "tmpl-row skip", "partials/row.html"},
		{"another file", map[string]string{"partials/row.html": row + " "}, goRow, "plain.html", "a", "tmpl-row a", "partials/row.html"},
		{"redefined by a later partial", map[string]string{"partials/zz.html": `{{define "partials/row.html"}}zz {{.}}{{end}}`},
			goRow, "plain.html", "a", "zz a", "partials/zz.html"},
		{"redefined by the page", map[string]string{"own.html": `{{define "main"}}{{cached "partials/row.html" . .}}{{end}}` +
			`{{define "partials/row.html"}}own {{.}}{{end}}`}, goRow, "own.html", "a", "own a", "own.html"},
	} {
		th, err := Load(files(c.extra), []string{"x"}, "zh-CN", template.FuncMap{}, c.c)
		if err != nil {
			t.Fatal(err)
		}
		tmpl, err := th.Page(c.page)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := tmpl.ExecuteTemplate(&b, "base.html", c.dot); err != nil {
			t.Fatal(err)
		}
		if b.String() != c.want {
			t.Errorf("%s: %q, want %q", c.name, b.String(), c.want)
		}
		if got := th.Langs()[0].DefinedIn(c.page, "partials/row.html"); got != c.defined {
			t.Errorf("%s: DefinedIn says %q, want %q", c.name, got, c.defined)
		}
	}
}

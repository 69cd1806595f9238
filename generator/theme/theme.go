// Package theme finds a site's templates, static files and interface strings across its list of
// themes.
//
// site.toml names themes in order; a file in an earlier theme overrides the file at the same path
// in a later one (the overlay of go.dev's unionFS and Hugo's theme lookup). Templates are named by
// their full path under layouts/ ("page/case.html", "partials/figures.html"), never by base name,
// so two files called list.html cannot silently collide. Every page template is parsed together
// with layouts/base.html and all of layouts/partials/.
package theme

import (
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
)

// Dir is the folder of themes in the site.
const Dir = "themes"

// Theme is the merged view of a list of themes.
type Theme struct {
	files   map[string]string // path in the merged theme → path in the site's fs
	pages   map[string]*template.Template
	strings map[string]string
	fsys    fs.FS
}

// Load merges the themes names (earliest wins) from fsys and parses their templates with funcs.
// The function "t" (interface strings of lang) is added to funcs.
func Load(fsys fs.FS, names []string, lang string, funcs template.FuncMap) (*Theme, error) {
	th := &Theme{files: map[string]string{}, pages: map[string]*template.Template{}, fsys: fsys}
	for i := len(names) - 1; i >= 0; i-- {
		root := path.Join(Dir, names[i])
		if _, err := fs.Stat(fsys, root); err != nil {
			return nil, fmt.Errorf("site.toml: theme %q: folder %s not found", names[i], root)
		}
		err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() {
				th.files[strings.TrimPrefix(p, root+"/")] = p
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	if err := th.loadStrings(lang); err != nil {
		return nil, err
	}
	all := template.FuncMap{"t": th.T}
	for k, v := range funcs {
		all[k] = v
	}
	if err := th.parse(all); err != nil {
		return nil, err
	}
	return th, nil
}

func (th *Theme) loadStrings(lang string) error {
	name := "i18n/" + lang + ".toml"
	p, ok := th.files[name]
	if !ok {
		return fmt.Errorf("%s/*/%s: no interface strings for language %s", Dir, name, lang)
	}
	data, err := fs.ReadFile(th.fsys, p)
	if err != nil {
		return err
	}
	th.strings = map[string]string{}
	if _, err := toml.Decode(string(data), &th.strings); err != nil {
		return fmt.Errorf("%s: %v", p, err)
	}
	return nil
}

// T returns the interface string for key; a missing key shows as itself in brackets, and the
// whole-site test looks for such brackets.
func (th *Theme) T(key string) string {
	if s, ok := th.strings[key]; ok {
		return s
	}
	return "[" + key + "]"
}

func (th *Theme) parse(funcs template.FuncMap) error {
	base := template.New("base.html").Funcs(funcs)
	if err := th.parseFile(base, "layouts/base.html"); err != nil {
		return err
	}
	for _, p := range th.list("layouts/partials/") {
		if err := th.parseFile(base.New(strings.TrimPrefix(p, "layouts/")), p); err != nil {
			return err
		}
	}
	for _, p := range th.list("layouts/") {
		if p == "layouts/base.html" || strings.HasPrefix(p, "layouts/partials/") {
			continue
		}
		t, err := base.Clone()
		if err != nil {
			return err
		}
		if err := th.parseFile(t.New(strings.TrimPrefix(p, "layouts/")), p); err != nil {
			return err
		}
		th.pages[strings.TrimPrefix(p, "layouts/")] = t
	}
	return nil
}

func (th *Theme) parseFile(t *template.Template, name string) error {
	p, ok := th.files[name]
	if !ok {
		return fmt.Errorf("%s: no theme has %s", Dir, name)
	}
	data, err := fs.ReadFile(th.fsys, p)
	if err != nil {
		return err
	}
	if _, err := t.Parse(string(data)); err != nil {
		return fmt.Errorf("%s: %v", p, err)
	}
	return nil
}

// list returns the merged files under prefix ending in .html, sorted.
func (th *Theme) list(prefix string) []string {
	var out []string
	for p := range th.files {
		if strings.HasPrefix(p, prefix) && strings.HasSuffix(p, ".html") {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

// Page returns the template set of a page template such as "case.html"; executing it runs
// base.html, which calls the page's "main" block.
func (th *Theme) Page(name string) (*template.Template, error) {
	t, ok := th.pages[name]
	if !ok {
		return nil, fmt.Errorf("%s: no theme has layouts/%s", Dir, name)
	}
	return t, nil
}

// Static returns the static files of the merged theme: output path → path in the site's fs,
// sorted by output path.
func (th *Theme) Static() [][2]string {
	var out [][2]string
	for p, src := range th.files {
		if strings.HasPrefix(p, "static/") {
			out = append(out, [2]string{strings.TrimPrefix(p, "static/"), src})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}

// FS is the site's file system the theme reads from.
func (th *Theme) FS() fs.FS { return th.fsys }

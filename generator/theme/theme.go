// Package theme finds a site's templates, static files and interface strings across its list of
// themes.
//
// site.toml names themes in order; a file in an earlier theme overrides the file at the same path
// in a later one (the overlay of go.dev's unionFS and Hugo's theme lookup). Templates are named by
// their full path under layouts/ ("page/case.html", "partials/figures.html"), never by base name,
// so two files called list.html cannot silently collide. Every page template is parsed together
// with layouts/base.html and all of layouts/partials/.
//
// Languages. Every file i18n/TAG.toml of the merged theme is a language of the site: the
// configured one is the default, published at the root; every other one is published under
// /tag/ (lower case: /en/). Adding a language is adding its strings file. The templates are
// parsed once per language, with "t" (the language's strings), "u" (a site path in the
// language) and "lang" bound to it, and every function of type LangFunc called with it, so a
// template says {{t "nav.home"}} and {{date .Start}} and gets the language of the page it
// renders.
package theme

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/BurntSushi/toml"
)

// Dir is the folder of themes in the site.
const Dir = "themes"

// Theme is the merged view of a list of themes.
type Theme struct {
	files map[string]string // path in the merged theme → path in the site's fs
	sums  map[string]string // path in the merged theme → SHA-256 (hex) of the template file parsed
	langs []*Lang           // the default language first, then the others by tag
	fsys  fs.FS
}

// Lang is a language of the site: its interface strings and its templates.
type Lang struct {
	Tag     string // the strings file's name, a BCP 47 tag: "zh-CN", "en"
	Prefix  string // what its pages' URLs start with: "" for the default language, "/en" for the others
	Default bool
	Content string // the tag of the content's language (the default language): case summaries, names
	strings map[string]string
	funcs   template.FuncMap
	pages   map[string]*template.Template
	cached  map[string]*fragments // of each page template set, by page template
	langFragments
}

// LangFunc is a template function that depends on the language, such as a date format: Load
// calls it once per language and registers what it returns under its name.
type LangFunc func(l *Lang) any

// Load merges the themes names (earliest wins) from fsys and parses their templates with funcs,
// once per language; lang is the default language. Besides funcs, templates get "t" (an
// interface string, see Lang.T), "u" (Lang.URL), "lang" (the *Lang) and "cached" (see
// fragments). The fragments of each of compiled whose file is the one it was written for are
// made in Go.
func Load(fsys fs.FS, names []string, lang string, funcs template.FuncMap, compiled ...Compiled) (*Theme, error) {
	th := &Theme{files: map[string]string{}, sums: map[string]string{}, fsys: fsys}
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
	if err := th.loadLangs(lang); err != nil {
		return nil, err
	}
	for _, l := range th.langs {
		all := template.FuncMap{"t": l.T, "u": l.URL, "lang": func() *Lang { return l }, "cached": unbound}
		for k, v := range funcs {
			if f, ok := v.(LangFunc); ok {
				v = f(l)
			}
			all[k] = v
		}
		base, pages, err := th.parse(all)
		if err != nil {
			return nil, err
		}
		l.funcs, l.pages = all, pages
		l.compiled = map[string]func(*Lang, func(string, any, ...any) (template.HTML, error), any) (template.HTML, bool, error){}
		for _, c := range compiled {
			// The file must be the one c was written for, and the template c.Name the one
			// that file defines, not another file's definition of the same name.
			t := base.Lookup(c.Name)
			if sum, ok := th.sums[c.File]; ok && sum == c.Sum &&
				t != nil && t.Tree != nil && t.Tree.ParseName == strings.TrimPrefix(c.File, "layouts/") {
				l.compiled[c.Name] = c.Write
			}
		}
		l.fragBytes = map[string]*atomic.Int64{}
		l.cached = map[string]*fragments{}
		for _, name := range sortedKeys(pages) {
			for _, t := range pages[name].Templates() {
				if l.fragBytes[t.Name()] == nil {
					l.fragBytes[t.Name()] = new(atomic.Int64)
				}
			}
			f := &fragments{set: pages[name], lang: l, shared: sharedNames(base, pages[name]), defined: definers(pages[name])}
			pages[name].Funcs(template.FuncMap{"cached": f.run})
			l.cached[name] = f
		}
	}
	return th, nil
}

// loadLangs reads every i18n/*.toml; def is the default language and must have a file. Every
// other language must have every string of the default one, so that no page of it shows a
// missing string.
func (th *Theme) loadLangs(def string) error {
	var tags []string
	for p := range th.files {
		if dir, file := path.Split(p); dir == "i18n/" && strings.HasSuffix(file, ".toml") {
			tags = append(tags, strings.TrimSuffix(file, ".toml"))
		}
	}
	sort.Strings(tags)
	var first *Lang
	for _, tag := range tags {
		l := &Lang{Tag: tag, Default: tag == def}
		if !l.Default {
			l.Prefix = "/" + strings.ToLower(tag)
		}
		if err := th.loadStrings(l); err != nil {
			return err
		}
		if l.Default {
			first = l
		} else {
			th.langs = append(th.langs, l)
		}
	}
	if first == nil {
		return fmt.Errorf("%s/*/i18n/%s.toml: no interface strings for language %s", Dir, def, def)
	}
	th.langs = append([]*Lang{first}, th.langs...)
	for _, l := range th.langs {
		l.Content = def
	}
	for _, l := range th.langs[1:] {
		var missing []string
		for k := range first.strings {
			// A singular form (_one) is optional: a language without one uses the general key.
			if _, ok := l.strings[k]; !ok && !strings.HasSuffix(k, "_one") && !strings.HasSuffix(k, "_one_html") {
				missing = append(missing, k)
			}
		}
		if len(missing) > 0 {
			sort.Strings(missing)
			n, more := len(missing), ""
			if len(missing) > 10 {
				more = fmt.Sprintf(" and %d more", len(missing)-10)
				missing = missing[:10]
			}
			return fmt.Errorf("%s: %d interface strings of %s.toml are missing: %s%s: translate them, or remove the file to drop the language",
				th.files["i18n/"+l.Tag+".toml"], n, def, strings.Join(missing, ", "), more)
		}
	}
	return nil
}

func (th *Theme) loadStrings(l *Lang) error {
	p := th.files["i18n/"+l.Tag+".toml"]
	data, err := fs.ReadFile(th.fsys, p)
	if err != nil {
		return err
	}
	l.strings = map[string]string{}
	if _, err := toml.Decode(string(data), &l.strings); err != nil {
		return fmt.Errorf("%s: %v", p, err)
	}
	return nil
}

// Langs returns the languages of the site, the default one first.
func (th *Theme) Langs() []*Lang { return th.langs }

// T returns the interface string for key in the default language; see Lang.S.
func (th *Theme) T(key string) string { return th.langs[0].S(key) }

// Page returns the template set of a page template such as "case.html" in the default
// language; see Lang.Page.
func (th *Theme) Page(name string) (*template.Template, error) { return th.langs[0].Page(name) }

// Page returns the template set of a page template such as "case.html"; executing it runs
// base.html, which calls the page's "main" block.
func (l *Lang) Page(name string) (*template.Template, error) {
	t, ok := l.pages[name]
	if !ok {
		return nil, fmt.Errorf("%s: no theme has layouts/%s", Dir, name)
	}
	return t, nil
}

// Funcs returns the template functions the language's templates were parsed with: those given
// to Load, with every LangFunc bound to the language, and "t", "u" and "lang".
func (l *Lang) Funcs() template.FuncMap { return l.funcs }

// Has reports whether the language has a string for key.
func (l *Lang) Has(key string) bool {
	_, ok := l.strings[key]
	return ok
}

// S returns the interface string for key with its placeholders filled: args are pairs of a
// name and a value, and {name} in the string becomes the value. A missing key, args that are not
// pairs, or markup (template.HTML) for a string that is not _html show as the key in brackets
// ("[nav.home]"); the whole-site test looks for them.
func (l *Lang) S(key string, args ...any) string {
	s, ok := l.strings[key]
	if !ok || len(args)%2 != 0 {
		return "[" + key + "]"
	}
	for i := 1; i < len(args); i += 2 {
		if _, markup := args[i].(template.HTML); markup {
			return "[" + key + "]"
		}
	}
	if len(args) == 0 || !strings.Contains(s, "{") {
		return s
	}
	return fill(s, args, sprint)
}

// Format is S for a string whose placeholders are filled by value, called only for the names
// the string has: value(name) returns the value and whether there is one (a name without one
// stays as written, as in S). A missing key shows as the key in brackets.
func (l *Lang) Format(key string, value func(name string) (string, bool)) string {
	s, ok := l.strings[key]
	if !ok {
		return "[" + key + "]"
	}
	if !strings.Contains(s, "{") {
		return s
	}
	return fillFunc(s, value)
}

// sprint is fmt.Sprint(v), without fmt for a string or an int.
func sprint(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case int:
		return strconv.Itoa(v)
	}
	return fmt.Sprint(v)
}

// HTML is S for a string holding markup (a key ending in _html): the string is trusted, as the
// templates are, and every value is escaped unless it is template.HTML itself.
func (l *Lang) HTML(key string, args ...any) template.HTML {
	s, ok := l.strings[key]
	if !ok || len(args)%2 != 0 {
		return template.HTML(template.HTMLEscapeString("[" + key + "]"))
	}
	return template.HTML(fill(s, args, func(v any) string {
		if h, ok := v.(template.HTML); ok {
			return string(h)
		}
		return template.HTMLEscapeString(sprint(v))
	}))
}

// T is the template function "t": HTML for a key ending in _html, else S.
func (l *Lang) T(key string, args ...any) any {
	if strings.HasSuffix(key, "_html") {
		return l.HTML(key, args...)
	}
	return l.S(key, args...)
}

// URL returns a site path ("/cases/") as the path of the page in this language ("/en/cases/").
func (l *Lang) URL(p string) string {
	if prefix, rest := l.URLParts(p); prefix != "" {
		return prefix + rest
	}
	return p
}

// URLParts returns the prefix and the rest whose concatenation is l.URL(p), without making the
// string: the prefix is empty when l.URL(p) is p.
func (l *Lang) URLParts(p string) (prefix, rest string) {
	if l.Prefix == "" || !strings.HasPrefix(p, "/") {
		return "", p
	}
	return l.Prefix, p
}

// fill replaces {name} in s by the value named name in args (pairs of name and value).
func fill(s string, args []any, str func(any) string) string {
	return fillFunc(s, func(name string) (string, bool) {
		for k := 0; k+1 < len(args); k += 2 {
			if sprint(args[k]) == name {
				return str(args[k+1]), true
			}
		}
		return "", false
	})
}

// fillFunc replaces {name} in s by value(name) where it has one.
func fillFunc(s string, value func(name string) (string, bool)) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			break
		}
		name := s[i+1 : i+j]
		b.WriteString(s[:i])
		if v, ok := value(name); ok {
			b.WriteString(v)
		} else {
			b.WriteString(s[i : i+j+1])
		}
		s = s[i+j+1:]
	}
	b.WriteString(s)
	return b.String()
}

func (th *Theme) parse(funcs template.FuncMap) (base *template.Template, pages map[string]*template.Template, err error) {
	pages = map[string]*template.Template{}
	base = template.New("base.html").Funcs(funcs)
	if err := th.parseFile(base, "layouts/base.html"); err != nil {
		return nil, nil, err
	}
	for _, p := range th.list("layouts/partials/") {
		if err := th.parseFile(base.New(strings.TrimPrefix(p, "layouts/")), p); err != nil {
			return nil, nil, err
		}
	}
	for _, p := range th.list("layouts/") {
		if p == "layouts/base.html" || strings.HasPrefix(p, "layouts/partials/") {
			continue
		}
		t, err := base.Clone()
		if err != nil {
			return nil, nil, err
		}
		if err := th.parseFile(t.New(strings.TrimPrefix(p, "layouts/")), p); err != nil {
			return nil, nil, err
		}
		pages[strings.TrimPrefix(p, "layouts/")] = t
	}
	return base, pages, nil
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
	sum := sha256.Sum256(data)
	th.sums[name] = hex.EncodeToString(sum[:])
	return nil
}

// Sum returns the SHA-256, in hex, of the template file at path in the merged theme
// ("layouts/base.html"), as it was parsed; ok is false for a path that is not a template. A
// caller that reproduces a template in Go checks with it that the theme's file is the one it
// reproduces.
func (th *Theme) Sum(path string) (sum string, ok bool) {
	sum, ok = th.sums[path]
	return sum, ok
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

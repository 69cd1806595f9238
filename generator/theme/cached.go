package theme

import (
	"bytes"
	"fmt"
	"html/template"
	"sort"
	"strings"
	"sync"
)

// Fragments: {{cached "nav" . .Nav}} runs the template "nav" with dot once per language, page
// template and key (the arguments after dot), and gives every later call with the same key the
// same output, as Hugo's partialCached does. Navigation and footers repeat on every page; at a
// million pages, running them once instead of a million times is a third of the rendering. The
// fragment must depend on nothing but the language, the site and its key: the template author
// chooses the key. Cached fragments live until ResetCached, which a render calls before it
// starts, so a rebuild with new content never sees the last build's fragments.

// fragments is the cache of one page template set.
type fragments struct {
	set *template.Template
	m   sync.Map // key → template.HTML
}

// unbound is "cached" at parse time; every page template set gets its own before it runs.
func unbound(string, any, ...any) (template.HTML, error) {
	return "", fmt.Errorf("cached: not bound to a template set")
}

func (f *fragments) run(name string, dot any, keys ...any) (template.HTML, error) {
	var k strings.Builder
	k.WriteString(name)
	for _, x := range keys {
		k.WriteByte(0)
		if s, ok := x.(string); ok {
			k.WriteString(s)
		} else {
			fmt.Fprint(&k, x)
		}
	}
	key := k.String()
	if v, ok := f.m.Load(key); ok {
		return v.(template.HTML), nil
	}
	var b bytes.Buffer
	if err := f.set.ExecuteTemplate(&b, name, dot); err != nil {
		return "", err
	}
	v, _ := f.m.LoadOrStore(key, template.HTML(b.String()))
	return v.(template.HTML), nil
}

// ResetCached forgets every cached fragment of every language.
func (th *Theme) ResetCached() {
	for _, l := range th.langs {
		for _, f := range l.cached {
			f.m.Clear()
		}
	}
}

func sortedKeys(m map[string]*template.Template) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

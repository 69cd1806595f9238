package theme

import (
	"bytes"
	"fmt"
	"html/template"
	"reflect"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"text/template/parse"
)

// Fragments: {{cached "nav" . .Nav}} runs the template "nav" with dot once per language and key
// (the arguments after dot), and gives every later call with the same key the same output, as
// Hugo's partialCached does. Navigation and footers repeat on every page, a case's row on every
// list that shows it; at a million pages, running them once instead of a million times is a
// third of the rendering. The fragment must depend on nothing but the language, the site and
// its key: the template author chooses the key.
//
// A fragment is shared by every page template of the language when its template, and every
// template it calls, is the one of base.html and partials/ (no page file redefines it): a case
// row cached while rendering /cases/ serves the browse pages too. A template that a page file
// defines or redefines has fragments of its own in that page's template set.
//
// Cached fragments live until ResetCached, which a render calls before it starts, so a rebuild
// with new content never sees the last build's fragments. A language keeps at most
// FragmentBudget bytes of the fragments of each template: once that is reached, a fragment of
// it not yet cached is run on every call, so the output is the same and the memory bounded
// whatever the size of the site. The budget is per template so that the many case rows of a
// big site cannot crowd out the few fragments every page uses.

// FragmentBudget is the most bytes of fragment text (and keys) a language keeps cached for one
// template. A case row and its key are about 530 bytes: the budget holds the rows of some
// 60,000 cases per language (about 40 MB of memory with the map's own), whatever the size of
// the site.
const FragmentBudget = 32 << 20

// store is a cache of fragments: key (name, 0, keys joined by 0) → template.HTML. It is split
// in shards by a hash of the key, each a map under a read-write lock, so that the workers of a
// render rarely wait for one another and a lookup by a key still in a buffer allocates nothing
// (a sync.Map, which boxes every key, took half of "cached"'s time).
type store struct {
	shards [storeShards]struct {
		sync.RWMutex
		m map[string]template.HTML
		_ [32]byte // one shard to a 64-byte cache line
	}
}

const storeShards = 16

func (st *store) shard(key []byte) int {
	h := uint32(2166136261) // FNV-1a
	for _, c := range key {
		h = (h ^ uint32(c)) * 16777619
	}
	return int(h % storeShards)
}

// load returns the fragment of key, if st has it.
func (st *store) load(key []byte) (template.HTML, bool) {
	sh := &st.shards[st.shard(key)]
	sh.RLock()
	v, ok := sh.m[string(key)]
	sh.RUnlock()
	return v, ok
}

// loadOrStore returns the fragment of key if st has one, else stores out as it and returns it;
// loaded says which.
func (st *store) loadOrStore(key []byte, out template.HTML) (v template.HTML, loaded bool) {
	sh := &st.shards[st.shard(key)]
	sh.Lock()
	defer sh.Unlock()
	if v, ok := sh.m[string(key)]; ok {
		return v, true
	}
	if sh.m == nil {
		sh.m = map[string]template.HTML{}
	}
	sh.m[string(key)] = out
	return out, false
}

// clear forgets every fragment.
func (st *store) clear() {
	for i := range st.shards {
		sh := &st.shards[i]
		sh.Lock()
		clear(sh.m)
		sh.Unlock()
	}
}

// appendKey appends a key argument of "cached" to b: a string as it is, a number or a boolean
// as fmt prints it, a value of a string or integer kind (cases.Channel) by its value, anything
// else as fmt prints it. The keys of two different values differ.
func appendKey(b []byte, x any) []byte {
	switch v := x.(type) {
	case string:
		return append(b, v...)
	case bool:
		return strconv.AppendBool(b, v)
	case int:
		return strconv.AppendInt(b, int64(v), 10)
	}
	switch v := reflect.ValueOf(x); v.Kind() {
	case reflect.String:
		return append(b, v.String()...)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.AppendInt(b, v.Int(), 10)
	}
	return fmt.Append(b, x)
}

// fragments is the cache of one page template set.
type fragments struct {
	set     *template.Template
	own     store             // fragments of the templates the page file defines or redefines
	lang    *Lang             // its shared store and budget
	shared  map[string]bool   // names whose fragments the language's page templates share
	defined map[string]string // template name → the file that defines it (DefinedIn)
}

// unbound is "cached" at parse time; every page template set gets its own before it runs.
func unbound(string, any, ...any) (template.HTML, error) {
	return "", fmt.Errorf("cached: not bound to a template set")
}

func (f *fragments) run(name string, dot any, keys ...any) (template.HTML, error) {
	var buf [256]byte
	key := append(buf[:0], name...)
	for _, x := range keys {
		key = appendKey(append(key, 0), x)
	}
	st := &f.own
	if f.shared[name] {
		st = &f.lang.shared
	}
	if v, ok := st.load(key); ok {
		return v, nil
	}
	out, done, err := template.HTML(""), false, error(nil)
	if w := f.lang.compiled[name]; w != nil && f.shared[name] {
		out, done, err = w(f.lang, f.run, dot)
		if err != nil {
			return "", err
		}
	}
	if !done {
		var b bytes.Buffer
		if err := f.set.ExecuteTemplate(&b, name, dot); err != nil {
			return "", err
		}
		out = template.HTML(b.String())
	}
	used := f.lang.fragBytes[name] // every template of the set has one
	n := int64(len(out) + len(key))
	if used.Add(n) > FragmentBudget {
		used.Add(-n)
		return out, nil
	}
	if v, loaded := st.loadOrStore(key, out); loaded {
		used.Add(-n)
		return v, nil
	}
	return out, nil
}

// Compiled is a template of the theme written in Go, for speed: when the theme's file File
// has the SHA-256 Sum (in hex), Write makes the fragments of the template Name in its place,
// wherever that template is base.html's and partials/' own (not redefined by a page file). Write
// gets the language, the language's "cached" and the fragment's dot; it must write what the
// template writes, byte for byte, or say with ok false that the template is to run instead.
type Compiled struct {
	File, Sum, Name string
	Write           func(l *Lang, cached func(name string, dot any, keys ...any) (template.HTML, error), dot any) (out template.HTML, ok bool, err error)
}

// langFragments holds what a language's page template sets share: the fragments of the
// templates of base.html and partials/, and the bytes cached of each template name in all of
// its sets (the map is made by Load and only read after).
type langFragments struct {
	shared    store
	fragBytes map[string]*atomic.Int64
	compiled  map[string]func(*Lang, func(string, any, ...any) (template.HTML, error), any) (template.HTML, bool, error)
}

// Cached returns the function "cached" of the page template set page ("case.html"), for Go code
// that renders part of the page in the template's place; nil when the language has no such page.
func (l *Lang) Cached(page string) func(name string, dot any, keys ...any) (template.HTML, error) {
	if f := l.cached[page]; f != nil {
		return f.run
	}
	return nil
}

// DefinedIn returns the template file ("base.html", "partials/case-row.html", "case.html")
// whose text defines the template name in the page template set page, as the set runs it (a
// later definition replaces an earlier one); "" when the set has no such template.
func (l *Lang) DefinedIn(page, name string) string {
	if f := l.cached[page]; f != nil {
		return f.defined[name]
	}
	return ""
}

// definers maps each template of set to the file whose text defines it (its tree's ParseName),
// made once when the theme loads: a Lookup of html/template takes a lock, and DefinedIn is
// asked on every page.
func definers(set *template.Template) map[string]string {
	m := map[string]string{}
	for _, t := range set.Templates() {
		if t.Tree != nil {
			m[t.Name()] = t.Tree.ParseName
		}
	}
	return m
}

// ResetCached forgets every cached fragment of every language.
func (th *Theme) ResetCached() {
	for _, l := range th.langs {
		for _, f := range l.cached {
			f.own.clear()
		}
		l.shared.clear()
		for _, n := range l.fragBytes {
			n.Store(0)
		}
	}
}

// sharedNames returns the templates of page whose output is the one of the same template in base:
// those that page has with the same tree as base, and whose every callee (by template or
// cached) is also such a template.
func sharedNames(base, page *template.Template) map[string]bool {
	same := map[string]bool{}
	calls := map[string][]string{}
	for _, t := range page.Templates() {
		name := t.Name()
		b := base.Lookup(name)
		if t.Tree == nil || t.Tree.Root == nil || b == nil || b.Tree == nil || b.Tree.Root == nil {
			continue
		}
		if t.Tree.Root.String() == b.Tree.Root.String() {
			same[name] = true
			calls[name] = callees(t.Tree.Root, nil)
		}
	}
	// Drop every template that calls one not the same, until nothing changes.
	for changed := true; changed; {
		changed = false
		for name := range same {
			for _, c := range calls[name] {
				if !same[c] {
					delete(same, name)
					changed = true
					break
				}
			}
		}
	}
	return same
}

// callees appends to out the names of the templates n calls: {{template "x"}}, and
// {{cached "x" ...}} with the name a constant. A cached call whose name is not a constant is
// named "" (which no template is).
func callees(n parse.Node, out []string) []string {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return out
		}
		for _, c := range n.Nodes {
			out = callees(c, out)
		}
	case *parse.TemplateNode:
		out = append(out, n.Name)
		out = pipeCallees(n.Pipe, out)
	case *parse.ActionNode:
		out = pipeCallees(n.Pipe, out)
	case *parse.IfNode:
		out = branchCallees(&n.BranchNode, out)
	case *parse.RangeNode:
		out = branchCallees(&n.BranchNode, out)
	case *parse.WithNode:
		out = branchCallees(&n.BranchNode, out)
	}
	return out
}

func branchCallees(b *parse.BranchNode, out []string) []string {
	out = pipeCallees(b.Pipe, out)
	out = callees(b.List, out)
	if b.ElseList != nil {
		out = callees(b.ElseList, out)
	}
	return out
}

func pipeCallees(p *parse.PipeNode, out []string) []string {
	if p == nil {
		return out
	}
	for _, c := range p.Cmds {
		for i, a := range c.Args {
			switch a := a.(type) {
			case *parse.IdentifierNode:
				if a.Ident == "cached" {
					name := ""
					if i+1 < len(c.Args) {
						if s, ok := c.Args[i+1].(*parse.StringNode); ok {
							name = s.Text
						}
					}
					out = append(out, name)
				}
			case *parse.PipeNode:
				out = pipeCallees(a, out)
			}
		}
	}
	return out
}

func sortedKeys(m map[string]*template.Template) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

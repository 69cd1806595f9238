package render

import (
	"fmt"
	"html/template"
	"reflect"
	"sort"
	"strings"
	"text/template/parse"

	"gongshi/generator/site"
	"gongshi/generator/theme"
)

// Deps says, for every page template of a theme, which values of a Page its output depends on,
// so that a rebuild can tell which pages to render again without rendering them (see
// Fingerprint).
//
// Analyze walks the parse trees of base.html, the page template and every template they call,
// with the static type of dot, and records each value the templates read as a path from the
// Page: .Case.Meeting.Hall.Name, every element of .Site.Halls, the length of .Site.Cases, the
// truth of .Meeting. Methods (.Meeting.When) and template functions are pure: a method or a
// function that takes a value built of pointers (jsonld $.Site .) is called again when the
// fingerprint is taken, and its result is hashed. Whatever the analysis cannot follow (an
// interface value, pointer equality, an unknown function) makes the template volatile: its
// pages are always rendered again. So a fingerprint is never equal when the output could differ.
type Deps struct {
	th    *theme.Theme
	tmpls map[tmplKey]*tmplDeps
}

// tmplKey is a page template in a language: each language has its own parse of the templates.
type tmplKey struct {
	lang *theme.Lang
	name string
}

// tmplDeps is what one page template reads.
type tmplDeps struct {
	root     *dep
	hash     uint64   // the parse trees of every template it runs
	volatile []string // why its pages are always rendered again
}

type stepKind uint8

const (
	stRoot   stepKind = iota
	stField           // a struct field, or a map key
	stMethod          // a method with constant arguments
	stElems           // every element of a slice, array or map
	stCall            // a function or method whose arguments come from elsewhere in the tree
)

// dep is a node of a template's tree of dependencies: a value reached from the Page.
type dep struct {
	kind   stepKind
	name   string
	path   string // unique key from the root, for a fixed order of children
	typ    reflect.Type
	parent *dep
	depth  int
	kids   []*dep
	byKey  map[string]*dep

	index  []int                           // stField on a struct
	mapKey reflect.Value                   // stField on a map
	consts []reflect.Value                 // stMethod
	mval   int                             // stMethod: method index on typ, -1 if none
	mptr   int                             // stMethod: method index on *typ, -1 if none
	fn     reflect.Value                   // stCall: the function; invalid for a method named name
	absFn  func(*site.Site, string) string // stCall: fn, when it is of this common type
	args   []argRef                        // stCall

	leaf, truth, length bool
	memo                bool // root.Site: hashed once for all pages of a template
	elemMemo            bool // stElems: an element reached by pointer is hashed once per Fingerprints
	anchor              bool // a call finds an argument from its value
}

// argRef is an argument of a call: a constant, or the value of anchor (an ancestor of the call)
// after the single-valued steps path, or the result of calling fn with args.
type argRef struct {
	konst  reflect.Value
	anchor *dep
	path   []*dep
	fn     reflect.Value
	args   []argRef
}

// child returns d's child with key, making it with mk if it is new.
func (d *dep) child(key string, mk func() *dep) *dep {
	if c, ok := d.byKey[key]; ok {
		return c
	}
	c := mk()
	c.parent, c.depth, c.path = d, d.depth+1, d.path+"/"+key
	if d.byKey == nil {
		d.byKey = map[string]*dep{}
	}
	d.byKey[key] = c
	d.kids = append(d.kids, c)
	return c
}

// NewDeps returns the dependencies of th's page templates, worked out when a page of each is
// first fingerprinted (before any of its pages is rendered: html/template rewrites its trees then).
func NewDeps(th *theme.Theme) *Deps {
	return &Deps{th: th, tmpls: map[tmplKey]*tmplDeps{}}
}

// Analyze works out the dependencies of the page templates names of th, in every language, now.
func Analyze(th *theme.Theme, names ...string) (*Deps, error) {
	d := NewDeps(th)
	for _, l := range th.Langs() {
		for _, n := range names {
			if _, err := d.of(l, n); err != nil {
				return nil, err
			}
		}
	}
	return d, nil
}

// of returns the dependencies of the page template name in language l, analysing it the first
// time. It is not safe for concurrent use.
func (d *Deps) of(l *theme.Lang, name string) (*tmplDeps, error) {
	k := tmplKey{l, name}
	if t, ok := d.tmpls[k]; ok {
		return t, nil
	}
	t, err := l.Page(name)
	if err != nil {
		return nil, err
	}
	funcs := map[string]reflect.Value{}
	for k, v := range l.Funcs() {
		funcs[k] = reflect.ValueOf(v)
	}
	td := analyzeTemplate(t, funcs)
	d.tmpls[k] = td
	return td, nil
}

// Volatile returns, for each page template whose pages are always rendered again, why; keys are
// "name" in the default language, "name (tag)" in the others.
func (d *Deps) Volatile() map[string][]string {
	out := map[string][]string{}
	for k, t := range d.tmpls {
		if len(t.volatile) > 0 {
			out[k.String()] = t.volatile
		}
	}
	return out
}

func (k tmplKey) String() string {
	if k.lang.Default {
		return k.name
	}
	return k.name + " (" + k.lang.Tag + ")"
}

// Paths returns what the pages of a template in the default language read, one path a line, for
// tests and debugging.
func (d *Deps) Paths(tmpl string) []string {
	t := d.tmpls[tmplKey{d.th.Langs()[0], tmpl}]
	if t == nil {
		return nil
	}
	var out []string
	var walk func(*dep)
	walk = func(n *dep) {
		var flags []string
		for _, f := range []struct {
			on   bool
			name string
		}{{n.leaf, "value"}, {n.truth, "truth"}, {n.length, "len"}, {n.memo, "memo"}} {
			if f.on {
				flags = append(flags, f.name)
			}
		}
		if len(flags) > 0 {
			out = append(out, n.path+" "+strings.Join(flags, ","))
		}
		for _, k := range n.kids {
			walk(k)
		}
	}
	walk(t.root)
	return out
}

type variable struct {
	name string
	v    val
}

// val is what an expression evaluates to during the analysis: the value of one of the nodes
// cands, or a value derived from values already recorded (a function's result, a constant) of
// static type typ (nil when unknown), or either when alsoDerived.
type val struct {
	cands       []*dep
	alsoDerived bool
	typ         reflect.Type
	lit         parse.Node // a constant
	call        *callExpr  // a derived value: the result of this call
}

// callExpr is a call of a template function whose result is derived: it can be made again when
// fingerprinting, as the argument of a call that must be.
type callExpr struct {
	name string
	fn   reflect.Value
	args []val
}

func (v val) derived() bool { return len(v.cands) == 0 }

type analyzer struct {
	set      *template.Template
	funcs    map[string]reflect.Value
	root     *dep
	used     map[string]bool
	nesting  map[string]int
	volatile []string
	plain    map[reflect.Type]bool
}

func analyzeTemplate(set *template.Template, funcs map[string]reflect.Value) *tmplDeps {
	a := &analyzer{set: set, funcs: funcs, used: map[string]bool{}, nesting: map[string]int{},
		plain: map[reflect.Type]bool{}}
	a.root = &dep{kind: stRoot, typ: reflect.TypeFor[*Page](), path: "$"}
	a.template("base.html", val{cands: []*dep{a.root}})
	td := &tmplDeps{root: a.root, volatile: a.volatile}
	if site, ok := a.root.byKey["Site"]; ok && selfContained(site) {
		site.memo = true
	}
	a.finish(a.root)
	names := make([]string, 0, len(a.used))
	for n := range a.used {
		names = append(names, n)
	}
	sort.Strings(names)
	var src strings.Builder
	for _, n := range names {
		src.WriteString(n + "\x00")
		if t := set.Lookup(n); t != nil && t.Tree != nil && t.Tree.Root != nil {
			src.WriteString(t.Tree.Root.String())
		}
		src.WriteString("\x00")
	}
	td.hash = stringHash(src.String())
	return td
}

// finish orders every node's children by key, so fingerprints do not depend on the order in
// which the templates read them, and drops what a hashed plain value makes redundant: its
// truth, its length and its parts (but not calls hung below it, which read from elsewhere).
func (a *analyzer) finish(d *dep) {
	if d.leaf && a.isPlain(d.typ) {
		d.truth, d.length = false, false
		kids := d.kids[:0]
		for _, k := range d.kids {
			if hasCall(k) {
				kids = append(kids, k)
			}
		}
		d.kids = kids
	}
	sort.Slice(d.kids, func(i, j int) bool { return d.kids[i].path < d.kids[j].path })
	for _, k := range d.kids {
		a.finish(k)
	}
	// What a template reads of an element depends on the element alone when no call below
	// takes an argument from above: a case listed on many pages is then hashed once.
	d.elemMemo = d.kind == stElems && !readsAbove(d, d.depth)
}

// readsAbove reports whether a call under d (or d itself) takes an argument, at any nesting,
// from a node above depth.
func readsAbove(d *dep, depth int) bool {
	var args func([]argRef) bool
	args = func(as []argRef) bool {
		for _, a := range as {
			if a.anchor != nil && a.anchor.depth < depth || args(a.args) {
				return true
			}
		}
		return false
	}
	if d.kind == stCall && args(d.args) {
		return true
	}
	for _, k := range d.kids {
		if readsAbove(k, depth) {
			return true
		}
	}
	return false
}

func hasCall(d *dep) bool {
	if d.kind == stCall {
		return true
	}
	for _, k := range d.kids {
		if hasCall(k) {
			return true
		}
	}
	return false
}

// selfContained reports whether no call under d takes an argument from outside d.
func selfContained(d *dep) bool {
	for _, k := range d.kids {
		if k.kind == stCall {
			for _, a := range k.args {
				if a.anchor != nil && a.anchor.depth < d.depth {
					return false
				}
			}
		}
		if !selfContained(k) {
			return false
		}
	}
	return true
}

func (a *analyzer) fail(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	for _, v := range a.volatile {
		if v == msg {
			return
		}
	}
	a.volatile = append(a.volatile, msg)
}

// template analyses the template called name with dot.
func (a *analyzer) template(name string, dot val) {
	t := a.set.Lookup(name)
	if t == nil || t.Tree == nil || t.Tree.Root == nil {
		a.fail("template %q is not defined", name)
		return
	}
	if a.nesting[name] >= 4 {
		a.fail("template %q calls itself", name)
		return
	}
	a.used[name] = true
	a.nesting[name]++
	vars := []variable{{"$", dot}}
	a.walk(t.Tree.Root, dot, &vars)
	a.nesting[name]--
}

func (a *analyzer) walk(n parse.Node, dot val, vars *[]variable) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			a.walk(c, dot, vars)
		}
	case *parse.ActionNode:
		v := a.pipe(n.Pipe, dot, vars)
		if len(n.Pipe.Decl) == 0 {
			a.print(v)
		}
	case *parse.IfNode:
		mark := len(*vars)
		a.truth(a.pipe(n.Pipe, dot, vars))
		a.walk(n.List, dot, vars)
		a.walk(n.ElseList, dot, vars)
		*vars = (*vars)[:mark]
	case *parse.WithNode:
		mark := len(*vars)
		v := a.pipe(n.Pipe, dot, vars)
		a.truth(v)
		a.walk(n.List, v, vars)
		a.walk(n.ElseList, dot, vars)
		*vars = (*vars)[:mark]
	case *parse.RangeNode:
		a.rangeNode(n, dot, vars)
	case *parse.TemplateNode:
		var v val
		if n.Pipe != nil {
			mark := len(*vars)
			v = a.pipe(n.Pipe, dot, vars)
			*vars = (*vars)[:mark]
		}
		a.template(n.Name, v)
	case *parse.TextNode, *parse.CommentNode, *parse.BreakNode, *parse.ContinueNode:
	default:
		a.fail("unsupported template node %s", n)
	}
}

func (a *analyzer) rangeNode(n *parse.RangeNode, dot val, vars *[]variable) {
	mark := len(*vars)
	p := *n.Pipe
	p.Decl = nil
	x := a.pipe(&p, dot, vars)
	var elem, key val
	if x.derived() {
		elem.typ, key.typ = elemType(x.typ), keyType(x.typ)
	}
	for _, c := range x.cands {
		t := indirect(c.typ)
		switch t.Kind() {
		case reflect.Slice, reflect.Array, reflect.Map:
			elem.cands = append(elem.cands, a.elems(c))
			key.typ = keyType(t)
		default:
			a.fail("range over %s", t)
		}
	}
	switch len(n.Pipe.Decl) {
	case 1:
		*vars = append(*vars, variable{n.Pipe.Decl[0].Ident[0], elem})
	case 2:
		*vars = append(*vars, variable{n.Pipe.Decl[0].Ident[0], key}, variable{n.Pipe.Decl[1].Ident[0], elem})
	}
	a.walk(n.List, elem, vars)
	a.walk(n.ElseList, dot, vars)
	*vars = (*vars)[:mark]
}

func (a *analyzer) elems(c *dep) *dep {
	t := indirect(c.typ)
	return c.child("[*]", func() *dep { return &dep{kind: stElems, name: "[*]", typ: t.Elem()} })
}

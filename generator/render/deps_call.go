package render

import (
	"fmt"
	"html/template"
	"reflect"
	"strings"
	"text/template/parse"

	"gongshi/generator/site"
)

// This file is the analysis of function calls, and what it needs to know of types.

func elemType(t reflect.Type) reflect.Type {
	if t == nil {
		return nil
	}
	switch t = indirect(t); t.Kind() {
	case reflect.Slice, reflect.Array, reflect.Map:
		return t.Elem()
	case reflect.Int:
		return t
	}
	return nil
}

func keyType(t reflect.Type) reflect.Type {
	if t == nil {
		return nil
	}
	if t = indirect(t); t.Kind() == reflect.Map {
		return t.Key()
	}
	return reflect.TypeFor[int]()
}

func indirect(t reflect.Type) reflect.Type {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

// print records that v is written out.
func (a *analyzer) print(v val) {
	if !a.arg(v) {
		a.fail("prints a value made of pointers")
	}
}

// truth records that v is tested (if, with, and, or, not).
func (a *analyzer) truth(v val) {
	for _, c := range v.cands {
		c.truth = true
	}
}

// arg records that all of v is read (printed, or passed to a function); it reports false when v
// is made of pointers. A call's result is hashed whatever its type, within bounds (see value).
func (a *analyzer) arg(v val) bool {
	ok := true
	for _, c := range v.cands {
		if a.isPlain(c.typ) || c.kind == stCall {
			c.leaf = true
		} else {
			ok = false
		}
	}
	return ok
}

// isPlain reports whether values of type t are plain data: no interface, function or channel,
// and no pointer cycle, so hashing all of a value is bounded and hashes what a template can read.
func (a *analyzer) isPlain(t reflect.Type) bool {
	if t == nil {
		return false
	}
	if p, ok := a.plain[t]; ok {
		return p
	}
	if t == timeType {
		return true
	}
	a.plain[t] = false // a cycle through t is not plain
	p := false
	switch t.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128, reflect.String:
		p = true
	case reflect.Pointer, reflect.Slice, reflect.Array:
		p = a.isPlain(t.Elem())
	case reflect.Map:
		p = a.isPlain(t.Key()) && a.isPlain(t.Elem())
	case reflect.Struct:
		p = true
		for i := range t.NumField() {
			if !a.isPlain(t.Field(i).Type) {
				p = false
				break
			}
		}
	}
	a.plain[t] = p
	return p
}

func (a *analyzer) argsPlain(args []val) bool {
	ok := true
	for _, x := range args {
		ok = a.arg(x) && ok
	}
	return ok
}

// call evaluates a function call.
func (a *analyzer) call(name string, argNodes []parse.Node, final *val, dot val, vars *[]variable) val {
	var args []val
	for _, n := range argNodes {
		args = append(args, a.expr(n, dot, vars))
	}
	if final != nil {
		args = append(args, *final)
	}
	switch name {
	case "cached":
		// cached NAME DOT KEY...: the template NAME run on DOT; its output depends on what
		// that template reads, as if it were called with {{template NAME DOT}}.
		if len(argNodes) >= 2 {
			if s, ok := argNodes[0].(*parse.StringNode); ok {
				a.template(s.Text, args[1])
				for _, k := range args[2:] {
					a.arg(k)
				}
				return val{typ: reflect.TypeFor[template.HTML]()}
			}
		}
		a.fail("cached needs a template name and a dot")
		return val{}
	case "and", "or":
		var out val
		for _, x := range args {
			a.truth(x)
			out = a.union(out, x)
		}
		if len(out.cands) > 0 {
			out.alsoDerived, out.typ = true, nil // may be a constant argument; a field of it fails
		}
		return out
	case "not":
		for _, x := range args {
			a.truth(x)
		}
		return val{typ: reflect.TypeFor[bool]()}
	case "len":
		for _, x := range args {
			for _, c := range x.cands {
				if a.isPlain(c.typ) {
					c.leaf = true
				} else {
					c.length = true
				}
			}
		}
		return val{typ: reflect.TypeFor[int]()}
	case "index":
		return a.index(args)
	case "slice":
		if len(args) == 0 {
			return val{}
		}
		if !a.argsPlain(args[1:]) {
			a.fail("slice with indexes made of pointers")
		}
		x := args[0]
		for _, c := range x.cands {
			if a.isPlain(c.typ) {
				c.leaf = true
				return val{typ: c.typ}
			}
		}
		return x
	case "eq", "ne", "lt", "le", "gt", "ge", "print", "printf", "println", "html", "js", "urlquery":
		if !a.argsPlain(args) {
			a.fail("%s of a value made of pointers", name)
		}
		if strings.HasPrefix(name, "print") || name == "html" || name == "js" || name == "urlquery" {
			return val{typ: reflect.TypeFor[string]()}
		}
		return val{typ: reflect.TypeFor[bool]()}
	case "first":
		if fv, ok := a.funcs[name]; ok && len(args) == 2 {
			if x := args[1]; args[0].lit != nil && len(x.cands) == 1 && !x.alsoDerived {
				// first N of a list with N constant: the node of the first N elements.
				ft := fv.Type()
				v, ok := a.callNode(fv, name, args, func(i int) reflect.Type { return paramType(ft, i) }, x.cands[0].typ)
				if ok {
					return v
				}
			}
			a.arg(args[0]) // else it depends on at most all of the list
			return args[1]
		}
	}
	fv, ok := a.funcs[name]
	if !ok {
		a.fail("unknown function %s", name)
		return val{}
	}
	ft := fv.Type()
	out := reflect.Type(nil)
	if ft.NumOut() > 0 {
		out = ft.Out(0)
	}
	if a.argsPlain(args) {
		return val{typ: out, call: &callExpr{name: name, fn: fv, args: args}}
	}
	// A value made of pointers: call the function again when fingerprinting.
	v, ok := a.callNode(fv, name, args, func(i int) reflect.Type { return paramType(ft, i) }, out)
	if !ok {
		a.fail("calls %s with arguments it cannot follow", name)
	}
	return v
}

// index is the builtin index: every element is read, whichever the index.
func (a *analyzer) index(args []val) val {
	if len(args) == 0 {
		return val{}
	}
	if !a.argsPlain(args[1:]) {
		a.fail("index with keys made of pointers")
	}
	x := args[0]
	if x.derived() {
		t := x.typ
		for range args[1:] {
			t = elemType(t)
		}
		return val{typ: t}
	}
	var out val
	for _, c := range x.cands {
		cur := c
		for range args[1:] {
			switch indirect(cur.typ).Kind() {
			case reflect.Slice, reflect.Array, reflect.Map:
				cur = a.elems(cur)
			default:
				a.fail("index of %s", cur.path)
				return val{}
			}
		}
		out.cands = append(out.cands, cur)
	}
	return out
}

// callNode makes the node of a call (of fn, or of the method name on args[0] when fn is not
// valid) whose arguments are constants, single nodes, or calls of such; ok is false otherwise.
// The node hangs under the deepest node among the arguments; the others are found from a common
// ancestor by single-valued steps.
func (a *analyzer) callNode(fn reflect.Value, name string, args []val, param func(int) reflect.Type, out reflect.Type) (val, bool) {
	var at *dep
	var find func(x val) bool
	find = func(x val) bool {
		switch {
		case len(x.cands) > 1 || x.alsoDerived:
			return false
		case len(x.cands) == 1:
			n := x.cands[0]
			if at == nil || n.depth > at.depth || n.depth == at.depth && inSite(at) && !inSite(n) {
				at = n
			}
		case x.call != nil:
			for _, y := range x.call.args {
				if !find(y) {
					return false
				}
			}
		case x.lit == nil:
			return false
		}
		return true
	}
	for _, x := range args {
		if !find(x) {
			return val{}, false
		}
	}
	if at == nil {
		return val{}, false
	}
	refs, keys, ok := a.refs(at, args, param)
	if !ok {
		return val{}, false
	}
	key := "call " + name + "(" + keys + ")"
	c := at.child(key, func() *dep {
		d := &dep{kind: stCall, name: name, fn: fn, args: refs, typ: out}
		if fn.IsValid() {
			d.absFn, _ = fn.Interface().(func(*site.Site, string) string)
		}
		return d
	})
	return val{cands: []*dep{c}}, true
}

// refs locates the arguments args of a call hung under at.
func (a *analyzer) refs(at *dep, args []val, param func(int) reflect.Type) ([]argRef, string, bool) {
	refs := make([]argRef, len(args))
	keys := make([]string, len(args))
	for i, x := range args {
		switch {
		case x.call != nil:
			ft := x.call.fn.Type()
			sub, key, ok := a.refs(at, x.call.args, func(i int) reflect.Type { return paramType(ft, i) })
			if !ok {
				return nil, "", false
			}
			refs[i] = argRef{fn: x.call.fn, args: sub}
			keys[i] = x.call.name + "(" + key + ")"
		case x.derived():
			refs[i].konst = a.constant(x.lit, param(i))
			keys[i] = fmt.Sprint(refs[i].konst)
		default:
			n := x.cands[0]
			anc := lca(n, at)
			var path []*dep
			for p := n; p != anc; p = p.parent {
				if p.kind == stElems || p.kind == stCall {
					return nil, "", false
				}
				path = append([]*dep{p}, path...)
			}
			refs[i] = argRef{anchor: anc, path: path}
			anc.anchor = true
			keys[i] = n.path
		}
	}
	return refs, strings.Join(keys, ", "), true
}

func inSite(d *dep) bool {
	for ; d != nil && d.parent != nil; d = d.parent {
		if d.parent.kind == stRoot && d.name == "Site" {
			return true
		}
	}
	return false
}

func lca(x, y *dep) *dep {
	for x.depth > y.depth {
		x = x.parent
	}
	for y.depth > x.depth {
		y = y.parent
	}
	for x != y {
		x, y = x.parent, y.parent
	}
	return x
}

// constant converts a literal to the type of the parameter it is passed to, as text/template does.
func (a *analyzer) constant(lit parse.Node, t reflect.Type) reflect.Value {
	var v reflect.Value
	switch n := lit.(type) {
	case *parse.StringNode:
		v = reflect.ValueOf(n.Text)
	case *parse.BoolNode:
		v = reflect.ValueOf(n.True)
	case *parse.NumberNode:
		switch {
		case t != nil && t.Kind() >= reflect.Int && t.Kind() <= reflect.Int64 && n.IsInt:
			v = reflect.ValueOf(n.Int64)
		case t != nil && t.Kind() >= reflect.Uint && t.Kind() <= reflect.Uintptr && n.IsUint:
			v = reflect.ValueOf(n.Uint64)
		case n.IsInt && (t == nil || t.Kind() == reflect.Interface):
			v = reflect.ValueOf(int(n.Int64))
		case n.IsFloat:
			v = reflect.ValueOf(n.Float64)
		}
	case *parse.NilNode:
		if t != nil {
			return reflect.Zero(t)
		}
	}
	if !v.IsValid() || t == nil {
		a.fail("constant %v for %v", lit, t)
		return v
	}
	if t.Kind() != reflect.Interface && v.Type() != t {
		if !v.CanConvert(t) {
			a.fail("constant %v for %v", lit, t)
			return v
		}
		v = v.Convert(t)
	}
	return v
}

func paramType(ft reflect.Type, i int) reflect.Type {
	if ft.IsVariadic() && i >= ft.NumIn()-1 {
		return ft.In(ft.NumIn() - 1).Elem()
	}
	if i < ft.NumIn() {
		return ft.In(i)
	}
	return nil
}

// lookupMethod finds a method as text/template does: on the pointer when the value is
// addressable, so on *T as well as T.
func lookupMethod(t reflect.Type, name string) (reflect.Method, bool) {
	if t == nil || t.Kind() == reflect.Interface {
		return reflect.Method{}, false
	}
	if t.Kind() != reflect.Pointer {
		if m, ok := reflect.PointerTo(t).MethodByName(name); ok {
			return m, true
		}
	}
	return t.MethodByName(name)
}

func methodIndexes(t reflect.Type, name string) (val, ptr int) {
	val, ptr = -1, -1
	if m, ok := t.MethodByName(name); ok {
		val = m.Index
	}
	if t.Kind() != reflect.Pointer {
		if m, ok := reflect.PointerTo(t).MethodByName(name); ok {
			ptr = m.Index
		}
	}
	return val, ptr
}

func lookupField(t reflect.Type, name string) (reflect.Type, bool) {
	it := indirect(t)
	if it == nil {
		return nil, false
	}
	switch it.Kind() {
	case reflect.Struct:
		if f, ok := it.FieldByName(name); ok && f.IsExported() {
			return f.Type, true
		}
	case reflect.Map:
		return it.Elem(), true
	}
	return nil, false
}

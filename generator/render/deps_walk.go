package render

import (
	"fmt"
	"reflect"
	"text/template/parse"
)

// This file is the analysis of pipelines: commands, fields and methods.

// pipe evaluates a pipeline and declares (or assigns) its variables.
func (a *analyzer) pipe(p *parse.PipeNode, dot val, vars *[]variable) val {
	var (
		v     val
		final *val
	)
	for _, c := range p.Cmds {
		v = a.command(c, dot, vars, final)
		prev := v
		final = &prev
	}
	for _, d := range p.Decl {
		name := d.Ident[0]
		if !p.IsAssign {
			*vars = append(*vars, variable{name, v})
			continue
		}
		for i := len(*vars) - 1; i >= 0; i-- {
			if (*vars)[i].name == name {
				(*vars)[i].v = a.union((*vars)[i].v, v)
				break
			}
		}
	}
	return v
}

// union is a variable assigned in a branch: it may hold either value.
func (a *analyzer) union(x, y val) val {
	if x.derived() && y.derived() {
		if x.typ != y.typ {
			return val{}
		}
		return x
	}
	out := val{cands: append(append([]*dep(nil), x.cands...), y.cands...), typ: x.typ}
	out.alsoDerived = x.derived() || y.derived() || x.alsoDerived || y.alsoDerived
	if y.derived() {
		out.typ = y.typ
	}
	return out
}

func (a *analyzer) command(c *parse.CommandNode, dot val, vars *[]variable, final *val) val {
	args := c.Args[1:]
	switch n := c.Args[0].(type) {
	case *parse.FieldNode:
		return a.chain(dot, n.Ident, args, final, dot, vars)
	case *parse.ChainNode:
		return a.chain(a.expr(n.Node, dot, vars), n.Field, args, final, dot, vars)
	case *parse.IdentifierNode:
		return a.call(n.Ident, args, final, dot, vars)
	case *parse.VariableNode:
		v := a.lookup(n.Ident[0], vars)
		if len(n.Ident) > 1 {
			return a.chain(v, n.Ident[1:], args, final, dot, vars)
		}
	}
	if len(args) > 0 || final != nil {
		a.fail("arguments to %s, which is not a function", c.Args[0])
	}
	return a.expr(c.Args[0], dot, vars)
}

// expr evaluates an argument.
func (a *analyzer) expr(n parse.Node, dot val, vars *[]variable) val {
	switch n := n.(type) {
	case *parse.DotNode:
		return dot
	case *parse.FieldNode:
		return a.chain(dot, n.Ident, nil, nil, dot, vars)
	case *parse.ChainNode:
		return a.chain(a.expr(n.Node, dot, vars), n.Field, nil, nil, dot, vars)
	case *parse.VariableNode:
		v := a.lookup(n.Ident[0], vars)
		if len(n.Ident) > 1 {
			return a.chain(v, n.Ident[1:], nil, nil, dot, vars)
		}
		return v
	case *parse.PipeNode:
		return a.pipe(n, dot, vars)
	case *parse.IdentifierNode:
		return a.call(n.Ident, nil, nil, dot, vars)
	case *parse.StringNode:
		return val{lit: n, typ: reflect.TypeFor[string]()}
	case *parse.BoolNode:
		return val{lit: n, typ: reflect.TypeFor[bool]()}
	case *parse.NumberNode:
		if n.IsInt {
			return val{lit: n, typ: reflect.TypeFor[int]()}
		}
		return val{lit: n, typ: reflect.TypeFor[float64]()}
	case *parse.NilNode:
		return val{lit: n}
	}
	a.fail("unsupported expression %s", n)
	return val{}
}

func (a *analyzer) lookup(name string, vars *[]variable) val {
	for i := len(*vars) - 1; i >= 0; i-- {
		if (*vars)[i].name == name {
			return (*vars)[i].v
		}
	}
	a.fail("undefined variable %s", name)
	return val{}
}

// chain evaluates .A.B.C on recv; only the last name takes the arguments.
func (a *analyzer) chain(recv val, names []string, args []parse.Node, final *val, dot val, vars *[]variable) val {
	for i, name := range names {
		var av []val
		if i == len(names)-1 {
			for _, n := range args {
				av = append(av, a.expr(n, dot, vars))
			}
			if final != nil {
				av = append(av, *final)
			}
		}
		recv = a.field(recv, name, av)
	}
	return recv
}

// field evaluates the field, map key or method name of v, as text/template looks them up.
func (a *analyzer) field(v val, name string, args []val) val {
	var out val
	if v.derived() || v.alsoDerived {
		t := v.typ
		if m, ok := lookupMethod(t, name); ok {
			for _, x := range args {
				if !a.arg(x) {
					a.fail("passes a value made of pointers to method %s of a computed value", name)
				}
			}
			out.typ = m.Type.Out(0)
		} else if ft, ok := lookupField(t, name); ok && len(args) == 0 {
			out.typ = ft
		} else {
			a.fail("reads %s of a computed value of type %v", name, t)
			return val{}
		}
		if v.derived() {
			return out
		}
		out.alsoDerived = true
	}
	for _, c := range v.cands {
		x := a.fieldOf(c, name, args)
		if x.derived() {
			if len(v.cands) > 1 || out.alsoDerived {
				a.fail("%s of values of different kinds", name)
			}
			return x
		}
		out.cands = append(out.cands, x.cands...)
	}
	return out
}

func (a *analyzer) fieldOf(c *dep, name string, args []val) val {
	t := c.typ
	if m, ok := lookupMethod(t, name); ok {
		out := m.Type.Out(0)
		if a.isPlain(t) {
			// A plain value's method depends on the value: hash it, and the arguments.
			c.leaf = true
			if !a.argsPlain(args) {
				a.fail("passes a value made of pointers to %s.%s", t, name)
			}
			return val{typ: out}
		}
		var consts []reflect.Value
		for i, x := range args {
			if x.lit == nil {
				rv, ok := a.callNode(reflect.Value{}, name, append([]val{{cands: []*dep{c}}}, args...),
					func(i int) reflect.Type { return paramType(m.Type, i) }, out)
				if !ok {
					a.fail("calls %s.%s with arguments it cannot follow", c.path, name)
				}
				return rv
			}
			consts = append(consts, a.constant(x.lit, paramType(m.Type, i+1)))
		}
		mv, mp := methodIndexes(t, name)
		key := name + fmt.Sprint(consts)
		n := c.child(key, func() *dep {
			return &dep{kind: stMethod, name: name, typ: out, consts: consts, mval: mv, mptr: mp}
		})
		return val{cands: []*dep{n}}
	}
	if len(args) > 0 {
		a.fail("arguments to field %s", name)
	}
	it := indirect(t)
	switch {
	case it != nil && it.Kind() == reflect.Struct:
		f, ok := it.FieldByName(name)
		if !ok || !f.IsExported() {
			break
		}
		n := c.child(name, func() *dep { return &dep{kind: stField, name: name, typ: f.Type, index: f.Index} })
		return val{cands: []*dep{n}}
	case it != nil && it.Kind() == reflect.Map && reflect.TypeFor[string]().AssignableTo(it.Key()):
		n := c.child("["+name+"]", func() *dep {
			return &dep{kind: stField, name: name, typ: it.Elem(), mapKey: reflect.ValueOf(name).Convert(it.Key())}
		})
		return val{cands: []*dep{n}}
	}
	a.fail("reads %s of %s (type %v)", name, c.path, t)
	return val{}
}

package render

import (
	"encoding/binary"
	"fmt"
	"github.com/cespare/xxhash/v2"
	"hash/fnv"
	"math"
	"reflect"
	"runtime"
	"sync"
	"time"

	"gongshi/generator/site"
)

// This file takes the fingerprints of pages: the hash of every value their templates read.

var timeType = reflect.TypeFor[time.Time]()

// maxDepth bounds the hashing of a value: deeper (or cyclic) values are not fingerprinted.
const maxDepth = 48

// Fingerprints returns a fingerprint of each job: two pages of the same path whose fingerprints
// are equal have the same bytes. The hash does not depend on the process (xxhash, no seed), so
// a fingerprint may be kept between runs of the same program. Zero means "no fingerprint": the page
// must be rendered (its template is volatile, or a value could not be hashed). salt is mixed into
// every fingerprint: the hash of whatever else the templates depend on (the interface strings).
//
// Fingerprints is not safe for concurrent use with itself; it uses all cores.
func (d *Deps) Fingerprints(jobs []Job, salt uint64) ([]uint64, error) {
	tds := make([]*tmplDeps, len(jobs))
	memo := map[*dep]memoEntry{}
	for i, j := range jobs {
		td, err := d.of(j.j.lang(), j.j.template)
		if err != nil {
			return nil, err
		}
		tds[i] = td
		if site := td.root.byKey["Site"]; site != nil && site.memo && len(td.volatile) == 0 {
			if _, done := memo[site]; !done {
				e := newEvaluator(nil)
				memo[site] = e.memo(site, reflect.ValueOf(j.j.data()))
			}
		}
	}
	fps := make([]uint64, len(jobs))
	procs := runtime.GOMAXPROCS(0)
	chunk := (len(jobs) + procs - 1) / procs
	var wg sync.WaitGroup
	for lo := 0; lo < len(jobs); lo += chunk {
		hi := min(lo+chunk, len(jobs))
		wg.Add(1)
		go func() {
			defer wg.Done()
			e := newEvaluator(memo)
			for i := lo; i < hi; i++ {
				if len(tds[i].volatile) == 0 {
					fps[i] = e.page(tds[i], salt, jobs[i].j.data())
				}
			}
		}()
	}
	wg.Wait()
	return fps, nil
}

// elemKey is an element, by pointer, at a node.
type elemKey struct {
	k   *dep
	ptr uintptr
}

type memoEntry struct {
	ptr uintptr
	sum uint64
	bad bool
}

type evaluator struct {
	memos    map[*dep]memoEntry
	elemSums map[elemKey]memoEntry // elements of elemMemo nodes hashed so far
	buf      []byte
	stack    []reflect.Value
	bad      bool
}

func newEvaluator(memos map[*dep]memoEntry) *evaluator {
	return &evaluator{memos: memos, elemSums: map[elemKey]memoEntry{}, buf: make([]byte, 0, 4096), stack: make([]reflect.Value, 16)}
}

// page returns the fingerprint of one page.
func (e *evaluator) page(td *tmplDeps, salt uint64, p *Page) (fp uint64) {
	e.buf, e.bad = e.buf[:0], false
	defer func() {
		if recover() != nil {
			fp = 0 // the template fails on this page too: render it, and report the error
		}
	}()
	e.u64(td.hash)
	e.u64(salt)
	e.node(td.root, reflect.ValueOf(p))
	if e.bad {
		return 0
	}
	return max(xxhash.Sum64(e.buf), 1)
}

// memo hashes the subtree site of a root once, for all pages that share the value.
func (e *evaluator) memo(site *dep, root reflect.Value) (m memoEntry) {
	defer func() {
		if recover() != nil {
			m = memoEntry{bad: true}
		}
	}()
	v := e.step(site, root)
	e.node(site, v)
	m = memoEntry{sum: xxhash.Sum64(e.buf), bad: e.bad}
	if v.Kind() == reflect.Pointer {
		m.ptr = v.Pointer()
	}
	return m
}

func (e *evaluator) node(d *dep, v reflect.Value) {
	if d.anchor {
		for d.depth >= len(e.stack) {
			e.stack = append(e.stack, reflect.Value{})
		}
		e.stack[d.depth] = v
	}
	if !v.IsValid() {
		e.buf = append(e.buf, 0)
		return
	}
	e.buf = append(e.buf, 1)
	if d.leaf {
		e.value(v, 0)
	}
	if d.truth {
		e.bool(truth(v))
	}
	if d.length {
		for v.Kind() == reflect.Interface && !v.IsNil() {
			v = v.Elem()
		}
		switch v.Kind() {
		case reflect.Array, reflect.Chan, reflect.Map, reflect.Slice, reflect.String:
			e.u64(uint64(v.Len()))
		default:
			e.bad = true
		}
	}
	// Below a nil pointer, a template can only fail or call a method on the nil receiver: the
	// same result every time, unless the method takes arguments from elsewhere (a call).
	isNil := (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) && v.IsNil()
	for _, k := range d.kids {
		switch {
		case k.kind == stCall:
			e.call(k, v)
		case isNil:
		case k.kind == stElems:
			e.elems(k, v)
		case k.memo:
			cv := e.step(k, v)
			if m, ok := e.memos[k]; ok && cv.Kind() == reflect.Pointer && cv.Pointer() == m.ptr {
				e.bad = e.bad || m.bad
				e.u64(m.sum)
				continue
			}
			e.node(k, cv)
		default:
			e.node(k, e.step(k, v))
		}
	}
}

// call evaluates a call node; a panic (the template would fail the same way) is hashed.
func (e *evaluator) call(k *dep, v reflect.Value) {
	mark := len(e.buf)
	defer func() {
		if recover() != nil {
			e.buf = append(e.buf[:mark], 2)
		}
	}()
	e.node(k, e.step(k, v))
}

func (e *evaluator) elems(k *dep, v reflect.Value) {
	v = indirectValue(v)
	switch v.Kind() {
	case reflect.Slice, reflect.Array:
		e.u64(uint64(v.Len()))
		for i := range v.Len() {
			ev := v.Index(i)
			if !k.elemMemo {
				e.node(k, ev)
				continue
			}
			// Every element of a memoised node is written as the hash of its bytes, so that
			// a hashed element and one taken from the memo write the same.
			key := elemKey{k, 0}
			if ev.Kind() == reflect.Pointer && !ev.IsNil() {
				key.ptr = ev.Pointer()
				if m, ok := e.elemSums[key]; ok {
					e.bad = e.bad || m.bad
					e.u64(m.sum)
					continue
				}
			}
			mark, bad := len(e.buf), e.bad
			e.bad = false
			e.node(k, ev)
			m := memoEntry{sum: xxhash.Sum64(e.buf[mark:]), bad: e.bad}
			e.buf, e.bad = e.buf[:mark], bad || e.bad
			e.u64(m.sum)
			if key.ptr != 0 {
				e.elemSums[key] = m
			}
		}
	case reflect.Map:
		e.u64(uint64(v.Len()))
		var sum uint64
		it := v.MapRange()
		for it.Next() {
			mark := len(e.buf)
			e.value(it.Key(), 0)
			e.node(k, it.Value())
			sum += xxhash.Sum64(e.buf[mark:])
			e.buf = e.buf[:mark]
		}
		e.u64(sum)
	case reflect.Invalid:
		e.buf = append(e.buf, 0)
	default:
		e.bad = true
	}
}

// step evaluates the step of node k on v, its parent's value; invalid when v is nil.
func (e *evaluator) step(k *dep, v reflect.Value) reflect.Value {
	switch k.kind {
	case stField:
		v = indirectValue(v)
		if k.mapKey.IsValid() {
			if v.Kind() != reflect.Map {
				return reflect.Value{}
			}
			if r := v.MapIndex(k.mapKey); r.IsValid() {
				return r
			}
			return reflect.Zero(v.Type().Elem())
		}
		if v.Kind() != reflect.Struct {
			return reflect.Value{}
		}
		for i, x := range k.index {
			if i > 0 {
				if v = indirectValue(v); v.Kind() != reflect.Struct {
					return reflect.Value{}
				}
			}
			v = v.Field(x)
		}
		return v
	case stMethod:
		return e.result(methodOf(v, k.mval, k.mptr).Call(k.consts))
	case stCall:
		args := make([]reflect.Value, len(k.args))
		for i, r := range k.args {
			args[i] = e.ref(r)
		}
		if k.absFn != nil && args[0].IsValid() && args[1].IsValid() {
			s, _ := args[0].Interface().(*site.Site)
			return reflect.ValueOf(k.absFn(s, args[1].String()))
		}
		f := k.fn
		if !f.IsValid() {
			if !args[0].IsValid() {
				return reflect.Value{}
			}
			f, args = args[0].MethodByName(k.name), args[1:]
		}
		return e.invoke(f, args)
	}
	return reflect.Value{}
}

// invoke calls f with args converted to its parameters, as text/template does.
func (e *evaluator) invoke(f reflect.Value, args []reflect.Value) reflect.Value {
	ft := f.Type()
	for i, a := range args {
		p := paramType(ft, i)
		switch {
		case !a.IsValid():
			args[i] = reflect.Zero(p)
		case !a.Type().AssignableTo(p) && a.CanConvert(p):
			args[i] = a.Convert(p)
		}
	}
	return e.result(f.Call(args))
}

func (e *evaluator) ref(r argRef) reflect.Value {
	if r.fn.IsValid() {
		args := make([]reflect.Value, len(r.args))
		for i, x := range r.args {
			args[i] = e.ref(x)
		}
		return e.invoke(r.fn, args)
	}
	if r.anchor == nil {
		return r.konst
	}
	v := e.stack[r.anchor.depth]
	for _, p := range r.path {
		v = e.step(p, v)
	}
	return v
}

// result is a call's value; an error is hashed (the page fails the same way, or not).
func (e *evaluator) result(out []reflect.Value) reflect.Value {
	if len(out) == 2 && !out[1].IsNil() {
		e.str(fmt.Sprint(out[1].Interface()))
		return reflect.Value{}
	}
	return out[0]
}

// methodOf returns the method as text/template finds it: on the pointer if the value is
// addressable.
func methodOf(v reflect.Value, mval, mptr int) reflect.Value {
	switch {
	case !v.IsValid():
		panic("method of a nil value")
	case v.Kind() == reflect.Pointer && mval >= 0:
		return v.Method(mval)
	case v.Kind() != reflect.Pointer && v.CanAddr() && mptr >= 0:
		return v.Addr().Method(mptr)
	case mval >= 0:
		return v.Method(mval)
	}
	panic("no such method")
}

func indirectValue(v reflect.Value) reflect.Value {
	for v.IsValid() && (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) {
		if v.IsNil() {
			return reflect.Value{}
		}
		v = v.Elem()
	}
	return v
}

// truth is text/template's truth of a value (of what an interface holds).
func truth(v reflect.Value) bool {
	for v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() > 0
	case reflect.Bool:
		return v.Bool()
	case reflect.Complex64, reflect.Complex128:
		return v.Complex() != 0
	case reflect.Chan, reflect.Func, reflect.Pointer, reflect.UnsafePointer, reflect.Interface:
		return !v.IsNil()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() != 0
	case reflect.Float32, reflect.Float64:
		return v.Float() != 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint() != 0
	}
	return true
}

// value hashes all of v, following pointers and interfaces to maxDepth.
func (e *evaluator) value(v reflect.Value, depth int) {
	if depth > maxDepth {
		e.bad = true
		return
	}
	switch v.Kind() {
	case reflect.Invalid:
		e.buf = append(e.buf, 0)
	case reflect.Bool:
		e.bool(v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		e.u64(uint64(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		e.u64(v.Uint())
	case reflect.Float32, reflect.Float64:
		e.u64(math.Float64bits(v.Float()))
	case reflect.Complex64, reflect.Complex128:
		c := v.Complex()
		e.u64(math.Float64bits(real(c)))
		e.u64(math.Float64bits(imag(c)))
	case reflect.String:
		e.str(v.String())
	case reflect.Struct:
		if v.Type() == timeType {
			if !v.CanInterface() {
				e.bad = true
				return
			}
			t := v.Interface().(time.Time)
			e.u64(uint64(t.Unix()))
			e.u64(uint64(t.Nanosecond()))
			e.str(t.Location().String())
			return
		}
		for i := range v.NumField() {
			e.value(v.Field(i), depth+1)
		}
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			e.buf = append(e.buf, 0)
			return
		}
		e.buf = append(e.buf, 1)
		if v.Kind() == reflect.Interface {
			e.str(v.Elem().Type().String())
		}
		e.value(v.Elem(), depth+1)
	case reflect.Slice, reflect.Array:
		e.u64(uint64(v.Len()))
		if v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 {
			e.buf = append(e.buf, v.Bytes()...)
			return
		}
		for i := range v.Len() {
			e.value(v.Index(i), depth+1)
		}
	case reflect.Map:
		e.u64(uint64(v.Len()))
		var sum uint64
		it := v.MapRange()
		for it.Next() {
			mark := len(e.buf)
			e.value(it.Key(), depth+1)
			e.value(it.Value(), depth+1)
			sum += xxhash.Sum64(e.buf[mark:])
			e.buf = e.buf[:mark]
		}
		e.u64(sum)
	default:
		e.bad = true
	}
}

func (e *evaluator) u64(x uint64) { e.buf = binary.LittleEndian.AppendUint64(e.buf, x) }

// str writes a string: its length and its bytes, or, for a long one, its hash (copying the
// texts of every case into the buffer was most of the time of fingerprinting a site).
func (e *evaluator) str(s string) {
	e.u64(uint64(len(s)))
	if len(s) > longString {
		e.u64(xxhash.Sum64String(s))
		return
	}
	e.buf = append(e.buf, s...)
}

// longString is the length above which str writes a string's hash instead of its bytes.
const longString = 64

func (e *evaluator) bool(b bool) {
	if b {
		e.buf = append(e.buf, 1)
	} else {
		e.buf = append(e.buf, 0)
	}
}

func stringHash(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

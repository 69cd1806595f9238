package meetings

import (
	"reflect"

	"gongshi/generator/config"
	"gongshi/generator/schedule"
	"gongshi/generator/source"
)

// Cache keeps the decoded front matter of the files of the last Load, for a builder that loads
// the same content again and again (the dev server, issue 7): decoding TOML is most of the time
// of a Load, and an edit changes one file. A file's front matter is decoded again when its name,
// its text or its first line changed; otherwise the values (deep copies: a Load may change what
// it decoded) and problems are those of the last decode, which depend on nothing else. A Cache
// is used by one Load at a time.
type Cache struct {
	last, next map[decodeKey]decoded
	// Each file cut into front matter and body (split), by its name and text.
	lastSplit, nextSplit map[splitKey]split1
	// The problems of each hall's schedule (schedule.Validate), by its front matter, which is
	// all they depend on.
	lastVal, nextVal map[string][]schedule.Problem
}

type decodeKey struct {
	file, meta string
	line       int
	typ        reflect.Type
}

type decoded struct {
	v    reflect.Value // the value decoded into, not a pointer
	errs source.List
	ok   bool
}

// decode is doc.decode through the cache.
func (c *Cache) decode(d *doc, v any, errs *source.List) bool {
	dst := reflect.ValueOf(v).Elem()
	k := decodeKey{d.file, d.meta, d.metaLine, dst.Type()}
	r, hit := c.last[k]
	if !hit {
		r, hit = c.next[k]
	}
	if !hit {
		_, e, ok := config.DecodeTOML(d.file, d.meta, d.metaLine, v)
		r = decoded{v: deepCopy(dst), errs: append(source.List(nil), e...), ok: ok}
	} else {
		dst.Set(deepCopy(r.v))
	}
	if c.next == nil {
		c.next = map[decodeKey]decoded{}
	}
	c.next[k] = r
	errs.Append(r.errs)
	return r.ok
}

// swap keeps what this Load split, decoded and validated, and forgets files it did not read.
func (c *Cache) swap() {
	c.last, c.next, c.lastVal, c.nextVal = c.next, nil, c.nextVal, nil
	c.lastSplit, c.nextSplit = c.nextSplit, nil
}

type splitKey struct {
	file, text string
	tomlOnly   bool
}

type split1 struct {
	d    *doc // never returned itself: a Load sets its cache
	errs source.List
}

// split is split through the cache (a nil Cache splits every time): a copy of the doc of the
// same file and text, whose key lines are shared (not to be changed), and its problems.
func (c *Cache) split(file, text string, tomlOnly bool) (*doc, source.List) {
	if c == nil {
		return split(file, text, tomlOnly)
	}
	k := splitKey{file, text, tomlOnly}
	r, hit := c.lastSplit[k]
	if !hit {
		r, hit = c.nextSplit[k]
	}
	if !hit {
		r.d, r.errs = split(file, text, tomlOnly)
	}
	if c.nextSplit == nil {
		c.nextSplit = map[splitKey]split1{}
	}
	c.nextSplit[k] = r
	if r.d == nil {
		return nil, r.errs
	}
	d := *r.d
	return &d, r.errs
}

// validate is schedule.Validate of the sessions and rota of a hall decoded from d into sched,
// through the cache (a nil Cache validates every time). The problems are shared: not to be
// changed.
func (c *Cache) validate(d *doc, sched schedule.Schedule) []schedule.Problem {
	if c == nil {
		return schedule.Validate(sched, Kinds, Roles)
	}
	ps, hit := c.lastVal[d.meta]
	if !hit {
		ps, hit = c.nextVal[d.meta]
	}
	if !hit {
		ps = schedule.Validate(sched, Kinds, Roles)
	}
	if c.nextVal == nil {
		c.nextVal = map[string][]schedule.Problem{}
	}
	c.nextVal[d.meta] = ps
	return ps
}

// deepCopy copies v, with new backing arrays for every slice and map reachable through exported
// fields, slices and maps (values decoded from TOML hold no pointers of their own).
func deepCopy(v reflect.Value) reflect.Value {
	out := reflect.New(v.Type()).Elem()
	out.Set(v)
	switch v.Kind() {
	case reflect.Slice:
		if v.IsNil() {
			break
		}
		out.Set(reflect.MakeSlice(v.Type(), v.Len(), v.Len()))
		for i := range v.Len() {
			out.Index(i).Set(deepCopy(v.Index(i)))
		}
	case reflect.Map:
		if v.IsNil() {
			break
		}
		out.Set(reflect.MakeMapWithSize(v.Type(), v.Len()))
		for it := v.MapRange(); it.Next(); {
			out.SetMapIndex(it.Key(), deepCopy(it.Value()))
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if f := out.Field(i); f.CanSet() {
				f.Set(deepCopy(v.Field(i)))
			}
		}
	}
	return out
}

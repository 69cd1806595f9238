package render

import (
	"encoding/binary"
	"hash/maphash"
	"reflect"
	"time"
)

// This file lets a rebuild keep the fingerprints of case pages without taking them again, when
// the case exports, site.toml, the theme and the day are those of the last build: then what a
// case page shows of its case is the same, except what it shows of the case's meeting.
//
// A case page's data are its case and what the listing makes of the case, the site's
// configuration and the theme (casePage and the fields every page has); none of it comes from
// meetings, halls or pages but the case's Meeting and the site (whose values a template reads are
// hashed, the memo of $/Site). So when the template reads nothing else of the case than plain
// fields, the name, slug and URL of its category and community (from site.toml), the methods
// named in caseMethods, and anything of its meeting, the fingerprint of a case page is a
// function of the inputs that did not change and of its CaseKey: the hash of the site's memo
// and of what the template reads of the meeting. Calls (other than abs, whose result follows
// the base URL and the page's paths) could read anything: a template that makes one is not
// case-local, and its pages get no key.

// caseMethods are the methods of site.Case a case-local template may call: each reads only the
// case's own fields, its community's URL, its category's slug and whether it has a meeting,
// which is always hashed into the key.
var caseMethods = map[string]bool{"FacetURL": true, "Outcome": true, "ViaMeeting": true}

// caseFields are the fields of a case's category and community a case-local template may read:
// they come from site.toml.
var caseFields = map[string]bool{"Name": true, "Slug": true, "URL": true}

// CaseKeys returns, for each job, the key of a case page whose template is case-local (see
// above), or 0: equal keys of the same page, with the same case exports, site.toml, theme and
// day, mean equal fingerprints. It is not safe for concurrent use with Fingerprints.
func (d *Deps) CaseKeys(jobs []Job, seed maphash.Seed) ([]uint64, error) {
	keys := make([]uint64, len(jobs))
	type meetingKey struct {
		td  *tmplDeps
		ptr uintptr
	}
	sites := map[*tmplDeps]memoEntry{}
	meets := map[meetingKey]memoEntry{}
	local := map[*tmplDeps]bool{}
	var buf []byte
	for i, j := range jobs {
		p := j.Page()
		if p == nil || p.Case == nil {
			continue
		}
		td, err := d.of(p.Lang, j.Template())
		if err != nil {
			return nil, err
		}
		ok, seen := local[td]
		if !seen {
			ok = caseLocal(td)
			local[td] = ok
		}
		if !ok {
			continue
		}
		site, done := sites[td]
		if sd := td.root.byKey["Site"]; sd != nil && !done {
			site = newEvaluator(seed, nil).memo(sd, reflect.ValueOf(p))
			sites[td] = site
		}
		mv := reflect.ValueOf(p.Case.Meeting)
		mk := meetingKey{td, mv.Pointer()}
		meet, done := meets[mk]
		if !done {
			meet = meetingSum(td, seed, mv)
			meets[mk] = meet
		}
		if site.bad || meet.bad {
			continue
		}
		buf = binary.LittleEndian.AppendUint64(buf[:0], td.hash)
		buf = binary.LittleEndian.AppendUint64(buf, site.sum)
		buf = binary.LittleEndian.AppendUint64(buf, meet.sum)
		keys[i] = max(maphash.Bytes(seed, buf), 1)
	}
	return keys, nil
}

// meetingSum hashes whether a case has a meeting, and what the template reads of it.
func meetingSum(td *tmplDeps, seed maphash.Seed, mv reflect.Value) (m memoEntry) {
	defer func() {
		if recover() != nil {
			m = memoEntry{bad: true}
		}
	}()
	e := newEvaluator(seed, nil)
	e.bool(!mv.IsNil())
	if md := td.root.byKey["Case"].byKey["Meeting"]; md != nil {
		e.node(md, mv)
	}
	return memoEntry{sum: maphash.Bytes(seed, e.buf), bad: e.bad}
}

// caseLocal reports whether what td reads of a case page depends on the inputs of the case
// alone, but for the site and the case's meeting (see above).
func caseLocal(td *tmplDeps) bool {
	if len(td.volatile) > 0 {
		return false
	}
	for _, k := range td.root.kids {
		switch k.name {
		case "Site":
			if !k.memo {
				return false
			}
		case "Case":
			if !caseLocalCase(k) {
				return false
			}
		default: // the fields every page has, and those of casePage
			if !onlyAbs(k) {
				return false
			}
		}
	}
	return true
}

// caseLocalCase checks what a template reads of $/Case.
func caseLocalCase(c *dep) bool {
	for _, k := range c.kids {
		switch {
		case k.kind == stField && k.name == "Meeting":
			if hasCall(k) {
				return false
			}
		case k.kind == stField && (k.name == "Category" || k.name == "Community"):
			for _, f := range k.kids {
				if f.kind != stField || !caseFields[f.name] || len(f.kids) > 0 {
					return false
				}
			}
		case k.kind == stMethod:
			if !caseMethods[k.name] || len(k.kids) > 0 {
				return false
			}
		case k.kind == stField:
			if !plainType(k.typ) || len(k.kids) > 0 {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// onlyAbs reports whether the only calls under d are of abs.
func onlyAbs(d *dep) bool {
	if d.kind == stCall && d.absFn == nil {
		return false
	}
	for _, k := range d.kids {
		if !onlyAbs(k) {
			return false
		}
	}
	return true
}

// plainType reports whether t holds no reference to other values: a case's own field.
func plainType(t reflect.Type) bool {
	if t == reflect.TypeFor[time.Time]() {
		return true
	}
	switch t.Kind() {
	case reflect.Bool, reflect.String, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return true
	}
	return false
}

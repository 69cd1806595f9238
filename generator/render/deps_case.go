package render

import (
	"encoding/binary"
	"reflect"
	"runtime"
	"sync"
	"time"

	"github.com/cespare/xxhash/v2"

	"gongshi/generator/site"
	"gongshi/generator/theme"
)

// This file lets a rebuild keep the fingerprints of case pages and lists of cases (the pages of
// /cases/ and of the facets) without taking them again, when the case exports, site.toml, the
// theme and the day are those of the last build: then what such a page shows of its cases is
// the same, except what it shows of their meetings.
//
// The data of such a page (keyedPage) are its case or cases, a facet and a pager, and what the
// listing makes of them, the configuration and the theme (shellFields); none of it comes from
// meetings, halls or pages but each case's Meeting and the site (whose values a template reads
// are hashed: the memo of $/Site). So when the template reads nothing else of a case than plain
// fields, the name, slug and URL of its category and community (from site.toml), the methods
// named in caseMethods, and anything of its meeting, nothing else of a facet than what
// facetLocal allows, and no field of the page that keyedPage requires to be empty, the
// fingerprint of the page is a function of the inputs that did not change and of its key: the
// hash of the site's memo and of what the template reads of each case's meeting. Calls (other
// than abs, whose result follows the base URL and the page's paths) could read anything: a
// template that makes one is not case-local, and its pages get no key.

// caseMethods are the methods of site.Case a case-local template may call: each reads only the
// case's own fields, its community's URL, its category's slug and whether it has a meeting,
// which is always hashed into the key.
var caseMethods = map[string]bool{"FacetURL": true, "Outcome": true, "ViaMeeting": true}

// caseFields are the fields of a case's category and community a case-local template may read:
// they come from site.toml.
var caseFields = map[string]bool{"Name": true, "Slug": true, "URL": true}

// CaseKeys returns, for each job, the key of a case page or a list of cases (see above and
// caseLocal), or 0: equal keys of the same page, with the same case exports, site.toml, theme
// and day, mean equal fingerprints. The Page of a case page made on demand (Job.Page) is not
// made: its key is that of the same page made beforehand. It is not safe for concurrent use
// with Fingerprints.
func (d *Deps) CaseKeys(jobs []Job) ([]uint64, error) {
	// First the template of each page that may get a key, and the hash of the site of each
	// template, in order; then the keys, on all cores.
	tds := make([]*tmplDeps, len(jobs)) // nil: no key
	sites := map[*tmplDeps]memoEntry{}
	local := map[*tmplDeps]bool{}
	var (
		lastLang *theme.Lang // the language and template of the last page: most come in runs
		lastTmpl string
		td       *tmplDeps
	)
	for i, j := range jobs {
		p, lang, ok := keyable(j.j)
		if !ok {
			continue
		}
		if td == nil || lang != lastLang || j.j.template != lastTmpl {
			var err error
			if td, err = d.of(lang, j.j.template); err != nil {
				return nil, err
			}
			lastLang, lastTmpl = lang, j.j.template
		}
		ok, seen := local[td]
		if !seen {
			ok = caseLocal(td)
			local[td] = ok
		}
		if !ok {
			continue
		}
		tds[i] = td
		if _, done := sites[td]; !done {
			// A page made on demand (job.data: casePage, facetPage) is keyed without making
			// its Page: its case or cases are all the key reads of it, and keyedPage holds of
			// such a page (TestCaseKeysLazy). Its Page is made only to hash the site, once per
			// template.
			var ss memoEntry
			if sd := td.root.byKey["Site"]; sd != nil {
				if p == nil {
					p = j.j.data()
				}
				ss = newEvaluator(nil).memo(sd, reflect.ValueOf(p))
			}
			sites[td] = ss
		}
	}
	keys := make([]uint64, len(jobs))
	procs := runtime.GOMAXPROCS(0)
	chunk := max(1024, (len(jobs)+procs-1)/procs)
	var wg sync.WaitGroup
	for lo := 0; lo < len(jobs); lo += chunk {
		wg.Go(func() {
			k := caseKeyer{meets: map[meetingKey]memoEntry{}, e: newEvaluator(nil)}
			for i := lo; i < min(lo+chunk, len(jobs)); i++ {
				if td := tds[i]; td != nil {
					keys[i] = k.key(jobs[i].j, td, sites[td])
				}
			}
		})
	}
	wg.Wait()
	return keys, nil
}

// keyable returns, for a page that may get a key, its Page if it has one made beforehand (nil
// for a page made on demand), its language and true.
func keyable(j job) (*Page, *theme.Lang, bool) {
	switch {
	case j.page != nil:
		return j.page, j.page.Lang, keyedPage(j.page)
	case j.kase != nil, j.facet != nil:
		return nil, j.in.l, true
	}
	return nil, nil, false
}

// meetingKey is a case's meeting, by pointer, at a case's node of a template.
type meetingKey struct {
	c   *dep
	ptr uintptr
}

// caseKeyer makes the keys of CaseKeys on one goroutine.
type caseKeyer struct {
	meets  map[meetingKey]memoEntry
	e      *evaluator // for meetingSum
	buf    []byte
	none   memoEntry // the entry of meets of no meeting at noneAt, when noneOK
	noneAt *dep
	noneOK bool
}

// key returns the key of j, whose template td is caseLocal and whose site hashes to ss, or 0.
func (k *caseKeyer) key(j job, td *tmplDeps, ss memoEntry) uint64 {
	kase, list := j.kase, []*site.Case(nil)
	switch {
	case j.page != nil:
		kase, list = j.page.Case, j.page.Cases
	case j.facet != nil:
		// a page of a facet's list: its cases are those facetPage gives it
		f, n := j.facet, j.num
		list = f.Cases[(n-1)*site.PerPage : min(n*site.PerPage, len(f.Cases))]
	}
	bad := ss.bad
	k.buf = binary.LittleEndian.AppendUint64(k.buf[:0], td.hash)
	k.buf = binary.LittleEndian.AppendUint64(k.buf, ss.sum)
	if kase != nil {
		bad = k.add(td.root.byKey["Case"], kase) || bad
	}
	k.buf = binary.LittleEndian.AppendUint64(k.buf, uint64(len(list)))
	var elem *dep
	if cs := td.root.byKey["Cases"]; cs != nil {
		elem = cs.byKey["[*]"]
	}
	for _, c := range list {
		if c == nil {
			return 0
		}
		bad = k.add(elem, c) || bad
	}
	if bad {
		return 0
	}
	return max(xxhash.Sum64(k.buf), 1)
}

// add hashes what the template reads of kase's meeting at the case's node c, and reports
// whether it could not.
func (k *caseKeyer) add(c *dep, kase *site.Case) (bad bool) {
	if kase.Meeting == nil && c == k.noneAt && k.noneOK {
		// Most cases have no meeting: what they hash to is known without a look-up.
		k.buf = binary.LittleEndian.AppendUint64(k.buf, k.none.sum)
		return k.none.bad
	}
	mv := reflect.ValueOf(kase.Meeting)
	mk := meetingKey{c, mv.Pointer()}
	meet, done := k.meets[mk]
	if !done {
		meet = meetingSum(k.e, c, mv)
		k.meets[mk] = meet
	}
	if kase.Meeting == nil {
		k.none, k.noneAt, k.noneOK = meet, c, true
	}
	k.buf = binary.LittleEndian.AppendUint64(k.buf, meet.sum)
	return meet.bad
}

// keyedPage reports whether p is a case page or a list of cases with none of the values that
// follow meetings, halls or pages: only those get a key.
func keyedPage(p *Page) bool {
	return (p.Case != nil || p.Cases != nil) && p.Meeting == nil && p.Hall == nil && p.Community == nil &&
		p.Category == nil && p.Free == nil && len(p.Agenda) == 0 && p.Month == nil && p.Family == nil &&
		len(p.Charts) == 0 && len(p.Measures) == 0
}

// meetingSum hashes whether a case has a meeting, and what the template reads of it below the
// case's node c (nil: the template reads nothing of the case), with e, an evaluator of no memos
// whose buffer it reuses.
func meetingSum(e *evaluator, c *dep, mv reflect.Value) (m memoEntry) {
	defer func() {
		if recover() != nil {
			m = memoEntry{bad: true}
		}
	}()
	e.buf, e.bad = e.buf[:0], false
	e.bool(!mv.IsNil())
	if c != nil {
		if md := c.byKey["Meeting"]; md != nil {
			e.node(md, mv)
		}
	}
	return memoEntry{sum: xxhash.Sum64(e.buf), bad: e.bad}
}

// shellFields are the fields of a page that the listing makes of its case or cases, the
// configuration and the theme.
var shellFields = map[string]bool{"Title": true, "Path": true, "URL": true, "Alternates": true, "Crumbs": true, "Nav": true,
	"Description": true, "Lang": true, "Print": true, "Feed": true, "Filter": true}

// shellMethods are the methods of a page that read nothing but its shellFields.
var shellMethods = map[string]bool{"CrumbsKey": true}

// nilFields are the fields that are empty on the pages that get a key (keyedPage).
var nilFields = map[string]bool{"Meeting": true, "Hall": true, "Community": true, "Category": true, "Free": true,
	"Agenda": true, "Month": true, "Family": true, "Charts": true, "Measures": true}

// caseLocal reports whether what td reads of a case page or a list of cases depends on the
// inputs of the cases alone, but for the site and the cases' meetings (see above).
func caseLocal(td *tmplDeps) bool {
	if len(td.volatile) > 0 {
		return false
	}
	for _, k := range td.root.kids {
		var ok bool
		switch {
		case k.kind == stMethod:
			ok = shellMethods[k.name] && len(k.kids) == 0
		case k.kind != stField:
		case k.name == "Site":
			ok = k.memo
		case k.name == "Case":
			ok = caseLocalCase(k)
		case k.name == "Cases":
			ok = true
			for _, e := range k.kids {
				ok = ok && e.kind == stElems && caseLocalCase(e)
			}
		case k.name == "Facet":
			ok = facetLocal(k, 0)
		case k.name == "Pager":
			ok = plainKids(k)
		case shellFields[k.name] || nilFields[k.name]:
			ok = onlyAbs(k)
		}
		if !ok {
			return false
		}
	}
	return true
}

// facetLocal checks what a template reads of a facet: its URL and year, its count of cases, the
// name, slug and URL of its community and category, and the same of the facets beside it.
func facetLocal(f *dep, depth int) bool {
	if depth > 2 {
		return false
	}
	for _, k := range f.kids {
		if k.kind != stField {
			return false
		}
		switch k.name {
		case "URL", "Year", "Received":
			if !plainType(k.typ) || !plainKids(k) {
				return false
			}
		case "Community", "Category":
			for _, c := range k.kids {
				if c.kind != stField || !caseFields[c.name] || len(c.kids) > 0 {
					return false
				}
			}
		case "Prev", "Next":
			if !facetLocal(k, depth+1) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// plainKids reports whether every child of d is a field of plain type with no children.
func plainKids(d *dep) bool {
	for _, k := range d.kids {
		if k.kind != stField || !plainType(k.typ) || len(k.kids) > 0 {
			return false
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
	case reflect.Struct:
		for i := range t.NumField() {
			if !plainType(t.Field(i).Type) {
				return false
			}
		}
		return true
	case reflect.Bool, reflect.String, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return true
	}
	return false
}

package opendata

import (
	"slices"
	"time"

	"gongshi/generator/cases"
	"gongshi/generator/site"
)

// Cache keeps the case files of the last site it built (cases.csv, cases.json and
// open311/requests.json, most of the bytes and the time of the open data), for a builder that
// builds a site again and again (the dev server, issue 7): a meeting or template edit leaves the
// published cases as they were. The files are made again when what their rows are made of
// (caseSource: the fields of each published case that rowOf reads, in the site's order), or
// the category slugs, differ from the last build's in any way, so the bytes are always those
// Build writes; when nothing differs, the rows are not even made. A Cache is not safe for
// concurrent use.
type Cache struct {
	src   []caseSource
	slugs []string
	res   []resource
}

// caseSource is what rowOf makes one case's row of: equal sources, in the same order, make
// equal rows.
type caseSource struct {
	id, community, category, subcategory, street, slug string
	channel                                            cases.Channel
	method                                             cases.Method
	status                                             cases.Status
	received, closed                                   int // year·100+month; closed 0: not closed
	byQuarter                                          bool
	daysToClose                                        int
	summary, resolution                                string
	meeting                                            *string // the meeting's id; nil: none
}

// caseSources returns what the rows of s's cases are made of, in the order of s.Cases; false
// when a case has no community or category (caseOrder fails).
func caseSources(s *site.Site) ([]caseSource, bool) {
	out := make([]caseSource, len(s.Cases))
	for i, c := range s.Cases {
		if c.Community == nil || c.Category == nil {
			return nil, false
		}
		out[i] = sourceOf(c)
	}
	return out, true
}

// sourceOf is what the row of c, which has a community and a category, is made of.
func sourceOf(c *site.Case) caseSource {
	src := caseSource{id: c.ID, community: c.Community.Name, category: c.Category.Name, subcategory: c.Subcategory,
		street: c.Community.Street, slug: c.Category.Slug, channel: c.Channel, method: c.Method, status: c.Status,
		received: month(c.Received), byQuarter: c.ByQuarter, daysToClose: c.DaysToClose,
		summary: c.Summary, resolution: c.Resolution}
	if !c.Closed.IsZero() {
		src.closed = month(c.Closed)
	}
	if c.Meeting != nil {
		src.meeting = &c.Meeting.ID
	}
	return src
}

// sameSources reports whether the cases of s make the rows of src, in that order; it makes no
// slice of their sources, so that a rebuild that leaves them as they were allocates nothing.
func sameSources(s *site.Site, src []caseSource) bool {
	if len(s.Cases) != len(src) {
		return false
	}
	for i, c := range s.Cases {
		if c.Community == nil || c.Category == nil || !sameSource(sourceOf(c), src[i]) {
			return false
		}
	}
	return true
}

// month is what period reads of t.
func month(t time.Time) int { return t.Year()*100 + int(t.Month()) }

// sameSource reports whether two cases make the same row.
func sameSource(a, b caseSource) bool {
	return a.id == b.id && a.community == b.community && a.category == b.category && a.subcategory == b.subcategory &&
		a.street == b.street && a.slug == b.slug && a.channel == b.channel && a.method == b.method && a.status == b.status &&
		a.received == b.received && a.closed == b.closed && a.byQuarter == b.byQuarter && a.daysToClose == b.daysToClose &&
		a.summary == b.summary && a.resolution == b.resolution && eq(a.meeting, b.meeting)
}

// cases returns the resources of the case files of s. With emit (and no Cache), each file is
// handed to emit as soon as it is made and its resource keeps no bytes, so that no more than one
// of them is held at a time.
func (c *Cache) cases(s *site.Site, emit func(File) error) ([]resource, error) {
	slugs := make([]string, len(s.Categories))
	for i, cat := range s.Categories {
		slugs[i] = cat.Slug
	}
	var src []caseSource
	if c != nil {
		if c.res != nil && slices.Equal(slugs, c.slugs) && sameSources(s, c.src) {
			return c.res, nil
		}
		src, _ = caseSources(s)
	}
	cs, err := caseOrder(s)
	if err != nil {
		return nil, err
	}
	var res []resource
	// A file handed to emit is gated and written while the next one is made, when it is small
	// enough (overlapMax) that holding two at once costs little; a bigger one is emitted before
	// the next is made. Only one file is emitted at a time.
	var emitting chan error // the emit of the last file, while it runs
	wait := func() error {
		if emitting == nil {
			return nil
		}
		err := <-emitting
		emitting = nil
		return err
	}
	for _, build := range []func() (resource, error){
		func() (resource, error) { return casesCSV(cs) },
		func() (resource, error) { return casesJSON(cs) },
		func() (resource, error) { return open311(s, cs) },
	} {
		r, err := build()
		if werr := wait(); werr != nil {
			return nil, werr
		}
		if err != nil {
			return nil, err
		}
		if emit != nil && c == nil {
			f := File{Path: Dir + "/" + r.Path, Data: r.data}
			r.data, r.emitted = nil, true
			if len(f.Data) > overlapMax {
				if err := emit(f); err != nil {
					return nil, err
				}
			} else {
				emitting = make(chan error, 1)
				go func() { emitting <- emit(f) }()
			}
		}
		res = append(res, r)
	}
	if err := wait(); err != nil {
		return nil, err
	}
	if c != nil {
		c.src, c.slugs, c.res = src, slugs, res
	}
	return res, nil
}

// overlapMax is the largest case file emitted while the next one is made: a 100,000-case site's
// files (some 50 MB each) are, a million cases' (several hundred MB) are not.
const overlapMax = 128 << 20

func eq[T comparable](a, b *T) bool { return a == b || a != nil && b != nil && *a == *b }

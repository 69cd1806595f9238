package opendata

import (
	"slices"

	"gongshi/generator/site"
)

// Cache keeps the case files of the last site it built (cases.csv, cases.json and
// open311/requests.json, most of the bytes and the time of the open data), for a builder that
// builds a site again and again (the dev server, issue 7): a meeting or template edit leaves the
// published cases as they were. The files are made again when the rows they are written from,
// or the category slugs, differ from the last build's in any way, so the bytes are always those
// Build writes. A Cache is not safe for concurrent use.
type Cache struct {
	rows  []caseRow
	slugs []string
	res   []resource
}

// cases returns the resources of the case files of rows. With emit (and no Cache), each file is
// handed to emit as soon as it is made and its resource keeps no bytes, so that no more than one
// of them is held at a time.
func (c *Cache) cases(s *site.Site, rows []caseRow, emit func(File) error) ([]resource, error) {
	slugs := make([]string, len(s.Categories))
	for i, cat := range s.Categories {
		slugs[i] = cat.Slug
	}
	if c != nil && c.res != nil && slices.Equal(slugs, c.slugs) && slices.EqualFunc(rows, c.rows, sameRow) {
		return c.res, nil
	}
	var res []resource
	for _, make := range []func() (resource, error){
		func() (resource, error) { return casesCSV(rows) },
		func() (resource, error) { return casesJSON(rows) },
		func() (resource, error) { return open311(s, rows) },
	} {
		r, err := make()
		if err != nil {
			return nil, err
		}
		if emit != nil && c == nil {
			if err := emit(File{Path: Dir + "/" + r.Path, Data: r.data}); err != nil {
				return nil, err
			}
			r.data, r.emitted = nil, true
		}
		res = append(res, r)
	}
	if c != nil {
		c.rows, c.slugs, c.res = rows, slugs, res
	}
	return res, nil
}

// sameRow reports whether two rows write the same bytes: every field equal, optional ones by
// value.
func sameRow(a, b caseRow) bool {
	return a.ID == b.ID && a.Community == b.Community && a.Category == b.Category && eq(a.Subcategory, b.Subcategory) &&
		a.Channel == b.Channel && eq(a.Method, b.Method) && a.Status == b.Status && a.Received == b.Received &&
		eq(a.Closed, b.Closed) && a.Precision == b.Precision && eq(a.DaysToClose, b.DaysToClose) &&
		eq(a.Summary, b.Summary) && eq(a.Resolution, b.Resolution) && eq(a.Meeting, b.Meeting) &&
		a.street == b.street && a.slug == b.slug
}

func eq[T comparable](a, b *T) bool { return a == b || a != nil && b != nil && *a == *b }

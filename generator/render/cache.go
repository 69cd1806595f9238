package render

import (
	"gongshi/generator/opendata"
	"gongshi/generator/search"
)

// Cache keeps, from one build of a site to the next, what the files that depend on the site
// alone were made of: the search index (search.Builder), the case files of the open data
// (opendata.Cache) and the text blocks of every Markdown body the index reads. It serves a
// builder that builds the same site again and again (the dev server, issue 7); whatever it
// reuses, the files are byte for byte those of a nil Cache, which is what Render uses. A Cache
// is used by one build at a time.
type Cache struct {
	search *search.Builder
	data   *opendata.Cache
	paras  map[string][]block // Markdown body → its blocks, of the last build
}

// blocks returns the text blocks of the bodies of the last build; nil for a nil Cache.
func (c *Cache) blocks() map[string][]block {
	if c == nil {
		return nil
	}
	return c.paras
}

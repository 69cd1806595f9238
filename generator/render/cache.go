package render

import (
	"slices"
	"strconv"

	"gongshi/generator/opendata"
	"gongshi/generator/search"
	"gongshi/generator/site"
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

	mapKey   []string  // what the sitemap of the last build lists (sitemapKey)
	mapFiles []outFile // its files
}

// outFile is an output file.
type outFile struct {
	Name string
	Data []byte
}

// sitemaps writes the sitemap files of the pages list, as writeSitemaps does; when they list
// what the last build's listed, with the same base URL, it writes that build's files.
func (c *Cache) sitemaps(s *site.Site, list []Job, w Writer) error {
	if c == nil {
		return writeSitemaps(s, list, w, sitemapMax)
	}
	key := sitemapKey(s, list)
	if c.mapFiles == nil || !slices.Equal(key, c.mapKey) {
		var rec fileList
		if err := writeSitemaps(s, list, &rec, sitemapMax); err != nil {
			c.mapKey, c.mapFiles = nil, nil
			return err
		}
		c.mapKey, c.mapFiles = key, rec
	}
	for _, f := range c.mapFiles {
		if err := w.Write(f.Name, f.Data); err != nil {
			return err
		}
	}
	return nil
}

// sitemapKey is everything writeSitemaps reads: the base URL, and the template, URL and
// alternates of every page. A case page made on demand gets the same entries as its Page would
// (listing.page), without its Page being made.
func sitemapKey(s *site.Site, list []Job) []string {
	key := make([]string, 0, 1+len(list)*7)
	key = append(key, s.BaseURL)
	for _, j := range list {
		if j.j.page == nil && j.j.kase != nil {
			in, u := j.j.in, j.j.kase.URL
			langs := in.th.Langs()
			key = append(key, j.j.template, in.l.URL(u), strconv.Itoa(len(langs)))
			for _, o := range langs {
				key = append(key, o.Tag, o.URL(u))
			}
			continue
		}
		p := j.j.links()
		key = append(key, j.j.template, p.URL, strconv.Itoa(len(p.Alternates)))
		for _, a := range p.Alternates {
			key = append(key, a.Tag, a.URL)
		}
	}
	return key
}

// fileList is a Writer that keeps the files written, in order; it is not safe for concurrent
// use.
type fileList []outFile

func (l *fileList) Write(name string, data []byte) error {
	*l = append(*l, outFile{name, data})
	return nil
}

// blocks returns the text blocks of the bodies of the last build; nil for a nil Cache.
func (c *Cache) blocks() map[string][]block {
	if c == nil {
		return nil
	}
	return c.paras
}

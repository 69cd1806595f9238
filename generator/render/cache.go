package render

import (
	"encoding/binary"
	"slices"

	"github.com/cespare/xxhash/v2"

	"gongshi/generator/opendata"
	"gongshi/generator/search"
	"gongshi/generator/site"
	"gongshi/generator/theme"
)

// Cache keeps, from one build of a site to the next, what the files that depend on the site
// alone were made of: the search index (search.Builder), the case files of the open data
// (opendata.Cache), the text blocks of every Markdown body the index reads and the index's
// document of every case, kept while what it is made of is the same (caseDocKey). It serves a
// builder that builds the same site again and again (the dev server, issue 7); whatever it
// reuses, the files are byte for byte those of a nil Cache, which is what Render uses. A Cache
// is used by one build at a time.
type Cache struct {
	search *search.Builder
	data   *opendata.Cache
	paras  map[string][]block // Markdown body → its blocks, of the last build
	// The search documents of the last build's cases, in its order, and what each was made of;
	// caseDocs goes on with the last build's other documents, its buffer reused by the next.
	caseKeys []caseDocKey
	caseDocs []search.Doc

	mapKey   uint64    // what the sitemap of the last build lists (sitemapKey)
	mapFiles []outFile // its files
}

// outFile is an output file.
type outFile struct {
	Name string
	Data []byte
}

// sitemaps writes the sitemap files of the pages list, as writeSitemaps does; when they list
// what the last build's listed, with the same base URL, it writes that build's files.
func (c *Cache) sitemaps(s *site.Site, th *theme.Theme, list []Job, w Writer) error {
	if c == nil {
		return writeSitemaps(s, list, w, sitemapMax)
	}
	key := sitemapKey(s, th, list)
	if c.mapFiles == nil || key != c.mapKey {
		var rec fileList
		if err := writeSitemaps(s, list, &rec, sitemapMax); err != nil {
			c.mapKey, c.mapFiles = 0, nil
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

// sitemapKey is a hash of everything writeSitemaps reads: the base URL, and the template, URL
// and alternates of every page, each string with its length. A page's URL and alternates are
// those its language and the languages of the theme (their tags and URL prefixes) make of its
// URL in the default language (listing.page): so the languages are hashed once, and each page
// as its template, language and that URL, without its Page being made.
func sitemapKey(s *site.Site, th *theme.Theme, list []Job) uint64 {
	h := xxhash.New()
	// Written to h when nearly full: a call of h a string would cost more than the hashing.
	buf := make([]byte, 0, 64<<10)
	str := func(a string) { // a with its length
		buf = binary.LittleEndian.AppendUint64(buf, uint64(len(a)))
		buf = append(buf, a...)
	}
	num := func(x int) { buf = binary.LittleEndian.AppendUint64(buf, uint64(x)) }
	str(s.BaseURL)
	langs := th.Langs()
	num(len(langs))
	for _, l := range langs {
		str(l.Tag)
		str(l.Prefix)
	}
	for _, j := range list {
		if len(buf) > 60<<10 {
			h.Write(buf)
			buf = buf[:0]
		}
		str(j.j.template)
		lang := j.j.lang()
		at := slices.Index(langs, lang)
		if at < 0 {
			// not a language of the theme: its own tag and prefix
			str(lang.Tag)
			str(lang.Prefix)
		}
		num(at)
		str(j.j.url())
	}
	h.Write(buf)
	return h.Sum64()
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

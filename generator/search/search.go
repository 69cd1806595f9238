// Package search builds the static full-text index of the portal: JSON files that the page
// /search/ fetches on demand and searches in the browser, with no server.
//
// # Contract
//
// Input is what the site publishes (site.Site's cases, meetings, halls and pages, after the
// privacy guard); Build returns files to write under search/ and never reads anything else. The
// same input gives the same bytes: documents are numbered in a fixed order, keys are sorted,
// shards are picked by a hash of the token.
//
// Text is cut into tokens by Tokens: Chinese by character bigrams (and single characters, so a
// one-character query finds something), Latin words and numbers as words, so a case id is one
// token. The script themes/default/static/js/search.js has the same tokeniser and hash; a test
// runs both on the same strings.
//
// # Files
//
//	meta.json      the number of documents, shard bits, head size, chunk size, the facet names
//	               (kinds, communities, categories, years) and the facet runs of the documents
//	s/HEX.json     shard HEX (the top bits of a token's first hash): {key: entry} for its tokens
//	t/HEX.json     the rest of a token's postings when it has more than a head's worth
//	d/N.json       display data of documents N·chunk … N·chunk+chunk−1: URL, title, kicker,
//	               date code and the paragraphs a snippet is cut from
//	r/HASH.json    for a token in at least top documents: the display data of the rows
//	               documents a query of that token alone shows first (top.go)
//
// No file holds a token's text: a key is two 32-bit hashes of the token in letters. Every
// number in an entry is written in letters too (see appendNum), so the output gate, which scans
// every JSON string, reads the index as plain letters; display data is published text exactly
// as the pages show it, one field per string.
//
// An entry is df, tailmax and the head: pairs of (document − previous document − 1, impact). The
// impact is the token's BM25 term weight in the document (BM25F: field weights multiply term
// counts and lengths), quantised to 1…23. A token in more than Options.HeadSize documents keeps
// its HeadSize highest impacts in the shard and the rest in t/; tailmax is the highest impact in
// the tail (0: no tail). A query ranks documents by how many of its distinct tokens they hold,
// then by the sum of idf·impact (idf in thousandths, an integer, so the script and Reader add
// the same integers); tailmax bounds what an unread tail could add, so the script reads a tail
// only when the top results could change.
//
// Documents are numbered by kind, year (newest first), community, category, date (newest first)
// and URL, so that documents with the same facets are a run of numbers: meta.json's runs give
// every document's facets in a few kilobytes, and filters need no per-document data.
package search

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Kind is what a document is.
type Kind string

// Kinds, in the order of document numbers.
const (
	Case    Kind = "case"
	Meeting Kind = "meeting"
	Hall    Kind = "hall"
	Page    Kind = "page"
)

// Kinds returns every kind, in the order of document numbers.
func Kinds() []Kind { return []Kind{Case, Meeting, Hall, Page} }

// Field is searched text with its weight (1 for body text; titles more).
type Field struct {
	Text   string
	Weight int
}

// Doc is one published page to search.
type Doc struct {
	Kind      Kind
	URL       string
	Title     string   // the result's link text; a case's is its id, which the page words (search.case_title)
	Kicker    string   // shown above the title, may be empty
	Date      string   // "2006-01", "2006-Q1", "2006-01-02" or empty
	Year      int      // for the year filter; 0: none
	Community string   // slug, may be empty
	Category  string   // slug, may be empty
	Text      []string // paragraphs as published, for the snippet
	Fields    []Field  // what is searched
}

// Facet is a filter value: its slug and its name.
type Facet struct {
	Slug, Name string
}

// Input is everything Build reads.
type Input struct {
	Docs        []Doc
	Communities []Facet // in the site's order
	Categories  []Facet
}

// Options tune the index; zero values take the defaults.
type Options struct {
	HeadSize   int // postings of a token kept in its shard; default 1000
	ChunkSize  int // documents per display file; default 16
	ShardBytes int // the average shard size to aim at; default 12 KiB
	TopDF      int // a token in at least this many documents gets a top file (top.go); default 4
	TopRows    int // documents in a top file: the results a query shows first; default 10
}

func (o Options) withDefaults() Options {
	if o.HeadSize <= 0 {
		o.HeadSize = 1000
	}
	if o.ChunkSize <= 0 {
		o.ChunkSize = 16
	}
	if o.ShardBytes <= 0 {
		o.ShardBytes = 12 << 10
	}
	if o.TopDF <= 0 {
		o.TopDF = 4
	}
	if o.TopRows <= 0 {
		o.TopRows = 10
	}
	return o
}

// File is an output file, its name relative to the index folder.
type File struct {
	Name string
	Data []byte
}

// Stats describe an index.
type Stats struct {
	Docs, Keys, Postings int
	ShardBits            int
	Shards, Tails        int
	Chunks               int
	Tops                 int   // top files
	TopBytes             int64 // all top files
	Bytes                int64 // all files
	ShardBytes           int64 // all shards
	MaxShard             int   // the largest shard, bytes
}

// Build returns the files of the index of in, in name order: those of a Builder's first
// build, made as BuildTo makes them.
func Build(in Input, opt Options) ([]File, Stats, error) {
	var files []File
	st, err := BuildTo(in, opt, func(f File) error {
		files = append(files, f)
		return nil
	})
	if err != nil {
		return nil, Stats{}, err
	}
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Name, b.Name) })
	return files, st, nil
}

// BuildTo makes the files of Build(in, opt), in no set order, and hands each to emit as soon as
// it is made, keeping none of them nor anything for a next build: a big site's index is never
// held whole. emit, which must not be nil, is called from one goroutine at a time; BuildTo
// stops at its first error.
func BuildTo(in Input, opt Options, emit func(File) error) (Stats, error) {
	x := NewBuilder(opt)
	x.emit = emit
	_, st, err := x.Build(in)
	return st, err
}

// doc is a Doc with its facets as numbers.
type doc struct {
	*Doc
	kind, comm, cat int // comm and cat: 0 none, else index+1
}

// order checks the documents and sorts them into document-number order.
func order(in Input) ([]doc, error) {
	index := func(fs []Facet, what string) (map[string]int, error) {
		m := map[string]int{}
		for i, f := range fs {
			if _, dup := m[f.Slug]; dup || f.Slug == "" {
				return nil, fmt.Errorf("search: %s %q: empty or repeated slug", what, f.Slug)
			}
			m[f.Slug] = i + 1
		}
		return m, nil
	}
	comms, err := index(in.Communities, "community")
	if err != nil {
		return nil, err
	}
	cats, err := index(in.Categories, "category")
	if err != nil {
		return nil, err
	}
	kinds := map[Kind]int{}
	for i, k := range Kinds() {
		kinds[k] = i
	}
	urls := map[string]bool{}
	docs := make([]doc, len(in.Docs))
	for i := range in.Docs {
		d := &in.Docs[i]
		k, ok := kinds[d.Kind]
		if !ok {
			return nil, fmt.Errorf("search: %s: unknown kind %q", d.URL, d.Kind)
		}
		if urls[d.URL] {
			return nil, fmt.Errorf("search: %s: two documents with one URL", d.URL)
		}
		urls[d.URL] = true
		c, cat := comms[d.Community], cats[d.Category]
		if (c == 0) != (d.Community == "") || (cat == 0) != (d.Category == "") {
			return nil, fmt.Errorf("search: %s: unknown community %q or category %q", d.URL, d.Community, d.Category)
		}
		if d.Year < 0 || d.Year > 9999 {
			return nil, fmt.Errorf("search: %s: year %d", d.URL, d.Year)
		}
		docs[i] = doc{Doc: d, kind: k, comm: c, cat: cat}
	}
	sort.Slice(docs, func(i, j int) bool {
		a, b := docs[i], docs[j]
		switch {
		case a.kind != b.kind:
			return a.kind < b.kind
		case a.Year != b.Year:
			return a.Year > b.Year
		case a.comm != b.comm:
			return a.comm < b.comm
		case a.cat != b.cat:
			return a.cat < b.cat
		case a.Date != b.Date:
			return a.Date > b.Date
		}
		return a.URL < b.URL
	})
	return docs, nil
}

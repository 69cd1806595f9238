package search

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"sort"
)

// Reader answers queries from the files of an index by reading every posting: the reference the
// script's answers are tested against, and a description of the format in code.
type Reader struct {
	fsys fs.FS
	meta Meta
	runs []Run
}

// MaxTokens is the most distinct tokens of a query that count; the rest are left out.
const MaxTokens = 30

// Filter keeps documents whose facets equal the non-zero fields.
type Filter struct {
	Kind      Kind
	Community string
	Category  string
	Year      int
}

// Hit is a document found: its number, how many of the query's tokens it holds and its score.
type Hit struct {
	Doc, Matched, Score int
}

// Result of a query: the best hits of the best tier (the documents holding the most of the
// query's distinct indexed tokens), and how many documents that tier has.
type Result struct {
	Hits   []Hit
	Total  int
	Tokens int // distinct query tokens found in the index, weak ones left out
	// Missing counts the query's words and numbers that no document holds: the hits hold only
	// part of the query. (A bigram that no document holds is a seam between two words of the
	// query, and is not counted.)
	Missing int
}

// Open reads meta.json of the index in fsys.
func Open(fsys fs.FS) (*Reader, error) {
	data, err := fs.ReadFile(fsys, "meta.json")
	if err != nil {
		return nil, err
	}
	r := &Reader{fsys: fsys}
	if err := json.Unmarshal(data, &r.meta); err != nil {
		return nil, fmt.Errorf("search: meta.json: %v", err)
	}
	if r.runs, err = r.meta.Runs(); err != nil {
		return nil, err
	}
	return r, nil
}

// Meta returns the index's meta.json.
func (r *Reader) Meta() Meta { return r.meta }

// Facets returns the run holding document n.
func (r *Reader) Facets(n int) Run {
	i := sort.Search(len(r.runs), func(i int) bool { return r.runs[i].End > n })
	return r.runs[i]
}

func (f Filter) keeps(run Run) bool {
	return (f.Kind == "" || f.Kind == run.Kind) && (f.Community == "" || f.Community == run.Community) &&
		(f.Category == "" || f.Category == run.Category) && (f.Year == 0 || f.Year == run.Year)
}

// IDF is a token's idf in thousandths, as an integer: ln(1 + (N − df + ½)/(df + ½)), at least
// 1, so that a token in every document still ranks by impact.
func IDF(n, df int) int {
	return max(1, int(math.Round(1000*math.Log(1+(float64(n-df)+0.5)/(float64(df)+0.5)))))
}

// Weak reports whether a token in df of n documents is too common to require: a query drops its
// weak tokens unless it has nothing else.
func Weak(n, df int) bool { return 2*df > n }

// Postings returns the documents and impacts of tok, head and tail, in document order.
func (r *Reader) Postings(tok string) (docs, imps []int, err error) {
	k := KeyOf(tok, r.meta.Bits)
	data, err := fs.ReadFile(r.fsys, ShardName(k.Shard, r.meta.Bits))
	if err != nil {
		return nil, nil, err
	}
	var shard map[string]string
	if err := json.Unmarshal(data, &shard); err != nil {
		return nil, nil, err
	}
	entry, ok := shard[k.Name]
	if !ok {
		return nil, nil, nil
	}
	nums, ok := decodeNums(entry)
	if !ok || len(nums) < 2 || len(nums)%2 != 0 {
		return nil, nil, fmt.Errorf("search: malformed entry %s", k.Name)
	}
	df, tailMax := nums[0], nums[1]
	docs, imps = pairs(nums[2:])
	if tailMax > 0 {
		h1, h2 := Hash(tok)
		data, err := fs.ReadFile(r.fsys, TailName(h1, h2))
		if err != nil {
			return nil, nil, err
		}
		var tail struct{ P string }
		if err := json.Unmarshal(data, &tail); err != nil {
			return nil, nil, err
		}
		nums, ok := decodeNums(tail.P)
		if !ok || len(nums)%2 != 0 {
			return nil, nil, fmt.Errorf("search: malformed tail %s", k.Name)
		}
		td, ti := pairs(nums)
		docs, imps = merge(docs, imps, td, ti)
	}
	if len(docs) != df {
		return nil, nil, fmt.Errorf("search: %s: df %d but %d postings", k.Name, df, len(docs))
	}
	return docs, imps, nil
}

func pairs(nums []int) (docs, imps []int) {
	prev := -1
	for i := 0; i+1 < len(nums); i += 2 {
		prev += nums[i] + 1
		docs = append(docs, prev)
		imps = append(imps, nums[i+1])
	}
	return docs, imps
}

func merge(ad, ai, bd, bi []int) (docs, imps []int) {
	for len(ad) > 0 || len(bd) > 0 {
		if len(bd) == 0 || len(ad) > 0 && ad[0] < bd[0] {
			docs, imps, ad, ai = append(docs, ad[0]), append(imps, ai[0]), ad[1:], ai[1:]
		} else {
			docs, imps, bd, bi = append(docs, bd[0]), append(imps, bi[0]), bd[1:], bi[1:]
		}
	}
	return docs, imps
}

// Search returns the k best hits for q among the documents f keeps.
func (r *Reader) Search(q string, f Filter, k int) (Result, error) {
	type term struct{ docs, imps []int }
	type acc struct{ m, s int }
	var (
		res   Result
		seen  = map[string]bool{}
		terms []term
		weak  []term
	)
	for _, tok := range Tokens(q, Query) {
		key := KeyOf(tok, r.meta.Bits).Name
		if seen[key] || len(seen) == MaxTokens {
			continue
		}
		seen[key] = true
		ds, is, err := r.Postings(tok)
		if err != nil {
			return res, err
		}
		switch {
		case len(ds) == 0:
			if classOf([]rune(tok)[0]) == word {
				res.Missing++
			}
		case Weak(r.meta.N, len(ds)):
			weak = append(weak, term{ds, is})
		default:
			terms = append(terms, term{ds, is})
		}
	}
	if len(terms) == 0 {
		terms = weak
	}
	res.Tokens = len(terms)
	docs := map[int]*acc{}
	for _, t := range terms {
		idf := IDF(r.meta.N, len(t.docs))
		for i, d := range t.docs {
			if !f.keeps(r.Facets(d)) {
				continue
			}
			a := docs[d]
			if a == nil {
				a = &acc{}
				docs[d] = a
			}
			a.m++
			a.s += idf * t.imps[i]
		}
	}
	best := 0
	for _, a := range docs {
		best = max(best, a.m)
	}
	for d, a := range docs {
		if a.m == best {
			res.Hits = append(res.Hits, Hit{Doc: d, Matched: a.m, Score: a.s})
		}
	}
	sort.Slice(res.Hits, func(i, j int) bool {
		a, b := res.Hits[i], res.Hits[j]
		return a.Score > b.Score || a.Score == b.Score && a.Doc < b.Doc
	})
	res.Total = len(res.Hits)
	if len(res.Hits) > k {
		res.Hits = res.Hits[:k]
	}
	return res, nil
}

// Show returns the display data of document n.
func (r *Reader) Show(n int) (Shown, error) {
	data, err := fs.ReadFile(r.fsys, ChunkName(n/r.meta.Chunk))
	if err != nil {
		return Shown{}, err
	}
	var list []Shown
	if err := json.Unmarshal(data, &list); err != nil {
		return Shown{}, err
	}
	if n%r.meta.Chunk >= len(list) {
		return Shown{}, fmt.Errorf("search: no document %d", n)
	}
	return list[n%r.meta.Chunk], nil
}

package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
)

// Shown is a document's display data in d/N.json; fields in key order.
type Shown struct {
	Date   string   `json:"d,omitempty"`
	Kicker string   `json:"k,omitempty"`
	Title  string   `json:"t"`
	URL    string   `json:"u"`
	Text   []string `json:"x,omitempty"`
}

// writeChunk encodes the display file of docs.
func writeChunk(docs []doc) ([]byte, error) {
	list := make([]Shown, 0, len(docs))
	for _, d := range docs {
		list = append(list, Shown{Date: d.Date, Kicker: d.Kicker, Title: d.Title, URL: d.URL, Text: d.Text})
	}
	return marshal(list)
}

// ChunkName is the display file of chunk n.
func ChunkName(n int) string { return fmt.Sprintf("d/%d.json", n) }

// Meta is meta.json.
type Meta struct {
	Bits        int         `json:"bits"`
	Categories  [][2]string `json:"categories"`
	Chunk       int         `json:"chunk"`
	Communities [][2]string `json:"communities"`
	Head        int         `json:"head"`
	Kinds       []Kind      `json:"kinds"`
	N           int         `json:"n"`
	Rows        int         `json:"rows"` // documents in a top file
	RunsText    string      `json:"runs"`
	Top         int         `json:"top"` // a token in this many documents or more has a top file
	Version     string      `json:"v"`
	Format      int         `json:"version"`
	Years       []int       `json:"years"`
}

// Run is a stretch of documents with the same facets.
type Run struct {
	Start, End int // document numbers [Start, End)
	Kind       Kind
	Year       int    // 0: none
	Community  string // slug, or empty
	Category   string
}

// Runs decodes meta.json's runs: per run its length, kind, year (index in Years plus one, 0
// none), community and category (index plus one, 0 none).
func (m *Meta) Runs() ([]Run, error) {
	nums, ok := decodeNums(m.RunsText)
	if !ok || len(nums)%5 != 0 {
		return nil, fmt.Errorf("search: meta.json: malformed runs")
	}
	var out []Run
	start := 0
	for i := 0; i < len(nums); i += 5 {
		r := Run{Start: start, End: start + nums[i]}
		k, y, c, g := nums[i+1], nums[i+2], nums[i+3], nums[i+4]
		if k >= len(m.Kinds) || y > len(m.Years) || c > len(m.Communities) || g > len(m.Categories) {
			return nil, fmt.Errorf("search: meta.json: run %d out of range", i/5)
		}
		r.Kind = m.Kinds[k]
		if y > 0 {
			r.Year = m.Years[y-1]
		}
		if c > 0 {
			r.Community = m.Communities[c-1][0]
		}
		if g > 0 {
			r.Category = m.Categories[g-1][0]
		}
		out = append(out, r)
		start = r.End
	}
	if start != m.N {
		return nil, fmt.Errorf("search: meta.json: runs cover %d of %d documents", start, m.N)
	}
	return out, nil
}

// writeMeta writes meta.json; files are the other files, whose hash is the index's version.
func writeMeta(in Input, docs []doc, opt Options, bits int, version string) ([]byte, error) {
	m := Meta{Bits: bits, Chunk: opt.ChunkSize, Head: opt.HeadSize, N: len(docs), Format: 1, Top: opt.TopDF, Rows: opt.TopRows,
		Kinds: Kinds(), Categories: [][2]string{}, Communities: [][2]string{}, Years: []int{}}
	for _, f := range in.Communities {
		m.Communities = append(m.Communities, [2]string{f.Slug, f.Name})
	}
	for _, f := range in.Categories {
		m.Categories = append(m.Categories, [2]string{f.Slug, f.Name})
	}
	years := map[int]int{}
	for _, d := range docs {
		if d.Year != 0 {
			years[d.Year] = 0
		}
	}
	for y := range years {
		m.Years = append(m.Years, y)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(m.Years)))
	for i, y := range m.Years {
		years[y] = i + 1
	}
	var runs []byte
	for i := 0; i < len(docs); {
		j := i + 1
		for j < len(docs) && sameFacets(docs[i], docs[j]) {
			j++
		}
		d := docs[i]
		for _, n := range []int{j - i, d.kind, years[d.Year], d.comm, d.cat} {
			runs = appendNum(runs, n)
		}
		i = j
	}
	m.RunsText = string(runs)
	m.Version = version
	return marshal(m)
}

func sameFacets(a, b doc) bool {
	return a.kind == b.kind && a.Year == b.Year && a.comm == b.comm && a.cat == b.cat
}

// marshal is json.Marshal with a final newline: struct fields in the order declared (which is
// key order), maps by sorted key, '<', '>' and '&' escaped.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

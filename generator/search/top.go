package search

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"sort"
)

// Top files (issue 8): the display data of the results a query of one token shows first, in
// one file, so that the first query of a fresh page reads its shard and one more file instead of
// one display file per result. In a browser every file fetched costs the page a few
// milliseconds of main-thread time however small it is, and ten of them were most of the time
// of a first query on a phone-class CPU.
//
// r/HASH.json is written for every token in at least Options.TopDF documents: {"d": the
// documents, as letters, "x": their display data}, the Options.TopRows documents of the highest
// impact (ties to the earlier document), which is the order of a query of that token alone
// without filters, each with its paragraph that holds the token. The script answers a
// query of that token from it, and reads it as a cache of display data for longer queries, so
// a query it does not fit still shows the right documents, from d/.

// TopName is the top file of the key (h1, h2).
func TopName(h1, h2 uint32) string {
	return fmt.Sprintf("r/%08x%08x.json", h1, h2)
}

// writeTops makes the top files of lists, each of which has at least opt.TopDF documents: for
// each, l.topDocs and l.top. A document's text in a top file is one paragraph, the first that
// holds the token: snippets need no more, and a top file of long minutes would otherwise weigh
// as much as their display files.
func writeTops(lists []*plist, docs []doc, opt Options) error {
	// The index keeps no token text: find it again in the first document of each top file.
	byDoc := map[uint32][]*plist{}
	for _, l := range lists {
		if l.docs != nil { // else drop kept them
			l.topDocs = topDocs(l, opt.TopRows)
		}
		d := l.topDocs[0]
		byDoc[d] = append(byDoc[d], l)
	}
	text := make(map[*plist]string, len(lists))
	for d, ls := range byDoc {
		keys := make(map[[2]uint32]*plist, len(ls))
		for _, l := range ls {
			keys[[2]uint32{l.h1, l.h2}] = l
		}
		for _, f := range docs[d].Fields {
			eachToken(f.Text, Index, func(tok []byte) {
				h1, h2 := hashBytes(tok)
				if l := keys[[2]uint32{h1, h2}]; l != nil {
					if _, ok := text[l]; !ok {
						text[l] = string(tok)
					}
				}
			})
		}
	}
	for _, l := range lists {
		data, err := topFile(l.topDocs, docs, text[l])
		if err != nil {
			return err
		}
		l.top = data
	}
	return nil
}

// topFile encodes the top file of the documents top (in order) for the token tok.
func topFile(top []uint32, docs []doc, tok string) ([]byte, error) {
	var d []byte
	shown := make([]Shown, len(top))
	for i, n := range top {
		d = appendNum(d, int(n))
		x := docs[n]
		shown[i] = Shown{Date: x.Date, Kicker: x.Kicker, Title: x.Title, URL: x.URL, Text: paragraph(x.Text, tok)}
	}
	return marshal(struct {
		D string  `json:"d"`
		X []Shown `json:"x"`
	}{string(d), shown})
}

// topDocs returns the documents of l's n highest impacts, highest first, ties to the earlier
// document.
func topDocs(l *plist, n int) []uint32 {
	pos := topPositions(l, n)
	out := make([]uint32, len(pos))
	for i, p := range pos {
		out[i] = l.docs[p]
	}
	return out
}

// paragraph returns the first paragraph that holds tok (folded, as tokens are), else the first
// paragraph, as one element; nil for no paragraphs. Paragraphs are never cut: a cut string
// starts or ends in a place no published text does, and the privacy guard's output gate reads
// a name where a cut leaves half a sentence, so only strings the display files hold are
// repeated here.
func paragraph(paras []string, tok string) []string {
	if len(paras) == 0 {
		return nil
	}
	t := []rune(tok)
	for _, p := range paras {
		if indexFolded([]rune(p), t) >= 0 {
			return []string{p}
		}
	}
	return paras[:1]
}

// indexFolded returns the index in r of the first match of t, comparing r folded; -1 if none.
func indexFolded(r, t []rune) int {
	if len(t) == 0 {
		return -1
	}
next:
	for i := 0; i+len(t) <= len(r); i++ {
		for j, c := range t {
			if fold(r[i+j]) != c {
				continue next
			}
		}
		return i
	}
	return -1
}

// topPositions returns the positions in l of its n highest impacts, highest first, ties to the
// earlier document.
func topPositions(l *plist, n int) []int {
	top := make([]int, 0, n+1)
	for i := range l.docs {
		// l.docs ascends, so a later posting wins only with a strictly higher impact.
		if len(top) == n && l.imp[i] <= l.imp[top[n-1]] {
			continue
		}
		j := sort.Search(len(top), func(k int) bool { return l.imp[top[k]] < l.imp[i] })
		top = append(top, 0)
		copy(top[j+1:], top[j:])
		top[j] = i
		if len(top) > n {
			top = top[:n]
		}
	}
	return top
}

// Top returns the documents of the top file of tok and their display data, or nil when the index
// has none for it.
func (r *Reader) Top(tok string) ([]int, []Shown, error) {
	if r.meta.Top == 0 {
		return nil, nil, nil
	}
	h1, h2 := Hash(tok)
	data, err := fs.ReadFile(r.fsys, TopName(h1, h2))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil
	} else if err != nil {
		return nil, nil, err
	}
	var f struct {
		D string
		X []Shown
	}
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, nil, err
	}
	docs, ok := decodeNums(f.D)
	if !ok || len(docs) != len(f.X) {
		return nil, nil, fmt.Errorf("search: %s: malformed", TopName(h1, h2))
	}
	return docs, f.X, nil
}

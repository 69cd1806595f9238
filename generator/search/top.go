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
// without filters. The script reads it as a cache of display data, so a query it does not fit
// still shows the right documents, fetched from d/.

// TopName is the top file of the key (h1, h2).
func TopName(h1, h2 uint32) string {
	return fmt.Sprintf("r/%08x%08x.json", h1, h2)
}

// writeTops writes the top files of every key with at least opt.TopDF documents.
func writeTops(inv *inverted, docs []doc, opt Options) ([]File, error) {
	var files []File
	for _, l := range inv.lists {
		if len(l.docs) < opt.TopDF {
			continue
		}
		top := topPositions(l, opt.TopRows)
		var d []byte
		shown := make([]Shown, len(top))
		for i, p := range top {
			n := int(l.docs[p])
			d = appendNum(d, n)
			x := docs[n]
			shown[i] = Shown{Date: x.Date, Kicker: x.Kicker, Title: x.Title, URL: x.URL, Text: x.Text}
		}
		data, err := marshal(struct {
			D string  `json:"d"`
			X []Shown `json:"x"`
		}{string(d), shown})
		if err != nil {
			return nil, err
		}
		files = append(files, File{Name: TopName(l.h1, l.h2), Data: data})
	}
	return files, nil
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

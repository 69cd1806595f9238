package pii

import (
	"bufio"
	"embed"
	"fmt"
	"strings"
	"unicode/utf8"
)

//go:embed data/*.txt
var dataFS embed.FS

// wordSet is a set of short Han words indexed by their first rune, so that a match at a rune
// position costs one map lookup and a few rune comparisons, without building strings.
type wordSet struct {
	byFirst map[rune][]lexWord
	maxLen  int
	// firstCJK marks the first runes in the CJK block (hanBase..0xA000), otherFirst whether
	// any word starts outside it: most runes start no word, and say so without a map lookup.
	firstCJK   [(0xA000 - hanBase) / 64]uint64
	otherFirst bool
}

// starts reports whether a word may start with r (whether byFirst has r).
func (w *wordSet) starts(r rune) bool {
	if r >= hanBase && r < 0xA000 {
		return w.firstCJK[(r-hanBase)>>6]&(1<<((r-hanBase)&63)) != 0
	}
	return w.otherFirst
}

type lexWord struct {
	r     []rune
	class uint8
}

func newWordSet() *wordSet { return &wordSet{byFirst: map[rune][]lexWord{}} }

func (w *wordSet) add(word string, class uint8) {
	rs := []rune(word)
	if len(rs) == 0 {
		return
	}
	for _, e := range w.byFirst[rs[0]] {
		if string(e.r) == word {
			return
		}
	}
	// keep the longest entries first so that match returns the longest word
	list := append(w.byFirst[rs[0]], lexWord{r: rs, class: class})
	for i := len(list) - 1; i > 0 && len(list[i].r) > len(list[i-1].r); i-- {
		list[i], list[i-1] = list[i-1], list[i]
	}
	w.byFirst[rs[0]] = list
	if r := rs[0]; r >= hanBase && r < 0xA000 {
		w.firstCJK[(r-hanBase)>>6] |= 1 << ((r - hanBase) & 63)
	} else {
		w.otherFirst = true
	}
	if len(rs) > w.maxLen {
		w.maxLen = len(rs)
	}
}

// match returns the length in runes and class of the longest word starting at rs[i], or 0.
func (w *wordSet) match(rs []rune, i int) (int, uint8) {
	if i < 0 || i >= len(rs) || !w.starts(rs[i]) {
		return 0, 0
	}
	for _, e := range w.byFirst[rs[i]] {
		if i+len(e.r) > len(rs) {
			continue
		}
		ok := true
		for k := 1; k < len(e.r); k++ {
			if rs[i+k] != e.r[k] {
				ok = false
				break
			}
		}
		if ok {
			return len(e.r), e.class
		}
	}
	return 0, 0
}

// matchLen reports whether a word of exactly n runes starts at rs[i].
func (w *wordSet) matchLen(rs []rune, i, n int) bool {
	if i < 0 || i+n > len(rs) || !w.starts(rs[i]) {
		return false
	}
	for _, e := range w.byFirst[rs[i]] {
		if len(e.r) != n {
			continue
		}
		ok := true
		for k := 1; k < n; k++ {
			if rs[i+k] != e.r[k] {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// endsAt returns the length of the longest word that ends exactly at rune index end (exclusive).
func (w *wordSet) endsAt(rs []rune, end int) (int, uint8) {
	for n := w.maxLen; n >= 1; n-- {
		st := end - n
		if st < 0 || !w.starts(rs[st]) {
			continue
		}
		for _, e := range w.byFirst[rs[st]] {
			if len(e.r) != n {
				continue
			}
			ok := true
			for k := 1; k < n; k++ {
				if rs[st+k] != e.r[k] {
					ok = false
					break
				}
			}
			if ok {
				return n, e.class
			}
		}
	}
	return 0, 0
}

// Classes used in the word sets.
const (
	classHonorific uint8 = iota + 1
	classTitle
	classSingle
	classPerson
	classRole
	classVerb
	classParticle
)

const (
	surnameAny uint16 = 1 << iota
	surnameTop
	compoundFirst
	labelFirst
	surnameWeak // only before an honorific or title

	// Not lexicon words: runes Scan's survey looks for (scan.go) before it runs a detector.
	provinceRune // starts a licence plate (isProvinceRune)
	anchorRune   // an address anchor (addressAnchorRunes)
	wechatRune   // in every Han WeChat hotword (信, 微)
	functionChar // functionRunes: never in a given name
)

// hanBase..hanBase+len(hanFlags) is the CJK Unified Ideographs block, where the per-rune flags
// live in a flat table instead of a map (the name rules look every rune up).
const hanBase = 0x4E00

type lexicon struct {
	hanFlags   [0xA000 - hanBase]uint16
	surname    map[rune]uint16    // single-character surnames
	compound   map[[2]rune]uint16 // compound surnames
	honorifics *wordSet
	labels     *wordSet
	bounds     *wordSet
	intro      *wordSet // words that may stand right before a name (感谢, 联系)
	stop       *wordSet
	common     *wordSet // common two-character words starting with a surname (common_words.txt)
	gazetteer  *wordSet
	service    map[string]bool
}

func readData(name string, fn func(section, tok string) error) error {
	f, err := dataFS.Open("data/" + name)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	section := ""
	line := 0
	for sc.Scan() {
		line++
		t := sc.Text()
		if i := strings.IndexByte(t, '#'); i >= 0 {
			t = t[:i]
		}
		t = strings.TrimSpace(t)
		if t == "" {
			continue
		}
		if strings.HasPrefix(t, "@") {
			section = t[1:]
			continue
		}
		for _, tok := range strings.Fields(t) {
			if !utf8.ValidString(tok) {
				return fmt.Errorf("pii: data/%s:%d: invalid UTF-8", name, line)
			}
			if err := fn(section, tok); err != nil {
				return fmt.Errorf("pii: data/%s:%d: %v", name, line, err)
			}
		}
	}
	return sc.Err()
}

func loadLexicon() (*lexicon, error) {
	lx := &lexicon{
		surname:    map[rune]uint16{},
		compound:   map[[2]rune]uint16{},
		honorifics: newWordSet(),
		labels:     newWordSet(),
		bounds:     newWordSet(),
		intro:      newWordSet(),
		stop:       newWordSet(),
		common:     newWordSet(),
		gazetteer:  newWordSet(),
		service:    map[string]bool{},
	}
	err := readData("surnames.txt", func(sec, tok string) error {
		rs := []rune(tok)
		switch {
		case sec == "compound" && len(rs) == 2:
			lx.compound[[2]rune{rs[0], rs[1]}] = surnameAny
		case sec == "" && len(rs) == 1:
			lx.surname[rs[0]] = surnameAny | surnameTop
		case sec == "other" && len(rs) == 1:
			lx.surname[rs[0]] = surnameAny
		case sec == "weak" && len(rs) == 1:
			lx.surname[rs[0]] = surnameWeak
		default:
			return fmt.Errorf("unexpected surname %q in section %q", tok, sec)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sections := map[string]uint8{
		"honorific": classHonorific, "title": classTitle, "single": classSingle,
		"person": classPerson, "role": classRole, "verb": classVerb, "particle": classParticle,
	}
	for file, set := range map[string]*wordSet{
		"honorifics.txt": lx.honorifics, "labels.txt": lx.labels, "boundaries.txt": lx.bounds,
	} {
		err := readData(file, func(sec, tok string) error {
			if set == lx.bounds && sec == "intro" {
				lx.intro.add(tok, 1)
				return nil
			}
			c, ok := sections[sec]
			if !ok {
				return fmt.Errorf("unknown section %q", sec)
			}
			set.add(tok, c)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	for file, set := range map[string]*wordSet{"stop_bigrams.txt": lx.stop, "gazetteer.txt": lx.gazetteer, "common_words.txt": lx.common} {
		if err := readData(file, func(_, tok string) error { set.add(tok, 1); return nil }); err != nil {
			return nil, err
		}
	}
	for r, f := range lx.surname {
		if r >= hanBase && r < 0xA000 {
			lx.hanFlags[r-hanBase] |= f
		}
	}
	for r := range lx.labels.byFirst {
		if r >= hanBase && r < 0xA000 {
			lx.hanFlags[r-hanBase] |= labelFirst
		}
	}
	for k := range lx.compound {
		if k[0] >= hanBase && k[0] < 0xA000 {
			lx.hanFlags[k[0]-hanBase] |= compoundFirst
		}
	}
	for r := rune(hanBase); r < 0xA000; r++ {
		if isProvinceRune(r) {
			lx.hanFlags[r-hanBase] |= provinceRune
		}
	}
	for _, r := range addressAnchorRunes {
		if r >= hanBase && r < 0xA000 {
			lx.hanFlags[r-hanBase] |= anchorRune
		}
	}
	for _, r := range wechatHanRunes {
		lx.hanFlags[r-hanBase] |= wechatRune
	}
	for _, r := range functionRunes {
		if r >= hanBase && r < 0xA000 {
			lx.hanFlags[r-hanBase] |= functionChar
		}
	}
	err = readData("service_numbers.txt", func(_, tok string) error {
		lx.service[tok] = true
		return nil
	})
	if err != nil {
		return nil, err
	}
	return lx, nil
}

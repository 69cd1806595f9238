package search

import (
	"strings"
	"unicode/utf8"
)

// Mode says what a text is tokenised for.
type Mode int

const (
	// Index emits every character of a Chinese run and every bigram of it, so that a query
	// of one character and a query of several find the same document.
	Index Mode = iota
	// Query emits the bigrams of a Chinese run, or its character when the run has only one.
	Query
)

// class of a folded code point.
const (
	sep = iota
	word
	cjk
)

// fold maps full-width ASCII to ASCII, the ideographic space to a space and A–Z to a–z; every
// other code point is itself. It maps one code point to one code point, so offsets in a folded
// text are offsets in the original (the script highlights matches with this property).
func fold(c rune) rune {
	switch {
	case c >= 0xFF01 && c <= 0xFF5E:
		c -= 0xFEE0
	case c == 0x3000:
		return ' '
	}
	if c >= 'A' && c <= 'Z' {
		c += 'a' - 'A'
	}
	return c
}

// classOf tells words (ASCII digits and letters, Latin letters with diacritics), Chinese and
// other CJK characters, and separators (everything else) apart.
func classOf(c rune) int {
	switch {
	case c >= '0' && c <= '9', c >= 'a' && c <= 'z':
		return word
	case c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7:
		return word
	case c >= 0x3040 && c <= 0x30FF, // kana
		c >= 0x3400 && c <= 0x4DBF,   // CJK extension A
		c >= 0x4E00 && c <= 0x9FFF,   // CJK unified ideographs
		c >= 0xAC00 && c <= 0xD7AF,   // Hangul syllables
		c >= 0xF900 && c <= 0xFAFF,   // CJK compatibility ideographs
		c >= 0x20000 && c <= 0x3134F: // CJK extensions B–G
		return cjk
	}
	return sep
}

// Tokens returns the tokens of text in order, repeats included. A run of word characters is one
// token (lower-cased ASCII: "M-2022-0818" gives m, 2022, 0818); a run of CJK characters gives
// its bigrams, and in Index mode also each character, in the order c0, c0c1, c1, c1c2, …; a
// one-character run gives that character in both modes. themes/default/static/js/search.js
// implements the same function; TestTokensMatchScript holds the two together.
func Tokens(text string, mode Mode) []string {
	var out []string
	eachToken(text, mode, func(tok []byte) { out = append(out, string(tok)) })
	return out
}

// eachToken calls f with the UTF-8 bytes of every token of text, in Tokens' order; f must not
// keep the slice.
func eachToken(text string, mode Mode, f func(tok []byte)) {
	var (
		run  []rune
		buf  []byte
		kind = sep
	)
	emit := func(rs ...rune) {
		buf = buf[:0]
		for _, r := range rs {
			buf = utf8.AppendRune(buf, r)
		}
		f(buf)
	}
	flush := func() {
		switch kind {
		case word:
			emit(run...)
		case cjk:
			if len(run) == 1 {
				emit(run[0])
				break
			}
			for i := range run {
				if mode == Index {
					emit(run[i])
				}
				if i+1 < len(run) {
					emit(run[i], run[i+1])
				}
			}
		}
		run = run[:0]
	}
	for _, c := range text {
		c = fold(c)
		k := classOf(c)
		if k != kind {
			flush()
			kind = k
		}
		if k != sep {
			run = append(run, c)
		}
	}
	flush()
}

// Hash returns the two 32-bit hashes of a token: FNV-1a over its UTF-8 bytes from two offset
// bases, each finished with MurmurHash3's fmix32. The first picks the shard (its top bits), the
// pair is the token's key: the index holds no token text, only these hashes.
func Hash(tok string) (uint32, uint32) { return hashBytes([]byte(tok)) }

func hashBytes(tok []byte) (uint32, uint32) {
	h1, h2 := uint32(0x811c9dc5), uint32(0x050c5d1f)
	for i := 0; i < len(tok); i++ {
		h1 = (h1 ^ uint32(tok[i])) * 0x01000193
		h2 = (h2 ^ uint32(tok[i])) * 0x01000193
	}
	return fmix32(h1), fmix32(h2)
}

func fmix32(h uint32) uint32 {
	h ^= h >> 16
	h *= 0x85ebca6b
	h ^= h >> 13
	h *= 0xc2b2ae35
	h ^= h >> 16
	return h
}

// Key is where a token's postings are: the shard file's number and the key in that shard.
type Key struct {
	Shard uint32
	Name  string // twelve letters: the two hashes in base 48
}

// KeyOf returns the key of tok in an index of 2^bits shards.
func KeyOf(tok string, bits int) Key {
	h1, h2 := Hash(tok)
	return Key{Shard: h1 >> (32 - bits), Name: fixed48(h1) + fixed48(h2)}
}

// The index writes every number as letters. The privacy guard's output gate scans every JSON
// string and number of the index, and a run of digits (or a WeChat hotword before a code) could
// be taken for personal data; a text of ASCII letters alone is never scanned, and the alphabets
// leave out v, V, w and W, the first letters of every ASCII WeChat hotword (vx, wx, wechat).
const (
	// final digits of a number, 0–23
	finals = "ABCDEFGHIJKLMNOPQRSTUXYZ"
	// the digits before the final one, 0–23
	leads = "abcdefghijklmnopqrstuxyz"
	// base 48 for keys of fixed width
	letters48 = finals + leads
	radix     = len(finals)
)

// appendNum appends n in base 24, most significant digit first: every digit but the last from
// leads, the last from finals. A sequence of numbers needs no separator.
func appendNum(b []byte, n int) []byte {
	if n < 0 {
		panic("search: negative number")
	}
	var tmp [16]byte
	i := len(tmp) - 1
	tmp[i] = finals[n%radix]
	for n /= radix; n > 0; n /= radix {
		i--
		tmp[i] = leads[n%radix]
	}
	return append(b, tmp[i:]...)
}

// decodeNums reads a sequence written by appendNum; ok is false on any other byte.
func decodeNums(s string) (out []int, ok bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if d := strings.IndexByte(leads, c); d >= 0 {
			n = n*radix + d
			continue
		}
		d := strings.IndexByte(finals, c)
		if d < 0 {
			return nil, false
		}
		out = append(out, n*radix+d)
		n = 0
	}
	return out, n == 0
}

// fixed48 writes h as six base-48 letters (48^6 > 2^32).
func fixed48(h uint32) string {
	var b [6]byte
	n := uint64(h)
	for i := len(b) - 1; i >= 0; i-- {
		b[i] = letters48[n%48]
		n /= 48
	}
	return string(b[:])
}

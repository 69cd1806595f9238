package build

import (
	"bytes"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"
	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"
)

// TestWholeSite builds the committed demo (site.toml, content/ and themes/ at the repository
// root) twice and checks the invariants of every page: it parses as HTML, every internal link
// and asset resolves to a written file, nothing is escaped twice, no interface string is
// missing, no phone number or ID number pattern appears in any file, and both builds (the
// second on one core) are byte for byte the same.
func TestWholeSite(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the whole demo twice")
	}
	root := filepath.Join("..", "..")
	if _, err := os.Stat(filepath.Join(root, "content")); err != nil {
		t.Fatalf("the committed demo content/ is missing: %v", err)
	}
	out := filepath.Join(t.TempDir(), "public")
	build := func() (*Summary, map[string][]byte) {
		sum, err := Run(Options{Site: os.DirFS(root), Out: out, Today: time.Now()})
		if err != nil {
			t.Fatal(err)
		}
		if sum.Published == 0 || sum.Meetings == 0 {
			t.Fatalf("the demo built no cases or meetings: %+v", sum)
		}
		return sum, readTree(t, out)
	}
	_, a := build()
	// The same build again, on one core, over the first one's output: rendering in parallel
	// changes no byte (a file that differed would be written again), and an unchanged site
	// writes nothing.
	procs := runtime.GOMAXPROCS(1)
	sum, b := build()
	runtime.GOMAXPROCS(procs)
	if sum.Written != 0 {
		t.Errorf("a second build of the same input, on one core, wrote %d of %d files again", sum.Written, sum.Files)
	}
	if len(a) != len(b) {
		t.Errorf("two builds wrote %d and %d files", len(a), len(b))
	}
	for p, data := range a {
		if !bytes.Equal(data, b[p]) {
			t.Errorf("%s differs between two builds of the same input", p)
		}
	}

	var (
		broken  = map[string][]string{}        // target → pages linking to it
		graph   = map[string]map[string]bool{} // page → pages it links to
		pages   int
		mobile  = regexp.MustCompile(`(^|[^0-9])1[3-9][0-9]{9}([^0-9]|$)`)
		idcard  = regexp.MustCompile(`(^|[^0-9])[1-9][0-9]{16}[0-9Xx]([^0-9]|$)`)
		doubled = regexp.MustCompile(`&amp;(amp|lt|gt|quot|#[0-9]+);`)
	)
	// The site's base_url, from the home page's canonical link: permalinks start with it.
	base := ""
	if m := regexp.MustCompile(`<link rel="canonical" href="([^"]+)">`).FindSubmatch(a["index.html"]); m != nil {
		base = string(m[1])
	}
	anchors := map[string]map[string]int{} // page → its ids
	var fragments [][3]string              // page, target page, fragment
	// SHA-256 digests (manifest.json, datapackage.json) are 64 hexadecimal digits whose decimal
	// runs are random: one may look like an ID number. They are masked before the scan; any other
	// text, hexadecimal or not, is scanned as it is.
	digest := regexp.MustCompile(`(^|[^0-9a-f])[0-9a-f]{64}([^0-9a-f]|$)`)
	for p, data := range a {
		scan := data
		if strings.HasPrefix(p, "data/") && strings.HasSuffix(p, ".json") {
			scan = digest.ReplaceAll(data, []byte("${1}SHA-256${2}"))
		}
		for _, re := range []*regexp.Regexp{mobile, idcard} {
			if loc := re.FindIndex(scan); loc != nil {
				t.Errorf("%s: a personal-number pattern at byte %d", p, loc[0])
			}
		}
		if !strings.HasSuffix(p, ".html") {
			continue
		}
		pages++
		if doubled.Match(data) {
			t.Errorf("%s: double-escaped text: %s", p, doubled.Find(data))
		}
		if m := regexp.MustCompile(`\[[a-z_]+\.[a-z0-9_]+\]`).Find(data); m != nil {
			t.Errorf("%s: missing interface string %s", p, m)
		}
		doc, err := html.Parse(bytes.NewReader(data))
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		if !hasElement(doc, "main") || !hasElement(doc, "h1") {
			t.Errorf("%s: no <main> or no <h1>", p)
		}
		pageIDs := ids(doc)
		for id, n := range pageIDs {
			if n > 1 {
				t.Errorf("%s: id %q on %d elements", p, id, n)
			}
		}
		anchors[p] = pageIDs
		for _, link := range links(doc) {
			// A permalink (the site's base_url, a path and a fragment) is checked as the
			// internal link it stands for.
			if base != "" && strings.HasPrefix(link, base) {
				link = "/" + strings.TrimPrefix(link, base)
			}
			if target, frag, ok := fragment(p, link); ok {
				fragments = append(fragments, [3]string{p, target, frag})
			}
			target, ok := resolve(p, link)
			if !ok {
				continue
			}
			if graph[p] == nil {
				graph[p] = map[string]bool{}
			}
			graph[p][target] = true
			if _, exists := a[target]; !exists {
				broken[target] = append(broken[target], p)
			}
		}
	}
	// Every link to a fragment of a page (a figure's permalink, a definition on the methodology
	// page, a table of contents) lands on an element with that id.
	badFragments := 0
	for _, f := range fragments {
		ids, ok := anchors[f[1]]
		if !ok || ids[f[2]] > 0 {
			continue // a missing page is a broken link, reported below
		}
		if badFragments++; badFragments <= 20 {
			t.Errorf("%s links to %s#%s, which has no element with that id", f[0], f[1], f[2])
		}
	}
	if len(fragments) < 1000 {
		t.Errorf("only %d links to fragments: the check does not read the statistics pages", len(fragments))
	}
	// Links run both ways: case → meeting → hall → community and back.
	backs := 0
	for from, tos := range graph {
		for to := range tos {
			pair := kind(from) + "→" + kind(to)
			if pair != "case→meeting" && pair != "meeting→hall" && pair != "hall→community" {
				continue
			}
			backs++
			if !graph[to][from] {
				t.Errorf("%s links to %s, but not back", from, to)
			}
		}
	}
	if backs == 0 {
		t.Error("no case links to a meeting, no meeting to a hall: the demo lost its links")
	}
	// Small counts (privacy SPEC §7.1): no count shown in a table or a figure is from 1 to k-1.
	// A cell of a statistics table may carry an id and link to itself (its permalink); a rate
	// shows its numerator and denominator beside it, and the denominator is a count too.
	counts := regexp.MustCompile(`<(?:td class="n[^"]*"(?: id="[^"]*")?|dd)>(?:<span class="v">)?(?:<a [^>]*>)?([0-9][0-9,]*)(?:<small>|</|<)`)
	fractions := regexp.MustCompile(`<(?:span class="nd"|dd class="n"|dd)>[0-9][0-9,]*(?:\.[0-9])? / ([0-9][0-9,]*)</`)
	seen, seenFractions := 0, 0
	for p, data := range a {
		for _, m := range counts.FindAllSubmatch(data, -1) {
			seen++
			n := 0
			for _, c := range m[1] {
				if c != ',' {
					n = n*10 + int(c-'0')
				}
			}
			if n > 0 && n < 10 {
				t.Errorf("%s: a count of %d is published (k = 10)", p, n)
			}
		}
		for _, m := range fractions.FindAllSubmatch(data, -1) {
			seenFractions++
			n, _ := strconv.Atoi(strings.ReplaceAll(string(m[1]), ",", ""))
			if n > 0 && n < 10 {
				t.Errorf("%s: a rate over %d cases is published (k = 10)", p, n)
			}
		}
	}
	if seenFractions < 100 {
		t.Errorf("only %d numerators and denominators found: the check does not read the statistics pages", seenFractions)
	}
	// Calendars and feeds, read back by independent parsers (issue 6).
	ics, feeds := 0, 0
	for p, data := range a {
		switch {
		case strings.HasSuffix(p, ".ics"):
			ics++
			cal, err := goical.NewDecoder(bytes.NewReader(data)).Decode()
			if err != nil {
				t.Errorf("%s: %v", p, err)
				continue
			}
			for _, ev := range cal.Events() {
				if _, err := ev.DateTimeStart(nil); err != nil {
					t.Errorf("%s: %v", p, err)
				}
			}
		case strings.HasSuffix(p, ".atom"):
			feeds++
			if _, err := gofeed.NewParser().ParseString(string(data)); err != nil {
				t.Errorf("%s: %v", p, err)
			}
		}
	}
	// The demo's cancelled and postponed notices show as such in the calendar of all halls.
	cal := string(a["calendar.ics"])
	if !strings.Contains(cal, "STATUS:CANCELLED") {
		t.Error("calendar.ics has no cancelled meeting")
	}
	if !regexp.MustCompile(`SEQUENCE:[1-9]`).MatchString(cal) {
		t.Error("calendar.ics has no rescheduled meeting (SEQUENCE above 0)")
	}
	if !strings.Contains(cal, "RRULE:") || !strings.Contains(cal, "EXDATE") || !strings.Contains(cal, "RECURRENCE-ID") {
		t.Error("calendar.ics lacks the regular sessions with their exceptions")
	}
	if ics < 2 || feeds < 2 {
		t.Errorf("%d calendars and %d feeds", ics, feeds)
	}
	if seen < 100 {
		t.Errorf("only %d counts found in tables and figures: the check does not read the pages", seen)
	}
	if pages < 1000 {
		t.Errorf("only %d HTML pages: the demo should give thousands", pages)
	}
	var targets []string
	for tgt := range broken {
		targets = append(targets, tgt)
	}
	sort.Strings(targets)
	for i, tgt := range targets {
		if i == 20 {
			t.Errorf("... and %d more broken links", len(targets)-20)
			break
		}
		sort.Strings(broken[tgt])
		t.Errorf("broken link to %s from %d pages, e.g. %s", tgt, len(broken[tgt]), broken[tgt][0])
	}
}

// links returns the href and src values of a document.
func links(n *html.Node) []string {
	var out []string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			for _, a := range n.Attr {
				if a.Key == "href" || a.Key == "src" {
					out = append(out, a.Val)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func hasElement(n *html.Node, tag string) bool {
	if n.Type == html.ElementNode && n.Data == tag {
		return true
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if hasElement(c, tag) {
			return true
		}
	}
	return false
}

// resolve turns a link on page p into the output file it needs; ok is false for external
// links and pure fragments.
func resolve(p, link string) (string, bool) {
	u, err := url.Parse(link)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Path == "" {
		return "", false
	}
	target := u.Path
	if !strings.HasPrefix(target, "/") {
		target = path.Join("/", path.Dir(p), target)
	}
	if strings.HasSuffix(target, "/") {
		target += "index.html"
	}
	return strings.TrimPrefix(target, "/"), true
}

// ids counts the id attributes of a document.
func ids(n *html.Node) map[string]int {
	out := map[string]int{}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			for _, a := range n.Attr {
				if a.Key == "id" {
					out[a.Val]++
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

// fragment returns the page and the fragment a link on page p points to; ok is false for
// links without a fragment, external links and links to files that are not pages.
func fragment(p, link string) (target, frag string, ok bool) {
	u, err := url.Parse(link)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Fragment == "" {
		return "", "", false
	}
	if u.Path == "" {
		return p, u.Fragment, true
	}
	target, ok = resolve(p, link)
	return target, u.Fragment, ok && strings.HasSuffix(target, ".html")
}

// kind names the kind of a page from its path: cases/ID.html is a "case", halls/SLUG/index.html
// a "hall".
func kind(p string) string {
	parts := strings.Split(p, "/")
	if len(parts) == 2 && parts[0] == "cases" && strings.HasSuffix(parts[1], ".html") && parts[1] != "index.html" {
		return "case"
	}
	if len(parts) != 3 || parts[2] != "index.html" || parts[1] == "page" {
		return ""
	}
	return map[string]string{"cases": "case", "meetings": "meeting", "halls": "hall", "communities": "community"}[parts[0]]
}

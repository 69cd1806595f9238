package browser

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// walker clicks through a served site in a browser tab as a reader would: every page after the
// first is reached by clicking a link.
type walker struct {
	t      *testing.T
	b      *Browser
	origin string
	shots  string   // folder of the screenshots
	taken  []string // pages screenshotted
}

// open loads the first page, typed as an address.
func (w *walker) open(path string) {
	w.t.Helper()
	if err := chromedp.Do(w.b.Ctx, chromedp.Navigate(w.origin+path)); err != nil {
		w.t.Fatalf("opening %s: %v", path, err)
	}
}

// click clicks the first element that matches the CSS selector, waits for the page it leads
// to and returns that page's path. It fails the test when nothing matches or the page stays.
func (w *walker) click(what, sel string) string {
	w.t.Helper()
	from := w.path()
	n, err := chromedp.Run(w.b.Ctx, chromedp.Evaluate[int](fmt.Sprintf(`document.querySelectorAll(%q).length`, sel)))
	if err != nil || n == 0 {
		w.t.Fatalf("%s: on %s no link matches %s (%v)", what, from, sel, err)
	}
	if _, err := chromedp.Run(w.b.Ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.CSS(sel)))); err != nil {
		w.t.Fatalf("%s: clicking %s on %s: %v", what, sel, from, err)
	}
	to := w.path()
	if to == from {
		w.t.Fatalf("%s: clicking %s on %s stayed on the page", what, sel, from)
	}
	w.t.Logf("%s: %s → %s", what, from, to)
	return to
}

// path is the path of the tab's page.
func (w *walker) path() string {
	w.t.Helper()
	p, err := chromedp.Run(w.b.Ctx, chromedp.Evaluate[string](`location.pathname`))
	if err != nil {
		w.t.Fatal(err)
	}
	return p
}

// text is the text of the first element that matches sel, white space collapsed; "" if none.
func (w *walker) text(sel string) string {
	w.t.Helper()
	s, err := chromedp.Run(w.b.Ctx, chromedp.Evaluate[string](fmt.Sprintf(
		`(document.querySelector(%q)?.textContent || "").replace(/\s+/g, " ").trim()`, sel)))
	if err != nil {
		w.t.Fatal(err)
	}
	return s
}

// texts are the texts of every element that matches sel.
func (w *walker) texts(sel string) []string {
	w.t.Helper()
	s, err := chromedp.Run(w.b.Ctx, chromedp.Evaluate[[]string](fmt.Sprintf(
		`[...document.querySelectorAll(%q)].map(e => e.textContent.replace(/\s+/g, " ").trim())`, sel)))
	if err != nil {
		w.t.Fatal(err)
	}
	return s
}

// attr is attribute a of the first element that matches sel.
func (w *walker) attr(sel, a string) string {
	w.t.Helper()
	s, err := chromedp.Run(w.b.Ctx, chromedp.Evaluate[string](fmt.Sprintf(
		`document.querySelector(%q)?.getAttribute(%q) || ""`, sel, a)))
	if err != nil {
		w.t.Fatal(err)
	}
	return s
}

// shoot saves the page's screenshots as name-360.png and name-1280.png and fails the test
// when the page scrolls sideways on the phone.
func (w *walker) shoot(name string) {
	w.t.Helper()
	shots, err := w.b.Screenshot(w.shots, name)
	if err != nil {
		w.t.Fatalf("screenshot of %s: %v", name, err)
	}
	for _, s := range shots {
		if s.ScrollWidth > s.Width {
			w.t.Errorf("%s (%s) scrolls sideways at %d px: the page is %d px wide", name, w.path(), s.Width, s.ScrollWidth)
		}
	}
	w.taken = append(w.taken, name)
}

// must fails the test unless the path matches re.
func (w *walker) must(what, path, re string) {
	w.t.Helper()
	if !regexp.MustCompile(re).MatchString(path) {
		w.t.Fatalf("%s: at %s, want a page like %s", what, path, re)
	}
}

// TestNavigation walks the built demo in Chromium by clicking links only (issue 8): from the
// home page to a case, to a hall and its next meeting; by community and category, and by
// category and year, through the browse pages and their pager to a case; the language switch
// to English and back on the same page. Every request stays on the site's own origin.
// Screenshots of each kind of page at 360 and 1280 px are saved in Artefacts.
func TestNavigation(t *testing.T) {
	Chromium(t) // skip (or fail in CI) before building anything
	public := builtSite(t)
	srv := Serve(t, public)
	b := Start(t, 180*time.Second)
	w := &walker{t: t, b: b, origin: srv.URL, shots: Artefacts(t)}

	// Home → a recently closed case.
	w.open("/")
	w.shoot("home")
	p := w.click("home → case", `section[aria-labelledby="home-recent"] ul.cases a`)
	w.must("home → case", p, `^/cases/[^/]+\.html$`)
	if s := w.text("p.status"); s == "" {
		t.Errorf("%s shows no status", p)
	}
	w.shoot("case")

	// Home → a hall with a meeting to come → its next meeting.
	w.click("case → home", `a.brand`)
	next := w.text(`section[aria-labelledby="home-halls"] li:has(p.meta) p.meta`)
	hall := w.click("home → hall", `section[aria-labelledby="home-halls"] li:has(p.meta) > a`)
	w.must("home → hall", hall, `^/halls/[^/]+/$`)
	w.shoot("hall")
	first := w.attr(`section[aria-labelledby="hall-next"] ul.meetings a[href^="/meetings/"]`, "href")
	meeting := w.click("hall → next meeting", `section[aria-labelledby="hall-next"] ul.meetings a[href^="/meetings/"]`)
	w.must("hall → next meeting", meeting, `^/meetings/[^/]+/$`)
	if meeting != first {
		t.Errorf("the hall's first meeting to come is %s, the click led to %s", first, meeting)
	}
	if w.attr(`dl.facts a[href="`+hall+`"]`, "href") != hall {
		t.Errorf("the meeting %s does not link back to its hall %s", meeting, hall)
	}
	kicker, when := w.text("article.meeting .kicker"), w.text("dl.facts dd")
	if strings.Contains(kicker, "已召开") || strings.Contains(kicker, "已取消") {
		t.Errorf("the hall's next meeting %s is %q, not one to come", meeting, kicker)
	}
	if at := strings.TrimPrefix(next, "下次："); !strings.Contains(when, at) {
		t.Errorf("the home page says the hall meets next %q; the meeting page says %q", at, when)
	}
	w.shoot("meeting")

	// By community and category: communities → a community → a category → page 2 and back
	// → a case of that community and category.
	w.click("meeting → communities", `nav.main a[href="/communities/"]`)
	w.shoot("communities")
	community := w.click("communities → community", `table a[href^="/communities/"]`)
	w.must("communities → community", community, `^/communities/[^/]+/$`)
	cmName := w.text("main h1")
	w.shoot("community")
	facet := w.click("community → category", `dl[aria-labelledby="browse-category"] a`)
	w.must("community → category", facet, `^`+regexp.QuoteMeta(community)+`[a-z0-9-]+/$`)
	h1 := w.text("main h1")
	catName := strings.TrimSpace(strings.TrimPrefix(h1, cmName+" ·"))
	if !strings.HasPrefix(h1, cmName+" · ") || catName == "" {
		t.Fatalf("the browse page %s is headed %q, want %s · a category", facet, h1, cmName)
	}
	w.shoot("facet")
	for _, c := range w.texts("ul.cases .cat") {
		if !strings.HasPrefix(c, catName) {
			t.Errorf("%s lists a case of %q", facet, c)
		}
	}
	for _, c := range w.texts("ul.cases .meta > span:first-child") {
		if c != cmName {
			t.Errorf("%s lists a case of %q", facet, c)
		}
	}
	if w.attr(`.pager a[rel="next"]`, "href") != "" {
		p := w.click("browse page → next page", `.pager a[rel="next"]`)
		if p != facet+"page/2/" {
			t.Errorf("the next page of %s is %s", facet, p)
		}
		if p := w.click("next page → previous page", `.pager a[rel="prev"]`); p != facet {
			t.Errorf("the page before %spage/2/ is %s", facet, p)
		}
	}
	c := w.click("browse page → case", `ul.cases a`)
	w.must("browse page → case", c, `^/cases/[^/]+\.html$`)
	if got := w.text(".kicker a"); got != catName {
		t.Errorf("%s, reached from %s, is of category %q", c, facet, got)
	}
	if got := w.text(`dl.facts a[href^="/communities/"]`); got != cmName {
		t.Errorf("%s, reached from %s, is in %q", c, facet, got)
	}

	// By category and year: the case's category → a year → a case.
	cat := w.click("case → category", `.kicker a`)
	w.must("case → category", cat, `^/categories/[a-z0-9-]+/$`)
	w.shoot("category")
	year := w.click("category → year", `dl[aria-labelledby="browse-year"] a`)
	w.must("category → year", year, `^`+regexp.QuoteMeta(cat)+`[0-9]{4}/$`)
	y := strings.Trim(strings.TrimPrefix(year, cat), "/")
	for _, d := range w.texts("ul.cases .meta time, ul.cases .meta > span:nth-child(2)") {
		if !strings.Contains(d, y) {
			t.Errorf("%s lists a case of %q", year, d)
		}
	}
	c = w.click("category × year → case", `ul.cases a`)
	w.must("category × year → case", c, `^/cases/[^/]+\.html$`)
	if got := w.text(".kicker a"); got != catName {
		t.Errorf("%s, reached from %s, is of category %q", c, year, got)
	}

	// The language switch: this case in English and back, then its browse page.
	en := w.click("language switch to English", `nav.langs a[hreflang="en"]`)
	if en != "/en"+c {
		t.Errorf("the English version of %s is %s", c, en)
	}
	if lang := w.attr("html", "lang"); lang != "en" {
		t.Errorf("%s: <html lang=%q>", en, lang)
	}
	w.shoot("case-en")
	if back := w.click("language switch back", `nav.langs a[hreflang="zh-CN"]`); back != c {
		t.Errorf("switching back from %s leads to %s, want %s", en, back, c)
	}
	crumb := w.click("case → its browse page (breadcrumbs)", `nav.crumbs li:nth-last-child(2) a`)
	w.must("case → browse page", crumb, `^/communities/[^/]+/[a-z0-9-]+/$`)
	en = w.click("browse page in English", `nav.langs a[hreflang="en"]`)
	if en != "/en"+crumb || w.attr("html", "lang") != "en" {
		t.Errorf("the English version of %s is %s (lang %q)", crumb, en, w.attr("html", "lang"))
	}
	w.shoot("facet-en")
	if back := w.click("language switch back", `nav.langs a[hreflang="zh-CN"]`); back != crumb || w.attr("html", "lang") != "zh-CN" {
		t.Errorf("switching back from %s leads to %s", en, back)
	}
	w.click("browse page → all categories", `ul.related a[href="/categories/"]`)
	w.shoot("categories")

	// Every request went to the site, and the server answered each page the tab asked for.
	reqs := b.Requests()
	if len(reqs) < 20 {
		t.Errorf("%d requests recorded: the network listener is not working", len(reqs))
	}
	if foreign := b.Foreign(srv.URL); len(foreign) > 0 {
		t.Errorf("requests to other hosts: %v", foreign)
	}
	served := map[string]bool{}
	for _, s := range srv.Take() {
		served[s.Path] = true
	}
	for _, p := range []string{"/", hall, meeting, community, facet, cat, year, c, "/en" + c, "/css/site.css"} {
		if !served[p] {
			t.Errorf("the server never served %s", p)
		}
	}
	t.Logf("%d requests, none to another host; screenshots of %s at %v px in %s", len(reqs), strings.Join(w.taken, ", "), Widths, w.shots)
}

package browser

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"gongshi/generator/build"
	"gongshi/generator/search"
)

// builtSite returns the folder of a built site: $GONGSHI_BROWSER_SITE, else the committed demo
// built into a temporary folder.
func builtSite(t *testing.T) string {
	t.Helper()
	if dir := os.Getenv("GONGSHI_BROWSER_SITE"); dir != "" {
		return dir
	}
	root := filepath.Join("..", "..")
	out := filepath.Join(t.TempDir(), "public")
	start := time.Now()
	defer func() { t.Logf("built the demo in %v", time.Since(start).Round(time.Millisecond)) }()
	if _, err := build.Run(build.Options{Site: os.DirFS(root), Out: out, Today: time.Now()}); err != nil {
		t.Fatalf("building the demo: %v", err)
	}
	return out
}

// answer is what the search page shows.
type answer struct {
	URLs   []string `json:"urls"`
	Status string   `json:"status"`
	State  string   `json:"state"`
	Ms     float64  `json:"ms"`
	Timing string   `json:"timing"`
	Marks  []string `json:"marks"`
}

const readPage = `(() => {
  const app = document.getElementById("search-app");
  return {
    urls: [...document.querySelectorAll("#search-results .results li h2 a")].map(a => a.getAttribute("href")),
    status: document.getElementById("search-status").textContent,
    state: app.getAttribute("data-state") || "",
    ms: parseFloat(app.getAttribute("data-ms") || "-1"),
    timing: app.getAttribute("data-timing") || "",
    marks: [...document.querySelectorAll("#search-results mark")].map(m => m.textContent),
  };
})()`

// wait waits until the page has answered.
func wait(t *testing.T, b *Browser) answer {
	t.Helper()
	_, err := chromedp.Run(b.Ctx, chromedp.Poll[bool](
		`["done", "error"].includes(document.getElementById("search-app")?.getAttribute("data-state"))`,
		chromedp.WithPollingTimeout(20*time.Second), chromedp.WithPollingInterval(5*time.Millisecond)))
	if err != nil {
		t.Fatalf("the search page did not answer: %v", err)
	}
	a, err := chromedp.Run(b.Ctx, chromedp.Evaluate[answer](readPage))
	if err != nil {
		t.Fatal(err)
	}
	if a.State != "done" {
		t.Fatalf("the search page failed: %q", a.Status)
	}
	return a
}

// ask fills the form as a reader would and submits it.
func ask(t *testing.T, b *Browser, q string, filter map[string]string) answer {
	t.Helper()
	fields := map[string]string{"q": q, "kind": "", "community": "", "category": "", "year": ""}
	for k, v := range filter {
		fields[k] = v
	}
	data, _ := json.Marshal(fields)
	js := `(() => {
  const f = ` + string(data) + `, form = document.getElementById("search-form");
  document.getElementById("search-app").removeAttribute("data-state");
  for (const k in f) form.elements[k].value = f[k];
  form.requestSubmit();
})()`
	if err := chromedp.Do(b.Ctx, chromedp.Evaluate[chromedp.Void](js)); err != nil {
		t.Fatal(err)
	}
	return wait(t, b)
}

// expect returns the URLs of Reader's first k hits.
func expect(t *testing.T, r *search.Reader, q string, f search.Filter, k int) []string {
	t.Helper()
	res, err := r.Search(q, f, k)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, h := range res.Hits {
		s, err := r.Show(h.Doc)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, s.URL)
	}
	return out
}

// TestSearch searches the built demo in Chromium at a quarter of the CPU's speed: a Chinese
// query, a case id and filters give Reader's answers in Reader's order, the matches are
// highlighted, and no request leaves the site.
func TestSearch(t *testing.T) {
	Chromium(t) // skip (or fail in CI) before building anything
	public := builtSite(t)
	b := Start(t, 60*time.Second)
	page, err := os.ReadFile(filepath.Join(public, "search", "index.html"))
	if err != nil {
		t.Fatalf("no search page: %v (render must list /search/ with layouts/search.html)", err)
	}
	r, err := search.Open(os.DirFS(filepath.Join(public, "search")))
	if err != nil {
		t.Fatalf("no search index: %v (render.Render must call writeSearch)", err)
	}
	for _, s := range []string{"需要启用 JavaScript", `href="/cases/"`, `href="/communities/"`, `href="/halls/"`} {
		if !strings.Contains(string(page), s) {
			t.Errorf("the search page without JavaScript lacks %s", s)
		}
	}
	srv := Serve(t, public)
	if _, err := chromedp.Call(b.Ctx, emulation.SetCPUThrottlingRate, emulation.SetCPUThrottlingRateParams{Rate: 4}); err != nil {
		t.Fatal(err)
	}

	if err := chromedp.Do(b.Ctx, chromedp.Navigate(srv.URL+"/search/")); err != nil {
		t.Fatal(err)
	}
	wait(t, b)
	meta := 0
	for _, s := range srv.Take() {
		if s.Path == "/search/meta.json" {
			meta = s.Bytes
		}
	}

	// The first query of a fresh page in a fresh browser: what it downloads and how long it
	// takes, files fetched from the loopback server included.
	a := ask(t, b, "噪音", nil)
	fetched, files := 0, 0
	for _, s := range srv.Take() {
		if strings.HasPrefix(s.Path, "/search/") && strings.HasSuffix(s.Path, ".json") {
			fetched += s.Bytes
			files++
		}
	}
	t.Logf("first query 噪音 at 4x CPU throttling: %.1f ms (%s); downloaded %d bytes: meta.json %d on opening the page, then %d in %d files",
		a.Ms, a.Timing, meta+fetched, meta, fetched, files)
	if meta+fetched > 300<<10 {
		t.Errorf("the first query downloaded %d bytes, more than 300 KB", meta+fetched)
	}
	// The same on a new page whose files are in the browser's cache: the cost on the phone's
	// CPU alone, script cold; then the query again, warm.
	if err := chromedp.Do(b.Ctx, chromedp.Navigate(srv.URL+"/search/")); err != nil {
		t.Fatal(err)
	}
	wait(t, b)
	cold := ask(t, b, "噪音", nil)
	warm := ask(t, b, "噪音", nil)
	t.Logf("first query 噪音 of a new page, files cached: %.1f ms (%s); again: %.1f ms", cold.Ms, cold.Timing, warm.Ms)
	if cold.Ms > 1000 {
		t.Errorf("the first query took %.0f ms of CPU at 4x throttling: ten times the 100 ms budget", cold.Ms)
	}
	check := func(name string, a answer, want []string) {
		t.Helper()
		if len(want) == 0 {
			t.Fatalf("%s: Reader finds nothing; pick another query", name)
		}
		if fmt.Sprint(a.URLs) != fmt.Sprint(want) {
			t.Errorf("%s: the page shows %v\nReader's answer is %v", name, a.URLs, want)
		}
	}
	check("噪音", a, expect(t, r, "噪音", search.Filter{}, 10))
	if !contains(a.Marks, "噪音") {
		t.Errorf("噪音: no highlighted 噪音 among %q", a.Marks)
	}

	// A case id finds that case first.
	first, err := r.Show(0)
	if err != nil || !strings.HasPrefix(first.URL, "/cases/") {
		t.Fatalf("document 0 is not a case: %+v %v", first, err)
	}
	id := strings.TrimSuffix(strings.TrimPrefix(first.URL, "/cases/"), ".html")
	a = ask(t, b, id, nil)
	if len(a.URLs) == 0 || a.URLs[0] != first.URL {
		t.Errorf("case id %s: first result %v, want %s", id, a.URLs, first.URL)
	}
	t.Logf("case id %s: %.1f ms", id, a.Ms)

	// Filters, alone and together.
	for _, c := range []struct {
		q string
		f search.Filter
	}{
		{"电梯", search.Filter{Community: "shuicheng"}},
		{"噪音", search.Filter{Kind: search.Meeting}},
		{"噪音", search.Filter{Category: "noise", Year: 2021}},
		{"议事厅", search.Filter{Kind: search.Hall}},
	} {
		f := map[string]string{"kind": string(c.f.Kind), "community": c.f.Community, "category": c.f.Category}
		if c.f.Year != 0 {
			f["year"] = fmt.Sprint(c.f.Year)
		}
		a := ask(t, b, c.q, f)
		check(fmt.Sprintf("%s %+v", c.q, c.f), a, expect(t, r, c.q, c.f, 10))
	}

	// The plain form's GET request: the page reads the query from its address.
	if err := chromedp.Do(b.Ctx, chromedp.Navigate(srv.URL+"/search/?q=%E7%94%B5%E6%A2%AF&kind=case")); err != nil {
		t.Fatal(err)
	}
	a = wait(t, b)
	check("?q=电梯&kind=case", a, expect(t, r, "电梯", search.Filter{Kind: search.Case}, 10))

	// A one-character query and one that finds nothing.
	check("电", ask(t, b, "电", nil), expect(t, r, "电", search.Filter{}, 10))
	if a := ask(t, b, "xyzzy", nil); len(a.URLs) != 0 || !strings.Contains(a.Status, "没有找到") {
		t.Errorf("a query with no match shows %v, %q", a.URLs, a.Status)
	}

	// Another language's search page links that language's pages.
	if _, err := os.Stat(filepath.Join(public, "en", "search", "index.html")); err == nil {
		if err := chromedp.Do(b.Ctx, chromedp.Navigate(srv.URL+"/en/search/?q=%E5%99%AA%E9%9F%B3")); err != nil {
			t.Fatal(err)
		}
		a := wait(t, b)
		want := expect(t, r, "噪音", search.Filter{}, 10)
		if len(a.URLs) == 0 || a.URLs[0] != "/en"+want[0] {
			t.Errorf("/en/search/: first result %v, want /en%s", a.URLs, want[0])
		}
	}

	if foreign := b.Foreign(srv.URL); len(foreign) > 0 {
		t.Errorf("requests to other hosts: %v", foreign)
	}
	if len(b.Requests()) == 0 {
		t.Error("no requests were recorded: the network listener is not working")
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

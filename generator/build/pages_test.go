package build

import (
	"bytes"
	"compress/gzip"
	"regexp"
	"strings"
	"testing"
)

// checkPages checks what every page of a built site (files by path) offers besides its content
// (issue 8): a description and OpenGraph meta on every page, a search form on the 404 page of
// every language, print styles that drop the navigation, and the weight of the heaviest case
// page, with the stylesheet, under 30 KB compressed.
func checkPages(t *testing.T, files map[string][]byte) {
	t.Helper()
	meta := map[string]*regexp.Regexp{
		"description":    regexp.MustCompile(`<meta name="description" content="[^"]+">`),
		"og:title":       regexp.MustCompile(`<meta property="og:title" content="[^"]+">`),
		"og:description": regexp.MustCompile(`<meta property="og:description" content="[^"]+">`),
		"og:url":         regexp.MustCompile(`<meta property="og:url" content="[^"]+">`),
		"og:type":        regexp.MustCompile(`<meta property="og:type" content="(website|article)">`),
	}
	missing := map[string][]string{}
	heaviest, heavy := "", 0
	for p, data := range files {
		if !strings.HasSuffix(p, ".html") {
			continue
		}
		for name, re := range meta {
			if !re.Match(data) {
				missing[name] = append(missing[name], p)
			}
		}
		if regexp.MustCompile(`^(en/)?cases/[^/]+\.html$`).MatchString(p) && !strings.HasSuffix(p, "cases/index.html") && len(data) > heavy {
			heaviest, heavy = p, len(data)
		}
	}
	for name, ps := range missing {
		t.Errorf("%d pages lack %s, e.g. %s", len(ps), name, ps[0])
	}
	for _, nf := range []string{"404.html", "en/404.html"} {
		prefix := strings.TrimSuffix(nf, "404.html")
		if !bytes.Contains(files[nf], []byte(`action="/`+prefix+`search/" method="get" role="search"`)) || !bytes.Contains(files[nf], []byte(`name="q"`)) {
			t.Errorf("%s has no search form", nf)
		}
	}
	css := files["css/site.css"]
	if !regexp.MustCompile(`@media print \{[^}]*\.masthead \.wrap[^}]*\.noprint[^}]*display: none`).Match(css) {
		t.Error("site.css has no print styles that hide the navigation and .noprint")
	}
	gz := func(b []byte) int {
		var buf bytes.Buffer
		w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		w.Write(b)
		w.Close()
		return buf.Len()
	}
	if heaviest == "" {
		t.Fatal("no case pages")
	}
	page, style := gz(files[heaviest]), gz(css)
	t.Logf("heaviest case page %s: %d bytes, %d compressed, + site.css %d compressed", heaviest, heavy, page, style)
	if page+style > 30<<10 {
		t.Errorf("the case page %s weighs %d bytes compressed with its stylesheet, more than 30 KB", heaviest, page+style)
	}
}

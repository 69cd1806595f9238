package build

import (
	"bytes"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/tools/txtar"
)

// TestLanguages builds the small site and checks its languages: every page exists in both, a
// page links only to pages of its own language (its language switch and hreflang alternates
// aside), says its language in <html lang>, names every alternate with hreflang, and the sitemap
// lists the alternates too.
func TestLanguages(t *testing.T) {
	a, err := txtar.ParseFile("testdata/small.txtar")
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Run(Options{Site: siteFS(t, a), Out: out, Today: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	files := readTree(t, out)
	langs := map[string]string{"": "zh-CN", "en/": "en"} // path prefix → tag
	var zh, en []string
	for p := range files {
		if !strings.HasSuffix(p, ".html") {
			continue
		}
		if strings.HasPrefix(p, "en/") {
			en = append(en, strings.TrimPrefix(p, "en/"))
		} else {
			zh = append(zh, p)
		}
	}
	sort.Strings(zh)
	sort.Strings(en)
	if strings.Join(zh, "\n") != strings.Join(en, "\n") {
		t.Errorf("the languages have different pages:\nzh-CN: %d pages\nen: %d pages", len(zh), len(en))
	}
	if len(zh) < 20 {
		t.Fatalf("only %d pages", len(zh))
	}
	for _, p := range zh {
		for prefix, tag := range langs {
			page := prefix + p
			doc, err := html.Parse(bytes.NewReader(files[page]))
			if err != nil {
				t.Fatal(err)
			}
			if got := langAttr(langFind(doc, "html"), "lang"); got != tag {
				t.Errorf("%s: <html lang=%q>, want %q", page, got, tag)
			}
			alternates := map[string]string{}
			switched := false
			langWalk(doc, func(n *html.Node) {
				href := langAttr(n, "href")
				if href == "" || strings.Contains(href, "://") || strings.HasPrefix(href, "#") {
					if n.Data == "link" && langAttr(n, "hreflang") != "" {
						alternates[langAttr(n, "hreflang")] = href
					}
					return
				}
				if langAttr(n, "hreflang") != "" { // the language switch
					if n.Data == "a" {
						switched = true
						if target, _ := resolve(page, href); files[target] == nil {
							t.Errorf("%s: the language switch links to %s, which does not exist", page, href)
						}
					}
					return
				}
				target, ok := resolve(page, href)
				if !ok || !strings.HasSuffix(target, ".html") {
					return // an asset, a feed or a calendar: shared by the languages
				}
				if inEN := strings.HasPrefix(target, "en/"); inEN != (prefix == "en/") {
					t.Errorf("%s (%s) links to %s, a page of the other language", page, tag, href)
				}
			})
			if p != "404.html" && !switched && !strings.Contains(p, "/print/") {
				t.Errorf("%s: no language switch", page)
			}
			for want := range map[string]bool{"zh-CN": true, "en": true, "x-default": true} {
				if alternates[want] == "" {
					t.Errorf("%s: no hreflang=%q alternate", page, want)
				}
			}
		}
	}
	sitemap := string(files["sitemap.xml"])
	for _, want := range []string{`xmlns:xhtml="http://www.w3.org/1999/xhtml"`,
		`<url><loc>https://example.org/en/halls/haitang/</loc><xhtml:link rel="alternate" hreflang="zh-CN" href="https://example.org/halls/haitang/"/><xhtml:link rel="alternate" hreflang="en" href="https://example.org/en/halls/haitang/"/><xhtml:link rel="alternate" hreflang="x-default" href="https://example.org/halls/haitang/"/></url>`} {
		if !strings.Contains(sitemap, want) {
			t.Errorf("sitemap.xml lacks %s", want)
		}
	}
	// Dates and numbers in English; the content stays as written, marked as Chinese.
	hall := string(files["en/halls/haitang/index.html"])
	for _, want := range []string{`<h1 lang="zh-CN">海棠议事厅</h1>`, "Every Wednesday, ", "Regular sessions"} {
		if !strings.Contains(hall, want) {
			t.Errorf("en/halls/haitang/index.html lacks %q", want)
		}
	}
}

func langFind(n *html.Node, tag string) *html.Node {
	var found *html.Node
	langWalk(n, func(n *html.Node) {
		if found == nil && n.Data == tag {
			found = n
		}
	})
	return found
}

func langWalk(n *html.Node, f func(*html.Node)) {
	if n.Type == html.ElementNode {
		f(n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		langWalk(c, f)
	}
}

func langAttr(n *html.Node, key string) string {
	if n == nil {
		return ""
	}
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

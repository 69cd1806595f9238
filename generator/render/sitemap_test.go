package render

import (
	"encoding/xml"
	"strings"
	"testing"

	"gongshi/generator/site"
)

// TestSitemapSplits lists more pages than one sitemap may hold: sitemap.xml becomes an index of
// files of at most max URLs each, which together list every page once, and the 404 page none.
func TestSitemapSplits(t *testing.T) {
	s := &site.Site{BaseURL: "https://example.org/"}
	var jobs []Job
	for _, u := range []string{"/", "/404.html", "/cases/", "/cases/a.html", "/cases/b.html", "/halls/x/", "/halls/y/"} {
		tmpl := "page.html"
		if u == "/404.html" {
			tmpl = "404.html"
		}
		jobs = append(jobs, Job{job{template: tmpl, page: &Page{URL: u, Alternates: []Alternate{{Tag: "zh-CN", URL: u}}}}})
	}
	type urlset struct {
		Locs []string `xml:"url>loc"`
	}
	type index struct {
		XMLName xml.Name `xml:"sitemapindex"`
		Locs    []string `xml:"sitemap>loc"`
	}
	for _, max := range []int{1, 2, 3, 5, 6, 50_000} {
		mw := &mapWriter{}
		if err := writeSitemaps(s, jobs, mw, max); err != nil {
			t.Fatal(err)
		}
		w := mw.files
		var all []string
		var idx index
		if err := xml.Unmarshal(w["sitemap.xml"], &idx); err == nil {
			if max >= 6 {
				t.Errorf("max %d: an index for 6 pages", max)
			}
			for _, loc := range idx.Locs {
				var u urlset
				if err := xml.Unmarshal(w[strings.TrimPrefix(loc, "https://example.org/")], &u); err != nil {
					t.Fatalf("max %d: %s: %v", max, loc, err)
				}
				if len(u.Locs) > max {
					t.Errorf("max %d: %s lists %d URLs", max, loc, len(u.Locs))
				}
				all = append(all, u.Locs...)
			}
		} else {
			var u urlset
			if err := xml.Unmarshal(w["sitemap.xml"], &u); err != nil {
				t.Fatal(err)
			}
			if max < 6 {
				t.Errorf("max %d: no index for 6 pages", max)
			}
			all = u.Locs
		}
		want := "https://example.org/ https://example.org/cases/ https://example.org/cases/a.html https://example.org/cases/b.html https://example.org/halls/x/ https://example.org/halls/y/"
		if got := strings.Join(all, " "); got != want {
			t.Errorf("max %d: sitemaps list\n%s\nwant\n%s", max, got, want)
		}
	}
}

// TestSitemapKeyLazy checks that the sitemap's key of the case pages made on demand is that of
// the same pages made beforehand, in every language.
func TestSitemapKeyLazy(t *testing.T) {
	th := lazyTheme(t)
	s := lazyModel(th)
	jobs := Jobs(s, th)
	made, lazy := eagerJobs(jobs)
	if lazy == 0 {
		t.Fatal("no case page is made on demand: this test tests nothing")
	}
	key := sitemapKey(s, th, jobs)
	if want := sitemapKey(s, th, made); key != want {
		t.Errorf("sitemap key %x, want %x", key, want)
	}
	// The key follows what the sitemap lists: a case page's URL, in every language.
	s.Cases[1].URL = "/cases/3/"
	if sitemapKey(s, th, Jobs(s, th)) == key {
		t.Error("the key of another case URL is the same")
	}
	s.Cases[1].URL = "/cases/2/"
	if sitemapKey(s, th, Jobs(s, th)) != key {
		t.Error("the key of the same pages changed")
	}
	s.BaseURL = "https://example.net/"
	if sitemapKey(s, th, Jobs(s, th)) == key {
		t.Error("the key of another base URL is the same")
	}
}

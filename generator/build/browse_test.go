package build

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// checkBrowse checks the browse pages of a built site (issue 8; files by path): every published
// case is listed on exactly one page of each of the three facets it belongs to (its community
// and category, its community and year, its category and year), in both languages; a list page
// holds at most 20 cases and links the pages before and after it; and every facet list is
// linked from the page of its community or category.
func checkBrowse(t *testing.T, files map[string][]byte) {
	t.Helper()
	caseLink := regexp.MustCompile(`<a href="(?:/en)?/cases/([^/"]+)\.html">`)
	facetPath := regexp.MustCompile(`^(en/)?(communities|categories)/([a-z0-9-]+)/([a-z0-9-]+)/(?:page/([0-9]+)/)?index\.html$`)
	published := map[string]bool{}
	for p := range files {
		if m := regexp.MustCompile(`^cases/([^/]+)\.html$`).FindStringSubmatch(p); m != nil && m[1] != "index" {
			published[m[1]] = true
		}
	}
	if len(published) == 0 {
		t.Fatal("no case pages")
	}
	type facet struct{ lang, kind string }
	listed := map[facet]map[string]int{} // facet kind in a language → case id → times listed
	lists := map[string]int{}            // facet URL → pages
	for p, data := range files {
		m := facetPath.FindStringSubmatch(p)
		if m == nil {
			continue
		}
		lang, section, a, b := m[1], m[2], m[3], m[4]
		kind := "community×category"
		switch {
		case section == "categories":
			kind = "category×year"
		case regexp.MustCompile(`^[0-9]+$`).MatchString(b):
			kind = "community×year"
		}
		f := facet{lang, kind}
		if listed[f] == nil {
			listed[f] = map[string]int{}
		}
		html := string(data)
		main := html[strings.Index(html, "<main"):]
		ids := caseLink.FindAllStringSubmatch(main, -1)
		if len(ids) == 0 || len(ids) > 20 {
			t.Errorf("%s lists %d cases, want 1 to 20", p, len(ids))
		}
		for _, id := range ids {
			listed[f][id[1]]++
		}
		base := fmt.Sprintf("/%s%s/%s/%s/", lang, section, a, b)
		lists[base]++
		if n := m[5]; n != "" && !strings.Contains(html, `rel="prev"`) {
			t.Errorf("%s: page %s has no link to the page before it", p, n)
		}
		if !strings.Contains(html, `class="crumbs"`) {
			t.Errorf("%s: no breadcrumbs", p)
		}
	}
	for _, lang := range []string{"", "en/"} {
		for _, kind := range []string{"community×category", "community×year", "category×year"} {
			got := listed[facet{lang, kind}]
			if len(got) == 0 {
				t.Errorf("/%s: no %s pages", lang, kind)
				continue
			}
			var missing, twice []string
			for id := range published {
				switch got[id] {
				case 0:
					missing = append(missing, id)
				case 1:
				default:
					twice = append(twice, id)
				}
			}
			for id := range got {
				if !published[id] {
					t.Errorf("/%s %s pages list %s, which has no page", lang, kind, id)
				}
			}
			sort.Strings(missing)
			sort.Strings(twice)
			if len(missing) > 0 || len(twice) > 0 {
				t.Errorf("/%s %s pages: %d published cases missing (e.g. %v), %d listed twice (e.g. %v)", lang, kind,
					len(missing), missing[:min(3, len(missing))], len(twice), twice[:min(3, len(twice))])
			}
		}
	}
	// Every list is linked from its community's or category's page; every list of more than
	// one page links its next page.
	for base, pages := range lists {
		parts := strings.Split(strings.Trim(base, "/"), "/")
		owner := strings.Join(parts[:len(parts)-1], "/") + "/index.html"
		if !strings.Contains(string(files[owner]), `href="`+base+`"`) {
			t.Errorf("%s does not link %s", owner, base)
		}
		if pages > 1 && !strings.Contains(string(files[strings.TrimPrefix(base, "/")+"index.html"]), `rel="next" href="`+base+`page/2/"`) {
			t.Errorf("%s has %d pages, but its first does not link the second", base, pages)
		}
	}
}

package render

import (
	"strconv"
	"strings"
)

// CrumbsKey identifies the page's breadcrumbs: two pages have the same key exactly when their
// Crumbs are the same, so that a theme can cache their links as one fragment per language and
// key ({{cached "crumbs" . .CrumbsKey}}).
func (p *Page) CrumbsKey() string {
	var b strings.Builder
	for _, c := range p.Crumbs {
		for _, s := range [3]string{c.URL, c.Key, c.Label} {
			b.WriteString(strconv.Itoa(len(s)))
			b.WriteByte(':')
			b.WriteString(s)
		}
	}
	return b.String()
}

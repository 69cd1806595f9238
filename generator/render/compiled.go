package render

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"
	"time"

	"gongshi/generator/site"
	"gongshi/generator/theme"
)

// Templates of the default theme in Go. Every page runs base.html around its "main": the
// head, the masthead, the breadcrumbs and the footer. Through html/template that costs about
// 38 µs a page, half the time of a case page, most of it in the reflective calls of its actions
// and escapers. When the theme's layouts/base.html is the default theme's (by its SHA-256,
// baseSum), writeBase writes what html/template would: the same text, each value escaped as
// html/template escapes it in its context (see escape below), and every template a page may
// define or redefine ("main", "scripts") and every fragment ("cached") run through the page's
// own template set.
//
// The "main" of the pages the site has most of is written in Go too, each when its page file
// is the default theme's and defines the "main" the page runs: a case page's (writeCaseMain;
// one page per published case and language), a page of a facet's list (writeFacetMain; one
// per 20 cases of each of three facets) and a page of /cases/ (writeCasesMain), the last two
// with their list of cases (partials/case-list.html, writeListEnd). Their fragments and the
// pager still go through the page's template set; a row of a list is itself written in Go
// (writeCaseRow, which "cached" calls; see Compiled).
//
// A page takes the template path instead when base.html is another one, when its page file
// redefines "description" (but for facet.html, whose description writeBase knows), for a print
// view (which runs "skip"), and for a page with no alternates (on which base.html fails).
// TestCompiledBaseDemo (package build) holds the Go to html/template's output on every page of
// the demo; TestCompiledBase, TestCompiledCase and TestCompiledFacet on pages made to be
// awkward; TestCompiledSums fails when a default theme file written in Go changes, so that the
// Go is changed with it.

// The SHA-256 of each file of the default theme written in Go.
const (
	baseSum  = "f8a301d7113b8f18f9ea72f9803d83c70dbc7de87da6da5cc15936ddf6a7593f" // layouts/base.html
	caseSum  = "b7327e241ab55d4775ac33656fbcd0ccdddacbbcd92a03defc77870cf46ce40d" // layouts/case.html
	facetSum = "9392e162094e974db96570888c47146ee5f22de90f0fcaf5240ced640c787142" // layouts/facet.html
	listSum  = "43e0d8dca881a8b240c02e0d04cd65cc4df3756f911b1bca1ab3283fcc26ba7d" // layouts/partials/case-list.html
	casesSum = "aa86484ec17c15021c3bc5685e0a8db8e8f51e7dd4b4e8d7d7e9f64580930b7b" // layouts/cases.html
)

// sumIs reports whether the theme's template file path has the SHA-256 want (in hex).
func sumIs(th *theme.Theme, path, want string) bool {
	sum, ok := th.Sum(path)
	return ok && sum == want
}

// cachedFunc is a page template set's "cached" (theme.Lang.Cached).
type cachedFunc = func(name string, dot any, keys ...any) (template.HTML, error)

// goMain is how the "main" of a page written by writeBase is written.
type goMain int

const (
	templateMain goMain = iota // through html/template
	caseMain                   // writeCaseMain
	facetMain                  // writeFacetMain
	casesMain                  // writeCasesMain
)

// plan reports whether writeBase writes page p of the page template set page, and how its
// "main" is written.
func plan(th *theme.Theme, page string, p *Page) (bool, goMain) {
	if p.Print || len(p.Alternates) == 0 || !sumIs(th, "layouts/base.html", baseSum) {
		return false, templateMain
	}
	l := p.Lang
	// A page file written in Go: its own file, defining the "main" the page runs.
	own := func(sum string) bool { return sumIs(th, "layouts/"+page, sum) && l.DefinedIn(page, "main") == page }
	list := func() bool {
		return sumIs(th, "layouts/partials/case-list.html", listSum) &&
			l.DefinedIn(page, "partials/case-list.html") == "partials/case-list.html"
	}
	switch {
	case page == "facet.html" && p.Facet != nil && p.Pager != nil && own(facetSum) &&
		l.DefinedIn(page, "description") == page && list():
		return true, facetMain
	case l.DefinedIn(page, "description") != "base.html":
		return false, templateMain
	case page == "case.html" && p.Case != nil && own(caseSum):
		return true, caseMain
	case page == "cases.html" && p.Pager != nil && own(casesSum) && list():
		return true, casesMain
	}
	return true, templateMain
}

// writeBase writes page p, of the page template set t (page template page), as base.html does,
// with its "main" written as m says.
func writeBase(b *bytes.Buffer, t *template.Template, page string, p *Page, m goMain) error {
	cached := p.Lang.Cached(page)
	frag := func(name string, keys ...any) error {
		out, err := cached(name, p, keys...)
		b.WriteString(string(out))
		return err
	}
	self := abs(p.Site, p.URL)
	b.WriteString("<!DOCTYPE html>\n<html lang=\"")
	escape(b, p.Lang.Tag)
	b.WriteString("\">\n<head>\n<meta charset=\"utf-8\">\n" +
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
	if p.Title != "" {
		escape(b, p.Title)
		b.WriteString(" · ")
	}
	escape(b, p.Site.Title)
	b.WriteString("</title>\n<meta name=\"description\" content=\"")
	description(b, p, m)
	b.WriteString("\">\n<link rel=\"stylesheet\" href=\"/css/site.css\">\n" +
		"<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">\n<link rel=\"canonical\" href=\"")
	escapeURL(b, self)
	b.WriteString("\">")
	for _, a := range p.Alternates {
		b.WriteString("\n<link rel=\"alternate\" hreflang=\"")
		escape(b, a.Tag)
		b.WriteString("\" href=\"")
		escapeURL(b, abs(p.Site, a.URL))
		b.WriteString("\">")
	}
	b.WriteString("\n<link rel=\"alternate\" hreflang=\"x-default\" href=\"")
	escapeURL(b, abs(p.Site, p.Alternates[0].URL))
	b.WriteString("\">")
	if p.Feed != "" {
		b.WriteString("\n<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Atom\" href=\"")
		escapeURL(b, p.Feed)
		b.WriteString("\">")
	}
	b.WriteString("\n<meta property=\"og:site_name\" content=\"")
	escape(b, p.Site.Title)
	b.WriteString("\">\n<meta property=\"og:title\" content=\"")
	if p.Title != "" {
		escape(b, p.Title)
	} else {
		escape(b, p.Site.Title)
	}
	b.WriteString("\">\n<meta property=\"og:description\" content=\"")
	description(b, p, m)
	b.WriteString("\">\n<meta property=\"og:type\" content=\"")
	if p.Case != nil || p.Meeting != nil {
		b.WriteString("article")
	} else {
		b.WriteString("website")
	}
	// og:url is a meta content: html/template escapes it as an attribute, not as a URL.
	b.WriteString("\">\n<meta property=\"og:url\" content=\"")
	escape(b, self)
	b.WriteString("\">\n")
	if err := frag("og-locale"); err != nil {
		return err
	}
	b.WriteString("\n</head>\n<body>\n")
	if err := frag("masthead"); err != nil {
		return err
	}
	for _, a := range p.Alternates {
		if a.Current {
			continue
		}
		b.WriteString("\n        <li><a href=\"")
		escapeURL(b, a.URL)
		b.WriteString("\" hreflang=\"")
		escape(b, a.Tag)
		b.WriteString("\" lang=\"")
		escape(b, a.Tag)
		b.WriteString("\">")
		escape(b, a.Name)
		b.WriteString("</a></li>")
	}
	b.WriteString("\n      ")
	if err := frag("masthead-end", p.Nav); err != nil {
		return err
	}
	b.WriteString("\n<main id=\"main\" class=\"wrap\">")
	if len(p.Crumbs) > 0 {
		b.WriteString("\n")
		if err := frag("crumbs", p.CrumbsKey()); err != nil {
			return err
		}
		b.WriteString("<li aria-current=\"page\">")
		escape(b, p.Title)
		b.WriteString("</li></ol>\n</nav>")
	}
	b.WriteString("\n")
	switch m {
	case caseMain:
		if err := writeCaseMain(b, p.Lang, p.Lang.Cached(page), p.Case); err != nil {
			return err
		}
	case facetMain:
		if err := writeFacetMain(b, t, p.Lang.Cached(page), p); err != nil {
			return err
		}
	case casesMain:
		if err := writeCasesMain(b, t, p.Lang.Cached(page), p); err != nil {
			return err
		}
	default:
		if err := t.ExecuteTemplate(b, "main", p); err != nil {
			return err
		}
	}
	if p.Case != nil || p.Meeting != nil {
		b.WriteString("\n<p class=\"print-only\">")
		escape(b, self)
		b.WriteString("</p>")
	}
	b.WriteString("\n</main>\n")
	if err := frag("footer"); err != nil {
		return err
	}
	if err := t.ExecuteTemplate(b, "scripts", p); err != nil {
		return err
	}
	b.WriteString("\n</body>\n</html>\n")
	return nil
}

// writeCaseMain writes the "main" of case.html for case c, in language l; cached is the case
// page set's "cached".
func writeCaseMain(b *bytes.Buffer, l *theme.Lang, cached cachedFunc, c *site.Case) error {
	frag := func(name string, keys ...any) error {
		out, err := cached(name, c, keys...)
		b.WriteString(string(out))
		return err
	}
	t := func(key string, args ...any) { htmlText(b, l.T(key, args...)) }
	b.WriteString("\n\n<article class=\"case\">\n  <header>\n    ")
	if err := frag("case-kicker", c.Category.URL, c.Subcategory); err != nil {
		return err
	}
	b.WriteString("\n    <h1>")
	t("case.heading", "id", c.ID)
	b.WriteString("</h1>\n    ")
	if err := frag("case-status", c.Outcome(), c.Closed.IsZero(), c.DaysToClose); err != nil {
		return err
	}
	b.WriteString("\n  </header>\n  <dl class=\"facts\">\n    ")
	if err := frag("case-community", c.Community.URL); err != nil {
		return err
	}
	b.WriteString("\n    <div><dt>")
	t("case.received")
	if c.ByQuarter {
		b.WriteString("</dt><dd>")
		escape(b, date(l, "date.quarter", c.Received))
		b.WriteString("</dd></div>")
		if !c.Closed.IsZero() {
			b.WriteString("<div><dt>")
			t("case.closed")
			b.WriteString("</dt><dd>")
			escape(b, date(l, "date.quarter", c.Closed))
			b.WriteString("</dd></div>")
		}
	} else {
		month := func(at time.Time) {
			b.WriteString("</dt><dd>")
			writeMonth(b, l, at)
			b.WriteString("</dd></div>")
		}
		month(c.Received)
		if !c.Closed.IsZero() {
			b.WriteString("<div><dt>")
			t("case.closed")
			month(c.Closed)
		}
	}
	b.WriteString("\n    ")
	if err := frag("case-channel", c.Channel, c.Collective, c.Method); err != nil {
		return err
	}
	if c.Meeting != nil {
		if err := frag("case-meeting", c.Meeting.URL); err != nil {
			return err
		}
	}
	if c.Surveyed {
		if err := frag("case-survey", c.Solved, c.Satisfaction); err != nil {
			return err
		}
	}
	b.WriteString("\n  </dl>")
	for _, part := range [2]struct{ heading, text, none string }{
		{"case.summary", c.Summary, "case.no_summary"},
		{"case.resolution", c.Resolution, "case.no_resolution"},
	} {
		b.WriteString("\n  <section>\n    <h2>")
		t(part.heading)
		b.WriteString("</h2>\n    <p>")
		if part.text != "" {
			b.WriteString(string(contentText(l, part.text)))
		} else {
			t(part.none)
		}
		b.WriteString("</p>\n  </section>")
	}
	b.WriteString("\n  ")
	if err := frag("case-more", c.FacetURL()); err != nil {
		return err
	}
	b.WriteString("\n</article>\n\n")
	return nil
}

// writeFacetMain writes the "main" of facet.html, with partials/case-list.html, for page p of
// the page template set t; cached is the set's "cached".
func writeFacetMain(b *bytes.Buffer, t *template.Template, cached cachedFunc, p *Page) error {
	l, f := p.Lang, p.Facet
	tr := func(key string, args ...any) { htmlText(b, l.T(key, args...)) }
	cl := contentLang(l)
	span := func(s string) {
		b.WriteString("<span" + cl + ">")
		escape(b, s)
		b.WriteString("</span>")
	}
	yearOrCategory := func(f *site.Facet) {
		if f.Year != 0 {
			tr("date.year", "y", f.Year)
		} else {
			span(f.Category.Name)
		}
	}
	b.WriteString("\n\n<h1>")
	if f.Community != nil {
		span(f.Community.Name)
	} else {
		span(f.Category.Name)
	}
	b.WriteString(" · ")
	yearOrCategory(f)
	if p.Pager.Number > 1 {
		b.WriteString(" · ")
		tr("pager.at", "n", p.Pager.Number, "total", p.Pager.Total)
	}
	b.WriteString("</h1>\n<p class=\"lede\">")
	tr("facet.lede_html", "n", count(l, f.Received), "k", p.Site.K)
	b.WriteString("</p>\n<ul class=\"related noprint\">")
	related := func(url, key, arg, name string) { // a link to the community or the category
		b.WriteString("<li><a href=\"")
		escapeURL(b, l.URL(url))
		b.WriteString("\">")
		tr(key, arg, contentText(l, name))
		b.WriteString("</a></li>")
	}
	if f.Community != nil {
		related(f.Community.URL, "facet.community_html", "community", f.Community.Name)
	}
	if f.Category != nil {
		related(f.Category.URL, "facet.category_html", "category", f.Category.Name)
	}
	b.WriteString("\n  <li><a href=\"")
	escapeURL(b, l.URL("/categories/"))
	b.WriteString("\">")
	tr("facet.all")
	b.WriteString("</a></li>\n</ul>")
	if f.Prev != nil || f.Next != nil {
		b.WriteString("\n<nav class=\"siblings noprint\" aria-label=\"")
		if f.Year != 0 {
			tr("facet.other_years")
		} else {
			tr("facet.other_categories")
		}
		b.WriteString("\">")
		if f.Prev != nil {
			b.WriteString("<a class=\"prev\" href=\"")
			escapeURL(b, l.URL(f.Prev.URL))
			b.WriteString("\"><span aria-hidden=\"true\">← </span>")
			yearOrCategory(f.Prev)
			b.WriteString("</a>")
		}
		if f.Next != nil {
			b.WriteString("<a class=\"next\" href=\"")
			escapeURL(b, l.URL(f.Next.URL))
			b.WriteString("\">")
			yearOrCategory(f.Next)
			b.WriteString("<span aria-hidden=\"true\"> →</span></a>")
		}
		b.WriteString("\n</nav>")
	}
	b.WriteString("\n<h2>")
	tr("facet.published")
	b.WriteString("</h2>\n")
	return writeListEnd(b, t, cached, p, "\n\n")
}

// writeCasesMain writes the "main" of cases.html, with partials/case-list.html, for page p of
// the page template set t; cached is the set's "cached".
func writeCasesMain(b *bytes.Buffer, t *template.Template, cached cachedFunc, p *Page) error {
	l := p.Lang
	b.WriteString("\n<h1>")
	escape(b, p.Title)
	b.WriteString("</h1>\n<p class=\"lede\">")
	htmlText(b, l.T("cases.lede_html", "n", num(l, len(p.Site.Cases)), "stats", l.URL("/stats/")))
	b.WriteString("</p>\n<p class=\"more\">")
	htmlText(b, l.T("cases.browse_html", "communities", l.URL("/communities/"), "categories", l.URL("/categories/")))
	b.WriteString("</p>\n")
	return writeListEnd(b, t, cached, p, "\n")
}

// writeListEnd writes what facet.html and cases.html end with: p.Cases as
// partials/case-list.html writes them, each row through cached, the pager (partials/pager.html,
// through t), then tail.
func writeListEnd(b *bytes.Buffer, t *template.Template, cached cachedFunc, p *Page, tail string) error {
	b.WriteString("\n<ul class=\"cases\">")
	for _, c := range p.Cases {
		b.WriteString("\n  ")
		row, err := cached("partials/case-row.html", c, c.URL)
		if err != nil {
			return err
		}
		b.WriteString(string(row))
	}
	if len(p.Cases) == 0 {
		b.WriteString("\n  <li class=\"none\">")
		htmlText(b, p.Lang.T("common.none"))
		b.WriteString("</li>")
	}
	b.WriteString("\n</ul>\n\n")
	if err := t.ExecuteTemplate(b, "partials/pager.html", p.Pager); err != nil {
		return err
	}
	b.WriteString(tail)
	return nil
}

// writeMonth writes a month as the default theme shows it:
// <time datetime="{{isomonth .}}">{{month .}}</time>.
func writeMonth(b *bytes.Buffer, l *theme.Lang, at time.Time) {
	b.WriteString("<time datetime=\"")
	escape(b, at.Format("2006-01"))
	b.WriteString("\">")
	escape(b, date(l, "date.month", at))
	b.WriteString("</time>")
}

// htmlText writes v as html/template's htmlEscaper does for what "t" returns: markup
// (template.HTML) as it is, a string escaped.
func htmlText(b *bytes.Buffer, v any) {
	switch v := v.(type) {
	case template.HTML:
		b.WriteString(string(v))
	case string:
		escape(b, v)
	default:
		escape(b, fmt.Sprint(v))
	}
}

// description writes base.html's "description", escaped for an attribute:
// {{with .Description}}{{trunc 120 .}}{{else}}{{.Site.Description}}{{end}}; for a facet page,
// facet.html's: {{.Description}}.
func description(b *bytes.Buffer, p *Page, m goMain) {
	if m == facetMain {
		escape(b, p.Description)
	} else if p.Description != "" {
		escape(b, trunc(120, p.Description))
	} else {
		escape(b, p.Site.Description)
	}
}

// escape writes s as html/template writes a string in HTML text, in an RCDATA element (such as
// <title>) or in a quoted attribute that is not a URL: its htmlEscaper, rcdataEscaper and
// attrEscaper, which for a string (not a template.HTML) are one and the same. They replace NUL
// and " & ' + < > and nothing else; every one of them is an ASCII byte, which UTF-8 never uses
// inside a longer sequence, so a byte loop finds what their rune loop finds.
func escape(b *bytes.Buffer, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var r string
		switch s[i] {
		case 0:
			r = "\uFFFD"
		case '"':
			r = "&#34;"
		case '&':
			r = "&amp;"
		case '\'':
			r = "&#39;"
		case '+':
			r = "&#43;"
		case '<':
			r = "&lt;"
		case '>':
			r = "&gt;"
		default:
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(r)
		last = i + 1
	}
	b.WriteString(s[last:])
}

// escapeURL writes s as html/template writes a string that is a whole quoted URL attribute
// (href="{{.}}"): its urlFilter (a URL with a scheme other than http, https or mailto becomes
// "#ZgotmplZ"), then its urlNormalizer (every byte but the unreserved and reserved characters of
// RFC 3986 and a valid escape is %-encoded, in lower-case hex), then its attrEscaper.
func escapeURL(b *bytes.Buffer, s string) {
	if scheme, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(scheme, "/") &&
		!strings.EqualFold(scheme, "http") && !strings.EqualFold(scheme, "https") && !strings.EqualFold(scheme, "mailto") {
		s = "#ZgotmplZ"
	}
	const hexDigits = "0123456789abcdef"
	var norm []byte // s normalized, when it needs to be
	last := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
			continue
		case strings.IndexByte("!#$&*+,/:;=?@[]-._~", c) >= 0:
			continue
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			continue
		}
		norm = append(norm, s[last:i]...)
		norm = append(norm, '%', hexDigits[c>>4], hexDigits[c&15])
		last = i + 1
	}
	if norm != nil {
		s = string(append(norm, s[last:]...))
	}
	escape(b, s)
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// rowSum is the SHA-256 of the default theme's layouts/partials/case-row.html, the file
// writeCaseRow writes.
const rowSum = "c6f0e08f38928a9abd2549e946ba9622a75dda8f5ddbee122ac0ad6462276b89"

// Compiled lists the fragments the theme makes in Go when its files are the default theme's
// (theme.Compiled): a case's row in a list, which a big site makes for every case of every
// list that shows it once the rows no longer fit theme.FragmentBudget.
func Compiled() []theme.Compiled {
	return []theme.Compiled{{File: "layouts/partials/case-row.html", Sum: rowSum, Name: "partials/case-row.html", Write: writeCaseRow}}
}

// writeCaseRow writes partials/case-row.html for a case (dot); anything else is left to the
// template.
func writeCaseRow(l *theme.Lang, cached cachedFunc, dot any) (template.HTML, bool, error) {
	c, ok := dot.(*site.Case)
	if !ok || c == nil {
		return "", false, nil
	}
	var b bytes.Buffer
	b.Grow(512)
	cl := contentLang(l)
	b.WriteString("<li>\n    <a href=\"")
	escapeURL(&b, l.URL(c.URL))
	b.WriteString("\"><span class=\"cat\"" + cl + ">")
	escape(&b, c.Category.Name)
	if c.Subcategory != "" {
		b.WriteString(" · ")
		escape(&b, c.Subcategory)
	}
	b.WriteString("</span>\n    <span class=\"sum\"" + cl + ">")
	escape(&b, c.Summary)
	b.WriteString("</span></a>\n    <p class=\"meta\"><span" + cl + ">")
	escape(&b, c.Community.Name)
	b.WriteString("</span><span>")
	if c.ByQuarter {
		escape(&b, date(l, "date.quarter", c.Received))
	} else {
		writeMonth(&b, l, c.Received)
	}
	b.WriteString("</span>")
	out, err := cached("case-row-outcome", c, c.Channel, c.Outcome(), c.Closed.IsZero(), c.DaysToClose)
	if err != nil {
		return "", false, err
	}
	b.WriteString(string(out))
	b.WriteString("</p>\n  </li>")
	return template.HTML(b.String()), true, nil
}

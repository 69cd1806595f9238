// Package atom writes the site's feeds as Atom 1.0 documents (RFC 4287).
//
// The contract: Marshal turns a Feed into bytes that depend on nothing but the Feed (no clock,
// no machine time zone, no map order):
//   - the feed has an id, a title, an updated time (given, or the latest entry's), a rel="self"
//     and a rel="alternate" link, xml:lang, and an author (of the feed, or of every entry);
//   - entries are sorted newest first by updated, then by id, and each has a permanent id (the
//     page URL, or a tag: URI made with TagURI), a title and an updated time, and a content or
//     an alternate link; summary and content are text (or HTML as text, for type="html");
//   - times are written in UTC (RFC 3339); text is escaped (&, <, > and, in attributes, "), line
//     breaks become LF, control characters other than tab and line breaks are dropped and invalid
//     UTF-8 is replaced.
//
// Updated and published times come from the content (a meeting's notice or minutes date, a
// case's closing date), never from the clock, so building twice gives the same bytes. Marshal
// checks the feed and reports every problem at once.
package atom

import (
	"cmp"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Feed is one .atom file.
type Feed struct {
	ID        string    // permanent IRI of the feed, e.g. its URL or a tag: URI
	Title     string    // e.g. "海棠议事厅 会议通知与纪要"
	Subtitle  string    // optional
	Lang      string    // xml:lang of the feed, e.g. "zh-CN"
	Updated   time.Time // optional: the latest entry's Updated when zero
	Self      string    // absolute URL of the feed itself (rel="self")
	Alternate string    // absolute URL of the HTML page the feed follows (rel="alternate")
	Author    Person    // required unless every entry has an author
	Rights    string    // optional
	Entries   []Entry
}

// Person is an author: for gongshi an organisation (the hotline platform, a community), never a
// resident.
type Person struct {
	Name  string
	URI   string // optional
	Email string // optional
}

// Entry is one item of a feed: a notice, minutes, or a resolved case.
type Entry struct {
	ID          string // permanent IRI: the page URL or a tag: URI; never changes once published
	Title       string
	Link        string    // absolute URL of the page (rel="alternate")
	Published   time.Time // optional: when it was first published
	Updated     time.Time // when it last changed in a way readers should know
	Summary     string    // optional, plain text
	Content     string    // optional
	ContentType string    // "text" (default) or "html": Content is HTML, escaped into the XML
	Author      *Person   // optional: the feed's author applies when nil
	Categories  []Category
	Lang        string // optional xml:lang of the entry, when it differs from the feed's
}

// Category is a category of an entry, e.g. the meeting kind or the community.
type Category struct {
	Term  string // e.g. parties_meeting
	Label string // optional, for people: 有请当事人会办
}

// Marshal writes the feed, or returns every problem found in it (nothing is written then).
func Marshal(f Feed) ([]byte, error) {
	if err := check(&f); err != nil {
		return nil, err
	}
	entries := make([]*Entry, len(f.Entries))
	updated := f.Updated
	for i := range f.Entries {
		entries[i] = &f.Entries[i]
		if f.Updated.IsZero() && f.Entries[i].Updated.After(updated) {
			updated = f.Entries[i].Updated
		}
	}
	slices.SortStableFunc(entries, func(a, b *Entry) int {
		return cmp.Or(b.Updated.Compare(a.Updated), strings.Compare(a.ID, b.ID))
	})
	w := &writer{}
	w.b.Grow(1024 + 1024*len(entries))
	w.raw(`<?xml version="1.0" encoding="utf-8"?>` + "\n")
	w.raw(`<feed xmlns="http://www.w3.org/2005/Atom"`)
	w.attr("xml:lang", f.Lang)
	w.raw(">\n")
	w.elem(1, "id", f.ID)
	w.textElem(1, "title", f.Title, "text")
	if f.Subtitle != "" {
		w.textElem(1, "subtitle", f.Subtitle, "text")
	}
	w.elem(1, "updated", stamp(updated))
	w.link(1, "self", "application/atom+xml", f.Self)
	w.link(1, "alternate", "text/html", f.Alternate)
	if f.Author.Name != "" {
		w.person(1, "author", f.Author)
	}
	if f.Rights != "" {
		w.textElem(1, "rights", f.Rights, "text")
	}
	for _, e := range entries {
		w.raw("  <entry")
		if e.Lang != "" {
			w.attr("xml:lang", e.Lang)
		}
		w.raw(">\n")
		w.elem(2, "id", e.ID)
		w.textElem(2, "title", e.Title, "text")
		if e.Link != "" {
			w.link(2, "alternate", "text/html", e.Link)
		}
		if !e.Published.IsZero() {
			w.elem(2, "published", stamp(e.Published))
		}
		w.elem(2, "updated", stamp(e.Updated))
		if e.Author != nil {
			w.person(2, "author", *e.Author)
		}
		for _, c := range e.Categories {
			w.raw("    <category")
			w.attr("term", c.Term)
			if c.Label != "" {
				w.attr("label", c.Label)
			}
			w.raw("/>\n")
		}
		if e.Summary != "" {
			w.textElem(2, "summary", e.Summary, "text")
		}
		if e.Content != "" {
			w.textElem(2, "content", e.Content, cmp.Or(e.ContentType, "text"))
		}
		w.raw("  </entry>\n")
	}
	w.raw("</feed>\n")
	return w.b.Bytes(), nil
}

// TagURI returns a tag: URI (RFC 4151) for an entry id that does not depend on where the site is
// hosted: tag:AUTHORITY,DATE:SPECIFIC, e.g. TagURI("example.org", minted, "meetings/M-2022-0818-
// haitang") is "tag:example.org,2022-08-18:meetings/M-2022-0818-haitang". date is the day the
// authority held the name (any fixed day: the site's first publication); characters outside
// those RFC 4151 allows in specific are percent-encoded.
func TagURI(authority string, date time.Time, specific string) string {
	var b strings.Builder
	for i := 0; i < len(specific); i++ {
		c := specific[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-._~!$&'()*+,;=:@/?", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return "tag:" + strings.ToLower(authority) + "," + date.Format("2006-01-02") + ":" + b.String()
}

// check reports every problem of the feed, or nil.
func check(f *Feed) error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf("atom: "+format, args...)) }
	if !iri(f.ID) {
		bad("feed id %q is not an absolute IRI: use the feed's URL or a tag: URI", f.ID)
	}
	if strings.TrimSpace(f.Title) == "" {
		bad("the feed has no title")
	}
	if f.Lang == "" {
		bad("the feed has no language: set Lang to zh-CN or en")
	}
	if !httpURL(f.Self) {
		bad("self link %q is not an absolute http(s) URL", f.Self)
	}
	if !httpURL(f.Alternate) {
		bad("alternate link %q is not an absolute http(s) URL", f.Alternate)
	}
	if f.Updated.IsZero() && len(f.Entries) == 0 {
		bad("the feed has no entries and no updated time: set Updated from the content")
	}
	seen := map[string]int{}
	for i, e := range f.Entries {
		ev := func(format string, args ...any) { bad("entry %d (id %q): "+format, append([]any{i, e.ID}, args...)...) }
		if !iri(e.ID) {
			ev("the id is not an absolute IRI: use the page URL or a tag: URI")
		} else if j, dup := seen[e.ID]; dup {
			ev("the id is used by entry %d too", j)
		}
		seen[e.ID] = i
		if strings.TrimSpace(e.Title) == "" {
			ev("the entry has no title")
		}
		if e.Updated.IsZero() {
			ev("updated is missing: take it from the content, never the clock")
		}
		if e.Link != "" && !httpURL(e.Link) {
			ev("link %q is not an absolute http(s) URL", e.Link)
		}
		if e.Link == "" && e.Content == "" {
			ev("an entry needs a link or a content")
		}
		if e.ContentType != "" && e.ContentType != "text" && e.ContentType != "html" {
			ev("content type %q is neither text nor html", e.ContentType)
		}
		if f.Author.Name == "" && (e.Author == nil || e.Author.Name == "") {
			ev("no author: give the feed an author, or every entry one")
		}
		for _, c := range e.Categories {
			if strings.TrimSpace(c.Term) == "" {
				ev("a category has no term")
			}
		}
	}
	return errors.Join(errs...)
}

// iri reports whether s is an absolute IRI without spaces or control characters.
func iri(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme != "" && (u.Opaque != "" || u.Host != "" || u.Path != "") &&
		!strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || r == 0x7f })
}

func httpURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" &&
		!strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || r == 0x7f })
}

// stamp formats a time as RFC 3339 in UTC.
func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

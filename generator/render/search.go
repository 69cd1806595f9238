package render

import (
	"fmt"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"gongshi/generator/search"
	"gongshi/generator/site"
)

// SearchDir is the folder of the search index in the output.
const SearchDir = "search/"

// snippetChars is how much of a long body the index keeps for snippets: whole paragraphs, as
// published, until this many characters.
const snippetChars = 600

// writeSearch builds the search index of the published cases, meetings, halls and pages and
// writes it under search/ (see package search for the files). It reads only what the site
// publishes, so the index holds nothing that a page does not show; the output gate scans it
// like every other file. A nil Cache builds it from nothing.
func (c *Cache) writeSearch(s *site.Site, w Writer) error {
	if c == nil {
		// Each file goes to w as soon as it is made: a big site's index is never held whole.
		_, err := search.BuildTo(SearchInput(s), search.Options{}, func(f search.File) error {
			return w.Write(SearchDir+f.Name, f.Data)
		})
		return err
	}
	if c.search == nil {
		c.search = search.NewBuilder(search.Options{})
	}
	files, _, err := c.search.Build(c.searchInput(s))
	if err != nil {
		return err
	}
	for _, f := range files {
		if err := w.Write(SearchDir+f.Name, f.Data); err != nil {
			return err
		}
	}
	return nil
}

// SearchInput returns the documents of the site for package search: what each page shows,
// with titles weighted above body text.
func SearchInput(s *site.Site) search.Input { return (*Cache)(nil).searchInput(s) }

// searchInput is SearchInput, with the text blocks of Markdown bodies that the last build of c
// had (a nil Cache has none).
func (c *Cache) searchInput(s *site.Site) search.Input {
	md := goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough))
	blocks := map[string][]block{}
	blocksOf := func(body string) []block {
		if b, ok := blocks[body]; ok {
			return b
		}
		b, ok := c.blocks()[body]
		if !ok {
			b = paragraphs(md, body)
		}
		blocks[body] = b
		return b
	}
	if c != nil {
		defer func() { c.paras = blocks }()
	}
	var in search.Input
	for _, c := range s.Communities {
		in.Communities = append(in.Communities, search.Facet{Slug: c.Slug, Name: c.Name})
	}
	for _, c := range s.Categories {
		in.Categories = append(in.Categories, search.Facet{Slug: c.Slug, Name: c.Name})
	}
	ds := newDocStrings()
	n := len(s.Cases)
	total := n + len(s.Meetings) + len(s.Halls) + len(s.Pages)
	if c != nil && len(c.caseKeys) == n && cap(c.caseDocs) >= total {
		// As many cases as last time: the documents of the last build are rewritten in place
		// where their keys differ, so that an edit elsewhere allocates nothing per case (search.
		// Builder keeps its own copy of the documents, and the cases' are never changed).
		in.Docs = c.caseDocs[:n]
		for i, kase := range s.Cases {
			if k := docKey(kase); k != c.caseKeys[i] {
				c.caseKeys[i], in.Docs[i] = k, ds.caseDoc(kase)
			}
		}
	} else {
		in.Docs = make([]search.Doc, 0, total+64) // room for a few more meetings or pages
		for _, kase := range s.Cases {
			in.Docs = append(in.Docs, ds.caseDoc(kase))
		}
		if c != nil {
			c.caseKeys = make([]caseDocKey, n)
			for i, kase := range s.Cases {
				c.caseKeys[i] = docKey(kase)
			}
		}
	}
	if c != nil {
		defer func() { c.caseDocs = in.Docs }()
	}
	for _, m := range s.Meetings {
		d := search.Doc{Kind: search.Meeting, URL: m.URL, Title: m.Title, Kicker: m.Hall.Name,
			Year: m.Start.Year(), Community: m.Hall.Community.Slug,
			Date: fmt.Sprintf("%d-%02d-%02d", m.Start.Year(), m.Start.Month(), m.Start.Day())}
		d.Fields = []search.Field{field(m.Title, 4), field(m.Topic, 2), field(m.ID, 2), field(m.Hall.Name, 1), field(m.Hall.Community.Name, 1)}
		body := blocksOf(m.Body)
		d.Fields = append(d.Fields, fields(body)...)
		d.Text = append(nonEmpty(m.Topic), shown(body)...)
		in.Docs = append(in.Docs, d)
	}
	for _, h := range s.Halls {
		d := search.Doc{Kind: search.Hall, URL: h.URL, Title: h.Name, Kicker: h.Community.Name, Community: h.Community.Slug}
		d.Fields = []search.Field{field(h.Name, 4), field(h.Community.Name, 2), field(h.Address, 1), field(h.OpeningHours, 1)}
		body := blocksOf(h.Body)
		d.Fields = append(d.Fields, fields(body)...)
		d.Text = append(nonEmpty(h.Address), shown(body)...)
		in.Docs = append(in.Docs, d)
	}
	for _, p := range s.Pages {
		d := search.Doc{Kind: search.Page, URL: p.URL, Title: p.Title}
		body := blocksOf(p.Body)
		d.Fields = append([]search.Field{field(p.Title, 4)}, fields(body)...)
		d.Text = shown(body)
		in.Docs = append(in.Docs, d)
	}
	return in
}

// docStrings makes each date and kicker of the case documents once: a million cases have a few
// hundred of them, and a string each would be a tenth of a gigabyte.
type docStrings struct {
	dates   map[int]string // by year·100 + month, or −(year·10 + quarter)
	kickers map[kickerKey]string
}

type kickerKey struct {
	category    *site.Category
	subcategory string
}

func newDocStrings() *docStrings {
	return &docStrings{dates: map[int]string{}, kickers: map[kickerKey]string{}}
}

// date is the month the case came in, "2022-08", or its quarter, "2022-Q3".
func (ds *docStrings) date(c *site.Case) string {
	y, m := c.Received.Year(), int(c.Received.Month())
	k := y*100 + m
	if c.ByQuarter {
		k = -(y*10 + (m+2)/3)
	}
	if d, ok := ds.dates[k]; ok {
		return d
	}
	d := fmt.Sprintf("%d-%02d", y, m)
	if c.ByQuarter {
		d = fmt.Sprintf("%d-Q%d", y, (m+2)/3)
	}
	ds.dates[k] = d
	return d
}

// kicker is the case's category, and subcategory where it has one.
func (ds *docStrings) kicker(c *site.Case) string {
	k := kickerKey{c.Category, c.Subcategory}
	if s, ok := ds.kickers[k]; ok {
		return s
	}
	s := c.Category.Name
	if c.Subcategory != "" {
		s += " · " + c.Subcategory
	}
	ds.kickers[k] = s
	return s
}

// caseDoc is the document of a case.
func (ds *docStrings) caseDoc(c *site.Case) search.Doc {
	d := search.Doc{Kind: search.Case, URL: c.URL, Title: c.ID, Kicker: ds.kicker(c),
		Year: c.Received.Year(), Community: c.Community.Slug, Category: c.Category.Slug,
		Date: ds.date(c)}
	n := 6
	if c.Meeting != nil {
		n = 7
	}
	d.Fields = make([]search.Field, 0, n) // one allocation, the size of the fields
	d.Fields = append(d.Fields, field(c.ID, 4), field(c.Category.Name, 3), field(c.Subcategory, 3), field(c.Summary, 2),
		field(c.Resolution, 1), field(c.Community.Name, 1))
	if c.Meeting != nil {
		d.Fields = append(d.Fields, field(c.Meeting.Title, 1))
	}
	d.Text = nonEmpty(c.Summary, c.Resolution)
	return d
}

// caseDocKey is everything caseDoc reads of a case: equal keys make equal documents.
type caseDocKey struct {
	url, id, subcategory, summary, resolution        string
	category, categorySlug, community, communitySlug string
	year, month                                      int // received
	byQuarter, meeting                               bool
	meetingTitle                                     string
}

func docKey(c *site.Case) caseDocKey {
	k := caseDocKey{url: c.URL, id: c.ID, subcategory: c.Subcategory, summary: c.Summary, resolution: c.Resolution,
		category: c.Category.Name, categorySlug: c.Category.Slug, community: c.Community.Name, communitySlug: c.Community.Slug,
		year: c.Received.Year(), month: int(c.Received.Month()), byQuarter: c.ByQuarter, meeting: c.Meeting != nil}
	if c.Meeting != nil {
		k.meetingTitle = c.Meeting.Title
	}
	return k
}

// block is a paragraph, heading or table cell of a Markdown body, as plain text.
type block struct {
	text    string
	heading bool
}

// paragraphs returns the text blocks of a Markdown body in order: the text the rendered page
// shows in each block, with soft line breaks as "\n" as in the HTML. Raw HTML (never rendered)
// and images are left out.
func paragraphs(md goldmark.Markdown, body string) []block {
	src := []byte(body)
	doc := md.Parser().Parse(text.NewReader(src))
	var out []block
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case ast.KindParagraph, ast.KindTextBlock, ast.KindHeading, east.KindTableCell:
			var b strings.Builder
			inline(&b, n, src)
			if t := strings.TrimSpace(b.String()); t != "" {
				out = append(out, block{text: t, heading: n.Kind() == ast.KindHeading})
			}
			return ast.WalkSkipChildren, nil
		case ast.KindCodeBlock, ast.KindFencedCodeBlock:
			var b strings.Builder
			lines := n.Lines()
			for i := 0; i < lines.Len(); i++ {
				seg := lines.At(i)
				b.Write(seg.Value(src))
			}
			if t := strings.TrimSpace(b.String()); t != "" {
				out = append(out, block{text: t})
			}
			return ast.WalkSkipChildren, nil
		case ast.KindHTMLBlock:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return out
}

// inline writes the text of n's inline children.
func inline(b *strings.Builder, n ast.Node, src []byte) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			v := c.Segment.Value(src)
			if !c.IsRaw() {
				v = util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(v)))
			}
			b.Write(v)
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte('\n')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.AutoLink:
			b.Write(c.Label(src))
		case *ast.RawHTML, *ast.Image:
		default:
			inline(b, c, src)
		}
	}
}

// fields returns the blocks as searched text: headings weigh as much as a topic.
func fields(bs []block) []search.Field {
	out := make([]search.Field, 0, len(bs))
	for _, b := range bs {
		w := 1
		if b.heading {
			w = 2
		}
		out = append(out, search.Field{Text: b.text, Weight: w})
	}
	return out
}

// shown returns the paragraphs kept for snippets: whole paragraphs (not headings) until
// snippetChars characters.
func shown(bs []block) []string {
	var out []string
	n := 0
	for _, b := range bs {
		if b.heading {
			continue
		}
		out = append(out, b.text)
		if n += len([]rune(b.text)); n >= snippetChars {
			break
		}
	}
	return out
}

func field(text string, weight int) search.Field { return search.Field{Text: text, Weight: weight} }

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}

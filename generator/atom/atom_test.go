package atom

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
	gatom "github.com/mmcdole/gofeed/atom"
)

var cst = time.FixedZone("CST", 8*3600)

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, cst)
	if err != nil {
		panic(err)
	}
	return t
}

const tricky = `噪音 < 55 dB & "夜间" 'quiet' > 不得施工 ]]> <b>不是标签</b>`

func feed() Feed {
	hotline := &Person{Name: "江北新区12345热线", URI: "https://example.org/"}
	return Feed{
		ID:        "https://example.org/feeds/meetings.atom",
		Title:     "会议通知与纪要 & 议事",
		Subtitle:  "江北新区沿江街道议事厅",
		Lang:      "zh-CN",
		Self:      "https://example.org/feeds/meetings.atom",
		Alternate: "https://example.org/calendar/",
		Author:    Person{Name: "沿江街道", URI: "https://example.org/about/"},
		Rights:    "数据为合成的演示数据",
		Entries: []Entry{
			{ID: "https://example.org/meetings/M-2022-0818-haitang/", Title: "工地夜间施工噪音有请当事人会办",
				Link: "https://example.org/meetings/M-2022-0818-haitang/", Published: at("2022-08-15 10:00"), Updated: at("2022-08-18 18:00"),
				Summary: tricky, Content: "各方意见：\n诉求人代表 3 人；职能部门。\n商定：22时后停工。",
				Categories: []Category{{Term: "parties_meeting", Label: "有请当事人会办"}, {Term: "longshan"}}},
			{ID: TagURI("example.org", at("2022-01-01 00:00"), "cases/2022081700123"), Title: "反映小区旁工地夜间施工噪音大",
				Link: "https://example.org/cases/2022081700123/", Updated: at("2022-08-19 16:00"), Author: hotline,
				Content: "<p>经有请当事人会办，施工方承诺<b>22时</b>后停工 &amp; 物业巡查。</p>", ContentType: "html"},
			{ID: "https://example.org/meetings/M-2022-0901-haitang/", Title: "Parking lines joint meeting (cancelled)", Lang: "en",
				Link: "https://example.org/en/meetings/M-2022-0901-haitang/", Updated: at("2022-08-30 18:00"), Summary: "Cancelled: see the new date."},
		},
	}
}

func TestGofeedRoundTrip(t *testing.T) {
	in := feed()
	b, err := Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	f, err := (&gatom.Parser{}).Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("gofeed cannot parse the feed: %v\n%s", err, b)
	}
	if f.ID != in.ID || f.Title != in.Title || f.Subtitle != in.Subtitle || f.Language != "zh-CN" || f.Rights != in.Rights {
		t.Errorf("feed: id %q title %q subtitle %q lang %q rights %q", f.ID, f.Title, f.Subtitle, f.Language, f.Rights)
	}
	if f.UpdatedParsed == nil || !f.UpdatedParsed.Equal(at("2022-08-30 18:00")) {
		t.Errorf("feed updated %q: want the latest entry's", f.Updated)
	}
	links := map[string]string{}
	for _, l := range f.Links {
		links[l.Rel] = l.Href + " " + l.Type
	}
	if links["self"] != in.Self+" application/atom+xml" || links["alternate"] != in.Alternate+" text/html" {
		t.Errorf("links %v", links)
	}
	if len(f.Authors) != 1 || f.Authors[0].Name != "沿江街道" || f.Authors[0].URI != in.Author.URI {
		t.Errorf("authors %+v", f.Authors)
	}
	if len(f.Entries) != 3 {
		t.Fatalf("%d entries", len(f.Entries))
	}
	// Newest first.
	order := []int{2, 1, 0}
	for k, e := range f.Entries {
		want := in.Entries[order[k]]
		if e.ID != want.ID || e.Title != want.Title || e.Summary != want.Summary {
			t.Errorf("entry %d: id %q title %q summary %q\nwant %q %q %q", k, e.ID, e.Title, e.Summary, want.ID, want.Title, want.Summary)
		}
		if e.UpdatedParsed == nil || !e.UpdatedParsed.Equal(want.Updated) {
			t.Errorf("entry %d updated %q", k, e.Updated)
		}
		if want.Published.IsZero() != (e.PublishedParsed == nil) || e.PublishedParsed != nil && !e.PublishedParsed.Equal(want.Published) {
			t.Errorf("entry %d published %q", k, e.Published)
		}
		if len(e.Links) != 1 || e.Links[0].Rel != "alternate" || e.Links[0].Href != want.Link {
			t.Errorf("entry %d links %+v", k, e.Links)
		}
		if want.Content == "" {
			if e.Content != nil {
				t.Errorf("entry %d has a content", k)
			}
		} else if e.Content == nil || e.Content.Value != want.Content || e.Content.Type != cmpOr(want.ContentType, "text") {
			t.Errorf("entry %d content %+v, want %q", k, e.Content, want.Content)
		}
		if (want.Author == nil) != (len(e.Authors) == 0) {
			t.Errorf("entry %d authors %+v", k, e.Authors)
		}
		if len(e.Categories) != len(want.Categories) {
			t.Errorf("entry %d categories %+v", k, e.Categories)
		}
	}
	if c := f.Entries[2].Categories; len(c) == 2 && (c[0].Term != "parties_meeting" || c[0].Label != "有请当事人会办") {
		t.Errorf("categories %+v", c)
	}
	// The universal parser sees an Atom feed too.
	uf, err := gofeed.NewParser().Parse(bytes.NewReader(b))
	if err != nil || uf.FeedType != "atom" || uf.Title != in.Title || len(uf.Items) != 3 || uf.Items[2].Description != tricky {
		t.Errorf("gofeed universal parser: %v %+v", err, uf)
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// The document as encoding/xml reads it: the Atom namespace, xml:lang, and each required element
// exactly once (RFC 4287 4.1.1 and 4.1.2).
type xmlFeed struct {
	XMLName xml.Name   `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string     `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	ID      []string   `xml:"id"`
	Title   []xmlText  `xml:"title"`
	Updated []string   `xml:"updated"`
	Links   []xmlLink  `xml:"link"`
	Authors []struct{} `xml:"author"`
	Entries []struct {
		Lang    string    `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
		ID      []string  `xml:"id"`
		Title   []xmlText `xml:"title"`
		Updated []string  `xml:"updated"`
		Links   []xmlLink `xml:"link"`
		Summary []xmlText `xml:"summary"`
		Content []xmlText `xml:"content"`
	} `xml:"entry"`
}

type xmlText struct {
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

type xmlLink struct {
	Rel  string `xml:"rel,attr"`
	Href string `xml:"href,attr"`
}

func TestEncodingXML(t *testing.T) {
	in := feed()
	b, err := Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte(`<?xml version="1.0" encoding="utf-8"?>`+"\n")) {
		t.Error("no XML declaration")
	}
	var f xmlFeed
	if err := xml.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	if f.Lang != "zh-CN" || len(f.ID) != 1 || len(f.Title) != 1 || f.Title[0].Text != in.Title || len(f.Updated) != 1 ||
		f.Updated[0] != "2022-08-30T10:00:00Z" || len(f.Authors) != 1 || len(f.Links) != 2 {
		t.Errorf("feed elements: %+v", f)
	}
	for i, e := range f.Entries {
		if len(e.ID) != 1 || len(e.Title) != 1 || len(e.Updated) != 1 || len(e.Links) != 1 || e.Links[0].Rel != "alternate" {
			t.Errorf("entry %d elements: %+v", i, e)
		}
	}
	if f.Entries[0].Lang != "en" {
		t.Errorf("entry xml:lang %q", f.Entries[0].Lang)
	}
	if s := f.Entries[2].Summary; len(s) != 1 || s[0].Text != tricky || s[0].Type != "text" {
		t.Errorf("summary %+v, want %q", s, tricky)
	}
	if c := f.Entries[1].Content; len(c) != 1 || c[0].Type != "html" || c[0].Text != in.Entries[1].Content {
		t.Errorf("html content %+v", c)
	}
}

func TestEscape(t *testing.T) {
	for _, tc := range []struct{ in, text, attr string }{
		{`a<b>&c"d'`, `a&lt;b&gt;&amp;c"d'`, `a&lt;b&gt;&amp;c&quot;d'`},
		{"一\r\n二\r三\n四\t五", "一\n二\n三\n四\t五", "一&#xA;二&#xA;三&#xA;四&#x9;五"},
		{"bell\x07 nul\x00 \uFFFE ok", "bell nul  ok", "bell nul  ok"},
		{"bad \xff utf8 😀 \uFFFD\uFFFF", "bad \uFFFD utf8 😀 \uFFFD", "bad \uFFFD utf8 😀 \uFFFD"},
	} {
		var text, attr bytes.Buffer
		escape(&text, tc.in, false)
		escape(&attr, tc.in, true)
		if text.String() != tc.text || attr.String() != tc.attr {
			t.Errorf("escape(%q) = %q / %q, want %q / %q", tc.in, text.String(), attr.String(), tc.text, tc.attr)
		}
	}
	// Whatever the text, the feed stays well-formed and the text comes back (line breaks as LF).
	r := rand.New(rand.NewPCG(3, 4))
	alphabet := []rune("<>&\"'\r\n\t ]]>议事厅aZ\x00\x1f\uFFFE😀;")
	for range 200 {
		s := make([]rune, r.IntN(40)+1)
		for i := range s {
			s[i] = alphabet[r.IntN(len(alphabet))]
		}
		f := feed()
		f.Entries[0].Title = "t" + string(s)
		f.Entries[0].Categories[0].Label = string(s)
		b, err := Marshal(f)
		if err != nil {
			t.Fatal(err)
		}
		var x xmlFeed
		if err := xml.Unmarshal(b, &x); err != nil {
			t.Fatalf("%q: %v", string(s), err)
		}
		var want bytes.Buffer
		escape(&want, "t"+string(s), false)
		got := x.Entries[2].Title[0].Text
		if wantText := unescape(want.String()); got != wantText {
			t.Fatalf("title %q came back as %q, want %q", string(s), got, wantText)
		}
	}
}

func unescape(s string) string {
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(s)
}

func TestDeterministic(t *testing.T) {
	f := feed()
	want, err := Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20 {
		r.Shuffle(len(f.Entries), func(i, j int) { f.Entries[i], f.Entries[j] = f.Entries[j], f.Entries[i] })
		for i := range f.Entries {
			f.Entries[i].Updated = f.Entries[i].Updated.In(time.UTC)
		}
		if got, _ := Marshal(f); !bytes.Equal(got, want) {
			t.Fatalf("the output depends on entry order or time zones:\n%s\n%s", got, want)
		}
	}
}

func TestGolden(t *testing.T) {
	b, err := Marshal(Feed{ID: "tag:example.org,2022-01-01:feeds/x", Title: "议事 & <公示>", Lang: "zh-CN",
		Self: "https://example.org/feeds/x.atom", Alternate: "https://example.org/?a=1&b=2", Author: Person{Name: "沿江街道"},
		Entries: []Entry{{ID: "https://example.org/m/1/", Title: "会议", Link: "https://example.org/m/1/", Updated: at("2022-08-18 08:00"), Summary: "a<b"}}})
	if err != nil {
		t.Fatal(err)
	}
	want := `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">
  <id>tag:example.org,2022-01-01:feeds/x</id>
  <title type="text">议事 &amp; &lt;公示&gt;</title>
  <updated>2022-08-18T00:00:00Z</updated>
  <link rel="self" type="application/atom+xml" href="https://example.org/feeds/x.atom"/>
  <link rel="alternate" type="text/html" href="https://example.org/?a=1&amp;b=2"/>
  <author>
    <name>沿江街道</name>
  </author>
  <entry>
    <id>https://example.org/m/1/</id>
    <title type="text">会议</title>
    <link rel="alternate" type="text/html" href="https://example.org/m/1/"/>
    <updated>2022-08-18T00:00:00Z</updated>
    <summary type="text">a&lt;b</summary>
  </entry>
</feed>
`
	if string(b) != want {
		t.Errorf("got\n%s\nwant\n%s", b, want)
	}
}

func TestErrors(t *testing.T) {
	f := feed()
	f.ID, f.Title, f.Lang, f.Self, f.Alternate, f.Author = "/feeds/meetings.atom", " ", "", "feeds/meetings.atom", "", Person{}
	f.Entries[0].ID = "M-2022-0818"
	f.Entries[1].ID = f.Entries[2].ID
	f.Entries[2].Updated = time.Time{}
	f.Entries[2].Link, f.Entries[2].Content = "", ""
	f.Entries[0].ContentType = "xhtml"
	f.Entries[0].Categories = append(f.Entries[0].Categories, Category{})
	_, err := Marshal(f)
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{
		`atom: feed id "/feeds/meetings.atom" is not an absolute IRI`, "the feed has no title", "the feed has no language",
		`self link "feeds/meetings.atom" is not an absolute http(s) URL`, `alternate link "" is not`,
		`entry 0 (id "M-2022-0818"): the id is not an absolute IRI`, `entry 2 (id "https://example.org/meetings/M-2022-0901-haitang/"): the id is used by entry 1 too`,
		"updated is missing: take it from the content", "an entry needs a link or a content", `content type "xhtml" is neither`,
		"entry 0 (id \"M-2022-0818\"): no author", "a category has no term",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("missing %q in\n%v", want, err)
		}
	}
	if _, err := Marshal(Feed{ID: "https://x.org/f", Title: "t", Lang: "en", Self: "https://x.org/f", Alternate: "https://x.org/"}); err == nil ||
		!strings.Contains(err.Error(), "no entries and no updated time") {
		t.Errorf("empty feed: %v", err)
	}
}

func TestTagURI(t *testing.T) {
	for _, tc := range []struct{ auth, specific, want string }{
		{"Example.org", "meetings/M-2022-0818-haitang", "tag:example.org,2022-08-18:meetings/M-2022-0818-haitang"},
		{"example.org", "halls/海棠 议事厅#1", "tag:example.org,2022-08-18:halls/%E6%B5%B7%E6%A3%A0%20%E8%AE%AE%E4%BA%8B%E5%8E%85%231"},
	} {
		if got := TagURI(tc.auth, at("2022-08-18 23:00"), tc.specific); got != tc.want || !iri(got) {
			t.Errorf("TagURI = %q, want %q", got, tc.want)
		}
	}
}

func BenchmarkMarshal5000(b *testing.B) {
	base := feed().Entries[0]
	f := feed()
	f.Entries = make([]Entry, 5000)
	for i := range f.Entries {
		e := base
		e.ID = fmt.Sprintf("https://example.org/cases/%05d/", (i*7919)%5000)
		e.Link = e.ID
		e.Updated = base.Updated.Add(time.Duration(i%977) * time.Hour)
		f.Entries[i] = e
	}
	b.ReportAllocs()
	for b.Loop() {
		out, err := Marshal(f)
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(len(out)))
	}
}

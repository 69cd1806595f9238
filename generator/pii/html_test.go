package pii

import (
	"strings"
	"testing"
)

type gateCase struct {
	name  string
	doc   string
	kind  Kind
	where string // prefix of TextFinding.Where
}

func TestScanHTML(t *testing.T) {
	d := newTest(t, evalOptions())
	cases := []gateCase{
		{"split across spans", `<p>联系电话<b>138</b>1234 <span>5678</span>。</p>`, KindMobile, "text"},
		{"split across lines", "<p>电话<span>138</span>\n<span>1234</span>\n<span>5678</span></p>", KindMobile, "text"},
		{"alt attribute", `<p>议事会现场</p><img src="x.jpg" alt="业主孙建国称物业擅自提价">`, KindName, "attr alt"},
		{"title attribute", `<a title="来电人手机13912345678" href="/c/1">详情</a>`, KindMobile, "attr title"},
		{"tel link", `<a href="tel:+8613712345678">拨打</a>`, KindMobile, "attr href"},
		{"decimal entities", `<td>&#49;&#51;&#56;&#49;&#50;&#51;&#52;&#53;&#54;&#55;&#56;</td>`, KindMobile, "text"},
		{"hex entities and nbsp", `<td>住3&#x680B;2单元501&#x5BA4;，电话138&nbsp;1234&nbsp;5678</td>`, KindMobile, "text"},
		{"named entity in id", `<p>身份证&colon;110101197505082654</p>`, KindIDCard, "text"},
		{"inline JSON", `<script type="application/json">{"cases":[{"text":"来电人\u624b\u673a13812345678"}]}</script>`, KindMobile, "script json $.cases[0].text"},
		{"ld+json number", `<script type="application/ld+json">{"telephone": 13812345678}</script>`, KindMobile, "script json $.telephone"},
		{"comment", `<!-- 来电人身份证号110101197505082654 -->`, KindIDCard, "comment"},
		{"full-width in text", `<li>车牌苏Ａ·Ｙ９５Ｒ０</li>`, KindPlate, "text"},
	}
	for _, c := range cases {
		fs, err := d.ScanHTML(strings.NewReader(c.doc))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		found := false
		for _, f := range fs {
			if f.Kind == c.kind && f.Severity == Block && strings.HasPrefix(f.Where, c.where) {
				found = true
			}
			if f.Offset < 0 || f.Offset > len(c.doc) {
				t.Errorf("%s: offset %d outside the document", c.name, f.Offset)
			}
			if strings.Contains(f.Context, "13812345678") || strings.Contains(f.Value, "1234") && f.Kind == KindMobile {
				t.Errorf("%s: report leaks the value: %+v", c.name, f)
			}
		}
		if !found {
			t.Errorf("%s: no BLOCK %s in %q (got %+v)", c.name, c.kind, c.where, fs)
		}
	}
	// separate blocks are not joined, and clean pages stay clean
	for _, doc := range []string{
		`<table><tr><td>138</td><td>1234</td><td>5678</td></tr></table>`,
		`<p>本月受理<b>356</b>件，办结率<b>98.6%</b>，热线12345。</p><style>.a{color:#138123}</style>`,
		`<p>2023-08-17 14:35</p><p>社区书记主持会议</p><img alt="3号楼外墙" integrity="sha384-13812345678">`,
	} {
		fs, err := d.ScanHTML(strings.NewReader(doc))
		if err != nil || len(fs) > 0 {
			t.Errorf("clean page %q: %v %+v", doc, err, fs)
		}
	}
}

func TestScanHTMLOffsets(t *testing.T) {
	d := newTest(t, Options{})
	doc := `<p>电话13812345678</p>`
	fs, _ := d.ScanHTML(strings.NewReader(doc))
	if len(fs) != 1 || !strings.HasPrefix(doc[fs[0].Offset:], "13812345678") {
		t.Fatalf("offset does not point at the value: %+v", fs)
	}
	if fs[0].Value != "138****5678" || fs[0].Context != "电话〔…〕" {
		t.Errorf("masked value/context: %q %q", fs[0].Value, fs[0].Context)
	}
}

func TestScanJSON(t *testing.T) {
	d := newTest(t, Options{})
	doc := `{"title":"纪要","items":[{"body":"来电人\u624b\u673a\u0031\u0033\u0038\u0031\u0032\u0033\u0034\u0035\u0036\u0037\u0038"},
	{"13912345678":"key"},{"html":"<p>住<b>3栋</b>2单元501室</p>"},{"n":18912345678}],"ok":true,"none":null}`
	fs, err := d.ScanJSON([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Kind{
		"json $.items[0].body": KindMobile,
		"json $.items[1]":      KindMobile,
		"json $.items[2].html": KindAddressRoom,
		"json $.items[3].n":    KindMobile,
	}
	for _, f := range fs {
		for w, k := range want {
			if strings.HasPrefix(f.Where, w) && f.Kind == k {
				delete(want, w)
			}
		}
	}
	if len(want) > 0 {
		t.Errorf("missing %v in %+v", want, fs)
	}
	if _, err := d.ScanJSON([]byte(`{"a": "138`)); err == nil {
		t.Error("truncated JSON must return an error")
	}
}

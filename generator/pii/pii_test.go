package pii

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func newTest(t testing.TB, opt Options) *Detector {
	t.Helper()
	d, err := New(opt)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// blockOf returns the BLOCK findings of text as "kind=value" strings.
func blockOf(d *Detector, text string) []string {
	var out []string
	for _, f := range d.Scan(text) {
		if f.Severity == Block {
			out = append(out, string(f.Kind)+"="+f.Value(text))
		}
	}
	return out
}

func TestValidators(t *testing.T) {
	if !id18Checksum([]byte("11010519491231002X")) {
		t.Error("GB 11643 example 11010519491231002X must validate")
	}
	if id18Checksum([]byte("110105194912310021")) {
		t.Error("wrong check digit accepted")
	}
	if !id18Shape([]byte("11010519491231002X"), 20240101) || id18Shape([]byte("510104200102291230"), 20240101) {
		t.Error("birth date validation (2001-02-29 is not a date)")
	}
	if id18Shape([]byte("110105209912310021"), 20240101) {
		t.Error("a birth date after today is not valid")
	}
	for _, c := range []string{"91320104MAHCT0FA4F", "91320111625612250G", "12320106MAP7U0A30H", "91320102MAALNJH0XD"} {
		if !validUSCC([]byte(c)) {
			t.Errorf("USCC %s must validate", c)
		}
	}
	if validUSCC([]byte("91320104MAHCT0FA4G")) {
		t.Error("USCC with a wrong check character accepted")
	}
	if !luhn([]byte("6222021234567890128")) || luhn([]byte("6222021234567890127")) {
		t.Error("Luhn")
	}
}

func TestNormaliseOffsets(t *testing.T) {
	var nt normText
	text := "电话１３８\u200b1234\u3000５６７８。"
	nt.normalise(text)
	if nt.s != "电话1381234 5678。" {
		t.Fatalf("normalised %q", nt.s)
	}
	a := strings.Index(nt.s, "138")
	b := strings.Index(nt.s, "5678") + 4
	oa, ob := nt.origSpan(a, b)
	if got := text[oa:ob]; got != "１３８\u200b1234\u3000５６７８" {
		t.Errorf("original span %q", got)
	}
	nt.normalise("本纪要形成于二〇二三年八月十七日，电话一三八一二三四五六七八。2023-08-17 14:35")
	if !strings.Contains(nt.s, "二〇二三年八月十七日") || !strings.Contains(nt.s, "13812345678") {
		t.Errorf("Chinese numerals: %q", nt.s)
	}
	if strings.ContainsAny(nt.s[strings.Index(nt.s, "。")+3:], "0123456789") {
		t.Errorf("date and time not masked: %q", nt.s)
	}
}

func TestRules(t *testing.T) {
	d := newTest(t, Options{Now: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)})
	cases := []struct {
		text string
		want []string // BLOCK findings as kind=value, in order
	}{
		// digit-run engine: boundaries, no windowing, letter prefixes, labels
		{"编号NJ13812345678", nil},
		{"事件320105001003202308170001", nil},
		{"单号：13812345678", nil},
		{"身份证编号110101197505082654", []string{"id_card=110101197505082654"}},
		{"13812345678 13912345678", []string{"mobile=13812345678", "mobile=13912345678"}},
		{"A13812345678", nil},
		{"QQ13812345678", []string{"qq=13812345678"}},
		{"QQ群：123456789", nil},
		{"138****5678 尾号5678", nil},
		{"预算13800000000元", nil},
		{"服务器192.168.81.197", nil},
		// landlines and service numbers
		{"拨打025-12345或96333", nil},
		{"电话025-84791234转8012", []string{"landline=025-84791234转8012"}},
		{"客服400-880-1234", nil},
		{"电话回访日期20230817", nil},
		{"电话：20230817", []string{"landline=20230817"}},
		// ID variants
		{"身份证号370102430509955", []string{"id_card=370102430509955"}},
		{"注册号370102430509955", nil},
		{"370102430509955", nil},
		{"信用代码113201198001010369", nil},
		{"113201198001010369", []string{"id_card=113201198001010369"}},
		// cards
		{"账号6222021234567890128", []string{"bank_card=6222021234567890128"}},
		{"流水号6222021234567890128", nil},
		// plates
		{"苏A·***J8 苏A号段 A4纸 5A级 K12路 G42", nil},
		{"苏A1234学", []string{"plate=苏A1234学"}},
		{"苏AD12345和苏A12345D", []string{"plate=苏AD12345", "plate=苏A12345D"}},
		// e-mail and WeChat
		{"发至jdbgs@nj.gov.cn或@所有人", nil},
		{"邮箱ab.c@163.com", []string{"email=ab.c@163.com"}},
		{"WXJD20230817001号", nil},
		{"微信公众号njjb12345", nil},
		// addresses
		{"3号楼外墙，5栋楼道灯，3号楼至7号楼", nil},
		{"共12栋300户", nil},
		{"住3栋2单元501室", []string{"address_room=3栋2单元501室"}},
		{"党群服务中心2号楼301室", nil},
		// names
		{"张某、王某某、某女士、X先生", nil},
		{"社区书记主持会议", nil},
		{"社区书记王红梅主持会议", []string{"name=王红梅"}},
		{"物业公司黄经理", []string{"name=黄经理"}},
		{"物业公司经理", nil},
		{"老师傅", nil},
		{"小王表示", []string{"name=小王"}},
		{"小区东门", nil},
		{"张府园地铁站", nil},
		{"《巴黎·圣母院》", nil},
		{"艾力·买买提反映", []string{"name=艾力·买买提"}},
	}
	for _, c := range cases {
		got := blockOf(d, c.text)
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("Scan(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

func TestOptions(t *testing.T) {
	if _, err := New(Options{TicketNumberRegex: []string{"("}}); err == nil {
		t.Error("an invalid ticket regex must fail New")
	}
	d := newTest(t, Options{
		PublicNumbers:      []string{"+86 25 5234 5678", "13900001111"},
		PublicEmailDomains: []string{"example.org", "office@corp.cn"},
		PublicPersons:      []string{"王红梅"},
		TicketNumberRegex:  []string{`^20\d{11}$`},
	})
	for _, text := range []string{
		"值班电话025-52345678", "值班电话52345678", "社区手机139 0000 1111",
		"a@mail.example.org", "office@corp.cn", "社区书记王红梅主持", "2023081700456号工单",
	} {
		if got := blockOf(d, text); len(got) > 0 {
			t.Errorf("%q: allowlisted value reported: %q", text, got)
		}
	}
	for _, text := range []string{"jdbgs@nj.gov.cn", "other@corp.cn"} {
		if got := blockOf(d, text); len(got) != 1 {
			t.Errorf("%q: want one BLOCK when public_email_domains replaces the default, got %q", text, got)
		}
	}
	known := newTest(t, Options{KnownValue: func(k Kind, v string) bool { return k == KindName && v == "高大山" }})
	if got := blockOf(known, "居民高大山来了"); len(got) != 1 || got[0] != "name=高大山" {
		t.Errorf("known value: %q", got)
	}
}

func TestScanContract(t *testing.T) {
	d := newTest(t, Options{})
	text := "来电人：胡军，电话１３８-1234-5678，住3栋2单元501室，车牌苏A·56YR4。"
	fs := d.Scan(text)
	if len(fs) != 4 {
		t.Fatalf("want 4 findings, got %v", fs)
	}
	for i, f := range fs {
		if i > 0 && f.Start < fs[i-1].End {
			t.Errorf("findings overlap or are unsorted: %v", fs)
		}
		if f.String() == "" || strings.Contains(f.String(), f.Value(text)) {
			t.Errorf("Finding.String leaks the value: %s", f)
		}
	}
	if !HasBlock(fs) {
		t.Error("HasBlock")
	}
	if d.Scan("") != nil || d.Scan("abc def") != nil {
		t.Error("empty or plain ASCII text has no findings")
	}
}

// TestScanLongEqualsScan plants numbers all through a text several pieces long, some across
// the cut between two pieces, some on lines without a break for longer than a piece: ScanLong
// finds exactly what Scan of the whole text finds.
func TestScanLongEqualsScan(t *testing.T) {
	d := newTest(t, Options{Now: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)})
	var b strings.Builder
	for i := 0; b.Len() < 5*longPiece; i++ {
		switch {
		case i%97 == 0:
			fmt.Fprintf(&b, "第%d行，居民电话13812345%03d，请回电。\n", i, i%1000)
		case i%89 == 0:
			fmt.Fprintf(&b, "身份证编号110101197505082654，第%d行\n", i)
		case i%500 == 0:
			b.WriteString(strings.Repeat("没有换行的很长一段文字", 3000)) // longer than a piece
			b.WriteString("电话13912345678\n")
		default:
			fmt.Fprintf(&b, "第%d行：小区门口路灯不亮，已联系物业维修，2023-08-17处理完毕。\n", i)
		}
	}
	text := b.String()
	want := d.Scan(text)
	got := d.ScanLong(text)
	if len(want) < 20 {
		t.Fatalf("only %d findings planted", len(want))
	}
	if bytes := d.ScanLongBytes([]byte(text)); !reflect.DeepEqual(bytes, got) {
		t.Errorf("ScanLongBytes found %d, ScanLong %d", len(bytes), len(got))
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ScanLong found %d, Scan %d", len(got), len(want))
		for i := 0; i < min(len(got), len(want)); i++ {
			if got[i] != want[i] {
				t.Errorf("first difference at %d: %+v (%q) vs %+v (%q)", i, got[i], got[i].Value(text), want[i], want[i].Value(text))
				break
			}
		}
	}
	// Every cut between pieces: a number placed across each one is found once.
	for cut := longPiece - 8; cut < len(text)-20; cut += longPiece - longOverlap {
		for !utf8.RuneStart(text[cut]) {
			cut++
		}
		x := text[:cut] + "电话13700001111。" + text[cut:]
		n := 0
		for _, f := range d.ScanLong(x) {
			if f.Value(x) == "13700001111" {
				n++
			}
		}
		if n != 1 {
			t.Errorf("a number near byte %d found %d times", cut, n)
		}
	}
}

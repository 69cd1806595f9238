package pii

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// benchText is a few KB of realistic ticket and minutes prose, mostly clean, with a handful of
// planted items, as the build sees it.
var benchText = strings.Repeat(`居民反映小区东门道闸经常故障，车辆进出排队严重，希望物业尽快维修。经核实，该问题属实，已责成物业公司于三日内完成整改，居民对处理结果表示满意。
议事会由社区党委书记主持，街道城管科、物业公司经理、业委会主任及居民代表共15人参加，会议围绕老旧小区加装电梯、停车位规划和垃圾分类三个议题展开讨论。
工单编号2022081700123已按期办结。本月共受理诉求356件，按期办结率98.6%，满意率95.2%，其中物业管理类121件，占比34.0%，同比下降5.3个百分点。
来电人联系电话19079134224，住翠竹园小区3栋2单元501室，反映楼上卫生间漏水；张师傅表示明天上门维修。该诉求于2023年8月17日14时35分受理。
依据《南京市住宅物业管理条例》第四十六条，业主应当按时交纳物业费。统一社会信用代码91320104MAHCT0FA4F。电梯困人请拨打96333，或拨打12345热线。
`, 4)

func BenchmarkScan(b *testing.B) {
	d := newTest(b, Options{PublicNumbers: []string{"025-12345"}, TicketNumberRegex: []string{`^20\d{11}$`}})
	b.SetBytes(int64(len(benchText)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d.Scan(benchText)
	}
}

// BenchmarkScanShort is the shape of the main workload: about a million short case texts.
func BenchmarkScanShort(b *testing.B) {
	d := newTest(b, Options{})
	texts := strings.Split(strings.TrimSpace(benchText), "\n")
	n := 0
	for _, t := range texts {
		n += len(t)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, t := range texts {
			d.Scan(t)
		}
	}
}

// pageStrings are the strings of a case page that the output gate's memo cannot know, because
// each page has its own: absolute and relative URLs with the case id, the title, the truncated
// description, and a short status line. Each is scanned once, so Scan's fixed cost dominates.
var pageStrings = []string{
	"https://gongshi.example.org/cases/225qiszz52lsaqun.html",
	"/en/cases/225qiszz52lsaqun.html",
	"https://example.org/en/cases/5zjhrmzy44icqysu.html",
	"工单 5zjhrmzy44icqysu（物业管理） · 江北新区沿江街道 12345 热线与议事公示",
	"工单 5zjhrmzy44icqysu（物业管理）",
	"Case 5zjhrmzy44icqysu (Property management)",
	"多名居民联名反映，江岸人家1栋单元门损坏，好几天未修，希望彻底解决。居民反映小区东门道闸经常故障，车辆进出排队严重，希望物业尽快维修。经核实，该问题属实，已责成物业公司于三日内完成整改，居民对处理结果表示满意。议事会由社区党委书记主持…",
	"经议事解决 · 用时 27 天",
}

// BenchmarkScanPage scans the per-page strings of a case page (pageStrings), each on its own.
func BenchmarkScanPage(b *testing.B) {
	d := newTest(b, evalOptions())
	n := 0
	for _, t := range pageStrings {
		n += len(t)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range pageStrings {
			d.Scan(t)
		}
	}
}

// BenchmarkScanURL is Scan's fixed cost on one short ASCII string.
func BenchmarkScanURL(b *testing.B) {
	d := newTest(b, evalOptions())
	b.ReportAllocs()
	for b.Loop() {
		d.Scan(pageStrings[0])
	}
}

// BenchmarkScanHTMLPage runs the output gate on a demo case page (testdata/casepage.html) with
// a new case id in each iteration, memo warm: the template text is known, the strings that
// carry the id (title, URLs, headings) are not, as on each of the build's case pages.
func BenchmarkScanHTMLPage(b *testing.B) {
	d := newTest(b, evalOptions())
	page, err := os.ReadFile(filepath.Join("testdata", "casepage.html"))
	if err != nil {
		b.Fatal(err)
	}
	const id = "5zjhrmzy44icqysu"
	var at []int
	for i := 0; ; {
		j := bytes.Index(page[i:], []byte(id))
		if j < 0 {
			break
		}
		at = append(at, i+j)
		i += j + len(id)
	}
	if len(at) == 0 {
		b.Fatal("case id not in testdata/casepage.html")
	}
	if fs := d.ScanHTMLBytes(page); len(fs) > 0 {
		b.Fatalf("case page has findings: %v", fs[0])
	}
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		n++
		// a 16-character base-36 id, as the demo's hashed ids
		var cid [16]byte
		for k, v := len(cid)-1, n; k >= 0; k-- {
			cid[k] = "0123456789abcdefghijklmnopqrstuvwxyz"[v%36]
			v /= 36
		}
		cid[0] = 'z'
		for _, p := range at {
			copy(page[p:], cid[:])
		}
		d.ScanHTMLBytes(page)
	}
}

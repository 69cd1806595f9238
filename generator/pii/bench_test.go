package pii

import (
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

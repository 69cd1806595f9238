package charts

import (
	"os"
	"testing"
	"time"

	"gongshi/generator/config"
	"gongshi/generator/privacy"
)

func TestScratchGate(t *testing.T) {
	g, err := privacy.NewGuard(config.Privacy{})
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile("../../themes/default/static/vendor/echarts/echarts.min.js")
	t0 := time.Now()
	fs := g.Gate("vendor/echarts/echarts.min.js", data)
	t.Logf("%d findings in %v", len(fs), time.Since(t0))
	for i, f := range fs {
		if i < 20 {
			t.Logf("%+v", f)
		}
	}
}

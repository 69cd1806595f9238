package charts_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"html/template"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gongshi/generator/cases"
	"gongshi/generator/charts"
	"gongshi/generator/config"
	"gongshi/generator/privacy"
	"gongshi/generator/site"
	"gongshi/generator/stats"
)

var update = flag.Bool("update", false, "rewrite testdata/golden.json")

// sentinels are the numbers behind the fixture's hidden figures: none may reach a chart.
var sentinels = []string{"7654321", "6543210", "8765432", "74.6", "74.65", "5432109"}

func visible(n int) stats.Figures {
	c := func(v int) stats.Count { return stats.Count{N: v} }
	return stats.Figures{Received: c(n), Closed: c(n - 1), Surveyed: c(n - 2),
		Response: stats.Rate{Num: float64(n - 3), Den: n - 2}, Resolution: stats.Rate{Num: float64(n - 4), Den: n - 2},
		Satisfaction: stats.Rate{Num: float64(n-4) + 0.9, Den: n - 2}}
}

func hidden() stats.Figures {
	r := stats.Rate{Num: 6543210, Den: 8765432, Hidden: true}
	return stats.Figures{Received: stats.Count{N: 7654321, Hidden: true}, Closed: stats.Count{N: 5432109, Hidden: true},
		Surveyed: stats.Count{N: 8765432, Hidden: true}, Response: r, Resolution: r, Satisfaction: r}
}

// fixture is a tiny hand-made site: three months (one hidden, one empty, the last not over),
// two communities (one hidden), two categories, every channel and method (one method hidden);
// rankings by response and resolution with 龙山 ranked and 水城 suppressed, none ranked by
// satisfaction (no chart); meetings of two kinds per month.
func fixture() *site.Site {
	st := &stats.Site{
		ByMonth: []stats.Row{{Key: "2022-06", Figures: visible(40)}, {Key: "2022-07", Figures: hidden()},
			{Key: "2022-08", Figures: stats.Figures{}}},
		ByCommunity: []stats.Row{{Key: "shuicheng", Figures: hidden()}, {Key: "longshan", Figures: visible(25)}},
		ByCategory:  []stats.Row{{Key: "property", Figures: visible(30)}, {Key: "noise", Figures: visible(22)}},
	}
	for _, c := range cases.Channels {
		st.ByChannel = append(st.ByChannel, stats.Row{Key: string(c), Figures: visible(13)})
	}
	for _, m := range cases.Methods {
		st.ByMethod = append(st.ByMethod, stats.Row{Key: string(m), Figures: visible(11)})
	}
	st.ByMethod[2].Figures = hidden()
	st.ByCommunityMonth = stats.Grid{Rows: []string{"shuicheng", "longshan"}, Cols: []string{"2022-06", "2022-07", "2022-08"},
		Cells: [][]stats.Count{{{N: 7654321, Hidden: true}, {N: 5432109, Hidden: true}, {N: 0}}, {{N: 25}, {N: 0}, {N: 0}}}}
	st.Partial = "2022-08"
	st.Now = time.Date(2022, 8, 17, 0, 0, 0, 0, time.UTC)
	st.Rankings = []stats.Ranking{stats.Rank(st.ByCommunity, "response_rate", 20), stats.Rank(st.ByCommunity, "resolution_rate", 20),
		stats.Rank(st.ByCommunity, "satisfaction_rate", 40)}
	st.MeetingsByKind = stats.MeetingGrid{Rows: []string{"grid_meeting", "cloud_meeting"}, Cols: []string{"2022-06", "2022-07", "2022-08"},
		Cells: [][]stats.Count{{{N: 12}, {N: 0}, {N: 7654321, Hidden: true}}, {{N: 30}, {N: 20}, {N: 5432109, Hidden: true}}},
		Total: []stats.Count{{N: 7654333, Hidden: true}, {N: 5432159, Hidden: true}},
		Month: []stats.Count{{N: 42}, {N: 20}, {N: 6543210, Hidden: true}}}
	return &site.Site{Lang: "zh-CN", Stats: st, Now: time.Date(2022, 8, 17, 0, 0, 0, 0, time.UTC),
		Communities: []*site.Community{{Name: "水城社区", Slug: "shuicheng"}, {Name: "龙山社区", Slug: "longshan"}},
		Categories:  []*site.Category{{Name: "物业管理", Slug: "property"}, {Name: "噪音扰民", Slug: "noise"}}}
}

var options = charts.Options{Label: func(key string) string {
	if s, ok := map[string]string{"channel.hotline": "12345热线", "method.direct": "直接办理"}[key]; ok {
		return s
	}
	return "[" + key + "]" // as theme.Lang.S says a missing string
}}

func build(t *testing.T) []charts.Chart {
	t.Helper()
	cs, err := charts.Build(fixture(), options)
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

// envelope decodes a chart's JSON.
type envelope struct {
	Title    string         `json:"title"`
	Renderer string         `json:"renderer"`
	Locale   string         `json:"locale"`
	Height   int            `json:"height"`
	Option   map[string]any `json:"option"`
}

func decode(t *testing.T, c charts.Chart) envelope {
	t.Helper()
	var e envelope
	if err := json.Unmarshal(c.JSON, &e); err != nil {
		t.Fatalf("%s: %v", c.ID, err)
	}
	return e
}

// TestGolden compares the charts' JSON with testdata/golden.json (go test -update rewrites it).
func TestGolden(t *testing.T) {
	var b bytes.Buffer
	for _, c := range build(t) {
		b.WriteString(c.ID + " " + c.Table + " " + c.Title + "\n")
		b.Write(c.JSON)
		b.WriteString("\n")
	}
	golden := filepath.Join("testdata", "golden.txt")
	if *update {
		os.MkdirAll("testdata", 0o755)
		if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(want, b.Bytes()) {
		t.Errorf("charts differ from %s:\n%s", golden, b.Bytes())
	}
}

// TestContract checks the fixed ids, the SVG renderer, aria, the font stack, the tables, and
// that two builds give the same bytes.
func TestContract(t *testing.T) {
	cs, again := build(t), build(t)
	want := []string{charts.MonthlyVolume, charts.MonthlyRates, charts.MonthlyClosure, charts.Category, charts.Community,
		charts.CommunityMonth, charts.Channel, charts.Method, charts.RankingIDs["response_rate"], charts.RankingIDs["resolution_rate"],
		charts.MeetingsMonth}
	if len(cs) != len(want) {
		t.Fatalf("%d charts, want %d", len(cs), len(want))
	}
	// Each chart names the table of a statistics page with its numbers (site.Family tables).
	tables := map[string]string{charts.MonthlyVolume: "volume-month", charts.MonthlyRates: "rates-month",
		charts.MonthlyClosure: "closure-month", charts.Category: "volume-category", charts.Community: "volume-community",
		charts.CommunityMonth: "community-month", charts.Channel: "volume-channel", charts.Method: "meetings-method",
		charts.RankingIDs["response_rate"]: "ranking-response", charts.RankingIDs["resolution_rate"]: "ranking-resolution",
		charts.MeetingsMonth: "meetings-kind-month"}
	for i, c := range cs {
		if c.ID != want[i] || !bytes.Equal(c.JSON, again[i].JSON) {
			t.Errorf("chart %d: id %s, or different bytes in a second build", i, c.ID)
		}
		if tables[c.ID] != c.Table {
			t.Errorf("%s: table %q, want %q", c.ID, c.Table, tables[c.ID])
		}
		e := decode(t, c)
		aria, _ := e.Option["aria"].(map[string]any)
		font, _ := e.Option["textStyle"].(map[string]any)
		if e.Renderer != "svg" || e.Locale != "ZH" || e.Height < 100 || aria["enabled"] != true ||
			!strings.Contains(font["fontFamily"].(string), "PingFang SC") {
			t.Errorf("%s: renderer %s, locale %s, height %d, aria %v, font %v", c.ID, e.Renderer, e.Locale, e.Height, aria, font)
		}
		// One grid: a second one (a second WithGridOpts) is one the series do not use.
		if grids, _ := e.Option["grid"].([]any); len(grids) != 1 {
			t.Errorf("%s: %d grids, want 1", c.ID, len(grids))
		}
		if bytes.Contains(c.JSON, []byte("function")) || bytes.Contains(c.JSON, []byte("http")) {
			t.Errorf("%s: a function or an address in the option", c.ID)
		}
	}
}

// TestEnglish checks the charts of an English page take the theme's strings and ECharts'
// English locale.
func TestEnglish(t *testing.T) {
	en := map[string]string{"chart.monthly_volume": "Cases per month", "col.received": "Received", "channel.hotline": "12345 hotline"}
	cs, err := charts.Build(fixture(), charts.Options{Lang: "en", Label: func(k string) string { return en[k] }})
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]charts.Chart{}
	for _, c := range cs {
		byID[c.ID] = c
		if e := decode(t, c); e.Locale != "EN" {
			t.Errorf("%s: locale %s on an English page", c.ID, e.Locale)
		}
	}
	e, ch := decode(t, cs[0]), byID[charts.Channel].JSON
	if e.Locale != "EN" || e.Title != "Cases per month" || !bytes.Contains(cs[0].JSON, []byte(`"name":"Received"`)) ||
		!bytes.Contains(ch, []byte(`"12345 hotline"`)) || !bytes.Contains(ch, []byte(`"grid_patrol"`)) {
		t.Errorf("English charts: %s", cs[0].JSON)
	}
}

// TestHiddenIsNull checks that a hidden figure is a null in every chart, and that none of the
// numbers behind a hidden figure appears.
func TestHiddenIsNull(t *testing.T) {
	for _, c := range build(t) {
		for _, s := range sentinels {
			if bytes.Contains(c.JSON, []byte(s)) {
				t.Errorf("%s holds %s, the number of a hidden figure", c.ID, s)
			}
		}
		series := decode(t, c).Option["series"].([]any)
		var got []any
		for _, s := range series {
			for _, d := range s.(map[string]any)["data"].([]any) {
				got = append(got, d.(map[string]any)["value"])
			}
		}
		nulls := 0
		for _, v := range got {
			if v == nil {
				nulls++
			}
		}
		want := map[string]int{charts.MonthlyVolume: 2, charts.MonthlyRates: 6, charts.MonthlyClosure: 2, charts.Community: 1, charts.Method: 2,
			charts.MeetingsMonth: 1}[c.ID]
		if nulls != want {
			t.Errorf("%s: %d nulls in %v, want %d", c.ID, nulls, got, want)
		}
	}
}

// TestThroughHTMLTemplate checks the JSON survives html/template in a <script> element as it
// is, and cannot close the element.
func TestThroughHTMLTemplate(t *testing.T) {
	c := build(t)[0]
	c.JSON = json.RawMessage(strings.Replace(string(c.JSON), "受理", "</script><b>&", 1))
	tpl := template.Must(template.New("p").Parse(`<script type="application/json" id="{{.ID}}" data-chart>{{.JSON}}</script>`))
	var b bytes.Buffer
	if err := tpl.Execute(&b, c); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	body := strings.TrimSuffix(strings.TrimPrefix(out, `<script type="application/json" id="chartMonthlyVolume" data-chart>`), "</script>")
	if strings.Contains(body, "<") || !json.Valid([]byte(body)) {
		t.Fatalf("not JSON safe in a script element: %s", out)
	}
}

// TestHeatMap checks the community × month heat map on a hand-made grid.
func TestHeatMap(t *testing.T) {
	cells := [][]stats.Count{{{N: 12}, {N: 7654321, Hidden: true}}, {{N: 0}, {N: 30}}}
	c, err := charts.HeatMap(options, "community-month", []string{"2022-07", "2022-08"}, []string{"水城社区", "龙山社区"}, cells)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(c.JSON, []byte("7654321")) || !bytes.Contains(c.JSON, []byte(`[1,0,null]`)) ||
		!bytes.Contains(c.JSON, []byte(`"max":30`)) || c.ID != charts.CommunityMonth ||
		!bytes.Contains(c.JSON, []byte(`"xAxis":[{"type":"category","data":["2022-07","2022-08"]}]`)) {
		t.Errorf("heat map: %s", c.JSON)
	}
	if _, err := charts.HeatMap(options, "x", []string{"2022-07"}, []string{"水城社区"}, cells); err == nil {
		t.Error("a ragged grid is accepted")
	}
}

// TestStaticFiles checks the theme's chart scripts: the vendored ECharts is 6.1.0 with its
// licence, charts.js fetches nothing and runs no code from the page, and both pass the privacy
// guard's output gate, which reads every .js file a build writes.
func TestStaticFiles(t *testing.T) {
	static := filepath.Join("..", "..", "themes", "default", "static")
	lib, err := os.ReadFile(filepath.Join(static, "vendor", "echarts", "echarts.min.js"))
	if err != nil {
		t.Skipf("no vendored ECharts: %v", err)
	}
	js, err := os.ReadFile(filepath.Join(static, "js", "charts.js"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(lib, []byte(`version="6.1.0"`)) {
		t.Error("the vendored ECharts is not 6.1.0")
	}
	for _, f := range []string{"LICENSE", "NOTICE", "licenses/LICENSE-d3"} {
		if _, err := os.Stat(filepath.Join(static, "vendor", "echarts", filepath.FromSlash(f))); err != nil {
			t.Errorf("ECharts is shipped without %s", f)
		}
	}
	for _, bad := range []string{"http:", "https:", "//cdn", "fetch(", "XMLHttpRequest", "import(", "eval(", "Function(", "innerHTML"} {
		if bytes.Contains(js, []byte(bad)) {
			t.Errorf("charts.js holds %q", bad)
		}
	}
	for _, want := range []string{`renderer: 'svg'`, `script[type="application/json"][data-chart]`, "JSON.parse"} {
		if !bytes.Contains(js, []byte(want)) {
			t.Errorf("charts.js lacks %q", want)
		}
	}
	g, err := privacy.NewGuard(config.Privacy{})
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"vendor/echarts/echarts.min.js": lib, "js/charts.js": js} {
		if fs := g.Gate(name, data); len(fs) > 0 {
			t.Errorf("%s: the output gate finds %v", name, fs[0])
		}
	}
}

package charts

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"gongshi/generator/stats"
)

// errNothing says a chart has nothing to draw: it is left out.
var errNothing = errors.New("charts: nothing to draw")

// fontStack is the site's CJK font stack (themes/default/static/css/site.css).
const fontStack = `-apple-system, BlinkMacSystemFont, "PingFang SC", "Hiragino Sans GB", "Noto Sans CJK SC", ` +
	`"Source Han Sans SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif`

// theme sets the site's font stack, ink and palette on every option: a visitor, since
// go-echarts has no global textStyle option.
type theme struct {
	charts.BaseConfigurationVisitor
}

func (theme) Visit(option map[string]interface{}) {
	option["textStyle"] = map[string]any{"fontFamily": fontStack, "color": "#1f2328"}
	// The site's link blue and seal red, then colours told apart without hue alone.
	option["color"] = []string{"#0b57a4", "#c98a00", "#1a7f37", "#b3261e", "#6f42c1", "#59636e"}
}

// common are the options every chart shares: fixed id, SVG renderer, aria, a hidden title
// (used by the aria description), an axis tooltip, a scrolling legend and the grid, bottom
// pixels above the bottom edge (room for a visual map). go-echarts appends a second grid for a
// second WithGridOpts, which the series do not use: so the grid is set here, once.
func common(id, title string, legend bool, bottom string) []charts.GlobalOpts {
	top := "8"
	if legend {
		top = "36"
	}
	return []charts.GlobalOpts{
		charts.WithInitializationOpts(opts.Initialization{ChartID: id, Renderer: "svg", Theme: "white"}),
		charts.WithTitleOpts(opts.Title{Title: title, Show: opts.Bool(false)}),
		charts.WithAriaOpts(&opts.Aria{Enabled: opts.Bool(true), Label: &opts.AriaLabel{Enabled: opts.Bool(true)}}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(legend), Type: "scroll", Top: "0"}),
		charts.WithGridOpts(opts.Grid{ContainLabel: opts.Bool(true), Left: "8", Right: "24", Top: top, Bottom: bottom}),
	}
}

func lineData(rows []stats.Row, value func(stats.Figures) any) []opts.LineData {
	out := make([]opts.LineData, len(rows))
	for i, r := range rows {
		out[i] = opts.LineData{Value: value(r.Figures)}
	}
	return out
}

func barData(rows []stats.Row, value func(stats.Figures) any) []opts.BarData {
	out := make([]opts.BarData, len(rows))
	for i, r := range rows {
		out[i] = opts.BarData{Value: value(r.Figures)}
	}
	return out
}

// monthlyVolume is a line chart of the cases received and closed per month.
func monthlyVolume(o Options, locale string, months []string, rows []stats.Row) (Chart, error) {
	title := o.text("chart.monthly_volume", "每月受理与办结工单（件）")
	c := charts.NewLine()
	c.Accept(theme{})
	c.SetGlobalOptions(append(common(MonthlyVolume, title, true, "8"),
		charts.WithXAxisOpts(opts.XAxis{Type: "category"}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", MinInterval: 1}))...)
	c.SetXAxis(months)
	line := charts.WithLineChartOpts(opts.LineChart{ConnectNulls: opts.Bool(false), ShowSymbol: opts.Bool(true)})
	c.AddSeries(o.text("col.received", "受理"), lineData(rows, func(f stats.Figures) any { return count(f.Received) }), line)
	c.AddSeries(o.text("col.closed", "办结"), lineData(rows, func(f stats.Figures) any { return count(f.Closed) }), line)
	return finish(c, MonthlyVolume, "volume-month", title, locale, 320)
}

// monthlyRates is a line chart of the three rates per month, in percent, on an axis from a
// multiple of 5 below the lowest published rate to 100.
func monthlyRates(o Options, locale string, months []string, rows []stats.Row) (Chart, error) {
	title := o.text("chart.monthly_rates", "每月三率（%）")
	low := 100.0
	for _, r := range rows {
		for _, x := range []stats.Rate{r.Figures.Response, r.Figures.Resolution, r.Figures.Satisfaction} {
			if !x.Hidden && !x.None() {
				low = math.Min(low, x.Percent())
			}
		}
	}
	low = math.Max(0, math.Floor((low-1)/5)*5)
	c := charts.NewLine()
	c.Accept(theme{})
	c.SetGlobalOptions(append(common(MonthlyRates, title, true, "8"),
		charts.WithXAxisOpts(opts.XAxis{Type: "category"}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Min: low, Max: 100,
			AxisLabel: &opts.AxisLabel{Formatter: "{value}%"}}))...)
	c.SetXAxis(months)
	line := charts.WithLineChartOpts(opts.LineChart{ConnectNulls: opts.Bool(false), ShowSymbol: opts.Bool(true)})
	c.AddSeries(o.text("col.response", "响应率"), lineData(rows, func(f stats.Figures) any { return percent(f.Response) }), line)
	c.AddSeries(o.text("col.resolution", "解决率"), lineData(rows, func(f stats.Figures) any { return percent(f.Resolution) }), line)
	c.AddSeries(o.text("col.satisfaction", "满意率"), lineData(rows, func(f stats.Figures) any { return percent(f.Satisfaction) }), line)
	return finish(c, MonthlyRates, "rates-month", title, locale, 320)
}

// monthlyClosure is a line chart of the time to close per month of receipt, in days: the
// median and the 90th percentile, as the closure table shows them (a hidden or empty month is
// a gap).
func monthlyClosure(o Options, locale string, months []string, rows []stats.Row) (Chart, error) {
	title := o.text("chart.monthly_closure", "每月办结用时（天）")
	c := charts.NewLine()
	c.Accept(theme{})
	c.SetGlobalOptions(append(common(MonthlyClosure, title, true, "8"),
		charts.WithXAxisOpts(opts.XAxis{Type: "category"}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Min: 0}))...)
	c.SetXAxis(months)
	line := charts.WithLineChartOpts(opts.LineChart{ConnectNulls: opts.Bool(false), ShowSymbol: opts.Bool(true)})
	c.AddSeries(o.text("col.median", "办结天数中位数"), lineData(rows, func(f stats.Figures) any { return days(f.MedianDays, f.Closed) }), line)
	c.AddSeries(o.text("col.p90", "第 90 百分位"), lineData(rows, func(f stats.Figures) any { return days(f.P90Days, f.Closed) }), line)
	return finish(c, MonthlyClosure, "closure-month", title, locale, 320)
}

// ranked is a horizontal bar chart of the cases received per row (category, community), in
// the table's order, first row on top: long Chinese names stay readable on a phone.
func ranked(o Options, locale, id, table, title string, names []string, rows []stats.Row) (Chart, error) {
	c := charts.NewBar()
	c.Accept(theme{})
	c.SetGlobalOptions(append(common(id, title, false, "8"),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", MinInterval: 1}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true)}))...)
	c.SetXAxis(names).XYReversal()
	c.AddSeries(o.text("col.received", "受理"), barData(rows, func(f stats.Figures) any { return count(f.Received) }))
	return finish(c, id, table, title, locale, max(160, 48+28*len(rows)))
}

// mix is a stacked bar chart: for the cases received, closed and surveyed, how many came by
// each row (channel, whose names are the strings vocab.KEY). Stacked per month would need a month × channel breakdown that package
// stats does not compute.
func mix(o Options, locale, id, table, vocab, title string, rows []stats.Row) (Chart, error) {
	c := charts.NewBar()
	c.Accept(theme{})
	c.SetGlobalOptions(append(common(id, title, true, "8"),
		charts.WithXAxisOpts(opts.XAxis{Type: "category"}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", MinInterval: 1}))...)
	c.SetXAxis([]string{o.text("col.received", "受理"), o.text("col.closed", "办结"), o.text("col.surveyed", "有效回访")})
	stack := charts.WithBarChartOpts(opts.BarChart{Stack: table})
	for _, r := range rows {
		f := r.Figures
		c.AddSeries(o.label(vocab+"."+r.Key), []opts.BarData{{Value: count(f.Received)}, {Value: count(f.Closed)},
			{Value: count(f.Surveyed)}}, stack)
	}
	return finish(c, id, table, title, locale, 340)
}

// solvedShare is a horizontal 100% stacked bar chart: for each row (method), the surveyed
// cases the resident says were solved and those not, in percent: the resolution rate of the
// table and its complement, which the published rate gives away anyway. A hidden or empty rate
// leaves its row blank.
func solvedShare(o Options, locale, id, table, vocab, title string, rows []stats.Row) (Chart, error) {
	c := charts.NewBar()
	c.Accept(theme{})
	c.SetGlobalOptions(append(common(id, title, true, "8"),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Min: 0, Max: 100, AxisLabel: &opts.AxisLabel{Formatter: "{value}%"}}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true)}))...)
	names := make([]string, len(rows))
	solved, not := make([]opts.BarData, len(rows)), make([]opts.BarData, len(rows))
	for i, r := range rows {
		names[i] = o.label(vocab + "." + r.Key)
		solved[i], not[i] = opts.BarData{Value: null()}, opts.BarData{Value: null()}
		if x := r.Figures.Resolution; !x.Hidden && !x.None() {
			p := math.Round(x.Percent()*10) / 10
			solved[i].Value, not[i].Value = p, math.Round((100-p)*10)/10
		}
	}
	c.SetXAxis(names).XYReversal()
	stack := charts.WithBarChartOpts(opts.BarChart{Stack: table})
	c.AddSeries(o.text("solved.1", "已解决"), solved, stack)
	c.AddSeries(o.text("solved.2", "未解决"), not, stack)
	return finish(c, id, table, title, locale, max(180, 72+32*len(rows)))
}

// HeatMap is the community × month heat map of the cases received: rows are the communities
// (names), columns the months, cells[i][j] the count of community i in month j, each a cell of
// the same suppression as every other published count (a hidden cell is left blank). Package
// stats does not compute this breakdown yet; table is the id of the table with its numbers.
func HeatMap(o Options, table string, months, communities []string, cells [][]stats.Count) (Chart, error) {
	if len(cells) != len(communities) {
		return Chart{}, fmt.Errorf("charts: %d rows of cells for %d communities", len(cells), len(communities))
	}
	title := o.text("chart.community_month", "各社区每月受理工单（件）")
	var data []opts.HeatMapData
	top := 0
	for i, row := range cells {
		if len(row) != len(months) {
			return Chart{}, fmt.Errorf("charts: community %s has %d cells for %d months", communities[i], len(row), len(months))
		}
		for j, cell := range row {
			data = append(data, opts.HeatMapData{Value: [3]any{j, i, count(cell)}})
			if !cell.Hidden && cell.N > top {
				top = cell.N
			}
		}
	}
	c := charts.NewHeatMap()
	c.Accept(theme{})
	c.SetGlobalOptions(append(common(CommunityMonth, title, false, "72"),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		// The months as the axis's own data: HeatMap.SetXAxis leaves them out of the option.
		charts.WithXAxisOpts(opts.XAxis{Type: "category", Data: months}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Data: communities, Inverse: opts.Bool(true)}),
		charts.WithVisualMapOpts(opts.VisualMap{Type: "continuous", Calculable: opts.Bool(true), Max: float32(top),
			Orient: "horizontal", Left: "center", Bottom: "0",
			InRange: &opts.VisualMapInRange{Color: []string{"#e7eff8", "#0b57a4"}}}))...)
	c.AddSeries(o.text("col.received", "受理"), data)
	return finish(c, CommunityMonth, table, title, o.locale(o.Lang), 140+26*len(communities))
}

// interval is a horizontal chart of the ranked communities of one ranking, first rank on top:
// each rate a point, its 95% Wilson interval a bar from the lower to the upper bound (a
// transparent bar up to the lower bound, stacked under the interval's), on an axis from a
// multiple of 5 below the lowest bound to 100. Only ranked communities are drawn: the table
// lists those too few to rank.
func interval(o Options, locale, id, table, title string, rk stats.Ranking, names []string) (Chart, error) {
	var cats []string
	var base, span []opts.BarData
	var points []opts.ScatterData
	low := 100.0
	for _, r := range rk.Rows {
		if r.Standing != stats.Ranked || r.Index >= len(names) {
			continue
		}
		lo, hi := math.Round(r.Low*1000)/10, math.Round(r.High*1000)/10
		low = math.Min(low, lo)
		cats = append(cats, names[r.Index])
		base = append(base, opts.BarData{Value: lo})
		span = append(span, opts.BarData{Value: math.Round((hi-lo)*10) / 10, Name: fmt.Sprintf("%.1f%%–%.1f%%", lo, hi)})
		points = append(points, opts.ScatterData{Value: []any{math.Round(r.Rate.Percent()*10) / 10, names[r.Index]}})
	}
	if len(cats) == 0 {
		return Chart{}, errNothing
	}
	low = math.Max(0, math.Floor((low-1)/5)*5)
	c := charts.NewBar()
	c.Accept(silentFirst{})
	c.SetGlobalOptions(append(common(id, title, true, "8"),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Min: low, Max: 100, AxisLabel: &opts.AxisLabel{Formatter: "{value}%"}}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true)}))...)
	c.SetXAxis(cats).XYReversal()
	stack := charts.WithBarChartOpts(opts.BarChart{Stack: table, BarWidth: "40%"})
	c.AddSeries("", base, stack, charts.WithItemStyleOpts(opts.ItemStyle{Color: "transparent"}))
	c.AddSeries(o.text("chart.interval", "95% 置信区间"), span, stack, charts.WithItemStyleOpts(opts.ItemStyle{Color: "#9dbde0"}),
		charts.WithSeriesTooltipOpts(opts.SeriesTooltip{Formatter: "{b}"}))
	sc := charts.NewScatter()
	sc.AddSeries(o.text("col."+rk.Def, map[string]string{"response_rate": "响应率", "resolution_rate": "解决率",
		"satisfaction_rate": "满意率"}[rk.Def]), points, charts.WithItemStyleOpts(opts.ItemStyle{Color: "#0b57a4"}),
		charts.WithScatterChartOpts(opts.ScatterChart{SymbolSize: 10}))
	c.Overlap(sc)
	return finish(c, id, table, title, locale, max(180, 72+30*len(cats)))
}

// silentFirst is the theme, with the first series silent and without a tooltip: the
// transparent bar an interval stands on.
type silentFirst struct{ theme }

func (silentFirst) VisitSeriesOpt(s charts.MultiSeries) interface{} {
	data, err := json.Marshal(s)
	var out []map[string]any
	if err != nil || json.Unmarshal(data, &out) != nil || len(out) == 0 {
		return s
	}
	out[0]["silent"], out[0]["tooltip"] = true, map[string]any{"show": false}
	return out
}

// meetingsMonth is a bar chart of the meetings held per month, all kinds (months: the axis
// labels of g.Cols; the row "all" of the kind × month table); a hidden count is a gap. The
// kinds are not stacked: most of a month's counts per kind are small, hidden, and would leave
// a stack with holes that reads as fewer meetings.
func meetingsMonth(o Options, locale string, months []string, g stats.MeetingGrid) (Chart, error) {
	title := o.text("chart.meetings_month", "每月召开的议事会议（场）")
	c := charts.NewBar()
	c.Accept(theme{})
	c.SetGlobalOptions(append(common(MeetingsMonth, title, false, "8"),
		charts.WithXAxisOpts(opts.XAxis{Type: "category"}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", MinInterval: 1}))...)
	c.SetXAxis(months)
	data := make([]opts.BarData, len(g.Month))
	for j, n := range g.Month {
		data[j] = opts.BarData{Value: count(n)}
	}
	c.AddSeries(o.text("col.meetings_held", "场次"), data)
	return finish(c, MeetingsMonth, "meetings-kind-month", title, locale, 300)
}

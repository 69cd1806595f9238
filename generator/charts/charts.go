// Package charts builds the ECharts options of the statistics pages, with the types of
// github.com/go-echarts/go-echarts/v2, from the suppressed figures of package stats.
//
// Contract:
//   - Only the suppressed figures go in: a hidden count or rate (and a rate over nothing) is null,
//     a gap in the chart; its number never appears in the JSON. Every chart has the same numbers
//     as a table of the site (Chart.Table) and its CSV download.
//   - Output is deterministic: fixed chart IDs that are valid JavaScript identifiers, JSON with
//     sorted keys, no generated ids, no clock. Build is pure; the package has no global state.
//   - Each Chart.JSON is an envelope {"title":…,"renderer":"svg","locale":"ZH","height":320,"option":{…}}:
//     the SVG renderer, ECharts' aria option on (a generated description for screen readers),
//     the site's CJK font stack and palette in the option itself, no JavaScript functions.
//     Encoded by encoding/json with HTML escaping, so it is safe inside a <script> element; pass it
//     to html/template as the json.RawMessage it is:
//     <script type="application/json" id="{{.ID}}" data-chart>{{.JSON}}</script>
//     The theme's static js/charts.js draws every such block with the vendored ECharts.
package charts

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"

	"gongshi/generator/site"
	"gongshi/generator/stats"
)

// The fixed chart IDs.
const (
	MonthlyVolume  = "chartMonthlyVolume"
	MonthlyRates   = "chartMonthlyRates"
	MonthlyClosure = "chartMonthlyClosure"
	Category       = "chartCategory"
	Community      = "chartCommunity"
	Channel        = "chartChannel"
	Method         = "chartMethod"
	CommunityMonth = "chartCommunityMonth"
	MeetingsMonth  = "chartMeetingsMonth"
)

// RankingIDs are the fixed chart IDs of the rankings, by the rate ranked.
var RankingIDs = map[string]string{"response_rate": "chartRankingResponse", "resolution_rate": "chartRankingResolution",
	"satisfaction_rate": "chartRankingSatisfaction"}

// Chart is one chart to embed in a page.
type Chart struct {
	ID    string          // a valid JavaScript identifier; the id of the <script> element
	Table string          // id of the statistics table with the same numbers (site.Table.ID)
	Title string          // what the chart shows, for a heading or a caption
	JSON  json.RawMessage // the envelope of the ECharts option
}

// Options are what the charts depend on besides the figures.
type Options struct {
	// Lang is the language of the page ("zh-CN", "en"): ECharts' locale. Empty means the site's.
	Lang string
	// Label returns the theme's string for a key: "chart.monthly_volume" for a title,
	// "col.received" for a series, "channel.hotline" for a channel. A key it has no string for
	// (nil Label, "", the key itself or "[key]") falls back to Chinese, or to the value
	// ("hotline") for the vocabularies.
	Label func(key string) string
}

// text returns the theme's string for key, or zh when it has none.
func (o Options) text(key, zh string) string {
	if o.Label != nil {
		if l := o.Label(key); l != "" && l != key && l != "["+key+"]" {
			return l
		}
	}
	return zh
}

// label returns the theme's string for a vocabulary key such as "channel.hotline", or its value.
func (o Options) label(key string) string {
	value := key
	for i := range key {
		if key[i] == '.' {
			value = key[i+1:]
			break
		}
	}
	return o.text(key, value)
}

// locale is ECharts' locale for the page: "EN" for English, else "ZH".
func (o Options) locale(site string) string {
	lang := o.Lang
	if lang == "" {
		lang = site
	}
	if lang == "en" || len(lang) > 2 && lang[:3] == "en-" {
		return "EN"
	}
	return "ZH"
}

// Build returns the charts of the statistics pages, in a fixed order: monthly volume and rates
// (lines), received by category and by community (bars), the channel mix of the received,
// closed and surveyed cases (stacked bars), per method the surveyed cases solved and not (100%
// stacked bars: meetings against direct handling), the community × month heat map, each
// ranking of the communities (a point per ranked rate on its 95% interval; a ranking with no
// community ranked has no chart) and the meetings held per month (bars). The
// month not over yet is marked on the axes. Each names the table of its page with the same
// numbers (Chart.Table, a site.Table of a site.Family). A chart whose rows are missing from
// the site is left out.
func Build(s *site.Site, o Options) ([]Chart, error) {
	if s == nil || s.Stats == nil {
		return nil, fmt.Errorf("charts: the site has no statistics")
	}
	st, loc := s.Stats, o.locale(s.Lang)
	var out []Chart
	add := func(c Chart, err error) error {
		if err == nil {
			out = append(out, c)
		}
		return err
	}
	if len(st.ByMonth) > 0 {
		months := make([]string, len(st.ByMonth))
		for i, r := range st.ByMonth {
			months[i] = o.month(r.Key, st.Partial)
		}
		if err := add(monthlyVolume(o, loc, months, st.ByMonth)); err != nil {
			return nil, err
		}
		if err := add(monthlyRates(o, loc, months, st.ByMonth)); err != nil {
			return nil, err
		}
		if err := add(monthlyClosure(o, loc, months, st.ByMonth)); err != nil {
			return nil, err
		}
	}
	if len(st.ByCategory) > 0 && len(st.ByCategory) == len(s.Categories) {
		names := make([]string, len(s.Categories))
		for i, c := range s.Categories {
			names[i] = c.Name
		}
		title := o.text("chart.category", "按诉求类别的受理工单（件）")
		if err := add(ranked(o, loc, Category, "volume-category", title, names, st.ByCategory)); err != nil {
			return nil, err
		}
	}
	if len(st.ByCommunity) > 0 && len(st.ByCommunity) == len(s.Communities) {
		names := make([]string, len(s.Communities))
		for i, c := range s.Communities {
			names[i] = c.Name
		}
		title := o.text("chart.community", "按社区的受理工单（件）")
		if err := add(ranked(o, loc, Community, "volume-community", title, names, st.ByCommunity)); err != nil {
			return nil, err
		}
		if g := st.ByCommunityMonth; len(g.Rows) == len(names) && len(g.Cols) > 0 {
			ho := o
			if ho.Lang == "" {
				ho.Lang = s.Lang // HeatMap takes the language from its options alone
			}
			if err := add(HeatMap(ho, "community-month", g.Cols, names, g.Cells)); err != nil {
				return nil, err
			}
		}
	}
	if len(st.ByChannel) > 0 {
		title := o.text("chart.channel", "各来源渠道的工单构成（件）")
		if err := add(mix(o, loc, Channel, "volume-channel", "channel", title, st.ByChannel)); err != nil {
			return nil, err
		}
	}
	if len(st.ByMethod) > 0 {
		title := o.text("chart.method", "各办理方式的解决情况（有效回访，%）")
		if err := add(solvedShare(o, loc, Method, "meetings-method", "method", title, st.ByMethod)); err != nil {
			return nil, err
		}
	}
	// The rankings: each rate with its 95% interval, ranked communities only.
	names := make([]string, len(s.Communities))
	for i, c := range s.Communities {
		names[i] = c.Name
	}
	for _, rk := range st.Rankings {
		short := rk.Def[:len(rk.Def)-len("_rate")]
		title := o.text("chart.ranking_"+short, "各社区"+map[string]string{"response": "响应率", "resolution": "解决率",
			"satisfaction": "满意率"}[short]+"及 95% 置信区间（%）")
		switch c, err := interval(o, loc, RankingIDs[rk.Def], "ranking-"+short, title, rk, names); {
		case errors.Is(err, errNothing):
		case err != nil:
			return nil, err
		default:
			out = append(out, c)
		}
	}
	if g := st.MeetingsByKind; len(g.Cols) > 0 && len(g.Month) == len(g.Cols) {
		partial := ""
		if !st.Now.IsZero() {
			partial = st.Now.Format("2006-01") // meetings are counted up to the build date
		}
		months := make([]string, len(g.Cols))
		for i, m := range g.Cols {
			months[i] = o.month(m, partial)
		}
		if err := add(meetingsMonth(o, loc, months, g)); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// month is the axis label of a month (2006-01): marked when it is the month not over yet
// (stats.Site.Partial), so that its lower bar or point is not read as a fall.
func (o Options) month(m, partial string) string {
	if partial != "" && m >= partial {
		return m + o.text("chart.partial", "（未满月）")
	}
	return m
}

// null returns a value ECharts draws as a gap.
func null() json.RawMessage { return json.RawMessage("null") }

// count returns the value of a count in a chart: its number, or null when hidden.
func count(c stats.Count) any {
	if c.Hidden {
		return null()
	}
	return c.N
}

// percent returns the value of a rate in a chart: percent to one decimal, as the tables show
// it, or null when hidden or over nothing.
func percent(r stats.Rate) any {
	if r.Hidden || r.None() {
		return null()
	}
	return math.Round(r.Percent()*10) / 10
}

// days returns the value of a days figure in a chart: days to one decimal, as the tables show
// them, or null when hidden (it or the closed cases it is computed over) or over nothing.
func days(d stats.Days, closed stats.Count) any {
	if d.Hidden || d.None || closed.Hidden {
		return null()
	}
	return math.Round(d.Value*10) / 10
}

// identifier reports whether id is a valid JavaScript identifier of ASCII letters, digits, _ and $.
func identifier(id string) bool {
	for i, r := range id {
		switch {
		case r == '_' || r == '$' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z'):
		case r >= '0' && r <= '9' && i > 0:
		default:
			return false
		}
	}
	return id != ""
}

// envelope is what a Chart's JSON holds.
type envelope struct {
	Title    string         `json:"title"`
	Renderer string         `json:"renderer"`
	Locale   string         `json:"locale"`
	Height   int            `json:"height"`
	Option   map[string]any `json:"option"`
}

// chartConfig is what every go-echarts chart type shares.
type chartConfig interface {
	JSON() map[string]interface{}
	Validate()
}

// finish validates c and encodes it in its envelope.
func finish(c chartConfig, id, table, title, locale string, height int) (Chart, error) {
	if !identifier(id) {
		return Chart{}, fmt.Errorf("charts: id %q is not a JavaScript identifier", id)
	}
	c.Validate()
	data, err := json.Marshal(envelope{Title: title, Renderer: "svg", Locale: locale, Height: height, Option: c.JSON()})
	if err != nil {
		return Chart{}, fmt.Errorf("charts: %s: %w", id, err)
	}
	return Chart{ID: id, Table: table, Title: title, JSON: data}, nil
}

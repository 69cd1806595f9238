package browser

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// TestStatsCharts opens the statistics pages of the built demo in Chromium (issue 5): every
// chart block of a page is drawn by the vendored ECharts as an SVG with an accessible label,
// in both languages; the overview loads no ECharts; no script error is thrown; and no request
// leaves the site: ECharts comes from the site's own /vendor/ folder.
func TestStatsCharts(t *testing.T) {
	Chromium(t) // skip (or fail in CI) before building anything
	public := builtSite(t)
	srv := Serve(t, public)
	b := Start(t, 180*time.Second)
	var (
		mu   sync.Mutex
		errs []string
	)
	err := chromedp.Listen(b.Ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			msg := d.Text
			if d.Exception != nil {
				msg += " " + d.Exception.Description
			}
			errs = append(errs, fmt.Sprintf("%s:%d:%d: %s", d.URL, d.LineNumber+1, d.ColumnNumber+1, msg))
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError {
				var parts []string
				for _, a := range ev.Args {
					parts = append(parts, string(a.Value))
				}
				errs = append(errs, "console.error: "+strings.Join(parts, " "))
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	shots := Artefacts(t)
	type state struct {
		Blocks   int  `json:"blocks"`
		Drawn    int  `json:"drawn"`
		Labelled int  `json:"labelled"`
		ECharts  bool `json:"echarts"`
	}
	const read = `(() => ({
  blocks: document.querySelectorAll('script[type="application/json"][data-chart]').length,
  drawn: document.querySelectorAll('figure.chart[data-chart-for] svg').length,
  labelled: [...document.querySelectorAll('figure.chart[data-chart-for]')].filter(f => f.querySelector('[aria-label]')?.getAttribute('aria-label')).length,
  echarts: [...document.scripts].some(s => (s.getAttribute('src') || '').includes('echarts')),
}))()`
	charts := 0
	for _, p := range []string{"/stats/", "/stats/volume/", "/stats/rates/", "/stats/closure/", "/stats/meetings/", "/en/stats/rates/", "/en/stats/meetings/"} {
		if err := chromedp.Do(b.Ctx, chromedp.Navigate(srv.URL+p)); err != nil {
			t.Fatalf("opening %s: %v", p, err)
		}
		s, err := chromedp.Run(b.Ctx, chromedp.Evaluate[state](read))
		if err != nil {
			t.Fatal(err)
		}
		if p == "/stats/" {
			if s.ECharts || s.Blocks != 0 {
				t.Errorf("the overview loads ECharts (%v) or has %d chart blocks", s.ECharts, s.Blocks)
			}
			continue
		}
		if s.Blocks == 0 || !s.ECharts {
			t.Errorf("%s: %d chart blocks, ECharts loaded: %v", p, s.Blocks, s.ECharts)
			continue
		}
		poll := fmt.Sprintf(`document.querySelectorAll('figure.chart[data-chart-for] svg').length >= %d`, s.Blocks)
		if _, err := chromedp.Run(b.Ctx, chromedp.Poll[bool](poll, chromedp.WithPollingTimeout(30*time.Second))); err != nil {
			s, _ = chromedp.Run(b.Ctx, chromedp.Evaluate[state](read))
			t.Errorf("%s: %d of %d charts drawn as SVG (%v)", p, s.Drawn, s.Blocks, err)
			continue
		}
		if s, err = chromedp.Run(b.Ctx, chromedp.Evaluate[state](read)); err != nil {
			t.Fatal(err)
		}
		if s.Labelled != s.Blocks {
			t.Errorf("%s: %d of %d charts carry an aria-label", p, s.Labelled, s.Blocks)
		}
		charts += s.Drawn
		name := strings.Trim(strings.ReplaceAll(p, "/", "-"), "-")
		if _, err := b.Screenshot(shots, name); err != nil {
			t.Errorf("screenshot of %s: %v", p, err)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	for _, e := range errs {
		t.Errorf("script error: %s", e)
	}
	if foreign := b.Foreign(srv.URL); len(foreign) > 0 {
		t.Errorf("requests to other hosts: %v", foreign)
	}
	own := false
	for _, u := range b.Requests() {
		if strings.HasPrefix(u, srv.URL+"/vendor/echarts/") {
			own = true
		}
	}
	if !own {
		t.Error("ECharts was never fetched from the site's /vendor/echarts/")
	}
	t.Logf("%d charts drawn on 6 pages, none failed; screenshots in %s", charts, shots)
}

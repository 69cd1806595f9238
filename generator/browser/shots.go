package browser

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Artefacts is the folder where tests leave files for people to look at, such as screenshots:
// $GONGSHI_ARTEFACTS/browser, else gongshi-artefacts/browser in the system's temporary folder.
// It is kept after the tests (.ci/run keeps $GONGSHI_ARTEFACTS); a test logs what it wrote.
func Artefacts(t testing.TB) string {
	t.Helper()
	root := os.Getenv("GONGSHI_ARTEFACTS")
	if root == "" {
		root = filepath.Join(os.TempDir(), "gongshi-artefacts")
	}
	dir := filepath.Join(root, "browser")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// Widths are the widths of the screenshots: a small phone and a desktop.
var Widths = []int64{360, 1280}

// Shot is what Screenshot found about the page at one width.
type Shot struct {
	Path        string // the PNG written
	Width       int64
	ScrollWidth int64 // the document's width: more than Width means it scrolls sideways
	Height      int64
}

var shotMu sync.Mutex // screenshots change the tab's viewport: one at a time

// Screenshot saves full-page PNGs of the tab's page at every width of Widths as dir/name-W.png
// and reports whether the page scrolls sideways at that width. It leaves the viewport at
// 1280 × 900.
func (b *Browser) Screenshot(dir, name string) ([]Shot, error) {
	shotMu.Lock()
	defer shotMu.Unlock()
	var out []Shot
	for _, w := range Widths {
		set := func(h int64) error {
			_, err := chromedp.Call(b.Ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
				Width: w, Height: h, DeviceScaleFactor: 1, Mobile: w < 600})
			return err
		}
		if err := set(800); err != nil {
			return nil, err
		}
		size, err := chromedp.Run(b.Ctx, chromedp.Evaluate[[2]int64](
			`[document.documentElement.scrollWidth, Math.min(document.documentElement.scrollHeight, 12000)]`))
		if err != nil {
			return nil, err
		}
		if err := set(size[1]); err != nil {
			return nil, err
		}
		img, err := chromedp.Call(b.Ctx, page.CaptureScreenshot, page.CaptureScreenshotParams{Format: page.CaptureScreenshotFormatPng})
		if err != nil {
			return nil, err
		}
		path := filepath.Join(dir, fmt.Sprintf("%s-%d.png", name, w))
		if err := os.WriteFile(path, img.Data, 0o644); err != nil {
			return nil, err
		}
		out = append(out, Shot{Path: path, Width: w, ScrollWidth: size[0], Height: size[1]})
	}
	_, err := chromedp.Call(b.Ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: 1280, Height: 900, DeviceScaleFactor: 1})
	return out, err
}

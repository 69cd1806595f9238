package browser

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"gongshi/generator/build"
)

// chromium returns the path of Debian's Chromium. In CI the browser tests must run, so a missing
// browser fails there; elsewhere it skips.
func chromium(t *testing.T) string {
	t.Helper()
	for _, p := range []string{"/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("chromium is not installed: .ci/run must install Debian's chromium (apt-get install -y chromium)")
	}
	t.Skip("chromium is not installed (apt-get install -y chromium); the browser tests run in CI")
	return ""
}

// TestPosterIsOneA4Page prints the printable notice of every upcoming demo meeting to PDF in
// headless Chromium (issue 6) and checks that each is exactly one page, with its QR code.
func TestPosterIsOneA4Page(t *testing.T) {
	bin := chromium(t)
	out := filepath.Join(t.TempDir(), "public")
	sum, err := build.Run(build.Options{Site: os.DirFS(filepath.Join("..", "..")), Out: out, Today: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Upcoming == 0 {
		t.Fatal("the demo has no upcoming meeting")
	}
	posters, _ := filepath.Glob(filepath.Join(out, "meetings", "*", "print", "index.html"))
	if len(posters) == 0 {
		t.Fatal("no printable notices")
	}
	if len(posters) > 3 {
		posters = posters[:3] // each print starts a browser: three are enough
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	defer srv.Close()
	pageRE := regexp.MustCompile(`/Type\s*/Page[^s]`)
	boxRE := regexp.MustCompile(`/MediaBox\s*\[\s*0\s+0\s+([0-9.]+)\s+([0-9.]+)`)
	for _, p := range posters {
		html, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(html, []byte(`class="qrcode"`)) {
			t.Errorf("%s: no QR code", p)
		}
		pdf := filepath.Join(t.TempDir(), "poster.pdf")
		cmd := exec.Command(bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
			"--disable-background-networking", "--disable-component-update", "--disable-sync",
			"--user-data-dir="+t.TempDir(), "--no-pdf-header-footer", "--print-to-pdf="+pdf, srv.URL+"/"+filepath.ToSlash(strings.TrimPrefix(filepath.Dir(p), out+string(filepath.Separator)))+"/")
		if msg, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("chromium: %v\n%s", err, msg)
		}
		data, err := os.ReadFile(pdf)
		if err != nil {
			t.Fatal(err)
		}
		if n := len(pageRE.FindAll(data, -1)); n != 1 {
			t.Errorf("%s prints on %d pages, want 1", strings.TrimPrefix(p, out), n)
		}
		// A4 is 595 × 842 points.
		if m := boxRE.FindSubmatch(data); m == nil || !strings.HasPrefix(string(m[1]), "59") || !strings.HasPrefix(string(m[2]), "84") {
			t.Errorf("%s: the page is not A4: MediaBox %q", strings.TrimPrefix(p, out), m)
		}
	}
}

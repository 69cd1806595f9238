package serve

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"gongshi/generator/build"
)

const (
	meetingFile = "content/meetings/2022/M-2022-0824-haitang.md"
	meetingURL  = "/meetings/M-2022-0824-haitang/"
	oldTitle    = "3号楼楼道堆物有事好商量"
)

// TestVimSave edits a meeting the way vim does and waits for one reload and the new text.
func TestVimSave(t *testing.T) {
	dir := newSite(t)
	// A longer quiet period than the default: the test must see one rebuild for vim's five
	// file operations even when the machine is so busy that they are spread out.
	r := start(t, Config{Site: dir, Quiet: 400 * time.Millisecond})
	ch := r.events(t)
	if _, body := r.get(t, meetingURL); !strings.Contains(body, oldTitle) {
		t.Fatalf("%s does not show %q", meetingURL, oldTitle)
	}
	name := filepath.Join(dir, meetingFile)
	vimSave(t, name, strings.Replace(readFile(t, name), oldTitle, "3号楼楼道堆物清理有事好商量", 1))
	if ev := next(t, ch); ev.name != "reload" {
		t.Fatalf("event %s %s, want reload", ev.name, ev.data)
	}
	resp, body := r.get(t, meetingURL)
	if resp.StatusCode != 200 || !strings.Contains(body, "3号楼楼道堆物清理有事好商量") {
		t.Fatalf("%s: %s, without the new title", meetingURL, resp.Status)
	}
	quiet(t, ch, time.Second) // one save, one rebuild
	if n := strings.Count(r.log.String(), "rebuilt in"); n != 1 {
		t.Errorf("%d rebuilds for one save; log:\n%s", n, r.log)
	}

	// Saving by renaming a temporary file over the old one (JetBrains) works the same.
	renameSave(t, name, strings.Replace(readFile(t, name), "3号楼楼道堆物清理有事好商量", "3号楼楼道堆物再议", 1))
	if ev := next(t, ch); ev.name != "reload" {
		t.Fatalf("event %s %s, want reload", ev.name, ev.data)
	}
	if _, body := r.get(t, meetingURL); !strings.Contains(body, "3号楼楼道堆物再议") {
		t.Fatal("the page does not show the title saved by rename")
	}
}

// TestErrorOverlay breaks a meeting's front matter, checks that the errors show over the last
// good page and on the terminal, then fixes it.
func TestErrorOverlay(t *testing.T) {
	dir := newSite(t)
	r := start(t, Config{Site: dir})
	ch := r.events(t)
	name := filepath.Join(dir, meetingFile)
	good := readFile(t, name)
	renameSave(t, name, strings.Replace(good, `status = "postponed"`, `status = "postponed`, 1))

	ev := next(t, ch)
	if ev.name != "builderror" {
		t.Fatalf("event %s, want builderror", ev.name)
	}
	var st status
	if err := json.Unmarshal([]byte(ev.data), &st); err != nil || len(st.Errors) == 0 {
		t.Fatalf("builderror %s: %v", ev.data, err)
	}
	if !strings.HasPrefix(st.Errors[0], meetingFile+":") || strings.Count(strings.SplitN(st.Errors[0], ": ", 2)[0], ":") != 2 {
		t.Errorf("error %q is not file:line:col: message", st.Errors[0])
	}
	resp, body := r.get(t, meetingURL)
	if resp.StatusCode != 200 || !strings.Contains(body, oldTitle) {
		t.Fatalf("%s: %s; the last good page is not served", meetingURL, resp.Status)
	}
	if !strings.Contains(body, `id="gongshi-overlay"`) || !strings.Contains(body, meetingFile+":") {
		t.Error("the page has no overlay with the error")
	}
	// The browser hears of the failure and the terminal prints it side by side: give the
	// terminal a moment, without giving up the check.
	shown := func() bool {
		l := r.log.String()
		return strings.Contains(l, "build failed") && strings.Contains(l, meetingFile+":")
	}
	for deadline := time.Now().Add(5 * time.Second); !shown() && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
	}
	if !shown() {
		t.Errorf("the terminal does not show the error:\n%s", r.log)
	}

	renameSave(t, name, good) // fixed: the site is as before, so no reload, but the overlay goes
	if ev := next(t, ch); ev.name != "fixed" {
		t.Fatalf("event %s %s, want fixed", ev.name, ev.data)
	}
	if _, body := r.get(t, meetingURL); strings.Contains(body, "gongshi-overlay") {
		t.Error("the overlay is still there")
	}
	if !strings.Contains(r.log.String(), "errors fixed") {
		t.Errorf("the terminal does not say the errors are fixed:\n%s", r.log)
	}
}

// TestPrivacyMasked puts a phone number into minutes: the error names it masked, never whole.
func TestPrivacyMasked(t *testing.T) {
	dir := newSite(t)
	r := start(t, Config{Site: dir})
	ch := r.events(t)
	name := filepath.Join(dir, meetingFile)
	renameSave(t, name, readFile(t, name)+"\n联系电话 13812345678。\n")
	ev := next(t, ch)
	if ev.name != "builderror" || !strings.Contains(ev.data, "PRIVACY") {
		t.Fatalf("event %s %s, want a privacy builderror", ev.name, ev.data)
	}
	if strings.Contains(ev.data, "13812345678") || strings.Contains(r.log.String(), "13812345678") {
		t.Fatal("the phone number is shown unmasked")
	}
}

// TestNewFolder creates folders with meetings in them: both are picked up, and the new folder is
// watched.
func TestNewFolder(t *testing.T) {
	dir := newSite(t)
	r := start(t, Config{Site: dir})
	ch := r.events(t)
	meeting := func(id, title string) string {
		return "+++\nid = \"" + id + "\"\nhall = \"haitang\"\nkind = \"grid_meeting\"\ntitle = \"" + title +
			"\"\nstart = 2023-01-05T19:00:00\nstatus = \"scheduled\"\n+++\n新年议事。\n"
	}
	writeFile(t, filepath.Join(dir, "content/meetings/2023/M-2023-0105-haitang.md"), meeting("M-2023-0105-haitang", "新年第一次议事"))
	until(t, ch, "reload")
	if resp, body := r.get(t, "/meetings/M-2023-0105-haitang/"); resp.StatusCode != 200 || !strings.Contains(body, "新年第一次议事") {
		t.Fatalf("the new meeting is not served: %s", resp.Status)
	}
	// A file added later to the new folder: only seen if the folder is watched.
	writeFile(t, filepath.Join(dir, "content/meetings/2023/M-2023-0106-haitang.md"),
		strings.Replace(meeting("M-2023-0106-haitang", "新年第二次议事"), "01-05", "01-06", 1))
	until(t, ch, "reload")
	if resp, _ := r.get(t, "/meetings/M-2023-0106-haitang/"); resp.StatusCode != 200 {
		t.Fatalf("the meeting in the watched new folder is not served: %s", resp.Status)
	}
}

// TestIgnoredFiles writes editors' temporary files and changes a mode: nothing is rebuilt.
func TestIgnoredFiles(t *testing.T) {
	dir := newSite(t)
	r := start(t, Config{Site: dir, Quiet: 50 * time.Millisecond})
	ch := r.events(t)
	folder := filepath.Join(dir, "content/meetings/2022")
	for _, n := range []string{".M-2022-0824-haitang.md.swp", "M-2022-0824-haitang.md~", ".#M-2022-0824-haitang.md", "4913"} {
		writeFile(t, filepath.Join(folder, n), "junk")
	}
	must(t, os.Chmod(filepath.Join(dir, meetingFile), 0o600))
	quiet(t, ch, 600*time.Millisecond)
	if strings.Contains(r.log.String(), "rebuilt") || strings.Contains(r.log.String(), "failed") {
		t.Fatalf("rebuilt for temporary files:\n%s", r.log)
	}
}

// TestPoll finds an in-place edit without events.
func TestPoll(t *testing.T) {
	dir := newSite(t)
	r := start(t, Config{Site: dir, Poll: 50 * time.Millisecond})
	ch := r.events(t)
	name := filepath.Join(dir, meetingFile)
	writeFile(t, name, strings.Replace(readFile(t, name), oldTitle, "轮询发现的标题", 1)) // in place
	until(t, ch, "reload")
	if _, body := r.get(t, meetingURL); !strings.Contains(body, "轮询发现的标题") {
		t.Fatal("the polled change is not served")
	}
}

// TestServedEqualsBuild makes a series of edits of every kind while serving, and compares the
// served site with a fresh full build of the same files; a stylesheet alone is swapped in place.
func TestServedEqualsBuild(t *testing.T) {
	dir := newSite(t)
	r := start(t, Config{Site: dir})
	ch := r.events(t)
	edit := func(rel, old, new string) {
		t.Helper()
		name := filepath.Join(dir, rel)
		data := readFile(t, name)
		if !strings.Contains(data, old) {
			t.Fatalf("%s has no %q", rel, old)
		}
		renameSave(t, name, strings.Replace(data, old, new, 1))
	}
	steps := []struct {
		rel, old, new, event string
	}{
		{meetingFile, oldTitle, "3号楼楼道堆物清理", "reload"},
		{"content/halls/haitang.md", "党群服务中心一楼", "党群服务中心二楼", "reload"},
		{"themes/default/layouts/partials/case-list.html", `<ul class="cases">`, `<ul class="cases list">`, "reload"},
		{"themes/default/static/css/site.css", "}", "}\n.serve-test { color: red }", "css"},
		{"content/cases/2022.csv", "3号楼电梯停运两天。", "3号楼电梯停运三天。", "reload"},
		{"site.toml", `description = "测试"`, `description = "测试站"`, "reload"},
	}
	for _, st := range steps {
		edit(st.rel, st.old, st.new)
		ev := next(t, ch)
		if ev.name != st.event {
			t.Fatalf("%s: event %s %s, want %s", st.rel, ev.name, ev.data, st.event)
		}
		if ev.name == "css" && !strings.Contains(ev.data, `"/css/site.css"`) {
			t.Fatalf("css event %s does not name the stylesheet", ev.data)
		}
	}
	served := r.s.state.Load().files
	out := filepath.Join(t.TempDir(), "public")
	// Tried again when publish.Staging loses its race between making a folder and writing into
	// it from another worker (ENOENT).
	for i := 0; ; i++ {
		_, err := build.Run(build.Options{Site: os.DirFS(dir), Out: out, Today: time.Now()})
		if err == nil {
			break
		}
		if i == 4 || !strings.Contains(err.Error(), "no such file or directory") {
			t.Fatal(err)
		}
	}
	want := map[string][]byte{}
	must(t, filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		data, err := os.ReadFile(p)
		want[filepath.ToSlash(rel)] = data
		return err
	}))
	var diff []string
	for p, data := range want {
		if !bytes.Equal(served[p], data) {
			diff = append(diff, p)
		}
	}
	for p := range served {
		if _, ok := want[p]; !ok {
			diff = append(diff, p+" (extra)")
		}
	}
	sort.Strings(diff)
	if len(diff) > 0 {
		t.Fatalf("the served site differs from a full build in %d files: %v", len(diff), diff)
	}
	for p, data := range served {
		if bytes.Contains(data, []byte(LivePrefix)) {
			t.Errorf("%s holds the live-reload script: it must only be added when serving", p)
		}
	}
}

// TestHTTP checks what is served: types, folders, the site's 404 page, headers, the script.
func TestHTTP(t *testing.T) {
	dir := newSite(t)
	r := start(t, Config{Site: dir})
	for p, want := range map[string]string{
		"/":                           "text/html; charset=utf-8",
		meetingURL:                    "text/html; charset=utf-8",
		"/calendar.ics":               "text/calendar; charset=utf-8",
		"/feeds/meetings.atom":        "application/atom+xml",
		"/sitemap.xml":                "application/xml",
		"/robots.txt":                 "text/plain; charset=utf-8",
		"/css/site.css":               "text/css; charset=utf-8",
		"/halls/haitang/calendar.ics": "text/calendar; charset=utf-8",
	} {
		resp, body := r.get(t, p)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != want {
			t.Errorf("%s: %s, Content-Type %q, want 200 %q", p, resp.Status, resp.Header.Get("Content-Type"), want)
		}
		if resp.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: Cache-Control %q", p, resp.Header.Get("Cache-Control"))
		}
		isHTML := strings.HasPrefix(want, "text/html")
		if strings.Contains(body, ScriptPath) != isHTML {
			t.Errorf("%s: live script present = %v", p, !isHTML)
		}
	}
	for _, ext := range []string{".json", ".csv", ".svg"} {
		if got := ContentType("x"+ext, nil); !strings.Contains(got, map[string]string{".json": "json", ".csv": "text/csv", ".svg": "image/svg+xml"}[ext]) {
			t.Errorf("ContentType(%s) = %q", ext, got)
		}
	}
	resp, body := r.get(t, "/no/such/page/")
	notFound := string(r.s.state.Load().files["404.html"])
	if resp.StatusCode != 404 || notFound == "" || !strings.Contains(body, notFound[:strings.Index(notFound, "</body>")]) {
		t.Errorf("missing page: %s, not the site's 404.html", resp.Status)
	}
	noRedirect := &http.Client{Transport: r.client.Transport, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noRedirect.Get(r.url + "meetings")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != "/meetings/" {
		t.Errorf("/meetings: %s to %q, want a redirect to /meetings/", resp.Status, resp.Header.Get("Location"))
	}
	req, _ := http.NewRequest("POST", r.url, nil)
	if resp, err := r.client.Do(req); err != nil || resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: %v %v", resp.Status, err)
	} else {
		resp.Body.Close()
	}
	if resp, body := r.get(t, ScriptPath); resp.StatusCode != 200 || !strings.Contains(body, "EventSource") {
		t.Errorf("%s: %s", ScriptPath, resp.Status)
	}
}

// TestShutdown stops a server with a page connected to the event stream: Run returns, and no
// goroutine is left.
func TestShutdown(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	dir := newSite(t)
	r := start(t, Config{Site: dir})
	ch := r.events(t)
	r.stop()
	select {
	case _, ok := <-ch:
		if ok {
			for range ch {
			}
		}
	case <-time.After(wait):
		t.Fatal("the event stream did not end at shutdown")
	}
	if !strings.Contains(r.log.String(), "stopped") {
		t.Errorf("log:\n%s", r.log)
	}
	if _, err := r.client.Get(r.url); err == nil {
		t.Error("the server still answers")
	}
	r.client.CloseIdleConnections()
}

// TestChangesEqualsDiff checks that what a build says it changed is what comparing the served
// site with it finds: publish trusts the one when no good build was skipped.
func TestChangesEqualsDiff(t *testing.T) {
	dir := newSite(t)
	inc := build.NewIncremental(build.IncrementalOptions{Site: os.DirFS(dir), Today: time.Now})
	prev, err := inc.Build(nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range []struct{ rel, old, new string }{
		{meetingFile, oldTitle, "3号楼楼道堆物清理"},
		{"themes/default/static/css/site.css", "}", "}\n.serve-test { color: red }"},
		{"content/halls/haitang.md", "党群服务中心一楼", "党群服务中心二楼"},
	} {
		name := filepath.Join(dir, st.rel)
		writeFile(t, name, strings.Replace(readFile(t, name), st.old, st.new, 1))
		out, err := inc.Build([]string{st.rel})
		if err != nil {
			t.Fatal(err)
		}
		got, gotCSS := changes(out)
		want, wantCSS := diff(prev.Files, out.Files)
		if strings.Join(got, " ") != strings.Join(want, " ") || gotCSS != wantCSS || len(want) == 0 {
			t.Errorf("%s: changes %v (css %v), diff %v (css %v)", st.rel, got, gotCSS, want, wantCSS)
		}
		prev = out
	}
}

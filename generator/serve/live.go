package serve

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Live reload. Every HTML page served carries a script (never written by build) that listens on
// Server-Sent Events at EventsPath:
//
//	hello      on connecting: {"version":N,"errors":[...]}; the page reloads if it is older
//	reload     after a rebuild that changed files: {"version":N}
//	css        after a rebuild that changed stylesheets only: {"version":N,"paths":["/css/site.css"]}
//	builderror after a failed rebuild: {"version":N,"errors":["file:line:col: message", ...]}
//	fixed      after a rebuild that succeeded without changing a file, when the last one failed
//
// The errors are shown in an overlay over the page, which stays as it was (the last good site).
const (
	LivePrefix = "/__gongshi/"
	ScriptPath = LivePrefix + "live.js"
	EventsPath = LivePrefix + "events"
	StatusPath = LivePrefix + "status"
)

// keepAlive is how often an idle event stream gets a comment, so that proxies keep it open.
const keepAlive = 20 * time.Second

type event struct {
	name string
	data []byte
}

func newEvent(name string, v any) event {
	data, _ := json.Marshal(v)
	return event{name, data}
}

// broker sends events to every connected page.
type broker struct {
	mu     sync.Mutex
	subs   map[chan event]bool
	closed bool
}

func newBroker() *broker { return &broker{subs: map[chan event]bool{}} }

// subscribe returns a channel of events, closed when the client is too slow or the broker closes.
func (b *broker) subscribe() (chan event, func()) {
	ch := make(chan event, 16)
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		close(ch)
		return ch, func() {}
	}
	b.subs[ch] = true
	return ch, func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		if b.subs[ch] {
			delete(b.subs, ch)
			close(ch)
		}
	}
}

func (b *broker) send(ev event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for ch := range b.subs {
		select {
		case ch <- ev:
		default: // a client that does not read: it reconnects, and hello tells it what it missed
			delete(b.subs, ch)
			close(ch)
		}
	}
}

// close ends every stream; later subscribers get a closed channel.
func (b *broker) close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
	for ch := range b.subs {
		delete(b.subs, ch)
		close(ch)
	}
}

// events serves the event stream.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	ch, cancel := s.broker.subscribe()
	defer cancel()
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	st := s.state.Load()
	write := func(ev event) bool {
		_, err := fmt.Fprintf(w, "event: %s\ndata: %s\n\n", ev.name, ev.data)
		flusher.Flush()
		return err == nil
	}
	fmt.Fprint(w, "retry: 1000\n\n")
	if !write(newEvent("hello", status{Version: st.version, Errors: st.errors})) {
		return
	}
	tick := time.NewTicker(keepAlive)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case ev, ok := <-ch:
			if !ok || !write(ev) {
				return
			}
		case <-tick.C:
			if _, err := fmt.Fprint(w, ": ping\n\n"); err != nil {
				return
			}
			flusher.Flush()
		}
	}
}

// status is the state of the site as the live script and StatusPath see it.
type status struct {
	Version int      `json:"version"`          // counts the builds that changed files
	Errors  []string `json:"errors,omitempty"` // of the last build; empty when it succeeded
}

// inject adds the live-reload script, and the overlay when the last build failed, before
// </body> (or at the end) of an HTML page.
func inject(page []byte, st *state) []byte {
	var b bytes.Buffer
	if len(st.errors) > 0 {
		b.WriteString(overlayHTML(st.errors))
	}
	b.WriteString(`<script src="` + ScriptPath + `" data-version="` + strconv.Itoa(st.version) + `"></script>`)
	i := bytes.LastIndex(bytes.ToLower(page), []byte("</body>"))
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+b.Len())
	out = append(out, page[:i]...)
	out = append(out, b.Bytes()...)
	return append(out, page[i:]...)
}

// overlayHTML is the overlay of build errors; the live script draws the same one.
func overlayHTML(errors []string) string {
	var b bytes.Buffer
	b.WriteString(`<div id="gongshi-overlay" role="alert" style="` + overlayStyle + `">`)
	b.WriteString(`<p style="margin:0 0 .5em;font:bold 15px system-ui,sans-serif">` + overlayTitle + `</p><pre style="margin:0;white-space:pre-wrap">`)
	for i, e := range errors {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(html.EscapeString(e))
	}
	b.WriteString(`</pre></div>`)
	return b.String()
}

const (
	overlayTitle = "构建失败，显示的是上一次成功构建的页面 · Build failed: this is the last good version of the page"
	overlayStyle = "position:fixed;z-index:2147483647;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;" +
		"margin:0;padding:1em 1.25em;background:#2b0d0d;color:#ffe9e9;border-top:4px solid #e5484d;" +
		"font:13px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;box-shadow:0 -4px 24px rgba(0,0,0,.4)"
)

// script is the live-reload client.
var script = []byte(`// gongshi serve: live reload (not part of the built site)
(function () {
  var me = document.currentScript;
  var version = me ? me.getAttribute("data-version") : "";
  var title = ` + strconv.Quote(overlayTitle) + `;
  var style = ` + strconv.Quote(overlayStyle) + `;
  function clear() {
    var o = document.getElementById("gongshi-overlay");
    if (o) o.parentNode.removeChild(o);
  }
  function show(errors) {
    clear();
    var o = document.createElement("div");
    o.id = "gongshi-overlay";
    o.setAttribute("role", "alert");
    o.setAttribute("style", style);
    var p = document.createElement("p");
    p.setAttribute("style", "margin:0 0 .5em;font:bold 15px system-ui,sans-serif");
    p.textContent = title;
    var pre = document.createElement("pre");
    pre.setAttribute("style", "margin:0;white-space:pre-wrap");
    pre.textContent = errors.join("\n");
    o.appendChild(p);
    o.appendChild(pre);
    document.body.appendChild(o);
  }
  function swap(paths) {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var old = links[i], url = new URL(old.href, location.href);
      if (url.origin !== location.origin || paths.indexOf(url.pathname) < 0) continue;
      url.searchParams.set("v", version);
      var link = old.cloneNode();
      link.href = url.pathname + url.search;
      link.onload = link.onerror = (function (o) { return function () { if (o.parentNode) o.parentNode.removeChild(o); }; })(old);
      old.parentNode.insertBefore(link, old.nextSibling);
    }
  }
  var es = new EventSource("` + EventsPath + `");
  es.addEventListener("hello", function (e) {
    var d = JSON.parse(e.data);
    if (version !== "" && String(d.version) !== version) { location.reload(); return; }
    if (d.errors && d.errors.length) show(d.errors); else clear();
  });
  es.addEventListener("reload", function () { location.reload(); });
  es.addEventListener("css", function (e) {
    var d = JSON.parse(e.data);
    version = String(d.version);
    clear();
    swap(d.paths);
  });
  es.addEventListener("builderror", function (e) { show(JSON.parse(e.data).errors); });
  es.addEventListener("fixed", function () { clear(); });
})();
`)

package serve

import (
	"encoding/json"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
)

// types are the content types of the files a site has; others come from the system's table, then
// from the bytes.
var types = map[string]string{
	".html": "text/html; charset=utf-8", ".htm": "text/html; charset=utf-8",
	".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
	".json": "application/json", ".webmanifest": "application/manifest+json",
	".ics": "text/calendar; charset=utf-8", ".atom": "application/atom+xml", ".rss": "application/rss+xml",
	".xml": "application/xml", ".csv": "text/csv; charset=utf-8", ".txt": "text/plain; charset=utf-8",
	".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
	".webp": "image/webp", ".avif": "image/avif", ".ico": "image/x-icon", ".woff": "font/woff", ".woff2": "font/woff2",
	".pdf": "application/pdf", ".zip": "application/zip", ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".wasm": "application/wasm", ".map": "application/json",
}

// ContentType returns the content type of a file of the site.
func ContentType(name string, data []byte) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := types[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return http.DetectContentType(data)
}

// ServeHTTP serves the last good site from memory: index.html for a folder, the site's own
// 404.html (of the language, for /en/...) with status 404, every response with
// Cache-Control: no-store, and the live-reload endpoints under LivePrefix.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	switch r.URL.Path {
	case ScriptPath:
		s.send(w, r, http.StatusOK, "text/javascript; charset=utf-8", script)
		return
	case EventsPath:
		s.events(w, r)
		return
	case StatusPath:
		st := s.state.Load()
		data, _ := json.Marshal(status{Version: st.version, Errors: st.errors})
		s.send(w, r, http.StatusOK, "application/json", data)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	st := s.state.Load()
	if st.files == nil {
		// No good build yet: say so, with the errors; the page reloads when one succeeds.
		msg := "正在构建…… Building the site…"
		code := http.StatusServiceUnavailable
		if len(st.errors) > 0 {
			msg = "构建失败 · The build failed"
		}
		page := []byte("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>gongshi serve</title></head><body><p>" + msg + "</p></body></html>")
		s.send(w, r, code, types[".html"], inject(page, st))
		return
	}
	name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	if strings.HasSuffix(r.URL.Path, "/") {
		name = path.Join(name, "index.html")
	}
	data, ok := st.files[name]
	if !ok {
		if _, dir := st.files[path.Join(name, "index.html")]; dir {
			target := "/" + name + "/"
			if r.URL.RawQuery != "" {
				target += "?" + r.URL.RawQuery
			}
			http.Redirect(w, r, target, http.StatusFound)
			return
		}
		s.notFound(w, r, st, name)
		return
	}
	ctype := ContentType(name, data)
	if strings.HasPrefix(ctype, "text/html") {
		data = inject(data, st)
	}
	s.send(w, r, http.StatusOK, ctype, data)
}

// notFound serves the site's 404 page: the one of the first folder of the path when it has one
// (en/404.html), else 404.html.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request, st *state, name string) {
	page, ok := []byte(nil), false
	if i := strings.IndexByte(name, '/'); i > 0 {
		page, ok = st.files[name[:i]+"/404.html"]
	}
	if !ok {
		page, ok = st.files["404.html"]
	}
	if !ok {
		s.send(w, r, http.StatusNotFound, "text/plain; charset=utf-8", []byte("404 page not found\n"))
		return
	}
	s.send(w, r, http.StatusNotFound, types[".html"], inject(page, st))
}

func (s *Server) send(w http.ResponseWriter, r *http.Request, code int, ctype string, data []byte) {
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(code)
	if r.Method != http.MethodHead {
		w.Write(data)
	}
}

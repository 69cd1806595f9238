package render

import (
	"bytes"
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/yuin/goldmark"

	"gongshi/generator/meetings"
	"gongshi/generator/site"
	"gongshi/generator/stats"
)

// funcs returns the template functions. They are pure, so a template's output depends only on
// its data. md converts Markdown with raw HTML off (goldmark's default): content text can never
// inject markup.
func funcs(md goldmark.Markdown) template.FuncMap {
	return template.FuncMap{
		"markdown": func(s string) (template.HTML, error) {
			var b bytes.Buffer
			if err := md.Convert([]byte(s), &b); err != nil {
				return "", err
			}
			return template.HTML(b.String()), nil
		},
		"month":    func(t time.Time) string { return fmt.Sprintf("%d年%d月", t.Year(), t.Month()) },
		"quarter":  func(t time.Time) string { return fmt.Sprintf("%d年第%d季度", t.Year(), (int(t.Month())+2)/3) },
		"date":     func(t time.Time) string { return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day()) },
		"clock":    func(t time.Time) string { return t.Format("15:04") },
		"weekday":  func(t time.Time) string { return weekdays[t.Weekday()] },
		"isodate":  func(t time.Time) string { return t.Format("2006-01-02") },
		"isotime":  func(t time.Time) string { return t.Format("2006-01-02T15:04:05-07:00") },
		"isomonth": func(t time.Time) string { return t.Format("2006-01") },
		"num":      num,
		"count": func(c stats.Count) string {
			if c.Hidden {
				return "×"
			}
			return num(c.N)
		},
		"pct": func(r stats.Rate) string {
			switch {
			case r.Hidden:
				return "×"
			case r.None():
				return "—"
			}
			return strconv.FormatFloat(round1(r.Percent()), 'f', 1, 64) + "%"
		},
		"days": func(d stats.Days) string {
			switch {
			case d.Hidden:
				return "×"
			case d.None:
				return "—"
			}
			return strconv.FormatFloat(round1(d.Value), 'f', 1, 64)
		},
		"frac": func(r stats.Rate) string {
			if r.Hidden || r.None() {
				return ""
			}
			return strconv.FormatFloat(round1(r.Num), 'f', -1, 64) + " / " + num(r.Den)
		},
		"key": func(prefix string, v any) string { return prefix + "." + fmt.Sprint(v) },
		"kinds": func() []meetings.Kind { return meetings.Kinds },
		"qr":    qrSVG,
		"abs":   func(s *site.Site, path string) string { return abs(s, path) },
		"jsonld": eventJSONLD,
		"add": func(a, b int) int { return a + b },
		"first": func(n int, v any) any {
			return firstN(n, v)
		},
	}
}

var weekdays = [...]string{"周日", "周一", "周二", "周三", "周四", "周五", "周六"}

func round1(f float64) float64 { return math.Round(f*10) / 10 }

// num formats n with thousands separators: 12,345.
func num(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

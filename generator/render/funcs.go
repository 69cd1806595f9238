package render

import (
	"bytes"
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/yuin/goldmark"

	"gongshi/generator/meetings"
	"gongshi/generator/site"
	"gongshi/generator/stats"
	"gongshi/generator/theme"
)

// funcs returns the template functions. They are pure, so a template's output depends only on
// its data. md converts Markdown with raw HTML off (goldmark's default): content text can never
// inject markup.
//
// Dates, numbers and labels depend on the language of the page: they are theme.LangFunc, bound
// to each language when the theme is parsed, and take their words and patterns from the
// language's strings (see dates and numbers below), never from Go code.
func funcs(md goldmark.Markdown) template.FuncMap {
	return template.FuncMap{
		"markdown": func(s string) (template.HTML, error) {
			var b bytes.Buffer
			if err := md.Convert([]byte(s), &b); err != nil {
				return "", err
			}
			return template.HTML(b.String()), nil
		},
		"date":     theme.LangFunc(func(l *theme.Lang) any { return func(t time.Time) string { return date(l, "date.day", t) } }),
		"month":    theme.LangFunc(func(l *theme.Lang) any { return func(t time.Time) string { return date(l, "date.month", t) } }),
		"quarter":  theme.LangFunc(func(l *theme.Lang) any { return func(t time.Time) string { return date(l, "date.quarter", t) } }),
		"when":     theme.LangFunc(func(l *theme.Lang) any { return func(t time.Time) string { return date(l, "date.when", t) } }),
		"weekday":  theme.LangFunc(func(l *theme.Lang) any { return func(t time.Time) string { return l.S(key("wd", int(t.Weekday()))) } }),
		"clock":    func(t time.Time) string { return t.Format("15:04") },
		"isodate":  func(t time.Time) string { return t.Format("2006-01-02") },
		"isotime":  func(t time.Time) string { return t.Format("2006-01-02T15:04:05-07:00") },
		"isomonth": func(t time.Time) string { return t.Format("2006-01") },
		"num":      theme.LangFunc(func(l *theme.Lang) any { return func(n int) string { return num(l, n) } }),
		"count":    theme.LangFunc(func(l *theme.Lang) any { return func(c stats.Count) string { return count(l, c) } }),
		"pct": theme.LangFunc(func(l *theme.Lang) any {
			return func(r stats.Rate) string {
				switch {
				case r.Hidden:
					return "×"
				case r.None():
					return "—"
				}
				return l.S("num.percent", "n", decimal(l, round1(r.Percent()), 1))
			}
		}),
		"days": theme.LangFunc(func(l *theme.Lang) any {
			return func(d stats.Days) string {
				switch {
				case d.Hidden:
					return "×"
				case d.None:
					return "—"
				}
				return decimal(l, round1(d.Value), 1)
			}
		}),
		// ci is a 95% interval of a rate, its bounds fractions: "71.1%–86.7%".
		"ci": theme.LangFunc(func(l *theme.Lang) any {
			return func(low, high float64) string {
				return l.S("num.interval", "low", decimal(l, round1(100*low), 1), "high", decimal(l, round1(100*high), 1))
			}
		}),
		"frac": theme.LangFunc(func(l *theme.Lang) any {
			return func(r stats.Rate) string {
				if r.Hidden || r.None() {
					return ""
				}
				return grouped(l, round1(r.Num)) + " / " + num(l, r.Den)
			}
		}),
		// tn is t for a count: the key's _one variant where n is 1 and the language has one
		// ("case.days_one" = "took 1 day", "home.held_one_html" for "home.held_html"), with n
		// formatted as a number.
		"tn": theme.LangFunc(func(l *theme.Lang) any {
			return func(k string, n int, args ...any) any {
				one := strings.TrimSuffix(k, "_html") + "_one" + k[len(strings.TrimSuffix(k, "_html")):]
				if n == 1 && l.Has(one) {
					k = one
				}
				return l.T(k, append([]any{"n", num(l, n)}, args...)...)
			}
		}),
		// tor is the interface string prefix.value where the language has one, else value as
		// written (content text, see ct): a measure's owner is a role ("respondent") or a
		// department's name.
		"tor": theme.LangFunc(func(l *theme.Lang) any {
			return func(prefix, value string) template.HTML {
				if k := prefix + "." + value; l.Has(k) {
					return template.HTML(template.HTMLEscapeString(l.S(k)))
				}
				return contentText(l, value)
			}
		}),
		// label is a link's text: its interface string, else its label from the content.
		"label": theme.LangFunc(func(l *theme.Lang) any {
			return func(x site.Link) string {
				if x.Key != "" {
					return l.S(x.Key)
				}
				return x.Label
			}
		}),
		// list joins items with the language's separator (、 or ", ").
		"list": theme.LangFunc(func(l *theme.Lang) any {
			return func(items []string) string { return strings.Join(items, l.S("list.sep")) }
		}),
		// ct is content text (a name, a title, a summary: written in the site's language) on a
		// page in another language: wrapped in <span lang="zh-CN"> so that screen readers and
		// browsers read it in its own language (WCAG 3.1.2); cl is the lang attribute alone, for
		// an element that holds only content.
		"ct": theme.LangFunc(func(l *theme.Lang) any {
			return func(s string) template.HTML { return contentText(l, s) }
		}),
		"cl": theme.LangFunc(func(l *theme.Lang) any {
			attr := template.HTMLAttr(contentLang(l))
			return func() template.HTMLAttr { return attr }
		}),
		"rule":   theme.LangFunc(func(l *theme.Lang) any { return func(r site.Rule) string { return ruleWords(l, r) } }),
		"key":    key,
		"week":   func() []int { return []int{1, 2, 3, 4, 5, 6, 0} }, // the weekdays of a calendar row, Monday first
		"kinds":  func() []meetings.Kind { return meetings.Kinds },
		"qr":     qrSVG,
		"abs":    func(s *site.Site, path string) string { return abs(s, path) },
		"jsonld": eventJSONLD,
		"add":    func(a, b int) int { return a + b },
		"first": func(n int, v any) any {
			return firstN(n, v)
		},
		"trunc": trunc,
	}
}

// contentLang is the attribute ` lang="zh-CN"` that marks content (names, summaries) in the
// content's language on a page of another language; "" on a page of the default language.
func contentLang(l *theme.Lang) string {
	if l.Default {
		return ""
	}
	return ` lang="` + l.Content + `"`
}

// contentText is s, escaped, in a <span lang> of the content's language where l is another one.
func contentText(l *theme.Lang, s string) template.HTML {
	if l.Default || s == "" {
		return template.HTML(template.HTMLEscapeString(s))
	}
	return template.HTML(`<span lang="` + l.Content + `">` + template.HTMLEscapeString(s) + `</span>`)
}

func key(prefix string, v any) string {
	switch v := v.(type) {
	case string:
		return prefix + "." + v
	case int:
		return prefix + "." + strconv.Itoa(v)
	}
	return prefix + "." + fmt.Sprint(v)
}

// date formats t with the language's pattern named by k. Patterns name the parts in braces:
// {y} year, {m} month 1–12, {d} day, {q} quarter 1–4, {mon} and {month} the short and long
// month names (strings mon.1 … and month.1 …), {wd} and {weekday} the short and long weekday
// names (wd.0 … and weekday.0 …, Sunday = 0), {time} the clock 19:00.
func date(l *theme.Lang, k string, t time.Time) string {
	return l.Format(k, func(name string) (string, bool) {
		switch name {
		case "y":
			return strconv.Itoa(t.Year()), true
		case "m":
			return strconv.Itoa(int(t.Month())), true
		case "d":
			return strconv.Itoa(t.Day()), true
		case "q":
			return strconv.Itoa((int(t.Month()) + 2) / 3), true
		case "mon", "month":
			return l.S(name + "." + strconv.Itoa(int(t.Month()))), true
		case "wd", "weekday":
			return l.S(name + "." + strconv.Itoa(int(t.Weekday()))), true
		case "time":
			return t.Format("15:04"), true
		}
		return "", false
	})
}

// ruleWords says when a hall's regular sessions are: rule.weekly, rule.monthly_day or
// rule.monthly_nth with {wd}, {weekday}, {nth} (nth.1 … nth.4, nth.last), {d} and {time}.
func ruleWords(l *theme.Lang, r site.Rule) string {
	k := "rule.weekly"
	switch {
	case r.Monthly && r.Day != 0:
		k = "rule.monthly_day"
	case r.Monthly:
		k = "rule.monthly_nth"
	}
	nth := "nth.last"
	if r.Nth > 0 {
		nth = key("nth", r.Nth)
	}
	return l.S(k, "wd", l.S(key("wd", int(r.Weekday))), "weekday", l.S(key("weekday", int(r.Weekday))),
		"nth", l.S(nth), "d", r.Day, "time", r.Clock)
}

// trunc shortens s to at most n characters, ending in an ellipsis where it cut.
func trunc(n int, s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

func round1(f float64) float64 { return math.Round(f*10) / 10 }

// count is a count as the language writes it, "×" where it is hidden.
func count(l *theme.Lang, c stats.Count) string {
	if c.Hidden {
		return "×"
	}
	return num(l, c.N)
}

// num formats n with the language's thousands separator (num.group): 12,345.
func num(l *theme.Lang, n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	sep := l.S("num.group")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// grouped formats f with as few decimals as needed and the language's thousands separator and
// decimal mark: 4,896.1.
func grouped(l *theme.Lang, f float64) string {
	s := decimal(l, f, -1)
	whole, frac, ok := strings.Cut(s, l.S("num.decimal"))
	n, err := strconv.Atoi(whole)
	if err != nil {
		return s
	}
	if s = num(l, n); ok {
		s += l.S("num.decimal") + frac
	}
	return s
}

// decimal formats f with prec digits after the point (-1: as few as needed) and the language's
// decimal mark (num.decimal).
func decimal(l *theme.Lang, f float64, prec int) string {
	s := strconv.FormatFloat(f, 'f', prec, 64)
	if mark := l.S("num.decimal"); mark != "." {
		s = strings.Replace(s, ".", mark, 1)
	}
	return s
}

package schedule

import (
	"fmt"
	"strings"
	"time"
)

type lang int

const (
	zh lang = iota
	en
)

// nthWord returns the words for nth = 1 … 4 or -1.
func nthWord(l lang, nth int) string {
	const zhs, ens = "第一个第二个第三个第四个", "FirstSecondThirdFourth"
	switch {
	case nth == -1 && l == zh:
		return "最后一个"
	case nth == -1:
		return "Last"
	case l == zh:
		return zhs[(nth-1)*9 : nth*9]
	}
	i := [...]int{0, 5, 11, 16, 22}
	return ens[i[nth-1]:i[nth]]
}

// Words describes when the rule's sessions are, in Chinese, as a hall page shows it: 每周三 9:00,
// 每月第一个周五 19:00, 每月最后一个周四 19:00, 每月15日 9:00. It is "" for a rule that does not
// pass Validate.
func (r Rule) Words() string { return r.say(zh) }

// WordsEN is Words in English: Every Wednesday 9:00, First Friday of the month 19:00, Last
// Thursday of the month 19:00, 15th of the month 9:00.
func (r Rule) WordsEN() string { return r.say(en) }

func (r Rule) say(l lang) string {
	c := compile(&r, 0, func(string, string, ...any) {})
	if c == nil {
		return ""
	}
	return c.words(l)
}

func (c *rule) words(l lang) string {
	clock := fmt.Sprintf("%d:%02d", c.hour, c.min)
	if l == zh {
		switch {
		case !c.monthly:
			return "每" + WeekdayZH(c.wd) + " " + clock
		case c.day != 0:
			return fmt.Sprintf("每月%d日 %s", c.day, clock)
		default:
			return "每月" + nthWord(zh, c.nth) + WeekdayZH(c.wd) + " " + clock
		}
	}
	switch {
	case !c.monthly:
		return "Every " + c.wd.String() + " " + clock
	case c.day != 0:
		return ordinal(c.day) + " of the month " + clock
	default:
		return nthWord(en, c.nth) + " " + c.wd.String() + " of the month " + clock
	}
}

// ordinal returns 1st, 2nd, 3rd, 4th, …, 11th, 12th, 13th, …, 21st.
func ordinal(n int) string {
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return fmt.Sprint(n, suffix)
}

// WeekdayZH returns the Chinese name of a weekday as Words writes it: 周三.
func WeekdayZH(d time.Weekday) string {
	const names = "日一二三四五六"
	i := int(d) % 7 * 3
	return "周" + names[i:i+3]
}

// weekday parses a lower-case English weekday name.
func weekday(s string) (time.Weekday, bool) {
	for d := time.Sunday; d <= time.Saturday; d++ {
		if strings.ToLower(d.String()) == s {
			return d, true
		}
	}
	return 0, false
}

const weekdayList = "monday, tuesday, wednesday, thursday, friday, saturday, sunday"

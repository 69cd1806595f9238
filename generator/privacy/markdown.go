package privacy

import "gongshi/generator/pii"

// markdownView returns text without Markdown emphasis delimiters (runs of one to three '*' or
// '_', and "~~"), and for each byte of the view its offset in text. A number split by emphasis
// ("**139**0012**3456**") is one run in the rendered page, so the input gate must see it as one
// too. Longer runs of '*' are masks (138****5678) and stay; so do '_' inside words (wxid_…).
func markdownView(text string) (string, []int) {
	view := make([]byte, 0, len(text))
	offs := make([]int, 0, len(text))
	alnum := func(i int) bool {
		if i < 0 || i >= len(text) {
			return false
		}
		c := text[i]
		return c >= '0' && c <= '9' || c|0x20 >= 'a' && c|0x20 <= 'z'
	}
	for i := 0; i < len(text); {
		c := text[i]
		if c == '*' || c == '_' || c == '~' {
			j := i
			for j < len(text) && text[j] == c {
				j++
			}
			n := j - i
			strip := false
			switch c {
			case '*':
				strip = n <= 3
			case '_':
				strip = n <= 3 && !(alnum(i-1) && alnum(j))
			case '~':
				strip = n == 2
			}
			if strip {
				i = j
				continue
			}
			for ; i < j; i++ {
				view = append(view, text[i])
				offs = append(offs, i)
			}
			continue
		}
		view = append(view, c)
		offs = append(offs, i)
		i++
	}
	return string(view), offs
}

// scanMarkdown scans Markdown text as written and as rendered (emphasis removed), and returns the
// findings of both with offsets into text, without overlaps.
func scanMarkdown(det *pii.Detector, text string) []pii.Finding {
	fs := det.Scan(text)
	view, offs := markdownView(text)
	if len(view) == len(text) {
		return fs
	}
	for _, f := range det.Scan(view) {
		// The finding ends after its own last byte, so emphasis around it stays balanced.
		start, end := offs[f.Start], offs[f.End-1]+1
		overlap := false
		for _, g := range fs {
			if start < g.End && g.Start < end {
				overlap = true
				break
			}
		}
		if !overlap {
			f.Start, f.End = start, end
			fs = append(fs, f)
		}
	}
	sortByStart(fs)
	return fs
}

func sortByStart(fs []pii.Finding) {
	for i := 1; i < len(fs); i++ {
		for j := i; j > 0 && fs[j].Start < fs[j-1].Start; j-- {
			fs[j], fs[j-1] = fs[j-1], fs[j]
		}
	}
}

package pii

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Room-level addresses (SPEC §4.10). ADDR-ROOM: building (+ unit) + room; ADDR-TRIPLET:
// 7-2-301; ADDR-VILLAGE: 村三组18号; ADDR-UNIT (WARN): building + unit, no room; ADDR-STREET-NO
// (WARN): 路18号. Building-only mentions and rooms of institutional buildings are not findings.

const (
	cnNum   = `[一二三四五六七八九十〇零百两]`
	numN    = `(?:[0-9]{1,3}|` + cnNum + `{1,4})`
	roomNum = `(?:[1-9][0-9]{2,3}|` + cnNum + `{3,5})`
	bldg    = `(?:[A-Za-z]区\s?)?(?:` + numN + `|[A-Za-z])\s?(?:号楼|栋|幢|座|号院)` +
		`|` + numN + `弄\s?` + numN + `号`
	unitP  = `(?:` + numN + `|[甲乙丙丁东西南北中])\s?(?:单元|门)`
	floorP = `(?:[0-9]{1,2}(?:楼|层)\s?)?`
)

func (d *Detector) compileAddress() {
	d.addrRoom = regexp.MustCompile(`(?:` + bldg + `)[\s-]?(?:` + unitP + `[\s-]?)?` + floorP + roomNum + `(?:室|房|号)?` +
		`|` + numN + `\s?单元[\s-]?` + floorP + roomNum + `(?:室|房|号)?` +
		`|[0-9]{1,4}号\s?[1-9][0-9]{2,3}(?:室|房)`)
	d.addrUnit = regexp.MustCompile(`(?:` + bldg + `)\s?` + unitP)
	d.addrTriplet = regexp.MustCompile(`[1-9][0-9]{0,2}-[0-9]{1,2}-[0-9]{3,4}`)
	d.addrVillage = regexp.MustCompile(`村\s?` + numN + `\s?(?:组|队|社)\s?(?:[0-9]{1,4}|` + cnNum + `{1,5})号`)
	d.addrStreet = regexp.MustCompile(`(?:路|街|巷|道|弄)[0-9]{1,4}号`)
}

// quantitySuffix are runes that make a number a count or measure, not a room (5栋120户).
func quantitySuffix(r rune) bool {
	switch r {
	case '户', '人', '名', '元', '万', '千', '百', '米', '平', '个', '件', '次', '辆', '套', '间', '台',
		'条', '处', '栋', '幢', '年', '天', '余', '多', '吨', '斤', '份', '本', '张', '位', '只', '根',
		'块', '盏', '株', '棵', '项', '起', '例', '岁', '度', '分', '秒', '小', '周', '月', '日', '层',
		'%', '‰', '㎡', '.', '公', '毫', '厘', '克', '斗', '车', '头', '家', '号':
		return true
	}
	return false
}

// institutionBefore are words that, ending right before a building or room, make it an office.
var institutionBefore = []string{"服务中心", "服务站", "党群", "政务", "办事处", "居委会", "村委会", "派出所",
	"医院", "卫生院", "学校", "图书馆", "文化站", "活动中心", "办公楼", "行政中心", "街道办"}

// institutionAfter are words that, following a room number, make it an office (301会议室).
var institutionAfter = []string{"会议", "活动室", "办公", "教室", "阅览", "接待", "调解室", "议事"}

func (sc *scanner) scanAddresses() {
	s := sc.nt.s
	d := sc.d
	sc.forWindows(sc.buildingAnchor, 24, 36, d.addrRoom, hasRoomNumber, func(a, b int) {
		if !sc.roomBoundaries(a, b) || sc.institutional(a, b) {
			return
		}
		// include a street number right before the building (中山东路18号2幢302室)
		w := max(0, a-24)
		if loc := d.addrStreet.FindAllStringIndex(s[w:a], -1); len(loc) > 0 {
			if last := loc[len(loc)-1]; w+last[1] == a {
				a = w + last[0] + len("路")
			}
		}
		sc.add(KindAddressRoom, "ADDR-ROOM", Block, a, b)
	})
	sc.forWindows(sc.tripletAnchor, 4, 12, d.addrTriplet, nil, func(a, b int) {
		if a > 0 && (isDigit(s[a-1]) || s[a-1] == '-' || s[a-1] == '.' || s[a-1] == '/' || isASCIILetter(s[a-1])) {
			return
		}
		if b < len(s) && (isDigit(s[b]) || s[b] == '-' || s[b] == '.' || s[b] == '/' || isASCIILetter(s[b])) {
			return
		}
		if r, _ := utf8.DecodeRuneInString(s[b:]); b < len(s) && quantitySuffix(r) && r != '号' {
			return
		}
		sc.add(KindAddressRoom, "ADDR-TRIPLET", Block, a, b)
	})
	sc.forWindows(sc.villageAnchor, 0, 36, d.addrVillage, nil, func(a, b int) {
		if b < len(s) && isDigit(s[b]) {
			return
		}
		sc.add(KindAddressRoom, "ADDR-VILLAGE", Block, a+len("村"), b)
	})
	sc.forWindows(sc.unitAnchor, 24, 12, d.addrUnit, hasNumberedUnit, func(a, b int) {
		if sc.numberBoundaryBefore(a) {
			sc.add(KindAddressUnit, "ADDR-UNIT", Warn, a, b)
		}
	})
	sc.forWindows(sc.streetAnchor, 3, 12, d.addrStreet, nil, func(a, b int) {
		if r, _ := utf8.DecodeRuneInString(s[b:]); b < len(s) && (r == '楼' || r == '院' || isDigitRune(r)) {
			return
		}
		sc.add(KindAddressStreet, "ADDR-STREET-NO", Warn, a+len("路"), b)
	})
}

// isCnNumeral reports the runes of cnNum.
func isCnNumeral(r rune) bool {
	switch r {
	case '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '〇', '零', '百', '两':
		return true
	}
	return false
}

// hasRoomNumber reports whether w holds a room number (roomNum: [1-9][0-9]{2} or three runes of
// cnNum), which every ADDR-ROOM match ends with; a window without one cannot match.
func hasRoomNumber(w string) bool {
	cn := 0
	for i := 0; i < len(w); {
		c := w[i]
		if c < utf8.RuneSelf {
			if c >= '1' && c <= '9' && i+2 < len(w) && isDigit(w[i+1]) && isDigit(w[i+2]) {
				return true
			}
			cn = 0
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(w[i:])
		if isCnNumeral(r) {
			if cn++; cn == 3 {
				return true
			}
		} else {
			cn = 0
		}
		i += size
	}
	return false
}

// hasNumberedUnit reports whether w holds 单元 or 门 after a digit, a rune of cnNum or one of
// 甲乙丙丁东西南北中, with at most one \s between (unitP), which every ADDR-UNIT match ends with.
func hasNumberedUnit(w string) bool {
	for i := 0; i < len(w); i++ {
		var rest string
		switch {
		case strings.HasPrefix(w[i:], "单元"), strings.HasPrefix(w[i:], "门"):
			rest = w[:i]
		default:
			continue
		}
		if n := len(rest); n > 0 && strings.IndexByte(" \t\n\f\r", rest[n-1]) >= 0 {
			rest = rest[:n-1]
		}
		r, _ := utf8.DecodeLastRuneInString(rest)
		if isDigitRune(r) || isCnNumeral(r) || strings.ContainsRune("甲乙丙丁东西南北中", r) {
			return true
		}
	}
	return false
}

func isNumeralRune(r rune) bool {
	return r >= '0' && r <= '9' || strings.ContainsRune("一二三四五六七八九十〇零百两", r)
}

// runeBack returns the rune k positions before i, skipping one space, or 0.
func (sc *scanner) runeBack(i, k int) rune {
	rs := sc.nt.runes
	for ; k > 0; k-- {
		i--
		if i >= 0 && rs[i] == ' ' {
			i--
		}
	}
	if i < 0 {
		return 0
	}
	return rs[i]
}

func (sc *scanner) runeFwd(i int) rune {
	rs := sc.nt.runes
	i++
	if i < len(rs) && rs[i] == ' ' {
		i++
	}
	if i >= len(rs) {
		return 0
	}
	return rs[i]
}

// addressAnchorRunes are the only runes at which an anchor function below may hold: Scan's
// survey lists where they occur, and forWindows tries only those places.
const addressAnchorRunes = "栋幢座弄楼院号元门村路街巷道-"

// Anchors: the runes around which the address patterns are tried.
func (sc *scanner) buildingAnchor(i int) bool {
	switch sc.nt.runes[i] {
	case '栋', '幢', '座', '弄':
		p := sc.runeBack(i, 1)
		return isNumeralRune(p) || p < utf8.RuneSelf && isASCIILetter(byte(p))
	case '楼', '院':
		return sc.runeBack(i, 1) == '号' && isNumeralRune(sc.runeBack(i, 2))
	case '号':
		return isNumeralRune(sc.runeBack(i, 1))
	case '元':
		return sc.runeBack(i, 1) == '单'
	}
	return false
}

func (sc *scanner) unitAnchor(i int) bool {
	switch sc.nt.runes[i] {
	case '元':
		return sc.runeBack(i, 1) == '单'
	case '门':
		return isNumeralRune(sc.runeBack(i, 1))
	}
	return false
}

func (sc *scanner) tripletAnchor(i int) bool {
	return sc.nt.runes[i] == '-' && i > 0 && isDigitRune(sc.nt.runes[i-1]) && i+1 < len(sc.nt.runes) && isDigitRune(sc.nt.runes[i+1])
}

func (sc *scanner) villageAnchor(i int) bool {
	return sc.nt.runes[i] == '村' && isNumeralRune(sc.runeFwd(i))
}

func (sc *scanner) streetAnchor(i int) bool {
	switch sc.nt.runes[i] {
	case '路', '街', '巷', '道', '弄':
		return i+1 < len(sc.nt.runes) && isDigitRune(sc.nt.runes[i+1])
	}
	return false
}

// forWindows runs re only on small windows around anchor runes (before/after bytes, widened
// to rune boundaries and merged when they touch) instead of over the whole text, and calls fn
// with each match in absolute offsets. Each window starts early enough to hold the longest
// prefix a pattern allows before its anchor. Only the runes Scan's survey listed (sc.anchors)
// are asked whether they anchor.
func (sc *scanner) forWindows(anchor func(int) bool, before, after int, re *regexp.Regexp, possible func(string) bool, fn func(a, b int)) {
	s := sc.nt.s
	wStart, wEnd := -1, -1
	run := func() {
		if wStart < 0 {
			return
		}
		if possible != nil && !sc.d.plain && !possible(s[wStart:wEnd]) {
			return
		}
		for _, m := range re.FindAllStringIndex(s[wStart:wEnd], -1) {
			fn(wStart+m[0], wStart+m[1])
		}
	}
	for _, i := range sc.anchors {
		if !anchor(int(i)) {
			continue
		}
		p := int(sc.nt.rb[i])
		lo, hi := sc.runeFloor(max(0, p-before)), sc.runeCeil(min(len(s), int(sc.nt.rb[i+1])+after))
		if wStart >= 0 && lo <= wEnd {
			wEnd = max(wEnd, hi)
		} else {
			run()
			wStart, wEnd = lo, hi
		}
	}
	run()
}

func (sc *scanner) runeFloor(p int) int { return int(sc.nt.rb[sc.nt.b2r[p]]) }

func (sc *scanner) runeCeil(p int) int {
	if p >= len(sc.nt.s) {
		return len(sc.nt.s)
	}
	r := sc.nt.b2r[p]
	if int(sc.nt.rb[r]) == p {
		return p
	}
	return int(sc.nt.rb[r+1])
}

// numberBoundaryBefore reports that the match does not start inside a longer number.
func (sc *scanner) numberBoundaryBefore(a int) bool {
	if a == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(sc.nt.s[:a])
	return !(isDigitRune(r) || (r < utf8.RuneSelf && isASCIILetter(byte(r))) || r == '-' || r == '.')
}

// roomBoundaries checks the runes around an ADDR-ROOM match: not inside a longer number, the room
// not followed by a digit or a unit of measure.
func (sc *scanner) roomBoundaries(a, b int) bool {
	s := sc.nt.s
	if !sc.numberBoundaryBefore(a) {
		return false
	}
	if b >= len(s) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s[b:])
	if isDigitRune(r) || (r < utf8.RuneSelf && isASCIILetter(byte(r))) {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(s[a:b])
	if last == '室' || last == '房' || last == '号' {
		return true
	}
	if r == '号' && strings.HasPrefix(s[b:], "号楼") {
		return false
	}
	return !quantitySuffix(r)
}

func (sc *scanner) institutional(a, b int) bool {
	s := sc.nt.s
	before := strings.TrimRight(s[:a], " ")
	for _, w := range institutionBefore {
		if strings.HasSuffix(before, w) {
			return true
		}
	}
	after := s[b:]
	for _, w := range institutionAfter {
		if strings.HasPrefix(after, w) {
			return true
		}
	}
	return false
}

package pii

import (
	"strings"
	"unicode"
)

// Person names (SPEC §4.11), rule- and dictionary-based, on the normalised runes:
//
//	NAME-HON      surname + honorific/title (张师傅, 黄经理), or a full name + honorific
//	NAME-LAOXIAO  老/小 + surname + boundary (小王表示), minus the 老/小 stoplist
//	NAME-LABEL    label + surname + 1–2 characters + boundary (居民许文博提出, 来电人：胡军)
//	NAME-BARE     clause start + top-100 surname + 1–2 characters + reporting verb (赵秀兰反映)
//	NAME-DOT      Han·Han minority names outside 《》 (艾力·买买提反映)
//	NAME-KNOWN    n-grams next to labels and honorifics found in the known-values list
//
// Anonymised forms (张某, 王某某, 某女士, X先生), roles without a surname, place names (suffix
// and gazetteer) and ordinary words holding a surname character (stop_bigrams.txt) never match.

func isHan(r rune) bool {
	if r < 0x2E80 {
		return false
	}
	if r >= 0x4E00 && r <= 0x9FFF {
		return true
	}
	return unicode.Is(unicode.Han, r)
}

// introducer runes may stand right before a name at a clause start (据王红梅反映).
const introducerRunes = "据由经请与和跟及找给让同向被叫帮替"

func introducer(r rune) bool { return strings.ContainsRune(introducerRunes, r) }

// functionRune are characters that do not occur in given names in practice; they end a
// candidate (业主方面, 许多人, 居民向社区).
const functionRunes = "的了在和与等也就对向把被家是有不没未已曾将都又还再才均共并一们人者员方面些个位名" +
	"里上下内外处时后前说称及或而但却很太更最要会能可该这那其此每各某多少几第楼栋号室" +
	"户区路街村镇市省县老先女士师姨叔爷奶哥姐妈爸儿我你他她它啊吗呢吧呀着过地得所为以" +
	"于从到给让请问答表示反映提出求认议同意主持发言指调介绍投诉举报咨询电来访现场物社" +
	"委居工作单门口车费事情况题理办结果今昨本凌夜午年月日期间"

func functionRune(r rune) bool { return strings.ContainsRune(functionRunes, r) }

// function is functionRune, from the flag table in the CJK block.
func (lx *lexicon) function(r rune) bool {
	if r >= hanBase && r < 0xA000 {
		return lx.hanFlags[r-hanBase]&functionChar != 0
	}
	return functionRune(r)
}

// placeNext are runes that, following a candidate, make it a place or an organisation.
const placeNextRunes = "街路巷村庄湾园桥门坊营府镇乡区市县省州城山湖江河港岛苑里站局厅所院厂店馆队组委办" +
	"处科部司行社寺庙塘坝圩洲墩岗岭集屯堡埠楼大小中公"

func placeNext(r rune) bool { return strings.ContainsRune(placeNextRunes, r) }

// placeLast are runes that, ending a candidate, make it a place (居民张府园 is not a person).
const placeLastRunes = "街路巷村庄湾园桥坊营府镇乡区市县省州苑站局厅所院厂店馆队组委办处科部司社寺庙圩楼" +
	"城门"

func placeLast(r rune) bool { return strings.ContainsRune(placeLastRunes, r) }

// translitRune are characters frequent in transliterated (Uyghur, Tibetan, Mongolian …) names.
const translitRunes = "阿艾买提力江古丽尔依努热合曼不都木拉迪巴克斯汗吐逊孜亚尼罕帕夏米娜扎西多吉措卓玛" +
	"格桑央旦达次仁顿珠特苏和布赫朝鲁乌兰其图哈萨别赛沙莎伊玉素甫库班麦穆默德里吾塔尕" +
	"白衣坎排肉祖满再纳则开哲乃叶肯雅丁普琼嘎索朗贡觉洛泽孟根勒钦呼日娃莉娅妮伟洁"

func translitRune(r rune) bool { return strings.ContainsRune(translitRunes, r) }

func (sc *scanner) scanNames() {
	rs := sc.nt.runes
	han := false
	for _, r := range rs {
		if isHan(r) {
			han = true
			break
		}
	}
	if !han {
		return
	}
	lx := sc.d.lex
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if r == '·' || (r == '.' && i > 0 && i+1 < len(rs) && isHan(rs[i-1]) && isHan(rs[i+1])) {
			sc.nameDot(i)
			continue
		}
		if !isHan(r) {
			continue
		}
		if r >= hanBase && r < 0xA000 && lx.hanFlags[r-hanBase]&labelFirst != 0 {
			if l, _ := lx.labels.match(rs, i); l > 0 {
				sc.nameLabel(i, l)
			}
		}
		if sc.d.known != nil {
			if l, _ := lx.honorifics.match(rs, i); l > 1 {
				sc.knownNear(i, false)
			}
		}
		sl, top := sc.surnameAt(i)
		if sl == 0 {
			if r >= hanBase && r < 0xA000 && lx.hanFlags[r-hanBase]&surnameWeak != 0 {
				sc.nameHon(i, 1, false)
			}
			continue
		}
		sc.nameHon(i, sl, true)
		sc.nameLaoXiao(i, sl)
		if top {
			sc.nameBare(i, sl)
		}
	}
}

// surnameAt returns the length of a surname at rune i (2 for a compound) and whether it is a
// top-100 single surname.
func (sc *scanner) surnameAt(i int) (int, bool) {
	rs := sc.nt.runes
	lx := sc.d.lex
	if i >= len(rs) || rs[i] < hanBase || rs[i] >= 0xA000 {
		return 0, false
	}
	f := lx.hanFlags[rs[i]-hanBase]
	if f&compoundFirst != 0 && i+1 < len(rs) && lx.compound[[2]rune{rs[i], rs[i+1]}] != 0 {
		return 2, false
	}
	f &= surnameAny | surnameTop
	if f == 0 {
		return 0, false
	}
	return 1, f&surnameTop != 0
}

// boundaryAt reports the boundary set B at rune k: end of text, a non-Han rune, or a B word.
func (sc *scanner) boundaryAt(k int) bool {
	rs := sc.nt.runes
	if k >= len(rs) || !isHan(rs[k]) {
		return true
	}
	l, _ := sc.d.lex.bounds.match(rs, k)
	return l > 0
}

// verbAt reports a reporting verb at rune k (the strong part of B).
func (sc *scanner) verbAt(k int) bool {
	l, c := sc.d.lex.bounds.match(sc.nt.runes, k)
	return l > 0 && c == classVerb
}

// givenOK reports whether rune k can be part of a given name.
func (sc *scanner) givenOK(k int) bool {
	rs := sc.nt.runes
	if k >= len(rs) || !isHan(rs[k]) || sc.d.lex.function(rs[k]) {
		return false
	}
	lx := sc.d.lex
	if l, _ := lx.bounds.match(rs, k); l > 0 {
		return false
	}
	if l, _ := lx.honorifics.match(rs, k); l > 1 {
		return false
	}
	return true
}

// midOK reports runes that are particles on their own but common as the first character of
// a two-character given name (家豪, 向阳, 一诺); they never end a name.
func (sc *scanner) midOK(k int) bool {
	rs := sc.nt.runes
	if k+1 >= len(rs) || !(rs[k] == '家' || rs[k] == '向' || rs[k] == '一') || !sc.givenOK(k+1) {
		return false
	}
	l, _ := sc.d.lex.bounds.match(rs, k)
	return l <= 1 && !sc.d.lex.stop.matchLen(rs, k, 2) // not 一直, 一致
}

// stopCoversFromLeft reports an ordinary word that starts before rune i and covers it (社区,
// 公司 before 经理, 对方 before 女士).
func (sc *scanner) stopCoversFromLeft(i int) bool {
	rs := sc.nt.runes
	st := sc.d.lex.stop
	for k := i - 1; k >= 0 && k >= i-3; k-- {
		for n := i - k + 1; n <= 4; n++ {
			if st.matchLen(rs, k, n) {
				return true
			}
		}
	}
	return false
}

// stopStartsAt reports an ordinary word of at least minLen runes starting at rune i: it covers
// a candidate of minLen runes (许多 covers 许多 but not the name 王国庆 after 王国).
func (sc *scanner) stopStartsAt(i, minLen int) bool {
	rs := sc.nt.runes
	for n := 4; n >= minLen && n >= 2; n-- {
		if sc.d.lex.stop.matchLen(rs, i, n) {
			return true
		}
	}
	return false
}

// commonWord reports a candidate of exactly two runes at i that is a common word.
func (sc *scanner) commonWord(i, n int) bool {
	return n == 2 && sc.d.lex.common.matchLen(sc.nt.runes, i, 2)
}

// gazetteerOverlap reports a gazetteer place overlapping runes [a, b).
func (sc *scanner) gazetteerOverlap(a, b int) bool {
	rs := sc.nt.runes
	g := sc.d.lex.gazetteer
	for k := a - g.maxLen + 1; k < b; k++ {
		if k < 0 {
			continue
		}
		if l, _ := g.match(rs, k); l > 0 && k+l > a {
			return true
		}
	}
	return false
}

// labelEndsAt reports a person label ending right before rune i (allowing ':' and a space).
func (sc *scanner) labelEndsAt(i int) bool {
	rs := sc.nt.runes
	for i > 0 && (rs[i-1] == ':' || rs[i-1] == ' ') {
		i--
	}
	l, _ := sc.d.lex.labels.endsAt(rs, i)
	return l > 0
}

// clauseStart reports that a name may start at rune i without a label: start of text, a
// non-Han rune, an introducer, or the end of a boundary word.
func (sc *scanner) clauseStart(i int) bool {
	rs := sc.nt.runes
	if i == 0 || !isHan(rs[i-1]) || introducer(rs[i-1]) {
		return true
	}
	if l, _ := sc.d.lex.bounds.endsAt(rs, i); l > 0 {
		return true
	}
	l, _ := sc.d.lex.intro.endsAt(rs, i)
	return l > 0
}

func (sc *scanner) addName(rule string, sev Severity, a, b, nameEnd int) {
	rs := sc.nt.runes
	if len(sc.d.publicPersons) > 0 {
		if sc.d.publicPersons[string(rs[a:nameEnd])] || sc.d.publicPersons[string(rs[a:b])] {
			return
		}
	}
	sc.add(KindName, rule, sev, int(sc.nt.rb[a]), int(sc.nt.rb[b]))
}

// nameHon: surname + honorific or title; with full, also a full name (2–3 characters) +
// honorific.
func (sc *scanner) nameHon(i, sl int, full bool) {
	rs := sc.nt.runes
	lx := sc.d.lex
	if i > 0 && (rs[i-1] == '某' || rs[i-1] == '该') {
		return
	}
	fromLabel := sc.labelEndsAt(i)
	if !fromLabel && sc.stopCoversFromLeft(i) {
		return
	}
	j := i + sl
	if hl, cls := lx.honorifics.match(rs, j); hl > 0 {
		end := j + hl
		ok := cls != classSingle || sc.boundaryAt(end)
		if ok && !sc.stopStartsAt(i, sl+hl) && !sc.gazetteerOverlap(i, end) {
			sc.addName("NAME-HON", Block, i, end, j)
		}
	}
	if !full {
		return
	}
	// full name + honorific: 张建国先生, 据王红梅书记介绍, 隔壁胡建华书记
	for g := 1; g <= 2; g++ {
		k := j + g - 1
		if !sc.givenOK(k) && !(g == 1 && sc.midOK(k)) {
			return
		}
		if hl, cls := lx.honorifics.match(rs, k+1); hl > 1 && cls != classSingle {
			if placeLast(rs[k]) || sc.gazetteerOverlap(i, k+1) || sc.commonWord(i, k+1-i) || sc.stopStartsAt(i, k+1-i) {
				return
			}
			sc.addName("NAME-HON", Block, i, k+1+hl, k+1)
			return
		}
	}
}

// nameLaoXiao: 老/小 + surname followed by a boundary.
func (sc *scanner) nameLaoXiao(i, sl int) {
	rs := sc.nt.runes
	if i == 0 || (rs[i-1] != '老' && rs[i-1] != '小') {
		return
	}
	st := sc.d.lex.stop
	if st.matchLen(rs, i-1, 2) || sc.stopStartsAt(i-1, 3) || sc.stopCoversFromLeft(i-1) {
		return
	}
	end := i + sl
	if !sc.boundaryAt(end) || (end < len(rs) && placeNext(rs[end])) {
		return
	}
	if sc.gazetteerOverlap(i-1, end) {
		return
	}
	sc.addName("NAME-LAOXIAO", Block, i-1, end, end)
}

// nameLabel: label [:：]? + surname + 1–2 characters (shortest) + boundary.
func (sc *scanner) nameLabel(p, l int) {
	rs := sc.nt.runes
	j := p + l
	for j < len(rs) && (rs[j] == ':' || rs[j] == ' ') {
		j++
	}
	if j < len(rs) && (rs[j] == '是' || rs[j] == '为' || rs[j] == '叫') {
		j++
	}
	sc.knownNear(j, true)
	sl, _ := sc.surnameAt(j)
	if sl == 0 {
		return
	}
	if rs[j] == '向' {
		return // 居民向城管反映…
	}
	for g := 1; g <= 2; g++ {
		k := j + sl + g - 1
		if g == 1 && sc.midOK(k) {
			continue // 莫家豪, 孙向阳: never a two-character name
		}
		if !sc.givenOK(k) {
			return
		}
		end := k + 1
		if !sc.boundaryAt(end) || sc.stopStartsAt(j, end-j) {
			continue // 居民安全隐患…: an ordinary word covers the candidate
		}
		if placeLast(rs[k]) || (end < len(rs) && placeNext(rs[end])) || sc.gazetteerOverlap(j, end) || sc.commonWord(j, end-j) {
			return
		}
		sc.addName("NAME-LABEL", Block, j, end, end)
		return
	}
}

// nameBare: a top-100 surname at a clause start + 1–2 characters + a reporting verb.
func (sc *scanner) nameBare(i, sl int) {
	rs := sc.nt.runes
	if !sc.clauseStart(i) || sc.labelEndsAt(i) {
		return
	}
	for g := 1; g <= 2; g++ {
		k := i + sl + g - 1
		if g == 1 && sc.midOK(k) {
			continue
		}
		if !sc.givenOK(k) {
			return
		}
		end := k + 1
		if !sc.verbAt(end) || sc.stopStartsAt(i, end-i) {
			continue
		}
		if placeLast(rs[k]) || sc.gazetteerOverlap(i, end) || sc.commonWord(i, end-i) {
			return
		}
		sc.addName("NAME-BARE", Block, i, end, end)
		return
	}
}

// nameDot: \p{Han}{2,4}·\p{Han}{2,5} outside 《》; BLOCK when a boundary follows and the
// characters look transliterated, else WARN.
func (sc *scanner) nameDot(i int) {
	rs := sc.nt.runes
	a := i
	for a > 0 && i-a < 4 && isHan(rs[a-1]) {
		a--
	}
	if i-a < 2 {
		return
	}
	// do not swallow a label or boundary word before the name (居民艾力·买买提)
	for k := i - 2; k > a; k-- {
		if l, _ := sc.d.lex.labels.endsAt(rs, k); l > 0 {
			a = k
			break
		}
		if l, _ := sc.d.lex.bounds.endsAt(rs, k); l > 0 {
			a = k
			break
		}
	}
	// inside a title 《…》?
	for k := a - 1; k >= 0; k-- {
		if rs[k] == '》' {
			break
		}
		if rs[k] == '《' {
			return
		}
	}
	n := 0
	for i+1+n < len(rs) && isHan(rs[i+1+n]) && n < 12 {
		n++
	}
	if n < 2 {
		return
	}
	end := -1
	for m := 2; m <= 5 && m <= n; m++ {
		if sc.boundaryAt(i + 1 + m) {
			end = i + 1 + m
			break
		}
	}
	sev := Block
	if end < 0 {
		sev = Warn
		end = i + 1 + min(n, 5)
	}
	if placeLast(rs[end-1]) || (end < len(rs) && placeNext(rs[end])) {
		return
	}
	tr, tot := 0, 0
	for k := a; k < end; k++ {
		if k == i {
			continue
		}
		tot++
		if translitRune(rs[k]) {
			tr++
		}
	}
	if 2*tr < tot {
		if sev == Block && sc.labelEndsAt(a) {
			sc.addName("NAME-DOT", Block, a, end, end)
			return
		}
		sev = Warn
	}
	sc.addName("NAME-DOT", sev, a, end, end)
}

// knownNear asks the known-values list about the 2–4-rune n-grams after a label (after=true)
// or before an honorific.
func (sc *scanner) knownNear(k int, after bool) {
	if sc.d.known == nil {
		return
	}
	rs := sc.nt.runes
	for n := 4; n >= 2; n-- {
		a, b := k, k+n
		if !after {
			a, b = k-n, k
		}
		if a < 0 || b > len(rs) {
			continue
		}
		ok := true
		for _, r := range rs[a:b] {
			if !isHan(r) {
				ok = false
			}
		}
		if ok && sc.d.known(KindName, string(rs[a:b])) {
			sc.addName("NAME-KNOWN", Block, a, b, b)
			return
		}
	}
}

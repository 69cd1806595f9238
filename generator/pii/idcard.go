package pii

// Resident ID numbers (GB 11643-1999, SPEC §4.2) and the company credit code (GB 32100-2015)
// that must not be mistaken for one.

var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

const idCheckChars = "10X98765432"

// idHotwords raise a weak ID shape (15 digits, failed checksum) to a finding.
var idHotwords = []string{"身份证", "身份号码", "证件号", "公民身份", "证号", "居住证"}

// validProvince reports whether the first two digits are a GB/T 2260 province code.
func validProvince(a, b byte) bool {
	if !isDigit(a) || !isDigit(b) {
		return false
	}
	p := int(a-'0')*10 + int(b-'0')
	switch {
	case p >= 11 && p <= 15, p >= 21 && p <= 23, p >= 31 && p <= 37, p >= 41 && p <= 46,
		p >= 50 && p <= 54, p >= 61 && p <= 65, p == 71, p >= 81 && p <= 83:
		return true
	}
	return false
}

func atoi(c []byte) int {
	v := 0
	for _, b := range c {
		v = v*10 + int(b-'0')
	}
	return v
}

func allDigits(c []byte) bool {
	for _, b := range c {
		if !isDigit(b) {
			return false
		}
	}
	return len(c) > 0
}

// validDate reports whether y-m-d is a calendar date between 1900-01-01 and today (yyyymmdd).
func validDate(y, m, d, today int) bool {
	if y < 1900 || m < 1 || m > 12 || d < 1 {
		return false
	}
	days := [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m]
	if m == 2 && (y%4 == 0 && y%100 != 0 || y%400 == 0) {
		days = 29
	}
	if d > days {
		return false
	}
	return y*10000+m*100+d <= today
}

// id18Shape reports 17 digits (first 1–9) plus [0-9X] with a valid birth date.
func id18Shape(c []byte, today int) bool {
	if len(c) != 18 || c[0] == '0' || !allDigits(c[:17]) || !(isDigit(c[17]) || c[17] == 'X') {
		return false
	}
	return validDate(atoi(c[6:10]), atoi(c[10:12]), atoi(c[12:14]), today)
}

// id18Checksum verifies the ISO 7064 MOD 11-2 check character.
func id18Checksum(c []byte) bool {
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(c[i]-'0') * idWeights[i]
	}
	return idCheckChars[sum%11] == c[17]
}

// validID15 reports a first-generation ID: 15 digits, province, valid 19YYMMDD.
func validID15(c []byte, today int) bool {
	if len(c) != 15 || !allDigits(c) || !validProvince(c[0], c[1]) {
		return false
	}
	return validDate(1900+atoi(c[6:8]), atoi(c[8:10]), atoi(c[10:12]), today)
}

const usccChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var usccWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

func usccValue(b byte) int {
	for i := 0; i < len(usccChars); i++ {
		if usccChars[i] == b {
			return i
		}
	}
	return -1
}

// validUSCC reports a GB 32100 unified social credit code: a plausible registration
// authority and category, a province in the administrative code, and the mod-31 check.
func validUSCC(c []byte) bool {
	if len(c) != 18 {
		return false
	}
	switch c[0] {
	case '1', '5', '9':
		if c[1] != '1' && c[1] != '2' && c[1] != '3' && c[1] != '9' {
			return false
		}
	case '2', '3', '4', '6', '7', '8', 'A', 'N', 'Y':
	default:
		return false
	}
	if !validProvince(c[2], c[3]) {
		return false
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := usccValue(c[i])
		if v < 0 {
			return false
		}
		sum += v * usccWeights[i]
	}
	check := (31 - sum%31) % 31
	return usccChars[check] == c[17]
}

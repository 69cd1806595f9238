// Package pii is the privacy detector engine of gongshi: it finds personal data in Chinese
// free text (hotline case descriptions, meeting minutes, rendered pages) so that the build can
// refuse or redact it before anything is published.
//
// # Contract
//
//   - Pure: no I/O except the embedded lexicons (data/*.txt), no global mutable state, no init.
//     A *Detector is immutable after New and safe for concurrent use.
//   - Scan never panics on any input (including invalid UTF-8) and returns findings sorted by
//     Start, non-overlapping, with Start/End byte offsets into the ORIGINAL text that lie on rune
//     boundaries. When two detectors claim overlapping text, BLOCK beats WARN, then the longer
//     span wins.
//   - Every check runs on a normalised view (SPEC §3): full-width forms folded to ASCII one rune
//     to one rune, zero-width characters deleted, runs of ≥7 Chinese numerals turned into digits,
//     dates and times masked. An offset map leads back to the original text.
//   - Validators decide, context adjusts (SPEC §0.3): checksum-valid resident IDs and bank cards
//     and well-formed mobiles are BLOCK without any hotword; weak shapes (local landline, 15-digit
//     ID, QQ, bad checksums) need a hotword; reference numbers behind a ticket label, configured
//     ticket regexes, company credit codes and public service numbers are never findings.
//   - Nothing this package returns for reporting contains a raw value: use MaskValue for reports
//     and Redact for publishing. Findings themselves carry only offsets.
//
// The rules, their names (ID-18, MOB-01, NAME-HON, …) and their severities follow
// shared/privacy/SPEC.md §4 and §5; the masks follow §6.3.
package pii

import (
	"fmt"
	"hash/maphash"
	"regexp"
	"strings"
	"sync"
	"time"
)

// Severity of a finding (SPEC §4): Block fails the build in refuse mode and is masked in
// redact mode; Warn is listed for review and fails only in strict mode.
type Severity int

const (
	Warn Severity = iota + 1
	Block
)

func (s Severity) String() string {
	switch s {
	case Warn:
		return "WARN"
	case Block:
		return "BLOCK"
	}
	return fmt.Sprintf("Severity(%d)", int(s))
}

// Kind is the kind of personal data a finding holds.
type Kind string

const (
	KindIDCard         Kind = "id_card"
	KindMobile         Kind = "mobile"
	KindLandline       Kind = "landline"
	KindBankCard       Kind = "bank_card"
	KindPlate          Kind = "plate"
	KindAddressRoom    Kind = "address_room"
	KindAddressUnit    Kind = "address_unit"
	KindAddressStreet  Kind = "address_street"
	KindEmail          Kind = "email"
	KindWeChat         Kind = "wechat"
	KindQQ             Kind = "qq"
	KindPassportPermit Kind = "passport_permit"
	KindName           Kind = "name"
	KindKnown          Kind = "known_value"
)

// Finding is one detected item. Start and End are byte offsets into the original text.
type Finding struct {
	Kind     Kind
	Rule     string
	Severity Severity
	Start    int
	End      int
}

// Options configure a Detector; they mirror the [privacy] table of site.toml (SPEC §6.1).
type Options struct {
	// PublicNumbers are reviewed institutional numbers ("025-12345", "025-52345678"); they are
	// compared by canonical digits, so any writing of them is allowed.
	PublicNumbers []string
	// PublicEmailDomains are domains whose addresses may be published; nil means {"gov.cn"}.
	// A subdomain matches too (nj.gov.cn). An entry holding '@' allows that one address.
	PublicEmailDomains []string
	// PublicPersons are officials that may be named in their official capacity (reviewed).
	PublicPersons []string
	// TicketNumberRegex are patterns for reference numbers, matched against the canonical
	// digits of a run, e.g. `^20\d{11}$`.
	TicketNumberRegex []string
	// KnownValue, when set, is asked about name n-grams next to honorifics and labels and about
	// digit runs no other rule claimed (SPEC §6.5). It normally looks up an HMAC of the value in
	// the operator's private known-values list. It must be safe for concurrent use.
	KnownValue func(kind Kind, value string) bool
	// Now bounds the birth dates of resident IDs; zero means the time New is called.
	Now time.Time
}

// Detector holds the compiled lexicons and rules. It is safe for concurrent use.
type Detector struct {
	lex                *lexicon
	publicNumbers      map[string]bool
	publicEmailDomains []string
	publicEmails       map[string]bool
	publicPersons      map[string]bool
	ticketRe           []*regexp.Regexp
	known              func(Kind, string) bool
	today              int // yyyymmdd

	addrRoom    *regexp.Regexp
	addrUnit    *regexp.Regexp
	addrTriplet *regexp.Regexp
	addrVillage *regexp.Regexp
	addrStreet  *regexp.Regexp

	pool   sync.Pool // *scanner
	caches sync.Pool // *memoCache

	// plain makes Scan take the straightforward path: every detector on every text, no
	// survey, no fast paths in normalisation. Only tests set it, to check that the fast path
	// finds exactly the same.
	plain bool

	// clean memoises texts the output gate found clean (scanMemo), fields memoises fields
	// ScanField found clean: one memo, each bounded on its own so that a million case texts
	// never crowd out the template text every page repeats; the only state that changes after
	// New, and safe for concurrent use.
	clean, fields *memoQuota
}

// New compiles a Detector. It fails on an invalid ticket regex or a malformed public number.
func New(opt Options) (*Detector, error) {
	lex, err := loadLexicon()
	if err != nil {
		return nil, err
	}
	d := &Detector{
		lex:           lex,
		publicNumbers: map[string]bool{},
		publicEmails:  map[string]bool{},
		publicPersons: map[string]bool{},
		known:         opt.KnownValue,
	}
	now := opt.Now
	if now.IsZero() {
		now = time.Now()
	}
	d.today = now.Year()*10000 + int(now.Month())*100 + now.Day()
	for _, n := range opt.PublicNumbers {
		c := canonicalNumber(n)
		if len(c) < 3 {
			return nil, fmt.Errorf("pii: public number %q has fewer than 3 digits", n)
		}
		d.publicNumbers[c] = true
	}
	domains := opt.PublicEmailDomains
	if domains == nil {
		domains = []string{"gov.cn"}
	}
	for _, dm := range domains {
		dm = strings.ToLower(strings.TrimSpace(normaliseString(dm)))
		if dm == "" {
			continue
		}
		if strings.Contains(dm, "@") {
			d.publicEmails[dm] = true
			continue
		}
		d.publicEmailDomains = append(d.publicEmailDomains, strings.TrimPrefix(dm, "@"))
	}
	for _, p := range opt.PublicPersons {
		p = strings.TrimSpace(normaliseString(p))
		if p != "" {
			d.publicPersons[p] = true
		}
	}
	for _, expr := range opt.TicketNumberRegex {
		re, err := regexp.Compile(expr)
		if err != nil {
			return nil, fmt.Errorf("pii: ticket_number_regex %q: %v", expr, err)
		}
		d.ticketRe = append(d.ticketRe, re)
	}
	d.compileAddress()
	d.pool.New = func() any { return new(scanner) }
	d.caches.New = func() any { return new(memoCache) }
	seed1, seed2 := maphash.MakeSeed(), maphash.MakeSeed()
	m := &memo{seed1: seed1, seed2: seed2}
	d.clean = &memoQuota{memo: m, max: memoMaxEntries}
	d.fields = &memoQuota{memo: m, max: fieldMemoMaxEntries}
	return d, nil
}

// canonicalNumber reduces a configured phone number to the canonical digits used by the
// digit-run engine: separators dropped and a +86/0086 country code removed.
func canonicalNumber(n string) string {
	n = normaliseString(n)
	var b strings.Builder
	for i := 0; i < len(n); i++ {
		if c := n[i]; c >= '0' && c <= '9' {
			b.WriteByte(c)
		}
	}
	c := b.String()
	switch {
	case strings.HasPrefix(c, "0086"):
		c = c[4:]
	case strings.HasPrefix(strings.TrimSpace(n), "+86"):
		c = c[2:]
	}
	if len(c) >= 9 && c[0] >= '2' && c[0] <= '9' && strings.HasPrefix(strings.TrimSpace(n), "+") {
		c = "0" + c // +86 25 … written without the trunk 0
	}
	return c
}

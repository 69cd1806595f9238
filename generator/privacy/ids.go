package privacy

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base32"
	"strconv"
	"strings"

	"gongshi/generator/pii"
)

// KeyEnv is the environment variable that holds the key of hashed case ids.
const KeyEnv = "GONGSHI_CASE_ID_KEY"

// IDs returns how ticket numbers are published: as they are ("export"), or as a keyed hash
// ("hashed": HMAC-SHA256 with key, 16 base32 characters, lower case) that stays the same from
// build to build with the same key but cannot be turned back into the ticket number, nor
// guessed by hashing every possible number, without the key.
//
// A hash is random text, and about one in a million looks like personal data to the output
// gate (a WeChat hotword and ID such as "wxidq3…" at the start of a URL path). Such a hash is
// never used: the ticket number is hashed again with a counter until the detector finds
// nothing in the id, alone or in the case page's path, so the published id is still a pure
// function of key and ticket number.
func IDs(mode string, key []byte) func(string) string {
	if mode == "export" {
		return func(id string) string { return id }
	}
	d, err := pii.New(pii.Options{})
	if err != nil {
		panic(err) // the default options always compile
	}
	return hashedIDs(key, func(h string) bool {
		return len(d.Scan("/cases/"+h+".html "+h+" ")) == 0
	})
}

// hashedIDs hashes ticket numbers with key, again with a counter while clean says no.
func hashedIDs(key []byte, clean func(string) bool) func(string) string {
	enc := base32.StdEncoding.WithPadding(base32.NoPadding)
	return func(id string) string {
		for n := 0; ; n++ {
			m := hmac.New(sha256.New, key)
			m.Write([]byte(id))
			if n > 0 {
				m.Write([]byte("\x00" + strconv.Itoa(n)))
			}
			h := strings.ToLower(enc.EncodeToString(m.Sum(nil))[:16])
			if clean(h) {
				return h
			}
		}
	}
}

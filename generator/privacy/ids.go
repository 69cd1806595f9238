package privacy

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base32"
	"strings"
)

// KeyEnv is the environment variable that holds the key of hashed case ids.
const KeyEnv = "GONGSHI_CASE_ID_KEY"

// IDs returns how ticket numbers are published: as they are ("export"), or as a keyed hash
// ("hashed": HMAC-SHA256 with key, 16 base32 characters, lower case) that stays the same from
// build to build with the same key but cannot be turned back into the ticket number, nor
// guessed by hashing every possible number, without the key.
func IDs(mode string, key []byte) func(string) string {
	if mode == "export" {
		return func(id string) string { return id }
	}
	enc := base32.StdEncoding.WithPadding(base32.NoPadding)
	return func(id string) string {
		m := hmac.New(sha256.New, key)
		m.Write([]byte(id))
		return strings.ToLower(enc.EncodeToString(m.Sum(nil))[:16])
	}
}

package privacy

import (
	"strings"
	"testing"
)

// TestHashedIDs checks that hashed case ids are stable for one key, differ between keys, and
// do not contain the ticket number.
func TestHashedIDs(t *testing.T) {
	a := IDs("hashed", []byte("key one"))
	b := IDs("hashed", []byte("key two"))
	id := "2022081700123"
	if a(id) != a(id) {
		t.Error("not stable")
	}
	if a(id) == b(id) {
		t.Error("the key does not matter")
	}
	if strings.Contains(a(id), "20220817") || len(a(id)) != 16 {
		t.Errorf("hashed id %q", a(id))
	}
	if a(id) == a("2022081700124") {
		t.Error("two tickets share a hashed id")
	}
	if IDs("export", nil)(id) != id {
		t.Error("export mode changes the id")
	}
}

package privacy

import (
	"gongshi/generator/pii"
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

// TestHashedIDsAvoidLookalikes checks that a hash the output gate would flag is replaced by
// another hash of the same ticket, the same in every build, and that the detector indeed flags
// the case that once failed a 1,000,000-case build: an id starting with "wxid".
func TestHashedIDsAvoidLookalikes(t *testing.T) {
	key := []byte("key one")
	first := hashedIDs(key, func(string) bool { return true })("2022081700123")
	var seen []string
	h := hashedIDs(key, func(s string) bool {
		seen = append(seen, s)
		return s != first
	})
	got := h("2022081700123")
	if got == first || len(got) != 16 || len(seen) != 2 || seen[1] != got {
		t.Fatalf("rejected hash %q replaced by %q after %q", first, got, seen)
	}
	if again := h("2022081700123"); again != got {
		t.Errorf("second call gives %q, first %q", again, got)
	}
	if IDs("hashed", key)("2022081700123") != first {
		t.Error("a clean hash was replaced")
	}
	d, err := pii.New(pii.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Scan("/cases/wxidq3mfa5zk7tbc.html")) == 0 {
		t.Fatal("the detector no longer flags wxid…; this test no longer covers the failure it was written for")
	}
}

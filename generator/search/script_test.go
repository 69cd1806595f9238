package search

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// scriptPath is the browser script that must tokenise, hash and rank as this package does.
const scriptPath = "../../themes/default/static/js/search.js"

// runScript runs the Node program prog with the script's exports as S and input as JSON on
// standard input, and decodes what it prints into out. It skips the test when node is missing.
func runScript(t *testing.T, prog string, input, out any) {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not on PATH: the Go and JavaScript implementations are not compared (apt-get install -y nodejs)")
	}
	abs, err := filepath.Abs(filepath.FromSlash(scriptPath))
	if err != nil {
		t.Fatal(err)
	}
	in, err := json.Marshal(input)
	if err != nil {
		t.Fatal(err)
	}
	src := "const S = require(" + jsString(abs) + ");\n" +
		"const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n" + prog
	file := filepath.Join(t.TempDir(), "run.js")
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, file)
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	data, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, stderr.Bytes())
	}
	if err := json.Unmarshal(data, out); err != nil {
		t.Fatalf("node printed %q: %v", data, err)
	}
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestTokensMatchScript runs the same strings through Tokens and the script's tokens, and the
// same tokens through KeyOf and the script's keyOf, and requires identical answers.
func TestTokensMatchScript(t *testing.T) {
	texts := append(tokenCases(), randomTexts(300)...)
	type keys struct {
		Name  string `json:"name"`
		Shard string `json:"shard"`
		Tail  string `json:"tail"`
	}
	var got struct {
		Index, Query [][]string
		Keys         [][]keys
	}
	bits := []int{1, 4, 8, 10, 13, 16}
	prog := `
const out = {Index: [], Query: [], Keys: []};
for (const s of input.texts) {
  out.Index.push(S.tokens(s, true));
  out.Query.push(S.tokens(s, false));
  out.Keys.push(S.tokens(s, true).flatMap(t => input.bits.map(b => S.keyOf(t, b))));
}
process.stdout.write(JSON.stringify(out));
`
	runScript(t, prog, map[string]any{"texts": texts, "bits": bits}, &got)
	if len(got.Index) != len(texts) {
		t.Fatalf("the script answered for %d of %d texts", len(got.Index), len(texts))
	}
	for i, s := range texts {
		if want := Tokens(s, Index); !equalTokens(want, got.Index[i]) {
			t.Errorf("Index tokens of %q:\n Go %q\n JS %q", s, want, got.Index[i])
		}
		if want := Tokens(s, Query); !equalTokens(want, got.Query[i]) {
			t.Errorf("Query tokens of %q:\n Go %q\n JS %q", s, want, got.Query[i])
		}
		var want []keys
		for _, tok := range Tokens(s, Index) {
			for _, b := range bits {
				k := KeyOf(tok, b)
				h1, h2 := Hash(tok)
				want = append(want, keys{k.Name, ShardName(k.Shard, b), TailName(h1, h2)})
			}
		}
		if len(want) != len(got.Keys[i]) {
			t.Errorf("keys of %q: Go %d, JS %d", s, len(want), len(got.Keys[i]))
			continue
		}
		for j := range want {
			if want[j] != got.Keys[i][j] {
				t.Errorf("key of a token of %q: Go %+v, JS %+v", s, want[j], got.Keys[i][j])
				break
			}
		}
	}
}

func equalTokens(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

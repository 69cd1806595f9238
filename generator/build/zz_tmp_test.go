package build

import (
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"gongshi/generator/meetings"
)

func TestZZStats(t *testing.T) {
	root := "../.."
	m := fstest.MapFS{}
	for _, r := range Roots {
		fs.WalkDir(os.DirFS(root), r, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, _ := fs.ReadFile(os.DirFS(root), p)
			m[p] = &fstest.MapFile{Data: data, Mode: 0o644}
			return nil
		})
	}
	var files []string
	for p := range m {
		if strings.HasPrefix(p, meetings.MeetingsDir+"/") && strings.HasSuffix(p, ".md") {
			files = append(files, p)
		}
	}
	sort.Strings(files)
	name := files[len(files)/2]
	orig := string(m[name].Data)
	inc := NewIncremental(IncrementalOptions{Site: m, CaseIDKey: func() ([]byte, error) { return []byte("bench"), nil }})
	out, err := inc.Build(nil)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println("pages", out.Summary.Pages, "files", len(out.Files), "other", len(inc.pages.other))
	for i := 1; i < 3; i++ {
		m[name] = &fstest.MapFile{Data: []byte(strings.Replace(orig, "title", fmt.Sprintf("title = \"改 %d\"\n# was", i), 1)), Mode: 0o644}
		start := time.Now()
		out, err = inc.Build([]string{name})
		if err != nil {
			t.Fatal(err)
		}
		fmt.Println(time.Since(start), "fingerprinted", out.Fingerprinted, "rendered", out.Rendered, "changed", len(out.Changed))
		fmt.Println(out.RenderedPages)
		var ch []string
		for _, p := range out.Changed {
			if !strings.HasSuffix(p, ".html") {
				ch = append(ch, p)
			}
		}
		fmt.Println(ch)
		for _, st := range out.Summary.Steps {
			fmt.Printf("%s %v; ", st.Name, st.Took)
		}
		fmt.Println()
	}
	tmpl := map[string]int{}
	for _, j := range inc.pages.paths {
		tmpl[strings.SplitN(j, "/", 3)[0]]++
	}
	fmt.Println(tmpl)
}

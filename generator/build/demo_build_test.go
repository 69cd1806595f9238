package build

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// demoOnce is one build of the committed demo, shared by the tests that only read its output
// (TestRecomputeFigures, TestDataValidatesAgainstPackage).
var demoOnce struct {
	sync.Once
	dir string // holds public/ and the reports beside it
	sum *Summary
	err error
}

// builtDemo builds the committed demo (site.toml, content/ and themes/ at the repository root)
// once for the package's tests and returns the output directory and the build report's path.
func builtDemo(t *testing.T) (out, report string) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the demo")
	}
	demoOnce.Do(func() {
		demoOnce.dir, demoOnce.err = os.MkdirTemp("", "gongshi-demo-")
		if demoOnce.err != nil {
			return
		}
		demoOnce.sum, demoOnce.err = Run(Options{Site: os.DirFS(filepath.Join("..", "..")),
			Out: filepath.Join(demoOnce.dir, "public"), Today: time.Now()})
	})
	if demoOnce.err != nil {
		t.Fatal(demoOnce.err)
	}
	return filepath.Join(demoOnce.dir, "public"), demoOnce.sum.Report
}

func TestMain(m *testing.M) {
	code := m.Run()
	if demoOnce.dir != "" {
		os.RemoveAll(demoOnce.dir)
	}
	os.Exit(code)
}

package build

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"gongshi/generator/config"
	"gongshi/generator/sdc"
	"gongshi/generator/source"
)

// readLedger returns the site's published-values ledger ([privacy] ledger): nil when the site
// keeps none, an empty one when the file does not exist yet (the first build records it).
func readLedger(site fs.FS, cfg *config.Config) (*sdc.Ledger, error) {
	name := cfg.Privacy.Ledger
	if name == "" {
		return nil, nil
	}
	f, err := site.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return sdc.NewLedger(), nil
	}
	if err != nil {
		return nil, &ContentError{source.List{{Pos: source.Pos{File: name}, Msg: err.Error()}}}
	}
	defer f.Close()
	l, err := sdc.ReadLedger(f)
	if err != nil {
		return nil, &ContentError{source.List{{Pos: source.Pos{File: name},
			Msg: err.Error() + ": restore the file from version control; it is written by the build and must not be edited"}}}
	}
	return l, nil
}

// writeLedger writes l to dir/name when its bytes differ from the file's, through a temporary
// file renamed over it, and returns the path written ("" when unchanged).
func writeLedger(dir, name string, l *sdc.Ledger) (string, error) {
	var b bytes.Buffer
	if _, err := l.WriteTo(&b); err != nil {
		return "", err
	}
	p := filepath.Join(dir, filepath.FromSlash(name))
	if old, err := os.ReadFile(p); err == nil && bytes.Equal(old, b.Bytes()) {
		return "", nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".ledger-*.json")
	if err != nil {
		return "", err
	}
	if _, err := tmp.Write(b.Bytes()); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return "", err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return "", err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		os.Remove(tmp.Name())
		return "", err
	}
	if err := os.Rename(tmp.Name(), p); err != nil {
		os.Remove(tmp.Name())
		return "", err
	}
	return p, nil
}

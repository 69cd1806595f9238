package build

import (
	"bytes"
	"errors"
	"hash/maphash"
	"io"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"gongshi/generator/config"
	"gongshi/generator/theme"
)

// Roots are what a site is made of: the files and folders an incremental build reads and a
// watcher watches.
var Roots = []string{config.File, "content", theme.Dir}

// Ignored reports whether a file name is an editor's temporary, backup or lock file (vim's
// file~, .file.swp and 4913, emacs's .#file and #file#, JetBrains' file___jb_tmp___, gedit's
// .goutputstream-*, LibreOffice's .~lock.file#). Incremental builds read the site as if these
// files were not there, and a watcher does not rebuild for them.
func Ignored(name string) bool {
	base := path.Base(name)
	switch {
	case strings.HasSuffix(base, "~"), strings.HasPrefix(base, ".#"), strings.HasPrefix(base, ".~lock."),
		strings.HasPrefix(base, "#") && strings.HasSuffix(base, "#"),
		strings.HasSuffix(base, "___jb_tmp___"), strings.HasSuffix(base, "___jb_old___"),
		strings.HasPrefix(base, ".goutputstream-"), base == ".DS_Store":
		return true
	}
	switch path.Ext(base) {
	case ".swp", ".swo", ".swx", ".swpx":
		return true
	}
	// vim's test of whether it may write in the folder: 4913, then 5036, 5159, ... if taken.
	n, err := strconv.Atoi(base)
	return err == nil && base[0] != '0' && n >= 4913 && (n-4913)%123 == 0
}

// input is one file of the site as read.
type input struct {
	data []byte
	sum  uint64
	size int64
	mod  time.Time
}

// snapshot is the site's files at one moment: a read-only fs.FS that loaders read instead of
// the disk, so that what was hashed is what was built.
type snapshot struct {
	files map[string]*input
	dirs  map[string][]string // folder → sorted names of its files and folders
}

// readInputs reads the site from fsys, reusing prev's bytes for files whose size and time have
// not changed and that hints does not name. It returns the paths added, changed or removed.
func readInputs(fsys fs.FS, prev *snapshot, hints map[string]bool, seed maphash.Seed) (*snapshot, []string, error) {
	s := &snapshot{files: map[string]*input{}, dirs: map[string][]string{}}
	var changed []string
	for _, root := range Roots {
		err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if p == root && errors.Is(err, fs.ErrNotExist) {
					return nil
				}
				return err
			}
			if p != root && Ignored(p) {
				return nil
			}
			s.add(p, d.IsDir())
			if d.IsDir() {
				return nil
			}
			info, err := d.Info()
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					return nil // removed while we read
				}
				return err
			}
			if old := prevFile(prev, p); old != nil && !hints[p] && old.size == info.Size() && old.mod.Equal(info.ModTime()) {
				s.files[p] = old
				return nil
			}
			data, err := fs.ReadFile(fsys, p)
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					return nil
				}
				return err
			}
			in := &input{data: data, sum: maphash.Bytes(seed, data), size: info.Size(), mod: info.ModTime()}
			if old := prevFile(prev, p); old == nil || old.sum != in.sum || !bytes.Equal(old.data, data) {
				changed = append(changed, p)
			} else {
				in.data = old.data
			}
			s.files[p] = in
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
	}
	if prev != nil {
		for p := range prev.files {
			if s.files[p] == nil {
				changed = append(changed, p)
			}
		}
	}
	for d, names := range s.dirs {
		sort.Strings(names)
		s.dirs[d] = names
	}
	sort.Strings(changed)
	return s, changed, nil
}

func prevFile(prev *snapshot, p string) *input {
	if prev == nil {
		return nil
	}
	return prev.files[p]
}

// add records p in its folder, and its folders up to the root.
func (s *snapshot) add(p string, dir bool) {
	if dir {
		if _, ok := s.dirs[p]; ok {
			return
		}
		s.dirs[p] = nil
	}
	if p == "." {
		return
	}
	parent := path.Dir(p)
	s.add(parent, true)
	s.dirs[parent] = append(s.dirs[parent], path.Base(p))
}

// sum hashes the files under the prefixes (a file's own path as a prefix names that file).
func (s *snapshot) sum(seed maphash.Seed, keep func(p string) bool) uint64 {
	names := make([]string, 0, len(s.files))
	for p := range s.files {
		if keep(p) {
			names = append(names, p)
		}
	}
	sort.Strings(names)
	var h maphash.Hash
	h.SetSeed(seed)
	for _, p := range names {
		h.WriteString(p)
		h.WriteByte(0)
		var b [8]byte
		for i, x := 0, s.files[p].sum; i < 8; i, x = i+1, x>>8 {
			b[i] = byte(x)
		}
		h.Write(b[:])
	}
	return h.Sum64()
}

// Open implements fs.FS.
func (s *snapshot) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if f, ok := s.files[name]; ok {
		return &memFile{Reader: bytes.NewReader(f.data), info: memInfo{name: path.Base(name), in: f}}, nil
	}
	if names, ok := s.dirs[name]; ok {
		return &memDir{s: s, path: name, names: names}, nil
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

// ReadFile implements fs.ReadFileFS: the bytes are shared, and must not be changed.
func (s *snapshot) ReadFile(name string) ([]byte, error) {
	if f, ok := s.files[name]; ok && fs.ValidPath(name) {
		return f.data, nil
	}
	return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrNotExist}
}

type memInfo struct {
	name string
	in   *input // nil for a folder
}

func (i memInfo) Name() string { return i.name }
func (i memInfo) Size() int64 {
	if i.in == nil {
		return 0
	}
	return int64(len(i.in.data))
}
func (i memInfo) Mode() fs.FileMode {
	if i.in == nil {
		return fs.ModeDir | 0o755
	}
	return 0o644
}
func (i memInfo) ModTime() time.Time {
	if i.in == nil {
		return time.Time{}
	}
	return i.in.mod
}
func (i memInfo) IsDir() bool                { return i.in == nil }
func (i memInfo) Sys() any                   { return nil }
func (i memInfo) Type() fs.FileMode          { return i.Mode().Type() }
func (i memInfo) Info() (fs.FileInfo, error) { return i, nil }

type memFile struct {
	*bytes.Reader
	info memInfo
}

func (f *memFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *memFile) Close() error               { return nil }

type memDir struct {
	s     *snapshot
	path  string
	names []string
	off   int
}

func (d *memDir) Stat() (fs.FileInfo, error) { return memInfo{name: path.Base(d.path)}, nil }
func (d *memDir) Close() error               { return nil }
func (d *memDir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.path, Err: errors.New("is a directory")}
}

// ReadDir implements fs.ReadDirFile.
func (d *memDir) ReadDir(n int) ([]fs.DirEntry, error) {
	rest := d.names[d.off:]
	if n > 0 && len(rest) == 0 {
		return nil, io.EOF
	}
	if n > 0 && n < len(rest) {
		rest = rest[:n]
	}
	out := make([]fs.DirEntry, len(rest))
	for i, name := range rest {
		p := path.Join(d.path, name)
		out[i] = memInfo{name: name, in: d.s.files[p]}
	}
	d.off += len(rest)
	return out, nil
}

package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"gongshi/generator/build"
)

// A source reports the paths (slash-separated, relative to the site root) that changed under
// the site's roots (build.Roots), editors' temporary files left out, until ctx is done.
type source interface {
	run(ctx context.Context, out chan<- string)
	close() error
}

// notify watches with fsnotify. fsnotify watches one folder, not its subfolders, so every folder
// under content/ and themes/ is added, and every new one as it appears; the site root itself is
// watched for site.toml, and for content/ or themes/ appearing. Nothing else is watched: not the
// output, which serve keeps in memory, nor the user's public/.
type notify struct {
	root string
	w    *fsnotify.Watcher
	log  io.Writer
	dirs int
}

func newNotify(root string, log io.Writer) (*notify, error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	n := &notify{root: root, w: w, log: log}
	if err := w.Add(root); err != nil {
		w.Close()
		return nil, err
	}
	for _, r := range build.Roots {
		if r == "site.toml" {
			continue
		}
		if err := n.addTree(filepath.Join(root, r)); err != nil {
			w.Close()
			return nil, err
		}
	}
	return n, nil
}

// addTree watches dir and every folder under it.
func (n *notify) addTree(dir string) error {
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil // gone already, or an optional root
			}
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if p != dir && build.Ignored(d.Name()) {
			return filepath.SkipDir
		}
		if err := n.w.Add(p); err != nil {
			return fmt.Errorf("watch %s: %w", p, err)
		}
		n.dirs++
		return nil
	})
	return err
}

func (n *notify) close() error { return n.w.Close() }

func (n *notify) run(ctx context.Context, out chan<- string) {
	for {
		select {
		case <-ctx.Done():
			return
		case err, ok := <-n.w.Errors:
			if !ok {
				return
			}
			fmt.Fprintf(n.log, "watch: %v\n", err)
		case ev, ok := <-n.w.Events:
			if !ok {
				return
			}
			rel, keep := n.event(ev)
			if !keep {
				continue
			}
			select {
			case out <- rel:
			case <-ctx.Done():
				return
			}
		}
	}
}

// event handles one event: it watches new folders and reports whether the event matters.
func (n *notify) event(ev fsnotify.Event) (string, bool) {
	if ev.Op == fsnotify.Chmod {
		return "", false // touch, chmod: the bytes are the same
	}
	rel, err := filepath.Rel(n.root, ev.Name)
	if err != nil || strings.HasPrefix(rel, "..") {
		return "", false
	}
	rel = filepath.ToSlash(rel)
	if !underRoots(rel) || build.Ignored(rel) {
		return "", false
	}
	if ev.Has(fsnotify.Create) {
		if info, err := os.Lstat(ev.Name); err == nil && info.IsDir() {
			if err := n.addTree(ev.Name); err != nil {
				fmt.Fprintf(n.log, "watch: %v\n", err)
			}
		}
	}
	if ev.Has(fsnotify.Rename) || ev.Has(fsnotify.Remove) {
		_ = n.w.Remove(ev.Name) // a folder moved away is no longer ours; an error means it was a file
	}
	return rel, true
}

// underRoots reports whether rel is a root or under one.
func underRoots(rel string) bool {
	top, _, _ := strings.Cut(rel, "/")
	for _, r := range build.Roots {
		if top == r {
			return true
		}
	}
	return false
}

// poll finds changes by walking the roots every interval and comparing sizes, times and modes:
// for file systems that send no events (network mounts, some container mounts).
type poll struct {
	root  string
	every time.Duration
	seen  map[string]stamp
}

type stamp struct {
	size int64
	mod  time.Time
	mode fs.FileMode
}

func newPoll(root string, every time.Duration) *poll {
	p := &poll{root: root, every: every}
	p.seen = p.scan()
	return p
}

func (p *poll) close() error { return nil }

func (p *poll) scan() map[string]stamp {
	out := map[string]stamp{}
	fsys := os.DirFS(p.root)
	for _, r := range build.Roots {
		_ = fs.WalkDir(fsys, r, func(q string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if q != r && build.Ignored(path.Base(q)) {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if info, err := d.Info(); err == nil {
				out[q] = stamp{info.Size(), info.ModTime(), info.Mode()}
			}
			return nil
		})
	}
	return out
}

func (p *poll) run(ctx context.Context, out chan<- string) {
	t := time.NewTicker(p.every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		now := p.scan()
		var changed []string
		for q, s := range now {
			if old, ok := p.seen[q]; !ok || old.size != s.size || !old.mod.Equal(s.mod) || old.mode.Type() != s.mode.Type() {
				changed = append(changed, q)
			}
		}
		for q := range p.seen {
			if _, ok := now[q]; !ok {
				changed = append(changed, q)
			}
		}
		p.seen = now
		for _, q := range changed {
			select {
			case out <- q:
			case <-ctx.Done():
				return
			}
		}
	}
}

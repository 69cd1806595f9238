package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"gongshi/generator/config"
	"gongshi/generator/meetings"
)

// runNew writes a new content file: for now a meeting notice.
func runNew(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "notice" {
		fmt.Fprintln(stderr, "usage: go run ./generator new notice --hall SLUG --date 2006-01-02 --time 15:04 --kind KIND")
		return exitUsage
	}
	fl := flag.NewFlagSet("new notice", flag.ContinueOnError)
	fl.SetOutput(stderr)
	siteDir := fl.String("site", ".", "the site root holding site.toml and content/")
	hall := fl.String("hall", "", "the hall's slug (a file in content/halls)")
	date := fl.String("date", "", "the meeting's date, 2006-01-02")
	clock := fl.String("time", "", "the meeting's start, 15:04")
	kind := fl.String("kind", "", "the kind of meeting: "+kindList())
	title := fl.String("title", "", "the notice's title (default: the kind's name and the date)")
	fl.Usage = func() {
		fmt.Fprintln(fl.Output(), "Usage: go run ./generator new notice --hall SLUG --date 2006-01-02 --time 15:04 --kind KIND\n\n"+
			"Writes content/meetings/YYYY/ID.md, a valid meeting notice to complete, and prints its path.\n\nFlags:")
		fl.PrintDefaults()
	}
	if code, ok := parse(fl, args[1:]); !ok {
		return code
	}
	start, err := time.ParseInLocation("2006-01-02 15:04", *date+" "+*clock, config.Location())
	if err != nil {
		fmt.Fprintf(stderr, "--date %q --time %q: write them as 2022-08-18 and 14:30\n", *date, *clock)
		return exitUsage
	}
	if !validKind(*kind) {
		fmt.Fprintf(stderr, "--kind %q: use one of %s\n", *kind, kindList())
		return exitUsage
	}
	fsys := os.DirFS(*siteDir)
	cfg, err := config.Load(fsys)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitContent
	}
	set, errs := meetings.Load(fsys, cfg)
	h := set.Hall(*hall)
	if h == nil {
		var slugs []string
		for _, x := range set.Halls {
			slugs = append(slugs, x.Slug)
		}
		sort.Strings(slugs)
		fmt.Fprintf(stderr, "--hall %q: unknown hall; use one of %s\n", *hall, strings.Join(slugs, ", "))
		if len(errs) > 0 {
			fmt.Fprintln(stderr, errs)
		}
		return exitUsage
	}
	ids := map[string]bool{}
	for _, m := range set.Meetings {
		ids[m.ID] = true
	}
	n := meetings.Notice{Hall: h, Kind: meetings.Kind(*kind), Start: start}
	id := meetings.NoticeID(n, func(id string) bool { return ids[id] })
	if *title == "" {
		*title = fmt.Sprintf("%d月%d日%s", start.Month(), start.Day(), kindNames[meetings.Kind(*kind)])
	}
	rel := meetings.NoticePath(id, start)
	p := filepath.Join(*siteDir, filepath.FromSlash(rel))
	if _, err := os.Stat(p); err == nil {
		fmt.Fprintf(stderr, "%s exists already\n", rel)
		return exitUsage
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		fmt.Fprintln(stderr, err)
		return exitContent
	}
	if err := os.WriteFile(p, []byte(meetings.NoticeFile(id, n, *title)), 0o644); err != nil {
		fmt.Fprintln(stderr, err)
		return exitContent
	}
	fmt.Fprintln(stdout, rel)
	return exitOK
}

// kindNames are the kinds' names for a notice's default title.
var kindNames = map[meetings.Kind]string{
	meetings.BuildingMeeting: "楼栋议事", meetings.GridMeeting: "网格议事", meetings.JointMeeting: "联席会办",
	meetings.OnsiteMeeting: "现场会办", meetings.PartiesMeeting: "有请当事人会办", meetings.CloudMeeting: "云上会办",
}

func validKind(k string) bool {
	for _, x := range meetings.Kinds {
		if string(x) == k {
			return true
		}
	}
	return false
}

func kindList() string {
	var s []string
	for _, k := range meetings.Kinds {
		s = append(s, string(k))
	}
	return strings.Join(s, ", ")
}

package config

import (
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// TestErrors parses each testdata/*.txtar site.toml and compares the errors with its want file.
func TestErrors(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.txtar")
	if len(files) == 0 {
		t.Fatal("no testdata")
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			a, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var text, want string
			for _, f := range a.Files {
				switch f.Name {
				case "site.toml":
					text = string(f.Data)
				case "want":
					want = strings.TrimSpace(string(f.Data))
				}
			}
			_, err = Parse("site.toml", text)
			if err == nil {
				t.Fatalf("no error, want:\n%s", want)
			}
			if got := strings.TrimSpace(err.Error()); got != want {
				t.Errorf("got:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

func TestParseValid(t *testing.T) {
	c, err := Parse("site.toml", `
title = "测试"
[build]
date = 2022-08-17
[district]
name = "江北新区"
slug = "jiangbei"
[[district.streets]]
name = "沿江街道"
slug = "yanjiang"
  [[district.streets.communities]]
  name = "水城社区"
  slug = "shuicheng"
  grids = ["水城第一网格"]
[[categories]]
name = "噪音扰民"
slug = "noise"
subcategories = ["夜间施工"]
`)
	if err != nil {
		t.Fatal(err)
	}
	if c.Language != "zh-CN" || c.Privacy.K != 10 || c.Stats.BasicallySatisfiedWeight != 0.9 {
		t.Errorf("defaults not applied: %q %d %g", c.Language, c.Privacy.K, c.Stats.BasicallySatisfiedWeight)
	}
	if got := c.Build.Date.Format("2006-01-02"); got != "2022-08-17" {
		t.Errorf("build date %s", got)
	}
	cm, ok := c.Community("shuicheng")
	if !ok || cm.Name != "水城社区" || cm.Street.Name != "沿江街道" || !cm.HasGrid("水城第一网格") {
		t.Errorf("community lookup by slug: %+v %v", cm, ok)
	}
	if _, ok := c.Community("水城社区"); !ok {
		t.Error("community lookup by name failed")
	}
	if cat, ok := c.Category("噪音扰民"); !ok || !cat.HasSub("夜间施工") {
		t.Error("category lookup failed")
	}
}

package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"gongshi/generator/serve"
)

// runServe is `go run ./generator serve`: build the site into memory, serve it, rebuild on
// every change, and reload the browser (see package serve).
func runServe(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("serve", flag.ContinueOnError)
	fl.SetOutput(stderr)
	siteDir := fl.String("site", ".", "the site root holding site.toml, content/ and themes/")
	addr := fl.String("addr", serve.DefaultAddr, "address to listen on: loopback by default; 0.0.0.0:1313 shares the site on the network")
	poll := fl.Bool("poll", false, "find changes by polling the files (for network and container mounts that send no events)")
	open := fl.Bool("open", false, "open the site in the browser once it is built")
	nowFlag := fl.String("now", "", "today's date as 2006-01-02 (default: [build] date in site.toml, else today)")
	fl.Usage = func() {
		fmt.Fprintln(fl.Output(), "Usage: go run ./generator serve [flags]\n\n"+
			"Builds the site into memory and serves it, rebuilding on every change to site.toml, content/\n"+
			"and themes/; pages reload by themselves, and a failed rebuild shows its errors over the last\n"+
			"good page. Nothing is written to disk: public/ is not touched. Ctrl+C stops it.\n\nFlags:")
		fl.PrintDefaults()
	}
	if code, ok := parse(fl, args); !ok {
		return code
	}
	now, ok := parseNow(*nowFlag, stderr)
	if !ok {
		return exitUsage
	}
	if info, err := os.Stat(*siteDir); err != nil || !info.IsDir() {
		fmt.Fprintf(stderr, "--site %s: not a folder\n", *siteDir)
		return exitUsage
	}
	cfg := serve.Config{Site: *siteDir, Addr: *addr, Now: now, Open: *open, Log: stderr,
		CaseIDKey: func() ([]byte, error) { return caseIDKey(*siteDir) }}
	if *poll {
		cfg.Poll = serve.DefaultPoll
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	start := time.Now()
	if err := serve.Run(ctx, cfg); err != nil {
		fmt.Fprintln(stderr, err)
		return exitContent
	}
	fmt.Fprintf(stdout, "served for %s\n", time.Since(start).Round(time.Second))
	return exitOK
}

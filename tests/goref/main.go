// Command goref is an independent reference implementation of winparity's
// docs/RULES.md, written with the Go standard library only (go/build for file
// selection, go/parser + go/ast for everything else). It prints one JSON
// object; see README.md.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
)

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	fs := flag.NewFlagSet("goref", flag.ContinueOnError)
	platformsFlag := fs.String("platforms", "linux,windows", "comma-separated GOOS or GOOS/GOARCH (bare GOOS = amd64)")
	targetFlag := fs.String("target", "windows", "target platform (a name given in -platforms)")
	referenceFlag := fs.String("reference", "linux", "reference platform (a name given in -platforms)")
	tagsFlag := fs.String("tags", "", "comma-separated build tags")
	goFlag := fs.String("go", "26", "release tags go1.1..go1.N (N or 1.N)")
	vendorFlag := fs.Bool("vendor", false, "include vendor/ directories")
	noPackFlag := fs.Bool("no-auto-pack", false, "do not apply the docker pack to moby's module")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: goref [flags] ROOT")
		return 2
	}
	cfg, err := newConfig(*platformsFlag, *targetFlag, *referenceFlag, *tagsFlag, *goFlag, *vendorFlag)
	if err != nil {
		fmt.Fprintln(os.Stderr, "goref:", err)
		return 2
	}
	cfg.autoPack = !*noPackFlag
	rep, err := analyze(cfg, fs.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, "goref:", err)
		return 2
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(rep); err != nil { // Encode appends the trailing newline
		fmt.Fprintln(os.Stderr, "goref:", err)
		return 2
	}
	os.Stdout.Write(buf.Bytes())
	return 0
}

// splitList splits a comma-separated flag value, dropping empty items.
func splitList(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ",") {
		x = strings.TrimSpace(x)
		if x != "" {
			out = append(out, x)
		}
	}
	return out
}

// Command refusals counts, in a Go tree, the explicit refusal sites of the code built on a
// target platform (default windows/amd64) — string literals with the wording of a refusal
// ("not supported", "unsupported", "does not support", "not implemented", "not available",
// "only supported on") that also name the platform or "this platform", passed to a call that
// builds an error (not a logger) — and, given winparity's JSON report of the same tree, how
// many of them reach the report (as an API's message or a guard's message). It is the
// measuring stick of the catalogue (issue 12), written apart from winparity: go/build decides
// which files count, go/ast finds the literals.
//
//	go run . -report REPORT.json TREE
//
// Prints one line per site not in the report, then `TREE: N sites, M in the report (P%)`.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

var (
	wording  = regexp.MustCompile(`(?i)(not (yet |currently )?supported|unsupported|does not support|doesn't support|not implemented|not available|only supported on|is only (available|supported))`)
	platform = regexp.MustCompile(`(?i)(windows|this platform|this os|current platform|this operating system)`)
	logger   = regexp.MustCompile(`^(Print|Printf|Println|Debug|Debugf|Info|Infof|Warn|Warnf|Warning|Warningf|Trace|Tracef|Log|Logf|Skip|Skipf|Fatal|Fatalf)$`)
)

type site struct {
	file    string
	line    int
	message string
}

func main() {
	report := flag.String("report", "", "winparity's JSON report of the tree (scan --format json)")
	goos := flag.String("goos", "windows", "target GOOS")
	goarch := flag.String("goarch", "amd64", "target GOARCH")
	vendor := flag.Bool("vendor", false, "also count vendor/")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: refusals [-report REPORT.json] [-goos windows] TREE")
		os.Exit(2)
	}
	root := flag.Arg(0)
	ctx := build.Default
	ctx.GOOS, ctx.GOARCH, ctx.CgoEnabled = *goos, *goarch, true
	var sites []site
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || (name == "vendor" && !*vendor)) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		if ok, err := ctx.MatchFile(filepath.Dir(path), name); err != nil || !ok {
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		sites = append(sites, inFile(path, filepath.ToSlash(rel))...)
		return nil
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	sort.Slice(sites, func(i, j int) bool {
		if sites[i].file != sites[j].file {
			return sites[i].file < sites[j].file
		}
		return sites[i].line < sites[j].line
	})
	found := map[string]bool{}
	if *report != "" {
		found = messagesOf(*report)
	}
	in := 0
	for _, s := range sites {
		if found[s.message] {
			in++
			continue
		}
		if *report != "" {
			fmt.Printf("not in the report: %s:%d %q\n", s.file, s.line, s.message)
		}
	}
	pct := 0.0
	if len(sites) > 0 {
		pct = 100 * float64(in) / float64(len(sites))
	}
	fmt.Printf("%s: %d sites, %d in the report (%.1f%%)\n", root, len(sites), in, pct)
}

// inFile lists the refusal sites of one file: literals with both wordings among the
// arguments of a call that is not a logger's, inside a function.
func inFile(path, rel string) []site {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
	if err != nil {
		return nil
	}
	var out []site
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		if logger.MatchString(callee(call.Fun)) {
			return false
		}
		for _, a := range call.Args {
			lit, ok := a.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				continue
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil || !wording.MatchString(s) || !platform.MatchString(s) {
				continue
			}
			out = append(out, site{rel, fset.Position(lit.Pos()).Line, s})
		}
		return true
	})
	return out
}

func callee(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.SelectorExpr:
		return x.Sel.Name
	case *ast.IndexExpr:
		return callee(x.X)
	}
	return ""
}

// messagesOf returns every message of a winparity report: its APIs' and its guards'.
func messagesOf(path string) map[string]bool {
	data, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var r struct {
		APIs []struct {
			Messages []string `json:"messages"`
		} `json:"apis"`
		Guards []struct {
			Message *string `json:"message"`
		} `json:"guards"`
		Refusals []struct {
			Message string `json:"message"`
		} `json:"refusals"`
	}
	if err := json.Unmarshal(data, &r); err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", path, err)
		os.Exit(2)
	}
	out := map[string]bool{}
	for _, a := range r.APIs {
		for _, m := range a.Messages {
			out[m] = true
		}
	}
	for _, g := range r.Guards {
		if g.Message != nil {
			out[*g.Message] = true
		}
	}
	for _, x := range r.Refusals {
		out[x.Message] = true
	}
	return out
}

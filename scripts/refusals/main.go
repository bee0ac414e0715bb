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
	// shared: the file is built on the reference platform too and no enclosing condition
	// names the target (a GOOS test or a comparison with the target's name), so the site
	// refuses alike on both: no gap of the target's.
	shared bool
}

func main() {
	report := flag.String("report", "", "winparity's JSON report of the tree (scan --format json)")
	goos := flag.String("goos", "windows", "target GOOS")
	goarch := flag.String("goarch", "amd64", "target GOARCH")
	vendor := flag.Bool("vendor", false, "also count vendor/")
	refOS := flag.String("reference", "linux", "reference GOOS (a site of a file it builds too is shared unless a condition names the target)")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: refusals [-report REPORT.json] [-goos windows] TREE")
		os.Exit(2)
	}
	root := flag.Arg(0)
	ctx := build.Default
	ctx.GOOS, ctx.GOARCH, ctx.CgoEnabled = *goos, *goarch, true
	ref := build.Default
	ref.GOOS, ref.GOARCH, ref.CgoEnabled = *refOS, "amd64", true
	var sites []site
	// First the platform constants: names a file built on only one of the two platforms
	// declares at top level with a boolean literal (isWindows = true), by directory.
	flags := map[string]map[string]bool{}
	// Every non-test .go file built on the target or the reference, once per pass: onTarget,
	// and both (built on the reference too).
	walk := func(visit func(path string, onTarget, both bool)) error {
		return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
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
			onTarget, err1 := ctx.MatchFile(filepath.Dir(path), name)
			onRef, err2 := ref.MatchFile(filepath.Dir(path), name)
			onTarget, onRef = onTarget && err1 == nil, onRef && err2 == nil
			if onTarget || onRef {
				visit(path, onTarget, onTarget && onRef)
			}
			return nil
		})
	}
	walk(func(path string, onTarget, both bool) {
		if both {
			return
		}
		dir := filepath.Dir(path)
		for _, n := range boolConsts(path) {
			if flags[dir] == nil {
				flags[dir] = map[string]bool{}
			}
			flags[dir][n] = true
		}
	})
	err := walk(func(path string, onTarget, both bool) {
		if !onTarget {
			return
		}
		rel, _ := filepath.Rel(root, path)
		sites = append(sites, inFile(path, filepath.ToSlash(rel), *goos, both, flags[filepath.Dir(path)])...)
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
	in, shared := 0, 0
	counted := sites[:0]
	for _, s := range sites {
		if s.shared {
			shared++
			fmt.Printf("shared by both platforms: %s:%d %q\n", s.file, s.line, s.message)
			continue
		}
		counted = append(counted, s)
	}
	sites = counted
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
	fmt.Printf("%s: %d sites, %d in the report (%.1f%%); %d shared by both platforms, apart\n", root, len(sites), in, pct, shared)
}

// inFile lists the refusal sites of one file: literals with both wordings among the
// arguments of a call that is not a logger's, inside a function. onBoth: the reference
// builds the file too; a site is then shared unless an enclosing if names the target.
func inFile(path, rel, goos string, onBoth bool, flags map[string]bool) []site {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
	if err != nil {
		return nil
	}
	var out []site
	// The enclosing statements, to read the conditions of the ifs around a site.
	var stack []ast.Node
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		if isLogCall(call.Fun) {
			stack = stack[:len(stack)-1]
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
			shared := onBoth && !conditionsNameTarget(stack, goos, flags)
			out = append(out, site{rel, fset.Position(lit.Pos()).Line, s, shared})
		}
		return true
	})
	return out
}

// isLogCall: a logger's method (Infof, Warn, …), or Error/Errorf called on a logger
// (log.G(ctx).Error, logrus.WithField(…).Errorf, logger.Error).
func isLogCall(fun ast.Expr) bool {
	name := callee(fun)
	if logger.MatchString(name) {
		return true
	}
	sel, ok := fun.(*ast.SelectorExpr)
	if !ok || (name != "Error" && name != "Errorf") {
		return false
	}
	found := false
	ast.Inspect(sel.X, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.Ident:
			switch x.Name {
			case "log", "logrus", "logger", "klog", "glog", "slog", "WithField", "WithFields", "WithError":
				found = true
			}
		}
		return !found
	})
	return found
}

// conditionsNameTarget: some if around the site tests GOOS, a platform constant, or
// compares a value with the target's name ("windows").
func conditionsNameTarget(stack []ast.Node, goos string, flags map[string]bool) bool {
	for _, n := range stack {
		ifs, ok := n.(*ast.IfStmt)
		if !ok {
			continue
		}
		named := false
		ast.Inspect(ifs.Cond, func(m ast.Node) bool {
			switch x := m.(type) {
			case *ast.Ident:
				named = named || x.Name == "GOOS" || flags[x.Name]
			case *ast.BasicLit:
				if v, err := strconv.Unquote(x.Value); err == nil && x.Kind == token.STRING && v == goos {
					named = true
				}
			}
			return !named
		})
		if named {
			return true
		}
	}
	return false
}

// boolConsts: the names a file declares at top level with a boolean literal.
func boolConsts(path string) []string {
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
	if err != nil {
		return nil
	}
	var out []string
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || (g.Tok != token.CONST && g.Tok != token.VAR) {
			continue
		}
		for _, sp := range g.Specs {
			v := sp.(*ast.ValueSpec)
			for i, n := range v.Names {
				if i < len(v.Values) {
					if id, ok := v.Values[i].(*ast.Ident); ok && (id.Name == "true" || id.Name == "false") {
						out = append(out, n.Name)
					}
				}
			}
		}
	}
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

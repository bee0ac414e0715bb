package main

// The docker pack (docs/QUERIES.md, queries/packs/docker/), written again with
// go/ast from the table of docs/QUERIES.md — not from the queries: it applies
// when go.mod's module path is moby's (github.com/docker/docker,
// github.com/moby/moby, github.com/moby/moby/v2) and the file is not vendored,
// unless -no-auto-pack.
//   - goos: testEnv.DaemonInfo.OSType and testEnv.OSType are the platform's
//     GOOS, like runtime.GOOS (in the conditions of §4 and in form 5);
//   - flag: testEnv.IsWindows() and DaemonIsWindows() (any arguments) are true
//     exactly on windows;
//   - skip-test: testRequires(c, …, DaemonIsLinux, …) skips on every platform
//     but linux, …DaemonIsWindows… on every platform but windows — a guard at
//     the call, one per such argument (an identifier argument, not in
//     parentheses): skips-test when the target is among those platforms and the
//     reference is not, adapts the other way round.
// A pack adds guards and never removes one (§4 Packs): a condition that is no
// guard with the pack's atoms is classified again with Go's own.

import (
	"go/ast"
	"strings"
)

var dockerModules = map[string]bool{
	"github.com/docker/docker": true,
	"github.com/moby/moby":     true,
	"github.com/moby/moby/v2":  true,
}

func isVendoredPath(p string) bool {
	return strings.HasPrefix(p, "vendor/") || strings.Contains(p, "/vendor/")
}

// osTypeSel: testEnv.DaemonInfo.OSType or testEnv.OSType (already unparenthesized).
func osTypeSel(e ast.Expr) bool {
	sel, ok := e.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "OSType" {
		return false
	}
	switch x := sel.X.(type) {
	case *ast.Ident:
		return x.Name == "testEnv"
	case *ast.SelectorExpr:
		id, ok := x.X.(*ast.Ident)
		return ok && id.Name == "testEnv" && x.Sel.Name == "DaemonInfo"
	}
	return false
}

// isWindowsFlag: testEnv.IsWindows(…) or DaemonIsWindows(…).
func isWindowsFlag(c *ast.CallExpr) bool {
	switch f := c.Fun.(type) {
	case *ast.Ident:
		return f.Name == "DaemonIsWindows"
	case *ast.SelectorExpr:
		id, ok := f.X.(*ast.Ident)
		return ok && id.Name == "testEnv" && f.Sel.Name == "IsWindows"
	}
	return false
}

// testRequires: the skip-test guards of a testRequires call.
func (w *guardWalker) testRequires(c *ast.CallExpr) {
	fn, ok := c.Fun.(*ast.Ident)
	if !ok || fn.Name != "testRequires" {
		return
	}
	for _, a := range c.Args {
		id, ok := a.(*ast.Ident)
		if !ok {
			continue
		}
		var only, msg string
		switch id.Name {
		case "DaemonIsLinux":
			only, msg = "linux", "requires a Linux daemon (testRequires DaemonIsLinux)"
		case "DaemonIsWindows":
			only, msg = "windows", "requires a Windows daemon (testRequires DaemonIsWindows)"
		default:
			continue
		}
		// Skipped on every platform but `only`.
		t, r := w.tGOOS != only, w.rGOOS != only
		if t == r {
			continue
		}
		cond := w.f.text(c.Pos(), c.End())
		if !t {
			w.add(w.f.line(c.Pos()), cond, "adapts", nil)
		} else {
			m := msg
			w.add(w.f.line(c.Pos()), cond, "skips-test", &m)
		}
	}
}

package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/tools/go/packages"
)

// loadMode is what SSA construction of the whole program needs: typed
// syntax for the module's packages and every dependency.
const loadMode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
	packages.NeedImports | packages.NeedDeps | packages.NeedTypes | packages.NeedSyntax |
	packages.NeedTypesInfo | packages.NeedModule

// tree says which files belong to the scanned tree.
type tree struct {
	roots  []string // the root as given (absolute) and with symlinks resolved
	vendor bool     // vendored packages count as part of the tree
}

func newTree(root string, vendor bool) (*tree, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	if st, err := os.Stat(abs); err != nil {
		return nil, err
	} else if !st.IsDir() {
		return nil, fmt.Errorf("%s: not a directory", root)
	}
	t := &tree{roots: []string{abs}, vendor: vendor}
	if real, err := filepath.EvalSymlinks(abs); err == nil && real != abs {
		t.roots = append(t.roots, real)
	}
	return t, nil
}

// rel returns the /-separated path of filename relative to the root, and
// whether the file counts: a non-test .go file under the root, outside any
// vendor directory unless -vendor.
func (t *tree) rel(filename string) (string, bool) {
	if !strings.HasSuffix(filename, ".go") || strings.HasSuffix(filename, "_test.go") {
		return "", false
	}
	for _, root := range t.roots {
		r, err := filepath.Rel(root, filename)
		if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
			continue
		}
		r = filepath.ToSlash(r)
		if !t.vendor {
			for _, seg := range strings.Split(r, "/") {
				if seg == "vendor" {
					return "", false
				}
			}
		}
		return r, true
	}
	return "", false
}

// load loads ./... of the module in root for windows/amd64 without cgo.
// Package errors are printed to stderr; the packages that type-check are
// still returned. It also returns the packages of the tree: the module's
// own, plus with -vendor the vendored ones that were loaded.
func load(t *tree, stderr io.Writer) (all []*packages.Package, inTree []*packages.Package, errs int, err error) {
	env := append(os.Environ(), "GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=0", "GOTOOLCHAIN=local", "GOWORK=off")
	if st, e := os.Stat(filepath.Join(t.roots[0], "vendor")); e == nil && st.IsDir() {
		env = append(env, "GOFLAGS="+strings.TrimSpace(os.Getenv("GOFLAGS")+" -mod=vendor"))
	}
	cfg := &packages.Config{Mode: loadMode, Dir: t.roots[0], Env: env, Tests: false}
	initial, err := packages.Load(cfg, "./...")
	if err != nil {
		return nil, nil, 0, err
	}
	packages.Visit(initial, nil, func(p *packages.Package) {
		all = append(all, p)
		if t.owns(p) {
			inTree = append(inTree, p)
		}
		for _, e := range p.Errors {
			fmt.Fprintf(stderr, "callgraph: package %s: %v\n", p.PkgPath, e)
		}
		if len(p.Errors) > 0 && t.owns(p) {
			errs++
		}
	})
	sort.Slice(inTree, func(i, j int) bool { return inTree[i].PkgPath < inTree[j].PkgPath })
	return all, inTree, errs, nil
}

// owns says whether a package's files count as part of the tree.
func (t *tree) owns(p *packages.Package) bool {
	for _, f := range p.GoFiles {
		if _, ok := t.rel(f); ok {
			return true
		}
	}
	return false
}

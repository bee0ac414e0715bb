package main

import (
	"go/ast"
	"go/token"
	"sort"
	"strconv"
)

// RULES.md §3, *Message* of an error expression: an error expression holding
// no string literal that is a bare identifier X takes the message of X's
// initializer when X is a package-level `var X = E` of the same package whose
// value E is an error expression holding a string literal.

// varDecl is one package-level declaration of a name (any kind: the
// definition chosen must be a `var`, README "Where RULES.md had to be
// interpreted").
type varDecl struct {
	f    *fileEntry
	line int
	// value: the name's own initializer when the declaration is a `var`
	// without a type with as many values as names; nil otherwise.
	value ast.Expr
}

// varIndex: per (directory, package name), per name, the declarations of
// the files that are API sources (definesAPIs), sorted by (path, line).
type varIndex struct {
	target int
	decls  map[pkgKey]map[string][]varDecl
}

func newVarIndex(cfg *config, files []*fileEntry) *varIndex {
	ix := &varIndex{target: cfg.target, decls: map[pkgKey]map[string][]varDecl{}}
	for _, f := range files { // files are sorted by path
		if !definesAPIs(cfg, f) {
			continue
		}
		pk := pkgKey{f.dir, *f.pkg}
		m := ix.decls[pk]
		if m == nil {
			m = map[string][]varDecl{}
			ix.decls[pk] = m
		}
		add := func(n *ast.Ident, value ast.Expr) {
			if n == nil || n.Name == "_" {
				return
			}
			m[n.Name] = append(m[n.Name], varDecl{f: f, line: f.line(n.Pos()), value: value})
		}
		for _, decl := range f.ast.Decls {
			switch x := decl.(type) {
			case *ast.FuncDecl:
				if x.Recv == nil {
					add(x.Name, nil)
				}
			case *ast.GenDecl:
				for _, spec := range x.Specs {
					switch s := spec.(type) {
					case *ast.TypeSpec:
						add(s.Name, nil)
					case *ast.ValueSpec:
						own := x.Tok == token.VAR && s.Type == nil && len(s.Values) == len(s.Names)
						for i, n := range s.Names {
							var v ast.Expr
							if own {
								v = s.Values[i]
							}
							add(n, v)
						}
					}
				}
			}
		}
	}
	for _, m := range ix.decls {
		for _, ds := range m {
			sort.SliceStable(ds, func(i, j int) bool {
				if ds[i].f.path != ds[j].f.path {
					return ds[i].f.path < ds[j].f.path
				}
				return ds[i].line < ds[j].line
			})
		}
	}
	return ix
}

// firstStringLit: the first string literal inside n, in source order.
func firstStringLit(n ast.Node) *ast.BasicLit {
	var lit *ast.BasicLit
	ast.Inspect(n, func(n ast.Node) bool {
		if lit != nil {
			return false
		}
		if b, ok := n.(*ast.BasicLit); ok && b.Kind == token.STRING {
			lit = b
			return false
		}
		return true
	})
	return lit
}

func unquoteLit(lit *ast.BasicLit) *string {
	if lit == nil {
		return nil
	}
	s, err := strconv.Unquote(lit.Value)
	if err != nil {
		return nil
	}
	return &s
}

// errMessage: the message of the error expression e found in file f.
func (ix *varIndex) errMessage(e ast.Expr, f *fileEntry) *string {
	if lit := firstStringLit(e); lit != nil {
		return unquoteLit(lit)
	}
	id, ok := unparen(e).(*ast.Ident)
	if !ok || ix == nil || f.pkg == nil {
		return nil
	}
	ds := ix.decls[pkgKey{f.dir, *f.pkg}][id.Name]
	if len(ds) == 0 {
		return nil
	}
	chosen := ds[0]
	for _, d := range ds {
		if d.f.builds(ix.target) {
			chosen = d
			break
		}
	}
	if chosen.value == nil || !isErrorExpr(chosen.value) {
		return nil
	}
	return unquoteLit(firstStringLit(chosen.value))
}

// zeroVar (RULES.md §3, zero values): name, seen from file f, is a
// package-level `var X = T{}` or `var X = pkg.T{}` of f's package (the same
// chosen declaration as for messages) — a composite literal of a named type
// with no elements.
func (ix *varIndex) zeroVar(name string, f *fileEntry) bool {
	if ix == nil || f.pkg == nil {
		return false
	}
	ds := ix.decls[pkgKey{f.dir, *f.pkg}][name]
	if len(ds) == 0 {
		return false
	}
	chosen := ds[0]
	for _, d := range ds {
		if d.f.builds(ix.target) {
			chosen = d
			break
		}
	}
	lit, ok := unparen0(chosen.value).(*ast.CompositeLit)
	if !ok || len(lit.Elts) != 0 {
		return false
	}
	switch t := lit.Type.(type) {
	case *ast.Ident:
		return true
	case *ast.SelectorExpr:
		_, ok := t.X.(*ast.Ident)
		return ok
	}
	return false
}

func unparen0(e ast.Expr) ast.Expr {
	if e == nil {
		return nil
	}
	return unparen(e)
}

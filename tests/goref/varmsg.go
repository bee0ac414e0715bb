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
	hx     *helperIndex // for the directory of an import
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

// errMessage: the message of the error expression e found in file f: its
// first string literal; else, for a bare identifier X, the message of X's
// initializer (same package) or else "X"; for a selector q.X whose q names an
// import of f (helpers.go's reading of imports), the message of X's
// initializer in the imported package when it is in the module or vendored
// (of two package names there, the first that gives one), or else "q.X";
// otherwise none.
func (ix *varIndex) errMessage(e ast.Expr, f *fileEntry) *string {
	if lit := firstStringLit(e); lit != nil {
		return unquoteLit(lit)
	}
	if ix == nil {
		return nil
	}
	switch x := unparen(e).(type) {
	case *ast.Ident:
		if f.pkg == nil {
			return nil
		}
		if m := ix.varMessage(pkgKey{f.dir, *f.pkg}, x.Name); m != nil {
			return m
		}
		return strp(x.Name)
	case *ast.SelectorExpr:
		q, ok := x.X.(*ast.Ident)
		if !ok {
			return nil
		}
		path, ok := importNamed(f, q.Name)
		if !ok {
			return nil
		}
		if dir := ix.hx.dirOf(path); dir != "" {
			var pkgs []string
			for k := range ix.decls {
				if k.dir == dir {
					pkgs = append(pkgs, k.pkg)
				}
			}
			sort.Strings(pkgs)
			for _, p := range pkgs {
				if m := ix.varMessage(pkgKey{dir, p}, x.Sel.Name); m != nil {
					return m
				}
			}
		}
		return strp(q.Name + "." + x.Sel.Name)
	}
	return nil
}

// varMessage: the message of the initializer of the chosen declaration of
// name in package k (built on the target first, else the first by path and
// line), when it is a `var` whose value is an error expression holding a
// string literal.
func (ix *varIndex) varMessage(k pkgKey, name string) *string {
	chosen, ok := ix.chosen(k, name)
	if !ok || chosen.value == nil || !isErrorExpr(chosen.value) {
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
	chosen, ok := ix.chosen(pkgKey{f.dir, *f.pkg}, name)
	if !ok || chosen.value == nil {
		return false
	}
	lit, ok := unparen(chosen.value).(*ast.CompositeLit)
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

// chosen: the declaration of name in package k that decides (RULES.md §3):
// the one built on the target, else the first by path and line.
func (ix *varIndex) chosen(k pkgKey, name string) (varDecl, bool) {
	ds := ix.decls[k][name]
	if len(ds) == 0 {
		return varDecl{}, false
	}
	for _, d := range ds {
		if d.f.builds(ix.target) {
			return d, true
		}
	}
	return ds[0], true
}

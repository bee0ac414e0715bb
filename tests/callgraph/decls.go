package main

import (
	"go/ast"
	"go/token"
	"path"

	"golang.org/x/tools/go/packages"
)

// decls indexes the syntax of the tree's packages: the winparity id of every
// top-level function or method declaration, keyed by the position of its
// name (which is the position of its types.Func), and the `(` of every call
// written in a go or defer statement, keyed by the position of the keyword
// (which is what ssa.Go and ssa.Defer report as their Pos).
type decls struct {
	ids      map[token.Pos]string
	goDefer  map[token.Pos]token.Pos
	lparens  map[token.Pos]bool // every call's `(`, to notice sites that are none
	fset     *token.FileSet
	filesRel map[string]string // absolute file name -> root-relative
}

func indexDecls(t *tree, pkgs []*packages.Package, fset *token.FileSet) *decls {
	d := &decls{
		fset:     fset,
		ids:      map[token.Pos]string{},
		goDefer:  map[token.Pos]token.Pos{},
		lparens:  map[token.Pos]bool{},
		filesRel: map[string]string{},
	}
	for _, p := range pkgs {
		for _, f := range p.Syntax {
			name := p.Fset.PositionFor(f.Pos(), false).Filename
			rel, ok := t.rel(name)
			if !ok {
				continue
			}
			d.filesRel[name] = rel
			dir := path.Dir(rel)
			for _, decl := range f.Decls {
				fd, ok := decl.(*ast.FuncDecl)
				if !ok || (fd.Recv == nil && fd.Name.Name == "init") {
					continue
				}
				d.ids[fd.Name.Pos()] = dir + "|" + receiverName(fd) + "|" + fd.Name.Name
			}
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.CallExpr:
					d.lparens[n.Lparen] = true
				case *ast.GoStmt:
					d.goDefer[n.Go] = n.Call.Lparen
				case *ast.DeferStmt:
					d.goDefer[n.Defer] = n.Call.Lparen
				}
				return true
			})
		}
	}
	return d
}

// receiverName is the receiver's type name with `*`, parentheses and type
// parameters removed; "" for a function.
func receiverName(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return ""
	}
	e := fd.Recv.List[0].Type
	for {
		switch x := e.(type) {
		case *ast.StarExpr:
			e = x.X
		case *ast.ParenExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		case *ast.Ident:
			return x.Name
		default:
			return ""
		}
	}
}

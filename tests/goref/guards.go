package main

import (
	"go/ast"
	"go/token"
	"strconv"
)

// RULES.md §4.

type tri int8

const (
	tFalse tri = iota
	tTrue
	tUnknown
)

func triOf(b bool) tri {
	if b {
		return tTrue
	}
	return tFalse
}

func triNot(a tri) tri {
	switch a {
	case tTrue:
		return tFalse
	case tFalse:
		return tTrue
	}
	return tUnknown
}

func triAnd(a, b tri) tri {
	if a == tFalse || b == tFalse {
		return tFalse
	}
	if a == tTrue && b == tTrue {
		return tTrue
	}
	return tUnknown
}

func triOr(a, b tri) tri {
	if a == tTrue || b == tTrue {
		return tTrue
	}
	if a == tFalse && b == tFalse {
		return tFalse
	}
	return tUnknown
}

// flagVal is a platform flag's value on the target and on the reference.
type flagVal struct{ t, r bool }

type atomHit struct {
	t, r bool
	neg  int // number of ! above the atom
}

type guardWalker struct {
	cfg    *config
	f      *fileEntry
	flags  map[string]flagVal
	tGOOS  string
	rGOOS  string
	id     *string
	defKey string
	out    []*guardOut
}

// goosSel: R.GOOS where R is one of the file's names for "runtime".
func goosSel(e ast.Expr, rt map[string]bool) bool {
	sel, ok := e.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "GOOS" {
		return false
	}
	id, ok := sel.X.(*ast.Ident)
	return ok && rt[id.Name]
}

func stringLit(e ast.Expr) (string, bool) {
	b, ok := e.(*ast.BasicLit)
	if !ok || b.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(b.Value)
	if err != nil {
		return "", false
	}
	return s, true
}

// goosAtom recognises `R.GOOS == "s"` / `!=`, either operand order.
func goosAtom(e ast.Expr, rt map[string]bool) (s string, eq bool, ok bool) {
	be, isBin := e.(*ast.BinaryExpr)
	if !isBin || (be.Op != token.EQL && be.Op != token.NEQ) {
		return "", false, false
	}
	if goosSel(be.X, rt) {
		s, ok = stringLit(be.Y)
	} else if goosSel(be.Y, rt) {
		s, ok = stringLit(be.X)
	}
	return s, be.Op == token.EQL, ok
}

// eval evaluates a condition on the target and the reference in three-valued
// logic, collecting the atoms it passes through.
func (w *guardWalker) eval(e ast.Expr, neg int, atoms *[]atomHit) (tri, tri) {
	switch x := e.(type) {
	case *ast.ParenExpr:
		return w.eval(x.X, neg, atoms)
	case *ast.UnaryExpr:
		if x.Op == token.NOT {
			t, r := w.eval(x.X, neg+1, atoms)
			return triNot(t), triNot(r)
		}
	case *ast.BinaryExpr:
		switch x.Op {
		case token.LAND:
			t1, r1 := w.eval(x.X, neg, atoms)
			t2, r2 := w.eval(x.Y, neg, atoms)
			return triAnd(t1, t2), triAnd(r1, r2)
		case token.LOR:
			t1, r1 := w.eval(x.X, neg, atoms)
			t2, r2 := w.eval(x.Y, neg, atoms)
			return triOr(t1, t2), triOr(r1, r2)
		case token.EQL, token.NEQ:
			if s, eq, ok := goosAtom(x, w.f.rt); ok {
				t := (w.tGOOS == s) == eq
				r := (w.rGOOS == s) == eq
				*atoms = append(*atoms, atomHit{t, r, neg})
				return triOf(t), triOf(r)
			}
		}
	case *ast.Ident:
		if fv, ok := w.flags[x.Name]; ok {
			*atoms = append(*atoms, atomHit{fv.t, fv.r, neg})
			return triOf(fv.t), triOf(fv.r)
		}
	}
	return tUnknown, tUnknown
}

// classify evaluates cond; ok when it is a guard; cons when the target
// branch is the consequence.
func (w *guardWalker) classify(cond ast.Expr) (ok, cons bool) {
	var atoms []atomHit
	ct, cr := w.eval(cond, 0, &atoms)
	var first *atomHit
	for i := range atoms {
		if atoms[i].t != atoms[i].r {
			first = &atoms[i]
			break
		}
	}
	if first == nil || ct == cr && ct != tUnknown {
		return false, false
	}
	switch {
	case ct == tTrue:
		cons = true
	case ct == tUnknown && cr == tFalse:
		cons = true
	case ct == tUnknown && cr == tUnknown:
		cons = first.t != (first.neg%2 == 1)
	}
	return true, cons
}

// branchEffect: effect and message of a target branch (nil: no branch).
func branchEffect(branch []ast.Stmt) (string, *string) {
	list := topStmts(branch)
	if len(list) > 0 {
		last := list[len(list)-1]
		if ret, ok := last.(*ast.ReturnStmt); ok {
			if e := firstErrorExpr(ret.Results); e != nil {
				return "refuses", message(e)
			}
		}
		if call := panicCall(last); call != nil {
			return "refuses", panicMessage(call)
		}
	}
	for _, s := range list {
		es, ok := s.(*ast.ExprStmt)
		if !ok {
			continue
		}
		call, ok := unparen(es.X).(*ast.CallExpr)
		if !ok {
			continue
		}
		if sel, ok := unparen(call.Fun).(*ast.SelectorExpr); ok {
			switch sel.Sel.Name {
			case "Skip", "Skipf", "SkipNow":
				return "skips-test", firstStringArg(call.Args)
			}
		}
	}
	return "adapts", nil
}

// firstStringArg: the first argument that is a string literal.
func firstStringArg(args []ast.Expr) *string {
	for _, a := range args {
		if s, ok := stringLit(unparen(a)); ok {
			return &s
		}
	}
	return nil
}

func (w *guardWalker) add(line int, cond string, effect string, msg *string) {
	w.out = append(w.out, &guardOut{
		File: w.f.path, Line: line, API: w.id, Effect: effect,
		Condition: cond, Message: msg, defKey: w.defKey,
	})
}

func (w *guardWalker) Visit(n ast.Node) ast.Visitor {
	switch x := n.(type) {
	case *ast.IfStmt:
		if x.Cond != nil {
			if ok, cons := w.classify(x.Cond); ok {
				var branch []ast.Stmt
				if cons {
					branch = x.Body.List
				} else if b, isBlock := x.Else.(*ast.BlockStmt); isBlock {
					branch = b.List
				}
				eff, msg := branchEffect(branch)
				w.add(w.f.line(x.Cond.Pos()), w.f.text(x.Cond.Pos(), x.Cond.End()), eff, msg)
			}
		}
	case *ast.SwitchStmt:
		if x.Tag != nil && goosSel(x.Tag, w.f.rt) {
			w.goosSwitch(x)
		} else if x.Tag == nil && x.Body != nil {
			for _, s := range x.Body.List {
				cc, ok := s.(*ast.CaseClause)
				if !ok {
					continue
				}
				for _, e := range cc.List {
					if ok, cons := w.classify(e); ok {
						var branch []ast.Stmt
						if cons {
							branch = cc.Body
						}
						eff, msg := branchEffect(branch)
						w.add(w.f.line(e.Pos()), w.f.text(e.Pos(), e.End()), eff, msg)
					}
				}
			}
		}
	case *ast.CallExpr:
		if sel, ok := unparen(x.Fun).(*ast.SelectorExpr); ok && (sel.Sel.Name == "If" || sel.Sel.Name == "IfCondition") && len(x.Args) >= 2 {
			if id, ok := sel.X.(*ast.Ident); ok && id.Name == "skip" {
				cond := x.Args[1]
				if ok, _ := w.classify(cond); ok {
					w.add(w.f.line(cond.Pos()), w.f.text(cond.Pos(), cond.End()), "skips-test", firstStringArg(x.Args[2:]))
				}
			}
		}
	}
	return w
}

// goosSwitch: each clause of `switch R.GOOS` whose choice differs between
// target and reference is a guard; its target branch is the clause body when
// the target chooses it, nothing otherwise.
func (w *guardWalker) goosSwitch(sw *ast.SwitchStmt) {
	if sw.Body == nil {
		return
	}
	var clauses []*ast.CaseClause
	for _, s := range sw.Body.List {
		if cc, ok := s.(*ast.CaseClause); ok {
			clauses = append(clauses, cc)
		}
	}
	choose := func(goos string) int {
		def := -1
		for i, cc := range clauses {
			if cc.List == nil {
				if def < 0 {
					def = i
				}
				continue
			}
			for _, e := range cc.List {
				if s, ok := stringLit(e); ok && s == goos {
					return i
				}
			}
		}
		return def
	}
	ti, ri := choose(w.tGOOS), choose(w.rGOOS)
	if ti == ri {
		return
	}
	tag := w.f.text(sw.Tag.Pos(), sw.Tag.End())
	for i, cc := range clauses {
		if i != ti && i != ri {
			continue
		}
		var cond string
		if cc.List == nil {
			cond = foldSpace(tag + " default")
		} else {
			cond = foldSpace(tag + " case " + w.f.text(cc.List[0].Pos(), cc.List[len(cc.List)-1].End()))
		}
		var branch []ast.Stmt
		if i == ti {
			branch = cc.Body
		}
		eff, msg := branchEffect(branch)
		w.add(w.f.line(cc.Case), cond, eff, msg)
	}
}

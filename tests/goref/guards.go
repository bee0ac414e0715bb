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
	ix     *varIndex
	flags  map[string]flagVal
	tGOOS  string
	rGOOS  string
	id     *string
	defKey string
	out    []*guardOut
	// next maps an if statement to the statement that follows it in its
	// block (§4 effect, exception (b)); nil when none follows.
	next map[*ast.IfStmt]ast.Stmt
	// covered: the conditions of forms 1, 3 and 4 seen so far (guards or not).
	covered [][2]token.Pos
	// pack: the docker pack applies to this file (dockerpack.go).
	pack bool
	// locals: the local flags of the top-level declaration walked, in source order.
	locals []localFlag
}

// localFlag (RULES.md §4): `NAME := R.GOOS == "s"` (one name, one value, the
// value a comparison of R.GOOS in parentheses or not — Go's own atoms, not a
// pack's): NAME is that test after the statement, within its top-level
// declaration.
type localFlag struct {
	name string
	end  token.Pos
	t, r bool
}

func localFlags(decl ast.Decl, w *guardWalker) []localFlag {
	var out []localFlag
	ast.Inspect(decl, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || as.Tok != token.DEFINE || len(as.Lhs) != 1 || len(as.Rhs) != 1 {
			return true
		}
		id, ok := as.Lhs[0].(*ast.Ident)
		if !ok {
			return true
		}
		if s, eq, ok := goosAtom(unparen(as.Rhs[0]), w.f.rt); ok {
			out = append(out, localFlag{id.Name, as.End(), (w.tGOOS == s) == eq, (w.rGOOS == s) == eq})
		}
		return true
	})
	return out
}

// goosValue: R.GOOS, or with the pack one of its GOOS expressions.
func (w *guardWalker) goosValue(e ast.Expr) bool {
	return goosSel(e, w.f.rt) || (w.pack && osTypeSel(unparen(e)))
}

// goosAtomOf: goosAtom with the pack's GOOS expressions.
func (w *guardWalker) goosAtomOf(e ast.Expr) (s string, eq bool, ok bool) {
	be, isBin := e.(*ast.BinaryExpr)
	if !isBin || (be.Op != token.EQL && be.Op != token.NEQ) {
		return "", false, false
	}
	if w.goosValue(be.X) {
		s, ok = stringLit(be.Y)
	} else if w.goosValue(be.Y) {
		s, ok = stringLit(be.X)
	}
	return s, be.Op == token.EQL, ok
}

func (w *guardWalker) cover(from, to token.Pos) {
	w.covered = append(w.covered, [2]token.Pos{from, to})
}

func (w *guardWalker) isCovered(n ast.Node) bool {
	for _, c := range w.covered {
		if c[0] <= n.Pos() && n.End() <= c[1] {
			return true
		}
	}
	return false
}

// goosSel: R.GOOS (possibly in parentheses) where R is one of the file's
// names for "runtime".
func goosSel(e ast.Expr, rt map[string]bool) bool {
	sel, ok := unparen(e).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "GOOS" {
		return false
	}
	id, ok := sel.X.(*ast.Ident)
	return ok && rt[id.Name]
}

// stringLit: a string literal (interpreted or raw), possibly in parentheses.
func stringLit(e ast.Expr) (string, bool) {
	b, ok := unparen(e).(*ast.BasicLit)
	if !ok || b.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(b.Value)
	if err != nil {
		return "", false
	}
	return s, true
}

// goosAtom recognises `R.GOOS == "s"` / `!=`, either operand order, each
// operand possibly in parentheses.
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
			if s, eq, ok := w.goosAtomOf(x); ok {
				t := (w.tGOOS == s) == eq
				r := (w.rGOOS == s) == eq
				*atoms = append(*atoms, atomHit{t, r, neg})
				return triOf(t), triOf(r)
			}
		}
	case *ast.Ident:
		for i := len(w.locals) - 1; i >= 0; i-- {
			if l := w.locals[i]; l.name == x.Name && l.end <= x.Pos() {
				*atoms = append(*atoms, atomHit{l.t, l.r, neg})
				return triOf(l.t), triOf(l.r)
			}
		}
		if fv, ok := w.flags[x.Name]; ok {
			*atoms = append(*atoms, atomHit{fv.t, fv.r, neg})
			return triOf(fv.t), triOf(fv.r)
		}
	case *ast.CallExpr:
		if w.pack && isWindowsFlag(x) {
			t, r := w.tGOOS == "windows", w.rGOOS == "windows"
			*atoms = append(*atoms, atomHit{t, r, neg})
			return triOf(t), triOf(r)
		}
	}
	return tUnknown, tUnknown
}

// classify evaluates a condition — the OR of conds (one expression, or a
// tagless case's expression list); ok when it is a guard; cons when the
// target branch is the consequence.
func (w *guardWalker) classify(conds ...ast.Expr) (ok, cons bool) {
	ok, cons = w.classifyWith(conds...)
	if !ok && w.pack {
		w.pack = false
		ok, cons = w.classifyWith(conds...)
		w.pack = true
	}
	return ok, cons
}

func (w *guardWalker) classifyWith(conds ...ast.Expr) (ok, cons bool) {
	var atoms []atomHit
	ct, cr := tFalse, tFalse
	for _, c := range conds {
		t, r := w.eval(c, 0, &atoms)
		ct, cr = triOr(ct, t), triOr(cr, r)
	}
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

// stmtRefuses: s is a `return` with an error expression among its results
// (message: that of the first one), or an expression statement calling panic.
func (w *guardWalker) stmtRefuses(s ast.Stmt) (bool, *string) {
	if ret, ok := s.(*ast.ReturnStmt); ok {
		if e := firstErrorExpr(ret.Results); e != nil {
			return true, w.ix.errMessage(e, w.f)
		}
	}
	if call := panicCall(s); call != nil {
		return true, panicMessage(call)
	}
	return false, nil
}

// lastRefuses: the last top-level statement of a branch refuses.
func (w *guardWalker) lastRefuses(branch []ast.Stmt) (bool, *string) {
	list := topStmts(branch)
	if len(list) == 0 {
		return false, nil
	}
	return w.stmtRefuses(list[len(list)-1])
}

// branchEffect: effect and message of a target branch (nil: no branch).
// other is the other branch (nil when it does not exist), next the statement
// following the if (only when the target branch is the consequence of an if
// without a block else), for the exceptions to `refuses`.
func (w *guardWalker) branchEffect(branch, other []ast.Stmt, hasOther bool, next ast.Stmt) (string, *string) {
	if ok, msg := w.lastRefuses(branch); ok {
		refOther, _ := w.lastRefuses(other)
		refNext := false
		if next != nil {
			refNext, _ = w.stmtRefuses(next)
		}
		if !(hasOther && refOther) && !refNext {
			return "refuses", msg
		}
	}
	for _, s := range topStmts(branch) {
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
				return "skips-test", argsMessage(call.Args)
			}
		}
	}
	return "adapts", nil
}

// argsMessage: the first string literal anywhere inside args, in source order.
func argsMessage(args []ast.Expr) *string {
	for _, a := range args {
		if m := message(a); m != nil {
			return m
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

// followers builds guardWalker.next: for every if statement that is an
// element of a statement list (a block, a case or select clause; under
// labels), the next non-empty statement of that list. The ifs of its
// else-if chain get the same follower.
func followers(file *ast.File) map[*ast.IfStmt]ast.Stmt {
	m := map[*ast.IfStmt]ast.Stmt{}
	do := func(list []ast.Stmt) {
		for i, s := range list {
			for {
				l, ok := s.(*ast.LabeledStmt)
				if !ok {
					break
				}
				s = l.Stmt
			}
			ifs, ok := s.(*ast.IfStmt)
			if !ok {
				continue
			}
			var next ast.Stmt
			for _, n := range list[i+1:] {
				if _, empty := n.(*ast.EmptyStmt); !empty {
					next = n
					break
				}
			}
			for cur := ifs; cur != nil; {
				m[cur] = next
				cur, _ = cur.Else.(*ast.IfStmt)
			}
		}
	}
	ast.Inspect(file, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.BlockStmt:
			do(x.List)
		case *ast.CaseClause:
			do(x.Body)
		case *ast.CommClause:
			do(x.Body)
		}
		return true
	})
	return m
}

func (w *guardWalker) Visit(n ast.Node) ast.Visitor {
	switch x := n.(type) {
	case *ast.BinaryExpr:
		// Form 5: a comparison of R.GOOS outside the conditions of forms 1, 3, 4.
		if s, eq, ok := w.goosAtomOf(x); ok && !w.isCovered(x) {
			if t, r := (w.tGOOS == s) == eq, (w.rGOOS == s) == eq; t != r {
				w.add(w.f.line(x.Pos()), w.f.text(x.Pos(), x.End()), "adapts", nil)
			}
		}
	case *ast.IfStmt:
		if x.Cond != nil {
			w.cover(x.Cond.Pos(), x.Cond.End())
		}
		if x.Cond != nil {
			if ok, cons := w.classify(x.Cond); ok {
				elseBlock, hasBlockElse := x.Else.(*ast.BlockStmt)
				var eff string
				var msg *string
				if cons {
					var next ast.Stmt
					if !hasBlockElse {
						next = w.next[x]
					}
					var other []ast.Stmt
					if hasBlockElse {
						other = elseBlock.List
					}
					eff, msg = w.branchEffect(x.Body.List, other, hasBlockElse, next)
				} else {
					var branch []ast.Stmt
					if hasBlockElse {
						branch = elseBlock.List
					}
					eff, msg = w.branchEffect(branch, x.Body.List, true, nil)
				}
				w.add(w.f.line(x.Cond.Pos()), w.f.text(x.Cond.Pos(), x.Cond.End()), eff, msg)
			}
		}
	case *ast.SwitchStmt:
		if x.Tag != nil && goosSel(x.Tag, w.f.rt) {
			w.goosSwitch(x)
		} else if x.Tag == nil && x.Body != nil {
			for _, s := range x.Body.List {
				cc, ok := s.(*ast.CaseClause)
				if !ok || len(cc.List) == 0 {
					continue
				}
				w.cover(cc.List[0].Pos(), cc.List[len(cc.List)-1].End())
				if ok, cons := w.classify(cc.List...); ok {
					var branch []ast.Stmt
					if cons {
						branch = cc.Body
					}
					eff, msg := w.branchEffect(branch, nil, false, nil)
					from, to := cc.List[0].Pos(), cc.List[len(cc.List)-1].End()
					w.add(w.f.line(from), w.f.text(from, to), eff, msg)
				}
			}
		}
	case *ast.CallExpr:
		if w.pack {
			w.testRequires(x)
		}
		if sel, ok := unparen(x.Fun).(*ast.SelectorExpr); ok && (sel.Sel.Name == "If" || sel.Sel.Name == "IfCondition") {
			if id, ok := sel.X.(*ast.Ident); ok && id.Name == "skip" {
				w.cover(x.Lparen, x.Rparen+1)
			}
			if id, ok := sel.X.(*ast.Ident); ok && id.Name == "skip" && len(x.Args) >= 2 {
				for i, cond := range x.Args[1:] {
					ok, cons := w.classify(cond)
					if !ok {
						continue
					}
					eff, msg := "adapts", (*string)(nil)
					if cons {
						eff, msg = "skips-test", argsMessage(x.Args[i+2:])
					}
					w.add(w.f.line(cond.Pos()), w.f.text(cond.Pos(), cond.End()), eff, msg)
					break
				}
			}
		}
	}
	return w
}

// goosSwitch: the clause of `switch R.GOOS` chosen on the target is a guard
// when it exists and differs from the one chosen on the reference; its body is
// the target branch and the reference's clause (if any) the other branch.
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
	if ti < 0 || ti == ri {
		return
	}
	cc := clauses[ti]
	tag := w.f.text(sw.Tag.Pos(), sw.Tag.End())
	var cond string
	if cc.List == nil {
		cond = foldSpace(tag + " default")
	} else {
		cond = foldSpace(tag + " case " + w.f.text(cc.List[0].Pos(), cc.List[len(cc.List)-1].End()))
	}
	var other []ast.Stmt
	if ri >= 0 {
		other = clauses[ri].Body
	}
	eff, msg := w.branchEffect(cc.Body, other, ri >= 0, nil)
	w.add(w.f.line(cc.Case), cond, eff, msg)
}

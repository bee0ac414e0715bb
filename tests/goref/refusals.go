package main

// Refusals inside a definition of the target's own (docs/RULES.md §4b), from
// go/ast, written from the rule book alone.

import (
	"go/ast"
	"go/token"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

var refusalWording = regexp.MustCompile(`(?i)not (yet |currently )?supported|unsupported|(does|do|can) ?not support|doesn't support|don't support|not implemented|unimplemented|not available|only (supported|available)`)

// refusalCandidates: every if statement inside d's body (at any depth) whose
// condition names no GOOS and whose consequence's last top-level statement
// refuses with a string literal message in a refusal's words; and the body's
// last top-level statement, a return that so refuses, after top-level ifs
// without else whose consequence ends in a return (none naming GOOS): its
// condition !(c1) && !(c2) …, its line the return's.
//
// A refusal whose error is a possible helper call (helpers.go) carries it in
// via: it counts when the call names an error helper.
func refusalCandidates(d *def) []*refusalOut {
	if d.fn == nil || d.fn.Body == nil {
		return nil
	}
	f := d.f
	var out []*refusalOut
	ast.Inspect(d.fn.Body, func(n ast.Node) bool {
		s, ok := n.(*ast.IfStmt)
		if !ok {
			return true
		}
		if namesGOOS(s.Cond) {
			return true
		}
		list := topStmts(s.Body.List)
		if len(list) == 0 {
			return true
		}
		msg, via := literalRefusal(list[len(list)-1])
		if msg == nil || !refusalWording.MatchString(*msg) {
			return true
		}
		out = append(out, &refusalOut{
			File: f.path, Line: f.line(s.Cond.Pos()),
			Condition: f.text(s.Cond.Pos(), s.Cond.End()),
			Message:   *msg,
			Fields:    selectorChains(s.Cond),
			via:       via,
			namesOS:   comparedOS(s.Cond),
			pos:       s.Cond.Pos(),
		})
		return true
	})
	if r := fallThrough(d); r != nil {
		out = append(out, r)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].pos < out[j].pos })
	return out
}

// fallThrough: the body's last statement as a refusal after early returns.
func fallThrough(d *def) *refusalOut {
	f := d.f
	list := topStmts(d.fn.Body.List)
	if len(list) == 0 {
		return nil
	}
	ret, ok := list[len(list)-1].(*ast.ReturnStmt)
	if !ok {
		return nil
	}
	msg, via := literalRefusal(ret)
	if msg == nil || !refusalWording.MatchString(*msg) {
		return nil
	}
	var conds []string
	fields := []string{}
	seen := map[string]bool{}
	for _, st := range list[:len(list)-1] {
		ifs, ok := st.(*ast.IfStmt)
		if !ok || ifs.Else != nil {
			continue
		}
		body := topStmts(ifs.Body.List)
		if len(body) == 0 {
			continue
		}
		if _, ok := body[len(body)-1].(*ast.ReturnStmt); !ok {
			continue
		}
		if namesGOOS(ifs.Cond) {
			return nil
		}
		conds = append(conds, "!("+f.text(ifs.Cond.Pos(), ifs.Cond.End())+")")
		for _, c := range selectorChains(ifs.Cond) {
			if !seen[c] {
				seen[c] = true
				fields = append(fields, c)
			}
		}
	}
	if len(conds) == 0 {
		return nil
	}
	return &refusalOut{
		File: f.path, Line: f.line(ret.Pos()),
		Condition: strings.Join(conds, " && "),
		Message:   *msg,
		Fields:    fields,
		via:       via,
		pos:       ret.Pos(),
	}
}

// helperRef: a possible helper call's callee.
type helperRef struct{ qual, name string }

// literalRefusal: the message of a refusing statement (a return with an error
// expression, or a panic) when it is a string literal inside it (§3 messages,
// without the variable rule); or, for a return with no error expression, the
// message of its first possible helper call, with the call.
func literalRefusal(s ast.Stmt) (*string, *helperRef) {
	if ret, ok := s.(*ast.ReturnStmt); ok {
		if e := firstErrorExpr(ret.Results); e != nil {
			return message(e), nil
		}
		for _, r := range ret.Results {
			if q, n, m, ok := helperCall(r); ok {
				return m, &helperRef{q, n}
			}
		}
	}
	if call := panicCall(s); call != nil {
		return panicMessage(call), nil
	}
	return nil, nil
}

// comparedOS: the operating system a condition compares a value with with ==
// ("windows" == x or x == "windows", a double-quoted literal Go knows as a
// GOOS), the first in source order.
func comparedOS(cond ast.Expr) string {
	found := ""
	ast.Inspect(cond, func(n ast.Node) bool {
		b, ok := n.(*ast.BinaryExpr)
		if found != "" || !ok || b.Op != token.EQL {
			return found == ""
		}
		for _, side := range []ast.Expr{b.X, b.Y} {
			if lit, ok := side.(*ast.BasicLit); ok && lit.Kind == token.STRING && lit.Value[0] == '"' {
				if v, err := strconv.Unquote(lit.Value); err == nil && knownOS[v] {
					found = v
					return false
				}
			}
		}
		return true
	})
	return found
}

func namesGOOS(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Name == "GOOS" {
			found = true
		}
		return !found
	})
	return found
}

// selectorChains: the selector chains of identifiers in e (as long as they
// go), in source order, once each; a call's callee is not one, the operand
// chain of a selector callee is.
func selectorChains(e ast.Expr) []string {
	out := []string{}
	seen := map[string]bool{}
	add := func(c []string) {
		if len(c) < 2 {
			return
		}
		s := strings.Join(c, ".")
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.CallExpr:
			if sel, ok := x.Fun.(*ast.SelectorExpr); ok && calleeChain(sel) != nil {
				add(calleeChain(sel.X))
			} else {
				ast.Inspect(x.Fun, visit)
			}
			for _, a := range x.Args {
				ast.Inspect(a, visit)
			}
			return false
		case *ast.SelectorExpr:
			if c := calleeChain(x); c != nil {
				add(c)
				return false
			}
		}
		return true
	}
	ast.Inspect(e, visit)
	return out
}

package main

// Refusals inside a definition of the target's own (docs/RULES.md §4b), from
// go/ast, written from the rule book alone.

import (
	"go/ast"
	"regexp"
	"strings"
)

var refusalWording = regexp.MustCompile(`(?i)not (yet |currently )?supported|unsupported|(does|do|can) ?not support|doesn't support|don't support|not implemented|unimplemented|not available|only (supported|available)`)

// refusalCandidates: every if statement inside d's body (at any depth) whose
// condition names no GOOS and whose consequence's last top-level statement
// refuses with a string literal message in a refusal's words.
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
		msg := literalRefusal(list[len(list)-1])
		if msg == nil || !refusalWording.MatchString(*msg) {
			return true
		}
		out = append(out, &refusalOut{
			File: f.path, Line: f.line(s.Cond.Pos()),
			Condition: f.text(s.Cond.Pos(), s.Cond.End()),
			Message:   *msg,
			Fields:    selectorChains(s.Cond),
		})
		return true
	})
	return out
}

// literalRefusal: the message of a refusing statement (a return with an error
// expression, or a panic) when it is a string literal inside it (§3 messages,
// without the variable rule).
func literalRefusal(s ast.Stmt) *string {
	if ret, ok := s.(*ast.ReturnStmt); ok {
		if e := firstErrorExpr(ret.Results); e != nil {
			return message(e)
		}
	}
	if call := panicCall(s); call != nil {
		return panicMessage(call)
	}
	return nil
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

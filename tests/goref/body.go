package main

import (
	"go/ast"
	"go/constant"
	"go/token"
	"strings"
	"unicode"
)

// RULES.md §3.

func unparen(e ast.Expr) ast.Expr {
	for {
		p, ok := e.(*ast.ParenExpr)
		if !ok {
			return e
		}
		e = p.X
	}
}

// topStmts drops empty statements (comments are not statements in go/ast).
func topStmts(list []ast.Stmt) []ast.Stmt {
	out := make([]ast.Stmt, 0, len(list))
	for _, s := range list {
		if _, ok := s.(*ast.EmptyStmt); ok {
			continue
		}
		out = append(out, s)
	}
	return out
}

var logRoots = map[string]bool{"log": true, "logrus": true, "logger": true, "klog": true, "glog": true, "slog": true}

// isLogStmt: an expression statement that is a call whose callee is a
// selector chain (at least one selector; calls may sit inside the chain, as in
// log.G(ctx).Warn) rooted at one of logRoots.
func isLogStmt(s ast.Stmt) bool {
	es, ok := s.(*ast.ExprStmt)
	if !ok {
		return false
	}
	call, ok := unparen(es.X).(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	cur := sel.X
	for {
		switch x := unparen(cur).(type) {
		case *ast.SelectorExpr:
			cur = x.X
		case *ast.CallExpr:
			cur = x.Fun
		case *ast.Ident:
			return logRoots[x.Name]
		default:
			return false
		}
	}
}

// isZero: RULES.md "Zero values".
func isZero(e ast.Expr) bool {
	switch x := unparen(e).(type) {
	case *ast.Ident:
		return x.Name == "nil" || x.Name == "false"
	case *ast.BasicLit:
		switch x.Kind {
		case token.INT, token.FLOAT, token.IMAG:
			v := constant.MakeFromLiteral(x.Value, x.Kind, 0)
			if v.Kind() == constant.Unknown {
				return false
			}
			if x.Kind == token.IMAG {
				return constant.Sign(constant.Real(v)) == 0 && constant.Sign(constant.Imag(v)) == 0
			}
			return constant.Sign(v) == 0
		case token.STRING:
			return x.Value == `""` || x.Value == "``"
		}
	case *ast.CompositeLit:
		return len(x.Elts) == 0
	}
	return false
}

// calleeChain returns the names of a callee that is an identifier or a
// selector chain of identifiers (a.b.c), with no parentheses anywhere; nil
// for any other callee form.
func calleeChain(fun ast.Expr) []string {
	switch f := fun.(type) {
	case *ast.Ident:
		return []string{f.Name}
	case *ast.SelectorExpr:
		if x := calleeChain(f.X); x != nil {
			return append(x, f.Sel.Name)
		}
	}
	return nil
}

// errCalleeName: after removing one leading "new" or "New", the name starts
// with "Err" or "err".
func errCalleeName(name string) bool {
	if strings.HasPrefix(name, "new") || strings.HasPrefix(name, "New") {
		name = name[3:]
	}
	return strings.HasPrefix(name, "Err") || strings.HasPrefix(name, "err")
}

func startsErr(name string) bool {
	return (strings.HasPrefix(name, "Err") || strings.HasPrefix(name, "err")) && name != "err"
}

func isEName(name string) bool {
	if len(name) < 2 || name[0] != 'E' {
		return false
	}
	for _, r := range name[1:] {
		if !(unicode.IsUpper(r) || (r >= '0' && r <= '9')) {
			return false
		}
	}
	return true
}

// typeLastName: last name of a composite literal's type (T, pkg.T, T[X]).
func typeLastName(t ast.Expr) string {
	switch x := unparen(t).(type) {
	case *ast.Ident:
		return x.Name
	case *ast.SelectorExpr:
		return x.Sel.Name
	case *ast.IndexExpr:
		return typeLastName(x.X)
	case *ast.IndexListExpr:
		return typeLastName(x.X)
	}
	return ""
}

// isErrorExpr: RULES.md "Error expressions".
func isErrorExpr(e ast.Expr) bool {
	switch x := unparen(e).(type) {
	case *ast.CallExpr:
		chain := calleeChain(x.Fun)
		if chain == nil {
			return false
		}
		name := chain[len(chain)-1]
		if len(chain) == 2 {
			switch qual := chain[0]; {
			case qual == "errors" && name != "Is" && name != "As":
				return true
			case (qual == "errdefs" || qual == "cerrdefs") && !strings.HasPrefix(name, "Is"):
				return true
			case qual == "fmt" && name == "Errorf":
				return true
			case qual == "status" && (name == "Error" || name == "Errorf"):
				return true
			}
		}
		return errCalleeName(name) || name == "NotImplemented" || name == "NotSupported"
	case *ast.Ident:
		return startsErr(x.Name)
	case *ast.SelectorExpr:
		if startsErr(x.Sel.Name) {
			return true
		}
		if id, ok := x.X.(*ast.Ident); ok && (id.Name == "syscall" || id.Name == "unix" || id.Name == "windows") && isEName(x.Sel.Name) {
			return true
		}
		return false
	case *ast.CompositeLit:
		return strings.HasSuffix(typeLastName(x.Type), "Error")
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			if cl, ok := unparen(x.X).(*ast.CompositeLit); ok {
				return strings.HasSuffix(typeLastName(cl.Type), "Error")
			}
		}
	}
	return false
}

// message: the first string literal inside n, in source order, as its Go
// value; nil when there is none (or when that literal cannot be unquoted).
func message(n ast.Node) *string {
	return unquoteLit(firstStringLit(n))
}

// panicCall returns the call when s is an expression statement calling panic.
func panicCall(s ast.Stmt) *ast.CallExpr {
	es, ok := s.(*ast.ExprStmt)
	if !ok {
		return nil
	}
	call, ok := unparen(es.X).(*ast.CallExpr)
	if !ok {
		return nil
	}
	if id, ok := unparen(call.Fun).(*ast.Ident); ok && id.Name == "panic" {
		return call
	}
	return nil
}

// panicMessage: the first string literal among the panic call's arguments.
func panicMessage(call *ast.CallExpr) *string {
	for _, a := range call.Args {
		if m := message(a); m != nil {
			return m
		}
	}
	return nil
}

// firstErrorExpr returns the first result that is an error expression.
func firstErrorExpr(results []ast.Expr) ast.Expr {
	for _, r := range results {
		if isErrorExpr(r) {
			return r
		}
	}
	return nil
}

// bodyKind classifies a function body of file f; msg is the body's message
// for `error` and `panic`.
//
// A result that is a possible helper call (helpers.go), alone in place of the
// error, makes the body `error` when the call names an error helper.
func bodyKind(body *ast.BlockStmt, f *fileEntry, ix *varIndex, hx *helperIndex) (kind string, msg *string) {
	if body == nil {
		return "real", nil // declared without body (assembly, linkname)
	}
	list := topStmts(body.List)
	if len(list) == 0 {
		return "empty", nil
	}
	// Log statements, and `var x T` declarations (one spec, a type, no value)
	// whose names then hold zero values.
	locals := map[string]bool{}
	for _, s := range list[:len(list)-1] {
		if isLogStmt(s) {
			continue
		}
		names := zeroVarDecl(s)
		if names == nil {
			return "real", nil
		}
		for _, n := range names {
			locals[n] = true
		}
	}
	last := list[len(list)-1]
	if isLogStmt(last) {
		return "zero", nil
	}
	if ret, ok := last.(*ast.ReturnStmt); ok {
		isLocalZero := func(r ast.Expr) bool {
			id, ok := unparen(r).(*ast.Ident)
			return ok && locals[id.Name]
		}
		allZero := true
		for _, r := range ret.Results {
			if !isZero(r) && !isLocalZero(r) {
				allZero = false
				break
			}
		}
		if allZero {
			return "zero", nil
		}
		sawErr, sentinels, helpers := false, 0, 0
		var hq, hn string
		var hmsg *string
		var zeroVars []string
		for _, r := range ret.Results {
			if isZero(r) || isLocalZero(r) {
				continue
			}
			if isErrorExpr(r) {
				sawErr = true
				continue
			}
			if isSentinel(r) {
				sentinels++
				continue
			}
			if q, n, m, ok := helperCall(r); ok {
				helpers++
				hq, hn, hmsg = q, n, m
				continue
			}
			// A bare identifier may name a package-level zero value.
			if id, ok := unparen(r).(*ast.Ident); ok && id.Name != "err" {
				zeroVars = append(zeroVars, id.Name)
				continue
			}
			return "real", nil
		}
		if helpers > 0 {
			if !sawErr && helpers == 1 && len(zeroVars) == 0 && hx.resolves(f, hq, hn) {
				return "error", hmsg
			}
			return "real", nil
		}
		for _, n := range zeroVars {
			if !ix.zeroVar(n, f) {
				return "real", nil
			}
		}
		if sawErr {
			return "error", ix.errMessage(firstErrorExpr(ret.Results), f)
		}
		if sentinels == 0 && len(zeroVars) > 0 {
			return "zero", nil
		}
		return "real", nil
	}
	if call := panicCall(last); call != nil {
		return "panic", panicMessage(call)
	}
	return "real", nil
}

// zeroVarDecl: the names of `var a, b T` (a declaration statement of one
// spec with a type and no value, not grouped), or nil.
func zeroVarDecl(s ast.Stmt) []string {
	ds, ok := s.(*ast.DeclStmt)
	if !ok {
		return nil
	}
	g, ok := ds.Decl.(*ast.GenDecl)
	if !ok || g.Tok != token.VAR || g.Lparen.IsValid() || len(g.Specs) != 1 {
		return nil
	}
	v, ok := g.Specs[0].(*ast.ValueSpec)
	if !ok || v.Type == nil || len(v.Values) != 0 {
		return nil
	}
	var out []string
	for _, n := range v.Names {
		out = append(out, n.Name)
	}
	return out
}

// isSentinel: a value beside an error (§3): a basic literal (number, string,
// rune), a negated number literal, or true, in parentheses or not.
func isSentinel(e ast.Expr) bool {
	switch x := unparen(e).(type) {
	case *ast.BasicLit:
		return true
	case *ast.UnaryExpr:
		lit, ok := unparen(x.X).(*ast.BasicLit)
		return ok && x.Op == token.SUB && (lit.Kind == token.INT || lit.Kind == token.FLOAT || lit.Kind == token.IMAG)
	case *ast.Ident:
		return x.Name == "true"
	}
	return false
}

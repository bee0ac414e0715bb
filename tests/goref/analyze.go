package main

import (
	"fmt"
	"go/ast"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

type pkgKey struct{ dir, pkg string }

// apiKey is an API's identity (§2): package_dir|receiver|name. Definitions
// with the same id are joined whatever their package name.
type apiKey struct{ dir, recv, name string }

func (k apiKey) id() string { return k.dir + "|" + k.recv + "|" + k.name }

type def struct {
	f       *fileEntry
	line    int
	kind    string
	body    *string // func/method body kind
	bodyMsg *string
	pkg     string
	value   ast.Expr // const/var: this name's value (nil when none of its own)
	typ     ast.Expr // const/var: declared type; type: the type expression
	defKey  string
	fn      *ast.FuncDecl // func/method: its declaration
}

type api struct {
	key  apiKey
	defs []*def
	dT   *def
	dR   *def
}

func analyze(cfg *config, rootArg string) (*report, error) {
	root, err := filepath.EvalSymlinks(rootArg)
	if err != nil {
		return nil, err
	}
	st, err := os.Stat(root)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("%s is not a directory", rootArg)
	}
	cfg.setOpen(root)
	files, err := walk(root, cfg.vendor)
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	loadFiles(cfg, root, files, fset)

	// APIs (§2).
	apis := map[apiKey]*api{}
	ix := newVarIndex(cfg, files)
	hx := newHelperIndex(cfg, root, files)
	ix.hx = hx
	for _, f := range files {
		if !definesAPIs(cfg, f) {
			continue
		}
		collectDefs(f, apis, ix, hx)
	}
	for _, a := range apis {
		sort.SliceStable(a.defs, func(i, j int) bool {
			if a.defs[i].f.path != a.defs[j].f.path {
				return a.defs[i].f.path < a.defs[j].f.path
			}
			return a.defs[i].line < a.defs[j].line
		})
		for _, d := range a.defs {
			if a.dT == nil && d.f.builds(cfg.target) {
				a.dT = d
			}
			if a.dR == nil && d.f.builds(cfg.reference) {
				a.dR = d
			}
		}
	}

	// Platform flags (§4).
	tGOOS, rGOOS := cfg.platforms[cfg.target].goos, cfg.platforms[cfg.reference].goos
	flags := map[pkgKey]map[string]flagVal{}
	for _, a := range apis {
		if a.dT == nil || a.dR == nil {
			continue
		}
		if k := a.dT.kind; (k != "const" && k != "var") || (a.dR.kind != "const" && a.dR.kind != "var") {
			continue
		}
		if !boolOrNoType(a.dT.typ) || !boolOrNoType(a.dR.typ) {
			continue
		}
		vt, ok1 := flagValue(a.dT.value, a.dT.f.rt, tGOOS)
		vr, ok2 := flagValue(a.dR.value, a.dR.f.rt, rGOOS)
		if !ok1 || !ok2 || vt == vr {
			continue
		}
		// A flag belongs to the package of the API (its first definition's);
		// a file sees the flags of its own package name in its directory.
		pk := pkgKey{a.key.dir, a.defs[0].pkg}
		if flags[pk] == nil {
			flags[pk] = map[string]flagVal{}
		}
		flags[pk][a.key.name] = flagVal{vt, vr}
	}

	// The docker pack (dockerpack.go).
	docker := cfg.autoPack && dockerModules[modulePath(root)]

	// Guards (§4), from every parsed file.
	guards := []*guardOut{}
	for _, f := range files {
		if f.ast == nil {
			continue
		}
		w := &guardWalker{cfg: cfg, f: f, ix: ix, tGOOS: tGOOS, rGOOS: rGOOS, next: followers(f.ast),
			pack: docker && !isVendoredPath(f.path)}
		if f.pkg != nil {
			w.flags = flags[pkgKey{f.dir, *f.pkg}]
		}
		walkDecls(w)
		guards = append(guards, w.out...)
	}
	sort.SliceStable(guards, func(i, j int) bool {
		a, b := guards[i], guards[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Condition < b.Condition
	})
	guardsByDef := map[string][]*guardOut{}
	for _, g := range guards {
		if g.defKey != "" && g.Effect == "refuses" {
			guardsByDef[g.defKey] = append(guardsByDef[g.defKey], g)
		}
	}

	// Refusals inside the target's own definitions (§4b).
	refusals := []*refusalOut{}
	ownRefusals := map[*def][]*refusalOut{}
	isGuard := map[string]bool{}
	for _, g := range guards {
		isGuard[g.File+"|"+strconv.Itoa(g.Line)+"|"+g.Condition] = true
	}
	for k, a := range apis {
		if a.dT == nil || a.dT.fn == nil || a.dT.body == nil || *a.dT.body != "real" {
			continue
		}
		same := a.dT == a.dR
		theirs := map[string]bool{}
		if a.dR != nil && !same {
			for _, r := range refusalCandidates(a.dR) {
				theirs[r.Message] = true
			}
		}
		for _, r := range refusalCandidates(a.dT) {
			if theirs[r.Message] || isGuard[r.File+"|"+strconv.Itoa(r.Line)+"|"+r.Condition] {
				continue
			}
			// A definition both build refuses for the target when its condition
			// compares a value with the target's name (§4b).
			if same && r.namesOS != tGOOS {
				continue
			}
			if r.via != nil && !hx.resolves(a.dT.f, r.via.qual, r.via.name) {
				continue
			}
			r.API = k.id()
			refusals = append(refusals, r)
			ownRefusals[a.dT] = append(ownRefusals[a.dT], r)
		}
	}
	sort.SliceStable(refusals, func(i, j int) bool {
		if refusals[i].File != refusals[j].File {
			return refusals[i].File < refusals[j].File
		}
		return refusals[i].Line < refusals[j].Line
	})

	// Statuses (§5).
	rep := &report{
		Target:    cfg.platforms[cfg.target].name,
		Reference: cfg.platforms[cfg.reference].name,
		Files:     []fileOut{},
		APIs:      []apiOut{},
		Guards:    guards,
		Refusals:  refusals,
	}
	rep.Platforms = []string{}
	for _, p := range cfg.platforms {
		rep.Platforms = append(rep.Platforms, p.name)
	}
	platNames := func(idx []int) []string {
		out := []string{}
		for _, i := range idx {
			out = append(out, cfg.platforms[i].name)
		}
		return out
	}
	for _, f := range files {
		rep.Files = append(rep.Files, fileOut{Path: f.path, Package: f.pkg, Test: f.test, Platforms: platNames(f.plats), Error: f.err})
	}
	var keys []apiKey
	for k, a := range apis {
		if a.dT != nil || a.dR != nil {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].id() < keys[j].id() })
	var bs, ts statusOut
	support := testSupportDirs(cfg, root, files)
	for _, k := range keys {
		a := apis[k]
		out := apiOut{
			ID: k.id(), PackageDir: k.dir, Package: a.defs[0].pkg, Receiver: k.recv, Name: k.name,
			Kind: a.defs[0].kind, Exported: isExported(k.name), Messages: []string{}, MissingFields: []string{},
		}
		for _, d := range a.defs {
			out.Definitions = append(out.Definitions, defOut{File: d.f.path, Line: d.line, Platforms: platNames(d.f.plats), Body: d.body})
		}
		refusing := func() []*guardOut { return guardsByDef[a.dT.defKey] }
		switch {
		case a.dT == nil:
			out.Status = "missing"
			// §5: nothing on the target can name it.
			if !isExported(k.name) || (k.recv != "" && !isExported(k.recv)) || out.Package == "main" ||
				containsElem(k.dir, "internal") {
				out.Status = "linux-internal"
			}
		case a.dR == nil:
			out.Status = "windows-only"
			// What an API only the target has refuses: its whole body, or some inputs (§5).
			// An error constructor (newErrNotImplemented: §3's names) only makes the
			// error its callers return.
			constructor := errCalleeName(k.name) || k.name == "NotImplemented" || k.name == "NotSupported"
			if a.dT.body != nil && (*a.dT.body == "error" || *a.dT.body == "panic") && a.dT.bodyMsg != nil && !constructor {
				out.Messages = []string{*a.dT.bodyMsg}
			} else if rs := ownRefusals[a.dT]; len(rs) > 0 {
				out.Messages = mergedMessages(nil, rs)
			}
		case a.dT == a.dR:
			out.Status = "portable"
			if gs, rs := refusing(), ownRefusals[a.dT]; len(gs) > 0 || len(rs) > 0 {
				out.Status = "guarded"
				out.Messages = mergedMessages(gs, rs)
			}
		case a.dT.kind == "type" || a.dT.kind == "const" || a.dT.kind == "var" || a.dT.body == nil:
			out.Status = "native"
			if a.dT.kind == "type" && a.dR.kind == "type" {
				out.MissingFields = missingFields(a.dT.typ, a.dR.typ)
			}
		default:
			switch *a.dT.body {
			case "empty", "zero":
				out.Status = "stub"
			case "error", "panic":
				out.Status = "unsupported"
				if a.dT.bodyMsg != nil {
					out.Messages = []string{*a.dT.bodyMsg}
				}
			default:
				out.Status = "native"
				if gs, rs := refusing(), ownRefusals[a.dT]; len(gs) > 0 || len(rs) > 0 {
					out.Status = "guarded"
					out.Messages = mergedMessages(gs, rs)
				}
			}
		}
		bs := &bs
		if support[k.dir] {
			bs = &ts
		}
		switch out.Status {
		case "portable":
			bs.Portable++
		case "native":
			bs.Native++
		case "guarded":
			bs.Guarded++
		case "stub":
			bs.Stub++
		case "unsupported":
			bs.Unsupported++
		case "missing":
			bs.Missing++
		case "windows-only":
			bs.WindowsOnly++
		case "linux-internal":
			bs.LinuxInternal++
		}
		rep.APIs = append(rep.APIs, out)
	}
	rep.Summary.APIs = bs.total()
	rep.Summary.ByStatus = bs
	rep.Summary.Parity = bs.parity()
	rep.Summary.TestSupport = testSupportOut{APIs: ts.total(), Parity: ts.parity(), ByStatus: ts}
	// Test-support directories that hold APIs (winparity's package summaries).
	hasAPIs := map[string]bool{}
	for _, a := range rep.APIs {
		hasAPIs[a.PackageDir] = true
	}
	rep.TestSupportPackages = []string{}
	for _, d := range sortedKeys(support) {
		if hasAPIs[d] {
			rep.TestSupportPackages = append(rep.TestSupportPackages, d)
		}
	}
	return rep, nil
}

// definesAPIs: §1/§2 — a non-test file of a package other than
// documentation, built on the target or the reference, not dropped for cgo.
func definesAPIs(cfg *config, f *fileEntry) bool {
	if f.ast == nil || f.test || f.pkg == nil || *f.pkg == "documentation" {
		return false
	}
	if !cfg.cgo && f.cgoC {
		return false
	}
	return f.builds(cfg.target) || f.builds(cfg.reference)
}

func containsElem(dir, elem string) bool {
	for _, e := range strings.Split(dir, "/") {
		if e == elem {
			return true
		}
	}
	return false
}

func isExported(name string) bool {
	r, _ := utf8.DecodeRuneInString(name)
	return unicode.Is(unicode.Lu, r)
}

// recvTypeName: the receiver's type name without *, parentheses and type
// parameters; "" when it cannot be found.
func recvTypeName(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return ""
	}
	t := fd.Recv.List[0].Type
	for {
		switch x := t.(type) {
		case *ast.StarExpr:
			t = x.X
		case *ast.ParenExpr:
			t = x.X
		case *ast.IndexExpr:
			t = x.X
		case *ast.IndexListExpr:
			t = x.X
		case *ast.Ident:
			return x.Name
		default:
			return ""
		}
	}
}

func defKeyOf(f *fileEntry, id string, line int) string {
	return f.path + "|" + id + "|" + strconv.Itoa(line)
}

func collectDefs(f *fileEntry, apis map[apiKey]*api, ix *varIndex, hx *helperIndex) {
	add := func(k apiKey, d *def) {
		d.pkg = *f.pkg
		d.defKey = defKeyOf(f, k.id(), d.line)
		a := apis[k]
		if a == nil {
			a = &api{key: k}
			apis[k] = a
		}
		a.defs = append(a.defs, d)
	}
	for _, decl := range f.ast.Decls {
		switch x := decl.(type) {
		case *ast.FuncDecl:
			if x.Name == nil || x.Name.Name == "_" {
				continue
			}
			kind, recv := "func", ""
			if x.Recv != nil {
				kind = "method"
				recv = recvTypeName(x)
				if recv == "" {
					continue
				}
			} else if x.Name.Name == "init" {
				continue
			}
			bk, msg := bodyKind(x.Body, f, ix, hx)
			add(apiKey{f.dir, recv, x.Name.Name}, &def{f: f, line: f.line(x.Name.Pos()), kind: kind, body: strp(bk), bodyMsg: msg, fn: x})
		case *ast.GenDecl:
			for _, spec := range x.Specs {
				switch s := spec.(type) {
				case *ast.TypeSpec:
					if s.Name == nil || s.Name.Name == "_" {
						continue
					}
					add(apiKey{f.dir, "", s.Name.Name}, &def{f: f, line: f.line(s.Name.Pos()), kind: "type", typ: s.Type})
				case *ast.ValueSpec:
					kind := "var"
					if x.Tok == token.CONST {
						kind = "const"
					}
					for i, n := range s.Names {
						if n.Name == "_" {
							continue
						}
						d := &def{f: f, line: f.line(n.Pos()), kind: kind, typ: s.Type}
						if len(s.Values) == len(s.Names) {
							d.value = s.Values[i]
						}
						add(apiKey{f.dir, "", n.Name}, d)
					}
				}
			}
		}
	}
}

// walkDecls runs the guard walker over every top-level declaration, with
// the enclosing declaration's id (§4 "API").
func walkDecls(w *guardWalker) {
	f := w.f
	set := func(recv string, name *ast.Ident) {
		if name == nil {
			w.id, w.defKey = nil, ""
			return
		}
		id := f.dir + "|" + recv + "|" + name.Name
		w.id = strp(id)
		w.defKey = defKeyOf(f, id, f.line(name.Pos()))
	}
	for _, decl := range f.ast.Decls {
		w.locals = localFlags(decl, w)
		switch x := decl.(type) {
		case *ast.FuncDecl:
			recv := ""
			if x.Recv != nil {
				recv = recvTypeName(x)
			}
			set(recv, x.Name)
			ast.Walk(w, x)
		case *ast.GenDecl:
			for _, spec := range x.Specs {
				switch s := spec.(type) {
				case *ast.TypeSpec:
					set("", s.Name)
					ast.Walk(w, s)
				case *ast.ValueSpec:
					if len(s.Names) == 0 {
						set("", nil)
						ast.Walk(w, s)
						continue
					}
					set("", s.Names[0])
					if s.Type != nil {
						ast.Walk(w, s.Type)
					}
					for i, v := range s.Values {
						if len(s.Values) == len(s.Names) {
							set("", s.Names[i])
						} else {
							set("", s.Names[0])
						}
						ast.Walk(w, v)
					}
				default:
					set("", nil)
					ast.Walk(w, spec)
				}
			}
		default:
			set("", nil)
			ast.Walk(w, decl)
		}
	}
}

func boolOrNoType(t ast.Expr) bool {
	if t == nil {
		return true
	}
	id, ok := t.(*ast.Ident)
	return ok && id.Name == "bool"
}

// flagValue: true, false, or a single GOOS atom, optionally parenthesized.
func flagValue(e ast.Expr, rt map[string]bool, goos string) (bool, bool) {
	if e == nil {
		return false, false
	}
	e = unparen(e)
	if id, ok := e.(*ast.Ident); ok {
		switch id.Name {
		case "true":
			return true, true
		case "false":
			return false, true
		}
		return false, false
	}
	if s, eq, ok := goosAtom(e, rt); ok {
		return (goos == s) == eq, true
	}
	return false, false
}

// mergedMessages: the messages of refusing guards and of refusals, in line
// order (guards first on a tie, as sorted), without repeats (§5).
func mergedMessages(gs []*guardOut, rs []*refusalOut) []string {
	type lm struct {
		line int
		msg  string
	}
	var all []lm
	for _, g := range gs {
		if g.Message != nil {
			all = append(all, lm{g.Line, *g.Message})
		}
	}
	for _, r := range rs {
		all = append(all, lm{r.Line, r.Message})
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].line < all[j].line })
	out := []string{}
	seen := map[string]bool{}
	for _, x := range all {
		if !seen[x.msg] {
			seen[x.msg] = true
			out = append(out, x.msg)
		}
	}
	return out
}

// fieldNames lists a struct type's field names, embedded fields by their type
// name; ok false when t is not a struct type.
func fieldNames(t ast.Expr) ([]string, bool) {
	st, ok := unparen(t).(*ast.StructType)
	if !ok || st.Fields == nil {
		return nil, ok
	}
	var out []string
	for _, fld := range st.Fields.List {
		if len(fld.Names) == 0 {
			if n := embeddedName(fld.Type); n != "" {
				out = append(out, n)
			}
			continue
		}
		for _, n := range fld.Names {
			out = append(out, n.Name)
		}
	}
	return out, true
}

func embeddedName(t ast.Expr) string {
	for {
		switch x := t.(type) {
		case *ast.StarExpr:
			t = x.X
		case *ast.ParenExpr:
			t = x.X
		case *ast.IndexExpr:
			t = x.X
		case *ast.IndexListExpr:
			t = x.X
		case *ast.SelectorExpr:
			return x.Sel.Name
		case *ast.Ident:
			return x.Name
		default:
			return ""
		}
	}
}

func missingFields(tT, tR ast.Expr) []string {
	out := []string{}
	rNames, okR := fieldNames(tR)
	tNames, okT := fieldNames(tT)
	if !okR || !okT {
		return out
	}
	have := map[string]bool{}
	for _, n := range tNames {
		have[n] = true
	}
	for _, n := range rNames {
		if !have[n] {
			out = append(out, n)
		}
	}
	return out
}

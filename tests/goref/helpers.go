package main

// RULES.md §3, *error helpers*: a call f("…") or q.F("…") that is no error
// expression, one of whose arguments holds a string literal in a refusal's
// words, builds an error when its callee is a function (no method) of a
// non-test file built on the target whose last result is `error`. q names an
// import of the calling file (its alias, or the path's last element less a
// major version); the import's package is in the module (go.mod's module
// path) or vendored (vendor/PATH).
//
// Written from the rule book, with go/ast: the results' last field type, the
// file's ImportSpecs.

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
)

type helperIndex struct {
	module string
	funcs  map[string]bool // dir|name
	dirs   map[string]bool
}

func newHelperIndex(cfg *config, root string, files []*fileEntry) *helperIndex {
	h := &helperIndex{module: modulePath(root), funcs: map[string]bool{}, dirs: map[string]bool{}}
	for _, f := range files {
		if f.ast == nil || f.test || f.pkg == nil || !f.builds(cfg.target) {
			continue
		}
		h.dirs[f.dir] = true
		for _, d := range f.ast.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv != nil || fd.Type.Results == nil || len(fd.Type.Results.List) == 0 {
				continue
			}
			last := fd.Type.Results.List[len(fd.Type.Results.List)-1]
			if id, ok := last.Type.(*ast.Ident); ok && id.Name == "error" {
				h.funcs[f.dir+"|"+fd.Name.Name] = true
			}
		}
	}
	return h
}

// modulePath: the module directive of root/go.mod, read by its grammar
// (`module PATH` or `module "PATH"`, comments after //).
func modulePath(root string) string {
	data, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(data), "\n") {
		if i := strings.Index(line, "//"); i >= 0 {
			line = line[:i]
		}
		fs := strings.Fields(line)
		if len(fs) == 2 && fs[0] == "module" {
			if p, err := strconv.Unquote(fs[1]); err == nil {
				return p
			}
			return fs[1]
		}
	}
	return ""
}

// helperCall: e as a possible helper call — the callee (qualifier, name) and
// the message — or ok false.
func helperCall(e ast.Expr) (qual, name string, msg *string, ok bool) {
	call, isCall := unparen(e).(*ast.CallExpr)
	if !isCall || isErrorExpr(e) {
		return "", "", nil, false
	}
	switch fun := call.Fun.(type) {
	case *ast.Ident:
		name = fun.Name
	case *ast.SelectorExpr:
		x, isID := fun.X.(*ast.Ident)
		if !isID {
			return "", "", nil, false
		}
		qual, name = x.Name, fun.Sel.Name
	default:
		return "", "", nil, false
	}
	for _, a := range call.Args {
		if m := message(a); m != nil {
			if !refusalWording.MatchString(*m) {
				return "", "", nil, false
			}
			return qual, name, m, true
		}
	}
	return "", "", nil, false
}

// resolves: the helper call (qual, name) seen from f names an error helper.
func (h *helperIndex) resolves(f *fileEntry, qual, name string) bool {
	if h == nil {
		return false
	}
	dir := f.dir
	if qual != "" {
		path, ok := importNamed(f, qual)
		if !ok {
			return false
		}
		if dir = h.dirOf(path); dir == "" {
			return false
		}
	}
	return h.funcs[dir+"|"+name]
}

// importNamed: the path of f's first import named q (by its alias, or without
// one by defaultImportName).
func importNamed(f *fileEntry, q string) (string, bool) {
	for _, im := range f.ast.Imports {
		p, err := strconv.Unquote(im.Path.Value)
		if err != nil {
			continue
		}
		if (im.Name != nil && im.Name.Name == q) || (im.Name == nil && defaultImportName(p) == q) {
			return p, true
		}
	}
	return "", false
}

func (h *helperIndex) dirOf(path string) string {
	if h == nil {
		return ""
	}
	if h.module != "" {
		if path == h.module {
			return "."
		}
		if strings.HasPrefix(path, h.module+"/") {
			return path[len(h.module)+1:]
		}
	}
	if h.dirs["vendor/"+path] {
		return "vendor/" + path
	}
	return ""
}

func isMajor(s string) bool {
	if len(s) < 2 || s[0] != 'v' {
		return false
	}
	for _, c := range s[1:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// defaultImportName: the last path element, less a major version element
// (…/v2) or suffix (yaml.v3).
func defaultImportName(p string) string {
	parts := strings.Split(p, "/")
	last := parts[len(parts)-1]
	if isMajor(last) && len(parts) > 1 {
		return parts[len(parts)-2]
	}
	if i := strings.LastIndex(last, "."); i >= 0 && isMajor(last[i+1:]) {
		return last[:i]
	}
	return last
}

// knownOS: the GOOS values Go knows, read from the toolchain's own list
// (GOROOT/src/internal/syslist/syslist.go, the KnownOS map).
var knownOS = func() map[string]bool {
	out := map[string]bool{}
	path := filepath.Join(runtime.GOROOT(), "src", "internal", "syslist", "syslist.go")
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
	if err != nil {
		panic("cannot read Go's list of operating systems: " + err.Error())
	}
	ast.Inspect(f, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok || len(vs.Names) != 1 || vs.Names[0].Name != "KnownOS" || len(vs.Values) != 1 {
			return true
		}
		lit, _ := vs.Values[0].(*ast.CompositeLit)
		for _, el := range lit.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				if b, ok := kv.Key.(*ast.BasicLit); ok {
					if s, err := strconv.Unquote(b.Value); err == nil {
						out[s] = true
					}
				}
			}
		}
		return false
	})
	if len(out) == 0 {
		panic("no KnownOS in " + path)
	}
	return out
}()

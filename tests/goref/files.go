package main

import (
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
)

type fileEntry struct {
	path  string // root-relative, slash-separated
	dir   string // root-relative directory, "." for the root
	name  string // base name
	test  bool
	pkg   *string
	plats []int // indexes of the platforms it builds on (in -platforms order)
	err   *string

	src  []byte
	ast  *ast.File // nil unless the file builds on at least one platform
	tf   *token.File
	rt   map[string]bool // the file's names for the import "runtime"
	cgoC bool            // imports "C"
}

func (f *fileEntry) builds(i int) bool {
	for _, p := range f.plats {
		if p == i {
			return true
		}
	}
	return false
}

// walk lists every .go file under root as RULES.md §1 says.
func walk(root string, vendor bool) ([]*fileEntry, error) {
	var files []*fileEntry
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == root {
				return err
			}
			// Unreadable directory: skip it, the rest goes on.
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		name := d.Name()
		if d.IsDir() {
			if p != root && (name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || (!vendor && name == "vendor")) {
				return fs.SkipDir
			}
			return nil
		}
		// §1: only .go files whose name does not start with . or _ (the go
		// command ignores those silently; they are not listed).
		if !strings.HasSuffix(name, ".go") || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
			return nil
		}
		if !d.Type().IsRegular() {
			if d.Type()&fs.ModeSymlink == 0 {
				return nil
			}
			st, err := os.Stat(p)
			if err != nil || !st.Mode().IsRegular() {
				return nil
			}
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return nil
		}
		rel = filepath.ToSlash(rel)
		dir := path.Dir(rel)
		files = append(files, &fileEntry{path: rel, dir: dir, name: name, test: strings.HasSuffix(name, "_test.go")})
		return nil
	})
	sort.Slice(files, func(i, j int) bool { return files[i].path < files[j].path })
	return files, err
}

// loadFiles runs MatchFile for every platform and parses the built files.
func loadFiles(cfg *config, root string, files []*fileEntry, fset *token.FileSet) {
	work := make(chan *fileEntry)
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range work {
				loadFile(cfg, root, f, fset)
			}
		}()
	}
	for _, f := range files {
		work <- f
	}
	close(work)
	wg.Wait()
}

func loadFile(cfg *config, root string, f *fileEntry, fset *token.FileSet) {
	f.plats = []int{}
	read := false // did MatchFile open the file on some platform (its name allowing it there)?
	for i, p := range cfg.platforms {
		ctx := p.ctx
		open := ctx.OpenFile
		ctx.OpenFile = func(path string) (io.ReadCloser, error) {
			read = true
			return open(path)
		}
		ok, err := ctx.MatchFile(f.dir, f.name)
		if err != nil {
			if f.err == nil {
				f.err = strp(err.Error())
			}
			continue
		}
		if ok {
			f.plats = append(f.plats, i)
		}
	}
	if f.err != nil {
		// RULES.md §1: a file Go cannot read has no platforms and no package.
		f.plats = []int{}
		return
	}
	if !read {
		// §1: a file its name excludes everywhere is never read (package null).
		return
	}
	src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(f.path)))
	if err != nil {
		return // package stays null
	}
	if len(f.plats) == 0 {
		pf, _ := parser.ParseFile(token.NewFileSet(), f.path, src, parser.PackageClauseOnly)
		if pf != nil && pf.Name != nil && pf.Name.Name != "" {
			f.pkg = strp(pf.Name.Name)
		}
		return
	}
	af, _ := parser.ParseFile(fset, f.path, src, parser.ParseComments|parser.SkipObjectResolution)
	if af == nil {
		return
	}
	f.src = src
	f.ast = af
	f.tf = fset.File(af.Pos())
	if af.Name != nil && af.Name.Name != "" {
		f.pkg = strp(af.Name.Name)
	} else if name := packageByScanner(src); name != "" {
		// go/parser gives up on the package clause after some errors (invalid UTF-8 in a
		// header comment); go/build's reader still reads the name, and so does winparity.
		f.pkg = strp(name)
	}
	f.rt = map[string]bool{}
	for _, imp := range af.Imports {
		if imp.Path == nil {
			continue
		}
		ip, err := strconv.Unquote(imp.Path.Value)
		if err != nil {
			continue
		}
		switch ip {
		case "C":
			f.cgoC = true
		case "runtime":
			if imp.Name == nil {
				f.rt["runtime"] = true
			} else if imp.Name.Name != "." && imp.Name.Name != "_" {
				f.rt[imp.Name.Name] = true
			}
		}
	}
}

// line is the 1-based line of pos, ignoring //line directives.
func (f *fileEntry) line(pos token.Pos) int {
	return f.tf.PositionFor(pos, false).Line
}

// text is the source text of n, with runs of white space folded to one space.
func (f *fileEntry) text(from, to token.Pos) string {
	a, b := f.tf.Offset(from), f.tf.Offset(to)
	if a < 0 || b > len(f.src) || a > b {
		return ""
	}
	return foldSpace(string(f.src[a:b]))
}

// foldSpace folds runs of Unicode white space (as strings.Fields splits) to
// one space.
func foldSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// packageByScanner returns the identifier after the first `package` keyword, scanning with
// errors ignored.
func packageByScanner(src []byte) string {
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	var sc scanner.Scanner
	sc.Init(file, src, nil, 0)
	for {
		_, tok, _ := sc.Scan()
		switch tok {
		case token.EOF:
			return ""
		case token.PACKAGE:
			_, tok, lit := sc.Scan()
			if tok == token.IDENT {
				return lit
			}
			return ""
		}
	}
}

package main

import (
	"fmt"
	"go/ast"
	"go/types"
	"io"
	"strings"
	"time"

	"golang.org/x/tools/go/callgraph"
	"golang.org/x/tools/go/callgraph/cha"
	"golang.org/x/tools/go/callgraph/static"
	"golang.org/x/tools/go/callgraph/vta"
	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"
)

// analyze loads root, builds SSA and both call graphs, and maps their edges.
// Phase times and counts go to logw.
func analyze(root string, vendor bool, vtaRounds int, stderr, logw io.Writer) (*Report, error) {
	start := time.Now()
	phase := func(what string) {
		fmt.Fprintf(logw, "callgraph: %-10s done at %6.1fs\n", what, time.Since(start).Seconds())
	}
	t, err := newTree(root, vendor)
	if err != nil {
		return nil, err
	}
	all, inTree, errs, err := load(t, stderr)
	if err != nil {
		return nil, err
	}
	if len(all) == 0 {
		return nil, fmt.Errorf("%s: no packages", root)
	}
	phase("load")
	d := indexDecls(t, inTree, all[0].Fset)

	prog, _ := ssautil.AllPackages(rootsOf(all), ssa.InstantiateGenerics)
	prog.Build()
	phase("ssa")

	m := &mapper{decls: d, tree: t, edges: edgeSet{}}
	// The static graph first: its edges are "static".
	m.addGraph(static.CallGraph(prog), false)
	phase("static")
	staticOnly := len(m.edges)

	// VTA over every function AllFunctions finds plus every declaration of
	// the tree (methods of generic types and methods of unexported types that
	// nothing reaches are not in AllFunctions) and their closures.
	funcs := ssautil.AllFunctions(prog)
	for _, p := range inTree {
		if p.Types == nil || p.IllTyped {
			continue
		}
		for _, f := range p.Syntax {
			for _, decl := range f.Decls {
				fd, ok := decl.(*ast.FuncDecl)
				if !ok {
					continue
				}
				if obj, ok := p.TypesInfo.Defs[fd.Name].(*types.Func); ok {
					if fn := prog.FuncValue(obj); fn != nil {
						addWithClosures(funcs, fn)
					}
				}
			}
		}
	}
	chaGraph := cha.CallGraph(prog)
	phase("cha")
	// Each round of VTA takes the previous round's graph as its initial
	// one, as x/tools' own benchmarks do (go/callgraph/callgraph_test.go,
	// "VTA2"): a more precise initial graph gives fewer interprocedural type
	// flows, so fewer callees at a dynamic call.
	vtaGraph := chaGraph
	for round := 1; round <= vtaRounds; round++ {
		vtaGraph = vta.CallGraph(funcs, vtaGraph)
		phase(fmt.Sprintf("vta %d", round))
	}
	m.addGraph(vtaGraph, true)
	phase("map")
	byHow := map[string]int{}
	for _, how := range m.edges {
		byHow[how]++
	}
	fmt.Fprintf(logw, "callgraph: %d packages (%d loaded), %d functions for VTA; edges: %d from the static graph, %d static sites only the VTA pass reached, %d vta\n",
		len(inTree), len(all), len(funcs), staticOnly, byHow["static"]-staticOnly, byHow["vta"])

	if m.otherSites > 0 {
		fmt.Fprintf(stderr, "callgraph: %d call sites whose position is no call's `(` (kept at their own line)\n", m.otherSites)
	}
	return &Report{
		Tool:          "callgraph-ref",
		GOOS:          "windows",
		Vendor:        vendor,
		Packages:      len(inTree),
		PackageErrors: errs,
		Edges:         m.edges.sorted(),
	}, nil
}

// rootsOf returns the packages with no importer among all, so that
// ssautil.AllPackages sees each package once through the import graph.
func rootsOf(all []*packages.Package) []*packages.Package {
	imported := map[*packages.Package]bool{}
	for _, p := range all {
		for _, q := range p.Imports {
			imported[q] = true
		}
	}
	var out []*packages.Package
	for _, p := range all {
		if !imported[p] {
			out = append(out, p)
		}
	}
	return out
}

func addWithClosures(funcs map[*ssa.Function]bool, fn *ssa.Function) {
	if funcs[fn] {
		return
	}
	funcs[fn] = true
	for _, anon := range fn.AnonFuncs {
		addWithClosures(funcs, anon)
	}
}

// mapper turns SSA call graph edges into winparity edges.
type mapper struct {
	decls      *decls
	tree       *tree
	edges      edgeSet
	otherSites int
	cache      map[*ssa.Function][]callee // calleeIDs of the graph being added
}

// addGraph adds every edge of g whose caller and callee map to ids of the
// tree. In the VTA graph, an edge counts as static when its site names its
// callee statically (such sites may lie in functions the static graph does
// not reach, such as closures used as values).
func (m *mapper) addGraph(g *callgraph.Graph, isVTA bool) {
	m.cache = map[*ssa.Function][]callee{}
	seenSite := map[ssa.CallInstruction]bool{}
	for fn, node := range g.Nodes {
		if fn == nil {
			continue
		}
		from, ok := m.callerID(fn)
		if !ok {
			continue
		}
		for _, e := range node.Out {
			if e.Site == nil {
				continue
			}
			file, line, ok := m.site(e.Site, !seenSite[e.Site])
			seenSite[e.Site] = true
			if !ok {
				continue
			}
			staticSite := e.Site.Common().StaticCallee() != nil
			for _, c := range m.calleeIDs(g, e.Callee.Func) {
				how := "static"
				if isVTA && (!staticSite || c.dynamic) {
					how = "vta"
				}
				m.edges.add(siteKey{from: from, to: c.id, file: file, line: line}, how)
			}
		}
	}
}

// callerID is the id of the top-level declaration whose body holds fn
// (closures fold into their enclosing declaration); false for synthetic
// functions (wrappers, package initializers) and init.
func (m *mapper) callerID(fn *ssa.Function) (string, bool) {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	if fn.Synthetic != "" && !strings.HasPrefix(fn.Synthetic, "instance of ") {
		return "", false
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok {
		return "", false
	}
	id, ok := m.decls.ids[obj.Origin().Pos()]
	return id, ok
}

// callee is one declared function a call reaches.
type callee struct {
	id      string
	dynamic bool // reached through an interface method's wrapper
}

// calleeIDs maps a graph callee to declared functions of the tree:
// instantiations to their generic declaration, wrappers, thunks and bound
// closures to the method they stand for. A wrapper of an interface method
// (a promoted method of an embedded interface, a method value or method
// expression of an interface) stands for what its own dynamic call reaches
// in g. Closures are dropped. Results are cached per graph (m.cache): a
// wrapper of a much-implemented interface is reached from many sites.
func (m *mapper) calleeIDs(g *callgraph.Graph, fn *ssa.Function) []callee {
	if r, ok := m.cache[fn]; ok {
		return r
	}
	var r []callee
	if obj, ok := m.declared(fn); ok {
		if fn.Synthetic != "" && isInterfaceMethod(obj) {
			ids := map[string]bool{}
			m.expand(g, fn, map[*ssa.Function]bool{}, ids)
			for id := range ids {
				r = append(r, callee{id: id, dynamic: true})
			}
		} else if id, ok := m.decls.ids[obj.Pos()]; ok {
			r = []callee{{id: id}}
		}
	}
	m.cache[fn] = r
	return r
}

// declared returns the declared (origin) function fn stands for; false for
// closures and functions with no declaration (package initializers).
func (m *mapper) declared(fn *ssa.Function) (*types.Func, bool) {
	if fn.Parent() != nil {
		return nil, false
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok {
		return nil, false
	}
	return obj.Origin(), true
}

// expand adds to ids the declared functions of the tree that the interface
// method wrapper fn reaches in g, through further such wrappers.
func (m *mapper) expand(g *callgraph.Graph, fn *ssa.Function, visiting map[*ssa.Function]bool, ids map[string]bool) {
	if visiting[fn] {
		return
	}
	visiting[fn] = true
	node := g.Nodes[fn]
	if node == nil {
		return
	}
	for _, e := range node.Out {
		c := e.Callee.Func
		obj, ok := m.declared(c)
		if !ok {
			continue
		}
		if c.Synthetic != "" && isInterfaceMethod(obj) {
			m.expand(g, c, visiting, ids)
		} else if id, ok := m.decls.ids[obj.Pos()]; ok {
			ids[id] = true
		}
	}
}

func isInterfaceMethod(obj *types.Func) bool {
	recv := obj.Signature().Recv()
	return recv != nil && types.IsInterface(recv.Type())
}

// site returns the root-relative file and the line of the call's `(`.
// count says whether to count a site whose position is no call's `(`.
func (m *mapper) site(s ssa.CallInstruction, count bool) (string, int, bool) {
	pos := s.Pos()
	switch s.(type) {
	case *ssa.Go, *ssa.Defer:
		if lp, ok := m.decls.goDefer[pos]; ok {
			pos = lp
		}
	}
	if !pos.IsValid() {
		return "", 0, false
	}
	p := m.decls.fset.PositionFor(pos, false)
	rel, ok := m.decls.filesRel[p.Filename]
	if !ok {
		return "", 0, false
	}
	if count && !m.decls.lparens[pos] {
		m.otherSites++
	}
	return rel, p.Line, true
}

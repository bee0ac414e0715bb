package main

import (
	"sort"
	"strconv"
	"strings"
)

// testSupportDirs: RULES.md §6 — directories holding a package that some file
// imports, where every importer is a _test.go file of another directory or a
// non-test file of a test-support directory; the largest such set.
func testSupportDirs(cfg *config, root string, files []*fileEntry) map[string]bool {
	module := modulePath(root)
	compared := func(f *fileEntry) bool {
		return f.ast != nil && f.pkg != nil && (f.builds(cfg.target) || f.builds(cfg.reference))
	}
	pkgDirs := map[string]bool{}
	for _, f := range files {
		if compared(f) && !f.test {
			pkgDirs[f.dir] = true
		}
	}
	dirOf := func(ip string) (string, bool) {
		if module != "" {
			if ip == module {
				return ".", pkgDirs["."]
			}
			if strings.HasPrefix(ip, module+"/") {
				d := strings.TrimPrefix(ip, module+"/")
				return d, pkgDirs[d]
			}
		}
		d := "vendor/" + ip
		return d, pkgDirs[d]
	}
	// importers[d]: the importing directories of non-test files.
	importers := map[string]map[string]bool{}
	imported := map[string]bool{}
	for _, f := range files {
		if !compared(f) {
			continue
		}
		for _, im := range f.ast.Imports {
			ip, err := strconv.Unquote(im.Path.Value)
			if err != nil || ip == "C" {
				continue
			}
			d, ok := dirOf(ip)
			if !ok || d == f.dir {
				continue
			}
			imported[d] = true
			if !f.test {
				if importers[d] == nil {
					importers[d] = map[string]bool{}
				}
				importers[d][f.dir] = true
			}
		}
	}
	support := map[string]bool{}
	for d := range imported {
		support[d] = true
	}
	for changed := true; changed; {
		changed = false
		for d := range support {
			for from := range importers[d] {
				if !support[from] {
					delete(support, d)
					changed = true
					break
				}
			}
		}
	}
	return support
}

func sortedKeys(m map[string]bool) []string {
	out := []string{}
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

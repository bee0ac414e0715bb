package main

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
)

// Edge is one call from a top-level declaration to a declared function or
// method, at one call site.
type Edge struct {
	From string `json:"from"`
	To   string `json:"to"`
	File string `json:"file"`
	Line int    `json:"line"`
	How  string `json:"how"`
}

// Report is the JSON object printed on stdout.
type Report struct {
	Tool          string `json:"tool"`
	GOOS          string `json:"goos"`
	Vendor        bool   `json:"vendor"`
	Packages      int    `json:"packages"`
	PackageErrors int    `json:"package_errors"`
	Edges         []Edge `json:"edges"`
}

// siteKey identifies an edge regardless of how it was found.
type siteKey struct {
	from, to, file string
	line           int
}

// edgeSet collects edges; a static sighting of a site wins over a VTA one.
type edgeSet map[siteKey]string

func (s edgeSet) add(k siteKey, how string) {
	if old, ok := s[k]; ok && old == "static" {
		return
	}
	s[k] = how
}

// sorted returns the edges ordered by (file, line, from, to).
func (s edgeSet) sorted() []Edge {
	out := make([]Edge, 0, len(s))
	for k, how := range s {
		out = append(out, Edge{From: k.from, To: k.to, File: k.file, Line: k.line, How: how})
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.From != b.From {
			return a.From < b.From
		}
		return a.To < b.To
	})
	return out
}

// write prints the report: the header fields indented by two spaces, one edge
// per line (so that two outputs diff line by line), a trailing newline.
func (r *Report) write(w io.Writer) error {
	enc := func(v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			panic(err) // only strings, ints and bools
		}
		return string(b)
	}
	fmt.Fprintf(w, "{\n  \"tool\": %s,\n  \"goos\": %s,\n  \"vendor\": %s,\n  \"packages\": %d,\n  \"package_errors\": %d,\n  \"edges\": [",
		enc(r.Tool), enc(r.GOOS), enc(r.Vendor), r.Packages, r.PackageErrors)
	for i, e := range r.Edges {
		sep := ","
		if i == 0 {
			sep = ""
		}
		fmt.Fprintf(w, "%s\n    %s", sep, enc(e))
	}
	if len(r.Edges) > 0 {
		fmt.Fprint(w, "\n  ")
	}
	_, err := fmt.Fprint(w, "]\n}\n")
	return err
}

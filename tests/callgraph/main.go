// Command callgraph is the Go reference call graph that winparity's own
// token-based call graph is measured against. It loads a module with
// go/packages for windows/amd64, builds SSA, computes the static call graph
// and a VTA call graph, maps every edge to winparity API ids and prints one
// JSON object; see README.md.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is the whole command, callable in-process by the test.
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("callgraph", flag.ContinueOnError)
	fs.SetOutput(stderr)
	vendorFlag := fs.Bool("vendor", false, "count vendored packages as part of the tree (callers and callees)")
	verbose := fs.Bool("v", false, "print the time of each phase and edge counts on stderr")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile to this file")
	vtaRounds := fs.Int("vta-rounds", 1, "run VTA this many times, each on the previous graph (the first on CHA's)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *vtaRounds < 1 {
		fmt.Fprintln(stderr, "callgraph: -vta-rounds must be at least 1")
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: callgraph [-vendor] [-vta-rounds N] [-v] ROOT")
		return 2
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			fmt.Fprintln(stderr, "callgraph:", err)
			return 2
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(stderr, "callgraph:", err)
			return 2
		}
		defer pprof.StopCPUProfile()
	}
	logw := io.Discard
	if *verbose {
		logw = stderr
	}
	rep, err := analyze(fs.Arg(0), *vendorFlag, *vtaRounds, stderr, logw)
	if err != nil {
		fmt.Fprintln(stderr, "callgraph:", err)
		return 2
	}
	w := bufio.NewWriter(stdout)
	if err := rep.write(w); err != nil {
		fmt.Fprintln(stderr, "callgraph:", err)
		return 2
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(stderr, "callgraph:", err)
		return 2
	}
	return 0
}

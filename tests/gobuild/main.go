// Command gobuild is winparity's golden generator: for every .go file of a
// tree and every build configuration it records what the Go toolchain's own
// go/build package says, i.e. build.Context.MatchFile(dir, name).
//
// Usage (from tests/gobuild):
//
//	go run . -root DIR -configs CONFIGS.json > golden.json
//
// CONFIGS.json is a list of
//
//	{"name": "linux-amd64", "goos": "linux", "goarch": "amd64", "cgo": true, "tags": [], "go": 26}
//
// where "go": N means ReleaseTags go1.1 … go1.N. For each configuration the
// build.Context is a copy of build.Default with GOOS, GOARCH, CgoEnabled,
// Compiler "gc", BuildTags, ReleaseTags set, and ToolTags taken from the go
// command itself (`go list -f '{{join context.ToolTags ","}}' runtime` with
// GOOS/GOARCH/CGO_ENABLED set and the tuning variables GOAMD64, GOARM,
// GOEXPERIMENT, … cleared, GOENV=off), so the golden depends only on the Go
// toolchain, not on the user's environment.
//
// Every regular file whose name ends in ".go" under DIR is listed, whatever
// its directory (testdata, vendor, .x and _x directories included); symlinks
// are not followed. Files are sorted by their slash-separated path relative
// to DIR. MatchFile is called with dir = that relative directory ("." at the
// root) and the context's JoinPath/OpenFile hooks resolve it against DIR, so
// error messages name files relative to DIR, with slashes, on every machine.
//
// Only the Go standard library is used.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/build"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// Config is one build configuration, as read from CONFIGS.json.
type Config struct {
	Name   string   `json:"name"`
	GOOS   string   `json:"goos"`
	GOARCH string   `json:"goarch"`
	Cgo    bool     `json:"cgo"`
	Tags   []string `json:"tags"`
	Go     int      `json:"go"`
}

type result struct {
	match bool
	err   *string
}

func main() {
	root := flag.String("root", "", "directory to scan (relative to the current directory or absolute)")
	configsPath := flag.String("configs", "", "JSON file listing the build configurations")
	tagChars := flag.Bool("tagchars", false, "print the Rust table of the non-ASCII characters Go accepts in a build tag, and exit")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: go run . -root DIR -configs CONFIGS.json\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *tagChars {
		printTagChars()
		return
	}
	if *root == "" || *configsPath == "" || flag.NArg() != 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*root, *configsPath, os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "gobuild: %v\n", err)
		os.Exit(1)
	}
}

func run(root, configsPath string, out io.Writer) error {
	configs, err := readConfigs(configsPath)
	if err != nil {
		return err
	}
	st, err := os.Stat(root)
	if err != nil {
		return err
	}
	if !st.IsDir() {
		return fmt.Errorf("%s: not a directory", root)
	}

	// Tool tags, one `go list` per distinct GOOS/GOARCH/cgo.
	toolTags := make([][]string, len(configs))
	cache := map[string][]string{}
	for i, c := range configs {
		key := c.GOOS + "/" + c.GOARCH + "/" + strconv.FormatBool(c.Cgo)
		tt, ok := cache[key]
		if !ok {
			tt, err = goToolTags(c)
			if err != nil {
				return err
			}
			cache[key] = tt
		}
		toolTags[i] = tt
	}

	ctxts := make([]*build.Context, len(configs))
	for i, c := range configs {
		ctxts[i] = newContext(root, c, toolTags[i])
	}

	files, err := listGoFiles(root)
	if err != nil {
		return err
	}

	var b bytes.Buffer
	b.WriteString("{\n")
	fmt.Fprintf(&b, "  \"go_version\": %s,\n", jstr(runtime.Version()))
	b.WriteString("  \"configs\": [")
	for i, c := range configs {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n    {\n")
		fmt.Fprintf(&b, "      \"name\": %s,\n", jstr(c.Name))
		fmt.Fprintf(&b, "      \"goos\": %s,\n", jstr(c.GOOS))
		fmt.Fprintf(&b, "      \"goarch\": %s,\n", jstr(c.GOARCH))
		fmt.Fprintf(&b, "      \"cgo\": %t,\n", c.Cgo)
		fmt.Fprintf(&b, "      \"tags\": %s,\n", jlist(c.Tags, "      "))
		fmt.Fprintf(&b, "      \"go\": %d,\n", c.Go)
		fmt.Fprintf(&b, "      \"tool_tags\": %s\n", jlist(toolTags[i], "      "))
		b.WriteString("    }")
	}
	if len(configs) > 0 {
		b.WriteString("\n  ")
	}
	b.WriteString("],\n")
	b.WriteString("  \"files\": [")
	for i, rel := range files {
		if i > 0 {
			b.WriteString(",")
		}
		dir, name := path.Split(rel)
		dir = strings.TrimSuffix(dir, "/")
		if dir == "" {
			dir = "."
		}
		b.WriteString("\n    {\n")
		fmt.Fprintf(&b, "      \"path\": %s,\n", jstr(rel))
		b.WriteString("      \"results\": {")
		for j, c := range configs {
			r := matchFile(ctxts[j], dir, name)
			if j > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, "\n        %s: {\n", jstr(c.Name))
			fmt.Fprintf(&b, "          \"match\": %t,\n", r.match)
			if r.err == nil {
				b.WriteString("          \"error\": null\n")
			} else {
				fmt.Fprintf(&b, "          \"error\": %s\n", jstr(*r.err))
			}
			b.WriteString("        }")
		}
		if len(configs) > 0 {
			b.WriteString("\n      ")
		}
		b.WriteString("}\n    }")
	}
	if len(files) > 0 {
		b.WriteString("\n  ")
	}
	b.WriteString("]\n}\n")

	// Self-check: the output must be valid JSON.
	if !json.Valid(b.Bytes()) {
		return errors.New("internal error: generated output is not valid JSON")
	}
	_, err = out.Write(b.Bytes())
	return err
}

func matchFile(ctxt *build.Context, dir, name string) result {
	match, err := ctxt.MatchFile(dir, name)
	r := result{match: match}
	if err != nil {
		s := err.Error()
		r.err = &s
	}
	return r
}

func readConfigs(p string) ([]Config, error) {
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var configs []Config
	if err := dec.Decode(&configs); err != nil {
		return nil, fmt.Errorf("%s: %v", p, err)
	}
	if len(configs) == 0 {
		return nil, fmt.Errorf("%s: no configurations", p)
	}
	seen := map[string]bool{}
	for i := range configs {
		c := &configs[i]
		switch {
		case c.Name == "":
			return nil, fmt.Errorf("%s: configuration %d has no name", p, i)
		case seen[c.Name]:
			return nil, fmt.Errorf("%s: duplicate configuration name %q", p, c.Name)
		case c.GOOS == "" || c.GOARCH == "":
			return nil, fmt.Errorf("%s: configuration %q needs goos and goarch", p, c.Name)
		case c.Go < 1:
			return nil, fmt.Errorf("%s: configuration %q: \"go\" must be >= 1 (ReleaseTags go1.1 … go1.N)", p, c.Name)
		}
		seen[c.Name] = true
		if c.Tags == nil {
			c.Tags = []string{}
		}
	}
	return configs, nil
}

// goToolTags asks the go command which tool tags it uses for c's GOOS/GOARCH.
// `go list` of a standard-library package works offline.
func goToolTags(c Config) ([]string, error) {
	// Prefer the go command of the toolchain running this program.
	goCmd := "go"
	if goroot := build.Default.GOROOT; goroot != "" {
		if p := filepath.Join(goroot, "bin", "go"); fileExists(p) || fileExists(p+".exe") {
			goCmd = p
		}
	}
	cmd := exec.Command(goCmd, "list", "-f", `{{join context.ToolTags ","}}`, "runtime")
	cmd.Dir = os.TempDir() // outside any module
	env := []string{}
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "GOOS", "GOARCH", "CGO_ENABLED", "GOENV", "GOFLAGS", "GOTOOLCHAIN", "GOEXPERIMENT",
			"GO386", "GOAMD64", "GOARM", "GOARM64", "GOMIPS", "GOMIPS64", "GOPPC64",
			"GORISCV64", "GOWASM", "GOFIPS140", "GO111MODULE":
			continue
		}
		env = append(env, kv)
	}
	cgo := "0"
	if c.Cgo {
		cgo = "1"
	}
	env = append(env, "GOOS="+c.GOOS, "GOARCH="+c.GOARCH, "CGO_ENABLED="+cgo,
		"GOENV=off", "GOFLAGS=", "GOTOOLCHAIN=local")
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list (GOOS=%s GOARCH=%s CGO_ENABLED=%s) for the tool tags: %v\n%s",
			c.GOOS, c.GOARCH, cgo, err, stderr.String())
	}
	s := strings.TrimSpace(string(out))
	if s == "" {
		return []string{}, nil
	}
	return strings.Split(s, ","), nil
}

func newContext(root string, c Config, toolTags []string) *build.Context {
	ctxt := build.Default // copy
	ctxt.GOOS = c.GOOS
	ctxt.GOARCH = c.GOARCH
	ctxt.CgoEnabled = c.Cgo
	ctxt.Compiler = "gc"
	ctxt.UseAllFiles = false
	ctxt.BuildTags = append([]string{}, c.Tags...)
	ctxt.ToolTags = append([]string{}, toolTags...)
	ctxt.ReleaseTags = nil
	for v := 1; v <= c.Go; v++ {
		ctxt.ReleaseTags = append(ctxt.ReleaseTags, "go1."+strconv.Itoa(v))
	}
	// Harmless values: MatchFile never looks at them.
	ctxt.GOPATH = ""
	ctxt.Dir = ""
	// Paths handed to MatchFile are slash-separated and relative to root.
	ctxt.JoinPath = func(elem ...string) string { return path.Join(elem...) }
	ctxt.OpenFile = func(p string) (io.ReadCloser, error) {
		return os.Open(filepath.Join(root, filepath.FromSlash(p)))
	}
	return &ctxt
}

// listGoFiles returns the slash-separated paths, relative to root, of every
// regular file under root whose name ends in ".go", sorted.
func listGoFiles(root string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.Type().IsRegular() || !strings.HasSuffix(d.Name(), ".go") {
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		files = append(files, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	return files, nil
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}

func jstr(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		panic(err)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func jlist(l []string, indent string) string {
	if len(l) == 0 {
		return "[]"
	}
	var b strings.Builder
	b.WriteString("[")
	for i, s := range l {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n" + indent + "  " + jstr(s))
	}
	b.WriteString("\n" + indent + "]")
	return b.String()
}

// printTagChars prints src/gobuild/tagchars.rs: the ranges of non-ASCII characters for which
// Go's go/build/constraint accepts a tag character (unicode.IsLetter || unicode.IsDigit), from
// this toolchain's unicode tables, so winparity follows Go's Unicode version exactly.
func printTagChars() {
	var ranges [][2]rune
	for r := rune(0x80); r <= unicode.MaxRune; r++ {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r)) {
			continue
		}
		if n := len(ranges); n > 0 && ranges[n-1][1] == r-1 {
			ranges[n-1][1] = r
		} else {
			ranges = append(ranges, [2]rune{r, r})
		}
	}
	fmt.Println("//! The non-ASCII characters Go accepts in a build tag (`unicode.IsLetter || unicode.IsDigit`),")
	fmt.Printf("//! from the unicode tables of the Go toolchain (Unicode %s).\n", unicode.Version)
	fmt.Println("//!")
	fmt.Println("//! Generated by `tests/gobuild` (`go run . -tagchars`); `tests/gobuild/regen.sh` rewrites it and")
	fmt.Println("//! `--check` fails when the toolchain's tables differ. Do not edit.")
	fmt.Println()
	fmt.Println("/// The Unicode version of the tables.")
	fmt.Printf("pub const UNICODE_VERSION: &str = %q;\n", unicode.Version)
	fmt.Println()
	fmt.Println("/// Inclusive ranges of code points, sorted.")
	fmt.Println("#[rustfmt::skip]")
	fmt.Println("pub const TAG_RANGES: &[(u32, u32)] = &[")
	for i := 0; i < len(ranges); i += 6 {
		fmt.Print("   ")
		for j := i; j < i+6 && j < len(ranges); j++ {
			fmt.Printf(" (0x%x, 0x%x),", ranges[j][0], ranges[j][1])
		}
		fmt.Println()
	}
	fmt.Println("];")
}

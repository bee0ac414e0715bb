package main

import (
	"fmt"
	"go/build"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

type platform struct {
	name   string // as given to -platforms
	goos   string
	goarch string
	ctx    build.Context
}

type config struct {
	platforms []*platform
	target    int // index into platforms
	reference int
	tags      []string
	goMinor   int
	vendor    bool
	autoPack  bool // apply the docker pack to moby's module (dockerpack.go)
	cgo       bool
}

func newConfig(platforms, target, reference, tags, goVersion string, vendor bool) (*config, error) {
	cfg := &config{vendor: vendor, tags: splitList(tags), cgo: os.Getenv("CGO_ENABLED") != "0"}
	if cfg.tags == nil {
		cfg.tags = []string{}
	}
	v := strings.TrimPrefix(strings.TrimPrefix(goVersion, "go"), "1.")
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return nil, fmt.Errorf("bad -go %q (want N or 1.N)", goVersion)
	}
	cfg.goMinor = n
	var release []string
	for i := 1; i <= n; i++ {
		release = append(release, "go1."+strconv.Itoa(i))
	}
	seen := map[string]bool{}
	for _, name := range splitList(platforms) {
		if seen[name] {
			return nil, fmt.Errorf("platform %q given twice", name)
		}
		seen[name] = true
		p := &platform{name: name, goos: name, goarch: "amd64"}
		if i := strings.Index(name, "/"); i >= 0 {
			p.goos, p.goarch = name[:i], name[i+1:]
		}
		if p.goos == "" || p.goarch == "" {
			return nil, fmt.Errorf("bad platform %q", name)
		}
		toolTags, err := goToolTags(p.goos, p.goarch)
		if err != nil {
			return nil, err
		}
		ctx := build.Default
		ctx.GOOS = p.goos
		ctx.GOARCH = p.goarch
		ctx.CgoEnabled = cfg.cgo
		ctx.Compiler = "gc"
		ctx.BuildTags = append([]string(nil), cfg.tags...)
		ctx.ReleaseTags = append([]string(nil), release...)
		ctx.ToolTags = toolTags
		ctx.UseAllFiles = false
		p.ctx = ctx
		cfg.platforms = append(cfg.platforms, p)
	}
	if len(cfg.platforms) == 0 {
		return nil, fmt.Errorf("no platforms")
	}
	cfg.target, cfg.reference = -1, -1
	for i, p := range cfg.platforms {
		if p.name == target {
			cfg.target = i
		}
		if p.name == reference {
			cfg.reference = i
		}
	}
	if cfg.target < 0 {
		return nil, fmt.Errorf("target %q is not one of -platforms", target)
	}
	if cfg.reference < 0 {
		return nil, fmt.Errorf("reference %q is not one of -platforms", reference)
	}
	return cfg, nil
}

// goToolTags asks the go command for context.ToolTags with GOOS/GOARCH set.
func goToolTags(goos, goarch string) ([]string, error) {
	cmd := exec.Command("go", "list", "-f", `{{join context.ToolTags ","}}`, "runtime")
	cmd.Dir = os.TempDir()
	cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH="+goarch, "GOWORK=off", "GOFLAGS=")
	out, err := cmd.Output()
	if err != nil {
		msg := ""
		if ee, ok := err.(*exec.ExitError); ok {
			msg = strings.TrimSpace(string(ee.Stderr))
		}
		return nil, fmt.Errorf("go list for %s/%s: %v %s", goos, goarch, err, msg)
	}
	return splitList(strings.TrimSpace(string(out))), nil
}

// setOpen makes every context open paths relative to root, so that MatchFile
// is called with root-relative directories and its error texts name
// root-relative paths.
func (cfg *config) setOpen(root string) {
	for _, p := range cfg.platforms {
		p.ctx.OpenFile = func(path string) (io.ReadCloser, error) {
			f, err := os.Open(filepath.Join(root, filepath.FromSlash(path)))
			if pe, ok := err.(*fs.PathError); ok {
				// Name the root-relative path, not the absolute one.
				err = &fs.PathError{Op: pe.Op, Path: path, Err: pe.Err}
			}
			if err != nil {
				return nil, err
			}
			return f, nil
		}
		p.ctx.JoinPath = func(elem ...string) string {
			return joinSlash(elem...)
		}
	}
}

func joinSlash(elem ...string) string {
	var parts []string
	for _, e := range elem {
		if e != "" && e != "." {
			parts = append(parts, e)
		}
	}
	if len(parts) == 0 {
		return "."
	}
	return strings.Join(parts, "/")
}

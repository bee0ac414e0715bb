//! winparity against the Go toolchain on thousands of random files.
//!
//! A fixed-seed generator writes `.go` files whose names and headers combine the hard cases of
//! Go's placement rules — random `//go:build` expressions (sometimes malformed), `// +build`
//! lines, blank lines or none before `package`, `/* */` blocks, a BOM, CRLF and CR-only line
//! ends, NUL bytes, Unicode white space and letters, long comments, strings of header tokens
//! at random, file-name suffixes — then asks `tests/gobuild` (Go's own
//! `go/build.Context.MatchFile`) about every file on every configuration and compares each
//! answer with winparity's `read_header` + `place`, as `tests/golden_constraints.rs` does.
//!
//! Needs `go` on PATH, of the goldens' release (`tests/golden/constraints.json`): it is
//! `#[ignore]`d, and `.ci/run` runs it with `--include-ignored`; run where it cannot, it fails
//! and says why (`cargo test -- --include-ignored` on a machine with that Go).
//! `WINPARITY_DIFF_SEED` and `WINPARITY_DIFF_FILES` choose another seed and number of files
//! (to explore beyond the fixed run); `WINPARITY_DIFF_EXTRA=DIR` adds every file of DIR (a
//! fuzzing corpus, say) under a random name; `WINPARITY_DIFF_KEEP=DIR` writes the files to DIR
//! (new or empty) and keeps them.

mod common;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use serde_json::Value;
use winparity::gobuild::header::read_header;
use winparity::gobuild::{BuildContext, place};

const DEFAULT_SEED: u64 = 0x5EED_0F60_B11D;
const DEFAULT_FILES: usize = 3000;

/// SplitMix64: small, fixed, good enough to pick cases.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// True with probability `pct` percent.
    fn pct(&mut self, pct: u64) -> bool {
        self.next() % 100 < pct
    }
    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }
}

/// Tags with letters and digits: Unicode 15.0 ones (Go's `unicode` tables, Go 1.21 to 1.26),
/// and ones Unicode assigned later (15.1: U+2EBF0 CJK Ext. I; 16.0: U+1C89 CYRILLIC CAPITAL
/// LETTER TJE, U+10D40 GARAY DIGIT ZERO), which Go's lexer rejects.
const UNICODE_TAGS: &[&str] = &[
    "ünï_tag",
    "x\u{1C89}",
    "\u{2EBF0}",
    "n\u{10D40}",
    "\u{0661}\u{0662}",
    "\u{1C89}",
];

const TAGS: &[&str] = &[
    "linux", "windows", "darwin", "amd64", "arm64", "unix", "cgo", "gc", "go1.21", "go1.27",
    "ignore", "foo", "android", "ios", "illumos", "solaris",
];

/// Other tags now and then: tool and release tags, other systems, near misses.
const RARE_TAGS: &[&str] = &[
    "boringcrypto",
    "goexperiment.boringcrypto",
    "goexperiment.greenteagc",
    "goexperiment.regabiargs",
    "goexperiment.dwarf5",
    "goexperiment.jsonv2",
    "amd64.v1",
    "amd64.v3",
    "arm64.v8.0",
    "386.sse2",
    "riscv64.rva20u64",
    "gccgo",
    "go1.1",
    "go1.0",
    "go1.026",
    "go1",
    "go1.26",
    "go1.20",
    "integration",
    "foo.bar",
    "js",
    "wasm",
    "wasip1",
    "386",
    "openbsd",
    "riscv64",
    "hurd",
    "zos",
    "Linux",
    "_",
    ".",
    "1",
];

fn tag(r: &mut Rng) -> &'static str {
    if r.pct(15) {
        r.pick(RARE_TAGS)
    } else {
        r.pick(TAGS)
    }
}

/// Space between tokens (none is fine in `//go:build`).
fn sp(r: &mut Rng) -> &'static str {
    r.pick(&["", " ", " ", " ", "  ", "\t", " \t"])
}

#[derive(Clone, Copy, PartialEq)]
enum Prec {
    Atom,
    Not,
    And,
    Or,
}

/// A well-formed `//go:build` expression, with random spacing and redundant parentheses.
fn expr(r: &mut Rng, depth: u32) -> (String, Prec) {
    let kind = if depth == 0 { 0 } else { r.below(7) };
    match kind {
        0 | 1 => (tag(r).to_string(), Prec::Atom),
        2 => {
            let (x, p) = expr(r, depth - 1);
            // `!!x` is an error; `!(!x)` is not.
            let x = if p != Prec::Atom || r.pct(15) {
                format!("({}{x}{})", sp(r), sp(r))
            } else {
                x
            };
            (format!("!{}{x}", sp(r)), Prec::Not)
        }
        3 | 4 => {
            let (a, pa) = expr(r, depth - 1);
            let (b, pb) = expr(r, depth - 1);
            let a = paren_if(r, a, pa == Prec::Or);
            let b = paren_if(r, b, pb == Prec::Or);
            (format!("{a}{}&&{}{b}", sp(r), sp(r)), Prec::And)
        }
        _ => {
            let (a, _) = expr(r, depth - 1);
            let (b, _) = expr(r, depth - 1);
            let a = paren_if(r, a, false);
            let b = paren_if(r, b, false);
            (format!("{a}{}||{}{b}", sp(r), sp(r)), Prec::Or)
        }
    }
}

fn paren_if(r: &mut Rng, x: String, needed: bool) -> String {
    if needed || r.pct(10) {
        format!("({x})")
    } else {
        x
    }
}

/// A `//go:build` expression, malformed about one time in six.
fn go_build_expr(r: &mut Rng) -> String {
    let depth = r.below(4) as u32;
    let (x, _) = expr(r, depth);
    if !r.pct(16) {
        return x;
    }
    match r.below(16) {
        0 => x.replacen("&&", "&", 1),
        1 => x.replacen("||", "|", 1),
        2 => format!("!{}", x.trim_start_matches('!')).replacen('!', "!!", 1),
        3 => format!("{x} &&"),
        4 => format!("|| {x}"),
        5 => x.replacen(')', "", 1) + if x.contains(')') { "" } else { "(" },
        6 => format!("{x} // comment"),
        7 => x.replacen("foo", "foo-bar", 1) + " -x",
        8 => String::new(),
        9 => format!("{x} {}", r.pick(TAGS)),
        10 => format!("{x} && ()"),
        11 => x.replacen(' ', "\u{a0}", 1) + "\u{a0}",
        12 => format!("{} || {x}", r.pick(UNICODE_TAGS)),
        13 => vec!["linux"; 1001].join("||"),
        14 => format!("{x},{}", r.pick(TAGS)),
        _ => format!("! {x}").replacen("! !", "! ! ", 1),
    }
}

/// The text of a `// +build` line: space-separated clauses of comma-joined literals.
fn plus_build_text(r: &mut Rng) -> String {
    if r.pct(1) {
        return vec!["linux"; 102].join(",");
    }
    let mut s = String::new();
    for c in 0..1 + r.below(4) {
        if c > 0 {
            s.push_str(r.pick(&[" ", " ", "  ", "\t"]));
        }
        for l in 0..1 + r.below(3) {
            if l > 0 {
                s.push(',');
            }
            let lit = match r.below(14) {
                0 => "!".to_string(),
                1 => format!("!!{}", r.pick(TAGS)),
                2 => r.pick(&["foo-bar", "x\u{1C89}", "ünï"]).to_string(),
                3 => r
                    .pick(&["!foo-bar", "!x\u{1C89}", "!\u{2EBF0}"])
                    .to_string(),
                4 => String::new(),
                5..=8 => format!("!{}", tag(r)),
                _ => tag(r).to_string(),
            };
            s.push_str(&lit);
        }
    }
    s
}

fn go_build_line(r: &mut Rng) -> String {
    let x = go_build_expr(r);
    match r.below(20) {
        0 => format!("//go:build\t{x}"),
        1 => format!("  //go:build {x}"),
        2 => format!("\t//go:build {x}  "),
        3 => "//go:build".to_string(),
        4 => format!("//go:build{}", r.pick(TAGS)),
        5 => format!("// go:build {x}"),
        6 => format!("//go:build  {x}\t"),
        _ => format!("//go:build {x}"),
    }
}

fn plus_build_line(r: &mut Rng) -> String {
    let t = plus_build_text(r);
    match r.below(14) {
        0 => format!("//+build {t}"),
        1 => format!("// +build\t{t}"),
        2 => "// +build".to_string(),
        3 => format!("// +build{}", r.pick(TAGS)),
        4 => format!("  // +build {t}"),
        5 => format!("//  +build {t}"),
        6 => format!("/* +build {t} */"),
        _ => format!("// +build {t}"),
    }
}

fn comment_line(r: &mut Rng) -> String {
    r.pick(&[
        "// Package p does things.",
        "//",
        "// hello // +build linux",
        "//go:generate stringer -type=X",
        "//nolint",
        "// Copyright 2026 The Authors. All rights reserved.",
        "//\t+build windows",
        "// +build is mentioned here",
        "///go:build windows",
    ])
    .to_string()
}

/// Header lines (before the package clause), without line ends.
fn header_lines(r: &mut Rng) -> Vec<String> {
    let mut lines = Vec::new();
    for _ in 0..r.below(7) {
        match r.below(20) {
            0..=4 => lines.push(go_build_line(r)),
            5..=8 => lines.push(plus_build_line(r)),
            9..=11 => lines.push(r.pick(&["", "", "   ", "\t"]).to_string()),
            12 => lines.push(comment_line(r)),
            13 => {
                if r.pct(10) {
                    // Past the reader's first 8 KiB chunk.
                    let n = 4000 + r.below(12000);
                    lines.push(format!("// {}", "x".repeat(n)));
                } else {
                    lines.push(comment_line(r));
                }
            }
            14 => lines.push(r.pick(&["/* c */", "/* a */ /* b */", "/**/"]).to_string()),
            15 => lines.push(format!("/* c */ {}", go_build_line(r))),
            16 => {
                // A block comment over several lines, with constraint lines inside.
                lines.push(r.pick(&["/*", "/* start", "  /*"]).to_string());
                for _ in 0..r.below(3) {
                    let l = if r.pct(50) {
                        go_build_line(r)
                    } else {
                        plus_build_line(r)
                    };
                    lines.push(l);
                }
                let close = r.pick(&["*/", "end */", " */ ", "*/ // +build linux", "*/ /* */"]);
                lines.push(close.to_string());
            }
            17 => lines.push(
                r.pick(&[
                    "// a\0b",
                    "\u{a0}//go:build windows",
                    "\u{b}",
                    "\u{85}// +build windows",
                    "\u{feff}//go:build windows",
                    "\u{3000}",
                ])
                .to_string(),
            ),
            _ => lines.push(if r.pct(50) {
                go_build_line(r)
            } else {
                plus_build_line(r)
            }),
        }
    }
    if r.pct(50) {
        lines.push(String::new());
    }
    lines
}

/// The package clause and what follows it.
fn body_lines(r: &mut Rng) -> Vec<String> {
    let mut lines = Vec::new();
    match r.below(20) {
        0 => return lines, // the file ends in its header
        1 => lines.push("packge p".to_string()),
        2 => lines.push("func f() {}".to_string()),
        3 => lines.push("/* x */ package p".to_string()),
        4 => lines.push("package p // +build windows".to_string()),
        5 => lines.push("package p;".to_string()),
        6 => lines.push("package".to_string()),
        _ => lines.push("package p".to_string()),
    }
    match r.below(8) {
        0 => lines.push("import \"C\"".to_string()),
        1 => {
            lines.extend(["import (", "\t\"os\"", "\tc \"C\"", ")"].map(String::from));
        }
        2 => lines.push("import \"x\0\"".to_string()),
        3 => lines.push("import \"unterminated".to_string()),
        _ => {}
    }
    if r.pct(30) {
        lines.push(String::new());
        lines.push(go_build_line(r));
        lines.push(plus_build_line(r));
    }
    if r.pct(50) {
        lines.push(String::new());
        lines.push("func f() {}".to_string());
    }
    lines
}

fn file_name(r: &mut Rng) -> String {
    let prefix = r.pick(&[
        "a",
        "a",
        "a",
        "file",
        "x_y",
        "linux",
        "windows",
        "amd64",
        "zz_generated",
        "_a",
        ".a",
        "a.b",
        "test",
    ]);
    let suffix = r.pick(&[
        "",
        "",
        "",
        "_linux",
        "_windows",
        "_darwin",
        "_ios",
        "_android",
        "_illumos",
        "_solaris",
        "_amd64",
        "_arm64",
        "_unix",
        "_windows_amd64",
        "_linux_arm64",
        "_amd64_linux",
        "_Linux",
        "_js_wasm",
        "_wasip1",
        "_freebsd_386",
        "_plan9",
        "_aix_ppc64",
        "_test_linux",
        "_wasm",
        "_arm",
        "_windows_arm64",
        "_linux_test",
    ]);
    let test = if r.pct(25) { "_test" } else { "" };
    let inner = if r.pct(10) { ".pb" } else { "" };
    format!("{prefix}{suffix}{test}{inner}.go")
}

/// Pieces of headers strung together at random.
fn soup(r: &mut Rng) -> Vec<u8> {
    const PIECES: &[&str] = &[
        "//go:build ",
        "// +build ",
        "//",
        "package p",
        "package",
        " p",
        "import ",
        "\"C\"",
        "(",
        ")",
        "/*",
        "*/",
        "\n",
        "\n",
        "\n",
        "\r\n",
        "\r",
        " ",
        " ",
        "\t",
        "linux",
        "windows",
        "!",
        "&&",
        "||",
        ",",
        "\0",
        "\u{feff}",
        "`",
        "\"",
        ";",
        "x",
        "_",
        ".",
        "\u{a0}",
        "\u{85}",
        "\u{b}",
        "\u{c}",
        "+build",
        "go:build",
    ];
    let mut out = Vec::new();
    for _ in 0..r.below(40) {
        out.extend_from_slice(r.pick(PIECES).as_bytes());
    }
    out
}

fn file_bytes(r: &mut Rng) -> Vec<u8> {
    if r.pct(6) {
        return soup(r);
    }
    let mut lines = header_lines(r);
    lines.extend(body_lines(r));
    let eol_kind = r.below(20);
    let mut out = Vec::new();
    if r.pct(5) {
        out.extend_from_slice("\u{feff}".as_bytes());
    }
    for (i, l) in lines.iter().enumerate() {
        out.extend_from_slice(l.as_bytes());
        let last = i + 1 == lines.len();
        if last && r.pct(20) {
            break; // no final line end
        }
        let eol: &[u8] = match eol_kind {
            0..=2 => b"\r\n",
            3 => r.pick(&[&b"\n"[..], &b"\r\n"[..]]),
            4 => b"\r",
            _ => b"\n",
        };
        out.extend_from_slice(eol);
    }
    out
}

/// `go env GOVERSION` (`go1.26.8`), or None when there is no usable `go` on PATH.
fn go_version() -> Option<String> {
    let o = Command::new("go")
        .args(["env", "GOVERSION"])
        .env("GOTOOLCHAIN", "local")
        .output()
        .ok()?;
    o.status
        .success()
        .then(|| String::from_utf8_lossy(&o.stdout).trim().to_string())
}

/// `go1.26.8` → `go1.26`; `go1.27rc1` → `go1.27`.
fn go_release(v: &str) -> String {
    let mut parts = v.splitn(3, '.');
    let major = parts.next().unwrap_or("");
    let minor: String = parts
        .next()
        .unwrap_or("")
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    format!("{major}.{minor}")
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    match std::env::var(name) {
        Ok(v) => v
            .parse()
            .unwrap_or_else(|_| panic!("{name}={v:?} is not a valid value")),
        Err(_) => default,
    }
}

#[test]
#[ignore = "needs Go (the goldens' release) on PATH; .ci/run runs it with --include-ignored"]
fn random_files_are_placed_as_go_places_them() {
    let Some(this_go) = go_version() else {
        panic!("`go` is not on PATH: the differential test cannot run");
    };
    // Go's answers change between releases (expression size limits in 1.22.7, its Unicode
    // tables, known systems); winparity follows the release its goldens were made with, and
    // .ci/run skips regenerating those goldens on another release. So does this test.
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let goldens: Value = serde_json::from_str(
        &std::fs::read_to_string(manifest.join("tests/golden/constraints.json")).unwrap(),
    )
    .unwrap();
    let golden_go = goldens["go_version"].as_str().unwrap();
    assert_eq!(
        go_release(&this_go),
        go_release(golden_go),
        "the goldens were made with {golden_go}, this machine has {this_go}: the differential test cannot run (GOTOOLCHAIN={golden_go} fetches that release)"
    );
    let started = Instant::now();
    let seed: u64 = env_or("WINPARITY_DIFF_SEED", DEFAULT_SEED);
    let n: usize = env_or("WINPARITY_DIFF_FILES", DEFAULT_FILES);
    let tmp = tempfile::tempdir().unwrap();
    let root = match std::env::var_os("WINPARITY_DIFF_KEEP") {
        Some(d) => {
            let d = std::path::PathBuf::from(d);
            std::fs::create_dir_all(&d).unwrap();
            d
        }
        None => tmp.path().join("tree"),
    };

    // The files: one directory each, so that names may repeat.
    let mut r = Rng(seed);
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut add = |rel: String, bytes: Vec<u8>| {
        let path = root.join(&rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &bytes).unwrap();
        files.insert(rel, bytes);
    };
    for i in 0..n {
        let name = file_name(&mut r);
        let bytes = file_bytes(&mut r);
        add(format!("f{i:05}/{name}"), bytes);
    }
    // Files from elsewhere (a fuzzing corpus, say), each under a random name.
    if let Some(dir) = std::env::var_os("WINPARITY_DIFF_EXTRA") {
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .collect();
        paths.sort();
        for (i, p) in paths.iter().enumerate() {
            let name = file_name(&mut r);
            add(format!("x{i:05}/{name}"), std::fs::read(p).unwrap());
        }
    }

    // The configurations of the goldens, and a few whose tags meet the random expressions.
    let gobuild = manifest.join("tests/gobuild");
    let configs_text = std::fs::read_to_string(gobuild.join("configs.json")).unwrap();
    let mut configs: Vec<Value> = serde_json::from_str(&configs_text).unwrap();
    configs.extend(
        serde_json::from_str::<Vec<Value>>(
            r#"[
              {"name": "diff-linux-arm64-foo-go1.27", "goos": "linux", "goarch": "arm64",
               "cgo": true, "tags": ["foo"], "go": 27},
              {"name": "diff-windows-arm64-tags", "goos": "windows", "goarch": "arm64",
               "cgo": false, "tags": ["ignore", "unix", "cgo", "linux"], "go": 20},
              {"name": "diff-linux-riscv64-tags", "goos": "linux", "goarch": "riscv64",
               "cgo": false, "tags": ["boringcrypto", "goexperiment.jsonv2", "amd64.v3"],
               "go": 26},
              {"name": "diff-windows-386-boring", "goos": "windows", "goarch": "386",
               "cgo": false, "tags": ["goexperiment.boringcrypto"], "go": 26},
              {"name": "diff-openbsd-arm64", "goos": "openbsd", "goarch": "arm64",
               "cgo": true, "tags": [], "go": 26}
            ]"#,
        )
        .unwrap(),
    );
    let configs_path = tmp.path().join("configs.json");
    std::fs::write(&configs_path, serde_json::to_string(&configs).unwrap()).unwrap();

    let out = Command::new("go")
        .args(["run", "."])
        .arg("-root")
        .arg(&root)
        .arg("-configs")
        .arg(&configs_path)
        .current_dir(&gobuild)
        .env("GOTOOLCHAIN", "local")
        .env("GOFLAGS", "-buildvcs=false")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "tests/gobuild failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let golden: Value = serde_json::from_slice(&out.stdout).unwrap();
    let go_time = started.elapsed();

    let ctxs = common::golden_contexts(&golden);
    let only: Vec<BuildContext> = ctxs.iter().map(|c| c.1.clone()).collect();
    let results = golden["files"].as_array().unwrap();
    assert_eq!(results.len(), files.len(), "Go listed another set of files");
    let mut compared = 0;
    // What Go answered: built, not built, an error; files whose answer depends on the config.
    let (mut built, mut not_built, mut errors, mut varied) = (0, 0, 0, 0);
    let mut failures = Vec::new();
    let mut failing_files: BTreeMap<&str, usize> = BTreeMap::new();
    for f in results {
        let rel = f["path"].as_str().unwrap();
        let name = rel.rsplit('/').next().unwrap();
        let bytes = &files[rel];
        let (header, _) = read_header(&mut &bytes[..]);
        let placed = place(name, &header, &only);
        let mut answers = Vec::new();
        for (i, (cname, _)) in ctxs.iter().enumerate() {
            let want = &f["results"][cname];
            let want_match = want["match"].as_bool().unwrap();
            let want_err = want["error"].as_str();
            compared += 1;
            match (want_err, want_match) {
                (Some(_), _) => errors += 1,
                (None, true) => built += 1,
                (None, false) => not_built += 1,
            }
            answers.push((want_err.is_some(), want_match));
            let got_match = placed.mask & (1 << i) != 0;
            let got_err = placed
                .error
                .as_deref()
                .filter(|_| placed.read_on & (1 << i) != 0);
            let bad = match (want_err, got_err) {
                (Some(w), Some(g)) => {
                    // Go prefixes "read PATH: " or "NAME: "; the rest must be ours.
                    let tail = w.split_once(": ").map_or(w, |(_, t)| t);
                    (!g.contains(tail)).then(|| format!("error {g:?}, Go says {w:?}"))
                }
                (None, None) => (got_match != want_match)
                    .then(|| format!("built={got_match}, Go says {want_match}")),
                (w, g) => Some(format!(
                    "error {g:?} built={got_match}, Go says error {w:?} built={want_match}"
                )),
            };
            if let Some(msg) = bad {
                failures.push(format!("{rel} [{cname}]: {msg}"));
                *failing_files.entry(rel).or_default() += 1;
            }
        }
        if answers.iter().any(|a| *a != answers[0]) {
            varied += 1;
        }
    }
    println!(
        "differential: {} files x {} configurations = {compared} answers compared \
         (seed {seed:#x}; Go {} in {:.1?}, total {:.1?}); Go said built {built}, not built \
         {not_built}, error {errors}; {varied} files answered differently by configuration; \
         {} disagreements in {} files",
        files.len(),
        ctxs.len(),
        golden["go_version"].as_str().unwrap_or("?"),
        go_time,
        started.elapsed(),
        failures.len(),
        failing_files.len(),
    );
    assert!(
        compared >= 50_000 || n < DEFAULT_FILES,
        "only {compared} answers compared"
    );
    if !failures.is_empty() {
        let mut msg = format!(
            "{} disagreements with Go in {} files:\n{}\n\nThe files:\n",
            failures.len(),
            failing_files.len(),
            failures.join("\n")
        );
        for rel in failing_files.keys() {
            let text = String::from_utf8_lossy(&files[*rel]);
            writeln!(msg, "{rel}: {text:?}").unwrap();
        }
        panic!("{msg}");
    }
}

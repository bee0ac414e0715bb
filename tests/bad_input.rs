//! Bad input: each case a real file or repository built by the test, each asserting what a
//! user sees — a message naming the path, the rest of the scan kept, the exit code — and never
//! a panic (exit code 101 fails every case).

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::Repo;
use serde_json::Value;

fn winparity(args: &[&str]) -> Output {
    common::winparity().args(args).output()
}

fn scan(dir: &Path, extra: &[&str]) -> Value {
    let o = winparity(&[&["scan", dir.to_str().unwrap(), "--format", "json"], extra].concat());
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).unwrap()
}

fn file<'a>(r: &'a Value, path: &str) -> &'a Value {
    r["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == path)
        .unwrap_or_else(|| panic!("no file {path}"))
}

fn ids(r: &Value) -> Vec<String> {
    r["apis"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_file_that_is_not_utf8_is_read_as_bytes() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(
        d.path().join("a.go"),
        b"package a\n\n// caf\xe9\nfunc F() string { return \"\xe9\xff\" }\n",
    )
    .unwrap();
    let r = scan(d.path(), &[]);
    assert_eq!(ids(&r), [".||F"]);
    assert_eq!(file(&r, "a.go")["error"], Value::Null);
    assert_eq!(r["notes"], serde_json::json!([]));
}

#[test]
fn a_file_cut_short_after_a_keyword_is_read_as_far_as_it_goes() {
    // winparity 0.1.0 panicked on a file ending right after `var` (found by tests/folding.rs,
    // which cuts every fixture short), on `return {}` and on `var( X,`.
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("a.go"), b"package a\n\nfunc F() {}\n\nvar").unwrap();
    std::fs::write(d.path().join("b.go"), b"package a\n\ntype").unwrap();
    std::fs::write(d.path().join("c.go"), b"package a\n\nconst (").unwrap();
    std::fs::write(d.path().join("d.go"), b"package a\n\nfunc G() { if x {").unwrap();
    // And on `return {}` and on a spec cut after a comma (found by the decls fuzz target).
    std::fs::write(
        d.path().join("e.go"),
        b"package a\n\nfunc H() T { return {} }\n",
    )
    .unwrap();
    std::fs::write(d.path().join("f.go"), b"package a\n\nvar( X,").unwrap();
    let r = scan(d.path(), &[]);
    assert_eq!(ids(&r), [".||F", ".||G", ".||H", ".||X"]);
}

#[test]
fn a_50_mb_file_is_read_and_a_limit_keeps_it_to_its_header() {
    let d = tempfile::tempdir().unwrap();
    let mut src = String::with_capacity(51 << 20);
    src.push_str("//go:build linux\n\npackage big\n\n");
    let mut i = 0;
    while src.len() < 50 << 20 {
        src.push_str(&format!("// F{i} returns a number that is not zero, to make the file large.\nfunc F{i}() int {{ return {i} + 1 }}\n"));
        i += 1;
    }
    std::fs::write(d.path().join("big.go"), &src).unwrap();
    std::fs::write(d.path().join("small.go"), "package big\n\nfunc S() {}\n").unwrap();
    let r = scan(d.path(), &[]);
    assert_eq!(r["summary"]["apis"], i + 1);
    assert_eq!(r["summary"]["by_status"]["missing"], i);

    let r = scan(d.path(), &["--max-file-size", "1000000"]);
    assert_eq!(
        file(&r, "big.go")["platforms"],
        serde_json::json!(["linux"]),
        "still placed by its header"
    );
    assert_eq!(ids(&r), [".||S"]);
    assert_eq!(
        r["notes"],
        serde_json::json!([format!(
            "big.go: {} bytes, over the size limit of 1000000 (--max-file-size): placed by its header; its declarations are not read",
            src.len()
        )])
    );
}

#[test]
fn ten_thousand_deep_nesting_does_not_overflow() {
    let d = tempfile::tempdir().unwrap();
    let n = 10_000;
    let cond = format!(
        "{}runtime.GOOS == \"windows\"{}",
        "(".repeat(n),
        ")".repeat(n)
    );
    let blocks = format!("{}{}", "{".repeat(n), "}".repeat(n));
    let src = format!(
        "package a\n\nimport (\n\t\"errors\"\n\t\"runtime\"\n)\n\nfunc F() error {{\n\tif {cond} {{\n\t\treturn errors.New(\"deep\")\n\t}}\n\t{blocks}\n\treturn nil\n}}\n"
    );
    std::fs::write(d.path().join("a.go"), src).unwrap();
    let header = format!(
        "//go:build {}linux{}\n\npackage a\n",
        "(".repeat(n),
        ")".repeat(n)
    );
    std::fs::write(d.path().join("b.go"), header).unwrap();
    let r = scan(d.path(), &[]);
    assert_eq!(ids(&r), [".||F"]);
    assert_eq!(r["apis"][0]["status"], "guarded");
    assert_eq!(r["apis"][0]["messages"], serde_json::json!(["deep"]));
    // 10,000 nested parentheses are more than the 1,000 operands Go allows.
    assert_eq!(
        file(&r, "b.go")["error"],
        "line 1: parsing //go:build line: build expression too large"
    );
}

/// The flows of `scan --calls` read a container literal's elements (docs/RULES.md §7): nested
/// 20,000 deep, as an element of `[]any` and as a named slice type (a chain starts at each of
/// its names), they overflow nothing and are read once each, not once per enclosing literal.
/// The calls after them still get their edges.
#[test]
fn container_literals_twenty_thousand_deep_are_read_once_without_overflow() {
    let d = tempfile::tempdir().unwrap();
    let n = 20_000;
    let src = format!(
        "package a\n\ntype L []any\n\nfunc f() {{}}\n\nfunc G() {{\n\tx := {}{}\n\t_ = x\n\ty := {}{}\n\t_ = y\n\th := f\n\th()\n}}\n",
        "[]any{".repeat(n),
        "}".repeat(n),
        "L{".repeat(n),
        "}".repeat(n)
    );
    std::fs::write(d.path().join("a.go"), src).unwrap();
    let r = scan(d.path(), &["--calls"]);
    assert_eq!(
        r["calls"],
        serde_json::json!([{"from": ".||G", "to": ".||f", "file": "a.go", "line": 13, "how": "value"}])
    );
}

/// 2,000 function variables each given the one before (`hK = hK-1`) and a function of its
/// own: the last holds all 2,000, and its call gets an edge to each; each function crosses
/// each flow once (docs/RULES.md §7), where handing on whole sets crossed it once per growth.
#[test]
fn a_chain_of_two_thousand_function_variables_carries_every_function_to_its_end() {
    let d = tempfile::tempdir().unwrap();
    let n = 2_000;
    let mut src = String::from("package a\n\n");
    for k in 0..n {
        src += &format!("func f{k}() {{}}\n\nvar h{k} func() = f{k}\n\n");
    }
    src += "func Chain() {\n";
    for k in 1..n {
        src += &format!("\th{k} = h{}\n", k - 1);
    }
    src += &format!("\th{}()\n}}\n", n - 1);
    std::fs::write(d.path().join("a.go"), src).unwrap();
    let r = scan(d.path(), &["--calls"]);
    let calls = r["calls"].as_array().unwrap();
    assert_eq!(calls.len(), n);
    let mut to: Vec<&str> = calls.iter().map(|c| c["to"].as_str().unwrap()).collect();
    to.sort_unstable();
    let mut want: Vec<String> = (0..n).map(|k| format!(".||f{k}")).collect();
    want.sort_unstable();
    assert_eq!(to, want);
    assert!(
        calls
            .iter()
            .all(|c| c["how"] == "value" && c["from"] == ".||Chain")
    );
}

#[test]
fn types_ten_thousand_deep_in_declarations_are_a_note_not_an_overflow() {
    // Go's compiler reports `undefined: T` on lines 5, 7, 9 and 11 on Windows (checked with
    // `GOOS=windows go build -gcflags=-e`); winparity reads types 16 levels deep for breaks and
    // says where it stopped.
    let d = tempfile::tempdir().unwrap();
    let n = 10_000;
    std::fs::write(d.path().join("b_linux.go"), "package a\n\ntype T int\n").unwrap();
    let src = format!(
        "package a\n\ntype G[X any] struct{{}}\n\nfunc S(x {}T{}) {{}}\n\nfunc A(x {}T{}) {{}}\n\nfunc C[P {}T{}]() {{}}\n\nfunc Shallow(x struct{{ a T }}) {{}}\n",
        "struct{ a ".repeat(n),
        " }".repeat(n),
        "G[".repeat(n),
        "]".repeat(n),
        "interface{ ".repeat(n),
        " }".repeat(n)
    );
    std::fs::write(d.path().join("a.go"), src).unwrap();
    let r = scan(d.path(), &[]);
    assert_eq!(
        r["breaks"],
        serde_json::json!([{"file": "a.go", "line": 11, "ref": ".||T", "platform": "windows"}])
    );
    assert_eq!(
        r["notes"],
        serde_json::json!([
            "a.go: line 5: a type nested deeper than 16 levels; the names inside it are not read for build breaks"
        ])
    );
}

#[test]
fn every_key_of_a_long_literal_that_names_a_missing_constant_is_a_break() {
    // Keys read back to their literal's brace, each from the key before (BENCHMARKS.md: 30,000
    // such keys took 6.3 s when each read back to the brace itself). Go reports each line.
    let d = tempfile::tempdir().unwrap();
    let n = 3_000;
    let consts: String = (0..n).map(|i| format!("\tK{i} = {i}\n")).collect();
    std::fs::write(
        d.path().join("k_linux.go"),
        format!("package a\n\nconst (\n{consts})\n"),
    )
    .unwrap();
    let keyed: String = (0..n).map(|i| format!("\tK{i}: {i},\n")).collect();
    let elided: String = (0..n).map(|i| format!("\t{{K{i}: {i}}},\n")).collect();
    std::fs::write(
        d.path().join("a.go"),
        format!("package a\n\nvar M = map[int]int{{\n{keyed}}}\n\nvar L = [][]int{{\n{elided}}}\n"),
    )
    .unwrap();
    let r = scan(d.path(), &[]);
    let lines: Vec<u64> = r["breaks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["line"].as_u64().unwrap())
        .collect();
    // `var M` opens on line 3, its keys on 4 … 3 + n; `var L` on n + 6, its keys after it.
    let want: Vec<u64> = (4..4 + n as u64)
        .chain(n as u64 + 7..2 * n as u64 + 7)
        .collect();
    assert_eq!(lines, want);
}

#[test]
fn symlink_loops_and_dangling_links_are_that_files_error() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("ok.go"), "package a\n\nfunc OK() {}\n").unwrap();
    std::os::unix::fs::symlink("loop_b.go", d.path().join("loop_a.go")).unwrap();
    std::os::unix::fs::symlink("loop_a.go", d.path().join("loop_b.go")).unwrap();
    std::os::unix::fs::symlink("gone.go", d.path().join("dangling.go")).unwrap();
    std::fs::create_dir(d.path().join("sub")).unwrap();
    std::os::unix::fs::symlink("..", d.path().join("sub/up")).unwrap(); // a directory loop
    let r = scan(d.path(), &[]);
    assert_eq!(
        file(&r, "loop_a.go")["error"],
        "cannot read: Too many levels of symbolic links (os error 40)"
    );
    assert_eq!(
        file(&r, "dangling.go")["error"],
        "cannot read: No such file or directory (os error 2)"
    );
    assert_eq!(ids(&r), [".||OK"]);
    assert_eq!(r["summary"]["files_with_errors"], 3);
}

#[test]
fn an_unreadable_file_is_that_files_error() {
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("secret.go");
    std::fs::write(&f, "package a\n").unwrap();
    std::fs::write(d.path().join("ok.go"), "package a\n\nfunc OK() {}\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&f).is_ok() {
        eprintln!("skipped: running as root, every file is readable");
        return;
    }
    let r = scan(d.path(), &[]);
    assert_eq!(
        file(&r, "secret.go")["error"],
        "cannot read: Permission denied (os error 13)"
    );
    assert_eq!(ids(&r), [".||OK"]);
}

#[test]
fn an_empty_repository_has_no_revision() {
    let r = Repo::new();
    let o = winparity(&["scan", r.path().to_str().unwrap(), "--rev", "HEAD"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.starts_with(&format!(
            "winparity: {}: unknown revision \"HEAD\"",
            r.path().display()
        )),
        "{err}"
    );
}

#[test]
fn a_shallow_clone_scans_what_it_holds() {
    let r = Repo::new();
    r.write("a.go", "package a\n\nfunc A() {}\n");
    r.commit("one");
    r.write("b.go", "package a\n\nfunc B() {}\n");
    r.commit("two");
    let shallow = tempfile::tempdir().unwrap();
    let url = format!("file://{}", r.path().display());
    let dest = shallow.path().join("clone");
    let git = Command::new("git")
        .args(["clone", "-q", "--depth", "1", &url, dest.to_str().unwrap()])
        .output();
    let git = git.expect("the git command is needed for a shallow clone");
    assert!(
        git.status.success(),
        "{}",
        String::from_utf8_lossy(&git.stderr)
    );
    let o = winparity(&[
        "scan",
        dest.to_str().unwrap(),
        "--rev",
        "HEAD",
        "--format",
        "json",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let out: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(ids(&out), [".||A", ".||B"]);
    // The parent commit is not in a depth-1 clone.
    let o = winparity(&["scan", dest.to_str().unwrap(), "--rev", "HEAD~1"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("unknown revision \"HEAD~1\""));
}

#[test]
fn a_corrupt_object_is_that_files_error() {
    let r = Repo::new();
    r.write("a.go", "package a\n\nfunc A() {}\n");
    r.write("b.go", "package a\n\nfunc B() {}\n");
    r.commit("one");
    let tree = r.repo.head().unwrap().peel_to_tree().unwrap();
    let blob = tree.get_path(Path::new("b.go")).unwrap().id().to_string();
    let obj = r
        .path()
        .join(".git/objects")
        .join(&blob[..2])
        .join(&blob[2..]);
    let mut perms = std::fs::metadata(&obj).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&obj, perms).unwrap();
    std::fs::write(&obj, b"this is not a zlib stream").unwrap();
    let out = winparity(&[
        "scan",
        r.path().to_str().unwrap(),
        "--rev",
        "HEAD",
        "--format",
        "json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out: Value = serde_json::from_slice(&out.stdout).unwrap();
    let err = file(&out, "b.go")["error"].as_str().unwrap().to_string();
    assert!(
        err.starts_with(&format!("cannot read: blob {blob}: ")),
        "{err}"
    );
    assert_eq!(ids(&out), [".||A"]);
}

#[test]
fn an_output_that_cannot_be_created_is_an_error_naming_it() {
    let o = winparity(&[
        "scan",
        concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/dockerlike"),
        "-o",
        "/proc/winparity.json",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.starts_with("winparity: -o /proc/winparity.json: cannot write: "),
        "{err}"
    );
}

/// A Go file of `body` after the package clause and the errors/runtime imports.
fn go_file(body: &str) -> String {
    format!("package a\n\nimport (\n\t\"errors\"\n\t\"runtime\"\n)\n\n{body}")
}

#[test]
fn a_million_nested_brackets_are_a_note_and_the_rest_of_the_scan_goes_on() {
    let d = tempfile::tempdir().unwrap();
    let n = 1_000_000;
    let cond = format!(
        "{}runtime.GOOS == \"windows\"{}",
        "(".repeat(n),
        ")".repeat(n)
    );
    let write = |name: &str, text: String| std::fs::write(d.path().join(name), text).unwrap();
    write(
        "if.go",
        go_file(&format!(
            "func If() error {{\n\tif {cond} {{\n\t\treturn errors.New(\"deep\")\n\t}}\n\treturn nil\n}}\n"
        )),
    );
    write(
        "switch.go",
        go_file(&format!(
            "func Switch() error {{\n\tswitch {{\n\tcase {cond}:\n\t\treturn errors.New(\"deep\")\n\t}}\n\treturn nil\n}}\n"
        )),
    );
    write(
        "return.go",
        go_file(&format!(
            "func Return() bool {{\n\treturn {cond}\n}}\n\nvar _ = errors.New\n"
        )),
    );
    write(
        "blocks.go",
        go_file(&format!(
            "func Blocks() error {{\n\t{}{}\n\treturn errors.New(\"x\")\n}}\n\nvar _ = runtime.NumCPU\n",
            "{".repeat(n),
            "}".repeat(n)
        )),
    );
    // 999 operands: as many as Go's constraint parser takes (go/build places this file on
    // linux and windows), then 300,000 declarations.
    let mut header = String::from("//go:build linux || windows");
    for i in 2..999 {
        header += &format!(" || t{i}");
    }
    let mut big = format!("{header}\n\npackage a\n\n");
    for i in 0..300_000 {
        big += &format!("func D{i}() int {{ return {i} }}\n");
    }
    write("big.go", big);
    write(
        "ok.go",
        go_file(
            "func OK() error {\n\tif runtime.GOOS == \"windows\" {\n\t\treturn errors.New(\"not here\")\n\t}\n\treturn nil\n}\n",
        ),
    );
    let r = scan(d.path(), &[]);
    let note = |file: &str, line: u32| {
        format!(
            "{file}: line {line}: brackets nested more than 100000 deep (go/parser refuses such a file: \"exceeded max nesting depth\"); the guards of that declaration are not read"
        )
    };
    assert_eq!(
        r["notes"],
        serde_json::json!([
            note("if.go", 9),
            note("return.go", 9),
            note("switch.go", 10)
        ])
    );
    for f in [
        "if.go",
        "switch.go",
        "return.go",
        "blocks.go",
        "big.go",
        "ok.go",
    ] {
        assert_eq!(file(&r, f)["error"], Value::Null, "{f}");
        assert_eq!(
            file(&r, f)["platforms"],
            serde_json::json!(["linux", "windows"]),
            "{f}"
        );
    }
    assert_eq!(r["summary"]["apis"], 300_005);
    let api = |id: &str| {
        r["apis"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == id)
            .unwrap_or_else(|| panic!("no API {id}"))
            .clone()
    };
    // The guard that could be read is; the ones nested too deep are not guessed.
    assert_eq!(api(".||OK")["status"], "guarded");
    assert_eq!(api(".||OK")["messages"], serde_json::json!(["not here"]));
    for id in [".||If", ".||Switch", ".||Return", ".||Blocks", ".||D299999"] {
        assert_eq!(api(id)["status"], "portable", "{id}");
    }
    assert_eq!(r["summary"]["guards"]["refuses"], 1);
}

#[test]
fn a_query_nested_too_deep_is_refused_before_tree_sitter_compiles_it() {
    let d = tempfile::tempdir().unwrap();
    let q = d.path().join("queries");
    std::fs::create_dir(&q).unwrap();
    let pattern = format!(
        "{}(identifier){}",
        "(_ ".repeat(100_000),
        ")".repeat(100_000)
    );
    std::fs::write(
        q.join("deep.scm"),
        format!("; winparity-query: goos\n; needle: x\n{pattern} @goos\n"),
    )
    .unwrap();
    let o = winparity(&[
        "scan",
        concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/dockerlike"),
        "--queries",
        q.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        format!(
            "winparity: {}: line 3: the query nests deeper than 100 brackets\n",
            q.join("deep.scm").display()
        )
    );
}

#[test]
fn a_size_limit_past_32_bits_is_refused() {
    let o = winparity(&[
        "scan",
        concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/dockerlike"),
        "--max-file-size",
        "18446744073709551615",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        "winparity: --max-file-size 18446744073709551615: at most 4294967294 bytes\n"
    );
}

/// The JSON report of the fixture, its commit and revision set to `rev` and `commit`.
fn report_with_source(rev: &str, commit: &str) -> Value {
    let mut r = scan(
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/dockerlike")),
        &[],
    );
    r["source"]["rev"] = rev.into();
    r["source"]["commit"] = commit.into();
    r
}

#[test]
fn a_diff_of_reports_whose_commits_hold_multibyte_characters() {
    // winparity 0.1.0 cut commits at byte 12 and panicked inside `é`.
    let d = tempfile::tempdir().unwrap();
    let (a, b) = (d.path().join("a.json"), d.path().join("b.json"));
    std::fs::write(&a, report_with_source("v1", "aaaaaaaaaaaé0123").to_string()).unwrap();
    std::fs::write(&b, report_with_source("v2", "ééééééééééééé").to_string()).unwrap();
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    let o = winparity(&["diff", a, b]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&o.stdout)
            .starts_with("winparity diff v1 (aaaaaaaaaaaé) → v2 (éééééééééééé)\n"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let o = winparity(&["diff", a, b, "--format", "markdown"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&o.stdout)
            .contains("Comparing `v1 (aaaaaaaaaaaé)` with `v2 (éééééééééééé)`: "),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
}

#[test]
fn a_damaged_cache_is_reported_and_history_goes_on() {
    // A length of 2^60 where the cache's version string should be: the reader refuses it
    // instead of asking for an exabyte.
    let r = Repo::new();
    r.write("a.go", "package a\n\nfunc A() {}\n");
    let c = r.commit("one");
    r.tag("v1.0.0", c);
    let cache = r.path().join(".git/winparity/facts.bin");
    std::fs::create_dir_all(cache.parent().unwrap()).unwrap();
    std::fs::write(&cache, [253, 0, 0, 0, 0, 0, 0, 0, 0x10]).unwrap();
    let o = winparity(&[
        "history",
        "--repo",
        r.path().to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.starts_with(&format!(
            "winparity: {}: not a winparity cache (",
            cache.display()
        )),
        "{err}"
    );
    let h: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(h["revisions"][0]["rev"], "v1.0.0");
}

//! Bad input: each case a real file or repository built by the test, each asserting what a
//! user sees — a message naming the path, the rest of the scan kept, the exit code — and never
//! a panic (exit code 101 fails every case).

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::Repo;
use serde_json::Value;

fn winparity(args: &[&str]) -> Output {
    let o = Command::new(env!("CARGO_BIN_EXE_winparity"))
        .args(args)
        .output()
        .unwrap();
    assert_ne!(
        o.status.code(),
        Some(101),
        "panic: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        o.status.code().is_some(),
        "killed by a signal: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
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
    let Ok(git) = git else {
        eprintln!("skipped: no git command");
        return;
    };
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

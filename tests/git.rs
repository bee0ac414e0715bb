//! Revisions straight from git, `diff`, and the gate — on real repositories each test builds
//! with git2 in its own temporary directory.

mod common;

use common::Repo;

use std::path::{Path, PathBuf};
use std::process::Output;

use git2::{Oid, Signature};
use serde_json::Value;

fn winparity(cwd: &Path, args: &[&str]) -> Output {
    common::winparity().args(args).current_dir(cwd).output()
}

fn json(o: &Output) -> Value {
    assert!(
        o.status.code() == Some(0) || o.status.code() == Some(1),
        "stderr: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).unwrap()
}

fn statuses(r: &Value) -> Vec<(String, String)> {
    r["apis"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["id"].as_str().unwrap().into(),
                a["status"].as_str().unwrap().into(),
            )
        })
        .collect()
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

/// v1: `Only` exists on linux only. v2: a Windows stub appears. feature: the stub becomes
/// real, a linux-only API is added, and a shared file is renamed to _windows.go.
fn story() -> (Repo, Oid, Oid, Oid) {
    let r = Repo::new();
    r.write("go.mod", "module example.com/a\n\ngo 1.22\n");
    r.write("a/a.go", "package a\n\nfunc Shared() int { return 1 }\n");
    r.write(
        "a/a_linux.go",
        "package a\n\nfunc Only() int { return 1 }\n",
    );
    r.write(
        "a/helper.go",
        "package a\n\nfunc Helper() int { return 2 }\n",
    );
    let v1 = r.commit("v1");
    r.tag("v1", v1);
    r.write(
        "a/a_windows.go",
        "package a\n\nfunc Only() int { return 0 }\n",
    );
    let v2 = r.commit("v2: a Windows stub");
    r.tag("v2", v2);
    r.write(
        "a/a_windows.go",
        "package a\n\nfunc Only() int { return 2 * Shared() }\n",
    );
    r.write(
        "a/a_linux.go",
        "package a\n\nfunc Only() int { return 1 }\n\nfunc NewThing() {}\n",
    );
    r.remove("a/helper.go");
    r.write(
        "a/helper_windows.go",
        "package a\n\nfunc Helper() int { return 2 }\n",
    );
    let feature = r.commit("feature");
    r.branch("feature", feature);
    (r, v1, v2, feature)
}

#[test]
fn scan_rev_reads_tags_branches_and_commits_without_a_checkout() {
    let (r, v1, _, feature) = story();
    let p = r.path().to_str().unwrap();
    let out = json(&winparity(
        r.path(),
        &["scan", p, "--rev", "v1", "--format", "json"],
    ));
    assert_eq!(out["source"]["rev"], "v1");
    assert_eq!(out["source"]["commit"], v1.to_string());
    assert_eq!(
        statuses(&out),
        pairs(&[
            ("a||Helper", "portable"),
            ("a||Only", "missing"),
            ("a||Shared", "portable")
        ])
    );
    let out = json(&winparity(
        r.path(),
        &["scan", p, "--rev", "feature~1", "--format", "json"],
    ));
    assert_eq!(
        statuses(&out),
        pairs(&[
            ("a||Helper", "portable"),
            ("a||Only", "stub"),
            ("a||Shared", "portable")
        ])
    );
    let out = json(&winparity(
        r.path(),
        &["scan", p, "--rev", "feature", "--format", "json"],
    ));
    assert_eq!(out["source"]["commit"], feature.to_string());
    assert_eq!(
        statuses(&out),
        pairs(&[
            ("a||Helper", "windows-only"),
            ("a||NewThing", "missing"),
            ("a||Only", "native"),
            ("a||Shared", "portable")
        ])
    );
}

#[test]
fn a_directory_and_the_revision_it_holds_give_the_same_report_but_source() {
    let (r, _, _, _) = story();
    let p = r.path().to_str().unwrap();
    let dir = json(&winparity(r.path(), &["scan", p, "--format", "json"]));
    let rev = json(&winparity(
        r.path(),
        &["scan", p, "--rev", "HEAD", "--format", "json"],
    ));
    let strip = |mut v: Value| {
        v.as_object_mut().unwrap().remove("source");
        v
    };
    assert_eq!(strip(dir), strip(rev));
}

#[test]
fn diff_lists_changes_and_trips_the_gate_on_worse() {
    let (r, _, _, _) = story();
    let repo = r.path().to_str().unwrap();
    let better = winparity(
        r.path(),
        &["diff", "v1", "v2", "--repo", repo, "--format", "json"],
    );
    assert_eq!(better.status.code(), Some(0));
    let d = json(&better);
    assert_eq!(
        d["changed"],
        serde_json::json!([{"id": "a||Only", "from": "missing", "to": "stub", "where": "a/a_windows.go:3", "suppressed": null, "test_support": false}])
    );
    assert_eq!(d["summary"]["better"], 1);
    assert_eq!(d["summary"]["worse"], 0);
    assert_eq!(d["gate"]["tripped"], false);

    let worse = winparity(
        r.path(),
        &["diff", "v2", "v1", "--repo", repo, "--format", "json"],
    );
    assert_eq!(worse.status.code(), Some(1));
    let d = json(&worse);
    assert_eq!(
        d["gate"]["reasons"],
        serde_json::json!(["a||Only: stub → missing"])
    );

    let never = winparity(
        r.path(),
        &["diff", "v2", "v1", "--repo", repo, "--fail-on", "never"],
    );
    assert_eq!(never.status.code(), Some(0));
}

#[test]
fn a_new_gap_trips_the_gate_unless_suppressed() {
    let (r, _, _, _) = story();
    let repo = r.path().to_str().unwrap();
    let o = winparity(
        r.path(),
        &["diff", "v2", "feature", "--repo", repo, "--format", "json"],
    );
    assert_eq!(o.status.code(), Some(1));
    let d = json(&o);
    assert_eq!(
        d["added"],
        serde_json::json!([{"id": "a||NewThing", "status": "missing", "where": "a/a_linux.go:5", "suppressed": null, "test_support": false, "moved": null}])
    );
    assert_eq!(
        d["gate"]["reasons"],
        serde_json::json!(["a||NewThing: new, missing"])
    );
    // Only worse changes count with --fail-on worse.
    assert_eq!(
        winparity(
            r.path(),
            &[
                "diff",
                "v2",
                "feature",
                "--repo",
                repo,
                "--fail-on",
                "worse"
            ]
        )
        .status
        .code(),
        Some(0)
    );

    r.write(
        ".winparity.toml",
        "[[suppress]]\napi = \"a||New*\"\nreason = \"Linux-only by design\"\n",
    );
    let o = winparity(
        r.path(),
        &["diff", "v2", "feature", "--repo", repo, "--format", "json"],
    );
    assert_eq!(o.status.code(), Some(0));
    let d = json(&o);
    assert_eq!(
        d["added"][0]["suppressed"],
        "Linux-only by design (a||New*)"
    );
    assert_eq!(d["summary"]["suppressed"], 1);
}

#[test]
fn a_renamed_file_and_json_reports_as_sides() {
    let (r, _, _, _) = story();
    let repo = r.path().to_str().unwrap();
    let scan = |rev: &str, file: &str| -> PathBuf {
        let o = winparity(r.path(), &["scan", repo, "--rev", rev, "--format", "json"]);
        assert_eq!(o.status.code(), Some(0));
        let p = r.path().join(file);
        std::fs::write(&p, &o.stdout).unwrap();
        p
    };
    let (a, b) = (scan("v2", "old.json"), scan("feature", "new.json"));
    let from_files = winparity(
        r.path(),
        &[
            "diff",
            a.to_str().unwrap(),
            b.to_str().unwrap(),
            "--format",
            "json",
            "--fail-on",
            "never",
        ],
    );
    let from_revs = winparity(
        r.path(),
        &[
            "diff",
            "v2",
            "feature",
            "--repo",
            repo,
            "--format",
            "json",
            "--fail-on",
            "never",
        ],
    );
    let (mut x, mut y) = (json(&from_files), json(&from_revs));
    assert_eq!(
        x["changed"],
        serde_json::json!([
            {"id": "a||Helper", "from": "portable", "to": "windows-only", "where": "a/helper_windows.go:3", "suppressed": null, "test_support": false},
            {"id": "a||Only", "from": "stub", "to": "native", "where": "a/a_windows.go:3", "suppressed": null, "test_support": false}
        ])
    );
    for v in [&mut x, &mut y] {
        v.as_object_mut().unwrap().remove("old");
        v.as_object_mut().unwrap().remove("new");
    }
    assert_eq!(x, y);
}

#[test]
fn markdown_summary_with_links() {
    let (r, _, _, _) = story();
    let repo = r.path().to_str().unwrap();
    let o = winparity(
        r.path(),
        &[
            "diff",
            "v2",
            "v1",
            "--repo",
            repo,
            "--format",
            "markdown",
            "--link-base",
            "https://example.com/blob/abc",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let md = String::from_utf8(o.stdout).unwrap();
    let v2 = r.repo.revparse_single("v2").unwrap().id().to_string();
    let v1 = r.repo.revparse_single("v1").unwrap().id().to_string();
    let want = format!(
        "### winparity: Windows parity 66.7% → 66.7% (+0.0 pt)\n\n\
         Comparing `v2 ({})` with `v1 ({})`: **1 worse**, 0 better, 0 new gaps, 0 added, 0 removed, 0 moved.\n\n\
         ❌ **The gate tripped** (fails on: worse, new-gaps).\n\n\
         #### Worse on Windows (1)\n\n\
         | API | was | now | where |\n| --- | --- | --- | --- |\n\
         | `a\\|\\|Only` | stub | missing | [a/a\\_linux.go:3](https://example.com/blob/abc/a/a_linux.go#L3) |\n\n",
        &v2[..12],
        &v1[..12]
    );
    assert_eq!(md, want);
}

#[test]
fn a_blob_missing_from_the_object_store_is_that_files_error_and_the_scan_goes_on() {
    let (r, _, _, _) = story();
    let repo = r.path().to_str().unwrap();
    // Remove the loose object of a/helper.go's blob at v1 (as a partial clone would lack it).
    let tree = r
        .repo
        .revparse_single("v1")
        .unwrap()
        .peel_to_tree()
        .unwrap();
    let blob = tree
        .get_path(Path::new("a/helper.go"))
        .unwrap()
        .id()
        .to_string();
    std::fs::remove_file(
        r.path()
            .join(".git/objects")
            .join(&blob[..2])
            .join(&blob[2..]),
    )
    .unwrap();
    let o = winparity(r.path(), &["scan", repo, "--rev", "v1", "--format", "json"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let out = json(&o);
    let f = out["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "a/helper.go")
        .unwrap();
    assert_eq!(
        f["error"],
        format!(
            "cannot read: blob {blob} is missing from the object store (a partial or shallow clone?)"
        )
    );
    assert_eq!(out["summary"]["files_with_errors"], 1);
    assert_eq!(
        statuses(&out),
        pairs(&[("a||Only", "missing"), ("a||Shared", "portable")])
    );
}

#[test]
fn unknown_revisions_and_non_repositories_are_errors() {
    let (r, _, _, _) = story();
    let repo = r.path().to_str().unwrap();
    let o = winparity(r.path(), &["scan", repo, "--rev", "v9"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.starts_with(&format!("winparity: {repo}: unknown revision \"v9\"")),
        "{err}"
    );
    let plain = tempfile::tempdir().unwrap();
    let o = winparity(plain.path(), &["scan", ".", "--rev", "HEAD"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).starts_with("winparity: .: not a git repository"));
    let o = winparity(r.path(), &["diff", "v1", "nope", "--repo", repo]);
    assert_eq!(o.status.code(), Some(2));
    // A mistyped report file is named as a file, not taken for a revision.
    let o = winparity(r.path(), &["diff", "main.jsno.json", "v1", "--repo", repo]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        format!(
            "winparity: main.jsno.json: no such file (a side is a JSON report written by `winparity scan --format json`, or a revision of {repo})\n"
        )
    );
}

#[test]
fn a_bad_config_file_names_its_line() {
    let (r, _, _, _) = story();
    r.write(
        ".winparity.toml",
        "platforms = [\"linux\", \"windows\"]\nplatfroms = 1\n",
    );
    let o = winparity(r.path(), &["scan", "."]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(".winparity.toml: TOML parse error at line 2, column 1"),
        "{err}"
    );
    assert!(err.contains("unknown field `platfroms`"), "{err}");
}

#[test]
fn symlinks_and_submodules_in_a_revision() {
    let r = Repo::new();
    r.write("a/a.go", "package a\n\nfunc A() {}\n");
    std::os::unix::fs::symlink("a.go", r.path().join("a/link.go")).unwrap();
    std::os::unix::fs::symlink("missing.go", r.path().join("a/dangling.go")).unwrap();
    std::fs::create_dir_all(r.path().join("b")).unwrap();
    std::os::unix::fs::symlink("../a", r.path().join("b/dir.go")).unwrap();
    r.commit("links");
    // A submodule: a gitlink entry in the tree.
    let mut index = r.repo.index().unwrap();
    let entry = git2::IndexEntry {
        ctime: git2::IndexTime::new(0, 0),
        mtime: git2::IndexTime::new(0, 0),
        dev: 0,
        ino: 0,
        mode: 0o160000,
        uid: 0,
        gid: 0,
        file_size: 0,
        id: Oid::from_str("0123456789abcdef0123456789abcdef01234567").unwrap(),
        flags: 0,
        flags_extended: 0,
        path: b"vendored-sub".to_vec(),
    };
    index.add(&entry).unwrap();
    let tree = r.repo.find_tree(index.write_tree().unwrap()).unwrap();
    let sig = Signature::new("t", "t@example.com", &git2::Time::new(1_700_000_000, 0)).unwrap();
    let head = r.repo.head().unwrap().peel_to_commit().unwrap();
    r.repo
        .commit(Some("HEAD"), &sig, &sig, "submodule", &tree, &[&head])
        .unwrap();
    let repo = r.path().to_str().unwrap();
    let out = json(&winparity(
        r.path(),
        &["scan", repo, "--rev", "HEAD", "--format", "json"],
    ));
    let files: Vec<(String, Value)> = out["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["path"].as_str().unwrap().to_string(), f["error"].clone()))
        .collect();
    assert_eq!(
        files,
        vec![
            ("a/a.go".to_string(), Value::Null),
            (
                "a/dangling.go".to_string(),
                Value::String("cannot read: dangling symlink to missing.go".into())
            ),
            ("a/link.go".to_string(), Value::Null),
        ]
    );
    // A symlink to a directory is not descended into, a submodule is noted, not scanned.
    assert_eq!(
        out["notes"],
        serde_json::json!([
            "vendored-sub: submodule, not scanned",
            "a/dangling.go: cannot read: dangling symlink to missing.go"
        ])
    );
}

/// `explain --rev` explains the API as that revision has it, its source read from the object
/// store; `--format json` gives the report's entry.
#[test]
fn explain_at_a_revision_as_text_and_json() {
    let (r, v1, _, _) = story();
    let p = r.path().to_str().unwrap();
    let o = winparity(r.path(), &["explain", "Only", p, "--rev", "v2"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(
        text.starts_with(
            "a||Only  (exported func, package a)\nstatus on windows (against linux): stub\n"
        ),
        "{text}"
    );
    assert!(text.contains("func Only() int { return 0 }"), "{text}");
    let out = json(&winparity(
        r.path(),
        &["explain", "a.Only", p, "--rev", "v1", "--format", "json"],
    ));
    assert_eq!(out["source"]["commit"], v1.to_string());
    assert_eq!(out["api"]["id"], "a||Only");
    assert_eq!(out["api"]["status"], "missing");
    assert_eq!(out["guards"], serde_json::json!([]));
    assert_eq!(out["refusals"], serde_json::json!([]));
}

/// `diff --format github|sarif` annotates only what the change made worse, and `-o` writes
/// each format to its file.
#[test]
fn diff_annotates_only_what_got_worse_and_writes_outputs() {
    let (r, _, _, _) = story();
    let repo = r.path().to_str().unwrap();
    // feature → v2: Only goes native → stub (worse); Helper windows-only → portable (better).
    let o = winparity(
        r.path(),
        &[
            "diff", "feature", "v2", "--repo", repo, "--format", "github",
        ],
    );
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "::warning file=a/a_windows.go,line=3,title=winparity%3A The Windows definition does nothing::a.Only does nothing on windows; on linux it is defined at a/a_linux.go:3.\n"
    );
    let dir = tempfile::tempdir().unwrap();
    let (sarif, json_out) = (dir.path().join("d.sarif"), dir.path().join("d.json"));
    let o = winparity(
        r.path(),
        &[
            "diff",
            "feature",
            "v2",
            "--repo",
            repo,
            "-o",
            sarif.to_str().unwrap(),
            "-o",
            json_out.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty(), "-o alone writes nothing on stdout");
    let log: Value = serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["ruleId"], "winparity/stub");
    assert_eq!(
        results[0]["partialFingerprints"]["winparityKey/v1"],
        "a||Only"
    );
    let d: Value = serde_json::from_str(&std::fs::read_to_string(&json_out).unwrap()).unwrap();
    assert_eq!(d["gate"]["tripped"], true);
    // The other way round the gate trips on NewThing, a new `missing` gap: no Windows line to
    // annotate (as the scan's annotations list no missing API), and nothing else got worse.
    let o = winparity(
        r.path(),
        &[
            "diff", "v2", "feature", "--repo", repo, "--format", "github",
        ],
    );
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&o.stdout), "");
}

/// The gate's noise (issue 16), one commit each on top of a base, and the regression it must
/// still catch. base: a Windows-built package `a` with an exported `Run`, its test importing a
/// test-support package `testutil`, and a package `old` with a Linux-only exported API.
fn noise_story() -> (Repo, [Oid; 6]) {
    let r = Repo::new();
    r.write("go.mod", "module example.com/n\n\ngo 1.22\n");
    r.write(
        "a/a.go",
        "package a\n\nfunc Run() error { return work() }\n\nfunc work() error { return nil }\n",
    );
    r.write(
        "a/a_test.go",
        "package a\n\nimport (\n\t\"testing\"\n\n\t\"example.com/n/testutil\"\n)\n\nfunc TestRun(t *testing.T) { testutil.Check(t, Run()) }\n",
    );
    r.write(
        "testutil/check.go",
        "package testutil\n\nimport \"testing\"\n\nfunc Check(t *testing.T, err error) {\n\tif err != nil {\n\t\tt.Fatal(err)\n\t}\n}\n",
    );
    r.write(
        "old/mount_linux.go",
        "package old\n\n// Mount is Linux's only.\nfunc Mount(target string) error {\n\treturn nil\n}\n",
    );
    let base = r.commit("base");
    // 1. A new unexported helper in a Linux file: a Linux internal, no gap.
    r.write(
        "a/tar_linux.go",
        "package a\n\nfunc applyTarOptions() error { return nil }\n",
    );
    let helper = r.commit("a Linux helper");
    // 2. The test-support package gains a Linux-only function.
    r.write(
        "testutil/daemon_linux.go",
        "package testutil\n\nfunc StartDaemon() {}\n",
    );
    let support = r.commit("test support");
    // 3. The package `old` moves to `new` (the same API, the same status).
    r.remove("old/mount_linux.go");
    r.write(
        "new/mount_linux.go",
        "package new\n\n// Mount is Linux's only.\nfunc Mount(target string) error {\n\treturn nil\n}\n",
    );
    let moved = r.commit("move old to new");
    // 4. A real regression: Run, exported in a package built on Windows, becomes a Windows stub.
    r.write("a/a.go", "package a\n\nfunc work() error { return nil }\n");
    r.write(
        "a/run_linux.go",
        "package a\n\nfunc Run() error { return work() }\n",
    );
    r.write(
        "a/run_windows.go",
        "package a\n\nfunc Run() error { return nil }\n",
    );
    let regression = r.commit("Run does nothing on Windows");
    // 5. A new exported Linux-only API in the Windows-built package: a new gap.
    r.write(
        "a/net_linux.go",
        "package a\n\n// Attach is new, and Linux's only.\nfunc Attach() error { return nil }\n",
    );
    let gap = r.commit("a new Linux-only API");
    (r, [base, helper, support, moved, regression, gap])
}

fn diff_of(r: &Repo, old: Oid, new: Oid, extra: &[&str]) -> (Option<i32>, Value) {
    let (o, n) = (old.to_string(), new.to_string());
    let repo = r.path().to_str().unwrap();
    let mut args = vec![
        "diff",
        o.as_str(),
        n.as_str(),
        "--repo",
        repo,
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    let out = winparity(r.path(), &args);
    (out.status.code(), json(&out))
}

#[test]
fn a_linux_internal_helper_does_not_trip_the_gate() {
    let (r, [base, helper, ..]) = noise_story();
    let (code, d) = diff_of(&r, base, helper, &[]);
    assert_eq!(code, Some(0), "{d}");
    assert_eq!(
        d["added"],
        serde_json::json!([{"id": "a||applyTarOptions", "status": "linux-internal",
                            "where": "a/tar_linux.go:3", "suppressed": null,
                            "test_support": false, "moved": null}])
    );
    assert_eq!(d["summary"]["new_gaps"], 0);
}

#[test]
fn a_gap_in_a_test_support_package_gates_only_when_asked() {
    let (r, [_, helper, support, ..]) = noise_story();
    let (code, d) = diff_of(&r, helper, support, &[]);
    assert_eq!(code, Some(0), "{d}");
    assert_eq!(
        d["added"],
        serde_json::json!([{"id": "testutil||StartDaemon", "status": "missing",
                            "where": "testutil/daemon_linux.go:3", "suppressed": null,
                            "test_support": true, "moved": null}])
    );
    assert_eq!(d["gate"]["reasons"], serde_json::json!([]));
    let (code, d) = diff_of(&r, helper, support, &["--gate-test-support"]);
    assert_eq!(code, Some(1));
    assert_eq!(
        d["gate"]["reasons"],
        serde_json::json!(["testutil||StartDaemon: new, missing"])
    );
    // And from .winparity.toml.
    std::fs::write(
        r.path().join(".winparity.toml"),
        "[gate]\ntest_support = true\n",
    )
    .unwrap();
    let (code, _) = diff_of(&r, helper, support, &[]);
    assert_eq!(code, Some(1));
}

#[test]
fn a_moved_package_is_moved_not_removed_and_added() {
    let (r, [_, _, support, moved, ..]) = noise_story();
    let (code, d) = diff_of(&r, support, moved, &[]);
    assert_eq!(code, Some(0), "{d}");
    assert_eq!(
        d["moved"],
        serde_json::json!([{"from": "old||Mount", "to": "new||Mount", "status": "missing",
                            "where": "new/mount_linux.go:4"}])
    );
    assert_eq!(d["added"][0]["moved"], "old||Mount");
    assert_eq!(d["removed"][0]["moved"], "new||Mount");
    assert_eq!(d["summary"]["new_gaps"], 0);
    assert_eq!(d["summary"]["moved"], 1);
}

#[test]
fn a_real_regression_still_trips_the_gate() {
    let (r, [.., moved, regression, gap]) = noise_story();
    let (code, d) = diff_of(&r, moved, regression, &[]);
    assert_eq!(code, Some(1), "{d}");
    assert_eq!(
        d["gate"]["reasons"],
        serde_json::json!(["a||Run: portable → stub"])
    );
    let (code, d) = diff_of(&r, regression, gap, &[]);
    assert_eq!(code, Some(1), "{d}");
    assert_eq!(
        d["gate"]["reasons"],
        serde_json::json!(["a||Attach: new, missing"])
    );
}

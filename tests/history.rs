//! `winparity history` on a repository with a known story: a stub appears at v1.1.0 and is
//! fixed at v2.0.0; a pre-release and a non-version tag are left out unless asked.

mod common;

use common::Repo;
use serde_json::{Value, json};

fn story() -> Repo {
    let r = Repo::new();
    r.write("a/a.go", "package a\n\nfunc Shared() int { return 1 }\n");
    let c = r.commit("v1.0.0");
    r.tag("v1.0.0", c);
    r.tag("nightly", c);
    r.write(
        "a/a_linux.go",
        "package a\n\nfunc Only() int { return 1 }\n",
    );
    r.write(
        "a/a_windows.go",
        "package a\n\nfunc Only() int { return 0 }\n",
    );
    let c = r.commit("v1.1.0: Only, a stub on Windows");
    r.tag("v1.1.0-rc1", c);
    r.tag("v1.1.0", c);
    r.write("a/b.go", "package a\n\nfunc More() {}\n");
    let c = r.commit("v1.2.0");
    r.tag("v1.2.0", c);
    r.write(
        "a/a_windows.go",
        "package a\n\nfunc Only() int { return 2 * Shared() }\n",
    );
    let c = r.commit("v2.0.0: Only works on Windows");
    r.tag("v2.0.0", c);
    r
}

/// `history --format json --quiet ARGS` on the repository.
fn history_output(r: &Repo, args: &[&str]) -> std::process::Output {
    common::winparity()
        .args([
            "history",
            "--repo",
            r.path().to_str().unwrap(),
            "--format",
            "json",
            "--quiet",
        ])
        .args(args)
        .output()
}

/// Its JSON, after checking it succeeded.
fn history(r: &Repo, args: &[&str]) -> Value {
    let o = history_output(r, args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).unwrap()
}

fn revs(h: &Value) -> Vec<(String, f64, u64, u64)> {
    h["revisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["rev"].as_str().unwrap().to_string(),
                r["summary"]["parity"].as_f64().unwrap(),
                r["opened"].as_u64().unwrap(),
                r["closed"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn the_release_tags_tell_where_the_gap_opened_and_closed() {
    let r = story();
    let h = history(&r, &[]);
    let s = |v: &str, p: f64, o: u64, c: u64| (v.to_string(), p, o, c);
    assert_eq!(
        revs(&h),
        vec![
            s("v1.0.0", 1.0, 0, 0),
            s("v1.1.0", 0.5, 1, 0),
            s("v1.2.0", 2.0 / 3.0, 0, 0),
            s("v2.0.0", 1.0, 0, 1)
        ]
    );
    assert_eq!(
        h["changes"],
        json!([
            {"id": "a||Only", "from": null, "to": "stub", "rev": "v1.1.0"},
            {"id": "a||Only", "from": "stub", "to": "native", "rev": "v2.0.0"}
        ])
    );
    let commit = r
        .repo
        .revparse_single("v2.0.0")
        .unwrap()
        .peel_to_commit()
        .unwrap();
    assert_eq!(h["revisions"][3]["commit"], commit.id().to_string());
    assert_eq!(h["revisions"][3]["date"], "2023-11-14");
    assert_eq!(h["revisions"][3]["summary"]["by_status"]["native"], 1);
}

#[test]
fn selecting_revisions() {
    let r = story();
    let names = |h: &Value| revs(h).into_iter().map(|x| x.0).collect::<Vec<_>>();
    assert_eq!(
        names(&history(&r, &["--prereleases"])),
        ["v1.0.0", "v1.1.0-rc1", "v1.1.0", "v1.2.0", "v2.0.0"]
    );
    assert_eq!(
        names(&history(&r, &["--since", "v1.1.0"])),
        ["v1.1.0", "v1.2.0", "v2.0.0"]
    );
    assert_eq!(names(&history(&r, &["--last", "2"])), ["v1.2.0", "v2.0.0"]);
    assert_eq!(
        names(&history(&r, &["--match", "v1.*"])),
        ["v1.0.0", "v1.1.0", "v1.2.0"]
    );
    assert_eq!(
        names(&history(&r, &["v2.0.0", "v1.0.0"])),
        ["v2.0.0", "v1.0.0"]
    );
}

#[test]
fn markdown_and_html_outputs() {
    let r = story();
    let dir = tempfile::tempdir().unwrap();
    let (md, html) = (dir.path().join("h.md"), dir.path().join("h.html"));
    let o = common::winparity()
        .args([
            "history",
            "--repo",
            r.path().to_str().unwrap(),
            "--title",
            "story",
            "-o",
            md.to_str().unwrap(),
            "-o",
            html.to_str().unwrap(),
        ])
        .output();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(o.stdout.is_empty());
    let md = std::fs::read_to_string(md).unwrap();
    assert_eq!(
        md,
        "# Windows parity of `story` across 4 revisions\n\n\
         From v1.0.0 (2023-11-14) to v2.0.0 (2023-11-14): parity 100.0% → 100.0%, gaps 0 → 0.\n\n\
         | revision | date | parity | APIs | guarded | stub | unsupported | missing | gaps opened | gaps closed |\n\
         | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n\
         | `v1.0.0` | 2023-11-14 | 100.0% | 1 | 0 | 0 | 0 | 0 | 0 | 0 |\n\
         | `v1.1.0` | 2023-11-14 | 50.0% | 2 | 0 | 1 | 0 | 0 | 1 | 0 |\n\
         | `v1.2.0` | 2023-11-14 | 66.7% | 3 | 0 | 1 | 0 | 0 | 0 | 0 |\n\
         | `v2.0.0` | 2023-11-14 | 100.0% | 3 | 0 | 0 | 0 | 0 | 0 | 1 |\n\n\
         ## Where gaps opened and closed\n\n\
         ### `v1.1.0`: 1 opened, 0 closed\n\n- `a\\|\\|Only`: new → stub\n\n\
         ### `v2.0.0`: 0 opened, 1 closed\n\n- `a\\|\\|Only`: stub → native\n\n"
    );
    let html = std::fs::read_to_string(html).unwrap();
    assert_eq!(html.matches("<circle class=\"point\"").count(), 4);
    assert_eq!(html.matches("class=\"gap gap-stub\"").count(), 4);
    // The page lists where each gap opened and closed, as the Markdown does.
    assert!(
        html.contains("<details class=\"rev\"><summary><code>v1.1.0</code>: 1 opened, 0 closed</summary>\n<ul><li class=\"opened\"><code>a||Only</code>: new → stub</li></ul>"),
        "{html}"
    );
    assert!(
        html.contains("<details class=\"rev\"><summary><code>v2.0.0</code>: 0 opened, 1 closed</summary>\n<ul><li class=\"closed\"><code>a||Only</code>: stub → native</li></ul>"),
        "{html}"
    );
}

#[test]
fn a_repository_without_release_tags_is_an_error() {
    let r = Repo::new();
    r.write("a.go", "package a\n");
    r.commit("x");
    let o = common::winparity()
        .args(["history", "--repo", r.path().to_str().unwrap()])
        .output();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no release tags to scan"));
}

#[test]
fn a_second_run_reads_the_cache_and_says_the_same() {
    let r = story();
    let cache = r.path().join(".git/winparity/facts.bin");
    let plain = history(&r, &["--no-cache"]);
    assert!(!cache.exists(), "--no-cache writes nothing");
    let first = history(&r, &[]);
    assert!(cache.exists());
    let second = history(&r, &[]);
    assert_eq!(first, plain);
    assert_eq!(second, plain);
    // A cache file that is not one is an error naming it, and the run goes on without it.
    std::fs::write(&cache, b"garbage").unwrap();
    let o = history_output(&r, &[]);
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stderr).contains("facts.bin: not a winparity cache"));
    assert_eq!(serde_json::from_slice::<Value>(&o.stdout).unwrap(), plain);
    // A cache of another build (its version first, as bincode writes a string: length, bytes;
    // then facts laid out otherwise) is ignored without a word, and replaced.
    let version = b"winparity 0.0.9 facts 1";
    let mut old = vec![version.len() as u8];
    old.extend_from_slice(version);
    old.extend_from_slice(b"\x05facts of another shape");
    std::fs::write(&cache, &old).unwrap();
    let o = history_output(&r, &[]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&o.stderr), "");
    assert_eq!(serde_json::from_slice::<Value>(&o.stdout).unwrap(), plain);
    assert_ne!(
        std::fs::read(&cache).unwrap(),
        old,
        "rewritten by this build"
    );
    assert_eq!(history(&r, &[]), plain);
}

#[test]
fn tag_names_are_text_in_every_format_never_markup() {
    // git allows `<`, `>`, `/`, `=`, `(` and `)` in a tag name; it parses as a version.
    let r = Repo::new();
    r.write("a/a.go", "package a\n\nfunc Shared() int { return 1 }\n");
    let c = r.commit("one");
    let evil = "v1.0.1<svg/onload=alert(1)>";
    r.tag(evil, c);
    r.write("a/b_linux.go", "package a\n\nfunc Linux() {}\n");
    let c = r.commit("two");
    r.tag("v1.0.2|`x`", c);
    let dir = tempfile::tempdir().unwrap();
    let (md, html) = (dir.path().join("h.md"), dir.path().join("h.html"));
    let o = common::winparity()
        .args([
            "history",
            "--repo",
            r.path().to_str().unwrap(),
            "--title",
            "t",
        ])
        .args(["-o", md.to_str().unwrap(), "-o", html.to_str().unwrap()])
        .output();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let html = std::fs::read_to_string(html).unwrap();
    assert!(!html.contains("<svg/onload"), "a tag name became markup");
    // In the chart: the point's title, the four stacked bars' titles, and the axis label (the
    // table's cell is escaped by the template, `/` included).
    assert_eq!(html.matches("v1.0.1&lt;svg/onload=alert(1)&gt;").count(), 6);
    assert!(html.contains("v1.0.1&lt;svg&#x2f;onload=alert(1)&gt;"));
    let md = std::fs::read_to_string(md).unwrap();
    assert!(
        md.contains(
            "From v1.0.1&lt;svg/onload=alert(1)&gt; (2023-11-14) to v1.0.2\\|\\`x\\` (2023-11-14)"
        ),
        "{md}"
    );
    assert!(
        md.contains("| `v1.0.1<svg/onload=alert(1)>` | 2023-11-14 |"),
        "{md}"
    );
    // Ends with a backquote: a longer fence, padded (CommonMark strips one space each side).
    assert!(md.contains("| `` v1.0.2\\|`x` `` | 2023-11-14 |"), "{md}");
}

#[test]
fn history_chooses_git_tags_with_match_and_build_tags_with_tags() {
    let r = story();
    // A glob given to --tags is no build tag: the message says where git tags are chosen.
    let o = history_output(&r, &["--tags", "v1.*"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        "winparity: --tags v1.*: a build tag has no '*', '?' or '[' (history chooses git tags with --match GLOB)\n"
    );
    // Build tags reach the scans: a file of tag `extra` defines one more API.
    let r = Repo::new();
    r.write("a/a.go", "package a\n\nfunc A() {}\n");
    r.write("a/x.go", "//go:build extra\n\npackage a\n\nfunc X() {}\n");
    let c = r.commit("one");
    r.tag("v1.0.0", c);
    r.tag("v2.0.0", c);
    let apis = |args: &[&str]| {
        let h = history(&r, args);
        h["revisions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| {
                (
                    x["rev"].as_str().unwrap().to_string(),
                    x["summary"]["apis"].clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        apis(&["--match", "v1*"]),
        [("v1.0.0".to_string(), json!(1))]
    );
    assert_eq!(
        apis(&["--match", "v1*", "--tags", "extra"]),
        [("v1.0.0".to_string(), json!(2))]
    );
}

/// moby tags its releases `docker-v29.*` since 29 (`v28.*` before), and its Go submodules
/// `api/v1.52.0`, `client/v0.1.0`: the releases are the first two kinds, in version order.
#[test]
fn product_prefixed_release_tags_are_versions_and_submodule_tags_are_not() {
    let r = Repo::new();
    r.write("a/a.go", "package a\n\nfunc Shared() int { return 1 }\n");
    let c = r.commit("v28.5.2");
    r.tag("v28.5.2", c);
    // The docs' tag of a release a plain tag names is no release of its own.
    r.tag("docs-v28.5.2-2025-11-01", c);
    r.write("a/b.go", "package a\n\nfunc More() {}\n");
    let c = r.commit("29.0.0");
    r.tag("docker-v29.0.0", c);
    r.tag("api/v1.52.0", c);
    r.tag("client/v0.1.0", c);
    r.write("a/c.go", "package a\n\nfunc Most() {}\n");
    let c = r.commit("29.1.0");
    r.tag("docker-v29.1.0-rc.1", c);
    r.tag("docker-v29.1.0", c);
    let names = |h: &Value| -> Vec<String> {
        h["revisions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["rev"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        names(&history(&r, &[])),
        ["v28.5.2", "docker-v29.0.0", "docker-v29.1.0"]
    );
    assert_eq!(
        names(&history(&r, &["--since", "docker-v29.0.0"])),
        ["docker-v29.0.0", "docker-v29.1.0"]
    );
    assert_eq!(
        names(&history(&r, &["--match", "docker-v*", "--prereleases"])),
        ["docker-v29.0.0", "docker-v29.1.0-rc.1", "docker-v29.1.0"]
    );
}

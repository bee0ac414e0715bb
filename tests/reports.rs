//! Reports for people and for code review: Markdown, SARIF (validated against the official
//! OASIS schema), GitHub annotations, several `-o` outputs from one scan, and the HTML report in
//! a real browser (headless Chromium).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{expected, root, run};

fn ok_stdout(args: &[&str]) -> String {
    let o = run(args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

/// The Markdown report of the Docker-like fixture, whole. Its statuses and messages are the
/// ones the Go reference and fixtures/dockerlike/EXPECTED.md give.
#[test]
fn markdown_report_is_the_published_page() {
    assert_eq!(
        ok_stdout(&["scan", "fixtures/dockerlike", "--format", "markdown"]),
        expected("dockerlike.md")
    );
}

#[test]
fn markdown_links_every_location_under_a_base_url() {
    let md = ok_stdout(&[
        "scan",
        "fixtures/dockerlike",
        "--format",
        "markdown",
        "--link-base",
        "https://example.com/blob/abc/",
    ]);
    assert!(md.contains(
        "| Windows does not support diff of a running container | `daemon.Daemon.ContainerChanges` | guarded | [daemon/changes.go:19](https://example.com/blob/abc/daemon/changes.go#L19) |"
    ));
    assert!(!md.contains("| `daemon/"), "every location is a link");
}

fn sarif_validator() -> jsonschema::Validator {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/sarif/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    // Draft 7 with formats: also checks `uri-reference` (see tests/sarif/SOURCE.md).
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

#[test]
fn sarif_is_valid_against_the_official_schema_and_stable() {
    let sarif = ok_stdout(&["scan", "fixtures/dockerlike", "--format", "sarif"]);
    assert_eq!(sarif, expected("dockerlike.sarif"));
    let log: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    let v = sarif_validator();
    let errors: Vec<String> = v
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // One result per stub, unsupported API, refusing guard, package missing on Windows and
    // refusal inside a Windows definition (daemon/resources_windows.go's two, and
    // pkg/hcsshim/gates.go's one in an API only Windows has).
    let results = log["runs"][0]["results"].as_array().unwrap();
    let count = |rule: &str| results.iter().filter(|r| r["ruleId"] == rule).count();
    assert_eq!(
        (
            count("winparity/stub"),
            count("winparity/unsupported"),
            count("winparity/guard-refusal"),
            count("winparity/missing-package"),
            count("winparity/refused-input")
        ),
        (14, 18, 18, 1, 3)
    );
}

#[test]
fn the_schema_check_catches_a_broken_log() {
    let mut log: serde_json::Value = serde_json::from_str(&expected("dockerlike.sarif")).unwrap();
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        0.into();
    log["runs"][0]["results"][1]
        .as_object_mut()
        .unwrap()
        .remove("message");
    log["runs"][0]["results"][2]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] =
        "daemon dir/x.go".into();
    assert_eq!(sarif_validator().iter_errors(&log).count(), 3);
}

#[test]
fn github_annotations_point_at_each_finding() {
    let out = ok_stdout(&["scan", "fixtures/dockerlike", "--format", "github"]);
    assert_eq!(out, expected("dockerlike.github.txt"));
    assert_eq!(out.lines().count(), 14 + 18 + 18 + 1 + 3);
    assert!(out.lines().all(|l| l.starts_with("::warning file=")));
}

#[test]
fn several_outputs_from_one_scan() {
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n).to_str().unwrap().to_string();
    let (json, md, html, sarif, txt) = (
        p("r.json"),
        p("r.md"),
        p("r.html"),
        p("r.sarif"),
        p("r.txt"),
    );
    let out = ok_stdout(&[
        "scan",
        "fixtures/dockerlike",
        "-o",
        &json,
        "-o",
        &md,
        "-o",
        &html,
        "--output",
        &sarif,
        "-o",
        &txt,
    ]);
    assert_eq!(
        out, "",
        "nothing on stdout when -o is given without --format"
    );
    let read = |f: &str| std::fs::read_to_string(f).unwrap();
    assert_eq!(
        read(&json),
        ok_stdout(&["scan", "fixtures/dockerlike", "--format", "json"])
    );
    assert_eq!(read(&md), expected("dockerlike.md"));
    assert_eq!(read(&sarif), expected("dockerlike.sarif"));
    assert_eq!(read(&txt), expected("dockerlike.table.txt"));
    assert_eq!(
        read(&html),
        ok_stdout(&["scan", "fixtures/dockerlike", "--format", "html"])
    );
    // With --format too, stdout gets that format as well.
    let out = ok_stdout(&[
        "scan",
        "fixtures/dockerlike",
        "-o",
        &json,
        "--format",
        "markdown",
    ]);
    assert_eq!(out, expected("dockerlike.md"));
}

#[test]
fn an_output_that_cannot_be_written_is_an_error_and_the_others_are_written() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("r.md");
    let bad = dir.path().join("no/such/dir/r.json");
    let o = run(&[
        "scan",
        "fixtures/dockerlike",
        "-o",
        bad.to_str().unwrap(),
        "-o",
        good.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.starts_with(&format!(
            "winparity: -o {}: cannot write: No such file or directory",
            bad.display()
        )),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(good).unwrap(),
        expected("dockerlike.md")
    );
    let o = run(&["scan", "fixtures/dockerlike", "-o", "report.pdf"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        "winparity: -o report.pdf: cannot tell the format from the name (use .json, .md, .html, .sarif or .txt)\n"
    );
}

#[test]
fn html_is_self_contained() {
    let html = ok_stdout(&["scan", "fixtures/dockerlike", "--format", "html"]);
    for external in ["http://", "https://", "src=\"//", "<link"] {
        let hits: Vec<&str> = html
            .lines()
            .filter(|l| l.contains(external) && !l.contains("xmlns=\"http://www.w3.org/2000/svg\""))
            .collect();
        assert!(hits.is_empty(), "{external}: {hits:?}");
    }
}

fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("WINPARITY_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths)
                    .map(|d| d.join(name))
                    .find(|p| p.is_file())
            })
        })
}

/// Loads the page in headless Chromium with a view in the URL fragment and returns the DOM
/// after the page's script has run.
fn dom(browser: &Path, page: &Path, fragment: &str, profile: &Path) -> String {
    let o = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
        ])
        .args([
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(format!("file://{}#{fragment}", page.display()))
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

fn attr(dom: &str, name: &str) -> String {
    let key = format!("{name}=\"");
    let at = dom
        .find(&key)
        .unwrap_or_else(|| panic!("no {name} in the DOM"))
        + key.len();
    dom[at..].split('"').next().unwrap().to_string()
}

/// Chromium, and the Docker-like fixture's HTML report in a temporary directory (kept while the
/// directory lives). A test that cannot find Chromium fails: it cannot run.
/// What `script` (of tests/browser) saw in Chromium on `page`, through tests/browser/run.sh.
fn drive(browser: &Path, page: &Path, script: &str) -> serde_json::Value {
    let o = Command::new("bash")
        .arg(root().join("tests/browser/run.sh"))
        .arg(browser)
        .arg(page)
        .arg(script)
        .output()
        .expect("bash runs tests/browser/run.sh");
    assert!(
        o.status.success(),
        "tests/browser/run.sh {script} failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).unwrap()
}

fn dockerlike_page() -> (PathBuf, tempfile::TempDir, PathBuf) {
    let Some(browser) = chromium() else {
        panic!(
            "no chromium on PATH: this test cannot run (set WINPARITY_CHROMIUM, or run .ci/run, which installs it)"
        );
    };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    ok_stdout(&["scan", "fixtures/dockerlike", "-o", page.to_str().unwrap()]);
    (browser, dir, page)
}

#[test]
#[ignore = "needs Chromium (set WINPARITY_CHROMIUM or put chromium on PATH); .ci/run installs it and runs this with --include-ignored"]
fn html_filters_and_renders_in_a_real_browser() {
    let (browser, dir, page) = dockerlike_page();
    let profile = dir.path().join("profile");

    // The chart: one bar per package with gaps.
    let d = dom(&browser, &page, "", &profile);
    assert_eq!(d.matches("<rect class=\"bar\"").count(), 9);
    // The default view: the gaps (guarded, stub, unsupported, missing) outside test-support
    // packages: 18 + 14 + 18 + 9.
    assert_eq!(attr(&d, "data-matches"), "59");

    // Filtered by status and searched by name.
    let d = dom(&browser, &page, "status=stub&q=Ipc", &profile);
    assert_eq!(attr(&d, "data-rows"), "2");
    let rows: Vec<&str> = d.split("<tr class=\"api-row\"").skip(1).collect();
    assert_eq!(rows.len(), 2);
    assert!(
        rows[0].contains("container.Container.IpcMounts")
            && rows[1].contains("container.Container.UnmountIpcMounts")
    );

    let d = dom(&browser, &page, "status=guarded,unsupported", &profile);
    assert_eq!(attr(&d, "data-matches"), "36");

    // A finding expanded: the Windows definition beside the Linux one.
    let d = dom(
        &browser,
        &page,
        "status=stub&open=container|Container|IpcMounts",
        &profile,
    );
    let details = d
        .split("<tr class=\"details\">")
        .nth(1)
        .expect("the finding is expanded");
    let pres: Vec<&str> = details.split("<pre>").skip(1).collect();
    assert_eq!(pres.len(), 2);
    assert!(
        pres[0].contains("return nil"),
        "the Windows stub first: {}",
        pres[0]
    );
    assert!(
        pres[1].contains("container.ShmPath"),
        "then the Linux definition: {}",
        pres[1]
    );

    // A refusal inside Windows' own definition, listed with its line in the expanded finding.
    let d = dom(
        &browser,
        &page,
        "status=guarded&open=daemon||verifyResources",
        &profile,
    );
    let details = d
        .split("<tr class=\"details\">")
        .nth(1)
        .expect("the finding is expanded");
    assert_eq!(
        details
            .matches("<span class=\"badge\">refuses input</span>")
            .count(),
        2,
        "{details}"
    );
    assert!(
        details.contains("daemon/resources_windows.go:15"),
        "{details}"
    );

    // The search reads messages too: "checkpoints" is no name's, four APIs say it.
    let d = dom(&browser, &page, "q=checkpoints", &profile);
    assert_eq!(attr(&d, "data-matches"), "4");
    // Test-support packages' APIs show only when asked for (internal/skip's If).
    let d = dom(&browser, &page, "status=portable&q=skip", &profile);
    assert_eq!(attr(&d, "data-matches"), "0");
    let d = dom(
        &browser,
        &page,
        "status=portable&q=skip&support=1",
        &profile,
    );
    assert_eq!(attr(&d, "data-matches"), "1");

    // A screenshot to look at (kept under target/).
    let shot = root().join("target/html-test/dockerlike.png");
    std::fs::create_dir_all(shot.parent().unwrap()).unwrap();
    let o = Command::new(&browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args([
            "--window-size=1280,1600",
            &format!("--screenshot={}", shot.display()),
        ])
        .arg(format!(
            "file://{}#open=container|Container|IpcMounts&status=stub",
            page.display()
        ))
        .output()
        .unwrap();
    assert!(o.status.success());
    assert!(std::fs::metadata(&shot).unwrap().len() > 10_000);
}

/// A module whose Windows definition refuses with `message`, and a Linux one that works.
fn tree_refusing_with(dir: &Path, message: &str) {
    std::fs::write(dir.join("go.mod"), "module example.com/m\n\ngo 1.22\n").unwrap();
    std::fs::write(
        dir.join("a_linux.go"),
        "package m\n\nfunc Do() error { return nil }\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("a_windows.go"),
        format!(
            "package m\n\nimport \"errors\"\n\nfunc Do() error {{ return errors.New({}) }}\n",
            serde_json::to_string(message).unwrap()
        ),
    )
    .unwrap();
}

#[test]
fn html_data_cannot_end_its_script_element() {
    // A message (or a source line) with `<!--<script>` or `</script>` in it: the page's own
    // script must still see all of its data.
    let d = tempfile::tempdir().unwrap();
    tree_refusing_with(d.path(), "<!--<script></script>");
    let out = ok_stdout(&["scan", d.path().to_str().unwrap(), "--format", "html"]);
    assert!(!out.contains("<!--<script>"), "raw markup in the page");
    assert!(out.contains("\\u003c!--\\u003cscript>\\u003c/script>"));
}

#[test]
fn diff_markdown_shows_messages_as_text() {
    let (old, new) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    tree_refusing_with(old.path(), "old");
    tree_refusing_with(
        new.path(),
        "x\n## ✅ The gate passed <img src=x onerror=alert(1)>",
    );
    let d = tempfile::tempdir().unwrap();
    let (a, b) = (d.path().join("a.json"), d.path().join("b.json"));
    std::fs::write(
        &a,
        ok_stdout(&["scan", old.path().to_str().unwrap(), "--format", "json"]),
    )
    .unwrap();
    std::fs::write(
        &b,
        ok_stdout(&["scan", new.path().to_str().unwrap(), "--format", "json"]),
    )
    .unwrap();
    let o = common::run(&[
        "diff",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--format",
        "markdown",
    ]);
    let md = String::from_utf8_lossy(&o.stdout);
    assert!(
        md.contains(
            "- new: x \\#\\# ✅ The gate passed &lt;img src=x onerror=alert(1)&gt;\n- resolved: old\n"
        ),
        "{md}"
    );
}

/// The HTML report driven as a reader drives it, in Chromium through puppeteer-core
/// (tests/browser/interact.mjs): typing a search, unticking a status, sorting, opening a row —
/// and after each step the address holds the view, so that loading it again shows the same.
#[test]
#[ignore = "needs Chromium and node/npm (puppeteer-core from the npm registry); .ci/run installs them and runs this with --include-ignored"]
fn html_view_follows_the_reader_into_the_address() {
    let (browser, _dir, page) = dockerlike_page();
    let v = drive(&browser, &page, "interact.mjs");
    // The default view: the gaps outside test-support packages (18 + 14 + 18 + 9), no fragment.
    assert_eq!(v["start"]["hash"], "");
    assert_eq!(v["start"]["matches"], 59);
    // "checkpoints" is in four messages (EXPECTED.md): three unsupported client methods and the
    // guarded containerStart.
    assert_eq!(v["search"]["hash"], "#q=checkpoints");
    assert_eq!(
        v["search"]["rows"],
        serde_json::json!([
            "daemon|Daemon|containerStart",
            "libcontainerd|client|CreateCheckpoint",
            "libcontainerd|client|DeleteCheckpoint",
            "libcontainerd|client|ListCheckpoints"
        ])
    );
    assert_eq!(
        v["unticked"]["hash"],
        "#status=stub,unsupported,missing&q=checkpoints"
    );
    assert_eq!(v["unticked"]["matches"], 3);
    assert_eq!(
        v["sorted"]["hash"],
        "#status=stub,unsupported,missing&q=checkpoints&sort=name:desc"
    );
    assert_eq!(
        v["sorted"]["rows"],
        serde_json::json!([
            "libcontainerd|client|ListCheckpoints",
            "libcontainerd|client|DeleteCheckpoint",
            "libcontainerd|client|CreateCheckpoint"
        ])
    );
    assert_eq!(
        v["opened"]["hash"],
        "#status=stub,unsupported,missing&q=checkpoints&sort=name:desc&open=libcontainerd|client|ListCheckpoints"
    );
    assert_eq!(v["opened"]["open"], 1);
    // The address alone gives the same view.
    assert_eq!(v["reloaded"]["hash"], v["opened"]["hash"]);
    assert_eq!(v["reloaded"]["rows"], v["opened"]["rows"]);
    assert_eq!(v["reloaded"]["open"], 1);
    assert_eq!(v["reloaded"]["q"], "checkpoints");
    assert_eq!(v["supportOff"], 0);
    assert_eq!(
        v["supportOn"],
        serde_json::json!({"matches": 1, "hash": "#status=portable&q=skip&support=1"})
    );
}

/// With `--target darwin` the reports speak of macOS: titles, status names, rule texts; what
/// says "Windows" then is the project's own words (its messages) or its file names.
#[test]
fn with_another_target_nothing_of_winparity_says_windows() {
    let args = |format: &str| -> Vec<String> {
        [
            "scan",
            "fixtures/dockerlike",
            "--platforms",
            "linux,windows,darwin",
            "--target",
            "darwin",
            "--format",
            format,
        ]
        .map(String::from)
        .to_vec()
    };
    let out = |format: &str| {
        let a = args(format);
        ok_stdout(&a.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let md = out("markdown");
    assert!(
        md.starts_with("# macOS parity of `example.com/dockerlike`\n"),
        "{md}"
    );
    assert!(
        md.contains("*native* — macOS has its own real definition"),
        "{md}"
    );
    assert!(!md.contains("## Windows gaps"), "{md}");
    let table = out("table");
    assert!(table.contains(" darwin-only, "), "{table}");
    assert!(!table.contains("windows-only"), "{table}");
    let sarif: serde_json::Value = serde_json::from_str(&out("sarif")).unwrap();
    for rule in sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
    {
        let text = rule.to_string();
        assert!(
            !text.contains("Windows") && !text.contains("windows"),
            "{text}"
        );
        assert!(text.contains("macOS"), "{text}");
    }
    let html = out("html");
    assert!(html.contains("<h1>macOS parity of <code>example.com&#x2f;dockerlike</code></h1>"));
    // What still says Windows comes from the tree: messages and paths.
    let ours: Vec<&str> = md
        .lines()
        .filter(|l| l.contains("Windows") && !l.starts_with('|') && !l.starts_with("- "))
        .collect();
    assert!(ours.is_empty(), "{ours:?}");
}

/// The features section in Chromium (tests/browser/features.mjs): a step of a route's path opens
/// that API's row, shown whatever the filters (a portable API, which the default view hides).
#[test]
#[ignore = "needs Chromium and node/npm (puppeteer-core from the npm registry); .ci/run installs them and runs this with --include-ignored"]
fn a_step_of_a_features_path_opens_its_api() {
    let Some(browser) = chromium() else {
        panic!(
            "no chromium on PATH: this test cannot run (set WINPARITY_CHROMIUM, or run .ci/run)"
        );
    };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("features.html");
    ok_stdout(&[
        "scan",
        "fixtures/features",
        "--pack",
        "docker",
        "-o",
        page.to_str().unwrap(),
    ]);
    let v = drive(&browser, &page, "features.mjs");
    assert_eq!(
        v["routes"],
        serde_json::json!([
            ["route POST /hooks", "unsupported"],
            ["route GET /containers/{name}/changes", "guarded"],
            ["route GET /containers/{name}/stats", "stub"],
            ["route GET /_ping", "works"]
        ])
    );
    assert_eq!(v["before"]["hash"], "");
    assert!(
        !v["before"]["rows"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!("daemon|Daemon|collect"))
    );
    assert_eq!(
        v["steps"],
        serde_json::json!([
            "api|containerRouter|getStats",
            "daemon|Daemon|ContainerStats",
            "daemon|Daemon|collect",
            "daemon||sampleCPU"
        ])
    );
    assert_eq!(v["after"]["hash"], "#open=daemon|Daemon|collect");
    assert_eq!(
        v["after"]["opened"],
        serde_json::json!(["daemon|Daemon|collect"])
    );
}

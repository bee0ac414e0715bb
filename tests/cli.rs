//! The command line end to end: whole outputs on the fixtures, exit codes, bad paths,
//! determinism, and a closed pipe.

mod common;

use std::io::Read;

use common::{expected, run, stderr, stdout};

/// The table for the Docker-like fixture. Its statuses and messages were checked against
/// fixtures/dockerlike/EXPECTED.md (written by hand from docs/RULES.md) and the Go reference.
#[test]
fn scan_table_shows_parity_gaps_and_the_catalogue() {
    let o = run(&["scan", "fixtures/dockerlike"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), expected("dockerlike.table.txt"));
    for line in stdout(&o).lines() {
        assert!(
            line.chars().count() <= 100,
            "wider than 100 columns: {line}"
        );
    }
}

#[test]
fn explain_shows_definitions_body_kinds_and_guards_with_source() {
    let o = run(&["explain", "ContainerChanges", "fixtures/dockerlike"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), expected("explain-ContainerChanges.txt"));
}

#[test]
fn explain_of_an_ambiguous_or_unknown_name_is_an_error_naming_the_choices() {
    let o = run(&["explain", "isWindows", "fixtures/dockerlike"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "winparity: 2 APIs are named \"isWindows\"; give the id (they are): daemon||isWindows, volume||isWindows\n"
    );
    let o = run(&["explain", "NoSuchThing", "fixtures/dockerlike"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "winparity: no API named \"NoSuchThing\" (an id like dir|Receiver|Name, or a name the reports print; `winparity scan --format json` lists them)\n"
    );
    // A misspelt name: the closest names the reports print.
    let o = run(&["explain", "ContainerChnages", "fixtures/dockerlike"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "winparity: no API named \"ContainerChnages\"; did you mean daemon.Daemon.ContainerChanges, daemon.Daemon.ContainerCreate? (an id like dir|Receiver|Name, or a name the reports print; `winparity scan --format json` lists them)\n"
    );
}

/// The name the table, Markdown, HTML and SARIF print is a name `explain` takes.
#[test]
fn explain_takes_the_names_the_reports_print() {
    let by_id = run(&[
        "explain",
        "daemon|Daemon|ContainerChanges",
        "fixtures/dockerlike",
    ]);
    let by_shown = run(&[
        "explain",
        "daemon.Daemon.ContainerChanges",
        "fixtures/dockerlike",
    ]);
    assert_eq!(by_shown.status.code(), Some(0), "{}", stderr(&by_shown));
    assert_eq!(stdout(&by_shown), stdout(&by_id));
    assert_eq!(stdout(&by_shown), expected("explain-ContainerChanges.txt"));
    let o = run(&["explain", "pkg/system.Lsetxattr", "fixtures/dockerlike"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("pkg/system||Lsetxattr  (exported func, package system)\n"));
}

#[test]
fn a_path_that_does_not_exist_is_an_error_naming_it() {
    let o = run(&["scan", "no/such/dir"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "winparity: no/such/dir: No such file or directory (os error 2)\n"
    );
    assert!(o.stdout.is_empty());
}

#[test]
fn a_file_is_not_a_tree() {
    let o = run(&["scan", "Cargo.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "winparity: Cargo.toml: not a directory (winparity scans a tree of Go packages)\n"
    );
}

#[test]
fn a_tree_without_go_files_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("vendor/x")).unwrap();
    std::fs::write(dir.path().join("vendor/x/x.go"), "package x\n").unwrap();
    std::fs::write(dir.path().join("README"), "no go here\n").unwrap();
    let p = dir.path().to_str().unwrap();
    let o = run(&["scan", p]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!(
            "winparity: {p}: no .go files found (vendor/, testdata/ and names starting with . or _ are skipped)\n"
        )
    );
    // With --vendor the vendored file is found.
    assert_eq!(
        run(&["scan", p, "--vendor", "--format", "json"])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn bad_platform_flags_are_errors() {
    let o = run(&["scan", "fixtures/dockerlike", "--platforms", "linux,beos"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "winparity: --platforms: unknown GOOS \"beos\" in platform \"beos\"\n"
    );
    let o = run(&["scan", "fixtures/dockerlike", "--target", "darwin"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "winparity: --target darwin is not one of --platforms linux,windows\n"
    );
}

#[test]
fn json_is_byte_identical_whatever_the_thread_count() {
    let one = run(&[
        "scan",
        "fixtures/dockerlike",
        "--format",
        "json",
        "--threads",
        "1",
    ]);
    let eight = run(&[
        "scan",
        "fixtures/dockerlike",
        "--format",
        "json",
        "--threads",
        "8",
    ]);
    let again = run(&[
        "scan",
        "fixtures/dockerlike",
        "--format",
        "json",
        "--threads",
        "8",
    ]);
    assert_eq!(one.status.code(), Some(0));
    assert!(one.stdout.len() > 10_000);
    assert!(one.stdout == eight.stdout && eight.stdout == again.stdout);
}

#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    let mut child = common::winparity()
        .args(["scan", "fixtures/constraints", "--format", "json"])
        .spawn_piped();
    let mut first = [0u8; 16];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    common::assert_no_crash("scan | head", status, err.as_bytes());
    assert_eq!(status.code(), Some(0));
    assert_eq!(err, "");
}

#[test]
fn files_go_cannot_read_are_reported_and_the_scan_goes_on() {
    let o = run(&["scan", "fixtures/constraints", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let file = |p: &str| {
        r["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"] == p)
            .unwrap()
            .clone()
    };
    assert_eq!(
        file("bytes/nul_in_header.go")["error"],
        "unexpected NUL in input"
    );
    assert_eq!(
        file("bytes/nul_in_header.go")["platforms"],
        serde_json::json!([])
    );
    assert_eq!(
        file("errors/two_gobuild.go")["error"],
        "multiple //go:build comments"
    );
    assert_eq!(r["summary"]["files_with_errors"], 41);
    // The rest of the tree is still placed.
    assert_eq!(r["summary"]["files"], 292);
    assert_eq!(
        file("names/foo_windows.go")["platforms"],
        serde_json::json!(["windows"])
    );
}

/// `debug header`: the comments tree-sitter's header query finds, beside what Go's line
/// rules take from them — a `//go:build` inside `/* */` is a comment but no constraint; an
/// indented one in a package doc comment is both.
#[test]
fn debug_header_shows_the_query_and_the_rules_side_by_side() {
    for name in ["inside_block", "doc_comment_indented"] {
        let o = run(&[
            "debug",
            "header",
            &format!("fixtures/constraints/placement/{name}.go"),
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert_eq!(
            stdout(&o),
            expected(&format!("header-{name}.txt")),
            "{name}"
        );
    }
}

/// The JSON writer serializes the APIs in parallel chunks: the bytes must be serde's own, on a
/// tree with more APIs than one chunk holds.
#[test]
fn json_in_parallel_chunks_is_serdes_output() {
    let dir = tempfile::tempdir().unwrap();
    let mut src = String::from("package big\n\n");
    for i in 0..10_000 {
        src += &format!("func F{i}() int {{ return {i} }}\n");
    }
    std::fs::write(dir.path().join("big.go"), &src).unwrap();
    std::fs::write(
        dir.path().join("big_windows.go"),
        "package big\n\nfunc W() {}\n",
    )
    .unwrap();
    let o = run(&["scan", dir.path().to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let report: winparity::model::Report = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report.apis.len(), 10_001);
    let mut again = serde_json::to_vec(&report).unwrap();
    again.push(b'\n');
    assert!(
        again == o.stdout,
        "the parallel writer differs from serde_json::to_writer"
    );
}

/// `Api::write_json` writes the APIs by hand: byte for byte what serde_json writes, for every
/// API of the fixtures' reports and for strings that need escaping (quotes, backslashes,
/// control characters) or do not (DEL, non-ASCII), empty lists and several definitions.
#[test]
fn the_hand_written_api_json_is_serdes_output() {
    use std::sync::Arc;
    use winparity::model::{Api, BodyKind, DeclKind, Definition, Report, Status};
    let mut apis: Vec<Api> = Vec::new();
    for tree in [
        "fixtures/dockerlike",
        "fixtures/dockeridioms",
        "fixtures/constraints",
    ] {
        let o = run(&["scan", tree, "--vendor", "--format", "json"]);
        assert_eq!(o.status.code(), Some(0), "{tree}");
        let report: Report = serde_json::from_slice(&o.stdout).unwrap();
        apis.extend(report.apis);
    }
    assert!(apis.len() > 150, "the fixtures have their APIs");
    let nasty = [
        "",
        "plain",
        "quote \" and backslash \\",
        "tab\tnewline\ncr\r",
        "\u{1}\u{1f}\u{7f}",
        "café ✓ 🚀",
        "\\u0041",
    ];
    for (i, s) in nasty.iter().enumerate() {
        let definition = |line: u32, body: Option<BodyKind>| Definition {
            file: Arc::from(format!("dir/{s}.go")),
            line,
            platforms: Arc::from(vec![s.to_string(), "windows".to_string()]),
            body,
        };
        apis.push(Api {
            id: format!("dir|{s}|{s}"),
            package_dir: Arc::from(*s),
            package: Arc::from(*s),
            receiver: (*s).into(),
            name: (*s).into(),
            kind: [
                DeclKind::Func,
                DeclKind::Method,
                DeclKind::Type,
                DeclKind::Const,
                DeclKind::Var,
            ][i % 5],
            exported: i % 2 == 0,
            status: Status::ALL[i % Status::ALL.len()],
            definitions: match i % 3 {
                0 => vec![],
                1 => vec![definition(1, None)],
                _ => vec![
                    definition(2, Some(BodyKind::Zero)),
                    definition(u32::MAX, Some(BodyKind::Panic)),
                ],
            }
            .into(),
            messages: vec![s.to_string(); i % 3],
            missing_fields: vec![s.to_string(); (i + 1) % 3],
        });
    }
    for a in &apis {
        let mut mine = Vec::new();
        a.write_json(&mut mine);
        assert_eq!(
            String::from_utf8_lossy(&mine),
            serde_json::to_string(a).unwrap(),
            "{}",
            a.id
        );
    }
}

#[test]
fn a_bare_goos_and_goos_amd64_are_one_platform() {
    let default = run(&["scan", "fixtures/dockerlike", "--format", "json"]);
    let spelled = run(&[
        "scan",
        "fixtures/dockerlike",
        "--format",
        "json",
        "--platforms",
        "linux,windows/amd64",
    ]);
    assert_eq!(spelled.status.code(), Some(0), "{}", stderr(&spelled));
    let (a, b): (serde_json::Value, serde_json::Value) = (
        serde_json::from_slice(&default.stdout).unwrap(),
        serde_json::from_slice(&spelled.stdout).unwrap(),
    );
    assert_eq!(a["summary"], b["summary"]);
    let o = run(&[
        "scan",
        "fixtures/dockerlike",
        "--platforms",
        "windows,windows/amd64,linux",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "winparity: --platforms: windows/amd64 is given twice\n"
    );
    let o = run(&["scan", "fixtures/dockerlike", "--target", "windows/arm64"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "winparity: --target windows/arm64 is not one of --platforms linux,windows\n"
    );
}

#[test]
fn every_help_page_prints() {
    // clap checks its definitions when a command is built: a debug build panicked on
    // `history --help` in 0.1.0 (two flags named --tags).
    for cmd in [
        &["--help"][..],
        &["scan", "--help"],
        &["diff", "--help"],
        &["history", "--help"],
        &["explain", "--help"],
        &["queries", "test", "--help"],
        &["queries", "list"],
        &["debug", "header", "--help"],
    ] {
        let o = run(cmd);
        assert_eq!(o.status.code(), Some(0), "{cmd:?}: {}", stderr(&o));
        assert!(!o.stdout.is_empty(), "{cmd:?}");
    }
}

/// tests/common's one way to run the binary fails a test on a panic, a code past 101 or a
/// signal, whatever the test expected (here fed the statuses a crash leaves).
#[cfg(unix)]
mod crashes_fail_the_test {
    use std::os::unix::process::ExitStatusExt;
    use std::process::ExitStatus;

    #[test]
    #[should_panic(expected = "x panicked:\nboom")]
    fn a_panic() {
        super::common::assert_no_crash("x", ExitStatus::from_raw(101 << 8), b"boom");
    }

    #[test]
    #[should_panic(expected = "x exited 134")]
    fn an_exit_code_past_101() {
        super::common::assert_no_crash("x", ExitStatus::from_raw(134 << 8), b"");
    }

    #[test]
    #[should_panic(expected = "x was killed by a signal")]
    fn a_signal() {
        // SIGABRT, as a stack overflow ends.
        super::common::assert_no_crash("x", ExitStatus::from_raw(6), b"");
    }

    #[test]
    fn the_codes_winparity_means() {
        for code in [0, 1, 2] {
            super::common::assert_no_crash("x", ExitStatus::from_raw(code << 8), b"");
        }
    }
}

/// `explain --format json` is the report's entry for the API, with the guards and refusals that
/// name it.
#[test]
fn explain_json_is_the_reports_entry_with_its_guards_and_refusals() {
    let o = run(&[
        "explain",
        "verifyResources",
        "fixtures/dockerlike",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let e: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let s = run(&["scan", "fixtures/dockerlike", "--format", "json"]);
    let r: serde_json::Value = serde_json::from_str(&stdout(&s)).unwrap();
    let id = "daemon||verifyResources";
    let api = r["apis"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == id)
        .unwrap();
    assert_eq!(&e["api"], api);
    let of = |k: &str| -> Vec<serde_json::Value> {
        r[k].as_array()
            .unwrap()
            .iter()
            .filter(|x| x["api"] == id)
            .cloned()
            .collect()
    };
    assert_eq!(e["guards"], serde_json::Value::Array(of("guards")));
    assert_eq!(e["refusals"], serde_json::Value::Array(of("refusals")));
    assert_eq!(e["refusals"].as_array().unwrap().len(), 2);
    assert_eq!(
        (&e["target"], &e["reference"]),
        (&r["target"], &r["reference"])
    );
}

/// `--color always` colors the table even through a pipe, `never` never does, and
/// `CLICOLOR_FORCE` forces colors unless `NO_COLOR` says no.
#[test]
fn color_flag_and_environment() {
    let colored = |args: &[&str], env: &[(&str, &str)]| {
        let mut c = common::winparity();
        c.args(["scan", "fixtures/dockerlike"]).args(args);
        c.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
        for (k, v) in env {
            c.env(k, v);
        }
        let o = c.output();
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        stdout(&o).contains('\u{1b}')
    };
    assert!(colored(&["--color", "always"], &[("NO_COLOR", "1")]));
    assert!(!colored(&["--color", "never"], &[("CLICOLOR_FORCE", "1")]));
    assert!(!colored(&[], &[]));
    assert!(colored(&[], &[("CLICOLOR_FORCE", "1")]));
    assert!(!colored(&[], &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]));
    assert!(!colored(&[], &[("CLICOLOR_FORCE", "0")]));
}

/// The table takes `COLUMNS` (else the terminal's width, else 100), and gives API names their
/// room first: they wrap only past half the width.
#[test]
fn the_table_fits_the_width_it_is_given_and_names_come_first() {
    for (cols, longest) in [("160", 160), ("60", 60), ("100", 100)] {
        let o = common::winparity()
            .args(["scan", "fixtures/dockerlike"])
            .env("COLUMNS", cols)
            .output();
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let out = stdout(&o);
        // The tables' lines (the text lines above them are not wrapped).
        for line in out.lines().filter(|l| l.starts_with(['│', '┌', '└', '╞'])) {
            assert!(line.chars().count() <= longest, "COLUMNS={cols}: {line}");
        }
        if longest >= 100 {
            assert!(
                out.contains("│ daemon.Daemon.ContainerArchivePath  ┆"),
                "COLUMNS={cols}: the name wraps"
            );
        }
    }
    // Without COLUMNS and not on a terminal: 100 (the expected table).
    assert_eq!(
        stdout(&run(&["scan", "fixtures/dockerlike"])),
        expected("dockerlike.table.txt")
    );
}

/// A tree scanned as `.` is titled by its module (go.mod), never `.`.
#[test]
fn a_tree_scanned_as_dot_is_titled_by_its_module() {
    let o = common::winparity()
        .current_dir(common::root().join("fixtures/dockerlike"))
        .args(["scan", ".", "--format", "json"])
        .output();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(r["source"]["path"], ".");
    assert_eq!(r["source"]["name"], "example.com/dockerlike");
    let o = common::winparity()
        .current_dir(common::root().join("fixtures/dockerlike"))
        .args(["scan", "."])
        .output();
    assert!(stdout(&o).starts_with("winparity example.com/dockerlike — windows vs linux"));
}

fn json_of(o: &std::process::Output) -> serde_json::Value {
    assert_eq!(o.status.code(), Some(0), "{}", stderr(o));
    serde_json::from_str(&stdout(o)).unwrap()
}

/// Copies a fixture into a temporary directory.
fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let dest = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// A directory below its module's root is scanned as part of the module: the ids and paths
/// are the module's, the docker pack still applies (go.mod is the root's), and what it finds
/// is what the whole module's scan finds there; a note says how it was scanned.
#[test]
fn a_subdirectory_is_scanned_as_part_of_its_module() {
    let whole = json_of(&run(&["scan", "fixtures/dockeridioms", "--format", "json"]));
    let sub = json_of(&run(&[
        "scan",
        "fixtures/dockeridioms/integration-cli",
        "--format",
        "json",
    ]));
    assert_eq!(sub["packs"], whole["packs"]);
    let under = |r: &serde_json::Value, key: &str, field: &str| -> Vec<serde_json::Value> {
        r[key]
            .as_array()
            .unwrap()
            .iter()
            .filter(|x| x[field].as_str().unwrap().starts_with("integration-cli/"))
            .cloned()
            .collect()
    };
    let guards = under(&sub, "guards", "file");
    assert_eq!(guards.len(), sub["guards"].as_array().unwrap().len());
    assert_eq!(guards, under(&whole, "guards", "file"));
    assert_eq!(
        sub["tests"]["items"],
        serde_json::json!(under(&whole["tests"], "items", "file"))
    );
    assert!(
        sub["tests"]["items"][0]["id"]
            .as_str()
            .unwrap()
            .starts_with("integration-cli|"),
        "{}",
        sub["tests"]["items"][0]
    );
    assert_eq!(
        sub["notes"],
        serde_json::json!([
            "fixtures/dockeridioms/integration-cli: scanned as integration-cli/ of module github.com/docker/docker (root fixtures/dockeridioms): paths and ids are the module's; test-support packages are decided over a whole module (what imports a package may lie outside integration-cli/), so none is counted apart here"
        ])
    );
}

/// moby's releases before v29 name their module in vendor.mod, not go.mod: it is read in
/// go.mod's place, and the docker pack applies as it does with go.mod.
#[test]
fn vendor_mod_names_the_module_where_there_is_no_go_mod() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&common::root().join("fixtures/dockeridioms"), dir.path());
    let with_go_mod = json_of(&run(&[
        "scan",
        dir.path().to_str().unwrap(),
        "--format",
        "json",
    ]));
    std::fs::rename(dir.path().join("go.mod"), dir.path().join("vendor.mod")).unwrap();
    let with_vendor_mod = json_of(&run(&[
        "scan",
        dir.path().to_str().unwrap(),
        "--format",
        "json",
    ]));
    assert_eq!(
        with_vendor_mod["packs"],
        serde_json::json!(["docker (module github.com/docker/docker)"])
    );
    for key in ["guards", "tests", "apis", "summary"] {
        assert_eq!(with_vendor_mod[key], with_go_mod[key], "{key}");
    }
    // Without either, no pack applies by itself: the skips it reads are gone.
    std::fs::remove_file(dir.path().join("vendor.mod")).unwrap();
    let none = json_of(&run(&[
        "scan",
        dir.path().to_str().unwrap(),
        "--format",
        "json",
    ]));
    assert_eq!(none["packs"], serde_json::json!([]));
    assert!(
        none["tests"]["summary"]["skipped"].as_u64()
            < with_go_mod["tests"]["summary"]["skipped"].as_u64()
    );
}

/// `.winparity.toml` is found in the scanned directory or a parent (the nearest wins), and
/// `--config FILE` names another; paths in it are relative to its directory.
#[test]
fn the_configuration_is_found_in_parent_directories_or_given() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        &common::root().join("fixtures/dockerlike"),
        &dir.path().join("tree"),
    );
    std::fs::write(
        dir.path().join(".winparity.toml"),
        "platforms = [\"linux\", \"windows\", \"darwin\"]\n",
    )
    .unwrap();
    let platforms = |args: &[&str]| {
        let mut all = vec!["scan"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--format", "json"]);
        json_of(&run(&all))["platforms"].clone()
    };
    let tree = dir.path().join("tree");
    let daemon = tree.join("daemon");
    assert_eq!(
        platforms(&[tree.to_str().unwrap()]),
        serde_json::json!(["linux", "windows", "darwin"])
    );
    // From a directory below the module's root too.
    assert_eq!(
        platforms(&[daemon.to_str().unwrap()]),
        serde_json::json!(["linux", "windows", "darwin"])
    );
    // The nearest wins.
    std::fs::write(
        tree.join(".winparity.toml"),
        "platforms = [\"linux\", \"windows\", \"freebsd\"]\n",
    )
    .unwrap();
    assert_eq!(
        platforms(&[daemon.to_str().unwrap()]),
        serde_json::json!(["linux", "windows", "freebsd"])
    );
    // --config names the file.
    let other = dir.path().join("other.toml");
    std::fs::write(&other, "platforms = [\"windows\", \"linux\"]\n").unwrap();
    assert_eq!(
        platforms(&[tree.to_str().unwrap(), "--config", other.to_str().unwrap()]),
        serde_json::json!(["windows", "linux"])
    );
    // A missing --config file is an error naming it.
    let o = run(&["scan", tree.to_str().unwrap(), "--config", "/no/such.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("/no/such.toml: No such file"),
        "{}",
        stderr(&o)
    );
}

/// Accepted gaps (`[[suppress]]`) apply to `scan`: listed in the JSON, marked in the table and
/// Markdown, SARIF results with `suppressions`, no GitHub annotation; `--fail-on` gates a scan
/// on what is not accepted.
#[test]
fn a_scan_marks_accepted_gaps_and_gates_on_the_others() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&common::root().join("fixtures/dockerlike"), dir.path());
    std::fs::write(
        dir.path().join(".winparity.toml"),
        "[[suppress]]\napi = \"libcontainerd|client|*\"\nreason = \"checkpoints are Linux's\"\n",
    )
    .unwrap();
    let tree = dir.path().to_str().unwrap();
    let r = json_of(&run(&["scan", tree, "--format", "json"]));
    let ids: Vec<&str> = r["suppressed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    // The gaps of libcontainerd's client (EXPECTED.md): one stub, six unsupported.
    assert_eq!(
        ids,
        [
            "libcontainerd|client|CreateCheckpoint",
            "libcontainerd|client|DeleteCheckpoint",
            "libcontainerd|client|GetPidsForContainer",
            "libcontainerd|client|ListCheckpoints",
            "libcontainerd|client|Restore",
            "libcontainerd|client|SignalProcess",
            "libcontainerd|client|UpdateResources",
        ]
    );
    assert_eq!(r["suppressed"][0]["reason"], "checkpoints are Linux's");
    assert_eq!(r["suppressed"][0]["pattern"], "libcontainerd|client|*");

    let table = stdout(&run(&["scan", tree]));
    assert!(
        table.contains("7 gaps accepted by the configuration (marked)\n"),
        "{table}"
    );
    assert_eq!(table.matches(" (accepted) ").count(), 7, "{table}");
    assert!(
        table.contains("\nAccepted gaps (7), by .winparity.toml\n  libcontainerd|client|* (7): checkpoints are Linux's\n"),
        "{table}"
    );

    let sarif: serde_json::Value =
        serde_json::from_str(&stdout(&run(&["scan", tree, "--format", "sarif"]))).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let suppressed: Vec<&serde_json::Value> = results
        .iter()
        .filter(|x| x.get("suppressions").is_some())
        .collect();
    assert_eq!(suppressed.len(), 7);
    assert_eq!(
        suppressed[0]["suppressions"],
        serde_json::json!([{"kind": "external", "status": "accepted",
                            "justification": "checkpoints are Linux's (libcontainerd|client|*)"}])
    );
    let github = stdout(&run(&["scan", tree, "--format", "github"]));
    assert_eq!(github.lines().count(), 14 + 18 + 18 + 1 + 3 - 7);

    // --fail-on: exit 1 on the gaps of those statuses that are not accepted, naming them.
    let o = run(&["scan", tree, "--fail-on", "unsupported", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.starts_with("winparity: the gate tripped (--fail-on unsupported): 12 gaps\n"),
        "{err}"
    );
    assert!(!err.contains("libcontainerd"), "{err}");
    let o = run(&["scan", tree, "--fail-on", "never"]);
    assert_eq!(o.status.code(), Some(0));
    let o = run(&["scan", tree, "--fail-on", "portable"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "winparity: --fail-on: unknown condition \"portable\" (expected gaps, guarded, stub, unsupported, missing or never)\n"
    );
}

/// `scan --baseline REPORT.json` reports only the gaps new since that report (the JSON keeps
/// everything and names the new ones), and `--fail-on` then gates on those alone.
#[test]
fn a_scan_against_a_baseline_reports_only_what_is_new() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("tree");
    copy_tree(&common::root().join("fixtures/dockerlike"), &tree);
    let base = dir.path().join("base.json");
    let o = run(&["scan", tree.to_str().unwrap(), "-o", base.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // A new Windows stub of an exported API, and a package moved with its gaps.
    std::fs::write(
        tree.join("pkg/system/new_windows.go"),
        "package system\n\n// Sync does nothing on Windows.\nfunc Sync() error { return nil }\n",
    )
    .unwrap();
    std::fs::write(
        tree.join("pkg/system/new_unix.go"),
        "//go:build !windows\n\npackage system\n\nimport \"syscall\"\n\n// Sync flushes.\nfunc Sync() error { syscall.Sync(); return nil }\n",
    )
    .unwrap();
    std::fs::rename(tree.join("pkg/setutil"), tree.join("pkg/sets")).unwrap();
    let t = tree.to_str().unwrap();
    let b = base.to_str().unwrap();
    let r = json_of(&run(&["scan", t, "--baseline", b, "--format", "json"]));
    assert_eq!(
        r["baseline"],
        serde_json::json!({"report": b, "new": ["pkg/system||Sync"], "known": 59})
    );
    let table = stdout(&run(&["scan", t, "--baseline", b]));
    assert!(
        table.contains(&format!(
            "baseline {b}: 1 new gap listed, 59 known not listed\n"
        )),
        "{table}"
    );
    assert!(
        table.contains("Stubs (do nothing on the target): 1\n"),
        "{table}"
    );
    assert!(!table.contains("Unsupported (only fails"), "{table}");
    let sarif: serde_json::Value = serde_json::from_str(&stdout(&run(&[
        "scan",
        t,
        "--baseline",
        b,
        "--format",
        "sarif",
    ])))
    .unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["baselineState"], "new");
    assert_eq!(
        results[0]["partialFingerprints"]["winparityKey/v1"],
        "pkg/system||Sync"
    );
    let o = run(&["scan", t, "--baseline", b, "--fail-on", "gaps"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        "winparity: the gate tripped (--fail-on guarded,stub,unsupported,missing): 1 gap\n  pkg/system||Sync: stub\n"
    );
    // A baseline that is no report is an error naming it.
    let o = run(&["scan", t, "--baseline", "Cargo.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("winparity: --baseline Cargo.toml: not a winparity JSON report"),
        "{}",
        stderr(&o)
    );
}

/// Runs `winparity ARGS` on a terminal (a pty from util-linux `script`, `cols` wide) with the
/// environment given, and returns what the terminal showed, `\r\n` made `\n`.
fn on_a_terminal(args: &str, cols: u16, env: &str) -> String {
    let bin = env!("CARGO_BIN_EXE_winparity");
    let o = std::process::Command::new("script")
        .args([
            "-qec",
            &format!("stty cols {cols} rows 50; env -u COLUMNS -u NO_COLOR -u CLICOLOR_FORCE {env} {bin} {args}"),
            "/dev/null",
        ])
        .current_dir(common::root())
        .output()
        .expect("util-linux `script` runs a command on a pty: this test cannot run without it");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap().replace("\r\n", "\n")
}

/// On a terminal the table is colored (unless TERM=dumb or NO_COLOR) and takes the terminal's
/// width; through a pipe it is neither (the other tests).
#[test]
fn on_a_terminal_the_table_is_colored_and_as_wide_as_the_terminal() {
    let out = on_a_terminal("scan fixtures/dockerlike", 77, "TERM=xterm");
    assert!(
        out.contains("\u{1b}[1mParity 58.2%\u{1b}[0m of 161 APIs"),
        "{out}"
    );
    let strip = |l: &str| {
        // Drop SGR sequences to measure what shows.
        let mut s = String::new();
        let mut esc = false;
        for c in l.chars() {
            match (esc, c) {
                (false, '\u{1b}') => esc = true,
                (true, 'm') => esc = false,
                (true, _) => {}
                (false, c) => s.push(c),
            }
        }
        s
    };
    let widest = out
        .lines()
        .filter(|l| l.starts_with(['│', '┌', '└', '╞']) || l.starts_with("\u{1b}"))
        .map(|l| strip(l).chars().count())
        .max()
        .unwrap();
    assert!(
        widest <= 77 && widest > 60,
        "widest table line {widest}: {out}"
    );
    for env in ["TERM=dumb", "TERM=xterm NO_COLOR=1"] {
        let out = on_a_terminal("scan fixtures/dockerlike", 77, env);
        assert!(!out.contains('\u{1b}'), "{env}: {out}");
    }
    // --color never on a terminal, and COLUMNS over the terminal's width.
    let out = on_a_terminal(
        "scan fixtures/dockerlike --color never",
        77,
        "TERM=xterm COLUMNS=120",
    );
    assert!(!out.contains('\u{1b}'));
    assert!(out.lines().any(|l| l.chars().count() > 100), "{out}");
}

/// `completions bash` prints a script bash completes winparity's commands and flags with.
#[test]
fn bash_completes_commands_and_flags() {
    let script = stdout(&run(&["completions", "bash"]));
    let complete = |words: &str| {
        let o = std::process::Command::new("bash")
            .args([
                "-c",
                &format!(
                    "{script}\nCOMP_WORDS=({words}); COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1))\n# As bash calls it: the command, the word completed, the word before.\n_winparity winparity \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"\nprintf '%s\\n' \"${{COMPREPLY[@]}}\""
                ),
            ])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    };
    assert_eq!(complete("winparity sc"), "scan\n");
    assert_eq!(complete("winparity scan --basel"), "--baseline\n");
    assert_eq!(complete("winparity diff --gate-t"), "--gate-test-support\n");
    let o = run(&["completions", "tcsh"]);
    assert_eq!(o.status.code(), Some(2));
}

/// A report holds no absolute local path for a tree below the current directory: the source
/// path is relative, the title the module's.
#[test]
fn an_absolute_path_below_the_current_directory_is_reported_relative() {
    let abs = common::root().join("fixtures/dockerlike");
    let o = common::winparity()
        .current_dir(common::root())
        .args(["scan", abs.to_str().unwrap(), "--format", "json"])
        .output();
    let r = json_of(&o);
    assert_eq!(r["source"]["path"], "fixtures/dockerlike");
    assert_eq!(r["source"]["name"], "example.com/dockerlike");
    let md = stdout(
        &common::winparity()
            .current_dir(common::root())
            .args(["scan", abs.to_str().unwrap(), "--format", "markdown"])
            .output(),
    );
    assert!(!md.contains(common::root().to_str().unwrap()), "{md}");
}

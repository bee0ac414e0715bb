//! Test parity and query packs: moby's idioms (the built-in docker pack, applied by itself to
//! Docker's module), a project's own pack from `--queries DIR`, and `queries test`.

mod common;

use common::{expected, run, stderr, stdout};
use serde_json::{Value, json};

fn scan_json(args: &[&str]) -> Value {
    let o = run(&[&["scan", "--format", "json"], args].concat());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

fn tests_of(r: &Value) -> Vec<(String, String, Option<String>)> {
    r["tests"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["id"].as_str().unwrap().into(),
                i["status"].as_str().unwrap().into(),
                i["reason"].as_str().map(String::from),
            )
        })
        .collect()
}

fn t(id: &str, status: &str, reason: Option<&str>) -> (String, String, Option<String>) {
    (id.into(), status.into(), reason.map(String::from))
}

#[test]
fn docker_idioms_decide_which_tests_run_on_windows() {
    let r = scan_json(&["fixtures/dockeridioms"]);
    assert_eq!(
        r["packs"],
        json!(["docker (module github.com/docker/docker)"])
    );
    let linux = Some("requires a Linux daemon (testRequires DaemonIsLinux)");
    assert_eq!(
        tests_of(&r),
        vec![
            t(
                "integration-cli|DockerCLIRunSuite|TestRunEverywhere",
                "runs",
                None
            ),
            t(
                "integration-cli|DockerCLIRunSuite|TestRunLinuxOnly",
                "skipped",
                linux
            ),
            t(
                "integration-cli|DockerCLIRunSuite|TestRunLocalLinux",
                "skipped",
                linux
            ),
            t(
                "integration-cli|DockerCLIRunSuite|TestRunUnixSocket",
                "not-built",
                Some("built only on linux")
            ),
            t(
                "integration-cli|DockerCLIRunSuite|TestRunWindowsOnly",
                "runs",
                None
            ),
            t("integration||TestIfWindowsSkip", "skipped", Some("FIXME")),
            t(
                "integration||TestIsWindowsFlag",
                "skipped",
                Some("not on %s")
            ),
            t("integration||TestRuns", "runs", None),
            t("integration||TestSkipIfLinux", "runs", None),
            t(
                "integration||TestSkipIfNotLinux",
                "skipped",
                Some("testEnv.DaemonInfo.OSType != \"linux\"")
            ),
            t(
                "integration||TestSkipIfWindows",
                "skipped",
                Some("cannot start multiple daemons on windows")
            ),
        ]
    );
    assert_eq!(
        r["tests"]["summary"],
        json!({"total": 11, "runs": 4, "not_built": 1, "skipped": 6})
    );
}

#[test]
fn without_the_pack_only_go_level_guards_count() {
    let r = scan_json(&["fixtures/dockeridioms", "--no-auto-pack"]);
    assert_eq!(r["packs"], json!([]));
    assert_eq!(
        r["tests"]["summary"],
        json!({"total": 11, "runs": 10, "not_built": 1, "skipped": 0})
    );
    // Asked for explicitly, the pack applies to any module.
    let r = scan_json(&[
        "fixtures/dockeridioms",
        "--no-auto-pack",
        "--pack",
        "docker",
    ]);
    assert_eq!(r["tests"]["summary"]["skipped"], 6);
}

#[test]
fn a_projects_own_pack_from_a_directory() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("requires-local.scm"),
        "; winparity-query: skip-test\n; platforms: windows\n; message: @reason\n; needle: IsLocalDaemon\n\
         (call_expression function: (identifier) @fn arguments: (argument_list (selector_expression field: (field_identifier) @req) @reason)\n\
           (#eq? @fn \"testRequires\") (#eq? @req \"IsLocalDaemon\")) @condition\n",
    )
    .unwrap();
    let q = dir.path().to_str().unwrap();
    let r = scan_json(&["fixtures/dockeridioms", "--queries", q]);
    let everywhere = tests_of(&r)
        .into_iter()
        .find(|x| x.0.ends_with("TestRunEverywhere"))
        .unwrap();
    assert_eq!(
        everywhere,
        t(
            "integration-cli|DockerCLIRunSuite|TestRunEverywhere",
            "skipped",
            Some("testEnv.IsLocalDaemon")
        )
    );
    assert_eq!(
        r["packs"],
        json!([
            "docker (module github.com/docker/docker)",
            format!("{q}/requires-local.scm")
        ])
    );
}

#[test]
fn a_pack_query_that_does_not_compile_names_the_file_and_the_position() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("bad.scm");
    std::fs::write(
        &f,
        "; winparity-query: flag\n; platforms: windows\n; needle: x\n(call_expresion) @flag\n",
    )
    .unwrap();
    let o = run(&[
        "scan",
        "fixtures/dockerlike",
        "--queries",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!(
            "winparity: {}: line 4, column 2: the query does not compile (NodeType): \"call_expresion\"\n",
            f.display()
        )
    );
}

#[test]
fn queries_test_shows_what_a_query_matches() {
    let o = run(&[
        "queries",
        "test",
        "queries/packs/docker/daemon-ostype.scm",
        "fixtures/dockeridioms",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), expected("queries-test-ostype.txt"));
}

#[test]
fn test_parity_is_in_every_report() {
    let table = stdout(&run(&["scan", "fixtures/dockeridioms"]));
    assert!(
        table.contains("\n4 of 11 tests run on windows (1 not built there, 6 skipped)\n"),
        "{table}"
    );
    let md = stdout(&run(&[
        "scan",
        "fixtures/dockeridioms",
        "--format",
        "markdown",
    ]));
    assert!(
        md.contains(
            "## Test parity: 4 of 11 tests run on windows (1 not built there, 6 skipped)\n\n\
         | tests | status | why |\n| ---: | --- | --- |\n\
         | 2 | skipped | requires a Linux daemon (testRequires DaemonIsLinux) |\n"
        ),
        "{md}"
    );
    let html = stdout(&run(&["scan", "fixtures/dockeridioms", "--format", "html"]));
    assert!(html.contains(
        "<h2>Test parity: 4 of 11 tests run on windows (1 not built there, 6 skipped)</h2>"
    ));
}

/// A pack parses only the statements that hold its idioms (and the one after, for GOOS values
/// and flags), cut out of their function: statements alone may not parse as a file, and that
/// must not be taken for a syntax error of the file. winparity 0.1.0 said of two valid files
/// of moby's integration-cli that they were "not valid Go".
#[test]
fn statements_parsed_alone_do_not_make_a_valid_file_a_syntax_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("go.mod"),
        "module github.com/docker/docker\n\ngo 1.22\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("run_test.go"),
        "package it\n\nimport \"testing\"\n\n\
         func TestRun(t *testing.T) {\n\
         \ttestRequires(t, DaemonIsLinux)\n\
         \tout := run(\"x\")\n\
         \t_ = out\n\
         }\n\n\
         func TestOSType(t *testing.T) {\n\
         \tif testEnv.DaemonInfo.OSType == \"windows\" {\n\
         \t\tt.Skip(\"not on windows\")\n\
         \t}\n\
         \tif _, err := os.Stat(\"/dev/snd\"); err != nil {\n\
         \t\tt.Skip(\"no sound\")\n\
         \t}\n\
         }\n\n\
         func TestDev(c *testing.T) {\n\
         \ttestRequires(c, DaemonIsLinux, NotUserNamespace)\n\
         \tif _, err := os.Stat(\"/dev/snd\"); err != nil {\n\
         \t\tc.Skip(\"no sound\")\n\
         \t}\n\
         }\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("broken.go"),
        "package it\n\nimport \"runtime\"\n\n\
         func broken() bool {\n\
         \treturn runtime.GOOS == \"windows\" &&\n\
         }\n",
    )
    .unwrap();
    let r = scan_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(
        r["packs"],
        json!(["docker (module github.com/docker/docker)"])
    );
    assert_eq!(
        tests_of(&r),
        [
            t(
                ".||TestDev",
                "skipped",
                Some("requires a Linux daemon (testRequires DaemonIsLinux)")
            ),
            t(".||TestOSType", "skipped", Some("not on windows")),
            t(
                ".||TestRun",
                "skipped",
                Some("requires a Linux daemon (testRequires DaemonIsLinux)")
            ),
        ]
    );
    // A declaration parsed whole still tells a file that is not valid Go.
    assert_eq!(
        r["notes"],
        json!(["broken.go: syntax errors (the file is not valid Go; read as far as possible)"])
    );
}

#[test]
fn a_pack_adds_guards_and_never_removes_a_go_one() {
    // To the docker pack, `testEnv.DaemonInfo.OSType` is the platform's GOOS: the condition
    // below is false on both platforms to it. It is still a test of `runtime.GOOS`, as Go
    // reads it (moby's integration-cli/docker_cli_build_test.go:3544 lost its guard this way).
    let d = tempfile::tempdir().unwrap();
    std::fs::write(
        d.path().join("go.mod"),
        "module github.com/docker/docker\n\ngo 1.22\n",
    )
    .unwrap();
    std::fs::write(
        d.path().join("a_test.go"),
        "package a\n\nimport (\n\t\"runtime\"\n\t\"testing\"\n)\n\nfunc TestWarning(t *testing.T) {\n\tif runtime.GOOS == \"windows\" && testEnv.DaemonInfo.OSType != \"windows\" && !ok() {\n\t\tt.Fatalf(\"no warning\")\n\t}\n\tif testEnv.DaemonInfo.OSType == \"windows\" {\n\t\tt.Skip(\"not on a Windows daemon\")\n\t}\n}\n",
    )
    .unwrap();
    std::fs::write(
        d.path().join("a.go"),
        "package a\n\nfunc ok() bool { return true }\n",
    )
    .unwrap();
    let dir = d.path().to_str().unwrap();
    let guards = |r: &Value| -> Vec<(u64, String, String)> {
        r["guards"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| {
                (
                    g["line"].as_u64().unwrap(),
                    g["effect"].as_str().unwrap().to_string(),
                    g["condition"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let first = "runtime.GOOS == \"windows\" && testEnv.DaemonInfo.OSType != \"windows\" && !ok()";
    assert_eq!(
        guards(&scan_json(&[dir, "--no-auto-pack"])),
        [(9, "adapts".to_string(), first.to_string())]
    );
    assert_eq!(
        guards(&scan_json(&[dir])),
        [
            (9, "adapts".to_string(), first.to_string()),
            (
                12,
                "skips-test".to_string(),
                "testEnv.DaemonInfo.OSType == \"windows\"".to_string()
            )
        ]
    );
}

/// `queries list` says when each built-in pack applies by itself.
#[test]
fn queries_list_says_when_each_pack_applies() {
    let o = common::winparity().args(["queries", "list"]).output();
    assert_eq!(o.status.code(), Some(0));
    let heads: Vec<String> = String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with(' '))
        .map(str::to_string)
        .collect();
    assert_eq!(
        heads,
        [
            "docker (applied by itself to modules github.com/docker/docker, github.com/moby/moby, github.com/moby/moby/v2)",
            "cobra (applied by itself to modules that require github.com/spf13/cobra)",
            "urfave-cli (applied by itself to modules that require github.com/urfave/cli or github.com/urfave/cli/v2 or github.com/urfave/cli/v3)",
        ]
    );
}

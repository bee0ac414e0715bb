//! The feature matrix on fixtures/features: entry points and what each meets on Windows
//! (counted by hand in the fixture's README, from docs/RULES.md §8), the call graph (Go's own,
//! tests/callgraph's golden), and build breaks (Go's compiler's own errors, the golden made by
//! tests/gobuild/regen.sh).

mod common;

use std::collections::BTreeSet;

use serde_json::{Value, json};

fn scan(tree: &str, args: &[&str]) -> Value {
    let out = common::winparity()
        .args(["scan", tree, "--format", "json", "-q"])
        .args(args)
        .output();
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn golden(name: &str) -> String {
    std::fs::read_to_string(common::root().join("tests/golden").join(name)).unwrap()
}

/// Each route's status, depth and path, as the README's table derives them by hand.
#[test]
fn each_route_meets_what_the_hand_count_says() {
    let r = scan("fixtures/features", &["--pack", "docker"]);
    let want = json!([
        {
            "kind": "route", "name": "GET /containers/{name}/changes",
            "handler": "api|containerRouter|getChanges", "file": "api/routes.go", "line": 28,
            "status": "guarded", "depth": 1,
            "reaches": [{
                "api": "daemon|Daemon|ContainerChanges", "status": "guarded",
                "messages": ["Windows does not support diff of a running container"],
                "depth": 1, "shared": false,
                "path": ["api|containerRouter|getChanges", "daemon|Daemon|ContainerChanges"]
            }]
        },
        {
            "kind": "route", "name": "GET /containers/{name}/stats",
            "handler": "api|containerRouter|getStats", "file": "api/routes.go", "line": 29,
            "status": "stub", "depth": 3,
            "reaches": [{
                "api": "daemon||sampleCPU", "status": "stub", "messages": [],
                "depth": 3, "shared": false,
                "path": ["api|containerRouter|getStats", "daemon|Daemon|ContainerStats",
                         "daemon|Daemon|collect", "daemon||sampleCPU"]
            }]
        },
        {
            "kind": "route", "name": "GET /_ping",
            "handler": "api|containerRouter|ping", "file": "api/routes.go", "line": 30,
            "status": "works", "depth": null, "reaches": []
        },
        {
            "kind": "route", "name": "POST /hooks",
            "handler": "api|containerRouter|initRoutes", "file": "api/routes.go", "line": 31,
            "status": "unsupported", "depth": 2,
            "reaches": [{
                "api": "hooks||register", "status": "unsupported",
                "messages": ["hooks are not supported on Windows"],
                "depth": 2, "shared": false,
                "path": ["api|containerRouter|initRoutes", "hooks||Run", "hooks||register"]
            }]
        }
    ]);
    assert_eq!(r["entry_points"], want);
    assert_eq!(r["breaks"], json!([]));
}

/// The report's APIs are in the byte order of their ids, on the fixtures with entry points and
/// three more: what the entry points' lookup of an API by binary search relies on
/// (src/calls/entries.rs; it builds a map when they are not).
#[test]
fn the_reports_apis_are_in_id_order() {
    for tree in [
        "fixtures/features",
        "fixtures/cli",
        "fixtures/dockerlike",
        "fixtures/catalogue",
        "fixtures/breaks",
    ] {
        let r = scan(tree, &[]);
        let ids: Vec<&str> = r["apis"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["id"].as_str().unwrap())
            .collect();
        assert!(ids.len() > 5, "{tree}");
        for w in ids.windows(2) {
            assert!(
                w[0].as_bytes() < w[1].as_bytes(),
                "{tree}: {} before {}",
                w[0],
                w[1]
            );
        }
    }
}

/// Without a pack that declares entry points there are none (the module is not Docker's).
#[test]
fn no_pack_no_entry_points() {
    let r = scan("fixtures/features", &[]);
    assert_eq!(r["entry_points"], json!([]));
    assert!(r.get("calls").is_none(), "calls only with --calls");
}

fn sites(edges: &Value) -> BTreeSet<(String, String, String, u64, String)> {
    edges
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["from"].as_str().unwrap().to_string(),
                e["to"].as_str().unwrap().to_string(),
                e["file"].as_str().unwrap().to_string(),
                e["line"].as_u64().unwrap(),
                e["how"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// `scan --calls` gave exactly the edges `want` and the counts `call_sites`.
fn assert_graph(
    r: &Value,
    want: &BTreeSet<(String, String, String, u64, String)>,
    call_sites: Value,
) {
    assert_eq!(&sites(&r["calls"]), want);
    assert_eq!(r["call_sites"], call_sites);
}

/// The sites of Go's call graph in a golden of tests/callgraph, an edge VTA finds named as
/// winparity names an edge through an interface.
fn go_sites(name: &str) -> BTreeSet<(String, String, String, u64, String)> {
    let reference: Value = serde_json::from_str(&golden(name)).unwrap();
    sites(&reference["edges"])
        .into_iter()
        .map(|(f, t, file, line, how)| {
            let how = if how == "vta" {
                "interface".into()
            } else {
                how
            };
            (f, t, file, line, how)
        })
        .collect()
}

/// `scan --calls` gives Go's call graph (go/ssa: static and VTA) of the fixture: every static
/// edge as `static`, every edge VTA finds through the Backend interface as `interface`, and
/// the three of `r.Handler(r.Path)` in cmd/server/main.go — a call of a function value, the
/// route's handler field, given the handlers by `router.NewGetRoute("/…", r.getChanges)` —
/// as `value` (the flow of function values, docs/RULES.md §7).
#[test]
fn the_call_graph_is_gos_own() {
    let r = scan("fixtures/features", &["--calls"]);
    let want: BTreeSet<_> = go_sites("features-calls.json")
        .into_iter()
        .map(|(f, t, file, line, how)| {
            let how = match (file.as_str(), line) {
                ("cmd/server/main.go", 12) => "value".to_string(),
                _ => how,
            };
            (f, t, file, line, how)
        })
        .collect();
    assert_graph(
        &r,
        &want,
        json!({
            "static": 13, "interface": 3, "unimplemented": 0, "wide": 0, "external": 2,
            "builtin": 0, "dynamic": 2, "value": 1, "flow": 0, "unresolved": 0, "edges": 19
        }),
    );
}

/// A function type is its parameters and its results, and a call of a call's result calls the
/// value it returns (fixtures/functypes): `scan --calls` gives Go's call graph of the tree
/// (tests/golden/functypes-calls.json) — no edge to `B.Make`, whose result type differs from
/// `Maker`'s in its parameter; `W.Walk` and `G.Get`, whose function types differ from their
/// interfaces' only by `interface{}` for `any` and `byte` for `uint8` — but for the two calls
/// on a type parameter's value (`Lazy(U{})().M()`, `th().M()` with `th Thunk[U]`): Go knows
/// the type argument, the rule does not, and they are unresolved, not `T.M`.
#[test]
fn function_types_are_their_parameters_and_results() {
    let r = scan("fixtures/functypes", &["--calls"]);
    let want: BTreeSet<_> = go_sites("functypes-calls.json")
        .into_iter()
        .filter(|s| !(s.1 == "p|U|M" && s.2 == "p/generic.go"))
        .collect();
    assert_graph(
        &r,
        &want,
        json!({
            "static": 6, "interface": 3, "unimplemented": 0, "wide": 0, "external": 0,
            "builtin": 0, "dynamic": 4, "value": 0, "flow": 0, "unresolved": 2, "edges": 9
        }),
    );
}

/// The flows (fixtures/flows): `scan --calls` gives exactly Go's call graph of the tree
/// (tests/golden/flows-calls.json, go/ssa and VTA). The calls of function values get Go's
/// edges as `value` — a handler given to `router.NewGetRoute`, kept in a struct field, read
/// back through an interface's result and called in a middleware's closure and in the server;
/// a log driver registered by an `init` function into a map field and called after `Get`; the
/// reloads of a literal of function values in a range header. The interface calls whose
/// receivers the flow of concrete types settles get Go's edges as `flow` — `s.Area()` with
/// nine implementing types (too many to guess: `wide`) of which two flow there, and
/// `err.Error()` on an `error`, the `Error` of the one error type called code returns (not
/// that of `Unused`, made only by a function nothing calls). The rest of Go's VTA edges are
/// `interface`, as before the flows, and the rule's `interface` edges hold one more than Go's:
/// `l.Log` to jsonfile's `driver.Log`, a type implementing `Logger` of which Windows' `New`
/// makes no value (§7 decides by methods, not by values). `probes/probes.go` holds the cases a
/// review found wrong, each now Go's: handlers given to a variadic interface method past its
/// first parameter, a `return` after a closure whose result is a function type, a `var ( h =
/// a )` in a body (its own `h`, a `value` edge where Go, knowing the constant, says `static`;
/// not the package's `h`), a package-level `var copyDir = b` called. One of Go's edges is
/// missing: `t.M()` over `range []T{{}, {}}` in a `for` header, whose type `[]T` no
/// declaration of the tree writes (§7 types a literal whose type the index holds). The flows
/// are no edges of the entry points' walk (docs/RULES.md
/// §8: a scan without `--calls` does not find them): `GET /logs` meets Windows' refusing
/// `jsonfile.New` only through the registry, and works, with `--calls` or without.
#[test]
fn the_flows_give_gos_edges_through_values() {
    let r = scan("fixtures/flows", &["--calls", "--pack", "docker"]);
    let value = [
        ("logger/logger.go", 36),
        ("middleware/middleware.go", 17),
        ("probes/probes.go", 14),
        ("probes/probes.go", 37),
        ("probes/probes.go", 47),
        ("probes/probes.go", 52),
        ("probes/probes.go", 59),
        ("server/server.go", 36),
        ("shapes/shapes.go", 54),
    ];
    let flow = [("server/server.go", 44), ("shapes/shapes.go", 33)];
    let want: BTreeSet<_> =
        sites(&serde_json::from_str::<Value>(&golden("flows-calls.json")).unwrap()["edges"])
            .into_iter()
            .map(|(f, t, file, line, how)| {
                let at = (file.as_str(), line);
                let how = match how.as_str() {
                    "vta" if value.contains(&at) => "value".to_string(),
                    "static" if at == ("probes/probes.go", 47) => "value".to_string(),
                    "vta" if flow.contains(&at) => "flow".to_string(),
                    "vta" => "interface".to_string(),
                    _ => how,
                };
                (f, t, file, line, how)
            })
            .collect();
    assert_eq!(want.len(), 53, "the golden's edges");
    let mut want = want;
    assert!(want.remove(&(
        "probes||Header".into(),
        "probes|T|M".into(),
        "probes/probes.go".into(),
        71,
        "static".into(),
    )));
    want.insert((
        "logger||Start".into(),
        "logger/jsonfile|driver|Log".into(),
        "logger/logger.go".into(),
        40,
        "interface".into(),
    ));
    assert_graph(
        &r,
        &want,
        json!({
            "static": 28, "interface": 4, "unimplemented": 0, "wide": 1, "external": 4,
            "builtin": 1, "dynamic": 6, "value": 9, "flow": 2, "unresolved": 5, "edges": 53
        }),
    );
    let logs = &r["entry_points"][2];
    assert_eq!(
        (&logs["name"], &logs["status"], &logs["reaches"]),
        (&json!("GET /logs"), &json!("works"), &json!([]))
    );
    assert!(
        r["calls"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["to"] == "logger/jsonfile||New" && c["how"] == "value"),
        "the registry's call of jsonfile.New is in the graph"
    );
    // A scan without --calls gives the same entry points and the same report but for the
    // graph itself.
    let mut lazy = scan("fixtures/flows", &["--pack", "docker"]);
    let mut full = r.clone();
    for k in ["calls", "call_sites"] {
        full.as_object_mut().unwrap().remove(k);
        lazy.as_object_mut().unwrap().remove(k);
    }
    assert_eq!(full, lazy);
}

/// Renaming Windows' sampleCPU away: winparity names each call site Go's compiler reports as
/// undefined (`go build -gcflags=-e` with GOOS=windows, tests/golden/features-breaks.txt).
#[test]
fn a_windows_definition_renamed_away_breaks_where_go_says() {
    let (_dir, copy) = broken_copy();
    let r = scan(copy.to_str().unwrap(), &[]);
    let ours: Vec<String> = r["breaks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            let name = b["ref"]
                .as_str()
                .unwrap()
                .rsplit('|')
                .next()
                .unwrap()
                .to_string();
            assert_eq!(b["platform"], "windows");
            format!(
                "{}:{}: undefined: {name}",
                b["file"].as_str().unwrap(),
                b["line"]
            )
        })
        .collect();
    let want: Vec<String> = golden("features-breaks.txt")
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(ours, want);
}

/// fixtures/breaks: references to Linux-only names from package-level declarations (a
/// function literal, values, a constant, a `var ( … )` group), from types written in
/// signatures (receivers too), fields, interfaces and declared types (a type parameter of the same name
/// excepted), from types inside those (map keys, function types' parameters, array lengths, type
/// arguments, struct types' fields, constraints), through a `.` import and from bodies (names
/// before a `:` of a case list, an array or map literal's key, a slice index; not field names,
/// labels, method names, parameter names of function types or type parameters; a missing
/// generic type's type arguments not looked at, as Go does not), from the bodies of `init`
/// functions and of functions named `_` — each line Go's compiler reports as
/// undefined on Windows (tests/golden/breaks-go.txt, `go build -gcflags=-e`), once per line
/// and name as Go does, no other; the same with `--calls`.
#[test]
fn breaks_in_declarations_and_through_dot_imports_are_where_go_says() {
    let golden: Vec<String> = golden("breaks-go.txt")
        .lines()
        .map(|l| {
            // Go writes a qualified name with the import name (`p.LinuxVar`).
            let (at, name) = l.rsplit_once(": undefined: ").unwrap();
            let name = name.rsplit('.').next().unwrap();
            format!("{at}: undefined: {name}")
        })
        .collect();
    assert_eq!(golden.len(), 45, "the README's hand count");
    for args in [&[][..], &["--calls"]] {
        let r = scan("fixtures/breaks", args);
        let mut ours: Vec<String> = r["breaks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| {
                let name = b["ref"].as_str().unwrap().rsplit('|').next().unwrap();
                format!(
                    "{}:{}: undefined: {name}",
                    b["file"].as_str().unwrap(),
                    b["line"]
                )
            })
            .collect();
        ours.sort();
        assert_eq!(ours, golden, "{args:?}");
    }
}

/// Without `--calls` a scan walks only the bodies its entry points and breaks need (the entry
/// points' files, the files that may break, then what their calls reach, through interfaces
/// too): it finds the same entry points and breaks as the whole graph, on the fixture and on
/// its broken copy.
#[test]
fn entry_points_and_breaks_need_only_the_bodies_they_reach() {
    let (_dir, copy) = broken_copy();
    for tree in ["fixtures/features", copy.to_str().unwrap()] {
        let some = scan(tree, &["--pack", "docker"]);
        let whole = scan(tree, &["--pack", "docker", "--calls"]);
        assert!(some.get("calls").is_none());
        assert_eq!(some["entry_points"], whole["entry_points"], "{tree}");
        assert_eq!(some["breaks"], whole["breaks"], "{tree}");
    }
}

/// A literal handler meets what its own calls meet, also when the function holding it calls
/// the same function earlier on the literal's line (the graph keeps one edge per caller,
/// callee and line; the literal's calls are taken before): `POST /hooks` on one line after
/// `POST /pre`, whose argument calls `hooks.Run` too, is what it is in the fixture.
#[test]
fn a_literal_handler_keeps_its_calls_beside_the_same_call_on_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("features");
    copy_tree(&common::root().join("fixtures/features"), &copy);
    let routes = copy.join("api/routes.go");
    let text = std::fs::read_to_string(&routes).unwrap();
    let one_line = text.replace(
        "\t\trouter.NewPostRoute(\"/hooks\", func(name string) error {\n\t\t\treturn hooks.Run(name)\n\t\t}),\n",
        "\t\trouter.NewPostRoute(\"/pre\", preHook(hooks.Run(\"x\"))), router.NewPostRoute(\"/hooks\", func(name string) error { return hooks.Run(name) }),\n",
    );
    assert_ne!(one_line, text);
    std::fs::write(
        &routes,
        one_line + "\nfunc preHook(err error) router.Handler { return nil }\n",
    )
    .unwrap();
    let hooks = |r: &Value| {
        r["entry_points"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["name"] == "POST /hooks")
            .cloned()
            .unwrap()
    };
    let want = hooks(&scan("fixtures/features", &["--pack", "docker"]));
    assert_eq!(want["status"], "unsupported");
    for args in [&["--pack", "docker"][..], &["--pack", "docker", "--calls"]] {
        let mut got = hooks(&scan(copy.to_str().unwrap(), args));
        got["line"] = want["line"].clone();
        assert_eq!(got, want, "{args:?}");
    }
}

/// A copy of fixtures/features with Windows' sampleCPU renamed away (what regen.sh builds with
/// Go for tests/golden/features-breaks.txt), in a temporary directory kept while it lives.
fn broken_copy() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("features");
    copy_tree(&common::root().join("fixtures/features"), &copy);
    let cpu = copy.join("daemon/cpu_windows.go");
    let text = std::fs::read_to_string(&cpu).unwrap();
    std::fs::write(
        &cpu,
        text.replace("func sampleCPU(", "func sampleCPURenamed("),
    )
    .unwrap();
    (dir, copy)
}

fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

/// The broken copy of the fixture: its breaks as SARIF results (rule winparity/build-break,
/// level error) and GitHub error annotations, and `diff` from the fixture's report trips the
/// gate on them.
#[test]
fn breaks_are_sarif_errors_annotations_and_trip_the_diff_gate() {
    let (dir, copy) = broken_copy();
    let tree = copy.to_str().unwrap();

    let out = common::winparity()
        .args(["scan", tree, "--format", "sarif", "-q"])
        .output();
    let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
    let results: Vec<(String, String, String, u64)> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["ruleId"] == "winparity/build-break")
        .map(|r| {
            let loc = &r["locations"][0]["physicalLocation"];
            (
                r["level"].as_str().unwrap().to_string(),
                r["message"]["text"].as_str().unwrap().to_string(),
                loc["artifactLocation"]["uri"].as_str().unwrap().to_string(),
                loc["region"]["startLine"].as_u64().unwrap(),
            )
        })
        .collect();
    let msg =
        "daemon||sampleCPU is declared on no file built on windows: the windows build breaks here.";
    assert_eq!(
        results,
        vec![
            ("error".into(), msg.into(), "daemon/daemon.go".into(), 21),
            ("error".into(), msg.into(), "daemon/stats.go".into(), 5),
        ]
    );

    let out = common::winparity()
        .args(["scan", tree, "--format", "github", "-q"])
        .output();
    let errors: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("::error"))
        .map(str::to_string)
        .collect();
    assert_eq!(
        errors,
        vec![
            format!(
                "::error file=daemon/daemon.go,line=21,title=winparity%3A The Windows build breaks%3A a name is declared on no file built on Windows::{msg}"
            ),
            format!(
                "::error file=daemon/stats.go,line=5,title=winparity%3A The Windows build breaks%3A a name is declared on no file built on Windows::{msg}"
            ),
        ]
    );

    let old = dir.path().join("old.json");
    let new = dir.path().join("new.json");
    common::winparity()
        .args(["scan", "fixtures/features", "-q", "-o"])
        .arg(&old)
        .output();
    common::winparity()
        .args(["scan", tree, "-q", "-o"])
        .arg(&new)
        .output();
    let out = common::winparity()
        .args(["diff"])
        .arg(&old)
        .arg(&new)
        .args(["--format", "json"])
        .output();
    assert_eq!(out.status.code(), Some(1), "a new break trips the gate");
    let d: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        d["gate"]["reasons"],
        json!([
            "daemon/daemon.go:21: daemon||sampleCPU is declared on no file built on windows (build break)",
            "daemon/stats.go:5: daemon||sampleCPU is declared on no file built on windows (build break)"
        ])
    );
    assert_eq!(d["breaks"].as_array().unwrap().len(), 2);
    // The terminal's summary shows `--limit` of them and says how many more there are.
    let out = common::winparity()
        .args(["diff"])
        .arg(&old)
        .arg(&new)
        .args(["--limit", "1"])
        .output();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(
            "\nnew build breaks on windows (2):\n  daemon/daemon.go:21: undefined: daemon||sampleCPU\n  … and 1 more (--limit)\n"
        ),
        "{text}"
    );
}

/// A tree without go.mod (a GOPATH project, as moby's releases before 2019): its module path
/// is inferred from its imports (docs/RULES.md §7), and the routes meet what they meet with it.
#[test]
fn without_go_mod_the_module_path_is_inferred_from_imports() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("features");
    copy_tree(&common::root().join("fixtures/features"), &copy);
    std::fs::remove_file(copy.join("go.mod")).unwrap();
    // Ten imports of the module are needed to infer it: the fixture's four, six more.
    for i in 0..6 {
        std::fs::write(
            copy.join(format!("cmd/server/extra{i}.go")),
            "package main\n\nimport _ \"example.com/features/daemon\"\n",
        )
        .unwrap();
    }
    let with = scan("fixtures/features", &["--pack", "docker"]);
    let without = scan(copy.to_str().unwrap(), &["--pack", "docker"]);
    assert_eq!(without["entry_points"], with["entry_points"]);
}

/// Commands declared at the top of a package (urfave/cli's idiom, fixtures/cli): a function
/// literal outside any function is walked alone, its variable the handler; a named function is
/// typed as at the top of its package. As the fixture's README derives them by hand.
#[test]
fn commands_declared_at_the_top_of_a_package_meet_what_the_hand_count_says() {
    let r = scan("fixtures/cli", &["--pack", "urfave-cli"]);
    let want = json!([
        {
            "kind": "command", "name": "pull", "handler": "cmd/ctl||pullCommand",
            "file": "cmd/ctl/main.go", "line": 12, "status": "stub", "depth": 2,
            "reaches": [{
                "api": "store||verify", "status": "stub", "messages": [], "depth": 2,
                "shared": false,
                "path": ["cmd/ctl||pullCommand", "store||Fetch", "store||verify"]
            }]
        },
        {
            "kind": "command", "name": "push", "handler": "cmd/ctl||pushAction",
            "file": "cmd/ctl/main.go", "line": 19, "status": "unsupported", "depth": 1,
            "reaches": [{
                "api": "store||Upload", "status": "unsupported",
                "messages": ["uploads are not supported on Windows"], "depth": 1,
                "shared": false, "path": ["cmd/ctl||pushAction", "store||Upload"]
            }]
        },
        {
            "kind": "command", "name": "ls", "handler": "cmd/ctl||listAction",
            "file": "cmd/ctl/main.go", "line": 24, "status": "works", "depth": null,
            "reaches": []
        }
    ]);
    assert_eq!(r["entry_points"], want);
}

fn write(root: &std::path::Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let p = root.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
}

/// No break at a name being declared (a local named as a Linux-only type: containerd's
/// continuity `inode, isHardlink := getLinkInfo(fi)` beside `type inode` of du_unix.go), nor in
/// a vendored package the Windows build never imports; a vendored package a file built on
/// Windows imports is compiled, and its break is one — imported with `_` too, its `init`'s
/// break included: these two lines are what `GOOS=windows go build -mod=vendor ./...` says of
/// this tree once go.mod requires the three modules and modules.txt marks them `## explicit`
/// (winparity reads neither); the same with `--calls`.
#[test]
fn breaks_only_where_the_target_build_compiles_a_reference() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("m");
    write(
        &root,
        &[
            ("go.mod", "module ex.com/m\n\ngo 1.22\n"),
            (
                "fs/du_unix.go",
                "//go:build !windows\n\npackage fs\n\ntype inode struct{}\n\nconst block = 512\n",
            ),
            (
                "fs/hardlink.go",
                "package fs\n\nfunc Link() uint64 {\n\tinode, ok := getLinkInfo()\n\tif !ok {\n\t\treturn 0\n\t}\n\tvar block uint64 = inode\n\treturn block\n}\n",
            ),
            (
                "fs/hardlink_unix.go",
                "//go:build !windows\n\npackage fs\n\nfunc getLinkInfo() (uint64, bool) { return 1, true }\n",
            ),
            (
                "fs/hardlink_windows.go",
                "package fs\n\nfunc getLinkInfo() (uint64, bool) { return 0, false }\n",
            ),
            ("cg/cg_linux.go", "package cg\n\nimport _ \"ex.com/lo\"\n"),
            (
                "win/win.go",
                "package win\n\nimport \"ex.com/used\"\n\nfunc W() { used.F() }\n",
            ),
            (
                "win/blank_windows.go",
                "package win\n\nimport _ \"ex.com/side\"\n",
            ),
            (
                "vendor/modules.txt",
                "# ex.com/lo v1.0.0\nex.com/lo\n# ex.com/side v1.0.0\nex.com/side\n# ex.com/used v1.0.0\nex.com/used\n",
            ),
            (
                "vendor/ex.com/side/side.go",
                "package side\n\nfunc init() { linuxOnly() }\n",
            ),
            (
                "vendor/ex.com/side/side_linux.go",
                "package side\n\nfunc linuxOnly() {}\n",
            ),
            (
                "vendor/ex.com/lo/lo.go",
                "package lo\n\nfunc F() { linuxOnly() }\n",
            ),
            (
                "vendor/ex.com/lo/lo_linux.go",
                "package lo\n\nfunc linuxOnly() {}\n",
            ),
            (
                "vendor/ex.com/used/used.go",
                "package used\n\nfunc F() { linuxOnly() }\n",
            ),
            (
                "vendor/ex.com/used/used_linux.go",
                "package used\n\nfunc linuxOnly() {}\n",
            ),
        ],
    );
    for args in [&["--vendor"][..], &["--vendor", "--calls"]] {
        let r = scan(root.to_str().unwrap(), args);
        assert_eq!(
            r["breaks"],
            json!([{
                "file": "vendor/ex.com/side/side.go", "line": 3,
                "ref": "vendor/ex.com/side||linuxOnly", "platform": "windows"
            }, {
                "file": "vendor/ex.com/used/used.go", "line": 3,
                "ref": "vendor/ex.com/used||linuxOnly", "platform": "windows"
            }]),
            "{args:?}"
        );
    }
}

//! winparity's report equals the Go reference's (`tests/goref`, go/build + go/ast, written from
//! docs/RULES.md alone) on the fixture trees: every file, every API with every field, every
//! guard. The goldens are the reference's output, regenerated and checked by `.ci/run`.

mod common;

use std::path::Path;

use serde_json::{Value, json};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn winparity(tree: &str, args: &[&str]) -> Value {
    let out = common::winparity()
        .args(["scan", tree, "--format", "json"])
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

fn golden(name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(root().join("tests/golden").join(name)).unwrap())
        .unwrap()
}

/// The fields both implementations produce, with `error` reduced to its presence (the texts
/// differ on purpose: Go names the file, winparity the line).
fn comparable(r: &Value) -> Value {
    let files: Vec<Value> = r["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            json!({"path": f["path"], "package": f["package"], "test": f["test"],
                   "platforms": f["platforms"], "error": !f["error"].is_null()})
        })
        .collect();
    let keys = [
        "id",
        "package_dir",
        "package",
        "receiver",
        "name",
        "kind",
        "exported",
        "status",
        "definitions",
        "messages",
        "missing_fields",
    ];
    let apis: Vec<Value> = r["apis"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            Value::Object(
                keys.iter()
                    .map(|k| (k.to_string(), a[*k].clone()))
                    .collect(),
            )
        })
        .collect();
    let mut guards = r["guards"].as_array().unwrap().clone();
    guards.sort_by_key(|g| {
        (
            g["file"].as_str().unwrap().to_string(),
            g["line"].as_u64(),
            g["condition"].as_str().unwrap().to_string(),
        )
    });
    // The test-support packages (RULES.md §6): goref lists their directories; winparity marks
    // its package summaries.
    let support: Vec<Value> = match r.get("test_support_packages") {
        Some(list) => list.as_array().unwrap().clone(),
        None => {
            let mut dirs: Vec<Value> = r["packages"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|p| p["test_support"] == true)
                .map(|p| p["package_dir"].clone())
                .collect();
            dirs.dedup();
            dirs
        }
    };
    let ts = &r["summary"]["test_support"];
    json!({"platforms": r["platforms"], "target": r["target"], "reference": r["reference"],
           "by_status": r["summary"]["by_status"], "apis_counted": r["summary"]["apis"],
           "test_support": {"packages": support, "apis": ts["apis"], "by_status": ts["by_status"]},
           "files": files, "apis": apis, "guards": guards, "refusals": r["refusals"]})
}

fn assert_same(ours: &Value, reference: &Value) {
    let (a, b) = (comparable(ours), comparable(reference));
    if a != b {
        // Name the first difference rather than dumping two large documents.
        for key in [
            "platforms",
            "target",
            "reference",
            "by_status",
            "apis_counted",
            "test_support",
            "files",
            "apis",
            "guards",
            "refusals",
        ] {
            if a[key] != b[key] {
                if let (Some(x), Some(y)) = (a[key].as_array(), b[key].as_array()) {
                    for (i, (p, q)) in x.iter().zip(y).enumerate() {
                        assert_eq!(p, q, "{key}[{i}] differs from the Go reference");
                    }
                    assert_eq!(
                        x.len(),
                        y.len(),
                        "{key}: count differs from the Go reference"
                    );
                }
                assert_eq!(a[key], b[key], "{key} differs from the Go reference");
            }
        }
    }
}

#[test]
fn dockerlike_fixture_matches_the_go_reference() {
    let ours = winparity("fixtures/dockerlike", &[]);
    assert_same(&ours, &golden("dockerlike.json"));
    // The fixture has refusals inside Windows' own definitions (RULES.md §4b): two in
    // daemon/resources_windows.go, one in pkg/hcsshim/gates.go (an API only Windows has).
    assert_eq!(ours["refusals"].as_array().unwrap().len(), 3);
    // The fixture shows every status.
    for (status, n) in ours["summary"]["by_status"].as_object().unwrap() {
        assert!(n.as_u64().unwrap() > 0, "no API is {status}");
    }
    // And a test-support package (EXPECTED.md: internal/skip, imported only by a test file of
    // daemon/), counted apart.
    assert_eq!(
        ours["summary"]["test_support"],
        json!({"packages": 1, "apis": 1, "parity": 1.0, "by_status": {"portable": 1, "native": 0,
               "guarded": 0, "stub": 0, "unsupported": 0, "missing": 0, "windows-only": 0,
               "linux-internal": 0}})
    );
}

#[test]
fn dockerlike_fixture_with_three_platforms_matches_the_go_reference() {
    let ours = winparity(
        "fixtures/dockerlike",
        &["--platforms", "linux,windows,darwin/arm64"],
    );
    assert_same(&ours, &golden("dockerlike-darwin.json"));
}

#[test]
fn constraint_fixture_apis_match_the_go_reference() {
    let ours = winparity("fixtures/constraints", &[]);
    assert_same(&ours, &golden("constraints-apis.json"));
}

#[test]
fn catalogue_fixture_matches_the_go_reference_and_the_hand_count() {
    let ours = winparity("fixtures/catalogue", &[]);
    assert_same(&ours, &golden("catalogue.json"));
    // fixtures/catalogue/EXPECTED.md, derived by hand from RULES.md §3 and §4b.
    let refusals: Vec<(String, u64, String, String)> = ours["refusals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["file"].as_str().unwrap().to_string(),
                r["line"].as_u64().unwrap(),
                r["api"].as_str().unwrap().to_string(),
                r["condition"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected = [
        (
            "instructions/commands.go",
            11,
            "instructions|StopSignalCommand|CheckPlatform",
            "platform == \"windows\"",
        ),
        (
            "libnetwork/ipam_windows.go",
            7,
            "libnetwork|Controller|RequestPool",
            "subPool != \"\" || v6",
        ),
        (
            "runconfig/hostconfig_windows.go",
            5,
            "runconfig||validatePrivileged",
            "hc.Privileged",
        ),
        (
            "volume/local_windows.go",
            10,
            "volume||validateOpts",
            "!(len(opts) == 0)",
        ),
    ]
    .map(|(f, l, a, c)| (f.to_string(), l, a.to_string(), c.to_string()));
    assert_eq!(refusals, expected);
    let status = |id: &str| {
        ours["apis"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == id)
            .map(|a| {
                (
                    a["status"].as_str().unwrap().to_string(),
                    a["messages"].clone(),
                )
            })
            .unwrap()
    };
    assert_eq!(
        status("libnetwork|Controller|createGWNetwork"),
        (
            "unsupported".to_string(),
            json!(["default gateway functionality is not implemented in windows"])
        )
    );
    assert_eq!(
        status("diff||Compare"),
        (
            "unsupported".to_string(),
            json!(["compare is not implemented"])
        )
    );
    assert_eq!(status("diff||TmpfsMounts"), ("stub".to_string(), json!([])));
    assert_eq!(
        status("paths||CheckPath"),
        (
            "guarded".to_string(),
            json!(["device paths are not supported on Windows"])
        )
    );
    let guards: Vec<(u64, &str)> = ours["guards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| (g["line"].as_u64().unwrap(), g["effect"].as_str().unwrap()))
        .collect();
    assert_eq!(guards, [(12, "adapts"), (13, "refuses")]);
    for id in [
        "runconfig||describeIsolation",
        "runconfig|checker|checkPids",
        "volume||parseSize",
        "diff||Name",
        "diff||Sizes",
    ] {
        assert_eq!(status(id), ("native".to_string(), json!([])), "{id}");
    }
    for id in [
        "instructions|HealthcheckCommand|CheckPlatform",
        "instructions|ShellCommand|CheckPlatform",
        "paths||Clean",
    ] {
        assert_eq!(status(id), ("portable".to_string(), json!([])), "{id}");
    }
}

/// The path every moby user runs: the docker pack applied by itself (go.mod names moby's
/// module), against the reference's own reading of the pack (tests/goref/dockerpack.go).
#[test]
fn docker_idioms_with_the_pack_applied_match_the_go_reference() {
    let ours = winparity("fixtures/dockeridioms", &[]);
    assert_eq!(
        ours["packs"],
        json!(["docker (module github.com/docker/docker)"])
    );
    assert_same(&ours, &golden("dockeridioms.json"));
    assert_eq!(ours["guards"].as_array().unwrap().len(), 11);
}

/// Who can reach an API (RULES.md §5) and which packages only tests import (§6), on
/// fixtures/reach: the Go reference agrees, and so does the count by hand written in the
/// fixture's comments.
#[test]
fn reach_fixture_sorts_linux_internals_and_test_support_as_go_reference_and_hand_count() {
    let ours = winparity("fixtures/reach", &[]);
    assert_same(&ours, &golden("reach.json"));
    let statuses: Vec<(String, String)> = ours["apis"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["id"].as_str().unwrap().to_string(),
                a["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want = [
        ("cmd/app||Run", "linux-internal"),
        ("cmd/app||main", "portable"),
        ("internal/linuxonly||Mount", "linux-internal"),
        ("lib|Handle|Close", "missing"),
        ("lib|netlink|Exported", "linux-internal"),
        ("lib||Exported", "missing"),
        ("lib||Handle", "missing"),
        ("lib||Shared", "portable"),
        ("lib||helper", "linux-internal"),
        ("lib||netlink", "linux-internal"),
        ("mixed||Name", "portable"),
        ("selftest||Value", "portable"),
        ("testutil/deep||Level", "portable"),
        ("testutil||Ready", "portable"),
        ("testutil||StartDaemon", "missing"),
    ];
    assert_eq!(
        statuses,
        want.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect::<Vec<_>>()
    );
    let support: Vec<&str> = ours["packages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["test_support"] == true)
        .map(|p| p["package_dir"].as_str().unwrap())
        .collect();
    assert_eq!(support, ["testutil", "testutil/deep"]);
    // Parity leaves out linux-internal and the test-support packages: 4 / (4 + 3).
    assert_eq!(ours["summary"]["apis"], 12);
    assert_eq!(ours["summary"]["parity"], 4.0 / 7.0);
    assert_eq!(ours["summary"]["test_support"]["apis"], 3);
    assert_eq!(ours["summary"]["test_support"]["by_status"]["missing"], 1);
}

/// fixtures/features (routes → backend interface → implementation) is placed and classified
/// as the Go reference says.
#[test]
fn features_fixture_matches_the_go_reference() {
    let ours = winparity("fixtures/features", &["--pack", "docker"]);
    assert_same(&ours, &golden("features.json"));
}

/// fixtures/cli is placed and classified as the Go reference says.
#[test]
fn cli_fixture_matches_the_go_reference() {
    let ours = winparity("fixtures/cli", &["--pack", "urfave-cli"]);
    assert_same(&ours, &golden("cli.json"));
}

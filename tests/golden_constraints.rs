//! winparity places every fixture file exactly where Go's `go/build.Context.MatchFile` does.
//!
//! `tests/golden/constraints.json` is written by the Go toolchain (`tests/gobuild/`, regenerated
//! and checked by `.ci/run`), never by winparity.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;
use winparity::gobuild::header::read_header;
use winparity::gobuild::{BuildContext, place};

/// (name, context, the tool tags the go command reported for it)
fn contexts(golden: &Value) -> Vec<(String, BuildContext, Vec<String>)> {
    let tool_tags = |name: &str| -> Vec<String> {
        let c = golden["configs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .unwrap();
        c["tool_tags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap().to_string())
            .collect()
    };
    common::golden_contexts(golden)
        .into_iter()
        .map(|(n, ctx)| (n.clone(), ctx, tool_tags(&n)))
        .collect()
}

fn load(name: &str) -> Value {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/golden")
            .join(name),
    )
    .unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn tool_tags_are_the_go_commands() {
    let golden = load("constraints.json");
    for (name, ctx, want) in contexts(&golden) {
        let got: BTreeSet<_> = ctx.tool_tags.iter().cloned().collect();
        let want: BTreeSet<_> = want.into_iter().collect();
        assert_eq!(got, want, "tool tags of {name}");
    }
}

#[test]
fn every_fixture_file_is_placed_as_go_places_it() {
    let golden = load("constraints.json");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/constraints");
    let ctxs = contexts(&golden);
    let only: Vec<BuildContext> = ctxs.iter().map(|c| c.1.clone()).collect();
    let mut checked = 0;
    let mut failures = Vec::new();
    for f in golden["files"].as_array().unwrap() {
        let rel = f["path"].as_str().unwrap();
        let name = rel.rsplit('/').next().unwrap();
        let bytes = std::fs::read(root.join(rel)).unwrap();
        let (header, _) = read_header(&mut &bytes[..]);
        let placed = place(name, &header, &only);
        for (i, (cname, _, _)) in ctxs.iter().enumerate() {
            let want = &f["results"][cname];
            let want_match = want["match"].as_bool().unwrap();
            let want_err = want["error"].as_str();
            checked += 1;
            let got_match = placed.mask & (1 << i) != 0;
            let got_err = placed
                .error
                .as_deref()
                .filter(|_| placed.read_on & (1 << i) != 0);
            match (want_err, got_err) {
                (Some(w), Some(g)) => {
                    // Go prefixes "read PATH: " or "NAME: "; the rest must be ours.
                    let tail = w.split_once(": ").map_or(w, |(_, t)| t);
                    if !g.contains(tail) {
                        failures.push(format!("{rel} [{cname}]: error {g:?}, Go says {w:?}"));
                    }
                }
                (None, None) => {
                    if got_match != want_match {
                        failures.push(format!(
                            "{rel} [{cname}]: built={got_match}, Go says {want_match}"
                        ));
                    }
                }
                (w, g) => failures.push(format!("{rel} [{cname}]: error {g:?}, Go says {w:?}")),
            }
        }
    }
    assert!(checked > 5000, "only {checked} answers checked");
    assert!(
        failures.is_empty(),
        "{} disagreements with Go:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

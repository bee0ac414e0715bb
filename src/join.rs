//! The join across platforms: every API's definitions, its status, and the summaries.
//!
//! Sequential and deterministic: sorted maps keyed by id, files in path order.

use std::collections::BTreeMap;

use crate::facts::body::BodyKind;
use crate::facts::decls::{Decl, DeclKind};
use crate::facts::guards::Effect;
use crate::report::{
    Api, ByStatus, Definition, FileEntry, Guard, GuardCounts, PackageSummary, Report, Source,
    Status, Summary, Tool,
};
use crate::scan::{ScanConfig, ScannedFile};

/// Everything the join needs besides the files.
pub struct JoinInput<'a> {
    /// The scan configuration.
    pub cfg: &'a ScanConfig,
    /// What was scanned.
    pub source: Source,
    /// The Go release assumed.
    pub go: String,
    /// Tags given.
    pub tags: Vec<String>,
    /// Notes from the walk.
    pub notes: Vec<String>,
}

/// A definition in the join: file index and declaration index.
#[derive(Clone, Copy)]
struct DefRef {
    file: usize,
    decl: usize,
}

/// Whether a declaration is an API (docs/RULES.md §2).
fn is_api(d: &Decl) -> bool {
    d.name != "_" && !(d.kind == DeclKind::Func && d.name == "init")
}

fn api_id(dir: &str, receiver: &str, name: &str) -> String {
    format!("{dir}|{receiver}|{name}")
}

fn platform_names(cfg: &ScanConfig, mask: u64) -> Vec<String> {
    cfg.platforms()
        .enumerate()
        .filter(|(i, _)| mask & (1 << i) != 0)
        .map(|(_, p)| p.name.clone())
        .collect()
}

/// Joins scanned files into the report.
pub fn join(files: &[ScannedFile], input: JoinInput) -> Report {
    let cfg = input.cfg;
    let (tbit, rbit) = (cfg.target_bit(), cfg.reference_bit());
    let compared = tbit | rbit;

    // Definitions per API id, in file order.
    let mut apis: BTreeMap<String, (String, Vec<DefRef>)> = BTreeMap::new();
    for (fi, f) in files.iter().enumerate() {
        let (Some(facts), Some(pkg)) = (&f.facts, &f.package) else {
            continue;
        };
        if f.test || pkg == "documentation" || f.mask & compared == 0 || (!cfg.cgo && f.imports_c) {
            continue;
        }
        for (di, d) in facts.decls.iter().enumerate() {
            if !is_api(d) {
                continue;
            }
            let e = apis
                .entry(api_id(f.dir(), &d.receiver, &d.name))
                .or_insert_with(|| (pkg.clone(), Vec::new()));
            e.1.push(DefRef { file: fi, decl: di });
        }
    }

    // Guards, tied to their enclosing declaration.
    let mut guards = Vec::new();
    // (file, decl) → refusing guard messages, for statuses.
    let mut refusals: BTreeMap<(usize, usize), Vec<Option<String>>> = BTreeMap::new();
    let mut guard_counts = GuardCounts::default();
    for (fi, f) in files.iter().enumerate() {
        let Some(facts) = &f.facts else { continue };
        for g in &facts.guards {
            let enclosing = facts
                .decls
                .iter()
                .position(|d| d.start <= g.offset && g.offset < d.end);
            let api = enclosing.map(|di| {
                let d = &facts.decls[di];
                api_id(f.dir(), &d.receiver, &d.name)
            });
            match g.effect {
                Effect::Refuses => {
                    guard_counts.refuses += 1;
                    if let Some(di) = enclosing {
                        refusals
                            .entry((fi, di))
                            .or_default()
                            .push(g.message.clone());
                    }
                }
                Effect::Adapts => guard_counts.adapts += 1,
                Effect::SkipsTest => guard_counts.skips_test += 1,
            }
            guards.push(Guard {
                file: f.rel.clone(),
                line: g.line,
                api,
                effect: g.effect.as_str().to_string(),
                condition: g.condition.clone(),
                message: g.message.clone(),
            });
        }
    }

    // Statuses.
    let mut out_apis = Vec::with_capacity(apis.len());
    let mut packages: BTreeMap<(String, String), ByStatus> = BTreeMap::new();
    let mut total = ByStatus::default();
    for (id, (pkg, mut defs)) in apis {
        defs.sort_by(|a, b| {
            (
                &files[a.file].rel,
                files[a.file].facts.as_ref().map(|x| x.decls[a.decl].line),
            )
                .cmp(&(
                    &files[b.file].rel,
                    files[b.file].facts.as_ref().map(|x| x.decls[b.decl].line),
                ))
        });
        let decl = |r: &DefRef| {
            &files[r.file]
                .facts
                .as_ref()
                .expect("definitions come from files with facts")
                .decls[r.decl]
        };
        let dt = defs
            .iter()
            .find(|r| files[r.file].mask & tbit != 0)
            .copied();
        let dr = defs
            .iter()
            .find(|r| files[r.file].mask & rbit != 0)
            .copied();
        let first = decl(&defs[0]);
        let mut messages: Vec<String> = Vec::new();
        let mut missing_fields = Vec::new();
        let refusing = |r: &DefRef| refusals.get(&(r.file, r.decl));
        let status = match (dt, dr) {
            (None, None) => continue,
            (None, Some(_)) => Status::Missing,
            (Some(_), None) => Status::WindowsOnly,
            (Some(t), Some(r)) => {
                let same = t.file == r.file && t.decl == r.decl;
                let dtd = decl(&t);
                let body = dtd.body.as_ref().map(|b| b.kind);
                let guarded = refusing(&t).is_some();
                if guarded {
                    for m in refusing(&t).into_iter().flatten().flatten() {
                        if !messages.contains(m) {
                            messages.push(m.clone());
                        }
                    }
                }
                if same {
                    if guarded {
                        Status::Guarded
                    } else {
                        Status::Portable
                    }
                } else {
                    if let (Some(tf), Some(rf)) = (&dtd.fields, &decl(&r).fields) {
                        missing_fields = rf.iter().filter(|f| !tf.contains(f)).cloned().collect();
                    }
                    match body {
                        Some(BodyKind::Empty | BodyKind::Zero) => {
                            messages.clear();
                            Status::Stub
                        }
                        Some(BodyKind::Error | BodyKind::Panic) => {
                            messages = dtd
                                .body
                                .as_ref()
                                .and_then(|b| b.message.clone())
                                .into_iter()
                                .collect();
                            Status::Unsupported
                        }
                        _ if guarded => Status::Guarded,
                        _ => Status::Native,
                    }
                }
            }
        };
        let definitions = defs
            .iter()
            .map(|r| {
                let d = decl(r);
                Definition {
                    file: files[r.file].rel.clone(),
                    line: d.line,
                    platforms: platform_names(cfg, files[r.file].mask),
                    body: d.body.as_ref().map(|b| b.kind.as_str().to_string()),
                }
            })
            .collect();
        let dir = files[defs[0].file].dir().to_string();
        packages
            .entry((dir.clone(), pkg.clone()))
            .or_default()
            .add(status);
        total.add(status);
        out_apis.push(Api {
            id,
            package_dir: dir,
            package: pkg,
            receiver: first.receiver.clone(),
            name: first.name.clone(),
            kind: first.kind.as_str().to_string(),
            exported: first.name.chars().next().is_some_and(char::is_uppercase),
            status,
            definitions,
            messages,
            missing_fields,
        });
    }

    // Packages: built on target when any of their non-test files is.
    let mut on_target: std::collections::BTreeSet<(&str, &str)> = std::collections::BTreeSet::new();
    for f in files {
        if let (false, Some(p), true) = (f.test, &f.package, f.mask & tbit != 0) {
            on_target.insert((f.dir(), p.as_str()));
        }
    }
    let packages = packages
        .into_iter()
        .map(|((dir, name), by_status)| {
            let built_on_target = on_target.contains(&(dir.as_str(), name.as_str()));
            PackageSummary {
                apis: by_status.total(),
                parity: by_status.parity(),
                package_dir: dir,
                package: name,
                by_status,
                built_on_target,
            }
        })
        .collect();

    let file_entries: Vec<FileEntry> = files
        .iter()
        .map(|f| FileEntry {
            path: f.rel.clone(),
            package: f.package.clone(),
            test: f.test,
            platforms: platform_names(cfg, f.mask),
            error: f.error.clone(),
        })
        .collect();
    let mut notes = input.notes;
    for f in files {
        if let Some(e) = &f.error {
            notes.push(format!("{}: {e}", f.rel));
        }
        if f.facts.as_ref().is_some_and(|x| x.syntax_error) {
            notes.push(format!(
                "{}: syntax errors (the file is not valid Go; read as far as possible)",
                f.rel
            ));
        }
    }
    Report {
        schema_version: 1,
        tool: Tool {
            name: "winparity".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        },
        source: input.source,
        platforms: cfg.platforms().map(|p| p.name.clone()).collect(),
        go: input.go,
        tags: input.tags,
        cgo: cfg.cgo,
        target: cfg.contexts[cfg.target].platform.name.clone(),
        reference: cfg.contexts[cfg.reference].platform.name.clone(),
        summary: Summary {
            apis: total.total(),
            parity: total.parity(),
            by_status: total,
            files: files.len(),
            files_with_errors: files.iter().filter(|f| f.error.is_some()).count(),
            guards: guard_counts,
        },
        packages,
        files: file_entries,
        apis: out_apis,
        guards,
        notes,
    }
}

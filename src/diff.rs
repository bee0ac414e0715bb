//! Comparing two reports: which APIs gained or lost Windows support, and the gate.
//!
//! `changed`, `added` and `removed` agree exactly with the two reports' `apis` (sorted by id).
//! Worse means further down: portable, native, windows-only > guarded > stub, unsupported >
//! missing.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::config::{FailOn, Suppression};
use crate::report::{Api, Report, Source, Status};

/// How well an API works on the target: higher is better.
pub fn rank(s: Status) -> u8 {
    match s {
        Status::Portable | Status::Native | Status::WindowsOnly => 3,
        Status::Guarded => 2,
        Status::Stub | Status::Unsupported => 1,
        Status::Missing => 0,
    }
}

/// Whether a status is a gap (counts against parity).
pub fn is_gap(s: Status) -> bool {
    s.in_parity() && !s.works()
}

/// An API whose status changed.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Changed {
    /// The API id.
    pub id: String,
    /// Status before.
    pub from: Status,
    /// Status after.
    pub to: Status,
    /// The target's definition (or first) after the change, `file:line`.
    #[serde(rename = "where")]
    pub location: Option<String>,
    /// The accepted-gap reason, when a suppression covers it.
    pub suppressed: Option<String>,
}

/// An API added or removed.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Listed {
    /// The API id.
    pub id: String,
    /// Its status (after for added, before for removed).
    pub status: Status,
    /// `file:line` of its target (or first) definition.
    #[serde(rename = "where")]
    pub location: Option<String>,
    /// The accepted-gap reason, when a suppression covers it.
    pub suppressed: Option<String>,
}

/// Parity of one package before and after.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct PackageChange {
    /// Directory.
    pub package_dir: String,
    /// Name.
    pub package: String,
    /// Parity before (null when absent or nothing counts).
    pub old_parity: Option<f64>,
    /// Parity after.
    pub new_parity: Option<f64>,
    /// APIs before.
    pub old_apis: usize,
    /// APIs after.
    pub new_apis: usize,
}

/// The summary of a diff.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct DiffSummary {
    /// Overall parity before.
    pub old_parity: Option<f64>,
    /// Overall parity after.
    pub new_parity: Option<f64>,
    /// APIs whose status got worse.
    pub worse: usize,
    /// APIs whose status got better.
    pub better: usize,
    /// Added APIs that are gaps.
    pub new_gaps: usize,
    /// Changes and additions covered by a suppression.
    pub suppressed: usize,
}

/// New and resolved messages.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Default)]
pub struct Messages {
    /// Messages in the new report only.
    pub new: Vec<String>,
    /// Messages in the old report only.
    pub resolved: Vec<String>,
}

/// The gate's verdict.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Gate {
    /// What trips it.
    pub fail_on: Vec<String>,
    /// Whether it tripped.
    pub tripped: bool,
    /// Why, one line per API that tripped it.
    pub reasons: Vec<String>,
}

/// The diff (schema_version 1).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Diff {
    /// Always 1.
    pub schema_version: u32,
    /// The old side.
    pub old: Source,
    /// The new side.
    pub new: Source,
    /// The summary.
    pub summary: DiffSummary,
    /// APIs whose status changed, by id.
    pub changed: Vec<Changed>,
    /// APIs only in the new report, by id.
    pub added: Vec<Listed>,
    /// APIs only in the old report, by id.
    pub removed: Vec<Listed>,
    /// Packages whose parity or API count changed.
    pub packages: Vec<PackageChange>,
    /// New and resolved messages.
    pub messages: Messages,
    /// The gate.
    pub gate: Gate,
}

fn suppressed(sup: &[Suppression], a: &Api) -> Option<String> {
    sup.iter()
        .find(|s| s.covers(&a.id, &a.package_dir))
        .map(|s| format!("{} ({})", s.reason, s.pattern))
}

fn messages_of(r: &Report) -> BTreeSet<&str> {
    r.apis
        .iter()
        .flat_map(|a| a.messages.iter().map(String::as_str))
        .collect()
}

/// Compares two reports.
pub fn diff(old: &Report, new: &Report, fail_on: FailOn, sup: &[Suppression]) -> Diff {
    let olds: BTreeMap<&str, &Api> = old.apis.iter().map(|a| (a.id.as_str(), a)).collect();
    let news: BTreeMap<&str, &Api> = new.apis.iter().map(|a| (a.id.as_str(), a)).collect();
    let mut changed = Vec::new();
    let mut added = Vec::new();
    let mut removed = Vec::new();
    for (id, a) in &news {
        match olds.get(id) {
            Some(o) if o.status != a.status => changed.push(Changed {
                id: id.to_string(),
                from: o.status,
                to: a.status,
                location: new.location(a),
                suppressed: suppressed(sup, a),
            }),
            Some(_) => {}
            None => added.push(Listed {
                id: id.to_string(),
                status: a.status,
                location: new.location(a),
                suppressed: suppressed(sup, a),
            }),
        }
    }
    for (id, o) in &olds {
        if !news.contains_key(id) {
            removed.push(Listed {
                id: id.to_string(),
                status: o.status,
                location: old.location(o),
                suppressed: None,
            });
        }
    }

    let mut reasons = Vec::new();
    let mut n_suppressed = 0;
    for c in &changed {
        if rank(c.to) < rank(c.from) {
            if c.suppressed.is_some() {
                n_suppressed += 1;
            } else if fail_on.worse {
                reasons.push(format!("{}: {} → {}", c.id, c.from.as_str(), c.to.as_str()));
            }
        }
    }
    for a in &added {
        if is_gap(a.status) {
            if a.suppressed.is_some() {
                n_suppressed += 1;
            } else if fail_on.new_gaps {
                reasons.push(format!("{}: new, {}", a.id, a.status.as_str()));
            }
        }
    }

    // Packages whose parity or size changed.
    let pk = |r: &Report| -> BTreeMap<(String, String), (Option<f64>, usize)> {
        r.packages
            .iter()
            .map(|p| {
                (
                    (p.package_dir.clone(), p.package.clone()),
                    (p.parity, p.apis),
                )
            })
            .collect()
    };
    let (op, np) = (pk(old), pk(new));
    let keys: BTreeSet<&(String, String)> = op.keys().chain(np.keys()).collect();
    let packages = keys
        .into_iter()
        .filter_map(|k| {
            let (o, n) = (op.get(k).copied(), np.get(k).copied());
            let (old_parity, old_apis) = o.unwrap_or((None, 0));
            let (new_parity, new_apis) = n.unwrap_or((None, 0));
            (old_parity != new_parity || old_apis != new_apis).then(|| PackageChange {
                package_dir: k.0.clone(),
                package: k.1.clone(),
                old_parity,
                new_parity,
                old_apis,
                new_apis,
            })
        })
        .collect();

    let (om, nm) = (messages_of(old), messages_of(new));
    let messages = Messages {
        new: nm.difference(&om).map(|s| s.to_string()).collect(),
        resolved: om.difference(&nm).map(|s| s.to_string()).collect(),
    };
    Diff {
        schema_version: 1,
        old: old.source.clone(),
        new: new.source.clone(),
        summary: DiffSummary {
            old_parity: old.summary.parity,
            new_parity: new.summary.parity,
            worse: changed.iter().filter(|c| rank(c.to) < rank(c.from)).count(),
            better: changed.iter().filter(|c| rank(c.to) > rank(c.from)).count(),
            new_gaps: added.iter().filter(|a| is_gap(a.status)).count(),
            suppressed: n_suppressed,
        },
        changed,
        added,
        removed,
        packages,
        messages,
        gate: Gate {
            fail_on: fail_on.words().iter().map(|s| s.to_string()).collect(),
            tripped: !reasons.is_empty(),
            reasons,
        },
    }
}

impl Diff {
    /// Compact JSON with a trailing newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string(self).expect("a diff always serializes");
        s.push('\n');
        s
    }
}

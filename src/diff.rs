//! Comparing two reports: which APIs gained or lost Windows support, and the gate.
//!
//! `changed`, `added` and `removed` agree exactly with the two reports' `apis` (sorted by id).
//! Worse means further down: portable, native, windows-only, linux-internal > guarded > stub,
//! unsupported > missing.
//!
//! An API removed in one place and added in another with the same receiver, name, kind,
//! status, body kinds and messages is *moved*: listed as such (it stays in `added` and
//! `removed`), and no new gap. APIs of test-support packages (docs/RULES.md §6) do not trip the
//! gate unless asked.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::config::{FailOn, Suppression};
use crate::model::{Api, EntryStatus, Report, Source, Status};

/// How well an API works on the target: higher is better.
pub fn rank(s: Status) -> u8 {
    match s {
        Status::Portable | Status::Native | Status::WindowsOnly | Status::LinuxInternal => 3,
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
    /// In a test-support package (after the change).
    #[serde(default)]
    pub test_support: bool,
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
    /// In a test-support package (of its side).
    #[serde(default)]
    pub test_support: bool,
    /// Its other place, when it moved: for an added API the id it had, for a removed one the
    /// id it has now.
    #[serde(default)]
    pub moved: Option<String>,
}

/// An API that moved: removed at `from`, added at `to`, otherwise the same.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Moved {
    /// The id before.
    pub from: String,
    /// The id after.
    pub to: String,
    /// Its status, on both sides.
    pub status: Status,
    /// `file:line` of its target (or first) definition after the move.
    #[serde(rename = "where")]
    pub location: Option<String>,
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
    /// Added APIs that are gaps (moved ones are not).
    pub new_gaps: usize,
    /// APIs that moved.
    #[serde(default)]
    pub moved: usize,
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

/// An entry point whose status or reached gaps changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryChange {
    /// Its kind.
    pub kind: String,
    /// Its name.
    pub name: String,
    /// Its status before (`null`: it is new).
    pub old_status: Option<EntryStatus>,
    /// Its status after (`null`: it is gone).
    pub new_status: Option<EntryStatus>,
    /// Gaps it reaches now and did not.
    pub gained: Vec<String>,
    /// Gaps it reached and does not now.
    pub lost: Vec<String>,
}

/// The entry points whose status or reached gaps changed, by kind and name.
fn entry_changes(old: &Report, new: &Report) -> Vec<EntryChange> {
    type Side<'a> = BTreeMap<(&'a str, &'a str), (EntryStatus, BTreeSet<&'a str>)>;
    fn side(r: &Report) -> Side<'_> {
        r.entry_points
            .iter()
            .map(|e| {
                (
                    (e.kind.as_str(), e.name.as_str()),
                    (e.status, e.reaches.iter().map(|x| x.api.as_str()).collect()),
                )
            })
            .collect()
    }
    let (o, n) = (side(old), side(new));
    let empty = BTreeSet::new();
    let keys: BTreeSet<&(&str, &str)> = o.keys().chain(n.keys()).collect();
    keys.into_iter()
        .filter_map(|k| {
            let (os, og) = o.get(k).map_or((None, &empty), |(s, g)| (Some(*s), g));
            let (ns, ng) = n.get(k).map_or((None, &empty), |(s, g)| (Some(*s), g));
            (os != ns || og != ng).then(|| EntryChange {
                kind: k.0.to_string(),
                name: k.1.to_string(),
                old_status: os,
                new_status: ns,
                gained: ng.difference(og).map(|s| s.to_string()).collect(),
                lost: og.difference(ng).map(|s| s.to_string()).collect(),
            })
        })
        .collect()
}

/// The gate's verdict.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Gate {
    /// What trips it.
    pub fail_on: Vec<String>,
    /// Whether test-support packages gate too.
    #[serde(default)]
    pub test_support: bool,
    /// Whether it tripped.
    pub tripped: bool,
    /// Why, one line per API that tripped it.
    pub reasons: Vec<String>,
}

/// The diff (schema_version 2).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Diff {
    /// `SCHEMA_VERSION`.
    pub schema_version: u32,
    /// The old side.
    pub old: Source,
    /// The new side.
    pub new: Source,
    /// The platform compared (the new side's).
    #[serde(default = "default_target")]
    pub target: String,
    /// The summary.
    pub summary: DiffSummary,
    /// APIs whose status changed, by id.
    pub changed: Vec<Changed>,
    /// APIs only in the new report, by id.
    pub added: Vec<Listed>,
    /// APIs only in the old report, by id.
    pub removed: Vec<Listed>,
    /// APIs removed in one place and added in another, otherwise the same, by the id before.
    #[serde(default)]
    pub moved: Vec<Moved>,
    /// Packages whose parity or API count changed.
    pub packages: Vec<PackageChange>,
    /// New and resolved messages.
    pub messages: Messages,
    /// Build breaks the new side has and the old did not (by file and name).
    #[serde(default)]
    pub breaks: Vec<crate::model::Break>,
    /// Entry points whose status or reached gaps changed (docs/RULES.md §8).
    #[serde(default)]
    pub entry_points: Vec<EntryChange>,
    /// The gate.
    pub gate: Gate,
}

fn suppressed(sup: &[Suppression], a: &Api) -> Option<String> {
    sup.iter()
        .find(|s| s.covers(&a.id, &a.package_dir))
        .map(|s| format!("{} ({})", s.reason, s.pattern))
}

fn default_target() -> String {
    "windows".to_string()
}

/// A change the gate counts as worse (suppressed or not): a status further down, outside
/// test-support packages unless they gate.
fn gates_worse(c: &Changed, test_support_gates: bool) -> bool {
    rank(c.to) < rank(c.from) && (test_support_gates || !c.test_support)
}

/// An addition the gate counts as a new gap (suppressed or not): a gap that did not move here,
/// outside test-support packages unless they gate.
fn gates_new_gap(a: &Listed, test_support_gates: bool) -> bool {
    is_gap(a.status) && a.moved.is_none() && (test_support_gates || !a.test_support)
}

/// What must be equal for a removed API and an added one to be one API that moved: receiver,
/// name, kind, status, the body kind on each platform, the messages.
type MoveKey<'a> = (
    &'a str,
    &'a str,
    crate::model::DeclKind,
    Status,
    Vec<(Vec<String>, Option<crate::model::BodyKind>)>,
    &'a [String],
);

fn move_key(a: &Api) -> MoveKey<'_> {
    let mut bodies: Vec<(Vec<String>, Option<crate::model::BodyKind>)> = a
        .definitions
        .iter()
        .map(|d| (d.platforms.to_vec(), d.body))
        .collect();
    bodies.sort();
    (&a.receiver, &a.name, a.kind, a.status, bodies, &a.messages)
}

/// Pairs removed APIs with added ones that are the same API elsewhere. A key with one removed
/// and one added API pairs them; where a key has several, the directory moves the unique pairs
/// show (old directory → new) decide, when they name one candidate.
fn find_moves<'a>(removed: &[&'a Api], added: &[&'a Api]) -> Vec<(&'a Api, &'a Api)> {
    let mut by_key: BTreeMap<MoveKey, (Vec<&Api>, Vec<&Api>)> = BTreeMap::new();
    for &r in removed {
        by_key.entry(move_key(r)).or_default().0.push(r);
    }
    for &a in added {
        if let Some(e) = by_key.get_mut(&move_key(a)) {
            e.1.push(a);
        }
    }
    let mut pairs = Vec::new();
    let mut dirs: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for (rs, ads) in by_key.values() {
        if let ([r], [a]) = (&rs[..], &ads[..]) {
            pairs.push((*r, *a));
            *dirs.entry((&*r.package_dir, &*a.package_dir)).or_default() += 1;
        }
    }
    for (rs, ads) in by_key.values() {
        if (rs.len() < 2 && ads.len() < 2) || ads.is_empty() {
            continue;
        }
        let mut taken: BTreeSet<&str> = BTreeSet::new();
        for r in rs {
            let fits: Vec<&&Api> = ads
                .iter()
                .filter(|a| {
                    !taken.contains(a.id.as_str())
                        && dirs.contains_key(&(&*r.package_dir, &*a.package_dir))
                })
                .collect();
            if let [a] = fits[..] {
                taken.insert(&a.id);
                pairs.push((*r, *a));
            }
        }
    }
    pairs.sort_by(|x, y| x.0.id.cmp(&y.0.id));
    pairs
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
    let (old_support, new_support) = (old.test_support_dirs(), new.test_support_dirs());
    let only_old: Vec<&Api> = olds
        .iter()
        .filter(|(id, _)| !news.contains_key(*id))
        .map(|(_, a)| *a)
        .collect();
    let only_new: Vec<&Api> = news
        .iter()
        .filter(|(id, _)| !olds.contains_key(*id))
        .map(|(_, a)| *a)
        .collect();
    let pairs = find_moves(&only_old, &only_new);
    let moved_to: BTreeMap<&str, &str> = pairs.iter().map(|(r, a)| (&*r.id, &*a.id)).collect();
    let moved_from: BTreeMap<&str, &str> = pairs.iter().map(|(r, a)| (&*a.id, &*r.id)).collect();
    let mut changed = Vec::new();
    let mut added = Vec::new();
    for (id, a) in &news {
        let test_support = new_support.contains(&*a.package_dir);
        match olds.get(id) {
            Some(o) if o.status != a.status => changed.push(Changed {
                id: id.to_string(),
                from: o.status,
                to: a.status,
                location: new.location(a),
                suppressed: suppressed(sup, a),
                test_support,
            }),
            Some(_) => {}
            None => added.push(Listed {
                id: id.to_string(),
                status: a.status,
                location: new.location(a),
                suppressed: suppressed(sup, a),
                test_support,
                moved: moved_from.get(id).map(|s| s.to_string()),
            }),
        }
    }
    let removed: Vec<Listed> = only_old
        .iter()
        .map(|o| Listed {
            id: o.id.clone(),
            status: o.status,
            location: old.location(o),
            suppressed: None,
            test_support: old_support.contains(&*o.package_dir),
            moved: moved_to.get(o.id.as_str()).map(|s| s.to_string()),
        })
        .collect();
    let moved: Vec<Moved> = pairs
        .iter()
        .map(|(r, a)| Moved {
            from: r.id.clone(),
            to: a.id.clone(),
            status: a.status,
            location: new.location(a),
        })
        .collect();

    let mut reasons = Vec::new();
    let mut n_suppressed = 0;
    for c in changed
        .iter()
        .filter(|c| gates_worse(c, fail_on.test_support))
    {
        if c.suppressed.is_some() {
            n_suppressed += 1;
        } else if fail_on.worse {
            reasons.push(format!("{}: {} → {}", c.id, c.from.as_str(), c.to.as_str()));
        }
    }
    for a in added
        .iter()
        .filter(|a| gates_new_gap(a, fail_on.test_support))
    {
        if a.suppressed.is_some() {
            n_suppressed += 1;
        } else if fail_on.new_gaps {
            reasons.push(format!("{}: new, {}", a.id, a.status.as_str()));
        }
    }

    // Build breaks new on this side (a line that moved is the same break).
    let old_breaks: BTreeSet<(&str, &str)> = old
        .breaks
        .iter()
        .map(|b| (b.file.as_str(), b.reference.as_str()))
        .collect();
    let breaks: Vec<crate::model::Break> = new
        .breaks
        .iter()
        .filter(|b| !old_breaks.contains(&(b.file.as_str(), b.reference.as_str())))
        .cloned()
        .collect();
    if fail_on.worse || fail_on.new_gaps {
        for b in &breaks {
            reasons.push(format!(
                "{}:{}: {} is declared on no file built on {} (build break)",
                b.file, b.line, b.reference, b.platform
            ));
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
        schema_version: crate::model::SCHEMA_VERSION,
        old: old.source.clone(),
        new: new.source.clone(),
        target: new.target.clone(),
        summary: DiffSummary {
            old_parity: old.summary.parity,
            new_parity: new.summary.parity,
            worse: changed.iter().filter(|c| rank(c.to) < rank(c.from)).count(),
            better: changed.iter().filter(|c| rank(c.to) > rank(c.from)).count(),
            new_gaps: added
                .iter()
                .filter(|a| is_gap(a.status) && a.moved.is_none())
                .count(),
            moved: moved.len(),
            suppressed: n_suppressed,
        },
        changed,
        added,
        removed,
        moved,
        packages,
        messages,
        breaks,
        entry_points: entry_changes(old, new),
        gate: Gate {
            fail_on: fail_on.words().iter().map(|s| s.to_string()).collect(),
            test_support: fail_on.test_support,
            tripped: !reasons.is_empty(),
            reasons,
        },
    }
}

impl Diff {
    /// The ids of what the change made worse, as the gate sees it: statuses that got worse and
    /// new gaps (not moved), unsuppressed, outside test-support packages unless they gate.
    pub fn made_worse(&self) -> std::collections::HashSet<&str> {
        let ts = self.gate.test_support;
        self.changed
            .iter()
            .filter(|c| c.suppressed.is_none() && gates_worse(c, ts))
            .map(|c| c.id.as_str())
            .chain(
                self.added
                    .iter()
                    .filter(|a| a.suppressed.is_none() && gates_new_gap(a, ts))
                    .map(|a| a.id.as_str()),
            )
            .collect()
    }

    /// Compact JSON with a trailing newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string(self).expect("a diff always serializes");
        s.push('\n');
        s
    }
}

/// Marks the gaps of `report` that a suppression covers (`report.suppressed`, by id).
pub fn apply_suppressions(report: &mut Report, sup: &[Suppression]) {
    report.suppressed = report
        .apis
        .iter()
        .filter(|a| is_gap(a.status))
        .filter_map(|a| {
            let s = sup.iter().find(|s| s.covers(&a.id, &a.package_dir))?;
            Some(crate::model::SuppressedApi {
                id: a.id.clone(),
                reason: s.reason.clone(),
                pattern: s.pattern.clone(),
            })
        })
        .collect();
}

/// Compares `report` with a baseline report: its gaps new since then are what the diff gate
/// would trip on (`Diff::made_worse`), the others are known (`report.baseline`).
pub fn apply_baseline(
    report: &mut Report,
    baseline: &Report,
    name: &str,
    fail_on: FailOn,
    sup: &[Suppression],
) {
    // Every kind of worse counts as new, whatever the gate's conditions.
    let all = FailOn {
        worse: true,
        new_gaps: true,
        test_support: fail_on.test_support,
    };
    let d = diff(baseline, report, all, sup);
    let mut new: Vec<String> = d.made_worse().into_iter().map(str::to_string).collect();
    new.sort();
    let known = report
        .apis
        .iter()
        .filter(|a| is_gap(a.status) && new.binary_search(&a.id).is_err())
        .count();
    report.baseline = Some(crate::model::Baseline {
        report: name.to_string(),
        new,
        known,
    });
}

/// The scan gate (`scan --fail-on`): the gaps of the statuses named, unsuppressed, new since
/// the baseline when there is one, outside test-support packages unless they gate; as
/// `id: status` lines.
pub fn scan_gate(report: &Report, statuses: &[Status], test_support: bool) -> Vec<String> {
    let support = report.test_support_dirs();
    report
        .apis
        .iter()
        .filter(|a| {
            statuses.contains(&a.status)
                && report.suppression(&a.id).is_none()
                && report.is_new(&a.id)
                && (test_support || !support.contains(&*a.package_dir))
        })
        .map(|a| format!("{}: {}", a.id, a.status.as_str()))
        .collect()
}

/// Parses `scan --fail-on`: gap statuses (`guarded`, `stub`, `unsupported`, `missing`), `gaps`
/// for all four, or `never`.
pub fn parse_scan_fail_on(words: &[String]) -> Result<Vec<Status>, crate::config::FailOnError> {
    use crate::config::FailOnError;
    let mut out: Vec<Status> = Vec::new();
    for w in words {
        match w.as_str() {
            "never" if words.len() == 1 => {}
            "never" => return Err(FailOnError::NeverCombined),
            "gaps" => out.extend(Status::ALL.iter().filter(|s| is_gap(**s))),
            other => match Status::ALL.iter().find(|s| s.as_str() == other) {
                Some(s) if is_gap(*s) => out.push(*s),
                _ => {
                    return Err(FailOnError::Unknown {
                        word: other.to_string(),
                        expected: "gaps, guarded, stub, unsupported, missing or never",
                    });
                }
            },
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

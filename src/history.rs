//! Windows parity across a project's history: many revisions scanned with one cache of blob
//! facts (every distinct blob is read and parsed once), their summaries, and the revisions
//! where each gap opened and closed.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::diff::is_gap;
use crate::model::{Report, Status, Summary};

/// One revision of the history.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Revision {
    /// The revision as named (a tag).
    pub rev: String,
    /// The commit it resolved to.
    pub commit: String,
    /// The commit's date (UTC, `YYYY-MM-DD`).
    pub date: String,
    /// The scan's summary.
    pub summary: Summary,
    /// Gaps opened at this revision (compared with the previous one).
    pub opened: usize,
    /// Gaps closed at this revision.
    pub closed: usize,
}

/// An API whose status changed between two consecutive revisions, where either side is a gap.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Change {
    /// The API id.
    pub id: String,
    /// Status at the previous revision (null: the API did not exist).
    pub from: Option<Status>,
    /// Status at this revision (null: the API no longer exists).
    pub to: Option<Status>,
    /// The revision where the change is first seen.
    pub rev: String,
}

/// The history (schema_version 2).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct History {
    /// `SCHEMA_VERSION`.
    pub schema_version: u32,
    /// The platform compared (its gaps are the ones counted).
    #[serde(default = "default_target")]
    pub target: String,
    /// Revisions, oldest first.
    pub revisions: Vec<Revision>,
    /// Gap changes, by revision then id.
    pub changes: Vec<Change>,
}

fn default_target() -> String {
    "windows".to_string()
}

/// Builds the history from the reports of consecutive revisions (oldest first), each with its
/// commit date.
pub struct Builder {
    revisions: Vec<Revision>,
    changes: Vec<Change>,
    previous: Option<BTreeMap<String, Status>>,
    target: Option<String>,
}

impl Default for Builder {
    fn default() -> Self {
        Self::new()
    }
}

impl Builder {
    /// An empty history.
    pub fn new() -> Builder {
        Builder {
            revisions: Vec::new(),
            changes: Vec::new(),
            previous: None,
            target: None,
        }
    }

    /// Adds the next revision's report; only its statuses are kept.
    pub fn push(&mut self, rev: &str, date: String, report: &Report) {
        self.target.get_or_insert_with(|| report.target.clone());
        let now: BTreeMap<String, Status> = report
            .apis
            .iter()
            .map(|a| (a.id.clone(), a.status))
            .collect();
        let (mut opened, mut closed) = (0, 0);
        if let Some(before) = &self.previous {
            let mut ids: Vec<&String> = before.keys().chain(now.keys()).collect();
            ids.sort();
            ids.dedup();
            for id in ids {
                let (from, to) = (before.get(id).copied(), now.get(id).copied());
                if from == to {
                    continue;
                }
                let gap_before = from.is_some_and(is_gap);
                let gap_after = to.is_some_and(is_gap);
                if !gap_before && !gap_after {
                    continue;
                }
                if gap_after && !gap_before {
                    opened += 1;
                }
                if gap_before && !gap_after {
                    closed += 1;
                }
                self.changes.push(Change {
                    id: id.clone(),
                    from,
                    to,
                    rev: rev.to_string(),
                });
            }
        }
        self.revisions.push(Revision {
            rev: rev.to_string(),
            commit: report.source.commit.clone().unwrap_or_default(),
            date,
            summary: report.summary.clone(),
            opened,
            closed,
        });
        self.previous = Some(now);
    }

    /// The finished history.
    pub fn finish(self) -> History {
        History {
            schema_version: crate::model::SCHEMA_VERSION,
            target: self.target.unwrap_or_else(default_target),
            revisions: self.revisions,
            changes: self.changes,
        }
    }
}

/// A release version read from a tag: `v17.06.0-ce` → (17, 6, 0, "-ce").
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version {
    /// Numbers of the version, as many as written (up to three).
    pub numbers: [u64; 3],
    /// Whether it is a pre-release (`-rc1`, `-beta.2`, `-alpha`, `-tp`).
    pub pre: bool,
    /// The rest, for ordering pre-releases.
    pub suffix: String,
    /// Written after a product's name (`docker-v29.1.0`).
    pub prefixed: bool,
}

/// Reads a release tag (`v1.12.0`, `v17.06.0-ce`, `v28.0.0-rc.1`, `1.2`, and a product's
/// `NAME-vX.Y…` as moby tags its releases since 29: `docker-v29.1.0`); None when it is not one.
/// A tag with a `/` before its version is a Go submodule's (`api/v1.52.0`, `client/v0.1.0`):
/// another module's version, no release of the tree. A prefixed tag needs two numbers (`docs-v1` is none).
pub fn parse_version(tag: &str) -> Option<Version> {
    let lead = tag.find(|c: char| c.is_ascii_digit()).unwrap_or(tag.len());
    if tag[..lead].contains('/') {
        return None;
    }
    let (t, prefixed) = match tag.split_once("-v") {
        Some((name, rest))
            if name.starts_with(|c: char| c.is_ascii_alphabetic())
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && rest.starts_with(|c: char| c.is_ascii_digit()) =>
        {
            (rest, true)
        }
        _ => (tag.strip_prefix('v').unwrap_or(tag), false),
    };
    let two_numbers = t
        .split('.')
        .take(2)
        .filter(|p| p.starts_with(|c: char| c.is_ascii_digit()))
        .count()
        == 2;
    if prefixed && !two_numbers {
        return None;
    }
    let end = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (nums, suffix) = t.split_at(end);
    let parts: Vec<&str> = nums.trim_end_matches('.').split('.').collect();
    if parts.is_empty() || parts.len() > 3 || parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    let mut numbers = [0u64; 3];
    for (i, p) in parts.iter().enumerate() {
        numbers[i] = p.parse().ok()?;
    }
    let lower = suffix.to_ascii_lowercase();
    let pre = ["rc", "beta", "alpha", "tp", "pre", "dev"]
        .iter()
        .any(|w| lower.contains(w));
    Some(Version {
        numbers,
        pre,
        suffix: suffix.to_string(),
        prefixed,
    })
}

/// Orders versions: by number, a pre-release before its release.
pub fn version_order(a: &Version, b: &Version) -> std::cmp::Ordering {
    a.numbers
        .cmp(&b.numbers)
        .then(b.pre.cmp(&a.pre))
        .then(a.suffix.cmp(&b.suffix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn release_tags_sort_as_versions() {
        let mut tags = vec![
            "v17.06.0-ce",
            "v1.12.0",
            "v28.0.0",
            "v1.9.1",
            "v17.06.0-ce-rc1",
            "v20.10.24",
            "v20.10.3",
            "docs-v1",
            "v23.0",
            "docker-v29.1.0",
            "docker-v29.0.0-rc.1",
            "api/v1.52.0",
            "client/v0.1.0",
        ];
        tags.retain(|t| parse_version(t).is_some());
        tags.sort_by(|a, b| version_order(&parse_version(a).unwrap(), &parse_version(b).unwrap()));
        assert_eq!(
            tags,
            [
                "v1.9.1",
                "v1.12.0",
                "v17.06.0-ce-rc1",
                "v17.06.0-ce",
                "v20.10.3",
                "v20.10.24",
                "v23.0",
                "v28.0.0",
                "docker-v29.0.0-rc.1",
                "docker-v29.1.0"
            ]
        );
        assert!(parse_version("docker-v29.0.0-rc.1").unwrap().pre);
        assert!(parse_version("docker-v29").is_none());
        assert!(parse_version("v17.06.0-ce-rc1").unwrap().pre);
        assert!(!parse_version("v17.06.0-ce").unwrap().pre);
        assert!(parse_version("v28.0.0-beta.2").unwrap().pre);
        assert!(parse_version("release").is_none());
    }
}

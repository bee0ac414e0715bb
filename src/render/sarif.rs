//! SARIF 2.1.0 for GitHub code scanning, and GitHub annotations — two views of one list of
//! findings: stubs, unsupported APIs, guarded refusals (at the guard), packages not built on
//! the target at all, and refusals inside the target's own definitions (at the condition).
//!
//! The findings are made from the [`View`]'s catalogue; a new kind of finding is a
//! [`RuleKind`], its [`Rule`] in [`RULES`] (same order), and the lines of [`findings`] that
//! make it.

use serde_json::{Value, json};

use super::escape::{github_data, github_property};
use super::view::View;
use crate::model::{Effect, Status};

/// What kind of finding, one per rule of [`RULES`] (in its order).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum RuleKind {
    /// `winparity/stub`.
    Stub,
    /// `winparity/unsupported`.
    Unsupported,
    /// `winparity/guard-refusal`.
    GuardRefusal,
    /// `winparity/missing-package`.
    MissingPackage,
    /// `winparity/refused-input`.
    RefusedInput,
    /// `winparity/build-break`.
    BuildBreak,
}

impl RuleKind {
    /// Its rule.
    pub fn rule(self) -> &'static Rule {
        &RULES[self.index()]
    }

    /// Its index in the run's rules (`ruleIndex`).
    pub fn index(self) -> usize {
        self as usize
    }
}

/// One finding, whatever the format that shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// Its rule.
    pub rule: RuleKind,
    /// Path relative to the scanned root.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// What a reader sees.
    pub message: String,
    /// A stable key across runs (the API id, or the package directory).
    pub key: String,
    /// The API it is about, if one.
    pub api: Option<String>,
}

/// A rule: id, name, where its rule book section is, and its descriptions with `{T}` for the
/// target's name and `{R}` for the reference's (so that with `--target darwin` nothing says
/// Windows).
pub struct Rule {
    /// Stable id: `winparity/` and the status words, kebab-case, no platform in it (as CodeQL's
    /// `go/sql-injection`).
    pub id: &'static str,
    /// PascalCase name.
    pub name: &'static str,
    /// The anchor of its section in docs/RULES.md.
    pub anchor: &'static str,
    /// One line.
    pub short: &'static str,
    /// What it means and what to do.
    pub full: &'static str,
    /// SARIF's level: `warning` for a gap, `error` for what stops the build.
    pub level: &'static str,
}

/// Where the rule book is published: docs/RULES.md in winparity's repository.
pub const RULES_URL: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/docs/RULES.md");

/// The rules, one per status or effect.
pub const RULES: [Rule; 6] = [
    Rule {
        id: "winparity/stub",
        name: "Stub",
        anchor: "5-statuses",
        short: "The {T} definition does nothing",
        full: "This API has its own {T} definition, and it does nothing: an empty body, or a body that returns only zero values (perhaps after a log call). Callers on {T} get no work done and no error.",
        level: "warning",
    },
    Rule {
        id: "winparity/unsupported",
        name: "Unsupported",
        anchor: "5-statuses",
        short: "The {T} definition only reports failure",
        full: "This API has its own {T} definition, and it only returns an error (or panics). The message is the project's own words for the gap.",
        level: "warning",
    },
    Rule {
        id: "winparity/guard-refusal",
        name: "GuardRefusal",
        anchor: "4-guards",
        short: "A runtime guard refuses part of the work on {T}",
        full: "A definition built on {T} branches on runtime.GOOS (or a platform flag: a package constant or variable true only on {T}) and returns an error or panics on {T}.",
        level: "warning",
    },
    Rule {
        id: "winparity/missing-package",
        name: "MissingPackage",
        anchor: "5-statuses",
        short: "The package is not built on {T} at all",
        full: "No file of this package builds on {T} (file-name suffixes and build constraints exclude it); every API of the package that a user on {T} could name is missing there.",
        level: "warning",
    },
    Rule {
        id: "winparity/refused-input",
        name: "RefusedInput",
        anchor: "4b-refusals-inside-a-definition-of-the-targets-own",
        short: "The {T} definition itself refuses some inputs",
        full: "This API has its own {T} definition, which works but refuses some inputs (an option, a mode) with an error in the words of a refusal (\"not supported\", \"does not support\", \"not implemented\", ...) that the {R} definition does not give. The condition names what is refused.",
        level: "warning",
    },
    Rule {
        id: "winparity/build-break",
        name: "BuildBreak",
        anchor: "9-build-breaks",
        short: "The {T} build breaks: a name is declared on no file built on {T}",
        full: "Code built on {T} names a package-level name that its package declares only in files built on other platforms ({R}'s, say). Go's compiler reports it as undefined when building for {T}: declare it for {T} too, or build the code that names it only where it is declared.",
        level: "error",
    },
];

impl Rule {
    /// A description with the platforms' names in.
    fn text(&self, text: &str, v: &View) -> String {
        text.replace("{T}", &v.platforms.target_title)
            .replace("{R}", &v.platforms.reference_title)
    }
}

/// The findings of a report, in a stable order (by rule, then location).
pub fn findings(v: &View) -> Vec<Finding> {
    let r = v.report;
    let mut out = Vec::new();
    for f in &v.findings {
        let (rule, what) = match f.api.status {
            Status::Stub => (RuleKind::Stub, "does nothing"),
            Status::Unsupported => (RuleKind::Unsupported, "only fails"),
            _ => continue,
        };
        let Some(d) = f.on_target else { continue };
        let name = &f.name;
        // Stubs and unsupported APIs always have a reference definition elsewhere.
        let mut message = match f.on_reference {
            Some(rd) => format!(
                "{name} {what} on {}; on {} it is defined at {}:{}.",
                r.target, r.reference, rd.file, rd.line
            ),
            None => format!("{name} {what} on {}.", r.target),
        };
        if !f.api.messages.is_empty() {
            message += &format!(" Message: \"{}\".", f.api.messages.join("\"; \""));
        }
        out.push(Finding {
            rule,
            file: d.file.to_string(),
            line: d.line,
            message,
            key: f.api.id.clone(),
            api: Some(f.api.id.clone()),
        });
    }
    for g in r
        .guards
        .iter()
        .filter(|g| g.effect == Effect::Refuses && g.api.as_deref().is_none_or(|a| r.is_new(a)))
    {
        let who = g.api.as_deref().unwrap_or("a package-level declaration");
        let mut message = format!("{who} refuses on {} when `{}`.", r.target, g.condition);
        if let Some(m) = &g.message {
            message += &format!(" Message: \"{m}\".");
        }
        out.push(Finding {
            rule: RuleKind::GuardRefusal,
            file: g.file.clone(),
            line: g.line,
            message,
            key: format!("{}|{}", who, g.condition),
            api: g.api.clone(),
        });
    }
    for x in r.refusals.iter().filter(|x| r.is_new(&x.api)) {
        let mut message = format!("{} refuses on {} when `{}`.", x.api, r.target, x.condition);
        if !x.fields.is_empty() {
            message += &format!(" Refused: {}.", x.fields.join(", "));
        }
        message += &format!(" Message: \"{}\".", x.message);
        out.push(Finding {
            rule: RuleKind::RefusedInput,
            file: x.file.clone(),
            line: x.line,
            message,
            key: format!("{}|{}", x.api, x.condition),
            api: Some(x.api.clone()),
        });
    }
    for b in &r.breaks {
        out.push(Finding {
            rule: RuleKind::BuildBreak,
            file: b.file.clone(),
            line: b.line,
            message: format!(
                "{} is declared on no file built on {}: the {} build breaks here.",
                b.reference, b.platform, b.platform
            ),
            key: format!("{}|{}", b.file, b.reference),
            api: None,
        });
    }
    // (With a baseline, only findings of APIs: a package is no new gap of its own.)
    if r.baseline.is_none() {
        for p in &v.absent {
            // Point at the package's first file that holds an API.
            let Some(file) = p.first_file else { continue };
            out.push(Finding {
                rule: RuleKind::MissingPackage,
                file: file.to_string(),
                line: 1,
                message: format!(
                    "Package {} ({} APIs) is not built on {} at all.",
                    p.package.package_dir, p.package.apis, r.target
                ),
                key: p.package.package_dir.clone(),
                api: None,
            });
        }
    }
    out.sort_by(|a, b| (a.rule, &a.file, a.line, &a.key).cmp(&(b.rule, &b.file, b.line, &b.key)));
    out
}

/// The SARIF 2.1.0 log.
pub fn render(v: &View) -> String {
    render_findings(v, findings(v))
}

/// The findings a change brought (for `diff`): those of `new` that name an API whose status got
/// worse or that appeared as a gap (`ids`, suppressions already left out), and packages not
/// built on the target in `new` that were built there (or absent) in `old`.
pub fn new_findings(
    old: &crate::model::Report,
    new: &View,
    ids: &std::collections::HashSet<&str>,
) -> Vec<Finding> {
    let was_unbuilt: std::collections::HashSet<&str> = old
        .packages
        .iter()
        .filter(|p| !p.built_on_target)
        .map(|p| &*p.package_dir)
        .collect();
    let old_breaks: std::collections::HashSet<String> = old
        .breaks
        .iter()
        .map(|b| format!("{}|{}", b.file, b.reference))
        .collect();
    findings(new)
        .into_iter()
        .filter(|f| {
            if f.rule == RuleKind::MissingPackage {
                !was_unbuilt.contains(f.key.as_str())
            } else if f.rule == RuleKind::BuildBreak {
                !old_breaks.contains(&f.key)
            } else {
                ids.contains(f.key.as_str())
            }
        })
        .collect()
}

/// SARIF of these findings of the report `v` views.
pub fn render_findings(v: &View, found: Vec<Finding>) -> String {
    let r = v.report;
    let rules: Vec<Value> = RULES
        .iter()
        .map(|rule| {
            let full = rule.text(rule.full, v);
            json!({
                "id": rule.id,
                "name": rule.name,
                "shortDescription": {"text": rule.text(rule.short, v)},
                "fullDescription": {"text": full},
                "help": {"text": format!("{full} docs/RULES.md of winparity says how it is decided.")},
                "helpUri": format!("{RULES_URL}#{}", rule.anchor),
                "defaultConfiguration": {"level": rule.level},
                "properties": {"tags": [r.target.split('/').next().unwrap_or(&r.target), "portability"]}
            })
        })
        .collect();
    let results: Vec<Value> = found
        .into_iter()
        .map(|f| {
            let mut result = json!({
                "ruleId": f.rule.rule().id,
                "ruleIndex": f.rule.index(),
                "level": f.rule.rule().level,
                "message": {"text": f.message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": f.file, "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": f.line}
                    }
                }],
                "partialFingerprints": {"winparityKey/v1": f.key}
            });
            // An accepted gap is a suppressed result: the configuration, not the source, says
            // so (SARIF 2.1.0 §3.34: kind `external`).
            if let Some(s) = f.api.as_deref().and_then(|id| r.suppression(id)) {
                result["suppressions"] = json!([{
                    "kind": "external",
                    "status": "accepted",
                    "justification": format!("{} ({})", s.reason, s.pattern)
                }]);
            }
            if r.baseline.is_some() {
                result["baselineState"] = json!("new");
            }
            result
        })
        .collect();
    let mut run = json!({
        "tool": {"driver": {
            "name": "winparity",
            "version": r.tool.version,
            "informationUri": env!("CARGO_PKG_REPOSITORY"),
            "rules": rules
        }},
        "automationDetails": {"id": format!("winparity/{}-vs-{}/", r.target, r.reference)},
        "results": results,
        "properties": {"parity": r.summary.parity, "target": r.target, "reference": r.reference}
    });
    if let Some(c) = &r.source.commit {
        // versionControlProvenance would need the repository's URI, which winparity does not
        // know; the commit goes in the run's properties.
        run["properties"]["commit"] = json!(c);
    }
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [run]
    });
    let mut s = serde_json::to_string_pretty(&log).expect("SARIF always serializes");
    s.push('\n');
    s
}

/// GitHub Actions annotations: `::warning file=…,line=…,title=…::message`, one per finding.
pub fn github(v: &View) -> String {
    github_findings(v, findings(v))
}

/// GitHub annotations of these findings (none for an accepted gap: GitHub shows no
/// suppressed annotation).
pub fn github_findings(v: &View, found: Vec<Finding>) -> String {
    let r = v.report;
    found
        .into_iter()
        .filter(|f| {
            f.api
                .as_deref()
                .is_none_or(|id| r.suppression(id).is_none())
        })
        .map(|f| {
            format!(
                "::{} file={},line={},title={}::{}\n",
                f.rule.rule().level,
                github_property(&f.file),
                f.line,
                github_property(&format!(
                    "winparity: {}",
                    f.rule.rule().text(f.rule.rule().short, v)
                )),
                github_data(&f.message)
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each kind names its rule: the order of [`RULES`] is the order of [`RuleKind`].
    #[test]
    fn each_rule_kind_is_its_rule() {
        let kinds = [
            (RuleKind::Stub, "winparity/stub"),
            (RuleKind::Unsupported, "winparity/unsupported"),
            (RuleKind::GuardRefusal, "winparity/guard-refusal"),
            (RuleKind::MissingPackage, "winparity/missing-package"),
            (RuleKind::RefusedInput, "winparity/refused-input"),
            (RuleKind::BuildBreak, "winparity/build-break"),
        ];
        assert_eq!(kinds.len(), RULES.len());
        for (k, id) in kinds {
            assert_eq!(k.rule().id, id);
        }
    }
}

//! SARIF 2.1.0 for GitHub code scanning, and GitHub annotations — two views of one list of
//! findings: stubs, unsupported APIs, guarded refusals (at the guard), packages not built on
//! the target at all, and refusals inside the target's own definitions (at the condition).

use serde_json::{Value, json};

use super::{Report, Status};

/// One finding, whatever the format that shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// Index into [`RULES`].
    pub rule: usize,
    /// Path relative to the scanned root.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// What a reader sees.
    pub message: String,
    /// A stable key across runs (the API id, or the package directory).
    pub key: String,
}

/// A rule: id, name, short and full description.
pub struct Rule {
    /// Stable id.
    pub id: &'static str,
    /// PascalCase name.
    pub name: &'static str,
    /// One line.
    pub short: &'static str,
    /// What it means and what to do.
    pub full: &'static str,
}

/// The rules, one per status or effect.
pub const RULES: [Rule; 5] = [
    Rule {
        id: "windows-stub",
        name: "WindowsStub",
        short: "The Windows definition does nothing",
        full: "This API has its own Windows definition, and it does nothing: an empty body, or a body that returns only zero values (perhaps after a log call). Callers on Windows get no work done and no error.",
    },
    Rule {
        id: "windows-unsupported",
        name: "WindowsUnsupported",
        short: "The Windows definition only reports failure",
        full: "This API has its own Windows definition, and it only returns an error (or panics). The message is the project's own words for the gap.",
    },
    Rule {
        id: "windows-refusal",
        name: "WindowsRefusal",
        short: "A runtime guard refuses part of the work on Windows",
        full: "A definition built on Windows branches on runtime.GOOS (or a platform flag such as isWindows) and returns an error or panics on Windows.",
    },
    Rule {
        id: "windows-missing-package",
        name: "WindowsMissingPackage",
        short: "The package is not built on Windows at all",
        full: "No file of this package builds on Windows (file-name suffixes and build constraints exclude it); every API of the package is missing there.",
    },
    Rule {
        id: "windows-refused-input",
        name: "WindowsRefusedInput",
        short: "Windows' own definition refuses some inputs",
        full: "This API has its own Windows definition, which works but refuses some inputs (an option, a mode) with an error in the words of a refusal (\"not supported\", \"does not support\", \"not implemented\", ...) that the Linux definition does not give. The condition names what is refused.",
    },
];

/// The findings of a report, in a stable order (by rule, then location).
pub fn findings(r: &Report) -> Vec<Finding> {
    let mut out = Vec::new();
    for a in &r.apis {
        let target_def = a
            .definitions
            .iter()
            .find(|d| d.platforms.contains(&r.target));
        let (rule, what) = match a.status {
            Status::Stub => (0, "does nothing"),
            Status::Unsupported => (1, "only fails"),
            _ => continue,
        };
        let Some(d) = target_def else { continue };
        let name = super::table::display_name(a);
        // Stubs and unsupported APIs always have a reference definition elsewhere.
        let mut message = format!("{name} {what} on {}.", r.target);
        if let Some(rd) = a
            .definitions
            .iter()
            .find(|d| d.platforms.contains(&r.reference))
        {
            message = format!(
                "{name} {what} on {}; on {} it is defined at {}:{}.",
                r.target, r.reference, rd.file, rd.line
            );
        }
        if !a.messages.is_empty() {
            message += &format!(" Message: \"{}\".", a.messages.join("\"; \""));
        }
        out.push(Finding {
            rule,
            file: d.file.to_string(),
            line: d.line,
            message,
            key: a.id.clone(),
        });
    }
    for g in r.guards.iter().filter(|g| g.effect == "refuses") {
        let who = g.api.as_deref().unwrap_or("a package-level declaration");
        let mut message = format!("{who} refuses on {} when `{}`.", r.target, g.condition);
        if let Some(m) = &g.message {
            message += &format!(" Message: \"{m}\".");
        }
        out.push(Finding {
            rule: 2,
            file: g.file.clone(),
            line: g.line,
            message,
            key: format!("{}|{}", who, g.condition),
        });
    }
    for x in &r.refusals {
        let mut message = format!("{} refuses on {} when `{}`.", x.api, r.target, x.condition);
        if !x.fields.is_empty() {
            message += &format!(" Refused: {}.", x.fields.join(", "));
        }
        message += &format!(" Message: \"{}\".", x.message);
        out.push(Finding {
            rule: 4,
            file: x.file.clone(),
            line: x.line,
            message,
            key: format!("{}|{}", x.api, x.condition),
        });
    }
    for p in r
        .packages
        .iter()
        .filter(|p| !p.built_on_target && p.by_status.missing > 0)
    {
        // Point at the package's first file that holds an API.
        let first = r
            .apis
            .iter()
            .filter(|a| *a.package_dir == *p.package_dir && *a.package == *p.package)
            .flat_map(|a| a.definitions.iter())
            .min_by(|x, y| (&x.file, x.line).cmp(&(&y.file, y.line)));
        let Some(d) = first else { continue };
        out.push(Finding {
            rule: 3,
            file: d.file.to_string(),
            line: 1,
            message: format!(
                "Package {} ({} APIs) is not built on {} at all.",
                p.package_dir, p.apis, r.target
            ),
            key: p.package_dir.clone(),
        });
    }
    out.sort_by(|a, b| (a.rule, &a.file, a.line, &a.key).cmp(&(b.rule, &b.file, b.line, &b.key)));
    out
}

/// The SARIF 2.1.0 log.
pub fn render(r: &Report) -> String {
    render_findings(r, findings(r))
}

/// The findings a change brought (for `diff`): those of `new` that name an API whose status got
/// worse or that appeared as a gap (`ids`, suppressions already left out), and packages not
/// built on the target in `new` that were built there (or absent) in `old`.
pub fn new_findings(
    old: &Report,
    new: &Report,
    ids: &std::collections::HashSet<&str>,
) -> Vec<Finding> {
    let was_unbuilt: std::collections::HashSet<&str> = old
        .packages
        .iter()
        .filter(|p| !p.built_on_target)
        .map(|p| &*p.package_dir)
        .collect();
    findings(new)
        .into_iter()
        .filter(|f| {
            if RULES[f.rule].id == "windows-missing-package" {
                !was_unbuilt.contains(f.key.as_str())
            } else {
                ids.contains(f.key.as_str())
            }
        })
        .collect()
}

/// SARIF of these findings of `r`.
pub fn render_findings(r: &Report, found: Vec<Finding>) -> String {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|rule| {
            json!({
                "id": rule.id,
                "name": rule.name,
                "shortDescription": {"text": rule.short},
                "fullDescription": {"text": rule.full},
                "help": {"text": format!("{} See docs/RULES.md of winparity for how it is decided.", rule.full)},
                "defaultConfiguration": {"level": "warning"},
                "properties": {"tags": ["windows", "portability"]}
            })
        })
        .collect();
    let results: Vec<Value> = found
        .into_iter()
        .map(|f| {
            json!({
                "ruleId": RULES[f.rule].id,
                "ruleIndex": f.rule,
                "level": "warning",
                "message": {"text": f.message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": f.file, "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": f.line}
                    }
                }],
                "partialFingerprints": {"winparityKey/v1": f.key}
            })
        })
        .collect();
    let mut run = json!({
        "tool": {"driver": {
            "name": "winparity",
            "version": r.tool.version,
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

/// Escapes a GitHub workflow command's data (`%`, CR, LF).
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a GitHub workflow command's property (also `:` and `,`).
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub Actions annotations: `::warning file=…,line=…,title=…::message`, one per finding.
pub fn github(r: &Report) -> String {
    github_findings(findings(r))
}

/// GitHub annotations of these findings.
pub fn github_findings(found: Vec<Finding>) -> String {
    found
        .into_iter()
        .map(|f| {
            format!(
                "::warning file={},line={},title={}::{}\n",
                escape_property(&f.file),
                f.line,
                escape_property(&format!("winparity: {}", RULES[f.rule].short)),
                escape_data(&f.message)
            )
        })
        .collect()
}

//! The Markdown report: a page a documentation site can publish as it is.
//!
//! Overall parity with the counts, the packages, the catalogue of Windows gaps in the project's
//! own words (refusal and unsupported messages with their APIs and `file:line`), the stubs, and
//! the packages not built on Windows at all, one line each.

use std::collections::BTreeMap;

use super::escape::{md_cell as cell, md_code as code, md_text, md_url};
use super::view::id_name;
use super::view::{ApiView, View};
use crate::model::{Status, percent};

/// A `file:line` as a link under `base`, or as code.
pub fn link(loc: &str, base: Option<&str>) -> String {
    match (base, loc.rsplit_once(':')) {
        (Some(base), Some((file, line))) => format!(
            "[{}]({})",
            md_text(loc),
            md_url(&format!("{}/{file}#L{line}", base.trim_end_matches('/')))
        ),
        _ => code(loc),
    }
}

/// ` _(accepted: reason)_` for a gap a suppression accepts.
pub fn accepted(reason: Option<&str>) -> String {
    reason
        .map(|r| format!(" _(accepted: {})_", md_text(r)))
        .unwrap_or_default()
}

fn accepted_of(f: &ApiView) -> String {
    accepted(f.accepted.map(|s| s.reason.as_str()))
}

/// Renders the report as Markdown.
pub fn render(v: &View, link_base: Option<&str>) -> String {
    let mut out = summary(v);
    out += &packages(v);
    out += &catalogue(v, link_base);
    out += &features(v, link_base);
    out += &breaks(v, link_base);
    out += &tests(v);
    out += &absent(v);
    out += &notes(v);
    out
}

/// The title, what was scanned, parity with its counts, the statuses' meanings, test support
/// and what is accepted.
fn summary(v: &View) -> String {
    let r = v.report;
    let s = &r.summary;
    let t = &v.platforms.target_title;
    let mut out = format!(
        "# {t} parity of {}\n\n{}\n\n",
        code(&v.title),
        v.source_line(&code)
    );
    out += &format!(
        "**Parity: {}** of {} APIs — {} ({} APIs are not counted). {} files, {} guards ({} refuse, {} adapt, {} skip tests).\n\n",
        percent(s.parity),
        s.apis,
        v.counts.in_parity,
        v.counts.uncounted,
        s.files,
        s.guards.total(),
        s.guards.refuses,
        s.guards.adapts,
        s.guards.skips_test
    );
    out += &format!(
        "Statuses: *portable* — one definition built on both; *native* — {t} has its own real \
         definition; *guarded* — it refuses part of its work on {t}; *stub* — the {t} \
         definition does nothing; *unsupported* — it only fails; *missing* — no {t} definition of \
         an API a user on {t} can name; *{internal}* — no {t} definition, and nothing on {t} can \
         name it (unexported, a command's, or in an `internal` package).\n\n",
        internal = v.platforms.reference_internal,
    );
    if let Some((line, counts)) = &v.counts.test_support {
        out += &format!("{} ({counts}).\n\n", md_text(line));
    }
    if let Some(line) = &v.counts.accepted {
        out += &format!("{}.\n\n", md_text(line));
    }
    out
}

/// The packages with gaps, then the test-support ones.
fn packages(v: &View) -> String {
    let mut out = String::new();
    for (pkgs, title) in [
        (&v.packages, "Packages with gaps"),
        (&v.support_packages, "Test-support packages with gaps"),
    ] {
        if pkgs.is_empty() {
            continue;
        }
        out += &format!("## {title} ({})\n\n", pkgs.len());
        out += "| package | parity | APIs | guarded | stub | unsupported | missing |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n";
        for p in pkgs {
            let b = &p.by_status;
            out += &format!(
                "| {} | {} | {} | {} | {} | {} | {} |\n",
                code(&p.package_dir),
                percent(p.parity),
                p.apis,
                b.guarded,
                b.stub,
                b.unsupported,
                b.missing
            );
        }
        out += "\n";
    }
    out
}

/// The catalogue: each message once with the APIs that say it, the refusals without one, the
/// stubs.
fn catalogue(v: &View, link_base: Option<&str>) -> String {
    let mut by_message: BTreeMap<&str, Vec<&ApiView>> = BTreeMap::new();
    let mut silent: Vec<&ApiView> = Vec::new();
    let mut stubs: Vec<&ApiView> = Vec::new();
    for f in v.product_findings() {
        if f.api.status == Status::Stub {
            stubs.push(f);
            continue;
        }
        if f.api.messages.is_empty() {
            silent.push(f);
        }
        for m in &f.api.messages {
            by_message.entry(m.as_str()).or_default().push(f);
        }
    }
    let mut out = String::new();
    if !by_message.is_empty() {
        out += &format!(
            "## {} gaps in the project's own words ({} messages)\n\n",
            v.platforms.target_title,
            by_message.len()
        );
        out += "| message | API | status | where |\n| --- | --- | --- | --- |\n";
        for (m, found) in &by_message {
            for (i, f) in found.iter().enumerate() {
                let msg = if i == 0 { cell(m) } else { "〃".to_string() };
                out += &format!(
                    "| {msg} | {} | {}{} | {} |\n",
                    code(&f.name),
                    f.api.status.as_str(),
                    accepted_of(f),
                    link(&v.message_location(f.api, Some(m)), link_base)
                );
            }
        }
        out += "\n";
    }
    if !silent.is_empty() {
        out += &format!(
            "## Refused or unsupported without a message ({})\n\n| API | status | where |\n| --- | --- | --- |\n",
            silent.len()
        );
        for f in &silent {
            out += &format!(
                "| {} | {}{} | {} |\n",
                code(&f.name),
                f.api.status.as_str(),
                accepted_of(f),
                link(&f.at, link_base)
            );
        }
        out += "\n";
    }
    if !stubs.is_empty() {
        out += &format!(
            "## Stubs: do nothing on {} ({})\n\n| API | body | where |\n| --- | --- | --- |\n",
            v.platforms.target,
            stubs.len()
        );
        for f in &stubs {
            let body = f.on_target.and_then(|d| d.body).map_or("", |b| b.as_str());
            out += &format!(
                "| {} | {}{} | {} |\n",
                code(&f.name),
                cell(body),
                accepted_of(f),
                link(&f.at, link_base)
            );
        }
        out += "\n";
    }
    out
}

/// Test parity, and why tests do not run (the 30 most common reasons).
fn tests(v: &View) -> String {
    let r = v.report;
    if r.tests.summary.total == 0 {
        return String::new();
    }
    let mut out = format!("## Test parity: {}\n\n", r.tests.line(&r.target));
    let reasons = r.tests.reasons();
    if !reasons.is_empty() {
        out += "| tests | status | why |\n| ---: | --- | --- |\n";
        for (status, reason, n) in reasons.iter().take(30) {
            out += &format!("| {n} | {status} | {} |\n", cell(reason));
        }
        if reasons.len() > 30 {
            out += &format!("| … | | {} more reasons |\n", reasons.len() - 30);
        }
        out += "\n";
    }
    out
}

/// The packages not built on the target at all, one line each.
fn absent(v: &View) -> String {
    if v.absent.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "## Packages not built on {} at all ({})\n\n",
        v.platforms.target,
        v.absent.len()
    );
    for p in &v.absent {
        out += &format!(
            "- {} ({} APIs)\n",
            code(&p.package.package_dir),
            p.package.apis
        );
    }
    out + "\n"
}

/// The entry points, worst first, with what each meets and the path to it (docs/RULES.md §8).
fn features(v: &View, link_base: Option<&str>) -> String {
    if v.features.is_empty() {
        return String::new();
    }
    let meeting = v.features_meeting;
    let mut out = format!(
        "## Features on {}\n\n{} entry points, {meeting} meet a gap: the nearest gaps each handler reaches through the call graph, worst first (depth: calls away; gaps most entry points share decide nothing).\n\n| entry point | on {} | depth | what it meets | path |\n| --- | --- | --- | --- | --- |\n",
        v.platforms.target_title,
        v.features.len(),
        v.platforms.target
    );
    for f in &v.features {
        let e = f.entry;
        let path = f
            .nearest
            .first()
            .map(|x| {
                x.path
                    .iter()
                    .map(|p| code(&id_name(p)))
                    .collect::<Vec<_>>()
                    .join(" → ")
            })
            .unwrap_or_default();
        out += &format!(
            "| {} ({}) | {} | {} | {} | {} |\n",
            code(&format!("{} {}", e.kind, e.name)),
            link(&format!("{}:{}", e.file, e.line), link_base),
            e.status.as_str(),
            e.depth.map_or(String::new(), |d| d.to_string()),
            cell(&f.meets),
            path
        );
    }
    out + "\n"
}

/// Build breaks (docs/RULES.md §9).
fn breaks(v: &View, link_base: Option<&str>) -> String {
    let b = &v.report.breaks;
    if b.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "## Build breaks on {} ({})\n\n",
        v.platforms.target,
        b.len()
    );
    for x in b {
        out += &format!(
            "- {}: {} is declared on no file built on {}\n",
            link(&format!("{}:{}", x.file, x.line), link_base),
            code(&id_name(&x.reference)),
            v.platforms.target
        );
    }
    out + "\n"
}

/// The report's notes.
fn notes(v: &View) -> String {
    let notes = &v.report.notes;
    if notes.is_empty() {
        return String::new();
    }
    let mut out = format!("## Notes ({})\n\n", notes.len());
    for n in notes {
        out += &format!("- {}\n", md_text(n));
    }
    out + "\n"
}

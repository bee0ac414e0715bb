//! The Markdown report: a page a documentation site can publish as it is.
//!
//! Overall parity with the counts, the packages, the catalogue of Windows gaps in the project's
//! own words (refusal and unsupported messages with their APIs and `file:line`), the stubs, and
//! the packages not built on Windows at all, one line each.

use std::collections::BTreeMap;

use super::table::{counts_line, display_name, location, test_support_line, uncounted};
use super::{Api, Report, Status, percent};

use super::escape::{md_cell as cell, md_code as code, md_text, md_url, prefix};

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

/// Where a finding is: for a guarded API, the refusing guard, else its first refusal (§4b);
/// else the target's definition.
pub fn finding_location(r: &Report, a: &Api) -> String {
    message_location(r, a, None)
}

/// Where an API says `message` (or, with none, its first refusal): for a guarded API the
/// refusing guard or the refusal that gives it; else the target's definition.
pub fn message_location(r: &Report, a: &Api, message: Option<&str>) -> String {
    if matches!(a.status, Status::Guarded | Status::WindowsOnly) {
        let says = |m: Option<&str>| message.is_none() || m == message;
        let guard = r.guards.iter().find(|g| {
            g.api.as_deref() == Some(a.id.as_str())
                && g.effect == super::Effect::Refuses
                && says(g.message.as_deref())
        });
        if let Some(g) = guard {
            return format!("{}:{}", g.file, g.line);
        }
        let refusal = r
            .refusals
            .iter()
            .find(|x| x.api == a.id && says(Some(&x.message)));
        if let Some(x) = refusal {
            return format!("{}:{}", x.file, x.line);
        }
    }
    location(r, a)
}

/// ` _(accepted: reason)_` for a gap a suppression covers.
fn accepted(r: &Report, a: &Api) -> String {
    r.suppression(&a.id)
        .map(|s| format!(" _(accepted: {})_", md_text(&s.reason)))
        .unwrap_or_default()
}

/// A one-line description of what was scanned, in Markdown.
pub fn source_line(r: &Report) -> String {
    source_line_with(r, &code)
}

/// A one-line description of what was scanned, the names of revision, commit and tree shown
/// by `name` (as code spans in Markdown, as they are where a template escapes them).
pub fn source_line_with(r: &Report, name: &dyn Fn(&str) -> String) -> String {
    let place = r.source.name.as_deref().unwrap_or(&r.source.path);
    let what = match (&r.source.rev, &r.source.commit) {
        (Some(rev), Some(c)) => {
            format!(
                "{} (commit {}) of {}",
                name(rev),
                name(prefix(c, 12)),
                name(place)
            )
        }
        _ => name(place),
    };
    format!(
        "Scanned {what} with winparity {}: {} compared with {}, platforms {}, go{}, cgo {}{}.",
        r.tool.version,
        r.target,
        r.reference,
        r.platforms.join(", "),
        r.go,
        if r.cgo { "on" } else { "off" },
        if r.tags.is_empty() {
            String::new()
        } else {
            format!(", tags {}", r.tags.join(","))
        }
    )
}

/// Renders the report as Markdown.
pub fn render(r: &Report, link_base: Option<&str>) -> String {
    let s = &r.summary;
    let b = &s.by_status;
    let mut out = format!(
        "# {} parity of {}\n\n{}\n\n",
        super::platform_title(&r.target),
        code(&title(r)),
        source_line(r)
    );
    out += &format!(
        "**Parity: {}** of {} APIs — {} ({} APIs are not counted). {} files, {} guards ({} refuse, {} adapt, {} skip tests).\n\n",
        percent(s.parity),
        s.apis,
        counts_line(b),
        uncounted(r, b),
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
        t = super::platform_title(&r.target),
        internal = Status::LinuxInternal.label(&r.target, &r.reference),
    );

    if let Some((line, counts)) = test_support_line(r) {
        out += &format!("{} ({counts}).\n\n", md_text(&line));
    }
    if let Some(line) = super::table::accepted_line(r) {
        out += &format!("{}.\n\n", md_text(&line));
    }
    for (pkgs, title) in [
        (r.packages_by_gaps(true, false), "Packages with gaps"),
        (
            r.packages_by_gaps(true, true),
            "Test-support packages with gaps",
        ),
    ] {
        if pkgs.is_empty() {
            continue;
        }
        out += &format!("## {title} ({})\n\n", pkgs.len());
        out += "| package | parity | APIs | guarded | stub | unsupported | missing |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n";
        for p in &pkgs {
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

    // The catalogue: each message once, with the APIs that say it.
    let mut by_message: BTreeMap<&str, Vec<&Api>> = BTreeMap::new();
    let mut silent: Vec<&Api> = Vec::new();
    // An API only Windows has speaks too when it refuses (docs/RULES.md §5).
    let product = r.product_apis();
    for a in product.iter().copied().filter(|a| {
        (matches!(a.status, Status::Guarded | Status::Unsupported)
            || (a.status == Status::WindowsOnly && !a.messages.is_empty()))
            && r.is_new(&a.id)
    }) {
        if a.messages.is_empty() {
            silent.push(a);
        }
        for m in &a.messages {
            by_message.entry(m.as_str()).or_default().push(a);
        }
    }
    if !by_message.is_empty() {
        out += &format!(
            "## {} gaps in the project's own words ({} messages)\n\n",
            super::platform_title(&r.target),
            by_message.len()
        );
        out += "| message | API | status | where |\n| --- | --- | --- | --- |\n";
        for (m, apis) in &by_message {
            for (i, a) in apis.iter().enumerate() {
                let msg = if i == 0 { cell(m) } else { "〃".to_string() };
                out += &format!(
                    "| {msg} | {} | {}{} | {} |\n",
                    code(&display_name(a)),
                    a.status.as_str(),
                    accepted(r, a),
                    link(&message_location(r, a, Some(m)), link_base)
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
        for a in &silent {
            out += &format!(
                "| {} | {}{} | {} |\n",
                code(&display_name(a)),
                a.status.as_str(),
                accepted(r, a),
                link(&finding_location(r, a), link_base)
            );
        }
        out += "\n";
    }
    let stubs: Vec<&Api> = product
        .iter()
        .copied()
        .filter(|a| a.status == Status::Stub && r.is_new(&a.id))
        .collect();
    if !stubs.is_empty() {
        out += &format!(
            "## Stubs: do nothing on {} ({})\n\n| API | body | where |\n| --- | --- | --- |\n",
            r.target,
            stubs.len()
        );
        for a in &stubs {
            let body = r.target_body(a);
            out += &format!(
                "| {} | {}{} | {} |\n",
                code(&display_name(a)),
                cell(body),
                accepted(r, a),
                link(&location(r, a), link_base)
            );
        }
        out += "\n";
    }
    if r.tests.summary.total > 0 {
        out += &format!("## Test parity: {}\n\n", r.tests.line(&r.target));
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
    }
    let absent = r.absent_packages();
    if !absent.is_empty() {
        out += &format!(
            "## Packages not built on {} at all ({})\n\n",
            r.target,
            absent.len()
        );
        for p in &absent {
            out += &format!("- {} ({} APIs)\n", code(&p.package_dir), p.apis);
        }
        out += "\n";
    }
    if !r.notes.is_empty() {
        out += &format!("## Notes ({})\n\n", r.notes.len());
        for n in &r.notes {
            out += &format!("- {}\n", md_text(n));
        }
        out += "\n";
    }
    out
}

/// The report's title: the last path component of the source, with the revision.
pub fn title(r: &Report) -> String {
    if let Some(name) = &r.source.name {
        return match &r.source.rev {
            Some(rev) => format!("{name} {rev}"),
            None => name.clone(),
        };
    }
    let path = r.source.path.trim_end_matches('/');
    let name = path
        .rsplit('/')
        .next()
        .filter(|n| !n.is_empty() && *n != ".")
        .unwrap_or(path);
    match &r.source.rev {
        Some(rev) => format!("{name} {rev}"),
        None => name.to_string(),
    }
}

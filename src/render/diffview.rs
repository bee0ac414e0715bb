//! Renderers of a diff: a table for the terminal, Markdown for a pull-request comment or
//! `$GITHUB_STEP_SUMMARY` (short, the worse changes first, `file:line` links with a base URL).

use super::escape::{md_code as code, md_text, prefix};
use super::markdown::accepted;
use super::view::DiffView;
use crate::diff::{Changed, Diff};
use crate::model::{EntryStatus, Source, percent};

fn delta(a: Option<f64>, b: Option<f64>) -> String {
    match (a, b) {
        (Some(a), Some(b)) => format!("{:+.1} pt", (b - a) * 100.0),
        _ => String::new(),
    }
}

fn source_name(s: &Source) -> String {
    match (&s.rev, &s.commit) {
        (Some(r), Some(c)) => format!("{r} ({})", prefix(c, 12)),
        _ => s.path.clone(),
    }
}

/// The `file:line`, as a Markdown link when a base URL is given.
fn link(loc: &Option<String>, base: Option<&str>) -> String {
    loc.as_deref()
        .map_or(String::new(), |l| super::markdown::link(l, base))
}

/// An id in a Markdown table cell, as code.
fn cell_id(id: &str) -> String {
    code(id)
}

/// Markdown for a pull request.
pub fn markdown(v: &DiffView, link_base: Option<&str>, limit: usize) -> String {
    let d = v.diff;
    let s = &d.summary;
    let t = &v.target_title;
    let mut out = format!(
        "### winparity: {} parity {} → {} ({})\n\n",
        t,
        percent(s.old_parity),
        percent(s.new_parity),
        delta(s.old_parity, s.new_parity)
    );
    out += &format!(
        "Comparing {} with {}: ",
        code(&source_name(&d.old)),
        code(&source_name(&d.new))
    );
    out += &format!(
        "**{} worse**, {} better, {} new gaps, {} added, {} removed, {} moved{}.\n\n",
        s.worse,
        s.better,
        s.new_gaps,
        d.added.len(),
        d.removed.len(),
        s.moved,
        if s.suppressed > 0 {
            format!(", {} suppressed", s.suppressed)
        } else {
            String::new()
        }
    );
    out += if d.gate.tripped {
        "❌ **The gate tripped** (fails on: "
    } else {
        "✅ The gate passed (fails on: "
    };
    out += &format!(
        "{}{}).\n\n",
        d.gate.fail_on.join(", "),
        if d.gate.test_support {
            ", test-support packages too"
        } else {
            ""
        }
    );

    let table = |title: &str, rows: &[&Changed], out: &mut String| {
        if rows.is_empty() {
            return;
        }
        *out += &format!(
            "#### {title} ({})\n\n| API | was | now | where |\n| --- | --- | --- | --- |\n",
            rows.len()
        );
        for c in rows.iter().take(limit) {
            let sup = accepted(c.suppressed.as_deref());
            *out += &format!(
                "| {}{}{sup} | {} | {} | {} |\n",
                cell_id(&c.id),
                support_mark(c.test_support),
                c.from.as_str(),
                c.to.as_str(),
                link(&c.location, link_base)
            );
        }
        if rows.len() > limit {
            *out += &format!("\n… and {} more.\n", rows.len() - limit);
        }
        *out += "\n";
    };
    table(&format!("Worse on {t}"), &v.worse, &mut out);
    let gaps = &v.new_gaps;
    if !gaps.is_empty() {
        out += &format!(
            "#### New APIs that do not work on {t} ({})\n\n| API | status | where |\n| --- | --- | --- |\n",
            gaps.len()
        );
        for a in gaps.iter().take(limit) {
            let sup = accepted(a.suppressed.as_deref());
            out += &format!(
                "| {}{}{sup} | {} | {} |\n",
                cell_id(&a.id),
                support_mark(a.test_support),
                a.status.as_str(),
                link(&a.location, link_base)
            );
        }
        if gaps.len() > limit {
            out += &format!("\n… and {} more.\n", gaps.len() - limit);
        }
        out += "\n";
    }
    table(&format!("Better on {t}"), &v.better, &mut out);
    table("Changed, neither better nor worse", &v.other, &mut out);
    out += &breaks_md(d, link_base, limit);
    out += &features_md(d, limit);
    out += &moved(d, link_base, limit);
    out += &messages(d, limit);
    out += &packages(d, limit);
    out
}

/// New build breaks (docs/RULES.md §9), each a reason the gate trips.
fn breaks_md(d: &Diff, link_base: Option<&str>, limit: usize) -> String {
    if d.breaks.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "#### New build breaks on {} ({})\n\n",
        d.target,
        d.breaks.len()
    );
    for b in d.breaks.iter().take(limit) {
        out += &format!(
            "- {}: {} is declared on no file built on {}\n",
            super::markdown::link(&format!("{}:{}", b.file, b.line), link_base),
            code(&super::view::id_name(&b.reference)),
            b.platform
        );
    }
    if d.breaks.len() > limit {
        out += &format!("\n… and {} more.\n", d.breaks.len() - limit);
    }
    out + "\n"
}

/// Entry points whose status or reached gaps changed (docs/RULES.md §8).
fn features_md(d: &Diff, limit: usize) -> String {
    if d.entry_points.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "#### Entry points that meet other gaps ({})\n\n| entry point | was | now | gaps gained | gaps lost |\n| --- | --- | --- | --- | --- |\n",
        d.entry_points.len()
    );
    let ids = |v: &[String]| {
        v.iter()
            .map(|i| code(&super::view::id_name(i)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    for e in d.entry_points.iter().take(limit) {
        out += &format!(
            "| {} | {} | {} | {} | {} |\n",
            code(&format!("{} {}", e.kind, e.name)),
            e.old_status.map(EntryStatus::as_str).unwrap_or("(new)"),
            e.new_status.map(EntryStatus::as_str).unwrap_or("(gone)"),
            ids(&e.gained),
            ids(&e.lost)
        );
    }
    if d.entry_points.len() > limit {
        out += &format!("\n… and {} more.\n", d.entry_points.len() - limit);
    }
    out + "\n"
}

/// The moved APIs, folded.
fn moved(d: &Diff, link_base: Option<&str>, limit: usize) -> String {
    let mut out = String::new();
    if !d.moved.is_empty() {
        out += &format!(
            "<details><summary>Moved, status unchanged ({})</summary>\n\n| API was | is now | status | where |\n| --- | --- | --- | --- |\n",
            d.moved.len()
        );
        for m in d.moved.iter().take(limit) {
            out += &format!(
                "| {} | {} | {} | {} |\n",
                cell_id(&m.from),
                cell_id(&m.to),
                m.status.as_str(),
                link(&m.location, link_base)
            );
        }
        if d.moved.len() > limit {
            out += &format!("\n… and {} more.\n", d.moved.len() - limit);
        }
        out += "\n</details>\n\n";
    }
    out
}

/// New and resolved messages.
fn messages(d: &Diff, limit: usize) -> String {
    let mut out = String::new();
    if !d.messages.new.is_empty() || !d.messages.resolved.is_empty() {
        out += "#### Messages\n\n";
        for m in d.messages.new.iter().take(limit) {
            out += &format!("- new: {}\n", md_text(m));
        }
        for m in d.messages.resolved.iter().take(limit) {
            out += &format!("- resolved: {}\n", md_text(m));
        }
        out += "\n";
    }
    out
}

/// The packages whose parity changed, folded.
fn packages(d: &Diff, limit: usize) -> String {
    let mut out = String::new();
    let pk: Vec<_> = d
        .packages
        .iter()
        .filter(|p| p.old_parity != p.new_parity)
        .collect();
    if !pk.is_empty() {
        out += &format!(
            "<details><summary>Parity by package ({} changed)</summary>\n\n| package | before | after | APIs |\n| --- | --- | --- | --- |\n",
            pk.len()
        );
        for p in pk.iter().take(limit) {
            out += &format!(
                "| {} | {} | {} | {} → {} |\n",
                code(&p.package_dir),
                percent(p.old_parity),
                percent(p.new_parity),
                p.old_apis,
                p.new_apis
            );
        }
        out += "\n</details>\n";
    }
    out
}

/// ` _(test support)_` for an API of a test-support package.
fn support_mark(test_support: bool) -> &'static str {
    if test_support {
        " _(test support)_"
    } else {
        ""
    }
}

/// The mark of a test-support package's API.
fn test_support(yes: bool) -> &'static str {
    if yes { " (test support)" } else { "" }
}

/// A plain-text summary for the terminal.
pub fn table(v: &DiffView, limit: usize) -> String {
    let d = v.diff;
    let s = &d.summary;
    let mut out = format!(
        "winparity diff {} → {}\n",
        source_name(&d.old),
        source_name(&d.new)
    );
    out += &format!(
        "Parity {} → {} ({})\n",
        percent(s.old_parity),
        percent(s.new_parity),
        delta(s.old_parity, s.new_parity)
    );
    out += &format!(
        "{} worse, {} better, {} new gaps, {} added, {} removed, {} moved, {} suppressed\n",
        s.worse,
        s.better,
        s.new_gaps,
        d.added.len(),
        d.removed.len(),
        s.moved,
        s.suppressed
    );
    for (title, rows) in [
        ("worse", &v.worse),
        ("better", &v.better),
        ("changed", &v.other),
    ] {
        super::lines(
            &mut out,
            &format!("{title} ({}):", rows.len()),
            rows,
            limit,
            |c| {
                let sup = c
                    .suppressed
                    .as_ref()
                    .map(|r| format!("  [accepted: {r}]"))
                    .unwrap_or_default();
                format!(
                    "{:<12} → {:<12} {}{}  {}{sup}",
                    c.from.as_str(),
                    c.to.as_str(),
                    c.id,
                    test_support(c.test_support),
                    c.location.clone().unwrap_or_default()
                )
            },
        );
    }
    for (title, rows) in [("added", &d.added), ("removed", &d.removed)] {
        super::lines(
            &mut out,
            &format!("{title} ({}):", rows.len()),
            rows,
            limit,
            |a| {
                let moved = match (&a.moved, title) {
                    (Some(to), "removed") => format!("  (moved to {to})"),
                    (Some(from), _) => format!("  (moved from {from})"),
                    (None, _) => String::new(),
                };
                format!(
                    "{:<12} {}{}  {}{moved}",
                    a.status.as_str(),
                    a.id,
                    test_support(a.test_support),
                    a.location.clone().unwrap_or_default()
                )
            },
        );
    }
    for (title, rows) in [
        ("new messages", &d.messages.new),
        ("resolved messages", &d.messages.resolved),
    ] {
        super::lines(
            &mut out,
            &format!("{title} ({}):", rows.len()),
            rows,
            limit,
            |m| m.to_string(),
        );
    }
    let header = format!("new build breaks on {} ({}):", d.target, d.breaks.len());
    super::lines(&mut out, &header, &d.breaks, limit, |b| {
        format!("{}:{}: undefined: {}", b.file, b.line, b.reference)
    });
    let header = format!(
        "entry points that meet other gaps ({}):",
        d.entry_points.len()
    );
    super::lines(&mut out, &header, &d.entry_points, limit, |e| {
        let list = |what: &str, ids: &[String]| {
            if ids.is_empty() {
                String::new()
            } else {
                format!(", {what} {}", ids.join(", "))
            }
        };
        format!(
            "{} {}: {} → {}{}{}",
            e.kind,
            e.name,
            e.old_status.map(EntryStatus::as_str).unwrap_or("(new)"),
            e.new_status.map(EntryStatus::as_str).unwrap_or("(gone)"),
            list("gains", &e.gained),
            list("loses", &e.lost)
        )
    });
    out += &format!(
        "\ngate ({}): {}\n",
        d.gate.fail_on.join(", "),
        if d.gate.tripped { "TRIPPED" } else { "passed" }
    );
    for r in d.gate.reasons.iter().take(limit) {
        out += &format!("  {r}\n");
    }
    out
}

//! Renderers of a history: a table, Markdown, and an HTML page with an SVG trend chart (parity
//! over the revisions, and the gaps by status stacked under it).

use super::escape::{html as esc, md_code as code, md_text};
use super::view::HistoryView;
use crate::history::History;
use crate::model::{Status, percent};

/// The gap statuses, in the order they are stacked.
const GAPS: [Status; 4] = [
    Status::Guarded,
    Status::Stub,
    Status::Unsupported,
    Status::Missing,
];

/// A revision's cells, in the columns of the table and the Markdown: revision, date, parity,
/// APIs, the gap statuses, gaps opened and closed.
fn row(r: &crate::history::Revision) -> [String; 10] {
    let b = &r.summary.by_status;
    [
        r.rev.clone(),
        r.date.clone(),
        percent(r.summary.parity),
        r.summary.apis.to_string(),
        b.guarded.to_string(),
        b.stub.to_string(),
        b.unsupported.to_string(),
        b.missing.to_string(),
        r.opened.to_string(),
        r.closed.to_string(),
    ]
}

/// A plain-text table, one row per revision.
pub fn table(h: &History) -> String {
    let mut out = format!(
        "{:<22} {:<10} {:>7} {:>7} {:>7} {:>5} {:>11} {:>7} {:>6} {:>6}\n",
        "revision",
        "date",
        "parity",
        "APIs",
        "guarded",
        "stub",
        "unsupported",
        "missing",
        "opened",
        "closed"
    );
    for r in &h.revisions {
        let [
            rev,
            date,
            parity,
            apis,
            guarded,
            stub,
            unsupported,
            missing,
            opened,
            closed,
        ] = row(r);
        out += &format!(
            "{rev:<22} {date:<10} {parity:>7} {apis:>7} {guarded:>7} {stub:>5} {unsupported:>11} {missing:>7} {opened:>6} {closed:>6}\n"
        );
    }
    out
}

/// Markdown: the table, then where gaps opened and closed.
pub fn markdown(v: &HistoryView, title: &str, limit: usize) -> String {
    let h = v.history;
    let mut out = format!(
        "# {} parity of {} across {} revisions\n\n",
        v.target_title,
        code(title),
        h.revisions.len()
    );
    if let (Some(first), Some(last)) = (h.revisions.first(), h.revisions.last()) {
        out += &format!(
            "From {} ({}) to {} ({}): parity {} → {}, gaps {} → {}.\n\n",
            md_text(&first.rev),
            md_text(&first.date),
            md_text(&last.rev),
            md_text(&last.date),
            percent(first.summary.parity),
            percent(last.summary.parity),
            first.summary.by_status.gaps(),
            last.summary.by_status.gaps()
        );
    }
    out += "| revision | date | parity | APIs | guarded | stub | unsupported | missing | gaps opened | gaps closed |\n";
    out += "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n";
    for r in &h.revisions {
        let [rev, rest @ ..] = row(r);
        let rest: Vec<String> = rest.iter().map(|c| md_text(c)).collect();
        out += &format!("| {} | {} |\n", code(&rev), rest.join(" | "));
    }
    out += "\n## Where gaps opened and closed\n\n";
    for (r, changes) in &v.changes {
        out += &format!(
            "### {}: {} opened, {} closed\n\n",
            code(&r.rev),
            r.opened,
            r.closed
        );
        for c in changes.iter().take(limit) {
            let from = c.from.map_or("new", |s| s.as_str());
            let to = c.to.map_or("removed", |s| s.as_str());
            out += &format!("- {}: {from} → {to}\n", code(&c.id));
        }
        if changes.len() > limit {
            out += &format!("- … and {} more\n", changes.len() - limit);
        }
        out += "\n";
    }
    out
}

fn color(s: Status) -> &'static str {
    match s {
        Status::Guarded => "#bf8700",
        Status::Stub => "#d1242f",
        Status::Unsupported => "#a40e26",
        _ => "#8c959f",
    }
}

/// The trend chart: parity as a line (top), the gaps by status as stacked bars (bottom).
pub fn chart(h: &History) -> String {
    let n = h.revisions.len().max(1);
    let (left, width, top_h, bottom_h, gap) = (60.0, 900.0, 200.0, 200.0, 40.0);
    let step = width / n as f64;
    let x = |i: usize| left + step * (i as f64 + 0.5);
    let total_h = top_h + gap + bottom_h + 90.0;
    let mut svg = format!(
        "<svg class=\"trend\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {total_h}\" width=\"{w}\" height=\"{total_h}\" role=\"img\" aria-label=\"Parity over revisions\">",
        w = left + width + 20.0
    );
    // Parity axis from the lowest parity (rounded down to 5 %) to 100 %.
    let lo = h
        .revisions
        .iter()
        .filter_map(|r| r.summary.parity)
        .fold(1.0f64, f64::min);
    let lo = ((lo * 20.0).floor() / 20.0).clamp(0.0, 0.95);
    let py = |p: f64| 10.0 + (1.0 - (p - lo) / (1.0 - lo)) * (top_h - 10.0);
    for k in 0..=4 {
        let v = lo + (1.0 - lo) * k as f64 / 4.0;
        svg += &format!(
            "<line class=\"grid\" x1=\"{left}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\"/><text class=\"axis\" x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{:.0}%</text>",
            left + width,
            left - 6.0,
            py(v) + 4.0,
            v * 100.0,
            y = py(v)
        );
    }
    let points: Vec<String> = h
        .revisions
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            r.summary
                .parity
                .map(|p| format!("{:.1},{:.1}", x(i), py(p)))
        })
        .collect();
    svg += &format!(
        "<polyline class=\"parity\" points=\"{}\"/>",
        points.join(" ")
    );
    for (i, r) in h.revisions.iter().enumerate() {
        if let Some(p) = r.summary.parity {
            svg += &format!(
                "<circle class=\"point\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\"><title>{}: {}</title></circle>",
                x(i),
                py(p),
                esc(&r.rev),
                percent(Some(p))
            );
        }
    }
    // Stacked gaps.
    let max = h
        .revisions
        .iter()
        .map(|r| r.summary.by_status.gaps())
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let base = top_h + gap + bottom_h;
    let bar_w = (step * 0.7).max(1.0);
    for (i, r) in h.revisions.iter().enumerate() {
        let mut y = base;
        for s in GAPS {
            let c = r.summary.by_status.get(s) as f64;
            let hgt = c / max * bottom_h;
            y -= hgt;
            svg += &format!(
                "<rect class=\"gap gap-{}\" x=\"{:.1}\" y=\"{y:.1}\" width=\"{bar_w:.1}\" height=\"{hgt:.1}\" fill=\"{}\"><title>{}: {} {}</title></rect>",
                s.as_str(),
                x(i) - bar_w / 2.0,
                color(s),
                esc(&r.rev),
                c,
                s.as_str()
            );
        }
        // At most about 30 labels, so they never overlap; the last revision always has one.
        let every = n.div_ceil(30);
        if i % every == 0 || i + 1 == n {
            svg += &format!(
                "<text class=\"label\" transform=\"translate({:.1},{:.1}) rotate(60)\">{}</text>",
                x(i) - 3.0,
                base + 8.0,
                esc(&r.rev)
            );
        }
    }
    svg += &format!(
        "<text class=\"axis\" x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
        left - 6.0,
        top_h + gap + 4.0,
        max as u64
    );
    svg += "</svg>";
    svg
}

/// The HTML page.
pub fn html(v: &HistoryView, title: &str) -> Result<String, minijinja::Error> {
    let h = v.history;
    let mut env = minijinja::Environment::new();
    env.add_template("history.html", TEMPLATE)?;
    let rows: Vec<_> = h
        .revisions
        .iter()
        .map(|r| {
            let b = &r.summary.by_status;
            minijinja::context! {
                rev => &r.rev, date => &r.date, parity => percent(r.summary.parity), apis => r.summary.apis,
                guarded => b.guarded, stub => b.stub, unsupported => b.unsupported, missing => b.missing,
                opened => r.opened, closed => r.closed,
            }
        })
        .collect();
    // Where gaps opened and closed, per revision (the first `CHANGES_PER_REVISION` of each).
    const CHANGES_PER_REVISION: usize = 200;
    let opened_closed: Vec<_> = v
        .changes
        .iter()
        .map(|(r, changes)| {
            {
                let items: Vec<_> = changes
                    .iter()
                    .take(CHANGES_PER_REVISION)
                    .map(|c| {
                        let opened = c.to.is_some_and(crate::diff::is_gap)
                            && !c.from.is_some_and(crate::diff::is_gap);
                        minijinja::context! {
                            id => &c.id,
                            from => c.from.map_or("new", |s| s.as_str()),
                            to => c.to.map_or("removed", |s| s.as_str()),
                            kind => if opened { "opened" } else if c.to.is_some_and(crate::diff::is_gap) { "changed" } else { "closed" },
                        }
                    })
                    .collect();
                minijinja::context! {
                    rev => &r.rev, opened => r.opened, closed => r.closed, items => items,
                    more => changes.len().saturating_sub(CHANGES_PER_REVISION),
                }
            }
        })
        .collect();
    let legend: Vec<_> = GAPS
        .iter()
        .map(|&s| minijinja::context! { status => s.as_str(), color => color(s) })
        .collect();
    env.get_template("history.html").and_then(|t| {
        t.render(minijinja::context! {
            title => title,
            target_title => &v.target_title,
            opened_closed => opened_closed,
            revisions => rows,
            chart => minijinja::Value::from_safe_string(chart(h)),
            legend => legend,
            markdown_changes => h.changes.len(),
        })
    })
}

/// The history page template.
pub const TEMPLATE: &str = include_str!("../../templates/history.html");

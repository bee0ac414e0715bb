//! The table a person reads first: overall parity, the packages with the most gaps, then the
//! catalogue of gaps — refusals and unsupported APIs with their messages, and stubs — each with
//! its `file:line`. Fits in the terminal's width (`COLUMNS`, else the terminal's, else 100).

use comfy_table::{
    Cell, Color, ColumnConstraint, ContentArrangement, Table, presets::UTF8_FULL_CONDENSED,
};

use super::escape::terminal;
use super::{Api, ByStatus, Report, Status, percent};

/// The width when neither `COLUMNS` nor a terminal says one.
pub const DEFAULT_WIDTH: u16 = 100;

/// The narrowest width the tables are drawn in (a narrower `COLUMNS` is taken as this).
pub const MIN_WIDTH: u16 = 40;

fn new_table(header: &[&str], color: bool, width: u16) -> Table {
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(width.max(MIN_WIDTH));
    if color {
        t.enforce_styling();
    } else {
        t.force_no_tty();
    }
    t.set_header(header.to_vec());
    t
}

/// A parity figure, red below 50 %, yellow below 90 %, green above, when colors are on.
fn parity_cell(p: Option<f64>) -> Cell {
    let c = Cell::new(percent(p));
    match p {
        Some(p) if p < 0.5 => c.fg(Color::Red),
        Some(p) if p < 0.9 => c.fg(Color::Yellow),
        Some(_) => c.fg(Color::Green),
        None => c,
    }
}

/// Bold text on a terminal.
fn bold(s: &str, color: bool) -> String {
    if color {
        format!("\x1b[1m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

/// One line of the counts in parity: `9239 portable, 188 native, …`.
pub fn counts_line(b: &ByStatus) -> String {
    Status::ALL
        .iter()
        .filter(|s| s.in_parity())
        .map(|&s| format!("{} {}", b.get(s), s.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What parity leaves out: `16 windows-only, 4 linux-internal`.
pub fn uncounted(r: &Report, b: &ByStatus) -> String {
    Status::ALL
        .iter()
        .filter(|s| !s.in_parity())
        .map(|&s| format!("{} {}", b.get(s), s.label(&r.target, &r.reference)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The test-support packages (docs/RULES.md §6), when there are any: a sentence and its
/// counts (`35 test-support packages (only tests import them), not counted above: 744 APIs,
/// parity 95.5%`, `662 portable, …`).
pub fn test_support_line(r: &Report) -> Option<(String, String)> {
    let t = &r.summary.test_support;
    (t.packages > 0).then(|| {
        (
            format!(
                "{} test-support package{} (only tests import {}), not counted above: {} API{}, parity {}",
                t.packages,
                if t.packages == 1 { "" } else { "s" },
                if t.packages == 1 { "it" } else { "them" },
                t.apis,
                if t.apis == 1 { "" } else { "s" },
                percent(t.parity),
            ),
            counts_line(&t.by_status),
        )
    })
}

/// What the findings lists leave out or mark, when anything: `3 gaps accepted by the
/// configuration (marked); baseline base.json: 2 new gaps listed, 1200 known not listed`.
pub fn accepted_line(r: &Report) -> Option<String> {
    let mut parts = Vec::new();
    if !r.suppressed.is_empty() {
        parts.push(format!(
            "{} gap{} accepted by the configuration (marked)",
            r.suppressed.len(),
            if r.suppressed.len() == 1 { "" } else { "s" }
        ));
    }
    if let Some(b) = &r.baseline {
        parts.push(format!(
            "baseline {}: {} new gap{} listed, {} known not listed",
            b.report,
            b.new.len(),
            if b.new.len() == 1 { "" } else { "s" },
            b.known
        ));
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// The `file:line` of the target's definition (or the first one).
pub fn location(r: &Report, a: &Api) -> String {
    r.location(a).unwrap_or_default()
}

/// A short display name: `(*Daemon).ContainerChanges` style without the pointer.
pub fn display_name(a: &Api) -> String {
    let pkg = if &*a.package_dir == "." {
        &a.package
    } else {
        &a.package_dir
    };
    if a.receiver.is_empty() {
        format!("{pkg}.{}", a.name)
    } else {
        format!("{pkg}.{}.{}", a.receiver, a.name)
    }
}

/// Renders the report as the summary table.
/// Renders the report as the summary table, `width` columns wide; `color` for a terminal.
pub fn render(r: &Report, limit: usize, color: bool, width: u16) -> String {
    let s = &r.summary;
    let mut out = String::new();
    let revision = match (&r.source.rev, &r.source.commit) {
        (Some(rev), Some(c)) => format!(" {} ({})", terminal(rev), super::escape::prefix(c, 12)),
        _ => String::new(),
    };
    out += &format!(
        "winparity {}{revision} — {} vs {} (go{}, cgo {}, platforms {}{})\n",
        terminal(r.source.name.as_deref().unwrap_or(&r.source.path)),
        r.target,
        r.reference,
        r.go,
        if r.cgo { "on" } else { "off" },
        r.platforms.join(","),
        if r.tags.is_empty() {
            String::new()
        } else {
            format!(", tags {}", r.tags.join(","))
        }
    );
    out += &format!(
        "{} of {} APIs ({} not counted)\n  {}\n",
        bold(&format!("Parity {}", percent(s.parity)), color),
        s.apis,
        uncounted(r, &s.by_status),
        counts_line(&s.by_status)
    );
    if let Some((line, counts)) = test_support_line(r) {
        out += &format!("{}\n  {counts}\n", terminal(&line));
    }
    out += &format!(
        "{} files ({} with errors), {} guards: {} refuse, {} adapt, {} skip tests\n{}",
        s.files,
        s.files_with_errors,
        s.guards.total(),
        s.guards.refuses,
        s.guards.adapts,
        s.guards.skips_test,
        match r.refusals.len() {
            0 => String::new(),
            n => format!(
                "{n} refusals of some inputs inside the {} definitions\n",
                r.target
            ),
        }
    );

    if r.tests.summary.total > 0 {
        out += &format!("{}\n", r.tests.line(&r.target));
    }
    if let Some(line) = accepted_line(r) {
        out += &format!("{}\n", terminal(&line));
    }
    // Packages with the most gaps (the ones not built on the target get a line each below).
    let pkgs = r.packages_by_gaps(true, false);
    if !pkgs.is_empty() {
        let mut t = new_table(
            &[
                "package",
                "parity",
                "gaps",
                "guarded",
                "stub",
                "unsupported",
                "missing",
            ],
            color,
            width,
        );
        for p in pkgs.iter().take(limit) {
            let b = &p.by_status;
            t.add_row(vec![
                Cell::new(terminal(&p.package_dir)),
                parity_cell(p.parity),
                Cell::new(b.gaps()),
                Cell::new(b.guarded),
                Cell::new(b.stub),
                Cell::new(b.unsupported),
                Cell::new(b.missing),
            ]);
        }
        out += &format!(
            "\nPackages with the most gaps ({} of {})\n{t}\n",
            pkgs.len().min(limit),
            pkgs.len()
        );
    }
    let not_built = r.absent_packages();
    if !not_built.is_empty() {
        out += &format!(
            "\nPackages not built on {} at all ({})\n",
            r.target,
            not_built.len()
        );
        for p in not_built.iter().take(limit) {
            out += &format!("  {} ({} APIs)\n", terminal(&p.package_dir), p.apis);
        }
        if not_built.len() > limit {
            out += &format!("  … and {} more (--limit)\n", not_built.len() - limit);
        }
    }

    let product = r.product_apis();
    for (status, title) in [
        (Status::Guarded, "Refused on the target (guarded)"),
        (
            Status::Unsupported,
            "Unsupported (only fails on the target)",
        ),
        (Status::Stub, "Stubs (do nothing on the target)"),
    ] {
        let apis: Vec<&Api> = product
            .iter()
            .copied()
            .filter(|a| a.status == status && r.is_new(&a.id))
            .collect();
        if apis.is_empty() {
            continue;
        }
        let detail = if status == Status::Stub {
            "body"
        } else {
            "message"
        };
        let mut t = new_table(&["API", detail, "where"], color, width);
        // `file:line` is what people copy: never wrap it. Then the names get their room (up to
        // half the width), and the message wraps in what is left.
        if let Some(c) = t.column_mut(2) {
            c.set_constraint(ColumnConstraint::ContentWidth);
        }
        // Each row: (name, detail, where).
        let rows: Vec<(String, String, String)> = apis
            .iter()
            .take(limit)
            .map(|a| {
                let detail = if status == Status::Stub {
                    r.target_body(a).to_string()
                } else {
                    a.messages.join("; ")
                };
                // An accepted gap is marked by its name; the reasons are listed below.
                let name = match r.suppression(&a.id) {
                    Some(_) => format!("{} (accepted)", display_name(a)),
                    None => display_name(a),
                };
                // For a refusal, point at the guard or the refusal: that is the line to read.
                let at = super::markdown::finding_location(r, a);
                (
                    terminal(&name).into_owned(),
                    terminal(&detail).into_owned(),
                    terminal(&at).into_owned(),
                )
            })
            .collect();
        let widest = |f: fn(&(String, String, String)) -> &String| {
            rows.iter().map(|x| f(x).chars().count()).max().unwrap_or(0) as u16
        };
        let (longest, detail, place) = (widest(|x| &x.0), widest(|x| &x.1), widest(|x| &x.2));
        // (Widths count the cell's padding, one space each side; four borders; the detail
        // keeps up to 10 columns.)
        let w = width.max(MIN_WIDTH);
        let room = (longest + 2)
            .min(w / 2)
            .min(w.saturating_sub(4 + place + 2 + (detail + 2).min(10)));
        if let Some(c) = t.column_mut(0) {
            c.set_constraint(ColumnConstraint::LowerBoundary(comfy_table::Width::Fixed(
                room,
            )));
        }
        for (name, detail, at) in rows {
            t.add_row(vec![name, detail, at]);
        }
        let more = if apis.len() > limit {
            format!(", first {limit}; --limit shows more")
        } else {
            String::new()
        };
        out += &format!("\n{title}: {}{more}\n{t}\n", apis.len());
    }
    if !r.suppressed.is_empty() {
        // Each suppression once: its pattern, how many gaps it accepts, why.
        let mut by_pattern: Vec<(&str, &str, usize)> = Vec::new();
        for s in &r.suppressed {
            match by_pattern.iter_mut().find(|(p, _, _)| *p == s.pattern) {
                Some(e) => e.2 += 1,
                None => by_pattern.push((&s.pattern, &s.reason, 1)),
            }
        }
        out += &format!(
            "\nAccepted gaps ({}), by .winparity.toml\n",
            r.suppressed.len()
        );
        for (pattern, reason, n) in by_pattern {
            out += &format!("  {} ({n}): {}\n", terminal(pattern), terminal(reason));
        }
    }
    if !r.notes.is_empty() {
        out += &format!("\nNotes ({})\n", r.notes.len());
        for n in r.notes.iter().take(limit) {
            out += &format!("  {}\n", terminal(n));
        }
    }
    out
}

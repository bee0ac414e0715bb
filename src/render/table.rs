//! The table a person reads first: overall parity, the packages with the most gaps, then the
//! catalogue of gaps — refusals and unsupported APIs with their messages, and stubs — each with
//! its `file:line`. Fits in the terminal's width (`COLUMNS`, else the terminal's, else 100).
//!
//! Each section is one function of the [`View`]; [`render`] puts them in order.

use comfy_table::{
    Cell, Color, ColumnConstraint, ContentArrangement, Table, presets::UTF8_FULL_CONDENSED,
};

use super::escape::terminal;
use super::view::{ApiView, View, tags};
use crate::model::{EntryStatus, Status, percent};

/// The width when neither `COLUMNS` nor a terminal says one.
pub const DEFAULT_WIDTH: u16 = 100;

/// The narrowest width the tables are drawn in (a narrower `COLUMNS` is taken as this).
pub const MIN_WIDTH: u16 = 40;

/// How the table is drawn: rows per list, colors, width.
#[derive(Clone, Copy)]
struct Layout {
    limit: usize,
    color: bool,
    width: u16,
}

impl Layout {
    fn table(&self, header: &[&str]) -> Table {
        let mut t = Table::new();
        t.load_style(UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(self.width.max(MIN_WIDTH));
        if self.color {
            t.enforce_styling();
        } else {
            t.force_no_tty();
        }
        t.set_header(header.to_vec());
        t
    }
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

/// Renders the report as the summary table, `width` columns wide; `color` for a terminal.
pub fn render(v: &View, limit: usize, color: bool, width: u16) -> String {
    let l = Layout {
        limit,
        color,
        width,
    };
    let mut out = summary(v, color);
    out += &packages(v, l);
    out += &absent(v, l);
    for (status, title) in [
        (Status::Guarded, "Refused on the target (guarded)"),
        (
            Status::Unsupported,
            "Unsupported (only fails on the target)",
        ),
        (Status::Stub, "Stubs (do nothing on the target)"),
    ] {
        out += &catalogue(v, l, status, title);
    }
    out += &features(v, l);
    out += &breaks(v, l);
    out += &accepted(v);
    out += &notes(v, limit);
    out
}

/// The entry points, worst first: what a user of each meets on the target (docs/RULES.md §8).
fn features(v: &View, l: Layout) -> String {
    if v.features.is_empty() {
        return String::new();
    }
    let mut t = l.table(&["entry point", "on the target", "depth", "what it meets"]);
    let shown: Vec<_> = v
        .features
        .iter()
        .filter(|f| f.entry.status != EntryStatus::Works)
        .take(l.limit)
        .collect();
    for f in &shown {
        let e = f.entry;
        t.add_row(vec![
            Cell::new(terminal(&format!("{} {}", e.kind, e.name))),
            Cell::new(e.status.as_str()),
            Cell::new(e.depth.map_or(String::new(), |d| d.to_string())),
            Cell::new(terminal(&f.meets)),
        ]);
    }
    let not = v.features_meeting;
    let works = v.features.len() - not;
    let mut out = format!(
        "\nFeatures on {}: {} entry points, {works} meet no gap, {not} do\n",
        v.platforms.target_title,
        v.features.len()
    );
    if !shown.is_empty() {
        out += &format!("{t}\n");
    }
    if not > shown.len() {
        out += &format!("  … and {} more (--limit)\n", not - shown.len());
    }
    out
}

/// Build breaks: references the target's build cannot resolve (docs/RULES.md §9).
fn breaks(v: &View, l: Layout) -> String {
    let b = &v.report.breaks;
    let header = format!(
        "Build breaks on {} ({}): names declared on no file built there",
        v.platforms.target,
        b.len()
    );
    let mut out = String::new();
    super::lines(&mut out, &header, b, l.limit, |x| {
        format!(
            "{}:{}: undefined: {}",
            terminal(&x.file),
            x.line,
            terminal(&x.reference)
        )
    });
    out
}

/// The lines above the tables: what was scanned, parity and its counts, files and guards,
/// tests, what is accepted.
fn summary(v: &View, color: bool) -> String {
    let r = v.report;
    let s = &r.summary;
    let revision = match (&r.source.rev, &r.source.commit) {
        (Some(rev), Some(c)) => format!(" {} ({})", terminal(rev), super::escape::prefix(c, 12)),
        _ => String::new(),
    };
    let mut out = format!(
        "winparity {}{revision} — {} vs {} (go{}, cgo {}, platforms {}{})\n",
        terminal(r.source.name.as_deref().unwrap_or(&r.source.path)),
        r.target,
        r.reference,
        r.go,
        if r.cgo { "on" } else { "off" },
        r.platforms.join(","),
        tags(r, ", tags "),
    );
    out += &format!(
        "{} of {} APIs ({} not counted)\n  {}\n",
        bold(&format!("Parity {}", percent(s.parity)), color),
        s.apis,
        v.counts.uncounted,
        v.counts.in_parity
    );
    if let Some((line, counts)) = &v.counts.test_support {
        out += &format!("{}\n  {counts}\n", terminal(line));
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
    if let Some(line) = &v.counts.accepted {
        out += &format!("{}\n", terminal(line));
    }
    out
}

/// Packages with the most gaps (the ones not built on the target get a line each below).
fn packages(v: &View, l: Layout) -> String {
    let pkgs = &v.packages;
    if pkgs.is_empty() {
        return String::new();
    }
    let mut t = l.table(&[
        "package",
        "parity",
        "gaps",
        "guarded",
        "stub",
        "unsupported",
        "missing",
    ]);
    for p in pkgs.iter().take(l.limit) {
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
    format!(
        "\nPackages with the most gaps ({} of {})\n{t}\n",
        pkgs.len().min(l.limit),
        pkgs.len()
    )
}

/// The packages not built on the target at all, one line each.
fn absent(v: &View, l: Layout) -> String {
    let header = format!(
        "Packages not built on {} at all ({})",
        v.platforms.target,
        v.absent.len()
    );
    let mut out = String::new();
    super::lines(&mut out, &header, &v.absent, l.limit, |p| {
        format!(
            "{} ({} APIs)",
            terminal(&p.package.package_dir),
            p.package.apis
        )
    });
    out
}

/// One row of the catalogue: (name, detail, where), escaped for the terminal.
type Row = (String, String, String);

fn catalogue_row(f: &ApiView, status: Status) -> Row {
    let detail = if status == Status::Stub {
        f.on_target
            .and_then(|d| d.body)
            .map_or("", |b| b.as_str())
            .to_string()
    } else {
        f.api.messages.join("; ")
    };
    // An accepted gap is marked by its name; the reasons are listed below.
    let name = match f.accepted {
        Some(_) => format!("{} (accepted)", f.name),
        None => f.name.clone(),
    };
    // For a refusal, point at the guard or the refusal: that is the line to read.
    (
        terminal(&name).into_owned(),
        terminal(&detail).into_owned(),
        terminal(&f.at).into_owned(),
    )
}

/// The gaps of one status, a table of name, message (or body) and `file:line`.
fn catalogue(v: &View, l: Layout, status: Status, title: &str) -> String {
    let found: Vec<&ApiView> = v
        .product_findings()
        .filter(|f| f.api.status == status)
        .collect();
    if found.is_empty() {
        return String::new();
    }
    let detail = if status == Status::Stub {
        "body"
    } else {
        "message"
    };
    let mut t = l.table(&["API", detail, "where"]);
    // `file:line` is what people copy: never wrap it. Then the names get their room (up to
    // half the width), and the message wraps in what is left.
    if let Some(c) = t.column_mut(2) {
        c.set_constraint(ColumnConstraint::ContentWidth);
    }
    let rows: Vec<Row> = found
        .iter()
        .take(l.limit)
        .map(|f| catalogue_row(f, status))
        .collect();
    if let Some(c) = t.column_mut(0) {
        c.set_constraint(ColumnConstraint::LowerBoundary(comfy_table::Width::Fixed(
            name_room(&rows, l.width),
        )));
    }
    for (name, detail, at) in rows {
        t.add_row(vec![name, detail, at]);
    }
    let more = if found.len() > l.limit {
        format!(", first {}; --limit shows more", l.limit)
    } else {
        String::new()
    };
    format!("\n{title}: {}{more}\n{t}\n", found.len())
}

/// The columns the names get: their longest, at most half the width, and never so many that
/// the `file:line` and 10 columns of the detail do not fit. (Widths count the cell's padding,
/// one space each side; four borders.)
fn name_room(rows: &[Row], width: u16) -> u16 {
    let widest = |f: fn(&Row) -> &String| {
        rows.iter().map(|x| f(x).chars().count()).max().unwrap_or(0) as u16
    };
    let (longest, detail, place) = (widest(|x| &x.0), widest(|x| &x.1), widest(|x| &x.2));
    let w = width.max(MIN_WIDTH);
    (longest + 2)
        .min(w / 2)
        .min(w.saturating_sub(4 + place + 2 + (detail + 2).min(10)))
}

/// Each suppression once: its pattern, how many gaps it accepts, why.
fn accepted(v: &View) -> String {
    let suppressed = &v.report.suppressed;
    if suppressed.is_empty() {
        return String::new();
    }
    let mut by_pattern: Vec<(&str, &str, usize)> = Vec::new();
    for s in suppressed {
        match by_pattern.iter_mut().find(|(p, _, _)| *p == s.pattern) {
            Some(e) => e.2 += 1,
            None => by_pattern.push((&s.pattern, &s.reason, 1)),
        }
    }
    let mut out = format!(
        "\nAccepted gaps ({}), by .winparity.toml\n",
        suppressed.len()
    );
    for (pattern, reason, n) in by_pattern {
        out += &format!("  {} ({n}): {}\n", terminal(pattern), terminal(reason));
    }
    out
}

/// The report's notes, up to `limit`.
fn notes(v: &View, limit: usize) -> String {
    let notes = &v.report.notes;
    if notes.is_empty() {
        return String::new();
    }
    let mut out = format!("\nNotes ({})\n", notes.len());
    for n in notes.iter().take(limit) {
        out += &format!("  {}\n", terminal(n));
    }
    out
}

//! The HTML report: one self-contained file (no network, no CDN) with the Markdown report's
//! content and what people would rather see than read — a parity chart per package (SVG made
//! here), a filterable, sortable, searchable table of APIs, and each finding expandable to its
//! source: the Windows definition beside the Linux one, as the founding articles read
//! `_windows.go` beside `_unix.go`.
//!
//! The page is a minijinja template (`templates/report.html`); the data travels as one JSON
//! object in a `<script type="application/json">` element, read by a small embedded script.

use std::collections::HashMap;

use serde::Serialize;

use super::explain::source_lines;
use super::view::View;
use crate::model::{Report, Status, percent};

/// The page template.
pub const TEMPLATE: &str = include_str!("../../templates/report.html");

/// Most APIs whose source is embedded (the findings first).
const MAX_SNIPPETS: usize = 3000;
/// Lines of source per definition.
const SNIPPET_LINES: usize = 25;
/// Packages in the chart.
const CHART_PACKAGES: usize = 30;

#[derive(Serialize)]
struct Snippet {
    file: String,
    line: u32,
    platforms: Vec<String>,
    body: Option<String>,
    text: String,
}

/// A guard, or a refusal inside the target's own definition, as the page shows it beside its
/// API. The page's script reads it as `[at, effect, condition, message]` (an array keeps the
/// embedded data small: there is one per guard).
struct GuardView {
    /// `file:line`.
    at: String,
    /// `refuses`, `adapts`, `skips-test`, or `refuses input` for a refusal.
    effect: &'static str,
    /// The condition's text.
    condition: String,
    /// The message, if any.
    message: Option<String>,
}

impl Serialize for GuardView {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (&self.at, self.effect, &self.condition, &self.message).serialize(s)
    }
}

#[derive(Serialize)]
struct Row<'a> {
    id: &'a str,
    name: String,
    package: &'a str,
    kind: &'a str,
    status: &'static str,
    at: String,
    messages: &'a [String],
    missing_fields: &'a [String],
    /// In a test-support package (docs/RULES.md §6): hidden unless asked for.
    test_support: bool,
    /// Why the gap is accepted, when a suppression covers it.
    accepted: Option<&'a str>,
    /// Definitions with their source, when embedded.
    defs: Vec<Snippet>,
    guards: Vec<GuardView>,
}

#[derive(Serialize)]
struct PageData<'a> {
    target: &'a str,
    reference: &'a str,
    link_base: Option<&'a str>,
    apis: Vec<Row<'a>>,
}

use super::escape::html as esc;

/// The chart: one bar per package with gaps (most gaps first), its length the parity.
pub fn chart(r: &Report) -> String {
    let mut pkgs = r.packages_by_gaps(false, false);
    pkgs.truncate(CHART_PACKAGES);
    let (label_w, bar_w, row_h) = (300.0, 420.0, 22.0);
    let height = row_h * pkgs.len() as f64 + 30.0;
    let mut svg = format!(
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {height}\" width=\"{w}\" height=\"{height}\" role=\"img\" aria-label=\"Parity per package\">",
        w = label_w + bar_w + 160.0
    );
    for (i, p) in pkgs.iter().enumerate() {
        let y = i as f64 * row_h + 4.0;
        let parity = p.parity.unwrap_or(0.0);
        let len = (parity * bar_w).max(1.0);
        let b = &p.by_status;
        svg += &format!(
            "<g class=\"bar-row\"><title>{pkg}: parity {pct}, {gaps} gaps ({g} guarded, {s} stub, {u} unsupported, {m} missing)</title>\
             <text x=\"{lx}\" y=\"{ty}\" text-anchor=\"end\">{pkg}</text>\
             <rect class=\"track\" x=\"{x}\" y=\"{y}\" width=\"{bar_w}\" height=\"{h}\"/>\
             <rect class=\"bar\" x=\"{x}\" y=\"{y}\" width=\"{len:.1}\" height=\"{h}\"/>\
             <text x=\"{vx}\" y=\"{ty}\">{pct} · {gaps} gap{plural}</text></g>",
            pkg = esc(&p.package_dir),
            pct = percent(p.parity),
            gaps = b.gaps(),
            plural = if b.gaps() == 1 { "" } else { "s" },
            g = b.guarded,
            s = b.stub,
            u = b.unsupported,
            m = b.missing,
            lx = label_w - 8.0,
            ty = y + 14.0,
            x = label_w,
            h = row_h - 6.0,
            vx = label_w + bar_w + 8.0,
        );
    }
    let axis_y = row_h * pkgs.len() as f64 + 18.0;
    for t in [0, 25, 50, 75, 100] {
        let x = label_w + bar_w * t as f64 / 100.0;
        svg += &format!(
            "<text class=\"axis\" x=\"{x}\" y=\"{axis_y}\" text-anchor=\"middle\">{t}%</text>"
        );
    }
    svg += "</svg>";
    svg
}

/// Why the page could not be made: the data did not serialize, or the template did not
/// render. The text is the underlying error's.
#[derive(Debug, thiserror::Error)]
pub enum HtmlError {
    /// The embedded data.
    #[error("{0}")]
    Data(#[from] serde_json::Error),
    /// The template.
    #[error("{0}")]
    Template(#[from] minijinja::Error),
}

/// Renders the HTML page. `read` gives a file's bytes by its path in the report, for the
/// source snippets.
pub fn render(
    v: &View,
    link_base: Option<&str>,
    read: &dyn Fn(&str) -> Option<Vec<u8>>,
) -> Result<String, HtmlError> {
    let r = v.report;
    let data = PageData {
        target: &r.target,
        reference: &r.reference,
        link_base,
        apis: rows(v, read),
    };
    let data_json = super::escape::script_json(&serde_json::to_string(&data)?);
    let package_rows = |pkgs: &[&crate::model::PackageSummary]| -> Vec<minijinja::Value> {
        pkgs.iter()
            .map(|p| {
                minijinja::context! {
                    dir => &p.package_dir, parity => percent(p.parity), apis => p.apis, gaps => p.by_status.gaps(),
                    guarded => p.by_status.guarded, stub => p.by_status.stub,
                    unsupported => p.by_status.unsupported, missing => p.by_status.missing,
                }
            })
            .collect()
    };
    let absent: Vec<_> = v
        .absent
        .iter()
        .map(|p| minijinja::context! { dir => &p.package.package_dir, apis => p.package.apis })
        .collect();
    let counts: Vec<_> = Status::ALL
        .iter()
        .map(|&s| minijinja::context! { status => s.as_str(), label => s.label(&r.target, &r.reference), count => r.summary.by_status.get(s) })
        .collect();
    let mut env = minijinja::Environment::new();
    env.add_template("report.html", TEMPLATE)?;
    let tmpl = env.get_template("report.html")?;
    Ok(tmpl.render(minijinja::context! {
        title => &v.title,
        source_line => v.source_line(&|s| s.to_string()),
        parity => percent(r.summary.parity),
        apis => r.summary.apis,
        files => r.summary.files,
        target => &r.target,
        reference => &r.reference,
        counts => counts,
        guards => r.summary.guards.total(),
        refuses => r.summary.guards.refuses,
        chart => minijinja::Value::from_safe_string(chart(r)),
        packages => package_rows(&v.packages),
        support_packages => package_rows(&v.support_packages),
        test_support_line => v.counts.test_support.as_ref().map(|(l, c)| format!("{l} ({c})")),
        test_support_count => r.summary.test_support.apis,
        target_only => &v.platforms.target_only,
        target_title => &v.platforms.target_title,
        reference_internal => &v.platforms.reference_internal,
        absent => absent,
        notes => &r.notes,
        tests_line => (r.tests.summary.total > 0).then(|| r.tests.line(&r.target)),
        tests_runs => r.tests.summary.runs,
        tests_total => r.tests.summary.total,
        test_reasons => r.tests.reasons().into_iter().take(30).map(|(s, w, n)| minijinja::context! { status => s, why => w, count => n }).collect::<Vec<_>>(),
        features => v.features.iter().map(|f| minijinja::context! {
            kind => &f.entry.kind, name => &f.entry.name, status => f.entry.status.as_str(),
            depth => f.entry.depth, meets => &f.meets,
            path => f.nearest.first().map(|x| x.path.clone()).unwrap_or_default(),
        }).collect::<Vec<_>>(),
        features_meeting => v.features_meeting,
        breaks => r.breaks.iter().map(|b| minijinja::context! {
            file => &b.file, line => b.line, ref => &b.reference,
        }).collect::<Vec<_>>(),
        data_json => minijinja::Value::from_safe_string(data_json),
    })?)
}

/// The page's rows: every API, the findings' source embedded first (up to [`MAX_SNIPPETS`]
/// APIs), each with its guards and refusals.
fn rows<'r>(v: &View<'r>, read: &dyn Fn(&str) -> Option<Vec<u8>>) -> Vec<Row<'r>> {
    let r = v.report;
    let mut cache: HashMap<String, Option<Vec<u8>>> = HashMap::new();
    let mut snippet = |file: &str, line: u32| -> String {
        let bytes = cache.entry(file.to_string()).or_insert_with(|| read(file));
        bytes
            .as_deref()
            .map(|b| source_lines(b, line, SNIPPET_LINES, false))
            .unwrap_or_default()
    };
    // Findings first, so the embedded source goes to them.
    let order = [
        Status::Guarded,
        Status::Unsupported,
        Status::Stub,
        Status::Native,
        Status::Missing,
    ];
    let mut with_source: Vec<&str> = Vec::new();
    for s in order {
        with_source.extend(
            r.apis
                .iter()
                .filter(|a| a.status == s)
                .map(|a| a.id.as_str()),
        );
    }
    with_source.truncate(MAX_SNIPPETS);
    let with_source: std::collections::HashSet<&str> = with_source.into_iter().collect();
    r.apis
        .iter()
        .map(|a| {
            let f = v.api(a);
            // Guards, then refusals inside the target's own definition (docs/RULES.md §4b),
            // each with its file:line, what the condition tests and the message.
            let guards = v
                .guards(&a.id)
                .iter()
                .map(|g| GuardView {
                    at: format!("{}:{}", g.file, g.line),
                    effect: g.effect.as_str(),
                    condition: g.condition.clone(),
                    message: g.message.clone(),
                })
                .chain(v.refusals(&a.id).iter().map(|x| GuardView {
                    at: format!("{}:{}", x.file, x.line),
                    effect: "refuses input",
                    condition: x.condition.clone(),
                    message: Some(x.message.clone()),
                }))
                .collect();
            Row {
                test_support: f.test_support,
                accepted: f.accepted.map(|s| s.reason.as_str()),
                id: &a.id,
                name: f.name,
                package: &a.package_dir,
                kind: a.kind.as_str(),
                status: a.status.as_str(),
                at: f.at,
                messages: &a.messages,
                missing_fields: &a.missing_fields,
                defs: if with_source.contains(a.id.as_str()) {
                    a.definitions
                        .iter()
                        .map(|d| Snippet {
                            file: d.file.to_string(),
                            line: d.line,
                            platforms: d.platforms.to_vec(),
                            body: d.body.map(|b| b.as_str().to_string()),
                            text: snippet(&d.file, d.line),
                        })
                        .collect()
                } else {
                    Vec::new()
                },
                guards,
            }
        })
        .collect()
}

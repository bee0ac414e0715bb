//! The renderers: table, Markdown, HTML, SARIF and GitHub annotations of a report, and the
//! views of `explain`, `diff` and `history`. They only read the finished [`crate::model`],
//! through one processed [`view`] of it: the findings, packages, counts and platform names are
//! worked out there once, and each renderer only lays them out. One escaping module serves
//! them all: every text from the tree, git or a JSON report passes through [`escape`].
//!
//! To add an output format: a module here with a `render(&View, …) -> String` (ask the view,
//! not the report, for anything another renderer also shows), its `Format` variant in
//! `src/cli/mod.rs` and its arm in `src/cli/scan.rs` (docs/ARCHITECTURE.md).

pub mod diffview;
pub mod escape;
pub mod explain;
pub mod historyview;
pub mod html;
pub mod markdown;
pub mod sarif;
pub mod table;
pub mod view;

/// A list for the terminal: its `header` line, at most `limit` rows of `rows` each on its own
/// indented line, and how many more there are. Nothing when there are no rows.
fn lines<T>(out: &mut String, header: &str, rows: &[T], limit: usize, line: impl Fn(&T) -> String) {
    if rows.is_empty() {
        return;
    }
    *out += &format!("\n{header}\n");
    for r in rows.iter().take(limit) {
        *out += &format!("  {}\n", line(r));
    }
    if rows.len() > limit {
        *out += &format!("  … and {} more (--limit)\n", rows.len() - limit);
    }
}

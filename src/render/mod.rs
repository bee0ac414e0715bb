//! The renderers: table, Markdown, HTML, SARIF and GitHub annotations of a report, and the
//! views of `explain`, `diff` and `history`. They only read the finished [`crate::model`]; one
//! escaping module serves them all.

pub mod diffview;
pub mod escape;
pub mod explain;
pub mod historyview;
pub mod html;
pub mod markdown;
pub mod sarif;
pub mod table;

// The model, under the name the renderers (and the crate's users) have known it by.
pub use crate::model::*;

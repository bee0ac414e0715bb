//! The words of a refusal (docs/RULES.md §4b): "not supported", "does not support", "not
//! implemented", … — what tells a refusal from ordinary validation ("invalid path").

use std::sync::LazyLock;

/// The words of a refusal, as docs/RULES.md §4b lists them (case-insensitive).
pub const WORDING: &str = r"(?i)not (yet |currently )?supported|unsupported|(does|do|can) ?not support|doesn't support|don't support|not implemented|unimplemented|not available|only (supported|available)";

pub(crate) static WORDING_BYTES: LazyLock<regex::bytes::Regex> =
    LazyLock::new(|| regex::bytes::Regex::new(WORDING).expect("the wording compiles"));
static WORDING_TEXT: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new(WORDING).expect("the wording compiles"));

/// Whether a message has a refusal's wording.
pub fn is_refusal_wording(message: &str) -> bool {
    WORDING_TEXT.is_match(message)
}

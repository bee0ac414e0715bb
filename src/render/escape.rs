//! Every text a renderer writes passes through here: the values come from the scanned tree
//! (paths, names, messages), from git (tag and revision names, which may hold almost any
//! character) or from a JSON report anyone can write, so none of them is trusted.
//!
//! One escaper per context, as the context's own rules say: HTML text and attributes, JSON
//! inside a `<script>` element, Markdown text, table cells, code spans and link targets, text
//! for a terminal, and GitHub workflow commands' data and properties.

use std::borrow::Cow;
use std::fmt::Write;

/// Text or an attribute value in HTML or SVG: `&`, `<`, `>`, `"` and `'` as character
/// references.
pub fn html(s: &str) -> Cow<'_, str> {
    if !s.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// JSON to be placed inside a `<script>` element: every `<` as `\u003c` (the same string to a
/// JSON parser), so nothing in it can close the element or open a comment (`<!--`).
/// U+2028 and U+2029 are escaped too, for older JavaScript parsers.
pub fn script_json(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// One line: control characters (a newline included) as spaces, so a value cannot start a
/// new line, a heading or a list item of its own.
fn one_line(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars().map(|c| if c.is_control() { ' ' } else { c })
}

/// Markdown text (outside code spans), on one line: the characters that start emphasis, code,
/// links, headings, tables and strike-through backslash-escaped (`(` means nothing once `[` is
/// escaped), `<`, `>` and `&` as character references (so no HTML tag, block quote, entity
/// or autolink starts).
pub fn md_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in one_line(s) {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// A Markdown table cell of text: as [`md_text`] (which escapes `|`, the cell separator).
pub fn md_cell(s: &str) -> String {
    md_text(s)
}

/// A Markdown code span holding `s` literally: delimited by one more backquote than the
/// longest run inside it (CommonMark's rule; nothing inside a code span can be escaped), with
/// `|` as `\|`, which GitHub's tables need even there, and on one line.
pub fn md_code(s: &str) -> String {
    let text: String = one_line(s).collect::<String>().replace('|', "\\|");
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    // A space on each side when the text starts or ends with a backquote (stripped by the
    // reader), else the fence would read it as part of itself.
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// A link target (`[text](target)`): percent-encodes what would end or break it (white space,
/// `(`, `)`, `<`, `>`, `\`, control characters), and anything outside ASCII.
pub fn md_url(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_graphic() && !matches!(b, b'(' | b')' | b'<' | b'>' | b'\\' | b'|') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// Text for a terminal: control characters (an escape sequence's ESC included, which could
/// move the cursor or retitle the window) shown as `\u{…}`; tabs and newlines kept.
pub fn terminal(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| {
                if c.is_control() && c != '\n' && c != '\t' {
                    c.escape_unicode().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

/// A GitHub workflow command's data (the message of `::warning …::message`): `%`, CR and LF
/// percent-encoded, as the Actions toolkit's `escapeData` does.
pub fn github_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A GitHub workflow command's property (`file=…`, `title=…`): as [`github_data`], and `:` and
/// `,` too (the toolkit's `escapeProperty`).
pub fn github_property(s: &str) -> String {
    github_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// The first `n` characters of `s` (not bytes: a commit read back from a JSON report may hold
/// anything).
pub fn prefix(s: &str, n: usize) -> &str {
    s.char_indices().nth(n).map_or(s, |(i, _)| &s[..i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_markup_and_quotes() {
        assert_eq!(
            html(r#"v1.0.1<svg/onload=alert(1)> & "x" 'y'"#),
            "v1.0.1&lt;svg/onload=alert(1)&gt; &amp; &quot;x&quot; &#39;y&#39;"
        );
        assert!(matches!(html("plain"), Cow::Borrowed("plain")));
    }

    #[test]
    fn script_json_cannot_close_the_element_or_open_a_comment() {
        assert_eq!(
            script_json(r#"{"a":"</script><!--<script>"}"#),
            r#"{"a":"\u003c/script>\u003c!--\u003cscript>"}"#
        );
        let back: serde_json::Value =
            serde_json::from_str(&script_json(r#"{"a":"</script>"}"#)).unwrap();
        assert_eq!(back["a"], "</script>");
    }

    #[test]
    fn md_text_keeps_a_value_on_its_line_and_inert() {
        assert_eq!(
            md_text("x\n## ✅ gate <img src=x> [a](b) `c` *d* | e"),
            "x \\#\\# ✅ gate &lt;img src=x&gt; \\[a\\](b) \\`c\\` \\*d\\* \\| e"
        );
    }

    #[test]
    fn md_code_fences_past_any_backquote_run() {
        assert_eq!(md_code("a|b"), "`a\\|b`");
        assert_eq!(md_code("v1`x"), "``v1`x``");
        assert_eq!(md_code("``x"), "``` ``x ```");
        assert_eq!(md_code("a\nb"), "`a b`");
    }

    #[test]
    fn md_url_percent_encodes_what_ends_a_link() {
        assert_eq!(
            md_url("https://h/o/r/blob/x/a b(1).go#L3"),
            "https://h/o/r/blob/x/a%20b%281%29.go#L3"
        );
        assert_eq!(md_url("é"), "%C3%A9");
    }

    #[test]
    fn terminal_shows_escape_sequences_instead_of_running_them() {
        assert_eq!(terminal("a\x1b]0;x\x07b\tc\n"), "a\\u{1b}]0;x\\u{7}b\tc\n");
    }

    #[test]
    fn prefix_counts_characters_not_bytes() {
        assert_eq!(prefix("aaaaaaaaaaaé", 12), "aaaaaaaaaaaé");
        assert_eq!(prefix("ééééééééééééé", 12), "éééééééééééé");
        assert_eq!(prefix("0123456789abcdef", 12), "0123456789ab");
        assert_eq!(prefix("", 12), "");
    }
}

//! Refusals inside a definition of the target's own (docs/RULES.md §4b): an `if` whose branch
//! returns an error (or panics) with the words of a refusal, "invalid option: Windows does not
//! support CpusetCpus". The function works on Windows, but not for those inputs.
//!
//! Read from tokens, for the files built on the target or the reference but not on both, and
//! only when the file holds a refusal's wording at all: what the join decides (the definition is
//! the target's own, the condition is no guard, the reference does not refuse the same) needs
//! the whole tree.

use std::sync::LazyLock;

use super::body::{self, Ending};
use super::decls::{Cursor, Decl, DeclKind};
use super::guards::fold;
use super::lexer::{Kind, Token, tokenize};

/// The words of a refusal, as docs/RULES.md §4b lists them (case-insensitive).
pub const WORDING: &str = r"(?i)not (yet |currently )?supported|unsupported|(does|do|can) ?not support|doesn't support|don't support|not implemented|unimplemented|not available|only (supported|available)";

static WORDING_BYTES: LazyLock<regex::bytes::Regex> =
    LazyLock::new(|| regex::bytes::Regex::new(WORDING).expect("the wording compiles"));
static WORDING_TEXT: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new(WORDING).expect("the wording compiles"));

/// Whether a message has a refusal's wording.
pub fn is_refusal_wording(message: &str) -> bool {
    WORDING_TEXT.is_match(message)
}

/// An `if` of a function body whose branch refuses with a refusal's wording.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RawRefusal {
    /// Byte offset of the condition (to find its declaration, and tell it from a guard).
    pub offset: u32,
    /// Line of the condition.
    pub line: u32,
    /// The condition's text, white space folded.
    pub condition: String,
    /// The message (the refusing error's first string literal).
    pub message: String,
    /// The selector paths the condition tests (`resources.CpusetCpus`), in order, once each.
    pub fields: Vec<String>,
}

/// The refusal candidates of a file, in source order: every `if` inside a function or method
/// body whose consequence's last statement refuses with a message in a refusal's words.
pub fn read_refusals(src: &[u8], decls: &[Decl]) -> Vec<RawRefusal> {
    if !WORDING_BYTES.is_match(src) {
        return Vec::new();
    }
    let mut toks = Vec::new();
    tokenize(src, &mut toks);
    let p = Cursor { src, toks: &toks };
    let mut out = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        if t.kind != Kind::Ident || t.text(src) != b"if" {
            continue;
        }
        let Some(d) = super::decl_index_at(decls, t.start).map(|k| &decls[k]) else {
            continue;
        };
        let in_body = matches!(d.kind, DeclKind::Func | DeclKind::Method)
            && d.body_span
                .is_some_and(|(a, b)| a <= t.start && t.start < b);
        if !in_body {
            continue;
        }
        // The condition runs to the `{` of the block at depth 0 (Go wants a composite literal
        // there in parentheses), after the init statement's `;` if there is one.
        let (mut j, mut from, mut depth) = (i + 1, i + 1, 0usize);
        while j < toks.len() {
            match toks[j].kind {
                Kind::Open if depth == 0 && toks[j].text(src) == b"{" => break,
                Kind::Open => depth += 1,
                Kind::Close => depth = depth.saturating_sub(1),
                Kind::Semi if depth == 0 => from = j + 1,
                _ => {}
            }
            j += 1;
        }
        if j >= toks.len() || from >= j {
            continue;
        }
        let close = p.skip_balanced(j);
        let inner = &toks[j + 1..close.saturating_sub(1).max(j + 1)];
        let Ending::Refuses(Some(message), _) = body::ending(src, inner) else {
            continue;
        };
        if !is_refusal_wording(&message) {
            continue;
        }
        let cond = &toks[from..j];
        // A test of `GOOS` is a guard's business (§4), whatever it tests.
        if cond
            .iter()
            .any(|t| t.kind == Kind::Ident && t.text(src) == b"GOOS")
        {
            continue;
        }
        out.push(RawRefusal {
            offset: cond[0].start,
            line: cond[0].line,
            condition: fold(&src[cond[0].start as usize..cond[cond.len() - 1].end as usize]),
            message,
            fields: fields(src, cond),
        });
    }
    out
}

/// The selector chains of identifiers in a condition (`a.b`, `a.b.c`, as long as they go), in
/// order, once each; a call's callee is not one, its operand chain is (`c.Config.IsHyperV()`
/// gives `c.Config`).
fn fields(src: &[u8], cond: &[Token]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut k = 0;
    while k < cond.len() {
        let starts = cond[k].kind == Kind::Ident && !(k > 0 && cond[k - 1].text(src) == b".");
        if !starts {
            k += 1;
            continue;
        }
        let mut names = vec![cond[k].text(src)];
        let mut e = k + 1;
        while e + 1 < cond.len() && cond[e].text(src) == b"." && cond[e + 1].kind == Kind::Ident {
            names.push(cond[e + 1].text(src));
            e += 2;
        }
        if cond.get(e).is_some_and(|t| t.text(src) == b"(") {
            names.pop();
        }
        if names.len() >= 2 {
            let chain = names
                .iter()
                .map(|n| String::from_utf8_lossy(n))
                .collect::<Vec<_>>()
                .join(".");
            if !out.contains(&chain) {
                out.push(chain);
            }
        }
        k = e.max(k + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusals(src: &str) -> Vec<(u32, String, String, Vec<String>)> {
        let decls = super::super::read_decls(src.as_bytes(), None);
        read_refusals(src.as_bytes(), &decls)
            .into_iter()
            .map(|r| (r.line, r.condition, r.message, r.fields))
            .collect()
    }

    #[test]
    fn an_if_that_refuses_with_a_refusals_words() {
        let src = "package d\n\nfunc V(r *R) error {\n\tif r.CpusetCpus != \"\" {\n\t\treturn fmt.Errorf(\"invalid option: Windows does not support CpusetCpus\")\n\t}\n\tif len(r.Blkio.Weights) > 0 || c.Config.IsHyperV() {\n\t\treturn nil, errors.New(\"Blkio is not supported\")\n\t}\n\tif x := f(); x != nil {\n\t\tpanic(\"not implemented here\")\n\t}\n\tif p == \"\" {\n\t\treturn errors.New(\"invalid path\")\n\t}\n\tif q {\n\t\tlog.Warn(\"unsupported\")\n\t}\n\treturn nil\n}\n";
        assert_eq!(
            refusals(src),
            [
                (
                    4,
                    "r.CpusetCpus != \"\"".to_string(),
                    "invalid option: Windows does not support CpusetCpus".to_string(),
                    vec!["r.CpusetCpus".to_string()]
                ),
                (
                    7,
                    "len(r.Blkio.Weights) > 0 || c.Config.IsHyperV()".to_string(),
                    "Blkio is not supported".to_string(),
                    vec!["r.Blkio.Weights".to_string(), "c.Config".to_string()]
                ),
                (
                    10,
                    "x != nil".to_string(),
                    "not implemented here".to_string(),
                    vec![]
                ),
            ]
        );
    }

    #[test]
    fn no_wording_in_the_file_reads_nothing() {
        assert_eq!(
            refusals(
                "package d\n\nfunc F() error {\n\tif x {\n\t\treturn errors.New(\"no\")\n\t}\n\treturn nil\n}\n"
            ),
            []
        );
    }
}

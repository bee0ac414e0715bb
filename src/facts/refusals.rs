//! Refusals inside a definition of the target's own (docs/RULES.md §4b): an `if` whose branch
//! returns an error (or panics) with the words of a refusal, "invalid option: Windows does not
//! support CpusetCpus". The function works on Windows, but not for those inputs.
//!
//! Read from tokens, for the files built on the target or the reference but not on both, and
//! only when the file holds a refusal's wording at all: what the join decides (the definition is
//! the target's own, the condition is no guard, the reference does not refuse the same) needs
//! the whole tree.

use super::body::{self, Ending};
use super::decls::{Decl, DeclKind};
use super::guards::fold;
use super::lexer::{Cursor, Kind, Token};
use super::wording::WORDING_BYTES;

pub use super::wording::{WORDING, is_refusal_wording};

/// A branch of a function body that refuses with a refusal's wording: an `if` whose
/// consequence does, or the body's last statement after early returns.
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
    /// When the error is a call of a possible error helper (`validationError("…")`), the
    /// callee: a refusal only if the join finds it is one (docs/RULES.md §3).
    pub via: Option<body::HelperCall>,
    /// The operating system the condition compares a value with (`platform == "windows"`):
    /// such a refusal is the target's even in a definition both platforms build.
    pub names_os: Option<String>,
}

/// The refusal candidates of a file, in source order (docs/RULES.md §4b):
/// - every `if` inside a function or method body whose consequence's last statement refuses
///   with a message in a refusal's words;
/// - a body's last statement that so refuses after one or more `if`s that return early (no
///   `else`): its condition is that none of them returned, `!(a) && !(b)`.
///
/// Conditions that test `GOOS` are a guard's business (§4) and are left out.
pub fn read_refusals(src: &[u8], decls: &[Decl]) -> Vec<RawRefusal> {
    // Where the words stand: only the `if`s and bodies that hold some are read further.
    let hits: Vec<u32> = WORDING_BYTES
        .find_iter(src)
        .map(|m| m.start() as u32)
        .collect();
    if hits.is_empty() {
        return Vec::new();
    }
    let has_words = |a: u32, b: u32| {
        let k = hits.partition_point(|&h| h < a);
        hits.get(k).is_some_and(|&h| h < b)
    };
    // Only the bodies that hold some are tokenized (a file's other code can hold no refusal
    // of these): each on its own, its line counted on from the last one's.
    let mut out = Vec::new();
    let mut toks = Vec::new();
    let (mut at, mut line) = (0usize, 1u32);
    for d in decls {
        let (DeclKind::Func | DeclKind::Method, Some((a, b))) = (d.kind, d.body_span) else {
            continue;
        };
        let (start, end) = (a as usize, b as usize);
        if !has_words(a, b) || start < at || end > src.len() || start > end {
            continue;
        }
        line += memchr::memchr_iter(b'\n', &src[at..start]).count() as u32;
        at = start;
        toks.clear();
        super::lexer::tokenize_range(src, start, end, line, &mut toks);
        let p = Cursor { src, toks: &toks };
        for (i, t) in toks.iter().enumerate() {
            if t.kind == Kind::Ident
                && t.text(src) == b"if"
                && let Some(r) = if_refusal(&p, i, &has_words, false).and_then(|x| x.refusal)
            {
                out.push(r);
            }
        }
        out.extend(fall_through(&p, (a, b), &has_words));
    }
    out.sort_by_key(|r| r.offset);
    out
}

/// What an `if` at token `i` is: its condition's token range, whether its consequence's last
/// statement is a `return`, whether it has an `else`, and the refusal it is, if any.
struct IfStmt {
    cond: std::ops::Range<usize>,
    /// One past the consequence's closing brace.
    end: usize,
    returns: bool,
    has_else: bool,
    refusal: Option<RawRefusal>,
}

/// `has_words(a, b)`: a refusal's words stand in bytes `a..b`; `returns` is read only when
/// `need_returns`.
fn if_refusal(
    p: &Cursor,
    i: usize,
    has_words: &dyn Fn(u32, u32) -> bool,
    need_returns: bool,
) -> Option<IfStmt> {
    let (src, toks) = (p.src, p.toks);
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
        return None;
    }
    let close = p.skip_balanced(j);
    let inner = &toks[j + 1..close.saturating_sub(1).max(j + 1)];
    let words = has_words(toks[j].start, toks[close.saturating_sub(1).max(j)].end);
    if !words && !need_returns {
        return None;
    }
    let returns = need_returns
        && body::statements(src, inner)
            .last()
            .is_some_and(|r| inner[r.start].text(src) == b"return");
    let has_else = toks.get(close).is_some_and(|t| t.text(src) == b"else");
    let mut stmt = IfStmt {
        cond: from..j,
        end: close,
        returns,
        has_else,
        refusal: None,
    };
    if !words {
        return Some(stmt);
    }
    let (message, via) = match body::ending(src, inner) {
        Ending::Refuses(Some(m), _) => (m, None),
        Ending::RefusesVia(m, h) => (m, Some(h)),
        _ => return Some(stmt),
    };
    let cond = &toks[from..j];
    if !is_refusal_wording(&message) || names_goos(src, cond) {
        return Some(stmt);
    }
    stmt.refusal = Some(RawRefusal {
        offset: cond[0].start,
        line: cond[0].line,
        condition: fold(&src[cond[0].start as usize..cond[cond.len() - 1].end as usize]),
        message,
        fields: fields(src, cond),
        via,
        names_os: compared_os(src, cond),
    });
    Some(stmt)
}

/// A test of `GOOS` is a guard's business (§4), whatever it tests.
fn names_goos(src: &[u8], cond: &[Token]) -> bool {
    cond.iter()
        .any(|t| t.kind == Kind::Ident && t.text(src) == b"GOOS")
}

/// The operating system a condition compares a value with: `x == "windows"` or
/// `"windows" == x`, the literal a known GOOS.
fn compared_os(src: &[u8], cond: &[Token]) -> Option<String> {
    (0..cond.len()).find_map(|k| {
        if cond[k].text(src) != b"==" {
            return None;
        }
        [k.checked_sub(1), Some(k + 1)]
            .into_iter()
            .flatten()
            .filter_map(|n| cond.get(n))
            .filter(|t| t.kind == Kind::Str)
            .map(|t| crate::facts::lexer::unquote(t.text(src)))
            .find(|os| crate::gobuild::syslist::is_known_os(os))
    })
}

/// The body's last statement, when it refuses in a refusal's words after `if`s at the top of
/// the body that return early.
fn fall_through(
    p: &Cursor,
    (a, b): (u32, u32),
    has_words: &dyn Fn(u32, u32) -> bool,
) -> Option<RawRefusal> {
    let (src, toks) = (p.src, p.toks);
    let first = toks.partition_point(|t| t.start < a);
    let end = toks.partition_point(|t| t.start < b);
    let body = &toks[first..end];
    let stmts = body::statements(src, body);
    let (last, init) = stmts.split_last()?;
    let last_toks = &body[last.clone()];
    let (message, via) = match body::ending(src, last_toks) {
        Ending::Refuses(Some(m), _) => (m, None),
        Ending::RefusesVia(m, h) => (m, Some(h)),
        _ => return None,
    };
    if !is_refusal_wording(&message) || last_toks[0].text(src) != b"return" {
        return None;
    }
    // The early returns: top-level `if`s without `else` whose consequence returns.
    let mut conds = Vec::new();
    let mut fields_of = Vec::new();
    for r in init {
        let s = &body[r.clone()];
        if s[0].text(src) != b"if" {
            continue;
        }
        let Some(stmt) = if_refusal(p, first + r.start, has_words, true) else {
            continue;
        };
        if !stmt.returns || stmt.has_else || stmt.end != first + r.end {
            continue;
        }
        let cond = &toks[stmt.cond.clone()];
        if names_goos(src, cond) {
            return None;
        }
        conds.push(format!(
            "!({})",
            fold(&src[cond[0].start as usize..cond[cond.len() - 1].end as usize])
        ));
        for f in fields(src, cond) {
            if !fields_of.contains(&f) {
                fields_of.push(f);
            }
        }
    }
    if conds.is_empty() {
        return None;
    }
    let at = last_toks[0];
    Some(RawRefusal {
        offset: at.start,
        line: at.line,
        condition: conds.join(" && "),
        message,
        fields: fields_of,
        via,
        names_os: None,
    })
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

    /// Line, condition, message, `qualifier.name` of a helper call, operating system named.
    type Shape = (u32, String, String, Option<String>, Option<String>);

    fn shapes(src: &str) -> Vec<Shape> {
        let decls = super::super::read_decls(src.as_bytes(), None);
        read_refusals(src.as_bytes(), &decls)
            .into_iter()
            .map(|r| {
                (
                    r.line,
                    r.condition,
                    r.message,
                    r.via
                        .map(|h| format!("{}.{}", h.qualifier.unwrap_or_default(), h.name)),
                    r.names_os,
                )
            })
            .collect()
    }

    #[test]
    fn helper_calls_fall_through_and_named_platforms() {
        let src = "package d\n\nfunc A(hc *H) error {\n\tif hc.Privileged {\n\t\treturn validationError(\"privileged mode is not supported\")\n\t}\n\treturn nil\n}\n\nfunc B(opts map[string]string) error {\n\tif len(opts) == 0 {\n\t\treturn nil\n\t}\n\tif x {\n\t\tlog.Debug(\"x\")\n\t}\n\tif y {\n\t\treturn nil\n\t} else {\n\t\tz()\n\t}\n\treturn types.NotImplementedErrorf(\"options are not supported\")\n}\n\nfunc C(platform string) error {\n\tif platform == \"windows\" {\n\t\treturn errors.New(\"stopsignal is not supported\")\n\t}\n\tif \"linux\" == p || q == \"x\" {\n\t\treturn errors.New(\"not supported\")\n\t}\n\treturn nil\n}\n\nfunc D() error {\n\tif runtime.GOOS == \"windows\" {\n\t\treturn nil\n\t}\n\treturn errors.New(\"not supported\")\n}\n";
        assert_eq!(
            shapes(src),
            [
                (
                    4,
                    "hc.Privileged".to_string(),
                    "privileged mode is not supported".to_string(),
                    Some(".validationError".to_string()),
                    None
                ),
                (
                    22,
                    "!(len(opts) == 0)".to_string(),
                    "options are not supported".to_string(),
                    Some("types.NotImplementedErrorf".to_string()),
                    None
                ),
                (
                    26,
                    "platform == \"windows\"".to_string(),
                    "stopsignal is not supported".to_string(),
                    None,
                    Some("windows".to_string())
                ),
                (
                    29,
                    "\"linux\" == p || q == \"x\"".to_string(),
                    "not supported".to_string(),
                    None,
                    Some("linux".to_string())
                ),
            ]
        );
    }
}

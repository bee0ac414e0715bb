//! What each file says: its declarations, their bodies' shapes, and its guards.
//!
//! Every file built on a compared platform is tokenized (cheap: declarations and body shapes
//! come from tokens). Only files that can hold a guard — they mention `GOOS`, or a platform
//! flag of their package — are parsed with tree-sitter.

pub mod body;
pub mod decls;
pub mod guards;
pub mod lexer;
pub mod packs;
pub mod refusals;
pub mod wording;

use crate::hash::HashMap;
use std::cell::RefCell;

use decls::Decl;
use guards::{Atoms, GuardQuery, GuardsRead, RawGuard};

use crate::gobuild::header::Header;

// What a guard does: the guard reader and the query packs both say it.
/// What a guard does on the target.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Effect {
    /// The target branch returns an error or panics.
    Refuses,
    /// The target branch only changes behaviour.
    Adapts,
    /// The target branch skips a test.
    SkipsTest,
}

impl Effect {
    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Effect::Refuses => "refuses",
            Effect::Adapts => "adapts",
            Effect::SkipsTest => "skips-test",
        }
    }
}

/// The facts of one file.
#[derive(Clone, Debug, Default)]
pub struct FileFacts {
    /// Top-level declarations, in source order (shared by files with the same content).
    pub decls: std::sync::Arc<Vec<Decl>>,
    /// Guards, in source order.
    pub guards: Vec<RawGuard>,
    /// Whether tree-sitter found syntax errors (only known for parsed files).
    pub syntax_error: bool,
    /// The line where code nests deeper than can be parsed (its guards are not known).
    pub too_deep: Option<u32>,
    /// Refusal candidates (read only for files built on one of target and reference).
    pub refusals: std::sync::Arc<Vec<refusals::RawRefusal>>,
    /// The file's imports, kept only when an error helper's qualifier must be resolved.
    pub imports: Vec<crate::gobuild::header::Import>,
    /// What the call graph needs of the declarations (non-test files built on the target, when
    /// read in this scan; else the graph reads the file again).
    pub shapes: Option<std::sync::Arc<crate::calls::shapes::FileShapes>>,
}

/// The file's name for the `runtime` import (None when not imported or dot/blank-imported).
pub fn runtime_name(header: &Header) -> Option<String> {
    header
        .imports
        .iter()
        .find(|i| i.path == "runtime")
        .and_then(|i| match i.name.as_deref() {
            None => Some("runtime".to_string()),
            Some("." | "_") => None,
            Some(alias) => Some(alias.to_string()),
        })
}

thread_local! {
    static TOKENS: RefCell<Vec<lexer::Token>> = const { RefCell::new(Vec::new()) };
    static PARSER: RefCell<Option<tree_sitter::Parser>> = const { RefCell::new(None) };
}

/// The identifier after the first `package` keyword, by tokens (syntax errors ignored).
pub fn package_name(src: &[u8]) -> Option<String> {
    TOKENS.with(|t| {
        let mut toks = t.borrow_mut();
        lexer::tokenize(src, &mut toks);
        let i = toks
            .iter()
            .position(|t| t.kind == lexer::Kind::Ident && t.text(src) == b"package")?;
        let name = toks.get(i + 1).filter(|t| t.kind == lexer::Kind::Ident)?;
        Some(String::from_utf8_lossy(name.text(src)).into_owned())
    })
}

/// Reads the declarations of a file (from its top-level tokens: bodies are tokenized only as
/// far as their shape needs).
pub fn read_decls(src: &[u8], runtime: Option<&str>) -> Vec<Decl> {
    read_decls_and_shapes(src, runtime, false).0
}

/// The declarations, and (with `shapes`) what the call graph needs of them
/// ([`crate::calls::shapes`]), from one tokenization.
pub fn read_decls_and_shapes(
    src: &[u8],
    runtime: Option<&str>,
    shapes: bool,
) -> (Vec<Decl>, Option<crate::calls::shapes::FileShapes>) {
    TOKENS.with(|t| {
        let mut toks = t.borrow_mut();
        lexer::tokenize_top(src, &mut toks);
        let decls = decls::read_decls(src, &toks, runtime);
        let shapes = shapes.then(|| crate::calls::shapes::read_tokens(src, &toks));
        (decls, shapes)
    })
}

/// A byte range to parse, and whether it is whole declarations (or the whole file) rather
/// than statements cut out of a function body: only in whole ones does a parse error say the
/// file is not valid Go (statements alone, out of their function, may not parse).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Span {
    /// First byte.
    pub start: u32,
    /// Past the last byte.
    pub end: u32,
    /// Whole declarations (or the whole file), not statements cut out of a body.
    pub whole: bool,
}

impl Span {
    /// The whole of a file of `len` bytes.
    pub fn file(len: usize) -> Span {
        Span {
            start: 0,
            end: len as u32,
            whole: true,
        }
    }

    /// A declaration's bytes (`end` past the newline that ends it).
    fn decl(start: u32, end: u32) -> Span {
        Span {
            start,
            end,
            whole: true,
        }
    }
}

/// Where a guard may stand, in two grains: the spans to parse (the top-level statements of
/// function bodies that write `R.GOOS` — `R` the file's name for the runtime import — or name
/// one of the package's flags, each with the statement after it; the declarations that do so
/// outside a body; the statements that hold a pack's idiom), and, inside them, the byte ranges
/// the queries look at ([`GuardSpans::query`]).
#[derive(Debug, Default)]
pub struct GuardSpans {
    /// What tree-sitter parses. Empty when the file cannot hold a guard; `[(0, len, true)]`
    /// when a mention lies outside every declaration.
    pub parse: Vec<Span>,
    /// What tree-sitter parses instead when it finds a syntax error in [`GuardSpans::parse`]:
    /// the declarations whose statements were cut out, whole (empty when none was). A parse
    /// error in a statement cut out of its function does not tell an invalid file from a bad
    /// cut; in whole declarations it does (docs/RULES.md §4).
    pub whole_decls: Vec<Span>,
    /// Sorted, disjoint byte ranges holding every mention of a flag or a pack's needle and
    /// every word `GOOS`: of one in a function body, the body's top-level statement that
    /// holds it; else the declaration (or the whole file). Every node a guard comes from
    /// holds one (an atom is one: `R.GOOS` is, however it is split over lines), save the uses
    /// of a local flag, for which the whole tree is queried again (docs/RULES.md §4). Empty:
    /// the whole tree.
    pub query: Vec<(u32, u32)>,
}

/// How a mention in a function body is parsed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum InBody {
    /// Not parsed for it: only queried (the word `GOOS` in a body that writes no `R.GOOS`).
    Queried,
    /// A pack's idiom: its statement, with the statement after it when that matters.
    Statement { with_next: bool },
    /// `R.GOOS` or a flag (or the word `GOOS` in a body that writes `R.GOOS`): the statement
    /// and the one after it (a refusal that only rewords is told by what follows, §4), or the
    /// whole declaration when a `:=` stands before the mention in its simple statement
    /// (`isWindows := runtime.GOOS == "windows"`: a local flag is used in the statements after
    /// it).
    Condition,
}

/// [`GuardSpans`] of a file.
pub fn guard_spans(
    src: &[u8],
    decls: &[Decl],
    runtime: Option<&str>,
    flags: &HashMap<String, (bool, bool)>,
    pack_needles: &[(&str, bool)],
) -> GuardSpans {
    let whole = || GuardSpans {
        parse: vec![Span::file(src.len())],
        whole_decls: Vec::new(),
        query: Vec::new(),
    };
    let decl_span = |k: usize| {
        let d = &decls[k];
        Span::decl(d.outer.0, line_end(src, d.outer.1))
    };
    let in_body = |k: usize, at: u32| decls[k].body_span.is_some_and(|(a, b)| a <= at && at < b);
    // The package's flags, then `R.GOOS`: a declaration that mentions one outside a body is
    // parsed whole; one whose body does, the statements that do.
    let mut needles: Vec<String> = flags.keys().cloned().collect();
    needles.extend(runtime.map(|r| format!("{r}.GOOS")));
    let mut spans: Vec<Span> = Vec::new();
    let mut query: Vec<(u32, u32)> = Vec::new();
    // The declarations whose bodies mention `R.GOOS` or a flag.
    let mut conditioned: Vec<usize> = Vec::new();
    for n in &needles {
        for at in memchr::memmem::find_iter(src, n.as_bytes()) {
            let Some(k) = decl_index_at(decls, at as u32) else {
                return whole();
            };
            if in_body(k, at as u32) {
                conditioned.push(k);
            } else {
                // Up to the end of the line: tree-sitter needs the newline that ends a
                // declaration to tell it from the next included one.
                spans.push(decl_span(k));
            }
        }
    }
    conditioned.sort_unstable();
    conditioned.dedup();
    // Mentions in function bodies: (declaration, offset, how parsed).
    let mut in_bodies: Vec<(usize, u32, InBody)> = Vec::new();
    // The queries look at each flag's mentions, and wherever the word `GOOS` stands: `R.GOOS`
    // written over two lines (`runtime.\n\tGOOS`, which gofmt keeps) or with a comment inside
    // is the same selector to tree-sitter, and is only parsed in a declaration that also writes
    // `R.GOOS`.
    let goos = runtime.map(|_| "GOOS");
    for n in flags.keys().map(String::as_str).chain(goos) {
        for at in memchr::memmem::find_iter(src, n.as_bytes()) {
            let at = at as u32;
            let Some(k) = decl_index_at(decls, at) else {
                continue;
            };
            if in_body(k, at) {
                let how = match conditioned.binary_search(&k) {
                    Ok(_) => InBody::Condition,
                    Err(_) => InBody::Queried,
                };
                in_bodies.push((k, at, how));
            } else {
                query.push((decls[k].outer.0, line_end(src, decls[k].outer.1)));
            }
        }
    }
    // A pack's idiom stands in a statement (`testRequires(c, DaemonIsLinux)` in a long test):
    // the statement of the function body that holds it is enough, with the statement after it
    // when that matters (it says whether a refusal only rewords, docs/RULES.md §4).
    for &(n, with_next) in pack_needles {
        for at in memchr::memmem::find_iter(src, n.as_bytes()) {
            let at = at as u32;
            let Some(k) = decl_index_at(decls, at) else {
                return whole();
            };
            if in_body(k, at) {
                in_bodies.push((k, at, InBody::Statement { with_next }));
            } else {
                let span = decl_span(k);
                spans.push(span);
                query.push((span.start, span.end));
            }
        }
    }
    // What was parsed before any declaration was cut into statements: the spans so far, the
    // declarations with conditions whole, and the idioms' statements (pushed below).
    let mut whole_decls: Vec<Span> = spans.clone();
    whole_decls.extend(conditioned.iter().map(|&k| decl_span(k)));
    let mut cut = false;
    // Each body is tokenized and cut into statements once, however many mentions it holds.
    in_bodies.sort_unstable();
    let mut toks = Vec::new();
    let mut stmts = Vec::new();
    let mut whole_stmts = Vec::new();
    let mut current = None;
    for (k, at, how) in in_bodies {
        let Some((a, b)) = decls[k].body_span else {
            continue;
        };
        // Spans come from this file's declarations (or from a cache of them): one that does
        // not fit the bytes is not used.
        let Some(body) = src.get(a as usize..b as usize) else {
            continue;
        };
        if current != Some(k) {
            lexer::tokenize(body, &mut toks);
            stmts = body::statements(body, &toks);
            whole_stmts = rejoin_headers(body, &toks, &stmts);
            current = Some(k);
        }
        match statement_span(&toks, &stmts, at - a, false) {
            Some(span) => query.push((a + span.0, a + span.1)),
            // Not inside a statement (between them, in a comment): the body, to be sure.
            None => query.push((a, b)),
        }
        let with_next = match how {
            InBody::Queried => continue,
            InBody::Statement { with_next } => with_next,
            InBody::Condition => true,
        };
        let declares = how == InBody::Condition && declares_local(body, &toks, &stmts, at - a);
        // An idiom's statement is cut as the semicolons cut it (as before: a cut that splits
        // a header only fails to parse); a condition's is whole.
        let cut_by = match how {
            InBody::Condition => &whole_stmts,
            _ => &stmts,
        };
        match statement_span(&toks, cut_by, at - a, with_next) {
            Some(span) if !declares => {
                let span = Span {
                    start: a + span.0,
                    end: line_end(src, a + span.1),
                    whole: false,
                };
                match how {
                    InBody::Condition => cut = true,
                    _ => whole_decls.push(span),
                }
                spans.push(span);
            }
            // Between statements, or a local declared: the declaration, as a whole.
            _ if how == InBody::Condition => spans.push(decl_span(k)),
            _ => {}
        }
    }
    if !cut {
        whole_decls.clear();
    }
    let mut query_ranges: Vec<(u32, u32)> = Vec::with_capacity(query.len());
    query.sort_unstable();
    for (s, e) in query {
        match query_ranges.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => query_ranges.push((s, e)),
        }
    }
    GuardSpans {
        parse: disjoint(spans),
        whole_decls: disjoint(whole_decls),
        query: query_ranges,
    }
}

/// Sorted, disjoint spans, as tree-sitter wants them: spans may overlap (a declaration and
/// statements in it, two neighbouring statements). A statement overlaps only the declaration
/// that holds it, or its neighbours in one body: merged, they are that whole declaration, or
/// the statements together.
fn disjoint(mut spans: Vec<Span>) -> Vec<Span> {
    spans.sort_unstable();
    spans.dedup();
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for s in spans {
        match out.last_mut() {
            Some(last) if s.start < last.end => {
                last.end = last.end.max(s.end);
                last.whole |= s.whole;
            }
            _ => out.push(s),
        }
    }
    out
}

/// The statements of a body (its text, tokens and [`body::statements`] given) with the parts
/// the semicolons of an `if`, `for` or `switch` header cut apart joined again: `if err := f();
/// err != nil { … }` is one statement to tree-sitter, and cut at its semicolon it parses as
/// two broken ones.
fn rejoin_headers(
    body: &[u8],
    toks: &[lexer::Token],
    stmts: &[std::ops::Range<usize>],
) -> Vec<std::ops::Range<usize>> {
    let mut out: Vec<std::ops::Range<usize>> = Vec::with_capacity(stmts.len());
    // Whether the statement so far has a header open: a keyword of one at depth 0 with no
    // block after it yet.
    let mut open = false;
    for r in stmts {
        match out.last_mut() {
            Some(last) if open => last.end = r.end,
            _ => out.push(r.clone()),
        }
        let mut depth = 0usize;
        for t in &toks[r.clone()] {
            match (t.kind, t.text(body)) {
                (lexer::Kind::Open, b"{") => {
                    if depth == 0 {
                        open = false;
                    }
                    depth += 1;
                }
                (lexer::Kind::Open, _) => depth += 1,
                (lexer::Kind::Close, _) => depth = depth.saturating_sub(1),
                (lexer::Kind::Ident, b"if" | b"for" | b"switch") if depth == 0 => open = true,
                _ => {}
            }
        }
    }
    out
}

/// Whether the mention at offset `at` of a body (its text, tokens and statements given) may
/// stand on the right of a `:=`, and so make a local flag (`isWindows := runtime.GOOS ==
/// "windows"`, form 6 of queries/guards.scm), whose uses follow it anywhere in its
/// declaration: a `:=` between it and the start of its simple statement (the `;`, `{` or `}`
/// before it, or its top-level statement's start).
fn declares_local(
    body: &[u8],
    toks: &[lexer::Token],
    stmts: &[std::ops::Range<usize>],
    at: u32,
) -> bool {
    let k = stmts.partition_point(|r| toks[r.end - 1].end <= at);
    let Some(r) = stmts.get(k) else {
        return false;
    };
    // The tokens of the statement before the mention, nearest first.
    let before = toks[r.start..r.end]
        .iter()
        .rev()
        .skip_while(|t| t.start >= at);
    for t in before {
        match (t.kind, t.text(body)) {
            (lexer::Kind::Punct, b":=") => return true,
            (lexer::Kind::Semi, _) | (lexer::Kind::Open, b"{") | (lexer::Kind::Close, b"}") => {
                return false;
            }
            _ => {}
        }
    }
    false
}

/// The index of the first declaration whose range holds offset `at`. Declarations are in
/// source order and their ranges disjoint, but the names of one spec (`var a, b = …`) share
/// theirs: a binary search, then back to the first name, so a file of 300,000 declarations
/// that all mention `runtime.GOOS` costs no more than its size.
pub fn decl_index_at(decls: &[Decl], at: u32) -> Option<usize> {
    let mut k = decls.partition_point(|d| d.start <= at).checked_sub(1)?;
    if at >= decls[k].end {
        return None;
    }
    while k > 0 && decls[k - 1].start == decls[k].start && at < decls[k - 1].end {
        k -= 1;
    }
    Some(k)
}

/// The byte range, in a function body's text (its tokens and statements given), of the
/// statement holding offset `at` (through the end of the statement after it, with
/// `with_next`).
fn statement_span(
    toks: &[lexer::Token],
    stmts: &[std::ops::Range<usize>],
    at: u32,
    with_next: bool,
) -> Option<(u32, u32)> {
    // Statements are in order: the first that ends past `at`.
    let k = stmts.partition_point(|r| toks[r.end - 1].end <= at);
    let r = stmts.get(k).filter(|r| toks[r.start].start <= at)?;
    let last = stmts.get(k + usize::from(with_next)).unwrap_or(r);
    Some((toks[r.start].start, toks[last.end - 1].end))
}

fn line_end(src: &[u8], at: u32) -> u32 {
    let at = at as usize;
    memchr::memchr(b'\n', &src[at.min(src.len())..]).map_or(src.len(), |k| at + k + 1) as u32
}

/// Parses the spans of the file with tree-sitter and finds its guards.
pub fn read_guards(
    src: &[u8],
    query: &GuardQuery,
    atoms: &Atoms,
    spans: &GuardSpans,
) -> GuardsRead {
    PARSER.with(|p| {
        let mut p = p.borrow_mut();
        let parser = p.get_or_insert_with(guards::new_parser);
        guards::find_guards(parser, query, src, atoms, spans, &spans.query)
    })
}

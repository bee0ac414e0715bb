//! Runtime guards: conditions that depend on the platform, found with tree-sitter queries.
//!
//! Only files that can hold one are parsed (they mention `GOOS` or a platform flag of their
//! package). `queries/guards.scm` finds where a condition can stand; this module decides, with
//! three-valued logic, whether it depends on the platform, which branch Windows takes, and what
//! that branch does (docs/RULES.md §4).

use crate::hash::{HashMap, HashSet};

use tree_sitter::{Node, Parser, Query, QueryCursor, StreamingIterator, Tree};

use super::body::{self, Ending};
use super::lexer::{Token, tokenize, unquote};
use super::packs::{Meaning, PackQuery};

pub use super::Effect;

/// A guard as found in one file, before it is tied to its API.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RawGuard {
    /// Byte offset of the condition (to find the enclosing declaration).
    pub offset: u32,
    /// Line of the condition.
    pub line: u32,
    /// What it does on the target.
    pub effect: Effect,
    /// The condition's text, white space folded.
    pub condition: String,
    /// The message of the refusal or skip.
    pub message: Option<String>,
    /// When the refusal returns a bare identifier (`errNotSupported`), its name: the join takes
    /// the message from the package variable's initializer.
    pub message_var: Option<String>,
}

/// What the guard finder knows about platforms while reading one file.
pub struct Atoms<'a> {
    /// The file's name for the `runtime` import.
    pub runtime: Option<&'a str>,
    /// Platform flags of the file's package: name → (value on target, value on reference).
    pub flags: &'a HashMap<String, (bool, bool)>,
    /// GOOS of the target.
    pub target_goos: &'a str,
    /// GOOS of the reference.
    pub reference_goos: &'a str,
    /// Whether the query packs apply to this file (not to vendored code).
    pub packs: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tri {
    True,
    False,
    Unknown,
}

impl Tri {
    fn of(b: bool) -> Tri {
        if b { Tri::True } else { Tri::False }
    }
    fn not(self) -> Tri {
        match self {
            Tri::True => Tri::False,
            Tri::False => Tri::True,
            Tri::Unknown => Tri::Unknown,
        }
    }
    fn and(self, o: Tri) -> Tri {
        match (self, o) {
            (Tri::False, _) | (_, Tri::False) => Tri::False,
            (Tri::True, Tri::True) => Tri::True,
            _ => Tri::Unknown,
        }
    }
    fn or(self, o: Tri) -> Tri {
        match (self, o) {
            (Tri::True, _) | (_, Tri::True) => Tri::True,
            (Tri::False, Tri::False) => Tri::False,
            _ => Tri::Unknown,
        }
    }
}

/// The built-in guard query.
pub const GUARDS_SCM: &str = include_str!("../../queries/guards.scm");

/// The compiled guard query with the indexes of its captures.
pub struct GuardQuery {
    query: Query,
    cap_if: Option<u32>,
    cap_condition: Option<u32>,
    cap_goos_switch: Option<u32>,
    cap_runtime: Option<u32>,
    cap_case: Option<u32>,
    cap_skip_call: Option<u32>,
    cap_arguments: Option<u32>,
    cap_comparison: Option<u32>,
    cap_local_flag: Option<u32>,
    cap_local_name: Option<u32>,
    cap_local_value: Option<u32>,
    /// Query packs: a project's own idioms (docs/QUERIES.md).
    pub packs: Vec<PackQuery>,
}

/// Why a guard query does not compile, at its line and column.
#[derive(Debug, thiserror::Error)]
pub enum GuardQueryError {
    /// Brackets nested too deep for tree-sitter's compiler.
    #[error("{0}")]
    Nesting(#[from] super::packs::NestingError),
    /// tree-sitter does not compile it (row and column 0-based).
    #[error("line {}, column {}: {:?} error: {}", .0.row + 1, .0.column + 1, .0.kind, .0.message)]
    Compile(#[from] tree_sitter::QueryError),
}

impl GuardQuery {
    /// The texts that make a declaration worth parsing for the packs' queries, each with
    /// whether the statement after the one holding it matters too: it does for GOOS values
    /// and flags (they make conditions, and a refusal that only rewords is told by what
    /// follows, docs/RULES.md §4), not for a skip or a guard the match itself is.
    pub fn pack_needles(&self) -> Vec<(&str, bool)> {
        use super::packs::Meaning;
        self.packs
            .iter()
            .filter(|p| !matches!(p.meaning, Meaning::EntryPoint { .. }))
            .flat_map(|p| {
                let next = matches!(p.meaning, Meaning::Goos | Meaning::Flag);
                p.needles.iter().map(move |n| (n.as_str(), next))
            })
            .collect()
    }

    /// The packs' entry-point queries (docs/RULES.md §8).
    pub fn entry_queries(&self) -> Vec<&super::packs::PackQuery> {
        use super::packs::Meaning;
        self.packs
            .iter()
            .filter(|p| matches!(p.meaning, Meaning::EntryPoint { .. }))
            .collect()
    }

    /// Compiles a guard query; the error names the position of the problem.
    pub fn new(source: &str) -> Result<GuardQuery, GuardQueryError> {
        super::packs::check_nesting(source)?;
        let language: tree_sitter::Language = tree_sitter_go::LANGUAGE.into();
        let query = Query::new(&language, source)?;
        let cap = |n: &str| query.capture_index_for_name(n);
        Ok(GuardQuery {
            cap_if: cap("if"),
            cap_condition: cap("condition"),
            cap_goos_switch: cap("goos_switch"),
            cap_runtime: cap("runtime"),
            cap_case: cap("case"),
            cap_skip_call: cap("skip_call"),
            cap_arguments: cap("arguments"),
            cap_comparison: cap("comparison"),
            cap_local_flag: cap("local_flag"),
            cap_local_name: cap("local_name"),
            cap_local_value: cap("local_value"),
            packs: Vec::new(),
            query,
        })
    }
}

/// A Go parser for this thread.
pub fn new_parser() -> Parser {
    let mut p = Parser::new();
    p.set_language(&tree_sitter_go::LANGUAGE.into())
        .expect("tree-sitter-go matches the tree-sitter version");
    p
}

/// How deep brackets may nest in what is parsed: go/parser's own limit (`maxNestLev`, past
/// which it refuses a file with "exceeded max nesting depth"). Tree-sitter keeps a node per
/// level, so deeper code would cost memory for no real program.
pub const MAX_NESTING: usize = 100_000;

/// Most byte ranges parsed on their own (a file of 1,000 guarded functions scans as fast
/// through its 1,000 ranges as parsed whole, BENCHMARKS.md); a file with more is parsed whole.
const MAX_RANGES: usize = 1000;

/// The guards of a file, and what stood in the way of reading them.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct GuardsRead {
    /// The guards, in source order.
    pub guards: Vec<RawGuard>,
    /// Whether tree-sitter met syntax errors in declarations parsed whole.
    pub syntax_error: bool,
    /// The line of the first bracket nested deeper than [`MAX_NESTING`]: the declarations
    /// holding such code were not parsed, and their guards are not known.
    pub too_deep: Option<u32>,
}

/// Parses `src` — only the byte ranges of `spans.parse` (top-level declarations and statements
/// cut out of function bodies, sorted, not overlapping), or all of it when that is empty — and
/// returns its guards (the queries run over the byte ranges `query` of [`super::GuardSpans`],
/// or the whole tree), in source order, whether tree-sitter met syntax errors, and where code
/// nested too deep to be parsed. Tree-sitter parses at about 10 MB/s, so parsing only the
/// statements that mention a platform keeps large files cheap; positions stay those of the
/// whole file. Where statements were cut out of a declaration, the declaration is parsed whole
/// instead when it nests too deep or a syntax error shows in what was parsed: what is read
/// then is what parsing the declarations whole gives (docs/RULES.md §4).
pub fn find_guards(
    parser: &mut Parser,
    q: &GuardQuery,
    src: &[u8],
    atoms: &Atoms,
    spans: &super::GuardSpans,
    query: &[(u32, u32)],
) -> GuardsRead {
    let whole = |q: &GuardQuery, parser: &mut Parser| {
        parse_and_find(parser, q, src, atoms, &spans.whole_decls, query, false).unwrap_or_default()
    };
    if spans.whole_decls.is_empty() {
        // Nothing was cut out of a declaration.
        return parse_and_find(parser, q, src, atoms, &spans.parse, query, false)
            .unwrap_or_default();
    }
    // A declaration nested too deep is not parsed at all, wherever in it the depth is.
    if spans.whole_decls.iter().any(|s| {
        super::lexer::nested_deeper_than(src, s.start as usize, s.end as usize, MAX_NESTING)
            .is_some()
    }) {
        return whole(q, parser);
    }
    // A syntax error in the statements cut out: the declarations parsed whole tell an invalid
    // file from a bad cut (and recover from the error in their own way).
    parse_and_find(parser, q, src, atoms, &spans.parse, query, true)
        .unwrap_or_else(|| whole(q, parser))
}

/// [`find_guards`] over one set of spans; `None` when `retry` and tree-sitter met a syntax
/// error.
fn parse_and_find(
    parser: &mut Parser,
    q: &GuardQuery,
    src: &[u8],
    atoms: &Atoms,
    spans: &[super::Span],
    query: &[(u32, u32)],
    retry: bool,
) -> Option<GuardsRead> {
    let whole_file = [super::Span::file(src.len())];
    // Tree-sitter looks its included ranges up one by one as it moves (`ts_lexer_goto`): a
    // file with thousands of them would cost their square. Past a thousand, the whole file
    // is parsed, as when a mention lies outside every declaration.
    let asked = if spans.is_empty() || spans.len() > MAX_RANGES {
        &whole_file[..]
    } else {
        spans
    };
    let mut too_deep = None;
    let spans: Vec<super::Span> = asked
        .iter()
        .copied()
        .filter(|s| {
            match super::lexer::nested_deeper_than(
                src,
                s.start as usize,
                s.end as usize,
                MAX_NESTING,
            ) {
                Some(at) => {
                    too_deep = too_deep.or(Some(line_of(src, at)));
                    false
                }
                None => true,
            }
        })
        .collect();
    if spans.is_empty() {
        return Some(GuardsRead {
            too_deep,
            ..Default::default()
        });
    }
    let ranges = ranges_of(src, &spans);
    if parser.set_included_ranges(&ranges).is_err() {
        // Not sorted or overlapping: parse everything instead.
        let _ = parser.set_included_ranges(&[]);
    }
    let tree = parser.parse(src, None);
    let _ = parser.set_included_ranges(&[]);
    let Some(tree) = tree else {
        return Some(GuardsRead {
            syntax_error: true,
            too_deep,
            ..Default::default()
        });
    };
    let whole = |at: usize| {
        spans
            .iter()
            .any(|s| s.whole && s.start as usize <= at && at < s.end as usize)
    };
    let has_error = tree.root_node().has_error();
    if has_error && retry {
        return None;
    }
    let syntax_error = has_error && has_error_in(tree.root_node(), &whole);
    let guards = guards_in_tree(&tree, q, src, atoms, query);
    Some(GuardsRead {
        guards,
        syntax_error,
        too_deep,
    })
}

/// The 1-based line of byte offset `at`.
fn line_of(src: &[u8], at: usize) -> u32 {
    memchr::memchr_iter(b'\n', &src[..at.min(src.len())]).count() as u32 + 1
}

/// Whether an error or missing node under `node` starts where `counts` says errors count
/// (iteratively: a broken file may nest deeper than a stack would).
fn has_error_in(node: Node, counts: &dyn Fn(usize) -> bool) -> bool {
    let mut c = node.walk();
    loop {
        let n = c.node();
        let descend = if n.is_error() || n.is_missing() {
            if counts(n.start_byte()) {
                return true;
            }
            false
        } else {
            n.has_error()
        };
        if descend && c.goto_first_child() {
            continue;
        }
        while !c.goto_next_sibling() {
            if !c.goto_parent() {
                return false;
            }
        }
    }
}

/// Tree-sitter ranges (with row/column points) for byte spans (sorted; one that does not fit
/// the bytes, as from a damaged cache, is cut to them, never sliced past them).
fn ranges_of(src: &[u8], spans: &[super::Span]) -> Vec<tree_sitter::Range> {
    let mut out = Vec::with_capacity(spans.len());
    let (mut row, mut line_start, mut pos) = (0usize, 0usize, 0usize);
    let mut point = |to: usize| {
        let to = to.clamp(pos, src.len());
        for nl in memchr::memchr_iter(b'\n', &src[pos..to]) {
            row += 1;
            line_start = pos + nl + 1;
        }
        pos = to;
        (
            to,
            tree_sitter::Point {
                row,
                column: to - line_start,
            },
        )
    };
    for s in spans {
        let (start_byte, start_point) = point(s.start as usize);
        let (end_byte, end_point) = point(s.end as usize);
        out.push(tree_sitter::Range {
            start_byte,
            end_byte,
            start_point,
            end_point,
        });
    }
    out
}

/// What the evaluation knows in one file: the atoms of the scan, and the expressions the
/// packs' queries mark as GOOS-valued or as flags.
struct Ctx<'a> {
    atoms: &'a Atoms<'a>,
    goos: HashSet<(usize, usize)>,
    pack_flags: HashMap<(usize, usize), (bool, bool)>,
    /// Local flags (docs/RULES.md §4), in source order.
    locals: Vec<LocalFlag<'a>>,
}

/// `isWindows := runtime.GOOS == "windows"`: the name is that test after the declaration,
/// within its top-level declaration.
#[derive(Clone)]
struct LocalFlag<'a> {
    name: &'a [u8],
    /// The top-level declaration's byte range.
    scope: (usize, usize),
    /// Where the declaration ends: the name counts from there.
    from: usize,
    value: (bool, bool),
}

impl<'a> std::ops::Deref for Ctx<'a> {
    type Target = Atoms<'a>;
    fn deref(&self) -> &Atoms<'a> {
        self.atoms
    }
}

fn range(n: Node) -> (usize, usize) {
    (n.start_byte(), n.end_byte())
}

/// Runs the packs' queries: GOOS-valued expressions, flags, and the guards they give.
fn run_packs(
    tree: &Tree,
    q: &GuardQuery,
    src: &[u8],
    atoms: &Atoms,
    ranges: &[(u32, u32)],
    ctx: &mut Ctx,
    out: &mut Vec<RawGuard>,
) {
    if !atoms.packs {
        return;
    }
    for p in &q.packs {
        if matches!(p.meaning, Meaning::EntryPoint { .. }) {
            continue;
        }
        if !p
            .needles
            .iter()
            .any(|n| memchr::memmem::find(src, n.as_bytes()).is_some())
        {
            continue;
        }
        for_each_match(&p.query, tree, src, ranges, |m| {
            let Some(subject) = m
                .captures()
                .iter()
                .find(|c| c.index == p.subject)
                .map(|c| c.node)
            else {
                return;
            };
            let on = |goos: &str| p.platforms.as_ref().is_some_and(|s| s.contains(goos));
            let (t, r) = (on(atoms.target_goos), on(atoms.reference_goos));
            match &p.meaning {
                Meaning::Goos => {
                    ctx.goos.insert(range(subject));
                }
                Meaning::Flag => {
                    ctx.pack_flags.insert(range(subject), (t, r));
                }
                Meaning::EntryPoint { .. } => {}
                Meaning::SkipTest | Meaning::Guard(_) => {
                    if t == r {
                        return; // the same on both platforms: no platform guard
                    }
                    let effect = match &p.meaning {
                        _ if !t => Effect::Adapts,
                        Meaning::Guard(e) => *e,
                        _ => Effect::SkipsTest,
                    };
                    let message = match p.message_capture {
                        Some(i) => m.captures().iter().find(|c| c.index == i).map(|c| {
                            let t = text(src, c.node);
                            if matches!(
                                c.node.kind(),
                                "interpreted_string_literal" | "raw_string_literal"
                            ) {
                                unquote(t)
                            } else {
                                String::from_utf8_lossy(t).into_owned()
                            }
                        }),
                        None => p.message.clone(),
                    };
                    out.push(RawGuard {
                        offset: subject.start_byte() as u32,
                        line: subject.start_position().row as u32 + 1,
                        effect,
                        condition: fold(text(src, subject)),
                        message: if effect == Effect::Adapts {
                            None
                        } else {
                            message
                        },
                        message_var: None,
                    });
                }
            }
        });
    }
}

/// A match's node for a capture index.
fn capture<'t>(m: &[(u32, Node<'t>)], idx: Option<u32>) -> Option<Node<'t>> {
    idx.and_then(|i| m.iter().find(|c| c.0 == i).map(|c| c.1))
}

/// More query ranges than this and the whole tree is queried at once: each range's query
/// walks down from the root past the siblings before it.
const MAX_QUERY_RANGES: usize = 100;

/// Calls `f` with each match of `query` in the tree — in the byte `ranges` (sorted, disjoint),
/// or everywhere when there are none — in the order the whole tree's query gives them.
fn for_each_match<'t>(
    query: &Query,
    tree: &'t Tree,
    src: &'t [u8],
    ranges: &[(u32, u32)],
    mut f: impl FnMut(&tree_sitter::QueryMatch<'_, 't>),
) {
    let mut cursor = QueryCursor::new();
    // A new cursor's range is the whole tree's: 0 up to u32::MAX.
    let whole = [(0, u32::MAX)];
    for &(start, end) in if ranges.is_empty() {
        &whole[..]
    } else {
        ranges
    } {
        cursor.set_byte_range(start as usize..end as usize);
        let mut matches = cursor.matches(query, tree.root_node(), src);
        while let Some(m) = matches.next() {
            f(m);
        }
    }
}

fn guards_in_tree(
    tree: &Tree,
    q: &GuardQuery,
    src: &[u8],
    atoms: &Atoms,
    ranges: &[(u32, u32)],
) -> Vec<RawGuard> {
    let ranges = if ranges.len() > MAX_QUERY_RANGES {
        &[][..]
    } else {
        ranges
    };
    // The uses of a local flag hold no mention: a tree with one is queried whole.
    guards_in_ranges(tree, q, src, atoms, ranges)
        .or_else(|| guards_in_ranges(tree, q, src, atoms, &[]))
        .unwrap_or_default()
}

/// The guards of the tree, its queries run over `ranges` (all of it when empty); `None` when
/// ranges were given and a local flag was found, whose uses may lie outside them.
fn guards_in_ranges(
    tree: &Tree,
    q: &GuardQuery,
    src: &[u8],
    atoms: &Atoms,
    ranges: &[(u32, u32)],
) -> Option<Vec<RawGuard>> {
    let mut out = Vec::new();
    let mut ctx = Ctx {
        atoms,
        goos: HashSet::default(),
        pack_flags: HashMap::default(),
        locals: Vec::new(),
    };
    run_packs(tree, q, src, atoms, ranges, &mut ctx, &mut out);
    // The matches, gathered first: local flags must be known before the conditions after them.
    let mut all: Vec<Vec<(u32, Node)>> = Vec::new();
    for_each_match(&q.query, tree, src, ranges, |m| {
        all.push(m.captures().iter().map(|c| (c.index, c.node)).collect());
    });
    for m in &all {
        let (Some(decl), Some(name), Some(value)) = (
            capture(m, q.cap_local_flag),
            capture(m, q.cap_local_name),
            capture(m, q.cap_local_value),
        ) else {
            continue;
        };
        // Go's own atoms only: a comparison of R.GOOS, in parentheses or not.
        let go_only = Ctx {
            atoms,
            goos: HashSet::default(),
            pack_flags: HashMap::default(),
            locals: Vec::new(),
        };
        let value = unparen(value);
        if value.kind() != "binary_expression" {
            continue;
        }
        let Some(v) = atom(src, &go_only, value) else {
            continue;
        };
        let mut top = decl;
        while let Some(p) = top.parent().filter(|p| p.kind() != "source_file") {
            top = p;
        }
        ctx.locals.push(LocalFlag {
            name: text(src, name),
            scope: range(top),
            from: decl.end_byte(),
            value: v,
        });
    }
    if !ranges.is_empty() && !ctx.locals.is_empty() {
        return None;
    }
    let atoms = &ctx;
    // The conditions of forms 1, 3 and 4 (guards or not), and the comparisons of form 5.
    let mut conditions: Vec<(usize, usize)> = Vec::new();
    let mut comparisons: Vec<Node> = Vec::new();
    for m in &all {
        let get = |idx: Option<u32>| capture(m, idx);
        if let Some(c) = get(q.cap_comparison) {
            comparisons.push(c);
            continue;
        }
        if let Some(c) = get(q.cap_condition).or(get(q.cap_arguments)) {
            conditions.push(range(c));
        }
        if let (Some(ifn), Some(cond)) = (get(q.cap_if), get(q.cap_condition)) {
            let consequence = ifn.child_by_field_name("consequence");
            let alternative = ifn
                .child_by_field_name("alternative")
                .filter(|a| a.kind() == "block");
            if let Some(g) = condition_guard(src, atoms, cond, ifn, consequence, alternative) {
                out.push(g);
            }
        } else if let (Some(case), Some(cond)) = (get(q.cap_case), get(q.cap_condition)) {
            if let Some(g) = condition_guard(src, atoms, cond, case, Some(case), None) {
                out.push(g);
            }
        } else if let (Some(sw), Some(rt)) = (get(q.cap_goos_switch), get(q.cap_runtime)) {
            if atoms.runtime.is_some_and(|r| r.as_bytes() == text(src, rt)) {
                out.extend(switch_guard(src, atoms, sw));
            }
        } else if let (Some(call), Some(args)) = (get(q.cap_skip_call), get(q.cap_arguments)) {
            out.extend(skip_guard(src, atoms, call, args));
        }
    }
    comparison_guards(src, atoms, &mut conditions, &comparisons, &mut out);
    out.sort_by(|a, b| (a.offset, &a.condition).cmp(&(b.offset, &b.condition)));
    out.dedup();
    Some(out)
}

/// Form 5 (docs/RULES.md §4): a comparison of `R.GOOS` with a string whose value differs
/// between target and reference, outside the conditions of forms 1, 3 and 4 — in a `return`,
/// an assignment, an argument, a field. It adapts: no branch follows from it.
fn comparison_guards(
    src: &[u8],
    atoms: &Ctx,
    conditions: &mut [(usize, usize)],
    comparisons: &[Node],
    out: &mut Vec<RawGuard>,
) {
    if comparisons.is_empty() {
        return;
    }
    // Whether a condition holds a range: by start, with the largest end so far, so each
    // comparison costs a binary search however many conditions nest.
    conditions.sort_unstable();
    let mut reach = Vec::with_capacity(conditions.len());
    let mut far = 0;
    for &(_, e) in conditions.iter() {
        far = far.max(e);
        reach.push(far);
    }
    let inside = |(s, e): (usize, usize)| {
        let k = conditions.partition_point(|&(a, _)| a <= s);
        k > 0 && reach[k - 1] >= e
    };
    for &c in comparisons {
        let Some((t, r)) = goos_comparison(src, atoms, c) else {
            continue;
        };
        if t == r || inside(range(c)) {
            continue;
        }
        out.push(RawGuard {
            offset: c.start_byte() as u32,
            line: c.start_position().row as u32 + 1,
            effect: Effect::Adapts,
            condition: fold(text(src, c)),
            message: None,
            message_var: None,
        });
    }
}

/// The values on (target, reference) of a comparison of `R.GOOS` (or a pack's GOOS value)
/// with a string literal.
fn goos_comparison(src: &[u8], atoms: &Ctx, n: Node) -> Option<(bool, bool)> {
    if atoms.pack_flags.contains_key(&range(n)) {
        return None;
    }
    atom(src, atoms, n)
}

fn text<'s>(src: &'s [u8], n: Node) -> &'s [u8] {
    &src[n.start_byte()..n.end_byte()]
}

/// A condition's text, runs of white space folded to one space.
pub(crate) fn fold(s: &[u8]) -> String {
    String::from_utf8_lossy(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The value of an atom on (target, reference), if the node is one.
fn atom(src: &[u8], atoms: &Ctx, n: Node) -> Option<(bool, bool)> {
    if let Some(v) = atoms.pack_flags.get(&range(n)) {
        return Some(*v);
    }
    match n.kind() {
        "identifier" => {
            // A local flag declared before, in the same top-level declaration (the nearest).
            let at = n.start_byte();
            let local = atoms.locals.iter().rev().find(|l| {
                l.name == text(src, n) && l.scope.0 <= at && at < l.scope.1 && l.from <= at
            });
            if let Some(l) = local {
                return Some(l.value);
            }
            let name = std::str::from_utf8(text(src, n)).ok()?;
            atoms.flags.get(name).copied()
        }
        "binary_expression" => {
            let op = n.child_by_field_name("operator")?;
            let eq = match text(src, op) {
                b"==" => true,
                b"!=" => false,
                _ => return None,
            };
            let (l, r) = (
                unparen(n.child_by_field_name("left")?),
                unparen(n.child_by_field_name("right")?),
            );
            let os = match (goos_selector(src, atoms, l), goos_selector(src, atoms, r)) {
                (true, false) => string_value(src, r)?,
                (false, true) => string_value(src, l)?,
                _ => return None,
            };
            Some((
                (atoms.target_goos == os) == eq,
                (atoms.reference_goos == os) == eq,
            ))
        }
        _ => None,
    }
}

fn unparen(mut n: Node) -> Node {
    while n.kind() == "parenthesized_expression" {
        match n.named_child(0) {
            Some(c) => n = c,
            None => break,
        }
    }
    n
}

fn goos_selector(src: &[u8], atoms: &Ctx, n: Node) -> bool {
    if atoms.goos.contains(&range(n)) {
        return true;
    }
    if n.kind() != "selector_expression" {
        return false;
    }
    let (Some(op), Some(field)) = (
        n.child_by_field_name("operand"),
        n.child_by_field_name("field"),
    ) else {
        return false;
    };
    op.kind() == "identifier"
        && atoms.runtime.is_some_and(|r| text(src, op) == r.as_bytes())
        && text(src, field) == b"GOOS"
}

fn string_value(src: &[u8], n: Node) -> Option<String> {
    matches!(
        n.kind(),
        "interpreted_string_literal" | "raw_string_literal"
    )
    .then(|| unquote(text(src, n)))
}

/// Which platform a condition is evaluated for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Target,
    Reference,
}

/// Three-valued value of a condition on one side. Iterative, with its own stack: a condition
/// may nest as deep as the file likes (docs/RULES.md §4).
fn eval(src: &[u8], atoms: &Ctx, cond: Node, side: Side) -> Tri {
    /// What is left to do: visit a node (push its value), or combine the values on top.
    enum Step<'t> {
        Visit(Node<'t>),
        Not,
        And,
        Or,
        /// A case's expression list of this many values: any of them.
        Any(usize),
    }
    let mut steps = vec![Step::Visit(cond)];
    let mut values: Vec<Tri> = Vec::new();
    let pop = |values: &mut Vec<Tri>| values.pop().unwrap_or(Tri::Unknown);
    while let Some(step) = steps.pop() {
        let n = match step {
            Step::Visit(n) => n,
            Step::Not => {
                let v = pop(&mut values);
                values.push(v.not());
                continue;
            }
            Step::And | Step::Or => {
                let (r, l) = (pop(&mut values), pop(&mut values));
                values.push(if matches!(step, Step::And) {
                    l.and(r)
                } else {
                    l.or(r)
                });
                continue;
            }
            Step::Any(k) => {
                let from = values.len().saturating_sub(k);
                let v = values.drain(from..).fold(Tri::False, Tri::or);
                values.push(v);
                continue;
            }
        };
        if let Some((t, r)) = atom(src, atoms, n) {
            values.push(Tri::of(match side {
                Side::Target => t,
                Side::Reference => r,
            }));
            continue;
        }
        match n.kind() {
            "parenthesized_expression" => match n.named_child(0) {
                Some(c) => steps.push(Step::Visit(c)),
                None => values.push(Tri::Unknown),
            },
            "true" => values.push(Tri::True),
            "false" => values.push(Tri::False),
            "unary_expression" => match (
                n.child_by_field_name("operator"),
                n.child_by_field_name("operand"),
            ) {
                (Some(op), Some(x)) if text(src, op) == b"!" => {
                    steps.push(Step::Not);
                    steps.push(Step::Visit(x));
                }
                _ => values.push(Tri::Unknown),
            },
            "binary_expression" => {
                let (Some(op), Some(l), Some(r)) = (
                    n.child_by_field_name("operator"),
                    n.child_by_field_name("left"),
                    n.child_by_field_name("right"),
                ) else {
                    values.push(Tri::Unknown);
                    continue;
                };
                let combine = match text(src, op) {
                    b"&&" => Step::And,
                    b"||" => Step::Or,
                    _ => {
                        values.push(Tri::Unknown);
                        continue;
                    }
                };
                steps.push(combine);
                steps.push(Step::Visit(r));
                steps.push(Step::Visit(l));
            }
            "expression_list" => {
                let mut c = n.walk();
                let kids: Vec<Node> = n.named_children(&mut c).collect();
                steps.push(Step::Any(kids.len()));
                steps.extend(kids.into_iter().rev().map(Step::Visit));
            }
            _ => values.push(Tri::Unknown),
        }
    }
    pop(&mut values)
}

/// The first atom, left to right, whose value differs between target and reference, with its
/// value on the target after the negations above it. Iterative, like [`eval`].
fn first_differing(src: &[u8], atoms: &Ctx, cond: Node) -> Option<bool> {
    let mut stack = vec![(cond, false)];
    while let Some((n, negated)) = stack.pop() {
        if let Some((t, r)) = atom(src, atoms, n) {
            if t != r {
                return Some(t != negated);
            }
            continue;
        }
        match n.kind() {
            "parenthesized_expression" => stack.extend(n.named_child(0).map(|c| (c, negated))),
            "unary_expression" => {
                if let (Some(op), Some(x)) = (
                    n.child_by_field_name("operator"),
                    n.child_by_field_name("operand"),
                ) && text(src, op) == b"!"
                {
                    stack.push((x, !negated));
                }
            }
            "binary_expression" => {
                let Some(op) = n.child_by_field_name("operator") else {
                    continue;
                };
                if !matches!(text(src, op), b"&&" | b"||") {
                    continue;
                }
                // The right side is looked at only when the left one holds no such atom.
                stack.extend(n.child_by_field_name("right").map(|r| (r, negated)));
                stack.extend(n.child_by_field_name("left").map(|l| (l, negated)));
            }
            "expression_list" => {
                let mut c = n.walk();
                let kids: Vec<Node> = n.named_children(&mut c).collect();
                stack.extend(kids.into_iter().rev().map(|k| (k, negated)));
            }
            _ => {}
        }
    }
    None
}

/// Which branch the target takes: Some(true) = the consequence, Some(false) = the alternative,
/// None = the condition does not tell target from reference.
///
/// With the packs' atoms first; when they make the condition no guard, with Go's own atoms
/// alone (`R.GOOS`, the package's flags): a pack adds guards, it never removes one
/// (`runtime.GOOS == "windows" && testEnv.DaemonInfo.OSType != "windows"` is false on both
/// platforms to a pack that takes the daemon's OS for the client's, yet it is a test of
/// `runtime.GOOS`, as Go reads it).
fn target_takes_consequence(src: &[u8], atoms: &Ctx, cond: Node) -> Option<bool> {
    takes_consequence(src, atoms, cond).or_else(|| {
        if atoms.goos.is_empty() && atoms.pack_flags.is_empty() {
            return None;
        }
        let go_only = Ctx {
            atoms: atoms.atoms,
            goos: HashSet::default(),
            pack_flags: HashMap::default(),
            locals: atoms.locals.clone(),
        };
        takes_consequence(src, &go_only, cond)
    })
}

fn takes_consequence(src: &[u8], atoms: &Ctx, cond: Node) -> Option<bool> {
    let differing = first_differing(src, atoms, cond)?;
    let (ct, cr) = (
        eval(src, atoms, cond, Side::Target),
        eval(src, atoms, cond, Side::Reference),
    );
    match (ct, cr) {
        (Tri::True, Tri::True) | (Tri::False, Tri::False) => None,
        (Tri::True, _) | (Tri::Unknown, Tri::False) => Some(true),
        (Tri::Unknown, Tri::Unknown) => Some(differing),
        _ => Some(false),
    }
}

/// Lexes the statements of a branch (the statement_list of a block or case).
fn branch_tokens(src: &[u8], branch: Option<Node>) -> Option<(std::ops::Range<usize>, Vec<Token>)> {
    let branch = branch?;
    let mut c = branch.walk();
    let list = branch
        .named_children(&mut c)
        .find(|k| k.kind() == "statement_list")?;
    let range = list.start_byte()..list.end_byte();
    let mut toks = Vec::new();
    tokenize(&src[range.clone()], &mut toks);
    Some((range, toks))
}

/// How a branch ends: how it returns (refusing, with its message, or not), and the test skip it
/// calls, if any.
struct BranchEnd {
    ending: Ending,
    skip: Option<body::SkipCall>,
}

/// How a branch ends; `None` when there is no branch.
fn branch_ending(src: &[u8], branch: Option<Node>) -> Option<BranchEnd> {
    let (range, toks) = branch_tokens(src, branch)?;
    let s = &src[range];
    Some(BranchEnd {
        ending: body::ending(s, &toks),
        skip: body::skip_call(s, &toks),
    })
}

/// Does the statement right after `node` (in the same statement list) refuse?
fn next_statement_refuses(src: &[u8], node: Node) -> bool {
    let mut next = node.next_named_sibling();
    while next.is_some_and(|n| n.kind() == "comment") {
        next = next.and_then(|n| n.next_named_sibling());
    }
    let Some(next) = next else { return false };
    let mut toks = Vec::new();
    // Statements cut out of their bodies stand side by side in the tree: the last of a body
    // has the first of another cut after it, with the rest of its body in between. Only
    // what follows it in the source is its next statement (comments, semicolons and spaces
    // between).
    tokenize(&src[node.end_byte()..next.start_byte()], &mut toks);
    if toks.iter().any(|t| t.kind != super::lexer::Kind::Semi) {
        return false;
    }
    let s = &src[next.start_byte()..next.end_byte()];
    tokenize(s, &mut toks);
    matches!(body::ending(s, &toks), Ending::Refuses(..))
}

/// The effect of the target branch; `reference_refuses` tells whether the reference's path
/// refuses too (then a refusal only changes the wording, and the guard adapts).
fn effect_of(
    src: &[u8],
    branch: Option<Node>,
    reference_refuses: bool,
) -> (Effect, Option<String>, Option<String>) {
    let Some(BranchEnd { ending, skip }) = branch_ending(src, branch) else {
        return (Effect::Adapts, None, None);
    };
    match ending {
        Ending::Refuses(m, var) if !reference_refuses => return (Effect::Refuses, m, var),
        _ => {}
    }
    if let Some(skip) = skip {
        return (Effect::SkipsTest, skip.message, None);
    }
    (Effect::Adapts, None, None)
}

fn refuses(src: &[u8], branch: Option<Node>) -> bool {
    matches!(
        branch_ending(src, branch),
        Some(BranchEnd {
            ending: Ending::Refuses(..),
            ..
        })
    )
}

/// A guard on `cond`. `statement` is the `if` or `case` whose following statement is the
/// reference's path when there is no alternative.
fn condition_guard(
    src: &[u8],
    atoms: &Ctx,
    cond: Node,
    statement: Node,
    consequence: Option<Node>,
    alternative: Option<Node>,
) -> Option<RawGuard> {
    let takes = target_takes_consequence(src, atoms, cond)?;
    let (branch, other) = if takes {
        (consequence, alternative)
    } else {
        (alternative, consequence)
    };
    let reference_refuses = match other {
        Some(o) => refuses(src, Some(o)),
        None => {
            takes && statement.kind() == "if_statement" && next_statement_refuses(src, statement)
        }
    };
    let (effect, message, message_var) = effect_of(src, branch, reference_refuses);
    Some(RawGuard {
        offset: cond.start_byte() as u32,
        line: cond.start_position().row as u32 + 1,
        effect,
        condition: fold(text(src, cond)),
        message,
        message_var,
    })
}

fn switch_guard(src: &[u8], atoms: &Ctx, sw: Node) -> Option<RawGuard> {
    let value = sw.child_by_field_name("value")?;
    let mut c = sw.walk();
    let clauses: Vec<Node> = sw
        .named_children(&mut c)
        .filter(|k| matches!(k.kind(), "expression_case" | "default_case"))
        .collect();
    let lists = |goos: &str| -> Option<Node> {
        let by_case = clauses.iter().find(|cl| {
            cl.kind() == "expression_case"
                && cl.child_by_field_name("value").is_some_and(|v| {
                    let mut c = v.walk();
                    v.named_children(&mut c)
                        .any(|e| string_value(src, unparen(e)).as_deref() == Some(goos))
                })
        });
        by_case
            .or_else(|| clauses.iter().find(|cl| cl.kind() == "default_case"))
            .copied()
    };
    let target = lists(atoms.target_goos)?;
    let reference = lists(atoms.reference_goos);
    if reference.is_some_and(|r| r.id() == target.id()) {
        return None;
    }
    let label = match target.child_by_field_name("value") {
        Some(v) => format!("{} case {}", fold(text(src, value)), fold(text(src, v))),
        None => format!("{} default", fold(text(src, value))),
    };
    let (effect, message, message_var) = effect_of(
        src,
        Some(target),
        reference.is_some() && refuses(src, reference),
    );
    Some(RawGuard {
        offset: target.start_byte() as u32,
        line: target.start_position().row as u32 + 1,
        effect,
        condition: label,
        message,
        message_var,
    })
}

fn skip_guard(src: &[u8], atoms: &Ctx, _call: Node, args: Node) -> Option<RawGuard> {
    let mut c = args.walk();
    let list: Vec<Node> = args.named_children(&mut c).collect();
    let (k, cond, takes) = list
        .iter()
        .enumerate()
        .skip(1)
        .find_map(|(k, &a)| Some((k, a, target_takes_consequence(src, atoms, a)?)))?;
    let (effect, message, message_var) = if takes {
        let rest = list.get(k + 1).map_or(args.end_byte(), |n| n.start_byte())..args.end_byte();
        let mut toks = Vec::new();
        let s = &src[rest];
        tokenize(s, &mut toks);
        (Effect::SkipsTest, body::first_string(s, &toks), None)
    } else {
        (Effect::Adapts, None, None)
    };
    Some(RawGuard {
        offset: cond.start_byte() as u32,
        line: cond.start_position().row as u32 + 1,
        effect,
        condition: fold(text(src, cond)),
        message,
        message_var,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The guards of `src` with the queries over its mentions' statements, and over the whole
    /// tree.
    fn both_ways(src: &str, flags: &HashMap<String, (bool, bool)>) -> (GuardsRead, GuardsRead) {
        let q = GuardQuery::new(GUARDS_SCM).expect("the built-in query compiles");
        let decls = crate::facts::read_decls(src.as_bytes(), Some("runtime"));
        let spans = crate::facts::guard_spans(src.as_bytes(), &decls, Some("runtime"), flags, &[]);
        assert!(!spans.query.is_empty(), "{src}");
        let atoms = Atoms {
            runtime: Some("runtime"),
            flags,
            target_goos: "windows",
            reference_goos: "linux",
            packs: false,
        };
        let mut p = new_parser();
        let narrow = find_guards(&mut p, &q, src.as_bytes(), &atoms, &spans, &spans.query);
        let whole = find_guards(&mut p, &q, src.as_bytes(), &atoms, &spans, &[]);
        (narrow, whole)
    }

    #[test]
    fn the_queries_over_the_mentions_statements_find_what_the_whole_tree_gives() {
        let flags: HashMap<String, (bool, bool)> = [("winFlag".to_string(), (true, false))]
            .into_iter()
            .collect();
        // (source, guards): each kind of guard, in statements of their own, nested in others,
        // beside statements that compare without a mention, and local flags (whose uses hold
        // no mention: the whole tree is queried then).
        let cases = [
            (
                "package p\nimport \"runtime\"\nfunc f() error {\n\tx := 1\n\tif x == 2 {\n\t\treturn nil\n\t}\n\tif runtime.GOOS == \"windows\" {\n\t\treturn errors.New(\"no\")\n\t}\n\treturn nil\n}\n",
                1,
            ),
            (
                "package p\nimport \"runtime\"\nfunc f(a int) bool {\n\tfor i := 0; i < a; i++ {\n\t\tif a == 3 && runtime.GOOS != \"linux\" {\n\t\t\treturn true\n\t\t}\n\t}\n\tok := a == 1\n\treturn ok || runtime.GOOS == \"windows\"\n}\n",
                2,
            ),
            (
                "package p\nimport \"runtime\"\nfunc f() string {\n\tswitch runtime.GOOS {\n\tcase \"windows\":\n\t\treturn \"w\"\n\tdefault:\n\t\treturn \"u\"\n\t}\n}\nfunc g(t T) {\n\tswitch {\n\tcase runtime.GOOS == \"windows\":\n\t\tt.Skip(\"no\")\n\t}\n\tskip.If(t, runtime.GOOS == \"windows\", \"not here\")\n}\n",
                3,
            ),
            (
                "package p\nimport \"runtime\"\nfunc f() error {\n\tisWindows := runtime.GOOS == \"windows\"\n\tprepare()\n\tif isWindows {\n\t\treturn errors.New(\"no\")\n\t}\n\tgo func() {\n\t\tif !isWindows && ready() {\n\t\t\twork()\n\t\t}\n\t}()\n\treturn nil\n}\n",
                3,
            ),
            (
                "package p\nimport \"runtime\"\nfunc f() error {\n\tif winFlag {\n\t\treturn errors.New(\"flag\")\n\t}\n\tif ready() {\n\t\treturn nil\n\t}\n\treturn nil\n}\nvar v = runtime.GOOS == \"windows\"\n",
                2,
            ),
            // `runtime.GOOS` split over two lines (gofmt keeps it) is the same selector: in a
            // statement of its own, and as a local flag's value (found by a review).
            (
                "package p\nimport \"runtime\"\nfunc f() error {\n\tif runtime.GOOS == \"plan9\" {\n\t\treturn nil\n\t}\n\tif runtime.\n\t\tGOOS == \"windows\" {\n\t\treturn errors.New(\"no\")\n\t}\n\treturn nil\n}\n",
                1,
            ),
            (
                "package p\nimport \"runtime\"\nfunc f() error {\n\t_ = runtime.GOOS\n\tisWin := runtime.\n\t\tGOOS == \"windows\"\n\tprepare()\n\tif isWin {\n\t\treturn errors.New(\"no\")\n\t}\n\treturn nil\n}\n",
                2,
            ),
        ];
        for (src, n) in cases {
            let (narrow, whole) = both_ways(src, &flags);
            assert_eq!(narrow, whole, "{src}");
            assert_eq!(narrow.guards.len(), n, "{src}: {:?}", narrow.guards);
        }
    }

    /// Statements cut out of their bodies give what their declarations parsed whole give: a
    /// header's semicolons do not cut a statement, the last statement of a body has no next
    /// statement (though another cut follows it in the tree), and a local flag's declaration
    /// is parsed whole.
    #[test]
    fn statements_cut_out_give_the_guards_of_their_declarations_whole() {
        let q = GuardQuery::new(GUARDS_SCM).expect("the built-in query compiles");
        let flags = HashMap::default();
        let atoms = Atoms {
            runtime: Some("runtime"),
            flags: &flags,
            target_goos: "windows",
            reference_goos: "linux",
            packs: false,
        };
        // A guard's line, effect and message.
        type Seen<'a> = (u32, Effect, Option<&'a str>);
        // (source, cut into statements, the guards).
        let cases: [(&str, bool, &[Seen]); 5] = [
            (
                "package p\nimport \"runtime\"\nfunc f() error {\n\tprepare()\n\tif err := prepare(); runtime.GOOS == \"windows\" {\n\t\treturn errors.New(\"no\")\n\t}\n\treturn nil\n}\n",
                true,
                &[(5, Effect::Refuses, Some("no"))],
            ),
            (
                "package p\nimport \"runtime\"\nfunc f(n int) {\n\tprepare()\n\tfor i := 0; i < n && runtime.GOOS != \"windows\"; i++ {\n\t\tif runtime.GOOS == \"windows\" {\n\t\t\tpanic(\"never\")\n\t\t}\n\t}\n}\n",
                true,
                &[
                    (5, Effect::Adapts, None),
                    (6, Effect::Refuses, Some("never")),
                ],
            ),
            // The last statement of a body: the refusal after it in the tree is another
            // function's (the reference does not refuse too, so the guard refuses).
            (
                "package p\nimport \"runtime\"\nfunc a() {\n\tprepare()\n\tif runtime.GOOS == \"windows\" {\n\t\tpanic(\"not on windows\")\n\t}\n}\nfunc b() error {\n\tprepare()\n\treturn fmt.Errorf(\"not on %s\", runtime.GOOS)\n}\n",
                true,
                &[(5, Effect::Refuses, Some("not on windows"))],
            ),
            (
                "package p\nimport \"runtime\"\nfunc f() error {\n\tif ready() {\n\t\treturn nil\n\t} else if v := get(); runtime.GOOS == \"windows\" {\n\t\treturn errors.New(v)\n\t}\n\treturn errors.New(\"later\")\n}\n",
                true,
                &[(6, Effect::Refuses, None)],
            ),
            // A local flag declared in a block, used after it: the declaration whole.
            (
                "package p\nimport \"runtime\"\nfunc f() error {\n\tprepare()\n\tif ready() {\n\t\tisWin := runtime.GOOS == \"windows\"\n\t\tuse(isWin)\n\t}\n\tif isWin {\n\t\treturn errors.New(\"flag\")\n\t}\n\treturn nil\n}\n",
                false,
                &[
                    (6, Effect::Adapts, None),
                    (9, Effect::Refuses, Some("flag")),
                ],
            ),
        ];
        let mut p = new_parser();
        for (src, cut, expected) in cases {
            let decls = crate::facts::read_decls(src.as_bytes(), Some("runtime"));
            let spans =
                crate::facts::guard_spans(src.as_bytes(), &decls, Some("runtime"), &flags, &[]);
            assert_eq!(!spans.whole_decls.is_empty(), cut, "{src}: {spans:?}");
            // What was cut parses without an error (no second parse was needed).
            let cut_read =
                parse_and_find(&mut p, &q, src.as_bytes(), &atoms, &spans.parse, &[], true);
            assert!(cut_read.is_some(), "{src}: {spans:?}");
            let read = find_guards(&mut p, &q, src.as_bytes(), &atoms, &spans, &spans.query);
            // The declarations parsed whole, as before any was cut.
            let whole = crate::facts::GuardSpans {
                parse: if cut {
                    spans.whole_decls.clone()
                } else {
                    spans.parse.clone()
                },
                whole_decls: Vec::new(),
                query: spans.query.clone(),
            };
            let of_whole = find_guards(&mut p, &q, src.as_bytes(), &atoms, &whole, &whole.query);
            assert_eq!(read, of_whole, "{src}");
            let got: Vec<Seen> = read
                .guards
                .iter()
                .map(|g| (g.line, g.effect, g.message.as_deref()))
                .collect();
            assert_eq!(got, expected, "{src}");
            assert!(!read.syntax_error, "{src}");
        }
    }
}

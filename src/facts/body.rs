//! The shape of a block: does it do nothing, only fail, or real work? (docs/RULES.md §3)
//!
//! One classifier serves both function bodies and the Windows branch of a guard, so a stub and
//! a refusal are recognized by the same rules. It works on tokens: statements are the depth-0
//! runs between semicolons, and the few shapes that are not `real` — log calls, `return` of zero
//! values or errors, `panic(…)` — are short token patterns.

use super::lexer::Cursor;
use super::lexer::{Kind, Lexer, Token, unquote};

/// What a function body (or a branch) does.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum BodyKind {
    /// Real work.
    Real,
    /// No statements.
    Empty,
    /// Returns only zero values (perhaps after log calls).
    Zero,
    /// Only reports failure: returns an error with zero values.
    Error,
    /// Only panics.
    Panic,
}

impl BodyKind {
    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            BodyKind::Real => "real",
            BodyKind::Empty => "empty",
            BodyKind::Zero => "zero",
            BodyKind::Error => "error",
            BodyKind::Panic => "panic",
        }
    }
}

/// A body's kind and, for `error`/`panic`, its message.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct BodyFacts {
    /// The kind.
    pub kind: BodyKind,
    /// The first string literal of the error expression or panic, unquoted.
    pub message: Option<String>,
    /// When the error expression is a bare identifier (`errNotSupported`), its name: the join
    /// takes the message from the package variable's initializer.
    pub message_var: Option<String>,
    /// When the error is a call of a function that is no known error constructor but may be a
    /// helper of the scanned tree (`validationError("… not supported …")`), the callee: the
    /// join decides (docs/RULES.md §3, error helpers). The kind is then `real` until it does.
    pub helper: Option<HelperCall>,
    /// When results are bare identifiers that may name package-level zero values
    /// (`return emptyDesc, errdefs.ErrNotImplemented`), their names and the kind the body has
    /// if they all do: the join decides (docs/RULES.md §3). The kind is `real` until it does.
    pub zero_vars: Option<(Vec<String>, BodyKind)>,
}

impl BodyFacts {
    /// A body of this kind with no message.
    pub fn of(kind: BodyKind) -> BodyFacts {
        BodyFacts {
            kind,
            message: None,
            message_var: None,
            helper: None,
            zero_vars: None,
        }
    }
}

/// A call that builds an error if its callee is a function of the scanned tree whose last
/// result is `error` (docs/RULES.md §3): `validationError("…")`, `types.NotImplementedErrorf("…")`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct HelperCall {
    /// The package qualifier as written (`types`), `None` for a function of the same package.
    pub qualifier: Option<String>,
    /// The function's name.
    pub name: String,
}

/// How a block ends, for guards: does its last statement refuse?
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ending {
    /// `return …` with an error expression, or `panic(…)`; with the message, or the name of the
    /// variable that holds the error.
    Refuses(Option<String>, Option<String>),
    /// `return …` whose error is a call that may be an error helper of the tree (the message,
    /// the callee): a refusal if the join finds the helper.
    RefusesVia(String, HelperCall),
    /// Anything else.
    Other,
}

/// Identifiers that root a logging call.
const LOG_ROOTS: &[&[u8]] = &[b"log", b"logrus", b"logger", b"klog", b"glog", b"slog"];

/// Splits the tokens of a block's inside into statements (depth-0 semicolons), dropping empty ones.
pub fn statements(src: &[u8], toks: &[Token]) -> Vec<std::ops::Range<usize>> {
    let p = Cursor { src, toks };
    let mut out = Vec::new();
    let mut s = 0;
    let mut j = 0;
    while j < toks.len() {
        match toks[j].kind {
            Kind::Semi => {
                if j > s {
                    out.push(s..j);
                }
                j += 1;
                s = j;
            }
            Kind::Open => j = p.skip_balanced(j),
            _ => j += 1,
        }
    }
    if s < toks.len() {
        out.push(s..toks.len());
    }
    out
}

thread_local! {
    static BODY: std::cell::RefCell<Vec<Token>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// [`classify`], tokenizing the block's inside only as far as its shape needs: a statement that
/// is not a log call, followed by another statement, makes the block `real` whatever comes
/// after (most bodies are known after their first statement).
pub fn classify_lazy(src: &[u8], mut lexer: Lexer) -> BodyFacts {
    BODY.with(|b| {
        let mut toks = b.borrow_mut();
        toks.clear();
        // Statements as `statements` splits them: at semicolons outside brackets.
        let mut depth = 0usize;
        let mut stmt_start = 0;
        // A finished statement that is not a log call: real, if any statement follows.
        let mut not_log = false;
        let real = BodyFacts::of(BodyKind::Real);
        while let Some(t) = lexer.next_token() {
            if not_log && t.kind != Kind::Semi {
                return real;
            }
            // A statement that does not start with `return`, `panic` or a logger is neither a
            // log call (before the last) nor a refusal or stub (as the last): real.
            if depth == 0 && toks.len() == stmt_start && t.kind != Kind::Semi {
                let first = t.text(src);
                if first != b"return"
                    && first != b"panic"
                    && first != b"var"
                    && !LOG_ROOTS.contains(&first)
                {
                    return real;
                }
            }
            toks.push(t);
            match t.kind {
                Kind::Open => depth += 1,
                Kind::Close => depth = depth.saturating_sub(1),
                Kind::Semi if depth == 0 => {
                    let end = toks.len() - 1;
                    let stmt = &toks[stmt_start..end];
                    if end > stmt_start
                        && !is_log_call(src, stmt)
                        && zero_var_decl(src, stmt).is_none()
                    {
                        not_log = true;
                    }
                    stmt_start = toks.len();
                }
                _ => {}
            }
        }
        classify(src, &toks)
    })
}

/// Classifies a block from the tokens between its braces.
pub fn classify(src: &[u8], toks: &[Token]) -> BodyFacts {
    let stmts = statements(src, toks);
    let Some((last, init)) = stmts.split_last() else {
        return BodyFacts::of(BodyKind::Empty);
    };
    let real = BodyFacts::of(BodyKind::Real);
    // Log statements, and `var x T` declarations whose names are then zero values.
    let mut locals: Vec<&[u8]> = Vec::new();
    for r in init {
        let s = &toks[r.clone()];
        if is_log_call(src, s) {
            continue;
        }
        match zero_var_decl(src, s) {
            Some(names) => locals.extend(names),
            None => return real,
        }
    }
    let last = &toks[last.clone()];
    if is_log_call(src, last) {
        return BodyFacts::of(BodyKind::Zero);
    }
    if let Some(m) = panic_message(src, last) {
        return BodyFacts {
            message: m,
            ..BodyFacts::of(BodyKind::Panic)
        };
    }
    if last[0].text(src) == b"return" {
        let p = Cursor { src, toks: last };
        let results = split_top(&p, 1, last.len(), b",");
        let mut message = None;
        let mut message_var = None;
        let mut errors = 0;
        let mut sentinels = 0;
        let mut helpers = Vec::new();
        let mut zero_vars: Vec<String> = Vec::new();
        for (a, b) in results {
            let e = &last[a..b];
            let bare = match strip_parens(src, e) {
                [t] if t.kind == Kind::Ident => Some(t.text(src)),
                _ => None,
            };
            if is_zero_value(src, e) || bare.is_some_and(|n| locals.contains(&n)) {
                continue;
            }
            if is_error_expr(src, e) {
                if errors == 0 {
                    (message, message_var) = error_message(src, e);
                }
                errors += 1;
                continue;
            }
            if is_sentinel(src, e) {
                sentinels += 1;
                continue;
            }
            if let Some(h) = helper_call(src, e) {
                helpers.push(h);
                continue;
            }
            if let Some(n) = bare.filter(|n| *n != b"err") {
                zero_vars.push(String::from_utf8_lossy(n).into_owned());
                continue;
            }
            return real;
        }
        // One call that may be an error helper, in place of the error: the join decides.
        if !helpers.is_empty() {
            if errors > 0 || helpers.len() > 1 || !zero_vars.is_empty() {
                return real;
            }
            let (helper, message) = helpers.pop().expect("one helper");
            return BodyFacts {
                message: Some(message),
                helper: Some(helper),
                ..BodyFacts::of(BodyKind::Real)
            };
        }
        let kind = match (errors, sentinels) {
            (0, 0) => BodyKind::Zero,
            // `return -1, nil` gives a value: real work, however little.
            (0, _) => return real,
            _ => BodyKind::Error,
        };
        // Names that may be package-level zero values: the join decides.
        if !zero_vars.is_empty() {
            return BodyFacts {
                message,
                message_var,
                zero_vars: Some((zero_vars, kind)),
                ..real
            };
        }
        return BodyFacts {
            kind,
            message,
            message_var,
            helper: None,
            zero_vars: None,
        };
    }
    real
}

/// How a block's last statement ends (for the Windows branch of a guard).
pub fn ending(src: &[u8], toks: &[Token]) -> Ending {
    let stmts = statements(src, toks);
    let Some(last) = stmts.last() else {
        return Ending::Other;
    };
    let last = &toks[last.clone()];
    if let Some(m) = panic_message(src, last) {
        return Ending::Refuses(m, None);
    }
    if last[0].text(src) == b"return" {
        let p = Cursor { src, toks: last };
        for (a, b) in split_top(&p, 1, last.len(), b",") {
            if is_error_expr(src, &last[a..b]) {
                let (m, var) = error_message(src, &last[a..b]);
                return Ending::Refuses(m, var);
            }
        }
        for (a, b) in split_top(&p, 1, last.len(), b",") {
            if let Some((h, m)) = helper_call(src, &last[a..b]) {
                return Ending::RefusesVia(m, h);
            }
        }
    }
    Ending::Other
}

/// `var a T` or `var a, b T` (one spec, a type, no value): the names declared, which hold the
/// type's zero value until assigned.
fn zero_var_decl<'s>(src: &'s [u8], s: &[Token]) -> Option<Vec<&'s [u8]>> {
    if s.first()?.text(src) != b"var" {
        return None;
    }
    let mut names = Vec::new();
    let mut j = 1;
    while j < s.len() && s[j].kind == Kind::Ident {
        names.push(s[j].text(src));
        j += 1;
        if j < s.len() && s[j].text(src) == b"," {
            j += 1;
        } else {
            break;
        }
    }
    let typ = &s[j.min(s.len())..];
    let has_value = typ.iter().any(|t| t.text(src) == b"=");
    (!names.is_empty() && !typ.is_empty() && !has_value).then_some(names)
}

/// An initializer that is a composite literal of a named type with no elements (`T{}`,
/// `pkg.T{}`; the braces maybe folded into one block token): a package-level variable so
/// initialized is a zero value (docs/RULES.md §3).
pub fn is_empty_named_composite(src: &[u8], e: &[Token]) -> bool {
    let e = strip_parens(src, e);
    let (typ, ok_braces) = match e {
        [typ @ .., open, close] if open.text(src) == b"{" && close.text(src) == b"}" => (typ, true),
        [typ @ .., block] if block.kind == Kind::Block => {
            let inner = &block.text(src)[1..block.text(src).len().saturating_sub(1)];
            (typ, inner.iter().all(|b| b.is_ascii_whitespace()))
        }
        _ => return false,
    };
    ok_braces
        && match typ {
            [t] => t.kind == Kind::Ident,
            [q, dot, t] => q.kind == Kind::Ident && dot.text(src) == b"." && t.kind == Kind::Ident,
            _ => false,
        }
}

/// A call that may build an error through a helper of the tree (docs/RULES.md §3): `f(…)` or
/// `q.F(…)` (a plain name or one qualifier), no known error constructor, one of whose arguments
/// holds a string literal in a refusal's words (the message). Without those words a call is
/// taken for work (`return load("config.json")` delegates; it is no refusal).
pub fn helper_call(src: &[u8], e: &[Token]) -> Option<(HelperCall, String)> {
    let e = strip_parens(src, e);
    let open = call_open(src, e)?;
    let callee = &e[..open];
    let text = |t: &Token| String::from_utf8_lossy(t.text(src)).into_owned();
    let helper = match callee {
        [n] if n.kind == Kind::Ident => HelperCall {
            qualifier: None,
            name: text(n),
        },
        [q, dot, n] if q.kind == Kind::Ident && dot.text(src) == b"." && n.kind == Kind::Ident => {
            HelperCall {
                qualifier: Some(text(q)),
                name: text(n),
            }
        }
        _ => return None,
    };
    let chain: Vec<&[u8]> = callee
        .iter()
        .filter(|t| t.kind == Kind::Ident)
        .map(|t| t.text(src))
        .collect();
    if is_error_constructor(&chain) {
        return None;
    }
    let message = first_string(src, &e[open..])?;
    super::wording::is_refusal_wording(&message).then_some((helper, message))
}

/// A call that skips a test (`t.Skip("…")`), with its message (the call's first string
/// literal) when it has one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SkipCall {
    /// The message, if the call gives a string literal.
    pub message: Option<String>,
}

/// Does the block call `X.Skip(…)`, `X.Skipf(…)` or `X.SkipNow()` at its top level?
pub fn skip_call(src: &[u8], toks: &[Token]) -> Option<SkipCall> {
    for r in statements(src, toks) {
        let s = &toks[r];
        let Some(open) = call_open(src, s) else {
            continue;
        };
        if open >= 2
            && s[open - 2].text(src) == b"."
            && matches!(s[open - 1].text(src), b"Skip" | b"Skipf" | b"SkipNow")
        {
            return Some(SkipCall {
                message: first_string(src, &s[open..]),
            });
        }
    }
    None
}

/// Splits `[from, to)` at depth-0 occurrences of the punctuation `sep`.
pub(crate) fn split_top(p: &Cursor, from: usize, to: usize, sep: &[u8]) -> Vec<(usize, usize)> {
    let mut parts = Vec::new();
    let mut s = from;
    let mut j = from;
    while j < to {
        match p.toks[j].kind {
            Kind::Open => j = p.skip_balanced(j),
            Kind::Punct if p.text(j) == sep => {
                parts.push((s, j));
                j += 1;
                s = j;
            }
            _ => j += 1,
        }
    }
    if s < to {
        parts.push((s, to));
    }
    parts
}

/// If the statement is a single call expression `callee(…)`, the index of its `(`.
fn call_open(src: &[u8], s: &[Token]) -> Option<usize> {
    let last = s.last()?;
    if last.text(src) != b")" {
        return None;
    }
    let p = Cursor { src, toks: s };
    // Walk the chain of selectors and calls from the start; it must end exactly at the end.
    let mut j = 0;
    let mut last_open = None;
    while j < s.len() {
        match (s[j].kind, s[j].text(src)) {
            (Kind::Ident, _) | (Kind::Punct, b".") => j += 1,
            (Kind::Open, b"(") => {
                last_open = Some(j);
                j = p.skip_balanced(j);
            }
            _ => return None,
        }
    }
    last_open.filter(|_| j == s.len())
}

/// `log.X(…)`, `logrus.WithField(…).Warn(…)`, `log.G(ctx).Debug(…)`.
fn is_log_call(src: &[u8], s: &[Token]) -> bool {
    s.len() >= 3
        && LOG_ROOTS.contains(&s[0].text(src))
        && s[1].text(src) == b"."
        && call_open(src, s).is_some()
}

/// `panic(…)` as a statement: returns its message.
fn panic_message(src: &[u8], s: &[Token]) -> Option<Option<String>> {
    if s.len() >= 3 && s[0].text(src) == b"panic" && s[1].text(src) == b"(" {
        let p = Cursor { src, toks: s };
        if p.skip_balanced(1) == s.len() {
            return Some(first_string(src, &s[1..]));
        }
    }
    None
}

fn strip_parens<'t>(src: &[u8], e: &'t [Token]) -> &'t [Token] {
    let lead = e.iter().take_while(|t| t.text(src) == b"(").count();
    if lead == 0 || e.len() < 2 {
        return e;
    }
    // Where each leading `(` closes (index past its partner), from one pass: the layers are
    // stripped while a `(` closes at the end of what is left, as `skip_balanced` would say of
    // that slice (a bracket left open runs to its end). One pass, not one per layer: a
    // million parentheses cost a million steps.
    let mut closes = vec![usize::MAX; lead];
    let mut depth = 0usize;
    for (j, t) in e.iter().enumerate() {
        match t.kind {
            Kind::Open => depth += 1,
            Kind::Close if depth > 0 => {
                depth -= 1;
                if let Some(c) = closes.get_mut(depth).filter(|c| **c == usize::MAX) {
                    *c = j + 1;
                }
                if depth == 0 {
                    break;
                }
            }
            _ => {}
        }
    }
    let mut layers = 0;
    while layers < lead && e.len() - 2 * layers >= 2 && closes[layers] >= e.len() - layers {
        layers += 1;
    }
    &e[layers..e.len() - layers]
}

/// A sentinel beside an error (`return -1, -1, fmt.Errorf(…)`, `return d, true, err…`): a
/// number, string or rune literal, negated or not, or `true`, in parentheses or not.
fn is_sentinel(src: &[u8], e: &[Token]) -> bool {
    let lit = |t: &Token| matches!(t.kind, Kind::Number | Kind::Str | Kind::RawStr | Kind::Char);
    match strip_parens(src, e) {
        [t] => lit(t) || (t.kind == Kind::Ident && t.text(src) == b"true"),
        [minus, rest @ ..] if minus.text(src) == b"-" => {
            matches!(strip_parens(src, rest), [t] if t.kind == Kind::Number)
        }
        _ => false,
    }
}

/// `nil`, `false`, a zero number, `""`, an empty composite literal, in parentheses or not.
pub fn is_zero_value(src: &[u8], e: &[Token]) -> bool {
    let e = strip_parens(src, e);
    match e {
        [] => false,
        [t] => match t.kind {
            Kind::Ident => matches!(t.text(src), b"nil" | b"false"),
            Kind::Number => is_zero_number(t.text(src)),
            Kind::Str => t.text(src) == b"\"\"",
            Kind::RawStr => t.text(src) == b"``",
            _ => false,
        },
        _ => {
            let n = e.len();
            if !(e[n - 2].text(src) == b"{" && e[n - 1].text(src) == b"}") {
                return false;
            }
            let typ = &e[..n - 2];
            // `{}` alone (not Go; found by the decls fuzz target) is no composite literal.
            let Some(first) = typ.first() else {
                return false;
            };
            let first = first.text(src);
            let ok_start = typ[0].kind == Kind::Ident || first == b"[";
            let p = Cursor { src, toks: typ };
            // The type part holds only names, dots and bracketed parts (`pkg.T`, `[]T`,
            // `map[K]V`, `G[int]`, `struct{}`): no operator, call or literal body.
            let mut j = 0;
            while j < typ.len() {
                match (typ[j].kind, typ[j].text(src)) {
                    // `*` for element types: `map[string]*T{}`, `[]*T{}`.
                    (Kind::Ident, _) | (Kind::Punct, b"." | b"*") => j += 1,
                    (Kind::Punct, _)
                    | (Kind::Number | Kind::Str | Kind::RawStr | Kind::Char | Kind::Semi, _) => {
                        return false;
                    }
                    (Kind::Open, b"(") => return false,
                    (Kind::Open, b"{") => {
                        // struct{…}/interface{…} in the type are fine.
                        if j == 0 || !matches!(typ[j - 1].text(src), b"struct" | b"interface") {
                            return false;
                        }
                        j = p.skip_balanced(j);
                    }
                    (Kind::Open, _) => j = p.skip_balanced(j),
                    // Bodies are tokenized whole: no block is folded here.
                    (Kind::Close | Kind::Block, _) => return false,
                }
            }
            ok_start
        }
    }
}

fn is_zero_number(t: &[u8]) -> bool {
    let t = t.strip_suffix(b"i").unwrap_or(t);
    let (digits, hex) =
        if t.len() > 1 && t[0] == b'0' && matches!(t[1], b'x' | b'X' | b'o' | b'O' | b'b' | b'B') {
            (&t[2..], matches!(t[1], b'x' | b'X'))
        } else {
            (t, false)
        };
    let exp = if hex { [b'p', b'P'] } else { [b'e', b'E'] };
    let mantissa = digits.split(|b| exp.contains(b)).next().unwrap_or(digits);
    mantissa.contains(&b'0') && mantissa.iter().all(|&b| matches!(b, b'0' | b'_' | b'.'))
}

/// An error expression (docs/RULES.md §3): a call of an error constructor, an `Err…` value,
/// `syscall.E…`, or a `…Error{…}` literal.
pub fn is_error_expr(src: &[u8], e: &[Token]) -> bool {
    let e = strip_parens(src, e);
    if e.is_empty() {
        return false;
    }
    // A call: the callee is the selector chain before the last top-level `(`.
    if let Some(open) = call_open(src, e) {
        let callee: Vec<&[u8]> = e[..open]
            .iter()
            .filter(|t| t.kind == Kind::Ident)
            .map(|t| t.text(src))
            .collect();
        let plain_chain = e[..open]
            .iter()
            .all(|t| t.kind == Kind::Ident || t.text(src) == b".");
        if plain_chain && !callee.is_empty() {
            return is_error_constructor(&callee);
        }
        return false;
    }
    // A value: an identifier or selector chain.
    if e.iter()
        .all(|t| t.kind == Kind::Ident || t.text(src) == b".")
        && e[0].kind == Kind::Ident
    {
        let names: Vec<&[u8]> = e
            .iter()
            .filter(|t| t.kind == Kind::Ident)
            .map(|t| t.text(src))
            .collect();
        let last = *names.last().unwrap_or(&&b""[..]);
        if last != b"err" && (last.starts_with(b"Err") || last.starts_with(b"err")) {
            return true;
        }
        if names.len() == 2
            && matches!(names[0], b"syscall" | b"unix" | b"windows")
            && last.len() > 1
            && last[0] == b'E'
            && last[1..]
                .iter()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        {
            return true;
        }
        return false;
    }
    // A composite literal of an …Error type, maybe with &.
    let lit = if e[0].text(src) == b"&" { &e[1..] } else { e };
    // (A top-level initializer's braces may come folded into one block token.)
    if let Some(brace) = lit
        .iter()
        .position(|t| t.kind == Kind::Block || t.text(src) == b"{")
    {
        let p = Cursor { src, toks: lit };
        let typ = &lit[..brace];
        if !typ.is_empty()
            && p.skip_balanced(brace) == lit.len()
            && typ
                .iter()
                .all(|t| t.kind == Kind::Ident || t.text(src) == b".")
        {
            return typ.last().is_some_and(|t| t.text(src).ends_with(b"Error"));
        }
    }
    false
}

/// Callee names (`[root, …, name]`) that construct an error.
/// Whether a function of this name makes an error when called (§3: `newErrX`, `ErrX`,
/// `NotImplemented`, `NotSupported`): an error constructor, not a function that fails.
pub fn is_error_constructor_name(name: &str) -> bool {
    is_error_constructor(&[name.as_bytes()])
}

fn is_error_constructor(chain: &[&[u8]]) -> bool {
    let name = chain[chain.len() - 1];
    let root = chain[0];
    if chain.len() == 2 {
        match root {
            b"errors" => return !matches!(name, b"Is" | b"As"),
            b"errdefs" | b"cerrdefs" => return !name.starts_with(b"Is"),
            b"fmt" if name == b"Errorf" => return true,
            b"status" if matches!(name, b"Error" | b"Errorf") => return true,
            _ => {}
        }
    }
    if matches!(name, b"NotImplemented" | b"NotSupported") {
        return true;
    }
    let bare = name
        .strip_prefix(b"new")
        .or_else(|| name.strip_prefix(b"New"))
        .unwrap_or(name);
    bare.starts_with(b"Err") || bare.starts_with(b"err")
}

/// The message of an error expression: its first string literal, or, for a bare identifier
/// or a qualified one (`errdefs.ErrNotImplemented`), the name as written (to be looked up
/// among the variables of the package it names; else the name is the message).
pub fn error_message(src: &[u8], e: &[Token]) -> (Option<String>, Option<String>) {
    if let Some(m) = first_string(src, e) {
        return (Some(m), None);
    }
    match strip_parens(src, e) {
        [t] if t.kind == Kind::Ident => (
            None,
            Some(String::from_utf8_lossy(t.text(src)).into_owned()),
        ),
        [q, dot, t] if q.kind == Kind::Ident && dot.text(src) == b"." && t.kind == Kind::Ident => (
            None,
            Some(format!(
                "{}.{}",
                String::from_utf8_lossy(q.text(src)),
                String::from_utf8_lossy(t.text(src))
            )),
        ),
        _ => (None, None),
    }
}

/// The first string literal among the tokens, unquoted.
pub fn first_string(src: &[u8], e: &[Token]) -> Option<String> {
    e.iter()
        .find(|t| matches!(t.kind, Kind::Str | Kind::RawStr))
        .map(|t| unquote(t.text(src)))
}

/// `R.GOOS == "os"` / `!=`, either order, where `R` is the runtime import's name.
/// Returns (is `==`, os).
pub fn goos_compare(src: &[u8], t: &[Token], runtime: Option<&str>) -> Option<(bool, String)> {
    let runtime = runtime?.as_bytes();
    let is_goos = |s: &[Token]| {
        s.len() == 3
            && s[0].text(src) == runtime
            && s[1].text(src) == b"."
            && s[2].text(src) == b"GOOS"
    };
    let is_str = |s: &[Token]| s.len() == 1 && matches!(s[0].kind, Kind::Str | Kind::RawStr);
    let op = t
        .iter()
        .position(|x| matches!(x.text(src), b"==" | b"!="))?;
    let (l, r) = (strip_parens(src, &t[..op]), strip_parens(src, &t[op + 1..]));
    let eq = t[op].text(src) == b"==";
    if is_goos(l) && is_str(r) {
        return Some((eq, unquote(r[0].text(src))));
    }
    if is_str(l) && is_goos(r) {
        return Some((eq, unquote(l[0].text(src))));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::lexer::tokenize;

    /// `strip_parens` as first written (one `skip_balanced` per layer, quadratic in the
    /// layers), kept as the reference of the one-pass version.
    fn strip_parens_per_layer<'t>(src: &[u8], mut e: &'t [Token]) -> &'t [Token] {
        while e.len() >= 2 && e[0].text(src) == b"(" {
            let p = Cursor { src, toks: e };
            if p.skip_balanced(0) != e.len() {
                break;
            }
            e = &e[1..e.len() - 1];
        }
        e
    }

    #[test]
    fn strip_parens_in_one_pass_equals_one_layer_at_a_time() {
        // Every string of up to 9 tokens over `(`, `)`, `[`, `]`, `x`, balanced or not.
        let alphabet = ["(", ")", "[", "]", "x"];
        let mut checked = 0;
        for len in 0..=9u32 {
            for mut code in 0..5usize.pow(len) {
                let mut text = String::new();
                for _ in 0..len {
                    text.push_str(alphabet[code % 5]);
                    text.push(' ');
                    code /= 5;
                }
                let mut toks = Vec::new();
                tokenize(text.as_bytes(), &mut toks);
                toks.retain(|t| t.kind != Kind::Semi);
                let (a, b) = (
                    strip_parens(text.as_bytes(), &toks),
                    strip_parens_per_layer(text.as_bytes(), &toks),
                );
                assert_eq!((a.as_ptr(), a.len()), (b.as_ptr(), b.len()), "{text:?}");
                checked += 1;
            }
        }
        assert_eq!(checked, (0..=9).map(|n| 5usize.pow(n)).sum::<usize>());
    }

    /// The tokens of a snippet, without the semicolons the lexer ends its lines with.
    fn snippet(e: &str) -> Vec<Token> {
        let mut toks = Vec::new();
        tokenize(e.as_bytes(), &mut toks);
        while toks.last().is_some_and(|t| t.kind == Kind::Semi) {
            toks.pop();
        }
        toks
    }

    /// A body's facts, from its statements.
    fn facts(body: &str) -> BodyFacts {
        classify(body.as_bytes(), &snippet(body))
    }

    fn kind(body: &str) -> String {
        let src = format!("{{{body}}}");
        let mut toks = Vec::new();
        tokenize(src.as_bytes(), &mut toks);
        // Drop the braces and the final semicolon.
        let inner = &toks[1..toks.len() - 2];
        let f = classify(src.as_bytes(), inner);
        match f.message {
            Some(m) => format!("{} {m:?}", f.kind.as_str()),
            None => f.kind.as_str().to_string(),
        }
    }

    /// (body, expected kind and message)
    const CASES: &[(&str, &str)] = &[
        ("", "empty"),
        ("\n\t// nothing to do on Windows\n", "empty"),
        (";", "empty"),
        ("return nil", "zero"),
        ("return", "zero"),
        ("return nil, nil", "zero"),
        ("return 0, nil", "zero"),
        ("return 0.0, 0x0, 0o0, 0b0, 00, 0e3, 0i, 0_0", "zero"),
        ("return \"\", false", "zero"),
        ("return ``", "zero"),
        (
            "return T{}, pkg.T{}, []T{}, map[string]int{}, [2]T{}, struct{}{}, G[int]{}",
            "zero",
        ),
        ("return (nil)", "zero"),
        ("return 1", "real"),
        ("return &T{}", "real"),
        ("return T{a: 1}", "real"),
        ("return x", "real"),
        ("return err", "real"),
        (
            "// a comment\n\tlogrus.Debugf(\"not supported\")\n\treturn nil",
            "zero",
        ),
        ("log.G(ctx).Warn(\"x\")\n\treturn 0, nil", "zero"),
        ("logrus.Warn(\"only logs\")", "zero"),
        ("fmt.Println(\"x\")\n\treturn nil", "real"),
        (
            "return errors.New(\"Windows does not support diff of a running container\")",
            "error \"Windows does not support diff of a running container\"",
        ),
        (
            "return nil, fmt.Errorf(\"%s is not supported\", x)",
            "error \"%s is not supported\"",
        ),
        (
            "return errdefs.NotImplemented(errors.New(\"not implemented\"))",
            "error \"not implemented\"",
        ),
        ("return ErrNotSupported", "error"),
        ("return nil, errdefs.ErrNotImplemented", "error"),
        ("return errNotSupported", "error"),
        ("return syscall.ENOTSUP", "error"),
        ("return windows.ERROR_NOT_SUPPORTED", "real"),
        (
            "return &os.PathError{Op: \"open\", Err: e}",
            "error \"open\"",
        ),
        ("return nil, newErrNotImplemented(\"x\")", "error \"x\""),
        ("return NotImplemented()", "error"),
        ("return errors.Is(err, x)", "real"),
        ("return tid == [16]byte{}", "real"),
        ("return map[string]*T{}, []*pkg.T{}", "zero"),
        ("return p == PriorityParam{}", "real"),
        (
            "return cerrdefs.ErrInvalidArgument.WithMessage(msg)",
            "real",
        ),
        ("return errdefs.IsNotFound(err)", "real"),
        ("return wrapErr(err)", "real"),
        (
            "return status.Errorf(codes.Unimplemented, `raw msg`)",
            "error \"raw msg\"",
        ),
        (
            "panic(\"not implemented on windows\")",
            "panic \"not implemented on windows\"",
        ),
        ("panic(fmt.Sprintf(\"x %d\", 1))", "panic \"x %d\""),
        ("logrus.Error(\"x\")\n\tpanic(err)", "panic"),
        ("x := 1\n\treturn nil", "real"),
        ("if x {\n\t\treturn nil\n\t}\n\treturn nil", "real"),
        // Sentinels beside an error (RULES.md §3); without one, a value.
        ("return nil, errors.New(\"a\"), 1", "error \"a\""),
        ("return -1, -1, fmt.Errorf(\"b\")", "error \"b\""),
        (
            "return (-(1)), true, 'x', `y`, errors.New(\"c\")",
            "error \"c\"",
        ),
        ("return -1, nil", "real"),
        ("return -x, errors.New(\"d\")", "real"),
    ];

    #[test]
    fn messages_of_error_values_are_their_names_until_the_join_finds_an_initializer() {
        let msg = |e: &str| error_message(e.as_bytes(), &snippet(e));
        assert_eq!(
            msg("errNotSupported"),
            (None, Some("errNotSupported".to_string()))
        );
        assert_eq!(
            msg("(errdefs.ErrNotImplemented)"),
            (None, Some("errdefs.ErrNotImplemented".to_string()))
        );
        assert_eq!(msg("a.b.ErrX"), (None, None));
        assert_eq!(
            msg("fmt.Errorf(\"x: %w\", errdefs.ErrNotImplemented)"),
            (Some("x: %w".to_string()), None)
        );
    }

    #[test]
    fn declared_zero_locals_and_package_zero_values() {
        assert_eq!(
            facts("var mounts []Mount\nreturn mounts, nil"),
            BodyFacts::of(BodyKind::Zero)
        );
        assert_eq!(
            facts("var a, b T\nlog.Debug(\"x\")\nreturn a, b"),
            BodyFacts::of(BodyKind::Zero)
        );
        // A value, or a group, is no declared zero.
        for body in ["var m = x\nreturn m, nil", "var (\nm T\n)\nreturn m, nil"] {
            assert_eq!(facts(body), BodyFacts::of(BodyKind::Real), "{body}");
        }
        // Other bare names may be package-level zero values: the join decides.
        let b = facts("return emptyDesc, errdefs.ErrNotImplemented");
        assert_eq!(
            (b.kind, b.zero_vars),
            (
                BodyKind::Real,
                Some((vec!["emptyDesc".to_string()], BodyKind::Error))
            )
        );
        assert_eq!(facts("return x, err"), BodyFacts::of(BodyKind::Real));
        let lazy = |body: &str| {
            classify_lazy(
                body.as_bytes(),
                Lexer::range(body.as_bytes(), 0, body.len(), 1),
            )
        };
        assert_eq!(
            lazy("var mounts []Mount\nreturn mounts, nil"),
            BodyFacts::of(BodyKind::Zero)
        );
        assert_eq!(
            lazy("var mounts []Mount\nmounts = f()\nreturn mounts, nil"),
            BodyFacts::of(BodyKind::Real)
        );
    }

    #[test]
    fn empty_composites_of_named_types() {
        let yes = |e: &str| is_empty_named_composite(e.as_bytes(), &snippet(e));
        assert!(yes("ocispec.Descriptor{}") && yes("T{}") && yes("(T{ })"));
        assert!(
            !yes("[]T{}")
                && !yes("map[string]int{}")
                && !yes("T{1}")
                && !yes("\"\"")
                && !yes("a.b.T{}")
        );
    }

    #[test]
    fn a_helper_call_in_place_of_the_error_is_left_to_the_join() {
        let b = facts("return nil, types.NotImplementedErrorf(\"gateway is not implemented\")");
        assert_eq!(
            (b.kind, b.message.as_deref(), b.helper),
            (
                BodyKind::Real,
                Some("gateway is not implemented"),
                Some(HelperCall {
                    qualifier: Some("types".to_string()),
                    name: "NotImplementedErrorf".to_string()
                })
            )
        );
        // Without a refusal's words, a call is work; beside an error, or two of them, too.
        for body in [
            "return load(\"config.json\")",
            "return nil, f(\"not supported\"), errors.New(\"x\")",
            "return f(\"not supported\"), g(\"not supported\")",
            "return c.x.f(\"not supported\")",
        ] {
            assert_eq!(facts(body), BodyFacts::of(BodyKind::Real), "{body}");
        }
    }

    #[test]
    fn bodies_are_classified_by_the_rules() {
        for (body, want) in CASES {
            assert_eq!(kind(body), *want, "body {body:?}");
        }
    }

    #[test]
    fn goos_comparisons_in_either_order() {
        let cases = [
            ("runtime.GOOS == \"windows\"", Some((true, "windows"))),
            ("\"windows\" != runtime.GOOS", Some((false, "windows"))),
            ("(runtime.GOOS) == `linux`", Some((true, "linux"))),
            ("rt.GOOS == \"windows\"", None),
            ("runtime.GOARCH == \"amd64\"", None),
        ];
        for (e, want) in cases {
            let mut toks = Vec::new();
            tokenize(e.as_bytes(), &mut toks);
            toks.pop();
            let got = goos_compare(e.as_bytes(), &toks, Some("runtime"));
            assert_eq!(got.as_ref().map(|(a, b)| (*a, b.as_str())), want, "{e}");
        }
    }
}

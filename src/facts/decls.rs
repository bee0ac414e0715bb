//! Top-level declarations read from the token stream.
//!
//! Go's grammar is regular enough at the top level that declarations can be read from tokens
//! with bracket matching alone: `func`, `type`, `var` and `const` only start a declaration at
//! depth 0, specs of a group end at depth-0 semicolons, and a function body is the `{` that
//! follows the signature (result types that hold braces — `struct{…}`, `interface{…}` — are
//! stepped over). This is what lets winparity list every API of a large tree without a full parse.

use compact_str::CompactString;

use super::body::{self, BodyFacts, BodyKind};
use super::lexer::Cursor;
use super::lexer::{Kind, Lexer, Token, name_of, tokenize_range};

/// What a declaration declares.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum DeclKind {
    /// A function without receiver.
    Func,
    /// A method.
    Method,
    /// A type.
    Type,
    /// A constant.
    Const,
    /// A variable.
    Var,
}

impl DeclKind {
    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            DeclKind::Func => "func",
            DeclKind::Method => "method",
            DeclKind::Type => "type",
            DeclKind::Const => "const",
            DeclKind::Var => "var",
        }
    }
}

/// The value of a boolean const/var that may make it a platform flag.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum FlagValue {
    /// `true` or `false`.
    Bool(bool),
    /// `runtime.GOOS == "s"` or `!=`.
    Goos {
        /// True for `==`, false for `!=`.
        eq: bool,
        /// The GOOS compared with.
        os: String,
    },
}

/// One top-level declaration (one name of it).
///
/// A large tree has hundreds of thousands of these, held until the join: names are inline
/// strings (no allocation up to 24 bytes) and what few declarations have is boxed apart.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Decl {
    /// Kind.
    pub kind: DeclKind,
    /// Functions: the body's shape; `None` for types, consts and vars.
    pub body_kind: Option<BodyKind>,
    /// Declared name.
    pub name: CompactString,
    /// Receiver type name for methods, else empty.
    pub receiver: CompactString,
    /// Line of the name.
    pub line: u32,
    /// Byte range of the declaration (the spec, for grouped declarations).
    pub start: u32,
    /// End of the byte range.
    pub end: u32,
    /// Byte range of the whole declaration (`var ( … )` for grouped specs), which is what a
    /// parser must see.
    pub outer: (u32, u32),
    /// Functions: the byte range between the body's braces.
    pub body_span: Option<(u32, u32)>,
    /// Functions: the last result is `error` (`error`, `(T, error)`, `(v T, err error)`).
    pub returns_error: bool,
    /// What only some declarations have.
    pub extra: Option<Box<DeclExtra>>,
}

/// The rarer facts of a declaration.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DeclExtra {
    /// Functions whose body is an `error` or `panic`: its message, or the variable holding it.
    pub body_message: Option<String>,
    /// The variable the body's error expression names (`return errNotSupported`).
    pub body_message_var: Option<String>,
    /// Types: the struct's field names, when the type is a struct.
    pub fields: Option<Vec<String>>,
    /// Consts and vars: a boolean or GOOS-comparison value.
    pub flag: Option<FlagValue>,
    /// Vars: the message of an initializer that is an error expression
    /// (`var errNotSupported = errors.New("…")`).
    pub error_message: Option<String>,
    /// Functions whose body returns a call of a possible error helper (docs/RULES.md §3).
    pub body_helper: Option<super::body::HelperCall>,
    /// Functions whose results name what may be package-level zero values (docs/RULES.md §3):
    /// the names, and the body's kind if they are.
    pub body_zero_vars: Option<(Vec<String>, BodyKind)>,
    /// Vars: the initializer is `T{}` or `pkg.T{}` (no type written, a value of its own).
    pub zero_struct: bool,
}

impl DeclExtra {
    /// `None` when there is nothing to hold, so most declarations allocate nothing for it.
    fn boxed(self) -> Option<Box<DeclExtra>> {
        (self != DeclExtra::default()).then(|| Box::new(self))
    }
}

impl Decl {
    /// The body's shape, with its message (or the variable holding it).
    pub fn body(&self) -> Option<BodyFacts> {
        let kind = self.body_kind?;
        let extra = self.extra.as_deref();
        Some(BodyFacts {
            kind,
            message: extra.and_then(|e| e.body_message.clone()),
            message_var: extra.and_then(|e| e.body_message_var.clone()),
            helper: extra.and_then(|e| e.body_helper.clone()),
            zero_vars: extra.and_then(|e| e.body_zero_vars.clone()),
        })
    }
    /// The variable a refusing body returns, if any.
    pub fn body_message_var(&self) -> Option<&str> {
        self.extra.as_deref()?.body_message_var.as_deref()
    }
    /// Struct field names.
    pub fn fields(&self) -> Option<&[String]> {
        self.extra.as_deref()?.fields.as_deref()
    }
    /// Flag value.
    pub fn flag(&self) -> Option<&FlagValue> {
        self.extra.as_deref()?.flag.as_ref()
    }
    /// Error message of a var's initializer.
    pub fn error_message(&self) -> Option<&str> {
        self.extra.as_deref()?.error_message.as_deref()
    }
}

/// Reads the top-level declarations of a file from its tokens. `runtime` is the file's name
/// for the `runtime` import, if any (for flags like `isWindows = runtime.GOOS == "windows"`).
pub fn read_decls(src: &[u8], toks: &[Token], runtime: Option<&str>) -> Vec<Decl> {
    let mut out = Vec::new();
    let mut i = 0;
    let p = Cursor { src, toks };
    while i < toks.len() {
        let t = toks[i];
        if t.kind != Kind::Ident {
            i = p.skip_statement(i);
            continue;
        }
        match t.text(src) {
            b"func" => i = p.func_decl(i, &mut out),
            b"type" | b"var" | b"const" => i = p.gen_decl(i, runtime, &mut out),
            _ => i = p.skip_statement(i),
        }
    }
    // Held until the join: no slack.
    out.shrink_to_fit();
    out
}

// The declaration reader's part of the cursor (its token navigation is the lexer's).
impl Cursor<'_> {
    fn is(&self, i: usize, s: &[u8]) -> bool {
        i < self.toks.len() && self.text(i) == s
    }

    fn is_kind(&self, i: usize, k: Kind) -> bool {
        i < self.toks.len() && self.toks[i].kind == k
    }

    /// Index past the next semicolon at depth 0 (or the end).
    fn skip_statement(&self, mut i: usize) -> usize {
        while i < self.toks.len() {
            match self.toks[i].kind {
                Kind::Semi => return i + 1,
                Kind::Open => i = self.skip_balanced(i),
                Kind::Close => return i + 1, // stray closer: step over it
                _ => i += 1,
            }
        }
        i
    }

    fn end_of(&self, i: usize) -> u32 {
        if i == 0 { 0 } else { self.toks[i - 1].end }
    }

    fn func_decl(&self, start: usize, out: &mut Vec<Decl>) -> usize {
        let mut i = start + 1;
        let mut receiver = CompactString::default();
        let mut is_method = false;
        if self.is_kind(i, Kind::Open) && self.is(i, b"(") {
            let close = self.skip_balanced(i);
            receiver = self.receiver_type(i + 1, close.saturating_sub(1));
            is_method = true;
            i = close;
        }
        if !self.is_kind(i, Kind::Ident) {
            return self.skip_statement(i);
        }
        let name_tok = self.toks[i];
        let name = name_of(self.text(i));
        i += 1;
        // Type parameters, then parameters.
        if self.is(i, b"[") {
            i = self.skip_balanced(i);
        }
        if self.is(i, b"(") {
            i = self.skip_balanced(i);
        }
        // Results: up to the body's `{` or the end of the declaration.
        let mut body = None;
        let mut body_span = None;
        let results_from = i;
        let mut results_to = i;
        while i < self.toks.len() {
            let t = self.toks[i];
            results_to = i;
            match t.kind {
                Kind::Semi => {
                    i += 1;
                    break;
                }
                Kind::Ident
                    if matches!(self.text(i), b"struct" | b"interface")
                        && (self.is(i + 1, b"{") || self.is_kind(i + 1, Kind::Block)) =>
                {
                    i = self.skip_balanced(i + 1);
                }
                Kind::Block => {
                    // The body, folded: tokenized only as far as its shape needs.
                    let (open, close) = (t.start, t.end);
                    body_span = Some((open + 1, close - 1));
                    let lexer =
                        Lexer::range(self.src, open as usize + 1, close as usize - 1, t.line);
                    body = Some(body::classify_lazy(self.src, lexer));
                    i += 1;
                    if self.is_kind(i, Kind::Semi) {
                        i += 1;
                    }
                    break;
                }
                Kind::Open if self.text(i) == b"{" => {
                    let close = self.skip_balanced(i);
                    let end = self
                        .toks
                        .get(close.saturating_sub(1))
                        .map_or(self.toks[i].end, |t| t.start);
                    body_span = Some((self.toks[i].end, end.max(self.toks[i].end)));
                    body = Some(body::classify(
                        self.src,
                        &self.toks[i + 1..close.saturating_sub(1).max(i + 1)],
                    ));
                    i = close;
                    // The semicolon after the closing brace.
                    if self.is_kind(i, Kind::Semi) {
                        i += 1;
                    }
                    break;
                }
                Kind::Open => i = self.skip_balanced(i),
                Kind::Close => break,
                _ => i += 1,
            }
        }
        let kind = if is_method {
            DeclKind::Method
        } else {
            DeclKind::Func
        };
        let returns_error = self.last_result_is_error(results_from, results_to);
        // A function without body is implemented elsewhere (assembly): real work.
        let body = body.unwrap_or(BodyFacts::of(BodyKind::Real));
        out.push(Decl {
            kind,
            body_kind: Some(body.kind),
            name,
            receiver,
            line: name_tok.line,
            start: self.toks[start].start,
            end: self.end_of(i),
            outer: (self.toks[start].start, self.end_of(i)),
            body_span,
            returns_error,
            extra: DeclExtra {
                body_message: body.message,
                body_message_var: body.message_var,
                body_helper: body.helper,
                body_zero_vars: body.zero_vars,
                ..DeclExtra::default()
            }
            .boxed(),
        });
        i
    }

    /// Whether the results (tokens `from..to`) end in `error`: `error`, or `…, error)` and
    /// `…, err error)` in parentheses.
    fn last_result_is_error(&self, from: usize, to: usize) -> bool {
        if to <= from {
            return false;
        }
        let last = if self.is(to - 1, b")") && to >= from + 2 {
            to - 2
        } else {
            to - 1
        };
        self.is(last, b"error") && self.is_kind(last, Kind::Ident)
    }

    /// The receiver's type name: `r *T[K]` → `T`, `(*T)` → `T`.
    fn receiver_type(&self, from: usize, to: usize) -> CompactString {
        let mut depth = 0;
        let mut last = None;
        let mut j = from;
        while j < to {
            let t = self.toks[j];
            match (t.kind, self.text(j)) {
                (Kind::Open, b"[") => depth += 1,
                (Kind::Close, b"]") => depth -= 1,
                // No receiver type is inside braces (a broken file may have some there): stepped
                // over, as the folded stream steps over a block.
                (Kind::Open, b"{") => {
                    j = self.skip_balanced(j).min(to);
                    continue;
                }
                (Kind::Ident, _) if depth == 0 => last = Some(j),
                _ => {}
            }
            j += 1;
        }
        last.map(|j| name_of(self.text(j))).unwrap_or_default()
    }

    fn gen_decl(&self, start: usize, runtime: Option<&str>, out: &mut Vec<Decl>) -> usize {
        let kind = match self.text(start) {
            b"type" => DeclKind::Type,
            b"var" => DeclKind::Var,
            _ => DeclKind::Const,
        };
        let i = start + 1;
        let first = out.len();
        if self.is(i, b"(") {
            let close = self.skip_balanced(i);
            let inner_end = close.saturating_sub(1).max(i + 1);
            let mut s = i + 1;
            while s < inner_end {
                let e = self.spec_end(s, inner_end);
                if e > s {
                    self.spec(kind, s, e, runtime, out);
                }
                s = e + 1;
            }
            let outer = (self.toks[start].start, self.end_of(close));
            for d in &mut out[first..] {
                d.outer = outer;
            }
            let mut j = close;
            if self.is_kind(j, Kind::Semi) {
                j += 1;
            }
            return j;
        }
        let end = self.spec_end(i, self.toks.len());
        self.spec(kind, i, end, runtime, out);
        let outer = (self.toks[start].start, self.end_of(end));
        for d in &mut out[first..] {
            d.outer = outer;
        }
        (end + 1).min(self.toks.len())
    }

    /// Index of the depth-0 semicolon ending the spec that starts at `s` (or `limit`).
    fn spec_end(&self, mut s: usize, limit: usize) -> usize {
        while s < limit {
            match self.toks[s].kind {
                Kind::Semi => return s,
                Kind::Open => s = self.skip_balanced(s),
                _ => s += 1,
            }
        }
        limit.min(self.toks.len())
    }

    fn spec(&self, kind: DeclKind, s: usize, e: usize, runtime: Option<&str>, out: &mut Vec<Decl>) {
        // A file may end right after `var`, `const` or `type`.
        if s >= e.min(self.toks.len()) {
            return;
        }
        let start = self.toks[s].start;
        let end = self.toks[e.min(self.toks.len()) - 1].end;
        if kind == DeclKind::Type {
            if !self.is_kind(s, Kind::Ident) {
                return;
            }
            let mut j = s + 1;
            // Type parameters (`type G[T any] …`), told from an array type (`type A [4]int`).
            if self.is(j, b"[") && self.looks_like_type_params(j) {
                j = self.skip_balanced(j);
            }
            if self.is(j, b"=") {
                j += 1;
            }
            let fields = if self.is(j, b"struct") && self.is(j + 1, b"{") {
                Some(self.struct_fields(j + 1))
            } else if self.is(j, b"struct") && self.is_kind(j + 1, Kind::Block) {
                // A folded struct body: its fields from its tokens.
                let toks = self.unfold(j + 1, j + 2);
                Some(
                    Cursor {
                        src: self.src,
                        toks: &toks,
                    }
                    .struct_fields(0),
                )
            } else {
                None
            };
            out.push(Decl {
                kind,
                body_kind: None,
                name: name_of(self.text(s)),
                receiver: CompactString::default(),
                line: self.toks[s].line,
                start,
                end,
                outer: (start, end),
                body_span: None,
                returns_error: false,
                extra: DeclExtra {
                    fields,
                    ..DeclExtra::default()
                }
                .boxed(),
            });
            return;
        }
        // var/const: names, then an optional type, then `= values`. Values may hold folded
        // blocks: a flag (`true`, `R.GOOS == "…"`) never lies in one, and whether a value is an
        // error expression can be told around them; only its message may lie inside.
        let mut names = Vec::new();
        let mut j = s;
        while self.is_kind(j, Kind::Ident) && j < e {
            names.push(j);
            j += 1;
            // A comma at the spec's end (only in a broken file) is not stepped past it.
            if j < e && self.is(j, b",") {
                j += 1;
            } else {
                break;
            }
        }
        let type_start = j;
        while j < e && !self.is(j, b"=") {
            j = if self.is_kind(j, Kind::Open) {
                self.skip_balanced(j)
            } else {
                j + 1
            };
        }
        let typ = &self.toks[type_start..j.min(e)];
        let bool_typed = typ.is_empty() || (typ.len() == 1 && typ[0].text(self.src) == b"bool");
        let values = if j < e {
            body::split_top(self, j + 1, e, b",")
        } else {
            Vec::new()
        };
        for (k, &n) in names.iter().enumerate() {
            let value = (values.len() == names.len()).then(|| &self.toks[values[k].0..values[k].1]);
            let flag = value
                .filter(|_| bool_typed)
                .and_then(|v| flag_value(self.src, v, runtime));
            let error_message = value
                .filter(|v| {
                    kind == DeclKind::Var && typ.is_empty() && body::is_error_expr(self.src, v)
                })
                .and_then(|v| {
                    if v.iter().any(|t| t.kind == Kind::Block) {
                        let k = values[k].0;
                        let toks = self.unfold(k, k + v.len());
                        body::first_string(self.src, &toks)
                    } else {
                        body::first_string(self.src, v)
                    }
                });
            let zero_struct = kind == DeclKind::Var
                && typ.is_empty()
                && value.is_some_and(|v| body::is_empty_named_composite(self.src, v));
            out.push(Decl {
                kind,
                body_kind: None,
                name: name_of(self.text(n)),
                receiver: CompactString::default(),
                line: self.toks[n].line,
                start,
                end,
                outer: (start, end),
                body_span: None,
                returns_error: false,
                extra: DeclExtra {
                    flag,
                    error_message,
                    zero_struct,
                    ..DeclExtra::default()
                }
                .boxed(),
            });
        }
    }

    /// All the tokens of `toks[from..to]`, folded blocks tokenized.
    fn unfold(&self, from: usize, to: usize) -> Vec<Token> {
        let mut out = Vec::new();
        if from < to {
            let (a, b) = (self.toks[from].start, self.toks[to - 1].end);
            tokenize_range(
                self.src,
                a as usize,
                b as usize,
                self.toks[from].line,
                &mut out,
            );
        }
        out
    }

    fn looks_like_type_params(&self, open: usize) -> bool {
        let close = self.skip_balanced(open);
        let inner = &self.toks[open + 1..close.saturating_sub(1).max(open + 1)];
        inner.len() >= 2
            && inner[0].kind == Kind::Ident
            && matches!(inner[1].kind, Kind::Ident | Kind::Open | Kind::Block)
            || inner.len() >= 2
                && inner[0].kind == Kind::Ident
                && matches!(inner[1].text(self.src), b"," | b"*" | b"~")
                && inner.len() >= 3
    }

    /// Field names of the struct whose `{` is at `open`; embedded fields by their type name.
    fn struct_fields(&self, open: usize) -> Vec<String> {
        let close = self.skip_balanced(open);
        let end = close.saturating_sub(1);
        let mut fields = Vec::new();
        let mut s = open + 1;
        while s < end {
            let e = self.spec_end(s, end);
            if e > s {
                self.field_names(s, e, &mut fields);
            }
            s = e + 1;
        }
        fields
    }

    fn field_names(&self, s: usize, e: usize, out: &mut Vec<String>) {
        let name = |j: usize| String::from_utf8_lossy(self.text(j)).into_owned();
        // Embedded: `*T`, `pkg.T`, `T`, `T[X]`, each maybe followed by a tag.
        let is_tag = |j: usize| j >= e || matches!(self.toks[j].kind, Kind::Str | Kind::RawStr);
        let mut j = s;
        if self.is(j, b"*") {
            j += 1;
        }
        if self.is_kind(j, Kind::Ident) {
            let mut k = j + 1;
            let mut last = j;
            while self.is(k, b".") && self.is_kind(k + 1, Kind::Ident) && k + 1 < e {
                last = k + 1;
                k += 2;
            }
            let qualified = last != j;
            let generic_end = if self.is(k, b"[") {
                self.skip_balanced(k)
            } else {
                k
            };
            let embedded =
                j > s || qualified || is_tag(k) || (generic_end > k + 2 && is_tag(generic_end));
            if embedded {
                out.push(name(last));
                return;
            }
        }
        // Named fields: `A, B T`.
        let mut j = s;
        while self.is_kind(j, Kind::Ident) && j < e {
            out.push(name(j));
            if self.is(j + 1, b",") {
                j += 2;
            } else {
                break;
            }
        }
    }
}

/// A flag value: `true`, `false`, or `R.GOOS ==/!= "os"` (either order), in parentheses or not.
fn flag_value(src: &[u8], mut t: &[Token], runtime: Option<&str>) -> Option<FlagValue> {
    while t.len() >= 2 && t[0].text(src) == b"(" && t[t.len() - 1].text(src) == b")" {
        t = &t[1..t.len() - 1];
    }
    match t {
        [x] if x.text(src) == b"true" => Some(FlagValue::Bool(true)),
        [x] if x.text(src) == b"false" => Some(FlagValue::Bool(false)),
        _ => body::goos_compare(src, t, runtime).map(|(eq, os)| FlagValue::Goos { eq, os }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::lexer::{tokenize, tokenize_top};

    fn decls(src: &str) -> Vec<String> {
        let mut toks = Vec::new();
        tokenize_top(src.as_bytes(), &mut toks);
        let folded = read_decls(src.as_bytes(), &toks, Some("runtime"));
        // The full token stream says the same.
        tokenize(src.as_bytes(), &mut toks);
        assert_eq!(folded, read_decls(src.as_bytes(), &toks, Some("runtime")));
        read_decls(src.as_bytes(), &toks, Some("runtime"))
            .iter()
            .map(|d| {
                let mut s = format!("{} {}|{} @{}", d.kind.as_str(), d.receiver, d.name, d.line);
                if let Some(b) = d.body_kind {
                    s += &format!(" body={}", b.as_str());
                }
                if let Some(f) = d.fields() {
                    s += &format!(" fields={}", f.join(","));
                }
                if let Some(f) = d.flag() {
                    s += &format!(" flag={f:?}");
                }
                s
            })
            .collect()
    }

    #[test]
    fn last_result_error() {
        let src = "package p\nfunc A() error { return nil }\nfunc B() (int, error) { return 0, nil }\nfunc C() (n int, err error) { return }\nfunc D() string { return \"\" }\nfunc E() (error, int) { return nil, 0 }\nfunc F() {}\nfunc G() error\n";
        let got: Vec<(String, bool)> = super::super::read_decls(src.as_bytes(), None)
            .into_iter()
            .map(|d| (d.name.to_string(), d.returns_error))
            .collect();
        let want: Vec<(String, bool)> = [
            ("A", true),
            ("B", true),
            ("C", true),
            ("D", false),
            ("E", false),
            ("F", false),
            ("G", true),
        ]
        .map(|(n, b)| (n.to_string(), b))
        .to_vec();
        assert_eq!(got, want);
    }

    #[test]
    fn functions_and_methods_with_receivers() {
        let src = "package a\n\nimport \"runtime\"\n\nfunc F() {}\nfunc (c *Container) IpcMounts() []Mount { return nil }\nfunc (s *Set[T]) Add(v T) { s.m[v] = struct{}{} }\nfunc (p Pair[K, V]) Key() K {\n\treturn p.k\n}\nfunc G() interface{ M() } { return nil }\nfunc H() func() int { return nil }\nfunc asm(x int) int\nfunc (T) Value() struct{ a int } { return struct{ a int }{} }\n";
        assert_eq!(
            decls(src),
            vec![
                "func |F @5 body=empty",
                "method Container|IpcMounts @6 body=zero",
                "method Set|Add @7 body=real",
                "method Pair|Key @8 body=real",
                "func |G @11 body=zero",
                "func |H @12 body=zero",
                "func |asm @13 body=real",
                "method T|Value @14 body=zero",
            ]
        );
    }

    #[test]
    fn grouped_specs_types_and_fields() {
        let src = "package a\nconst (\n\tA = iota\n\tB\n\t_ = 3\n)\nvar x, y = 1, 2\nvar isWindows = runtime.GOOS == \"windows\"\nconst isLinux bool = true\ntype (\n\tS struct {\n\t\tName, Alias string `json:\"n\"`\n\t\t*Embedded\n\t\tpkg.Other\n\t\tArr [4]int\n\t\tG[int]\n\t\tF func() struct{ z int }\n\t}\n\tA2 = S\n)\ntype Gen[T any] struct{ v T }\ntype Arr [4]struct{ q int }\n";
        assert_eq!(
            decls(src),
            vec![
                "const |A @3",
                "const |B @4",
                "const |_ @5",
                "var |x @7",
                "var |y @7",
                "var |isWindows @8 flag=Goos { eq: true, os: \"windows\" }",
                "const |isLinux @9 flag=Bool(true)",
                "type |S @11 fields=Name,Alias,Embedded,Other,Arr,G,F",
                "type |A2 @19",
                "type |Gen @21 fields=v",
                "type |Arr @22",
            ]
        );
    }
}

//! Build constraint expressions, as Go's `go/build/constraint` reads them.
//!
//! This follows `go/build/constraint/expr.go` closely, on purpose: a small closed expression
//! type, a recursive-descent parser whose call order is the precedence (`||` below `&&` below
//! `!`), a typed syntax error carrying the byte offset, and a `Display` that prints only the
//! parentheses that are needed. Both syntaxes are here: `//go:build` expressions and the legacy
//! `// +build` lines.

use std::fmt;

/// A parsed build constraint.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Expr {
    /// A single tag such as `linux` or `cgo`.
    Tag(String),
    /// `!x`
    Not(Box<Expr>),
    /// `x && y`
    And(Box<Expr>, Box<Expr>),
    /// `x || y`
    Or(Box<Expr>, Box<Expr>),
}

impl Expr {
    fn tag(s: &str) -> Expr {
        Expr::Tag(s.to_string())
    }
    fn not(x: Expr) -> Expr {
        Expr::Not(Box::new(x))
    }
    fn and(x: Expr, y: Expr) -> Expr {
        Expr::And(Box::new(x), Box::new(y))
    }
    fn or(x: Expr, y: Expr) -> Expr {
        Expr::Or(Box::new(x), Box::new(y))
    }

    /// Evaluates the expression, asking `ok` about each tag. Like Go, both sides of `&&` and
    /// `||` are always evaluated (so `ok` sees every tag, which matters to callers that record
    /// the tags they were asked about).
    pub fn eval(&self, ok: &mut dyn FnMut(&str) -> bool) -> bool {
        match self {
            Expr::Tag(t) => ok(t),
            Expr::Not(x) => !x.eval(ok),
            Expr::And(x, y) => {
                let a = x.eval(ok);
                let b = y.eval(ok);
                a && b
            }
            Expr::Or(x, y) => {
                let a = x.eval(ok);
                let b = y.eval(ok);
                a || b
            }
        }
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expr::Tag(t) => f.write_str(t),
            Expr::Not(x) => match **x {
                Expr::And(..) | Expr::Or(..) => write!(f, "!({x})"),
                _ => write!(f, "!{x}"),
            },
            Expr::And(x, y) => {
                write_arg(f, x, matches!(**x, Expr::Or(..)))?;
                f.write_str(" && ")?;
                write_arg(f, y, matches!(**y, Expr::Or(..)))
            }
            Expr::Or(x, y) => {
                write_arg(f, x, matches!(**x, Expr::And(..)))?;
                f.write_str(" || ")?;
                write_arg(f, y, matches!(**y, Expr::And(..)))
            }
        }
    }
}

fn write_arg(f: &mut fmt::Formatter<'_>, x: &Expr, paren: bool) -> fmt::Result {
    if paren {
        write!(f, "({x})")
    } else {
        write!(f, "{x}")
    }
}

/// A syntax error in a `//go:build` expression, at a byte offset of the expression text.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{msg}")]
pub struct SyntaxError {
    /// Byte offset in the expression text where the error was detected.
    pub offset: usize,
    /// What is wrong, in Go's words.
    pub msg: String,
}

/// Why a line could not be parsed as a constraint.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// The line is neither a `//go:build` nor a `// +build` line.
    #[error("not a build constraint")]
    NotConstraint,
    /// A `//go:build` expression with a syntax error.
    #[error(transparent)]
    Syntax(#[from] SyntaxError),
    /// A `// +build` line with more than 100 `,` and space joins.
    #[error("expression too complex for // +build lines")]
    TooComplex,
}

/// The most operands a `//go:build` expression may have (Go ≥ 1.22.7).
const MAX_SIZE: usize = 1000;
/// The most joins a `// +build` line may have (Go ≥ 1.22.7).
const MAX_OLD_SIZE: usize = 100;

/// Parses a `//go:build` or `// +build` line.
pub fn parse(line: &[u8]) -> Result<Expr, ParseError> {
    if let Some(text) = split_go_build(line) {
        return Ok(parse_expr(text)?);
    }
    if let Some(text) = split_plus_build(line) {
        return parse_plus_build_expr(text);
    }
    Err(ParseError::NotConstraint)
}

/// Reports whether the line is a `//go:build` constraint line.
pub fn is_go_build(line: &[u8]) -> bool {
    split_go_build(line).is_some()
}

/// Reports whether the line is a `// +build` constraint line.
pub fn is_plus_build(line: &[u8]) -> bool {
    split_plus_build(line).is_some()
}

/// One trailing newline is allowed; any other newline means "not a constraint line".
fn single_line(line: &[u8]) -> Option<&[u8]> {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    if memchr::memchr(b'\n', line).is_some() {
        None
    } else {
        Some(line)
    }
}

/// `prefix` must be followed by white space or the end of the line: `//go:buildx` is no
/// constraint. Returns the trimmed rest.
fn after_keyword<'a>(line: &'a [u8], keyword: &[u8]) -> Option<&'a [u8]> {
    let rest = line.strip_prefix(keyword)?;
    let trimmed = trim_space(rest);
    if trimmed.len() == rest.len() && !rest.is_empty() {
        return None;
    }
    Some(trimmed)
}

fn split_go_build(line: &[u8]) -> Option<&[u8]> {
    let line = single_line(line)?;
    if !line.starts_with(b"//go:build") {
        return None;
    }
    after_keyword(trim_space(line), b"//go:build")
}

fn split_plus_build(line: &[u8]) -> Option<&[u8]> {
    let line = single_line(line)?;
    let line = line.strip_prefix(b"//")?;
    // The space is optional: "//+build" is a +build line too.
    after_keyword(trim_space(line), b"+build")
}

/// Trims leading and trailing Unicode white space, as Go's `strings.TrimSpace` does
/// (invalid UTF-8 is never white space).
pub fn trim_space(s: &[u8]) -> &[u8] {
    bstr::ByteSlice::trim(s)
}

/// Parses a `//go:build` expression (the text after the keyword).
pub fn parse_expr(text: &[u8]) -> Result<Expr, SyntaxError> {
    let mut p = ExprParser {
        s: text,
        i: 0,
        tok: Tok::End,
        pos: 0,
        size: 0,
    };
    let x = p.or()?;
    if p.tok != Tok::End {
        return Err(p.error(p.pos, format!("unexpected token {}", p.tok_text())));
    }
    Ok(x)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tok {
    End,
    LParen,
    RParen,
    Not,
    AndAnd,
    OrOr,
    Tag,
}

struct ExprParser<'a> {
    s: &'a [u8],
    /// Next read position.
    i: usize,
    tok: Tok,
    /// Start of the last token.
    pos: usize,
    size: usize,
}

impl<'a> ExprParser<'a> {
    fn error(&self, offset: usize, msg: String) -> SyntaxError {
        SyntaxError { offset, msg }
    }

    fn tok_text(&self) -> String {
        String::from_utf8_lossy(&self.s[self.pos..self.i]).into_owned()
    }

    fn or(&mut self) -> Result<Expr, SyntaxError> {
        let mut x = self.and()?;
        while self.tok == Tok::OrOr {
            x = Expr::or(x, self.and()?);
        }
        Ok(x)
    }

    fn and(&mut self) -> Result<Expr, SyntaxError> {
        let mut x = self.not()?;
        while self.tok == Tok::AndAnd {
            x = Expr::and(x, self.not()?);
        }
        Ok(x)
    }

    fn not(&mut self) -> Result<Expr, SyntaxError> {
        self.size += 1;
        if self.size > MAX_SIZE {
            return Err(self.error(self.pos, "build expression too large".into()));
        }
        self.lex()?;
        if self.tok == Tok::Not {
            self.lex()?;
            if self.tok == Tok::Not {
                return Err(self.error(self.pos, "double negation not allowed".into()));
            }
            return Ok(Expr::not(self.atom()?));
        }
        self.atom()
    }

    /// The first token of the atom is already in `self.tok`.
    fn atom(&mut self) -> Result<Expr, SyntaxError> {
        if self.tok == Tok::LParen {
            let pos = self.pos;
            let x = self.or().map_err(|mut e| {
                if e.msg == "unexpected end of expression" {
                    e.msg = "missing close paren".into();
                }
                e
            })?;
            if self.tok != Tok::RParen {
                return Err(self.error(pos, "missing close paren".into()));
            }
            self.lex()?;
            return Ok(x);
        }
        match self.tok {
            Tok::Tag => {
                let tag = String::from_utf8_lossy(&self.s[self.pos..self.i]).into_owned();
                self.lex()?;
                Ok(Expr::Tag(tag))
            }
            Tok::End => Err(self.error(self.pos, "unexpected end of expression".into())),
            _ => Err(self.error(self.pos, format!("unexpected token {}", self.tok_text()))),
        }
    }

    fn lex(&mut self) -> Result<(), SyntaxError> {
        while self.i < self.s.len() && (self.s[self.i] == b' ' || self.s[self.i] == b'\t') {
            self.i += 1;
        }
        self.pos = self.i;
        if self.i >= self.s.len() {
            self.tok = Tok::End;
            return Ok(());
        }
        let c = self.s[self.i];
        let single = match c {
            b'(' => Some(Tok::LParen),
            b')' => Some(Tok::RParen),
            b'!' => Some(Tok::Not),
            _ => None,
        };
        if let Some(t) = single {
            self.i += 1;
            self.tok = t;
            return Ok(());
        }
        if c == b'&' || c == b'|' {
            if self.s.get(self.i + 1) != Some(&c) {
                return Err(self.error(self.i, format!("invalid syntax at {}", c as char)));
            }
            self.i += 2;
            self.tok = if c == b'&' { Tok::AndAnd } else { Tok::OrOr };
            return Ok(());
        }
        let len = tag_len(&self.s[self.i..]);
        if len == 0 {
            let (ch, _) = bstr::decode_utf8(&self.s[self.i..]);
            let ch = ch.unwrap_or('\u{FFFD}');
            return Err(self.error(self.i, format!("invalid syntax at {ch}")));
        }
        self.i += len;
        self.tok = Tok::Tag;
        Ok(())
    }
}

/// The length of the run of tag characters (Unicode letters and digits, `_`, `.`) at the start.
fn tag_len(s: &[u8]) -> usize {
    let mut n = 0;
    while n < s.len() {
        let (ch, size) = bstr::decode_utf8(&s[n..]);
        match ch {
            Some(c) if is_tag_char(c) => n += size,
            _ => break,
        }
    }
    n
}

/// Go's `unicode.IsLetter(c) || unicode.IsDigit(c) || c == '_' || c == '.'`, with Go's own
/// Unicode tables (`tagchars.rs`, generated from the toolchain: a newer Unicode would accept
/// letters Go rejects).
fn is_tag_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_' || c == '.';
    }
    let c = c as u32;
    super::tagchars::TAG_RANGES
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                std::cmp::Ordering::Less
            } else if lo > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// A valid `// +build` tag: non-empty, only tag characters.
fn is_valid_tag(word: &[u8]) -> bool {
    !word.is_empty() && tag_len(word) == word.len()
}

/// Parses the text of a `// +build` line: space-separated clauses are ORed, comma-separated
/// literals ANDed. Malformed literals become the tag `ignore`, as in Go.
pub fn parse_plus_build_expr(text: &[u8]) -> Result<Expr, ParseError> {
    let mut size = 0;
    let mut x: Option<Expr> = None;
    for clause in bstr::ByteSlice::fields(text) {
        let mut y: Option<Expr> = None;
        for lit in clause.split(|&b| b == b',') {
            let z = if lit.starts_with(b"!!") || lit == b"!" {
                Expr::tag("ignore")
            } else {
                let (neg, name) = match lit.strip_prefix(b"!") {
                    Some(rest) => (true, rest),
                    None => (false, lit),
                };
                let t = if is_valid_tag(name) {
                    Expr::Tag(String::from_utf8_lossy(name).into_owned())
                } else {
                    Expr::tag("ignore")
                };
                if neg { Expr::not(t) } else { t }
            };
            y = Some(match y {
                None => z,
                Some(y) => {
                    size += 1;
                    if size > MAX_OLD_SIZE {
                        return Err(ParseError::TooComplex);
                    }
                    Expr::and(y, z)
                }
            });
        }
        let y = y.expect("split yields at least one literal");
        x = Some(match x {
            None => y,
            Some(x) => {
                size += 1;
                if size > MAX_OLD_SIZE {
                    return Err(ParseError::TooComplex);
                }
                Expr::or(x, y)
            }
        });
    }
    Ok(x.unwrap_or_else(|| Expr::tag("ignore")))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (input, printed form or error "offset: message") — the table of Go's expr_test.go style.
    const GO_BUILD_CASES: &[(&str, &str)] = &[
        ("x", "x"),
        ("x && y", "x && y"),
        ("x || y", "x || y"),
        ("x && y || z", "(x && y) || z"),
        ("x || y && z", "x || (y && z)"),
        ("(x || y) && z", "(x || y) && z"),
        ("x && (y || z)", "x && (y || z)"),
        ("!x", "!x"),
        ("! x", "!x"),
        ("!(x)", "!x"),
        ("!(!x)", "!!x"),
        ("!(x && y)", "!(x && y)"),
        ("((x))", "x"),
        ("x\t&&\ty", "x && y"),
        ("linux&&amd64", "linux && amd64"),
        ("go1.21", "go1.21"),
        ("goexperiment.greenteagc", "goexperiment.greenteagc"),
        ("ünïcode_tag", "ünïcode_tag"),
        ("x_1.y", "x_1.y"),
        // errors, in Go's words and at Go's offsets
        ("", "0: unexpected end of expression"),
        ("   ", "3: unexpected end of expression"),
        ("!!x", "1: double negation not allowed"),
        ("! !x", "2: double negation not allowed"),
        ("x &", "2: invalid syntax at &"),
        ("x & y", "2: invalid syntax at &"),
        ("x | y", "2: invalid syntax at |"),
        ("x &&", "4: unexpected end of expression"),
        ("&& x", "0: unexpected token &&"),
        ("x y", "2: unexpected token y"),
        ("(x", "0: missing close paren"),
        ("(x && y", "0: missing close paren"),
        ("(x &&", "5: missing close paren"),
        ("x)", "1: unexpected token )"),
        ("()", "1: unexpected token )"),
        ("x // comment", "2: invalid syntax at /"),
        ("foo-bar", "3: invalid syntax at -"),
        ("!", "1: unexpected end of expression"),
        ("x || !", "6: unexpected end of expression"),
        ("x\u{a0}y", "1: invalid syntax at \u{a0}"),
        // A letter of Unicode 16 (U+1C89): Go's tables (Unicode 15) do not know it.
        ("x\u{1c89}", "1: invalid syntax at \u{1c89}"),
    ];

    fn show(r: Result<Expr, SyntaxError>) -> String {
        match r {
            Ok(x) => x.to_string(),
            Err(e) => format!("{}: {}", e.offset, e.msg),
        }
    }

    #[test]
    fn go_build_expressions_parse_and_print_like_go() {
        for (input, want) in GO_BUILD_CASES {
            assert_eq!(show(parse_expr(input.as_bytes())), *want, "input {input:?}");
        }
    }

    #[test]
    fn go_build_expression_with_1001_operands_is_too_large() {
        let ok = vec!["a"; 1000].join(" || ");
        assert!(parse_expr(ok.as_bytes()).is_ok());
        let big = vec!["a"; 1001].join(" || ");
        let err = parse_expr(big.as_bytes()).unwrap_err();
        assert_eq!(err.msg, "build expression too large");
    }

    #[test]
    fn deep_parentheses_are_an_error_or_parse_without_overflow() {
        // 1000 nested parens: allowed by size; must not overflow the stack.
        let depth = 999;
        let s = format!("{}x{}", "(".repeat(depth), ")".repeat(depth));
        let x = std::thread::Builder::new()
            .stack_size(64 << 20)
            .spawn(move || parse_expr(s.as_bytes()).map(|x| x.to_string()))
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(x.unwrap(), "x");
    }

    /// (line, printed form, or "not" for not-a-constraint, or "complex")
    const LINE_CASES: &[(&str, &str)] = &[
        ("//go:build linux", "linux"),
        ("//go:build linux\n", "linux"),
        ("//go:build\tlinux", "linux"),
        ("//go:buildlinux", "not"),
        ("// go:build linux", "not"),
        ("//go:build linux\nx", "not"),
        ("// +build linux", "linux"),
        ("//+build linux", "linux"),
        ("// +buildlinux", "not"),
        ("// +build", "ignore"),
        ("// +build linux darwin", "linux || darwin"),
        ("// +build linux,amd64 darwin", "(linux && amd64) || darwin"),
        ("// +build !windows", "!windows"),
        ("// +build !", "ignore"),
        ("// +build !!linux", "ignore"),
        ("// +build foo-bar", "ignore"),
        ("// +build !foo-bar", "!ignore"),
        ("// +build linux,", "linux && ignore"),
        ("/* +build linux */", "not"),
        ("// hello", "not"),
    ];

    #[test]
    fn lines_are_recognized_as_go_does() {
        for (line, want) in LINE_CASES {
            let got = match parse(line.as_bytes()) {
                Ok(x) => x.to_string(),
                Err(ParseError::NotConstraint) => "not".into(),
                Err(ParseError::TooComplex) => "complex".into(),
                Err(ParseError::Syntax(e)) => format!("{}: {}", e.offset, e.msg),
            };
            assert_eq!(got, *want, "line {line:?}");
        }
    }

    #[test]
    fn plus_build_with_more_than_100_joins_is_too_complex() {
        let ok = format!("// +build {}", vec!["a"; 101].join(" "));
        assert!(parse(ok.as_bytes()).is_ok());
        let big = format!("// +build {}", vec!["a"; 102].join(","));
        assert_eq!(parse(big.as_bytes()), Err(ParseError::TooComplex));
    }

    #[test]
    fn eval_visits_every_tag_and_combines() {
        let x = parse_expr(b"a && (b || !c)").unwrap();
        let mut seen = Vec::new();
        let v = x.eval(&mut |t| {
            seen.push(t.to_string());
            t == "a"
        });
        assert!(v);
        assert_eq!(seen, ["a", "b", "c"]);
    }
}

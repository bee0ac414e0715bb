//! A Go tokenizer, with the spec's automatic semicolons.
//!
//! Most files only need their top-level declarations and the shape of their short bodies; a
//! tokenizer gives both at a small fraction of the cost of a full parse. It follows the
//! "Lexical elements" section of the Go spec: comments, identifiers (any byte ≥ 0x80 is taken as
//! part of an identifier, as `go/build`'s reader does), number, rune and string literals, and the
//! rule that a newline after an identifier, a literal, `break`/`continue`/`fallthrough`/`return`,
//! `++`, `--`, `)`, `]` or `}` ends the statement. Malformed input never stops it: an unterminated
//! literal ends at the end of its line (or file).

/// What a token is. Keywords are identifiers; their text tells them apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// An identifier or keyword.
    Ident,
    /// An integer, floating-point or imaginary literal.
    Number,
    /// A rune literal.
    Char,
    /// An interpreted string literal.
    Str,
    /// A raw string literal.
    RawStr,
    /// `(`, `[` or `{`.
    Open,
    /// `)`, `]` or `}`.
    Close,
    /// A `;`, written or inserted at a newline.
    Semi,
    /// A whole `{…}` at the top level of a file, its inside not tokenized
    /// ([`tokenize_top`]).
    Block,
    /// Any other operator or punctuation.
    Punct,
}

/// One token: its kind, byte range and 1-based line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// What it is.
    pub kind: Kind,
    /// Start byte offset.
    pub start: u32,
    /// End byte offset (exclusive).
    pub end: u32,
    /// Line of the first byte.
    pub line: u32,
}

impl Token {
    /// The token's text in `src`.
    pub fn text<'a>(&self, src: &'a [u8]) -> &'a [u8] {
        &src[self.start as usize..self.end as usize]
    }
}

/// Appends the tokens of `src` to `out` (cleared first). Comments are dropped.
pub fn tokenize(src: &[u8], out: &mut Vec<Token>) {
    out.clear();
    out.reserve(src.len() / 5);
    let mut lx = Lexer::file(src);
    while let Some(t) = lx.next_token() {
        out.push(t);
    }
}

/// The top level of a file: its tokens, except that each `{…}` opened outside any other brace
/// is one [`Kind::Block`] token, its inside skipped without being tokenized.
///
/// A block spans what `Cursor::skip_balanced` would step over from its `{` in the full token
/// stream (brackets of all three kinds counted, literals and comments skipped by the same
/// rules as [`tokenize`]), so this stream is the full one with each such run folded into one
/// token: readers that do not look inside blocks see the same thing. A file in which some
/// bracket is left open at the end is not folded at all (readers step to the end of it from
/// different places in the two streams): it gets the full stream.
pub fn tokenize_top(src: &[u8], out: &mut Vec<Token>) {
    out.clear();
    out.reserve(src.len() / 40);
    let mut lx = Lexer::file(src);
    // Brackets open at the top level, counted as `skip_balanced` counts them.
    let mut depth = 0usize;
    while let Some(t) = lx.next_token() {
        match t.kind {
            Kind::Open if src[t.start as usize] == b'{' => {
                let Some((end, newlines)) = skip_block(src, t.start as usize) else {
                    return tokenize(src, out);
                };
                out.push(Token {
                    kind: Kind::Block,
                    start: t.start,
                    end: end as u32,
                    line: t.line,
                });
                lx.resume_after_block(end, newlines);
                continue;
            }
            Kind::Open => depth += 1,
            Kind::Close => depth = depth.saturating_sub(1),
            _ => {}
        }
        out.push(t);
    }
    if depth > 0 {
        tokenize(src, out);
    }
}

/// The tokens of `src[start..end]`, which begins at a token boundary on line `line`, appended
/// to `out`: what [`tokenize`] gives for those bytes of the file, without the semicolon the end
/// of a file inserts.
pub fn tokenize_range(src: &[u8], start: usize, end: usize, line: u32, out: &mut Vec<Token>) {
    let mut lx = Lexer::range(src, start, end, line);
    while let Some(t) = lx.next_token() {
        out.push(t);
    }
}

/// [`tokenize_range`], with the inside of each `{…}` left out — its `{` and `}` are kept —
/// unless the token before it is `struct` or `interface` (a type's fields and methods are part
/// of the type). What is typed from an expression's text (a package-level initializer) never
/// looks inside a composite literal's elements or a function literal's body, and tables of
/// data are the largest initializers there are. A `{` whose bracketed run does not end at a
/// `}` is not folded.
pub fn tokenize_range_folded(
    src: &[u8],
    start: usize,
    end: usize,
    line: u32,
    out: &mut Vec<Token>,
) {
    let end = end.min(src.len());
    let mut lx = Lexer::range(src, start, end, line);
    let mut after_type_keyword = false;
    while let Some(t) = lx.next_token() {
        if t.kind == Kind::Open && src[t.start as usize] == b'{' && !after_type_keyword {
            let folded = walk_brackets(src, t.start as usize, end, |opens, depth| {
                !opens && depth == 0
            })
            .filter(|&(past, _)| src[past - 1] == b'}');
            if let Some((past, newlines)) = folded {
                out.push(t);
                out.push(Token {
                    kind: Kind::Close,
                    start: (past - 1) as u32,
                    end: past as u32,
                    line: t.line + newlines,
                });
                lx.resume_after_block(past, newlines);
                continue;
            }
        }
        after_type_keyword =
            t.kind == Kind::Ident && matches!(t.text(src), b"struct" | b"interface");
        out.push(t);
    }
}

/// A resumable tokenizer over `src[..end]`.
pub struct Lexer<'a> {
    src: &'a [u8],
    i: usize,
    end: usize,
    line: u32,
    /// Whether a newline here would insert a semicolon.
    semi_ok: bool,
    /// Whether the end inserts a semicolon (the end of a file does; a range's does not).
    final_semi: bool,
}

/// Bytes that may start something other than an identifier or number inside a skipped block.
const fn block_specials() -> [bool; 256] {
    let mut t = [false; 256];
    let special = b"\n/\"'`()[]{}";
    let mut k = 0;
    while k < special.len() {
        t[special[k] as usize] = true;
        k += 1;
    }
    t
}
static BLOCK_SPECIAL: [bool; 256] = block_specials();

const fn ident_bytes() -> [bool; 256] {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80;
        c += 1;
    }
    t
}
static IDENT: [bool; 256] = ident_bytes();

/// Whether a byte may be part of an identifier (a letter, a digit, `_`, or any byte ≥ 0x80, as
/// `go/build`'s reader takes it).
#[inline]
pub fn is_ident_byte(c: u8) -> bool {
    IDENT[c as usize]
}

/// From the `{` at `open`, the end of the bracketed run `Cursor::skip_balanced` would step over
/// (just past the bracket that brings the depth back to zero) and the newlines in it; `None`
/// when the file ends first.
fn skip_block(src: &[u8], open: usize) -> Option<(usize, u32)> {
    walk_brackets(src, open, src.len(), |opens, depth| !opens && depth == 0)
}

/// Where the brackets of `src[start..end]` (of all three kinds, literals and comments
/// skipped as [`tokenize`] skips them) first nest deeper than `limit`: the offset of the
/// bracket that does, or `None`. One pass, no recursion.
pub fn nested_deeper_than(src: &[u8], start: usize, end: usize, limit: usize) -> Option<usize> {
    walk_brackets(src, start, end.min(src.len()), |opens, depth| {
        opens && depth > limit
    })
    .map(|(past, _)| past - 1)
}

/// Walks `src[i..n]` as the tokenizer reads it (comments and literals skipped by the same
/// scanners), counting the depth of brackets of all three kinds (never below zero) and the
/// newlines; after each bracket, `stop(opens, depth)` says whether to stop there. Returns the
/// offset just past that bracket and the newlines before it, or `None` at `n`.
///
/// The bytes that matter ([`BLOCK_SPECIAL`]) are found 64 at a time ([`specials`]), and each
/// is handled in order: most of a body is identifiers, numbers and white space, skipped
/// without a look at each byte.
fn walk_brackets(
    src: &[u8],
    mut i: usize,
    n: usize,
    mut stop: impl FnMut(bool, usize) -> bool,
) -> Option<(usize, u32)> {
    let mut depth = 0usize;
    let mut newlines = 0u32;
    'chunks: while i < n {
        let base = i;
        let mut mask = specials(src, base, n);
        while mask != 0 {
            let j = base + mask.trailing_zeros() as usize;
            mask &= mask - 1;
            // Where a comment or literal ends, when one starts here.
            let past = match src[j] {
                b'\n' => {
                    newlines += 1;
                    continue;
                }
                b'/' if j + 1 < n && src[j + 1] == b'/' => {
                    // Up to (not including) the newline, which is counted as any other.
                    memchr::memchr(b'\n', &src[j..n]).map_or(n, |k| j + k)
                }
                b'/' if j + 1 < n && src[j + 1] == b'*' => {
                    let end = comment_end(src, j, n);
                    newlines += memchr::memchr_iter(b'\n', &src[j..end]).count() as u32;
                    end
                }
                b'"' | b'\'' => quoted_end(src, j, n),
                b'`' => {
                    let end = raw_end(src, j, n);
                    newlines += memchr::memchr_iter(b'\n', &src[j..end]).count() as u32;
                    end
                }
                c @ (b'(' | b'[' | b'{' | b')' | b']' | b'}') => {
                    let opens = matches!(c, b'(' | b'[' | b'{');
                    depth = if opens {
                        depth + 1
                    } else {
                        depth.saturating_sub(1)
                    };
                    if stop(opens, depth) {
                        return Some((j + 1, newlines));
                    }
                    continue;
                }
                // A lone `/`.
                _ => continue,
            };
            // Past the comment or literal: within this chunk, its bits are dropped; beyond
            // it, the next chunk starts there.
            if past - base < 64 {
                mask &= u64::MAX << (past - base);
            } else {
                i = past;
                continue 'chunks;
            }
        }
        i = (base + 64).min(n);
    }
    None
}

/// Bit k set for each byte `src[base + k]` (k < 64, `base + k < n`) that [`BLOCK_SPECIAL`]
/// marks.
#[inline]
fn specials(src: &[u8], base: usize, n: usize) -> u64 {
    #[cfg(target_arch = "x86_64")]
    if base + 64 <= n {
        return specials_sse2(&src[base..base + 64]);
    }
    src[base..n.min(base + 64)]
        .iter()
        .enumerate()
        .fold(0, |m, (k, &c)| {
            m | (u64::from(BLOCK_SPECIAL[c as usize]) << k)
        })
}

/// [`specials`] of 64 bytes, 16 at a time (SSE2 is part of every x86-64).
#[cfg(target_arch = "x86_64")]
#[inline]
fn specials_sse2(chunk: &[u8]) -> u64 {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
    };
    assert_eq!(chunk.len(), 64);
    let mut out = 0u64;
    for (k, part) in chunk.chunks_exact(16).enumerate() {
        // SAFETY: SSE2 is part of every x86-64 target, and `part` is 16 readable bytes (the
        // load has no alignment requirement).
        let m = unsafe {
            let v = _mm_loadu_si128(part.as_ptr().cast::<__m128i>());
            let is = |c: u8| _mm_cmpeq_epi8(v, _mm_set1_epi8(c as i8));
            _mm_movemask_epi8(_mm_or_si128(
                _mm_or_si128(
                    _mm_or_si128(
                        _mm_or_si128(is(b'\n'), is(b'/')),
                        _mm_or_si128(is(b'"'), is(b'\'')),
                    ),
                    _mm_or_si128(
                        _mm_or_si128(is(b'`'), is(b'(')),
                        _mm_or_si128(is(b')'), is(b'[')),
                    ),
                ),
                _mm_or_si128(_mm_or_si128(is(b']'), is(b'{')), is(b'}')),
            ))
        };
        out |= u64::from(m as u16) << (16 * k);
    }
    out
}

/// End of the interpreted string or rune literal opened by the quote at `i`: after its
/// closing quote, or at the end of its line (or of `src[..n]`) when it has none.
fn quoted_end(src: &[u8], i: usize, n: usize) -> usize {
    let quote = src[i];
    let mut i = i + 1;
    while i < n && src[i] != quote && src[i] != b'\n' {
        if src[i] == b'\\' && i + 1 < n && src[i + 1] != b'\n' {
            i += 1;
        }
        i += 1;
    }
    if i < n && src[i] == quote {
        i += 1;
    }
    i
}

/// End of the general comment opened at `i` (`/*`): after its `*/`, or `n`.
fn comment_end(src: &[u8], i: usize, n: usize) -> usize {
    let body = i + 2;
    memchr::memmem::find(&src[body..n], b"*/").map_or(n, |k| body + k + 2)
}

/// End of the raw string opened at `i`: after its closing backquote, or `n`.
fn raw_end(src: &[u8], i: usize, n: usize) -> usize {
    memchr::memchr(b'`', &src[i + 1..n]).map_or(n, |k| i + 1 + k + 1)
}

impl<'a> Lexer<'a> {
    /// A whole file (a leading BOM skipped).
    pub fn file(src: &'a [u8]) -> Lexer<'a> {
        let i = if src.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        Lexer {
            src,
            i,
            end: src.len(),
            line: 1,
            semi_ok: false,
            final_semi: true,
        }
    }

    /// `src[start..end]`, starting at a token boundary on line `line`.
    pub fn range(src: &'a [u8], start: usize, end: usize, line: u32) -> Lexer<'a> {
        Lexer {
            src,
            i: start,
            end: end.min(src.len()),
            line,
            semi_ok: false,
            final_semi: false,
        }
    }

    /// Goes on after a block skipped by `skip_block`: as after its closing bracket.
    fn resume_after_block(&mut self, end: usize, newlines: u32) {
        self.i = end;
        self.line += newlines;
        self.semi_ok = true;
    }

    fn token(&self, kind: Kind, start: usize, end: usize, line: u32) -> Token {
        Token {
            kind,
            start: start as u32,
            end: end as u32,
            line,
        }
    }

    /// The next token, or `None` at the end.
    #[inline]
    pub fn next_token(&mut self) -> Option<Token> {
        let src = self.src;
        let n = self.end;
        let mut i = self.i;
        while i < n {
            let c = src[i];
            match c {
                b'\n' => {
                    let line = self.line;
                    self.line += 1;
                    i += 1;
                    if self.semi_ok {
                        self.semi_ok = false;
                        self.i = i;
                        return Some(self.token(Kind::Semi, i - 1, i - 1, line));
                    }
                }
                b' ' | b'\t' | b'\r' => {
                    // A run of them (indentation) at once.
                    i += 1 + src[i + 1..n]
                        .iter()
                        .position(|&b| !matches!(b, b' ' | b'\t' | b'\r'))
                        .unwrap_or(n - i - 1);
                }
                b'/' if i + 1 < n && src[i + 1] == b'/' => {
                    // Line comment: up to (not including) the newline.
                    i = memchr::memchr(b'\n', &src[i..n]).map_or(n, |k| i + k);
                }
                b'/' if i + 1 < n && src[i + 1] == b'*' => {
                    let end = comment_end(src, i, n);
                    let newlines = memchr::memchr_iter(b'\n', &src[i..end]).count() as u32;
                    let (at, line) = (i, self.line);
                    self.line += newlines;
                    i = end;
                    if newlines > 0 && self.semi_ok {
                        // A comment spanning lines acts like a newline.
                        self.semi_ok = false;
                        self.i = i;
                        return Some(self.token(Kind::Semi, at, at, line));
                    }
                }
                b'a'..=b'z' | b'A'..=b'Z' | b'_' | 0x80..=0xFF => {
                    let start = i;
                    i += 1 + src[i + 1..n]
                        .iter()
                        .position(|&b| !IDENT[b as usize])
                        .unwrap_or(n - i - 1);
                    let word = &src[start..i];
                    self.semi_ok = match word {
                        b"break" | b"continue" | b"fallthrough" | b"return" => true,
                        w => !is_keyword(w),
                    };
                    self.i = i;
                    return Some(self.token(Kind::Ident, start, i, self.line));
                }
                b'0'..=b'9' => return Some(self.number(i)),
                b'.' if i + 1 < n && src[i + 1].is_ascii_digit() => return Some(self.number(i)),
                b'"' | b'\'' => {
                    let end = quoted_end(src, i, n);
                    self.semi_ok = true;
                    self.i = end;
                    let kind = if c == b'"' { Kind::Str } else { Kind::Char };
                    return Some(self.token(kind, i, end, self.line));
                }
                b'`' => {
                    let start = i;
                    let end = raw_end(src, i, n);
                    let line = self.line;
                    self.line += memchr::memchr_iter(b'\n', &src[start..end]).count() as u32;
                    self.semi_ok = true;
                    self.i = end;
                    return Some(self.token(Kind::RawStr, start, end, line));
                }
                b'(' | b'[' | b'{' => {
                    self.semi_ok = false;
                    self.i = i + 1;
                    return Some(self.token(Kind::Open, i, i + 1, self.line));
                }
                b')' | b']' | b'}' => {
                    self.semi_ok = true;
                    self.i = i + 1;
                    return Some(self.token(Kind::Close, i, i + 1, self.line));
                }
                b';' => {
                    self.semi_ok = false;
                    self.i = i + 1;
                    return Some(self.token(Kind::Semi, i, i + 1, self.line));
                }
                _ => {
                    let len = punct_len(&src[i..n]);
                    let t = &src[i..i + len];
                    self.semi_ok = t == b"++" || t == b"--";
                    self.i = i + len;
                    return Some(self.token(Kind::Punct, i, i + len, self.line));
                }
            }
        }
        self.i = i;
        if self.semi_ok && self.final_semi {
            self.semi_ok = false;
            return Some(self.token(Kind::Semi, n, n, self.line));
        }
        None
    }

    fn number(&mut self, start: usize) -> Token {
        let end = scan_number(&self.src[..self.end], start);
        self.semi_ok = true;
        self.i = end;
        self.token(Kind::Number, start, end, self.line)
    }
}

/// `text` as a string when it is UTF-8; an identifier is nearly always ASCII, told apart with
/// one cheap check (`std::str::from_utf8` costs several times more on short words).
#[inline]
pub fn as_str(text: &[u8]) -> Option<&str> {
    if text.is_ascii() {
        // SAFETY: ASCII bytes are valid UTF-8.
        Some(unsafe { std::str::from_utf8_unchecked(text) })
    } else {
        std::str::from_utf8(text).ok()
    }
}

/// A name's text, lossily decoded when it is not UTF-8.
pub fn name_of(text: &[u8]) -> compact_str::CompactString {
    match as_str(text) {
        Some(s) => compact_str::CompactString::new(s),
        None => compact_str::CompactString::from(String::from_utf8_lossy(text)),
    }
}

/// Go's 25 keywords.
pub fn is_keyword(w: &[u8]) -> bool {
    matches!(
        w,
        b"break"
            | b"case"
            | b"chan"
            | b"const"
            | b"continue"
            | b"default"
            | b"defer"
            | b"else"
            | b"fallthrough"
            | b"for"
            | b"func"
            | b"go"
            | b"goto"
            | b"if"
            | b"import"
            | b"interface"
            | b"map"
            | b"package"
            | b"range"
            | b"return"
            | b"select"
            | b"struct"
            | b"switch"
            | b"type"
            | b"var"
    )
}

/// Scans a number literal starting at `i` (a digit, or `.` then a digit).
fn scan_number(src: &[u8], mut i: usize) -> usize {
    let n = src.len();
    let hex = src[i] == b'0' && i + 1 < n && (src[i + 1] == b'x' || src[i + 1] == b'X');
    let mut prev = 0u8;
    while i < n {
        let c = src[i];
        let exp_sign = (c == b'+' || c == b'-')
            && if hex {
                prev == b'p' || prev == b'P'
            } else {
                prev == b'e' || prev == b'E'
            };
        let dot = c == b'.' && !(i + 1 < n && src[i + 1] == b'.');
        if c.is_ascii_alphanumeric() || c == b'_' || exp_sign || dot {
            prev = c;
            i += 1;
        } else {
            break;
        }
    }
    i
}

/// Length of the operator at the start of `s` (longest match).
fn punct_len(s: &[u8]) -> usize {
    let at = |k: usize| s.get(k).copied().unwrap_or(0);
    match (s[0], at(1)) {
        (b'<', b'<') | (b'>', b'>') if at(2) == b'=' => 3,
        (b'&', b'^') if at(2) == b'=' => 3,
        (b'.', b'.') if at(2) == b'.' => 3,
        (b'&', b'&' | b'^' | b'=')
        | (b'|', b'|' | b'=')
        | (b'<', b'-' | b'=' | b'<')
        | (b'>', b'=' | b'>')
        | (b'+', b'+' | b'=')
        | (b'-', b'-' | b'=')
        | (b'=' | b'!' | b':' | b'*' | b'/' | b'%' | b'^', b'=') => 2,
        _ => 1,
    }
}

/// The value of a Go string literal (interpreted or raw), as `strconv.Unquote` gives it.
/// Invalid escapes are kept as written.
pub fn unquote(lit: &[u8]) -> String {
    if lit.len() >= 2 && lit[0] == b'`' {
        let inner = &lit[1..lit.len() - if lit.ends_with(b"`") { 1 } else { 0 }];
        let inner: Vec<u8> = inner.iter().copied().filter(|&b| b != b'\r').collect();
        return String::from_utf8_lossy(&inner).into_owned();
    }
    let inner = lit.strip_prefix(b"\"").unwrap_or(lit);
    let inner = inner.strip_suffix(b"\"").unwrap_or(inner);
    let mut out: Vec<u8> = Vec::with_capacity(inner.len());
    let mut i = 0;
    while i < inner.len() {
        let c = inner[i];
        if c != b'\\' || i + 1 >= inner.len() {
            out.push(c);
            i += 1;
            continue;
        }
        let e = inner[i + 1];
        let simple = match e {
            b'a' => Some(0x07),
            b'b' => Some(0x08),
            b'f' => Some(0x0c),
            b'n' => Some(b'\n'),
            b'r' => Some(b'\r'),
            b't' => Some(b'\t'),
            b'v' => Some(0x0b),
            b'\\' => Some(b'\\'),
            b'"' => Some(b'"'),
            b'\'' => Some(b'\''),
            _ => None,
        };
        if let Some(b) = simple {
            out.push(b);
            i += 2;
            continue;
        }
        let hex = |s: &[u8]| {
            std::str::from_utf8(s)
                .ok()
                .and_then(|s| u32::from_str_radix(s, 16).ok())
        };
        let (digits, radix_len) = match e {
            b'x' => (2, 16),
            b'u' => (4, 16),
            b'U' => (8, 16),
            b'0'..=b'7' => (3, 8),
            _ => (0, 0),
        };
        let start = if radix_len == 8 { i + 1 } else { i + 2 };
        let end = start + digits;
        if digits > 0 && end <= inner.len() {
            let text = &inner[start..end];
            let v = if radix_len == 8 {
                std::str::from_utf8(text)
                    .ok()
                    .and_then(|s| u32::from_str_radix(s, 8).ok())
            } else {
                hex(text)
            };
            if let Some(v) = v {
                if e == b'x' || radix_len == 8 {
                    out.push(v as u8);
                } else if let Some(ch) = char::from_u32(v) {
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                }
                i = end;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A position-free view of a run of tokens over their source: what the declaration reader and
/// the body classifier walk.
pub(crate) struct Cursor<'a> {
    /// The file's bytes.
    pub src: &'a [u8],
    /// The tokens.
    pub toks: &'a [Token],
}

impl<'a> Cursor<'a> {
    /// The text of token `i`.
    pub fn text(&self, i: usize) -> &'a [u8] {
        self.toks[i].text(self.src)
    }

    /// Index just past the bracket that closes the one opened at `i`.
    pub fn skip_balanced(&self, i: usize) -> usize {
        if self.toks.get(i).is_some_and(|t| t.kind == Kind::Block) {
            return i + 1;
        }
        let mut depth = 0usize;
        let mut j = i;
        while j < self.toks.len() {
            match self.toks[j].kind {
                Kind::Open => depth += 1,
                Kind::Close => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return j + 1;
                    }
                }
                _ => {}
            }
            j += 1;
        }
        j
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bracket walk byte by byte, as it was before the 64-byte chunks: the reference the
    /// chunked walk must agree with.
    fn walk_brackets_bytewise(
        src: &[u8],
        mut i: usize,
        n: usize,
        mut stop: impl FnMut(bool, usize) -> bool,
    ) -> Option<(usize, u32)> {
        let mut depth = 0usize;
        let mut newlines = 0u32;
        while i < n {
            while i < n && !BLOCK_SPECIAL[src[i] as usize] {
                i += 1;
            }
            if i >= n {
                break;
            }
            match src[i] {
                b'\n' => {
                    newlines += 1;
                    i += 1;
                }
                b'/' if i + 1 < n && src[i + 1] == b'/' => {
                    i = memchr::memchr(b'\n', &src[i..n]).map_or(n, |k| i + k);
                }
                b'/' if i + 1 < n && src[i + 1] == b'*' => {
                    let end = comment_end(src, i, n);
                    newlines += memchr::memchr_iter(b'\n', &src[i..end]).count() as u32;
                    i = end;
                }
                b'"' | b'\'' => i = quoted_end(src, i, n),
                b'`' => {
                    let end = raw_end(src, i, n);
                    newlines += memchr::memchr_iter(b'\n', &src[i..end]).count() as u32;
                    i = end;
                }
                c @ (b'(' | b'[' | b'{' | b')' | b']' | b'}') => {
                    let opens = matches!(c, b'(' | b'[' | b'{');
                    depth = if opens {
                        depth + 1
                    } else {
                        depth.saturating_sub(1)
                    };
                    i += 1;
                    if stop(opens, depth) {
                        return Some((i, newlines));
                    }
                }
                _ => i += 1,
            }
        }
        None
    }

    #[test]
    fn an_initializer_is_tokenized_without_the_insides_of_its_literals() {
        let show = |src: &str| {
            let mut toks = Vec::new();
            tokenize_range_folded(src.as_bytes(), 0, src.len(), 7, &mut toks);
            toks.iter()
                .map(|t| {
                    format!(
                        "{}@{}",
                        String::from_utf8_lossy(t.text(src.as_bytes())),
                        t.line
                    )
                })
                .collect::<Vec<_>>()
                .join(" ")
        };
        // A composite literal's elements (a brace in a string among them), and what follows.
        assert_eq!(
            show("[]T{1, {2},\n \"}\"}.M()"),
            "[@7 ]@7 T@7 {@7 }@8 .@8 M@8 (@8 )@8"
        );
        // A struct type's fields are kept; the literal after it is folded.
        assert_eq!(
            show("struct{ A int }{A: 1}.A"),
            "struct@7 {@7 A@7 int@7 }@7 {@7 }@7 .@7 A@7"
        );
        // A function literal's body, the lines of the `}` and after it counted.
        assert_eq!(
            show("func() int {\n\treturn 1\n}()\nx"),
            "func@7 (@7 )@7 int@7 {@7 }@9 (@9 )@9 @9 x@10"
        );
        // A run that does not end at a `}` is tokenized in full.
        assert_eq!(show("T{ ( ]"), "T@7 {@7 (@7 ]@7");
    }

    #[test]
    fn the_chunked_bracket_walk_agrees_with_the_bytewise_one() {
        // Random texts dense in the bytes that matter (and in backslashes and stars, which
        // change where literals and comments end), long enough to cross several chunks, each
        // walked from several starts, to several ends, with both stopping rules the lexer uses.
        let alphabet = b"\n/\"'`()[]{}\\*ab \t0";
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut checked = 0;
        for round in 0..4000 {
            let len = (next() % 400) as usize;
            // Some texts mostly plain (long runs between the bytes that matter), some dense.
            let plain = round % 3 == 0;
            let src: Vec<u8> = (0..len)
                .map(|_| {
                    let r = next();
                    if plain && r % 8 != 0 {
                        b'x'
                    } else {
                        alphabet[(r >> 8) as usize % alphabet.len()]
                    }
                })
                .collect();
            for _ in 0..4 {
                let start = if len == 0 {
                    0
                } else {
                    (next() as usize) % (len + 1)
                };
                let end = start + (next() as usize) % (len - start + 1);
                let closes = |opens: bool, depth: usize| !opens && depth == 0;
                let deep = |opens: bool, depth: usize| opens && depth > 3;
                assert_eq!(
                    walk_brackets(&src, start, end, closes),
                    walk_brackets_bytewise(&src, start, end, closes),
                    "{:?} from {start} to {end}",
                    String::from_utf8_lossy(&src)
                );
                assert_eq!(
                    walk_brackets(&src, start, end, deep),
                    walk_brackets_bytewise(&src, start, end, deep),
                    "{:?} from {start} to {end}",
                    String::from_utf8_lossy(&src)
                );
                checked += 1;
            }
        }
        assert_eq!(checked, 16_000);
    }

    fn show(src: &str) -> String {
        let mut toks = Vec::new();
        tokenize(src.as_bytes(), &mut toks);
        toks.iter()
            .map(|t| match t.kind {
                Kind::Semi => ";".to_string(),
                _ => String::from_utf8_lossy(t.text(src.as_bytes())).into_owned(),
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn semicolons_are_inserted_as_the_spec_says() {
        assert_eq!(
            show("package a\nfunc f() {\n\treturn\n}\n"),
            "package a ; func f ( ) { return ; } ;"
        );
        assert_eq!(show("x++\ny--\n"), "x ++ ; y -- ;");
        assert_eq!(show("a := b +\n c\n"), "a := b + c ;");
        assert_eq!(show("f(a,\n b)\n"), "f ( a , b ) ;");
        assert_eq!(show("x /* multi\nline */ y"), "x ; y ;");
        assert_eq!(show("x /* one line */ y"), "x y ;");
        assert_eq!(show("if x {\n}"), "if x { } ;");
    }

    #[test]
    fn literals_and_comments_are_single_tokens() {
        assert_eq!(
            show("s := \"a\\\"b // no\" // yes\n"),
            "s := \"a\\\"b // no\" ;"
        );
        assert_eq!(
            show("r := `a\nb` + 'x' + '\\''"),
            "r := `a\nb` + 'x' + '\\'' ;"
        );
        assert_eq!(
            show("f(0x1e+2, 1e+3, 0x1p-2, .5, 1_000, 3i)"),
            "f ( 0x1e + 2 , 1e+3 , 0x1p-2 , .5 , 1_000 , 3i ) ;"
        );
        assert_eq!(show("f(a[1:2]...)\n"), "f ( a [ 1 : 2 ] ... ) ;");
        assert_eq!(show("x &^= y <<= 2"), "x &^= y <<= 2 ;");
    }

    #[test]
    fn lines_are_counted_through_comments_and_raw_strings() {
        let src = b"a\n/* x\ny */\nb `c\nd`\ne";
        let mut toks = Vec::new();
        tokenize(src, &mut toks);
        let lines: Vec<(String, u32)> = toks
            .iter()
            .filter(|t| t.kind == Kind::Ident)
            .map(|t| (String::from_utf8_lossy(t.text(src)).into_owned(), t.line))
            .collect();
        assert_eq!(
            lines,
            vec![("a".into(), 1), ("b".into(), 4), ("e".into(), 6)]
        );
    }

    #[test]
    fn unterminated_literals_end_at_the_line() {
        assert_eq!(show("s := \"abc\nx"), "s := \"abc ; x ;");
    }

    #[test]
    fn unquote_follows_strconv() {
        assert_eq!(unquote(br#""a\tb\"c\x41\101\u00e9""#), "a\tb\"cAAé");
        assert_eq!(unquote(b"`raw\\n\r\nx`"), "raw\\n\nx");
        assert_eq!(
            unquote(br#""Windows does not support %s""#),
            "Windows does not support %s"
        );
    }
}

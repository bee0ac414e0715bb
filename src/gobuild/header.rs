//! A Go file's header: the package clause, the imports, and the build constraint lines before
//! the package clause.
//!
//! This is a port of `go/build/read.go` (`importReader`, `readGoInfo`) and of
//! `go/build/build.go` (`parseFileHeader`, `shouldBuild`). The reader pulls bytes from the file
//! in small chunks and stops where Go's reader stops — just past the import block — so placing
//! a file on platforms never reads its body. The bytes read are handed back so that a later
//! step that does need the whole file continues from there instead of reading again.

use std::io::{self, Read};

use super::BuildContext;
use super::constraint::{self, Expr, trim_space};

/// An import of the file's import block.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Import {
    /// The local name (`.` or `_` or an alias), if one is written.
    pub name: Option<String>,
    /// The path as written between the quotes.
    pub path: String,
}

/// The constraint of a header.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Constraint {
    /// No constraint line: built everywhere the name allows.
    None,
    /// A `//go:build` line (1-based line number in the file).
    GoBuild(Expr, usize),
    /// The `// +build` lines that count, ANDed (line numbers with them).
    PlusBuild(Vec<(Expr, usize)>),
}

/// What a file's header says.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Header {
    /// The package name, when the package clause could be read.
    pub package: Option<String>,
    /// The imports read before the first declaration.
    pub imports: Vec<Import>,
    /// The build constraint.
    pub constraint: Constraint,
    /// Why Go's `MatchFile` would fail on this file (NUL byte, read error, bad `//go:build`).
    pub error: Option<String>,
}

impl Header {
    /// Go's `shouldBuild` for one platform: the constraint holds (an erroneous header never does).
    pub fn should_build(&self, ctx: &BuildContext) -> bool {
        if self.error.is_some() {
            return false;
        }
        let mut ok = |t: &str| ctx.match_tag(t);
        match &self.constraint {
            Constraint::None => true,
            Constraint::GoBuild(x, _) => x.eval(&mut ok),
            // Every line is evaluated (no short cut), as in Go.
            Constraint::PlusBuild(lines) => {
                lines.iter().fold(true, |acc, (x, _)| x.eval(&mut ok) & acc)
            }
        }
    }

    /// Does the file import `"C"` (and so is dropped by the go command when cgo is off)?
    pub fn imports_c(&self) -> bool {
        self.imports.iter().any(|i| i.path == "C")
    }
}

/// The bytes of a file that have been read so far.
#[derive(Debug, Default)]
pub struct Prefix {
    /// Bytes from the start of the file (a BOM included, if any).
    pub bytes: Vec<u8>,
    /// True when the whole file has been read.
    pub complete: bool,
}

impl Prefix {
    /// Reads the rest of the file into `bytes`; `size` (the file's size, if known) lets the
    /// buffer be allocated once.
    pub fn finish<R: Read>(&mut self, r: &mut R, size: Option<u64>) -> io::Result<()> {
        if !self.complete {
            if let Some(size) = size {
                self.bytes
                    .reserve_exact((size as usize).saturating_sub(self.bytes.len()) + 1);
            }
            r.read_to_end(&mut self.bytes)?;
            self.complete = true;
        }
        Ok(())
    }
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
const FIRST_CHUNK: usize = 8 << 10;

/// Reads a Go file's header from `r`, as `go/build` does, and returns it with the bytes read.
pub fn read_header<R: Read>(r: &mut R) -> (Header, Prefix) {
    read_header_into(r, Vec::with_capacity(FIRST_CHUNK))
}

/// [`read_header`] into `buf` (cleared first; its capacity is reused), which comes back as the
/// prefix's bytes.
pub fn read_header_into<R: Read>(r: &mut R, mut buf: Vec<u8>) -> (Header, Prefix) {
    buf.clear();
    let mut src = Source {
        r,
        buf,
        pos: 0,
        eof: false,
        chunk: FIRST_CHUNK,
    };
    // A leading BOM is dropped when at least three bytes can be peeked.
    let first_read = src.fill_to(3);
    if src.buf.starts_with(UTF8_BOM) {
        src.pos = 3;
    }
    let start = src.pos;
    let mut ir = ImportReader {
        src,
        peek: 0,
        err: first_read.err().map(ReadErr::Io),
        eof: false,
        package: None,
        imports: Vec::new(),
    };
    ir.read_go_info();
    let ImportReader {
        mut src,
        err,
        eof,
        package,
        imports,
        ..
    } = ir;

    let mut end = src.pos;
    if err.is_none() && !eof {
        // The last byte read told the reader it was done; it is not part of the header.
        end -= 1;
    }
    let mut error = None;
    match err {
        Some(ReadErr::Syntax) => {
            // Go consumes the whole file so the parser sees the same bytes.
            if let Err(e) = src.read_all() {
                error = Some(format!("read error: {e}"));
            }
            end = src.buf.len();
        }
        Some(ReadErr::Nul) => error = Some("unexpected NUL in input".to_string()),
        Some(ReadErr::Io(e)) => error = Some(format!("read error: {e}")),
        None => {}
    }
    let mut constraint = Constraint::None;
    if error.is_none() {
        match parse_file_header(&src.buf[start..end]) {
            Ok(c) => constraint = c,
            Err(e) => error = Some(e.to_string()),
        }
    }
    let prefix = Prefix {
        bytes: src.buf,
        complete: src.eof,
    };
    (
        Header {
            package,
            imports,
            constraint,
            error,
        },
        prefix,
    )
}

/// Pulls bytes from the reader on demand.
struct Source<'r, R> {
    r: &'r mut R,
    buf: Vec<u8>,
    pos: usize,
    eof: bool,
    chunk: usize,
}

impl<R: Read> Source<'_, R> {
    /// Reads until at least `n` bytes are buffered or the file ends.
    fn fill_to(&mut self, n: usize) -> io::Result<()> {
        while self.buf.len() < n && !self.eof {
            self.read_chunk()?;
        }
        Ok(())
    }

    fn read_chunk(&mut self) -> io::Result<()> {
        // `take(n).read_to_end` fills spare capacity without zeroing it, and reads short only
        // at the end of the file.
        let want = self.chunk as u64;
        let n = (&mut *self.r).take(want).read_to_end(&mut self.buf)?;
        if (n as u64) < want {
            self.eof = true;
        }
        self.chunk = (self.chunk * 2).min(1 << 20);
        Ok(())
    }

    fn next(&mut self) -> io::Result<Option<u8>> {
        if self.pos == self.buf.len() {
            self.read_chunk()?;
            if self.pos == self.buf.len() {
                return Ok(None);
            }
        }
        let c = self.buf[self.pos];
        self.pos += 1;
        Ok(Some(c))
    }

    fn read_all(&mut self) -> io::Result<()> {
        if !self.eof {
            self.r.read_to_end(&mut self.buf)?;
            self.eof = true;
        }
        self.pos = self.buf.len();
        Ok(())
    }
}

enum ReadErr {
    Syntax,
    Nul,
    Io(io::Error),
}

/// Go's `importReader`, reading the package clause and import block byte by byte.
struct ImportReader<'r, R> {
    src: Source<'r, R>,
    peek: u8,
    err: Option<ReadErr>,
    eof: bool,
    package: Option<String>,
    imports: Vec<Import>,
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80
}

impl<R: Read> ImportReader<'_, R> {
    fn syntax_error(&mut self) {
        if self.err.is_none() {
            self.err = Some(ReadErr::Syntax);
        }
    }

    fn read_byte(&mut self) -> u8 {
        match self.src.next() {
            Ok(Some(0)) => {
                if self.err.is_none() {
                    self.err = Some(ReadErr::Nul);
                }
                0
            }
            Ok(Some(c)) => c,
            Ok(None) => {
                self.eof = true;
                0
            }
            Err(e) => {
                if self.err.is_none() {
                    self.err = Some(ReadErr::Io(e));
                }
                0
            }
        }
    }

    /// Reads bytes as [`ImportReader::read_byte`] does, up to and including the first `stop`
    /// or NUL (or the end), and returns the last one read: what reading byte by byte until
    /// then would give, with the buffered bytes searched at once (license comments are most of
    /// a header).
    fn read_until(&mut self, stop: u8) -> u8 {
        loop {
            let rest = &self.src.buf[self.src.pos..];
            if let Some(k) = memchr::memchr2(stop, 0, rest) {
                self.src.pos += k;
                return self.read_byte();
            }
            self.src.pos = self.src.buf.len();
            // The buffer is used up: one byte the slow way reads more (or meets the end, or an
            // error, both read as 0).
            let c = self.read_byte();
            if c == stop || c == 0 {
                return c;
            }
        }
    }

    fn peek_byte(&mut self, skip_space: bool) -> u8 {
        if self.err.is_some() {
            return 0;
        }
        let mut c = self.peek;
        if c == 0 {
            c = self.read_byte();
        }
        while self.err.is_none() && !self.eof {
            if skip_space {
                match c {
                    b' ' | 0x0c | b'\t' | b'\r' | b'\n' | b';' => {
                        c = self.read_byte();
                        continue;
                    }
                    b'/' => {
                        c = self.read_byte();
                        if c == b'/' {
                            // Up to the newline (c, the second `/`, was read: not the end).
                            self.read_until(b'\n');
                        } else if c == b'*' {
                            let mut c1 = 0u8;
                            while (c != b'*' || c1 != b'/') && self.err.is_none() {
                                if self.eof {
                                    self.syntax_error();
                                }
                                c = c1;
                                // Only a `*` can start the end: the bytes before the next one
                                // (or a NUL, or the end) change nothing.
                                c1 = if c == b'*' {
                                    self.read_byte()
                                } else {
                                    self.read_until(b'*')
                                };
                            }
                        } else {
                            self.syntax_error();
                        }
                        c = self.read_byte();
                        continue;
                    }
                    _ => {}
                }
            }
            break;
        }
        self.peek = c;
        c
    }

    fn next_byte(&mut self, skip_space: bool) -> u8 {
        let c = self.peek_byte(skip_space);
        self.peek = 0;
        c
    }

    fn read_keyword(&mut self, kw: &[u8]) {
        self.peek_byte(true);
        for &k in kw {
            if self.next_byte(false) != k {
                self.syntax_error();
                return;
            }
        }
        if is_ident(self.peek_byte(false)) {
            self.syntax_error();
        }
    }

    /// Reads an identifier and returns it (None after a syntax error).
    fn read_ident(&mut self) -> Option<String> {
        let c = self.peek_byte(true);
        if !is_ident(c) {
            self.syntax_error();
            return None;
        }
        let mut ident = Vec::new();
        loop {
            let c = self.peek_byte(false);
            if !is_ident(c) {
                break;
            }
            ident.push(c);
            self.peek = 0;
        }
        Some(String::from_utf8_lossy(&ident).into_owned())
    }

    /// Reads a string literal and returns what stands between its quotes.
    fn read_string(&mut self) -> Vec<u8> {
        let mut s = Vec::new();
        match self.next_byte(true) {
            b'`' => {
                while self.err.is_none() {
                    let c = self.next_byte(false);
                    if c == b'`' {
                        break;
                    }
                    if self.eof {
                        self.syntax_error();
                    }
                    s.push(c);
                }
            }
            b'"' => {
                while self.err.is_none() {
                    let c = self.next_byte(false);
                    if c == b'"' {
                        break;
                    }
                    if self.eof || c == b'\n' {
                        self.syntax_error();
                    }
                    s.push(c);
                    if c == b'\\' {
                        let e = self.next_byte(false);
                        s.push(e);
                    }
                }
            }
            _ => self.syntax_error(),
        }
        s
    }

    fn read_import(&mut self) {
        let c = self.peek_byte(true);
        let mut name = None;
        if c == b'.' {
            self.peek = 0;
            name = Some(".".to_string());
        } else if is_ident(c) {
            name = self.read_ident();
        }
        let path = self.read_string();
        if self.err.is_none() {
            self.imports.push(Import {
                name,
                path: String::from_utf8_lossy(&path).into_owned(),
            });
        }
    }

    fn read_go_info(&mut self) {
        self.read_keyword(b"package");
        let name = self.read_ident();
        if self.err.is_none() {
            self.package = name;
        }
        while self.peek_byte(true) == b'i' {
            self.read_keyword(b"import");
            if self.peek_byte(true) == b'(' {
                self.next_byte(false);
                while self.peek_byte(true) != b')' && self.err.is_none() {
                    self.read_import();
                }
                self.next_byte(false);
            } else {
                self.read_import();
            }
        }
    }
}

/// Why a header's constraint cannot be read, in Go's words (`go/build`'s `parseFileHeader`):
/// the text a file's `error` holds.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum HeaderError {
    /// Two `//go:build` lines.
    #[error("multiple //go:build comments")]
    MultipleGoBuild,
    /// A `//go:build` line that does not parse, at its 1-based line.
    #[error("line {line}: parsing //go:build line: {error}")]
    GoBuild {
        /// The line.
        line: usize,
        /// The parser's error.
        error: super::constraint::ParseError,
    },
}

/// Go's `parseFileHeader` + the constraint part of `shouldBuild`, over the header bytes
/// (BOM removed). Returns the constraint or Go's error message.
pub fn parse_file_header(content: &[u8]) -> Result<Constraint, HeaderError> {
    let mut end = 0;
    let mut p = content;
    let mut ended = false; // a non-blank, non-// line was seen: no more // +build lines
    let mut in_slash_star = false;
    let mut go_build: Option<(&[u8], usize)> = None;
    let mut line_no = 0;

    'lines: while !p.is_empty() {
        line_no += 1;
        let raw = match memchr::memchr(b'\n', p) {
            Some(i) => {
                let l = &p[..i];
                p = &p[i + 1..];
                l
            }
            None => std::mem::take(&mut p),
        };
        let mut line = trim_space(raw);
        if line.is_empty() && !ended {
            // The latest place a // +build line may stand is before the last blank line that
            // precedes the first non-comment line.
            end = content.len() - p.len();
            continue;
        }
        if !line.starts_with(b"//") {
            ended = true;
        }
        if !in_slash_star && is_go_build_comment(line) {
            if go_build.is_some() {
                return Err(HeaderError::MultipleGoBuild);
            }
            go_build = Some((line, line_no));
        }
        while !line.is_empty() {
            if in_slash_star {
                match memchr::memmem::find(line, b"*/") {
                    Some(i) => {
                        in_slash_star = false;
                        line = trim_space(&line[i + 2..]);
                        continue;
                    }
                    None => continue 'lines,
                }
            }
            if line.starts_with(b"//") {
                continue 'lines;
            }
            if let Some(rest) = line.strip_prefix(b"/*") {
                in_slash_star = true;
                line = trim_space(rest);
                continue;
            }
            // Non-comment text: the header ends here.
            break 'lines;
        }
    }

    if let Some((line, n)) = go_build {
        return match constraint::parse(line) {
            Ok(x) => Ok(Constraint::GoBuild(x, n)),
            Err(error) => Err(HeaderError::GoBuild { line: n, error }),
        };
    }
    let mut lines = Vec::new();
    for (i, raw) in content[..end].split(|&b| b == b'\n').enumerate() {
        let line = trim_space(raw);
        if !line.starts_with(b"//") || memchr::memmem::find(line, b"+build").is_none() {
            continue;
        }
        if !constraint::is_plus_build(line) {
            continue;
        }
        // A +build line that does not parse is ignored, as in Go.
        if let Ok(x) = constraint::parse(line) {
            lines.push((x, i + 1));
        }
    }
    Ok(if lines.is_empty() {
        Constraint::None
    } else {
        Constraint::PlusBuild(lines)
    })
}

fn is_go_build_comment(line: &[u8]) -> bool {
    let Some(rest) = line.strip_prefix(b"//go:build") else {
        return false;
    };
    rest.is_empty() || trim_space(rest).len() < rest.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gobuild::Platform;

    fn built(src: &str, platform: &str) -> Result<bool, String> {
        let (h, _) = read_header(&mut src.as_bytes());
        if let Some(e) = h.error {
            return Err(e);
        }
        let ctx = BuildContext::new(Platform::parse(platform).unwrap(), true, vec![], 26);
        Ok(h.should_build(&ctx))
    }

    /// (rule, source, platform, built? or error text)
    const CASES: &[(&str, &str, &str, &str)] = &[
        ("no constraint", "package a\n", "windows", "yes"),
        (
            "+build then code with no blank line is ignored",
            "// +build linux\npackage a\n",
            "windows",
            "yes",
        ),
        (
            "+build before a blank line counts",
            "// +build linux\n\npackage a\n",
            "windows",
            "no",
        ),
        (
            "+build lines are ANDed",
            "// +build linux darwin\n// +build amd64\n\npackage a\n",
            "linux",
            "yes",
        ),
        (
            "+build lines are ANDed (2)",
            "// +build linux\n// +build arm64\n\npackage a\n",
            "linux",
            "no",
        ),
        (
            "//go:build decides over +build",
            "//go:build windows\n// +build linux\n\npackage a\n",
            "windows",
            "yes",
        ),
        (
            "/* c */ then //go:build counts",
            "/* c */\n//go:build windows\npackage a\n",
            "linux",
            "no",
        ),
        (
            "//go:build inside /* */ is ignored",
            "/*\n//go:build windows\n*/\npackage a\n",
            "linux",
            "yes",
        ),
        (
            "line starting with /* hides //go:build",
            "/* x */ //go:build windows\npackage a\n",
            "linux",
            "yes",
        ),
        (
            "unix tag on ios",
            "//go:build unix\npackage a\n",
            "ios/arm64",
            "yes",
        ),
        (
            "//go:build after package is ignored",
            "package a\n//go:build windows\n",
            "linux",
            "yes",
        ),
        (
            "//go:buildlinux is no constraint",
            "//go:buildlinux\npackage a\n",
            "windows",
            "yes",
        ),
        (
            "indented //go:build in doc comment",
            "// Package a does.\n//\n   //go:build windows\npackage a\n",
            "linux",
            "no",
        ),
        (
            "two //go:build lines",
            "//go:build linux\n//go:build linux\npackage a\n",
            "linux",
            "multiple //go:build comments",
        ),
        (
            "malformed //go:build",
            "//go:build linux &\npackage a\n",
            "linux",
            "line 1: parsing //go:build line: invalid syntax at &",
        ),
        (
            "CRLF line endings",
            "//go:build windows\r\n\r\npackage a\r\n",
            "linux",
            "no",
        ),
        (
            "CRLF +build",
            "// +build windows\r\n\r\npackage a\r\n",
            "linux",
            "no",
        ),
        (
            "BOM is stripped",
            "\u{feff}//go:build windows\npackage a\n",
            "linux",
            "no",
        ),
        (
            "NUL in header",
            "//go:build linux\x00\npackage a\n",
            "linux",
            "unexpected NUL in input",
        ),
        (
            "NUL in imports",
            "package a\nimport \"x\x00\"\n",
            "linux",
            "unexpected NUL in input",
        ),
        (
            "NUL in body is fine",
            "package a\nimport \"x\"\nvar x = \"\x00\"\n",
            "linux",
            "yes",
        ),
        (
            "syntax error before package: still classified",
            "//go:build windows\n\npackge a\nfunc f() {}\n",
            "linux",
            "no",
        ),
        (
            "syntax error hides a later NUL",
            "packge a\n\x00\n",
            "linux",
            "yes",
        ),
        (
            "+build after /* */ block does not count",
            "/* c */\n// +build windows\n\npackage a\n",
            "linux",
            "yes",
        ),
        (
            "//+build without space counts",
            "//+build windows\n\npackage a\n",
            "linux",
            "no",
        ),
        (
            "// +buildx is no constraint",
            "// +buildwindows\n\npackage a\n",
            "linux",
            "yes",
        ),
        (
            "bare // +build is ignore",
            "// +build\n\npackage a\n",
            "linux",
            "no",
        ),
        ("empty file", "", "linux", "yes"),
        ("only comments", "// hello\n", "linux", "yes"),
    ];

    #[test]
    fn headers_follow_go_rules() {
        for (rule, src, p, want) in CASES {
            let got = match built(src, p) {
                Ok(true) => "yes".to_string(),
                Ok(false) => "no".to_string(),
                Err(e) => e,
            };
            assert_eq!(got, *want, "{rule}: {src:?} on {p}");
        }
    }

    #[test]
    fn reader_stops_after_imports_and_keeps_what_it_read() {
        let body = "x".repeat(100_000);
        let src = format!("package a\n\nimport (\n\t\"os\"\n\tc \"C\"\n)\n\nvar s = `{body}`\n");
        let (h, prefix) = read_header(&mut src.as_bytes());
        assert_eq!(h.package.as_deref(), Some("a"));
        assert_eq!(
            h.imports,
            vec![
                Import {
                    name: None,
                    path: "os".into()
                },
                Import {
                    name: Some("c".into()),
                    path: "C".into()
                },
            ]
        );
        assert!(h.imports_c());
        assert!(!prefix.complete);
        assert!(
            prefix.bytes.len() < 20_000,
            "read {} bytes",
            prefix.bytes.len()
        );
        let mut rest = &src.as_bytes()[prefix.bytes.len()..];
        let mut prefix = prefix;
        prefix.finish(&mut rest, None).unwrap();
        assert_eq!(prefix.bytes, src.as_bytes());
    }
}

//! What a file declares, as far as the call graph needs it: the signatures of its functions
//! and methods, the fields of its structs, the methods of its interfaces, the types of its
//! package-level variables. Read from the top-level token stream (bodies folded into one
//! token each), so it costs about what reading the declarations costs.
//!
//! Types are kept as written ([`TypeExpr`]: a name with its qualifier, pointers, slices…);
//! [`super::tables`] resolves them once every package is known.

use compact_str::CompactString;

use crate::facts::lexer::{self, Kind, Token, name_of};

/// How deep a type expression is followed (`*[]map[K]*T`…); deeper is [`TypeExpr::Other`].
pub const MAX_TYPE_DEPTH: u32 = 16;

/// A type as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypeExpr {
    /// `T`, `pkg.T` (type arguments dropped).
    Named {
        /// The package qualifier, if any.
        qual: Option<CompactString>,
        /// The type's name.
        name: CompactString,
    },
    /// `*T`.
    Ptr(Box<TypeExpr>),
    /// `[]T`, `[N]T`, `...T`.
    Slice(Box<TypeExpr>),
    /// `map[K]V` (the value type).
    Map(Box<TypeExpr>),
    /// `chan T`.
    Chan(Box<TypeExpr>),
    /// `func(P…) R…`: the parameters' and the results' types.
    Func {
        /// The parameters' types (`...T` is `[]T`).
        params: Vec<TypeExpr>,
        /// The results' types.
        results: Vec<TypeExpr>,
    },
    /// Anything else (struct and interface literals, unknown syntax).
    Other,
}

/// One parameter or result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Param {
    /// Its name, if written.
    pub name: Option<CompactString>,
    /// Its type.
    pub ty: TypeExpr,
}

/// A top-level function or method.
#[derive(Clone, Debug)]
pub struct FuncShape {
    /// The name.
    pub name: CompactString,
    /// The receiver (its name, if written, and type) for a method.
    pub recv: Option<Param>,
    /// The parameters.
    pub params: Vec<Param>,
    /// The results.
    pub results: Vec<Param>,
    /// Line of the name.
    pub line: u32,
    /// The body: byte range between the braces, and the line of the `{`.
    pub body: Option<(u32, u32, u32)>,
    /// The names written in its type parameters and its receiver type's (`[T any]`,
    /// `(s *Set[T])`): in its signature, they name no package-level type.
    pub local_names: Vec<CompactString>,
}

/// A struct field (`None`: embedded).
#[derive(Clone, Debug)]
pub struct Field {
    /// The field's name; `None` for an embedded field.
    pub name: Option<CompactString>,
    /// Its type.
    pub ty: TypeExpr,
}

/// A method an interface lists: its name and how many parameters and results it has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IfaceMethod {
    /// The name.
    pub name: CompactString,
    /// Number of parameters (a variadic one counts once).
    pub params: u16,
    /// Number of results.
    pub results: u16,
    /// The results' types.
    pub result_types: Vec<TypeExpr>,
    /// The parameters' types.
    pub param_types: Vec<TypeExpr>,
}

/// What a type declaration declares.
#[derive(Clone, Debug)]
pub enum TypeShape {
    /// A struct.
    Struct(Vec<Field>),
    /// An interface: its own methods, and the types it embeds.
    Interface {
        /// The methods it lists.
        methods: Vec<IfaceMethod>,
        /// Embedded interfaces.
        embeds: Vec<TypeExpr>,
    },
    /// Any other underlying type.
    Other(TypeExpr),
}

/// A top-level type.
#[derive(Clone, Debug)]
pub struct TypeDecl {
    /// The name.
    pub name: CompactString,
    /// `type A = B`.
    pub alias: bool,
    /// What it is.
    pub shape: TypeShape,
    /// The names written in its type parameters (`[K comparable, V any]`).
    pub local_names: Vec<CompactString>,
}

/// A package-level variable: its declared type, or the initializer it was given.
#[derive(Clone, Debug)]
pub struct VarDecl {
    /// The name.
    pub name: CompactString,
    /// The written type.
    pub ty: Option<TypeExpr>,
    /// The initializer's text and line, when there is no written type and one value per name.
    pub value: Option<(Box<[u8]>, u32)>,
}

/// Everything the call graph needs from one file's declarations.
#[derive(Clone, Debug, Default)]
pub struct FileShapes {
    /// Functions and methods.
    pub funcs: Vec<FuncShape>,
    /// Types.
    pub types: Vec<TypeDecl>,
    /// Variables.
    pub vars: Vec<VarDecl>,
    /// Imports: the name written (if any) and the path.
    pub imports: Vec<crate::gobuild::header::Import>,
    /// Whether the file's bytes hold a needle of an entry-point query (docs/RULES.md §8), when
    /// the scan that read them knew: the graph reads a file again for its entry points only
    /// then (`None`: not known, read it).
    pub entry_needle: Option<bool>,
}

/// Reads the shapes of a file's declarations.
pub fn read(src: &[u8]) -> FileShapes {
    let mut toks = Vec::new();
    lexer::tokenize_top(src, &mut toks);
    read_tokens(src, &toks)
}

/// The names written in the types of a file's top-level functions and type declarations, each
/// declaration's own type parameters left out: where a build break can stand outside any body
/// (docs/RULES.md §9). Parameter and field names, method names and tags are not types and are
/// not listed; the inside of struct and interface types, type arguments, map keys, array
/// lengths and constraints are.
///
/// Also the line of the first type nested deeper than [`MAX_TYPE_DEPTH`] levels, if any: the
/// names inside it are not listed.
pub fn written_names(src: &[u8]) -> (Vec<Mention>, Option<u32>) {
    let mut toks = Vec::new();
    lexer::tokenize_top(src, &mut toks);
    let rec = Recorder::default();
    let mut p = Toks::of(src, &toks);
    p.rec = Some(&rec);
    let mut out = Vec::new();
    let mut one = FileShapes::default();
    // What one declaration wrote, less its type parameters (`within` renumbered).
    let mut keep = |one: &mut FileShapes| {
        let local: Vec<CompactString> = one
            .funcs
            .drain(..)
            .flat_map(|f| f.local_names)
            .chain(one.types.drain(..).flat_map(|t| t.local_names))
            .collect();
        let mut at: Vec<Option<u32>> = Vec::new();
        for mut m in rec.names.borrow_mut().drain(..) {
            if m.qual.is_none() && local.contains(&m.name) {
                at.push(None);
                continue;
            }
            at.push(Some(out.len() as u32));
            m.within = m.within.and_then(|w| at.get(w as usize).copied().flatten());
            out.push(m);
        }
    };
    let mut i = 0;
    while i < toks.len() {
        let next = p.statement_end(i);
        if toks[i].kind == Kind::Ident {
            match toks[i].text(src) {
                b"func" => {
                    p.func(i, next, &mut one);
                    keep(&mut one);
                }
                b"type" => p.group(i + 1, next, &mut |a, b| {
                    p.type_spec(a, b, &mut one);
                    keep(&mut one);
                }),
                _ => {}
            }
        }
        i = next;
    }
    (out, rec.deep.get())
}

/// Reads the shapes from the file's top-level tokens ([`lexer::tokenize_top`]'s, which the
/// declaration reader has already made).
pub fn read_tokens(src: &[u8], toks: &[Token]) -> FileShapes {
    let p = Toks::of(src, toks);
    let mut out = FileShapes::default();
    let mut i = 0;
    while i < toks.len() {
        let t = toks[i];
        let next = p.statement_end(i);
        if t.kind == Kind::Ident {
            match t.text(src) {
                b"func" => p.func(i, next, &mut out),
                b"type" => p.group(i + 1, next, &mut |a, b| p.type_spec(a, b, &mut out)),
                b"var" => p.group(i + 1, next, &mut |a, b| p.var_spec(a, b, &mut out)),
                b"import" => p.group(i + 1, next, &mut |a, b| p.import_spec(a, b, &mut out)),
                _ => {}
            }
        }
        i = next;
    }
    out
}

/// The index of the bracket closing each opening one (and of the opening one for each
/// closing one); unmatched brackets point past the end.
pub fn mates(toks: &[Token]) -> Vec<u32> {
    let mut mate = vec![toks.len() as u32; toks.len()];
    let mut open: Vec<usize> = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        match t.kind {
            Kind::Open => open.push(i),
            Kind::Close => {
                if let Some(o) = open.pop() {
                    mate[o] = i as u32;
                    mate[i] = o as u32;
                }
            }
            _ => {}
        }
    }
    mate
}

/// A name written in a type of a declaration (a type, or a constant in an array's length),
/// for build breaks (docs/RULES.md §9).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    /// The package qualifier, if any.
    pub qual: Option<CompactString>,
    /// The name.
    pub name: CompactString,
    /// Where it is written.
    pub line: u32,
    /// The generic type whose type arguments hold it (an index into the same list): Go does
    /// not look at the arguments of a type it cannot find.
    pub within: Option<u32>,
}

/// What [`written_names`] notes while types are read.
#[derive(Default)]
struct Recorder {
    names: std::cell::RefCell<Vec<Mention>>,
    /// The generic type whose type arguments are being read.
    within: std::cell::Cell<Option<u32>>,
    /// The line of the first type nested deeper than [`MAX_TYPE_DEPTH`], whose inside is not read.
    deep: std::cell::Cell<Option<u32>>,
}

/// A token stream with its brackets matched.
pub struct Toks<'a> {
    /// The file's bytes.
    pub src: &'a [u8],
    /// The tokens.
    pub toks: &'a [Token],
    /// [`mates`] of the tokens.
    pub mate: Vec<u32>,
    /// When set, every name a type expression read here writes is noted in it: the inside of
    /// struct and interface types, type arguments, map keys and array lengths included.
    rec: Option<&'a Recorder>,
}

impl<'a> Toks<'a> {
    /// The tokens of `src`, their brackets matched.
    pub fn of(src: &'a [u8], toks: &'a [Token]) -> Toks<'a> {
        Toks {
            src,
            toks,
            mate: mates(toks),
            rec: None,
        }
    }

    /// Notes a name written in a type, when recording.
    fn note(&self, qual: Option<&[u8]>, name: &[u8], line: u32) {
        if let Some(rec) = self.rec {
            rec.names.borrow_mut().push(Mention {
                qual: qual.map(name_of),
                name: name_of(name),
                line,
                within: rec.within.get(),
            });
        }
    }

    /// Notes, when recording, that the type at token `i` is nested too deep to be read.
    fn too_deep(&self, i: usize) {
        if let Some(rec) = self.rec
            && rec.deep.get().is_none()
        {
            rec.deep.set(Some(self.toks.get(i).map_or(0, |t| t.line)));
        }
    }

    /// Notes the names `a..b` refer to, an expression (an array's length): `N`, `pkg.N`.
    fn note_expression(&self, a: usize, b: usize) {
        let mut k = a;
        while k < b {
            if self.is_name(k) && !self.is(k.wrapping_sub(1), b".") {
                if self.is(k + 1, b".") && self.is_name(k + 2) {
                    self.note(Some(self.text(k)), self.text(k + 2), self.toks[k + 2].line);
                    k += 3;
                    continue;
                }
                self.note(None, self.text(k), self.toks[k].line);
            }
            k += 1;
        }
    }

    /// A type parameter list's inside `a..b` (`K comparable, V any`, `T ~int | ~string`): its
    /// parameters' names; when recording, the names its constraints write are noted.
    fn type_params(&self, a: usize, b: usize, depth: u32) -> Vec<CompactString> {
        let mut names = Vec::new();
        for (s, e) in self.split_commas(a, b) {
            if !self.is_name(s) {
                continue;
            }
            names.push(name_of(self.text(s)));
            if self.rec.is_some() && e > s + 1 {
                self.constraint(s + 1, e, depth);
            }
        }
        names
    }

    /// Notes the names of a constraint `a..b`: types joined by `|`, each maybe after `~`.
    fn constraint(&self, a: usize, b: usize, depth: u32) {
        let mut start = a;
        let mut k = a;
        while k <= b {
            if k == b || self.is(k, b"|") {
                let s = if self.is(start, b"~") {
                    start + 1
                } else {
                    start
                };
                if s < k {
                    self.type_expr(s, k, depth + 1);
                }
                start = k + 1;
                k += 1;
                continue;
            }
            k = if self.toks[k].kind == Kind::Open {
                self.past(k).min(b)
            } else {
                k + 1
            };
        }
    }

    /// The text of token `i` (empty past the end).
    pub fn text(&self, i: usize) -> &'a [u8] {
        self.toks.get(i).map_or(&[][..], |t| t.text(self.src))
    }

    /// Whether token `i` is `s`.
    pub fn is(&self, i: usize, s: &[u8]) -> bool {
        self.text(i) == s
    }

    /// Whether token `i` is an identifier other than a keyword.
    pub fn is_name(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == Kind::Ident) && !lexer::is_keyword(self.text(i))
    }

    /// Whether token `i` is an opening bracket `c`.
    pub fn opens(&self, i: usize, c: u8) -> bool {
        self.toks
            .get(i)
            .is_some_and(|t| t.kind == Kind::Open && self.src[t.start as usize] == c)
    }

    /// Whether token `i` is a folded block (or an opening brace).
    pub fn is_block(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == Kind::Block) || self.opens(i, b'{')
    }

    /// Index just past the bracket (or block) at `i`.
    pub fn past(&self, i: usize) -> usize {
        match self.toks.get(i).map(|t| t.kind) {
            Some(Kind::Open) => (self.mate[i] as usize + 1).min(self.toks.len()),
            _ => i + 1,
        }
    }

    /// Index past the semicolon ending the statement at `i` (brackets stepped over).
    pub fn statement_end(&self, mut i: usize) -> usize {
        while i < self.toks.len() {
            match self.toks[i].kind {
                Kind::Semi => return i + 1,
                Kind::Open => i = self.past(i),
                Kind::Close => return i + 1,
                _ => i += 1,
            }
        }
        i
    }

    /// Token ranges between commas at depth 0 in `a..b`.
    pub fn split_commas(&self, a: usize, b: usize) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut start = a;
        let mut i = a;
        while i < b {
            if self.toks[i].kind == Kind::Open {
                i = self.past(i).min(b);
                continue;
            }
            if self.is(i, b",") {
                out.push((start, i));
                start = i + 1;
            }
            i += 1;
        }
        if start < b {
            out.push((start, b));
        }
        out
    }

    /// A `kw ( spec; spec )` group or a single spec: calls `f` with each spec's range.
    fn group(&self, i: usize, end: usize, f: &mut dyn FnMut(usize, usize)) {
        let trim = |a: usize, e: usize| {
            if e > a && self.toks[e - 1].kind == Kind::Semi {
                e - 1
            } else {
                e
            }
        };
        if self.opens(i, b'(') {
            let close = (self.mate[i] as usize).min(end);
            let mut j = i + 1;
            while j < close {
                let e = self.statement_end(j).min(close);
                let spec_end = trim(j, e);
                if spec_end > j {
                    f(j, spec_end);
                }
                j = e.max(j + 1);
            }
        } else {
            f(i, trim(i, end));
        }
    }

    /// A type expression at `i` (before `end`), and the index after it.
    pub fn type_expr(&self, i: usize, end: usize, depth: u32) -> (TypeExpr, usize) {
        if depth > MAX_TYPE_DEPTH {
            self.too_deep(i);
        }
        if i >= end || depth > MAX_TYPE_DEPTH {
            return (TypeExpr::Other, (i + 1).max(end.min(i + 1)));
        }
        let t = self.text(i);
        match t {
            b"*" => {
                let (inner, n) = self.type_expr(i + 1, end, depth + 1);
                (TypeExpr::Ptr(Box::new(inner)), n)
            }
            b"..." => {
                let (inner, n) = self.type_expr(i + 1, end, depth + 1);
                (TypeExpr::Slice(Box::new(inner)), n)
            }
            b"[" => {
                let after = self.past(i);
                if self.rec.is_some() {
                    // The length: `[N]T`, `[pkg.N]T`.
                    self.note_expression(i + 1, after.saturating_sub(1).min(end));
                }
                let (inner, n) = self.type_expr(after, end, depth + 1);
                (TypeExpr::Slice(Box::new(inner)), n)
            }
            b"map" if self.opens(i + 1, b'[') => {
                let after = self.past(i + 1);
                if self.rec.is_some() {
                    self.type_expr(i + 2, after.saturating_sub(1).min(end), depth + 1);
                }
                let (inner, n) = self.type_expr(after, end, depth + 1);
                (TypeExpr::Map(Box::new(inner)), n)
            }
            b"chan" => {
                let j = if self.is(i + 1, b"<-") { i + 2 } else { i + 1 };
                let (inner, n) = self.type_expr(j, end, depth + 1);
                (TypeExpr::Chan(Box::new(inner)), n)
            }
            b"<-" if self.is(i + 1, b"chan") => {
                let (inner, n) = self.type_expr(i + 2, end, depth + 1);
                (TypeExpr::Chan(Box::new(inner)), n)
            }
            b"func" => {
                let (params, _, results, n) = self.signature(i + 1, end, depth + 1);
                (
                    TypeExpr::Func {
                        params: params.into_iter().map(|p| p.ty).collect(),
                        results: results.into_iter().map(|p| p.ty).collect(),
                    },
                    n,
                )
            }
            b"struct" | b"interface" => {
                if self.rec.is_some() {
                    if t == b"struct" {
                        self.fields(i + 1, depth + 1);
                    } else {
                        self.interface(i + 1, depth + 1);
                    }
                }
                (TypeExpr::Other, self.past(i + 1).min(end))
            }
            b"(" => {
                let close = self.mate[i] as usize;
                let (inner, _) = self.type_expr(i + 1, close, depth + 1);
                (inner, (close + 1).min(end.max(close + 1)))
            }
            _ if self.is_name(i) => {
                let (qual, name, mut n) = if self.is(i + 1, b".") && self.is_name(i + 2) {
                    (Some(name_of(t)), name_of(self.text(i + 2)), i + 3)
                } else {
                    (None, name_of(t), i + 1)
                };
                self.note(
                    (n == i + 3).then_some(t),
                    self.text(n - 1),
                    self.toks[n - 1].line,
                );
                // Type arguments.
                if n < end && self.opens(n, b'[') {
                    if let Some(rec) = self.rec {
                        let generic = rec.names.borrow().len().checked_sub(1).map(|k| k as u32);
                        let outer = rec.within.replace(generic);
                        let close = (self.mate[n] as usize).min(end);
                        for (s, e) in self.split_commas(n + 1, close) {
                            self.type_expr(s, e, depth + 1);
                        }
                        rec.within.set(outer);
                    }
                    n = self.past(n);
                }
                (TypeExpr::Named { qual, name }, n)
            }
            _ => (TypeExpr::Other, i + 1),
        }
    }

    /// A signature from its `(`: parameters, whether the last is variadic, results, and the
    /// index after the signature.
    pub fn signature(
        &self,
        open: usize,
        end: usize,
        depth: u32,
    ) -> (Vec<Param>, bool, Vec<Param>, usize) {
        if !self.opens(open, b'(') {
            return (Vec::new(), false, Vec::new(), open);
        }
        let close = self.mate[open] as usize;
        let (params, variadic) = self.params(open + 1, close.min(end), depth);
        let mut n = close + 1;
        let results = if n < end && self.opens(n, b'(') {
            let c = self.mate[n] as usize;
            let (r, _) = self.params(n + 1, c.min(end), depth);
            n = c + 1;
            r
        } else if n < end && self.starts_type(n) {
            let (ty, after) = self.type_expr(n, end, depth);
            n = after;
            vec![Param { name: None, ty }]
        } else {
            Vec::new()
        };
        (params, variadic, results, n)
    }

    /// Whether a type may start at `i` (a result type after a signature's `)`).
    fn starts_type(&self, i: usize) -> bool {
        if self.is_block(i) {
            return false;
        }
        let t = self.text(i);
        matches!(
            t,
            b"*" | b"[" | b"map" | b"chan" | b"func" | b"struct" | b"interface" | b"<-" | b"("
        ) || self.is_name(i)
    }

    /// The tokens naming parameters in the list `a..b` (the names of `a, b int, c string`;
    /// none in a list of types alone), by [`Toks::params`]' reading.
    pub fn param_name_tokens(&self, a: usize, b: usize) -> Vec<usize> {
        let entries = self.split_commas(a, b);
        if !entries.iter().any(|&(s, e)| self.named_entry(s, e)) {
            return Vec::new();
        }
        entries
            .iter()
            .filter(|&&(s, e)| self.named_entry(s, e) || (e - s == 1 && self.is_name(s)))
            .map(|&(s, _)| s)
            .collect()
    }

    /// Whether the parameter list's entry `s..e` is `name Type`: a name before a type. (A
    /// lone identifier is a name, taking the next entry's type, only when some entry is
    /// named.)
    fn named_entry(&self, s: usize, e: usize) -> bool {
        if e - s < 2 || !self.is_name(s) {
            return false;
        }
        match self.text(s + 1) {
            b"." => false,
            // `T[K]` (a generic type alone) against `name []T` / `name [N]T`.
            b"[" => self.past(s + 1) < e,
            _ => true,
        }
    }

    /// A parameter list between brackets: `a, b int, c string`, or types alone.
    fn params(&self, a: usize, b: usize, depth: u32) -> (Vec<Param>, bool) {
        let entries = self.split_commas(a, b);
        let any_named = entries.iter().any(|&(s, e)| self.named_entry(s, e));
        let mut out: Vec<Param> = Vec::with_capacity(entries.len());
        let mut pending: Vec<CompactString> = Vec::new();
        let mut variadic = false;
        for (k, &(s, e)) in entries.iter().enumerate() {
            if any_named {
                if self.named_entry(s, e) {
                    variadic = k + 1 == entries.len() && self.is(s + 1, b"...");
                    let (ty, _) = self.type_expr(s + 1, e, depth);
                    for n in pending.drain(..) {
                        out.push(Param {
                            name: Some(n),
                            ty: ty.clone(),
                        });
                    }
                    out.push(Param {
                        name: Some(name_of(self.text(s))),
                        ty,
                    });
                } else if e - s == 1 && self.is_name(s) {
                    pending.push(name_of(self.text(s)));
                } else {
                    let (ty, _) = self.type_expr(s, e, depth);
                    out.push(Param { name: None, ty });
                }
            } else {
                variadic = k + 1 == entries.len() && self.is(s, b"...");
                let (ty, _) = self.type_expr(s, e, depth);
                out.push(Param { name: None, ty });
            }
        }
        for n in pending {
            out.push(Param {
                name: Some(n),
                ty: TypeExpr::Other,
            });
        }
        (out, variadic)
    }

    /// `func Name…` or `func (r *T) Name…`.
    fn func(&self, i: usize, end: usize, out: &mut FileShapes) {
        let mut j = i + 1;
        let mut recv = None;
        let mut local_names = Vec::new();
        if self.opens(j, b'(') {
            let close = self.mate[j] as usize;
            let (mut ps, _) = self.params(j + 1, close.min(end), 0);
            recv = ps.pop();
            // The receiver type's parameters: `(s *Set[K, V])`.
            if let Some(open) = (j + 1..close.min(end)).find(|&k| self.opens(k, b'[')) {
                local_names.extend(self.names_in(open + 1, self.past(open).min(close)));
            }
            j = close + 1;
        }
        if !self.is_name(j) {
            return;
        }
        let name = name_of(self.text(j));
        let line = self.toks[j].line;
        j += 1;
        // Type parameters.
        if self.opens(j, b'[') {
            let past = self.past(j);
            local_names.extend(self.type_params(j + 1, (past - 1).min(end), 0));
            j = past;
        }
        let (params, _, results, n) = self.signature(j, end, 0);
        let body = self.toks.get(n).and_then(|t| match t.kind {
            Kind::Block => Some((t.start + 1, t.end.saturating_sub(1), t.line)),
            _ => None,
        });
        out.funcs.push(FuncShape {
            name,
            recv,
            params,
            results,
            line,
            body,
            local_names,
        });
    }

    /// The names among tokens `a..b`.
    fn names_in(&self, a: usize, b: usize) -> Vec<CompactString> {
        (a..b)
            .filter(|&k| self.is_name(k))
            .map(|k| name_of(self.text(k)))
            .collect()
    }

    /// `Name [TypeParams] [=] Type`.
    fn type_spec(&self, a: usize, b: usize, out: &mut FileShapes) {
        if !self.is_name(a) {
            return;
        }
        let name = name_of(self.text(a));
        let mut j = a + 1;
        // Type parameters: `[K comparable, V any]`, against an array's length `[N]T`,
        // `[N * 2]T`, `[pkg.N]T`: as the Go spec settles it, a bracket whose inside reads as
        // an expression is a length (`[P *C]` too, unless a comma follows: `[P *C,]`).
        let mut local_names = Vec::new();
        if self.opens(j, b'[') && self.type_param_list(j) {
            let past = self.past(j);
            local_names = self.type_params(j + 1, (past - 1).min(b), 0);
            j = past;
        }
        let alias = self.is(j, b"=");
        if alias {
            j += 1;
        }
        let shape = match self.text(j) {
            b"struct" => TypeShape::Struct(self.fields(j + 1, 0)),
            b"interface" => {
                let (methods, embeds) = self.interface(j + 1, 0);
                TypeShape::Interface { methods, embeds }
            }
            _ => TypeShape::Other(self.type_expr(j, b, 0).0),
        };
        out.types.push(TypeDecl {
            name,
            alias,
            shape,
            local_names,
        });
    }

    /// Whether the bracket at `open`, after a type's name, lists type parameters rather than
    /// an array's length: a name, then what cannot go on an expression (a name, a type's
    /// keyword, `~`, `[`, `,`), or `*`/`(` with a comma in the bracket.
    fn type_param_list(&self, open: usize) -> bool {
        if !self.is_name(open + 1) {
            return false;
        }
        let close = (self.mate[open] as usize).min(self.toks.len());
        let next = open + 2;
        if next >= close {
            return false;
        }
        let comma = || self.split_commas(open + 1, close).len() > 1;
        match self.toks[next].kind {
            Kind::Ident => true,
            Kind::Open if self.opens(next, b'[') => true,
            Kind::Open => comma(),
            Kind::Punct if self.is(next, b"~") || self.is(next, b",") => true,
            Kind::Punct if self.is(next, b"*") => comma(),
            _ => false,
        }
    }

    /// The inside of the block at `i` (a struct or interface body), tokenized.
    fn inside(&self, i: usize) -> Option<Vec<Token>> {
        let t = self.toks.get(i)?;
        let (start, end) = match t.kind {
            Kind::Block => (t.start as usize + 1, t.end as usize - 1),
            Kind::Open if self.src[t.start as usize] == b'{' => {
                let close = self.toks.get(self.mate[i] as usize)?;
                (t.start as usize + 1, close.start as usize)
            }
            _ => return None,
        };
        let mut toks = Vec::new();
        lexer::tokenize_range(self.src, start, end, t.line, &mut toks);
        Some(toks)
    }

    /// A struct's fields from its body at `i`.
    fn fields(&self, i: usize, depth: u32) -> Vec<Field> {
        if depth > MAX_TYPE_DEPTH {
            self.too_deep(i);
            return Vec::new();
        }
        let Some(toks) = self.inside(i) else {
            return Vec::new();
        };
        let mut p = Toks::of(self.src, &toks);
        p.rec = self.rec;
        let mut out = Vec::new();
        let mut j = 0;
        while j < toks.len() {
            let e = p.statement_end(j);
            let end = if toks[e - 1].kind == Kind::Semi {
                e - 1
            } else {
                e
            };
            p.field_line(j, end, &mut out, depth);
            j = e.max(j + 1);
        }
        out
    }

    /// One line of a struct: `a, b T "tag"`, or an embedded `T` / `*pkg.T`.
    fn field_line(&self, a: usize, b: usize, out: &mut Vec<Field>, depth: u32) {
        // The tag, if any, is the last token.
        let b = if b > a && matches!(self.toks[b - 1].kind, Kind::Str | Kind::RawStr) {
            b - 1
        } else {
            b
        };
        if a >= b {
            return;
        }
        let mut names = Vec::new();
        let mut j = a;
        while self.is_name(j) && (self.is(j + 1, b",")) {
            names.push(name_of(self.text(j)));
            j += 2;
        }
        let embedded = names.is_empty()
            && (self.is(a, b"*")
                || (self.is_name(a)
                    && (j + 1 == b || self.is(j + 1, b".") || self.opens(j + 1, b'['))
                    && !(self.opens(j + 1, b'[') && self.past(j + 1) < b)));
        if embedded {
            let (ty, _) = self.type_expr(a, b, depth);
            out.push(Field { name: None, ty });
            return;
        }
        if !self.is_name(j) {
            return;
        }
        names.push(name_of(self.text(j)));
        let (ty, _) = self.type_expr(j + 1, b, depth);
        for name in names {
            out.push(Field {
                name: Some(name),
                ty: ty.clone(),
            });
        }
    }

    /// An interface's methods and embedded types from its body at `i`.
    fn interface(&self, i: usize, depth: u32) -> (Vec<IfaceMethod>, Vec<TypeExpr>) {
        if depth > MAX_TYPE_DEPTH {
            self.too_deep(i);
            return (Vec::new(), Vec::new());
        }
        let Some(toks) = self.inside(i) else {
            return (Vec::new(), Vec::new());
        };
        let mut p = Toks::of(self.src, &toks);
        p.rec = self.rec;
        let (mut methods, mut embeds) = (Vec::new(), Vec::new());
        let mut j = 0;
        while j < toks.len() {
            let e = p.statement_end(j);
            let end = if toks[e - 1].kind == Kind::Semi {
                e - 1
            } else {
                e
            };
            if p.is_name(j) && p.opens(j + 1, b'(') {
                let (params, _, results, _) = p.signature(j + 1, end, depth);
                methods.push(IfaceMethod {
                    name: name_of(p.text(j)),
                    params: params.len() as u16,
                    results: results.len() as u16,
                    result_types: results.into_iter().map(|r| r.ty).collect(),
                    param_types: params.into_iter().map(|r| r.ty).collect(),
                });
            } else if j < end && !p.is(j, b"~") && p.split_bars(j, end) {
                embeds.push(p.type_expr(j, end, depth).0);
            } else if j < end && self.rec.is_some() {
                // A union of a constraint: `~int | Other`.
                p.constraint(j, end, depth);
            }
            j = e.max(j + 1);
        }
        (methods, embeds)
    }

    /// Whether `a..b` is one type (not a union `A | B` of a constraint).
    fn split_bars(&self, a: usize, b: usize) -> bool {
        !(a..b).any(|k| self.is(k, b"|"))
    }

    /// `"path"`, `name "path"`.
    fn import_spec(&self, a: usize, b: usize, out: &mut FileShapes) {
        let (name, at) = if b > a + 1 {
            (
                Some(String::from_utf8_lossy(self.text(a)).into_owned()),
                a + 1,
            )
        } else {
            (None, a)
        };
        if let Some(t) = self.toks.get(at)
            && matches!(t.kind, Kind::Str | Kind::RawStr)
        {
            out.imports.push(crate::gobuild::header::Import {
                name,
                path: lexer::unquote(self.text(at)),
            });
        }
    }

    /// `a, b T`, `a = v`, `a T = v`.
    fn var_spec(&self, a: usize, b: usize, out: &mut FileShapes) {
        let mut names = Vec::new();
        let mut j = a;
        while self.is_name(j) {
            names.push(name_of(self.text(j)));
            if self.is(j + 1, b",") {
                j += 2;
            } else {
                j += 1;
                break;
            }
        }
        if names.is_empty() {
            return;
        }
        let eq = (j..b).find(|&k| self.is(k, b"=") && self.toks[k].kind == Kind::Punct);
        let ty = (j < eq.unwrap_or(b)).then(|| self.type_expr(j, eq.unwrap_or(b), 0).0);
        let values = eq.map(|e| self.split_commas(e + 1, b)).unwrap_or_default();
        for (k, name) in names.into_iter().enumerate() {
            let value = match (&ty, values.len() == 1 || values.len() > k) {
                (None, true) if values.len() == 1 && k == 0 || values.len() > 1 => {
                    values.get(k).map(|&(s, e)| {
                        let (s, e) = (self.toks[s], self.toks[e - 1]);
                        let text = &self.src[s.start as usize..e.end as usize];
                        (Box::from(text), s.line)
                    })
                }
                _ => None,
            };
            out.vars.push(VarDecl {
                name,
                ty: ty.clone(),
                value,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(q: Option<&str>, n: &str) -> TypeExpr {
        TypeExpr::Named {
            qual: q.map(CompactString::new),
            name: CompactString::new(n),
        }
    }

    #[test]
    fn signatures_receivers_and_bodies_are_read() {
        let src = b"package p\nfunc (d *Daemon) Changes(name string, opts ...Opt) ([]archive.Change, error) {\n\treturn nil, nil\n}\nfunc New[T any](a, b int, c *pkg.T) *Daemon { return nil }\n";
        let s = read(src);
        assert_eq!(s.funcs.len(), 2);
        let f = &s.funcs[0];
        assert_eq!(f.name, "Changes");
        assert_eq!(f.recv.as_ref().unwrap().name.as_deref(), Some("d"));
        assert_eq!(
            f.recv.as_ref().unwrap().ty,
            TypeExpr::Ptr(Box::new(named(None, "Daemon")))
        );
        assert_eq!(f.params.len(), 2);
        assert_eq!(
            f.params[1].ty,
            TypeExpr::Slice(Box::new(named(None, "Opt")))
        );
        assert_eq!(
            f.results.iter().map(|p| p.ty.clone()).collect::<Vec<_>>(),
            vec![
                TypeExpr::Slice(Box::new(named(Some("archive"), "Change"))),
                named(None, "error")
            ]
        );
        assert_eq!(f.line, 2);
        assert!(f.body.is_some());
        let g = &s.funcs[1];
        assert_eq!(
            g.params
                .iter()
                .map(|p| (p.name.as_deref().unwrap().to_string(), p.ty.clone()))
                .collect::<Vec<_>>(),
            vec![
                ("a".to_string(), named(None, "int")),
                ("b".to_string(), named(None, "int")),
                (
                    "c".to_string(),
                    TypeExpr::Ptr(Box::new(named(Some("pkg"), "T")))
                )
            ]
        );
        assert_eq!(
            g.results[0].ty,
            TypeExpr::Ptr(Box::new(named(None, "Daemon")))
        );
    }

    #[test]
    fn structs_interfaces_and_vars_are_read() {
        let src = b"package p\ntype (\n\tS struct {\n\t\t*Base\n\t\tpkg.Embedded\n\t\ta, b Backend `json:\"a\"`\n\t\tm map[string]*T\n\t}\n\tI interface {\n\t\tio.Closer\n\t\tChanges(name string) ([]C, error)\n\t}\n\tA = S\n)\nvar d = &Daemon{}\nvar x, y T\n";
        let s = read(src);
        assert_eq!(s.types.len(), 3);
        let TypeShape::Struct(fields) = &s.types[0].shape else {
            panic!("struct")
        };
        let f: Vec<(Option<&str>, TypeExpr)> = fields
            .iter()
            .map(|f| (f.name.as_deref(), f.ty.clone()))
            .collect();
        assert_eq!(
            f,
            vec![
                (None, TypeExpr::Ptr(Box::new(named(None, "Base")))),
                (None, named(Some("pkg"), "Embedded")),
                (Some("a"), named(None, "Backend")),
                (Some("b"), named(None, "Backend")),
                (
                    Some("m"),
                    TypeExpr::Map(Box::new(TypeExpr::Ptr(Box::new(named(None, "T")))))
                ),
            ]
        );
        let TypeShape::Interface { methods, embeds } = &s.types[1].shape else {
            panic!("interface")
        };
        assert_eq!(
            methods,
            &vec![IfaceMethod {
                name: "Changes".into(),
                params: 1,
                results: 2,
                result_types: vec![
                    TypeExpr::Slice(Box::new(named(None, "C"))),
                    named(None, "error")
                ],
                param_types: vec![named(None, "string")]
            }]
        );
        assert_eq!(embeds, &vec![named(Some("io"), "Closer")]);
        assert!(s.types[2].alias);
        assert_eq!(s.vars.len(), 3);
        assert!(s.vars[0].value.is_some() && s.vars[0].ty.is_none());
        assert_eq!(s.vars[2].ty, Some(named(None, "T")));
    }
}

//! The walk of a function's body: every call, with the static type of what it calls on.
//!
//! One pass over the body's tokens, no parse tree. A scope stack holds what the body declares
//! (`:=`, `var`, `range`, parameters of function literals), each with the type Go would give
//! it when that is written or follows from a declared signature: the result of a call of a
//! function of the tree, a composite literal `T{…}` / `&T{…}`, a type assertion `x.(T)`, a
//! field of a struct of the tree, an element of a slice or map of known type. Everything else
//! is unknown, and a call on something unknown is counted as unresolved — never guessed.
//! Function literals are folded into the function that contains them.
//!
//! With `--calls` the walk also writes the flows (docs/RULES.md §7): what is given to which
//! slot (a parameter, a result, a field, a variable, a container), and which calls read a
//! function value or an interface value from one; [`super::values`] follows them.

use super::shapes::Toks;
use super::tables::{
    EXTERNAL, IfaceSig, ImportTarget, Member, Selected, Tables, TyId, TyNode, UNKNOWN, is_builtin,
};
use crate::facts::lexer::{self, Kind, Token};
use crate::model::CallSites;

/// The most names a body's scope stack holds at once (docs/RULES.md §7: beyond, unknown).
const MAX_NAMES: usize = 4096;

/// How many literals with elided types a key's literal may sit in (`[][][]T{{{k: v}}}`).
const MAX_ELIDED: usize = 16;

/// How many container literals deep the flows read elements from, from where a chain met the
/// outermost (docs/RULES.md §7).
const MAX_LITERALS: u32 = 16;

/// What stands before a composite literal's `{` ([`Walker::written_type`]).
enum Written {
    /// A type, from this token.
    Type(usize),
    /// Nothing: the type is elided (an element of another literal).
    Elided,
    /// An expression: the brace opens a block.
    Block,
}

/// How an edge was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum How {
    /// A call of a function, or of a method of a concrete type.
    Static,
    /// A call of an interface's method, to the method of a type of the tree implementing it.
    Interface,
    /// A call of a function value, to a function or method the flow of function values
    /// brings there (docs/RULES.md §7).
    Value,
    /// A call of an interface method (or of `error`'s), to the method of a concrete type of
    /// the tree whose values flow to the receiver (docs/RULES.md §7).
    Flow,
}

impl How {
    /// The name the JSON uses.
    pub fn as_str(self) -> &'static str {
        match self {
            How::Static => "static",
            How::Interface => "interface",
            How::Value => "value",
            How::Flow => "flow",
        }
    }
}

/// One edge: a call in function `from` of function `to`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Edge {
    /// The caller.
    pub from: u32,
    /// The callee.
    pub to: u32,
    /// Line of the call's `(`.
    pub line: u32,
    /// Byte offset of the call's `(`.
    pub at: u32,
    /// How it was found.
    pub how: How,
}

/// Where a function value or a value of a concrete type can be held, for the flows
/// (docs/RULES.md §7).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Slot {
    /// Parameter `k` of function `f` (the receiver not counted).
    Param(u32, u16),
    /// Result `k` of function `f`.
    Result(u32, u16),
    /// A field: the struct type of the tree declaring it, its name.
    Field(u32, compact_str::CompactString),
    /// The `n`-th variable function `f`'s walk gave a slot.
    Local(u32, u32),
    /// A package-level variable.
    Global(u32),
    /// Argument `k` of the interface call whose `(` is at byte `at` of graph file `file`.
    SiteParam(u32, u32, u16),
    /// Result `k` of that call.
    SiteResult(u32, u32, u16),
    /// The elements of the slice, array or map literal, or of the `append` call, whose
    /// bracket is at byte `at` of graph file `file`. A container is one slot with its
    /// elements: `fs[i]`, `range fs` and `append(fs, f)` read and write it.
    Literal(u32, u32),
}

/// What flows into a slot: a function or method, a value of a concrete type, or what a slot
/// holds.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Src {
    /// A function or method of the tree, named as a value (`r.getContainersChanges`).
    Func(u32),
    /// A value of a concrete type of the tree (`&notFound{…}`, a variable of type `*T`).
    Type(u32),
    /// Whatever the slot holds.
    Slot(Slot),
}

/// A call of a function value: its caller, where, and the slot the value is read from.
#[derive(Clone, Debug)]
pub struct ValueSite {
    /// The caller.
    pub from: u32,
    /// Line of the call's `(`.
    pub line: u32,
    /// Byte offset of the call's `(`.
    pub at: u32,
    /// Where the called value comes from.
    pub slot: Slot,
}

/// A call of an interface method on a value read from a slot (`err.Error()`, `m.WrapHandler(h)`):
/// the concrete types flowing into the slot are its receivers.
#[derive(Clone, Debug)]
pub struct TypeSite {
    /// The caller.
    pub from: u32,
    /// Line of the call's `(`.
    pub line: u32,
    /// Byte offset of the call's `(`.
    pub at: u32,
    /// Where the receiver comes from.
    pub slot: Slot,
    /// The method's name.
    pub name: compact_str::CompactString,
}

/// Where the value of an expression chain comes from, for the flows.
#[derive(Clone, Copy, Debug)]
enum Held {
    None,
    /// A function or method of the tree (not called).
    Func(u32),
    /// The walked function's parameter, named result, or `n`-th local given a slot.
    Param(u16),
    Result(u16),
    Local(u32),
    /// A package-level variable.
    Global(u32),
    /// A field: the struct type declaring it, the token of its name.
    Field(u32, usize),
    /// The results of a call of function `f`.
    CallOf(u32),
    /// The results of the interface call whose `(` is at this byte.
    SiteCall(u32),
    /// The elements of the literal or `append` call whose bracket is at this byte.
    Lit(u32),
}

/// A value's type, as far as the walk knows it.
#[derive(Clone, Copy, Debug)]
enum Val<'t> {
    Unknown,
    External,
    Ty(TyId),
    Pkg(u32),
    ExtPkg,
    Func(u32),
    Method(u32),
    Iface(&'t IfaceSig, u32),
    TypeName(TyId),
    Builtin,
    /// The results of a call of function `f`.
    Results(u32),
    /// The results of a call of an interface method.
    IfaceResults(&'t IfaceSig),
    /// The results of a call of a value of function type.
    FuncResults(TyId),
}

/// An expression whose value is asked for (an entry point's handler): its first byte.
#[derive(Clone, Copy, Debug)]
pub struct Probe {
    /// Byte offset of the expression's first token.
    pub at: u32,
    /// Byte offset past its last token.
    pub end: u32,
}

/// What a probe's expression is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Probed {
    /// A function or method of the tree.
    Func(u32),
    /// A function literal in function `within`, between byte offsets `start` and `end`: the
    /// calls it makes are the edges of `within` in that range.
    Literal {
        /// The function containing the literal.
        within: u32,
        /// Its first byte.
        start: u32,
        /// Past its last byte.
        end: u32,
        /// What it calls, sorted, each once: taken from `within`'s edges in the range before
        /// the graph keeps one edge per caller, callee and line (an earlier call of the same
        /// function on the literal's line, outside it, would stand for the literal's).
        callees: Vec<u32>,
    },
    /// A function literal outside any function, held by package-level variable `handler`:
    /// the functions it calls, and the interface methods (resolved with the others').
    Detached {
        /// The variable's API id.
        handler: String,
        /// Functions and concrete methods it calls.
        callees: Vec<u32>,
        /// Interface methods it calls: the interface and the method's name.
        ifaces: Vec<(u32, compact_str::CompactString)>,
        /// The package holding it (whose types its interface calls may reach).
        dir: u32,
    },
    /// Not known.
    Unknown,
}

/// A call of an interface method of the tree, resolved once its file's walk is done (to the
/// implementing types of the tree that can be linked with the caller).
#[derive(Clone, Debug)]
pub struct IfaceSite {
    /// The caller.
    pub from: u32,
    /// The interface.
    pub iface: u32,
    /// The method's name.
    pub name: compact_str::CompactString,
    /// Line of the call's `(`.
    pub line: u32,
    /// Byte offset of the call's `(`.
    pub at: u32,
}

/// A reference, from code built on the target, to a package-level name its package declares
/// only on other platforms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Break {
    /// Line of the reference.
    pub line: u32,
    /// The package (index into the tables' directories).
    pub dir: u32,
    /// The name.
    pub name: compact_str::CompactString,
}

/// What the walk of one file found.
#[derive(Debug, Default)]
pub struct FileWalk {
    /// References to names not declared on the target (build breaks).
    pub breaks: Vec<Break>,
    /// The static edges, in source order.
    pub edges: Vec<Edge>,
    /// The calls of interface methods.
    pub iface_sites: Vec<IfaceSite>,
    /// The call sites by kind.
    pub counts: CallSites,
    /// The probes' values, in the order given.
    pub probed: Vec<Probed>,
    /// The line of a type in a declaration nested too deep for its names to be read for
    /// build breaks.
    pub too_deep: Option<u32>,
    /// With `values`: the flows.
    pub flows: Flows,
}

/// What the walks write for the flows (docs/RULES.md §7), read by [`super::values::edges`].
#[derive(Debug, Default)]
pub struct Flows {
    /// What flows into which slot.
    pub flows: Vec<(Src, Slot)>,
    /// The calls of function values whose value comes from a slot.
    pub value_sites: Vec<ValueSite>,
    /// The calls of interface methods whose receiver comes from a slot.
    pub type_sites: Vec<TypeSite>,
    /// The concrete types whose values flow into a slot, and the function giving them
    /// ([`DETACHED`] outside any function).
    pub given: Vec<(u32, u32)>,
    /// The calls of methods of `error` values (caller, line, `(`, method).
    pub error_sites: Vec<(u32, u32, u32, compact_str::CompactString)>,
}

impl Flows {
    /// Takes `other`'s.
    pub fn append(&mut self, other: &mut Flows) {
        self.flows.append(&mut other.flows);
        self.value_sites.append(&mut other.value_sites);
        self.type_sites.append(&mut other.type_sites);
        self.given.append(&mut other.given);
        self.error_sites.append(&mut other.error_sites);
    }
}

/// What a file's walk is asked for beside its functions' calls.
#[derive(Clone, Copy, Default)]
pub struct Asked<'a> {
    /// Expressions whose values are asked for (entry points' handlers).
    pub probes: &'a [Probe],
    /// The file's package-level `var` and `const` specs: name, first and last byte.
    pub vars: &'a [(compact_str::CompactString, u32, u32)],
    /// The bodies of its `init` functions and of its functions named `_`.
    pub inits: &'a [(u32, u32)],
    /// Whether the flows are written.
    pub values: bool,
}

/// Walks the bodies of functions `funcs` (all of file `file`, whose bytes are `src`).
pub fn walk_file(t: &Tables, file: u32, src: &[u8], funcs: &[u32], asked: Asked) -> FileWalk {
    let Asked {
        probes,
        vars,
        inits,
        values,
    } = asked;
    let mut out = FileWalk {
        probed: vec![Probed::Unknown; probes.len()],
        ..Default::default()
    };
    let mut toks: Vec<Token> = Vec::new();
    for &f in funcs {
        let info = &t.funcs[f as usize];
        let Some((start, end, line)) = info.body else {
            continue;
        };
        toks.clear();
        if (end as usize) > src.len() || start > end {
            continue;
        }
        lexer::tokenize_range(src, start as usize, end as usize, line, &mut toks);
        let mine: Vec<(usize, Probe)> = probes
            .iter()
            .enumerate()
            .filter(|(_, p)| p.at >= start && p.at < end)
            .map(|(i, p)| (i, *p))
            .collect();
        let mut w = Walker::new(t, file, Toks::of(src, &toks), f, &mut out, &mine);
        w.values = values;
        if let Some((Some(n), ty)) = &info.recv {
            w.env.push(Local::new(n.as_bytes(), *ty, 0, Held::None));
        }
        // A parameter or result past the 65,536th has no slot.
        let nth = |k: usize, f: fn(u16) -> Held| u16::try_from(k).map_or(Held::None, f);
        let params = info.params.iter().enumerate();
        let params = params.map(|(k, p)| (p, nth(k, Held::Param)));
        let results = info.results.iter().enumerate();
        for ((n, ty), held) in params.chain(results.map(|(k, r)| (r, nth(k, Held::Result)))) {
            if let Some(n) = n {
                w.env.push(Local::new(n.as_bytes(), *ty, 0, held));
            }
        }
        // Type parameters hide package-level names of theirs (a type, unknown here).
        for n in &info.type_params {
            w.env.push(Local::new(n.as_bytes(), UNKNOWN, 0, Held::None));
        }
        w.walk();
        // Literal handlers: the calls inside them.
        for &(k, p) in &mine {
            if out.probed[k] == Probed::Unknown
                && src.get(p.at as usize..p.at as usize + 4) == Some(b"func")
            {
                out.probed[k] = Probed::Literal {
                    within: f,
                    start: p.at,
                    end: p.end,
                    callees: Vec::new(),
                };
            }
        }
    }
    // Function literals outside any function (`var pullCommand = &cli.Command{Action: func…}`):
    // walked alone, their calls the handler's, the variable holding them its name.
    for (k, p) in probes.iter().enumerate() {
        let inside = funcs.iter().any(|&f| {
            t.funcs[f as usize]
                .body
                .is_some_and(|(a, b, _)| p.at >= a && p.at < b)
        });
        if inside || out.probed[k] != Probed::Unknown || p.end as usize > src.len() {
            continue;
        }
        if src.get(p.at as usize..p.at as usize + 4) != Some(b"func") {
            // A name (`Action: buildAction`): typed as at the top of its package.
            let line = line_at(src, p.at);
            toks.clear();
            lexer::tokenize_range(src, p.at as usize, p.end as usize, line, &mut toks);
            let mut w = Walker::new(t, file, Toks::of(src, &toks), u32::MAX, &mut out, &[]);
            let (v, next) = w.chain(0, false, false);
            if next == toks.len()
                && let Val::Func(f) | Val::Method(f) | Val::Results(f) = v
            {
                out.probed[k] = Probed::Func(f);
            }
            continue;
        }
        let Some((name, _, _)) = vars.iter().find(|(_, a, b)| p.at >= *a && p.at < *b) else {
            continue;
        };
        let line = line_at(src, p.at);
        toks.clear();
        lexer::tokenize_range(src, p.at as usize, p.end as usize, line, &mut toks);
        let (edges, sites) = (out.edges.len(), out.iface_sites.len());
        let mut w = Walker::new(t, file, Toks::of(src, &toks), DETACHED, &mut out, &[]);
        w.walk();
        let callees = out.edges.drain(edges..).map(|e| e.to).collect();
        let ifaces = out
            .iface_sites
            .drain(sites..)
            .map(|s| (s.iface, s.name))
            .collect();
        let dir = t.files[file as usize].dir;
        out.probed[k] = Probed::Detached {
            handler: format!("{}||{name}", t.dirs[dir as usize].path),
            callees,
            ifaces,
            dir,
        };
    }
    // Package-level variables and constants: their declarations' breaks (§9); their calls are
    // no edges (§7).
    let mut specs: Vec<(u32, u32)> = vars.iter().map(|&(_, a, b)| (a, b)).collect();
    specs.sort_unstable();
    specs.dedup();
    let mut spec_walk = FileWalk::default();
    for (a, b) in specs {
        if b as usize > src.len() || a > b {
            continue;
        }
        toks.clear();
        lexer::tokenize_range(src, a as usize, b as usize, line_at(src, a), &mut toks);
        let mut w = Walker::new(t, file, Toks::of(src, &toks), DETACHED, &mut spec_walk, &[]);
        w.values = values;
        w.package_level = true;
        // A spec of a `var ( … )` group, read as a `var` statement's (a whole `var x T` is
        // read so by the walk).
        if !(w.p.is(0, b"var") || w.p.is(0, b"const")) {
            w.var_spec(0, toks.len(), toks.len());
        }
        w.walk();
    }
    // `init` functions and functions named `_`: no functions of the graph, but a name they
    // reference that the target lacks is a break like any other.
    for &(a, b) in inits {
        if b as usize > src.len() || a > b {
            continue;
        }
        toks.clear();
        lexer::tokenize_range(src, a as usize, b as usize, line_at(src, a), &mut toks);
        // What they give away flows on (a log driver registered in `init`).
        let mut w = Walker::new(t, file, Toks::of(src, &toks), DETACHED, &mut spec_walk, &[]);
        w.values = values;
        w.walk();
    }
    // Its literals' breaks are the handlers' above again: the graph keeps one per line and name.
    out.breaks.append(&mut spec_walk.breaks);
    out.flows.append(&mut spec_walk.flows);
    out
}

/// The 1-based line of byte `at`.
fn line_at(src: &[u8], at: u32) -> u32 {
    1 + memchr::memchr_iter(b'\n', &src[..at as usize]).count() as u32
}

/// The caller of the calls of a function literal outside any function, while it is walked.
pub const DETACHED: u32 = u32::MAX - 1;

/// The type of a package-level variable's initializer (its text, which starts on `line`).
pub fn infer(t: &Tables, file: u32, text: &[u8], line: u32) -> TyId {
    let mut toks = Vec::new();
    lexer::tokenize_range_folded(text, 0, text.len(), line, &mut toks);
    let mut out = FileWalk::default();
    let mut w = Walker::new(t, file, Toks::of(text, &toks), u32::MAX, &mut out, &[]);
    let s = usize::from(w.p.is(0, b"&"));
    let (v, next) = w.chain(s, false, false);
    if next >= toks.len() || toks[next].kind == Kind::Semi {
        w.single(v)
    } else {
        UNKNOWN
    }
}

/// A name the body declared: its type and scope depth, and a digest of it that most lookups
/// of other names stop at (a body's scope stack is walked for every name in it).
struct Local<'a> {
    key: u32,
    name: &'a [u8],
    ty: TyId,
    depth: u32,
    /// Its slot, for the flow of function values.
    held: Held,
}

impl<'a> Local<'a> {
    fn new(name: &'a [u8], ty: TyId, depth: u32, held: Held) -> Local<'a> {
        Local {
            key: Local::key(name),
            name,
            ty,
            depth,
            held,
        }
    }

    /// The length and three of the bytes of a name.
    fn key(name: &[u8]) -> u32 {
        match name {
            [] => 0,
            [first, ..] => {
                let n = name.len();
                (n as u32) << 24
                    | u32::from(*first) << 16
                    | u32::from(name[n / 2]) << 8
                    | u32::from(name[n - 1])
            }
        }
    }
}

/// A name bound after the walk passes token `at`.
struct Pending<'a> {
    at: usize,
    name: &'a [u8],
    ty: TyId,
    depth: u32,
    held: Held,
}

struct Walker<'a, 'o> {
    t: &'a Tables,
    file: u32,
    p: Toks<'a>,
    /// What the body declared so far: name, type, scope depth.
    env: Vec<Local<'a>>,
    depth: u32,
    pending: Vec<Pending<'a>>,
    /// In the header of an `if`, `for` or `switch`: the index of its block's `{` and the
    /// bracket nesting at the keyword (a composite literal `T{` is not read there).
    header: Option<(usize, u32)>,
    /// Open `(` and `[` brackets.
    nest: u32,
    from: u32,
    out: &'o mut FileWalk,
    probes: &'o [(usize, Probe)],
    /// Names that struct and interface types written in the body declare (field and method
    /// names: not references), by token index.
    members: super::tables::HashSet<usize>,
    /// Tokens before this index are the type arguments of a missing generic type in a
    /// composite literal (`pl.G[pl.U]{}`): Go does not look at them.
    quiet_until: usize,
    /// The token ranges of the types `var` statements write.
    var_types: Vec<(usize, usize)>,
    /// [`Walker::key_or_label`]'s last answer, and the `,` it was read back from.
    after_comma: std::cell::Cell<Option<(usize, bool)>>,
    /// [`Walker::enclosing_brace`]'s last answer, and the `,` it was read back from.
    brace_after_comma: std::cell::Cell<Option<(usize, Option<usize>)>>,
    /// Whether the flows are written (`out.flows`: what flows where, the calls reading slots,
    /// the error types given).
    values: bool,
    /// Walking package-level `var` specs: a name they declare is a package-level variable.
    package_level: bool,
    /// Locals given a slot so far.
    n_locals: u32,
    /// The closing `}` of each function literal the walk is in.
    literal_ends: Vec<usize>,
    /// The container literals whose elements' flows are written (by the byte of their `{`).
    literals_read: super::tables::HashSet<u32>,
    /// How many container literals' elements are being read now, one inside the other.
    literals_in: u32,
    /// The `=` of the `var` and `const` specs read and not yet met: no assignments.
    var_eqs: super::tables::HashSet<usize>,
}

impl<'a, 'o> Walker<'a, 'o> {
    /// A walker of the tokens `p` of file `file`, its calls made in `from`.
    fn new(
        t: &'a Tables,
        file: u32,
        p: Toks<'a>,
        from: u32,
        out: &'o mut FileWalk,
        probes: &'o [(usize, Probe)],
    ) -> Walker<'a, 'o> {
        Walker {
            t,
            file,
            p,
            env: Vec::new(),
            depth: 0,
            pending: Vec::new(),
            header: None,
            nest: 0,
            from,
            out,
            probes,
            members: Default::default(),
            quiet_until: 0,
            var_types: Vec::new(),
            after_comma: std::cell::Cell::new(None),
            brace_after_comma: std::cell::Cell::new(None),
            values: false,
            package_level: false,
            n_locals: 0,
            literal_ends: Vec::new(),
            literals_read: Default::default(),
            literals_in: 0,
            var_eqs: Default::default(),
        }
    }
}

impl<'a> Walker<'a, '_> {
    fn walk(&mut self) {
        let n = self.p.toks.len();
        let mut i = 0;
        while i < n {
            if !self.pending.is_empty() {
                let mut k = 0;
                while k < self.pending.len() {
                    if self.pending[k].at <= i {
                        let b = self.pending.swap_remove(k);
                        // A body declaring more names than this (generated code) has the rest
                        // unknown: every lookup walks the scope stack, which must stay short.
                        if self.env.len() < MAX_NAMES {
                            self.env.push(Local::new(b.name, b.ty, b.depth, b.held));
                        }
                    } else {
                        k += 1;
                    }
                }
            }
            let tok = self.p.toks[i];
            match tok.kind {
                Kind::Open => match self.p.src[tok.start as usize] {
                    b'{' => {
                        self.depth += 1;
                        if self.header.is_some_and(|(b, _)| b == i) {
                            self.header = None;
                        }
                    }
                    _ => self.nest += 1,
                },
                Kind::Close => match self.p.src[tok.start as usize] {
                    b'}' => {
                        let d = self.depth;
                        while self.env.last().is_some_and(|e| e.depth >= d && d > 0) {
                            self.env.pop();
                        }
                        self.depth = self.depth.saturating_sub(1);
                        if self.literal_ends.last() == Some(&i) {
                            self.literal_ends.pop();
                        }
                    }
                    _ => self.nest = self.nest.saturating_sub(1),
                },
                Kind::Punct if self.p.is(i, b":=") => self.define(i),
                Kind::Punct if self.values && self.p.is(i, b"=") => self.assign(i),
                Kind::Ident => {
                    let text = self.p.text(i);
                    match text {
                        b"if" | b"for" | b"switch" => {
                            if let Some(b) = self.header_block(i) {
                                self.header = Some((b, self.nest));
                            }
                        }
                        b"func" => self.func_literal(i),
                        b"return" if self.values => self.returns(i),
                        b"struct" | b"interface" if self.p.opens(i + 1, b'{') => {
                            self.member_names(i);
                        }
                        b"var" | b"const" => self.var_statement(i),
                        b"type" if self.p.is_name(i + 1) => {
                            // A type declared in the body: a name of its scope.
                            let name = self.p.text(i + 1);
                            self.pending.push(Pending {
                                at: i + 2,
                                name,
                                ty: UNKNOWN,
                                depth: self.depth,
                                held: Held::None,
                            });
                        }
                        _ if !lexer::is_keyword(text) && !self.p.is(i.wrapping_sub(1), b".") => {
                            let probe = self
                                .probes
                                .iter()
                                .find(|(_, p)| p.at == tok.start)
                                .map(|&(k, _)| k);
                            let header = self.in_header();
                            let (v, _) = self.chain(i, header, true);
                            if let Some(k) = probe {
                                self.out.probed[k] = match v {
                                    // A method value, a function, or a call of one that
                                    // builds the handler (its calls are the handler's).
                                    Val::Func(f) | Val::Method(f) | Val::Results(f) => {
                                        Probed::Func(f)
                                    }
                                    _ => Probed::Unknown,
                                };
                            }
                        }
                        _ => {}
                    }
                }
                _ => {}
            }
            i += 1;
        }
    }

    fn in_header(&self) -> bool {
        self.header.is_some_and(|(_, nest)| nest == self.nest)
    }

    /// The depth a name declared now belongs to: one in, in a statement's header.
    fn bind_depth(&self, at: usize) -> u32 {
        match self.header {
            Some((b, _)) if at < b => self.depth + 1,
            _ => self.depth,
        }
    }

    /// The `{` of the block of the `if`/`for`/`switch` at `i`.
    fn header_block(&self, i: usize) -> Option<usize> {
        let mut j = i + 1;
        while j < self.p.toks.len() {
            let t = self.p.toks[j];
            match t.kind {
                Kind::Open if self.p.src[t.start as usize] == b'{' => {
                    let prev = j.wrapping_sub(1);
                    if self.composite_brace(j)
                        || self.p.is(prev, b"struct")
                        || self.p.is(prev, b"interface")
                    {
                        j = self.p.past(j);
                        continue;
                    }
                    return Some(j);
                }
                Kind::Open => j = self.p.past(j),
                Kind::Close => return None,
                _ => j += 1,
            }
        }
        None
    }

    /// Whether the `{` at `j`, in a statement header, opens a composite literal: one whose
    /// type is not a bare name (`[]T{`, `map[K]V{`, `struct{…}{`), which Go reads there.
    fn composite_brace(&self, j: usize) -> bool {
        let prev = j.wrapping_sub(1);
        // `struct{…}{`, `[]struct{…}{`; not the brace after a literal (`[]T{…} {`).
        if self.p.is(prev, b"}") {
            let open = self.p.mate[prev] as usize;
            return open < prev
                && (self.p.is(open.wrapping_sub(1), b"struct")
                    || self.p.is(open.wrapping_sub(1), b"interface"));
        }
        // `[]func(…) R{`, `[]func(…) (R, S){`, `[]func(…){`: a literal of function values.
        let results_end = if self.p.is(prev, b")") {
            Some(prev)
        } else if self.p.is_name(prev) && self.p.is(prev.wrapping_sub(1), b")") {
            Some(prev - 1)
        } else {
            None
        };
        if let Some(r) = results_end {
            let mut o = self.p.mate[r] as usize;
            if o < r && self.p.is(o.wrapping_sub(1), b")") {
                o = self.p.mate[o - 1] as usize;
            }
            if o < r && self.p.is(o.wrapping_sub(1), b"func") {
                return self.p.is(o.wrapping_sub(2), b"]");
            }
        }
        // `x[i] {`, `G[T] {`: Go reads a block there.
        if !self.p.is_name(prev) {
            return false;
        }
        let mut s = prev;
        if self.p.is(s.wrapping_sub(1), b".") && self.p.is_name(s.wrapping_sub(2)) {
            s -= 2;
        }
        while self.p.is(s.wrapping_sub(1), b"*") {
            s -= 1;
        }
        self.p.is(s.wrapping_sub(1), b"]")
    }

    /// `a, b := x, y` / `v, err := f()` / `k, v := range m`.
    fn define(&mut self, i: usize) {
        let mut names: Vec<&'a [u8]> = Vec::new();
        let mut j = i;
        while j > 0 && self.p.is_name(j - 1) {
            names.push(self.p.text(j - 1));
            if j >= 2 && self.p.is(j - 2, b",") {
                j -= 2;
            } else {
                break;
            }
        }
        names.reverse();
        if names.is_empty() {
            return;
        }
        let end = self.rhs_end(i);
        let depth = self.bind_depth(i);
        let header = self.header.is_some_and(|(b, _)| i < b);
        let entries = self.p.split_commas(i + 1, end);
        let mut types = vec![UNKNOWN; names.len()];
        let mut srcs: Vec<Option<Src>> = vec![None; names.len()];
        if let Some(&(s, e)) = entries.first()
            && self.p.is(s, b"range")
        {
            let (v, next, held) = self.chain_held(s + 1, header, false);
            if next == e {
                let over = self.single(v);
                let elem = match self.t.tys.get(over as usize) {
                    Some(TyNode::Slice(x) | TyNode::Map(x)) => (UNKNOWN, *x),
                    Some(TyNode::Chan(x)) => (*x, UNKNOWN),
                    _ => (UNKNOWN, UNKNOWN),
                };
                types[0] = elem.0;
                if types.len() > 1 {
                    types[1] = elem.1;
                }
                // The element variable of a container of function values reads its slot
                // (when the index has no node for the container's type, a literal's say, the
                // value is taken to be second, as a slice's or a map's).
                let unknown = over == UNKNOWN;
                let k = if unknown {
                    usize::from(srcs.len() > 1)
                } else {
                    usize::from(elem.1 != UNKNOWN)
                };
                if k < srcs.len() && (unknown || self.carries(types[k])) {
                    srcs[k] = self.src_of(held, 0);
                }
            }
        } else if entries.len() == names.len() {
            for (k, &(s, e)) in entries.iter().enumerate() {
                (types[k], srcs[k]) = self.value_held(s, e, header, 0);
            }
        } else if let [(s, e)] = entries[..] {
            for k in 0..types.len() {
                (types[k], srcs[k]) = self.value_held(s, e, header, k);
            }
        }
        for ((name, ty), src) in names.into_iter().zip(types).zip(srcs) {
            if name != b"_" {
                let held = self.local_slot(ty, src);
                self.pending.push(Pending {
                    at: end,
                    name,
                    ty,
                    depth,
                    held,
                });
            }
        }
    }

    /// The type of result `k` of the expression `s..e`, and (with `values`) where that value
    /// comes from.
    fn value_held(&mut self, s: usize, e: usize, header: bool, k: usize) -> (TyId, Option<Src>) {
        let (amp, star) = (self.p.is(s, b"&"), self.p.is(s, b"*"));
        let (v, next, held) = self.chain_held(s + usize::from(amp || star), header, false);
        if next != e {
            return (UNKNOWN, None);
        }
        let ty = self.nth(v, k);
        // A value of a concrete type is of that type, wherever it was read from.
        let src = if !self.values || star {
            None
        } else if let Some(n) = self.concrete(ty) {
            Some(Src::Type(n))
        } else if amp {
            None
        } else {
            self.src_of(held, k)
        };
        (ty, src)
    }

    /// The concrete type of the tree a value of type `ty` is (`T` or `*T`), when it has
    /// methods an interface call could reach (declared, or promoted through an embedded field).
    fn concrete(&self, ty: TyId) -> Option<u32> {
        let n = self.t.named_of(ty)?;
        if self.t.is_interface(n) {
            return None;
        }
        let embeds = || {
            self.t
                .struct_of(n)
                .is_some_and(|f| f.iter().any(|(name, _)| name.is_none()))
        };
        (!self.t.types[n as usize].methods.is_empty() || embeds()).then_some(n)
    }

    /// Whether `ty` is the predeclared `error`.
    fn is_error(&self, ty: TyId) -> bool {
        matches!(self.t.tys.get(ty as usize), Some(TyNode::Basic(b)) if b == "error")
    }

    /// Whether `ty` is an interface type: of the tree, `error`, or one from outside the tree
    /// (only an interface there can be given a value of a type of the tree).
    fn iface_like(&self, ty: TyId) -> bool {
        ty == EXTERNAL
            || self.is_error(ty)
            || matches!(self.t.tys.get(ty as usize), Some(TyNode::Basic(b)) if b == "any")
            || self.t.named_of(ty).is_some_and(|n| self.t.is_interface(n))
    }

    /// A slot for a variable of type `ty` the walk declares, into which `src` flows: given to
    /// a variable that may hold function values or values of concrete types
    /// ([`Walker::carries`]), to one a function is given to, and to one of unknown type a
    /// slot's value is given to.
    fn local_slot(&mut self, ty: TyId, src: Option<Src>) -> Held {
        if !self.values || self.from >= DETACHED {
            return Held::None;
        }
        let wanted = match &src {
            Some(Src::Func(_)) => true,
            Some(Src::Type(_)) => self.iface_like(ty),
            Some(Src::Slot(_)) => ty == UNKNOWN || self.carries(ty),
            None => self.carries(ty),
        };
        if !wanted {
            return Held::None;
        }
        let n = self.n_locals;
        self.n_locals += 1;
        if let Some(src) = src {
            self.give((src, Slot::Local(self.from, n)));
        }
        Held::Local(n)
    }

    /// Whether a value of type `ty` may hold function values or values of concrete types of
    /// the tree: a function or interface type, or a slice, array, map or channel of one (its
    /// elements share its slot).
    fn carries(&self, ty: TyId) -> bool {
        if self.t.func_sig(ty).is_some() || self.iface_like(ty) {
            return true;
        }
        let mut ty = ty;
        for _ in 0..16 {
            match self.t.tys.get(ty as usize) {
                Some(TyNode::Slice(x) | TyNode::Map(x) | TyNode::Chan(x)) => {
                    return self.t.func_sig(*x).is_some() || self.iface_like(*x);
                }
                Some(TyNode::Named(n)) => match self.t.types[*n as usize].kind {
                    super::tables::TypeKind::Other(u) => ty = u,
                    _ => return false,
                },
                _ => return false,
            }
        }
        false
    }

    /// What flows from `held`, read as its `k`-th value.
    fn src_of(&self, held: Held, k: usize) -> Option<Src> {
        let k16 = u16::try_from(k).ok()?;
        match held {
            Held::Func(f) if k == 0 => Some(Src::Func(f)),
            Held::CallOf(f) => Some(Src::Slot(Slot::Result(f, k16))),
            Held::SiteCall(at) if self.from < DETACHED => {
                Some(Src::Slot(Slot::SiteResult(self.file, at, k16)))
            }
            _ if k == 0 => self.slot_of(held).map(Src::Slot),
            _ => None,
        }
    }

    /// The slot `held` names, as a place a value can be given to.
    fn slot_of(&self, held: Held) -> Option<Slot> {
        let local = self.from < DETACHED;
        match held {
            Held::Param(k) if local => Some(Slot::Param(self.from, k)),
            Held::Result(k) if local => Some(Slot::Result(self.from, k)),
            Held::Local(n) if local => Some(Slot::Local(self.from, n)),
            Held::Global(v) => Some(Slot::Global(v)),
            Held::Lit(at) => Some(Slot::Literal(self.file, at)),
            Held::Field(owner, tok) => Some(Slot::Field(
                owner,
                compact_str::CompactString::from(lexer::as_str(self.p.text(tok))?),
            )),
            _ => None,
        }
    }

    /// `a, s.f = x, y` / `h = f()`: what flows into the slots on the left.
    fn assign(&mut self, i: usize) {
        if self.var_eqs.remove(&i) {
            // `var ( h = A )`: a declaration, which `var_spec` read.
            return;
        }
        let start = self.statement_start(i);
        let end = self.rhs_end(i);
        let header = self.header.is_some_and(|(b, _)| i < b);
        let left = self.p.split_commas(start, i);
        let right = self.p.split_commas(i + 1, end);
        for (k, &(s, e)) in left.iter().enumerate() {
            let (v, next, held) = self.chain_held(s, header, false);
            let Some(dst) = (next == e).then(|| self.slot_of(held)).flatten() else {
                continue;
            };
            let src = if right.len() == left.len() {
                self.value_held(right[k].0, right[k].1, header, 0).1
            } else if let [(a, b)] = right[..] {
                self.value_held(a, b, header, k).1
            } else {
                None
            };
            let ty = self.single(v);
            match src {
                Some(src) if ty == UNKNOWN || self.carries(ty) || matches!(src, Src::Func(_)) => {
                    self.give((src, dst));
                }
                _ => {}
            }
        }
    }

    /// Where the simple statement holding token `i` starts: after the `;`, `{`, `(` or `:`
    /// before it (brackets stepped over).
    fn statement_start(&self, i: usize) -> usize {
        let mut j = i;
        while j > 0 {
            let t = self.p.toks[j - 1];
            match t.kind {
                Kind::Semi | Kind::Open => break,
                Kind::Close => {
                    let m = self.p.mate[j - 1] as usize;
                    if m >= j - 1 {
                        break;
                    }
                    j = m;
                }
                _ if self.p.is(j - 1, b":") => break,
                _ => j -= 1,
            }
        }
        j
    }

    /// `return a, b` in the walked function (not in a function literal): what flows into
    /// its results that may hold function values or values of concrete types
    /// ([`Walker::carries`]).
    fn returns(&mut self, i: usize) {
        if !self.literal_ends.is_empty() || self.from >= DETACHED {
            return;
        }
        let f = self.from;
        let n = self.t.funcs[f as usize].results.len();
        let wanted: Vec<usize> = (0..n)
            .filter(|&k| {
                let ty = self.t.funcs[f as usize].results[k].1;
                self.carries(ty)
            })
            .collect();
        if wanted.is_empty() {
            return;
        }
        let end = self.rhs_end(i);
        let entries = self.p.split_commas(i + 1, end);
        let header = self.in_header();
        for k in wanted {
            let src = if entries.len() == n {
                self.value_held(entries[k].0, entries[k].1, header, 0).1
            } else if let [(a, b)] = entries[..] {
                self.value_held(a, b, header, k).1
            } else {
                None
            };
            if let Some(src) = src
                && let Ok(k) = u16::try_from(k)
            {
                self.give((src, Slot::Result(f, k)));
            }
        }
    }

    /// Writes that `flow.0` flows into `flow.1`; a value of a concrete type given away by the
    /// walked function is noted with it.
    fn give(&mut self, flow: (Src, Slot)) {
        if let Src::Type(n) = flow.0 {
            self.out.flows.given.push((self.from, n));
        }
        self.out.flows.flows.push(flow);
    }

    /// A call `x.name(…)` whose `(` is `t`, on an interface value `x` read from `receiver`.
    fn type_site(&mut self, receiver: Held, name: usize, t: Token) {
        if self.from >= DETACHED {
            return;
        }
        let (Some(Src::Slot(slot)), Some(name)) =
            (self.src_of(receiver, 0), lexer::as_str(self.p.text(name)))
        else {
            return;
        };
        self.out.flows.type_sites.push(TypeSite {
            from: self.from,
            line: t.line,
            at: t.start,
            slot,
            name: name.into(),
        });
    }

    /// The arguments of the call whose `(` is `open`, of `v`, given to its parameters that
    /// may hold function values or values of concrete types ([`Walker::carries`]).
    fn argument_flows(&mut self, v: Val<'a>, open: usize, header: bool) {
        let at = self.p.toks[open].start;
        let params: Vec<TyId> = match v {
            Val::Func(f) | Val::Method(f) => self.t.funcs[f as usize]
                .params
                .iter()
                .map(|p| p.1)
                .collect(),
            Val::Iface(sig, _) if self.from < DETACHED => sig.param_types.clone(),
            _ => return,
        };
        if !params.iter().any(|&ty| self.carries(ty)) {
            return;
        }
        let close = self.p.mate[open] as usize;
        if close <= open {
            return;
        }
        let args = self.p.split_commas(open + 1, close);
        for (k, &(s, e)) in args.iter().enumerate() {
            // Past the last parameter: the last (variadic) one.
            let p = k.min(params.len() - 1);
            if !self.carries(params[p]) {
                continue;
            }
            let Some(src) = self.value_held(s, e, header, 0).1 else {
                continue;
            };
            let Ok(p) = u16::try_from(p) else {
                continue;
            };
            let dst = match v {
                Val::Func(f) | Val::Method(f) => Slot::Param(f, p),
                _ => Slot::SiteParam(self.file, at, p),
            };
            self.give((src, dst));
        }
    }

    /// The elements of the slice, array or map literal whose `{` is `open` (its values, not
    /// its keys), given to its slot.
    /// Each literal once (a chain starts at every name, and literals nest), and at most
    /// [`MAX_LITERALS`] deep from where it was met: deeper ones are read when a chain starts
    /// at their own type, or not at all (`[][]any{{…}}`).
    fn element_flows(&mut self, open: usize, header: bool) {
        let close = self.p.mate[open] as usize;
        let at = self.p.toks[open].start;
        if close <= open || self.literals_in >= MAX_LITERALS || !self.literals_read.insert(at) {
            return;
        }
        self.literals_in += 1;
        let values: Vec<(usize, usize)> = self
            .p
            .split_commas(open + 1, close)
            .into_iter()
            .map(|(s, e)| {
                // `key: value`: the value (the key's `:` outside any bracket).
                let mut k = s;
                while k < e && !self.p.is(k, b":") {
                    k = self.p.past(k);
                }
                (if k < e { k + 1 } else { s }, e)
            })
            .collect();
        self.give_each(&values, Slot::Literal(self.file, at), header);
        self.literals_in -= 1;
    }

    /// Writes that the value of each expression `values` flows into `dst`.
    fn give_each(&mut self, values: &[(usize, usize)], dst: Slot, header: bool) {
        for &(s, e) in values {
            if let Some(src) = self.value_held(s, e, header, 0).1 {
                self.give((src, dst.clone()));
            }
        }
    }

    /// The arguments of the `append` call whose `(` is `open`, given to its slot.
    fn append_flows(&mut self, open: usize, header: bool) {
        let close = self.p.mate[open] as usize;
        if close <= open {
            return;
        }
        let args: Vec<(usize, usize)> = self
            .p
            .split_commas(open + 1, close)
            .into_iter()
            // `append(fs, more...)`: the elements of `more`, which share its slot.
            .map(|(s, e)| {
                (
                    s,
                    if e > s && self.p.is(e - 1, b"...") {
                        e - 1
                    } else {
                        e
                    },
                )
            })
            .collect();
        self.give_each(
            &args,
            Slot::Literal(self.file, self.p.toks[open].start),
            header,
        );
    }

    /// Whether `ty` is a slice, array or map of a function or interface type (its literal's
    /// elements share a slot).
    fn elements_share_a_slot(&self, ty: TyId) -> bool {
        self.t.func_sig(ty).is_none() && !self.iface_like(ty) && self.carries(ty)
    }

    /// The elements of the struct literal of type `ty` whose `{` is `open`, given to its fields
    /// that may hold function values or values of concrete types ([`Walker::carries`]).
    fn literal_flows(&mut self, ty: TyId, open: usize, header: bool) {
        let Some(named) = self.t.named_of(ty) else {
            return;
        };
        let Some(fields) = self.t.struct_of(named) else {
            return;
        };
        if !fields.iter().any(|f| self.carries(f.1)) {
            return;
        }
        let close = self.p.mate[open] as usize;
        if close <= open {
            return;
        }
        let elements = self.p.split_commas(open + 1, close);
        let keyed = elements
            .first()
            .is_some_and(|&(s, _)| self.p.is_name(s) && self.p.is(s + 1, b":"));
        for (k, &(s, e)) in elements.iter().enumerate() {
            // `name: value` names the field (one of its own, or promoted); else the k-th.
            let (field, s) = if keyed {
                if !(self.p.is_name(s) && self.p.is(s + 1, b":")) {
                    continue;
                }
                match self.t.select(named, self.p.text(s)) {
                    Selected::Field(fty, owner) if self.carries(fty) => {
                        (self.slot_of(Held::Field(owner, s)), s + 2)
                    }
                    _ => continue,
                }
            } else {
                match fields.get(k) {
                    Some((Some(name), fty)) if self.carries(*fty) => {
                        (Some(Slot::Field(named, name.clone())), s)
                    }
                    _ => continue,
                }
            };
            if let Some(dst) = field
                && let Some(src) = self.value_held(s, e, header, 0).1
            {
                self.give((src, dst));
            }
        }
    }

    /// Where the right side of a `:=` at `i` ends.
    fn rhs_end(&self, i: usize) -> usize {
        let n = self.p.toks.len();
        let mut j = i + 1;
        while j < n {
            let t = self.p.toks[j];
            match t.kind {
                Kind::Semi | Kind::Close => return j,
                Kind::Open if self.header.is_some_and(|(b, _)| b == j) => return j,
                Kind::Open => j = self.p.past(j),
                Kind::Punct if self.p.is(j, b":") => return j,
                _ => j += 1,
            }
        }
        n
    }

    /// `var a, b T`, `var a = v`, `var ( … )` inside a body.
    fn var_statement(&mut self, i: usize) {
        let end = self.p.statement_end(i);
        let specs: Vec<(usize, usize)> = if self.p.opens(i + 1, b'(') {
            let close = (self.p.mate[i + 1] as usize).min(end);
            let mut v = Vec::new();
            let mut j = i + 2;
            while j < close {
                let e = self.p.statement_end(j).min(close);
                v.push((j, e));
                j = e.max(j + 1);
            }
            v
        } else {
            vec![(i + 1, end)]
        };
        for (a, b) in specs {
            self.var_spec(a, b, end);
        }
    }

    /// One spec `a..b` of a `var` or `const` statement ending at `end`: `x T`, `a, b = v, w`,
    /// its names in scope after `end`, its written type noted.
    fn var_spec(&mut self, a: usize, b: usize, end: usize) {
        let b = if b > a && self.p.toks[b - 1].kind == Kind::Semi {
            b - 1
        } else {
            b
        };
        let mut names = Vec::new();
        let mut j = a;
        while self.p.is_name(j) {
            names.push(self.p.text(j));
            if self.p.is(j + 1, b",") {
                j += 2;
            } else {
                j += 1;
                break;
            }
        }
        let eq = (j..b).find(|&k| self.p.is(k, b"="));
        if let Some(e) = eq
            && self.values
        {
            self.var_eqs.insert(e);
        }
        let written = (j < eq.unwrap_or(b)).then(|| self.p.type_expr(j, eq.unwrap_or(b), 0).0);
        if written.is_some() && self.var_types.len() < MAX_NAMES {
            self.var_types.push((j, eq.unwrap_or(b)));
        }
        let values = eq
            .map(|e| self.p.split_commas(e + 1, b))
            .unwrap_or_default();
        for (k, name) in names.into_iter().enumerate() {
            let (inferred, src) = match values.len() {
                _ if written.is_some() && !self.values => (UNKNOWN, None),
                1 => self.value_held(values[0].0, values[0].1, false, k),
                n if n > k => self.value_held(values[k].0, values[k].1, false, 0),
                _ => (UNKNOWN, None),
            };
            let ty = match &written {
                Some(te) => self.t.resolve_found(self.file, te),
                None => inferred,
            };
            let held = if self.package_level && self.depth == 0 {
                // A package-level variable: its slot is global.
                let dir = self.t.files[self.file as usize].dir;
                let var = lexer::as_str(name)
                    .and_then(|n| self.t.dirs[dir as usize].members.get(n))
                    .and_then(|m| match m {
                        Member::Var(v) => Some(*v),
                        _ => None,
                    });
                if let (Some(v), Some(src)) = (var, src) {
                    self.give((src, Slot::Global(v)));
                }
                Held::None
            } else {
                self.local_slot(ty, src)
            };
            self.pending.push(Pending {
                at: end,
                name,
                ty,
                depth: self.depth,
                held,
            });
        }
    }

    /// `func(a T, b U) R {`: its parameters are known inside.
    fn func_literal(&mut self, i: usize) {
        if !self.p.opens(i + 1, b'(') {
            return;
        }
        let (params, _, results, n) = self.p.signature(i + 1, self.p.toks.len(), 0);
        if !self.p.opens(n, b'{') {
            // A function type: its parameters' and results' names declare nothing here.
            self.signature_names(i + 1);
            return;
        }
        // `func() func() {`: the result's `func` is met too, with the same `{`.
        let end = self.p.mate[n] as usize;
        if self.values && self.literal_ends.last() != Some(&end) {
            self.literal_ends.push(end);
        }
        for prm in params.iter().chain(&results) {
            if let Some(name) = &prm.name {
                let ty = self.t.resolve_found(self.file, &prm.ty);
                // Names borrowed from the source: find the parameter's token text.
                let text = self.find_name(i + 1, n, name.as_bytes());
                if let Some(text) = text
                    && self.env.len() < MAX_NAMES
                {
                    self.env
                        .push(Local::new(text, ty, self.depth + 1, Held::None));
                }
            }
        }
    }

    /// The token text equal to `name` in `a..b` (the source's own bytes).
    fn find_name(&self, a: usize, b: usize, name: &[u8]) -> Option<&'a [u8]> {
        (a..b).map(|k| self.p.text(k)).find(|t| *t == name)
    }

    /// The innermost variable the body declares named as token `i`.
    fn local(&self, i: usize) -> Option<&Local<'a>> {
        let text = self.p.text(i);
        let key = Local::key(text);
        self.env
            .iter()
            .rev()
            .find(|l| l.key == key && l.name == text)
    }

    /// What the name at `i` is.
    fn name(&self, i: usize) -> Val<'a> {
        self.name_held(i).0
    }

    /// What the name at `i` is, and where its value comes from (for the flows).
    fn name_held(&self, i: usize) -> (Val<'a>, Held) {
        let text = self.p.text(i);
        if let Some(l) = self.local(i) {
            return (Val::Ty(l.ty), l.held);
        }
        let ctx = &self.t.files[self.file as usize];
        if let Some(s) = lexer::as_str(text)
            && let Some(m) = std::iter::once(&ctx.dir)
                .chain(&ctx.dots)
                .find_map(|&d| self.t.dirs[d as usize].members.get(s))
        {
            return self.member(*m);
        }
        let v = match ctx.import(text) {
            Some(ImportTarget::Dir(d)) => Val::Pkg(d),
            Some(ImportTarget::External) => Val::ExtPkg,
            None if is_builtin(text) => Val::Builtin,
            None => Val::Unknown,
        };
        (v, Held::None)
    }

    /// A package-level name's value, and where it comes from: a function, a variable's slot.
    fn member(&self, m: Member) -> (Val<'a>, Held) {
        match m {
            Member::Func(f) => (Val::Func(f), Held::Func(f)),
            Member::Type(ty) => (
                Val::TypeName(self.t.find_ty(&TyNode::Named(ty))),
                Held::None,
            ),
            Member::Var(v) => (Val::Ty(self.t.vars[v as usize].ty), Held::Global(v)),
        }
    }

    /// The expression chain at `i` (a name, a composite literal or a slice/map type, then
    /// selectors, calls, indexes, assertions): its value, and the index after it. With
    /// `record`, its calls are recorded.
    fn chain(&mut self, i: usize, header: bool, record: bool) -> (Val<'a>, usize) {
        let (v, j, _) = self.chain_held(i, header, record);
        (v, j)
    }

    /// [`Walker::chain`], and (with `values`) where its value comes from.
    fn chain_held(&mut self, i: usize, header: bool, record: bool) -> (Val<'a>, usize, Held) {
        let n = self.p.toks.len();
        let mut held = Held::None;
        // After a method expression `T.M`, which takes the receiver first: its arguments are
        // not its parameters.
        let mut method_expr = false;
        // A literal type written here (`[]func(…) error{…}`) of function values, known even
        // when the index has no node for the type.
        let mut funcs_written = false;
        // After `x.M` on a value of interface type read from a slot: that slot, and `M`.
        let mut receiver: Option<(Held, usize)> = None;
        // After `x.M` on a value of type `error`: `M`.
        let mut error_method: Option<usize> = None;
        let (mut v, mut j) = if self.p.is_name(i) {
            let (v, h) = self.name_held(i);
            held = h;
            if record && matches!(v, Val::Unknown) {
                // The package's own name, else one of a package imported with `.`.
                let text = self.p.text(i);
                let dir =
                    lexer::as_str(text).and_then(|n| self.t.elsewhere_named(self.file, None, n));
                if let Some(d) = dir
                    && i >= self.quiet_until
                    && !self.declared_here(i)
                {
                    self.broken(d, text, self.p.toks[i].line);
                    self.quiet_literal_arguments(i + 1);
                }
            }
            (v, i + 1)
        } else if self.p.is(i, b"[") || self.p.is(i, b"map") {
            let (te, after) = self.p.type_expr(i, n, 0);
            if self.values
                && let super::shapes::TypeExpr::Slice(x) | super::shapes::TypeExpr::Map(x) = &te
            {
                funcs_written = matches!(**x, super::shapes::TypeExpr::Func { .. }) || {
                    let elem = self.t.resolve_found(self.file, x);
                    self.t.func_sig(elem).is_some() || (elem != EXTERNAL && self.iface_like(elem))
                };
            }
            (Val::TypeName(self.t.resolve_found(self.file, &te)), after)
        } else {
            return (Val::Unknown, i + 1, Held::None);
        };
        while j < n {
            let t = self.p.toks[j];
            match t.kind {
                Kind::Punct if self.p.is(j, b".") => {
                    if self.p.is_name(j + 1) {
                        let (was, held_before) = (v, held);
                        let selected;
                        (v, selected) = self.select(v, j + 1);
                        // A method expression `T.M` is no value of the flows.
                        held = match was {
                            Val::TypeName(_) => Held::None,
                            _ => selected,
                        };
                        if self.values {
                            method_expr = matches!(was, Val::TypeName(_));
                            receiver = match self.first(was) {
                                Val::Ty(ty) if self.iface_like(ty) => Some((held_before, j + 1)),
                                _ => None,
                            };
                            error_method = match self.first(was) {
                                Val::Ty(ty) if self.is_error(ty) => Some(j + 1),
                                _ => None,
                            };
                        }
                        if let (true, Val::Pkg(d), Val::Unknown) = (record, was, v)
                            && i >= self.quiet_until
                        {
                            self.broken(d, self.p.text(j + 1), self.p.toks[j + 1].line);
                            self.quiet_literal_arguments(j + 2);
                        }
                        j += 2;
                    } else if self.p.opens(j + 1, b'(') {
                        let close = self.p.mate[j + 1] as usize;
                        let (te, _) = self.p.type_expr(j + 2, close, 0);
                        v = Val::Ty(self.t.resolve_found(self.file, &te));
                        held = Held::None;
                        receiver = None;
                        error_method = None;
                        j = self.p.past(j + 1);
                    } else {
                        break;
                    }
                }
                Kind::Open => match self.p.src[t.start as usize] {
                    b'(' => {
                        let append = self.values
                            && j == i + 1
                            && matches!(v, Val::Builtin)
                            && self.p.is(i, b"append");
                        if record {
                            self.record(v, t, held);
                            if let Some((r, name)) = receiver {
                                self.type_site(r, name, t);
                            }
                            if let Some(name) = error_method
                                && self.from < DETACHED
                                && let Some(name) = lexer::as_str(self.p.text(name))
                            {
                                let site = (self.from, t.line, t.start, name.into());
                                self.out.flows.error_sites.push(site);
                            }
                            if self.values && !method_expr {
                                self.argument_flows(v, j, header);
                            }
                            if append {
                                self.append_flows(j, header);
                            }
                        }
                        held = match self.first(v) {
                            _ if !self.values || method_expr => Held::None,
                            _ if append => Held::Lit(t.start),
                            Val::Func(f) | Val::Method(f) => Held::CallOf(f),
                            Val::Iface(..) => Held::SiteCall(t.start),
                            _ => Held::None,
                        };
                        method_expr = false;
                        receiver = None;
                        error_method = None;
                        v = self.call(v);
                        j = self.p.past(j);
                    }
                    b'[' => {
                        let before = v;
                        receiver = None;
                        error_method = None;
                        v = self.index(v);
                        // Type arguments keep the function; an element of a container of
                        // function values is read from the container's slot.
                        held = match before {
                            Val::Func(_) | Val::Method(_) | Val::TypeName(_) => held,
                            _ if self.values && self.carries(self.single(v)) => held,
                            _ => Held::None,
                        };
                        j = self.p.past(j);
                    }
                    b'{' if matches!(v, Val::TypeName(_))
                        && (!header || self.composite_brace(j)) =>
                    {
                        held = Held::None;
                        if let Val::TypeName(ty) = v {
                            if self.values && (funcs_written || self.elements_share_a_slot(ty)) {
                                // Whether or not calls are recorded: the walk starts no
                                // chain at `[` or `map`, so this may be the only time the
                                // literal is read (its flows written twice are one).
                                self.element_flows(j, header);
                                held = Held::Lit(t.start);
                            } else if record && self.values {
                                self.literal_flows(ty, j, header);
                            }
                            v = Val::Ty(ty);
                        }
                        j = self.p.past(j);
                    }
                    _ => break,
                },
                _ => break,
            }
        }
        (v, j, held)
    }

    /// Whether the name at `i` is one being declared or a label, not a reference: a key or a
    /// label (`X:`), a name of the left side of `:=`, a name a `var`/`const`/`type` declares,
    /// the label of `break`/`continue`/`goto`.
    fn declared_here(&self, i: usize) -> bool {
        if self.members.contains(&i) {
            return true;
        }
        if self.p.is(i + 1, b":") {
            return self.key_or_label(i);
        }
        let prev = i.wrapping_sub(1);
        if [
            &b"var"[..],
            b"const",
            b"type",
            b"break",
            b"continue",
            b"goto",
        ]
        .iter()
        .any(|k| self.p.is(prev, k))
        {
            return true;
        }
        // `a, b := …` and `var a, b T`: along the list of names.
        let mut j = i;
        loop {
            if self.p.is(j + 1, b":=") {
                return true;
            }
            if !self.p.is(j + 1, b",") || !self.p.is_name(j + 2) {
                break;
            }
            j += 2;
        }
        let mut k = i;
        while k >= 2 && self.p.is(k - 1, b",") && self.p.is_name(k - 2) {
            k -= 2;
        }
        k != i
            && [&b"var"[..], b"const"]
                .iter()
                .any(|w| self.p.is(k.wrapping_sub(1), w))
    }

    /// After a missing name, at `at`: when type arguments follow in a type — of a composite
    /// literal (`G[U]{`) or of a `var` (`var x G[U]`) — they are not looked at, as Go does not.
    fn quiet_literal_arguments(&mut self, at: usize) {
        let typed = || {
            self.p.opens(self.p.past(at), b'{')
                || self.var_types.iter().any(|&(a, b)| at >= a && at < b)
        };
        if self.p.opens(at, b'[') && typed() {
            self.quiet_until = self.quiet_until.max(self.p.past(at));
        }
    }

    /// Notes the parameters' and named results' names of the signature whose `(` is at
    /// `open` (of a function type or an interface's method): not references.
    fn signature_names(&mut self, open: usize) {
        if !self.p.opens(open, b'(') {
            return;
        }
        let close = self.p.mate[open] as usize;
        self.members.extend(
            self.p
                .param_name_tokens(open + 1, close.min(self.p.toks.len())),
        );
        if self.p.opens(close + 1, b'(') {
            let end = self.p.mate[close + 1] as usize;
            self.members.extend(
                self.p
                    .param_name_tokens(close + 2, end.min(self.p.toks.len())),
            );
        }
    }

    /// Notes the field names of the struct type, or the method names of the interface type,
    /// written at `i` (`struct{ a, b T; E }`, `interface{ M(); E }`): embedded types are
    /// references, these are not.
    fn member_names(&mut self, i: usize) {
        let close = (self.p.mate[i + 1] as usize).min(self.p.toks.len());
        let is_struct = self.p.is(i, b"struct");
        let mut j = i + 2;
        while j < close {
            // One field or method: up to its `;` (brackets stepped over).
            let mut e = j;
            while e < close && self.p.toks[e].kind != Kind::Semi {
                e = self.p.past(e);
            }
            let line_end = e;
            // A field's tag is no part of its type.
            if is_struct && e > j && matches!(self.p.toks[e - 1].kind, Kind::Str | Kind::RawStr) {
                e -= 1;
            }
            if is_struct {
                let mut names = Vec::new();
                let mut k = j;
                while self.p.is_name(k) && self.p.is(k + 1, b",") {
                    names.push(k);
                    k += 2;
                }
                // `name Type` (not an embedded `T`, `pkg.T`, `T[A]` alone).
                let typed = self.p.is_name(k)
                    && k + 1 < e
                    && !self.p.is(k + 1, b".")
                    && !(self.p.opens(k + 1, b'[') && self.p.past(k + 1) >= e);
                if typed {
                    names.push(k);
                    self.members.extend(names);
                }
            } else if self.p.is_name(j) && self.p.opens(j + 1, b'(') {
                self.members.insert(j);
                self.signature_names(j + 1);
            }
            j = line_end + 1;
        }
    }

    /// Whether the name at `i`, before a `:`, is a label or a struct literal's field name rather
    /// than an expression: of a `case` list, an index of a slice expression (`a[lo:hi]`), a
    /// key of an array, slice or map literal whose type is written (`[]T{k: v}`,
    /// `map[K]V{k: v}`). Read back from `i` to the start of its statement or element list.
    fn key_or_label(&self, i: usize) -> bool {
        // The answer from a `,` back is the same for every name after it: the last scan's
        // is kept, so that the keys of one long literal are read in one pass, not one each.
        let mut first_comma = None;
        let (mut comma, mut colon) = (false, false);
        let mut j = i;
        let answer = loop {
            if j == 0 {
                break true;
            }
            j -= 1;
            let t = self.p.toks[j];
            match t.kind {
                Kind::Close => {
                    let open = self.p.mate[j] as usize;
                    if open >= j {
                        break true;
                    }
                    j = open;
                }
                Kind::Open => {
                    break match self.p.src[t.start as usize] {
                        b'{' => (colon && !comma) || !self.expression_keys(j),
                        _ => false,
                    };
                }
                Kind::Semi => break true,
                Kind::Ident if self.p.is(j, b"case") => break colon,
                Kind::Ident if self.p.is(j, b"default") => break true,
                Kind::Punct if self.p.is(j, b",") && !colon => {
                    if let Some((at, known)) = self.after_comma.get()
                        && at == j
                    {
                        break known;
                    }
                    first_comma.get_or_insert(j);
                    comma = true;
                }
                // After `case x:` a statement starts (a label); after `k: v,` a key.
                Kind::Punct if self.p.is(j, b":") && !comma => colon = true,
                _ => {}
            }
        };
        if let Some(at) = first_comma {
            self.after_comma.set(Some((at, answer)));
        }
        answer
    }

    /// Whether the elements of the composite literal opened at `brace` have expressions for
    /// keys: its type is an array, slice or map — written (`[]T{`, `map[K]V{`), named
    /// (`M{` with a map, slice or array underneath), or elided inside such a literal
    /// (`[][]int{{k: v}}`, `map[string][]int{"a": {k: v}}`). A struct type, an unknown type or
    /// a block say no.
    fn expression_keys(&self, brace: usize) -> bool {
        // Climb from an elided type to the literal that writes one, noting at each step
        // whether the element is a map's key.
        let mut steps: Vec<bool> = Vec::new();
        let mut at = brace;
        let (first, end) = loop {
            match self.written_type(at) {
                Written::Type(first) => break (first, at),
                Written::Block => return false,
                Written::Elided => {}
            }
            if steps.len() >= MAX_ELIDED {
                return false;
            }
            let prev = at.wrapping_sub(1);
            let as_key = !self.p.is(prev, b":");
            if !(self.p.is(prev, b":") || self.p.is(prev, b",") || self.p.opens(prev, b'{')) {
                return false;
            }
            let Some(outer) = self.enclosing_brace(at) else {
                return false;
            };
            steps.push(as_key);
            at = outer;
        };
        // Down again, element by element, through the written type's tokens.
        let (mut s, e) = (first, end);
        for &as_key in steps.iter().rev() {
            let Some(next) = self.element_type(s, e, as_key) else {
                return false;
            };
            s = next;
        }
        while self.p.is(s, b"*") {
            s += 1;
        }
        if self.p.is(s, b"[") || self.p.is(s, b"map") {
            return true;
        }
        // A named type (`M{k: v}`, `pkg.M{k: v}`) that is a map, slice or array underneath.
        let v = if s + 1 == e {
            self.name(s)
        } else if s + 3 == e && self.p.is(s + 1, b".") {
            self.select(self.name(s), s + 2).0
        } else {
            return false;
        };
        matches!(v, Val::TypeName(ty) if self.t.indexed(ty))
    }

    /// What stands before the `{` at `brace`: a type (its first token), nothing that can be
    /// a type (an elided type, inside another literal), or an expression (a block's brace).
    fn written_type(&self, brace: usize) -> Written {
        let mut first = None;
        let mut k = brace;
        while k > 0 {
            let p = k - 1;
            let t = self.p.toks[p];
            let part = match t.kind {
                Kind::Ident => {
                    self.p.is_name(p)
                        || [&b"map"[..], b"chan", b"struct", b"interface", b"func"]
                            .iter()
                            .any(|w| self.p.is(p, w))
                }
                Kind::Punct => self.p.is(p, b".") || self.p.is(p, b"*") || self.p.is(p, b"<-"),
                Kind::Close => {
                    let open = self.p.mate[p] as usize;
                    if open >= p {
                        break;
                    }
                    // `)` closes a type only after `func`, `}` only after `struct` or
                    // `interface`: else the brace follows an expression (`range []byte(s) {`,
                    // `for range [3]int{} {`), and opens a block.
                    let before = open.wrapping_sub(1);
                    let typed = match self.p.src[self.p.toks[p].start as usize] {
                        b')' => self.p.is(before, b"func"),
                        b'}' => self.p.is(before, b"struct") || self.p.is(before, b"interface"),
                        _ => true,
                    };
                    if !typed {
                        return Written::Block;
                    }
                    first = Some(open);
                    k = open;
                    continue;
                }
                _ => false,
            };
            if !part {
                break;
            }
            first = Some(p);
            k = p;
        }
        first.map_or(Written::Elided, Written::Type)
    }

    /// The `{` of the literal whose element starts at `at`, stepping back over the elements
    /// before it; `None` when another bracket encloses it.
    fn enclosing_brace(&self, at: usize) -> Option<usize> {
        // As in `key_or_label`: the answer from a `,` back is the last scan's.
        let mut first_comma = None;
        let mut j = at;
        let answer = loop {
            if j == 0 {
                break None;
            }
            j -= 1;
            match self.p.toks[j].kind {
                Kind::Close => {
                    let open = self.p.mate[j] as usize;
                    if open >= j {
                        break None;
                    }
                    j = open;
                }
                Kind::Open => break self.p.opens(j, b'{').then_some(j),
                Kind::Semi => break None,
                Kind::Punct if self.p.is(j, b",") => {
                    if let Some((c, known)) = self.brace_after_comma.get()
                        && c == j
                    {
                        break known;
                    }
                    first_comma.get_or_insert(j);
                }
                _ => {}
            }
        };
        if let Some(c) = first_comma {
            self.brace_after_comma.set(Some((c, answer)));
        }
        answer
    }

    /// Where the element type of the type written in tokens `s..e` starts: after `[]`,
    /// `[N]` or `[...]`; a map's value after `map[K]`, or its key `K` when `as_key` (an
    /// element before any `:`; an array's or slice's elements are values either way). `None`
    /// for any other type.
    fn element_type(&self, mut s: usize, e: usize, as_key: bool) -> Option<usize> {
        while self.p.is(s, b"*") {
            s += 1;
        }
        let close = |open: usize| -> Option<usize> {
            let c = self.p.mate[open] as usize;
            (c > open && c < e).then_some(c)
        };
        if self.p.opens(s, b'[') {
            return close(s).map(|c| c + 1);
        }
        if self.p.is(s, b"map") && self.p.opens(s + 1, b'[') {
            let c = close(s + 1)?;
            return Some(if as_key { s + 2 } else { c + 1 });
        }
        None
    }

    /// Notes a reference to `name` of package `dir`, a break when the package declares it
    /// only on other platforms.
    fn broken(&mut self, dir: u32, name: &[u8], line: u32) {
        let Some(name) = lexer::as_str(name) else {
            return;
        };
        if self.t.dirs[dir as usize].elsewhere.contains(name) && self.from != u32::MAX {
            self.out.breaks.push(Break {
                line,
                dir,
                name: compact_str::CompactString::new(name),
            });
        }
    }

    /// What selector `.name` (token `tok`) on `v` is, and where its value comes from (for the
    /// flows: a method value, a package's function or variable, a field's slot).
    fn select(&self, v: Val<'a>, tok: usize) -> (Val<'a>, Held) {
        let name = self.p.text(tok);
        let v = self.first(v);
        match v {
            Val::Pkg(d) => {
                match lexer::as_str(name).and_then(|s| self.t.dirs[d as usize].members.get(s)) {
                    Some(m) => self.member(*m),
                    None => (Val::Unknown, Held::None),
                }
            }
            Val::ExtPkg | Val::External => (Val::External, Held::None),
            Val::Ty(ty) | Val::TypeName(ty) => {
                if ty == EXTERNAL {
                    return (Val::External, Held::None);
                }
                let Some(named) = self.t.named_of(ty) else {
                    return (Val::Unknown, Held::None);
                };
                match self.t.select(named, name) {
                    Selected::Method(f) => (Val::Method(f), Held::Func(f)),
                    Selected::Iface(_, sig) => (Val::Iface(sig, named), Held::None),
                    Selected::Field(fty, owner) => (Val::Ty(fty), Held::Field(owner, tok)),
                    Selected::External => (Val::External, Held::None),
                    Selected::None => (Val::Unknown, Held::None),
                }
            }
            _ => (Val::Unknown, Held::None),
        }
    }

    fn call(&self, v: Val<'a>) -> Val<'a> {
        match self.first(v) {
            Val::Func(f) | Val::Method(f) => Val::Results(f),
            Val::Iface(sig, _) => Val::IfaceResults(sig),
            Val::TypeName(ty) => Val::Ty(ty),
            Val::Ty(ty) if self.t.func_sig(ty).is_some() => Val::FuncResults(ty),
            Val::Ty(EXTERNAL) => Val::External,
            Val::Ty(_) => Val::Unknown,
            Val::External | Val::ExtPkg => Val::External,
            _ => Val::Unknown,
        }
    }

    fn index(&self, v: Val<'a>) -> Val<'a> {
        match v {
            // Type arguments.
            Val::Func(_) | Val::Method(_) | Val::TypeName(_) => v,
            Val::Ty(ty) => match self.t.tys.get(ty as usize) {
                Some(TyNode::Slice(x) | TyNode::Map(x)) => Val::Ty(*x),
                Some(TyNode::External) => Val::External,
                _ => Val::Unknown,
            },
            Val::External => Val::External,
            _ => Val::Unknown,
        }
    }

    /// A single value: the first result of a call.
    fn first(&self, v: Val<'a>) -> Val<'a> {
        match v {
            Val::Results(_) | Val::IfaceResults(_) | Val::FuncResults(_) => Val::Ty(self.nth(v, 0)),
            v => v,
        }
    }

    fn single(&self, v: Val<'a>) -> TyId {
        self.nth(v, 0)
    }

    /// The type of value `k` of `v`.
    fn nth(&self, v: Val<'a>, k: usize) -> TyId {
        match v {
            Val::Results(f) => self.t.funcs[f as usize]
                .results
                .get(k)
                .map_or(UNKNOWN, |r| r.1),
            Val::IfaceResults(sig) => sig.result_types.get(k).copied().unwrap_or(UNKNOWN),
            Val::FuncResults(ty) => self
                .t
                .func_sig(ty)
                .and_then(|(_, r)| r.get(k).copied())
                .unwrap_or(UNKNOWN),
            Val::Ty(ty) if k == 0 => ty,
            Val::External if k == 0 => EXTERNAL,
            _ => UNKNOWN,
        }
    }

    /// Records the call whose `(` is `t`, of `v`, held in `held`.
    fn record(&mut self, v: Val<'a>, t: Token, held: Held) {
        let from = self.from;
        let edge = |to, how| Edge {
            from,
            to,
            line: t.line,
            at: t.start,
            how,
        };
        // A call of a call's single result (`route.Handler()(…)`) calls that value.
        let v = self.first(v);
        // A call of a variable of unknown type read from a slot (`var copyDir = dirCopy`) is
        // one too: it gets edges if functions flow there.
        let slot = match v {
            Val::Ty(ty) if self.values && ty != EXTERNAL && from < DETACHED => {
                match self.src_of(held, 0) {
                    Some(Src::Slot(s)) => Some(s),
                    _ => None,
                }
            }
            _ => None,
        };
        let out = &mut *self.out;
        let c = &mut out.counts;
        match v {
            Val::Func(f) | Val::Method(f) => {
                c.static_calls += 1;
                if from != u32::MAX {
                    out.edges.push(edge(f, How::Static));
                }
            }
            Val::Iface(sig, iface) => out.iface_sites.push(IfaceSite {
                from,
                iface,
                name: sig.name.clone(),
                line: t.line,
                at: t.start,
            }),
            Val::TypeName(_) | Val::Builtin => c.builtin += 1,
            Val::External | Val::ExtPkg => c.external += 1,
            Val::Ty(ty) if ty == EXTERNAL => c.external += 1,
            Val::Ty(ty) if ty != UNKNOWN || slot.is_some() => {
                if ty == UNKNOWN {
                    c.unresolved += 1;
                } else {
                    c.dynamic += 1;
                }
                if let Some(slot) = slot {
                    out.flows.value_sites.push(ValueSite {
                        from,
                        line: t.line,
                        at: t.start,
                        slot,
                    });
                }
            }
            _ => c.unresolved += 1,
        }
    }
}

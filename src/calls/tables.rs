//! The index the call graph resolves against: every package built on the target, its
//! package-level names, its types (fields, methods, interface method sets) and its functions'
//! signatures, with every written type resolved to a [`TyId`].
//!
//! Import paths name directories through go.mod's module path, or `vendor/PATH` (docs/RULES.md
//! §7). A type of a package outside the tree is [`TyNode::External`]: calls on it are external,
//! never unresolved, never guessed.

use std::sync::OnceLock;

/// The maps of the index: many small keys looked up per token of every body.
pub use crate::hash::{HashMap, HashSet};

use compact_str::CompactString;

use super::shapes::{FileShapes, TypeExpr, TypeShape};

/// A resolved type, by its index in [`Tables::tys`].
pub type TyId = u32;
/// What nothing is known of.
pub const UNKNOWN: TyId = 0;
/// A type of a package outside the tree.
pub const EXTERNAL: TyId = 1;

/// A resolved type.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TyNode {
    /// Not known.
    Unknown,
    /// Declared outside the tree.
    External,
    /// A type of the tree, by its index in [`Tables::types`].
    Named(u32),
    /// `*T`.
    Ptr(TyId),
    /// `[]T`.
    Slice(TyId),
    /// `map[K]V`.
    Map(TyId),
    /// `chan T`.
    Chan(TyId),
    /// `func(P…) (R…)`.
    Func {
        /// The parameters' types.
        params: Box<[TyId]>,
        /// The results' types.
        results: Box<[TyId]>,
    },
    /// A predeclared type (`string`, `error`, `int`…).
    Basic(CompactString),
}

/// A package-level name of a package.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Member {
    /// A function, by its index in [`Tables::funcs`].
    Func(u32),
    /// A type, by its index in [`Tables::types`].
    Type(u32),
    /// A variable, by its index in [`Tables::vars`].
    Var(u32),
}

/// A package (one directory).
#[derive(Debug, Default)]
pub struct Dir {
    /// Its path relative to the root (`.` for the root).
    pub path: String,
    /// Its package name.
    pub package: String,
    /// Its package-level names.
    pub members: HashMap<CompactString, Member>,
    /// Package-level names it declares on another compared platform but not on the target:
    /// a reference to one from code built on the target is a build break (docs/RULES.md §9).
    pub elsewhere: HashSet<CompactString>,
}

/// What a type is.
#[derive(Debug)]
pub enum TypeKind {
    /// A struct: its fields (`None`: embedded).
    Struct(Vec<(Option<CompactString>, TyId)>),
    /// An interface: its own methods and what it embeds.
    Interface {
        /// Methods: name, parameters, results and their types.
        methods: Vec<IfaceSig>,
        /// Embedded types.
        embeds: Vec<TyId>,
    },
    /// Another underlying type (or, for an alias, the type it names).
    Other(TyId),
}

/// A method of an interface.
#[derive(Debug, Clone)]
pub struct IfaceSig {
    /// The name.
    pub name: CompactString,
    /// Parameter count.
    pub params: u16,
    /// Result count.
    pub results: u16,
    /// Result types.
    pub result_types: Vec<TyId>,
    /// Parameter types.
    pub param_types: Vec<TyId>,
}

/// A type of the tree.
#[derive(Debug)]
pub struct TypeInfo {
    /// Its package.
    pub dir: u32,
    /// Its name.
    pub name: CompactString,
    /// `type A = B`.
    pub alias: bool,
    /// What it is.
    pub kind: TypeKind,
    /// Its declared methods (receiver `T` or `*T`), by name.
    pub methods: Vec<(CompactString, u32)>,
}

/// A function or method of the tree.
#[derive(Debug)]
pub struct FuncInfo {
    /// Its package.
    pub dir: u32,
    /// The file declaring it (index into the graph's files).
    pub file: u32,
    /// The receiver's type name, for a method (empty for a function).
    pub receiver: CompactString,
    /// The name.
    pub name: CompactString,
    /// The receiver's name and type.
    pub recv: Option<(Option<CompactString>, TyId)>,
    /// Parameters: names and types.
    pub params: Vec<(Option<CompactString>, TyId)>,
    /// Named results (names and types) and all result types.
    pub results: Vec<(Option<CompactString>, TyId)>,
    /// The body's byte range between the braces, and its line.
    pub body: Option<(u32, u32, u32)>,
    /// Line of the name.
    pub line: u32,
    /// Its type parameters' names and its receiver type's (`[T any]`, `(s *Set[T])`): in its
    /// body they name no package-level type.
    pub type_params: Box<[CompactString]>,
}

/// A package-level variable.
#[derive(Debug)]
pub struct VarInfo {
    /// Its file.
    pub file: u32,
    /// Its type, once known.
    pub ty: TyId,
    /// The initializer to infer it from: its text and line.
    pub value: Option<(Box<[u8]>, u32)>,
}

/// What an import name of a file refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportTarget {
    /// A package of the tree.
    Dir(u32),
    /// A package outside it.
    External,
}

/// One file of the graph: its package and its import names.
#[derive(Debug)]
pub struct FileCtx {
    /// Path relative to the root.
    pub rel: String,
    /// Its package.
    pub dir: u32,
    /// Import names, in source order.
    pub imports: Vec<(CompactString, ImportTarget)>,
    /// The in-tree packages it imports with `.`, in source order.
    pub dots: Vec<u32>,
    /// The in-tree packages it imports with `_` (linked into the program for their `init`).
    pub blanks: Vec<u32>,
}

impl FileCtx {
    /// What import name `q` refers to.
    pub fn import(&self, q: &[u8]) -> Option<ImportTarget> {
        self.imports
            .iter()
            .find(|(n, _)| n.as_bytes() == q)
            .map(|&(_, t)| t)
    }
}

/// The index.
#[derive(Debug, Default)]
pub struct Tables {
    /// Packages.
    pub dirs: Vec<Dir>,
    /// Types.
    pub types: Vec<TypeInfo>,
    /// Functions and methods.
    pub funcs: Vec<FuncInfo>,
    /// Variables.
    pub vars: Vec<VarInfo>,
    /// Resolved types.
    pub tys: Vec<TyNode>,
    intern: HashMap<TyNode, TyId>,
    /// Files.
    pub files: Vec<FileCtx>,
    /// Concrete types with methods or embedded fields: those that may implement an interface.
    pub concrete: Vec<u32>,
    /// Per type, once asked: the concrete types implementing it (interfaces only).
    implementers: Vec<OnceLock<Vec<u32>>>,
    /// Per method name: the concrete types with a method of that name, declared or promoted
    /// (the candidates [`Tables::implementers`] checks).
    by_method: HashMap<CompactString, Vec<u32>>,
    /// Per package: the packages no other imports ("tops": commands, and libraries for
    /// others) whose imports reach it, as a bit set. Two packages can meet in one program only
    /// when some top reaches both.
    tops: Vec<Vec<u64>>,
}

/// One file given to [`Tables::build`].
pub struct FileInput<'a> {
    /// Path relative to the root.
    pub rel: &'a str,
    /// Its directory.
    pub dir: &'a str,
    /// Its package name.
    pub package: &'a str,
    /// Its shapes (imports included), let go once the index has read them.
    pub shapes: Option<std::sync::Arc<FileShapes>>,
}

/// A package's names declared only on platforms other than the target (its directory, its
/// package name, the names).
pub struct Elsewhere {
    /// The directory.
    pub dir: String,
    /// The package name.
    pub package: String,
    /// The names.
    pub names: Vec<CompactString>,
}

/// Go's predeclared identifiers that are functions or types.
pub fn is_builtin(name: &[u8]) -> bool {
    matches!(
        name,
        b"append"
            | b"cap"
            | b"clear"
            | b"close"
            | b"complex"
            | b"copy"
            | b"delete"
            | b"imag"
            | b"len"
            | b"make"
            | b"max"
            | b"min"
            | b"new"
            | b"panic"
            | b"print"
            | b"println"
            | b"real"
            | b"recover"
            | b"bool"
            | b"byte"
            | b"complex64"
            | b"complex128"
            | b"error"
            | b"float32"
            | b"float64"
            | b"int"
            | b"int8"
            | b"int16"
            | b"int32"
            | b"int64"
            | b"rune"
            | b"string"
            | b"uint"
            | b"uint8"
            | b"uint16"
            | b"uint32"
            | b"uint64"
            | b"uintptr"
            | b"any"
            | b"comparable"
    )
}

/// The name a package is imported by when no alias is written: the path's last element, less
/// a major version (`gopkg.in/yaml.v3` → `yaml`, `…/v2` → the element before).
pub fn default_import_name(path: &str) -> &str {
    let mut parts = path.rsplit('/');
    let last = parts.next().unwrap_or(path);
    let is_major = |s: &str| {
        s.strip_prefix('v')
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    if is_major(last)
        && let Some(prev) = parts.next()
    {
        return prev;
    }
    match last.rsplit_once('.') {
        Some((name, v)) if is_major(v) => name,
        _ => last,
    }
}

impl Tables {
    /// Builds the index of the files (non-test files built on the target).
    pub fn build(
        mut files: Vec<FileInput>,
        elsewhere: &[Elsewhere],
        module: Option<&str>,
    ) -> Tables {
        // The tables' sizes at most, known before: grown by doubling instead, they were copied
        // and faulted in again and again (a tenth of this function's time in perf samples).
        let count = |n: fn(&FileShapes) -> usize| -> usize {
            files
                .iter()
                .filter_map(|f| f.shapes.as_deref())
                .map(n)
                .sum()
        };
        let (n_types, n_funcs, n_vars) = (
            count(|s| s.types.len()),
            count(|s| s.funcs.len()),
            count(|s| s.vars.len()),
        );
        let mut t = Tables {
            tys: vec![TyNode::Unknown, TyNode::External],
            types: Vec::with_capacity(n_types),
            funcs: Vec::with_capacity(n_funcs),
            vars: Vec::with_capacity(n_vars),
            files: Vec::with_capacity(files.len()),
            ..Default::default()
        };
        t.intern.insert(TyNode::Unknown, UNKNOWN);
        t.intern.insert(TyNode::External, EXTERNAL);
        // Packages, and the import paths naming them.
        let mut dir_index: HashMap<&str, u32> = HashMap::default();
        for f in &files {
            dir_index.entry(f.dir).or_insert_with(|| {
                t.dirs.push(Dir {
                    path: f.dir.to_string(),
                    package: f.package.to_string(),
                    ..Default::default()
                });
                (t.dirs.len() - 1) as u32
            });
        }
        // Packages with names only elsewhere (some with no file built on the target at all).
        for e in elsewhere {
            let d = *dir_index.entry(e.dir.as_str()).or_insert_with(|| {
                t.dirs.push(Dir {
                    path: e.dir.to_string(),
                    package: e.package.to_string(),
                    ..Default::default()
                });
                (t.dirs.len() - 1) as u32
            });
            t.dirs[d as usize].elsewhere.extend(e.names.iter().cloned());
        }
        let mut by_import: HashMap<String, u32> = HashMap::default();
        for (i, d) in t.dirs.iter().enumerate() {
            if let Some(m) = module {
                let p = match d.path.as_str() {
                    "." => m.to_string(),
                    p => format!("{m}/{p}"),
                };
                by_import.insert(p, i as u32);
            }
            if let Some(v) = d.path.strip_prefix("vendor/") {
                let own = module.is_some_and(|m| {
                    v == m || v.strip_prefix(m).is_some_and(|r| r.starts_with('/'))
                });
                if !own {
                    by_import.entry(v.to_string()).or_insert(i as u32);
                }
            }
        }
        // Files and their import names.
        for f in &files {
            let dir = dir_index[f.dir];
            let imports = f
                .shapes
                .iter()
                .flat_map(|s| s.imports.iter())
                .filter(|i| i.path != "C")
                .filter_map(|i| {
                    let target = by_import.get(&i.path).copied();
                    let name = match i.name.as_deref() {
                        Some("_" | ".") => return None,
                        Some(n) => CompactString::new(n),
                        None => match target {
                            Some(d) => CompactString::new(&t.dirs[d as usize].package),
                            None => CompactString::new(default_import_name(&i.path)),
                        },
                    };
                    Some((
                        name,
                        target.map_or(ImportTarget::External, ImportTarget::Dir),
                    ))
                })
                .collect();
            // The in-tree packages imported as `name`.
            let imported_as = |name: &str| -> Vec<u32> {
                f.shapes
                    .iter()
                    .flat_map(|s| s.imports.iter())
                    .filter(|i| i.name.as_deref() == Some(name))
                    .filter_map(|i| by_import.get(&i.path).copied())
                    .collect()
            };
            t.files.push(FileCtx {
                rel: f.rel.to_string(),
                dir,
                imports,
                // `import . "path"`: the package's names are the file's own.
                dots: imported_as("."),
                blanks: imported_as("_"),
            });
        }
        // Names: types first (a signature may name any type of its package).
        // Each with its type parameters' names, which hide the package's types inside it.
        let mut declared: Vec<(u32, &TypeShape, &[CompactString], u32)> =
            Vec::with_capacity(n_types);
        for (fi, f) in files.iter().enumerate() {
            let dir = t.files[fi].dir;
            for ty in f.shapes.iter().flat_map(|s| &s.types) {
                let idx = t.types.len() as u32;
                let members = &mut t.dirs[dir as usize].members;
                if members.contains_key(&ty.name) || ty.name == "_" {
                    continue;
                }
                members.insert(ty.name.clone(), Member::Type(idx));
                t.types.push(TypeInfo {
                    dir,
                    name: ty.name.clone(),
                    alias: ty.alias,
                    kind: TypeKind::Other(UNKNOWN),
                    methods: Vec::new(),
                });
                declared.push((fi as u32, &ty.shape, &ty.local_names[..], idx));
                let named = t.ty(TyNode::Named(idx));
                t.ty(TyNode::Ptr(named));
            }
        }
        // Types' insides, now that every name is known.
        for (fi, shape, tp, idx) in declared {
            let kind = match shape {
                TypeShape::Struct(fields) => TypeKind::Struct(
                    fields
                        .iter()
                        .map(|fl| (fl.name.clone(), t.resolve(fi, &fl.ty, tp)))
                        .collect(),
                ),
                TypeShape::Interface { methods, embeds } => TypeKind::Interface {
                    methods: methods
                        .iter()
                        .map(|m| IfaceSig {
                            name: m.name.clone(),
                            params: m.params,
                            results: m.results,
                            result_types: m
                                .result_types
                                .iter()
                                .map(|r| t.resolve(fi, r, tp))
                                .collect(),
                            param_types: m
                                .param_types
                                .iter()
                                .map(|r| t.resolve(fi, r, tp))
                                .collect(),
                        })
                        .collect(),
                    embeds: embeds.iter().map(|e| t.resolve(fi, e, tp)).collect(),
                },
                TypeShape::Other(e) => TypeKind::Other(t.resolve(fi, e, tp)),
            };
            t.types[idx as usize].kind = kind;
        }
        // Functions and methods, then variables, file by file: a file's shapes are let go
        // once read, freed on a thread of their own while this one goes on: freeing them
        // was a third of this loop's instructions (callgrind, moby with vendor). Without that
        // thread, each is freed here. They go in batches: a send per file woke that thread
        // 8,000 times (thousands of context switches on two cores).
        const BATCH: usize = 512;
        let (drop_tx, drop_rx) = std::sync::mpsc::channel::<Vec<std::sync::Arc<FileShapes>>>();
        let dropper = std::thread::Builder::new()
            .name("winparity-free".into())
            .spawn(move || drop_rx.into_iter().for_each(drop))
            .ok();
        let mut batch = Vec::with_capacity(BATCH);
        for (fi, f) in files.iter_mut().enumerate() {
            let Some(shapes) = f.shapes.take() else {
                continue;
            };
            let dir = t.files[fi].dir;
            for func in &shapes.funcs {
                if func.name == "_" || (func.recv.is_none() && func.name == "init") {
                    continue;
                }
                let recv = func.recv.as_ref().map(|r| {
                    (
                        r.name.clone(),
                        t.resolve(fi as u32, &r.ty, &func.local_names),
                    )
                });
                let receiver = func
                    .recv
                    .as_ref()
                    .map(|r| receiver_name(&r.ty))
                    .unwrap_or_default();
                let idx = t.funcs.len() as u32;
                if func.recv.is_some() {
                    let Some(&Member::Type(ty)) = t.dirs[dir as usize].members.get(&receiver)
                    else {
                        continue;
                    };
                    let methods = &mut t.types[ty as usize].methods;
                    if methods.iter().any(|(n, _)| *n == func.name) {
                        continue;
                    }
                    methods.push((func.name.clone(), idx));
                } else {
                    let members = &mut t.dirs[dir as usize].members;
                    if members.contains_key(&func.name) {
                        continue;
                    }
                    members.insert(func.name.clone(), Member::Func(idx));
                }
                let params = func
                    .params
                    .iter()
                    .map(|p| {
                        (
                            p.name.clone(),
                            t.resolve(fi as u32, &p.ty, &func.local_names),
                        )
                    })
                    .collect();
                let results = func
                    .results
                    .iter()
                    .map(|p| {
                        (
                            p.name.clone(),
                            t.resolve(fi as u32, &p.ty, &func.local_names),
                        )
                    })
                    .collect();
                t.funcs.push(FuncInfo {
                    dir,
                    file: fi as u32,
                    receiver,
                    name: func.name.clone(),
                    recv,
                    params,
                    results,
                    body: func.body,
                    line: func.line,
                    type_params: func.local_names.clone().into_boxed_slice(),
                });
            }
            // Variables (those with an initializer are typed by the caller, which can
            // evaluate it).
            let dir = dir as usize;
            for v in &shapes.vars {
                if v.name == "_" || t.dirs[dir].members.contains_key(&v.name) {
                    continue;
                }
                let ty =
                    v.ty.as_ref()
                        .map_or(UNKNOWN, |e| t.resolve(fi as u32, e, &[]));
                let idx = t.vars.len() as u32;
                t.vars.push(VarInfo {
                    file: fi as u32,
                    ty,
                    value: if v.ty.is_none() {
                        v.value.clone()
                    } else {
                        None
                    },
                });
                t.dirs[dir].members.insert(v.name.clone(), Member::Var(idx));
            }
            batch.push(shapes);
            if batch.len() == BATCH {
                // A closed channel (the thread gone) only means this thread frees them.
                let _ = drop_tx.send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)));
            }
        }
        let _ = drop_tx.send(batch);
        drop(drop_tx);
        t.concrete = (0..t.types.len() as u32)
            .filter(|&i| {
                let ty = &t.types[i as usize];
                !ty.alias
                    && !t.is_interface(i)
                    && (!ty.methods.is_empty()
                        || matches!(&ty.kind, TypeKind::Struct(f) if f.iter().any(|(n, _)| n.is_none())))
            })
            .collect();
        t.implementers = (0..t.types.len()).map(|_| OnceLock::new()).collect();
        t.by_method = t.method_names();
        t.tops = t.reached_by_tops();
        if let Some(dropper) = dropper {
            let _ = dropper.join();
        }
        t
    }

    /// [`Tables::by_method`]: each concrete type under the names of its methods, declared or
    /// promoted through embedded fields (five levels, as [`Tables::select`] looks).
    fn method_names(&self) -> HashMap<CompactString, Vec<u32>> {
        let mut out: HashMap<CompactString, Vec<u32>> = HashMap::default();
        for &c in &self.concrete {
            let mut names: Vec<&CompactString> = Vec::new();
            let mut level = vec![c];
            let mut seen = Vec::new();
            for _ in 0..5 {
                let mut next = Vec::new();
                for &t in &level {
                    if seen.contains(&t) {
                        continue;
                    }
                    seen.push(t);
                    if let Some(i) = self.interface_of(t) {
                        names.extend(self.iface_methods(i).into_iter().map(|m| &m.name));
                        continue;
                    }
                    names.extend(self.types[t as usize].methods.iter().map(|(n, _)| n));
                    if let Some(fields) = self.struct_of(t) {
                        next.extend(
                            fields
                                .iter()
                                .filter(|(n, _)| n.is_none())
                                .filter_map(|(_, ty)| self.named_of(*ty)),
                        );
                    }
                }
                if next.is_empty() {
                    break;
                }
                level = next;
            }
            names.sort();
            names.dedup();
            for n in names {
                out.entry(n.clone()).or_default().push(c);
            }
        }
        out
    }

    /// Per package, the other packages of the tree its files import (sorted, each once); with
    /// `blanks`, those imported with `_` too.
    fn import_graph(&self, blanks: bool) -> Vec<Vec<u32>> {
        let mut imports: Vec<Vec<u32>> = vec![Vec::new(); self.dirs.len()];
        for f in &self.files {
            let dirs = f.imports.iter().filter_map(|&(_, target)| match target {
                ImportTarget::Dir(d) => Some(d),
                ImportTarget::External => None,
            });
            let blank = f.blanks.iter().copied().filter(|_| blanks);
            for d in dirs.chain(f.dots.iter().copied()).chain(blank) {
                if d != f.dir {
                    imports[f.dir as usize].push(d);
                }
            }
        }
        for v in &mut imports {
            v.sort_unstable();
            v.dedup();
        }
        imports
    }

    /// The packages the target's build compiles: the module's own (`go build ./...`), and the
    /// vendored ones their files built on the target import, directly or not (`_` imports
    /// included: Go compiles them for their `init`).
    pub fn compiled(&self) -> Vec<bool> {
        let imports = self.import_graph(true);
        let mut compiled = vec![false; self.dirs.len()];
        let mut stack: Vec<usize> = (0..self.dirs.len())
            .filter(|&d| !self.dirs[d].path.starts_with("vendor/"))
            .collect();
        for &d in &stack {
            compiled[d] = true;
        }
        while let Some(d) = stack.pop() {
            for &i in &imports[d] {
                if !compiled[i as usize] {
                    compiled[i as usize] = true;
                    stack.push(i as usize);
                }
            }
        }
        compiled
    }

    /// [`Tables::tops`]: from each package no other imports, the packages its imports reach.
    /// A `_` import links a package for its `init` alone (docs/RULES.md §7): it is left out.
    fn reached_by_tops(&self) -> Vec<Vec<u64>> {
        let n = self.dirs.len();
        let imports = self.import_graph(false);
        let mut imported = vec![false; n];
        for &d in imports.iter().flatten() {
            imported[d as usize] = true;
        }
        let tops: Vec<usize> = (0..n).filter(|&d| !imported[d]).collect();
        let words = tops.len().div_ceil(64).max(1);
        let mut reached = vec![vec![0u64; words]; n];
        let mut seen = vec![usize::MAX; n];
        for (bit, &top) in tops.iter().enumerate() {
            let mut stack = vec![top];
            seen[top] = bit;
            while let Some(d) = stack.pop() {
                reached[d][bit / 64] |= 1 << (bit % 64);
                for &i in &imports[d] {
                    if seen[i as usize] != bit {
                        seen[i as usize] = bit;
                        stack.push(i as usize);
                    }
                }
            }
        }
        reached
    }

    /// Whether packages `a` and `b` can be linked into one program: some top reaches both
    /// (a package in an import cycle with no top reaches none, and meets everything).
    pub fn meet(&self, a: u32, b: u32) -> bool {
        let (x, y) = (&self.tops[a as usize], &self.tops[b as usize]);
        let none = |v: &Vec<u64>| v.iter().all(|&w| w == 0);
        none(x) || none(y) || x.iter().zip(y).any(|(p, q)| p & q != 0)
    }

    /// The id of a type node, interned.
    fn ty(&mut self, node: TyNode) -> TyId {
        if let Some(&id) = self.intern.get(&node) {
            return id;
        }
        let id = self.tys.len() as TyId;
        self.tys.push(node.clone());
        self.intern.insert(node, id);
        id
    }

    /// The id of a type node, if it was interned (the walk cannot add any).
    pub fn find_ty(&self, node: &TyNode) -> TyId {
        self.intern.get(node).copied().unwrap_or(UNKNOWN)
    }

    /// Whether `name`, unqualified in file `file`, is one of Go's predeclared names (its
    /// package declares no such name).
    fn predeclared(&self, file: u32, name: &CompactString) -> bool {
        is_builtin(name.as_bytes())
            && !self.dirs[self.files[file as usize].dir as usize]
                .members
                .contains_key(name)
    }

    /// Resolves a written type in file `file`, where the names `shadow` are type parameters
    /// (not known: a type argument).
    fn resolve(&mut self, file: u32, e: &TypeExpr, shadow: &[CompactString]) -> TyId {
        match e {
            TypeExpr::Named { qual: None, name } if shadow.contains(name) => UNKNOWN,
            TypeExpr::Named { qual: None, name } if self.predeclared(file, name) => {
                self.ty(TyNode::Basic(basic_name(name)))
            }
            TypeExpr::Named { qual, name } => self.named_in(file, qual.as_deref(), name),
            TypeExpr::Ptr(x) => {
                let inner = self.resolve(file, x, shadow);
                self.wrap(inner, TyNode::Ptr)
            }
            TypeExpr::Slice(x) => {
                let inner = self.resolve(file, x, shadow);
                self.wrap(inner, TyNode::Slice)
            }
            TypeExpr::Map(x) => {
                let inner = self.resolve(file, x, shadow);
                self.wrap(inner, TyNode::Map)
            }
            TypeExpr::Chan(x) => {
                let inner = self.resolve(file, x, shadow);
                self.wrap(inner, TyNode::Chan)
            }
            TypeExpr::Func { params, results } => {
                let params = params
                    .iter()
                    .map(|x| self.resolve(file, x, shadow))
                    .collect();
                let results = results
                    .iter()
                    .map(|x| self.resolve(file, x, shadow))
                    .collect();
                self.ty(TyNode::Func { params, results })
            }
            TypeExpr::Other => UNKNOWN,
        }
    }

    /// The package a name written in file `file` (`name`, or `qual.name`) refers to, when that
    /// package declares the name only on platforms other than the target: the file's own
    /// package or one it imports with `.`, or the package imported as `qual`.
    pub fn elsewhere_named(&self, file: u32, qual: Option<&str>, name: &str) -> Option<u32> {
        let ctx = &self.files[file as usize];
        match qual {
            None => std::iter::once(&ctx.dir)
                .chain(&ctx.dots)
                .copied()
                .find(|&d| self.dirs[d as usize].elsewhere.contains(name)),
            Some(q) => match ctx.import(q.as_bytes()) {
                Some(ImportTarget::Dir(d)) if self.dirs[d as usize].elsewhere.contains(name) => {
                    Some(d)
                }
                _ => None,
            },
        }
    }

    /// `wrap(inner)`, except that nothing wraps what is not known.
    fn wrap(&mut self, inner: TyId, wrap: fn(TyId) -> TyNode) -> TyId {
        match inner {
            UNKNOWN => UNKNOWN,
            EXTERNAL => EXTERNAL,
            _ => self.ty(wrap(inner)),
        }
    }

    /// The type a name (qualified or not) of file `file` names.
    pub fn named_in(&self, file: u32, qual: Option<&str>, name: &str) -> TyId {
        let dir = match qual {
            None => self.files[file as usize].dir,
            Some(q) => match self.files[file as usize].import(q.as_bytes()) {
                Some(ImportTarget::Dir(d)) => d,
                Some(ImportTarget::External) => return EXTERNAL,
                None => return UNKNOWN,
            },
        };
        match self.dirs[dir as usize].members.get(name) {
            Some(&Member::Type(t)) => self.find_ty(&TyNode::Named(t)),
            _ => UNKNOWN,
        }
    }

    /// Resolves a written type at walk time (only types already interned are found).
    pub fn resolve_found(&self, file: u32, e: &TypeExpr) -> TyId {
        match e {
            TypeExpr::Named { qual: None, name } if self.predeclared(file, name) => {
                self.find_ty(&TyNode::Basic(basic_name(name)))
            }
            TypeExpr::Named { qual, name } => self.named_in(file, qual.as_deref(), name),
            TypeExpr::Ptr(x) => self.found_wrap(self.resolve_found(file, x), TyNode::Ptr),
            TypeExpr::Slice(x) => self.found_wrap(self.resolve_found(file, x), TyNode::Slice),
            TypeExpr::Map(x) => self.found_wrap(self.resolve_found(file, x), TyNode::Map),
            TypeExpr::Chan(x) => self.found_wrap(self.resolve_found(file, x), TyNode::Chan),
            TypeExpr::Func { params, results } => {
                let params = params.iter().map(|x| self.resolve_found(file, x)).collect();
                let results = results
                    .iter()
                    .map(|x| self.resolve_found(file, x))
                    .collect();
                self.find_ty(&TyNode::Func { params, results })
            }
            TypeExpr::Other => UNKNOWN,
        }
    }

    /// Whether types `a` and `b` may be one (docs/RULES.md §7): the same, or either not known
    /// or from outside the tree, or made the same way (`*`, `[]`, `map`, `chan`, `func`) of
    /// such types, `depth` levels down (at most [`shapes::MAX_TYPE_DEPTH`]; deeper, they may).
    fn compatible(&self, a: TyId, b: TyId, depth: u32) -> bool {
        if a == b || a == UNKNOWN || b == UNKNOWN || a == EXTERNAL || b == EXTERNAL {
            return true;
        }
        if depth >= super::shapes::MAX_TYPE_DEPTH {
            return true;
        }
        let each = |x: &[TyId], y: &[TyId]| {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|(&p, &q)| self.compatible(p, q, depth + 1))
        };
        match (&self.tys[a as usize], &self.tys[b as usize]) {
            (TyNode::Ptr(x), TyNode::Ptr(y))
            | (TyNode::Slice(x), TyNode::Slice(y))
            | (TyNode::Map(x), TyNode::Map(y))
            | (TyNode::Chan(x), TyNode::Chan(y)) => self.compatible(*x, *y, depth + 1),
            (
                TyNode::Func {
                    params: p,
                    results: r,
                },
                TyNode::Func {
                    params: q,
                    results: t,
                },
            ) => each(p, q) && each(r, t),
            _ => false,
        }
    }

    /// The parameters' and results' types of a function type, or of a named type whose
    /// underlying type is one.
    pub fn func_sig(&self, mut ty: TyId) -> Option<(&[TyId], &[TyId])> {
        // A chain of named types (`type A B; type B func()`), not followed round a cycle.
        for _ in 0..16 {
            match self.tys.get(ty as usize)? {
                TyNode::Func { params, results } => return Some((params, results)),
                TyNode::Named(n) => match self.types[*n as usize].kind {
                    TypeKind::Other(u) => ty = u,
                    _ => return None,
                },
                _ => return None,
            }
        }
        None
    }

    fn found_wrap(&self, inner: TyId, wrap: fn(TyId) -> TyNode) -> TyId {
        match inner {
            UNKNOWN => UNKNOWN,
            EXTERNAL => EXTERNAL,
            _ => self.find_ty(&wrap(inner)),
        }
    }

    /// Whether type `t` is a map, slice or array underneath (its composite literals' keys
    /// are expressions, not field names).
    pub fn indexed(&self, mut t: TyId) -> bool {
        for _ in 0..8 {
            match self.tys.get(t as usize) {
                Some(TyNode::Slice(_) | TyNode::Map(_)) => return true,
                Some(TyNode::Named(n)) => match &self.types[*n as usize].kind {
                    TypeKind::Other(x) => t = *x,
                    _ => return false,
                },
                _ => return false,
            }
        }
        false
    }

    /// The named type a type is, through pointers and aliases.
    pub fn named_of(&self, mut t: TyId) -> Option<u32> {
        for _ in 0..8 {
            match self.tys.get(t as usize)? {
                TyNode::Ptr(x) => t = *x,
                TyNode::Named(n) => {
                    let info = &self.types[*n as usize];
                    match (&info.kind, info.alias) {
                        (TypeKind::Other(x), true) => t = *x,
                        _ => return Some(*n),
                    }
                }
                _ => return None,
            }
        }
        None
    }

    /// Whether type `n` is an interface (directly, or defined as one).
    pub fn is_interface(&self, n: u32) -> bool {
        self.interface_of(n).is_some()
    }

    /// The interface type `n` is (itself, or the one its definition names).
    fn interface_of(&self, mut n: u32) -> Option<u32> {
        for _ in 0..8 {
            match &self.types[n as usize].kind {
                TypeKind::Interface { .. } => return Some(n),
                TypeKind::Other(x) => n = self.named_of(*x)?,
                TypeKind::Struct(_) => return None,
            }
        }
        None
    }

    /// The struct type `n` has for fields (itself, or the struct its definition names).
    pub fn struct_of(&self, mut n: u32) -> Option<&[(Option<CompactString>, TyId)]> {
        for _ in 0..8 {
            match &self.types[n as usize].kind {
                TypeKind::Struct(f) => return Some(f),
                TypeKind::Other(x) => n = self.named_of(*x)?,
                TypeKind::Interface { .. } => return None,
            }
        }
        None
    }

    /// The interfaces whose methods make up interface `n`'s method set, each's declared methods
    /// in turn: `n` first, then what it embeds, depth first (eight levels; those outside the
    /// tree contribute nothing known).
    fn iface_parts(&self, n: u32) -> impl Iterator<Item = &[IfaceSig]> {
        let mut todo = vec![(n, 0u32)];
        let mut seen = Vec::new();
        std::iter::from_fn(move || {
            while let Some((t, depth)) = todo.pop() {
                let Some(i) = self.interface_of(t) else {
                    continue;
                };
                if seen.contains(&i) || depth > 8 {
                    continue;
                }
                seen.push(i);
                if let TypeKind::Interface { methods, embeds } = &self.types[i as usize].kind {
                    for &e in embeds {
                        if let Some(en) = self.named_of(e) {
                            todo.push((en, depth + 1));
                        }
                    }
                    return Some(&methods[..]);
                }
            }
            None
        })
    }

    /// The method set of interface `n`, embedded interfaces included (those outside the tree
    /// contribute nothing known).
    pub fn iface_methods(&self, n: u32) -> Vec<&IfaceSig> {
        let mut out: Vec<&IfaceSig> = Vec::new();
        for m in self.iface_parts(n).flatten() {
            if !out.iter().any(|o| o.name == m.name) {
                out.push(m);
            }
        }
        out
    }

    /// The method `name` of interface `n`'s method set: the first [`Tables::iface_methods`]
    /// lists, found in the same order without listing the others.
    fn iface_method(&self, n: u32, name: &[u8]) -> Option<&IfaceSig> {
        self.iface_parts(n)
            .find_map(|ms| ms.iter().find(|m| m.name.as_bytes() == name))
    }

    /// What `name` selects on a value of named type `n`: a method (declared, or promoted
    /// through embedded fields), an interface's method, or a field.
    pub fn select(&self, n: u32, name: &[u8]) -> Selected<'_> {
        // An interface's methods are its method set's (listing the set for each selector was
        // a tenth of the walks of what the entry points reach, on moby with vendor).
        if let Some(i) = self.interface_of(n) {
            return match self.iface_method(i, name) {
                Some(sig) => Selected::Iface(i, sig),
                None => Selected::None,
            };
        }
        // Most selectors name a method or a field of the type itself: found without the walk.
        {
            let info = &self.types[n as usize];
            if let Some(&(_, f)) = info.methods.iter().find(|(m, _)| m.as_bytes() == name) {
                return Selected::Method(f);
            }
            if let Some(fields) = self.struct_of(n)
                && let Some((_, fty)) = fields
                    .iter()
                    .find(|(f, _)| f.as_ref().is_some_and(|f| f.as_bytes() == name))
            {
                return Selected::Field(*fty, n);
            }
        }
        // Breadth first through embedded fields, as Go's selector rule (shallowest depth wins).
        let mut level = vec![n];
        let mut seen: Vec<u32> = Vec::new();
        for _ in 0..5 {
            let mut next = Vec::new();
            for &t in &level {
                if seen.contains(&t) {
                    continue;
                }
                seen.push(t);
                if let Some(i) = self.interface_of(t) {
                    if let Some(sig) = self.iface_method(i, name) {
                        return Selected::Iface(i, sig);
                    }
                    continue;
                }
                let info = &self.types[t as usize];
                if let Some(&(_, f)) = info.methods.iter().find(|(m, _)| m.as_bytes() == name) {
                    return Selected::Method(f);
                }
                if let Some(fields) = self.struct_of(t) {
                    for (fname, fty) in fields {
                        match fname {
                            Some(fname) if fname.as_bytes() == name => {
                                return Selected::Field(*fty, t);
                            }
                            None => {
                                // An embedded field is named by its type's name.
                                if let Some(en) = self.named_of(*fty) {
                                    if self.types[en as usize].name.as_bytes() == name {
                                        return Selected::Field(*fty, t);
                                    }
                                    next.push(en);
                                } else if *fty == EXTERNAL {
                                    next.push(u32::MAX);
                                }
                            }
                            _ => {}
                        }
                    }
                }
            }
            if next.contains(&u32::MAX) {
                // Something embedded from outside the tree may provide it.
                next.retain(|&x| x != u32::MAX);
                if next.is_empty() {
                    return Selected::External;
                }
            }
            if next.is_empty() {
                break;
            }
            level = next;
        }
        Selected::None
    }

    /// The concrete types of the tree implementing interface `n`: every method of its method
    /// set is a method of theirs (declared or promoted) with as many parameters and results.
    pub fn implementers(&self, n: u32) -> &[u32] {
        self.implementers[n as usize].get_or_init(|| {
            let sigs = self.iface_methods(n);
            if sigs.is_empty() {
                return Vec::new();
            }
            // The candidates: the types having the rarest of the methods.
            let none = Vec::new();
            let candidates = sigs
                .iter()
                .map(|s| self.by_method.get(&s.name).unwrap_or(&none))
                .min_by_key(|c| c.len())
                .unwrap_or(&none);
            candidates
                .iter()
                .copied()
                .filter(|&c| {
                    sigs.iter()
                        .all(|s| match self.select(c, s.name.as_bytes()) {
                            Selected::Method(f) => {
                                let f = &self.funcs[f as usize];
                                f.params.len() == s.params as usize
                                    && f.results.len() == s.results as usize
                                    && f.params
                                        .iter()
                                        .zip(&s.param_types)
                                        .all(|(p, &q)| self.compatible(p.1, q, 0))
                                    && f.results
                                        .iter()
                                        .zip(&s.result_types)
                                        .all(|(r, &q)| self.compatible(r.1, q, 0))
                            }
                            Selected::Iface(..) => true,
                            _ => false,
                        })
                })
                .collect()
        })
    }

    /// The API id of function `f`.
    pub fn id(&self, f: u32) -> String {
        let f = &self.funcs[f as usize];
        crate::join::api_id(&self.dirs[f.dir as usize].path, &f.receiver, &f.name)
    }
}

/// Whether two types may be the same, as far as the index knows them (what is not known, or
/// declared outside the tree, may be anything).
/// A predeclared type's name, aliases as what they stand for (`byte` is `uint8`, `rune` is
/// `int32`).
fn basic_name(name: &CompactString) -> CompactString {
    match name.as_str() {
        "byte" => CompactString::const_new("uint8"),
        "rune" => CompactString::const_new("int32"),
        _ => name.clone(),
    }
}

/// What a selector finds on a type.
#[derive(Clone, Copy, Debug)]
pub enum Selected<'t> {
    /// A method of the tree.
    Method(u32),
    /// A method of an interface of the tree (the interface, its signature).
    Iface(u32, &'t IfaceSig),
    /// A field: its type, and the struct type declaring it (this type, or one embedded in it).
    Field(TyId, u32),
    /// Perhaps provided by something embedded from outside the tree.
    External,
    /// Nothing.
    None,
}

/// The receiver's type name: `*T[K]` → `T` (docs/RULES.md §2).
fn receiver_name(e: &TypeExpr) -> CompactString {
    match e {
        TypeExpr::Ptr(x) => receiver_name(x),
        TypeExpr::Named { name, .. } => name.clone(),
        _ => CompactString::default(),
    }
}

//! The call graph on the target platform, from the code built there (docs/RULES.md §7).
//!
//! Three steps over the non-test files built on the target:
//! 1. [`shapes`]: each file's signatures, struct fields, interface methods and variables, from
//!    its top-level tokens;
//! 2. [`tables`]: one index of every package of the tree, written types resolved through
//!    imports (go.mod's module path, or vendor/);
//! 3. [`walk`]: each function body's calls, typed by a scope stack of what the body declares.
//!
//! No type checker: what cannot be typed from declarations is counted as unresolved, never
//! guessed. Calls through an interface of the tree go to every type of the tree that has all
//! of the interface's methods with as many parameters and results (marked `interface`).
//! With `--calls`, 4. [`values`]: the flows of function values and of concrete types, to the
//! calls of function values (`value`) and the interface calls (`flow`) they reach.

pub mod entries;
pub mod shapes;
pub mod tables;
pub mod values;
pub mod walk;

use std::sync::atomic::{AtomicBool, Ordering as AtomicOrdering};
use std::sync::{Mutex, OnceLock};

use rayon::prelude::*;

use crate::facts::decls::DeclKind;
use crate::facts::packs::PackQuery;
use crate::model::{Break, CallSites};
use crate::scan::{FileSource, ScannedFile};
use tables::{FileInput, Tables};
use walk::{Edge, Probe, Probed};

/// An interface call with more implementing types than this is not resolved (counted as
/// `wide`): which of them it reaches is a question of data flow.
pub const MAX_FANOUT: usize = 8;

/// The graph of a scan.
pub struct Graph {
    /// The index it was resolved against.
    pub tables: Tables,
    /// Every edge, by (file, line, from, to, how).
    pub edges: Vec<Edge>,
    /// The call sites, by kind (and the edges' count).
    pub counts: CallSites,
    /// The entry points found, by file and line.
    pub entries: Vec<entries::Entry>,
    /// Build breaks, by file and line.
    pub breaks: Vec<Break>,
    /// What the report's notes should say: files that could not be read again, types too
    /// deep to read for breaks (each message starts with the file's path).
    pub notes: Vec<String>,
}

/// The files' shapes, taken out of their facts: the index lets each go once read, and
/// nothing else reads them.
pub fn take_shapes(files: &mut [ScannedFile]) -> Vec<Option<std::sync::Arc<shapes::FileShapes>>> {
    files
        .iter_mut()
        .map(|f| f.facts.as_mut().and_then(|x| x.shapes.take()))
        .collect()
}

/// The graph of the non-test files built on the target, in two parts, both of which can run
/// beside the report's join. [`Index::build`] reads the shapes and builds the index from the
/// files' facts without changing them; [`Index::finish`] then reads the bodies again through
/// the scan's source (the scan's order: `files[i]` is `source.open(i)`), needing no facts,
/// and finds the entry points (not in vendored code).
pub struct Index {
    tables: Tables,
    /// Graph file g is `scanned[g]`'s file.
    scanned: Vec<usize>,
    /// Whether graph file g may hold an entry point: its bytes hold an entry-point query's
    /// needle, or the scan did not say.
    entry_needle: Vec<bool>,
    /// Package-level variables' and constants' spans, by file of the scan.
    var_spans: tables::HashMap<usize, Vec<(compact_str::CompactString, u32, u32)>>,
    /// The bodies of `init` functions (between the braces), by file of the scan.
    init_spans: tables::HashMap<usize, Vec<(u32, u32)>>,
    notes: Vec<String>,
    t0: std::time::Instant,
}

impl Index {
    /// The index of the non-test files of `files` built on the target (`target_bit`), their
    /// shapes those [`take_shapes`] took (read from `source` where there are none).
    pub fn build(
        files: &[ScannedFile],
        mut taken: Vec<Option<std::sync::Arc<shapes::FileShapes>>>,
        source: &dyn FileSource,
        target_bit: u64,
        module: Option<&str>,
    ) -> Index {
        let chosen: Vec<usize> = (0..files.len())
            .filter(|&i| {
                let f = &files[i];
                !f.test
                    && f.mask & target_bit != 0
                    && f.package.is_some()
                    && f.facts.is_some()
                    && f.error.is_none()
                    && f.note.is_none()
            })
            .collect();
        let timing = std::env::var_os("WINPARITY_TIMING").is_some();
        let t0 = std::time::Instant::now();
        // Step 1: shapes, in parallel.
        let taken: Vec<_> = chosen.iter().map(|&i| taken[i].take()).collect();
        let read: Vec<Result<std::sync::Arc<shapes::FileShapes>, String>> = chosen
            .par_iter()
            .zip(taken)
            .map(|(&i, taken)| match taken {
                Some(s) => Ok(s),
                None => read_bytes(source, i).map(|b| std::sync::Arc::new(shapes::read(&b))),
            })
            .collect();
        let inferred = match module {
            Some(_) => None,
            None => infer_module(files),
        };
        let module = module.or(inferred.as_deref());
        let elsewhere = names_elsewhere(files, target_bit);
        // Package-level variables' and constants' spans: where an entry point's handler may
        // stand outside any function, and initializers that may name what the target lacks
        // (§9).
        let var_spans = per_file(files, &chosen, |d| {
            matches!(d.kind, DeclKind::Var | DeclKind::Const)
                .then(|| (d.name.clone(), d.start, d.end))
        });
        // The bodies of `init` functions and of functions named `_`: no functions of the
        // graph, but a name they reference that the target lacks is a build break (§9).
        let init_spans = per_file(files, &chosen, |d| {
            let unnamed = d.name == "_" || (d.name == "init" && d.receiver.is_empty());
            (d.kind == DeclKind::Func && unnamed)
                .then_some(d.body_span)
                .flatten()
        });
        let mut notes = Vec::new();
        let mut kept: Vec<(usize, std::sync::Arc<shapes::FileShapes>)> =
            Vec::with_capacity(chosen.len());
        for (&i, r) in chosen.iter().zip(read) {
            match r {
                Ok(s) => kept.push((i, s)),
                Err(e) => notes.push(format!(
                    "{}: cannot read again for the call graph: {e}",
                    files[i].rel
                )),
            }
        }
        if timing {
            eprintln!(
                "timing: calls: shapes {:?} {}",
                t0.elapsed(),
                crate::cli::output::memory()
            );
        }
        // Step 2: the index, which lets each file's shapes go once read.
        // Graph file g is kept[g]'s file (the index holds the files in the order given).
        let scanned: Vec<usize> = kept.iter().map(|(i, _)| *i).collect();
        let entry_needle: Vec<bool> = kept
            .iter()
            .map(|(_, s)| s.entry_needle != Some(false))
            .collect();
        let inputs: Vec<FileInput> = kept
            .into_iter()
            .map(|(i, s)| {
                let f = &files[i];
                FileInput {
                    rel: &f.rel,
                    dir: f.dir(),
                    package: f.package.as_deref().unwrap_or(""),
                    shapes: Some(s),
                }
            })
            .collect();
        let mut tables = Tables::build(inputs, &elsewhere, module);
        // Package-level variables typed by their initializers, in file order.
        let inferred: Vec<(usize, tables::TyId)> = tables
            .vars
            .par_iter()
            .enumerate()
            .filter_map(|(k, v)| {
                let (text, line) = v.value.as_ref()?;
                Some((k, walk::infer(&tables, v.file, text, *line)))
            })
            .collect();
        for (k, ty) in inferred {
            tables.vars[k].ty = ty;
        }
        if timing {
            eprintln!(
                "timing: calls: tables {:?} ({} files, {} funcs, {} types, {} vars, {} type nodes) {}",
                t0.elapsed(),
                tables.files.len(),
                tables.funcs.len(),
                tables.types.len(),
                tables.vars.len(),
                tables.tys.len(),
                crate::cli::output::memory()
            );
        }
        Index {
            tables,
            scanned,
            entry_needle,
            var_spans,
            init_spans,
            notes,
            t0,
        }
    }

    /// Step 3, the bodies, read again through `source` (the scan's files, as given to
    /// [`Index::build`]; their facts may be gone by now).
    pub fn finish(
        self,
        source: &dyn FileSource,
        target: &str,
        entry_queries: &[&PackQuery],
        whole: bool,
    ) -> Graph {
        let Index {
            tables,
            scanned,
            entry_needle,
            var_spans,
            init_spans,
            mut notes,
            t0,
        } = self;
        let timing = std::env::var_os("WINPARITY_TIMING").is_some();
        // Step 3: the bodies. With `whole`, every function's; else only what the entry points and
        // the breaks need (docs/RULES.md §7): the files that hold an entry point or may hold a
        // break, then the functions the calls walked so far reach, as they are found.
        let mut by_file: Vec<Vec<u32>> = vec![Vec::new(); tables.files.len()];
        for (k, f) in tables.funcs.iter().enumerate() {
            by_file[f.file as usize].push(k as u32);
        }
        let compiled = tables.compiled();
        let breaking = Breaking::new(&tables, &compiled);
        // Each file's walk, if it holds an entry point or a break; else the bytes read to tell,
        // kept for the walks of what the calls reach (which need most of them).
        type First = (
            Option<Vec<u8>>,
            Option<(walk::FileWalk, Vec<entries::Found>)>,
        );
        let first: Vec<First> = (0..tables.files.len())
            .into_par_iter()
            .map(|g| -> First {
                let rel = tables.files[g].rel.as_str();
                let vendored = rel.starts_with("vendor/") || rel.contains("/vendor/");
                let may_break = breaking.names_for(g);
                // A file is read again for its entry points only where the scan saw one's
                // needle (never in vendored code), for its breaks only where one may stand.
                let may_enter = !vendored && !entry_queries.is_empty() && entry_needle[g];
                if !whole && !may_enter && !may_break {
                    return (None, None);
                }
                let i = scanned[g];
                let Ok(b) = read_bytes(source, i) else {
                    return (None, None);
                };
                let found = if may_enter && entries::may_hold(&b, entry_queries) {
                    entries::find(&b, entry_queries)
                } else {
                    Vec::new()
                };
                let breaks_here = may_break && breaking.mentioned(g, &b);
                if !whole && found.is_empty() && !breaks_here {
                    return (Some(b), None);
                }
                let probes: Vec<Probe> = found.iter().map(|f| f.probe).collect();
                let asked = walk::Asked {
                    probes: &probes,
                    vars: var_spans.get(&i).map_or(&[][..], Vec::as_slice),
                    inits: init_spans.get(&i).map_or(&[][..], Vec::as_slice),
                    values: whole,
                };
                let mut w = walk::walk_file(&tables, g as u32, &b, &by_file[g], asked);
                if breaks_here {
                    // The types written in its functions' and types' declarations.
                    let (names, too_deep) = shapes::written_names(&b);
                    w.too_deep = too_deep;
                    // A name is not looked at when the generic type whose arguments hold it is
                    // missing itself (or not looked at).
                    let mut unlooked = vec![false; names.len()];
                    for (k, m) in names.into_iter().enumerate() {
                        if m.within.is_some_and(|p| unlooked[p as usize]) {
                            unlooked[k] = true;
                            continue;
                        }
                        if let Some(dir) =
                            tables.elsewhere_named(g as u32, m.qual.as_deref(), &m.name)
                        {
                            unlooked[k] = true;
                            w.breaks.push(walk::Break {
                                line: m.line,
                                dir,
                                name: m.name,
                            });
                        }
                    }
                }
                (None, Some((w, found)))
            })
            .collect();
        let (kept, first): (Vec<_>, Vec<_>) = first.into_iter().unzip();
        if timing {
            eprintln!(
                "timing: calls: walks {:?} ({} of {} files) {}",
                t0.elapsed(),
                first.iter().flatten().count(),
                first.len(),
                crate::cli::output::memory()
            );
        }
        let mut walked = vec![false; tables.funcs.len()];
        let mut edges = Vec::new();
        let mut counts = CallSites::default();
        let mut found_entries = Vec::new();
        let mut breaks = Vec::new();
        // Functions the first walks' calls reach (walked next unless `whole`).
        let mut reached: Vec<u32> = Vec::new();
        let mut sites = Vec::new();
        let mut flows = walk::Flows::default();
        for (g, walk) in first.into_iter().enumerate() {
            let Some((w, found)) = walk else {
                continue;
            };
            for &f in &by_file[g] {
                walked[f as usize] = true;
            }
            breaks.extend(w.breaks.iter().map(|b| (g, b.line, b.dir, b.name.clone())));
            if let Some(line) = w.too_deep {
                notes.push(format!(
                "{}: line {line}: a type nested deeper than {} levels; the names inside it are not read for build breaks",
                tables.files[g].rel,
                shapes::MAX_TYPE_DEPTH
            ));
            }
            reached.extend(w.edges.iter().map(|e| e.to));
            edges.extend(w.edges);
            counts.add(&w.counts);
            sites.extend(w.iface_sites);
            let mut more = w.flows;
            flows.append(&mut more);
            for (f, handler) in found.into_iter().zip(w.probed) {
                if let Probed::Func(h) = &handler {
                    reached.push(*h);
                }
                found_entries.push(entries::Entry {
                    found: f,
                    file: tables.files[g].rel.clone(),
                    handler,
                });
            }
        }
        // Interface calls: to the implementing types in a package that can be linked with the
        // caller's; more than MAX_FANOUT of them is a guess, not made.
        let targets_of = |from_dir: u32, iface: u32, name: &str| -> Vec<u32> {
            tables
                .implementers(iface)
                .iter()
                .filter(|&&c| tables.meet(from_dir, tables.types[c as usize].dir))
                .filter_map(|&c| match tables.select(c, name.as_bytes()) {
                    tables::Selected::Method(f) => Some(f),
                    _ => None,
                })
                .collect()
        };
        // Interface calls of handlers outside any function, the same way.
        for e in &mut found_entries {
            if let Probed::Detached {
                callees,
                ifaces,
                dir,
                ..
            } = &mut e.handler
            {
                for (iface, name) in ifaces.drain(..) {
                    let targets = targets_of(*dir, iface, &name);
                    if targets.len() <= MAX_FANOUT {
                        callees.extend(targets);
                    }
                }
                callees.sort_unstable();
                callees.dedup();
                reached.extend(callees.iter().copied());
            }
        }
        // By file and line; Go's compiler says `undefined: X` once per line and name. A vendored
        // package the target's build never imports is never compiled there.
        breaks.retain(|b| compiled[tables.files[b.0].dir as usize]);
        breaks.sort_by(|a, b| (a.0, a.1, a.2, &a.3).cmp(&(b.0, b.1, b.2, &b.3)));
        breaks.dedup();
        let breaks: Vec<Break> = breaks
            .into_iter()
            .map(|(g, line, dir, name)| Break {
                file: tables.files[g].rel.clone(),
                line,
                reference: format!("{}||{name}", tables.dirs[dir as usize].path),
                platform: target.to_string(),
            })
            .collect();
        // The first walks' interface calls, in parallel (with `whole`, every call of the tree).
        let n_sites = sites.len();
        let resolved: Vec<Vec<u32>> = sites
            .par_iter()
            .map(|s: &walk::IfaceSite| {
                targets_of(tables.funcs[s.from as usize].dir, s.iface, &s.name)
            })
            .collect();
        // With `whole`, the interface calls' targets, for the flow of function values.
        let mut site_targets: tables::HashMap<(u32, u32), Vec<u32>> = Default::default();
        for (s, targets) in sites.iter().zip(resolved) {
            if whole && targets.len() <= MAX_FANOUT && !targets.is_empty() {
                let file = tables.funcs[s.from as usize].file;
                site_targets.insert((file, s.at), targets.clone());
            }
            add_interface_edges(s, targets, &mut edges, &mut counts, &mut reached);
        }
        // Then what they reach, and what that reaches, until nothing new is: each function
        // walked once, each file read once more at most (the bytes the first walks read and
        // did not walk are kept), a file's walk handing what it reaches on at once (no rounds
        // to wait for).
        let walked: Vec<AtomicBool> = walked.into_iter().map(AtomicBool::new).collect();
        let rest = Reach {
            tables: &tables,
            source,
            scanned: &scanned,
            walked: &walked,
            bytes: kept
                .into_iter()
                .map(|b| b.map_or_else(OnceLock::new, |b| OnceLock::from(Some(b))))
                .collect(),
            targets_of: &targets_of,
            found: Mutex::new((Vec::new(), CallSites::default(), 0)),
        };
        rayon::scope(|s| rest.hand_on(s, reached));
        let Reach { bytes, found, .. } = rest;
        let (more, more_counts, more_sites) = found.into_inner().unwrap_or_else(|e| e.into_inner());
        edges.extend(more);
        counts.add(&more_counts);
        if timing {
            let read: Vec<&Vec<u8>> = bytes.iter().filter_map(|b| b.get()?.as_ref()).collect();
            eprintln!(
                "timing: calls: interfaces {:?} ({} sites; {} files' bytes held, {} bytes) {}",
                t0.elapsed(),
                n_sites + more_sites,
                read.len(),
                read.iter().map(|b| b.len()).sum::<usize>(),
                crate::cli::output::memory()
            );
        }
        drop(bytes);
        // A literal handler's calls, before one edge per caller, callee and line is kept.
        for e in &mut found_entries {
            if let Probed::Literal {
                within,
                start,
                end,
                callees,
            } = &mut e.handler
            {
                callees.extend(
                    edges
                        .iter()
                        .filter(|x| x.from == *within && x.at >= *start && x.at < *end)
                        .map(|x| x.to),
                );
                callees.sort_unstable();
                callees.dedup();
            }
        }
        // The flows, with `whole` only (the lazy walk reads too little to know what flows
        // where; entry points do not follow their edges, so both give the same).
        if whole {
            let more = flow_edges(
                &tables,
                flows,
                &edges,
                &found_entries,
                &site_targets,
                &mut counts,
            );
            if timing {
                eprintln!(
                    "timing: calls: flows {:?} ({} edges) {}",
                    t0.elapsed(),
                    more.len(),
                    crate::cli::output::memory()
                );
            }
            edges.extend(more);
        }
        edges.sort_by_key(|e| {
            (
                tables.funcs[e.from as usize].file,
                e.line,
                e.from,
                e.to,
                e.how,
            )
        });
        edges.dedup_by_key(|e| (e.from, e.to, e.line, e.how));
        counts.edges = edges.len() as u64;
        Graph {
            tables,
            edges,
            counts,
            entries: found_entries,
            breaks,
            notes,
        }
    }
}

/// Which files may hold a build break (docs/RULES.md §9): those of a package the target
/// compiles that mention, as an identifier, a name their package or a package they import
/// declares only on other platforms. Only they need a walk for breaks.
struct Breaking<'t> {
    tables: &'t Tables,
    compiled: &'t [bool],
    /// A bit per [`Breaking::key`] of every such name of a compiled package: most identifiers
    /// miss it, and need no lookup.
    keys: Vec<u64>,
}

impl<'t> Breaking<'t> {
    fn new(tables: &'t Tables, compiled: &'t [bool]) -> Breaking<'t> {
        let mut keys = vec![0u64; 1 << 10];
        // A package a compiled file imports is compiled itself.
        for (d, _) in tables.dirs.iter().zip(compiled).filter(|(_, c)| **c) {
            for n in &d.elsewhere {
                let k = Self::key(n.as_bytes());
                keys[k >> 6] |= 1 << (k & 63);
            }
        }
        Breaking {
            tables,
            compiled,
            keys,
        }
    }

    /// A 16-bit digest of a word: its length and four of its bytes.
    fn key(w: &[u8]) -> usize {
        let (n, first, last) = (w.len(), w[0], w[w.len() - 1]);
        let h = n as u64
            | u64::from(first) << 8
            | u64::from(w[n / 2]) << 16
            | u64::from(w[n.saturating_sub(2)]) << 24
            | u64::from(last) << 32;
        (h.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 48) as usize
    }

    /// The packages with names only elsewhere whose names file `g` can reach: its own and its
    /// imports' (`.` imports too).
    fn dirs_of(&self, g: usize) -> Vec<&'t tables::HashSet<compact_str::CompactString>> {
        let f = &self.tables.files[g];
        let mut out: Vec<_> = std::iter::once(f.dir)
            .chain(f.imports.iter().filter_map(|(_, t)| match t {
                tables::ImportTarget::Dir(d) => Some(*d),
                tables::ImportTarget::External => None,
            }))
            .chain(f.dots.iter().copied())
            .map(|d| &self.tables.dirs[d as usize].elsewhere)
            .filter(|e| !e.is_empty())
            .collect();
        out.dedup_by(|a, b| std::ptr::eq(*a, *b));
        out
    }

    /// Whether file `g` is compiled on the target and can reach such a name at all.
    fn names_for(&self, g: usize) -> bool {
        self.compiled[self.tables.files[g].dir as usize] && !self.dirs_of(g).is_empty()
    }

    /// Whether file `g`'s bytes hold one of the names it can reach as an identifier (in code,
    /// a comment or a string: a superset of the references a walk finds).
    fn mentioned(&self, g: usize, src: &[u8]) -> bool {
        let sets = self.dirs_of(g);
        let ident = |c: &u8| crate::facts::lexer::is_ident_byte(*c);
        let mut i = 0;
        while i < src.len() {
            // The next word, and the end of it.
            let Some(k) = src[i..].iter().position(ident) else {
                break;
            };
            let start = i + k;
            i = start
                + src[start..]
                    .iter()
                    .position(|c| !ident(c))
                    .unwrap_or(src.len() - start);
            let k = Self::key(&src[start..i]);
            if src[start].is_ascii_digit() || self.keys[k >> 6] & (1 << (k & 63)) == 0 {
                continue;
            }
            if let Some(word) = crate::facts::lexer::as_str(&src[start..i])
                && sets.iter().any(|s| s.contains(word))
            {
                return true;
            }
        }
        false
    }
}

/// The edges of the flows (docs/RULES.md §7) the walks wrote, given the graph's other `edges`
/// and the interface calls' `targets`; counts the calls they resolve.
fn flow_edges(
    tables: &Tables,
    flows: walk::Flows,
    edges: &[Edge],
    entries: &[entries::Entry],
    targets: &tables::HashMap<(u32, u32), Vec<u32>>,
    counts: &mut CallSites,
) -> Vec<Edge> {
    // The functions something calls (an edge, a handler, a `main`): what they give away
    // flows on.
    let mut called = vec![false; tables.funcs.len()];
    for e in edges {
        called[e.to as usize] = true;
    }
    for e in entries {
        if let Probed::Func(h) = e.handler {
            called[h as usize] = true;
        }
    }
    for (k, f) in tables.funcs.iter().enumerate() {
        if f.name == "main"
            && f.receiver.is_empty()
            && tables.dirs[f.dir as usize].package == "main"
        {
            called[k] = true;
        }
    }
    let found = values::edges(tables, flows, &called, targets);
    // A flow edge beside the interface edge of the same call and callee says nothing more.
    let cha: tables::HashSet<(u32, u32, u32)> = edges
        .iter()
        .filter(|e| e.how == walk::How::Interface)
        .map(|e| (e.from, e.at, e.to))
        .collect();
    let found: Vec<Edge> = found
        .into_iter()
        .filter(|e| e.how != walk::How::Flow || !cha.contains(&(e.from, e.at, e.to)))
        .collect();
    // The calls they resolve, each once.
    let mut resolved: Vec<(walk::How, u32, u32)> =
        found.iter().map(|e| (e.how, e.from, e.at)).collect();
    resolved.sort_unstable();
    resolved.dedup();
    counts.value = resolved.iter().filter(|r| r.0 == walk::How::Value).count() as u64;
    counts.flow = resolved.iter().filter(|r| r.0 == walk::How::Flow).count() as u64;
    found
}

/// An interface call's edges to its targets (more than [`MAX_FANOUT`] of them is a guess, not
/// made: `wide`; none, `unimplemented`), the targets reached.
fn add_interface_edges(
    s: &walk::IfaceSite,
    targets: Vec<u32>,
    edges: &mut Vec<Edge>,
    counts: &mut CallSites,
    reached: &mut Vec<u32>,
) {
    match targets.len() {
        0 => counts.unimplemented += 1,
        n if n > MAX_FANOUT => counts.wide += 1,
        _ => {
            counts.interface += 1;
            reached.extend(targets.iter().copied());
            edges.extend(targets.into_iter().map(|f| Edge {
                from: s.from,
                to: f,
                line: s.line,
                at: s.at,
                how: walk::How::Interface,
            }));
        }
    }
}

/// The walk of what the first walks reach ([`Index::finish`] without `whole`).
struct Reach<'a> {
    tables: &'a Tables,
    source: &'a dyn FileSource,
    /// Graph file g is the scan's file `scanned[g]`.
    scanned: &'a [usize],
    /// Per function: walked, or handed on to be.
    walked: &'a [AtomicBool],
    /// Per graph file: its bytes, once read (`None`: it could not be read again).
    bytes: Vec<OnceLock<Option<Vec<u8>>>>,
    targets_of: &'a (dyn Fn(u32, u32, &str) -> Vec<u32> + Sync),
    /// The edges found, the calls counted, the interface sites resolved.
    found: Mutex<(Vec<Edge>, CallSites, usize)>,
}

impl<'a> Reach<'a> {
    /// Hands the functions `reached` that nobody has walked or is walking to the pool, one
    /// job per file.
    fn hand_on<'s>(&'s self, s: &rayon::Scope<'s>, mut reached: Vec<u32>)
    where
        'a: 's,
    {
        reached.retain(|&f| !self.walked[f as usize].swap(true, AtomicOrdering::Relaxed));
        let file = |f: &u32| self.tables.funcs[*f as usize].file;
        reached.sort_unstable_by_key(|f| (file(f), *f));
        for run in reached.chunk_by(|a, b| file(a) == file(b)) {
            let (g, fs) = (file(&run[0]) as usize, run.to_vec());
            s.spawn(move |s| self.walk(s, g, fs));
        }
    }

    /// Walks functions `fs` of graph file `g`, then hands on what they reach.
    fn walk<'s>(&'s self, s: &rayon::Scope<'s>, g: usize, fs: Vec<u32>)
    where
        'a: 's,
    {
        let bytes = self.bytes[g].get_or_init(|| read_bytes(self.source, self.scanned[g]).ok());
        let Some(b) = bytes else {
            return;
        };
        let w = walk::walk_file(self.tables, g as u32, b, &fs, walk::Asked::default());
        let mut reached: Vec<u32> = w.edges.iter().map(|e| e.to).collect();
        let mut edges = w.edges;
        let mut counts = w.counts;
        for site in &w.iface_sites {
            let dir = self.tables.funcs[site.from as usize].dir;
            let targets = (self.targets_of)(dir, site.iface, &site.name);
            add_interface_edges(site, targets, &mut edges, &mut counts, &mut reached);
        }
        {
            let mut found = self.found.lock().unwrap_or_else(|e| e.into_inner());
            found.0.append(&mut edges);
            found.1.add(&counts);
            found.2 += w.iface_sites.len();
        }
        self.hand_on(s, reached);
    }
}

/// What `pick` takes of each declaration of the files `chosen`, by file (files with none left
/// out).
fn per_file<T>(
    files: &[ScannedFile],
    chosen: &[usize],
    pick: impl Fn(&crate::facts::decls::Decl) -> Option<T>,
) -> tables::HashMap<usize, Vec<T>> {
    chosen
        .iter()
        .filter_map(|&i| {
            let v: Vec<T> = files[i]
                .facts
                .as_ref()?
                .decls
                .iter()
                .filter_map(&pick)
                .collect();
            (!v.is_empty()).then_some((i, v))
        })
        .collect()
}

/// A tree without go.mod (a GOPATH project, moby before v29 had vendor.mod, older releases
/// neither): its module path is the prefix most import paths share before a directory of the
/// tree (`github.com/docker/docker` for `github.com/docker/docker/daemon` and `daemon/`),
/// when at least 10 imports agree.
fn infer_module(files: &[ScannedFile]) -> Option<String> {
    let dirs: std::collections::HashSet<&str> = files
        .iter()
        .filter(|f| f.package.is_some() && !f.rel.starts_with("vendor/"))
        .map(|f| f.dir())
        .filter(|d| *d != ".")
        .collect();
    let mut votes: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for f in files.iter().filter(|f| !f.rel.starts_with("vendor/")) {
        for p in f.import_paths.iter() {
            // Every split of the path whose tail is a directory of the tree.
            for (i, _) in p.match_indices('/') {
                if dirs.contains(&p[i + 1..]) {
                    *votes.entry(&p[..i]).or_default() += 1;
                    break;
                }
            }
        }
    }
    votes
        .into_iter()
        .filter(|&(_, n)| n >= 10)
        .max_by_key(|&(prefix, n)| (n, std::cmp::Reverse(prefix)))
        .map(|(p, _)| p.to_string())
}

/// Per package, the package-level names its non-test files declare on some compared platform
/// but on the target in none.
fn names_elsewhere(files: &[ScannedFile], target_bit: u64) -> Vec<tables::Elsewhere> {
    use std::collections::BTreeMap;
    // Only directories with a file built elsewhere but not on the target can have such names.
    let other_dirs: tables::HashSet<&str> = files
        .iter()
        .filter(|f| !f.test && f.mask != 0 && f.mask & target_bit == 0 && f.facts.is_some())
        .map(|f| f.dir())
        .collect();
    let mut on_target: tables::HashMap<&str, tables::HashSet<&str>> = tables::HashMap::default();
    let mut all: BTreeMap<&str, (&str, Vec<&str>)> = BTreeMap::new();
    for f in files {
        let (Some(facts), Some(package)) = (&f.facts, &f.package) else {
            continue;
        };
        if f.test || f.mask == 0 || !other_dirs.contains(f.dir()) {
            continue;
        }
        let names = facts
            .decls
            .iter()
            .filter(|d| d.receiver.is_empty() && d.name != "_" && d.name != "init")
            .map(|d| d.name.as_str());
        if f.mask & target_bit != 0 {
            on_target.entry(f.dir()).or_default().extend(names);
        } else {
            let e = all.entry(f.dir()).or_insert((package.as_str(), Vec::new()));
            e.1.extend(names);
        }
    }
    all.into_iter()
        .filter_map(|(dir, (package, names))| {
            let here = on_target.get(dir);
            let mut names: Vec<compact_str::CompactString> = names
                .into_iter()
                .filter(|n| !here.is_some_and(|h| h.contains(n)))
                .map(compact_str::CompactString::new)
                .collect();
            names.sort();
            names.dedup();
            (!names.is_empty()).then(|| tables::Elsewhere {
                dir: dir.to_string(),
                package: package.to_string(),
                names,
            })
        })
        .collect()
}

fn read_bytes(source: &dyn FileSource, i: usize) -> Result<Vec<u8>, String> {
    let (mut r, size) = source.open(i).map_err(|e| e.to_string())?;
    let mut buf = Vec::with_capacity(size.unwrap_or(0) as usize);
    crate::source::read_all(&mut r, &mut buf).map_err(|e| e.to_string())?;
    Ok(buf)
}

/// The edges as the JSON gives them.
pub fn edges_of(g: &Graph) -> Vec<crate::model::CallEdge> {
    g.edges
        .iter()
        .map(|e| crate::model::CallEdge {
            from: g.tables.id(e.from),
            to: g.tables.id(e.to),
            file: g.tables.files[g.tables.funcs[e.from as usize].file as usize]
                .rel
                .clone(),
            line: e.line,
            how: e.how.as_str().to_string(),
        })
        .collect()
}

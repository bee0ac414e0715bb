//! The call graph on the target platform, from the code built there (docs/RULES.md §8).
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

pub mod shapes;
pub mod tables;
pub mod walk;

use rayon::prelude::*;

use crate::scan::{FileSource, ScannedFile};
use tables::{FileInput, Tables};
use walk::{Counts, Edge, Probe, Probed};

/// The graph of a scan.
pub struct Graph {
    /// The index it was resolved against.
    pub tables: Tables,
    /// Every edge, by (file, line, from, to, how).
    pub edges: Vec<Edge>,
    /// The call sites, by kind.
    pub counts: Counts,
    /// The probes' values, in the order given.
    pub probed: Vec<Probed>,
    /// Files that could not be read again (path and message).
    pub unread: Vec<(String, String)>,
}

/// Builds the graph of the non-test files of `files` built on the target (`target_bit`),
/// reading their bytes again through `source` (the scan's order: `files[i]` is
/// `source.open(i)`). `probes` are expressions to evaluate, by index into `files`.
pub fn build(
    files: &[ScannedFile],
    source: &dyn FileSource,
    target_bit: u64,
    module: Option<&str>,
    probes: &[(usize, Probe)],
) -> Graph {
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
    // Step 1: shapes, in parallel.
    let read: Vec<Result<shapes::FileShapes, String>> = chosen
        .par_iter()
        .map(|&i| read_bytes(source, i).map(|b| shapes::read(&b)))
        .collect();
    let mut unread = Vec::new();
    let mut kept: Vec<(usize, shapes::FileShapes)> = Vec::with_capacity(chosen.len());
    for (&i, r) in chosen.iter().zip(read) {
        match r {
            Ok(s) => kept.push((i, s)),
            Err(e) => unread.push((files[i].rel.clone(), e)),
        }
    }
    // Step 2: the index.
    let inputs: Vec<FileInput> = kept
        .iter()
        .map(|(i, s)| {
            let f = &files[*i];
            FileInput {
                rel: &f.rel,
                dir: f.dir(),
                package: f.package.as_deref().unwrap_or(""),
                imports: &s.imports,
                shapes: s,
            }
        })
        .collect();
    let mut tables = Tables::build(&inputs, module);
    drop(inputs);
    // Package-level variables typed by their initializers, in file order.
    let inferred: Vec<(usize, tables::TyId)> = tables
        .vars
        .iter()
        .enumerate()
        .filter_map(|(k, v)| {
            let (text, line) = v.value.as_ref()?;
            Some((k, walk::infer(&tables, v.file, text, *line)))
        })
        .collect();
    for (k, ty) in inferred {
        tables.vars[k].ty = ty;
    }
    drop(kept);
    // Step 3: the bodies, file by file.
    let mut by_file: Vec<Vec<u32>> = vec![Vec::new(); tables.files.len()];
    for (k, f) in tables.funcs.iter().enumerate() {
        by_file[f.file as usize].push(k as u32);
    }
    let index_of: std::collections::HashMap<&str, usize> = tables
        .files
        .iter()
        .enumerate()
        .map(|(g, f)| (f.rel.as_str(), g))
        .collect();
    let mut file_probes: Vec<Vec<(usize, Probe)>> = vec![Vec::new(); tables.files.len()];
    for (k, &(i, p)) in probes.iter().enumerate() {
        if let Some(&g) = index_of.get(files[i].rel.as_str()) {
            file_probes[g].push((k, p));
        }
    }
    let scanned_index: std::collections::HashMap<&str, usize> =
        chosen.iter().map(|&i| (files[i].rel.as_str(), i)).collect();
    let walks: Vec<(walk::FileWalk, Vec<usize>)> = (0..tables.files.len())
        .into_par_iter()
        .map(|g| {
            let i = scanned_index[tables.files[g].rel.as_str()];
            let mine: Vec<Probe> = file_probes[g].iter().map(|(_, p)| *p).collect();
            let ks: Vec<usize> = file_probes[g].iter().map(|(k, _)| *k).collect();
            match read_bytes(source, i) {
                Ok(b) => (
                    walk::walk_file(&tables, g as u32, &b, &by_file[g], &mine),
                    ks,
                ),
                Err(_) => (walk::FileWalk::default(), ks),
            }
        })
        .collect();
    let mut edges = Vec::new();
    let mut counts = Counts::default();
    let mut probed = vec![Probed::Unknown; probes.len()];
    for (w, ks) in walks {
        edges.extend(w.edges);
        counts.add(&w.counts);
        for (k, p) in ks.into_iter().zip(w.probed) {
            probed[k] = p;
        }
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
    Graph {
        tables,
        edges,
        counts,
        probed,
        unread,
    }
}

fn read_bytes(source: &dyn FileSource, i: usize) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let (mut r, size) = source.open(i).map_err(|e| e.to_string())?;
    let mut buf = Vec::with_capacity(size.unwrap_or(0) as usize);
    r.read_to_end(&mut buf).map_err(|e| e.to_string())?;
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

/// The call sites' counts as the JSON gives them.
pub fn sites_of(g: &Graph) -> crate::model::CallSites {
    let c = &g.counts;
    crate::model::CallSites {
        static_calls: c.static_calls,
        interface: c.interface_calls,
        unimplemented: c.unimplemented,
        external: c.external,
        builtin: c.builtin,
        dynamic: c.dynamic,
        unresolved: c.unresolved,
        edges: g.edges.len() as u64,
    }
}

//! Entry points — HTTP routes, CLI commands, what a pack declares — and the gaps each reaches
//! on the target (docs/RULES.md §8).
//!
//! A pack's `entry-point` query (docs/QUERIES.md) finds where an entry point is declared and
//! captures its `@handler`; the call-graph walk types that expression where it stands (a
//! method value `r.getContainersChanges`, a function, a function literal). From the handler,
//! a breadth-first walk of the call graph finds the gaps it reaches and one shortest path to
//! each.

use super::tables::HashMap;
use std::cell::RefCell;

use rayon::prelude::*;
use tree_sitter::{Parser, QueryCursor, StreamingIterator};

use super::Graph;
use super::walk::{How, Probe, Probed};
use crate::facts::lexer;
use crate::facts::packs::{Meaning, PackQuery};
use crate::model::{EntryPoint, EntryStatus, Reach, Report, Status};

/// An entry point found in a file.
#[derive(Clone, Debug)]
pub struct Found {
    /// Its kind (`route`, `command`).
    pub kind: String,
    /// Its name (`GET /containers/{name:.*}/changes`).
    pub name: String,
    /// Line of the handler.
    pub line: u32,
    /// The handler's expression.
    pub probe: Probe,
}

thread_local! {
    static PARSER: RefCell<Option<Parser>> = const { RefCell::new(None) };
}

/// Whether the file's bytes may hold a match of one of the queries.
pub fn may_hold(src: &[u8], queries: &[&PackQuery]) -> bool {
    queries.iter().any(|q| {
        q.needles
            .iter()
            .any(|n| memchr::memmem::find(src, n.as_bytes()).is_some())
    })
}

/// The entry points the queries find in a file, in source order.
pub fn find(src: &[u8], queries: &[&PackQuery]) -> Vec<Found> {
    // Code nested deeper than go/parser accepts is not parsed (tree-sitter would recurse).
    if lexer::nested_deeper_than(src, 0, src.len(), crate::facts::guards::MAX_NESTING).is_some() {
        return Vec::new();
    }
    let Some(tree) = PARSER.with(|p| {
        let mut p = p.borrow_mut();
        p.get_or_insert_with(crate::facts::guards::new_parser)
            .parse(src, None)
    }) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for q in queries {
        let Meaning::EntryPoint { kind, name } = &q.meaning else {
            continue;
        };
        if !may_hold(src, &[q]) {
            continue;
        }
        let mut cursor = QueryCursor::new();
        let mut matches = cursor.matches(&q.query, tree.root_node(), src);
        while let Some(m) = matches.next() {
            let Some(handler) = m.captures().iter().find(|c| c.index == q.subject) else {
                continue;
            };
            let text_of = |cap: &str| -> String {
                let Some(idx) = q.query.capture_index_for_name(cap) else {
                    return String::new();
                };
                m.captures()
                    .iter()
                    .find(|c| c.index == idx)
                    .map(|c| {
                        let t = &src[c.node.start_byte()..c.node.end_byte()];
                        let text = if matches!(
                            c.node.kind(),
                            "interpreted_string_literal" | "raw_string_literal"
                        ) {
                            lexer::unquote(t)
                        } else {
                            String::from_utf8_lossy(t).into_owned()
                        };
                        // A word the pack maps the text to (`NewGetRoute` → `GET`).
                        q.maps
                            .iter()
                            .filter(|(m, _)| m == cap)
                            .flat_map(|(_, pairs)| pairs)
                            .find(|(k, _)| *k == text)
                            .map_or(text.clone(), |(_, v)| v.clone())
                    })
                    .unwrap_or_default()
            };
            let rendered: Vec<String> = name
                .split(' ')
                .map(|w| match w.strip_prefix('@') {
                    Some(cap) => text_of(cap),
                    None => w.to_string(),
                })
                .collect();
            let node = handler.node;
            out.push(Found {
                kind: kind.clone(),
                name: rendered.join(" "),
                line: node.start_position().row as u32 + 1,
                probe: Probe {
                    at: node.start_byte() as u32,
                    end: node.end_byte() as u32,
                },
            });
        }
    }
    out.sort_by_key(|f| (f.probe.at, f.name.clone()));
    out.dedup_by_key(|f| (f.probe.at, f.name.clone()));
    out
}

/// An entry point of the graph, its handler typed.
#[derive(Clone, Debug)]
pub struct Entry {
    /// What the query found.
    pub found: Found,
    /// The file.
    pub file: String,
    /// What the handler is.
    pub handler: Probed,
}

/// A gap reached by at least this many entry points of a kind, and by more than half of
/// them, is shared plumbing (docs/RULES.md §8).
pub const SHARED_MIN: usize = 10;

/// What a caller on the target meets in an API, when it is a gap: its status, or, for an API
/// only the target has whose body only fails (`return errors.New("… not supported")`),
/// `unsupported` — its status is the target's own, but its callers meet a refusal.
fn met(report: &Report, a: &crate::model::Api) -> Option<Status> {
    // A gap a definition built on the target has (a missing API has none, so nothing built
    // there calls it).
    if crate::diff::is_gap(a.status) && a.status != Status::Missing {
        return Some(a.status);
    }
    (a.status == Status::WindowsOnly && matches!(report.target_body(a), "error" | "panic"))
        .then_some(Status::Unsupported)
}

/// The entry points of the report: each with the gaps it reaches on the target and its
/// status (docs/RULES.md §8).
pub fn entry_points(g: &Graph, report: &Report) -> Vec<EntryPoint> {
    let t = &g.tables;
    // The report's APIs are in id order (the join's): found by binary search, without a map
    // of all of them (176,917 on moby with vendor: 15–19 ms on one thread); a map if not.
    let sorted = report.apis.par_windows(2).all(|w| w[0].id < w[1].id);
    let map: Option<HashMap<&str, &crate::model::Api>> =
        (!sorted).then(|| report.apis.iter().map(|a| (a.id.as_str(), a)).collect());
    let api = |id: &str| -> Option<&crate::model::Api> {
        match &map {
            Some(m) => m.get(id).copied(),
            None => report
                .apis
                .binary_search_by(|a| a.id.as_str().cmp(id))
                .ok()
                .map(|i| &report.apis[i]),
        }
    };
    // Ids and gaps of the functions the walks reach, worked out once each.
    let ids: Vec<std::sync::OnceLock<String>> = (0..t.funcs.len())
        .map(|_| std::sync::OnceLock::new())
        .collect();
    let id = |f: u32| -> &str { ids[f as usize].get_or_init(|| t.id(f)) };
    let gaps: Vec<std::sync::OnceLock<Option<(&crate::model::Api, Status)>>> = (0..t.funcs.len())
        .map(|_| std::sync::OnceLock::new())
        .collect();
    let gap = |f: u32| {
        *gaps[f as usize].get_or_init(|| {
            let a = api(id(f))?;
            met(report, a).map(|s| (a, s))
        })
    };
    // Callees of each function, each once (the first edge's kind).
    let mut callees: Vec<Vec<(u32, How)>> = vec![Vec::new(); t.funcs.len()];
    // Not the edges of the flows (`value`, `flow`): the lazy walk of a scan without `--calls`
    // does not find them, and a feature's status must not depend on that flag (§8).
    for e in g
        .edges
        .iter()
        .filter(|e| matches!(e.how, How::Static | How::Interface))
    {
        let c = &mut callees[e.from as usize];
        if !c.iter().any(|(to, _)| *to == e.to) {
            c.push((e.to, e.how));
        }
    }
    // One walk per entry point, in parallel; each thread's `parent` and `depth` are reset
    // after each walk.
    let n = t.funcs.len();
    let fresh = || (vec![u32::MAX; n], vec![u32::MAX; n]);
    let mut out: Vec<EntryPoint> = g
        .entries
        .par_iter()
        .map_init(fresh, |(parent, depth), e| {
            // The walk starts at the handler, or at what a literal handler calls.
            let (handler, seeds): (Option<u32>, Vec<u32>) = match &e.handler {
                Probed::Func(f) => (Some(*f), vec![*f]),
                Probed::Literal {
                    within, callees, ..
                } => (Some(*within), callees.clone()),
                Probed::Detached { callees, .. } => (None, callees.clone()),
                Probed::Unknown => (None, Vec::new()),
            };
            // A literal's calls are one call from the handler (for a literal outside any function,
            // the variable holding it, named by `detached`).
            let detached = match &e.handler {
                Probed::Detached { handler, .. } => Some(handler.clone()),
                _ => None,
            };
            let literal = matches!(e.handler, Probed::Literal { .. } | Probed::Detached { .. });
            let mut seen: Vec<u32> = Vec::new();
            let mut queue = std::collections::VecDeque::new();
            for &s in &seeds {
                if depth[s as usize] == u32::MAX {
                    depth[s as usize] = u32::from(literal);
                    parent[s as usize] = if literal {
                        handler.unwrap_or(u32::MAX)
                    } else {
                        u32::MAX
                    };
                    seen.push(s);
                    queue.push_back(s);
                }
            }
            let mut reaches = Vec::new();
            while let Some(f) = queue.pop_front() {
                if let Some((api, met)) = gap(f) {
                    let mut path = vec![id(f).to_string()];
                    let mut p = parent[f as usize];
                    while p != u32::MAX {
                        path.push(id(p).to_string());
                        p = if Some(p) == handler && literal {
                            u32::MAX
                        } else {
                            parent[p as usize]
                        };
                    }
                    if let Some(h) = &detached {
                        path.push(h.clone());
                    }
                    path.reverse();
                    reaches.push(Reach {
                        api: api.id.clone(),
                        status: met,
                        messages: api.messages.clone(),
                        depth: depth[f as usize],
                        shared: false,
                        path,
                    });
                }
                for &(to, _) in &callees[f as usize] {
                    if depth[to as usize] == u32::MAX {
                        depth[to as usize] = depth[f as usize] + 1;
                        parent[to as usize] = f;
                        seen.push(to);
                        queue.push_back(to);
                    }
                }
            }
            for s in seen {
                depth[s as usize] = u32::MAX;
                parent[s as usize] = u32::MAX;
            }
            reaches.sort_by(|a, b| (a.depth, &a.api).cmp(&(b.depth, &b.api)));
            EntryPoint {
                kind: e.found.kind.clone(),
                name: e.found.name.clone(),
                handler: handler.map(|h| id(h).to_string()).or(detached),
                file: e.file.clone(),
                line: e.found.line,
                status: EntryStatus::Unknown,
                depth: None,
                reaches,
            }
        })
        .collect();
    // Gaps that most entry points of a kind reach are plumbing they share (a connection
    // helper, a logger), not what tells one feature from another: they do not decide a status.
    let mut reached: HashMap<(String, String), usize> = HashMap::default();
    let mut of_kind: HashMap<String, usize> = HashMap::default();
    for e in &out {
        *of_kind.entry(e.kind.clone()).or_default() += 1;
        for r in &e.reaches {
            *reached.entry((e.kind.clone(), r.api.clone())).or_default() += 1;
        }
    }
    for e in &mut out {
        for r in &mut e.reaches {
            let n = reached[&(e.kind.clone(), r.api.clone())];
            r.shared = n >= SHARED_MIN && 2 * n > of_kind[&e.kind];
        }
        let nearest = e
            .reaches
            .iter()
            .filter(|r| !r.shared)
            .map(|r| r.depth)
            .min();
        e.depth = nearest;
        e.status = match (&e.handler, nearest) {
            (None, _) => EntryStatus::Unknown,
            (Some(_), None) => EntryStatus::Works,
            (Some(_), Some(d)) => e
                .reaches
                .iter()
                .filter(|r| !r.shared && r.depth == d)
                .map(|r| EntryStatus::meeting(r.status))
                .min()
                .unwrap_or(EntryStatus::Works),
        };
    }
    out
}

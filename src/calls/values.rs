//! The flows (docs/RULES.md §7): which functions and methods, named as values
//! (`router.NewGetRoute("/info", r.getInfo)`), reach which calls of function values
//! (`handler(ctx, w, r, vars)` in a middleware), and which concrete types reach which
//! interface calls' receivers (`s.Area()`, `err.Error()`).
//!
//! The walk writes what flows into which [`Slot`] — a parameter, a result, a struct field,
//! a local or package-level variable, an interface call's argument or result, a container —
//! and which calls read a value from a slot. Here the slots are linked through the interface
//! calls' targets (an argument flows to each target's parameter, each target's result to
//! the call's), each slot's set is the union of what flows into it, found by a worklist over
//! the slots, and each call gets an edge `value` to every function its slot holds, or `flow`
//! to the method of every concrete type. Field-based, as Go's VTA is: one slot per field of a
//! type, not one per value of it. Function literals are no values here (Go's graph folds no
//! closure into a callee either).

use super::tables::{HashMap, Selected, Tables};
use super::walk::{Edge, Flows, How, Slot, Src};

/// In a slot's set, a concrete type (its index with this bit) rather than a function.
const TYPE: u32 = 1 << 31;

/// The edges of the flows the walks wrote: `value` of the calls of function values, `flow` of
/// the interface calls to the methods of the concrete types flowing to their receivers and of
/// the calls of `error`'s methods to the error types that `called` functions give away;
/// `targets` maps an interface call (its graph file and the byte of its `(`) to the methods
/// it reaches by methods.
pub fn edges(
    tables: &Tables,
    flows: Flows,
    called: &[bool],
    targets: &HashMap<(u32, u32), Vec<u32>>,
) -> Vec<Edge> {
    let Flows {
        flows,
        value_sites: sites,
        type_sites,
        given,
        error_sites,
    } = flows;
    let mut g = Graph::default();
    // The errors: the concrete types with an `Error` method whose values a function that is
    // called (or code outside any function) gives to an interface.
    let mut errors: Vec<u32> = given
        .iter()
        .filter(|&&(f, _)| called.get(f as usize).copied().unwrap_or(true))
        .map(|&(_, n)| n)
        .collect();
    errors.sort_unstable();
    errors.dedup();
    errors.retain(|&n| matches!(tables.select(n, b"Error"), Selected::Method(_)));
    for (src, dst) in flows {
        let d = g.node(dst);
        match src {
            Src::Func(f) => g.funcs[d as usize].push(f),
            Src::Type(n) => g.funcs[d as usize].push(n | TYPE),
            Src::Slot(s) => {
                let s = g.node(s);
                g.succ[s as usize].push(d);
            }
        }
    }
    // The slots the calls read from (an interface call's result may be read and written
    // nowhere else: `route.Handler()(…)`).
    for s in &sites {
        g.node(s.slot.clone());
    }
    for s in &type_sites {
        g.node(s.slot.clone());
    }
    // An interface call's arguments go to its targets' parameters, their results to its.
    let site_slots: Vec<(Slot, u32)> = g
        .ids
        .iter()
        .filter(|(s, _)| matches!(s, Slot::SiteParam(..) | Slot::SiteResult(..)))
        .map(|(s, &n)| (s.clone(), n))
        .collect();
    for (slot, n) in site_slots {
        match slot {
            Slot::SiteParam(file, at, k) => {
                for &t in targets.get(&(file, at)).map_or(&[][..], Vec::as_slice) {
                    let p = g.node(Slot::Param(t, k));
                    g.succ[n as usize].push(p);
                }
            }
            Slot::SiteResult(file, at, k) => {
                for &t in targets.get(&(file, at)).map_or(&[][..], Vec::as_slice) {
                    let r = g.node(Slot::Result(t, k));
                    g.succ[r as usize].push(n);
                }
            }
            _ => {}
        }
    }
    g.propagate();
    let mut out = Vec::new();
    for s in &sites {
        let Some(&n) = g.ids.get(&s.slot) else {
            continue;
        };
        out.extend(
            g.funcs[n as usize]
                .iter()
                .filter(|&&x| x & TYPE == 0)
                .map(|&to| Edge {
                    from: s.from,
                    to,
                    line: s.line,
                    at: s.at,
                    how: How::Value,
                }),
        );
    }
    for s in &type_sites {
        let Some(&n) = g.ids.get(&s.slot) else {
            continue;
        };
        for &x in g.funcs[n as usize].iter().filter(|&&x| x & TYPE != 0) {
            if let Selected::Method(to) = tables.select(x & !TYPE, s.name.as_bytes()) {
                out.push(Edge {
                    from: s.from,
                    to,
                    line: s.line,
                    at: s.at,
                    how: How::Flow,
                });
            }
        }
    }
    for (from, line, at, name) in &error_sites {
        let dir = tables.funcs[*from as usize].dir;
        for &n in &errors {
            if !tables.meet(dir, tables.types[n as usize].dir) {
                continue;
            }
            if let Selected::Method(to) = tables.select(n, name.as_bytes()) {
                out.push(Edge {
                    from: *from,
                    to,
                    line: *line,
                    at: *at,
                    how: How::Flow,
                });
            }
        }
    }
    out
}

/// The slots, what flows between them, and the functions each holds.
#[derive(Default)]
struct Graph {
    ids: HashMap<Slot, u32>,
    /// Per slot: the slots its value flows to.
    succ: Vec<Vec<u32>>,
    /// Per slot: the functions and the concrete types ([`TYPE`]) it holds (sorted and each once
    /// after [`Graph::propagate`]).
    funcs: Vec<Vec<u32>>,
}

impl Graph {
    fn node(&mut self, s: Slot) -> u32 {
        let next = self.succ.len() as u32;
        let n = *self.ids.entry(s).or_insert(next);
        if n == next {
            self.succ.push(Vec::new());
            self.funcs.push(Vec::new());
        }
        n
    }

    /// Each slot's functions: its own and those of every slot flowing into it. A worklist
    /// (first in, first out) of the slots with something not yet handed on: each hands only
    /// that on to its successors, so a function crosses each flow once (sets only grow, and
    /// are bounded by the functions and types named as values).
    fn propagate(&mut self) {
        for f in &mut self.funcs {
            f.sort_unstable();
            f.dedup();
        }
        for s in &mut self.succ {
            s.sort_unstable();
            s.dedup();
        }
        let mut pending: Vec<Vec<u32>> = self.funcs.clone();
        let mut queued: Vec<bool> = pending.iter().map(|f| !f.is_empty()).collect();
        let mut work: std::collections::VecDeque<u32> = (0..pending.len() as u32)
            .filter(|&n| queued[n as usize])
            .collect();
        while let Some(n) = work.pop_front() {
            queued[n as usize] = false;
            let delta = std::mem::take(&mut pending[n as usize]);
            for &d in &self.succ[n as usize] {
                if d == n {
                    continue;
                }
                let added = merge(&mut self.funcs[d as usize], &delta);
                if added.is_empty() {
                    continue;
                }
                merge(&mut pending[d as usize], &added);
                if !queued[d as usize] {
                    queued[d as usize] = true;
                    work.push_back(d);
                }
            }
        }
    }
}

/// `into` ∪ `from`, both sorted and each once; returns what `from` added, sorted.
fn merge(into: &mut Vec<u32>, from: &[u32]) -> Vec<u32> {
    let added: Vec<u32> = from
        .iter()
        .copied()
        .filter(|f| into.binary_search(f).is_err())
        .collect();
    if added.is_empty() {
        return added;
    }
    if added.len() * 8 < into.len() {
        // A few into many: inserted one by one.
        for &f in &added {
            if let Err(at) = into.binary_search(&f) {
                into.insert(at, f);
            }
        }
        return added;
    }
    let mut out = Vec::with_capacity(into.len() + added.len());
    let (mut i, mut j) = (0, 0);
    while i < into.len() || j < added.len() {
        match (into.get(i), added.get(j)) {
            (Some(&a), Some(&b)) if a < b => {
                out.push(a);
                i += 1;
            }
            (Some(_), Some(&b)) | (None, Some(&b)) => {
                out.push(b);
                j += 1;
            }
            (Some(&a), None) => {
                out.push(a);
                i += 1;
            }
            (None, None) => break,
        }
    }
    *into = out;
    added
}

#[cfg(test)]
mod tests {
    use super::merge;

    #[test]
    fn merge_keeps_a_sorted_union_each_once_and_says_what_it_added() {
        let mut a = vec![1, 4, 9];
        assert_eq!(merge(&mut a, &[0, 4, 5, 10]), vec![0, 5, 10]);
        assert_eq!(a, vec![0, 1, 4, 5, 9, 10]);
        assert_eq!(merge(&mut a, &[4, 9]), Vec::<u32>::new());
        assert_eq!(a, vec![0, 1, 4, 5, 9, 10]);
        let mut many: Vec<u32> = (0..100).map(|x| x * 2).collect();
        assert_eq!(merge(&mut many, &[7, 8]), vec![7]);
        assert_eq!(many.len(), 101);
        assert!(many.windows(2).all(|w| w[0] < w[1]));
    }
}

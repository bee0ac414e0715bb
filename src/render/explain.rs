//! `winparity explain`: one API side by side across platforms — and `debug header`, which shows
//! how a file's header reads.

use tree_sitter::{Query, QueryCursor, StreamingIterator};

use super::view::{View, display_name};
use crate::facts::guards::new_parser;
use crate::facts::lexer;
use crate::gobuild::BuildContext;
use crate::gobuild::filename::name_constraint;
use crate::gobuild::header::{Constraint, read_header};
use crate::model::{Api, Report};

/// Finds an API by id, or by a name that is unique: `Name`, `Recv.Name`, `dir.Name`,
/// `pkg.Name`, or the name the table, Markdown, HTML and SARIF print (`daemon.Daemon.Name`,
/// `pkg/system.Lsetxattr`). An unknown name is an error with the closest names, as the go
/// command and cargo suggest.
pub fn find<'r>(r: &'r Report, name: &str) -> Result<&'r Api, FindError> {
    if let Ok(i) = r.apis.binary_search_by(|a| a.id.as_str().cmp(name)) {
        return Ok(&r.apis[i]);
    }
    let hits: Vec<&Api> = r
        .apis
        .iter()
        .filter(|a| {
            a.name == name
                || (!a.receiver.is_empty() && format!("{}.{}", a.receiver, a.name) == name)
                || format!("{}.{}", a.package_dir, a.name) == name
                || format!("{}.{}", a.package, a.name) == name
                || display_name(a) == name
        })
        .collect();
    match hits.len() {
        0 => Err(FindError::Unknown {
            name: name.to_string(),
            close: closest(r, name),
        }),
        1 => Ok(hits[0]),
        n => Err(FindError::Ambiguous {
            name: name.to_string(),
            count: n,
            ids: hits
                .iter()
                .take(FindError::SHOWN)
                .map(|a| a.id.clone())
                .collect(),
        }),
    }
}

/// No API, or more than one, by the name `explain` was given.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FindError {
    /// None: with the closest names the reports print.
    #[error(
        "no API named {name:?}{} (an id like dir|Receiver|Name, or a name the reports print; `winparity scan --format json` lists them)",
        did_you_mean(close)
    )]
    Unknown {
        /// The name given.
        name: String,
        /// Up to three close names, most similar first.
        close: Vec<String>,
    },
    /// Several: the first [`FindError::SHOWN`] of their ids.
    #[error("{count} APIs are named {name:?}; give the id ({}): {}", which(*count), ids.join(", "))]
    Ambiguous {
        /// The name given.
        name: String,
        /// How many APIs have it.
        count: usize,
        /// Their first ids.
        ids: Vec<String>,
    },
}

impl FindError {
    /// Ids an ambiguous name lists.
    pub const SHOWN: usize = 10;
}

fn did_you_mean(close: &[String]) -> String {
    if close.is_empty() {
        String::new()
    } else {
        format!("; did you mean {}?", close.join(", "))
    }
}

fn which(n: usize) -> String {
    if n > FindError::SHOWN {
        format!("the first {} of {n}", FindError::SHOWN)
    } else {
        "they are".to_string()
    }
}

/// Up to three names the reports print that are closest to `name` (the normalized
/// Damerau-Levenshtein similarity of its last dotted or `|` part to an API's name, or of the
/// whole to the printed name, at least 0.75), most similar first.
fn closest(r: &Report, name: &str) -> Vec<String> {
    let tail = |s: &str| s.rsplit(['.', '|']).next().unwrap_or(s).to_lowercase();
    let want = tail(name);
    let mut scored: Vec<(f64, String)> = r
        .apis
        .iter()
        .map(|a| {
            let shown = display_name(a);
            let score = strsim::normalized_damerau_levenshtein(&want, &a.name.to_lowercase()).max(
                strsim::normalized_damerau_levenshtein(&name.to_lowercase(), &shown.to_lowercase()),
            );
            (score, shown)
        })
        .filter(|(score, _)| *score >= 0.75)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(3).map(|(_, n)| n).collect()
}

/// `explain --format json`: the API as the report has it, with its guards and refusals and
/// what was scanned — one object, for scripts.
pub fn json(v: &View, api: &Api) -> String {
    let r = v.report;
    let guards = v.guards(&api.id);
    let refusals = v.refusals(&api.id);
    let mut entry = Vec::new();
    api.write_json(&mut entry);
    let entry: serde_json::Value =
        serde_json::from_slice(&entry).expect("an API entry is valid JSON");
    let out = serde_json::json!({
        "schema_version": r.schema_version,
        "source": r.source,
        "target": r.target,
        "reference": r.reference,
        "api": entry,
        "guards": guards,
        "refusals": refusals,
        "callers": calls_of(r, &api.id, true),
        "callees": calls_of(r, &api.id, false),
        "entry_points": entries_reaching(r, &api.id),
    });
    let mut text = serde_json::to_string_pretty(&out).expect("serializable");
    text.push('\n');
    text
}

/// The calls of the graph (docs/RULES.md §7) into the API (`into`) or out of it.
fn calls_of<'r>(r: &'r Report, id: &str, into: bool) -> Vec<&'r crate::model::CallEdge> {
    r.calls
        .iter()
        .flatten()
        .filter(|c| if into { c.to == id } else { c.from == id })
        .collect()
}

/// The entry points that reach the API (docs/RULES.md §8): kind and name, depth, path.
fn entries_reaching(r: &Report, id: &str) -> Vec<serde_json::Value> {
    r.entry_points
        .iter()
        .filter_map(|e| {
            let x = e.reaches.iter().find(|x| x.api == id)?;
            Some(serde_json::json!({
                "kind": e.kind, "name": e.name, "depth": x.depth, "shared": x.shared, "path": x.path,
            }))
        })
        .collect()
}

/// The calls section of `explain`: who calls the API on the target and what it calls, and
/// the entry points reaching it.
fn calls_text(r: &Report, id: &str) -> String {
    let Some(_) = &r.calls else {
        return String::new();
    };
    let mut out = String::new();
    for (into, title) in [(true, "callers"), (false, "callees")] {
        let calls = calls_of(r, id, into);
        out += &format!("\n{title} on {} ({})\n", r.target, calls.len());
        for c in calls {
            let other = if into { &c.from } else { &c.to };
            out += &format!("  {other}  {}:{}  {}\n", c.file, c.line, c.how);
        }
    }
    let entries: Vec<_> = r
        .entry_points
        .iter()
        .filter_map(|e| e.reaches.iter().find(|x| x.api == id).map(|x| (e, x)))
        .collect();
    if !entries.is_empty() {
        out += &format!("\nentry points reaching it ({})\n", entries.len());
        for (e, x) in entries {
            out += &format!(
                "  {} {}  depth {}{}: {}\n",
                e.kind,
                e.name,
                x.depth,
                if x.shared { ", shared" } else { "" },
                x.path.join(" → ")
            );
        }
    }
    out
}

/// The declaration starting at line `from`, numbered: up to its closing brace, at most `max`
/// lines (then a line saying how many more there are).
pub fn source_lines(bytes: &[u8], from: u32, max: usize, numbered: bool) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut lines = Vec::new();
    let mut depth = 0i64;
    let mut opened = false;
    for (i, line) in text
        .lines()
        .enumerate()
        .skip(from.saturating_sub(1) as usize)
    {
        lines.push(if numbered {
            format!("    {:>5} | {}\n", i + 1, line)
        } else {
            format!("{:>5}  {}\n", i + 1, line)
        });
        depth += line.matches('{').count() as i64 - line.matches('}').count() as i64;
        opened |= line.contains('{');
        if depth <= 0 && (opened || !line.trim_end().ends_with('(')) {
            break;
        }
    }
    let more = lines.len().saturating_sub(max);
    lines.truncate(max);
    let mut out = lines.concat();
    if more > 0 {
        out += &format!(
            "{}… {more} more lines\n",
            if numbered { "          " } else { "       " }
        );
    }
    out
}

/// Renders one API: definitions per platform with their source, then its guards.
pub fn render(v: &View, a: &Api, read: &dyn Fn(&str) -> Option<Vec<u8>>) -> String {
    let r = v.report;
    let mut out = format!(
        "{}  ({} {}, package {})\n",
        a.id,
        if a.exported { "exported" } else { "unexported" },
        a.kind.as_str(),
        a.package
    );
    out += &format!(
        "status on {} (against {}): {}\n",
        r.target,
        r.reference,
        a.status.as_str()
    );
    for m in &a.messages {
        out += &format!("  message: {m}\n");
    }
    if !a.missing_fields.is_empty() {
        out += &format!(
            "  fields {} lacks: {}\n",
            r.target,
            a.missing_fields.join(", ")
        );
    }
    out += "\ndefinitions\n";
    for d in &a.definitions {
        let body = d
            .body
            .map(|b| format!(", body {}", b.as_str()))
            .unwrap_or_default();
        out += &format!(
            "  {}:{}  [{}]{body}\n",
            d.file,
            d.line,
            d.platforms.join(", ")
        );
        if let Some(bytes) = read(&d.file) {
            out += &source_lines(&bytes, d.line, 30, true);
        }
    }
    let guards = v.guards(&a.id);
    if !guards.is_empty() {
        out += "\nguards\n";
        for g in guards {
            out += &format!(
                "  {}:{}  {}  {}\n",
                g.file,
                g.line,
                g.effect.as_str(),
                g.condition
            );
            if let Some(m) = &g.message {
                out += &format!("    message: {m}\n");
            }
        }
    }
    let refusals = v.refusals(&a.id);
    if !refusals.is_empty() {
        out += &format!("\nrefusals inside the {} definition\n", r.target);
        for x in refusals {
            out += &format!("  {}:{}  {}\n", x.file, x.line, x.condition);
            if !x.fields.is_empty() {
                out += &format!("    refused: {}\n", x.fields.join(", "));
            }
            out += &format!("    message: {}\n", x.message);
        }
    }
    out += &calls_text(r, &a.id);
    out
}

/// The header query, embedded.
pub const HEADER_SCM: &str = include_str!("../../queries/header.scm");

/// Shows a file's header: the comments tree-sitter finds before the package clause, the
/// constraint Go's line rules take from them, and the platforms the file builds on.
pub fn dump_header(name: &str, bytes: &[u8], ctxs: &[BuildContext]) -> String {
    let (header, prefix) = read_header(&mut &bytes[..]);
    let mut toks = Vec::new();
    lexer::tokenize(&prefix.bytes, &mut toks);
    let end = toks
        .first()
        .map_or(prefix.bytes.len(), |t| t.start as usize);
    let head = &prefix.bytes[..end];
    let mut out = format!(
        "{name}: header is {end} bytes (before the package clause)\n\ncomments (tree-sitter, queries/header.scm):\n"
    );
    let mut parser = new_parser();
    let query = Query::new(&tree_sitter_go::LANGUAGE.into(), HEADER_SCM)
        .expect("the built-in header query compiles");
    if let Some(tree) = parser.parse(head, None) {
        let mut cursor = QueryCursor::new();
        let mut m = cursor.matches(&query, tree.root_node(), head);
        while let Some(m) = m.next() {
            for c in m.captures() {
                let text = String::from_utf8_lossy(&head[c.node.start_byte()..c.node.end_byte()]);
                for (i, line) in text.lines().enumerate() {
                    out += &format!(
                        "  line {:>3}: {line}\n",
                        c.node.start_position().row + 1 + i
                    );
                }
            }
        }
    }
    out += "\nconstraint (Go's line rules):\n";
    match (&header.error, &header.constraint) {
        (Some(e), _) => out += &format!("  error: {e}\n"),
        (None, Constraint::None) => out += "  none\n",
        (None, Constraint::GoBuild(x, line)) => out += &format!("  line {line}: //go:build {x}\n"),
        (None, Constraint::PlusBuild(lines)) => {
            for (x, line) in lines {
                out += &format!("  line {line}: // +build  →  {x}\n");
            }
        }
    }
    let by_name = name_constraint(name);
    out += &format!("\nfile name: {by_name:?}\n\nbuilt on:\n");
    for c in ctxs {
        let built = header.error.is_none() && by_name.matches(c) && header.should_build(c);
        out += &format!(
            "  {:<16} {}\n",
            c.platform.name,
            if built { "yes" } else { "no" }
        );
    }
    out
}

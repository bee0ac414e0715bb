//! `queries test`: what a query matches in a tree, for people writing packs.

use crate::facts::packs;
use crate::source::walk_dir;
use anyhow::{Context, Result, anyhow};
use std::path::Path;

/// `queries test`: runs one query over a tree's Go files and lists the matches.
pub(super) fn queries_test(
    query: &Path,
    root: &Path,
    vendor: bool,
    limit: usize,
) -> Result<String> {
    use tree_sitter::StreamingIterator;
    let text = std::fs::read_to_string(query)
        .with_context(|| format!("{}: cannot read", query.display()))?;
    let origin = query.display().to_string();
    // A pack query says what a match means; a plain query is shown as it is.
    let pack = text
        .lines()
        .any(|l| l.trim_start().starts_with("; winparity-query:"));
    let (compiled, needles, meaning) = if pack {
        let p = packs::compile(&origin, &text).map_err(|e| anyhow!(e))?;
        let meaning = p.describe();
        (p.query, p.needles, Some(meaning))
    } else {
        let q = packs::compile_go_query(&origin, &text).map_err(|e| anyhow!(e))?;
        (q, Vec::new(), None)
    };
    let listing = walk_dir(root, vendor);
    let mut parser = crate::facts::guards::new_parser();
    let mut out = String::new();
    if let Some(m) = &meaning {
        out += &format!("{origin}: a match means {m}\n");
    }
    let (mut files, mut shown, mut total) = (0, 0, 0);
    for f in &listing.files {
        let Ok(src) = std::fs::read(&f.path) else {
            continue;
        };
        if !needles.is_empty()
            && !needles
                .iter()
                .any(|n| memchr::memmem::find(&src, n.as_bytes()).is_some())
        {
            continue;
        }
        let Some(tree) = parser.parse(&src, None) else {
            continue;
        };
        files += 1;
        let mut cursor = tree_sitter::QueryCursor::new();
        let mut matches = cursor.matches(&compiled, tree.root_node(), src.as_slice());
        while let Some(m) = matches.next() {
            total += 1;
            if shown >= limit {
                continue;
            }
            shown += 1;
            let first = m
                .captures()
                .iter()
                .map(|c| c.node.start_position())
                .min()
                .unwrap_or_default();
            out += &format!("{}:{}:{}", f.rel, first.row + 1, first.column + 1);
            for c in m.captures() {
                let name = compiled.capture_names()[c.index as usize];
                let t = String::from_utf8_lossy(&src[c.node.start_byte()..c.node.end_byte()]);
                let t: String = t.split_whitespace().collect::<Vec<_>>().join(" ");
                let t = if t.chars().count() > 80 {
                    format!("{}…", t.chars().take(80).collect::<String>())
                } else {
                    t
                };
                out += &format!("  @{name}={t}");
            }
            out += "\n";
        }
    }
    out += &format!(
        "{total} matches in {files} files parsed ({} .go files in the tree)\n",
        listing.files.len()
    );
    if total > shown {
        out += &format!("({} more not shown; --limit)\n", total - shown);
    }
    Ok(out)
}

/// `winparity queries list`: the built-in packs and their files.
pub(super) fn run_list() -> Result<u8> {
    let mut out = String::new();
    for (name, files) in packs::BUILTIN {
        let when = match *name {
            "docker" => format!("to modules {}", packs::DOCKER_MODULES.join(", ")),
            "cobra" => format!("to modules that require {}", packs::COBRA_MODULE),
            "urfave-cli" => format!(
                "to modules that require {}",
                packs::URFAVE_CLI_MODULES.join(" or ")
            ),
            _ => "with --pack only".to_string(),
        };
        out += &format!("{name} (applied by itself {when})\n");
        for (file, src) in *files {
            let kind = src
                .lines()
                .find_map(|l| l.strip_prefix("; winparity-query:"))
                .unwrap_or("")
                .trim();
            out += &format!("  {file}  {kind}\n");
        }
    }
    super::output::write_stdout(&out)?;
    Ok(0)
}

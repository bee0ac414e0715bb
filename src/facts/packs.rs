//! Query packs: a project teaches winparity its own idioms for "not on Windows" with
//! tree-sitter queries, without recompiling.
//!
//! A pack is a directory of `.scm` files. Each starts with comment lines that say what a match
//! means (docs/QUERIES.md has the whole format):
//!
//! ```text
//! ; winparity-query: skip-test        (or: goos, flag, guard)
//! ; platforms: !linux                 (where a match skips / is true / applies)
//! ; effect: refuses                   (guard only: refuses, adapts, skips-test)
//! ; message: "requires Linux"         (a literal, or @capture)
//! ; needle: DaemonIsLinux             (text every match contains; one or more lines)
//! ```
//!
//! The captures: `@condition` (skip-test, guard: the node whose text is the condition and
//! whose line is the guard's), `@goos` (goos: an expression whose value is the platform's GOOS,
//! like `testEnv.DaemonInfo.OSType`), `@flag` (flag: an expression true exactly on
//! `platforms`), and optionally `@message`.

use std::path::Path;

use tree_sitter::Query;

use super::Effect;

/// What a match of a pack query means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Meaning {
    /// The test containing the match is skipped on `platforms`.
    SkipTest,
    /// The captured `@goos` expression is the platform's GOOS (compared with strings like
    /// `runtime.GOOS`).
    Goos,
    /// The captured `@flag` expression is true exactly on `platforms`.
    Flag,
    /// A guard with this effect, applying on `platforms`.
    Guard(Effect),
    /// An entry point of the program (docs/QUERIES.md): the captured `@handler` is what
    /// serves it; `name` is its name, `@capture`s in it replaced by their text.
    EntryPoint {
        /// `route`, `command`, or what the pack calls it.
        kind: String,
        /// The name's template (`GET @path`).
        name: String,
    },
}

/// A set of GOOS values: a list, or everything but a list (`!linux`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlatformSet {
    negated: bool,
    names: Vec<String>,
}

impl PlatformSet {
    /// Parses `windows`, `linux,darwin`, `!linux`.
    pub fn parse(s: &str) -> Result<PlatformSet, String> {
        let s = s.trim();
        let (negated, rest) = match s.strip_prefix('!') {
            Some(r) => (true, r),
            None => (false, s),
        };
        let names: Vec<String> = rest
            .split(',')
            .map(|n| n.trim().to_string())
            .filter(|n| !n.is_empty())
            .collect();
        if names.is_empty() {
            return Err(format!("platforms: {s:?} names no GOOS"));
        }
        if let Some(bad) = names
            .iter()
            .find(|n| !crate::gobuild::syslist::is_known_os(n))
        {
            return Err(format!("platforms: {bad:?} is not a GOOS Go knows"));
        }
        Ok(PlatformSet { negated, names })
    }

    /// Words for people: `windows`, `linux or darwin`, `every platform but linux`.
    pub fn describe(&self) -> String {
        let list = self.names.join(" or ");
        if self.negated {
            format!("every platform but {list}")
        } else {
            list
        }
    }

    /// Whether GOOS `goos` is in the set.
    pub fn contains(&self, goos: &str) -> bool {
        self.names.iter().any(|n| n == goos) != self.negated
    }
}

/// One compiled pack query.
pub struct PackQuery {
    /// Where it came from (for messages): the file path or the built-in pack's name.
    pub origin: String,
    /// What a match means.
    pub meaning: Meaning,
    /// Where (skip-test, flag, guard).
    pub platforms: Option<PlatformSet>,
    /// A literal message.
    pub message: Option<String>,
    /// Texts every match contains: a file holding none of them is not parsed for this query.
    pub needles: Vec<String>,
    /// The query.
    pub query: Query,
    /// Index of the `@condition` / `@goos` / `@flag` capture.
    pub subject: u32,
    /// Index of the `@message` capture, if any.
    pub message_capture: Option<u32>,
}

impl PackQuery {
    /// What a match means, for people.
    pub fn describe(&self) -> String {
        let on = self
            .platforms
            .as_ref()
            .map(PlatformSet::describe)
            .unwrap_or_default();
        match &self.meaning {
            Meaning::SkipTest => format!("the test is skipped on {on}"),
            Meaning::Goos => {
                "the expression is the platform's GOOS (compare it with strings)".to_string()
            }
            Meaning::Flag => format!("the expression is true on {on}, false elsewhere"),
            Meaning::Guard(e) => format!("a guard that {} on {on}", e.as_str()),
            Meaning::EntryPoint { kind, name } => {
                format!("an entry point ({kind} {name}) served by the @handler")
            }
        }
    }
}

/// Parses and compiles one pack query; errors name the origin and the position.
pub fn compile(origin: &str, source: &str) -> Result<PackQuery, String> {
    let mut kind = None;
    let mut platforms = None;
    let mut effect = None;
    let mut message = None;
    let mut needles = Vec::new();
    let (mut entry_kind, mut entry_name) = (None, None);
    for (n, line) in source.lines().enumerate() {
        let Some(c) = line.trim().strip_prefix(';') else {
            if line.trim().is_empty() {
                continue;
            }
            break;
        };
        let Some((key, value)) = c.split_once(':') else {
            continue;
        };
        let (key, value) = (key.trim(), value.trim());
        let at = |e: String| format!("{origin}: line {}: {e}", n + 1);
        match key {
            "winparity-query" => kind = Some(value.to_string()),
            "platforms" => platforms = Some(PlatformSet::parse(value).map_err(at)?),
            "effect" => {
                effect = Some(match value {
                    "refuses" => Effect::Refuses,
                    "adapts" => Effect::Adapts,
                    "skips-test" => Effect::SkipsTest,
                    other => {
                        return Err(at(format!(
                            "effect: {other:?} (expected refuses, adapts or skips-test)"
                        )));
                    }
                })
            }
            "message" => {
                message = Some(value.trim_matches('"').to_string());
            }
            "needle" => needles.push(value.to_string()),
            "kind" => entry_kind = Some(value.to_string()),
            "name" => entry_name = Some(value.to_string()),
            _ => {}
        }
    }
    let kind =
        kind.ok_or_else(|| format!("{origin}: no `; winparity-query: KIND` line at the top"))?;
    let meaning = match kind.as_str() {
        "skip-test" => Meaning::SkipTest,
        "goos" => Meaning::Goos,
        "flag" => Meaning::Flag,
        "guard" => Meaning::Guard(
            effect.ok_or_else(|| format!("{origin}: a guard query needs `; effect: …`"))?,
        ),
        "entry-point" => Meaning::EntryPoint {
            kind: entry_kind
                .ok_or_else(|| format!("{origin}: an entry-point query needs `; kind: …`"))?,
            name: entry_name
                .ok_or_else(|| format!("{origin}: an entry-point query needs `; name: …`"))?,
        },
        other => {
            return Err(format!(
                "{origin}: winparity-query: {other:?} (expected skip-test, goos, flag, guard or entry-point)"
            ));
        }
    };
    let entry = matches!(meaning, Meaning::EntryPoint { .. });
    if meaning != Meaning::Goos && !entry && platforms.is_none() {
        return Err(format!("{origin}: a {kind} query needs `; platforms: …`"));
    }
    if needles.is_empty() {
        return Err(format!(
            "{origin}: at least one `; needle: TEXT` line is needed (text every match contains)"
        ));
    }
    let query = compile_go_query(origin, source)?;
    let subject_name = match meaning {
        Meaning::Goos => "goos",
        Meaning::Flag => "flag",
        Meaning::EntryPoint { .. } => "handler",
        _ => "condition",
    };
    if let Meaning::EntryPoint { name, .. } = &meaning {
        for cap in name.split(' ').filter_map(|w| w.strip_prefix('@')) {
            if query.capture_index_for_name(cap).is_none() {
                return Err(format!("{origin}: name: no capture @{cap}"));
            }
        }
    }
    let subject = query
        .capture_index_for_name(subject_name)
        .ok_or_else(|| format!("{origin}: the query has no @{subject_name} capture"))?;
    let (message, message_capture) = match message.as_deref().and_then(|m| m.strip_prefix('@')) {
        Some(cap) => {
            let idx = query
                .capture_index_for_name(cap)
                .ok_or_else(|| format!("{origin}: message: no capture @{cap}"))?;
            (None, Some(idx))
        }
        None => (message, None),
    };
    Ok(PackQuery {
        origin: origin.to_string(),
        meaning,
        platforms,
        message,
        needles,
        query,
        subject,
        message_capture,
    })
}

/// The built-in packs: name → (file name, source).
pub const BUILTIN: &[(&str, &[(&str, &str)])] = &[
    (
        "docker",
        &[
            (
                "daemon-is-linux.scm",
                include_str!("../../queries/packs/docker/daemon-is-linux.scm"),
            ),
            (
                "daemon-is-windows.scm",
                include_str!("../../queries/packs/docker/daemon-is-windows.scm"),
            ),
            (
                "daemon-ostype.scm",
                include_str!("../../queries/packs/docker/daemon-ostype.scm"),
            ),
            (
                "is-windows.scm",
                include_str!("../../queries/packs/docker/is-windows.scm"),
            ),
            (
                "route-delete.scm",
                include_str!("../../queries/packs/docker/route-delete.scm"),
            ),
            (
                "route-get.scm",
                include_str!("../../queries/packs/docker/route-get.scm"),
            ),
            (
                "route-head.scm",
                include_str!("../../queries/packs/docker/route-head.scm"),
            ),
            (
                "route-options.scm",
                include_str!("../../queries/packs/docker/route-options.scm"),
            ),
            (
                "route-post.scm",
                include_str!("../../queries/packs/docker/route-post.scm"),
            ),
            (
                "route-put.scm",
                include_str!("../../queries/packs/docker/route-put.scm"),
            ),
        ],
    ),
    (
        "cobra",
        &[(
            "command.scm",
            include_str!("../../queries/packs/cobra/command.scm"),
        )],
    ),
];

/// The module a tree must require (in go.mod or vendor.mod) to get the cobra pack
/// automatically.
pub const COBRA_MODULE: &str = "github.com/spf13/cobra";

/// Whether a go.mod text requires module `path` (a `require` line or an entry of a
/// `require ( … )` block naming it).
pub fn requires(go_mod: &str, path: &str) -> bool {
    let mut in_block = false;
    for line in go_mod.lines() {
        let line = line.split("//").next().unwrap_or("").trim();
        let spec = if in_block {
            if line == ")" {
                in_block = false;
                continue;
            }
            line
        } else if let Some(rest) = line.strip_prefix("require") {
            let rest = rest.trim();
            if rest == "(" {
                in_block = true;
                continue;
            }
            rest
        } else {
            continue;
        };
        if spec.split_whitespace().next() == Some(path) {
            return true;
        }
    }
    false
}

/// Module paths whose trees get the docker pack automatically.
pub const DOCKER_MODULES: &[&str] = &[
    "github.com/docker/docker",
    "github.com/moby/moby",
    "github.com/moby/moby/v2",
];

/// Compiles a built-in pack.
pub fn builtin(name: &str) -> Result<Vec<PackQuery>, String> {
    let (_, files) = BUILTIN.iter().find(|(n, _)| *n == name).ok_or_else(|| {
        format!(
            "no built-in query pack {name:?} (built in: {})",
            BUILTIN.iter().map(|b| b.0).collect::<Vec<_>>().join(", ")
        )
    })?;
    files
        .iter()
        .map(|(file, src)| compile(&format!("{name}/{file}"), src))
        .collect()
}

/// The pack files of a query directory — every `.scm` file but `guards.scm` (which replaces
/// the built-in guard query) — as (path, text), sorted by path. Compiled later, for each tree.
pub fn read_dir(dir: &Path) -> Result<Vec<(String, String)>, String> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("--queries {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|x| x == "scm")
                && p.file_name().is_some_and(|n| n != "guards.scm")
        })
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p)
                .map_err(|e| format!("{}: cannot read: {e}", p.display()))?;
            Ok((p.display().to_string(), text))
        })
        .collect()
}

/// Compiles a tree-sitter query over Go, refusing nesting too deep for tree-sitter's
/// recursive compiler first; errors name `origin`, the line and the column.
pub fn compile_go_query(origin: &str, source: &str) -> Result<Query, String> {
    check_nesting(source).map_err(|e| format!("{origin}: {e}"))?;
    let language: tree_sitter::Language = tree_sitter_go::LANGUAGE.into();
    Query::new(&language, source).map_err(|e| {
        format!(
            "{origin}: line {}, column {}: the query does not compile ({:?}): {}",
            e.row + 1,
            e.column + 1,
            e.kind,
            e.message
        )
    })
}

/// The module path of a go.mod text.
pub fn module_path(go_mod: &str) -> Option<&str> {
    go_mod
        .lines()
        .find_map(|l| l.trim().strip_prefix("module "))
        .map(|m| m.trim().trim_matches('"'))
}

/// How deep the brackets of a query may nest: tree-sitter's query compiler recurses once per
/// level (with no limit of its own), and a real pattern nests a few levels.
pub const MAX_QUERY_NESTING: usize = 100;

/// Refuses a query whose `(` and `[` nest deeper than [`MAX_QUERY_NESTING`] (strings and `;`
/// comments skipped), before tree-sitter sees it.
pub fn check_nesting(source: &str) -> Result<(), String> {
    let (mut depth, mut line) = (0usize, 1usize);
    let mut chars = source.chars();
    while let Some(c) = chars.next() {
        match c {
            '\n' => line += 1,
            ';' => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        line += 1;
                        break;
                    }
                }
            }
            '"' => {
                while let Some(c) = chars.next() {
                    match c {
                        '\\' if chars.next() == Some('\n') => line += 1,
                        '"' => break,
                        '\n' => line += 1,
                        _ => {}
                    }
                }
            }
            '(' | '[' => {
                depth += 1;
                if depth > MAX_QUERY_NESTING {
                    return Err(format!(
                        "line {line}: the query nests deeper than {MAX_QUERY_NESTING} brackets"
                    ));
                }
            }
            ')' | ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_docker_pack_compiles() {
        let pack = builtin("docker").unwrap();
        assert_eq!(pack.len(), 10);
        assert_eq!(pack[0].meaning, Meaning::SkipTest);
        assert!(pack[0].platforms.as_ref().unwrap().contains("windows"));
        assert!(!pack[0].platforms.as_ref().unwrap().contains("linux"));
        let routes: Vec<(&str, String)> = pack[4..]
            .iter()
            .map(|q| match &q.meaning {
                Meaning::EntryPoint { kind, name } => (kind.as_str(), name.clone()),
                m => panic!("{m:?}"),
            })
            .collect();
        let want: Vec<(&str, String)> = ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"]
            .iter()
            .map(|m| ("route", format!("{m} @path")))
            .collect();
        assert_eq!(routes, want);
    }

    #[test]
    fn the_cobra_pack_compiles() {
        let pack = builtin("cobra").unwrap();
        assert_eq!(pack.len(), 1);
        assert_eq!(
            pack[0].meaning,
            Meaning::EntryPoint {
                kind: "command".to_string(),
                name: "@use".to_string()
            }
        );
    }

    #[test]
    fn requires_reads_require_lines_and_blocks() {
        let m = "module x\n\nrequire github.com/a/b v1.0.0\n\nrequire (\n\tgithub.com/spf13/cobra v1.10.2 // indirect\n\tgithub.com/c/d v0.1.0\n)\n";
        assert!(requires(m, "github.com/a/b"));
        assert!(requires(m, "github.com/spf13/cobra"));
        assert!(!requires(m, "github.com/spf13"));
        assert!(!requires(
            "module github.com/spf13/cobra\n",
            "github.com/spf13/cobra"
        ));
    }

    #[test]
    fn header_errors_name_the_file_and_line() {
        let e = compile(
            "x.scm",
            "; winparity-query: skip-test\n; platforms: beos\n(identifier) @condition\n",
        )
        .err()
        .unwrap();
        assert_eq!(
            e,
            "x.scm: line 2: platforms: \"beos\" is not a GOOS Go knows"
        );
        let e = compile("x.scm", "; winparity-query: skip-test\n; platforms: windows\n; needle: x\n(identifer) @condition\n").err().unwrap();
        assert!(
            e.starts_with("x.scm: line 4, column 2: the query does not compile (NodeType)"),
            "{e}"
        );
        let e = compile("x.scm", "(identifier) @condition\n").err().unwrap();
        assert_eq!(e, "x.scm: no `; winparity-query: KIND` line at the top");
        let e = compile(
            "x.scm",
            "; winparity-query: flag\n; platforms: windows\n; needle: x\n(identifier) @f\n",
        )
        .err()
        .unwrap();
        assert_eq!(e, "x.scm: the query has no @flag capture");
    }

    #[test]
    fn module_paths() {
        assert_eq!(
            module_path("// c\nmodule github.com/moby/moby/v2\n\ngo 1.26\n"),
            Some("github.com/moby/moby/v2")
        );
        assert_eq!(module_path("go 1.2\n"), None);
    }
}

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

/// A `; platforms:` value that names no GOOS Go knows.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PlatformSetError {
    /// The value, names none at all.
    #[error("platforms: {0:?} names no GOOS")]
    Empty(String),
    /// A name that is not a GOOS.
    #[error("platforms: {0:?} is not a GOOS Go knows")]
    UnknownGoos(String),
}

/// A query nesting deeper than [`MAX_QUERY_NESTING`], at its line.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: the query nests deeper than {MAX_QUERY_NESTING} brackets")]
pub struct NestingError {
    /// The 1-based line where the limit is passed.
    pub line: usize,
}

/// What is wrong with a pack query or a query directory: each names the query's origin (its
/// file, or `pack/file` of a built-in one) and, where there is one, the line and column.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    /// A bad `; platforms:` line.
    #[error("{origin}: line {line}: {error}")]
    Platforms {
        /// The query's origin.
        origin: String,
        /// 1-based line.
        line: usize,
        /// What is wrong with it.
        error: PlatformSetError,
    },
    /// A `; effect:` that is none of the three.
    #[error("{origin}: line {line}: effect: {effect:?} (expected refuses, adapts or skips-test)")]
    Effect {
        /// The query's origin.
        origin: String,
        /// 1-based line.
        line: usize,
        /// The value given.
        effect: String,
    },
    /// No `; winparity-query:` header.
    #[error("{0}: no `; winparity-query: KIND` line at the top")]
    NoKind(String),
    /// A guard query without `; effect:`.
    #[error("{0}: a guard query needs `; effect: …`")]
    NoEffect(String),
    /// An entry-point query without `; kind:` or `; name:`.
    #[error("{origin}: an entry-point query needs `; {field}: …`")]
    NoEntryField {
        /// The query's origin.
        origin: String,
        /// `kind` or `name`.
        field: &'static str,
    },
    /// `; name:` uses a capture the query does not have.
    #[error("{origin}: name: no capture @{capture}")]
    NoNameCapture {
        /// The query's origin.
        origin: String,
        /// The capture named.
        capture: String,
    },
    /// A kind that is none of the five.
    #[error(
        "{origin}: winparity-query: {kind:?} (expected skip-test, goos, flag, guard or entry-point)"
    )]
    UnknownKind {
        /// The query's origin.
        origin: String,
        /// The kind given.
        kind: String,
    },
    /// A query (other than `goos`) without `; platforms:`.
    #[error("{origin}: a {kind} query needs `; platforms: …`")]
    NoPlatforms {
        /// The query's origin.
        origin: String,
        /// Its kind.
        kind: String,
    },
    /// No `; needle:` line.
    #[error("{0}: at least one `; needle: TEXT` line is needed (text every match contains)")]
    NoNeedle(String),
    /// The capture the kind needs is not in the query.
    #[error("{origin}: the query has no @{capture} capture")]
    NoCapture {
        /// The query's origin.
        origin: String,
        /// `goos`, `flag`, `condition` or `handler`.
        capture: &'static str,
    },
    /// `; message: @NAME` names no capture of the query.
    #[error("{origin}: message: no capture @{capture}")]
    NoMessageCapture {
        /// The query's origin.
        origin: String,
        /// The capture named.
        capture: String,
    },
    /// Brackets nested too deep for tree-sitter's compiler.
    #[error("{origin}: {error}")]
    Nesting {
        /// The query's origin.
        origin: String,
        /// Where.
        error: NestingError,
    },
    /// tree-sitter does not compile it.
    #[error(
        "{origin}: line {}, column {}: the query does not compile ({:?}): {}",
        .error.row + 1,
        .error.column + 1,
        .error.kind,
        .error.message
    )]
    Compile {
        /// The query's origin.
        origin: String,
        /// tree-sitter's error (row and column 0-based).
        error: tree_sitter::QueryError,
    },
    /// `--pack NAME` that is not built in.
    #[error("no built-in query pack {0:?} (built in: {known})", known = builtin_names())]
    UnknownPack(String),
    /// The `--queries` directory cannot be listed (its kind kept).
    #[error("--queries {}: {error}", dir.display())]
    ReadDir {
        /// The directory.
        dir: std::path::PathBuf,
        /// Why.
        error: std::io::Error,
    },
    /// A query file cannot be read (its kind kept).
    #[error("{}: cannot read: {error}", path.display())]
    Read {
        /// The file.
        path: std::path::PathBuf,
        /// Why.
        error: std::io::Error,
    },
}

/// The built-in packs' names, for an error.
fn builtin_names() -> String {
    BUILTIN.iter().map(|b| b.0).collect::<Vec<_>>().join(", ")
}

/// A set of GOOS values: a list, or everything but a list (`!linux`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlatformSet {
    negated: bool,
    names: Vec<String>,
}

impl PlatformSet {
    /// Parses `windows`, `linux,darwin`, `!linux`.
    pub fn parse(s: &str) -> Result<PlatformSet, PlatformSetError> {
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
            return Err(PlatformSetError::Empty(s.to_string()));
        }
        if let Some(bad) = names
            .iter()
            .find(|n| !crate::gobuild::syslist::is_known_os(n))
        {
            return Err(PlatformSetError::UnknownGoos(bad.clone()));
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
    /// Entry points: words a capture's text stands for in the name (`; map: @fn
    /// NewGetRoute=GET …`), by capture name.
    pub maps: Vec<(String, Vec<(String, String)>)>,
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
pub fn compile(origin: &str, source: &str) -> Result<PackQuery, QueryError> {
    let mut kind = None;
    let mut platforms = None;
    let mut effect = None;
    let mut message = None;
    let mut needles = Vec::new();
    let (mut entry_kind, mut entry_name) = (None, None);
    let mut maps: Vec<(String, Vec<(String, String)>)> = Vec::new();
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
        let line = n + 1;
        match key {
            "winparity-query" => kind = Some(value.to_string()),
            "platforms" => {
                platforms =
                    Some(
                        PlatformSet::parse(value).map_err(|error| QueryError::Platforms {
                            origin: origin.to_string(),
                            line,
                            error,
                        })?,
                    )
            }
            "effect" => {
                effect = Some(match value {
                    "refuses" => Effect::Refuses,
                    "adapts" => Effect::Adapts,
                    "skips-test" => Effect::SkipsTest,
                    other => {
                        return Err(QueryError::Effect {
                            origin: origin.to_string(),
                            line,
                            effect: other.to_string(),
                        });
                    }
                })
            }
            "message" => {
                message = Some(value.trim_matches('"').to_string());
            }
            "needle" => needles.push(value.to_string()),
            "kind" => entry_kind = Some(value.to_string()),
            "map" => {
                let mut words = value.split_whitespace();
                let cap = words.next().and_then(|w| w.strip_prefix('@')).unwrap_or("");
                let pairs = words
                    .filter_map(|w| w.split_once('='))
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect();
                maps.push((cap.to_string(), pairs));
            }
            "name" => entry_name = Some(value.to_string()),
            _ => {}
        }
    }
    let o = || origin.to_string();
    let kind = kind.ok_or_else(|| QueryError::NoKind(o()))?;
    let meaning = match kind.as_str() {
        "skip-test" => Meaning::SkipTest,
        "goos" => Meaning::Goos,
        "flag" => Meaning::Flag,
        "guard" => Meaning::Guard(effect.ok_or_else(|| QueryError::NoEffect(o()))?),
        "entry-point" => Meaning::EntryPoint {
            kind: entry_kind.ok_or_else(|| QueryError::NoEntryField {
                origin: o(),
                field: "kind",
            })?,
            name: entry_name.ok_or_else(|| QueryError::NoEntryField {
                origin: o(),
                field: "name",
            })?,
        },
        other => {
            return Err(QueryError::UnknownKind {
                origin: o(),
                kind: other.to_string(),
            });
        }
    };
    let entry = matches!(meaning, Meaning::EntryPoint { .. });
    if meaning != Meaning::Goos && !entry && platforms.is_none() {
        return Err(QueryError::NoPlatforms { origin: o(), kind });
    }
    if needles.is_empty() {
        return Err(QueryError::NoNeedle(o()));
    }
    let query = compile_go_query(origin, source)?;
    let subject_name = match meaning {
        Meaning::Goos => "goos",
        Meaning::Flag => "flag",
        Meaning::EntryPoint { .. } => "handler",
        _ => "condition",
    };
    if let Meaning::EntryPoint { name, .. } = &meaning {
        for cap in name
            .split(' ')
            .filter_map(|w| w.strip_prefix('@'))
            .chain(maps.iter().map(|(c, _)| c.as_str()))
        {
            if query.capture_index_for_name(cap).is_none() {
                return Err(QueryError::NoNameCapture {
                    origin: o(),
                    capture: cap.to_string(),
                });
            }
        }
    }
    let subject =
        query
            .capture_index_for_name(subject_name)
            .ok_or_else(|| QueryError::NoCapture {
                origin: o(),
                capture: subject_name,
            })?;
    let (message, message_capture) = match message.as_deref().and_then(|m| m.strip_prefix('@')) {
        Some(cap) => {
            let idx =
                query
                    .capture_index_for_name(cap)
                    .ok_or_else(|| QueryError::NoMessageCapture {
                        origin: o(),
                        capture: cap.to_string(),
                    })?;
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
        maps,
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
                "routes.scm",
                include_str!("../../queries/packs/docker/routes.scm"),
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
    (
        "urfave-cli",
        &[(
            "command.scm",
            include_str!("../../queries/packs/urfave-cli/command.scm"),
        )],
    ),
];

/// The module a tree must require (in go.mod or vendor.mod) to get the cobra pack
/// automatically.
pub const COBRA_MODULE: &str = "github.com/spf13/cobra";

/// The modules (any one) a tree must require to get the urfave-cli pack automatically.
pub const URFAVE_CLI_MODULES: &[&str] = &[
    "github.com/urfave/cli",
    "github.com/urfave/cli/v2",
    "github.com/urfave/cli/v3",
];

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
pub fn builtin(name: &str) -> Result<Vec<PackQuery>, QueryError> {
    let (_, files) = BUILTIN
        .iter()
        .find(|(n, _)| *n == name)
        .ok_or_else(|| QueryError::UnknownPack(name.to_string()))?;
    files
        .iter()
        .map(|(file, src)| compile(&format!("{name}/{file}"), src))
        .collect()
}

/// The pack files of a query directory — every `.scm` file but `guards.scm` (which replaces
/// the built-in guard query) — as (path, text), sorted by path. Compiled later, for each tree.
pub fn read_dir(dir: &Path) -> Result<Vec<(String, String)>, QueryError> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|error| QueryError::ReadDir {
            dir: dir.to_path_buf(),
            error,
        })?
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
            let text = std::fs::read_to_string(p).map_err(|error| QueryError::Read {
                path: p.clone(),
                error,
            })?;
            Ok((p.display().to_string(), text))
        })
        .collect()
}

/// Compiles a tree-sitter query over Go, refusing nesting too deep for tree-sitter's
/// recursive compiler first; errors name `origin`, the line and the column.
pub fn compile_go_query(origin: &str, source: &str) -> Result<Query, QueryError> {
    check_nesting(source).map_err(|error| QueryError::Nesting {
        origin: origin.to_string(),
        error,
    })?;
    let language: tree_sitter::Language = tree_sitter_go::LANGUAGE.into();
    Query::new(&language, source).map_err(|error| QueryError::Compile {
        origin: origin.to_string(),
        error,
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
pub fn check_nesting(source: &str) -> Result<(), NestingError> {
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
                    return Err(NestingError { line });
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
        assert_eq!(pack.len(), 5);
        assert_eq!(pack[0].meaning, Meaning::SkipTest);
        assert!(pack[0].platforms.as_ref().unwrap().contains("windows"));
        assert!(!pack[0].platforms.as_ref().unwrap().contains("linux"));
        assert_eq!(
            pack[4].meaning,
            Meaning::EntryPoint {
                kind: "route".to_string(),
                name: "@fn @path".to_string()
            }
        );
        let methods: Vec<(String, String)> = [
            ("NewGetRoute", "GET"),
            ("NewPostRoute", "POST"),
            ("NewPutRoute", "PUT"),
            ("NewDeleteRoute", "DELETE"),
            ("NewHeadRoute", "HEAD"),
            ("NewOptionsRoute", "OPTIONS"),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        assert_eq!(pack[4].maps, vec![("fn".to_string(), methods)]);
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
    fn the_urfave_cli_pack_compiles() {
        let pack = builtin("urfave-cli").unwrap();
        assert_eq!(
            pack.iter().map(|q| q.meaning.clone()).collect::<Vec<_>>(),
            vec![Meaning::EntryPoint {
                kind: "command".to_string(),
                name: "@name".to_string()
            }]
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
        .unwrap()
        .to_string();
        assert_eq!(
            e,
            "x.scm: line 2: platforms: \"beos\" is not a GOOS Go knows"
        );
        let e = compile("x.scm", "; winparity-query: skip-test\n; platforms: windows\n; needle: x\n(identifer) @condition\n").err().unwrap().to_string();
        assert!(
            e.starts_with("x.scm: line 4, column 2: the query does not compile (NodeType)"),
            "{e}"
        );
        let e = compile("x.scm", "(identifier) @condition\n")
            .err()
            .unwrap()
            .to_string();
        assert_eq!(e, "x.scm: no `; winparity-query: KIND` line at the top");
        let e = compile(
            "x.scm",
            "; winparity-query: flag\n; platforms: windows\n; needle: x\n(identifier) @f\n",
        )
        .err()
        .unwrap()
        .to_string();
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

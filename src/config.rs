//! Settings: command-line flags over `.winparity.toml` over built-in defaults.
//!
//! The file is `--config FILE`, else the nearest `.winparity.toml` in the scanned directory (or
//! `--repo`) or one of its parents, as golangci-lint finds its configuration. Paths in it are
//! relative to its directory. Unknown keys and syntax errors are errors that name the file, the
//! line and the column, as the `toml` crate reports them.

use std::path::Path;

use globset::{Glob, GlobMatcher};
use serde::Deserialize;

/// The configuration file's name.
pub const FILE_NAME: &str = ".winparity.toml";

/// `.winparity.toml` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    /// Default `--platforms`.
    pub platforms: Option<Vec<String>>,
    /// Default `--target`.
    pub target: Option<String>,
    /// Default `--reference`.
    pub reference: Option<String>,
    /// Default `--tags`.
    pub tags: Option<Vec<String>>,
    /// Default `--go`.
    pub go: Option<String>,
    /// Default `--vendor`.
    pub vendor: Option<bool>,
    /// Default `--queries`.
    pub queries: Option<String>,
    /// The diff gate.
    pub gate: Option<GateConfig>,
    /// Accepted gaps.
    #[serde(default)]
    pub suppress: Vec<SuppressConfig>,
}

/// `[gate]`
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GateConfig {
    /// What trips the gate: `worse`, `new-gaps`, or `never`.
    pub fail_on: Option<Vec<String>>,
    /// Whether test-support packages (docs/RULES.md §6) gate too (default: no).
    pub test_support: Option<bool>,
}

/// `[[suppress]]`: an accepted gap.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SuppressConfig {
    /// A glob over API ids (`daemon|Daemon|*`).
    pub api: Option<String>,
    /// A glob over package directories (`daemon/graphdriver/*`).
    pub package: Option<String>,
    /// Why it is accepted (required: a suppression without a reason is not a decision).
    pub reason: String,
}

/// What trips the diff gate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct FailOn {
    /// An API whose status got worse.
    pub worse: bool,
    /// A new API that is a gap (guarded, stub, unsupported, missing).
    pub new_gaps: bool,
    /// APIs of test-support packages gate too.
    pub test_support: bool,
}

impl FailOn {
    /// The default: both.
    pub const DEFAULT: FailOn = FailOn {
        worse: true,
        new_gaps: true,
        test_support: false,
    };

    /// Parses `worse`, `new-gaps`, `never` (a list; `never` alone).
    pub fn parse(words: &[String]) -> Result<FailOn, FailOnError> {
        let mut f = FailOn::default();
        for w in words {
            match w.as_str() {
                "worse" => f.worse = true,
                "new-gaps" => f.new_gaps = true,
                "never" if words.len() == 1 => {}
                "never" => return Err(FailOnError::NeverCombined),
                other => {
                    return Err(FailOnError::Unknown {
                        word: other.to_string(),
                        expected: "worse, new-gaps or never",
                    });
                }
            }
        }
        Ok(f)
    }

    /// The words, for reports.
    pub fn words(&self) -> Vec<&'static str> {
        let mut w = Vec::new();
        if self.worse {
            w.push("worse");
        }
        if self.new_gaps {
            w.push("new-gaps");
        }
        if w.is_empty() {
            w.push("never");
        }
        w
    }
}

/// A compiled suppression.
#[derive(Debug, Clone)]
pub struct Suppression {
    api: Option<GlobMatcher>,
    package: Option<GlobMatcher>,
    /// The pattern as written, for reports.
    pub pattern: String,
    /// Why.
    pub reason: String,
}

impl Suppression {
    /// Whether it covers the API `id` of package directory `package_dir`.
    pub fn covers(&self, id: &str, package_dir: &str) -> bool {
        self.api.as_ref().is_some_and(|g| g.is_match(id))
            || self
                .package
                .as_ref()
                .is_some_and(|g| g.is_match(package_dir))
    }
}

/// The nearest `.winparity.toml` in `start` or one of its parents.
pub fn find(start: &Path) -> Option<std::path::PathBuf> {
    let start = std::fs::canonicalize(start).ok()?;
    start
        .ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|p| p.is_file())
}

/// A `fail-on` list that does not parse (of `diff`, `scan` or the configuration).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FailOnError {
    /// `never` beside another word.
    #[error("fail-on: `never` cannot be combined with other conditions")]
    NeverCombined,
    /// A word that is no condition.
    #[error("fail-on: unknown condition {word:?} (expected {expected})")]
    Unknown {
        /// The word.
        word: String,
        /// The words that are conditions there.
        expected: &'static str,
    },
}

/// What is wrong with a configuration file; the messages name the file (where the caller knows
/// it), the line and column, or the entry.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file cannot be read (its kind kept: not found, permission denied).
    #[error("{}: {source}", path.display())]
    Read {
        /// The file.
        path: std::path::PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// Not TOML, or a key winparity does not know, as the `toml` crate says it (line, column).
    #[error("{0}")]
    Syntax(String),
    /// The same, in the file at `path`.
    #[error("{}: {message}", path.display())]
    InFile {
        /// The file.
        path: std::path::PathBuf,
        /// The syntax error's message.
        message: String,
    },
    /// A `[[suppress]]` pattern that is no glob.
    #[error("suppress: bad pattern {pattern:?}: {message}")]
    BadPattern {
        /// The pattern.
        pattern: String,
        /// globset's message.
        message: String,
    },
    /// A `[[suppress]]` entry with neither `api` nor `package`.
    #[error("suppress: an entry needs `api` or `package` (reason {reason:?})")]
    SuppressWithoutTarget {
        /// Its reason.
        reason: String,
    },
}

/// Reads the configuration file at `path`.
pub fn load_file(path: &Path) -> Result<FileConfig, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    parse(&text).map_err(|e| ConfigError::InFile {
        path: path.to_path_buf(),
        message: e.to_string(),
    })
}

/// Parses the text of a configuration file.
pub fn parse(text: &str) -> Result<FileConfig, ConfigError> {
    toml::from_str(text).map_err(|e| ConfigError::Syntax(e.to_string().trim_end().to_string()))
}

/// Compiles the suppressions.
pub fn suppressions(cfg: &FileConfig) -> Result<Vec<Suppression>, ConfigError> {
    let glob = |p: &str| {
        Glob::new(p)
            .map(|g| g.compile_matcher())
            .map_err(|e| ConfigError::BadPattern {
                pattern: p.to_string(),
                message: e.to_string(),
            })
    };
    cfg.suppress
        .iter()
        .map(|s| {
            if s.api.is_none() && s.package.is_none() {
                return Err(ConfigError::SuppressWithoutTarget {
                    reason: s.reason.clone(),
                });
            }
            Ok(Suppression {
                api: s.api.as_deref().map(glob).transpose()?,
                package: s.package.as_deref().map(glob).transpose()?,
                pattern: s
                    .api
                    .clone()
                    .or_else(|| s.package.clone())
                    .unwrap_or_default(),
                reason: s.reason.clone(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_file_parses() {
        let c = parse(
            "platforms = [\"linux\", \"windows\", \"darwin/arm64\"]\ntags = [\"integration\"]\nvendor = true\n\n[gate]\nfail_on = [\"worse\"]\n\n[[suppress]]\napi = \"daemon|Daemon|*\"\nreason = \"tracked in #123\"\n",
        )
        .unwrap();
        assert_eq!(c.platforms.unwrap(), ["linux", "windows", "darwin/arm64"]);
        assert_eq!(c.vendor, Some(true));
        let s = suppressions(
            &parse("[[suppress]]\napi = \"daemon|Daemon|*\"\nreason = \"r\"\n").unwrap(),
        )
        .unwrap();
        assert!(s[0].covers("daemon|Daemon|ContainerChanges", "daemon"));
        assert!(!s[0].covers("daemon||isWindows", "daemon"));
    }

    #[test]
    fn unknown_keys_and_syntax_errors_name_the_line() {
        let e = parse("platforms = [\"linux\"]\nplatfroms = [\"windows\"]\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 2"), "{e}");
        assert!(e.contains("unknown field `platfroms`"), "{e}");
        let e = parse("vendor = true\ngate = [\n").unwrap_err().to_string();
        assert!(e.contains("line 2") || e.contains("line 3"), "{e}");
        // A file that cannot be read keeps its kind.
        let Err(ConfigError::Read { source, .. }) = load_file(Path::new("/no/such.toml")) else {
            panic!("a missing file loads")
        };
        assert_eq!(source.kind(), std::io::ErrorKind::NotFound);
    }

    #[test]
    fn fail_on_words() {
        assert_eq!(
            FailOn::parse(&["worse".into()]).unwrap(),
            FailOn {
                worse: true,
                new_gaps: false,
                test_support: false,
            }
        );
        assert_eq!(FailOn::parse(&["never".into()]).unwrap(), FailOn::default());
        assert!(FailOn::parse(&["sometimes".into()]).is_err());
        assert_eq!(FailOn::DEFAULT.words(), ["worse", "new-gaps"]);
    }
}

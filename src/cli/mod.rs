//! The command line: flags parsed once into [`Cli`], resolved with `.winparity.toml` into
//! [`Settings`], run, and turned into an exit code (0 ok, 1 gate tripped, 2 error).

mod diff;
mod explain;
mod history;
pub(crate) mod output;
mod queries;
mod scan;
mod settings;

pub use scan::{Input, scan};
pub use settings::Settings;

use self::diff::run_diff;
use self::history::run_history;
use self::output::write_stdout;
use self::queries::queries_test;
use self::scan::run_scan;
use anyhow::Result;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// winparity — which parts of a Go codebase do not really work on Windows, and how.
#[derive(Parser, Debug)]
#[command(name = "winparity", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub(super) command: Command,
}

#[derive(Subcommand, Debug)]
pub(super) enum Command {
    /// Scan a Go tree (a directory, or a git revision with --rev): every file's platforms,
    /// every API's Windows status.
    Scan(ScanArgs),
    /// Compare two revisions (or two JSON reports): what got better or worse on Windows.
    /// Exits 1 when the gate trips.
    Diff(DiffArgs),
    /// Windows parity across a project's history: many revisions (default: the release tags,
    /// oldest first), with where each gap opened and closed.
    History(HistoryArgs),
    /// Show one API: its definitions per platform, body kinds and guards, with source lines.
    Explain(ExplainArgs),
    /// Tools for people writing query packs.
    #[command(subcommand)]
    Queries(QueriesCommand),
    /// Debugging aids for people writing rules and queries.
    #[command(subcommand)]
    Debug(DebugCommand),
    /// Print a shell's completion script: `winparity completions bash > ~/.local/share/bash-completion/completions/winparity`.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Subcommand, Debug)]
pub(super) enum QueriesCommand {
    /// Show what a query matches in a tree: each match's file:line and captures, and, for a
    /// pack query (with a `; winparity-query:` header), what the match means.
    Test {
        /// The .scm file.
        query: PathBuf,
        /// The tree.
        #[arg(default_value = ".")]
        path: PathBuf,
        /// Also look in vendor/.
        #[arg(long)]
        vendor: bool,
        /// Most matches shown.
        #[arg(long, default_value_t = 200)]
        limit: usize,
    },
    /// List the built-in packs and their queries.
    List,
}

#[derive(Subcommand, Debug)]
pub(super) enum DebugCommand {
    /// Show a file's header as Go reads it: the comments, the constraint lines that count,
    /// and the platforms it builds on.
    Header {
        /// The .go file.
        file: PathBuf,
        #[command(flatten)]
        build: BuildArgs,
    },
}

/// Output formats of `scan`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A summary for people.
    Table,
    /// The JSON report (schema_version 2).
    Json,
    /// A Markdown report a documentation site can publish.
    Markdown,
    /// A self-contained HTML report (chart, filterable table, source side by side).
    Html,
    /// SARIF 2.1.0 for GitHub code scanning.
    Sarif,
    /// GitHub Actions annotations (::warning file=…,line=…::…).
    Github,
}

impl Format {
    /// The format a file name's extension asks for.
    fn from_path(p: &Path) -> Option<Format> {
        match p.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "json" => Some(Format::Json),
            "md" | "markdown" => Some(Format::Markdown),
            "html" | "htm" => Some(Format::Html),
            "sarif" => Some(Format::Sarif),
            "txt" => Some(Format::Table),
            _ => None,
        }
    }
}

/// Output formats of `diff`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// A summary for the terminal.
    Table,
    /// The JSON diff (schema_version 2).
    Json,
    /// Markdown for a pull-request comment or $GITHUB_STEP_SUMMARY.
    Markdown,
    /// SARIF 2.1.0 of what the change made worse (new gaps, worse statuses), for code scanning.
    Sarif,
    /// GitHub annotations of what the change made worse.
    Github,
}

impl DiffFormat {
    /// The format an output file's name asks for.
    fn from_path(p: &Path) -> Option<DiffFormat> {
        match p.extension()?.to_str()? {
            "json" => Some(DiffFormat::Json),
            "md" | "markdown" => Some(DiffFormat::Markdown),
            "sarif" => Some(DiffFormat::Sarif),
            "txt" => Some(DiffFormat::Table),
            _ => None,
        }
    }
}

/// Flags that decide how files are placed on platforms (each overrides .winparity.toml).
#[derive(Args, Debug, Clone)]
pub(super) struct BuildArgs {
    /// Platforms to evaluate: GOOS or GOOS/GOARCH, a bare GOOS meaning amd64
    /// [default: linux,windows].
    #[arg(long, value_delimiter = ',')]
    pub(super) platforms: Option<Vec<String>>,
    /// The platform compared, one of --platforms [default: windows].
    #[arg(long)]
    pub(super) target: Option<String>,
    /// The platform compared against, one of --platforms [default: linux].
    #[arg(long)]
    pub(super) reference: Option<String>,
    /// Extra build tags, as for `go build -tags`.
    #[arg(long, value_delimiter = ',')]
    pub(super) tags: Option<Vec<String>>,
    /// The Go release whose go1.N tags hold [default: the newest known, or go.mod's if newer].
    #[arg(long, value_name = "1.N")]
    pub(super) go: Option<String>,
    /// Also scan vendor/ directories.
    #[arg(long)]
    pub(super) vendor: bool,
    /// A directory of query files: its guards.scm replaces the built-in guard query, every
    /// other .scm is a pack query (docs/QUERIES.md).
    #[arg(long, value_name = "DIR")]
    pub(super) queries: Option<PathBuf>,
    /// A built-in query pack to apply (docker); the docker pack is applied by itself to
    /// Docker's modules (github.com/docker/docker, github.com/moby/moby).
    #[arg(long = "pack", value_name = "NAME")]
    pub(super) packs: Vec<String>,
    /// Apply no query pack by itself (the docker pack to Docker's modules).
    #[arg(long)]
    pub(super) no_auto_pack: bool,
    /// Files larger than this many bytes are placed by their header only (their declarations
    /// are not read; a note says so).
    #[arg(long, value_name = "BYTES", default_value_t = 64 << 20)]
    pub(super) max_file_size: u64,
    /// The configuration file [default: the nearest .winparity.toml in the scanned directory
    /// or a parent].
    #[arg(long, value_name = "FILE")]
    pub(super) config: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub(super) struct ScanArgs {
    /// The tree to scan; with --rev, the git repository (work tree or bare).
    #[arg(default_value = ".")]
    pub(super) path: PathBuf,
    /// Scan this revision (branch, tag, commit, HEAD~3) from the object store, without a checkout.
    #[arg(long)]
    pub(super) rev: Option<String>,
    #[command(flatten)]
    pub(super) build: BuildArgs,
    /// Output format on stdout [default: table; none when -o is given].
    #[arg(long, value_enum)]
    pub(super) format: Option<Format>,
    /// Write a report to FILE, its format taken from the extension (.json, .md, .html,
    /// .sarif, .txt); may be given several times.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub(super) outputs: Vec<PathBuf>,
    /// Base URL for file links in Markdown and HTML (e.g. https://github.com/o/r/blob/SHA).
    #[arg(long, value_name = "URL")]
    pub(super) link_base: Option<String>,
    /// The project's name in report titles (e.g. moby/moby) [default: the module go.mod names,
    /// else the directory's name].
    #[arg(long)]
    pub(super) title: Option<String>,
    /// Exit 1 when the scan finds gaps of these statuses (guarded, stub, unsupported, missing;
    /// gaps for all four) that no suppression accepts, outside test-support packages
    /// [default: never].
    #[arg(long, value_delimiter = ',', value_name = "STATUSES")]
    pub(super) fail_on: Option<Vec<String>>,
    /// Report only the gaps new since this JSON report (moves aside; all of them stay in the
    /// JSON, `baseline` names the new ones).
    #[arg(long, value_name = "REPORT.json")]
    pub(super) baseline: Option<PathBuf>,
    /// Test-support packages (only tests import them) gate too.
    #[arg(long)]
    pub(super) gate_test_support: bool,
    /// Add the call graph on the target to the JSON report (`calls`, `call_sites`).
    #[arg(long)]
    pub(super) calls: bool,
    /// Worker threads [default: one per core].
    #[arg(long)]
    pub(super) threads: Option<usize>,
    /// Rows per list in the table output.
    #[arg(long, default_value_t = 25)]
    pub(super) limit: usize,
    /// No progress bar.
    #[arg(short, long)]
    pub(super) quiet: bool,
    /// Colors in the table on stdout: auto (a terminal, unless NO_COLOR or TERM=dumb;
    /// CLICOLOR_FORCE forces them), always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub(super) color: ColorChoice,
}

/// `--color`, as ripgrep and the go command's tools take it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(super) enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Args, Debug)]
pub(super) struct DiffArgs {
    /// The old side: a revision of --repo, or a JSON report file.
    pub(super) old: String,
    /// The new side: a revision of --repo, or a JSON report file.
    pub(super) new: String,
    /// The git repository the revisions belong to.
    #[arg(long, default_value = ".")]
    pub(super) repo: PathBuf,
    #[command(flatten)]
    pub(super) build: BuildArgs,
    /// Output format on stdout [default: table; none when -o is given].
    #[arg(long, value_enum)]
    pub(super) format: Option<DiffFormat>,
    /// Also write to FILE, the format from its name (.json, .md, .sarif, .txt); repeatable.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub(super) outputs: Vec<PathBuf>,
    /// What trips the gate (exit 1): worse, new-gaps, or never [default: worse,new-gaps].
    #[arg(long, value_delimiter = ',')]
    pub(super) fail_on: Option<Vec<String>>,
    /// Test-support packages (only tests import them) gate too.
    #[arg(long)]
    pub(super) gate_test_support: bool,
    /// Base URL for file links in Markdown (e.g. https://github.com/o/r/blob/SHA).
    #[arg(long, value_name = "URL")]
    pub(super) link_base: Option<String>,
    /// Rows per list.
    #[arg(long, default_value_t = 25)]
    pub(super) limit: usize,
    /// Worker threads [default: one per core].
    #[arg(long)]
    pub(super) threads: Option<usize>,
    /// No progress bar.
    #[arg(short, long)]
    pub(super) quiet: bool,
}

/// Output formats of `history`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum HistoryFormat {
    /// A table for the terminal.
    Table,
    /// The JSON history (schema_version 2).
    Json,
    /// Markdown.
    Markdown,
    /// An HTML page with a trend chart.
    Html,
}

#[derive(Args, Debug)]
pub(super) struct HistoryArgs {
    /// Revisions, oldest first [default: the release tags, sorted as versions].
    pub(super) revs: Vec<String>,
    /// The git repository.
    #[arg(long, default_value = ".")]
    pub(super) repo: PathBuf,
    /// Only git tags matching this glob (e.g. 'v2*'), as `git describe --match` (--tags is
    /// for build tags, as in every command).
    #[arg(long = "match", value_name = "GLOB")]
    pub(super) tag_glob: Option<String>,
    /// Only tags from this one (a tag, as a version) or this date (YYYY-MM-DD) on.
    #[arg(long)]
    pub(super) since: Option<String>,
    /// Only the N newest tags.
    #[arg(long, value_name = "N")]
    pub(super) last: Option<usize>,
    /// Include pre-release tags (-rc, -beta, -alpha…).
    #[arg(long)]
    pub(super) prereleases: bool,
    #[command(flatten)]
    pub(super) build: BuildArgs,
    /// Output format on stdout [default: table; none when -o is given].
    #[arg(long, value_enum)]
    pub(super) format: Option<HistoryFormat>,
    /// Write the history to FILE (.json, .md, .html, .txt); may be given several times.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub(super) outputs: Vec<PathBuf>,
    /// The project's name in titles [default: the repository directory's].
    #[arg(long)]
    pub(super) title: Option<String>,
    /// Rows per list in Markdown.
    #[arg(long, default_value_t = 50)]
    pub(super) limit: usize,
    /// Neither read nor write the cache of blob facts (in the repository's git directory,
    /// winparity/facts.bin), which makes a second run near-instant.
    #[arg(long)]
    pub(super) no_cache: bool,
    /// Worker threads [default: one per core].
    #[arg(long)]
    pub(super) threads: Option<usize>,
    /// No progress bar.
    #[arg(short, long)]
    pub(super) quiet: bool,
}

#[derive(Args, Debug)]
pub(super) struct ExplainArgs {
    /// An API id (`daemon|Daemon|ContainerChanges`) or a name (`ContainerChanges`,
    /// `Daemon.ContainerChanges`) that is unique.
    pub(super) name: String,
    /// The tree to scan; with --rev, the git repository (work tree or bare).
    #[arg(default_value = ".")]
    pub(super) path: PathBuf,
    /// Explain the API at this revision (branch, tag, commit), from the object store.
    #[arg(long)]
    pub(super) rev: Option<String>,
    /// Output: text, or json (the API's report entry with its guards and refusals).
    #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
    pub(super) format: ExplainFormat,
    #[command(flatten)]
    pub(super) build: BuildArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(super) enum ExplainFormat {
    Text,
    Json,
}

/// Runs the command line and returns the exit code.
pub fn run<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match execute(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            eprintln!("winparity: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

fn execute(cli: Cli) -> Result<u8> {
    match cli.command {
        Command::Scan(a) => run_scan(a),
        Command::Diff(a) => run_diff(a),
        Command::History(a) => run_history(a),
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(
                shell,
                &mut <Cli as clap::CommandFactory>::command(),
                "winparity",
                &mut out,
            );
            write_stdout(&String::from_utf8_lossy(&out))?;
            Ok(0)
        }
        Command::Explain(a) => explain::run_explain(a),
        Command::Queries(QueriesCommand::Test {
            query,
            path,
            vendor,
            limit,
        }) => {
            write_stdout(&queries_test(&query, &path, vendor, limit)?)?;
            Ok(0)
        }
        Command::Queries(QueriesCommand::List) => queries::run_list(),
        Command::Debug(DebugCommand::Header { file, build }) => {
            explain::run_debug_header(&file, &build)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// clap checks its definitions (unique names, valid defaults) only in debug builds, when a
    /// command is parsed: this makes `cargo test --release` check them too.
    #[test]
    fn the_command_line_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}

//! The command line: flags parsed once into [`Cli`], resolved with `.winparity.toml` into
//! [`Settings`], run, and turned into an exit code (0 ok, 1 gate tripped, 2 error).

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, Result, anyhow, bail};
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::config::{self, FailOn, Suppression};
use crate::diff;
use crate::facts::guards::{GUARDS_SCM, GuardQuery};
use crate::facts::packs;
use crate::gobuild::{BuildContext, Platform, go_minor_of, syslist};
use crate::join::{JoinInput, join};
use crate::report::{Report, Source, diffview, explain, html, markdown, sarif, table};
use crate::scan::{BlobCache, DiskFiles, FileSource, ScanConfig, scan_files};
use crate::source::{git, walk_dir};

/// winparity — which parts of a Go codebase do not really work on Windows, and how.
#[derive(Parser, Debug)]
#[command(name = "winparity", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
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
enum QueriesCommand {
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
enum DebugCommand {
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
struct BuildArgs {
    /// Platforms to evaluate: GOOS or GOOS/GOARCH, a bare GOOS meaning amd64
    /// [default: linux,windows].
    #[arg(long, value_delimiter = ',')]
    platforms: Option<Vec<String>>,
    /// The platform compared, one of --platforms [default: windows].
    #[arg(long)]
    target: Option<String>,
    /// The platform compared against, one of --platforms [default: linux].
    #[arg(long)]
    reference: Option<String>,
    /// Extra build tags, as for `go build -tags`.
    #[arg(long, value_delimiter = ',')]
    tags: Option<Vec<String>>,
    /// The Go release whose go1.N tags hold [default: the newest known, or go.mod's if newer].
    #[arg(long, value_name = "1.N")]
    go: Option<String>,
    /// Also scan vendor/ directories.
    #[arg(long)]
    vendor: bool,
    /// A directory of query files: its guards.scm replaces the built-in guard query, every
    /// other .scm is a pack query (docs/QUERIES.md).
    #[arg(long, value_name = "DIR")]
    queries: Option<PathBuf>,
    /// A built-in query pack to apply (docker); the docker pack is applied by itself to
    /// Docker's modules (github.com/docker/docker, github.com/moby/moby).
    #[arg(long = "pack", value_name = "NAME")]
    packs: Vec<String>,
    /// Apply no query pack by itself (the docker pack to Docker's modules).
    #[arg(long)]
    no_auto_pack: bool,
    /// Files larger than this many bytes are placed by their header only (their declarations
    /// are not read; a note says so).
    #[arg(long, value_name = "BYTES", default_value_t = 64 << 20)]
    max_file_size: u64,
    /// The configuration file [default: the nearest .winparity.toml in the scanned directory
    /// or a parent].
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

#[derive(Args, Debug)]
struct ScanArgs {
    /// The tree to scan; with --rev, the git repository (work tree or bare).
    #[arg(default_value = ".")]
    path: PathBuf,
    /// Scan this revision (branch, tag, commit, HEAD~3) from the object store, without a checkout.
    #[arg(long)]
    rev: Option<String>,
    #[command(flatten)]
    build: BuildArgs,
    /// Output format on stdout [default: table; none when -o is given].
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Write a report to FILE, its format taken from the extension (.json, .md, .html,
    /// .sarif, .txt); may be given several times.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    outputs: Vec<PathBuf>,
    /// Base URL for file links in Markdown and HTML (e.g. https://github.com/o/r/blob/SHA).
    #[arg(long, value_name = "URL")]
    link_base: Option<String>,
    /// The project's name in report titles (e.g. moby/moby) [default: the module go.mod names,
    /// else the directory's name].
    #[arg(long)]
    title: Option<String>,
    /// Exit 1 when the scan finds gaps of these statuses (guarded, stub, unsupported, missing;
    /// gaps for all four) that no suppression accepts, outside test-support packages
    /// [default: never].
    #[arg(long, value_delimiter = ',', value_name = "STATUSES")]
    fail_on: Option<Vec<String>>,
    /// Report only the gaps new since this JSON report (moves aside; all of them stay in the
    /// JSON, `baseline` names the new ones).
    #[arg(long, value_name = "REPORT.json")]
    baseline: Option<PathBuf>,
    /// Test-support packages (only tests import them) gate too.
    #[arg(long)]
    gate_test_support: bool,
    /// Worker threads [default: one per core].
    #[arg(long)]
    threads: Option<usize>,
    /// Rows per list in the table output.
    #[arg(long, default_value_t = 25)]
    limit: usize,
    /// No progress bar.
    #[arg(short, long)]
    quiet: bool,
    /// Colors in the table on stdout: auto (a terminal, unless NO_COLOR or TERM=dumb;
    /// CLICOLOR_FORCE forces them), always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
}

/// `--color`, as ripgrep and the go command's tools take it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Args, Debug)]
struct DiffArgs {
    /// The old side: a revision of --repo, or a JSON report file.
    old: String,
    /// The new side: a revision of --repo, or a JSON report file.
    new: String,
    /// The git repository the revisions belong to.
    #[arg(long, default_value = ".")]
    repo: PathBuf,
    #[command(flatten)]
    build: BuildArgs,
    /// Output format on stdout [default: table; none when -o is given].
    #[arg(long, value_enum)]
    format: Option<DiffFormat>,
    /// Also write to FILE, the format from its name (.json, .md, .sarif, .txt); repeatable.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    outputs: Vec<PathBuf>,
    /// What trips the gate (exit 1): worse, new-gaps, or never [default: worse,new-gaps].
    #[arg(long, value_delimiter = ',')]
    fail_on: Option<Vec<String>>,
    /// Test-support packages (only tests import them) gate too.
    #[arg(long)]
    gate_test_support: bool,
    /// Base URL for file links in Markdown (e.g. https://github.com/o/r/blob/SHA).
    #[arg(long, value_name = "URL")]
    link_base: Option<String>,
    /// Rows per list.
    #[arg(long, default_value_t = 25)]
    limit: usize,
    /// Worker threads [default: one per core].
    #[arg(long)]
    threads: Option<usize>,
    /// No progress bar.
    #[arg(short, long)]
    quiet: bool,
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
struct HistoryArgs {
    /// Revisions, oldest first [default: the release tags, sorted as versions].
    revs: Vec<String>,
    /// The git repository.
    #[arg(long, default_value = ".")]
    repo: PathBuf,
    /// Only git tags matching this glob (e.g. 'v2*'), as `git describe --match` (--tags is
    /// for build tags, as in every command).
    #[arg(long = "match", value_name = "GLOB")]
    tag_glob: Option<String>,
    /// Only tags from this one (a tag, as a version) or this date (YYYY-MM-DD) on.
    #[arg(long)]
    since: Option<String>,
    /// Only the N newest tags.
    #[arg(long, value_name = "N")]
    last: Option<usize>,
    /// Include pre-release tags (-rc, -beta, -alpha…).
    #[arg(long)]
    prereleases: bool,
    #[command(flatten)]
    build: BuildArgs,
    /// Output format on stdout [default: table; none when -o is given].
    #[arg(long, value_enum)]
    format: Option<HistoryFormat>,
    /// Write the history to FILE (.json, .md, .html, .txt); may be given several times.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    outputs: Vec<PathBuf>,
    /// The project's name in titles [default: the repository directory's].
    #[arg(long)]
    title: Option<String>,
    /// Rows per list in Markdown.
    #[arg(long, default_value_t = 50)]
    limit: usize,
    /// Neither read nor write the cache of blob facts (in the repository's git directory,
    /// winparity/facts.bin), which makes a second run near-instant.
    #[arg(long)]
    no_cache: bool,
    /// Worker threads [default: one per core].
    #[arg(long)]
    threads: Option<usize>,
    /// No progress bar.
    #[arg(short, long)]
    quiet: bool,
}

#[derive(Args, Debug)]
struct ExplainArgs {
    /// An API id (`daemon|Daemon|ContainerChanges`) or a name (`ContainerChanges`,
    /// `Daemon.ContainerChanges`) that is unique.
    name: String,
    /// The tree to scan; with --rev, the git repository (work tree or bare).
    #[arg(default_value = ".")]
    path: PathBuf,
    /// Explain the API at this revision (branch, tag, commit), from the object store.
    #[arg(long)]
    rev: Option<String>,
    /// Output: text, or json (the API's report entry with its guards and refusals).
    #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
    format: ExplainFormat,
    #[command(flatten)]
    build: BuildArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ExplainFormat {
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

/// Colors on stdout: only on a terminal, and never with NO_COLOR set (no-color.org).
/// The title of a scan without `--title`: the module its go.mod (or vendor.mod) declares — the
/// revision's for `--rev` — else the directory's own name; never a local path.
fn default_title(path: &Path, rev: Option<&str>) -> Option<String> {
    let module_file = match rev {
        None => crate::source::module_root(path).module_file,
        Some(rev) => {
            let repo = git::open(path).ok()?;
            let commit = git::resolve(&repo, rev).ok()?;
            crate::source::MODULE_FILES
                .iter()
                .find_map(|n| git::read_path(&repo, commit, n))
        }
    };
    let module = module_file.and_then(|m| crate::facts::packs::module_path(&m).map(str::to_string));
    module.or_else(|| {
        let dir = std::fs::canonicalize(path).ok()?;
        // A bare repository's directory is named for git, not for the project.
        let dir = if rev.is_some() && dir.file_name().is_some_and(|n| n == ".git") {
            dir.parent()?.to_path_buf()
        } else {
            dir
        };
        dir.file_name().map(|n| n.to_string_lossy().into_owned())
    })
}

/// A path as reports name it: relative to the current directory when it lies below it (an
/// absolute path typed for a tree here holds nothing a reader elsewhere can use), else as given.
fn report_path(path: &Path) -> String {
    if path.is_absolute()
        && let Ok(cwd) = std::env::current_dir()
        && let Ok(rel) = path.strip_prefix(&cwd)
    {
        let rel = rel.display().to_string();
        return if rel.is_empty() { ".".to_string() } else { rel };
    }
    path.display().to_string()
}

/// The table's width: `COLUMNS` when it is a number, else the terminal's when the table goes
/// to one, else 100 (a file or a pipe).
fn table_width(to_stdout: bool) -> u16 {
    if let Some(n) = std::env::var("COLUMNS")
        .ok()
        .and_then(|v| v.trim().parse::<u16>().ok())
        .filter(|n| *n > 0)
    {
        return n;
    }
    if to_stdout {
        let term = console::Term::stdout();
        if term.is_term()
            && let Some((_, cols)) = term.size_checked()
        {
            return cols;
        }
    }
    table::DEFAULT_WIDTH
}

fn use_color(choice: ColorChoice) -> bool {
    use std::io::IsTerminal;
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    colors_on(
        choice,
        io::stdout().is_terminal(),
        var("NO_COLOR").is_some(),
        var("CLICOLOR_FORCE").is_some_and(|v| v != "0"),
        var("TERM").as_deref() == Some("dumb"),
    )
}

/// Whether to color: the flag decides when it says always or never; else NO_COLOR turns them
/// off (no-color.org), CLICOLOR_FORCE on (bixense.com/clicolors), a dumb terminal off, and
/// then whether stdout is a terminal.
fn colors_on(choice: ColorChoice, tty: bool, no_color: bool, force: bool, dumb: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => !no_color && (force || (tty && !dumb)),
    }
}

fn timing() -> bool {
    std::env::var_os("WINPARITY_TIMING").is_some()
}

/// Resident and peak memory, for the timing lines (Linux only; empty elsewhere).
fn memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    #[cfg(feature = "alloc-stats")]
    let counted = format!(", {}", crate::alloc_stats::summary());
    #[cfg(not(feature = "alloc-stats"))]
    let counted = "";
    format!(
        "[rss {}, peak {}{counted}]",
        field("VmRSS:"),
        field("VmHWM:")
    )
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
        Command::Explain(a) => {
            let settings = Settings::resolve(&a.build, &a.path)?;
            let report = match &a.rev {
                Some(rev) => scan_rev(&a.path, rev, &settings, &BlobCache::default())?,
                None => scan_dir(&a.path, &settings)?,
            };
            let api = explain::find(&report, &a.name).map_err(|e| anyhow!(e))?;
            let text = match a.format {
                ExplainFormat::Text => {
                    let read = source_reader(&a.path, a.rev.as_deref());
                    explain::render(&report, api, &|rel| read(rel))
                }
                ExplainFormat::Json => explain::json(&report, api),
            };
            write_stdout(&text)?;
            Ok(0)
        }
        Command::Queries(QueriesCommand::Test {
            query,
            path,
            vendor,
            limit,
        }) => {
            write_stdout(&queries_test(&query, &path, vendor, limit)?)?;
            Ok(0)
        }
        Command::Queries(QueriesCommand::List) => {
            let mut out = String::new();
            for (name, files) in packs::BUILTIN {
                out += &format!(
                    "{name} (applied by itself to modules {})\n",
                    packs::DOCKER_MODULES.join(", ")
                );
                for (file, src) in *files {
                    let kind = src
                        .lines()
                        .find_map(|l| l.strip_prefix("; winparity-query:"))
                        .unwrap_or("")
                        .trim();
                    out += &format!("  {file}  {kind}\n");
                }
            }
            write_stdout(&out)?;
            Ok(0)
        }
        Command::Debug(DebugCommand::Header { file, build }) => {
            let settings = Settings::resolve(&build, file.parent().unwrap_or(Path::new(".")))?;
            let bytes =
                std::fs::read(&file).with_context(|| format!("{}: cannot read", file.display()))?;
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            write_stdout(&explain::dump_header(
                &name,
                &bytes,
                &settings.scan.contexts,
            ))?;
            Ok(0)
        }
    }
}

/// Standard output for large outputs. Rust's stdout is line-buffered: every write looks for
/// the last newline of what it is given, which costs a pass over a report of tens of
/// megabytes. On Unix a duplicate of the descriptor is written instead, through the caller's
/// buffer; elsewhere (or when it cannot be duplicated) the usual locked stdout.
fn stdout_writer() -> Box<dyn Write> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        if let Ok(fd) = io::stdout().as_fd().try_clone_to_owned() {
            return Box::new(std::fs::File::from(fd));
        }
    }
    Box::new(io::stdout().lock())
}

/// Writes text for people to stdout, control characters from the input shown, not run
/// (`report::escape::terminal`).
fn write_stdout(s: &str) -> Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(crate::report::escape::terminal(s).as_bytes())?;
    out.flush()?;
    Ok(())
}

fn init_threads(n: Option<usize>) -> Result<()> {
    let mut b = rayon::ThreadPoolBuilder::new().stack_size(16 << 20);
    if let Some(n) = n {
        if n == 0 {
            bail!("--threads must be at least 1");
        }
        b = b.num_threads(n);
    }
    b.build_global()
        .map_err(|e| anyhow!("cannot start the worker threads: {e}"))
}

/// Everything a scan or a diff needs, resolved from flags, `.winparity.toml` and defaults.
pub struct Settings {
    /// The platforms and the pair compared.
    pub scan: ScanConfig,
    /// The Go minor assumed, unless go.mod says newer (resolved per tree).
    go_flag: Option<u32>,
    /// Tags given.
    pub tags: Vec<String>,
    /// Scan vendor/.
    pub vendor: bool,
    /// The queries.
    pub queries: Queries,
    /// The diff gate.
    pub fail_on: FailOn,
    /// Accepted gaps.
    pub suppressions: Vec<Suppression>,
    /// No progress bar.
    pub quiet: bool,
    /// Whether the process ends soon after its scans (scan, diff, explain): their per-file
    /// facts are then left to the OS to take back at exit, which is faster than freeing them
    /// one by one. `history` scans revision after revision, and frees each.
    pub one_shot: bool,
}

impl Settings {
    /// Resolves flags over the configuration file (`--config`, else the nearest
    /// `.winparity.toml` at or above `start`) over the defaults.
    fn resolve(b: &BuildArgs, start: &Path) -> Result<Settings> {
        let config_path = match &b.config {
            Some(p) => Some(p.clone()),
            None if start.is_dir() => config::find(start),
            None => None,
        };
        let file = match &config_path {
            Some(p) => config::load_file(p).map_err(|e| anyhow!(e))?,
            None => Default::default(),
        };
        // Paths in the file are relative to its directory; its name, for messages.
        let root = config_path
            .as_deref()
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .unwrap_or_else(|| start.to_path_buf());
        let config_name = config_path
            .clone()
            .unwrap_or_else(|| root.join(config::FILE_NAME));
        let platforms = b
            .platforms
            .clone()
            .or(file.platforms.clone())
            .unwrap_or_else(|| vec!["linux".into(), "windows".into()]);
        let target = b
            .target
            .clone()
            .or(file.target.clone())
            .unwrap_or_else(|| "windows".into());
        let reference = b
            .reference
            .clone()
            .or(file.reference.clone())
            .unwrap_or_else(|| "linux".into());
        let tags = b.tags.clone().or(file.tags.clone()).unwrap_or_default();
        if let Some(t) = tags.iter().find(|t| t.contains(['*', '?', '['])) {
            // No build tag holds a glob character; a user who means git tags is told where
            // they are chosen.
            bail!(
                "--tags {t}: a build tag has no '*', '?' or '[' (history chooses git tags with --match GLOB)"
            );
        }
        let go_flag = match b.go.as_ref().or(file.go.as_ref()) {
            Some(v) => Some(
                go_minor_of(v)
                    .ok_or_else(|| anyhow!("--go {v}: expected a Go release like 1.26"))?,
            ),
            None => None,
        };
        let cgo = std::env::var("CGO_ENABLED")
            .map(|v| v != "0")
            .unwrap_or(true);
        let mut contexts: Vec<BuildContext> = Vec::new();
        for p in &platforms {
            let platform = Platform::parse(p.trim()).map_err(|e| anyhow!("--platforms: {e}"))?;
            if contexts
                .iter()
                .any(|c| same_platform(&c.platform, &platform))
            {
                bail!("--platforms: {p} is given twice");
            }
            contexts.push(BuildContext::new(
                platform,
                cgo,
                tags.clone(),
                syslist::NEWEST_GO_MINOR,
            ));
        }
        if contexts.is_empty() {
            bail!("--platforms: no platform given");
        }
        // Positions in a file are 32-bit (a 4 GiB .go file is no source code).
        if b.max_file_size >= u64::from(u32::MAX) {
            bail!(
                "--max-file-size {}: at most {} bytes",
                b.max_file_size,
                u32::MAX - 1
            );
        }
        if contexts.len() > 64 {
            bail!("--platforms: at most 64 platforms");
        }
        // `windows` and `windows/amd64` are one platform: a bare GOOS means amd64.
        let find = |name: &str, flag: &str| {
            let wanted = Platform::parse(name).map_err(|e| anyhow!("--{flag}: {e}"))?;
            contexts
                .iter()
                .position(|c| same_platform(&c.platform, &wanted))
                .ok_or_else(|| {
                    anyhow!(
                        "--{flag} {name} is not one of --platforms {}",
                        platforms.join(",")
                    )
                })
        };
        let (t, r) = (find(&target, "target")?, find(&reference, "reference")?);
        if t == r {
            bail!("--target and --reference are the same platform ({target})");
        }
        let queries = b
            .queries
            .clone()
            .or(file.queries.as_ref().map(|q| root.join(q)));
        let mut fail_on = match file.gate.as_ref().and_then(|g| g.fail_on.clone()) {
            Some(words) => {
                FailOn::parse(&words).map_err(|e| anyhow!("{}: {e}", config_name.display()))?
            }
            None => FailOn::DEFAULT,
        };
        fail_on.test_support = file
            .gate
            .as_ref()
            .and_then(|g| g.test_support)
            .unwrap_or(false);
        Ok(Settings {
            scan: ScanConfig {
                contexts,
                target: t,
                reference: r,
                cgo,
                max_file_size: b.max_file_size,
            },
            go_flag,
            tags,
            vendor: b.vendor || file.vendor.unwrap_or(false),
            queries: Queries::resolve(queries.as_deref(), &b.packs, !b.no_auto_pack)?,
            fail_on,
            suppressions: config::suppressions(&file)
                .map_err(|e| anyhow!("{}: {e}", config_name.display()))?,
            quiet: false,
            one_shot: true,
        })
    }

    /// The scan configuration for a tree whose go.mod says `go_mod` (its go/toolchain line).
    fn for_tree(&self, go_mod: Option<&str>) -> (ScanConfig, u32) {
        let minor = self.go_flag.unwrap_or_else(|| {
            syslist::NEWEST_GO_MINOR.max(go_mod.and_then(go_mod_minor).unwrap_or(0))
        });
        let mut cfg = self.scan.clone();
        for c in &mut cfg.contexts {
            c.go_minor = minor;
        }
        (cfg, minor)
    }
}

/// Whether two platforms are the same GOOS/GOARCH, however they were written.
fn same_platform(a: &Platform, b: &Platform) -> bool {
    a.goos == b.goos && a.goarch == b.goarch
}

/// Queries compiled for a tree, and the names of the packs they hold.
type Compiled = (Arc<GuardQuery>, Vec<String>);

/// The guard query and the query packs of a run.
pub struct Queries {
    /// Where the guard query comes from, and its text.
    guards: (String, String),
    /// Pack queries from `--queries DIR`: (origin, text).
    dir_packs: Vec<(String, String)>,
    /// Built-in packs asked for.
    builtin: Vec<String>,
    /// Whether packs apply by themselves to the modules they are for.
    auto: bool,
    /// Compiled queries by the built-in packs they hold: tree-sitter's analysis of a query
    /// costs as much as scanning a small tree, and `history` asks for the same at every
    /// revision.
    compiled: std::sync::Mutex<HashMap<Vec<String>, Arc<GuardQuery>>>,
}

impl Queries {
    fn resolve(dir: Option<&Path>, builtin: &[String], auto: bool) -> Result<Queries> {
        let mut guards = (
            GUARDS_SCM.to_string(),
            "queries/guards.scm (built in)".to_string(),
        );
        let mut dir_packs = Vec::new();
        if let Some(d) = dir {
            if !d.is_dir() {
                bail!("--queries {}: not a directory", d.display());
            }
            let p = d.join("guards.scm");
            if p.exists() {
                let text = std::fs::read_to_string(&p)
                    .with_context(|| format!("{}: cannot read", p.display()))?;
                guards = (text, p.display().to_string());
            }
            dir_packs = packs::read_dir(d).map_err(|e| anyhow!(e))?;
        }
        let q = Queries {
            guards: (guards.1, guards.0),
            dir_packs,
            builtin: builtin.to_vec(),
            auto,
            compiled: Default::default(),
        };
        // A query of the user's that does not compile (or an unknown pack) is reported now,
        // whatever the tree; the built-in queries are known to compile (and are tested).
        if dir.is_some() || !builtin.is_empty() {
            q.compile(None)?;
        }
        Ok(q)
    }

    /// Compiles the queries for a tree whose go.mod says `go_mod`; returns the names of the
    /// packs applied.
    fn compile(&self, go_mod: Option<&str>) -> Result<Compiled> {
        let mut names = Vec::new();
        let module = go_mod.and_then(packs::module_path);
        let mut builtin = self.builtin.clone();
        let docker = module.is_some_and(|m| packs::DOCKER_MODULES.contains(&m));
        if self.auto && docker && !builtin.iter().any(|b| b == "docker") {
            builtin.push("docker".to_string());
            names.push(format!("docker (module {})", module.unwrap_or_default()));
        } else {
            names.extend(builtin.iter().cloned());
        }
        names.extend(self.dir_packs.iter().map(|(origin, _)| origin.clone()));
        if let Some(q) = self.compiled.lock().expect("queries lock").get(&builtin) {
            return Ok((q.clone(), names));
        }
        let (origin, text) = &self.guards;
        let mut q = GuardQuery::new(text)
            .map_err(|e| anyhow!("{origin}: the query does not compile: {e}"))?;
        for b in &builtin {
            q.packs
                .extend(packs::builtin(b).map_err(|e| anyhow!("--pack: {e}"))?);
        }
        for (origin, text) in &self.dir_packs {
            q.packs
                .push(packs::compile(origin, text).map_err(|e| anyhow!(e))?);
        }
        let q = Arc::new(q);
        self.compiled
            .lock()
            .expect("queries lock")
            .insert(builtin, q.clone());
        Ok((q, names))
    }
}

/// The newer minor of the `go` and `toolchain` lines of a go.mod text.
fn go_mod_minor(text: &str) -> Option<u32> {
    text.lines()
        .filter_map(|l| {
            let l = l.trim();
            l.strip_prefix("go ")
                .or_else(|| l.strip_prefix("toolchain "))
                .and_then(go_minor_of)
        })
        .max()
}

/// Scans a directory tree into a report.
fn scan_dir(path: &Path, s: &Settings) -> Result<Report> {
    // Walked as reports name it, so that notes name paths as the source does (relative below
    // the current directory).
    let named = PathBuf::from(report_path(path));
    let path = named.as_path();
    let meta = std::fs::metadata(path).map_err(|e| anyhow!("{}: {}", path.display(), e))?;
    if !meta.is_dir() {
        bail!(
            "{}: not a directory (winparity scans a tree of Go packages)",
            path.display()
        );
    }
    // A directory below its module's root is scanned as part of that module: its paths and
    // ids are the root's (`daemon|Daemon|…`), and go.mod is the root's.
    let module = crate::source::module_root(path);
    let go_mod = module.module_file.clone();
    let tw = Instant::now();
    // Compiling the queries (tree-sitter analyses each pattern) takes as long as walking a
    // large tree: one is done beside the other.
    let (listing, compiled) = std::thread::scope(|scope| {
        let compiled = scope.spawn(|| s.queries.compile(go_mod.as_deref()));
        let listing = walk_dir(path, s.vendor);
        let compiled = compiled
            .join()
            .unwrap_or_else(|_| Err(anyhow!("the queries could not be compiled")));
        (listing, compiled)
    });
    if timing() {
        eprintln!("timing: walk {:?} {}", tw.elapsed(), memory());
    }
    let mut listing = listing;
    let mut notes = std::mem::take(&mut listing.notes);
    if let Some(sub) = &module.sub {
        for f in &mut listing.files {
            f.rel = format!("{sub}/{}", f.rel);
        }
        // The root as the path given names it (a report holds no absolute local path).
        let mut root = path.to_path_buf();
        for _ in sub.split('/') {
            if !root.pop() || root.as_os_str().is_empty() {
                root = path.join(sub.split('/').map(|_| "..").collect::<Vec<_>>().join("/"));
                break;
            }
        }
        let name = go_mod
            .as_deref()
            .and_then(crate::facts::packs::module_path)
            .map(|m| format!("module {m}"))
            .unwrap_or_else(|| "its module".to_string());
        notes.push(format!(
            "{}: scanned as {sub}/ of {name} (root {}): paths and ids are the module's; test-support packages are decided over a whole module (what imports a package may lie outside {sub}/), so none is counted apart here",
            path.display(),
            root.display()
        ));
    }
    if listing.files.is_empty() {
        bail!(no_go_files(&path.display().to_string(), s.vendor, &notes));
    }
    let rels: Vec<String> = listing.files.iter().map(|f| f.rel.clone()).collect();
    let disk = DiskFiles(listing.files.into_iter().map(|f| f.path).collect());
    let source = Source {
        path: report_path(path),
        rev: None,
        commit: None,
        name: None,
    };
    scan_source(
        &rels,
        &disk,
        s,
        (go_mod.as_deref(), compiled),
        source,
        (notes, module.sub.is_none()),
        None,
    )
}

fn no_go_files(what: &str, vendor: bool, notes: &[String]) -> String {
    let mut msg = format!("{what}: no .go files found");
    if !vendor {
        msg.push_str(" (vendor/, testdata/ and names starting with . or _ are skipped)");
    }
    for n in notes {
        msg.push_str(&format!("\n  {n}"));
    }
    msg
}

/// Scans revision `rev` of the repository at `repo_path` into a report.
fn scan_rev(repo_path: &Path, rev: &str, s: &Settings, cache: &BlobCache) -> Result<Report> {
    let repo = git::open(repo_path).map_err(|e| anyhow!(e))?;
    let listing =
        git::list_rev(&repo, rev, s.vendor).map_err(|e| anyhow!("{}: {e}", repo_path.display()))?;
    let what = format!("{} at {rev}", repo_path.display());
    if listing.files.is_empty() {
        bail!(no_go_files(&what, s.vendor, &listing.notes));
    }
    let go_mod = crate::source::MODULE_FILES
        .iter()
        .find_map(|n| git::read_path(&repo, listing.commit, n));
    let (rels, blobs): (Vec<String>, Vec<_>) = listing.files.into_iter().unzip();
    let files = git::GitFiles {
        repo: repo_path.to_path_buf(),
        blobs,
    };
    let source = Source {
        path: report_path(repo_path),
        rev: Some(rev.to_string()),
        commit: Some(listing.commit.to_string()),
        name: None,
    };
    let compiled = s.queries.compile(go_mod.as_deref());
    scan_source(
        &rels,
        &files,
        s,
        (go_mod.as_deref(), compiled),
        source,
        (listing.notes, true),
        Some(cache),
    )
}

/// A progress bar on stderr for scans that take more than a moment, only on a terminal: it
/// starts hidden and appears after half a second.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    start: Instant,
    shown: std::sync::atomic::AtomicBool,
}

impl Progress {
    fn new(files: usize, quiet: bool) -> Progress {
        use std::io::IsTerminal;
        let bar = (!quiet && io::stderr().is_terminal()).then(|| {
            let bar = indicatif::ProgressBar::with_draw_target(
                Some(files as u64),
                indicatif::ProgressDrawTarget::hidden(),
            );
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "scanning {pos}/{len} files {wide_bar} {elapsed}",
                )
                .expect("the template is valid"),
            );
            bar
        });
        Progress {
            bar,
            start: Instant::now(),
            shown: std::sync::atomic::AtomicBool::new(false),
        }
    }

    fn tick(&self, n: u64) {
        use std::sync::atomic::Ordering;
        let Some(bar) = &self.bar else { return };
        bar.inc(n);
        if self.start.elapsed().as_millis() > 500 && !self.shown.swap(true, Ordering::Relaxed) {
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr_with_hz(4));
        }
    }

    fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}

/// The common path of directory and revision scans: scan, join, and report the notes.
fn scan_source(
    rels: &[String],
    files: &dyn FileSource,
    s: &Settings,
    (go_mod, compiled): (Option<&str>, Result<Compiled>),
    source: Source,
    (notes, whole_module): (Vec<String>, bool),
    cache: Option<&BlobCache>,
) -> Result<Report> {
    let (cfg, minor) = s.for_tree(go_mod);
    let (query, packs) = compiled?;
    let t = Instant::now();
    let progress = Progress::new(rels.len(), s.quiet);
    let scanned = scan_files(rels, files, &cfg, &query, cache, &|n| progress.tick(n));
    progress.finish();
    let tj = Instant::now();
    if timing() {
        eprintln!("timing: after scan {}", memory());
    }
    for n in &notes {
        eprintln!("winparity: {n}");
    }
    let mut report = join(
        &scanned,
        JoinInput {
            cfg: &cfg,
            source,
            go: format!("1.{minor}"),
            tags: s.tags.clone(),
            notes,
            module: go_mod
                .and_then(crate::facts::packs::module_path)
                .map(str::to_string),
            whole_module,
        },
    );
    report.packs = packs;
    if timing() {
        eprintln!(
            "timing: scan {:?}, join {:?} {}",
            tj - t,
            tj.elapsed(),
            memory()
        );
    }
    // The per-file facts are large: when the process ends soon, freeing them one by one only
    // costs time (the OS takes the memory back at exit).
    if s.one_shot {
        std::mem::forget(scanned);
    }
    Ok(report)
}

/// One side of a diff: a JSON report file, or a revision of the repository.
fn load_side(arg: &str, repo: &Path, s: &Settings, cache: &BlobCache) -> Result<Report> {
    let p = Path::new(arg);
    if p.is_file() {
        let text = std::fs::read_to_string(p).with_context(|| format!("{arg}: cannot read"))?;
        return Report::from_json(&text)
            .map_err(|e| anyhow!("{arg}: not a winparity JSON report: {e}"));
    }
    // A side named like a report file that is not there: say so, rather than "unknown
    // revision" (a revision may still have that name: it is tried first).
    let looks_like_file = arg.ends_with(".json");
    scan_rev(repo, arg, s, cache).map_err(|e| {
        if looks_like_file && !p.exists() {
            anyhow!("{arg}: no such file (a side is a JSON report written by `winparity scan --format json`, or a revision of {})", repo.display())
        } else {
            e
        }
    })
}

fn run_diff(a: DiffArgs) -> Result<u8> {
    init_threads(a.threads)?;
    let mut settings = Settings::resolve(&a.build, &a.repo)?;
    settings.quiet = a.quiet;
    if let Some(words) = &a.fail_on {
        let test_support = settings.fail_on.test_support;
        settings.fail_on = FailOn::parse(words).map_err(|e| anyhow!("--{e}"))?;
        settings.fail_on.test_support = test_support;
    }
    settings.fail_on.test_support |= a.gate_test_support;
    let cache = BlobCache::default();
    let old = load_side(&a.old, &a.repo, &settings, &cache)?;
    let new = load_side(&a.new, &a.repo, &settings, &cache)?;
    let d = diff::diff(&old, &new, settings.fail_on, &settings.suppressions);
    let mut targets: Vec<(DiffFormat, Option<PathBuf>)> = Vec::new();
    for p in &a.outputs {
        let f = DiffFormat::from_path(p).ok_or_else(|| {
            anyhow!(
                "-o {}: cannot tell the format from the name (use .json, .md, .sarif or .txt)",
                p.display()
            )
        })?;
        targets.push((f, Some(p.clone())));
    }
    if a.format.is_some() || a.outputs.is_empty() {
        targets.push((a.format.unwrap_or(DiffFormat::Table), None));
    }
    // What the change made worse, for annotations.
    let made_worse = d.made_worse();
    write_outputs(&targets, |format, _, w| {
        let out = match format {
            DiffFormat::Json => d.to_json(),
            DiffFormat::Markdown => diffview::markdown(&d, a.link_base.as_deref(), a.limit),
            DiffFormat::Table => diffview::table(&d, a.limit),
            DiffFormat::Sarif => {
                sarif::render_findings(&new, sarif::new_findings(&old, &new, &made_worse))
            }
            DiffFormat::Github => {
                sarif::github_findings(&new, sarif::new_findings(&old, &new, &made_worse))
            }
        };
        w.write_all(out.as_bytes())?;
        Ok(())
    })?;
    Ok(if d.gate.tripped { 1 } else { 0 })
}

/// A file's bytes by its path in the report: from the directory, or from the revision's tree.
type SourceReader = Box<dyn Fn(&str) -> Option<Vec<u8>>>;

fn source_reader(path: &Path, rev: Option<&str>) -> SourceReader {
    let root = path.to_path_buf();
    match rev {
        None => {
            // A report's paths are relative to the module's root.
            let root = crate::source::module_root(&root).root;
            Box::new(move |rel| std::fs::read(root.join(rel)).ok())
        }
        Some(rev) => {
            let repo = git::open(&root).ok();
            let commit = repo.as_ref().and_then(|r| git::resolve(r, rev).ok());
            Box::new(move |rel| git::read_bytes(repo.as_ref()?, commit?, rel))
        }
    }
}

fn run_scan(a: ScanArgs) -> Result<u8> {
    init_threads(a.threads)?;
    let mut targets: Vec<(Format, Option<PathBuf>)> = Vec::new();
    for p in &a.outputs {
        let f = Format::from_path(p).ok_or_else(|| {
            anyhow!("-o {}: cannot tell the format from the name (use .json, .md, .html, .sarif or .txt)", p.display())
        })?;
        targets.push((f, Some(p.clone())));
    }
    if a.format.is_some() || a.outputs.is_empty() {
        targets.push((a.format.unwrap_or(Format::Table), None));
    }
    let t = Instant::now();
    let mut settings = Settings::resolve(&a.build, &a.path)?;
    settings.quiet = a.quiet;
    let report = match &a.rev {
        Some(rev) => scan_rev(&a.path, rev, &settings, &BlobCache::default())?,
        None => scan_dir(&a.path, &settings)?,
    };
    let mut report = report;
    report.source.name = a
        .title
        .clone()
        .or_else(|| default_title(&a.path, a.rev.as_deref()));
    diff::apply_suppressions(&mut report, &settings.suppressions);
    let test_support = settings.fail_on.test_support || a.gate_test_support;
    if let Some(b) = &a.baseline {
        let name = b.display().to_string();
        let text = std::fs::read_to_string(b)
            .with_context(|| format!("--baseline {name}: cannot read"))?;
        let base = Report::from_json(&text)
            .map_err(|e| anyhow!("--baseline {name}: not a winparity JSON report: {e}"))?;
        let mut fail_on = settings.fail_on;
        fail_on.test_support = test_support;
        diff::apply_baseline(&mut report, &base, &name, fail_on, &settings.suppressions);
    }
    let gate = match &a.fail_on {
        Some(words) => diff::parse_scan_fail_on(words).map_err(|e| anyhow!("--{e}"))?,
        None => Vec::new(),
    };
    let t1 = Instant::now();
    let read = source_reader(&a.path, a.rev.as_deref());
    let written = write_outputs(&targets, |format, to_stdout, w| {
        match format {
            Format::Json => report.write_json(w)?,
            Format::Table => w.write_all(
                table::render(
                    &report,
                    a.limit,
                    to_stdout && use_color(a.color),
                    table_width(to_stdout),
                )
                .as_bytes(),
            )?,
            Format::Markdown => {
                w.write_all(markdown::render(&report, a.link_base.as_deref()).as_bytes())?
            }
            Format::Html => w.write_all(
                html::render(&report, a.link_base.as_deref(), &read)
                    .map_err(|e| anyhow!("HTML template: {e}"))?
                    .as_bytes(),
            )?,
            Format::Sarif => w.write_all(sarif::render(&report).as_bytes())?,
            Format::Github => w.write_all(sarif::github(&report).as_bytes())?,
        }
        Ok(())
    });
    if timing() {
        eprintln!(
            "timing: scan+join {:?}, output {:?} {}",
            t1 - t,
            t1.elapsed(),
            memory()
        );
    }
    let reasons = diff::scan_gate(&report, &gate, test_support);
    // The process ends now; freeing the report piece by piece only costs time.
    std::mem::forget(report);
    let written = written?;
    if !reasons.is_empty() {
        let words: Vec<&str> = gate.iter().map(|s| s.as_str()).collect();
        eprintln!(
            "winparity: the gate tripped (--fail-on {}): {} gap{}",
            words.join(","),
            reasons.len(),
            if reasons.len() == 1 { "" } else { "s" }
        );
        for r in reasons.iter().take(10) {
            eprintln!("  {r}");
        }
        if reasons.len() > 10 {
            eprintln!("  … and {} more", reasons.len() - 10);
        }
        return Ok(written.max(1));
    }
    Ok(written)
}

/// Writes each output — stdout for `None`, else `-o FILE` — through `render(format, to_stdout,
/// writer)`. One output that cannot be written does not lose the others (all the failures are
/// reported, exit 2); a closed stdout ends quietly.
fn write_outputs<F>(
    targets: &[(F, Option<PathBuf>)],
    render: impl Fn(&F, bool, &mut dyn Write) -> Result<()>,
) -> Result<u8> {
    let mut failures = Vec::new();
    for (format, file) in targets {
        let written = match file {
            None => {
                let mut out = io::BufWriter::with_capacity(1 << 16, stdout_writer());
                render(format, true, &mut out).and_then(|_| Ok(out.flush()?))
            }
            Some(path) => std::fs::File::create(path)
                .map_err(anyhow::Error::from)
                .and_then(|f| {
                    let mut w = io::BufWriter::new(f);
                    render(format, false, &mut w)?;
                    Ok(w.flush()?)
                })
                .with_context(|| format!("-o {}: cannot write", path.display())),
        };
        if let Err(e) = written {
            if file.is_none() && is_broken_pipe(&e) {
                return Ok(0);
            }
            failures.push(format!("{e:#}"));
        }
    }
    if failures.is_empty() {
        Ok(0)
    } else {
        bail!(failures.join("\n"))
    }
}

/// The revisions a history covers: those named, or the release tags sorted as versions.
fn history_revisions(a: &HistoryArgs, repo: &git2::Repository) -> Result<Vec<String>> {
    use crate::history::{parse_version, version_order};
    if !a.revs.is_empty() {
        return Ok(a.revs.clone());
    }
    let glob = match &a.tag_glob {
        Some(g) => Some(
            globset::Glob::new(g)
                .map_err(|e| anyhow!("--match {g}: {e}"))?
                .compile_matcher(),
        ),
        None => None,
    };
    let mut tags: Vec<(crate::history::Version, String)> = git::tag_names(repo)
        .map_err(|e| anyhow!(e))?
        .into_iter()
        .filter(|t| glob.as_ref().is_none_or(|g| g.is_match(t)))
        .filter_map(|t| parse_version(&t).map(|v| (v, t)))
        .filter(|(v, _)| a.prereleases || !v.pre)
        .collect();
    // A prefixed tag of a release a plain tag names too is that release's other name (moby's
    // `docs-v1.12.0-2016-07-28` beside `v1.12.0`): the plain tag stands for it.
    let plain: std::collections::HashSet<[u64; 3]> = tags
        .iter()
        .filter(|(v, _)| !v.prefixed)
        .map(|(v, _)| v.numbers)
        .collect();
    tags.retain(|(v, _)| !v.prefixed || !plain.contains(&v.numbers));
    tags.sort_by(|x, y| version_order(&x.0, &y.0).then(x.1.cmp(&y.1)));
    if let Some(since) = &a.since {
        if let Ok(day) = since.parse::<jiff::civil::Date>() {
            let day = day.to_string();
            tags.retain(|(_, t)| {
                git::resolve(repo, t)
                    .map(|c| git::commit_date(repo, c) >= day)
                    .unwrap_or(false)
            });
        } else {
            let from = parse_version(since).ok_or_else(|| {
                anyhow!("--since {since}: neither a date (YYYY-MM-DD) nor a version tag")
            })?;
            tags.retain(|(v, _)| version_order(v, &from) != std::cmp::Ordering::Less);
        }
    }
    if let Some(n) = a.last {
        let skip = tags.len().saturating_sub(n);
        tags.drain(..skip);
    }
    if tags.is_empty() {
        bail!(
            "{}: no release tags to scan (name revisions, or see --match, --since, --prereleases)",
            a.repo.display()
        );
    }
    Ok(tags.into_iter().map(|(_, t)| t).collect())
}

fn run_history(a: HistoryArgs) -> Result<u8> {
    use crate::history::Builder;
    use crate::report::historyview;
    init_threads(a.threads)?;
    let mut targets: Vec<(HistoryFormat, Option<PathBuf>)> = Vec::new();
    for p in &a.outputs {
        let f = match Format::from_path(p) {
            Some(Format::Json) => HistoryFormat::Json,
            Some(Format::Markdown) => HistoryFormat::Markdown,
            Some(Format::Html) => HistoryFormat::Html,
            Some(Format::Table) => HistoryFormat::Table,
            _ => bail!(
                "-o {}: cannot tell the format from the name (use .json, .md, .html or .txt)",
                p.display()
            ),
        };
        targets.push((f, Some(p.clone())));
    }
    if a.format.is_some() || a.outputs.is_empty() {
        targets.push((a.format.unwrap_or(HistoryFormat::Table), None));
    }
    let mut settings = Settings::resolve(&a.build, &a.repo)?;
    settings.quiet = true;
    settings.one_shot = false;
    let repo = git::open(&a.repo).map_err(|e| anyhow!(e))?;
    let revs = history_revisions(&a, &repo)?;
    let cache_file = repo.path().join("winparity").join("facts.bin");
    let cache = if a.no_cache {
        BlobCache::default()
    } else {
        BlobCache::load(&cache_file).unwrap_or_else(|e| {
            eprintln!("winparity: {e}");
            BlobCache::default()
        })
    };
    let mut builder = Builder::new();
    let t = Instant::now();
    let bar = Progress::new(revs.len(), a.quiet);
    for rev in &revs {
        let tr = Instant::now();
        let report = scan_rev(&a.repo, rev, &settings, &cache)?;
        let commit = git::resolve(&repo, rev).map_err(|e| anyhow!(e))?;
        builder.push(rev, git::commit_date(&repo, commit), &report);
        if timing() {
            eprintln!(
                "timing: {rev}: {:?} ({} blobs cached)",
                tr.elapsed(),
                cache.len()
            );
        }
        bar.tick(1);
    }
    bar.finish();
    if timing() {
        eprintln!("timing: {} revisions in {:?}", revs.len(), t.elapsed());
    }
    if !a.no_cache
        && let Err(e) = cache.save(&cache_file)
    {
        eprintln!("winparity: the cache was not written: {e}");
    }
    let h = builder.finish();
    let title = a.title.clone().unwrap_or_else(|| {
        std::fs::canonicalize(&a.repo)
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| a.repo.display().to_string())
    });
    write_outputs(&targets, |format, _, w| {
        let text = match format {
            HistoryFormat::Table => {
                crate::report::escape::terminal(&historyview::table(&h)).into_owned()
            }
            HistoryFormat::Json => {
                let mut s = serde_json::to_string(&h)?;
                s.push('\n');
                s
            }
            HistoryFormat::Markdown => historyview::markdown(&h, &title, a.limit),
            HistoryFormat::Html => {
                historyview::html(&h, &title).map_err(|e| anyhow!("HTML template: {e}"))?
            }
        };
        Ok(w.write_all(text.as_bytes())?)
    })
}

/// `queries test`: runs one query over a tree's Go files and lists the matches.
fn queries_test(query: &Path, root: &Path, vendor: bool, limit: usize) -> Result<String> {
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
        packs::check_nesting(&text).map_err(|e| anyhow!("{origin}: {e}"))?;
        let language: tree_sitter::Language = tree_sitter_go::LANGUAGE.into();
        let q = tree_sitter::Query::new(&language, &text).map_err(|e| {
            anyhow!(
                "{origin}: line {}, column {}: the query does not compile ({:?}): {}",
                e.row + 1,
                e.column + 1,
                e.kind,
                e.message
            )
        })?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colors_follow_the_flag_then_no_color_clicolor_force_and_the_terminal() {
        use ColorChoice::*;
        // (choice, tty, NO_COLOR, CLICOLOR_FORCE, TERM=dumb) → colors
        let cases = [
            (Always, false, true, false, true, true),
            (Never, true, false, true, false, false),
            (Auto, true, false, false, false, true),
            (Auto, false, false, false, false, false),
            (Auto, true, true, false, false, false),
            (Auto, false, false, true, false, true),
            (Auto, false, true, true, false, false),
            (Auto, true, false, false, true, false),
            (Auto, false, false, true, true, true),
        ];
        for (c, tty, no, force, dumb, want) in cases {
            assert_eq!(
                colors_on(c, tty, no, force, dumb),
                want,
                "{c:?} {tty} {no} {force} {dumb}"
            );
        }
    }

    /// clap checks its definitions (unique names, valid defaults) only in debug builds, when a
    /// command is parsed: this makes `cargo test --release` check them too.
    #[test]
    fn the_command_line_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}

//! The command line: flags parsed once into [`Cli`], resolved into a [`ScanConfig`], run, and
//! turned into an exit code (0 ok, 1 gate tripped, 2 error).

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow, bail};
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::facts::guards::{GUARDS_SCM, GuardQuery};
use crate::gobuild::{BuildContext, Platform, go_minor_of, syslist};
use crate::join::{JoinInput, join};
use crate::report::{Report, Source, explain, table};
use crate::scan::{DiskFiles, ScanConfig, scan_files};
use crate::source::walk_dir;

/// winparity — which parts of a Go codebase do not really work on Windows, and how.
#[derive(Parser, Debug)]
#[command(name = "winparity", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Scan a Go tree: every file's platforms, every API's Windows status.
    Scan(ScanArgs),
    /// Show one API: its definitions per platform, body kinds and guards, with source lines.
    Explain(ExplainArgs),
    /// Debugging aids for people writing rules and queries.
    #[command(subcommand)]
    Debug(DebugCommand),
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

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A summary for people.
    Table,
    /// The JSON report (schema_version 1).
    Json,
}

/// Flags that decide how files are placed on platforms.
#[derive(Args, Debug, Clone)]
struct BuildArgs {
    /// Platforms to evaluate: GOOS or GOOS/GOARCH (a bare GOOS means amd64).
    #[arg(long, value_delimiter = ',', default_value = "linux,windows")]
    platforms: Vec<String>,
    /// The platform compared (one of --platforms).
    #[arg(long, default_value = "windows")]
    target: String,
    /// The platform compared against (one of --platforms).
    #[arg(long, default_value = "linux")]
    reference: String,
    /// Extra build tags, as for `go build -tags`.
    #[arg(long, value_delimiter = ',')]
    tags: Vec<String>,
    /// The Go release whose go1.N tags hold (default: the newest known, or go.mod's if newer).
    #[arg(long, value_name = "1.N")]
    go: Option<String>,
}

#[derive(Args, Debug)]
struct ScanArgs {
    /// The tree to scan.
    #[arg(default_value = ".")]
    path: PathBuf,
    #[command(flatten)]
    build: BuildArgs,
    /// Also scan vendor/ directories.
    #[arg(long)]
    vendor: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
    /// Worker threads (default: one per core).
    #[arg(long)]
    threads: Option<usize>,
    /// A directory whose .scm files replace the built-in queries of the same name.
    #[arg(long, value_name = "DIR")]
    queries: Option<PathBuf>,
    /// Rows per list in the table output.
    #[arg(long, default_value_t = 25)]
    limit: usize,
}

#[derive(Args, Debug)]
struct ExplainArgs {
    /// An API id (`daemon|Daemon|ContainerChanges`) or a name (`ContainerChanges`,
    /// `Daemon.ContainerChanges`) that is unique.
    name: String,
    /// The tree to scan.
    #[arg(default_value = ".")]
    path: PathBuf,
    #[command(flatten)]
    build: BuildArgs,
    /// Also scan vendor/ directories.
    #[arg(long)]
    vendor: bool,
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
        Command::Scan(a) => {
            if let Some(n) = a.threads {
                init_threads(n)?;
            }
            let query = load_guard_query(a.queries.as_deref())?;
            let t = std::time::Instant::now();
            let report = scan_dir(&a.path, &a.build, a.vendor, &query)?;
            let t1 = std::time::Instant::now();
            match a.format {
                Format::Json => {
                    let mut out = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
                    report.write_json(&mut out)?;
                    out.flush()?;
                }
                Format::Table => write_stdout(&table::render(&report, a.limit))?,
            }
            if std::env::var_os("WINPARITY_TIMING").is_some() {
                eprintln!("timing: scan+join {:?}, output {:?}", t1 - t, t1.elapsed());
            }
            std::mem::forget(report);
            Ok(0)
        }
        Command::Explain(a) => {
            let query = load_guard_query(None)?;
            let report = scan_dir(&a.path, &a.build, a.vendor, &query)?;
            let api = explain::find(&report, &a.name).map_err(|e| anyhow!(e))?;
            let text = explain::render(&report, api, &|rel| std::fs::read(a.path.join(rel)).ok());
            write_stdout(&text)?;
            Ok(0)
        }
        Command::Debug(DebugCommand::Header { file, build }) => {
            let ctxs = contexts(&build, file.parent().unwrap_or(Path::new(".")))?;
            let bytes =
                std::fs::read(&file).with_context(|| format!("{}: cannot read", file.display()))?;
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            write_stdout(&explain::dump_header(&name, &bytes, &ctxs.0))?;
            Ok(0)
        }
    }
}

fn write_stdout(s: &str) -> Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(s.as_bytes())?;
    out.flush()?;
    Ok(())
}

fn init_threads(n: usize) -> Result<()> {
    if n == 0 {
        bail!("--threads must be at least 1");
    }
    rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .stack_size(16 << 20)
        .build_global()
        .map_err(|e| anyhow!("cannot start {n} threads: {e}"))
}

fn load_guard_query(dir: Option<&Path>) -> Result<GuardQuery> {
    let (source, origin) = match dir.map(|d| d.join("guards.scm")) {
        Some(p) if p.exists() => {
            let s = std::fs::read_to_string(&p)
                .with_context(|| format!("{}: cannot read", p.display()))?;
            (s, p.display().to_string())
        }
        Some(_) | None => (
            GUARDS_SCM.to_string(),
            "queries/guards.scm (built in)".to_string(),
        ),
    };
    GuardQuery::new(&source).map_err(|e| anyhow!("{origin}: the query does not compile: {e}"))
}

/// Build contexts for the flags, the Go minor assumed, and the cgo setting.
fn contexts(b: &BuildArgs, root: &Path) -> Result<(Vec<BuildContext>, u32, bool)> {
    let cgo = std::env::var("CGO_ENABLED")
        .map(|v| v != "0")
        .unwrap_or(true);
    let go_minor = match &b.go {
        Some(v) => {
            go_minor_of(v).ok_or_else(|| anyhow!("--go {v}: expected a Go release like 1.26"))?
        }
        None => syslist::NEWEST_GO_MINOR.max(go_mod_minor(root).unwrap_or(0)),
    };
    let mut ctxs = Vec::new();
    for p in &b.platforms {
        let platform = Platform::parse(p.trim()).map_err(|e| anyhow!("--platforms: {e}"))?;
        if ctxs
            .iter()
            .any(|c: &BuildContext| c.platform.name == platform.name)
        {
            bail!("--platforms: {p} is given twice");
        }
        ctxs.push(BuildContext::new(platform, cgo, b.tags.clone(), go_minor));
    }
    if ctxs.is_empty() {
        bail!("--platforms: no platform given");
    }
    if ctxs.len() > 64 {
        bail!("--platforms: at most 64 platforms");
    }
    Ok((ctxs, go_minor, cgo))
}

/// The minor version of the `go` or `toolchain` line of `root/go.mod`, whichever is newer.
fn go_mod_minor(root: &Path) -> Option<u32> {
    let text = std::fs::read_to_string(root.join("go.mod")).ok()?;
    text.lines()
        .filter_map(|l| {
            let l = l.trim();
            l.strip_prefix("go ")
                .or_else(|| l.strip_prefix("toolchain "))
                .and_then(go_minor_of)
        })
        .max()
}

fn scan_config(b: &BuildArgs, root: &Path) -> Result<(ScanConfig, u32)> {
    let (ctxs, go_minor, cgo) = contexts(b, root)?;
    let find = |name: &str, flag: &str| {
        ctxs.iter()
            .position(|c| c.platform.name == name)
            .ok_or_else(|| {
                anyhow!(
                    "--{flag} {name} is not one of --platforms {}",
                    b.platforms.join(",")
                )
            })
    };
    let target = find(&b.target, "target")?;
    let reference = find(&b.reference, "reference")?;
    if target == reference {
        bail!(
            "--target and --reference are the same platform ({})",
            b.target
        );
    }
    Ok((
        ScanConfig {
            contexts: ctxs,
            target,
            reference,
            cgo,
        },
        go_minor,
    ))
}

/// Scans a directory tree into a report.
fn scan_dir(path: &Path, b: &BuildArgs, vendor: bool, query: &GuardQuery) -> Result<Report> {
    let meta = std::fs::metadata(path).map_err(|e| anyhow!("{}: {}", path.display(), e))?;
    if !meta.is_dir() {
        bail!(
            "{}: not a directory (winparity scans a tree of Go packages)",
            path.display()
        );
    }
    let (cfg, go_minor) = scan_config(b, path)?;
    let tw = std::time::Instant::now();
    let listing = walk_dir(path, vendor);
    if std::env::var_os("WINPARITY_TIMING").is_some() {
        eprintln!("timing: walk {:?}", tw.elapsed());
    }
    if listing.files.is_empty() {
        let mut msg = format!("{}: no .go files found", path.display());
        if !vendor {
            msg.push_str(" (vendor/, testdata/ and names starting with . or _ are skipped)");
        }
        for n in &listing.notes {
            msg.push_str(&format!("\n  {n}"));
        }
        bail!(msg);
    }
    let timing = std::env::var_os("WINPARITY_TIMING").is_some();
    let t0 = std::time::Instant::now();
    let rels: Vec<String> = listing.files.iter().map(|f| f.rel.clone()).collect();
    let disk = DiskFiles(listing.files.into_iter().map(|f| f.path).collect());
    let t1 = std::time::Instant::now();
    let files = scan_files(&rels, &disk, &cfg, query);
    if timing {
        eprintln!(
            "timing: listing copy {:?}, scan {:?}",
            t1 - t0,
            t1.elapsed()
        );
    }
    let tj = std::time::Instant::now();
    for n in &listing.notes {
        eprintln!("winparity: {n}");
    }
    let report = join(
        &files,
        JoinInput {
            cfg: &cfg,
            source: Source {
                path: path.display().to_string(),
                rev: None,
                commit: None,
            },
            go: format!("1.{go_minor}"),
            tags: b.tags.clone(),
            notes: listing.notes,
        },
    );
    if timing {
        eprintln!("timing: join {:?}", tj.elapsed());
    }
    // The per-file facts are large and the process ends soon: freeing them one by one only
    // costs time (as ripgrep, the OS takes the memory back at exit).
    std::mem::forget(files);
    Ok(report)
}

//! `scan`: a directory or a revision into a report — the pipeline (walk or list, scan the
//! files, join), titles and paths as reports name them, and the command's outputs and gate.
//! [`scan`] runs it in process.

use super::output::{init_threads, memory, table_width, timing, use_color, write_outputs};
use super::settings::{Compiled, Settings};
use super::{Format, ScanArgs};
use crate::diff;
use crate::join::{JoinInput, join};
use crate::model::{Report, Source};
use crate::render::view::View;
use crate::render::{html, markdown, sarif, table};
use crate::scan::{BlobCache, DiskFiles, FileSource, scan_files};
use crate::source::{git, walk_dir};
use anyhow::{Context, Result, anyhow, bail};
use std::io;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// What to scan: a directory tree, or a revision of a git repository (read from its object
/// store, no checkout).
#[derive(Clone, Debug)]
pub enum Input {
    /// A directory (a module's root, or a directory below it).
    Dir(PathBuf),
    /// A revision (branch, tag, commit) of the repository at `repo` (a work tree or bare).
    Rev {
        /// The repository.
        repo: PathBuf,
        /// The revision.
        rev: String,
    },
}

impl Input {
    /// A directory, or with a revision the repository at `path`.
    pub fn of(path: &Path, rev: Option<&str>) -> Input {
        match rev {
            Some(rev) => Input::Rev {
                repo: path.to_path_buf(),
                rev: rev.to_string(),
            },
            None => Input::Dir(path.to_path_buf()),
        }
    }
}

/// Scans `input` with settings `s` into a report — what `winparity scan` prints as JSON, but
/// for the title (`--title`, or the module's name: [`Report::source`]'s `name`) and the
/// accepted gaps, which the command adds. Tests call it in process.
pub fn scan(input: &Input, s: &Settings) -> Result<Report> {
    match input {
        Input::Dir(path) => scan_dir(path, s),
        Input::Rev { repo, rev } => scan_rev(repo, rev, s, &BlobCache::default()),
    }
}

/// The title of a scan without `--title`: the module its go.mod (or vendor.mod) declares — the
/// revision's for `--rev` — else the directory's own name; never a local path.
pub(super) fn default_title(path: &Path, rev: Option<&str>) -> Option<String> {
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
pub(super) fn report_path(path: &Path) -> String {
    if path.is_absolute()
        && let Ok(cwd) = std::env::current_dir()
        && let Ok(rel) = path.strip_prefix(&cwd)
    {
        let rel = rel.display().to_string();
        return if rel.is_empty() { ".".to_string() } else { rel };
    }
    path.display().to_string()
}

/// Scans a directory tree into a report.
pub(super) fn scan_dir(path: &Path, s: &Settings) -> Result<Report> {
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

pub(super) fn no_go_files(what: &str, vendor: bool, notes: &[String]) -> String {
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
pub(super) fn scan_rev(
    repo_path: &Path,
    rev: &str,
    s: &Settings,
    cache: &BlobCache,
) -> Result<Report> {
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
pub(super) struct Progress {
    bar: Option<indicatif::ProgressBar>,
    start: Instant,
    shown: std::sync::atomic::AtomicBool,
}

impl Progress {
    pub(super) fn new(files: usize, quiet: bool) -> Progress {
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

    pub(super) fn tick(&self, n: u64) {
        use std::sync::atomic::Ordering;
        let Some(bar) = &self.bar else { return };
        bar.inc(n);
        if self.start.elapsed().as_millis() > 500 && !self.shown.swap(true, Ordering::Relaxed) {
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr_with_hz(4));
        }
    }

    pub(super) fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}

/// The common path of directory and revision scans: scan, join, and report the notes.
pub(super) fn scan_source(
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
    let mut scanned = scan_files(rels, files, &cfg, &query, cache, &|n| progress.tick(n));
    progress.finish();
    let tj = Instant::now();
    if timing() {
        eprintln!("timing: after scan {}", memory());
    }
    for n in &notes {
        eprintln!("winparity: {n}");
    }
    let input = JoinInput {
        cfg: &cfg,
        source,
        go: format!("1.{minor}"),
        tags: s.tags.clone(),
        notes,
        module: go_mod
            .and_then(crate::facts::packs::module_path)
            .map(str::to_string),
        whole_module,
    };
    let entry_queries = query.entry_queries();
    let graph = s.calls || s.features;
    let tg = Instant::now();
    let module = go_mod.and_then(crate::facts::packs::module_path);
    // The graph needs only the files' facts and their bytes (read again), as the join needs
    // the facts: the graph is built and walked beside the join (the index is one thread's
    // work, and so are parts of the join; the join ends before the walks do). The facts live
    // until both are done: 10 MB more at the peak for 20 ms less (BENCHMARKS.md).
    let shapes = graph.then(|| crate::calls::take_shapes(&mut scanned));
    let target = &cfg.contexts[cfg.target].platform.goos;
    let (mut report, graph) = rayon::join(
        || {
            let report = join(&scanned, input);
            if timing() {
                eprintln!("timing: join alone {:?} {}", tg.elapsed(), memory());
            }
            report
        },
        || {
            shapes.map(|shapes| {
                crate::calls::Index::build(&scanned, shapes, files, cfg.target_bit(), module)
                    .finish(files, target, &entry_queries, s.calls)
            })
        },
    );
    report.packs = packs;
    if let Some(mut graph) = graph {
        report.entry_points = crate::calls::entries::entry_points(&graph, &report);
        report.breaks = std::mem::take(&mut graph.breaks);
        report.notes.append(&mut graph.notes);
        if s.calls {
            report.calls = Some(crate::calls::edges_of(&graph));
            report.call_sites = Some(graph.counts.clone());
        }
        if timing() {
            eprintln!("timing: join and calls {:?} {}", tg.elapsed(), memory());
        }
        // As with the files' facts below: the index is large, and the process ends soon.
        if s.one_shot {
            std::mem::forget(graph);
        }
    }
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

/// A file's bytes by its path in the report: from the directory, or from the revision's tree.
pub(super) type SourceReader = Box<dyn Fn(&str) -> Option<Vec<u8>>>;

pub(super) fn source_reader(path: &Path, rev: Option<&str>) -> SourceReader {
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

pub(super) fn run_scan(a: ScanArgs) -> Result<u8> {
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
    settings.calls = a.calls;
    let report = scan(&Input::of(&a.path, a.rev.as_deref()), &settings)?;
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
    // Every format but JSON reads the view; it is made once, when the first one asks.
    let view = std::cell::OnceCell::new();
    let view = || view.get_or_init(|| View::new(&report));
    let written = write_outputs(&targets, |format, to_stdout, w| {
        match format {
            Format::Json => report.write_json(w)?,
            Format::Table => w.write_all(
                table::render(
                    view(),
                    a.limit,
                    to_stdout && use_color(a.color),
                    table_width(to_stdout),
                )
                .as_bytes(),
            )?,
            Format::Markdown => {
                w.write_all(markdown::render(view(), a.link_base.as_deref()).as_bytes())?
            }
            Format::Html => w.write_all(
                html::render(view(), a.link_base.as_deref(), &read)
                    .map_err(|e| anyhow!("HTML template: {e}"))?
                    .as_bytes(),
            )?,
            Format::Sarif => w.write_all(sarif::render(view()).as_bytes())?,
            Format::Github => w.write_all(sarif::github(view()).as_bytes())?,
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

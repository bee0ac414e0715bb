//! The scan: place every file on platforms, read the facts of the files that build, and
//! hand them to the join.
//!
//! Work is parallel per directory (one directory is one or two packages, and a package's
//! platform flags must be known before its guards are read); everything a directory produces is
//! plain data, and the join that follows is sequential and deterministic.

use crate::hash::HashMap;
use std::io::Read;
use std::path::Path;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::facts::decls::{Decl, DeclKind, FlagValue};
use crate::facts::guards::{Atoms, GuardQuery, GuardsRead};
use crate::facts::refusals::RawRefusal;
use crate::facts::{self, FileFacts};
use crate::gobuild::filename::name_constraint;
use crate::gobuild::header::{Header, Prefix, read_header_into};
use crate::gobuild::{BuildContext, Platform, place};
pub use crate::source::{DiskFiles, FileSource};

/// What a scan evaluates.
#[derive(Clone, Debug)]
pub struct ScanConfig {
    /// One build context per evaluated platform, in the order given.
    pub contexts: Vec<BuildContext>,
    /// Index of the target platform in `contexts`.
    pub target: usize,
    /// Index of the reference platform in `contexts`.
    pub reference: usize,
    /// Whether cgo is on (files importing "C" define no APIs when off).
    pub cgo: bool,
    /// Files larger than this are placed by their header only: their declarations are not
    /// read (a note says so), so one pathological file cannot hold up a scan.
    pub max_file_size: u64,
}

impl ScanConfig {
    /// The platforms, in order.
    pub fn platforms(&self) -> impl Iterator<Item = &Platform> {
        self.contexts.iter().map(|c| &c.platform)
    }
    /// The mask of the target platform.
    pub fn target_bit(&self) -> u64 {
        1 << self.target
    }
    /// The mask of the reference platform.
    pub fn reference_bit(&self) -> u64 {
        1 << self.reference
    }
}

/// What the scan learned about one file.
#[derive(Clone, Debug)]
pub struct ScannedFile {
    /// Path relative to the root, `/`-separated.
    pub rel: String,
    /// The package name, when the header could be read.
    pub package: Option<String>,
    /// Name ends in `_test.go`.
    pub test: bool,
    /// Bit i set: built on platform i.
    pub mask: u64,
    /// Why Go could not place the file (read error, NUL byte, bad constraint).
    pub error: Option<String>,
    /// Imports "C".
    pub imports_c: bool,
    /// The paths the header imports (but "C"), for files built on some evaluated platform:
    /// which packages only tests import (docs/RULES.md §6).
    pub import_paths: Box<[Box<str>]>,
    /// Facts, for files built on some evaluated platform.
    pub facts: Option<FileFacts>,
    /// Something the report should say about the file (its body was not read, say).
    pub note: Option<String>,
}

impl ScannedFile {
    /// The directory part of `rel` (`.` for the root).
    pub fn dir(&self) -> &str {
        self.rel.rsplit_once('/').map_or(".", |(d, _)| d)
    }
    /// The file name.
    pub fn name(&self) -> &str {
        self.rel.rsplit_once('/').map_or(&self.rel, |(_, n)| n)
    }
}

/// Scans the files (`rels[i]` read through `source.open(i)`), sorted by path.
pub fn scan_files(
    rels: &[String],
    source: &dyn FileSource,
    cfg: &ScanConfig,
    query: &GuardQuery,
    cache: Option<&BlobCache>,
    progress: &(dyn Fn(u64) + Sync),
) -> Vec<ScannedFile> {
    // Group by directory: files of one directory are not contiguous in path order
    // ("d/a.go" < "d/sub/x.go" < "d/z.go"), so order indexes by (directory, name).
    let dir: Vec<&str> = rels.iter().map(|r| dir_of(r)).collect();
    let mut order: Vec<usize> = (0..rels.len()).collect();
    order.sort_by(|&a, &b| (dir[a], &rels[a]).cmp(&(dir[b], &rels[b])));
    let mut dirs: Vec<&[usize]> = Vec::new();
    let mut rest = &order[..];
    while let Some(&first) = rest.first() {
        let n = rest.iter().take_while(|&&i| dir[i] == dir[first]).count();
        dirs.push(&rest[..n]);
        rest = &rest[n..];
    }
    let per_dir: Vec<Vec<ScannedFile>> = dirs
        .par_iter()
        .map(|idx| {
            let files = scan_dir(rels, idx, source, cfg, query, cache);
            progress(idx.len() as u64);
            files
        })
        .collect();
    // Back to the caller's order.
    let mut out: Vec<Option<ScannedFile>> = vec![None; rels.len()];
    for (idx, files) in dirs.iter().zip(per_dir) {
        for (&i, f) in idx.iter().zip(files) {
            out[i] = Some(f);
        }
    }
    out.into_iter()
        .map(|f| f.expect("every file is scanned once"))
        .collect()
}

fn dir_of(rel: &str) -> &str {
    rel.rsplit_once('/').map_or(".", |(d, _)| d)
}

/// What a file's content says, whatever its name and the scan's platforms: files with the same
/// content (the same git blob) share it, across revisions too.
#[derive(Debug)]
pub struct ContentFacts {
    header: Header,
    /// The package name (from the header, or the tokens when the header reader stopped early).
    package: Option<String>,
    /// Declarations, once the whole file has been read.
    decls: Mutex<Option<Arc<Vec<Decl>>>>,
    /// Guards by (runtime import name, platform flags and target/reference GOOS).
    guards: Mutex<HashMap<String, GuardsRead>>,
    /// Refusal candidates, once read (they depend on the content alone).
    refusals: Mutex<Option<RefusalsRead>>,
}

/// What is known of a content's refusal candidates (docs/RULES.md §4b).
#[derive(Clone, Debug)]
enum RefusalsRead {
    /// All of them.
    All(Arc<Vec<RawRefusal>>),
    /// The content has no string literal `"OS"`: none of its candidates names that operating
    /// system, which is all a file both platforms build needs to know (and most such files
    /// are so never tokenized for refusals).
    NoneNaming(String),
}

impl ContentFacts {
    /// The candidates a file needs, when known: all of them for a file built on one of target
    /// and reference; for one both build (`both`), those naming `target` suffice.
    fn known_refusals(&self, both: bool, target: &str) -> Option<Arc<Vec<RawRefusal>>> {
        match &*self.refusals.lock().expect("refusals lock") {
            Some(RefusalsRead::All(r)) => Some(r.clone()),
            Some(RefusalsRead::NoneNaming(os)) if both && os == target => {
                Some(Arc::new(Vec::new()))
            }
            _ => None,
        }
    }

    /// Reads what a file needs from its bytes and keeps it (never replacing all the candidates
    /// with less).
    fn read_refusals(
        &self,
        bytes: &[u8],
        decls: &[Decl],
        both: bool,
        target: &str,
    ) -> Arc<Vec<RawRefusal>> {
        let quoted = format!("\"{target}\"");
        let read = if both && memchr::memmem::find(bytes, quoted.as_bytes()).is_none() {
            RefusalsRead::NoneNaming(target.to_string())
        } else {
            RefusalsRead::All(Arc::new(facts::refusals::read_refusals(bytes, decls)))
        };
        let mut slot = self.refusals.lock().expect("refusals lock");
        if !matches!(*slot, Some(RefusalsRead::All(_))) {
            *slot = Some(read.clone());
        }
        match read {
            RefusalsRead::All(r) => r,
            RefusalsRead::NoneNaming(_) => Arc::new(Vec::new()),
        }
    }
}

/// Content facts keyed by git blob id, shared by the scans of several revisions.
#[derive(Debug, Default)]
pub struct BlobCache {
    map: Mutex<HashMap<git2::Oid, Arc<ContentFacts>>>,
}

impl BlobCache {
    fn get(&self, oid: git2::Oid) -> Option<Arc<ContentFacts>> {
        self.map.lock().expect("cache lock").get(&oid).cloned()
    }
    fn put(&self, oid: git2::Oid, facts: Arc<ContentFacts>) {
        self.map.lock().expect("cache lock").insert(oid, facts);
    }
    /// Number of distinct blobs whose facts are cached.
    pub fn len(&self) -> usize {
        self.map.lock().expect("cache lock").len()
    }
    /// Whether nothing is cached.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Reads a cache file written by [`BlobCache::save`] of this very version of winparity;
    /// a missing file, or one of another version, is an empty cache.
    pub fn load(path: &Path) -> Result<BlobCache, CacheError> {
        let f = match std::fs::File::open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(BlobCache::default()),
            Err(e) => return Err(CacheError::io(path)(e)),
        };
        let mut r = std::io::BufReader::new(f);
        // A length read from a damaged file must not become an allocation of exabytes: no
        // cache of a real history comes near 4 GiB.
        let config = bincode::config::standard().with_limit::<{ 1 << 32 }>();
        let bad = |error| CacheError::NotACache {
            path: path.to_path_buf(),
            error,
        };
        // The version comes first, alone: a cache of another version (whose facts may be laid
        // out otherwise) is not decoded at all.
        let version: String = bincode::serde::decode_from_std_read(&mut r, config).map_err(bad)?;
        if version != cache_version() {
            return Ok(BlobCache::default());
        }
        let blobs: Vec<StoredBlob> =
            bincode::serde::decode_from_std_read(&mut r, config).map_err(bad)?;
        let map = blobs
            .into_iter()
            .filter_map(|b| {
                let oid = git2::Oid::from_bytes(&b.oid).ok()?;
                let facts = ContentFacts {
                    header: b.header,
                    package: b.package,
                    decls: Mutex::new(b.decls.map(Arc::new)),
                    guards: Mutex::new(b.guards.into_iter().collect()),
                    refusals: Mutex::new(b.refusals.map(|r| RefusalsRead::All(Arc::new(r)))),
                };
                Some((oid, Arc::new(facts)))
            })
            .collect();
        Ok(BlobCache {
            map: Mutex::new(map),
        })
    }

    /// Writes the cache to `path` (through a temporary file, so a reader never sees half).
    pub fn save(&self, path: &Path) -> Result<(), CacheError> {
        let map = self.map.lock().expect("cache lock");
        let mut blobs: Vec<StoredBlob> = map
            .iter()
            .map(|(oid, c)| StoredBlob {
                oid: oid.as_bytes().to_vec(),
                header: c.header.clone(),
                package: c.package.clone(),
                decls: c.decls.lock().expect("decls lock").as_deref().cloned(),
                guards: c
                    .guards
                    .lock()
                    .expect("guards lock")
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
                refusals: match &*c.refusals.lock().expect("refusals lock") {
                    Some(RefusalsRead::All(r)) => Some(r.to_vec()),
                    _ => None,
                },
            })
            .collect();
        blobs.sort_by(|a, b| a.oid.cmp(&b.oid));
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(CacheError::io(dir))?;
        }
        let tmp = path.with_extension("tmp");
        let f = std::fs::File::create(&tmp).map_err(CacheError::io(&tmp))?;
        let mut w = std::io::BufWriter::new(f);
        let config = bincode::config::standard();
        bincode::serde::encode_into_std_write(cache_version(), &mut w, config)
            .and_then(|_| bincode::serde::encode_into_std_write(blobs, &mut w, config))
            .map_err(|error| CacheError::Encode {
                path: tmp.clone(),
                error,
            })?;
        std::io::Write::flush(&mut w).map_err(CacheError::io(&tmp))?;
        drop(w);
        std::fs::rename(&tmp, path).map_err(CacheError::io(path))
    }
}

/// Why the facts cache could not be read or written; each names the file.
#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    /// Reading or writing the file (its kind kept).
    #[error("{}: {error}", path.display())]
    Io {
        /// The file or directory.
        path: std::path::PathBuf,
        /// Why.
        error: std::io::Error,
    },
    /// The file is damaged, or no cache at all.
    #[error("{}: not a winparity cache ({error}); delete it", path.display())]
    NotACache {
        /// The file.
        path: std::path::PathBuf,
        /// bincode's words.
        error: bincode::error::DecodeError,
    },
    /// The facts did not encode (in practice, the write under them failed).
    #[error("{}: {error}", path.display())]
    Encode {
        /// The temporary file.
        path: std::path::PathBuf,
        /// bincode's words.
        error: bincode::error::EncodeError,
    },
}

impl CacheError {
    /// An I/O error of `path`, for `map_err`.
    fn io(path: &Path) -> impl FnOnce(std::io::Error) -> CacheError + '_ {
        move |error| CacheError::Io {
            path: path.to_path_buf(),
            error,
        }
    }
}

/// The layout of the facts in a cache file; raised whenever `ContentFacts` or what it holds
/// changes shape, so a cache of an older build is ignored rather than misread.
const FACTS_FORMAT: u32 = 7;

/// The version a cache file must have been written by: the tool's and the facts' layout.
fn cache_version() -> String {
    format!(
        "winparity {} facts {FACTS_FORMAT}",
        env!("CARGO_PKG_VERSION")
    )
}

#[derive(serde::Serialize, serde::Deserialize)]
struct StoredBlob {
    oid: Vec<u8>,
    header: Header,
    package: Option<String>,
    decls: Option<Vec<Decl>>,
    guards: Vec<(String, GuardsRead)>,
    refusals: Option<Vec<RawRefusal>>,
}

/// One file in flight: its content facts and, when its bytes were read in this scan, whether
/// they mention `R.GOOS` (`R` the runtime import's name) or an idiom of a query pack — then
/// its bytes, kept for its guards (its directory's files are read before any guard is, the
/// package's flags known only then).
struct InFlight {
    file: ScannedFile,
    content: Option<Arc<ContentFacts>>,
    mentions: Option<bool>,
    bytes: Option<Vec<u8>>,
}

thread_local! {
    /// The bytes of the file being read: one buffer per worker, reused for every file, so
    /// reading 80 MB of sources allocates no more than the largest file.
    static BYTES: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    /// The header reader's copy of a file's first bytes.
    static PREFIX: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The worker's byte buffer, taken from `BYTES` and given back (with the capacity it grew to)
/// when dropped, whichever way the reading of a file ends.
struct WorkerBytes(Vec<u8>);

impl WorkerBytes {
    /// Takes the worker's buffer (what the last file left in it is cleared by each read).
    fn take() -> WorkerBytes {
        WorkerBytes(BYTES.with(|b| b.take()))
    }
}

impl std::ops::Deref for WorkerBytes {
    type Target = Vec<u8>;
    fn deref(&self) -> &Vec<u8> {
        &self.0
    }
}

impl std::ops::DerefMut for WorkerBytes {
    fn deref_mut(&mut self) -> &mut Vec<u8> {
        &mut self.0
    }
}

impl Drop for WorkerBytes {
    fn drop(&mut self) {
        let bytes = std::mem::take(&mut self.0);
        BYTES.with(|b| b.replace(bytes));
    }
}

/// Runs `f` on the worker's byte buffer (empty, with the capacity of earlier files).
fn with_buffer<T>(f: impl FnOnce(&mut Vec<u8>) -> T) -> T {
    let mut buf = WorkerBytes::take();
    buf.clear();
    f(&mut buf)
}

fn scan_dir(
    rels: &[String],
    idx: &[usize],
    source: &dyn FileSource,
    cfg: &ScanConfig,
    query: &GuardQuery,
    cache: Option<&BlobCache>,
) -> Vec<ScannedFile> {
    let needles = query.pack_needles();
    let entry_queries = query.entry_queries();
    let mut files: Vec<InFlight> = idx
        .par_iter()
        .map(|&i| {
            let asked = Needles {
                guards: &needles,
                entries: &entry_queries,
            };
            place_file(&rels[i], i, source, cfg, cache, asked)
        })
        .collect();
    let flags = package_flags(&files, cfg);
    let no_flags = HashMap::default();
    let (tg, rg) = (
        &cfg.contexts[cfg.target].platform.goos,
        &cfg.contexts[cfg.reference].platform.goos,
    );
    // Each file's refusals and guards, in parallel: one directory may hold hundreds of files
    // (vendor/golang.org/x/sys/unix), and read on one thread it ended the scan alone.
    files.par_iter_mut().zip(idx).for_each(|(f, &index)| {
        let (Some(content), Some(facts)) = (&f.content, f.file.facts.as_mut()) else {
            return;
        };
        if reads_refusals(f.file.mask, f.file.test, cfg) {
            let both = built_on_both(f.file.mask, cfg);
            facts.refusals = match content.known_refusals(both, tg) {
                Some(r) => r,
                None => {
                    let read = with_buffer(|buf| {
                        read_into(source, index, buf)
                            .map(|_| content.read_refusals(buf, &facts.decls, both, tg))
                    });
                    // A file that cannot be read again says so below, with its guards.
                    read.unwrap_or_default()
                }
            };
        }
        let pkg_flags = f
            .file
            .package
            .as_ref()
            .and_then(|p| flags.get(p))
            .unwrap_or(&no_flags);
        let rt = facts::runtime_name(&content.header);
        // Guards depend on the runtime import's name, the platforms, the package's flags and
        // the query packs in use: all of it is in the cache key.
        // A project's idioms are its own: packs do not look into vendored code.
        let vendored = is_vendored(&f.file.rel);
        let needles = if vendored { &[][..] } else { &needles[..] };
        let packs: Vec<&str> = if vendored {
            Vec::new()
        } else {
            query.packs.iter().map(|p| p.origin.as_str()).collect()
        };
        let mut key = format!(
            "{}|{tg}|{rg}|{}",
            rt.as_deref().unwrap_or(""),
            packs.join(",")
        );
        let mut sorted: Vec<_> = pkg_flags.iter().collect();
        sorted.sort();
        for (name, (t, r)) in sorted {
            key += &format!("|{name}={t},{r}");
        }
        if let Some(read) = content.guards.lock().expect("guards lock").get(&key) {
            facts.guards = read.guards.clone();
            facts.syntax_error = read.syntax_error;
            facts.too_deep = read.too_deep;
            return;
        }
        // A file read in this scan that mentions neither `R.GOOS` nor a pack's idiom, in a
        // package without platform flags, holds no guard: it is not read again.
        let read = if f.mentions == Some(false) && pkg_flags.is_empty() {
            GuardsRead::default()
        } else {
            let guards_of = |bytes: &[u8]| {
                let spans =
                    facts::guard_spans(bytes, &facts.decls, rt.as_deref(), pkg_flags, needles);
                if spans.parse.is_empty() {
                    return GuardsRead::default();
                }
                let atoms = Atoms {
                    runtime: rt.as_deref(),
                    flags: pkg_flags,
                    target_goos: tg,
                    reference_goos: rg,
                    packs: !vendored,
                };
                facts::read_guards(bytes, query, &atoms, &spans)
            };
            // The bytes the scan kept, else read again.
            let found = match f.bytes.take() {
                Some(bytes) => Ok(guards_of(&bytes)),
                None => with_buffer(|buf| -> Result<_, crate::source::ReadError> {
                    read_into(source, index, buf)?;
                    Ok(guards_of(buf))
                }),
            };
            match found {
                Ok(found) => found,
                Err(e) => {
                    f.file.error = Some(format!("cannot read: {e}"));
                    return;
                }
            }
        };
        facts.guards = read.guards.clone();
        facts.syntax_error = read.syntax_error;
        facts.too_deep = read.too_deep;
        content
            .guards
            .lock()
            .expect("guards lock")
            .insert(key, read);
    });
    // The imports, to find the package of a qualified error helper or error variable
    // (docs/RULES.md §3), kept only where one is named.
    for f in &mut files {
        let (Some(content), Some(facts)) = (&f.content, f.file.facts.as_mut()) else {
            continue;
        };
        let qualified =
            |h: Option<&facts::body::HelperCall>| h.is_some_and(|h| h.qualifier.is_some());
        let dotted = |v: Option<&str>| v.is_some_and(|v| v.contains('.'));
        if facts.refusals.iter().any(|r| qualified(r.via.as_ref()))
            || facts.decls.iter().any(|d| {
                qualified(d.extra.as_deref().and_then(|e| e.body_helper.as_ref()))
                    || dotted(d.body_message_var())
            })
            || facts
                .guards
                .iter()
                .any(|g| dotted(g.message_var.as_deref()))
        {
            facts.imports = content.header.imports.clone();
        }
    }
    files.into_iter().map(|f| f.file).collect()
}

/// Reads the whole file into `buf` (cleared first).
fn read_into(
    source: &dyn FileSource,
    index: usize,
    buf: &mut Vec<u8>,
) -> Result<(), crate::source::ReadError> {
    read_bounded(source, index, u64::MAX, buf)
}

/// Reads the file into `buf` (cleared first; its capacity reused), up to `limit + 1` bytes.
/// Through `take`, which asks nothing of the file but its bytes: a `File`'s own `read_to_end`
/// first asks its size and position (two more system calls per file).
fn read_bounded(
    source: &dyn FileSource,
    index: usize,
    limit: u64,
    buf: &mut Vec<u8>,
) -> Result<(), crate::source::ReadError> {
    let (mut r, size) = source.open(index)?;
    buf.clear();
    if let Some(size) = size {
        buf.reserve(size.min(limit) as usize + 1);
    }
    (&mut r).take(limit.saturating_add(1)).read_to_end(buf)?;
    Ok(())
}

/// Whether the file's bytes mention `R.GOOS` (`R` its name for the runtime import) or one of
/// the pack idioms: only then can it hold a guard, unless its package has platform flags.
fn mentions(bytes: &[u8], runtime: Option<&str>, needles: &[(&str, bool)]) -> bool {
    runtime.is_some_and(|r| {
        memchr::memmem::find_iter(bytes, b"GOOS")
            .any(|at| bytes[..at].ends_with(b".") && bytes[..at - 1].ends_with(r.as_bytes()))
    }) || needles
        .iter()
        .any(|(n, _)| memchr::memmem::find(bytes, n.as_bytes()).is_some())
}

/// What [`place_file`] looks for in the bytes it reads: the pack idioms that may make a guard,
/// and the entry-point queries (whose needles say which files the graph reads again).
#[derive(Clone, Copy)]
struct Needles<'a> {
    guards: &'a [(&'a str, bool)],
    entries: &'a [&'a crate::facts::packs::PackQuery],
}

/// Reads (or finds in the cache) what the file's content says, places the file, and reads the
/// declarations of a file that builds somewhere.
fn place_file(
    rel: &str,
    index: usize,
    source: &dyn FileSource,
    cfg: &ScanConfig,
    cache: Option<&BlobCache>,
    needles: Needles,
) -> InFlight {
    let name = rel.rsplit_once('/').map_or(rel, |(_, n)| n);
    let file = ScannedFile {
        rel: rel.to_string(),
        package: None,
        test: name.ends_with("_test.go"),
        mask: 0,
        error: None,
        imports_c: false,
        import_paths: Box::default(),
        facts: None,
        note: None,
    };
    let mut flight = InFlight {
        file,
        content: None,
        mentions: None,
        bytes: None,
    };
    // A file its name excludes everywhere is never opened, as Go never reads it.
    let by_name = name_constraint(name);
    if name.starts_with('_')
        || name.starts_with('.')
        || !cfg.contexts.iter().any(|c| by_name.matches(c))
    {
        return flight;
    }
    let blob = source.blob_id(index);
    let cached = blob.and_then(|oid| cache.and_then(|c| c.get(oid)));
    // The file's bytes, read whole into the worker's buffer (up to one byte over the size
    // limit), when its content is not known yet; and its size when over the limit.
    let mut whole: Option<WorkerBytes> = None;
    let mut over_limit = None;
    let content = match cached {
        Some(c) => c,
        None => {
            let mut buf = WorkerBytes::take();
            if let Err(e) = read_bounded(source, index, cfg.max_file_size, &mut buf) {
                flight.file.error = Some(format!("cannot read: {e}"));
                return flight;
            }
            if buf.len() as u64 > cfg.max_file_size {
                over_limit = Some(source.size(index).unwrap_or(buf.len() as u64));
            }
            // Go's header reader, over the bytes in memory (the prefix it reads is copied
            // into a small buffer of its own).
            let small = PREFIX.with(|b| b.take());
            let (header, prefix): (Header, Prefix) = read_header_into(&mut &buf[..], small);
            // Go's header reader stops at the first unexpected byte (a BOM on line 2, say); the
            // package clause may still stand after it, as go/parser finds.
            let package = match header.error {
                // What a file Go cannot read says is not to be trusted, its package included.
                Some(_) => None,
                None => header
                    .package
                    .clone()
                    .or_else(|| facts::package_name(&prefix.bytes)),
            };
            PREFIX.with(|b| b.replace(prefix.bytes));
            let content = Arc::new(ContentFacts {
                header,
                package,
                decls: Mutex::new(None),
                guards: Mutex::default(),
                refusals: Mutex::default(),
            });
            if let (Some(oid), Some(c)) = (blob, cache) {
                c.put(oid, content.clone());
            }
            whole = Some(buf);
            content
        }
    };
    let placed = place(name, &content.header, &cfg.contexts);
    flight.content = Some(content.clone());
    let file = &mut flight.file;
    file.package = content.package.clone();
    file.imports_c = content.header.imports_c();
    file.mask = placed.mask;
    file.error = placed.error;
    if file.mask == 0 {
        return flight;
    }
    file.import_paths = content
        .header
        .imports
        .iter()
        .filter(|i| i.path != "C")
        .map(|i| i.path.as_str().into())
        .collect();
    // Declarations: from the cache, or from the whole file (with the call graph's shapes).
    let mut flight_shapes = None;
    let known = content.decls.lock().expect("decls lock").clone();
    let decls = match known {
        Some(d) => d,
        None => {
            if let Some(size) = over_limit {
                file.note = Some(format!(
                    "{size} bytes, over the size limit of {} (--max-file-size): placed by its header; its declarations are not read",
                    cfg.max_file_size
                ));
                file.facts = Some(FileFacts::default());
                return flight;
            }
            let bytes = match whole.take() {
                Some(b) => Ok(b),
                // Content known from another revision, where no platform built it.
                None => {
                    let mut buf = WorkerBytes::take();
                    read_into(source, index, &mut buf).map(|_| buf)
                }
            };
            let bytes = match bytes {
                Ok(b) => b,
                Err(e) => {
                    file.error = Some(format!("cannot read: {e}"));
                    file.mask = 0;
                    return flight;
                }
            };
            let rt = facts::runtime_name(&content.header);
            let want_shapes = !file.test && file.mask & cfg.target_bit() != 0;
            let (d, shapes) = facts::read_decls_and_shapes(&bytes, rt.as_deref(), want_shapes);
            let d = Arc::new(d);
            let vendored = is_vendored(&file.rel);
            flight_shapes = shapes.map(|mut s| {
                // Entry points are not looked for in vendored code (docs/RULES.md §8).
                s.entry_needle =
                    Some(!vendored && crate::calls::entries::may_hold(&bytes, needles.entries));
                Arc::new(s)
            });
            *content.decls.lock().expect("decls lock") = Some(d.clone());
            let guard_needles = if vendored { &[][..] } else { needles.guards };
            let mentioned = mentions(&bytes, rt.as_deref(), guard_needles);
            flight.mentions = Some(mentioned);
            if mentioned {
                flight.bytes = Some(bytes.to_vec());
            }
            // Refusal candidates while the bytes are here (scan_dir reads them again only for
            // content whose declarations came from elsewhere).
            if reads_refusals(file.mask, file.test, cfg) {
                let target = &cfg.contexts[cfg.target].platform.goos;
                content.read_refusals(&bytes, &d, built_on_both(file.mask, cfg), target);
            }
            d
        }
    };
    flight.file.facts = Some(FileFacts {
        decls,
        shapes: flight_shapes,
        ..Default::default()
    });
    flight
}

/// Whether a file's refusals are read (docs/RULES.md §4b): a non-test file built on the
/// target or the reference. (Those of a definition both build count only when their
/// condition names the target's operating system: the join decides.)
fn reads_refusals(mask: u64, test: bool, cfg: &ScanConfig) -> bool {
    !test && mask & (cfg.target_bit() | cfg.reference_bit()) != 0
}

/// Built on both the target and the reference.
fn built_on_both(mask: u64, cfg: &ScanConfig) -> bool {
    let both = cfg.target_bit() | cfg.reference_bit();
    mask & both == both
}

/// Whether the file is vendored code (`vendor/…` anywhere in its path): a project's idioms are
/// its own, so query packs do not look into it.
fn is_vendored(rel: &str) -> bool {
    rel.starts_with("vendor/") || rel.contains("/vendor/")
}

/// Platform flags per package name of a directory: name → (value on target, on reference).
fn package_flags(
    files: &[InFlight],
    cfg: &ScanConfig,
) -> HashMap<String, HashMap<String, (bool, bool)>> {
    // (package, name) → (first definition on target, first on reference), by path order. A
    // hash map: x/sys/unix alone has tens of thousands of constants (a BTreeMap of string pairs
    // cost 67 M instructions of a vendor scan of moby), and the result is a map.
    type Def<'a> = Option<Option<&'a FlagValue>>;
    let mut defs: HashMap<(&str, &str), (Def, Def)> = HashMap::default();
    for f in files {
        let (Some(pkg), Some(facts)) = (&f.file.package, &f.file.facts) else {
            continue;
        };
        if f.file.test {
            continue;
        }
        for d in facts.decls.iter() {
            if !matches!(d.kind, DeclKind::Const | DeclKind::Var) {
                continue;
            }
            let e = defs
                .entry((pkg.as_str(), d.name.as_str()))
                .or_insert((None, None));
            if f.file.mask & cfg.target_bit() != 0 && e.0.is_none() {
                e.0 = Some(d.flag());
            }
            if f.file.mask & cfg.reference_bit() != 0 && e.1.is_none() {
                e.1 = Some(d.flag());
            }
        }
    }
    let value = |v: &FlagValue, ctx: &BuildContext| match v {
        FlagValue::Bool(b) => *b,
        FlagValue::Goos { eq, os } => (ctx.platform.goos == *os) == *eq,
    };
    let mut out: HashMap<String, HashMap<String, (bool, bool)>> = HashMap::default();
    for ((pkg, name), (t, r)) in defs {
        if let (Some(Some(t)), Some(Some(r))) = (t, r) {
            let (tv, rv) = (
                value(t, &cfg.contexts[cfg.target]),
                value(r, &cfg.contexts[cfg.reference]),
            );
            if tv != rv {
                out.entry(pkg.to_string())
                    .or_default()
                    .insert(name.to_string(), (tv, rv));
            }
        }
    }
    out
}

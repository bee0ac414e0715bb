//! Where the files come from: a directory on disk (and, later, a git revision).
//!
//! The walk skips what the go command skips — `testdata`, names starting with `.` or `_`,
//! `vendor/` unless asked — and never follows a symlink to a directory (as `go list ./...`).
//! A symlink to a file is read through, as `go/build` does. Problems met on the way (an
//! unreadable directory) are collected as notes naming the path; the walk goes on.

use std::path::{Path, PathBuf};
use walkdir::WalkDir;

pub mod git;

use std::io::Read;

/// Why a file's bytes could not be read. Its text is what the report's `error` says
/// (`cannot read: …`); its kind survives for callers that tell "not found" from "permission
/// denied".
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The operating system's error.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The object store's: a blob missing from a partial or shallow clone, a repository that
    /// cannot be opened.
    #[error("{0}")]
    Git(String),
}

/// A file to scan, from a directory or a git tree.
pub trait FileSource: Sync {
    /// Opens the file for reading, with its size when known; the error message says what went
    /// wrong (the caller names the path).
    fn open(&self, index: usize) -> Result<(Box<dyn Read + '_>, Option<u64>), ReadError>;

    /// The git blob id of the file, when it comes from a repository: files with the same blob
    /// have the same facts, so a cache can share them between revisions.
    fn blob_id(&self, _index: usize) -> Option<git2::Oid> {
        None
    }

    /// The file's size, asked only of a file found larger than the size limit.
    fn size(&self, _index: usize) -> Option<u64> {
        None
    }
}

/// Files of a directory on disk.
pub struct DiskFiles(pub Vec<PathBuf>);

impl FileSource for DiskFiles {
    /// Opens the file, without asking its size (a system call per file, for nothing: the
    /// worker's buffer is reused and the size limit is checked on the bytes read).
    fn open(&self, index: usize) -> Result<(Box<dyn Read + '_>, Option<u64>), ReadError> {
        let path: &Path = &self.0[index];
        let f = std::fs::File::open(path)?;
        Ok((Box::new(f), None))
    }

    fn size(&self, index: usize) -> Option<u64> {
        std::fs::metadata(&self.0[index]).ok().map(|m| m.len())
    }
}

thread_local! {
    /// [`read_all`]'s buffer: one per thread, zero-filled once.
    static SCRATCH: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Appends all of `r` to `out`, asking for 64 KiB at a time: a smaller file takes one read and
/// one more that finds the end. (`read_to_end` of a file first asks its size and position, two
/// system calls more, each worth about a tenth of reading a small file in a virtual machine.)
pub fn read_all(r: &mut dyn Read, out: &mut Vec<u8>) -> std::io::Result<()> {
    SCRATCH.with(|s| {
        let mut s = s.borrow_mut();
        if s.is_empty() {
            s.resize(64 * 1024, 0);
        }
        loop {
            match r.read(&mut s[..]) {
                Ok(0) => return Ok(()),
                Ok(n) => out.extend_from_slice(&s[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    })
}

/// One `.go` file to consider.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Path relative to the root, `/`-separated.
    pub rel: String,
    /// Where to read it.
    pub path: PathBuf,
}

/// The `.go` files of a directory tree, sorted by relative path, and what could not be walked.
#[derive(Debug, Default)]
pub struct Listing {
    /// Files to consider.
    pub files: Vec<SourceFile>,
    /// Problems met while walking (unreadable directories), each naming its path.
    pub notes: Vec<String>,
}

/// Directory names the go command never descends into.
pub fn skip_dir(name: &str, vendor: bool) -> bool {
    name == "testdata"
        || name.starts_with('.')
        || name.starts_with('_')
        || (name == "vendor" && !vendor)
}

/// Whether a file name is a Go source file the go command considers (`_x.go`, `.x.go` are not).
pub fn is_go_file(name: &str) -> bool {
    name.ends_with(".go") && !name.starts_with('.') && !name.starts_with('_')
}

/// The module a directory belongs to: the nearest directory at or above it holding `go.mod`
/// — or `vendor.mod`, which moby's releases before v29 hold in its place — and the directory's
/// place under it. A directory in no module is its own root.
#[derive(Debug, Clone)]
pub struct ModuleRoot {
    /// The module's root directory (the scanned directory when it is in no module).
    pub root: PathBuf,
    /// The scanned directory under the root, `/`-separated (`daemon`), when it is below it.
    pub sub: Option<String>,
    /// The module file's text.
    pub module_file: Option<String>,
}

/// The names of a module file, in the order they are looked for.
pub const MODULE_FILES: [&str; 2] = ["go.mod", "vendor.mod"];

/// Reads the module file of directory `dir` (`go.mod`, else `vendor.mod`), if it has one.
pub fn read_module_file(dir: &Path) -> Option<String> {
    MODULE_FILES
        .iter()
        .find_map(|n| std::fs::read_to_string(dir.join(n)).ok())
}

/// Finds the module `dir` belongs to.
pub fn module_root(dir: &Path) -> ModuleRoot {
    let own = ModuleRoot {
        root: dir.to_path_buf(),
        sub: None,
        module_file: read_module_file(dir),
    };
    if own.module_file.is_some() {
        return own;
    }
    let Ok(abs) = std::fs::canonicalize(dir) else {
        return own;
    };
    for up in abs.ancestors().skip(1) {
        if let Some(text) = read_module_file(up) {
            let sub = abs
                .strip_prefix(up)
                .ok()
                .map(|p| {
                    p.components()
                        .map(|c| c.as_os_str().to_string_lossy().into_owned())
                        .collect::<Vec<_>>()
                        .join("/")
                })
                .filter(|s| !s.is_empty());
            return ModuleRoot {
                root: up.to_path_buf(),
                sub,
                module_file: Some(text),
            };
        }
    }
    own
}

/// Lists the Go files under `root`.
pub fn walk_dir(root: &Path, vendor: bool) -> Listing {
    // Each directory is read on a task of its own (opening and reading directories is most of
    // a walk, system calls that two threads make side by side); tasks are queued, not nested,
    // so no depth of directories grows a stack.
    let found: std::sync::Mutex<Listing> = std::sync::Mutex::default();
    // Problems, by path: sorted by components below, they come in the order of a walk that
    // visits each directory's entries sorted by name.
    let problems: std::sync::Mutex<Vec<(PathBuf, String)>> = std::sync::Mutex::default();
    rayon::scope(|s| visit(s, root.to_path_buf(), root, vendor, &found, &problems));
    let mut listing = found.into_inner().unwrap_or_else(|e| e.into_inner());
    let mut problems = problems.into_inner().unwrap_or_else(|e| e.into_inner());
    problems.sort_by(|(a, _), (b, _)| a.components().cmp(b.components()));
    listing.notes = problems
        .into_iter()
        .map(|(path, why)| format!("{}: cannot walk: {why}", path.display()))
        .collect();
    listing.files.sort_by(|a, b| a.rel.cmp(&b.rel));
    listing
}

/// Reads directory `dir` of the walk from `root` (walkdir, one level): its Go files into
/// `found`, its subdirectories the go command descends into onto `s`.
fn visit<'s>(
    s: &rayon::Scope<'s>,
    dir: PathBuf,
    root: &'s Path,
    vendor: bool,
    found: &'s std::sync::Mutex<Listing>,
    problems: &'s std::sync::Mutex<Vec<(PathBuf, String)>>,
) {
    let mut files = Vec::new();
    let level = WalkDir::new(&dir)
        .min_depth(1)
        .max_depth(1)
        .follow_links(false);
    for entry in level {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map_or_else(|| dir.clone(), Path::to_path_buf);
                let why = e
                    .io_error()
                    .map(|io| io.to_string())
                    .unwrap_or_else(|| e.to_string());
                problems
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push((path, why));
                continue;
            }
        };
        let ft = entry.file_type();
        let name = entry.file_name().to_string_lossy();
        // Symbolic links are not followed: one to a directory is neither descended into nor
        // a file.
        if ft.is_dir() {
            if !skip_dir(&name, vendor) {
                let sub = entry.path().to_path_buf();
                s.spawn(move |s| visit(s, sub, root, vendor, found, problems));
            }
            continue;
        }
        if !is_go_file(&name) {
            continue;
        }
        if ft.is_symlink() && entry.path().is_dir() {
            continue;
        }
        let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
        let rel = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        files.push(SourceFile {
            rel,
            path: entry.path().to_path_buf(),
        });
    }
    if !files.is_empty() {
        let mut f = found.lock().unwrap_or_else(|e| e.into_inner());
        f.files.append(&mut files);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file that cannot be read says why in the words the report keeps, and keeps the
    /// system's kind: "not found" is not "permission denied".
    #[test]
    fn a_read_error_keeps_its_kind_and_its_words() {
        let dir = tempfile::tempdir().unwrap();
        let files = DiskFiles(vec![dir.path().join("gone.go")]);
        let Err(e) = files.open(0) else {
            panic!("a missing file opens")
        };
        let ReadError::Io(io) = &e else {
            panic!("{e:?}")
        };
        assert_eq!(io.kind(), std::io::ErrorKind::NotFound);
        assert_eq!(e.to_string(), "No such file or directory (os error 2)");
    }
}

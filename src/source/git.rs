//! Files of a git revision, read from the object store (no checkout, no temporary files).
//!
//! The tree is walked with the go command's rules (as `walk_dir` does on disk). A symlink is
//! resolved inside the tree, as a checkout would show it: to a blob it is that blob, to a
//! directory it is not descended into, dangling it is an error for that file. A submodule
//! (gitlink) is not descended into; a note says so. Blobs are read later, in parallel, each
//! worker with its own handle on the repository (`git2::Repository` is not `Sync`).

use std::cell::RefCell;
use std::io::Cursor;
use std::path::{Path, PathBuf};

use git2::{ObjectType, Oid, Repository, Tree};

use super::{FileSource, ReadError};
use super::{is_go_file, skip_dir};

/// The `.go` files of a revision.
#[derive(Debug)]
pub struct RevListing {
    /// Files, sorted by path: (relative path, the blob to read or why there is none).
    pub files: Vec<(String, Result<Oid, LinkError>)>,
    /// What was not descended into (submodules), each naming its path.
    pub notes: Vec<String>,
    /// The commit the revision resolved to.
    pub commit: Oid,
}

const MODE_TREE: i32 = 0o040000;
const MODE_LINK: i32 = 0o120000;
const MODE_GITLINK: i32 = 0o160000;

/// What can go wrong reading a repository: each names what it was about, in git's words.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    /// The path holds no repository git can open.
    #[error("{}: not a git repository ({message})", path.display())]
    NotARepository {
        /// The path given.
        path: PathBuf,
        /// git's message.
        message: String,
    },
    /// The revision names nothing.
    #[error("unknown revision {rev:?}: {message}")]
    UnknownRevision {
        /// The revision given.
        rev: String,
        /// git's message.
        message: String,
    },
    /// The revision names something that is not a commit (a blob, say).
    #[error("revision {rev:?} is not a commit: {message}")]
    NotACommit {
        /// The revision given.
        rev: String,
        /// git's message.
        message: String,
    },
    /// An object the revision needs cannot be read (`commit X`, `tree of commit X`, tags).
    #[error("{what}: {message}")]
    Object {
        /// Which object.
        what: String,
        /// git's message.
        message: String,
    },
}

/// Opens the repository at `path` (a work tree or a bare repository).
pub fn open(path: &Path) -> Result<Repository, GitError> {
    Repository::open(path).map_err(|e| GitError::NotARepository {
        path: path.to_path_buf(),
        message: e.message().to_string(),
    })
}

/// Resolves `rev` to a commit.
pub fn resolve(repo: &Repository, rev: &str) -> Result<Oid, GitError> {
    let obj = repo
        .revparse_single(rev)
        .map_err(|e| GitError::UnknownRevision {
            rev: rev.to_string(),
            message: e.message().to_string(),
        })?;
    let commit = obj.peel_to_commit().map_err(|e| GitError::NotACommit {
        rev: rev.to_string(),
        message: e.message().to_string(),
    })?;
    Ok(commit.id())
}

/// Lists the Go files of revision `rev`.
pub fn list_rev(repo: &Repository, rev: &str, vendor: bool) -> Result<RevListing, GitError> {
    let commit_id = resolve(repo, rev)?;
    let object = |what: String| {
        move |e: git2::Error| GitError::Object {
            what,
            message: e.message().to_string(),
        }
    };
    let commit = repo
        .find_commit(commit_id)
        .map_err(object(format!("commit {commit_id}")))?;
    let root = commit
        .tree()
        .map_err(object(format!("tree of commit {commit_id}")))?;
    let mut listing = RevListing {
        files: Vec::new(),
        notes: Vec::new(),
        commit: commit_id,
    };
    let mut stack: Vec<(String, Tree)> = vec![(String::new(), root.clone())];
    while let Some((prefix, tree)) = stack.pop() {
        for entry in tree.iter() {
            let Ok(name) = std::str::from_utf8(entry.name_bytes()) else {
                listing.notes.push(format!(
                    "{prefix}{}: name is not UTF-8; skipped",
                    String::from_utf8_lossy(entry.name_bytes())
                ));
                continue;
            };
            let rel = format!("{prefix}{name}");
            match entry.filemode() {
                MODE_TREE => {
                    if skip_dir(name, vendor) {
                        continue;
                    }
                    match repo.find_tree(entry.id()) {
                        Ok(t) => stack.push((format!("{rel}/"), t)),
                        Err(e) => listing
                            .notes
                            .push(format!("{rel}: cannot read directory: {}", e.message())),
                    }
                }
                MODE_GITLINK => listing.notes.push(format!("{rel}: submodule, not scanned")),
                MODE_LINK if is_go_file(name) => {
                    match resolve_link(repo, &root, &rel, entry.id()) {
                        Ok(Some(blob)) => listing.files.push((rel, Ok(blob))),
                        // A symlink to a directory is not descended into (and is no file).
                        Ok(None) => {}
                        Err(e) => listing.files.push((rel, Err(e))),
                    }
                }
                _ if is_go_file(name) => listing.files.push((rel, Ok(entry.id()))),
                _ => {}
            }
        }
    }
    listing.files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(listing)
}

/// Why a symlinked `.go` file of a revision has no blob to read: the text its `error` holds.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    /// A blob on the way cannot be read (missing from a partial clone, or git's error).
    #[error("{0}")]
    Blob(String),
    /// The link's target is not UTF-8.
    #[error("symlink target is not UTF-8")]
    NotUtf8,
    /// The target leaves the repository (absolute, or too many `..`).
    #[error("symlink to {} (outside the repository)", .0.display())]
    Outside(PathBuf),
    /// Nothing is at the target.
    #[error("dangling symlink to {}", .0.display())]
    Dangling(PathBuf),
    /// More than 40 links in a row, as the kernel's ELOOP.
    #[error("too many levels of symbolic links")]
    TooDeep,
}

/// Follows a symlink inside the tree: Some(blob) for a file, None for a directory.
fn resolve_link(
    repo: &Repository,
    root: &Tree,
    rel: &str,
    mut link: Oid,
) -> Result<Option<Oid>, LinkError> {
    let mut at = PathBuf::from(rel);
    for _ in 0..40 {
        let blob = repo
            .find_blob(link)
            .map_err(|e| LinkError::Blob(missing(link, &e)))?;
        let target =
            Path::new(std::str::from_utf8(blob.content()).map_err(|_| LinkError::NotUtf8)?);
        if target.is_absolute() {
            return Err(LinkError::Outside(target.to_path_buf()));
        }
        let joined = at.parent().unwrap_or(Path::new("")).join(target);
        let Some(norm) = normalize(&joined) else {
            return Err(LinkError::Outside(target.to_path_buf()));
        };
        let entry = root
            .get_path(&norm)
            .map_err(|_| LinkError::Dangling(target.to_path_buf()))?;
        match (entry.filemode(), entry.kind()) {
            (MODE_LINK, _) => {
                link = entry.id();
                at = norm;
            }
            (_, Some(ObjectType::Blob)) => return Ok(Some(entry.id())),
            _ => return Ok(None),
        }
    }
    Err(LinkError::TooDeep)
}

/// Resolves `.` and `..` without leaving the root.
fn normalize(p: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::Normal(s) => out.push(s),
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            _ => return None,
        }
    }
    Some(out)
}

fn missing(oid: Oid, e: &git2::Error) -> String {
    if e.code() == git2::ErrorCode::NotFound {
        format!("blob {oid} is missing from the object store (a partial or shallow clone?)")
    } else {
        format!("blob {oid}: {}", e.message())
    }
}

thread_local! {
    static REPO: RefCell<Option<(PathBuf, Repository)>> = const { RefCell::new(None) };
}

/// The blobs of a revision, read through one repository handle per worker thread.
pub struct GitFiles {
    /// The repository's path (each worker opens its own handle).
    pub repo: PathBuf,
    /// What to read for each file.
    pub blobs: Vec<Result<Oid, LinkError>>,
}

impl FileSource for GitFiles {
    fn open(&self, index: usize) -> Result<(Box<dyn std::io::Read + '_>, Option<u64>), ReadError> {
        let oid = self.blobs[index]
            .clone()
            .map_err(|e| ReadError::Git(e.to_string()))?;
        let bytes = REPO.with(|cell| {
            let mut cell = cell.borrow_mut();
            if cell.as_ref().is_none_or(|(p, _)| p != &self.repo) {
                let repo = open(&self.repo).map_err(|e| ReadError::Git(e.to_string()))?;
                *cell = Some((self.repo.clone(), repo));
            }
            let (_, repo) = cell.as_ref().expect("opened above");
            let blob = repo
                .find_blob(oid)
                .map_err(|e| ReadError::Git(missing(oid, &e)))?;
            Ok::<_, ReadError>(blob.content().to_vec())
        })?;
        let n = bytes.len() as u64;
        Ok((Box::new(Cursor::new(bytes)), Some(n)))
    }

    fn blob_id(&self, index: usize) -> Option<Oid> {
        self.blobs[index].as_ref().ok().copied()
    }
}

/// The text of the file at `path` in the commit's tree, if it is a readable UTF-8 blob.
pub fn read_path(repo: &Repository, commit: Oid, path: &str) -> Option<String> {
    String::from_utf8(read_bytes(repo, commit, path)?).ok()
}

/// The bytes of the blob at `path` in the commit's tree (following no symlink).
pub fn read_bytes(repo: &Repository, commit: Oid, path: &str) -> Option<Vec<u8>> {
    let tree = repo.find_commit(commit).ok()?.tree().ok()?;
    let entry = tree.get_path(Path::new(path)).ok()?;
    Some(repo.find_blob(entry.id()).ok()?.content().to_vec())
}

/// The repository's tag names.
pub fn tag_names(repo: &Repository) -> Result<Vec<String>, GitError> {
    let tags = repo.tag_names(None).map_err(|e| GitError::Object {
        what: "cannot list tags".to_string(),
        message: e.message().to_string(),
    })?;
    Ok(tags
        .iter()
        .flatten()
        .flatten()
        .map(str::to_string)
        .collect())
}

/// A commit's date (UTC), `YYYY-MM-DD`.
pub fn commit_date(repo: &Repository, commit: Oid) -> String {
    repo.find_commit(commit)
        .ok()
        .and_then(|c| jiff::Timestamp::from_second(c.time().seconds()).ok())
        .map(|t| t.strftime("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

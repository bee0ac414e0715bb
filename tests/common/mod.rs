//! What the end-to-end tests share: the repository root, running the binary, expected files.

#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

use git2::{Oid, Repository, Signature};

/// The repository root (where `fixtures/` and `tests/expected/` are).
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs winparity from the repository root.
pub fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_winparity"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap()
}

/// An expected output, reviewed by hand, under `tests/expected/`.
pub fn expected(name: &str) -> String {
    std::fs::read_to_string(root().join("tests/expected").join(name)).unwrap()
}

/// Standard output, as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

/// Standard error, as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// A repository under construction.
pub struct Repo {
    pub dir: tempfile::TempDir,
    pub repo: Repository,
}

impl Repo {
    pub fn new() -> Repo {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        Repo { dir, repo }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, text: &str) {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.path().join(rel)).unwrap();
    }

    /// Commits the work tree as it is (additions and removals) and returns the commit.
    pub fn commit(&self, msg: &str) -> Oid {
        let mut index = self.repo.index().unwrap();
        index
            .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
            .unwrap();
        index.update_all(["*"], None).unwrap();
        index.write().unwrap();
        let tree = self.repo.find_tree(index.write_tree().unwrap()).unwrap();
        let sig = Signature::new("t", "t@example.com", &git2::Time::new(1_700_000_000, 0)).unwrap();
        let parents: Vec<git2::Commit> = self
            .repo
            .head()
            .ok()
            .and_then(|h| h.peel_to_commit().ok())
            .into_iter()
            .collect();
        let parents: Vec<&git2::Commit> = parents.iter().collect();
        self.repo
            .commit(Some("HEAD"), &sig, &sig, msg, &tree, &parents)
            .unwrap()
    }

    pub fn tag(&self, name: &str, at: Oid) {
        let obj = self.repo.find_object(at, None).unwrap();
        self.repo.tag_lightweight(name, &obj, false).unwrap();
    }

    pub fn branch(&self, name: &str, at: Oid) {
        let c = self.repo.find_commit(at).unwrap();
        self.repo.branch(name, &c, false).unwrap();
    }
}

/// The build contexts of a golden's `configs` (written by tests/gobuild), by name.
pub fn golden_contexts(
    golden: &serde_json::Value,
) -> Vec<(String, winparity::gobuild::BuildContext)> {
    use winparity::gobuild::{BuildContext, Platform};
    let s = |v: &serde_json::Value| v.as_str().unwrap().to_string();
    golden["configs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let p = format!("{}/{}", s(&c["goos"]), s(&c["goarch"]));
            let tags = c["tags"].as_array().unwrap().iter().map(s).collect();
            let go = c["go"].as_u64().unwrap() as u32;
            (
                s(&c["name"]),
                BuildContext::new(
                    Platform::parse(&p).unwrap(),
                    c["cgo"].as_bool().unwrap(),
                    tags,
                    go,
                ),
            )
        })
        .collect()
}

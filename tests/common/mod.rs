//! What the end-to-end tests share: the repository root, running the binary, expected files.

#![allow(dead_code)]

use std::ffi::OsStr;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Output, Stdio};

use git2::{Oid, Repository, Signature};

/// The repository root (where `fixtures/` and `tests/expected/` are).
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The one way tests run the winparity binary (as ripgrep's `TestCommand`): from the
/// repository root unless told otherwise, and whatever exit code a test expects, a panic
/// (exit 101), any exit code above 101 or death by a signal (a stack overflow aborts) fails
/// the test, with the command and its stderr.
pub struct TestCommand {
    cmd: Command,
}

/// A winparity command to build up.
pub fn winparity() -> TestCommand {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_winparity"));
    cmd.current_dir(root());
    // Whole outputs are compared: a caller's forced colors or width must not reach them.
    cmd.env_remove("CLICOLOR_FORCE").env_remove("COLUMNS");
    TestCommand { cmd }
}

impl TestCommand {
    pub fn arg(&mut self, a: impl AsRef<OsStr>) -> &mut Self {
        self.cmd.arg(a);
        self
    }
    pub fn args<I, S>(&mut self, args: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.cmd.args(args);
        self
    }
    pub fn current_dir(&mut self, dir: impl AsRef<Path>) -> &mut Self {
        self.cmd.current_dir(dir);
        self
    }
    pub fn env(&mut self, k: impl AsRef<OsStr>, v: impl AsRef<OsStr>) -> &mut Self {
        self.cmd.env(k, v);
        self
    }
    pub fn env_remove(&mut self, k: impl AsRef<OsStr>) -> &mut Self {
        self.cmd.env_remove(k);
        self
    }

    /// Runs it to the end; fails the test on a crash.
    pub fn output(&mut self) -> Output {
        let o = self
            .cmd
            .output()
            .unwrap_or_else(|e| panic!("cannot run {:?}: {e}", self.cmd));
        assert_no_crash(&format!("{:?}", self.cmd), o.status, &o.stderr);
        o
    }

    /// Starts it with piped stdout and stderr; [`assert_no_crash`] its status when it ends.
    pub fn spawn_piped(&mut self) -> Child {
        self.cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run {:?}: {e}", self.cmd))
    }
}

/// Fails on a panic (101), an exit code past 101, or a signal: never a behaviour a test may
/// expect of winparity (its codes are 0, 1 and 2).
pub fn assert_no_crash(what: &str, status: ExitStatus, stderr: &[u8]) {
    match status.code() {
        Some(c) if c < 101 => {}
        Some(101) => panic!("{what} panicked:\n{}", String::from_utf8_lossy(stderr)),
        Some(c) => panic!("{what} exited {c}:\n{}", String::from_utf8_lossy(stderr)),
        None => panic!(
            "{what} was killed by a signal ({status}):\n{}",
            String::from_utf8_lossy(stderr)
        ),
    }
}

/// Runs winparity from the repository root.
pub fn run(args: &[&str]) -> Output {
    winparity().args(args).output()
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

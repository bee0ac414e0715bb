//! The report: the JSON contract of DESIGN.md, and the renderers that read it.
//!
//! Field names here are the contract other tools read; add fields, never rename them.

pub mod diffview;
pub mod escape;
pub mod explain;
pub mod historyview;
pub mod html;
pub mod markdown;
pub mod sarif;
pub mod table;

use std::borrow::Cow;
use std::sync::Arc;

use compact_str::CompactString;
use serde::{Deserialize, Serialize};
use smallvec::SmallVec;

/// The status of an API on the target (docs/RULES.md §5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// One shared definition, no refusing guard.
    Portable,
    /// The target has its own real definition.
    Native,
    /// A definition built on the target refuses part of its work there.
    Guarded,
    /// The target's definition does nothing.
    Stub,
    /// The target's definition only reports failure.
    Unsupported,
    /// Built on the reference, not on the target.
    Missing,
    /// Built on the target, not on the reference.
    WindowsOnly,
}

impl Status {
    /// All statuses, best first.
    pub const ALL: [Status; 7] = [
        Status::Portable,
        Status::Native,
        Status::Guarded,
        Status::Stub,
        Status::Unsupported,
        Status::Missing,
        Status::WindowsOnly,
    ];

    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Portable => "portable",
            Status::Native => "native",
            Status::Guarded => "guarded",
            Status::Stub => "stub",
            Status::Unsupported => "unsupported",
            Status::Missing => "missing",
            Status::WindowsOnly => "windows-only",
        }
    }

    /// Counts toward parity as working.
    pub fn works(self) -> bool {
        matches!(self, Status::Portable | Status::Native)
    }

    /// Counts in the parity denominator.
    pub fn in_parity(self) -> bool {
        self != Status::WindowsOnly
    }
}

/// Counts by status, in the contract's order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ByStatus {
    /// portable
    pub portable: usize,
    /// native
    pub native: usize,
    /// guarded
    pub guarded: usize,
    /// stub
    pub stub: usize,
    /// unsupported
    pub unsupported: usize,
    /// missing
    pub missing: usize,
    /// windows-only
    #[serde(rename = "windows-only")]
    pub windows_only: usize,
}

impl ByStatus {
    /// Adds one API of status `s`.
    pub fn add(&mut self, s: Status) {
        *self.get_mut(s) += 1;
    }
    /// Adds the counts of `other`.
    pub fn merge(&mut self, other: &ByStatus) {
        for s in Status::ALL {
            *self.get_mut(s) += other.get(s);
        }
    }
    fn get_mut(&mut self, s: Status) -> &mut usize {
        match s {
            Status::Portable => &mut self.portable,
            Status::Native => &mut self.native,
            Status::Guarded => &mut self.guarded,
            Status::Stub => &mut self.stub,
            Status::Unsupported => &mut self.unsupported,
            Status::Missing => &mut self.missing,
            Status::WindowsOnly => &mut self.windows_only,
        }
    }
    /// The count of status `s`.
    pub fn get(&self, s: Status) -> usize {
        let mut c = self.clone();
        *c.get_mut(s)
    }
    /// All APIs counted.
    pub fn total(&self) -> usize {
        Status::ALL.iter().map(|&s| self.get(s)).sum()
    }
    /// Gaps: counted in parity but not working.
    pub fn gaps(&self) -> usize {
        Status::ALL
            .iter()
            .filter(|s| s.in_parity() && !s.works())
            .map(|&s| self.get(s))
            .sum()
    }
    /// (portable + native) / everything but windows-only; None when nothing counts.
    pub fn parity(&self) -> Option<f64> {
        let works = self.portable + self.native;
        let denom = works + self.gaps();
        (denom > 0).then(|| works as f64 / denom as f64)
    }
}

/// The tool that made the report.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Tool {
    /// Always "winparity".
    pub name: String,
    /// The crate version.
    pub version: String,
}

/// What was scanned.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// The path given (directory or repository).
    pub path: String,
    /// The revision given, for `--rev`.
    pub rev: Option<String>,
    /// The commit it resolved to, for `--rev`.
    pub commit: Option<String>,
    /// The project's name given with `--title`, for report titles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// The overall summary.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Summary {
    /// Number of APIs.
    pub apis: usize,
    /// Overall parity.
    pub parity: Option<f64>,
    /// Counts by status.
    pub by_status: ByStatus,
    /// Number of `.go` files considered.
    pub files: usize,
    /// Files that could not be placed or read (they have an `error`).
    pub files_with_errors: usize,
    /// Guards found, by effect.
    pub guards: GuardCounts,
}

/// Guards by effect.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct GuardCounts {
    /// refuses
    pub refuses: usize,
    /// adapts
    pub adapts: usize,
    /// skips-test
    #[serde(rename = "skips-test")]
    pub skips_test: usize,
}

/// One package's parity.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PackageSummary {
    /// Directory relative to the root (`.` for the root).
    pub package_dir: String,
    /// Package name.
    pub package: String,
    /// Number of APIs.
    pub apis: usize,
    /// Parity of the package.
    pub parity: Option<f64>,
    /// Counts by status.
    pub by_status: ByStatus,
    /// Whether any of its (non-test) files builds on the target.
    pub built_on_target: bool,
}

/// A `.go` file considered.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FileEntry {
    /// Path relative to the root.
    pub path: String,
    /// Package name, when the header could be read.
    pub package: Option<String>,
    /// A `_test.go` file.
    pub test: bool,
    /// Platforms it builds on, named as given.
    pub platforms: Vec<String>,
    /// Why it could not be placed or read.
    pub error: Option<String>,
}

/// One definition of an API. File names and platform lists are shared between the
/// definitions that have them (a large report holds hundreds of thousands).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Definition {
    /// File path.
    pub file: Arc<str>,
    /// Line of the name.
    pub line: u32,
    /// Platforms it is built on.
    pub platforms: Arc<[String]>,
    /// Body kind for functions and methods, else null.
    pub body: Option<Cow<'static, str>>,
}

/// One API and its status.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Api {
    /// `package_dir|receiver|name`.
    pub id: String,
    /// Directory relative to the root.
    pub package_dir: Arc<str>,
    /// Package name.
    pub package: Arc<str>,
    /// Receiver type name, empty for non-methods (inline up to 24 bytes, as `name`: a large
    /// report holds hundreds of thousands).
    pub receiver: CompactString,
    /// Name.
    pub name: CompactString,
    /// func, method, type, const, var.
    pub kind: Cow<'static, str>,
    /// Starts with an upper-case letter.
    pub exported: bool,
    /// Status on the target.
    pub status: Status,
    /// Definitions, by file and line (nearly always one: held inline).
    pub definitions: SmallVec<[Definition; 1]>,
    /// Refusal and unsupported messages.
    pub messages: Vec<String>,
    /// Struct fields the target's declaration lacks.
    pub missing_fields: Vec<String>,
}

impl Api {
    /// Appends the API as compact JSON: the bytes `serde_json::to_writer` gives (a report has
    /// hundreds of thousands of APIs, and serde_json's string escaping, byte by byte, was the
    /// largest cost of writing them; tests/reports.rs holds the two equal).
    pub fn write_json(&self, buf: &mut Vec<u8>) {
        // Destructured so that a field added to Api and forgotten here does not compile.
        let Api {
            id,
            package_dir,
            package,
            receiver,
            name,
            kind,
            exported,
            status,
            definitions,
            messages,
            missing_fields,
        } = self;
        let strings: [(&[u8], &str); 6] = [
            (b"{\"id\":", id),
            (b",\"package_dir\":", package_dir),
            (b",\"package\":", package),
            (b",\"receiver\":", receiver),
            (b",\"name\":", name),
            (b",\"kind\":", kind),
        ];
        for (key, value) in strings {
            buf.extend_from_slice(key);
            json_str(buf, value);
        }
        buf.extend_from_slice(b",\"exported\":");
        buf.extend_from_slice(if *exported { b"true" } else { b"false" });
        buf.extend_from_slice(b",\"status\":");
        json_str(buf, status.as_str());
        buf.extend_from_slice(b",\"definitions\":[");
        for (i, d) in definitions.iter().enumerate() {
            let Definition {
                file,
                line,
                platforms,
                body,
            } = d;
            if i > 0 {
                buf.push(b',');
            }
            buf.extend_from_slice(b"{\"file\":");
            json_str(buf, file);
            buf.extend_from_slice(b",\"line\":");
            buf.extend_from_slice(itoa::Buffer::new().format(*line).as_bytes());
            buf.extend_from_slice(b",\"platforms\":");
            json_strs(buf, platforms);
            buf.extend_from_slice(b",\"body\":");
            match body {
                Some(b) => json_str(buf, b),
                None => buf.extend_from_slice(b"null"),
            }
            buf.push(b'}');
        }
        buf.extend_from_slice(b"],\"messages\":");
        json_strs(buf, messages);
        buf.extend_from_slice(b",\"missing_fields\":");
        json_strs(buf, missing_fields);
        buf.push(b'}');
    }
}

/// A JSON string as serde_json writes it: as is between quotes when nothing needs escaping
/// (checked a vector at a time), else through serde_json.
fn json_str(buf: &mut Vec<u8>, s: &str) {
    let plain = s
        .bytes()
        .fold(true, |ok, c| ok & (c >= 0x20) & (c != b'"') & (c != b'\\'));
    if plain {
        buf.push(b'"');
        buf.extend_from_slice(s.as_bytes());
        buf.push(b'"');
    } else {
        serde_json::to_writer(&mut *buf, s).expect("a string always serializes");
    }
}

fn json_strs(buf: &mut Vec<u8>, list: &[String]) {
    buf.push(b'[');
    for (i, s) in list.iter().enumerate() {
        if i > 0 {
            buf.push(b',');
        }
        json_str(buf, s);
    }
    buf.push(b']');
}

/// One guard.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Guard {
    /// File path.
    pub file: String,
    /// Line of the condition.
    pub line: u32,
    /// Id of the enclosing declaration.
    pub api: Option<String>,
    /// refuses, adapts, skips-test.
    pub effect: String,
    /// The condition's text.
    pub condition: String,
    /// The message of the refusal or skip.
    pub message: Option<String>,
}

/// A refusal inside a definition of the target's own (docs/RULES.md §4b): an `if` of the
/// target's definition whose branch refuses some inputs, in the words of a refusal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refusal {
    /// File path.
    pub file: String,
    /// Line of the condition.
    pub line: u32,
    /// Id of the API.
    pub api: String,
    /// The condition's text.
    pub condition: String,
    /// The message.
    pub message: String,
    /// The selector paths the condition tests (`resources.CpusetCpus`): which option is
    /// refused.
    pub fields: Vec<String>,
}

/// One test function and whether it runs on the target.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestItem {
    /// `package_dir|receiver|name` (suite methods have a receiver).
    pub id: String,
    /// File.
    pub file: String,
    /// Line of the name.
    pub line: u32,
    /// `runs`, `not-built` or `skipped`.
    pub status: String,
    /// Why it does not run: the skip's message or condition, or the platforms it is built on.
    pub reason: Option<String>,
}

/// Test counts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestSummary {
    /// Test functions built on the target or the reference.
    pub total: usize,
    /// Built on the target and not skipped there.
    pub runs: usize,
    /// Not built on the target.
    pub not_built: usize,
    /// Built on the target, skipped there.
    pub skipped: usize,
}

/// Test parity: which tests run on the target.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestParity {
    /// Counts.
    pub summary: TestSummary,
    /// Every test, by id then file.
    pub items: Vec<TestItem>,
}

/// The whole report (schema_version 1).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Report {
    /// Always 1.
    pub schema_version: u32,
    /// The tool.
    pub tool: Tool,
    /// What was scanned.
    pub source: Source,
    /// Platforms evaluated, as given.
    pub platforms: Vec<String>,
    /// The Go release assumed (`1.26`).
    pub go: String,
    /// Build tags given.
    pub tags: Vec<String>,
    /// Whether cgo was on.
    pub cgo: bool,
    /// Query packs applied (a project's idioms, docs/QUERIES.md).
    #[serde(default)]
    pub packs: Vec<String>,
    /// The platform compared.
    pub target: String,
    /// The platform compared against.
    pub reference: String,
    /// The summary.
    pub summary: Summary,
    /// Per-package parity, by directory and name.
    pub packages: Vec<PackageSummary>,
    /// Every file considered.
    pub files: Vec<FileEntry>,
    /// Every API, by id.
    pub apis: Vec<Api>,
    /// Every guard, by file and line.
    pub guards: Vec<Guard>,
    /// Every refusal inside a definition of the target's own, by file and line.
    #[serde(default)]
    pub refusals: Vec<Refusal>,
    /// Test parity.
    #[serde(default)]
    pub tests: TestParity,
    /// What was skipped or could not be walked, each naming its path.
    pub notes: Vec<String>,
}

/// A parity as a percentage with one decimal (`–` when nothing counts).
pub fn percent(p: Option<f64>) -> String {
    p.map_or("–".to_string(), |p| format!("{:.1}%", p * 100.0))
}

impl TestParity {
    /// One line: `2204 of 3762 tests run on windows (941 not built there, 617 skipped)`.
    pub fn line(&self, target: &str) -> String {
        let s = &self.summary;
        format!(
            "{} of {} tests run on {target} ({} not built there, {} skipped)",
            s.runs, s.total, s.not_built, s.skipped
        )
    }

    /// Why tests do not run, most common first: (status, reason, count).
    pub fn reasons(&self) -> Vec<(String, String, usize)> {
        let mut counts: std::collections::BTreeMap<(&str, &str), usize> =
            std::collections::BTreeMap::new();
        for i in self.items.iter().filter(|i| i.status != "runs") {
            *counts
                .entry((i.status.as_str(), i.reason.as_deref().unwrap_or("")))
                .or_default() += 1;
        }
        let mut v: Vec<_> = counts
            .into_iter()
            .map(|((s, r), n)| (s.to_string(), r.to_string(), n))
            .collect();
        v.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));
        v
    }
}

impl Report {
    /// `file:line` of the API's definition built on the target (else its first).
    pub fn location(&self, a: &Api) -> Option<String> {
        a.definitions
            .iter()
            .find(|d| d.platforms.contains(&self.target))
            .or_else(|| a.definitions.first())
            .map(|d| format!("{}:{}", d.file, d.line))
    }

    /// Packages with gaps, most gaps first (then by directory); only those built on the target
    /// when `built_only` (the others are reported as not built at all).
    pub fn packages_by_gaps(&self, built_only: bool) -> Vec<&PackageSummary> {
        let mut pkgs: Vec<&PackageSummary> = self
            .packages
            .iter()
            .filter(|p| p.by_status.gaps() > 0 && (p.built_on_target || !built_only))
            .collect();
        pkgs.sort_by(|a, b| {
            b.by_status
                .gaps()
                .cmp(&a.by_status.gaps())
                .then(a.package_dir.cmp(&b.package_dir))
        });
        pkgs
    }

    /// Writes the report as compact JSON with a trailing newline — the same bytes as
    /// `serde_json::to_writer(self)` — with the APIs (nearly all of a large report) serialized
    /// in parallel chunks.
    pub fn write_json(&self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        use rayon::prelude::*;
        // Every field in the struct's order, `apis` left empty: `,"apis":[]` then marks where
        // the APIs go (a string cannot hold it: its quotes would be escaped).
        let head = serde_json::to_vec(&ReportView::of(self)).map_err(std::io::Error::from)?;
        let marker = b",\"apis\":[]";
        let at = memchr::memmem::find(&head, marker).expect("the view has an empty apis array");
        // A few chunks at a time, written as soon as they are ready: the whole array is never
        // in memory twice.
        const CHUNK: usize = 2048;
        let batch = CHUNK * rayon::current_num_threads().max(1) * 2;
        w.write_all(&head[..at])?;
        w.write_all(b",\"apis\":[")?;
        for (b, apis) in self.apis.chunks(batch).enumerate() {
            let chunks: Vec<Vec<u8>> = apis
                .par_chunks(CHUNK)
                .map(|chunk| {
                    let mut buf = Vec::with_capacity(chunk.len() * 512);
                    for (i, a) in chunk.iter().enumerate() {
                        if i > 0 {
                            buf.push(b',');
                        }
                        a.write_json(&mut buf);
                    }
                    buf
                })
                .collect();
            for (i, c) in chunks.iter().enumerate() {
                if b > 0 || i > 0 {
                    w.write_all(b",")?;
                }
                w.write_all(c)?;
            }
        }
        w.write_all(b"]")?;
        w.write_all(&head[at + marker.len()..])?;
        w.write_all(b"\n")
    }
}

/// The report's fields by reference, in the same order, with `apis` empty (see `write_json`).
#[derive(Serialize)]
struct ReportView<'a> {
    schema_version: u32,
    tool: &'a Tool,
    source: &'a Source,
    platforms: &'a [String],
    go: &'a str,
    tags: &'a [String],
    cgo: bool,
    packs: &'a [String],
    target: &'a str,
    reference: &'a str,
    summary: &'a Summary,
    packages: &'a [PackageSummary],
    files: &'a [FileEntry],
    apis: [u8; 0],
    guards: &'a [Guard],
    refusals: &'a [Refusal],
    tests: &'a TestParity,
    notes: &'a [String],
}

impl<'a> ReportView<'a> {
    fn of(r: &'a Report) -> ReportView<'a> {
        // Destructured so that a field added to Report and forgotten here does not compile.
        let Report {
            schema_version,
            tool,
            source,
            platforms,
            go,
            tags,
            cgo,
            packs,
            target,
            reference,
            summary,
            packages,
            files,
            apis: _,
            guards,
            refusals,
            tests,
            notes,
        } = r;
        ReportView {
            schema_version: *schema_version,
            tool,
            source,
            platforms,
            go,
            tags,
            cgo: *cgo,
            packs,
            target,
            reference,
            summary,
            packages,
            files,
            apis: [],
            guards,
            refusals,
            tests,
            notes,
        }
    }
}

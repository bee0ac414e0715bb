//! The model: the report that the join builds and every renderer and tool reads — the JSON
//! contract of DESIGN.md (`schema_version` [`SCHEMA_VERSION`]), its statuses and counts, and
//! the questions renderers ask of it (where an API's target definition is, which packages are
//! absent, which gaps are accepted or new).
//!
//! Field names here are the contract other tools read; add fields, never rename them.

use std::sync::Arc;

use compact_str::CompactString;

pub use crate::facts::body::BodyKind;
pub use crate::facts::decls::DeclKind;
pub use crate::facts::guards::Effect;
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
    /// Built on the reference, not on the target, and out of reach of any code or user on the
    /// target (docs/RULES.md §5): a Linux internal, not a gap.
    LinuxInternal,
}

impl Status {
    /// All statuses, best first.
    pub const ALL: [Status; 8] = [
        Status::Portable,
        Status::Native,
        Status::Guarded,
        Status::Stub,
        Status::Unsupported,
        Status::Missing,
        Status::WindowsOnly,
        Status::LinuxInternal,
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
            Status::LinuxInternal => "linux-internal",
        }
    }

    /// The name in prose, by the platforms compared: `windows-only` is `darwin-only` when
    /// darwin is the target, `linux-internal` is `freebsd-internal` against freebsd.
    pub fn label(self, target: &str, reference: &str) -> String {
        let goos = |p: &str| p.split('/').next().unwrap_or(p).to_string();
        match self {
            Status::WindowsOnly => format!("{}-only", goos(target)),
            Status::LinuxInternal => format!("{}-internal", goos(reference)),
            s => s.as_str().to_string(),
        }
    }

    /// Counts toward parity as working.
    pub fn works(self) -> bool {
        matches!(self, Status::Portable | Status::Native)
    }

    /// Counts in the parity denominator.
    pub fn in_parity(self) -> bool {
        !matches!(self, Status::WindowsOnly | Status::LinuxInternal)
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
    /// linux-internal (absent from schema 1 reports)
    #[serde(rename = "linux-internal", default)]
    pub linux_internal: usize,
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
            Status::LinuxInternal => &mut self.linux_internal,
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
    /// Number of APIs outside test-support packages.
    pub apis: usize,
    /// Overall parity, outside test-support packages.
    pub parity: Option<f64>,
    /// Counts by status, outside test-support packages.
    pub by_status: ByStatus,
    /// The test-support packages' APIs, counted apart (absent from schema 1 reports).
    #[serde(default)]
    pub test_support: TestSupportSummary,
    /// Number of `.go` files considered.
    pub files: usize,
    /// Files that could not be placed or read (they have an `error`).
    pub files_with_errors: usize,
    /// Guards found, by effect.
    pub guards: GuardCounts,
}

impl GuardCounts {
    /// All guards.
    pub fn total(&self) -> usize {
        self.refuses + self.adapts + self.skips_test
    }
}

/// The APIs of test-support packages (docs/RULES.md §6).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TestSupportSummary {
    /// Number of test-support packages.
    pub packages: usize,
    /// Number of their APIs.
    pub apis: usize,
    /// Their parity.
    pub parity: Option<f64>,
    /// Their counts by status.
    pub by_status: ByStatus,
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
    /// Only tests import it (docs/RULES.md §6): reported apart, out of the summary's parity
    /// and of the diff gate.
    #[serde(default)]
    pub test_support: bool,
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
    pub body: Option<BodyKind>,
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
    pub kind: DeclKind,
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
        let strings: [(&[u8], &str); 5] = [
            (b"{\"id\":", id),
            (b",\"package_dir\":", package_dir),
            (b",\"package\":", package),
            (b",\"receiver\":", receiver),
            (b",\"name\":", name),
        ];
        for (key, value) in strings {
            buf.extend_from_slice(key);
            json_str(buf, value);
        }
        buf.extend_from_slice(b",\"kind\":");
        json_word(buf, kind.as_str());
        buf.extend_from_slice(b",\"exported\":");
        buf.extend_from_slice(if *exported { b"true" } else { b"false" });
        buf.extend_from_slice(b",\"status\":");
        json_word(buf, status.as_str());
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
                Some(b) => json_word(buf, b.as_str()),
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

/// One of the report's own words (a kind, a status: letters and `-`), which need no escaping.
fn json_word(buf: &mut Vec<u8>, w: &'static str) {
    debug_assert!(w.bytes().all(|c| c.is_ascii_alphabetic() || c == b'-'));
    buf.push(b'"');
    buf.extend_from_slice(w.as_bytes());
    buf.push(b'"');
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
    pub effect: Effect,
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
    /// Whether it runs.
    pub status: TestStatus,
    /// Why it does not run: the skip's message or condition, or the platforms it is built on.
    pub reason: Option<String>,
}

/// Whether a test runs on the target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TestStatus {
    /// Built on the target and not skipped there.
    Runs,
    /// Not built on the target.
    NotBuilt,
    /// Built on the target, skipped there.
    Skipped,
}

impl TestStatus {
    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            TestStatus::Runs => "runs",
            TestStatus::NotBuilt => "not-built",
            TestStatus::Skipped => "skipped",
        }
    }
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

/// The whole report (schema_version 2).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Report {
    /// `SCHEMA_VERSION`.
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
    /// The gaps an accepted-gap entry (`[[suppress]]` of the configuration) covers, by id.
    #[serde(default)]
    pub suppressed: Vec<SuppressedApi>,
    /// With `--baseline`: the report compared against, and the findings that are new.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Baseline>,
    /// Entry points declared by the query packs, with the gaps they reach (docs/RULES.md §8).
    #[serde(default)]
    pub entry_points: Vec<EntryPoint>,
    /// Build breaks on the target, by file and line (docs/RULES.md §9).
    #[serde(default)]
    pub breaks: Vec<Break>,
    /// With `--calls`: the call graph on the target (docs/RULES.md §7), by file and line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calls: Option<Vec<CallEdge>>,
    /// With `--calls`: how the call sites of the code built on the target were resolved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_sites: Option<CallSites>,
}

/// An entry point (a route, a command) and what its users meet on the target
/// (docs/RULES.md §8).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryPoint {
    /// `route`, `command`, or what the pack declaring it calls it.
    pub kind: String,
    /// Its name: `GET /containers/{name:.*}/changes`, a command's Use line.
    pub name: String,
    /// The API serving it (for a function literal, the function holding it); `null` when the
    /// handler's expression could not be typed.
    pub handler: Option<String>,
    /// Where it is declared.
    pub file: String,
    /// The handler's line.
    pub line: u32,
    /// `works` (no gap reached but shared ones), the status of the nearest gaps not shared
    /// (the worst of them: `unsupported`, `guarded`, `stub`), or `unknown` (no handler).
    pub status: EntryStatus,
    /// How many calls away the nearest gap not shared is (0: the handler itself).
    pub depth: Option<u32>,
    /// The gaps reached, nearest first, each with one shortest path from the handler.
    pub reaches: Vec<Reach>,
}

/// What the users of an entry point meet on the target, worst first (the order is the
/// reports' order).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntryStatus {
    /// The nearest gap only fails.
    Unsupported,
    /// The nearest gap refuses part of its work.
    Guarded,
    /// The nearest gap does nothing.
    Stub,
    /// The handler could not be typed.
    Unknown,
    /// No gap is reached but shared ones.
    Works,
}

impl EntryStatus {
    /// The name the JSON and the reports use.
    pub fn as_str(self) -> &'static str {
        match self {
            EntryStatus::Unsupported => "unsupported",
            EntryStatus::Guarded => "guarded",
            EntryStatus::Stub => "stub",
            EntryStatus::Unknown => "unknown",
            EntryStatus::Works => "works",
        }
    }

    /// What meeting a gap of status `s` is (a gap's status: guarded, stub or unsupported).
    pub fn meeting(s: Status) -> EntryStatus {
        match s {
            Status::Unsupported => EntryStatus::Unsupported,
            Status::Guarded => EntryStatus::Guarded,
            Status::Stub => EntryStatus::Stub,
            _ => EntryStatus::Works,
        }
    }
}

/// A gap an entry point reaches.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reach {
    /// The API.
    pub api: String,
    /// What a caller meets: its status (`unsupported` too for an API only the target has whose
    /// body only fails).
    pub status: Status,
    /// Its messages, in the project's words.
    pub messages: Vec<String>,
    /// Calls from the handler.
    pub depth: u32,
    /// Reached by most entry points of this kind (at least 10, and more than half): shared
    /// plumbing, which does not decide the entry point's status.
    pub shared: bool,
    /// The API ids from the handler to the gap.
    pub path: Vec<String>,
}

/// A build break predicted without a toolchain (docs/RULES.md §9): code built on the target
/// names a package-level name its package declares only on other platforms.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Break {
    /// The file naming it.
    pub file: String,
    /// The line.
    pub line: u32,
    /// The name's id (`package_dir||Name`).
    #[serde(rename = "ref")]
    pub reference: String,
    /// The platform whose build breaks (the target).
    pub platform: String,
}

/// One edge of the call graph: a call in `from` of `to`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallEdge {
    /// The caller's API id (calls in function literals are their function's).
    pub from: String,
    /// The callee's API id.
    pub to: String,
    /// The caller's file.
    pub file: String,
    /// The line of the call's `(`.
    pub line: u32,
    /// `static` (a function, or a method of a concrete type) or `interface` (a method of an
    /// interface of the tree, to a type of the tree that implements it).
    pub how: String,
}

impl CallSites {
    /// Adds another walk's counts (edges aside: they are counted once, at the end).
    pub fn add(&mut self, o: &CallSites) {
        self.static_calls += o.static_calls;
        self.interface += o.interface;
        self.unimplemented += o.unimplemented;
        self.wide += o.wide;
        self.external += o.external;
        self.builtin += o.builtin;
        self.dynamic += o.dynamic;
        self.value += o.value;
        self.flow += o.flow;
        self.unresolved += o.unresolved;
    }
}

/// The call sites of the code built on the target, by how they were resolved.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallSites {
    /// Calls of a function or a concrete method of the tree.
    #[serde(rename = "static")]
    pub static_calls: u64,
    /// Calls of an interface method of the tree that some type of the tree implements.
    pub interface: u64,
    /// Calls of an interface method of the tree that no type of the tree implements.
    pub unimplemented: u64,
    /// Calls of an interface method of the tree that more than 8 types implement (not
    /// resolved: which one is reached is a question of data flow).
    pub wide: u64,
    /// Calls of what is declared outside the tree (the standard library, modules not vendored).
    pub external: u64,
    /// Conversions and built-in functions.
    pub builtin: u64,
    /// Calls of function values (variables, parameters, fields of function type).
    pub dynamic: u64,
    /// Calls of function values the flow of function values resolves (edges `value`): of
    /// those above, and calls of variables of unknown type that a slot gave one.
    #[serde(default)]
    pub value: u64,
    /// Calls of interface methods (of `error`'s too) that the flow of concrete types resolves
    /// beyond the implementing types above (edges `flow`; counted under another kind too).
    #[serde(default)]
    pub flow: u64,
    /// Calls whose callee could not be typed.
    pub unresolved: u64,
    /// Edges.
    pub edges: u64,
}

/// A gap a suppression covers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuppressedApi {
    /// The API id.
    pub id: String,
    /// Why it is accepted.
    pub reason: String,
    /// The suppression's pattern.
    pub pattern: String,
}

/// What a baseline report says about this one (golangci-lint's new-issues-only habit): the
/// gaps that are new — an API that was not a gap there or was a better one, moves aside —
/// and how many are known.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    /// The baseline report, as given.
    pub report: String,
    /// Ids of the gaps new since the baseline (unsuppressed), by id.
    pub new: Vec<String>,
    /// Gaps the baseline already had.
    pub known: usize,
}

impl Report {
    /// Why an API's gap is accepted, when a suppression covers it.
    pub fn suppression(&self, id: &str) -> Option<&SuppressedApi> {
        self.suppressed
            .binary_search_by(|s| s.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.suppressed[i])
    }

    /// Whether a finding of this API is to be shown: without a baseline every one is, with one
    /// only the new ones.
    pub fn is_new(&self, id: &str) -> bool {
        self.baseline
            .as_ref()
            .is_none_or(|b| b.new.binary_search_by(|n| n.as_str().cmp(id)).is_ok())
    }
}

/// Why a text is not a report this build reads (`diff` sides, `--baseline`).
#[derive(Debug, thiserror::Error)]
pub enum ReportJsonError {
    /// Not JSON, or not a report's shape, as serde_json says it (line, column).
    #[error("{0}")]
    Json(serde_json::Error),
    /// A schema version this build does not know.
    #[error("schema_version {0} is not supported (1 to {SCHEMA_VERSION} are)")]
    Version(u32),
}

// By hand, not `#[from]`: the text already holds serde_json's words, and a source would repeat
// them where errors are printed with their causes.
impl From<serde_json::Error> for ReportJsonError {
    fn from(e: serde_json::Error) -> Self {
        ReportJsonError::Json(e)
    }
}

/// The version of the JSON contract this build writes (reports, diffs, histories). Version 2
/// added the status `linux-internal` (so `missing` counts only what a user on the target can
/// name) and test-support packages, counted apart from the summary's parity.
pub const SCHEMA_VERSION: u32 = 2;

/// Whether no code built on the target, and no user of the tree there, can name an API of
/// package directory `dir` (docs/RULES.md §5): its name, or its method's receiver type, is
/// unexported; or its package is a command (`main`) or an `internal` one (Go lets only the
/// tree above `internal/` import it). Such an API built only on the reference is a Linux
/// internal: code built on the target that named it would not build there.
pub fn out_of_reach(dir: &str, package: &str, receiver: &str, name: &str) -> bool {
    let exported = |n: &str| n.chars().next().is_some_and(char::is_uppercase);
    !exported(name)
        || (!receiver.is_empty() && !exported(receiver))
        || package == "main"
        || dir.split('/').any(|e| e == "internal")
}

impl Report {
    /// Reads a JSON report of schema 1 or 2. A schema 1 report is read as schema 2 would have
    /// it: its `missing` APIs out of reach become `linux-internal`, and its counts are made
    /// again (it knows no test-support packages: `notes` says so).
    pub fn from_json(text: &str) -> Result<Report, ReportJsonError> {
        #[derive(Deserialize)]
        struct Version {
            schema_version: u32,
        }
        let v: Version = serde_json::from_str(text)?;
        if !(1..=SCHEMA_VERSION).contains(&v.schema_version) {
            return Err(ReportJsonError::Version(v.schema_version));
        }
        let mut r: Report = serde_json::from_str(text)?;
        if r.schema_version == 1 {
            r.upgrade_from_1();
        }
        Ok(r)
    }

    fn upgrade_from_1(&mut self) {
        let mut by_package: std::collections::BTreeMap<(String, String), ByStatus> =
            std::collections::BTreeMap::new();
        let mut total = ByStatus::default();
        for a in &mut self.apis {
            if a.status == Status::Missing
                && out_of_reach(&a.package_dir, &a.package, &a.receiver, &a.name)
            {
                a.status = Status::LinuxInternal;
            }
            by_package
                .entry((a.package_dir.to_string(), a.package.to_string()))
                .or_default()
                .add(a.status);
            total.add(a.status);
        }
        for p in &mut self.packages {
            if let Some(b) = by_package.remove(&(p.package_dir.clone(), p.package.clone())) {
                p.parity = b.parity();
                p.apis = b.total();
                p.by_status = b;
            }
        }
        self.summary.apis = total.total();
        self.summary.parity = total.parity();
        self.summary.by_status = total;
        self.notes.push(
            "read from a schema 1 report: its missing APIs out of reach of the target are linux-internal; it names no test-support packages".to_string(),
        );
        self.schema_version = SCHEMA_VERSION;
    }
}

/// A platform as prose names it: `windows/amd64` is Windows, `darwin` macOS, `linux` Linux;
/// another GOOS is itself with a capital.
pub fn platform_title(platform: &str) -> String {
    let goos = platform.split('/').next().unwrap_or(platform);
    match goos {
        "windows" => "Windows".to_string(),
        "darwin" => "macOS".to_string(),
        "linux" => "Linux".to_string(),
        "freebsd" => "FreeBSD".to_string(),
        "openbsd" => "OpenBSD".to_string(),
        "netbsd" => "NetBSD".to_string(),
        "dragonfly" => "DragonFly BSD".to_string(),
        "illumos" => "illumos".to_string(),
        "aix" => "AIX".to_string(),
        "ios" => "iOS".to_string(),
        "js" | "wasip1" => goos.to_string(),
        other => {
            let mut c = other.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        }
    }
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
        for i in self.items.iter().filter(|i| i.status != TestStatus::Runs) {
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
    /// The API's definition built on the target, if it has one.
    pub fn target_definition<'a>(&self, a: &'a Api) -> Option<&'a Definition> {
        a.definitions
            .iter()
            .find(|d| d.platforms.contains(&self.target))
    }

    /// The body kind of the API's definition built on the target (`""` for none, or for a type).
    pub fn target_body(&self, a: &Api) -> &'static str {
        self.target_definition(a)
            .and_then(|d| d.body)
            .map_or("", BodyKind::as_str)
    }

    /// `file:line` of the API's definition built on the target (else its first).
    pub fn location(&self, a: &Api) -> Option<String> {
        self.target_definition(a)
            .or_else(|| a.definitions.first())
            .map(|d| format!("{}:{}", d.file, d.line))
    }

    /// Packages with gaps, most gaps first (then by directory), test-support ones apart (those
    /// when `test_support`, else the others); only those built on the target when
    /// `built_only` (the others are reported as not built at all).
    pub fn packages_by_gaps(&self, built_only: bool, test_support: bool) -> Vec<&PackageSummary> {
        let mut pkgs: Vec<&PackageSummary> = self
            .packages
            .iter()
            .filter(|p| {
                p.by_status.gaps() > 0
                    && (p.built_on_target || !built_only)
                    && p.test_support == test_support
            })
            .collect();
        pkgs.sort_by(|a, b| {
            b.by_status
                .gaps()
                .cmp(&a.by_status.gaps())
                .then(a.package_dir.cmp(&b.package_dir))
        });
        pkgs
    }

    /// The packages not built on the target at all whose APIs a user there could name (they
    /// are each one finding: one line, not one per API), outside test-support packages.
    pub fn absent_packages(&self) -> Vec<&PackageSummary> {
        self.packages
            .iter()
            .filter(|p| !p.built_on_target && p.by_status.missing > 0 && !p.test_support)
            .collect()
    }

    /// The directories of the test-support packages (docs/RULES.md §6).
    pub fn test_support_dirs(&self) -> crate::hash::HashSet<&str> {
        self.packages
            .iter()
            .filter(|p| p.test_support)
            .map(|p| p.package_dir.as_str())
            .collect()
    }

    /// The APIs outside test-support packages (docs/RULES.md §6), in id order: what the
    /// summary counts and the catalogue lists.
    pub fn product_apis(&self) -> Vec<&Api> {
        let support = self.test_support_dirs();
        self.apis
            .iter()
            .filter(|a| !support.contains(&*a.package_dir))
            .collect()
    }

    /// Writes the report as compact JSON with a trailing newline — the same bytes as
    /// `serde_json::to_writer(self)` — with the APIs (nearly all of a large report) serialized
    /// in parallel chunks.
    pub fn write_json(&self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        use rayon::prelude::*;
        // A few chunks at a time, written as soon as they are ready: the whole array is never
        // in memory twice.
        const CHUNK: usize = 2048;
        let batch = CHUNK * rayon::current_num_threads().max(1) * 2;
        // Two sets of buffers, used in turn for every batch: one is written while the next
        // batch fills the other (fresh buffers would each be new pages to fault in: freed
        // memory goes back to the OS soon, src/main.rs).
        let fill = |apis: &[Api], chunks: &mut Vec<Vec<u8>>| {
            chunks.resize_with(apis.len().div_ceil(CHUNK), Vec::new);
            apis.par_chunks(CHUNK)
                .zip(chunks.par_iter_mut())
                .for_each(|(chunk, buf)| {
                    buf.clear();
                    buf.reserve(chunk.len() * 512);
                    for (i, a) in chunk.iter().enumerate() {
                        if i > 0 {
                            buf.push(b',');
                        }
                        a.write_json(buf);
                    }
                });
        };
        let mut batches = self.apis.chunks(batch);
        let (mut ready, mut spare): (Vec<Vec<u8>>, Vec<Vec<u8>>) = (Vec::new(), Vec::new());
        // Every field in the struct's order, `apis` left empty: `,"apis":[]` then marks where
        // the APIs go (a string cannot hold it: its quotes would be escaped). Serialized beside
        // the first batch.
        let first = batches.next();
        let (head, ()) = rayon::join(
            || serde_json::to_vec(&ReportView::of(self)),
            || {
                if let Some(apis) = first {
                    fill(apis, &mut ready);
                }
            },
        );
        let head = head.map_err(std::io::Error::from)?;
        let marker = b",\"apis\":[]";
        let at = memchr::memmem::find(&head, marker).expect("the view has an empty apis array");
        w.write_all(&head[..at])?;
        w.write_all(b",\"apis\":[")?;
        let mut written_one = false;
        let mut current = first;
        while current.is_some() {
            let next = batches.next();
            let filling = &mut spare;
            // The writer stays on this thread; the pool fills the next batch meanwhile.
            rayon::in_place_scope(|s| -> std::io::Result<()> {
                if let Some(n) = next {
                    s.spawn(move |_| fill(n, filling));
                }
                // `fill` left exactly this batch's chunks.
                for c in &ready {
                    if written_one {
                        w.write_all(b",")?;
                    }
                    written_one = true;
                    w.write_all(c)?;
                }
                Ok(())
            })?;
            std::mem::swap(&mut ready, &mut spare);
            current = next;
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
    suppressed: &'a [SuppressedApi],
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: &'a Option<Baseline>,
    entry_points: &'a [EntryPoint],
    breaks: &'a [Break],
    #[serde(skip_serializing_if = "Option::is_none")]
    calls: &'a Option<Vec<CallEdge>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    call_sites: &'a Option<CallSites>,
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
            suppressed,
            baseline,
            entry_points,
            breaks,
            calls,
            call_sites,
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
            suppressed,
            baseline,
            entry_points,
            breaks,
            calls,
            call_sites,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Who can name an API on the target (docs/RULES.md §5).
    #[test]
    fn out_of_reach_is_unexported_names_receivers_commands_and_internal_packages() {
        assert!(!out_of_reach(
            "daemon",
            "daemon",
            "Daemon",
            "ContainerChanges"
        ));
        assert!(!out_of_reach(".", "moby", "", "New"));
        assert!(out_of_reach(
            "daemon",
            "daemon",
            "Daemon",
            "applyTarCopyUserOptions"
        ));
        assert!(out_of_reach("daemon", "daemon", "netlink", "Close"));
        assert!(out_of_reach("cmd/dockerd", "main", "", "Run"));
        assert!(out_of_reach(
            "daemon/libnetwork/internal/nftables",
            "nftables",
            "",
            "Enable"
        ));
        assert!(out_of_reach("internal", "internal", "", "X"));
        // `internal` as a whole element only.
        assert!(!out_of_reach("internals/x", "x", "", "X"));
        assert!(!out_of_reach("pkg/myinternal", "myinternal", "", "X"));
    }

    /// A schema 1 report reads as schema 2: its out-of-reach `missing` APIs become
    /// `linux-internal`, and its counts are made again.
    #[test]
    fn a_schema_1_report_is_read_as_schema_2() {
        let api = |id: &str, dir: &str, recv: &str, name: &str, status: &str| {
            format!(
                r#"{{"id":"{id}","package_dir":"{dir}","package":"p","receiver":"{recv}","name":"{name}","kind":"func","exported":true,"status":"{status}","definitions":[],"messages":[],"missing_fields":[]}}"#
            )
        };
        let text = format!(
            r#"{{"schema_version":1,"tool":{{"name":"winparity","version":"0.1.0"}},"source":{{"path":"t","rev":null,"commit":null}},"platforms":["linux","windows"],"go":"1.26","tags":[],"cgo":true,"target":"windows","reference":"linux","summary":{{"apis":3,"parity":0.3333333333333333,"by_status":{{"portable":1,"native":0,"guarded":0,"stub":0,"unsupported":0,"missing":2,"windows-only":0}},"files":1,"files_with_errors":0,"guards":{{"refuses":0,"adapts":0,"skips-test":0}}}},"packages":[{{"package_dir":"p","package":"p","apis":3,"parity":0.3333333333333333,"by_status":{{"portable":1,"native":0,"guarded":0,"stub":0,"unsupported":0,"missing":2,"windows-only":0}},"built_on_target":true}}],"files":[],"apis":[{},{},{}],"guards":[],"notes":[]}}"#,
            api("p||A", "p", "", "A", "portable"),
            api("p||B", "p", "", "B", "missing"),
            api("p||c", "p", "", "c", "missing"),
        );
        let r = Report::from_json(&text).unwrap();
        assert_eq!(r.schema_version, SCHEMA_VERSION);
        let statuses: Vec<Status> = r.apis.iter().map(|a| a.status).collect();
        assert_eq!(
            statuses,
            [Status::Portable, Status::Missing, Status::LinuxInternal]
        );
        assert_eq!(r.summary.apis, 3);
        assert_eq!(r.summary.parity, Some(0.5));
        assert_eq!(r.summary.by_status.linux_internal, 1);
        assert_eq!(r.packages[0].by_status.missing, 1);
        assert_eq!(r.packages[0].parity, Some(0.5));
        assert!(r.notes[0].starts_with("read from a schema 1 report"));
        // A version this build does not know is refused, naming the versions it reads.
        let e = Report::from_json(r#"{"schema_version":3}"#).unwrap_err();
        assert_eq!(
            e.to_string(),
            "schema_version 3 is not supported (1 to 2 are)"
        );
    }
}

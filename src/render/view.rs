//! The view: a finished [`Report`] processed once into what every renderer shows — the
//! catalogue of findings (each gap with its printed name, where to read it, its definitions on
//! the target and the reference, whether it is accepted, whether it is in a test-support
//! package), the packages with gaps and those not built on the target at all, the counts in
//! words, and the platforms' names.
//!
//! Why one view: the table, Markdown, HTML, SARIF and GitHub annotations show the same
//! findings, and each once walked the report for them in its own way ("not built on the
//! target" filtered four times, "the target's definition" looked up four times). Now a question
//! two renderers ask is answered here, once per run, and a renderer only lays the answers out.
//! A new output format reads a [`View`]; a new status is placed in [`View::new`]'s catalogue
//! (which statuses are findings) and gets its words in the renderers that list it.
//!
//! [`DiffView`] and [`HistoryView`] do the same for `diff` and `history`.

use crate::hash::{HashMap, HashSet};

use crate::diff::{Changed, Diff, Listed, is_gap, rank};
use crate::history::{Change, History, Revision};
use crate::model::{
    Api, ByStatus, Definition, Effect, EntryPoint, EntryStatus, Guard, PackageSummary, Reach,
    Refusal, Report, Status, SuppressedApi, percent, platform_title,
};

/// The platforms compared, as the renderers name them.
pub struct Platforms<'r> {
    /// The target, as given (`windows`, `windows/arm64`).
    pub target: &'r str,
    /// The reference, as given.
    pub reference: &'r str,
    /// The target in prose (`Windows`).
    pub target_title: String,
    /// The reference in prose (`Linux`).
    pub reference_title: String,
    /// The label of [`Status::WindowsOnly`] for these platforms (`windows-only`).
    pub target_only: String,
    /// The label of [`Status::LinuxInternal`] for these platforms (`linux-internal`).
    pub reference_internal: String,
}

/// The counts, in the words every summary uses.
pub struct Counts {
    /// The statuses in parity: `9239 portable, 188 native, …`.
    pub in_parity: String,
    /// What parity leaves out: `16 windows-only, 4 linux-internal`.
    pub uncounted: String,
    /// The test-support packages (docs/RULES.md §6), when there are any: a sentence and its
    /// counts (`35 test-support packages (only tests import them), not counted above: 744 APIs,
    /// parity 95.5%`, `662 portable, …`).
    pub test_support: Option<(String, String)>,
    /// What the findings lists leave out or mark, when anything: `3 gaps accepted by the
    /// configuration (marked); baseline base.json: 2 new gaps listed, 1200 known not listed`.
    pub accepted: Option<String>,
}

/// One API as the renderers show it.
pub struct ApiView<'r> {
    /// The API.
    pub api: &'r Api,
    /// Its printed name ([`display_name`]).
    pub name: String,
    /// In a test-support package (docs/RULES.md §6).
    pub test_support: bool,
    /// The suppression that accepts its gap, if one does.
    pub accepted: Option<&'r SuppressedApi>,
    /// Its definition built on the target.
    pub on_target: Option<&'r Definition>,
    /// Its definition built on the reference.
    pub on_reference: Option<&'r Definition>,
    /// The `file:line` to read: for a guarded (or target-only) API its refusing guard, else its
    /// first refusal (docs/RULES.md §4b); else the target's definition (else its first).
    pub at: String,
}

/// A package not built on the target at all whose APIs a user there could name: one finding.
pub struct AbsentPackage<'r> {
    /// The package.
    pub package: &'r PackageSummary,
    /// The first file (by path) holding one of its APIs, where a finding points.
    pub first_file: Option<&'r str>,
}

/// A report, processed once for the renderers.
pub struct View<'r> {
    /// The report itself, for what is shown as it is (the summary's numbers, notes, tests).
    pub report: &'r Report,
    /// The platforms' names.
    pub platforms: Platforms<'r>,
    /// The counts in words.
    pub counts: Counts,
    /// The report's title: the project's name (or the source's last path component), with the
    /// revision.
    pub title: String,
    /// The catalogue: every API whose gap is shown — guarded, stub, unsupported, and a
    /// target-only API that refuses (docs/RULES.md §5) — new since the baseline when there is
    /// one, test-support ones included (marked), by id.
    pub findings: Vec<ApiView<'r>>,
    /// Packages built on the target with gaps, most gaps first, outside test support.
    pub packages: Vec<&'r PackageSummary>,
    /// Test-support packages built on the target with gaps, most gaps first.
    pub support_packages: Vec<&'r PackageSummary>,
    /// Packages not built on the target at all, outside test support.
    pub absent: Vec<AbsentPackage<'r>>,
    /// The entry points (docs/RULES.md §8), worst first: what users meet, feature by feature.
    pub features: Vec<FeatureView<'r>>,
    /// How many of them meet a gap (status other than `works`).
    pub features_meeting: usize,
    test_support: HashSet<&'r str>,
    guards_of: HashMap<&'r str, Vec<&'r Guard>>,
    refusals_of: HashMap<&'r str, Vec<&'r Refusal>>,
}

/// An entry point as the renderers show it.
pub struct FeatureView<'r> {
    /// The entry point.
    pub entry: &'r EntryPoint,
    /// The gaps that decide its status (the nearest not shared), worst first.
    pub nearest: Vec<&'r Reach>,
    /// What its users meet, in the project's words: the first message of the nearest gaps,
    /// else the nearest gap's id; empty when it works.
    pub meets: String,
}

/// An API id as a name (`daemon|Daemon|ContainerChanges` → `daemon.Daemon.ContainerChanges`).
pub fn id_name(id: &str) -> String {
    id.split('|')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(".")
}

fn features(r: &Report) -> Vec<FeatureView<'_>> {
    let mut out: Vec<FeatureView> = r
        .entry_points
        .iter()
        .map(|e| {
            let mut nearest: Vec<&Reach> = e
                .reaches
                .iter()
                .filter(|x| !x.shared && Some(x.depth) == e.depth)
                .collect();
            nearest.sort_by_key(|x| (EntryStatus::meeting(x.status), x.api.clone()));
            let title = platform_title(&r.target);
            let meets = nearest
                .iter()
                .find_map(|x| x.messages.first().cloned())
                .or_else(|| {
                    nearest.first().map(|x| {
                        let name = id_name(&x.api);
                        match x.status {
                            Status::Stub => format!("{name} does nothing on {title}"),
                            Status::Unsupported => format!("{name} only fails on {title}"),
                            _ => format!("{name} refuses part of its work on {title}"),
                        }
                    })
                })
                .unwrap_or_default();
            FeatureView {
                entry: e,
                nearest,
                meets,
            }
        })
        .collect();
    out.sort_by_key(|f| {
        (
            f.entry.status,
            f.entry.depth,
            f.entry.kind.as_str(),
            f.entry.name.as_str(),
        )
    });
    out
}

/// A short display name: `(*Daemon).ContainerChanges` style without the pointer, the package
/// named by its directory (`daemon.Daemon.ContainerChanges`).
pub fn display_name(a: &Api) -> String {
    let pkg = if &*a.package_dir == "." {
        &a.package
    } else {
        &a.package_dir
    };
    if a.receiver.is_empty() {
        format!("{pkg}.{}", a.name)
    } else {
        format!("{pkg}.{}.{}", a.receiver, a.name)
    }
}

/// `1 gap`, `2 gaps`.
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl<'r> View<'r> {
    /// Processes the report.
    pub fn new(r: &'r Report) -> View<'r> {
        let mut guards_of: HashMap<&str, Vec<&Guard>> = HashMap::default();
        for g in &r.guards {
            if let Some(api) = &g.api {
                guards_of.entry(api.as_str()).or_default().push(g);
            }
        }
        let mut refusals_of: HashMap<&str, Vec<&Refusal>> = HashMap::default();
        for x in &r.refusals {
            refusals_of.entry(x.api.as_str()).or_default().push(x);
        }
        let mut view = View {
            report: r,
            platforms: Platforms {
                target: &r.target,
                reference: &r.reference,
                target_title: platform_title(&r.target),
                reference_title: platform_title(&r.reference),
                target_only: Status::WindowsOnly.label(&r.target, &r.reference),
                reference_internal: Status::LinuxInternal.label(&r.target, &r.reference),
            },
            counts: counts(r),
            title: title(r),
            findings: Vec::new(),
            packages: r.packages_by_gaps(true, false),
            support_packages: r.packages_by_gaps(true, true),
            absent: absent(r),
            features: features(r),
            features_meeting: r
                .entry_points
                .iter()
                .filter(|e| e.status != EntryStatus::Works)
                .count(),
            test_support: r.test_support_dirs(),
            guards_of,
            refusals_of,
        };
        view.findings = r
            .apis
            .iter()
            .filter(|a| is_finding(a) && r.is_new(&a.id))
            .map(|a| view.api(a))
            .collect();
        view
    }

    /// One API as the renderers show it (any API: the HTML page lists them all).
    pub fn api(&self, a: &'r Api) -> ApiView<'r> {
        let r = self.report;
        let on_target = r.target_definition(a);
        ApiView {
            api: a,
            name: display_name(a),
            test_support: self.test_support.contains(&*a.package_dir),
            accepted: r.suppression(&a.id),
            on_target,
            on_reference: a
                .definitions
                .iter()
                .find(|d| d.platforms.contains(&r.reference)),
            at: self.message_location(a, None),
        }
    }

    /// The catalogue outside test-support packages: what the summary counts and the lists show.
    pub fn product_findings(&self) -> impl Iterator<Item = &ApiView<'r>> {
        self.findings.iter().filter(|f| !f.test_support)
    }

    /// Where an API says `message` (or, with none, its first refusal): for a guarded (or
    /// target-only) API the refusing guard or the refusal that gives it; else the target's
    /// definition (else its first).
    pub fn message_location(&self, a: &Api, message: Option<&str>) -> String {
        if matches!(a.status, Status::Guarded | Status::WindowsOnly) {
            let says = |m: Option<&str>| message.is_none() || m == message;
            let guard = self
                .guards(&a.id)
                .iter()
                .find(|g| g.effect == Effect::Refuses && says(g.message.as_deref()));
            if let Some(g) = guard {
                return format!("{}:{}", g.file, g.line);
            }
            let refusal = self.refusals(&a.id).iter().find(|x| says(Some(&x.message)));
            if let Some(x) = refusal {
                return format!("{}:{}", x.file, x.line);
            }
        }
        self.report.location(a).unwrap_or_default()
    }

    /// The guards inside an API's definitions, in the report's order (file, line).
    pub fn guards(&self, id: &str) -> &[&'r Guard] {
        self.guards_of.get(id).map_or(&[], Vec::as_slice)
    }

    /// The refusals inside an API's target definition (docs/RULES.md §4b), by file and line.
    pub fn refusals(&self, id: &str) -> &[&'r Refusal] {
        self.refusals_of.get(id).map_or(&[], Vec::as_slice)
    }

    /// Whether an API is in a test-support package.
    pub fn is_test_support(&self, a: &Api) -> bool {
        self.test_support.contains(&*a.package_dir)
    }

    /// A one-line description of what was scanned, the names of revision, commit and tree shown
    /// by `name` (as code spans in Markdown, as they are where a template escapes them).
    pub fn source_line(&self, name: &dyn Fn(&str) -> String) -> String {
        let r = self.report;
        let place = r.source.name.as_deref().unwrap_or(&r.source.path);
        let what = match (&r.source.rev, &r.source.commit) {
            (Some(rev), Some(c)) => {
                format!(
                    "{} (commit {}) of {}",
                    name(rev),
                    name(super::escape::prefix(c, 12)),
                    name(place)
                )
            }
            _ => name(place),
        };
        format!(
            "Scanned {what} with winparity {}: {} compared with {}, platforms {}, go{}, cgo {}{}.",
            r.tool.version,
            r.target,
            r.reference,
            r.platforms.join(", "),
            r.go,
            if r.cgo { "on" } else { "off" },
            tags(r, ", tags ")
        )
    }
}

/// `, tags a,b` (after `lead`), or nothing without tags.
pub fn tags(r: &Report, lead: &str) -> String {
    if r.tags.is_empty() {
        String::new()
    } else {
        format!("{lead}{}", r.tags.join(","))
    }
}

/// Whether an API's gap is shown in the catalogue. An API only the target has speaks too when
/// it refuses (docs/RULES.md §5).
fn is_finding(a: &Api) -> bool {
    match a.status {
        Status::Guarded | Status::Stub | Status::Unsupported => true,
        Status::WindowsOnly => !a.messages.is_empty(),
        _ => false,
    }
}

fn counts(r: &Report) -> Counts {
    let in_words = |b: &ByStatus, in_parity: bool| {
        Status::ALL
            .iter()
            .filter(|s| s.in_parity() == in_parity)
            .map(|&s| format!("{} {}", b.get(s), s.label(&r.target, &r.reference)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let t = &r.summary.test_support;
    let test_support = (t.packages > 0).then(|| {
        (
            format!(
                "{} (only tests import {}), not counted above: {}, parity {}",
                plural(t.packages, "test-support package", "test-support packages"),
                if t.packages == 1 { "it" } else { "them" },
                plural(t.apis, "API", "APIs"),
                percent(t.parity),
            ),
            in_words(&t.by_status, true),
        )
    });
    let mut accepted = Vec::new();
    if !r.suppressed.is_empty() {
        accepted.push(format!(
            "{} accepted by the configuration (marked)",
            plural(r.suppressed.len(), "gap", "gaps")
        ));
    }
    if let Some(b) = &r.baseline {
        accepted.push(format!(
            "baseline {}: {} listed, {} known not listed",
            b.report,
            plural(b.new.len(), "new gap", "new gaps"),
            b.known
        ));
    }
    Counts {
        in_parity: in_words(&r.summary.by_status, true),
        uncounted: in_words(&r.summary.by_status, false),
        test_support,
        accepted: (!accepted.is_empty()).then(|| accepted.join("; ")),
    }
}

/// The packages not built on the target, each with the first file holding one of its APIs
/// (one pass over the APIs, and none when every package is built there).
fn absent(r: &Report) -> Vec<AbsentPackage<'_>> {
    let packages = r.absent_packages();
    let mut first: HashMap<(&str, &str), &str> = HashMap::default();
    if !packages.is_empty() {
        let wanted: HashSet<(&str, &str)> = packages
            .iter()
            .map(|p| (p.package_dir.as_str(), p.package.as_str()))
            .collect();
        for a in &r.apis {
            let key = (&*a.package_dir, &*a.package);
            if !wanted.contains(&key) {
                continue;
            }
            for d in &a.definitions {
                let f = first.entry(key).or_insert(&d.file);
                if *d.file < **f {
                    *f = &d.file;
                }
            }
        }
    }
    packages
        .into_iter()
        .map(|p| AbsentPackage {
            first_file: first
                .get(&(p.package_dir.as_str(), p.package.as_str()))
                .copied(),
            package: p,
        })
        .collect()
}

/// The report's title: the project's name, else the last path component of the source, with
/// the revision.
fn title(r: &Report) -> String {
    let name = match &r.source.name {
        Some(name) => name.as_str(),
        None => {
            let path = r.source.path.trim_end_matches('/');
            path.rsplit('/')
                .next()
                .filter(|n| !n.is_empty() && *n != ".")
                .unwrap_or(path)
        }
    };
    match &r.source.rev {
        Some(rev) => format!("{name} {rev}"),
        None => name.to_string(),
    }
}

/// A diff, processed for its renderers: the changes the worse first.
pub struct DiffView<'d> {
    /// The diff.
    pub diff: &'d Diff,
    /// The target in prose.
    pub target_title: String,
    /// APIs whose status got worse.
    pub worse: Vec<&'d Changed>,
    /// APIs whose status got better.
    pub better: Vec<&'d Changed>,
    /// APIs whose status changed, neither better nor worse.
    pub other: Vec<&'d Changed>,
    /// Added APIs that are gaps (moved ones are not).
    pub new_gaps: Vec<&'d Listed>,
}

impl<'d> DiffView<'d> {
    /// Processes the diff.
    pub fn new(d: &'d Diff) -> DiffView<'d> {
        let by = |keep: fn(u8, u8) -> bool| {
            d.changed
                .iter()
                .filter(|c| keep(rank(c.from), rank(c.to)))
                .collect()
        };
        DiffView {
            diff: d,
            target_title: platform_title(&d.target),
            worse: by(|from, to| to < from),
            better: by(|from, to| to > from),
            other: by(|from, to| to == from),
            new_gaps: d
                .added
                .iter()
                .filter(|a| is_gap(a.status) && a.moved.is_none())
                .collect(),
        }
    }
}

/// A history, processed for its renderers: where gaps opened and closed, per revision.
pub struct HistoryView<'h> {
    /// The history.
    pub history: &'h History,
    /// The target in prose.
    pub target_title: String,
    /// The revisions after the first that changed some gap, each with its changes, oldest
    /// first.
    pub changes: Vec<(&'h Revision, Vec<&'h Change>)>,
}

impl<'h> HistoryView<'h> {
    /// Processes the history.
    pub fn new(h: &'h History) -> HistoryView<'h> {
        HistoryView {
            history: h,
            target_title: platform_title(&h.target),
            changes: h
                .revisions
                .iter()
                .skip(1)
                .map(|r| (r, h.changes.iter().filter(|c| c.rev == r.rev).collect()))
                .filter(|(_, c): &(_, Vec<_>)| !c.is_empty())
                .collect(),
        }
    }
}

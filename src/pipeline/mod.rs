//! The drivers `check` and `build` over the stages of [`stages`]: load → validate → link →
//! rules → emit (`serve` drives the same stages, a selection at a time).
//!
//! Content problems never stop a stage; they are collected and decide, at the end, whether
//! anything is written. `Err` is for usage and disk failures only (exit status 2).

pub mod plan;
pub mod stages;
pub mod timings;

use crate::date::Date;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Site;
use crate::model::visibility::Catalogue;
use crate::output::Sink;
use crate::output::{self, Staging, guard::Guard};
use crate::security::{Secrets, quoting};
use crate::site_map::Page;
use plan::{Amount, Emitter, Plan};
use stages::Validated;
use std::path::{Path, PathBuf};

/// How a command ended: 0 success, 1 content errors, 2 usage or I/O errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    ContentErrors,
}

/// A failure outside the content: missing site, unreadable disk, refused output folder.
#[derive(Debug)]
pub struct RunError(pub String);

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<std::io::Error> for RunError {
    fn from(e: std::io::Error) -> Self {
        RunError(e.to_string())
    }
}

/// What a run was asked to do.
#[derive(Clone, Debug)]
pub struct Options {
    pub root: PathBuf,
    pub today: Date,
}

/// Load and validate everything, editorial rules included. The site is `None` when
/// site.toml is unusable.
pub fn load(opts: &Options) -> Result<(Option<Site>, Diagnostics), RunError> {
    let (mut site, mut diags) = load_content(opts)?;
    if let Some(site) = &mut site {
        // `check` reports on drafts as usual (SPEC §11); `build` never sees them.
        site.show_drafts = true;
        diags.extend(check_rules(opts, site));
        // The application register: read by `check` and `stats`, never by `build`.
        let (apps, found) = crate::register::read(&opts.root, &site.config);
        diags.extend(found);
        diags.extend(crate::register::deadlines(&apps, &site.config, opts.today));
        // The annual reports' own figures, read likewise only here and by `report`.
        diags.extend(crate::annual::inputs::check(&opts.root, &site.config));
    }
    Ok((site, diags))
}

/// Load, validate and link site.toml and every document; no rules.
pub fn load_content(opts: &Options) -> Result<(Option<Site>, Diagnostics), RunError> {
    let mut diags = Diagnostics::default();
    let settings = stages::load_settings(&opts.root)?;
    diags.extend(settings.diags);
    let Some(config) = settings.config else {
        // The documents are still read: an unreadable one is reported in the same run.
        let (_, read) = crate::source::read_content(&opts.root)?;
        diags.extend(read);
        return Ok((None, diags));
    };
    // Git's history is read beside the documents (one `git log`, SPEC §12).
    let root = opts.root.clone();
    let history = std::thread::spawn(move || crate::source::history::read(&root));
    let validated: Vec<Validated> = stages::validate_all(&opts.root, &config)?;
    for v in &validated {
        diags.extend(v.diags.iter().cloned());
    }
    let (mut site, ds) = stages::link(config, &validated, opts.today);
    diags.extend(ds);
    // A thread that panicked is an error, never an empty history.
    let history = history
        .join()
        .map_err(|_| RunError("读取 git 历史时出错 (reading git's history failed)".into()))?;
    site.history = std::sync::Arc::new(history);
    if let Some(notice) = &site.history.notice {
        eprintln!("{notice}");
    }
    Ok((Some(site), diags))
}

/// The security checks (SPEC §9) and the editorial rules (SPEC §6) over what readers will see.
pub fn check_rules(opts: &Options, site: &Site) -> Vec<Diagnostic> {
    let cat = Catalogue::new(site);
    let secrets = Secrets::new(site);
    let mut out = quoting::hidden_subjects(&secrets, &cat).0;
    let own = stages::own_files(&opts.root, &site.config).unwrap_or_else(|d| {
        out.push(d);
        Vec::new()
    });
    let plan = Plan::new(&opts.root, &cat, &own, opts.today);
    out.extend(
        plan.gates(&secrets, None, &mut timings::Timings::off())
            .findings,
    );
    out.extend(plan.rules(&secrets.withheld));
    out
}

/// SPEC §9, templates are checked: load every template and render one page of every kind
/// (a full-text and an on-request document, each listing kind, the report) into nothing, so
/// a broken template or an undefined variable fails `check` as it fails `build`.
pub fn check_templates(opts: &Options, site: &Site, diags: &Diagnostics) -> Vec<Diagnostic> {
    let engine = match stages::load_templates(&opts.root, &site.config) {
        Ok(e) => e,
        Err(ds) => return ds,
    };
    let cat = Catalogue::new(site);
    let sample: std::collections::HashSet<&str> = [
        cat.entries().iter().find(|e| e.is_full_text()),
        cat.entries().iter().find(|e| !e.is_full_text()),
    ]
    .into_iter()
    .flatten()
    .map(|e| e.file())
    .collect();
    let first_category = cat.config.categories.first().map(|c| c.id.as_str());
    let first_issuer = cat.config.issuers.first().map(|i| i.slug.as_str());
    let one_of_each = |page: &Page| match page {
        Page::Category { id, page } => *page == 1 && Some(*id) == first_category,
        Page::Issuer { slug, page } => *page == 1 && Some(*slug) == first_issuer,
        _ => true,
    };
    let sampled = |e: &crate::model::visibility::Listed| sample.contains(e.file());
    let plan = Plan::new(&opts.root, &cat, &[], opts.today);
    // What the templates make: the exports and static files use none.
    let amount = |e| match e {
        Emitter::Pages => Amount::Pick {
            docs: &sampled,
            lists: &one_of_each,
        },
        Emitter::Report => Amount::All,
        Emitter::Exports | Emitter::Static => Amount::Keep,
    };
    let mut out = plan.emit_all(&Emitter::BESIDE_RULES, &amount, &engine, &Discard, diags);
    out.extend(plan.emit_all(&Emitter::AFTER_RULES, &amount, &engine, &Discard, diags));
    out
}

/// A sink that keeps nothing: `check` renders to see that it can.
struct Discard;

impl Sink for Discard {
    fn write(&self, _: &str, _: Vec<u8>) -> Result<(), Diagnostic> {
        Ok(())
    }
    fn copy(&self, _: &str, _: &Path) -> Result<(), Diagnostic> {
        Ok(())
    }
}

/// What a build produced.
pub struct BuildReport {
    pub diags: Diagnostics,
    /// Pages and files written; `None` when errors stopped the build.
    pub written: Option<usize>,
    /// Lines of withheld and on-request bodies not guarded as secrets: boilerplate shared by
    /// listed documents, or `[security] shared_text` (SPEC §9).
    pub exempted: usize,
}

impl BuildReport {
    /// A build that wrote nothing, for the findings in `diags` (sorted here).
    fn stopped(mut diags: Diagnostics, exempted: usize) -> BuildReport {
        diags.sort();
        BuildReport {
            diags,
            written: None,
            exempted,
        }
    }
}

/// Build the site into `out`, atomically.
pub fn build(opts: &Options, out: &Path) -> Result<BuildReport, RunError> {
    build_timed(opts, out, &mut timings::Timings::off())
}

/// [`build`], each stage ending with a mark in `timings` (`build --timings`).
pub fn build_timed(
    opts: &Options,
    out: &Path,
    timings: &mut timings::Timings,
) -> Result<BuildReport, RunError> {
    let out = output::check_out_dir(out, &opts.root).map_err(RunError)?;
    // The walk of the previous output for files it did not write runs beside the build and
    // is asked before the swap (a rebuild of 10,000 documents walks 14,000 files).
    let strangers = {
        let out = out.clone();
        std::thread::spawn(move || output::refuse_strangers(&out))
    };
    let (site, mut diags) = load_content(opts)?;
    timings.mark("读取与校验 load, validate");
    let mut site = match site {
        Some(s) if !diags.has_errors() => s,
        Some(s) => {
            // Report everything in one run: the rules too, though nothing will be written.
            diags.extend(check_rules(opts, &s));
            return Ok(BuildReport::stopped(diags, 0));
        }
        None => return Ok(BuildReport::stopped(diags, 0)),
    };
    let engine = match stages::load_templates(&opts.root, &site.config) {
        Ok(e) => e,
        Err(ds) => {
            diags.extend(ds);
            return Ok(BuildReport::stopped(diags, 0));
        }
    };
    timings.mark("模板 templates");
    // The files published as they are, read whole once (SPEC §15) into the staging folder's
    // spool beside the indexing of the secrets, which leaves a core idle at times; the
    // output links in those bytes.
    let mut staging = Staging::create(&out)?;
    // A folder that cannot be read whole is an error, which stops the build before the
    // staging folder is filled.
    let own = stages::own_files(&opts.root, &site.config).unwrap_or_else(|d| {
        diags.push(d);
        Vec::new()
    });
    let first = Catalogue::new(&site);
    let mut secrets = secrets_reading_ahead(&site, &first, &own, &staging);
    // The catalogue is made again only when a commit subject is to be hidden (rare).
    let (found, hidden) = quoting::hidden_subjects(&secrets, &first);
    diags.extend(found);
    let catalogue = if hidden.is_empty() {
        first
    } else {
        drop(first);
        stages::hide_history(&mut site, &hidden);
        Catalogue::new(&site)
    };
    let exempted = secrets.exempted;
    timings.mark("保密索引 secrets");
    let plan = Plan::new(&opts.root, &catalogue, &own, opts.today);
    let mut quotes = plan.gates(&secrets, None, timings);
    let withheld = std::mem::take(&mut secrets.withheld);
    diags.extend(std::mem::take(&mut quotes.findings));
    if diags.has_errors() {
        staging.abandon();
        diags.extend(plan.rules(&withheld));
        return Ok(BuildReport::stopped(diags, exempted));
    }
    staging.set_guard(
        Guard::new(&secrets, quotes.allowed, &opts.root)
            .map(|g| g.with_reviewed(stages::reviewed(&catalogue))),
    );
    let counter = Counting {
        inner: &staging,
        count: std::sync::atomic::AtomicUsize::new(0),
    };
    // The rules and the emitters beside them are independent: run them side by side, so
    // each one's serial stretches fill the other's idle core. Nothing is committed before
    // both are done.
    let all = |_| Amount::All;
    let none = Diagnostics::default();
    let (findings, mut problems) = rayon::join(
        || plan.rules(&withheld),
        || plan.emit_all(&Emitter::BESIDE_RULES, &all, &engine, &counter, &none),
    );
    timings.mark("规则与页面 rules, pages");
    diags.extend(findings);
    diags.sort();
    if diags.has_errors() {
        // A rule the site made an error.
        staging.abandon();
        return Ok(BuildReport::stopped(diags, exempted));
    }
    problems.extend(plan.emit_all(&Emitter::AFTER_RULES, &all, &engine, &counter, &diags));
    timings.mark("报告 report");
    let written = counter.count.into_inner();
    // Freeing 10,000 documents takes a while; do it while the writers finish.
    drop(plan);
    drop(catalogue);
    let freeing = std::thread::spawn(move || drop(site));
    problems.extend(staging.flush());
    if let Err(panic) = freeing.join() {
        std::panic::resume_unwind(panic);
    }
    let report = BuildReport {
        diags,
        written: Some(written),
        exempted,
    };
    commit(staging, problems, strangers, &out, report, timings)
}

/// The secrets of `site`, indexed while every file published as it is (`own`, and the
/// public attachments and images of `cat`) is read whole into the staging folder's spool,
/// which the guard and the output then use: each file is read once.
fn secrets_reading_ahead(
    site: &Site,
    cat: &Catalogue,
    own: &[(String, String, PathBuf)],
    staging: &Staging,
) -> Secrets {
    let ahead = stages::published_as_is(cat, own);
    let spool = staging.spool();
    let readings = std::sync::Arc::<crate::security::files::Readings>::default();
    let (mut secrets, ()) = rayon::join(
        || Secrets::new(site),
        || quoting::read_ahead(&*spool, &readings, &ahead),
    );
    secrets.readings = readings;
    secrets.keep = Some(spool);
    secrets
}

/// The end of a build, once the writers have finished: their problems stop it (a disk
/// failure is a run error), a file in the output that the last build did not write refuses
/// the swap, and otherwise the staging folder takes the output's place.
fn commit(
    staging: Staging,
    problems: Vec<Diagnostic>,
    strangers: std::thread::JoinHandle<Result<(), String>>,
    out: &Path,
    mut report: BuildReport,
    timings: &mut timings::Timings,
) -> Result<BuildReport, RunError> {
    if !problems.is_empty() {
        staging.abandon();
        let disk: Vec<String> = (problems.iter())
            .filter(|d| d.code == crate::diag::codes::OUTPUT)
            .map(|d| d.message.clone())
            .collect();
        if !disk.is_empty() {
            return Err(RunError(disk.join("\n")));
        }
        report.diags.extend(problems);
        return Ok(BuildReport::stopped(report.diags, report.exempted));
    }
    timings.mark("写完 writers finish");
    match strangers.join() {
        Ok(Ok(())) => {}
        Ok(Err(refusal)) => {
            staging.abandon();
            return Err(RunError(refusal));
        }
        Err(panic) => std::panic::resume_unwind(panic),
    }
    staging.commit(out)?;
    timings.mark("替换 swap");
    report.diags.sort();
    Ok(report)
}

/// Counts files as they pass to the staging folder.
struct Counting<'a> {
    inner: &'a Staging,
    count: std::sync::atomic::AtomicUsize,
}

impl Sink for Counting<'_> {
    fn write(&self, rel: &str, bytes: Vec<u8>) -> Result<(), Diagnostic> {
        self.count
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.inner.write(rel, bytes)
    }

    fn write_page(
        &self,
        rel: &str,
        bytes: Vec<u8>,
        body: std::ops::Range<usize>,
    ) -> Result<(), Diagnostic> {
        self.count
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.inner.write_page(rel, bytes, body)
    }

    fn copy(&self, rel: &str, from: &Path) -> Result<(), Diagnostic> {
        self.count
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.inner.copy(rel, from)
    }
}

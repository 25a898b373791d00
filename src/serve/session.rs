//! What `serve` keeps between rebuilds: every document file validated once, the site whose
//! pages are on disk, and the output folder. A change re-validates only the files that
//! changed, re-links the site (cheap), and re-renders the listing pages, the exports and only
//! the document pages the change touched. Every step is one of the pipeline's stages
//! (`pipeline::stages`), the same `build` runs, and unchanged bytes are never rewritten, so
//! the folder always equals what a clean build of the same sources would write.

use super::plan::{Change, Links};
use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics, codes};
use crate::model::Site;
use crate::model::published::Published;
use crate::model::visibility::{Catalogue, Listed};
use crate::output::Sink;
use crate::output::guard::Guard;
use crate::output::live::Live;
use crate::pipeline::plan::{Amount, Emitter, GateCache, Plan};
use crate::pipeline::stages::{self, Validated};
use crate::pipeline::timings::Timings;
use crate::pipeline::{Options, RunError};
use crate::render::{self, engine::Engine};
use crate::security::{self, Secrets};
use crate::site_map::Page;
use crate::source;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// What a round did, for the browser and the console.
pub struct Round {
    /// Output files written or removed.
    pub changed: Vec<String>,
    /// Milliseconds from the start of the round until the pages were in place.
    pub millis: u128,
    pub documents_rendered: usize,
}

/// What the editorial rules found once the editor paused.
pub struct Checked {
    /// Output files written (the exports, the report page).
    pub changed: Vec<String>,
    /// The editors' report page when site.toml does not publish it: `serve` always shows
    /// it, from memory.
    pub report: Option<Vec<u8>>,
}

pub struct Session {
    opts: Options,
    live: Live,
    config: Option<Config>,
    settings_diags: Vec<Diagnostic>,
    engine: Option<Engine>,
    /// Every document file as last validated, by path.
    files: BTreeMap<String, Validated>,
    /// The site whose pages are on disk.
    good: Option<Site>,
    /// Where that site's source files are published, when a body links to one.
    published: Option<Published>,
    /// The next good round must render every page (after a settings change or a failure).
    render_all: bool,
    /// The last round's secrets and each document's quotations, reused when unchanged.
    secrets: Option<Secrets>,
    /// What those secrets were made from.
    secrets_made: Option<security::Made>,
    /// The last round's scans: each document's quotations, and what the scans of files
    /// published as they are found, under [`published_files_key`] (a save that changes no
    /// such file and no secret reads none of them again).
    gates: GateCache,
    /// The site's own files as the last round found them.
    own: Vec<(String, String, PathBuf)>,
    /// The exports (feed, sitemap, catalogue) are due: after a change to listed metadata they
    /// are written once the editor pauses, after the pages, which the browser is waiting for.
    exports_due: bool,
    /// Findings of the last round (errors mean the folder still shows the last good site).
    pub diags: Diagnostics,
    /// Git's history (SPEC §12): pages show their 更新记录. Read again when HEAD moves.
    history: std::sync::Arc<crate::source::history::History>,
    history_head: Option<String>,
    /// `serve --timings`: each round's stage table on stderr.
    pub timings: bool,
}

impl Session {
    pub fn new(opts: Options, out: &Path) -> std::io::Result<Session> {
        let live = Live::open(out)?;
        live.adopt_existing();
        let history_head = crate::source::history::head(&opts.root);
        let history = std::sync::Arc::new(crate::source::history::read(&opts.root));
        if let Some(notice) = &history.notice {
            eprintln!("{notice}");
        }
        Ok(Session {
            history,
            history_head,
            opts,
            live,
            config: None,
            settings_diags: Vec::new(),
            engine: None,
            files: BTreeMap::new(),
            good: None,
            published: None,
            render_all: true,
            secrets: None,
            secrets_made: None,
            gates: GateCache::default(),
            own: Vec::new(),
            exports_due: false,
            diags: Diagnostics::default(),
            timings: false,
        })
    }

    /// The files outside the watched folders whose change means [`Session::reload_all`].
    pub fn settings_files(&self) -> Vec<PathBuf> {
        stages::settings_files(&self.opts.root, self.config.as_ref())
    }

    /// The repository's folder, whose changes may be a commit.
    pub fn git_dir(&self) -> Option<PathBuf> {
        crate::source::history::git_dir(&self.opts.root)
    }

    /// Whether HEAD moved since the history was read (a commit, a checkout); if so the
    /// history is read again, and every page must be rendered with it.
    pub fn history_moved(&mut self) -> bool {
        let head = crate::source::history::head(&self.opts.root);
        if head == self.history_head {
            return false;
        }
        self.history_head = head;
        self.history = std::sync::Arc::new(crate::source::history::read(&self.opts.root));
        true
    }

    /// Read everything again: settings, templates and every document.
    pub fn reload_all(&mut self) -> Result<Option<Round>, RunError> {
        let root = self.opts.root.clone();
        let settings = stages::load_settings(&root)?;
        self.settings_diags = settings.diags;
        self.config = settings.config;
        self.engine = None;
        self.files.clear();
        match &self.config {
            Some(c) => {
                match stages::load_templates(&root, c) {
                    Ok(e) => self.engine = Some(e),
                    Err(ds) => self.settings_diags.extend(ds),
                }
                for v in stages::validate_all(&root, c)? {
                    self.files.insert(v.file.clone(), v);
                }
            }
            None => {
                let (_, read) = source::read_content(&root)?;
                for d in read {
                    let file = d.file.clone().unwrap_or_default();
                    self.files.insert(
                        file.clone(),
                        Validated {
                            file,
                            doc: None,
                            diags: vec![d],
                        },
                    );
                }
            }
        }
        self.render_all = true;
        Ok(self.round())
    }

    /// Some files under `content/` changed (paths relative to the site root).
    pub fn content_changed(&mut self, paths: &[String]) -> Option<Round> {
        let Some(config) = &self.config else {
            return self.round();
        };
        let mut again: HashSet<String> = HashSet::new();
        for rel in paths {
            if rel.ends_with(".md") {
                again.insert(rel.clone());
                continue;
            }
            // A folder behind a link is an error under its own path, as the walk reports it;
            // it goes when the link does.
            match source::linked(&self.opts.root, &self.opts.root.join(rel)) {
                Some(d) => {
                    let v = Validated {
                        file: rel.clone(),
                        doc: None,
                        diags: vec![d],
                    };
                    self.files.insert(rel.clone(), v);
                }
                None => {
                    self.files.remove(rel);
                }
            }
            // An attachment or image: re-read the documents that list, show or link it,
            // and any document still missing an attachment (it may be this one, just
            // added).
            let target = self.opts.root.join(rel);
            for (file, v) in &self.files {
                let lists = v.doc.as_ref().is_some_and(|d| {
                    d.attachments.iter().any(|a| a.source == target)
                        || d.links.iter().any(|l| l == rel)
                });
                let missing = v.diags.iter().any(|d| d.code == codes::MISSING_ATTACHMENT);
                if lists || missing {
                    again.insert(file.clone());
                }
            }
        }
        for rel in again {
            match stages::validate_one(&self.opts.root, config, &rel) {
                Some(v) => {
                    self.files.insert(rel, v);
                }
                None => {
                    self.files.remove(&rel);
                }
            }
        }
        self.round()
    }

    /// Link, check, and bring the output folder up to date. `None` when errors keep the
    /// last good site on disk.
    fn round(&mut self) -> Option<Round> {
        let mut timings = Timings::when(self.timings);
        let round = self.round_timed(&mut timings);
        if let Some(table) = timings.table() {
            eprint!("本轮 round\n{table}");
        }
        round
    }

    fn round_timed(&mut self, timings: &mut Timings) -> Option<Round> {
        let started = std::time::Instant::now();
        let mut diags = Diagnostics::default();
        diags.extend(self.settings_diags.iter().cloned());
        for v in self.files.values() {
            diags.extend(v.diags.iter().cloned());
        }
        let (Some(config), Some(_)) = (&self.config, &self.engine) else {
            diags.sort();
            self.diags = diags;
            return None;
        };
        let (mut site, link_diags) =
            stages::link(config.clone(), self.files.values(), self.opts.today);
        // The preview shows drafts, with a banner (SPEC §11).
        site.show_drafts = true;
        site.history = self.history.clone();
        diags.extend(link_diags);
        timings.mark("链接 link");
        if diags.has_errors() {
            diags.sort();
            self.diags = diags;
            return None;
        }
        // Quotations of secrets first (SPEC §9): a withheld one keeps the last good site, and
        // the guard lets through only the on-request ones reported.
        // A save no secret depends on keeps the last round's secrets whole.
        let secrets = match (&self.secrets, &self.secrets_made) {
            (Some(previous), Some(made)) => Secrets::carried(previous, made, &site)
                .unwrap_or_else(|| Secrets::reusing(&site, Some(previous))),
            (previous, _) => Secrets::reusing(&site, previous.as_ref()),
        };
        timings.mark("保密索引 secrets");
        diags.extend(stages::hide_history_subjects(&mut site, &secrets));
        let cat = Catalogue::new(&site);
        let own = stages::own_files(&self.opts.root, config).unwrap_or_else(|d| {
            diags.push(d);
            Vec::new()
        });
        let root = self.opts.root.clone();
        let plan = Plan::new(&root, &cat, &own, self.opts.today);
        let key = published_files_key(&secrets, &cat, &own);
        timings.mark("目录与文件 catalogue, files");
        let mut quotes = plan.gates(&secrets, Some((&mut self.gates, key)), timings);
        diags.extend(std::mem::take(&mut quotes.findings));
        if diags.has_errors() {
            diags.sort();
            self.diags = diags;
            return None;
        }
        self.live.set_guard(
            Guard::new(&secrets, quotes.allowed, &self.opts.root)
                .map(|g| g.with_reviewed(stages::reviewed(&cat))),
        );
        self.secrets = Some(secrets);
        self.secrets_made = Some(security::Made::of(&site));
        // Where each linked file is published, to tell which linking pages a change moves.
        let published = (site.docs.iter())
            .any(|d| !d.links.is_empty())
            .then(|| cat.published().clone());
        let (mut problems, rendered) = self.write_pages(&site, &plan, published.as_ref());
        timings.mark("页面 pages");
        drop(plan);
        drop(cat);
        self.own = own;
        let (changed, removal_problems) = self.live.finish();
        problems.extend(removal_problems);
        timings.mark("删除旧文件 removals");
        if !problems.is_empty() {
            diags.extend(problems);
            diags.sort();
            self.diags = diags;
            self.render_all = true;
            return None;
        }
        let millis = started.elapsed().as_millis();
        self.good = Some(site);
        self.published = published;
        self.render_all = false;
        diags.sort();
        self.diags = diags;
        Some(Round {
            changed,
            millis,
            documents_rendered: rendered,
        })
    }

    /// The emitters beside the rules, each as far as the change reaches: every page after a
    /// settings change or a failure, else the pages the change touched. The exports wait
    /// for the editor's pause ([`Session::check_and_report`]); the report page for the rules.
    fn write_pages(
        &mut self,
        site: &Site,
        plan: &Plan,
        published: Option<&Published>,
    ) -> (Vec<Diagnostic>, usize) {
        let change = match (&self.good, self.render_all) {
            (Some(old), false) => {
                let links = Links {
                    before: self.published.as_ref(),
                    now: published,
                };
                Some(Change::new(old, site, links))
            }
            _ => None,
        };
        let engine = self.engine.as_ref().expect("checked by the caller");
        let cat = plan.catalogue();
        let render_doc = |e: &Listed| change.as_ref().is_none_or(|c| c.docs.contains(e.file()));
        let only = change.as_ref().and_then(|c| c.pages_showing(cat));
        let render_list = |page: &Page| match (&change, &only) {
            (None, _) => true,
            (Some(_), Some(only)) => only.contains(&page.path()),
            (Some(c), None) => c.lists(page),
        };
        // Any changed document changes the search index; metadata also the exports.
        self.exports_due |= change
            .as_ref()
            .is_some_and(|c| !c.docs.is_empty() || c.metadata_changed);
        let amount = |e| match (e, &change) {
            (_, None) => Amount::All,
            (Emitter::Pages, Some(_)) => Amount::Pick {
                docs: &render_doc,
                lists: &render_list,
            },
            // What left the public listings leaves the exports at once, never at the pause.
            (Emitter::Exports, Some(c)) if c.left_public => Amount::All,
            // The exports are written at the pause; the static files and the theme's root
            // files change only with the settings (a full round).
            (Emitter::Exports | Emitter::Static | Emitter::Report, Some(_)) => Amount::Keep,
        };
        self.live.begin();
        let problems = plan.emit_all(
            &Emitter::BESIDE_RULES,
            &amount,
            engine,
            &self.live,
            &self.diags,
        );
        // The report page shows the rules' findings: written at the pause, kept till then.
        plan.emit_all(
            &Emitter::AFTER_RULES,
            &|_| Amount::Keep,
            engine,
            &self.live,
            &self.diags,
        );
        if change.as_ref().is_none_or(|c| c.left_public) {
            self.exports_due = false;
        }
        let rendered = cat.entries().iter().filter(|e| render_doc(e)).count();
        (problems, rendered)
    }

    /// The editorial rules over the site on disk, the exports when due, and the report
    /// page. Run after the pages are in place, so a save shows in the browser before the
    /// rules have finished.
    pub fn check_and_report(&mut self) -> Checked {
        let mut timings = Timings::when(self.timings);
        let checked = self.check_and_report_timed(&mut timings);
        if let Some(table) = timings.table() {
            eprint!("停顿后 after the pause\n{table}");
        }
        checked
    }

    fn check_and_report_timed(&mut self, timings: &mut Timings) -> Checked {
        let mut checked = Checked {
            changed: Vec::new(),
            report: None,
        };
        let Some(site) = &self.good else {
            return checked;
        };
        if self.diags.has_errors() {
            return checked;
        }
        let Some(engine) = &self.engine else {
            return checked;
        };
        let cat = Catalogue::new(site);
        let plan = Plan::new(&self.opts.root, &cat, &self.own, self.opts.today);
        if self.exports_due {
            // A round of its own over the exports and the search index, so search files the
            // index no longer has are removed, and nothing else is touched.
            self.live.begin();
            let amount = |e| match e {
                Emitter::Exports => Amount::All,
                Emitter::Pages | Emitter::Static | Emitter::Report => Amount::Keep,
            };
            let live = &self.live;
            let mut problems =
                plan.emit_all(&Emitter::BESIDE_RULES, &amount, engine, live, &self.diags);
            problems.extend(plan.emit_all(
                &Emitter::AFTER_RULES,
                &amount,
                engine,
                live,
                &self.diags,
            ));
            let (written, removal_problems) = self.live.finish();
            checked.changed.extend(written);
            problems.extend(removal_problems);
            if problems.is_empty() {
                self.exports_due = false;
            } else {
                self.diags.extend(problems);
            }
        }
        timings.mark("导出 exports");
        let findings = plan.rules(&security::withheld(site));
        self.diags.extend(findings);
        self.diags.sort();
        timings.mark("规则 rules");
        let today = self.opts.today;
        checked.changed.push(Page::Report.path());
        if site.config.report {
            let all = |_| Amount::All;
            let problems =
                plan.emit_all(&Emitter::AFTER_RULES, &all, engine, &self.live, &self.diags);
            self.diags.extend(problems);
            timings.mark("报告 report");
            return checked;
        }
        // Not published: shown from memory, in the preview only.
        let memory = Memory::default();
        match render::report::write(&cat, engine, &memory, &self.diags, today) {
            Ok(()) => {
                let page = memory
                    .0
                    .into_inner()
                    .unwrap_or_else(|e| e.into_inner())
                    .pop()
                    .map(|(_, b)| b);
                // Served from memory, so it passes the leak guard here rather than in `Live`.
                checked.report = page.filter(|b| match self.live.scan(&Page::Report.path(), b) {
                    None => true,
                    Some(found) => {
                        self.diags.push(Diagnostic::error(
                            codes::LEAK,
                            format!("报告页含有不予公开或依申请公开的内容“{found}”，未提供 (withheld text in output)"),
                        ));
                        false
                    }
                });
            }
            Err(d) => self.diags.push(d),
        }
        timings.mark("报告 report");
        checked
    }
}

/// Pages kept in memory (the report page when the site does not publish it).
#[derive(Default)]
struct Memory(Mutex<Vec<(String, Vec<u8>)>>);

impl Sink for Memory {
    fn write(&self, rel: &str, bytes: Vec<u8>) -> Result<(), Diagnostic> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((rel.to_string(), bytes));
        Ok(())
    }

    fn copy(&self, _rel: &str, _from: &Path) -> Result<(), Diagnostic> {
        Ok(())
    }
}

/// A hash of what the quotation scans of files published as they are read: the secrets,
/// and the path, size, time and inode of every public attachment and image, every file of
/// the site's own, and every confidential attachment and image (copies are compared with
/// them).
fn published_files_key(
    secrets: &Secrets,
    cat: &Catalogue,
    own: &[(String, String, std::path::PathBuf)],
) -> u64 {
    use std::hash::{Hash, Hasher};
    use std::os::unix::fs::MetadataExt;
    let mut h = crate::hash::FastHasher::default();
    secrets.key.hash(&mut h);
    let public = (cat.entries().iter())
        .flat_map(|e| e.attachments().iter().chain(e.images()))
        .map(|a| a.source.as_path());
    let confidential = (secrets.files.values().flatten()).map(|f| f.source.as_path());
    let mine = own.iter().map(|(_, _, from)| from.as_path());
    for path in public.chain(mine).chain(confidential) {
        path.hash(&mut h);
        if let Ok(m) = std::fs::metadata(path) {
            (m.len(), m.mtime(), m.mtime_nsec(), m.ino()).hash(&mut h);
        }
    }
    h.finish()
}

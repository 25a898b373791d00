//! What `serve` keeps between rebuilds: every document file validated once, the site whose
//! pages are on disk, and the output folder. A change re-validates only the files that
//! changed, re-links the site (cheap), and re-renders the listing pages, the exports and only
//! the document pages the change touched. Every step is one of the pipeline's stages
//! (`pipeline::stages`), the same `build` runs, and unchanged bytes are never rewritten, so
//! the folder always equals what a clean build of the same sources would write.

use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics, codes};
use crate::frontmatter::{FIELDS, Shown};
use crate::hash::{FastMap, FastSet};
use crate::model::Site;
use crate::model::document::{self, Document};
use crate::model::published::Published;
use crate::model::visibility::{Catalogue, Listed};
use crate::output::Sink;
use crate::output::guard::Guard;
use crate::output::live::Live;
use crate::pipeline::stages::{self, Validated};
use crate::pipeline::{Options, RunError};
use crate::render::{self, engine::Engine};
use crate::security::{self, Secrets, quoting};
use crate::site_map::{self, Page};
use crate::source;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

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
    quotes: quoting::Cache,
    /// What the scans of files published as they are found, by [`published_files_key`]: a
    /// save that changes no such file and no secret reads none of them again.
    published_quotes: Option<(u64, quoting::Quotes)>,
    /// The exports (feed, sitemap, catalogue) are due: after a change to listed metadata they
    /// are written once the editor pauses, after the pages, which the browser is waiting for.
    exports_due: bool,
    /// Findings of the last round (errors mean the folder still shows the last good site).
    pub diags: Diagnostics,
    /// Git's history (SPEC §12): pages show their 更新记录. Read again when HEAD moves.
    history: std::sync::Arc<crate::source::history::History>,
    history_head: Option<String>,
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
            quotes: quoting::Cache::default(),
            published_quotes: None,
            exports_due: false,
            diags: Diagnostics::default(),
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
            } else {
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
        if diags.has_errors() {
            diags.sort();
            self.diags = diags;
            return None;
        }
        // Quotations of secrets first (SPEC §9): a withheld one keeps the last good site, and
        // the guard lets through only the on-request ones reported.
        let secrets = Secrets::reusing(&site, self.secrets.as_ref());
        diags.extend(stages::hide_history_subjects(&mut site, &secrets));
        let cat = Catalogue::new(&site);
        let mut quotes = quoting::scan_cached(&secrets, &cat, &mut self.quotes);
        // What is published as it is: public attachments (what each quotes is kept beside
        // its text), the site's own files, copies of confidential files.
        let own = stages::own_files(&self.opts.root, config).unwrap_or_else(|d| {
            diags.push(d);
            Vec::new()
        });
        let key = published_files_key(&secrets, &cat, &own);
        let published = match &self.published_quotes {
            Some((k, q)) if *k == key => q.clone(),
            _ => {
                let attachments = stages::attachment_reader(&self.opts.root, &cat, None);
                let q =
                    quoting::scan_published(&secrets, &self.opts.root, &cat, &attachments, &own);
                self.published_quotes = Some((key, q.clone()));
                q
            }
        };
        quotes.extend(published);
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
        // Where each linked file is published, to tell which linking pages a change moves.
        let published = (site.docs.iter())
            .any(|d| !d.links.is_empty())
            .then(|| cat.published().clone());
        let (mut problems, rendered) = self.write_pages(&site, &cat, published.as_ref());
        drop(cat);
        let (changed, removal_problems) = self.live.finish();
        problems.extend(removal_problems);
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

    fn write_pages(
        &mut self,
        site: &Site,
        cat: &Catalogue,
        published: Option<&Published>,
    ) -> (Vec<Diagnostic>, usize) {
        let plan = match (&self.good, self.render_all) {
            (Some(old), false) => {
                let links = Links {
                    before: self.published.as_ref(),
                    now: published,
                };
                Some(Plan::new(old, site, links))
            }
            _ => None,
        };
        let engine = self.engine.as_ref().expect("checked by the caller");
        self.live.begin();
        let render_doc = |e: &Listed| plan.as_ref().is_none_or(|p| p.docs.contains(e.file()));
        let only = plan.as_ref().and_then(|p| p.pages_showing(cat));
        let render_list = |page: &Page| match (&plan, &only) {
            (None, _) => true,
            (Some(_), Some(only)) => only.contains(&page.path()),
            (Some(p), None) => p.lists(page),
        };
        // A full round writes the exports with the pages; a change defers them to the pause.
        let exports_now = plan.is_none();
        // Any changed document changes the search index; metadata also the exports.
        self.exports_due |= plan
            .as_ref()
            .is_some_and(|p| !p.docs.is_empty() || p.metadata_changed);
        let live = &self.live;
        let (mut problems, export_problems) = rayon::join(
            || stages::emit_pages(cat, engine, live, &render_doc, &render_list),
            || {
                if exports_now {
                    let attachments = stages::attachment_reader(&self.opts.root, cat, None);
                    stages::emit_exports(cat, &attachments, live)
                } else {
                    Vec::new()
                }
            },
        );
        problems.extend(export_problems);
        if exports_now {
            self.exports_due = false;
        }
        let mut rendered = 0;
        for e in cat.entries() {
            if render_doc(e) {
                rendered += 1;
                continue;
            }
            self.live.keep(&e.url());
            for a in e.attachments().iter().chain(e.images()) {
                self.live
                    .keep(&site_map::attachment(e.slug(), &a.file_name));
            }
        }
        for page in crate::model::pages::listing_pages(cat) {
            if !render_list(&page) {
                self.live.keep(&page.path());
            }
        }
        if !exports_now {
            self.live.keep_all_of(&site_map::GENERATED);
        }
        match &plan {
            Some(_) => {
                self.live.keep_all_of(&[site_map::ASSETS]);
                // The theme's root files (favicon.ico) change only with the settings.
                for (name, _) in crate::source::theme::ROOT {
                    self.live.keep(name);
                }
            }
            None => {
                let own = match stages::own_files(&self.opts.root, cat.config) {
                    Ok(own) => own,
                    Err(d) => {
                        problems.push(d);
                        Vec::new()
                    }
                };
                problems.extend(stages::emit_static(
                    &self.opts.root,
                    cat.config,
                    &own,
                    &self.live,
                ))
            }
        }
        if cat.config.report {
            self.live.keep(&Page::Report.path());
        }
        (problems, rendered)
    }

    /// The editorial rules over the site on disk, the exports when due, and the report
    /// page. Run after the pages are in place, so a save shows in the browser before the
    /// rules have finished.
    pub fn check_and_report(&mut self) -> Checked {
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
        let cat = Catalogue::new(site);
        let attachments = stages::attachment_reader(&self.opts.root, &cat, None);
        if self.exports_due {
            // A round of its own over the exports and the search index, so search files the
            // index no longer has are removed, and nothing else is touched.
            self.live.begin();
            self.live.keep_all_but(&site_map::GENERATED);
            let mut problems = stages::emit_exports(&cat, &attachments, &self.live);
            let (written, removal_problems) = self.live.finish();
            checked.changed.extend(written);
            problems.extend(removal_problems);
            if problems.is_empty() {
                self.exports_due = false;
            } else {
                self.diags.extend(problems);
            }
        }
        let withheld = security::withheld(site);
        let findings = stages::editorial_rules(
            &self.opts.root,
            self.opts.today,
            &cat,
            &withheld,
            &attachments,
        );
        self.diags.extend(findings);
        self.diags.sort();
        let Some(engine) = &self.engine else {
            return checked;
        };
        let today = self.opts.today;
        checked.changed.push(Page::Report.path());
        if site.config.report {
            if let Err(d) = render::report::write(&cat, engine, &self.live, &self.diags, today) {
                self.diags.push(d);
            }
            return checked;
        }
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
        checked
    }
}

/// What a change needs rendered, from the site on disk and the site now.
struct Plan {
    /// Files whose document pages must be rendered again.
    docs: FastSet<String>,
    /// Whether any listed metadata changed (title, dates, column, issuer, attribute …, or a
    /// document added or removed): listing pages and exports show nothing else.
    metadata_changed: bool,
    /// Column ids and issuer slugs whose listing pages show a changed document.
    categories: HashSet<String>,
    issuers: HashSet<String>,
    /// Every change kept its document where it was in every listing (same column, issuer,
    /// date and index number, listed before and after): then only the listing pages that
    /// show those documents change, not the pages after them or any count.
    in_place: bool,
    /// The files of the changed documents that still exist.
    changed_files: Vec<String>,
}

/// Each document's position in `site.docs`, by file.
fn file_index(s: &Site) -> FastMap<&str, usize> {
    s.docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.file.as_str(), i))
        .collect()
}

impl Plan {
    fn new(old: &Site, new: &Site, links: Links) -> Plan {
        let (old_ix, new_ix) = (file_index(old), file_index(new));
        let mut changed: Vec<(Option<&Document>, Option<&Document>)> = Vec::new();
        for (file, &i) in &new_ix {
            match old_ix.get(file) {
                Some(&j) if Arc::ptr_eq(&old.docs[j], &new.docs[i]) => {}
                Some(&j) => changed.push((Some(&old.docs[j]), Some(&new.docs[i]))),
                None => changed.push((None, Some(&new.docs[i]))),
            }
        }
        for (file, &j) in &old_ix {
            if !new_ix.contains_key(file) {
                changed.push((Some(&old.docs[j]), None));
            }
        }
        let cfg = &new.config;
        let mut plan = Plan {
            docs: dirty_files(old, new, links),
            metadata_changed: false,
            categories: HashSet::new(),
            issuers: HashSet::new(),
            in_place: true,
            changed_files: Vec::new(),
        };
        for (before, after) in changed {
            plan.metadata_changed |= match (before, after) {
                (Some(a), Some(b)) => !same_metadata(a, b),
                _ => true,
            };
            plan.in_place &= match (before, after) {
                (Some(a), Some(b)) => {
                    let listed = |d: &Document| d.attribute != document::Attribute::Withheld;
                    a.category == b.category
                        && a.issuer == b.issuer
                        && a.published == b.published
                        && a.index_no == b.index_no
                        && listed(a)
                        && listed(b)
                }
                _ => false,
            };
            plan.changed_files.extend(after.map(|d| d.file.clone()));
            for d in before.into_iter().chain(after) {
                for c in cfg.category_path(d.category) {
                    plan.categories.insert(cfg.categories[c].id.clone());
                }
                plan.issuers.insert(cfg.issuers[d.issuer].slug.clone());
            }
        }
        plan
    }

    /// For an in-place change, the listing pages that show the changed documents.
    fn pages_showing(&self, cat: &Catalogue) -> Option<FastSet<String>> {
        if !(self.metadata_changed && self.in_place) {
            return None;
        }
        let wanted: FastSet<&str> = self.changed_files.iter().map(String::as_str).collect();
        let pages = (cat.entries().iter().enumerate())
            .filter(|(_, e)| wanted.contains(e.file()))
            .flat_map(|(k, _)| crate::model::pages::pages_showing(cat, k))
            .map(|p| p.path())
            .collect();
        Some(pages)
    }

    fn lists(&self, page: &Page) -> bool {
        self.metadata_changed
            && match page {
                Page::Home | Page::Categories | Page::Issuers | Page::Validity { .. } => true,
                Page::Category { id, .. } => self.categories.contains(*id),
                Page::Issuer { slug, .. } => self.issuers.contains(*slug),
                // No list of documents: a new page kind must say here whether it lists them.
                Page::Document { .. } | Page::Search | Page::NotFound | Page::Report => false,
            }
    }
}

/// Whether two versions of a document show the same in listings and exports: every field
/// the field table says is shown beyond the document's own page.
fn same_metadata(a: &Document, b: &Document) -> bool {
    FIELDS
        .iter()
        .filter(|s| s.shown != Shown::Page)
        .all(|s| a.value(s.field) == b.value(s.field))
}

/// Files whose document pages must be rendered again: changed, added or removed documents,
/// and the documents linked to them (a policy and its interpretations show each other's
/// titles), before or after the change.
/// Where linked files were published before a change and are now (`None`: no body linked
/// to a file).
#[derive(Default, Clone, Copy)]
struct Links<'p> {
    before: Option<&'p Published>,
    now: Option<&'p Published>,
}

fn dirty_files(old: &Site, new: &Site, links: Links) -> FastSet<String> {
    let (old_ix, new_ix) = (file_index(old), file_index(new));
    let mut changed: FastSet<&str> = FastSet::default();
    for (file, &i) in &new_ix {
        match old_ix.get(file) {
            Some(&j) if Arc::ptr_eq(&old.docs[j], &new.docs[i]) => {}
            _ => {
                changed.insert(file);
            }
        }
    }
    for file in old_ix.keys() {
        if !new_ix.contains_key(file) {
            changed.insert(file);
        }
    }
    fn neighbours(s: &Site, i: usize) -> Vec<&str> {
        let mut n: Vec<&str> = s.interprets[i]
            .iter()
            .chain(&s.interpreted_by[i])
            .map(|&k| s.docs[k].file.as_str())
            .collect();
        n.sort_unstable();
        n
    }
    let mut dirty = FastSet::default();
    for (file, &i) in &new_ix {
        let linked = new.interprets[i].is_some() || !new.interpreted_by[i].is_empty();
        let was_linked = old_ix
            .get(file)
            .is_some_and(|&j| old.interprets[j].is_some() || !old.interpreted_by[j].is_empty());
        let dirty_now = changed.contains(file)
            || ((linked || was_linked) && {
                let now = neighbours(new, i);
                let before = old_ix.get(file).map(|&j| neighbours(old, j));
                now.iter().any(|n| changed.contains(n)) || before.as_ref() != Some(&now)
            });
        if dirty_now {
            dirty.insert(file.to_string());
        }
    }
    // A policy's page shows the documents that replaced or amended it, down a chain: when a
    // change moves any lifecycle (a date, a reference, or a title or number a banner
    // shows), every page that shows a status is rendered again. They are few.
    let moved = |file: &str| {
        let (a, b) = (old_ix.get(file), new_ix.get(file));
        let involved = |s: &Site, i: usize| s.lifecycle.has_status(&s.docs, i);
        let shown = |a: &Document, b: &Document| {
            FIELDS
                .iter()
                .filter(|s| matches!(s.shown, Shown::Lifecycle | Shown::References))
                .all(|s| a.value(s.field) == b.value(s.field))
        };
        match (a, b) {
            (Some(&i), Some(&j)) => {
                (involved(old, i) || involved(new, j)) && !shown(&old.docs[i], &new.docs[j])
            }
            (Some(&i), None) => involved(old, i),
            (None, Some(&j)) => involved(new, j),
            (None, None) => false,
        }
    };
    if changed.iter().any(|f| moved(f)) {
        for (file, &i) in &new_ix {
            if new.lifecycle.has_status(&new.docs, i) {
                dirty.insert(file.to_string());
            }
        }
    }
    // A body that links to a file whose place in the output changed (another document's
    // index number, an attachment added or removed, a document withheld).
    if let Some(now) = links.now {
        for d in new.docs.iter().filter(|d| !d.links.is_empty()) {
            let before = |l: &str| links.before.and_then(|b| b.get(l));
            if d.links.iter().any(|l| before(l) != now.get(l)) {
                dirty.insert(d.file.clone());
            }
        }
    }
    dirty
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{SITE, doc, site};

    const POLICY: &str = "doc_type: 规范性文件";
    const READING: &str = "category: zcjd\ninterprets: 0001/2026-00001";

    /// The site before and after replacing document `n` (others shared, as in `serve`).
    fn change(n: usize, front: &str, body: &str) -> (Site, Site) {
        let old = site(
            SITE,
            vec![
                doc(1, POLICY, "政策"),
                doc(2, READING, "解读"),
                doc(3, "", "其他"),
            ],
        );
        let mut docs = old.docs.clone();
        let fresh = site(SITE, vec![doc(n, front, body)]);
        docs[n - 1] = Arc::clone(&fresh.docs[0]);
        let (mut new, diags) = crate::model::link(old.config.clone(), docs, old.today);
        new.show_drafts = old.show_drafts;
        assert!(diags.is_empty(), "{diags:?}");
        (old, new)
    }

    #[test]
    fn a_body_edit_renders_one_page_and_no_listing() {
        let (old, new) = change(3, "", "改过的正文");
        let plan = Plan::new(&old, &new, Links::default());
        assert_eq!(plan.docs.iter().collect::<Vec<_>>(), ["content/003.md"]);
        assert!(!plan.metadata_changed);
        assert!(!plan.lists(&Page::Home));
    }

    #[test]
    fn a_retitled_policy_renders_its_interpretation_and_stays_in_place() {
        let (old, new) = change(1, &format!("{POLICY}\ntitle: 新标题"), "政策");
        let plan = Plan::new(&old, &new, Links::default());
        let mut docs: Vec<&String> = plan.docs.iter().collect();
        docs.sort();
        assert_eq!(docs, ["content/001.md", "content/002.md"]);
        assert!(plan.metadata_changed && plan.in_place);
        let cat = Catalogue::new(&new);
        let pages = plan.pages_showing(&cat).unwrap();
        assert!(pages.contains("category/zcwj/index.html"));
        assert!(
            pages.contains("index.html"),
            "among the latest on the home page"
        );
        assert!(!pages.contains("category/zcjd/index.html"));
    }

    #[test]
    fn a_move_to_another_column_renders_both_columns() {
        let (old, new) = change(3, "category: zcjd", "其他");
        let plan = Plan::new(&old, &new, Links::default());
        assert!(plan.metadata_changed && !plan.in_place);
        assert!(plan.lists(&Page::Category {
            id: "zcwj",
            page: 1
        }));
        assert!(plan.lists(&Page::Category {
            id: "zcjd",
            page: 2
        }));
        assert!(plan.lists(&Page::Home));
    }

    #[test]
    fn a_document_turned_withheld_leaves_its_listings() {
        let (old, new) = change(3, "attribute: 不予公开", "其他");
        let plan = Plan::new(&old, &new, Links::default());
        assert!(!plan.in_place);
    }
}

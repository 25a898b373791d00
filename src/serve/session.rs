//! What `serve` keeps between rebuilds: every document file validated once, the site whose
//! pages are on disk, and the output folder. A change re-validates only the files that
//! changed, re-links the site (cheap), and re-renders the listing pages, the exports and only
//! the document pages the change touched; every page goes through the same renderer as
//! `build`, and unchanged bytes are never rewritten, so the folder always equals what a clean
//! build of the same sources would write.

use crate::config::{self, Config};
use crate::diag::{Diagnostic, Diagnostics, codes};
use crate::model::document::{self, Document};
use crate::model::visibility::{self, Catalogue, Listed};
use crate::model::{self, Site};
use crate::output::guard::Guard;
use crate::output::live::Live;
use crate::pipeline::{self, Options};
use crate::render::{self, Sink, engine::Engine};
use crate::{export, source};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, Mutex};

/// One document file as last read.
struct Entry {
    doc: Option<Arc<Document>>,
    diags: Vec<Diagnostic>,
}

/// What a round did, for the browser and the console.
pub struct Round {
    /// Output files written or removed.
    pub changed: Vec<String>,
    /// Milliseconds from the start of the round until the pages were in place.
    pub millis: u128,
    pub documents_rendered: usize,
}

pub struct Session {
    opts: Options,
    live: Live,
    config: Option<Config>,
    settings_diags: Vec<Diagnostic>,
    engine: Option<Engine>,
    files: BTreeMap<String, Entry>,
    /// The site whose pages are on disk.
    good: Option<Site>,
    /// The next good round must render every page (after a settings change or a failure).
    render_all: bool,
    guard_key: Option<u64>,
    /// Findings of the last round (errors mean the folder still shows the last good site).
    pub diags: Diagnostics,
    /// The editors' report when site.toml does not publish it: `serve` always shows it.
    pub report: Arc<Mutex<Option<Vec<u8>>>>,
}

impl Session {
    pub fn new(opts: Options, out: &Path) -> std::io::Result<Session> {
        let live = Live::open(out)?;
        live.adopt_existing();
        Ok(Session {
            opts,
            live,
            config: None,
            settings_diags: Vec::new(),
            engine: None,
            files: BTreeMap::new(),
            good: None,
            render_all: true,
            guard_key: None,
            diags: Diagnostics::default(),
            report: Arc::new(Mutex::new(None)),
        })
    }

    /// Read everything again: settings, templates and every document.
    pub fn reload_all(&mut self) -> Result<Option<Round>, pipeline::RunError> {
        let root = self.opts.root.clone();
        self.settings_diags.clear();
        self.config = match source::read_config(&root) {
            Ok(Ok(text)) => {
                let (c, ds) = config::parse(&text, &|name| source::theme_exists(&root, name));
                self.settings_diags.extend(ds);
                c
            }
            Ok(Err(d)) => {
                self.settings_diags.push(d);
                None
            }
            Err(e) => return Err(pipeline::RunError(format!("cannot read site.toml: {e}"))),
        };
        self.engine = None;
        if let Some(c) = &self.config {
            match Engine::new(source::read_templates(&root, &c.theme)?) {
                Ok(e) => self.engine = Some(e),
                Err(ds) => self.settings_diags.extend(ds),
            }
        }
        let (files, read_diags) = source::read_content(&root)?;
        self.files.clear();
        for d in read_diags {
            let rel = d.file.clone().unwrap_or_default();
            self.files.insert(
                rel,
                Entry {
                    doc: None,
                    diags: vec![d],
                },
            );
        }
        if let Some(config) = &self.config {
            use rayon::prelude::*;
            let resolve = resolver(&self.opts.root);
            let validated: Vec<(String, Entry)> = files
                .into_par_iter()
                .map(|f| {
                    let rel = f.rel.clone();
                    let (doc, diags) = document::validate(f, config, &*resolve);
                    (
                        rel,
                        Entry {
                            doc: doc.map(Arc::new),
                            diags,
                        },
                    )
                })
                .collect();
            self.files.extend(validated);
        }
        self.render_all = true;
        Ok(self.round())
    }

    /// Some files under `content/` changed (paths relative to the site root).
    pub fn content_changed(&mut self, paths: &[String]) -> Option<Round> {
        let Some(config) = &self.config else {
            return self.round();
        };
        let resolve = resolver(&self.opts.root);
        let mut again: HashSet<String> = HashSet::new();
        for rel in paths {
            if rel.ends_with(".md") {
                again.insert(rel.clone());
            } else {
                // An attachment: re-read the documents that list it, and any document still
                // missing an attachment (it may be this one, just added).
                let target = self.opts.root.join(rel);
                for (file, e) in &self.files {
                    let lists = e
                        .doc
                        .as_ref()
                        .is_some_and(|d| d.attachments.iter().any(|a| a.source == target));
                    let missing = e.diags.iter().any(|d| d.code == codes::MISSING_ATTACHMENT);
                    if lists || missing {
                        again.insert(file.clone());
                    }
                }
            }
        }
        let mut updates = Vec::new();
        for rel in again {
            match source::read_document(&self.opts.root, &rel) {
                None => updates.push((rel, None)),
                Some(Err(d)) => updates.push((
                    rel,
                    Some(Entry {
                        doc: None,
                        diags: vec![d],
                    }),
                )),
                Some(Ok(f)) => {
                    let (doc, diags) = document::validate(f, config, &*resolve);
                    updates.push((
                        rel,
                        Some(Entry {
                            doc: doc.map(Arc::new),
                            diags,
                        }),
                    ));
                }
            }
        }
        drop(resolve);
        for (rel, entry) in updates {
            match entry {
                Some(e) => {
                    self.files.insert(rel, e);
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
        for e in self.files.values() {
            diags.extend(e.diags.iter().cloned());
        }
        let (Some(config), Some(_)) = (&self.config, &self.engine) else {
            diags.sort();
            self.diags = diags;
            return None;
        };
        let docs: Vec<Arc<Document>> = self.files.values().filter_map(|e| e.doc.clone()).collect();
        let (site, link_diags) = model::link(config.clone(), docs);
        diags.extend(link_diags);
        if diags.has_errors() {
            diags.sort();
            self.diags = diags;
            return None;
        }
        let (problems, rendered) = self.write_pages(&site, false);
        let problems = if problems.iter().any(|d| d.code == codes::LEAK) {
            // The guard may predate a change that made a secret public text; build it afresh
            // and try once more before calling it a leak.
            self.guard_key = None;
            self.write_pages(&site, true).0
        } else {
            problems
        };
        let changed = self.live.finish();
        if !problems.is_empty() {
            diags.extend(problems);
            diags.sort();
            self.diags = diags;
            self.render_all = true;
            return None;
        }
        let millis = started.elapsed().as_millis();
        self.good = Some(site);
        self.render_all = false;
        diags.sort();
        self.diags = diags;
        Some(Round {
            changed,
            millis,
            documents_rendered: rendered,
        })
    }

    fn write_pages(&mut self, site: &Site, fresh_guard: bool) -> (Vec<Diagnostic>, usize) {
        let key = {
            let secrets = visibility::secrets(site);
            let joined: Vec<u8> = secrets.join("\u{0}").into_bytes();
            crate::config::fnv1a(&joined)
        };
        if fresh_guard || self.guard_key != Some(key) {
            self.live.set_guard(Guard::new(
                &visibility::secrets(site),
                &visibility::public_text(site),
            ));
            self.guard_key = Some(key);
        }
        let dirty = match (&self.good, self.render_all || fresh_guard) {
            (Some(old), false) => Some(dirty_files(old, site)),
            _ => None,
        };
        let engine = self.engine.as_ref().expect("checked by the caller");
        let cat = Catalogue::new(site);
        self.live.begin();
        let render_doc = |e: &Listed| dirty.as_ref().is_none_or(|d| d.contains(e.file()));
        let mut problems = render::render_pages(&cat, engine, &self.live, &render_doc);
        let mut rendered = 0;
        for e in cat.entries() {
            if render_doc(e) {
                rendered += 1;
                continue;
            }
            self.live.keep(&e.url());
            for a in e.attachments() {
                self.live
                    .keep(&format!("docs/{}/{}", e.slug(), a.file_name));
            }
        }
        problems.extend(export::write_all(&cat, &self.live));
        problems.extend(pipeline::write_static(
            &self.opts.root,
            &site.config.theme,
            &self.live,
        ));
        if site.config.report {
            self.live.keep(&render::pages::Page::Report.path());
        }
        (problems, rendered)
    }

    /// The editorial rules over the site on disk, and the report page. Run after the pages
    /// are in place, so a save shows in the browser before the rules have finished.
    pub fn check_and_report(&mut self) -> Vec<String> {
        let Some(site) = &self.good else {
            return Vec::new();
        };
        if self.diags.has_errors() {
            return Vec::new();
        }
        let findings = pipeline::check_rules(&self.opts, site);
        self.diags.extend(findings);
        self.diags.sort();
        let Some(engine) = &self.engine else {
            return Vec::new();
        };
        let cat = Catalogue::new(site);
        let today = self.opts.today;
        if site.config.report {
            let _ = render::report::write(&cat, engine, &self.live, &self.diags, today);
            return vec![render::pages::Page::Report.path()];
        }
        let memory = Memory::default();
        if render::report::write(&cat, engine, &memory, &self.diags, today).is_ok() {
            let page = memory
                .0
                .into_inner()
                .unwrap_or_else(|e| e.into_inner())
                .pop();
            *self.report.lock().unwrap_or_else(|e| e.into_inner()) = page.map(|(_, b)| b);
        }
        vec![render::pages::Page::Report.path()]
    }

    pub fn site(&self) -> Option<&Site> {
        self.good.as_ref()
    }
}

type Resolve =
    dyn Fn(&str, &str) -> Result<std::path::PathBuf, source::attachments::AttachmentError> + Sync;

fn resolver(root: &Path) -> Box<Resolve> {
    let content = root.join("content");
    Box::new(move |dir: &str, written: &str| source::attachments::resolve(&content, dir, written))
}

/// Files whose document pages must be rendered again: changed, added or removed documents,
/// and the documents linked to them (a policy and its interpretations show each other's
/// titles), before or after the change.
fn dirty_files(old: &Site, new: &Site) -> HashSet<String> {
    let index = |s: &Site| -> HashMap<String, usize> {
        s.docs
            .iter()
            .enumerate()
            .map(|(i, d)| (d.file.clone(), i))
            .collect()
    };
    let (old_ix, new_ix) = (index(old), index(new));
    let mut changed: HashSet<&str> = HashSet::new();
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
    let neighbours = |s: &Site, i: usize| -> Vec<String> {
        let mut n: Vec<String> = s.interprets[i]
            .iter()
            .chain(&s.interpreted_by[i])
            .map(|&k| s.docs[k].file.clone())
            .collect();
        n.sort();
        n
    };
    let mut dirty = HashSet::new();
    for (file, &i) in &new_ix {
        let now = neighbours(new, i);
        let before = old_ix.get(file).map(|&j| neighbours(old, j));
        if changed.contains(file.as_str())
            || now.iter().any(|n| changed.contains(n.as_str()))
            || before.as_ref() != Some(&now)
        {
            dirty.insert(file.clone());
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

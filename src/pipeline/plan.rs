//! The one plan `build`, `check` and `serve` walk over a catalogue: the gates, in order,
//! then the emitters, in order. A driver chooses how much of each emitter it runs with a
//! `match` over [`Emitter`] that has no wildcard, so a new emitter does not compile until
//! every driver has placed it.
//!
//! 1. **Gates** ([`Plan::gates`]): quotations of secrets in the bodies, then in what is
//!    published as it is (public attachments, the site's own files, copies of confidential
//!    files). History subjects that hold a secret are hidden before the catalogue is made.
//! 2. **Rules** ([`Plan::rules`]), beside the emitters of [`Emitter::BESIDE_RULES`].
//! 3. **Emitters** ([`Plan::emit`]): pages, exports, static files; then the report, which
//!    shows the rules' findings.

use super::stages;
use super::timings::Timings;
use crate::date::Date;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::visibility::{Catalogue, Listed};
use crate::output::Sink;
use crate::render::{self, engine::Engine};
use crate::security::{Secrets, Withheld, quoting};
use crate::site_map::{self, Page};
use crate::source::extract::Reader;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// What is written, in the order it is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Emitter {
    /// Document pages (with their attachments, images and former addresses) and listing
    /// pages.
    Pages,
    /// Feeds, sitemap, open-data catalogue, and the search index when it is on.
    Exports,
    /// The theme's and the site's files published as they are (`assets/`, `root/`).
    Static,
    /// The report page (when site.toml publishes it): it shows the rules' findings.
    Report,
}

impl Emitter {
    /// Independent of the editorial rules' findings: run beside the rules.
    pub const BESIDE_RULES: [Emitter; 3] = [Emitter::Pages, Emitter::Exports, Emitter::Static];
    /// Written once the rules have found what they find.
    pub const AFTER_RULES: [Emitter; 1] = [Emitter::Report];
}

/// How much of one emitter a driver runs.
#[derive(Clone, Copy)]
pub enum Amount<'a> {
    /// Everything it writes.
    All,
    /// The pages picked (for [`Emitter::Pages`]; the other emitters write all). The files
    /// of the pages not picked stay in the sink as they are.
    Pick {
        docs: &'a (dyn Fn(&Listed) -> bool + Sync),
        lists: &'a (dyn Fn(&Page) -> bool + Sync),
    },
    /// Nothing is written: the files it wrote before stay in the sink as they are.
    Keep,
}

/// One run over one catalogue: what the gates, the rules and the emitters share.
pub struct Plan<'a> {
    root: &'a Path,
    cat: &'a Catalogue<'a>,
    /// The site's own files ([`stages::own_files`]).
    own: &'a [(String, String, PathBuf)],
    today: Date,
    /// The public attachments' text, read when first needed (a save in `serve` that changes
    /// no attachment needs none).
    attachments: OnceLock<Reader>,
}

impl<'a> Plan<'a> {
    pub fn new(
        root: &'a Path,
        cat: &'a Catalogue<'a>,
        own: &'a [(String, String, PathBuf)],
        today: Date,
    ) -> Plan<'a> {
        Plan {
            root,
            cat,
            own,
            today,
            attachments: OnceLock::new(),
        }
    }

    /// The public attachments read as text ([`stages::attachment_reader`]), with the
    /// secrets that read some of them ahead (`build`: their bytes are reused).
    fn read_attachments(&self, secrets: Option<&Secrets>) -> &Reader {
        (self.attachments).get_or_init(|| stages::attachment_reader(self.root, self.cat, secrets))
    }

    pub fn catalogue(&self) -> &Catalogue<'a> {
        self.cat
    }

    pub fn attachments(&self) -> &Reader {
        self.read_attachments(None)
    }

    /// The gates, in order: quotations of secrets in the bodies, then in what is published
    /// as it is. `cache` keeps each document's quotations and the last scan of published
    /// files between `serve`'s rounds, under `published_key` (a hash of what those scans
    /// read).
    pub fn gates(
        &self,
        secrets: &Secrets,
        cache: Option<(&mut GateCache, u64)>,
        timings: &mut Timings,
    ) -> quoting::Quotes {
        let (mut quotes, mut cache) = match cache {
            Some((cache, key)) => (
                quoting::scan_cached(secrets, self.cat, &mut cache.bodies),
                Some((cache, key)),
            ),
            None => (quoting::scan(secrets, self.cat), None),
        };
        timings.mark("正文引用 quotes in bodies");
        let published = match &mut cache {
            Some((cache, key)) => match &cache.published {
                Some((k, q)) if k == key => q.clone(),
                _ => {
                    let q = self.scan_published(secrets, timings);
                    cache.published = Some((*key, q.clone()));
                    q
                }
            },
            None => self.scan_published(secrets, timings),
        };
        quotes.extend(published);
        timings.mark("整文件检查 files read whole");
        quotes
    }

    fn scan_published(&self, secrets: &Secrets, timings: &mut Timings) -> quoting::Quotes {
        let attachments = self.read_attachments(Some(secrets));
        timings.mark("附件文本 attachment text");
        quoting::scan_published(secrets, self.root, self.cat, attachments, self.own)
    }

    /// The editorial rules (SPEC §6). `withheld` are the documents no link may reach.
    pub fn rules(&self, withheld: &[Withheld]) -> Vec<Diagnostic> {
        stages::editorial_rules(
            self.root,
            self.today,
            self.cat,
            withheld,
            self.attachments(),
        )
    }

    /// Run `amount` of `emitter` into `sink`; `findings` are the rules' (for the report).
    /// Returns the problems met; none means every file was written or kept.
    pub fn emit(
        &self,
        emitter: Emitter,
        amount: Amount,
        engine: &Engine,
        sink: &dyn Sink,
        findings: &Diagnostics,
    ) -> Vec<Diagnostic> {
        let cat = self.cat;
        match (emitter, amount) {
            (Emitter::Pages, Amount::All) => {
                render::render_pages(cat, engine, sink, &|_| true, &|_| true)
            }
            (Emitter::Pages, Amount::Pick { docs, lists }) => {
                render::render_pages(cat, engine, sink, docs, lists)
            }
            (Emitter::Pages, Amount::Keep) => {
                render::render_pages(cat, engine, sink, &|_| false, &|_| false)
            }
            (Emitter::Exports, Amount::Keep) => {
                sink.keep_all_of(&site_map::GENERATED);
                Vec::new()
            }
            (Emitter::Exports, _) => stages::emit_exports(cat, self.attachments(), sink),
            (Emitter::Static, Amount::Keep) => {
                sink.keep_all_of(&[site_map::ASSETS]);
                let theme = crate::source::theme::ROOT.iter().map(|(name, _)| *name);
                let own = self.own.iter().map(|(to, _, _)| to.as_str());
                for to in theme.chain(own) {
                    sink.keep(to);
                }
                Vec::new()
            }
            (Emitter::Static, _) => stages::emit_static(self.root, cat.config, self.own, sink),
            (Emitter::Report, _) if !cat.config.report => Vec::new(),
            (Emitter::Report, Amount::Keep) => {
                sink.keep(&Page::Report.path());
                Vec::new()
            }
            (Emitter::Report, _) => render::report::write(cat, engine, sink, findings, self.today)
                .err()
                .into_iter()
                .collect(),
        }
    }

    /// The emitters of `which`, side by side, each run to the amount `amount` gives it.
    pub fn emit_all<'p>(
        &self,
        which: &[Emitter],
        amount: &(dyn Fn(Emitter) -> Amount<'p> + Sync),
        engine: &Engine,
        sink: &dyn Sink,
        findings: &Diagnostics,
    ) -> Vec<Diagnostic> {
        use rayon::prelude::*;
        which
            .par_iter()
            .flat_map_iter(|&e| self.emit(e, amount(e), engine, sink, findings))
            .collect()
    }
}

/// What `serve` keeps of the gates between rounds.
#[derive(Default)]
pub struct GateCache {
    bodies: quoting::Cache,
    published: Option<(u64, quoting::Quotes)>,
}

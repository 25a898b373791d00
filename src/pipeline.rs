//! The build, stage by stage: load → validate → model → render → write.
//!
//! Content problems never stop a stage; they are collected and decide, at the end, whether
//! anything is written. `Err` is for usage and disk failures only (exit status 2).

use crate::config;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::date::Date;
use crate::model::visibility::Catalogue;
use crate::model::{self, Site};
use crate::output::{self, Staging, guard::Guard};
use crate::render::{self, Sink, engine::Engine};
use crate::rules::{self, broken_link::Targets, sensitive_word::WordList};
use crate::security::{Secrets, Withheld, quoting};
use crate::{export, search, source};
use std::path::{Path, PathBuf};

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
    let (site, mut diags) = load_content(opts)?;
    if let Some(site) = &site {
        diags.extend(check_rules(opts, site));
    }
    Ok((site, diags))
}

/// Read and validate site.toml and every document into the model; no editorial rules.
pub fn load_content(opts: &Options) -> Result<(Option<Site>, Diagnostics), RunError> {
    let root = &opts.root;
    let mut diags = Diagnostics::default();
    let text = match source::read_config(root) {
        Ok(Ok(t)) => t,
        Ok(Err(d)) => {
            diags.push(d);
            return Ok((None, diags));
        }
        Err(e) => {
            return Err(RunError(format!(
                "{}: cannot read site.toml ({e}); is --root a gongkai site?",
                root.display()
            )));
        }
    };
    let (config, ds) = config::parse(&text, &|name| source::theme_exists(root, name));
    diags.extend(ds);
    let (files, ds) = source::read_content(root)?;
    diags.extend(ds);
    let Some(config) = config else {
        return Ok((None, diags));
    };
    let content = root.join("content");
    let resolve = |dir: &str, written: &str| source::attachments::resolve(&content, dir, written);
    let (site, ds) = model::assemble(config, files, &resolve);
    diags.extend(ds);
    Ok((Some(site), diags))
}

/// The security checks (SPEC §9) and the editorial rules (SPEC §6) over what readers will see.
pub fn check_rules(opts: &Options, site: &Site) -> Vec<Diagnostic> {
    let cat = Catalogue::new(site);
    let secrets = Secrets::new(site);
    let mut out = quoting::scan(&secrets, &cat).findings;
    out.extend(rules_over(opts, &cat, &secrets.withheld));
    out
}

/// SPEC §9, templates are checked: load every template and render one page of every kind
/// (a full-text and an on-request document, each listing kind, the report) into nothing, so
/// a broken template or an undefined variable fails `check` as it fails `build`.
pub fn check_templates(opts: &Options, site: &Site, diags: &Diagnostics) -> Vec<Diagnostic> {
    let templates = match source::read_templates(&opts.root, &site.config.theme) {
        Ok(t) => t,
        Err(e) => {
            return vec![
                Diagnostic::error(
                    crate::diag::codes::TEMPLATE,
                    format!("无法读取模板：{e} (cannot read templates)"),
                )
                .help("检查 themes/ 和 templates/ 文件夹的权限"),
            ];
        }
    };
    let engine = match Engine::new(templates) {
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
    let one_of_each = |page: &crate::site_map::Page| match page {
        crate::site_map::Page::Category { id, page } => *page == 1 && Some(*id) == first_category,
        crate::site_map::Page::Issuer { slug, page } => *page == 1 && Some(*slug) == first_issuer,
        _ => true,
    };
    let mut out = render::render_pages(
        &cat,
        &engine,
        &Discard,
        &|e| sample.contains(e.file()),
        &one_of_each,
    );
    if site.config.report {
        out.extend(render::report::write(&cat, &engine, &Discard, diags, opts.today).err());
    }
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

/// The editorial rules alone (`serve` checks quotations before it writes a page).
pub fn check_editorial(opts: &Options, site: &Site) -> Vec<Diagnostic> {
    rules_over(
        opts,
        &Catalogue::new(site),
        &crate::security::withheld(site),
    )
}

/// The editorial rules over a catalogue already made.
fn rules_over(opts: &Options, cat: &Catalogue, withheld: &[Withheld]) -> Vec<Diagnostic> {
    let settings = &cat.config.rules;
    let mut out = Vec::new();
    let words = match source::read_word_list(&opts.root, settings.sensitive_words.as_deref()) {
        Ok(Some(text)) => WordList::parse(&text),
        Ok(None) => WordList::default(),
        Err(d) => {
            out.push(d);
            WordList::default()
        }
    };
    let targets = Targets::new(cat, withheld);
    out.extend(rules::run(&rules::Context {
        cat,
        today: opts.today,
        settings,
        words: &words,
        targets: &targets,
    }));
    out
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

/// Build the site into `out`, atomically.
pub fn build(opts: &Options, out: &Path) -> Result<BuildReport, RunError> {
    let out = output::check_out_dir(out, &opts.root).map_err(RunError)?;
    let (site, mut diags) = load_content(opts)?;
    let site = match site {
        Some(s) if !diags.has_errors() => s,
        Some(s) => {
            // Report everything in one run: the rules too, though nothing will be written.
            diags.extend(check_rules(opts, &s));
            diags.sort();
            return Ok(BuildReport {
                diags,
                written: None,
                exempted: 0,
            });
        }
        None => {
            diags.sort();
            return Ok(BuildReport {
                diags,
                written: None,
                exempted: 0,
            });
        }
    };
    let templates = source::read_templates(&opts.root, &site.config.theme)?;
    let engine = match Engine::new(templates) {
        Ok(e) => e,
        Err(ds) => {
            diags.extend(ds);
            diags.sort();
            return Ok(BuildReport {
                diags,
                written: None,
                exempted: 0,
            });
        }
    };
    let catalogue = Catalogue::new(&site);
    // Quotations of secrets are found before anything is written: the guard must know which
    // were reported, and a withheld one stops the build here.
    let mut secrets = Secrets::new(&site);
    let exempted = secrets.exempted;
    let quotes = quoting::scan(&secrets, &catalogue);
    diags.extend(quotes.findings);
    let withheld = std::mem::take(&mut secrets.withheld);
    if diags.has_errors() {
        diags.extend(rules_over(opts, &catalogue, &withheld));
        diags.sort();
        return Ok(BuildReport {
            diags,
            written: None,
            exempted,
        });
    }
    let guard = Guard::new(&secrets, quotes.allowed);
    let mut staging = Staging::create(&out, guard)?;
    let counter = Counting {
        inner: &staging,
        count: std::sync::atomic::AtomicUsize::new(0),
    };
    // The rules and the pages are independent: run them side by side, so each one's serial
    // stretches fill the other's idle core. Nothing is committed before both are done.
    let (findings, mut problems) = rayon::join(
        || rules_over(opts, &catalogue, &withheld),
        || {
            let (mut p, (index, exports)) = rayon::join(
                || render::render_site(&catalogue, &engine, &counter),
                || {
                    rayon::join(
                        || {
                            if site.config.search {
                                search::write_index(&catalogue, &counter)
                            } else {
                                Vec::new()
                            }
                        },
                        || export::write_all(&catalogue, &counter),
                    )
                },
            );
            p.extend(index);
            p.extend(exports);
            p
        },
    );
    diags.extend(findings);
    diags.sort();
    if diags.has_errors() {
        // A rule the site made an error.
        staging.abandon();
        return Ok(BuildReport {
            diags,
            written: None,
            exempted,
        });
    }
    if site.config.report {
        problems
            .extend(render::report::write(&catalogue, &engine, &counter, &diags, opts.today).err());
    }
    problems.extend(write_static(&opts.root, &site.config.theme, &counter));
    let written = counter.count.into_inner();
    // Freeing 10,000 documents takes a while; do it while the writers finish.
    drop(catalogue);
    let freeing = std::thread::spawn(move || drop(site));
    problems.extend(staging.flush());
    if let Err(panic) = freeing.join() {
        std::panic::resume_unwind(panic);
    }
    if !problems.is_empty() {
        staging.abandon();
        let disk: Vec<String> = (problems.iter())
            .filter(|d| d.code == crate::diag::codes::OUTPUT)
            .map(|d| d.message.clone())
            .collect();
        if !disk.is_empty() {
            return Err(RunError(disk.join("\n")));
        }
        diags.extend(problems);
        diags.sort();
        return Ok(BuildReport {
            diags,
            written: None,
            exempted,
        });
    }
    staging.commit(&out)?;
    diags.sort();
    Ok(BuildReport {
        diags,
        written: Some(written),
        exempted,
    })
}

/// The theme's static files (or the built-in default theme's) and the site's `static/`, under
/// `assets/`.
pub fn write_static(root: &Path, theme: &str, sink: &dyn Sink) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let theme_static = root.join("themes").join(theme).join("static");
    if theme == "default" && !theme_static.is_dir() {
        for (name, text) in source::theme::STATIC {
            problems.extend(
                sink.write(&crate::site_map::asset(name), text.as_bytes().to_vec())
                    .err(),
            );
        }
    }
    for dir in [theme_static, root.join("static")] {
        for (rel, path) in source::files_under(&dir) {
            problems.extend(sink.copy(&crate::site_map::asset(&rel), &path).err());
        }
    }
    problems
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

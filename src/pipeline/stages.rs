//! The build's stages, each a function with a name: **load** (settings, templates, files),
//! **validate** (one file into a document, or its findings), **link** (the documents into a
//! site), **rules** (security quotations, then the editorial rules), **emit** (exports,
//! static files into a `Sink`). `build`, `check` and `serve` are drivers over these and over
//! the one order of gates and emitters in [`super::plan`]; none of them reads, validates or
//! writes anything another way.

use super::RunError;
use crate::config::{self, Config};
use crate::date::Date;
use crate::diag::Diagnostic;
use crate::model::document::{self, Document};
use crate::model::visibility::Catalogue;
use crate::model::{self, Site};
use crate::output::Sink;
use crate::render::engine::Engine;
use crate::rules::{self, broken_link::Targets, sensitive_word::WordList};
use crate::security::Withheld;
use crate::site_map;
use crate::{export, search, source};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Load: site.toml, parsed and validated. `config` is `None` when it is unusable.
pub struct Settings {
    pub config: Option<Config>,
    pub diags: Vec<Diagnostic>,
}

pub fn load_settings(root: &Path) -> Result<Settings, RunError> {
    let text = match source::read_config(root) {
        Ok(Ok(t)) => t,
        Ok(Err(d)) => {
            return Ok(Settings {
                config: None,
                diags: vec![d],
            });
        }
        Err(e) => {
            return Err(RunError(format!(
                "无法读取 {} 中的 site.toml（{e}）；--root 指向的是 gongkai 站点吗？ (cannot read site.toml; is --root a gongkai site?)",
                root.display()
            )));
        }
    };
    let (mut config, mut diags) = config::parse(
        &text,
        &|name| source::theme_exists(root, name),
        &crate::rules::declarations(),
    );
    // The 党政机关标识 image and the offices' 申请表 are published from the site's folder:
    // they must be there.
    let files: Vec<(&str, String)> = config.as_ref().map_or_else(Vec::new, |c| {
        let image = c
            .identity
            .conac_image
            .iter()
            .map(|f| ("conac_image", f.clone()));
        let forms = (c.issuers.iter())
            .filter_map(|is| is.office.as_ref()?.form.clone())
            .map(|f| ("form", f));
        image.chain(forms).collect()
    });
    let missing: Vec<Diagnostic> = files
        .into_iter()
        .filter(|(_, f)| !source::is_file(root, f))
        .map(|(key, f)| {
            Diagnostic::error(
                crate::diag::codes::CONFIG,
                format!("{key} `{f}` 不存在 (file not found)"),
            )
            .in_file(config::FILE)
            .field(key)
            .help("写站点文件夹中的文件路径（相对于 site.toml 所在的文件夹）")
        })
        .collect();
    if !missing.is_empty() {
        diags.extend(missing);
        config = None;
    }
    // `root/` is copied to the output root: none of it may take a generated file's place.
    let root_files = source::files_under(&root.join(site_map::ROOT_FILES));
    let (root_files, unread) = match root_files {
        Ok(files) => (files, None),
        Err(d) => (Vec::new(), Some(d)),
    };
    diags.extend(unread);
    diags.extend(
        root_files
            .into_iter()
            .filter(|(rel, _)| site_map::is_generated(rel))
            .map(|(rel, _)| {
                Diagnostic::error(
                    crate::diag::codes::ROOT_COLLISION,
                    format!("root/{rel} 与生成的文件同名，会覆盖它 (root file collides with a generated file)"),
                )
                .in_file(format!("{}/{rel}", site_map::ROOT_FILES))
                .help("root/ 中只放网站根目录需要的文件（robots.txt、CNAME、验证文件等），改名或删除它")
            }),
    );
    Ok(Settings { config, diags })
}

/// The files outside `content/`, `themes/`, `templates/` and `static/` whose change means
/// the settings must be read again: site.toml and the word list, wherever it lives.
pub fn settings_files(root: &Path, config: Option<&Config>) -> Vec<PathBuf> {
    let words = config
        .and_then(|c| c.rules.sensitive_words.as_deref())
        .unwrap_or(config::rules::DEFAULT_WORD_LIST);
    // Without `.` segments, so the paths compare equal to those the watcher reports.
    [config::FILE, words]
        .iter()
        .map(|f| root.join(f).components().collect())
        .collect()
}

/// Load: the theme's templates (and the site's own), compiled.
pub fn load_templates(root: &Path, config: &Config) -> Result<Engine, Vec<Diagnostic>> {
    match source::read_templates(root, &config.theme) {
        Ok(t) => Engine::new(t),
        Err(e) => Err(vec![
            Diagnostic::error(
                crate::diag::codes::TEMPLATE,
                format!("无法读取模板：{e} (cannot read templates)"),
            )
            .help("检查 themes/ 和 templates/ 文件夹的权限"),
        ]),
    }
}

/// Validate: one document file as read, into a document (shared, so `serve` can keep it
/// between rounds) or the findings that keep it out.
pub struct Validated {
    /// Path relative to the site root.
    pub file: String,
    pub doc: Option<Arc<Document>>,
    pub diags: Vec<Diagnostic>,
}

/// Load and validate every document file under `content/`, in parallel, sorted by path.
pub fn validate_all(root: &Path, config: &Config) -> Result<Vec<Validated>, RunError> {
    use rayon::prelude::*;
    let (files, read_diags) = source::read_content(root)?;
    let mut out: Vec<Validated> = read_diags
        .into_iter()
        .map(|d| Validated {
            file: d.file.clone().unwrap_or_default(),
            doc: None,
            diags: vec![d],
        })
        .collect();
    out.par_extend(files.into_par_iter().map(|f| validate(root, config, f)));
    out.sort_by(|a, b| a.file.cmp(&b.file));
    Ok(out)
}

/// Load and validate one document file (as `serve` sees a change); `None` when it no
/// longer exists or is no document file.
pub fn validate_one(root: &Path, config: &Config, rel: &str) -> Option<Validated> {
    match source::read_document(root, rel)? {
        Ok(f) => Some(validate(root, config, f)),
        Err(d) => Some(Validated {
            file: rel.to_string(),
            doc: None,
            diags: vec![d],
        }),
    }
}

fn validate(root: &Path, config: &Config, f: source::SourceFile) -> Validated {
    let content = root.join("content");
    let resolve = |dir: &str, written: &str| source::attachments::resolve(&content, dir, written);
    let file = f.rel.clone();
    let (doc, diags) = document::validate(f, config, &resolve);
    Validated {
        file,
        doc: doc.map(Arc::new),
        diags,
    }
}

/// Link: validated documents into a site as of `today` (unique index numbers,
/// interpretations, replacements and amendments).
pub fn link<'a>(
    config: Config,
    validated: impl IntoIterator<Item = &'a Validated>,
    today: Date,
) -> (Site, Vec<Diagnostic>) {
    let docs = validated
        .into_iter()
        .filter_map(|v| v.doc.clone())
        .collect();
    model::link(config, docs, today)
}

/// Rules: the editorial rules (SPEC §6) over what readers will see. `withheld` are the
/// documents a link must never reach (`link-to-withheld`).
pub fn editorial_rules(
    root: &Path,
    today: Date,
    cat: &Catalogue,
    withheld: &[Withheld],
    attachments: &source::extract::Reader,
) -> Vec<Diagnostic> {
    let settings = &cat.config.rules;
    let mut out = Vec::new();
    let words = match source::read_word_list(root, settings.sensitive_words.as_deref()) {
        Ok(Some(text)) => WordList::parse(&text),
        Ok(None) => WordList::default(),
        Err(d) => {
            out.push(d);
            WordList::default()
        }
    };
    let exists = |rel: &str| source::is_file(root, rel);
    let targets = Targets::new(cat, withheld, &exists);
    out.extend(rules::run(&rules::Context {
        cat,
        today,
        settings,
        words: &words,
        targets: &targets,
        attachments,
    }));
    out
}

/// Load: the attachments of 主动公开 documents that can be read as text, each read (in
/// parallel, in a child process) unless the cache under `.gongkai/` has it; the reader the
/// rules and the search index then share derives what they need from the cache. Those of
/// on-request and withheld documents are never opened: `Listed::attachments` has none.
pub fn attachment_reader(
    root: &Path,
    cat: &Catalogue,
    secrets: Option<&crate::security::Secrets>,
) -> source::extract::Reader {
    use rayon::prelude::*;
    let files: Vec<_> = (cat.entries().iter())
        .flat_map(|e| e.attachments())
        .filter(|a| source::extract::readable(&a.file_name))
        .collect();
    // A file `build` read ahead is read from the bytes it kept, under their digest.
    let known = secrets.map(|s| s.kept_readings()).unwrap_or_default();
    let reader =
        source::extract::Reader::new(root, files.iter().map(|a| a.source.as_path()), known);
    // Read here, all at once, so that neither the rules nor the index waits on the other's
    // reading; nothing but the outcome is kept.
    files
        .par_iter()
        .for_each(|a| reader.prepare(&a.source, &a.file_name));
    reader
}

/// Emit: the exports (feed, sitemap, open-data catalogue) and, when on, the search index
/// (which reads the public attachments through `attachments`).
pub fn emit_exports(
    cat: &Catalogue,
    attachments: &source::extract::Reader,
    sink: &dyn Sink,
) -> Vec<Diagnostic> {
    // The index first: it is the larger job, and the exports fill the other core.
    let (mut problems, exports) = rayon::join(
        || {
            if cat.config.search {
                search::write_index(cat, attachments, sink)
            } else {
                Vec::new()
            }
        },
        || export::write_all(cat, sink),
    );
    problems.extend(exports);
    problems
}

/// Load: the files published as they are, each as (where it is published, its path from
/// the site root, where it is on disk): the theme's static files and the site's `static/`
/// under `assets/`, the 党政机关标识 image of `[identity]`, the offices' forms, and `root/`.
/// The built-in theme's files are not among them (they are written from the program).
/// A folder that cannot be read whole is an error (the files are published as they are).
pub fn own_files(
    root: &Path,
    config: &Config,
) -> Result<Vec<(String, String, PathBuf)>, Diagnostic> {
    let from_root = |path: &Path| {
        let rel = path.strip_prefix(root).unwrap_or(path);
        rel.to_string_lossy().replace('\\', "/")
    };
    let identity = (config.identity.conac_image.iter())
        .map(|image| (site_map::identity_image(image), root.join(image)));
    let forms = (config.issuers.iter())
        .filter_map(|is| Some((is, is.office.as_ref()?.form.as_ref()?)))
        .map(|(is, form)| (site_map::office_form(&is.slug, form), root.join(form)));
    let own = source::files_under(&root.join(site_map::ROOT_FILES))?
        .into_iter()
        .filter(|(rel, _)| !site_map::is_generated(rel));
    let statics = (source::static_files(root, &config.theme)?.into_iter()).filter_map(
        |(rel, file)| match file {
            source::Static::Builtin(_) => None,
            source::Static::File(path) => Some((site_map::asset(&rel), path)),
        },
    );
    Ok(statics
        .chain(identity)
        .chain(forms)
        .chain(own)
        .map(|(to, from)| {
            let rel = from_root(&from);
            (to, rel, from)
        })
        .collect())
}

/// Load: every file published as it is, by where it is on disk: public attachments, the
/// images public bodies show, and `own` ([`own_files`]).
pub fn published_as_is(cat: &Catalogue, own: &[(String, String, PathBuf)]) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = (cat.entries().iter())
        .flat_map(|e| {
            (e.attachments().iter().map(|a| a.source.clone()))
                .chain(e.images().map(|i| i.source.clone()))
        })
        .chain(own.iter().map(|(_, _, from)| from.clone()))
        .collect();
    files.sort_unstable();
    files.dedup();
    files
}

/// Emit: the built-in theme's static files (when the site has no theme of its own) and
/// `own`, the site's [`own_files`].
pub fn emit_static(
    root: &Path,
    config: &Config,
    own: &[(String, String, PathBuf)],
    sink: &dyn Sink,
) -> Vec<Diagnostic> {
    let statics = match source::static_files(root, &config.theme) {
        Ok(statics) => statics,
        Err(d) => return vec![d],
    };
    let builtin = statics.into_iter().filter_map(|(rel, file)| match file {
        source::Static::Builtin(text) => Some((site_map::asset(&rel), text)),
        source::Static::File(_) => None,
    });
    // The built-in theme's root files, where the site's `root/` has none of that name.
    let root_files = (crate::source::theme::ROOT.iter())
        .filter(|(name, _)| !own.iter().any(|(to, _, _)| to == name))
        .map(|(name, bytes)| (name.to_string(), bytes.to_vec()));
    builtin
        .map(|(to, text)| (to, text.as_bytes().to_vec()))
        .chain(root_files)
        .filter_map(|(to, bytes)| sink.write(&to, bytes).err())
        .chain((own.iter()).filter_map(|(to, _, from)| sink.copy(to, from).err()))
        .collect()
}

/// The SHA-256 (hex) of every public attachment a person reviewed (SPEC §15), for the guard.
pub fn reviewed(cat: &Catalogue) -> Vec<String> {
    (cat.entries().iter())
        .flat_map(|e| e.attachments())
        .filter_map(|a| a.review.as_ref().map(|r| r.sha256.clone()))
        .collect()
}

/// SPEC §15: a commit subject that holds a secret is not shown in 更新记录. Reports each as
/// `history-subject-hidden` and puts （本次更新说明不公开） in its place in `site`'s history;
/// the catalogue is made for this only in a git repository.
pub fn hide_history_subjects(
    site: &mut Site,
    secrets: &crate::security::Secrets,
) -> Vec<Diagnostic> {
    if site.history.files.is_empty() {
        return Vec::new();
    }
    let (found, hidden) = crate::security::quoting::hidden_subjects(secrets, &Catalogue::new(site));
    hide_history(site, &hidden);
    found
}

/// Hide the subjects `hidden` names (file, commit) on the history pages.
pub fn hide_history(site: &mut Site, hidden: &[(String, String)]) {
    if !hidden.is_empty() {
        let history = std::sync::Arc::make_mut(&mut site.history);
        for (file, id) in hidden {
            history.hide_subject(file, id);
        }
    }
}

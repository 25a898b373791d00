//! The site as data: settings, validated documents, and the links between them (index
//! numbers, policies and their interpretations). Pure: no disk, no output.

mod attachment;
pub mod document;
pub mod labels;
pub mod lifecycle;
pub mod notes;
pub mod numbering;
pub mod pages;
pub mod published;
mod validator;
pub mod visibility;

use crate::config::Config;
use crate::diag::suggest::did_you_mean;
use crate::diag::{Diagnostic, codes};
use crate::frontmatter::Field;
use crate::hash::FastMap;
use crate::source::SourceFile;
use document::{Attribute, Document, Resolver};
use rayon::prelude::*;
use std::sync::Arc;

/// What a generated draft or a document template marks for the office to write (SPEC §11):
/// the `placeholder-left` rule finds it before it is published.
pub const PLACEHOLDER: &str = "【待填写】";
/// Every document of the site, withheld ones included; sorted by file path.
///
/// Documents are shared (`Arc`) so that `serve` can keep the validated documents of unchanged
/// files from one rebuild to the next and tell changed ones apart by pointer.
#[derive(Debug)]
pub struct Site {
    pub config: Config,
    pub docs: Vec<Arc<Document>>,
    /// Document index by index number.
    pub by_index_no: FastMap<String, usize>,
    /// For each document, the documents that interpret it.
    pub interpreted_by: Vec<Vec<usize>>,
    /// For each document, the document it interprets.
    pub interprets: Vec<Option<usize>>,
    /// Which documents replace and amend which (SPEC §10).
    pub lifecycle: lifecycle::Lifecycle,
    /// The day the site is built for (`--today`): statuses are derived on it.
    pub today: crate::date::Date,
    /// Whether drafts (`draft: true`) are shown: by `check` and `serve`, never by `build`,
    /// which leaves them out of the output and every count (SPEC §11).
    pub show_drafts: bool,
    /// Each file's commits (SPEC §12); empty outside git. Set by the loading stage.
    pub history: Arc<crate::source::history::History>,
}

/// Validate every file in parallel and resolve cross-references. Documents with errors are
/// left out of the site; their diagnostics say why.
pub fn assemble(
    config: Config,
    files: Vec<SourceFile>,
    resolve: &Resolver,
    today: crate::date::Date,
) -> (Site, Vec<Diagnostic>) {
    let results: Vec<(Option<Document>, Vec<Diagnostic>)> = files
        .into_par_iter()
        .map(|f| document::validate(f, &config, resolve))
        .collect();
    let mut diags = Vec::new();
    let mut docs = Vec::with_capacity(results.len());
    for (doc, ds) in results {
        diags.extend(ds);
        docs.extend(doc.map(Arc::new));
    }
    let (site, ds) = link(config, docs, today);
    diags.extend(ds);
    (site, diags)
}

/// Resolve cross-references between validated documents (sorted by file): unique index
/// numbers and URLs, policies and their interpretations.
pub fn link(
    config: Config,
    mut docs: Vec<Arc<Document>>,
    today: crate::date::Date,
) -> (Site, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let by_index_no = unique_index_numbers(&mut docs, &mut diags);
    let (interprets, interpreted_by) = link_interpretations(&docs, &by_index_no, &mut diags);
    let lifecycle = lifecycle::Lifecycle::link(&docs, &by_index_no, &mut diags);
    (
        Site {
            config,
            docs,
            by_index_no,
            interpreted_by,
            interprets,
            lifecycle,
            today,
            show_drafts: false,
            history: Default::default(),
        },
        diags,
    )
}

fn doc_error(
    doc: &Document,
    field: Field,
    code: &'static str,
    msg: String,
    help: String,
) -> Diagnostic {
    Diagnostic::error(code, msg)
        .in_file(&doc.file)
        .at(doc.positions.get(&field).copied())
        .field(doc.key(field))
        .help(help)
}

/// When `target` (written where an index number belongs) is the title or the 文号 of exactly
/// one listed document: "是不是 索引号？" with that document's index number. A withheld
/// document is never offered (its index number is not to be shown).
pub(crate) fn by_title_or_doc_no(docs: &[Arc<Document>], target: &str) -> Option<String> {
    let bare = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '《' | '》' | '“' | '”' | '"'))
            .collect()
    };
    let want = bare(target);
    if want.is_empty() {
        return None;
    }
    let mut found = docs.iter().filter(|d| {
        d.attribute != Attribute::Withheld
            && (bare(&d.title) == want || d.doc_no.as_deref().is_some_and(|n| bare(n) == want))
    });
    let (Some(d), None) = (found.next(), found.next()) else {
        return None;
    };
    let what = if bare(&d.title) == want {
        "标题"
    } else {
        "文号"
    };
    Some(format!(
        "这里要写索引号，`{target}` 是一份文件的{what}：是不是 `{}`？",
        d.index_no
    ))
}

/// Index numbers (and the URLs made from them) must be unique; later files lose.
fn unique_index_numbers(
    docs: &mut Vec<Arc<Document>>,
    diags: &mut Vec<Diagnostic>,
) -> FastMap<String, usize> {
    let n = docs.len();
    let mut by_no: FastMap<&str, usize> = FastMap::with_capacity_and_hasher(n, Default::default());
    let mut by_slug: FastMap<&str, usize> =
        FastMap::with_capacity_and_hasher(n, Default::default());
    let mut keep = vec![true; docs.len()];
    for (i, d) in docs.iter().enumerate() {
        if let Some(&first) = by_no.get(d.index_no.as_str()) {
            diags.push(doc_error(
                d,
                Field::IndexNo,
                codes::DUPLICATE_INDEX_NO,
                format!(
                    "索引号 `{}` 已被 {} 使用 (duplicate index number)",
                    d.index_no, docs[first].file
                ),
                "每份文件的索引号必须唯一；用 `gongkai new` 生成下一个可用索引号".into(),
            ));
            keep[i] = false;
        } else if let Some(&first) = by_slug.get(d.slug.as_str()) {
            diags.push(doc_error(
                d,
                Field::IndexNo,
                codes::DUPLICATE_INDEX_NO,
                format!(
                    "索引号 `{}` 与 {} 的 `{}` 只差大小写或符号，会得到同一个网址 {} (index numbers map to the same URL)",
                    d.index_no,
                    docs[first].file,
                    docs[first].index_no,
                    crate::site_map::Page::Document { slug: &d.slug }.path()
                ),
                "改用不同的索引号".into(),
            ));
            keep[i] = false;
        } else {
            by_no.insert(&d.index_no, i);
            by_slug.insert(&d.slug, i);
        }
    }
    // A former number writes a redirect at its old address: it may not be a number, or an
    // address, some document holds now (SPEC §15: the redirect would replace that page, even a
    // withheld one's place), nor one another document already keeps.
    let mut former: FastMap<String, usize> = FastMap::default();
    for (i, d) in docs.iter().enumerate().filter(|(i, _)| keep[*i]) {
        for old in &d.former_index_no {
            let slug = document::slug(old);
            let holder = by_no
                .get(old.as_str())
                .or_else(|| by_slug.get(slug.as_str()))
                .copied()
                .filter(|&h| h != i);
            let taken = holder.map(|h| docs[h].file.clone()).or_else(|| {
                former
                    .get(&slug)
                    .filter(|&&h| h != i)
                    .map(|&h| format!("{}（前索引号）", docs[h].file))
            });
            match taken {
                Some(by) => diags.push(doc_error(
                    d,
                    Field::FormerIndexNo,
                    codes::DUPLICATE_INDEX_NO,
                    format!("前索引号 `{old}` 正被 {by} 使用，旧地址的转向页会占用它的网址 (former index number in use)"),
                    "former_index_no 只写本文件改号之前用过、且现在没有文件使用的索引号".into(),
                )),
                None => {
                    former.insert(slug, i);
                }
            }
        }
    }
    let mut k = keep.iter();
    docs.retain(|_| *k.next().unwrap_or(&true));
    docs.iter()
        .enumerate()
        .map(|(i, d)| (d.index_no.clone(), i))
        .collect()
}

type Links = (Vec<Option<usize>>, Vec<Vec<usize>>);

fn link_interpretations(
    docs: &[Arc<Document>],
    by_no: &FastMap<String, usize>,
    diags: &mut Vec<Diagnostic>,
) -> Links {
    let mut interprets = vec![None; docs.len()];
    let mut interpreted_by = vec![Vec::new(); docs.len()];
    for (i, d) in docs.iter().enumerate() {
        let Some(target) = &d.interprets else {
            continue;
        };
        match by_no.get(target) {
            Some(&t) if t == i => diags.push(doc_error(
                d,
                Field::Interprets,
                codes::DANGLING_INTERPRETS,
                "文件不能解读它自己 (a document cannot interpret itself)".into(),
                "interprets 填写被解读的政策文件的索引号".into(),
            )),
            Some(&t) if docs[t].attribute == Attribute::Withheld => {
                // SPEC §9: a listed document may not point at a withheld one; the withheld one
                // is named by its path only.
                if d.attribute != Attribute::Withheld {
                    diags.push(doc_error(
                        d,
                        Field::Interprets,
                        codes::LINK_TO_WITHHELD,
                        format!(
                            "解读指向不予公开的文件 {}，会公开它的存在和索引号 (link to a withheld document)",
                            docs[t].file
                        ),
                        "删除 interprets，或核对索引号；不予公开的文件不应有公开的解读".into(),
                    ));
                }
            }
            Some(&t) => {
                interprets[i] = Some(t);
                interpreted_by[t].push(i);
            }
            None => {
                let help = match (
                    by_title_or_doc_no(docs, target),
                    did_you_mean(target, by_no.keys().map(String::as_str)),
                ) {
                    (Some(hint), _) => hint,
                    (None, Some(s)) => format!("是不是 `{s}`？"),
                    (None, None) => "填写本站已有政策文件的索引号".into(),
                };
                diags.push(doc_error(
                    d,
                    Field::Interprets,
                    codes::DANGLING_INTERPRETS,
                    format!("被解读的文件 `{target}` 不存在 (interprets an unknown index number)"),
                    help,
                ));
            }
        }
    }
    (interprets, interpreted_by)
}

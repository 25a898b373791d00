//! `gongkai new --issuer X --category Y [--attribute A] [--doc-type T] TITLE`: a new document
//! file with the next free index number, today's date and the category, so an editor never
//! types an index number by hand.

use super::Outcome;
use crate::config::{self, Config};
use crate::diag::suggest::did_you_mean;
use crate::frontmatter;
use crate::pipeline::{Options, RunError};
use crate::source;

pub struct Args {
    pub issuer: String,
    pub category: String,
    pub attribute: String,
    pub doc_type: Option<String>,
    pub title: String,
}

fn unknown(what: &str, given: &str, known: Vec<&str>) -> RunError {
    let hint = match did_you_mean(given, known.iter().copied()) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!("known: {}", known.join(", ")),
    };
    RunError(format!("unknown {what} `{given}` — {hint}"))
}

/// A YAML double-quoted string.
fn quoted(s: &str) -> String {
    let escaped = s.replace('\\', "\\\\").replace('"', "\\\"");
    format!("\"{escaped}\"")
}

pub fn run(opts: &Options, args: Args) -> Result<Outcome, RunError> {
    let text = match source::read_config(&opts.root) {
        Ok(Ok(t)) => t,
        Ok(Err(d)) => return Err(RunError(d.message)),
        Err(e) => return Err(RunError(format!("cannot read site.toml: {e}"))),
    };
    let (cfg, diags) = config::parse(&text, &|name| source::theme_exists(&opts.root, name));
    let Some(cfg) = cfg else {
        let first = diags.first().map_or(String::new(), |d| d.message.clone());
        return Err(RunError(format!(
            "site.toml has errors; run `gongkai check` ({first})"
        )));
    };
    let issuer = issuer_index(&cfg, &args.issuer)?;
    let category = cfg
        .category(&args.category)
        .ok_or_else(|| unknown("category", &args.category, cfg.category_names().collect()))?;
    let attribute = match args.attribute.as_str() {
        a @ ("主动公开" | "依申请公开" | "不予公开") => a,
        other => {
            return Err(RunError(format!(
                "--attribute `{other}`: use 主动公开, 依申请公开 or 不予公开"
            )));
        }
    };
    if let Some(t) = &args.doc_type
        && !matches!(t.as_str(), "规章" | "规范性文件" | "其他")
    {
        return Err(RunError(format!(
            "--doc-type `{t}`: use 规章, 规范性文件 or 其他"
        )));
    }
    let title = clean_title(&args.title);
    let title = title.as_str();
    if title.is_empty() {
        return Err(RunError("the title is empty".into()));
    }
    let is = &cfg.issuers[issuer];
    let Some(code) = is.code.as_deref() else {
        return Err(RunError(format!(
            "issuer `{}` has no code; add code = \"…\" (its organisation code) under its [[issuers]] in site.toml",
            is.name
        )));
    };
    let (files, _) = source::read_content(&opts.root)?;
    let in_use: Vec<String> = files
        .iter()
        .filter_map(|f| frontmatter::peek_index_no(&f.text))
        .collect();
    let year = opts.today.year();
    let index_no = cfg
        .index_no_format
        .next(in_use.iter().map(String::as_str), code, year);
    if let Some(p) = &cfg.index_no_pattern
        && !p.is_match(&index_no)
    {
        return Err(RunError(format!(
            "the next number `{index_no}` does not match index_no_pattern; set index_no_format in site.toml to the form your numbers take"
        )));
    }
    let seq = index_no
        .rsplit(|c: char| !c.is_ascii_digit())
        .next()
        .and_then(|d| d.parse::<u64>().ok())
        .unwrap_or(1);
    let dir = format!("content/{}/{year}", is.slug);
    let today = opts.today;
    let cat = &cfg.categories[category];
    let mut doc = format!(
        "---\ntitle: {}\nindex_no: {}\nissuer: {}\ncategory: {}\npublished: {today}\nwritten: {today}\nattribute: {attribute}\n",
        quoted(title),
        quoted(&index_no),
        quoted(&is.name),
        cat.id,
    );
    if let Some(t) = &args.doc_type {
        doc.push_str(&format!("doc_type: {t}\n"));
    }
    doc.push_str(
        "# doc_no: 示政办发〔2026〕1号\n# keywords: [主题词]\n# attachments: [附件1.pdf]\n---\n\n",
    );
    let rel = source::create_document(&opts.root, &dir, seq, &doc)?;
    println!("{rel}");
    eprintln!(
        "created {rel}: 索引号 {index_no}, {} · {}",
        is.name, cat.name
    );
    Ok(Outcome::Success)
}

/// A title as `new` writes it: control characters (Word's Shift+Enter is a vertical tab)
/// and line breaks become spaces, runs of white space one space (SPEC §9: `check` would
/// reject the file otherwise).
fn clean_title(title: &str) -> String {
    title
        .chars()
        .map(|c| {
            if crate::frontmatter::bounds::is_control(c) {
                ' '
            } else {
                c
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn issuer_index(cfg: &Config, key: &str) -> Result<usize, RunError> {
    cfg.issuer(key)
        .or_else(|| cfg.issuers.iter().position(|i| i.slug == key))
        .ok_or_else(|| unknown("issuer", key, cfg.issuer_names().collect()))
}

//! `gongkai new --issuer X --category Y [--attribute A] [--doc-type T] TITLE`: a new document
//! file with the next free index number, today's date and the category, so an editor never
//! types an index number by hand.

use super::Outcome;
use crate::config::{self, Config};
use crate::diag::suggest::did_you_mean;
use crate::frontmatter::edit::quoted;
use crate::frontmatter::{self, FIELDS, Field, NewLine};
use crate::model::labels::{Attribute, Choice, DocType};
use crate::model::numbering;
use crate::pipeline::{Options, RunError};
use crate::source;

pub use crate::cli::NewArgs as Args;

pub fn unknown(what: &str, given: &str, known: Vec<&str>) -> RunError {
    let hint = match did_you_mean(given, known.iter().copied()) {
        Some(s) => format!("是不是 `{s}`？"),
        None => format!("可用的有：{}", known.join("、")),
    };
    RunError(format!(
        "未知的{} `{given}` — {hint} (unknown {what})",
        chinese_what(what)
    ))
}

/// The Chinese name of what `unknown` did not find.
fn chinese_what(what: &str) -> &str {
    match what {
        "issuer" => "发布机构",
        "category" => "栏目",
        other => other,
    }
}

/// site.toml read and parsed, for a command that writes into the site.
pub fn load_config(opts: &Options) -> Result<Config, RunError> {
    let text = match source::read_config(&opts.root) {
        Ok(Ok(t)) => t,
        Ok(Err(d)) => return Err(RunError(d.message)),
        Err(e) => {
            return Err(RunError(format!(
                "无法读取 site.toml：{e} (cannot read site.toml)"
            )));
        }
    };
    let (cfg, diags) = config::parse(
        &text,
        &|name| source::theme_exists(&opts.root, name),
        &crate::rules::declarations(),
    );
    cfg.ok_or_else(|| {
        let first = diags.first().map_or(String::new(), |d| d.message.clone());
        RunError(format!(
            "site.toml 有错误，请运行 `gongkai check` 查看 ({first}) (site.toml has errors)"
        ))
    })
}

/// `--attribute` and `--doc-type`, each one of its closed list.
fn attribute_and_type(args: &Args) -> Result<(Attribute, Option<DocType>), RunError> {
    let Some(attribute) = Attribute::parse(&args.attribute) else {
        return Err(RunError(format!(
            "公开属性无效：--attribute `{}` 应为 {} (unknown attribute)",
            args.attribute,
            Attribute::labels()
                .join(", ")
                .replacen(", 不予公开", " or 不予公开", 1)
        )));
    };
    let doc_type = match &args.doc_type {
        None => None,
        Some(t) => Some(DocType::parse(t).ok_or_else(|| {
            RunError(format!(
                "文件类型无效：--doc-type `{t}` 应为 {} (unknown document type)",
                DocType::labels()
                    .join(", ")
                    .replacen(", 其他", " or 其他", 1)
            ))
        })?),
    };
    Ok((attribute, doc_type))
}

pub fn run(opts: &Options, args: Args) -> Result<Outcome, RunError> {
    let cfg = load_config(opts)?;
    let template = match &args.template {
        Some(name) => Some(super::doc_template::read(&opts.root, name)?),
        None => None,
    };
    let preset = |f: Field| {
        (template.iter())
            .flat_map(|t| &t.presets)
            .find(|(p, _)| *p == f)
            .map(|(_, v)| v.clone())
    };
    let issuer = issuer_index(&cfg, &args.issuer)?;
    let category = cfg
        .category(&args.category)
        .ok_or_else(|| unknown("category", &args.category, cfg.category_names().collect()))?;
    let (attribute, doc_type) = attribute_and_type(&args)?;
    let written = match &args.written {
        None => opts.today,
        Some(w) => crate::date::Date::parse(w).map_err(|_| {
            RunError(format!(
                "成文日期无效：--written `{w}`。{}",
                crate::date::hint(w)
            ))
        })?,
    };
    let title = clean_title(&args.title);
    let title = title.as_str();
    if title.is_empty() {
        return Err(RunError("标题是空的 (the title is empty)".into()));
    }
    let is = &cfg.issuers[issuer];
    let (index_no, seq) = next_index_no(opts, &cfg, issuer)?;
    let year = opts.today.year();
    let dir = format!("content/{}/{year}", is.slug);
    let today = opts.today;
    let cat = &cfg.categories[category];
    let given = |f: Field| -> Option<String> {
        let from_args = match f {
            Field::Title => Some(quoted(title)),
            Field::IndexNo => Some(quoted(&index_no)),
            Field::Issuer => Some(quoted(&is.name)),
            Field::Category => Some(cat.id.clone()),
            Field::Published => Some(today.to_string()),
            Field::Written => Some(written.to_string()),
            Field::Attribute => Some(attribute.label().to_string()),
            Field::DocType => doc_type.map(|t| t.label().to_string()),
            Field::DocNo => args.doc_no.as_deref().map(quoted),
            Field::Interprets => args.interprets.as_deref().map(quoted),
            // A new document is a draft until the editor says it is done: left as it is, it
            // is never published.
            Field::Draft => Some("true".to_string()),
            _ => None,
        };
        // What the command line says wins over the template's presets.
        from_args.or_else(|| preset(f))
    };
    // Every field in the table's order: the given ones, then the examples, commented.
    let mut doc = String::from("---\n");
    for spec in FIELDS {
        let value = match spec.new_line {
            NewLine::Given => Some(given(spec.field).expect("`new` fills every given field")),
            NewLine::Optional => given(spec.field),
            NewLine::Example(_) => given(spec.field),
        };
        if let Some(v) = value {
            doc.push_str(&format!("{}: {v}\n", spec.key));
        }
    }
    // Every other field, commented, so an editor sees all of them (SPEC §14): an example
    // where the table has one, else the key and its Chinese name. A 政策解读 gets its
    // `interprets:` line open, to be filled with the policy's index number.
    let interpretation = cat.name.contains("解读");
    for spec in FIELDS {
        if spec.field == Field::Interprets && interpretation && args.interprets.is_none() {
            doc.push_str(&format!(
                "{}: \"\"   # 被解读的政策文件的索引号（{}）\n",
                spec.key, spec.alias
            ));
            continue;
        }
        match spec.new_line {
            NewLine::Example(e) if given(spec.field).is_none() => {
                doc.push_str(&format!("# {}: {e}\n", spec.key))
            }
            NewLine::Optional if given(spec.field).is_none() => {
                doc.push_str(&format!("# {}:   # {}\n", spec.key, spec.alias))
            }
            _ => {}
        }
    }
    doc.push_str("---\n\n");
    // A body still to write: `placeholder-left` stops it once `draft: true` is gone.
    match &template {
        Some(t) => doc.push_str(&t.body),
        None => doc.push_str(&format!(
            "{}在此写正文。写完后删去上面的 `draft: true` 一行，文件才会发布。\n",
            crate::model::PLACEHOLDER
        )),
    }
    let rel = source::create_document(&opts.root, &dir, seq, &doc)?;
    println!("{rel}");
    eprintln!(
        "已创建 {rel}：索引号 {index_no}，{} · {}。它是草稿（draft: true），写完正文后删去这一行才会发布",
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

/// The next free index number of `issuer` for `--today`'s year, and its sequence number
/// (what names the new file).
pub fn next_index_no(
    opts: &Options,
    cfg: &Config,
    issuer: usize,
) -> Result<(String, u64), RunError> {
    let (files, _) = source::read_content(&opts.root)?;
    let in_use: Vec<String> = files
        .iter()
        .filter_map(|f| frontmatter::peek_index_no(&f.text))
        .collect();
    numbering::index_no_after(cfg, issuer, &files, &in_use, opts.today.year()).map_err(RunError)
}

/// An issuer by name, alias or slug, or a message listing them.
pub fn issuer_index(cfg: &Config, key: &str) -> Result<usize, RunError> {
    cfg.issuer(key)
        .or_else(|| cfg.issuers.iter().position(|i| i.slug == key))
        .ok_or_else(|| unknown("issuer", key, cfg.issuer_names().collect()))
}

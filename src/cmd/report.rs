//! `gongkai report annual --year Y [--issuer NAME] [--format 2021] [--out FILE]`: the draft of
//! an annual report as a document of the site (SPEC §11), with its tables counted and each
//! table beside it as CSV. The office writes the prose, removes `draft: true`, and publishes.

use super::{Outcome, new, print_text};
use crate::annual::figures::{self, Figures, Scope};
use crate::annual::format::{self, FORMAT, FORMAT_NOTICE};
use crate::annual::{self, draft, inputs};
use crate::config::IssuerKind;
use crate::diag::Diagnostics;
use crate::frontmatter::Field;
use crate::model::labels::{Attribute, Choice};
use crate::pipeline::{self, Options, RunError};
use crate::source;
use std::path::{Path, PathBuf};

pub use crate::cli::AnnualArgs as Args;

/// Whose report: `--issuer`'s, else the government's, for the whole site.
fn issuer_and_scope(cfg: &crate::config::Config, args: &Args) -> Result<(usize, Scope), RunError> {
    Ok(match &args.issuer {
        Some(name) => {
            let i = new::issuer_index(cfg, name)?;
            (i, Scope::Issuer(i))
        }
        None => {
            let i = (cfg.issuers.iter())
                .position(|i| i.kind == IssuerKind::Government)
                .ok_or_else(|| {
                    RunError(
                        "没有 kind = \"government\" 的发布机构，不知道本级政府的年度报告由谁发布：在 site.toml 人民政府的 [[issuers]] 中写 kind = \"government\"，或用 --issuer 生成某个机构的报告 (no government issuer)".into(),
                    )
                })?;
            (i, Scope::Site)
        }
    })
}

pub fn annual(opts: &Options, args: Args) -> Result<Outcome, RunError> {
    let year = args.year;
    if args.format != FORMAT {
        return Err(RunError(format!(
            "格式不支持：--format {} 只支持 {FORMAT}（{FORMAT_NOTICE}，现行的全国统一格式） (unsupported format)",
            args.format
        )));
    }
    if !(1990..=opts.today.year()).contains(&year) {
        return Err(RunError(format!(
            "年份无效：--year {year} 应为已经开始的年份，如 --year {} (expected a past year)",
            opts.today.year() - 1
        )));
    }
    let (site, diags) = pipeline::load(opts)?;
    let mut errors = Diagnostics::default();
    errors.extend(diags.iter().filter(|d| d.is_error()).cloned());
    errors.sort();
    let Some(site) = site.filter(|_| errors.is_empty()) else {
        print_text(&errors);
        eprintln!(
            "report：先改正上面的错误；目录、台账或报告数据有误时，表格的数字也会错 (fix the errors first)"
        );
        return Ok(Outcome::ContentErrors);
    };
    let cfg = &site.config;
    let category_key = &cfg.rules.annual_report_category;
    let Some(category) = cfg.category(category_key) else {
        return Err(RunError(format!(
            "site.toml 中没有年度报告栏目 `{category_key}`：加上 [[categories]] id = \"ndbg\" name = \"政府信息公开年报\"，或在 [rules] 中设 annual_report_category (no annual report category)"
        )));
    };
    let (issuer, scope) = issuer_and_scope(cfg, &args)?;
    let owner = &cfg.issuers[issuer];
    // A report already written for the year is the office's work: never overwritten.
    if let Some(d) = site.docs.iter().find(|d| {
        d.issuer == issuer
            && d.category == category
            && annual::year_of_title(&d.title) == Some(year)
    }) {
        return Err(RunError(format!(
            "{} 的 {year} 年度报告已经有了：{}；要重新生成，先删除它 (report exists)",
            owner.name, d.file
        )));
    }
    let (apps, _) = crate::register::read(&opts.root, cfg);
    let (inputs, _) = inputs::read(&opts.root, cfg, year);
    let figures = figures::compute(&site, &apps, &inputs, year, scope);
    let title = draft::title(&owner.name, year);
    let stem = format!("{}{year}年度报告", owner.name);
    let tables = draft::csv_files(&stem, &figures);
    let (index_no, seq) = new::next_index_no(opts, cfg, issuer)?;
    let mut text = String::from("---\n");
    let mut line = |f: Field, v: String| text.push_str(&format!("{}: {v}\n", f.english()));
    line(Field::Title, crate::frontmatter::edit::quoted(&title));
    line(Field::IndexNo, crate::frontmatter::edit::quoted(&index_no));
    line(Field::Issuer, crate::frontmatter::edit::quoted(&owner.name));
    line(Field::Category, cfg.categories[category].id.clone());
    line(Field::Published, opts.today.to_string());
    line(Field::Written, opts.today.to_string());
    line(Field::Keywords, "[年度报告, 政府信息公开]".into());
    line(Field::Attribute, Attribute::Proactive.label().into());
    line(Field::Draft, "true".into());
    text.push_str(&format!("{}:\n", Field::Attachments.english()));
    for (name, _) in &tables {
        text.push_str(&format!("  - {name}\n"));
    }
    text.push_str("---\n\n");
    text.push_str(&draft::body(&figures));
    let (shown, folder) = match &args.out {
        Some(path) => {
            source::create_file(path, &text).map_err(|e| {
                RunError(format!(
                    "无法写入 {}：{e}（不会覆盖已有文件） (cannot write)",
                    path.display()
                ))
            })?;
            let folder = path.parent().map_or_else(PathBuf::new, Path::to_path_buf);
            (path.display().to_string(), folder)
        }
        None => {
            let dir = format!("content/{}/{}", owner.slug, opts.today.year());
            let rel = source::create_document(&opts.root, &dir, seq, &text)
                .map_err(|e| RunError(format!("无法写入 {dir}：{e} (cannot write)")))?;
            (rel, opts.root.join(dir))
        }
    };
    for (name, csv) in &tables {
        let path = folder.join(name);
        source::replace_file(&path, csv)
            .map_err(|e| RunError(format!("无法写入 {}：{e} (cannot write)", path.display())))?;
    }
    println!("{shown}");
    eprint!(
        "{}",
        summary(
            &shown,
            &title,
            &figures,
            scope,
            &owner.name,
            &tables,
            opts.root.join(inputs::file(figures.year)).is_file(),
        )
    );
    Ok(Outcome::Success)
}

/// Where each table's numbers came from, and what is left for the office.
fn summary(
    file: &str,
    title: &str,
    f: &Figures,
    scope: Scope,
    owner: &str,
    tables: &[(String, String)],
    data_exists: bool,
) -> String {
    let y = f.year;
    let whose = match scope {
        Scope::Site => "全部发布机构".to_string(),
        Scope::Issuer(_) => owner.to_string(),
    };
    let key = match scope {
        Scope::Site => inputs::SITE.to_string(),
        Scope::Issuer(_) => format!("\"{owner}\""),
    };
    let data = inputs::file(y);
    let d = &f.decisions;
    let given = [
        d.licensing.is_some(),
        d.penalty.is_some(),
        d.coercion.is_some(),
        d.fees_wan.is_some(),
    ];
    let missing_file = format!("还没有 {data}（按 reports/README.md 新建），标为【待填写】");
    let decisions = if given.iter().all(|g| *g) {
        format!("取自 {data} [{key}]")
    } else if !data_exists {
        missing_file.clone()
    } else {
        format!("{data} 的 [{key}] 没有写全，缺的标为【待填写】")
    };
    let reviews = if f.reviews.is_some() {
        format!("取自 {data} [{key}]")
    } else if !data_exists {
        missing_file
    } else {
        format!("{data} 的 [{key}] 没有 review、suit_direct、suit_after_review，标为【待填写】")
    };
    let a = &f.applications;
    let total = format::APPLICANTS - 1;
    let n = &f.made.normative;
    let csv: Vec<&str> = tables.iter().map(|(n, _)| n.as_str()).collect();
    format!(
        "已生成年度报告草稿 {file}（draft: true，build 不会发布）：{title}\n\
         \x20 表二 规章、行政规范性文件：按目录中{whose}的文件计算（行政规范性文件 制发 {} 件，废止 {} 件，现行有效 {} 件）\n\
         \x20 表二 行政许可、处罚、强制、收费：{decisions}\n\
         \x20 表三：按申请台账 applications/ 计算，共 {} 件申请（本年新收 {}，上年结转 {}，办结 {}，结转下年度 {}）\n\
         \x20 表四：{reviews}\n\
         \x20 各表另存为 CSV（已列为附件）：{}\n\
         下一步：填写标为【待填写】的第一、五、六部分，核对数字，去掉 draft: true，把 published 改为发布当天。\n",
        n.made,
        n.repealed,
        n.valid,
        f.counted,
        a[format::NEW][total],
        a[format::CARRIED][total],
        a[format::TOTAL][total],
        a[format::PENDING][total],
        csv.join("、"),
    )
}

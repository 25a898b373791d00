//! The `annual-report-late` rule; its documentation is the doc comment of [`RULE`].

use super::registry::{Check, rule};
use crate::annual;
use crate::date::Date;
use crate::diag::Diagnostic;
use crate::model::visibility::Catalogue;

rule! {
    /// `annual-report-late`: an issuer's annual report on last year is not on the site by its
    /// deadline — 31 January for a department, 31 March for a government (`kind =
    /// "government"` in its `[[issuers]]`; 条例 第四十九、五十条).
    ///
    /// Once `--today` is past the deadline, each issuer that published on the site in the
    /// year reported on, or before it, needs a published (not draft) document in the annual
    /// report column titled `…Y年…年度报告`. Without one, the finding points at the issuer in
    /// site.toml; with one published after the deadline, at the report. Years before last are
    /// history and are not judged. A site without the annual report column
    /// (`annual_report_category`, default `ndbg`) publishes its reports elsewhere and is not
    /// judged.
    pub const RULE = Rule {
        code: "annual-report-late",
        label: "年度报告未按时公布",
        level: crate::config::Level::Warning,
        checks: &[Check::Site(|ctx, _| check(ctx.cat, ctx.today))],
    };
}

pub fn check(cat: &Catalogue, today: Date) -> Vec<Diagnostic> {
    let year = today.year() - 1;
    let mut out = Vec::new();
    if cat
        .config
        .category(&cat.config.rules.annual_report_category)
        .is_none()
    {
        return out;
    }
    for (i, issuer) in cat.config.issuers.iter().enumerate() {
        let Some(deadline) = issuer.kind.report_deadline(year) else {
            continue;
        };
        let mine = || {
            cat.by_issuer[i]
                .iter()
                .map(|&k| cat.get(k))
                .filter(|e| !e.is_draft())
        };
        if today <= deadline || !mine().any(|e| e.published().year() <= year) {
            continue;
        }
        let reports = || {
            (cat.by_issuer[i].iter().map(|&k| cat.get(k)))
                .filter(|e| annual::report_year(e, cat.config) == Some(year))
        };
        let report = reports()
            .filter(|e| !e.is_draft())
            .min_by_key(|e| e.published());
        let draft = reports().find(|e| e.is_draft()).map(|e| e.file());
        match report {
            None => out.push(
                Diagnostic::warning(
                    RULE.code,
                    match draft {
                        None => format!(
                            "{} 的 {year} 年政府信息公开工作年度报告还没有公布，应于 {deadline} 前公布 (annual report late)",
                            issuer.name
                        ),
                        Some(file) => format!(
                            "{} 的 {year} 年政府信息公开工作年度报告还是草稿（{file}），应于 {deadline} 前公布 (annual report late)",
                            issuer.name
                        ),
                    },
                )
                .in_file(crate::config::FILE)
                .at(issuer.position)
                .field("issuers")
                .help(match draft {
                    None => format!(
                        "用 gongkai report annual --year {year} --issuer {} 生成草稿，填写后去掉 draft: true 发布",
                        issuer.name
                    ),
                    Some(_) => "写完标为【待填写】的部分，去掉 draft: true，把 published 改为发布当天".to_string(),
                }),
            ),
            Some(e) if e.published() > deadline => out.push(super::field_warning(
                e,
                crate::frontmatter::Field::Published,
                RULE.code,
                format!(
                    "{} 的 {year} 年度报告于 {} 公布，晚于 {deadline} 的期限 (annual report late)",
                    issuer.name,
                    e.published()
                ),
            )
            .help("条例第四十九、五十条：部门于每年 1 月 31 日前、人民政府于 3 月 31 日前公布上一年度报告；若发布日期有误请改正")),
            Some(_) => {}
        }
    }
    out
}

//! The editors' report page (`report/index.html`): every column's state on `--today`, and
//! every finding grouped by issuer and by rule, linked to the documents.
//!
//! Findings come from the rules, which see only listed documents; as a second line, a finding
//! is shown only when it is about site.toml or a listed document, so the page can never name
//! a withheld file.

use super::Renderer;
use super::views::Crumb;
use crate::date::Date;
use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::output::Sink;
use crate::rules::columns::{self, State};
use crate::site_map::Page;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

#[derive(Serialize)]
struct ColumnRow<'a> {
    id: &'a str,
    name: &'a str,
    url: String,
    depth: usize,
    owner: Option<&'a str>,
    count: usize,
    latest: Option<String>,
    days_since: Option<i64>,
    limit: Option<String>,
    state: &'static str,
    state_label: &'static str,
}

#[derive(Serialize, Clone)]
struct FindingView<'a> {
    code: &'static str,
    severity: &'static str,
    message: &'a str,
    help: Option<&'a str>,
    location: String,
    title: Option<&'a str>,
    url: Option<String>,
}

#[derive(Serialize)]
struct Group<'a> {
    name: String,
    label: &'static str,
    findings: Vec<FindingView<'a>>,
}

#[derive(Serialize)]
struct Totals {
    stale: usize,
    empty: usize,
    findings: usize,
}

#[derive(Serialize)]
struct Report<'a> {
    today: String,
    /// The national inspection's veto counts reached or one short (`veto-risk`).
    veto: Vec<String>,
    columns: Vec<ColumnRow<'a>>,
    totals: Totals,
    by_issuer: Vec<Group<'a>>,
    by_rule: Vec<Group<'a>>,
}

/// What each rule is about, for the report's headings.
fn rule_label(code: &str) -> &'static str {
    crate::rules::registry::find(code).map_or("其他", |r| r.label)
}

impl Renderer<'_, '_> {
    pub(super) fn report(&self, diags: &Diagnostics, today: Date) -> Result<(), Diagnostic> {
        let cat = self.cat;
        let cfg = cat.config;
        let status = columns::status(cat, today);
        let veto = crate::rules::veto_risk::risks(cat, &status, today)
            .into_iter()
            .map(|r| r.message)
            .collect();
        let columns: Vec<ColumnRow> = status
            .iter()
            .map(|col| {
                let c = &cfg.categories[col.index];
                ColumnRow {
                    id: &c.id,
                    name: &c.name,
                    url: Page::Category { id: &c.id, page: 1 }.path(),
                    depth: cfg.category_path(col.index).len() - 1,
                    owner: c.owner.as_deref(),
                    count: col.count,
                    latest: col.latest.map(|d| d.to_string()),
                    days_since: col.days_since,
                    limit: col.limit.map(|l| l.to_string()),
                    state: col.state.key(),
                    state_label: col.state.label(),
                }
            })
            .collect();
        let by_file: HashMap<&str, usize> = cat
            .entries()
            .iter()
            .enumerate()
            .map(|(k, e)| (e.file(), k))
            .collect();
        let mut by_issuer: BTreeMap<(usize, String), Vec<FindingView>> = BTreeMap::new();
        let mut by_rule: BTreeMap<&'static str, Vec<FindingView>> = BTreeMap::new();
        for d in diags.iter() {
            let file = d.file.as_deref().unwrap_or(crate::config::FILE);
            let entry = by_file.get(file).map(|&k| cat.get(k));
            if entry.is_none() && file != crate::config::FILE {
                continue;
            }
            let view = FindingView {
                code: d.code,
                severity: match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                },
                message: &d.message,
                help: d.help.as_deref(),
                location: match d.line {
                    Some(l) => format!("{file}:{l}"),
                    None => file.to_string(),
                },
                title: entry.map(|e| e.title()),
                url: entry.map(|e| e.url()),
            };
            let issuer = match entry {
                Some(e) => (e.issuer(), cfg.issuers[e.issuer()].name.clone()),
                None => (usize::MAX, "全站设置（site.toml）".to_string()),
            };
            by_issuer.entry(issuer).or_default().push(view.clone());
            by_rule.entry(d.code).or_default().push(view);
        }
        let totals = Totals {
            stale: status.iter().filter(|c| c.state == State::Stale).count(),
            empty: status.iter().filter(|c| c.state == State::Empty).count(),
            findings: by_rule.values().map(Vec::len).sum(),
        };
        let mut by_issuer: Vec<Group> = by_issuer
            .into_iter()
            .map(|((_, name), findings)| Group {
                name,
                label: "",
                findings,
            })
            .collect();
        by_issuer.sort_by_key(|g| std::cmp::Reverse(g.findings.len()));
        let by_rule = by_rule
            .into_iter()
            .map(|(code, findings)| Group {
                name: code.to_string(),
                label: rule_label(code),
                findings,
            })
            .collect();
        let page = Page::Report;
        let crumbs = vec![
            Self::home_crumb(),
            Crumb {
                title: "编辑检查报告".into(),
                url: None,
            },
        ];
        let meta = self.meta(
            "编辑检查报告",
            "编辑检查报告",
            today.to_string(),
            self.site.organizer,
        );
        let extra = Report {
            today: today.to_string(),
            veto,
            columns,
            totals,
            by_issuer,
            by_rule,
        };
        let ctx = self.ctx(&page, "编辑检查报告".into(), "", meta, crumbs, extra);
        self.emit(&page, "report.html", ctx)
    }
}

/// Write the report page into `sink`.
pub fn write(
    cat: &crate::model::visibility::Catalogue,
    engine: &super::engine::Engine,
    sink: &dyn Sink,
    diags: &Diagnostics,
    today: Date,
) -> Result<(), Diagnostic> {
    Renderer::new(cat, engine, sink).report(diags, today)
}

//! The two lists of SPEC §10: the 规章 and 规范性文件 in force, grouped by issuer
//! (`validity/current.html`), and those that have ended, with the date and the reason
//! (`validity/ended.html`).

use super::Renderer;
use super::views::*;
use crate::diag::Diagnostic;
use crate::model::document::DocType;
use crate::model::lifecycle::Cause;
use crate::model::visibility::Listed;
use crate::site_map::Page;
use serde::Serialize;

/// A policy in one of the lists.
#[derive(Serialize)]
struct PolicyItem<'a> {
    doc: DocItem<'a>,
    status: &'static str,
    effective: String,
    expires: String,
    /// When it ended, and why (ended list only).
    ended_on: String,
    reason: String,
    /// What replaced it, if anything.
    by: Option<DocItem<'a>>,
}

#[derive(Serialize)]
struct Group<'a> {
    issuer: String,
    url: String,
    policies: Vec<PolicyItem<'a>>,
}

/// Whether a listed document belongs on the lists: a 规章 or 规范性文件 with a status.
fn policy(e: &Listed) -> bool {
    matches!(e.doc_type(), DocType::Rule | DocType::Normative) && e.life().is_some()
}

impl<'s> Renderer<'_, 's> {
    fn policy_item(&self, e: &Listed<'s>) -> PolicyItem<'s> {
        let life = e.life();
        let date = |d: Option<crate::date::Date>| d.map(|d| d.to_string()).unwrap_or_default();
        let by =
            (life.and_then(|l| l.replaced_by())).map(|k| DocItem::new(self.cat, self.cat.get(k)));
        let reason = match life.and_then(|l| l.cause) {
            Some(Cause::ReplacedBy(_)) => "被新文件替代".to_string(),
            Some(Cause::Repealed) => "废止".to_string(),
            Some(Cause::TermEnded) => "有效期届满".to_string(),
            // A typed 失效 or 废止 that no date explains (`validity-conflict`).
            _ => format!("标注为{}", e.shown_validity().unwrap_or("")),
        };
        PolicyItem {
            doc: DocItem::new(self.cat, e),
            status: e.shown_validity().unwrap_or(""),
            effective: date(e.effective()),
            expires: date(e.expires()),
            ended_on: date(life.and_then(|l| l.since).filter(|_| !e.in_force())),
            reason,
            by,
        }
    }

    pub(super) fn validity(&self, page: &Page, ended: bool) -> Result<(), Diagnostic> {
        let cfg = self.cat.config;
        let title = if ended {
            "已失效、废止的规章和规范性文件"
        } else {
            "现行有效的规章和规范性文件"
        };
        let wanted = |e: &Listed| policy(e) && e.in_force() != ended;
        #[derive(Serialize)]
        struct Lists<'a> {
            ended: bool,
            groups: Vec<Group<'a>>,
            policies: Vec<PolicyItem<'a>>,
            count: usize,
            other_url: String,
            as_of: String,
        }
        let (groups, policies) = if ended {
            let mut ks: Vec<&Listed> = self.cat.entries().iter().filter(|e| wanted(e)).collect();
            // The most recently ended first.
            ks.sort_by_key(|e| std::cmp::Reverse(e.life().and_then(|l| l.since)));
            (
                Vec::new(),
                ks.into_iter().map(|e| self.policy_item(e)).collect(),
            )
        } else {
            let groups: Vec<Group> = (0..cfg.issuers.len())
                .filter_map(|i| {
                    let policies: Vec<PolicyItem> = (self.cat.by_issuer[i].iter())
                        .map(|&k| self.cat.get(k))
                        .filter(|e| wanted(e))
                        .map(|e| self.policy_item(e))
                        .collect();
                    let is = &cfg.issuers[i];
                    (!policies.is_empty()).then(|| Group {
                        issuer: is.name.clone(),
                        url: Page::Issuer {
                            slug: &is.slug,
                            page: 1,
                        }
                        .path(),
                        policies,
                    })
                })
                .collect();
            (groups, Vec::new())
        };
        let count = groups.iter().map(|g| g.policies.len()).sum::<usize>() + policies.len();
        let crumbs = vec![
            Self::home_crumb(),
            Crumb {
                title: title.into(),
                url: None,
            },
        ];
        let meta = self.meta("有效性", title, self.newest_on_site(), self.site.organizer);
        let extra = Lists {
            ended,
            groups,
            policies,
            count,
            other_url: Page::Validity { ended: !ended }.path(),
            as_of: self.cat.today.to_string(),
        };
        self.emit(
            page,
            "validity.html",
            self.ctx(page, title.into(), "categories", meta, crumbs, extra),
        )
    }
}

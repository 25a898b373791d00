//! Editorial rules (SPEC §6): the failures quarterly reviews keep finding, found on every run.
//!
//! Each rule is one module with one job and its own tests. Rules read only the
//! [`Catalogue`] — what readers can see — so a withheld document never makes a column fresh
//! and never appears in a finding. Document rules run in parallel; site rules (columns,
//! duplicates, links) run once over everything. Findings are warnings unless `[rules]` in
//! site.toml turns a rule off or makes it an error.

pub mod body;
pub mod columns;
pub mod registry;

pub mod annual_report_inconsistent;
pub mod annual_report_late;
pub mod attachment_format;
pub mod attribute_note;
pub mod broken_link;
pub mod doc_no_brackets;
pub mod duplicate_content;
pub mod empty_body;
pub mod empty_category;
pub mod empty_paragraphs;
pub mod expiring_soon;
pub mod fullwidth_indent;
pub mod guide_incomplete;
pub mod image_alt;
pub mod index_no_changed;
pub mod inline_style;
pub mod late_publication;
pub mod missing_interpretation;
pub mod normative_no_term;
pub mod personal_data;
pub mod placeholder_left;
pub mod published_backdated;
pub mod published_changed;
pub mod reg_no_format;
pub mod remote_resource;
pub mod sensitive_word;
pub mod site_identity;
pub mod stale_category;
pub mod validity_conflict;
pub mod veto_risk;
pub mod wide_table;

#[cfg(test)]
pub(crate) mod testing;

use crate::config::{Level, RuleSettings};
use crate::date::Date;
use crate::diag::{Diagnostic, Severity};
use crate::frontmatter::Field;
use crate::model::visibility::{Catalogue, Listed};
use crate::source::extract::{Reader, readable};
use body::Body;
use broken_link::Targets;
use rayon::prelude::*;
use registry::{Check, Rule, Site};
use sensitive_word::WordList;

/// What site.toml may set of each rule, for `config::parse`.
pub fn declarations() -> Vec<crate::config::Declaration> {
    RULES.iter().map(|r| r.declaration()).collect()
}

/// Every editorial rule, in the order the docs list them. A new rule is one file with its
/// [`registry::rule!`] declaration, its line here, and `tests/rules/<code>/`.
pub const RULES: &[&Rule] = &[
    &stale_category::RULE,
    &empty_category::RULE,
    &veto_risk::RULE,
    &late_publication::RULE,
    &published_backdated::RULE,
    &published_changed::RULE,
    &index_no_changed::RULE,
    &missing_interpretation::RULE,
    &expiring_soon::RULE,
    &normative_no_term::RULE,
    &validity_conflict::RULE,
    &reg_no_format::RULE,
    &placeholder_left::RULE,
    &empty_body::RULE,
    &attribute_note::RULE,
    &annual_report_inconsistent::RULE,
    &annual_report_late::RULE,
    &doc_no_brackets::RULE,
    &fullwidth_indent::RULE,
    &empty_paragraphs::RULE,
    &inline_style::RULE,
    &wide_table::RULE,
    &image_alt::RULE,
    &remote_resource::RULE,
    &attachment_format::RULE,
    &duplicate_content::RULE,
    &personal_data::RULE,
    &sensitive_word::RULE,
    &broken_link::RULE,
    &site_identity::RULE,
    &guide_incomplete::RULE,
];

/// What every rule may look at.
pub struct Context<'a, 's> {
    pub cat: &'a Catalogue<'s>,
    pub today: Date,
    pub settings: &'a RuleSettings,
    pub words: &'a WordList,
    pub targets: &'a Targets<'a>,
    /// Reads the 主动公开 documents' attachments (no other attachment is ever opened).
    pub attachments: &'a Reader,
}

/// Run every rule that is on; findings carry the level site.toml gives their rule.
pub fn run(ctx: &Context) -> Vec<Diagnostic> {
    let on: Vec<&Rule> = RULES
        .iter()
        .copied()
        .filter(|r| ctx.settings.is_on(r.code))
        .collect();
    let checks = |pick: fn(&Check) -> bool| -> Vec<Check> {
        on.iter()
            .flat_map(|r| r.checks.iter().copied().filter(&pick))
            .collect()
    };
    let document = checks(|c| matches!(c, Check::Document(_)));
    let body = checks(|c| matches!(c, Check::Body(_)));
    let site = checks(|c| matches!(c, Check::Site(_)));
    let attachment = checks(|c| matches!(c, Check::Attachment(_)));
    // `link-to-withheld` and `unlisted-file` are always on: bodies are read whenever
    // something is withheld or a body links to a file.
    let read_bodies = on.iter().any(|r| r.reads_bodies())
        || !ctx.targets.withheld_is_empty()
        || ctx.cat.entries().iter().any(|e| !e.links().is_empty());
    let per_doc: Vec<(Vec<Diagnostic>, Option<Body>)> = ctx
        .cat
        .entries()
        .par_iter()
        .map(|e| {
            let mut found = Vec::new();
            for c in &document {
                if let Check::Document(f) = c {
                    found.extend(f(ctx, e));
                }
            }
            // Each attachment is read, checked and let go: a site's attachments are far
            // more text than its documents.
            let readable = e.attachments().iter().filter(|a| readable(&a.file_name));
            for a in readable.filter(|_| !attachment.is_empty()) {
                let reading = ctx.attachments.open(&a.source, &a.file_name);
                for c in &attachment {
                    if let Check::Attachment(f) = c {
                        found.extend(f(ctx, e, a, &reading));
                    }
                }
            }
            let b = e
                .body()
                .filter(|_| read_bodies)
                .map(|text| Body::new(e, text));
            if let Some(b) = &b {
                for c in &body {
                    if let Check::Body(f) = c {
                        found.extend(f(ctx, b));
                    }
                }
            }
            (found, b)
        })
        .collect();
    let mut out = Vec::new();
    let mut bodies = Vec::new();
    for (found, b) in per_doc {
        out.extend(found);
        bodies.extend(b);
    }
    out.par_extend(
        bodies
            .par_iter()
            .flat_map_iter(|b| broken_link::check_always(b, ctx.targets)),
    );
    let whole = Site::new(&bodies);
    for c in &site {
        if let Check::Site(f) = c {
            out.extend(f(ctx, &whole));
        }
    }
    apply_levels(out, ctx.settings)
}

fn apply_levels(found: Vec<Diagnostic>, settings: &RuleSettings) -> Vec<Diagnostic> {
    found
        .into_iter()
        .filter_map(|mut d| match settings.level(d.code) {
            Level::Off => None,
            // A rule may make a finding an error of its own (an ID number); a site that
            // lowered the rule to a warning lowers that too.
            Level::Warning if settings.is_set(d.code) => {
                d.severity = Severity::Warning;
                Some(d)
            }
            Level::Warning => Some(d),
            Level::Error => {
                d.severity = Severity::Error;
                Some(d)
            }
        })
        .collect()
}

/// A warning about one front-matter field of a document.
pub fn field_warning(e: &Listed, field: Field, code: &'static str, msg: String) -> Diagnostic {
    Diagnostic::warning(code, msg)
        .in_file(e.file())
        .at(e.position(field))
        .field(e.key(field))
}

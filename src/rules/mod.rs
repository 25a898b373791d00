//! Editorial rules (SPEC §6): the failures quarterly reviews keep finding, found on every run.
//!
//! Each rule is one module with one job and its own tests. Rules read only the
//! [`Catalogue`] — what readers can see — so a withheld document never makes a column fresh
//! and never appears in a finding. Document rules run in parallel; site rules (columns,
//! duplicates, links) run once over everything. Findings are warnings unless `[rules]` in
//! site.toml turns a rule off or makes it an error.

pub mod body;
pub mod broken_link;
pub mod columns;
pub mod doc_no_brackets;
pub mod duplicate_content;
pub mod empty_category;
pub mod empty_paragraphs;
pub mod fullwidth_indent;
pub mod image_alt;
pub mod inline_style;
pub mod late_publication;
pub mod missing_interpretation;
pub mod personal_data;
pub mod sensitive_word;
pub mod stale_category;
pub mod wide_table;

#[cfg(test)]
pub(crate) mod testing;

use crate::config::{Level, RuleSettings};
use crate::diag::{Diagnostic, Severity, codes};
use crate::frontmatter::Field;
use crate::model::date::Date;
use crate::model::visibility::{Catalogue, Listed};
use body::Body;
use broken_link::Targets;
use rayon::prelude::*;
use sensitive_word::WordList;

/// What every rule may look at.
pub struct Context<'a, 's> {
    pub cat: &'a Catalogue<'s>,
    pub today: Date,
    pub settings: &'a RuleSettings,
    pub words: &'a WordList,
    pub targets: &'a Targets,
}

/// Run every rule that is on; findings carry the level site.toml gives their rule.
pub fn run(ctx: &Context) -> Vec<Diagnostic> {
    let on = |code| ctx.settings.is_on(code);
    let mut out = Vec::new();
    if on(codes::STALE_CATEGORY) || on(codes::EMPTY_CATEGORY) {
        let cols = columns::status(ctx.cat, ctx.today);
        if on(codes::STALE_CATEGORY) {
            out.extend(stale_category::check(ctx.cat, &cols, ctx.today));
        }
        if on(codes::EMPTY_CATEGORY) {
            out.extend(empty_category::check(ctx.cat, &cols));
        }
    }
    let body_rules_on = [
        codes::FULLWIDTH_INDENT,
        codes::EMPTY_PARAGRAPHS,
        codes::INLINE_STYLE,
        codes::WIDE_TABLE,
        codes::IMAGE_ALT,
        codes::PERSONAL_DATA,
        codes::SENSITIVE_WORD,
        codes::BROKEN_LINK,
        codes::DUPLICATE_CONTENT,
    ]
    .into_iter()
    .any(on)
        // `link-to-withheld` is always on.
        || !ctx.targets.withheld_is_empty();
    let per_doc: Vec<(Vec<Diagnostic>, Option<Body>)> = ctx
        .cat
        .entries()
        .par_iter()
        .map(|e| {
            let mut found = document_rules(ctx, e);
            let body = e
                .body()
                .filter(|_| body_rules_on)
                .map(|text| Body::new(e, text));
            if let Some(b) = &body {
                found.extend(body_rules(ctx, b));
            }
            (found, body)
        })
        .collect();
    let mut bodies = Vec::new();
    for (found, body) in per_doc {
        out.extend(found);
        bodies.extend(body);
    }
    out.par_extend(
        bodies
            .par_iter()
            .flat_map_iter(|b| broken_link::check_withheld(b, ctx.targets)),
    );
    if on(codes::BROKEN_LINK) {
        let ids = broken_link::body_ids(&bodies);
        out.par_extend(
            bodies
                .par_iter()
                .flat_map_iter(|b| broken_link::check(b, ctx.targets, &ids)),
        );
    }
    if on(codes::DUPLICATE_CONTENT) {
        out.extend(duplicate_content::check(
            &bodies,
            ctx.settings.duplicate_similarity,
        ));
    }
    apply_levels(out, ctx.settings)
}

/// Rules about a listed document's front matter.
fn document_rules(ctx: &Context, e: &Listed) -> Vec<Diagnostic> {
    let on = |code| ctx.settings.is_on(code);
    let mut out = Vec::new();
    if on(codes::LATE_PUBLICATION) {
        out.extend(late_publication::check(
            e,
            &ctx.cat.config.calendar,
            ctx.settings.publication_days,
        ));
    }
    if on(codes::DOC_NO_BRACKETS) {
        out.extend(doc_no_brackets::check(e));
    }
    if on(codes::MISSING_INTERPRETATION) {
        out.extend(missing_interpretation::check(e));
    }
    if on(codes::SENSITIVE_WORD) {
        out.extend(sensitive_word::check_title(e, ctx.words));
    }
    out
}

/// Rules about a published body, one parse for all of them.
fn body_rules(ctx: &Context, b: &Body) -> Vec<Diagnostic> {
    let on = |code| ctx.settings.is_on(code);
    let mut out = Vec::new();
    if on(codes::FULLWIDTH_INDENT) {
        out.extend(fullwidth_indent::check(b));
    }
    if on(codes::EMPTY_PARAGRAPHS) {
        out.extend(empty_paragraphs::check(b));
    }
    if on(codes::INLINE_STYLE) {
        out.extend(inline_style::check(b));
    }
    if on(codes::WIDE_TABLE) {
        out.extend(wide_table::check(b, ctx.settings.wide_table_columns));
    }
    if on(codes::IMAGE_ALT) {
        out.extend(image_alt::check(b));
    }
    if on(codes::PERSONAL_DATA) {
        out.extend(personal_data::check(b));
    }
    if on(codes::SENSITIVE_WORD) {
        out.extend(sensitive_word::check_body(b, ctx.words));
    }
    out
}

fn apply_levels(found: Vec<Diagnostic>, settings: &RuleSettings) -> Vec<Diagnostic> {
    found
        .into_iter()
        .filter_map(|mut d| match settings.level(d.code) {
            Level::Off => None,
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

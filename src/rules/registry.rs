//! What a rule is: one declaration in its own file ([`rule!`]) that carries its code, Chinese
//! label, default level, checks and documentation (its `[rules]` settings are declared in
//! `config::rules`). The dispatch (`rules::run`), the
//! codes `[rules]` accepts, the report page's headings, `docs/editorial-rules.md` and the
//! table in `docs/diagnostics.md` all read [`super::RULES`]; nothing else lists rules.

use super::Context;
use super::body::Body;
use super::columns::{self, Column};
use crate::config::{Declaration, Level};
use crate::diag::Diagnostic;
use crate::model::document::Attachment;
use crate::model::visibility::Listed;
use crate::source::extract::Reading;
use std::sync::OnceLock;

/// One editorial rule.
pub struct Rule {
    /// The stable code (SPEC §6), never renamed once released.
    pub code: &'static str,
    /// What the rule finds, in Chinese, as the report page heads it.
    pub label: &'static str,
    /// Its level when site.toml does not set one.
    pub level: Level,
    /// Where it looks; a rule may look in more than one place.
    pub checks: &'static [Check],
    /// Its documentation: the doc comment of its declaration, published in
    /// `docs/editorial-rules.md`.
    pub doc: &'static str,
}

/// Where a rule looks, and the function that looks there.
#[derive(Clone, Copy)]
pub enum Check {
    /// A listed document's front matter (documents run in parallel).
    Document(fn(&Context, &Listed) -> Vec<Diagnostic>),
    /// A published body, parsed once for all body rules (in parallel).
    Body(fn(&Context, &Body) -> Vec<Diagnostic>),
    /// The whole site once: columns, or all bodies together.
    Site(fn(&Context, &Site) -> Vec<Diagnostic>),
    /// Each attachment of a 主动公开 document that can be read as text: what the rule needs
    /// is derived from its text (or from why it could not be read) through the `Reading`,
    /// and kept by the file's content, so that a rebuild decodes no text.
    Attachment(fn(&Context, &Listed, &Attachment, &Reading) -> Vec<Diagnostic>),
}

impl Rule {
    /// The `[rules]` settings it reads besides its level (declared in `config::rules`).
    pub fn settings(&self) -> impl Iterator<Item = &'static crate::config::Setting> {
        let code = self.code;
        crate::config::rules::SETTINGS
            .iter()
            .filter(move |s| s.rule == code)
    }

    /// What site.toml may set of this rule.
    pub fn declaration(&self) -> Declaration {
        Declaration {
            code: self.code,
            level: self.level,
        }
    }
}

impl Check {
    pub fn scope(&self) -> &'static str {
        match self {
            Check::Document(_) => "document",
            Check::Body(_) => "body",
            Check::Site(_) => "site",
            Check::Attachment(_) => "attachment",
        }
    }
}

/// What site rules read besides the context: every published body, and the columns' states
/// (worked out once, for whichever rule asks first).
pub struct Site<'a, 'b, 's> {
    pub bodies: &'a [Body<'b, 's>],
    columns: OnceLock<Vec<Column>>,
}

impl<'a, 'b, 's> Site<'a, 'b, 's> {
    pub fn new(bodies: &'a [Body<'b, 's>]) -> Self {
        Site {
            bodies,
            columns: OnceLock::new(),
        }
    }

    pub fn columns(&self, ctx: &Context) -> &[Column] {
        self.columns
            .get_or_init(|| columns::status(ctx.cat, ctx.today))
    }
}

impl Rule {
    /// Whether any of its checks reads bodies.
    pub fn reads_bodies(&self) -> bool {
        self.checks
            .iter()
            .any(|c| matches!(c, Check::Body(_) | Check::Site(_)))
    }

    /// Its scopes, as the docs list them (`document, body`).
    pub fn scope(&self) -> String {
        self.checks
            .iter()
            .map(Check::scope)
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The documentation without the space each doc-comment line starts with.
    pub fn doc_text(&self) -> String {
        self.doc
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n")
            .trim()
            .to_string()
    }

    /// The first paragraph of the documentation on one line, without the code it opens
    /// with: what the rule finds.
    pub fn summary(&self) -> String {
        let doc = self.doc_text();
        let first = doc.split("\n\n").next().unwrap_or_default();
        let line = first.split_whitespace().collect::<Vec<_>>().join(" ");
        let opening = format!("`{}`", self.code);
        let rest = line.strip_prefix(&opening).unwrap_or(&line).trim_start();
        let rest = match rest.strip_prefix('(') {
            Some(r) => r.split_once(')').map_or(rest, |(_, r)| r),
            None => rest,
        };
        rest.trim_start_matches([':', ' ']).to_string()
    }
}

/// Declare a rule: its doc comment becomes [`Rule::doc`].
///
/// ```ignore
/// rule! {
///     /// A 文号 with the wrong brackets …
///    pub const RULE = Rule { code: "doc-no-brackets", label: "…", level: Level::Warning,
///                             checks: &[Check::Document(check)] };
/// }
/// ```
macro_rules! rule {
    (
        $(#[doc = $doc:literal])*
        pub const $name:ident = Rule { $($field:ident : $value:expr),* $(,)? };
    ) => {
        $(#[doc = $doc])*
        pub const $name: $crate::rules::registry::Rule = $crate::rules::registry::Rule {
            doc: concat!($($doc, "\n"),*),
            $($field: $value),*
        };
    };
}
pub(crate) use rule;

/// The rule of a code.
pub fn find(code: &str) -> Option<&'static Rule> {
    super::RULES.iter().copied().find(|r| r.code == code)
}

/// The generated part of `docs/editorial-rules.md`: a table of every rule, then each rule's
/// own documentation.
pub fn rules_markdown() -> String {
    let mut out = String::from(
        "| code | 名称 | finds | looks at | default | settings |\n|---|---|---|---|---|---|\n",
    );
    for r in super::RULES {
        let options: Vec<String> = r.settings().map(|o| format!("`{}`", o.key)).collect();
        out += &format!(
            "| [`{code}`](#{code}) | {label} | {summary} | {scope} | {level} | {options} |\n",
            code = r.code,
            label = r.label,
            summary = r.summary().replace('|', "\\|"),
            scope = r.scope(),
            level = level_name(r.level),
            options = options.join(" "),
        );
    }
    for r in super::RULES {
        out += &format!("\n### `{}`\n\n{}\n", r.code, r.doc_text());
        if r.settings().next().is_some() {
            out += "\nSettings under `[rules]`:\n\n";
            for o in r.settings() {
                let default = if o.default.is_empty() {
                    "(none)"
                } else {
                    o.default
                };
                out += &format!("- `{} = {default}`: {}\n", o.key, o.meaning);
            }
        }
    }
    out
}

/// The generated table of editorial codes in `docs/diagnostics.md`.
pub fn codes_markdown() -> String {
    let mut out = String::from("| code | default | when |\n|---|---|---|\n");
    for r in super::RULES {
        out += &format!(
            "| `{}` | {} | {} |\n",
            r.code,
            level_name(r.level),
            r.summary().replace('|', "\\|")
        );
    }
    out
}

fn level_name(level: Level) -> &'static str {
    match level {
        Level::Off => "off",
        Level::Warning => "warning",
        Level::Error => "error",
    }
}

/// Markers around a generated part of a document.
pub const BEGIN: &str =
    "<!-- generated from the rule registry (src/rules/); do not edit by hand -->";
pub const END: &str = "<!-- end of generated part -->";

/// `doc` with the part between [`BEGIN`] and [`END`] replaced by `generated`; `None` when the
/// markers are missing.
pub fn splice(doc: &str, generated: &str) -> Option<String> {
    let start = doc.find(BEGIN)? + BEGIN.len();
    let end = start + doc[start..].find(END)?;
    Some(format!(
        "{}\n\n{}\n{}",
        &doc[..start],
        generated.trim_end(),
        &doc[end..]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_kebab_case() {
        let mut seen = std::collections::HashSet::new();
        for r in super::super::RULES {
            assert!(seen.insert(r.code), "{} twice", r.code);
            assert!(
                r.code.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                r.code
            );
            assert!(!r.label.is_empty() && !r.checks.is_empty(), "{}", r.code);
        }
    }

    #[test]
    fn every_setting_belongs_to_a_rule() {
        for s in crate::config::rules::SETTINGS {
            assert!(
                find(s.rule).is_some(),
                "{} names no rule: {}",
                s.key,
                s.rule
            );
        }
    }

    #[test]
    fn every_rule_is_documented() {
        for r in super::super::RULES {
            assert!(
                r.doc_text().len() > 80,
                "`{}` needs its documentation (the doc comment of its `rule!`)",
                r.code
            );
            assert!(
                r.doc_text().contains(r.code),
                "`{}` doc names its code",
                r.code
            );
        }
    }

    #[test]
    fn summary_drops_the_opening_code() {
        let r = super::super::stale_category::RULE;
        assert!(
            r.summary().starts_with("a column whose newest"),
            "{}",
            r.summary()
        );
    }

    #[test]
    fn splice_replaces_only_the_generated_part() {
        let doc = format!("head\n{BEGIN}\nold\n{END}\ntail\n");
        assert_eq!(
            splice(&doc, "new\n").unwrap(),
            format!("head\n{BEGIN}\n\nnew\n{END}\ntail\n")
        );
        assert_eq!(splice("no markers", "x"), None);
    }
}

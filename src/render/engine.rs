//! The template engine: templates loaded once (the site's own `templates/` over the theme's),
//! HTML auto-escaping and strict undefined on. The only module that knows minijinja.

use crate::diag::{Diagnostic, codes};
use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;

/// The templates every theme must provide.
pub const REQUIRED: &[&str] = &[
    "base.html",
    "home.html",
    "categories.html",
    "category.html",
    "issuers.html",
    "issuer.html",
    "document.html",
    "search.html",
    "404.html",
];

pub struct Engine {
    env: Environment<'static>,
}

impl Engine {
    /// Build from `(name, source, origin)` triples, theme first then site overrides.
    pub fn new(templates: Vec<(String, String, String)>) -> Result<Engine, Vec<Diagnostic>> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".html") {
                minijinja::AutoEscape::Html
            } else {
                minijinja::AutoEscape::None
            }
        });
        env.set_formatter(format_value);
        // The site map's addresses, once for every page (SPEC §8: templates name pages,
        // never spell their paths).
        let urls: std::collections::BTreeMap<&str, String> =
            crate::site_map::named_urls().into_iter().collect();
        env.add_global("urls", minijinja::Value::from(urls));
        let mut diags = Vec::new();
        let mut names = Vec::new();
        for (name, source, origin) in templates {
            if let Err(e) = env.add_template_owned(name.clone(), source) {
                diags.push(template_error(&origin, &e));
            }
            names.push(name);
        }
        for required in REQUIRED {
            if !names.iter().any(|n| n == required) {
                diags.push(
                    Diagnostic::error(codes::TEMPLATE, format!("缺少模板 {required} (missing template)"))
                        .help("主题的 templates/ 文件夹必须包含全部页面模板；可从 themes/default/templates/ 复制"),
                );
            }
        }
        if diags.is_empty() {
            Ok(Engine { env })
        } else {
            Err(diags)
        }
    }

    pub fn render<S: Serialize>(&self, name: &str, ctx: S) -> Result<String, Diagnostic> {
        let tmpl = self
            .env
            .get_template(name)
            .map_err(|e| template_error(name, &e))?;
        tmpl.render(minijinja::value::Serde(&ctx))
            .map_err(|e| template_error(name, &e))
    }
}

/// Escape `& < > " '` only (minijinja's default also escapes `/`, which bloats every URL),
/// and print `none` as nothing.
fn format_value(
    out: &mut minijinja::Output,
    state: &mut minijinja::State,
    value: &minijinja::Value,
) -> Result<(), minijinja::Error> {
    if value.is_none() {
        return Ok(());
    }
    if *state.auto_escape() != minijinja::AutoEscape::Html
        || value.is_safe()
        || value.is_undefined()
    {
        return minijinja::escape_formatter(out, state, value);
    }
    let owned;
    let text = match value.as_str() {
        Some(s) => s,
        None => {
            owned = value.to_string();
            owned.as_str()
        }
    };
    crate::escape::html_escape_with(text, |s| {
        out.write_str(s)
            .map_err(|_| minijinja::Error::new(minijinja::ErrorKind::WriteFailure, "write failed"))
    })
}

fn template_error(origin: &str, e: &minijinja::Error) -> Diagnostic {
    let mut msg = format!("模板出错 (template error): {}", e.kind());
    if let Some(detail) = e.detail() {
        msg.push_str(": ");
        msg.push_str(detail);
    }
    let file = e
        .name()
        .map_or_else(|| origin.to_string(), |n| format!("templates/{n}"));
    let d = Diagnostic::error(codes::TEMPLATE, msg).in_file(file);
    match e.line() {
        Some(l) => d.at(Some(crate::diag::position::Position::new(l, 1))),
        None => d,
    }
    .help("检查模板语法和变量名；各模板可用的变量见 docs/templates.md")
}

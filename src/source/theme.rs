//! The default theme, compiled into the binary so that a site without a `themes/default/`
//! folder (a new site, a test fixture) still builds. A site's own `themes/default/` wins.

/// Templates of `themes/default/templates/`.
pub const TEMPLATES: &[(&str, &str)] = &[
    (
        "404.html",
        include_str!("../../themes/default/templates/404.html"),
    ),
    (
        "base.html",
        include_str!("../../themes/default/templates/base.html"),
    ),
    (
        "categories.html",
        include_str!("../../themes/default/templates/categories.html"),
    ),
    (
        "category.html",
        include_str!("../../themes/default/templates/category.html"),
    ),
    (
        "document.html",
        include_str!("../../themes/default/templates/document.html"),
    ),
    (
        "home.html",
        include_str!("../../themes/default/templates/home.html"),
    ),
    (
        "issuer.html",
        include_str!("../../themes/default/templates/issuer.html"),
    ),
    (
        "issuers.html",
        include_str!("../../themes/default/templates/issuers.html"),
    ),
    (
        "macros.html",
        include_str!("../../themes/default/templates/macros.html"),
    ),
    (
        "report.html",
        include_str!("../../themes/default/templates/report.html"),
    ),
    (
        "search.html",
        include_str!("../../themes/default/templates/search.html"),
    ),
    (
        "validity.html",
        include_str!("../../themes/default/templates/validity.html"),
    ),
];

/// Files of `themes/default/static/`, published under `assets/`.
pub const STATIC: &[(&str, &str)] = &[
    (
        "search.js",
        include_str!("../../themes/default/static/search.js"),
    ),
    (
        "site.js",
        include_str!("../../themes/default/static/site.js"),
    ),
    (
        "style.css",
        include_str!("../../themes/default/static/style.css"),
    ),
];

/// Files of `themes/default/root/`, published at the site's root unless the site's own
/// `root/` has a file of the same name (the icon browsers ask every site for).
pub const ROOT: &[(&str, &[u8])] = &[(
    crate::site_map::FAVICON,
    include_bytes!("../../themes/default/root/favicon.ico"),
)];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_theme_matches_the_folder() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        on_disk.sort();
        let embedded: Vec<&str> = TEMPLATES.iter().map(|t| t.0).collect();
        assert_eq!(
            on_disk, embedded,
            "list every template of themes/default in source/theme.rs"
        );
    }
}

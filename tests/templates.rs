//! SPEC §9, "Templates are checked": `check` renders one page of every kind, so a template
//! that would fail `build` fails `check` the same way (code `template`, exit 1).

mod support;

use support::SiteTest;

fn template_findings(site: &SiteTest) -> (i32, Vec<String>) {
    let run = site.run(&["check", "--format", "json"]);
    let found = run
        .json()
        .iter()
        .filter(|d| d["code"] == "template")
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect();
    (run.status, found)
}

#[test]
fn a_broken_template_fails_check_as_it_fails_build() {
    let site = SiteTest::new("leak");
    site.write(
        "templates/category.html",
        "{% extends \"base.html\" %}{% block main %}{{ oops(}}{% endblock %}",
    );
    let (status, found) = template_findings(&site);
    assert_eq!(status, 1);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(site.run(&["build"]).status, 1);
}

#[test]
fn an_undefined_variable_in_any_page_kind_fails_check() {
    for (template, kinds) in [
        ("document.html", "document"),
        ("issuer.html", "issuer listing"),
        ("404.html", "not-found page"),
    ] {
        let site = SiteTest::new("leak");
        let theme = support::repo()
            .join("themes/default/templates")
            .join(template);
        let text = support::read(&theme);
        let broken = match text.find("{% endblock %}") {
            Some(at) => format!(
                "{}{{{{ no_such_variable.field }}}}{}",
                &text[..at],
                &text[at..]
            ),
            None => format!("{text}{{{{ no_such_variable.field }}}}"),
        };
        site.write(&format!("templates/{template}"), broken);
        let (status, found) = template_findings(&site);
        assert_eq!(status, 1, "{kinds}: {found:?}");
        assert!(!found.is_empty(), "{kinds}");
        assert_eq!(site.run(&["build"]).status, 1, "{kinds}");
    }
    // And the unchanged theme passes.
    let site = SiteTest::new("leak");
    assert_eq!(template_findings(&site), (0, vec![]));
}

/// The built-in theme names every address of the site through `urls` (the site map's
/// values): after `{{ root }}` comes a value or the attribute's end, never a path typed by
/// hand.
#[test]
fn the_theme_spells_no_path() {
    let dir = support::repo().join("themes/default/templates");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = support::read(&path);
        for (at, _) in text.match_indices("{{ root }}") {
            let after = &text[at + "{{ root }}".len()..];
            assert!(
                after.starts_with("{{") || after.starts_with('"'),
                "{}: a path after {{{{ root }}}}: {}",
                path.display(),
                after.lines().next().unwrap_or_default()
            );
        }
    }
}

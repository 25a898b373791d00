//! The default theme in a real browser: builds the demo site and runs the Playwright tests in
//! `tests/browser/` against it in Debian's Chromium — axe-core on every page type in both
//! reading modes, the large-text mode, phones, print, page weight, and screenshots compared
//! with reviewed baselines. Needs Chromium, the CJK fonts and `npm ci` (`tests/setup.sh`
//! installs them); a missing piece fails the test with the command that installs it.

mod support;

use std::path::Path;
use std::process::Command;
use support::{SiteTest, repo};

#[test]
fn the_default_theme_passes_in_a_real_browser() {
    let root = repo();
    needs_a_browser(&root);
    let site = SiteTest::new("demo");
    let public = site.build();
    // A site at the national inspection's veto count, for the report page's red banner: the
    // `veto-risk` rule's own site with the report page on, served under /veto/.
    let veto = SiteTest::copy_of("tests/rules/veto-risk");
    let toml = support::read(&veto.path("site.toml"))
        .replace("veto-risk = \"off\"", "")
        .replacen("base_url", "report = true\nbase_url", 1);
    veto.write("site.toml", toml);
    support::copy(&veto.build(), &public.join("veto"));
    let mut cmd = Command::new("npx");
    cmd.args([
        "--no-install",
        "playwright",
        "test",
        "--config",
        "tests/browser/playwright.config.mjs",
    ])
    .current_dir(&root)
    .env("SITE_DIR", &public);
    if std::env::var_os("UPDATE_SCREENSHOTS").is_some() {
        cmd.arg("--update-snapshots");
    }
    let out = cmd.output().expect("run npx playwright");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "browser tests failed:\n{report}");
    assert!(report.contains("passed"), "{report}");
}

/// Chromium, Playwright, axe-core and the CJK fonts, or the command that installs them.
fn needs_a_browser(root: &Path) {
    let missing: Vec<&str> = [
        ("/usr/bin/chromium", "Chromium"),
        (
            "node_modules/@playwright/test",
            "the Playwright test runner",
        ),
        ("node_modules/axe-core/axe.min.js", "axe-core"),
        (
            "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
            "the Noto CJK fonts",
        ),
    ]
    .iter()
    .filter(|(p, _)| !root.join(p).exists() && !Path::new(p).exists())
    .map(|(_, what)| *what)
    .collect();
    assert!(
        missing.is_empty(),
        "missing {missing:?}: run `bash tests/setup.sh` first"
    );
}

/// The preview of a site broken from the start, in a real browser: the finding shows over
/// the page, and the site appears once the file is fixed (tests/browser/serve/).
#[test]
fn the_preview_of_a_broken_site_shows_its_finding_then_the_site() {
    let root = repo();
    needs_a_browser(&root);
    let site = SiteTest::new("demo");
    let file = "content/jyj/2026/001.md";
    let good = support::read(&site.path(file));
    let fixed = site.root.with_file_name("fixed.md");
    std::fs::write(&fixed, &good).unwrap();
    site.write(file, good.replace("published: ", "published: 2026-13-45 #"));
    let out = site.root.with_file_name("preview");
    let mut serve = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args([
            "--root",
            site.root.to_str().unwrap(),
            "--today",
            support::TODAY,
        ])
        .args(["serve", "--port", "0", "--out"])
        .arg(&out)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start gongkai serve");
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(serve.stdout.take().unwrap()),
        &mut line,
    )
    .unwrap();
    let url = line
        .split("http://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .map(|addr| format!("http://{addr}"))
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    let out = Command::new("npx")
        .args(["--no-install", "playwright", "test", "--config"])
        .arg("tests/browser/playwright.serve.config.mjs")
        .current_dir(&root)
        .env("PREVIEW_URL", &url)
        .env("PREVIEW_BROKEN", site.path(file))
        .env("PREVIEW_GOOD", &fixed)
        .env("PREVIEW_FILE", file)
        .output()
        .expect("run npx playwright");
    let _ = serve.kill();
    let _ = serve.wait();
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "preview browser test failed:\n{report}"
    );
    assert!(report.contains("1 passed"), "{report}");
}

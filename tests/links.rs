//! Links as the editor sees them (SPEC §14): a body's relative links resolve against its
//! Markdown file, as a git forge's preview shows them, and the built page reaches the same
//! files; images beside a document are published with it; a link never publishes a file.

mod support;

use support::SiteTest;

const A: &str = "docs/11530000-1-2026-00001.html";

fn page(site: &SiteTest) -> String {
    let public = site.build();
    support::read(&public.join(A))
}

#[test]
fn relative_links_reach_what_the_markdown_file_names() {
    let site = SiteTest::new("links");
    let check = site.run(&["check", "--format", "json"]);
    assert_eq!(check.status, 0, "{}", check.stdout);
    assert!(check.json().is_empty(), "{}", check.stdout);
    let html = page(&site);
    // The attachment, the other document's page with its anchor, the image, the asset.
    for href in [
        "href=\"11530000-1-2026-00001/%E9%99%84%E4%BB%B61.pdf\"",
        "href=\"11530000-1-2025-00001.html#di-er-tiao\"",
        "src=\"11530000-1-2026-00001/%E6%B5%81%E7%A8%8B%E5%9B%BE.png\"",
        "src=\"../assets/logo.png\"",
    ] {
        assert!(html.contains(href), "{href} not in the page");
    }
    let public = site.path("public");
    assert!(
        public
            .join("docs/11530000-1-2026-00001/流程图.png")
            .is_file()
    );
    assert!(
        public
            .join("docs/11530000-1-2026-00001/附件1.pdf")
            .is_file()
    );
    assert!(public.join("assets/logo.png").is_file());
    // Each link leads to a file the build wrote.
    for target in [
        "docs/11530000-1-2025-00001.html",
        "docs/11530000-1-2026-00001/流程图.png",
    ] {
        assert!(public.join(target).is_file(), "{target}");
    }
}

#[test]
fn a_link_to_a_file_no_document_publishes_is_an_error() {
    let site = SiteTest::new("links");
    site.write("content/jyj/2026/名单.xlsx", "内部名单");
    let doc = support::read(&site.path("content/jyj/2026/001.md"));
    site.write("content/jyj/2026/001.md", doc + "\n见[名单](名单.xlsx)。\n");
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.status, 1, "{}", run.stdout);
    let json = run.json();
    let unlisted: Vec<_> = json
        .iter()
        .filter(|d| d["code"] == "unlisted-file")
        .collect();
    assert_eq!(unlisted.len(), 1, "{json:?}");
    assert_eq!(unlisted[0]["file"], "content/jyj/2026/001.md");
    assert_eq!(unlisted[0]["line"], 16);
    assert_eq!(site.run(&["build"]).status, 1);
    assert!(!site.path("public").exists());
}

#[test]
fn an_image_from_an_on_request_document_is_not_published_with_a_public_page() {
    let site = SiteTest::new("links");
    site.write("content/jyj/2026/内部照片.png", "PNG");
    site.write(
        "content/jyj/2026/002.md",
        "---\ntitle: 依申请公开的文件\nindex_no: 11530000-1/2026-00002\nissuer: 县教育局\ncategory: zcwj\npublished: 2026-11-03\nattribute: 依申请公开\nattachments: [内部照片.png]\n---\n正文。\n",
    );
    let doc = support::read(&site.path("content/jyj/2026/001.md"));
    site.write("content/jyj/2026/001.md", doc + "\n![照片](内部照片.png)\n");
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.status, 1);
    assert!(
        run.json().iter().any(|d| d["code"] == "unlisted-file"),
        "{}",
        run.stdout
    );
    assert_eq!(site.run(&["build"]).status, 1);
}

#[test]
fn a_link_to_a_withheld_documents_image_is_refused() {
    let site = SiteTest::new("links");
    site.write("content/jyj/2026/批示.png", "PNG");
    site.write(
        "content/jyj/2026/003.md",
        "---\ntitle: 不予公开的文件\nindex_no: 11530000-1/2026-00003\nissuer: 县教育局\ncategory: zcwj\npublished: 2026-11-03\nattribute: 不予公开\n---\n![批示](批示.png)\n",
    );
    let doc = support::read(&site.path("content/jyj/2026/001.md"));
    site.write("content/jyj/2026/001.md", doc + "\n![批示](批示.png)\n");
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.status, 1);
    assert!(
        run.json().iter().any(|d| d["code"] == "link-to-withheld"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_retitled_index_number_moves_the_links_to_it() {
    let site = SiteTest::new("links");
    let other = support::read(&site.path("content/jyj/2025/001.md"));
    site.write(
        "content/jyj/2025/001.md",
        other.replace("11530000-1/2025-00001", "11530000-1/2025-00009"),
    );
    let html = page(&site);
    assert!(html.contains("href=\"11530000-1-2025-00009.html#di-er-tiao\""));
}

/// Only a link publishes nothing; text that looks like an image is text (SPEC §14).
#[test]
fn text_that_looks_like_an_image_publishes_nothing() {
    let site = SiteTest::new("links");
    site.write("content/jyj/2026/名单.xlsx", "NAMELISTMARKER");
    let doc = support::read(&site.path("content/jyj/2026/001.md"));
    site.write(
        "content/jyj/2026/001.md",
        doc + "\n正文里写着 src=\"名单.xlsx\" 和 `<img src=\"名单.xlsx\">`。\n",
    );
    let public = site.build();
    let tree = support::tree(&public);
    assert!(
        !tree.keys().any(|f| f.contains("名单")),
        "the list was published"
    );
}

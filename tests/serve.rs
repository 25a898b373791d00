//! `gongkai serve` end to end: a real server on a free port, real files edited, added, renamed
//! and deleted, and what it serves checked after each change.

mod support;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use support::{SiteTest, TODAY};

struct Server {
    child: Child,
    addr: String,
    out: PathBuf,
    _out_dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Response {
    status: u16,
    headers: BTreeMap<String, String>,
    body: Vec<u8>,
}

impl Response {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

impl Server {
    fn start(site: &SiteTest) -> Server {
        let out_dir = tempfile::tempdir().unwrap();
        let out = out_dir.path().join("preview");
        let mut child = Command::new(env!("CARGO_BIN_EXE_gongkai"))
            .args([
                "--root",
                site.root.to_str().unwrap(),
                "--today",
                TODAY,
                "serve",
                "--port",
                "0",
                "--out",
            ])
            .arg(&out)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start gongkai serve");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|r| r.split('/').next())
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_string();
        assert!(
            addr.starts_with("127.0.0.1:"),
            "binds to loopback by default: {addr}"
        );
        Server {
            child,
            addr,
            out,
            _out_dir: out_dir,
        }
    }

    fn request(&self, method: &str, path: &str, headers: &str) -> Response {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        // One request a connection: the body ends when the server closes it.
        write!(
            s,
            "{method} {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n{headers}\r\n"
        )
        .unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).unwrap();
        let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let mut lines = head.lines();
        let status = lines
            .next()
            .unwrap()
            .split(' ')
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        Response {
            status,
            headers,
            body: raw[split + 4..].to_vec(),
        }
    }

    fn get(&self, path: &str) -> Response {
        self.request("GET", path, "")
    }

    fn status(&self) -> serde_json::Value {
        serde_json::from_slice(&self.get("/__gongkai/status").body).unwrap()
    }

    /// Wait until the server has finished a round (pages and report) after `version`.
    fn settled_after(&self, version: u64) -> serde_json::Value {
        let start = Instant::now();
        loop {
            let s = self.status();
            let v = s["version"].as_u64().unwrap();
            if v > version && s["settled"].as_u64() == Some(v) {
                // A burst may take one more round; let the watcher go quiet.
                std::thread::sleep(Duration::from_millis(150));
                let again = self.status();
                if again["version"] == s["version"] {
                    return again;
                }
                continue;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "no rebuild after {version}: {s}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn version(&self) -> u64 {
        self.status()["version"].as_u64().unwrap()
    }

    /// Change the site and wait until the server has caught up.
    fn change(&self, f: impl FnOnce()) -> serde_json::Value {
        let v = self.version();
        f();
        self.settled_after(v)
    }
}

fn doc_url(index_no: &str) -> String {
    format!("/docs/{}.html", index_no.replace('/', "-").to_lowercase())
}

fn new_doc(index_no: &str, title: &str, category: &str) -> String {
    format!(
        "---\ntitle: {title}\nindex_no: {index_no}\nissuer: 县教育局\ncategory: {category}\npublished: 2026-11-21\nattribute: 主动公开\n---\n\n{title}的正文。\n"
    )
}

#[test]
fn edits_additions_renames_and_deletions_are_served() {
    let site = SiteTest::new("demo");
    let server = Server::start(&site);
    let first = "content/jyj/2026/001.md";
    let text = support::read(&site.path(first));
    let url = doc_url("01526376-X/2026-00001");
    assert_eq!(server.get(&url).status, 200);

    // Edit a title: the document page and its column's listing show it.
    server.change(|| {
        site.write(
            first,
            text.replacen("招生入学管理办法", "招生入学管理办法（修订稿）", 1),
        )
    });
    assert!(
        server
            .get(&url)
            .text()
            .contains("招生入学管理办法（修订稿）")
    );
    assert!(
        server
            .get("/category/zcwj/index.html")
            .text()
            .contains("（修订稿）")
    );

    // Add a document: it gets a page and the home page lists it among the latest.
    let added = "01526376-X/2026-00900";
    server.change(|| {
        site.write(
            "content/jyj/2026/900.md",
            new_doc(added, "新增的测试通知", "tzgg"),
        )
    });
    assert_eq!(server.get(&doc_url(added)).status, 200);
    assert!(server.get("/").text().contains("新增的测试通知"));

    // Rename its file: same index number, same URL, still served.
    server.change(|| {
        std::fs::rename(
            site.path("content/jyj/2026/900.md"),
            site.path("content/jyj/2026/901.md"),
        )
        .unwrap()
    });
    assert!(
        server
            .get(&doc_url(added))
            .text()
            .contains("新增的测试通知")
    );

    // Delete it: its page is gone (the site's 404) and no listing mentions it.
    server.change(|| std::fs::remove_file(site.path("content/jyj/2026/901.md")).unwrap());
    let gone = server.get(&doc_url(added));
    assert_eq!(gone.status, 404);
    assert!(gone.text().contains("页面不存在"));
    assert!(!server.get("/").text().contains("新增的测试通知"));
    assert!(
        !server
            .out
            .join(doc_url(added).trim_start_matches('/'))
            .exists()
    );
}

#[test]
fn a_broken_file_shows_where_and_never_stops_the_server() {
    let site = SiteTest::new("demo");
    let server = Server::start(&site);
    let file = "content/jyj/2026/001.md";
    let good = support::read(&site.path(file));
    let url = doc_url("01526376-X/2026-00001");
    let before = server.get(&url).text();

    let status =
        server.change(|| site.write(file, good.replace("published: ", "published: 2026-13-45 #")));
    let errors = status["errors"].as_array().unwrap();
    assert!(!errors.is_empty(), "{status}");
    assert_eq!(errors[0]["file"], file);
    assert!(errors[0]["line"].as_u64().is_some());
    assert_eq!(errors[0]["code"], "invalid-date");
    // The last good page is still served, and the script that shows the overlay is on it.
    let now = server.get(&url);
    assert_eq!(now.status, 200);
    // The same page; only the version the live script is told has moved on.
    assert_eq!(versionless(&now.text()), versionless(&before));
    assert!(now.text().contains("/__gongkai/live.js"));
    assert!(
        server
            .get("/__gongkai/live.js")
            .text()
            .contains("gongkai-overlay")
    );

    // Fixing it clears the errors and serves the new version.
    let status = server.change(|| {
        site.write(
            file,
            good.replacen("招生入学管理办法", "招生入学管理办法（已修正）", 1),
        )
    });
    assert!(status["errors"].as_array().unwrap().is_empty(), "{status}");
    assert!(server.get(&url).text().contains("（已修正）"));
}

/// A small deterministic generator, so a failure can be replayed.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

fn tree_without_marker(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut t = support::tree(dir);
    t.remove(".gongkai-output");
    t
}

/// Build the site cleanly and compare with the preview's folder: the files that differ, and
/// the clean build's files.
fn against_clean_build(
    site: &SiteTest,
    server: &Server,
) -> (Vec<String>, BTreeMap<String, Vec<u8>>) {
    let clean = tempfile::tempdir().unwrap();
    let out = clean.path().join("public");
    let run = site.run(&["build", "--out", out.to_str().unwrap()]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let (served, built) = (tree_without_marker(&server.out), tree_without_marker(&out));
    let mut differ: Vec<String> = served
        .keys()
        .chain(built.keys())
        .filter(|k| served.get(*k) != built.get(*k))
        .cloned()
        .collect();
    differ.dedup();
    (differ, built)
}

#[test]
fn after_random_edits_the_output_equals_a_clean_build() {
    let site = SiteTest::new("demo");
    let server = Server::start(&site);
    let mut rng = Lcg(20261122);
    let files: Vec<String> = support::tree(&site.path("content"))
        .keys()
        .filter(|k| k.ends_with(".md"))
        .map(|k| format!("content/{k}"))
        .collect();
    let categories = ["zcwj", "tzgg", "gzdt", "zcjd", "ghjh"];
    // Policies that have interpretations: their titles show on the interpretations' pages.
    let texts: Vec<(String, String)> = files
        .iter()
        .map(|f| (f.clone(), support::read(&site.path(f))))
        .collect();
    let targets: Vec<String> = texts
        .iter()
        .filter_map(|(_, t)| {
            t.lines()
                .find_map(|l| l.strip_prefix("interprets: "))
                .map(str::to_string)
        })
        .collect();
    let policies: Vec<String> = texts
        .iter()
        .filter(|(_, t)| {
            targets.iter().any(|n| {
                t.contains(&format!("index_no: {n}")) || t.contains(&format!("索引号: {n}"))
            })
        })
        .map(|(f, _)| f.clone())
        .collect();
    assert!(policies.len() >= 3, "the demo has interpreted policies");
    // 规范性文件, for new documents to replace or amend (SPEC §10).
    let normative: Vec<String> = texts
        .iter()
        .filter(|(_, t)| t.contains("doc_type: 规范性文件"))
        .filter_map(|(_, t)| {
            t.lines()
                .find_map(|l| l.strip_prefix("index_no: "))
                .map(str::to_string)
        })
        .collect();
    assert!(normative.len() >= 3, "the demo has policies");
    let mut added = 0;
    for step in 0..14 {
        let file = if step % 7 == 4 {
            policies[rng.next(policies.len())].clone()
        } else {
            files[rng.next(files.len())].clone()
        };
        let path = site.path(&file);
        server.change(|| match step % 7 {
            // Retitle a document (at step 4, a policy others interpret).
            0 | 4 => {
                if let Ok(t) = std::fs::read_to_string(&path) {
                    let t = t.replacen("title: ", &format!("title: 第{step}次修改 "), 1);
                    std::fs::write(
                        &path,
                        t.replacen("标题: ", &format!("标题: 第{step}次修改 "), 1),
                    )
                    .unwrap();
                }
            }
            // Edit a body.
            1 => {
                if let Ok(t) = std::fs::read_to_string(&path) {
                    std::fs::write(&path, format!("{t}\n补充说明第{step}条。\n")).unwrap();
                }
            }
            // Add a document (at step 5, an interpretation of an existing policy).
            2 | 5 => {
                added += 1;
                let c = categories[rng.next(categories.len())];
                let mut text = new_doc(
                    &format!("01526376-X/2026-008{added:02}"),
                    &format!("随机新增{step}"),
                    c,
                );
                if step % 7 == 5 {
                    let target = &targets[rng.next(targets.len())];
                    text = text.replacen(
                        "attribute:",
                        &format!("interprets: {target}\nattribute:"),
                        1,
                    );
                } else {
                    // A policy that replaces or amends an existing one: the old page's
                    // banner and both validity lists change.
                    let target = &normative[rng.next(normative.len())];
                    let link = ["replaces", "amends"][rng.next(2)];
                    text = text.replacen(
                        "attribute:",
                        &format!("doc_type: 规范性文件\neffective: 2026-11-20\n{link}: [{target}]\nattribute:"),
                        1,
                    );
                }
                site.write(&format!("content/jyj/2026/8{added:02}.md"), text);
            }
            // Move a document to another column.
            3 => {
                if let Ok(t) = std::fs::read_to_string(&path) {
                    let c = categories[rng.next(categories.len())];
                    let moved: String = t
                        .lines()
                        .map(|l| {
                            if l.starts_with("category:") || l.starts_with("公开目录:") {
                                format!("category: {c}")
                            } else {
                                l.to_string()
                            }
                        })
                        .collect::<Vec<_>>()
                        .join("\n");
                    std::fs::write(&path, moved + "\n").unwrap();
                }
            }
            // Delete a document (interpretations of it become errors; they are then deleted too).
            _ => {
                let _ = std::fs::remove_file(&path);
            }
        });
        // Keep the site buildable: a deletion may leave an interpretation dangling.
        let s = server.status();
        if !s["errors"].as_array().unwrap().is_empty() {
            for e in s["errors"].as_array().unwrap() {
                let f = e["file"].as_str().unwrap();
                server.change(|| {
                    let _ = std::fs::remove_file(site.path(f));
                });
            }
        }
        assert!(server.status()["errors"].as_array().unwrap().is_empty());
        let (differ, _) = against_clean_build(&site, &server);
        assert!(
            differ.is_empty(),
            "step {step} ({file}): differs from a clean build: {differ:?}"
        );
    }
}

#[test]
fn static_files_are_served_properly() {
    let site = SiteTest::new("demo");
    let server = Server::start(&site);
    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(home.headers["content-type"], "text/html; charset=utf-8");
    assert!(
        home.text()
            .contains("<script src=\"/__gongkai/live.js\" data-version=")
    );
    // The script is added on the way out, never written.
    assert!(!support::read(&server.out.join("index.html")).contains("__gongkai"));
    assert_eq!(
        server.get("/assets/style.css").headers["content-type"],
        "text/css; charset=utf-8"
    );
    assert!(server.get("/feed.xml").headers["content-type"].starts_with("application/xml"));
    assert_eq!(
        server.get("/catalogue.json").headers["content-type"],
        "application/json"
    );
    // A folder without its slash is redirected; with it, its index.html is served.
    let redirect = server.get("/category");
    assert_eq!(redirect.status, 301);
    assert_eq!(redirect.headers["location"], "/category/");
    assert_eq!(server.get("/category/").status, 200);
    // HEAD: headers only.
    let head = server.request("HEAD", "/catalogue.csv", "");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    let size: usize = head.headers["content-length"].parse().unwrap();
    assert_eq!(
        size,
        std::fs::metadata(server.out.join("catalogue.csv"))
            .unwrap()
            .len() as usize
    );
    // Ranges, for attachments.
    let attachment = support::tree(&server.out.join("docs"))
        .into_keys()
        .find(|k| k.contains('/'))
        .expect("the demo has attachments");
    let encoded: String = attachment
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._/".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let url = format!("/docs/{encoded}");
    let whole = server.get(&url);
    assert_eq!(whole.status, 200);
    let part = server.request("GET", &url, "Range: bytes=2-5\r\n");
    assert_eq!(part.status, 206);
    assert_eq!(part.body, whole.body[2..6]);
    assert_eq!(
        part.headers["content-range"],
        format!("bytes 2-5/{}", whole.body.len())
    );
    assert_eq!(
        server
            .request("GET", &url, "Range: bytes=999999999-\r\n")
            .status,
        416
    );
    // Missing pages get the site's 404 page; nothing outside the folder is reachable.
    let missing = server.get("/docs/no-such-page.html");
    assert_eq!(missing.status, 404);
    assert!(missing.text().contains("页面不存在"));
    for evil in [
        "/../site.toml",
        "/%2e%2e/site.toml",
        "/docs/%2e%2e/%2e%2e/site.toml",
        "/..%2fsite.toml",
    ] {
        let r = server.get(evil);
        assert_eq!(r.status, 404, "{evil}");
        assert!(!r.text().contains("base_url"), "{evil}");
    }
    assert_eq!(server.request("POST", "/", "").status, 405);
}

#[test]
fn the_report_page_is_always_served_but_not_written_unless_asked() {
    let site = SiteTest::new("demo");
    let toml = support::read(&site.path("site.toml")).replace("report = true", "report = false");
    site.write("site.toml", toml);
    let server = Server::start(&site);
    let start = Instant::now();
    while server.status()["settled"].as_u64() != server.status()["version"].as_u64() {
        assert!(start.elapsed() < Duration::from_secs(10));
        std::thread::sleep(Duration::from_millis(20));
    }
    let report = server.get("/report/");
    assert_eq!(report.status, 200, "{}", report.text());
    assert!(report.text().contains("栏目更新情况"));
    assert!(
        !server.out.join("report").exists(),
        "build would not write it, so serve does not"
    );
}

#[test]
fn settings_templates_and_styles_rebuild_what_depends_on_them() {
    let site = SiteTest::new("demo");
    let server = Server::start(&site);
    // site.toml: the title is on every page.
    let toml = support::read(&site.path("site.toml"));
    server.change(|| {
        site.write(
            "site.toml",
            toml.replacen(
                "title = \"示例县人民政府信息公开\"",
                "title = \"示例县人民政府信息公开（预览）\"",
                1,
            ),
        )
    });
    assert!(
        server
            .get("/")
            .text()
            .contains("示例县人民政府信息公开（预览）")
    );
    assert!(
        server
            .get(&doc_url("01526376-X/2026-00001"))
            .text()
            .contains("（预览）")
    );
    // A site template overrides the theme's from now on.
    let theme_404 = support::read(&site.path("themes/default/templates/404.html"));
    server.change(|| {
        site.write(
            "templates/404.html",
            theme_404.replace("页面不存在", "找不到这个页面"),
        )
    });
    assert!(
        server
            .get("/no-such-page.html")
            .text()
            .contains("找不到这个页面")
    );
    // A stylesheet change is announced by its path, so open pages restyle instead of reloading.
    let css = support::read(&site.path("themes/default/static/style.css"));
    let status = server.change(|| {
        site.write(
            "themes/default/static/style.css",
            css + "\n.x { color: red }\n",
        )
    });
    let changed: Vec<&str> = status["round"]
        .as_array()
        .map(|a| a.iter().filter_map(|v| v.as_str()).collect())
        .unwrap_or_default();
    assert!(
        changed.contains(&"assets/style.css") || status["all"] == true,
        "{status}"
    );
    assert!(
        server
            .get("/assets/style.css")
            .text()
            .contains(".x { color: red }")
    );
}

/// The site's own root files (SPEC §14) are watched like the rest of the site: a
/// `root/robots.txt` created and then edited while `serve` runs is what the preview serves.
#[test]
fn an_edit_to_a_root_file_shows_in_the_preview() {
    let site = SiteTest::new("demo");
    let server = Server::start(&site);
    server.change(|| site.write("root/robots.txt", "User-agent: *\nDisallow: /report/\n"));
    assert!(
        server
            .get("/robots.txt")
            .text()
            .contains("Disallow: /report/"),
        "a root/ folder made while serving is watched"
    );
    server.change(|| site.write("root/robots.txt", "User-agent: *\nDisallow: /search/\n"));
    let robots = server.get("/robots.txt").text();
    assert!(robots.contains("Disallow: /search/"), "{robots}");
    assert!(!robots.contains("/report/"), "{robots}");
}

/// A save renders only what it touched; every other file of the preview stays, whichever
/// emitter wrote it: a `root/` file, and the page at a document's former index number.
#[test]
fn files_a_save_did_not_touch_stay_in_the_preview() {
    let site = SiteTest::new("demo");
    site.write("root/robots.txt", "User-agent: *\nDisallow: /report/\n");
    let moved = "content/jyj/2026/950.md";
    site.write(
        moved,
        new_doc("01526376-X/2026-00950", "改过索引号的通知", "tzgg").replace(
            "attribute:",
            "former_index_no: [01526376-X/2025-00950]\nattribute:",
        ),
    );
    let server = Server::start(&site);
    let former = doc_url("01526376-X/2025-00950");
    assert!(server.get(&former).text().contains("已改为"));
    assert_eq!(server.get("/robots.txt").status, 200);

    let first = "content/jyj/2026/001.md";
    let text = support::read(&site.path(first));
    let round = server.change(|| site.write(first, text.replacen("。", "。补充一句。", 1)));
    assert!(round["errors"].as_array().unwrap().is_empty(), "{round}");
    assert!(
        server
            .get(&doc_url("01526376-X/2026-00001"))
            .text()
            .contains("补充一句")
    );
    assert_eq!(
        server.get(&former).status,
        200,
        "the former number's page stays"
    );
    assert!(server.get(&former).text().contains("已改为"));
    let robots = server.get("/robots.txt");
    assert_eq!(robots.status, 200, "root/robots.txt stays");
    assert!(robots.text().contains("Disallow: /report/"));
}

/// A document linked into content/ while serving is refused as `build` refuses it: the
/// preview never reads through the link, and the error goes with the link.
#[test]
fn a_document_linked_in_while_serving_is_refused_as_build_refuses_it() {
    let site = SiteTest::new("demo");
    let outside = tempfile::tempdir().unwrap();
    let added = "01526376-X/2026-00960";
    std::fs::write(
        outside.path().join("outside.md"),
        new_doc(added, "链接进来的外部文件", "tzgg"),
    )
    .unwrap();
    let server = Server::start(&site);
    let link = "content/jyj/2026/960.md";
    let status = server.change(|| {
        std::os::unix::fs::symlink(outside.path().join("outside.md"), site.path(link)).unwrap()
    });
    let errors = status["errors"].as_array().unwrap();
    assert!(
        errors
            .iter()
            .any(|e| e["file"] == link && e["code"] == "path-escape"),
        "{status}"
    );
    assert_eq!(server.get(&doc_url(added)).status, 404);
    assert_eq!(site.run(&["check"]).status, 1, "check refuses it too");
    let status = server.change(|| std::fs::remove_file(site.path(link)).unwrap());
    assert!(status["errors"].as_array().unwrap().is_empty(), "{status}");
}

/// A site broken from the start has no pages yet: every address answers a page that the
/// live script shows the findings over (not a bare 404), and the site once it is fixed.
/// The browser's view of it is in tests/browser/serve/.
#[test]
fn a_site_broken_at_start_shows_its_errors_then_the_site() {
    let site = SiteTest::new("demo");
    let file = "content/jyj/2026/001.md";
    let good = support::read(&site.path(file));
    site.write(file, good.replace("published: ", "published: 2026-13-45 #"));
    let server = Server::start(&site);
    let errors = server.status()["errors"].clone();
    assert!(
        errors.as_array().unwrap().iter().any(|e| e["file"] == file),
        "{errors}"
    );
    for path in ["/", "/docs/nothing.html"] {
        let page = server.get(path);
        assert_eq!(page.status, 503, "{path}");
        assert!(page.text().contains("预览尚未生成"), "{}", page.text());
        assert!(
            page.text().contains("/__gongkai/live.js"),
            "the overlay's script"
        );
    }
    let status = server.change(|| site.write(file, &good));
    assert!(status["errors"].as_array().unwrap().is_empty(), "{status}");
    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert!(!home.text().contains("预览尚未生成"));
}

/// `serve --timings` prints each round's stages and, after the pause, the rules' and the
/// report's: every stage, and stage times that add up to no more than the total.
#[test]
fn timings_print_each_round_s_stages() {
    let site = SiteTest::new("demo");
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("stderr.txt");
    let mut child = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["--root", site.root.to_str().unwrap(), "--today", TODAY])
        .args(["serve", "--port", "0", "--timings", "--out"])
        .arg(dir.path().join("preview"))
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let start = Instant::now();
    let text = loop {
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        let pause = text
            .split("停顿后 after the pause")
            .nth(1)
            .unwrap_or_default();
        if pause.contains("合计 total") {
            break text;
        }
        assert!(start.elapsed() < Duration::from_secs(20), "{text}");
        std::thread::sleep(Duration::from_millis(50));
    };
    let _ = child.kill();
    let _ = child.wait();
    let wall = |row: &str| -> u64 {
        let after = row.split_once(" ms").unwrap().0;
        after.split_whitespace().last().unwrap().parse().unwrap()
    };
    for (table, stages) in [
        (
            "本轮 round",
            &[
                "链接 link",
                "正文引用",
                "整文件检查",
                "页面 pages",
                "删除旧文件",
            ][..],
        ),
        (
            "停顿后 after the pause",
            &["导出 exports", "规则 rules", "报告 report"][..],
        ),
    ] {
        let rows: Vec<&str> = text
            .split(table)
            .nth(1)
            .unwrap_or_else(|| panic!("no {table} table: {text}"))
            .lines()
            .skip(2)
            .take_while(|l| !l.starts_with("合计 total"))
            .collect();
        for stage in stages {
            assert!(rows.iter().any(|r| r.starts_with(stage)), "{stage}: {text}");
        }
        let total = text
            .split(table)
            .nth(1)
            .unwrap()
            .lines()
            .find(|l| l.starts_with("合计 total"))
            .unwrap();
        let sum: u64 = rows.iter().map(|r| wall(r)).sum();
        assert!(sum <= wall(total), "{sum} > {total}");
    }
}

/// Settings files are watched wherever they live: a word list kept in a subfolder is
/// re-checked when it is saved.
#[test]
fn a_word_list_in_a_subfolder_is_checked_again_when_saved() {
    let site = SiteTest::new("demo");
    site.write("lists/words.txt", "# 错敏词\n");
    site.write(
        "site.toml",
        support::read(&site.path("site.toml")).replace(
            "[rules]\n",
            "[rules]\nsensitive_words = \"lists/words.txt\"\n",
        ),
    );
    let server = Server::start(&site);
    let before = server.settled_after(0)["warnings"].as_u64().unwrap();
    let after = server.change(|| {
        site.write(
            "lists/words.txt",
            "# 错敏词\n宅基地管理暂行办法 => 宅基地管理办法\n",
        )
    });
    assert!(
        after["warnings"].as_u64().unwrap() > before,
        "{before} warnings before, then {after}"
    );
    assert!(server.get("/report/").text().contains("宅基地管理暂行办法"));
}

/// An attachment replaced while `serve` runs is read again (its content changed, so the
/// cache has nothing for it): a name list that now holds an ID number is reported, and the
/// new file is what the server sends.
#[test]
fn a_replaced_attachment_is_read_again() {
    let site = SiteTest::new("demo");
    let list = "content/mzj/2026/2026年第三季度城乡低保对象名单.xlsx";
    let server = Server::start(&site);
    server.settled_after(0);
    assert!(!server.get("/report/").text().contains("personal-data"));
    let id = support::valid_id();
    server.change(|| {
        support::office::xlsx(
            &site.path(list),
            "低保对象名单",
            &[&["序号", "户主姓名", "身份证号"], &["1", "张*华", &id]],
        )
    });
    let report = server.get("/report/").text();
    assert!(report.contains("工作表「低保对象名单」C2"), "{report}");
    let name: String = "2026年第三季度城乡低保对象名单.xlsx"
        .bytes()
        .map(|b| match b.is_ascii_alphanumeric() || b".-".contains(&b) {
            true => (b as char).to_string(),
            false => format!("%{b:02X}"),
        })
        .collect();
    let url = format!("/docs/01526381-7-2026-00001/{name}");
    let served = server.get(&url);
    assert_eq!(served.status, 200);
    assert_eq!(served.body, std::fs::read(site.path(list)).unwrap());
}

/// SPEC §9 in the preview as in `build`: a public text attachment quoting an on-request line
/// is a warning and is served; one quoting a withheld line keeps the last good site.
#[test]
fn an_attachment_quoting_a_confidential_line_is_judged_as_build_judges_it() {
    let site = SiteTest::new("leak");
    let line = "全县共排查出安全隐患一百二十七处并已全部整改到位";
    let server = Server::start(&site);
    server.settled_after(0);
    server.change(|| {
        let on_request = site.path("content/2026/on-request.md");
        let text = support::read(&on_request).replace(
            "依申请公开文件的正文不得出现在网站上。",
            &format!("{line}。"),
        );
        std::fs::write(&on_request, text).unwrap();
        site.write(
            "content/2026/public-attachment.txt",
            format!("摘录：{line}\n"),
        );
    });
    let report = server.get("/report/").text();
    assert!(report.contains("on-request-quoted"), "{report}");
    assert!(!report.contains("(leak)"), "{report}");
    let served = server.get("/docs/a-2026-00001/public-attachment.txt");
    assert_eq!(served.status, 200);
    assert!(String::from_utf8_lossy(&served.body).contains(line));
    let status = server.change(|| {
        let withheld = site.path("content/2026/withheld.md");
        let text = support::read(&withheld).replace(
            "不予公开文件的正文。",
            "县委常委会研究决定暂缓公布二〇二六年度干部调整方案的有关事项。",
        );
        std::fs::write(&withheld, text).unwrap();
        site.write(
            "content/2026/public-attachment.txt",
            "据悉，县委常委会研究决定暂缓公布二〇二六年度干部调整方案的有关事项。\n",
        );
    });
    let errors = status["errors"].as_array().unwrap();
    assert!(
        errors
            .iter()
            .any(|e| e["code"] == "withheld-quoted" && e["file"] == "content/2026/public.md"),
        "{status}"
    );
    let served = server.get("/docs/a-2026-00001/public-attachment.txt");
    assert!(String::from_utf8_lossy(&served.body).contains(line));
    assert!(!String::from_utf8_lossy(&served.body).contains("干部调整"));
}

/// SPEC §10: one line in the new document changes the old one's page and both lists.
#[test]
fn a_replacement_changes_the_old_page_and_the_lists() {
    let site = SiteTest::new("demo");
    let server = Server::start(&site);
    server.settled_after(0);
    let old = "/docs/01526387-6-2026-00001.html";
    assert!(!server.get(old).text().contains("life-banner"));
    server.change(|| {
        site.write(
            "content/zjj/2026/900.md",
            new_doc("01526387-6/2026-00900", "示例县城区机动车停放管理办法（修订）", "zcwj")
                .replacen(
                    "attribute:",
                    "doc_type: 规范性文件\neffective: 2026-11-21\nreplaces: [01526387-6/2026-00001]\nattribute:",
                    1,
                ),
        )
    });
    let page = server.get(old).text();
    assert!(page.contains("本文件已于2026-11-21被"), "{page}");
    assert!(page.contains("示例县城区机动车停放管理办法（修订）"));
    let ended = server.get("/validity/ended.html").text();
    assert!(
        ended.contains("示例县城区机动车停放管理办法</a>"),
        "{ended}"
    );
    // Taken back: in force again.
    server.change(|| std::fs::remove_file(site.path("content/zjj/2026/900.md")).unwrap());
    assert!(!server.get(old).text().contains("life-banner"));
    assert!(
        !server
            .get("/validity/ended.html")
            .text()
            .contains("示例县城区机动车停放管理办法</a>")
    );
}

/// SPEC §11: the preview shows a draft, with a 草稿 banner and a tag in the lists.
#[test]
fn the_preview_shows_drafts_with_a_banner() {
    let site = SiteTest::new("demo");
    let server = Server::start(&site);
    server.settled_after(0);
    server.change(|| {
        site.write(
            "content/jyj/2026/951.md",
            new_doc("01526376-X/2026-00951", "起草中的年度报告", "zcwj").replacen(
                "attribute:",
                "draft: true\nattribute:",
                1,
            ),
        )
    });
    let page = server.get("/docs/01526376-x-2026-00951.html");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("本页是草稿的预览"), "{}", page.text());
    let column = server.get("/category/zcwj/index.html").text();
    assert!(column.contains("起草中的年度报告") && column.contains(">草稿</span>"));
}

/// A page whose body links to another document follows that document when its index
/// number (so its URL) changes, though the linking file did not change.
#[test]
fn a_link_follows_the_document_it_names() {
    let site = SiteTest::new("links");
    let server = Server::start(&site);
    server.settled_after(0);
    let a = "/docs/11530000-1-2026-00001.html";
    assert!(
        server
            .get(a)
            .text()
            .contains("href=\"11530000-1-2025-00001.html#di-er-tiao\"")
    );
    let other = support::read(&site.path("content/jyj/2025/001.md"));
    server.change(|| {
        site.write(
            "content/jyj/2025/001.md",
            other.replace("11530000-1/2025-00001", "11530000-1/2025-00009"),
        )
    });
    assert!(
        server
            .get(a)
            .text()
            .contains("href=\"11530000-1-2025-00009.html#di-er-tiao\"")
    );
}

#[test]
fn the_reload_event_comes_after_the_page_is_in_place() {
    let site = SiteTest::new("demo");
    let server = Server::start(&site);
    let mut events = TcpStream::connect(&server.addr).unwrap();
    write!(events, "GET /__gongkai/events HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    events
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut reader = BufReader::new(events);
    // Skip the headers and the current state sent on connecting.
    let mut line = String::new();
    while reader.read_line(&mut line).unwrap() > 0 && !line.starts_with("data: ") {
        line.clear();
    }
    let file = "content/jyj/2026/001.md";
    let text = support::read(&site.path(file));
    site.write(
        file,
        text.replacen("招生入学管理办法", "招生入学管理办法（事件测试）", 1),
    );
    let page = server
        .out
        .join(doc_url("01526376-X/2026-00001").trim_start_matches('/'));
    loop {
        line.clear();
        assert!(
            reader.read_line(&mut line).unwrap() > 0,
            "event stream closed"
        );
        let Some(data) = line.strip_prefix("data: ") else {
            continue;
        };
        let msg: serde_json::Value = serde_json::from_str(data).unwrap();
        let changed: Vec<&str> = msg["changed"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|v| v.as_str())
            .collect();
        if changed
            .iter()
            .any(|c| c.starts_with("docs/01526376-x-2026-00001"))
        {
            // When the browser is told, the new page is already there.
            assert!(support::read(&page).contains("（事件测试）"));
            break;
        }
    }
}

/// SPEC §9: whatever a file contains, `serve` stays responsive: a file that once pinned a
/// core in the YAML parser is refused at once, and the next save is applied.
#[test]
fn a_hostile_file_does_not_stall_serve() {
    let site = SiteTest::new("demo");
    let server = Server::start(&site);
    let started = Instant::now();
    let status = server.change(|| {
        site.write(
            "content/jyj/2026/deep.md",
            format!(
                "---\ntitle: 嵌套\nindex_no: 01526376-X/2026-00950\nissuer: 县教育局\ncategory: tzgg\npublished: 2026-11-21\nattribute: 主动公开\nkeywords: {}\n---\n\n正文。\n",
                "[".repeat(300_000)
            ),
        )
    });
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    assert!(
        status.to_string().contains("yaml-too-deep")
            || server.get("/report/").text().contains("yaml-too-deep")
    );
    // Fixing the file brings it in; another save is applied too.
    server.change(|| {
        site.write(
            "content/jyj/2026/deep.md",
            new_doc("01526376-X/2026-00950", "嵌套已修正", "tzgg"),
        )
    });
    assert_eq!(server.get(&doc_url("01526376-X/2026-00950")).status, 200);
}

/// SPEC §12: in a git repository the preview shows each page's 更新记录, and after an edit
/// its folder still equals a clean build of the same repository.
#[test]
fn on_a_repository_the_preview_shows_history_and_equals_a_clean_build() {
    let site = SiteTest::new("demo");
    support::git(&site.root, "2026-03-01", &["init", "-q", "-b", "main"]);
    support::git(&site.root, "2026-03-01", &["add", "-A"]);
    support::git(
        &site.root,
        "2026-03-01",
        &["commit", "-q", "-m", "迁入 gongkai"],
    );
    let rel = "content/jyj/2026/001.md";
    let text = support::read(&site.path(rel));
    site.write(rel, format!("{text}\n补充说明。\n"));
    support::git(&site.root, "2026-03-05", &["commit", "-qam", "补充说明"]);
    let server = Server::start(&site);
    server.settled_after(0);
    server.change(|| {
        let t = support::read(&site.path(rel));
        site.write(rel, format!("{t}\n再补充一句。\n"));
    });
    let (differ, built) = against_clean_build(&site, &server);
    assert!(differ.is_empty(), "differs from a clean build: {differ:?}");
    let page = built
        .iter()
        .find(|(k, v)| k.starts_with("docs/") && String::from_utf8_lossy(v).contains("再补充一句"))
        .map(|(_, v)| String::from_utf8_lossy(v).into_owned())
        .expect("the edited page");
    assert!(
        page.contains("更新记录") && page.contains("补充说明</li>"),
        "no history on the page"
    );
    // A commit made while previewing shows without a restart.
    let url = built
        .iter()
        .find(|(k, v)| k.starts_with("docs/") && String::from_utf8_lossy(v).contains("再补充一句"))
        .map(|(k, _)| format!("/{k}"))
        .unwrap();
    support::git(
        &site.root,
        "2026-03-09",
        &["commit", "-qam", "再补充一句话"],
    );
    let started = std::time::Instant::now();
    loop {
        if server.get(&url).text().contains("再补充一句话</li>") {
            break;
        }
        assert!(
            started.elapsed().as_secs() < 20,
            "the commit never showed in the preview"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

/// SPEC §15: without `--out` the preview is private to the site's `.gongkai/serve/` (mode
/// 0700), a link planted there is removed, never followed, and SIGTERM stops serve within a
/// second and removes the folder.
#[test]
fn the_default_preview_is_private_and_goes_when_serve_stops() {
    use std::os::unix::fs::PermissionsExt;
    let site = SiteTest::new("links");
    let victim = tempfile::tempdir().unwrap();
    std::fs::write(victim.path().join("keep.txt"), "not serve's").unwrap();
    std::fs::create_dir_all(site.path(".gongkai")).unwrap();
    std::os::unix::fs::symlink(victim.path(), site.path(".gongkai/serve")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["--root", site.root.to_str().unwrap(), "--today", TODAY])
        .args(["serve", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start gongkai serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert!(line.contains("http://127.0.0.1:"), "{line}");
    let preview = site.path(".gongkai/serve");
    let meta = std::fs::symlink_metadata(&preview).unwrap();
    assert!(meta.is_dir() && !meta.file_type().is_symlink());
    assert_eq!(meta.permissions().mode() & 0o777, 0o700);
    assert!(preview.join("index.html").is_file());
    assert!(
        victim.path().join("keep.txt").is_file(),
        "followed the link"
    );
    let started = Instant::now();
    let pid = child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "still running after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(!preview.exists(), "the preview folder stayed behind");
}

/// The report page re-rendered after each round of rules is in the last event, which every
/// new connection is sent first: the page must not reload for it, or it reloads for ever and
/// never finishes loading (headless Chromium never took its picture). Each page knows the
/// version it was served at; a real Chromium takes the report page's picture.
#[test]
fn the_report_page_finishes_loading_in_a_real_browser() {
    let site = SiteTest::new("demo");
    let server = Server::start(&site);
    let status = server.settled_after(0);
    let version = status["version"].as_u64().unwrap();
    assert!(
        status["changed"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == "report/index.html"),
        "the last event names the report page: {status}"
    );
    let page = server.get("/report/index.html").text();
    assert!(
        page.contains(&format!("data-version=\"{version}\"")),
        "served at version {version}"
    );
    let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
        .expect("tests/setup.sh installs Chromium");
    let shot = tempfile::tempdir().unwrap();
    let png = shot.path().join("report.png");
    let mut browser = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--window-size=1200,900",
        ])
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!(
            "--user-data-dir={}",
            shot.path().join("profile").display()
        ))
        .arg(format!("http://{}/report/index.html", server.addr))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    let finished = loop {
        if let Some(status) = browser.try_wait().unwrap() {
            break Some(status);
        }
        if started.elapsed() > std::time::Duration::from_secs(60) {
            let _ = browser.kill();
            let _ = browser.wait();
            break None;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    assert!(finished.is_some(), "the report page never finished loading");
    assert!(png.is_file(), "no picture of the report page");
}

/// A served page less the version its live script is told.
fn versionless(page: &str) -> String {
    match page.find(" data-version=\"") {
        Some(i) => {
            let end = page[i + 15..]
                .find('"')
                .map_or(page.len(), |j| i + 15 + j + 1);
            format!("{}{}", &page[..i], &page[end..])
        }
        None => page.to_string(),
    }
}

//! SPEC §9, "Nothing is left beside the output": the staging folder lives only while `build`
//! runs, whatever way the build ends, and a killed build's leftovers are removed by the next.

mod support;

use std::path::Path;
use std::process::{Command, Stdio};
use support::SiteTest;

/// Every file under `dir` (hidden ones included), relative, sorted.
fn listing(dir: &Path) -> Vec<String> {
    support::tree(dir).into_keys().collect()
}

/// Names directly in `dir`.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn build_into(site: &SiteTest, out: &Path) -> support::Run {
    site.run(&["build", "--out", out.to_str().unwrap()])
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[test]
fn a_document_flipped_to_withheld_leaves_nothing_under_the_web_root() {
    let site = SiteTest::new("leak");
    let www = tempfile::tempdir().unwrap();
    let out = www.path().join("xxgk");
    assert_eq!(build_into(&site, &out).status, 0);
    assert_eq!(names(www.path()), ["xxgk"]);
    let public = site.path("content/2026/public.md");
    let before = support::read(&public);
    assert!(before.contains("这是一份主动公开的文件"));
    // Publish it again as a withheld document with a marker of its own.
    site.write(
        "content/2026/public.md",
        before
            .replace("attribute: 主动公开", "attribute: 不予公开")
            .replace(
                "这是一份主动公开的文件",
                "FLIPPED-SECRET 这是一份主动公开的文件",
            ),
    );
    assert_eq!(build_into(&site, &out).status, 0);
    assert_eq!(
        names(www.path()),
        ["xxgk"],
        "only --out is left beside the output"
    );
    for (path, bytes) in support::tree(www.path()) {
        assert!(!contains(&bytes, "FLIPPED-SECRET"), "in {path}");
        assert!(!contains(&bytes, "PUBLIC-ATTACHMENT-CONTENT"), "in {path}");
        assert!(!path.contains("a-2026-00001"), "{path}");
    }
}

#[test]
fn failed_builds_leave_the_output_as_it_was_and_nothing_beside_it() {
    let site = SiteTest::new("leak");
    let www = tempfile::tempdir().unwrap();
    let out = www.path().join("xxgk");
    assert_eq!(build_into(&site, &out).status, 0);
    let first = support::tree(&out);
    // An error found by an editorial rule, after the staging folder was made.
    site.write(
        "content/2026/quote.md",
        "---\ntitle: 公开文件\nindex_no: A/2026-00009\nissuer: 县人民政府办公室\ncategory: zcwj\npublished: 2026-03-02\nattribute: 主动公开\n---\n\n[看这里](missing.html) 正文。\n",
    );
    site.write(
        "site.toml",
        support::read(&site.path("site.toml")) + "\n[rules]\nbroken-link = \"error\"\n",
    );
    let run = build_into(&site, &out);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_eq!(names(www.path()), ["xxgk"]);
    assert_eq!(support::tree(&out), first);
    // An error in a document, before anything is staged.
    site.write("content/2026/bad.md", "---\ntitle: [\n---\n");
    assert_eq!(build_into(&site, &out).status, 1);
    assert_eq!(names(www.path()), ["xxgk"]);
    assert_eq!(support::tree(&out), first);
}

/// A file that cannot be written is a disk failure, not a content error: exit status 2,
/// the file named, the output as it was.
#[test]
fn a_write_that_fails_exits_2_and_keeps_the_output() {
    let site = SiteTest::new("leak");
    let www = tempfile::tempdir().unwrap();
    let out = www.path().join("xxgk");
    assert_eq!(build_into(&site, &out).status, 0);
    let first = support::tree(&out);
    // The theme writes assets/style.css as a file; this asks for a folder of that name.
    site.write("static/style.css/extra.txt", "x");
    let run = build_into(&site, &out);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(run.stderr.contains("style.css"), "{}", run.stderr);
    assert_eq!(names(www.path()), ["xxgk"]);
    assert_eq!(support::tree(&out), first);
}

#[test]
fn a_killed_build_leaves_a_folder_that_the_next_build_removes() {
    let site = SiteTest::new("leak");
    // Enough documents that the build is still writing when it is killed.
    let body = "为进一步做好信息公开工作，现将有关事项通知如下。\n\n".repeat(20);
    for i in 0..1500 {
        site.write(
            &format!("content/bulk/{i}.md"),
            format!(
                "---\ntitle: 批量文件第{i}号\nindex_no: A/2025-{:05}\nissuer: 县人民政府办公室\ncategory: tzgg\npublished: 2025-06-01\nattribute: 主动公开\n---\n\n{body}第{i}份。\n",
                i + 1
            ),
        );
    }
    let www = tempfile::tempdir().unwrap();
    let out = www.path().join("xxgk");
    let staging = www.path().join(".xxgk.gongkai-next");
    let mut killed_while_staging = false;
    for _attempt in 0..5 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_gongkai"))
            .args(["--root", site.root.to_str().unwrap()])
            .args(["--today", support::TODAY, "build", "--out"])
            .arg(&out)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let started = std::time::Instant::now();
        while !staging.join("docs").exists() && started.elapsed().as_secs() < 60 {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        child.kill().unwrap(); // SIGKILL: no clean-up code runs
        child.wait().unwrap();
        if staging.exists() {
            killed_while_staging = true;
            break;
        }
        // The build finished first; make the next one start from nothing.
        std::fs::remove_dir_all(&out).ok();
    }
    assert!(killed_while_staging, "never caught the build while staging");
    assert!(!listing(&staging).is_empty());
    let run = build_into(&site, &out);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(names(www.path()), ["xxgk"]);
    assert!(out.join("docs/a-2025-01500.html").is_file());
}

#[test]
fn a_staging_folder_not_made_by_gongkai_is_never_deleted() {
    let site = SiteTest::new("leak");
    let www = tempfile::tempdir().unwrap();
    let out = www.path().join("xxgk");
    std::fs::create_dir_all(www.path().join(".xxgk.gongkai-next")).unwrap();
    std::fs::write(www.path().join(".xxgk.gongkai-next/mine.txt"), "x").unwrap();
    let run = build_into(&site, &out);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(run.stderr.contains("not made by gongkai"), "{}", run.stderr);
    assert!(www.path().join(".xxgk.gongkai-next/mine.txt").is_file());
}

/// SPEC §14: a file in `--out` that the previous build did not write stops the build with
/// status 2 and its name, instead of being deleted with the old output; put in `root/`, it
/// is published by every build.
#[test]
fn a_file_the_previous_build_did_not_write_stops_the_build() {
    let site = SiteTest::new("demo");
    let out = site.build();
    std::fs::write(out.join("baidu_verify_abc.html"), "abc").unwrap();
    let run = site.run(&["build"]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("baidu_verify_abc.html"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(out.join("baidu_verify_abc.html")).unwrap(),
        "abc"
    );
    // A file the build wrote may go: a page of a deleted document is no stranger.
    std::fs::remove_file(out.join("baidu_verify_abc.html")).unwrap();
    site.write("root/baidu_verify_abc.html", "abc");
    site.build();
    std::fs::remove_file(site.path("root/baidu_verify_abc.html")).unwrap();
    let out = site.build();
    assert!(!out.join("baidu_verify_abc.html").exists());
}

/// A folder of the site that cannot be read whole (here `root/private/`, unreadable by the
/// account that builds) is an error that names it: the files of `root/` are published as
/// they are, and leaving some out unseen would be a silent pass. The build writes nothing.
#[test]
fn a_folder_that_cannot_be_read_is_an_error_naming_it() {
    use std::os::unix::fs::PermissionsExt;
    let site = SiteTest::new("links");
    site.write("root/robots.txt", "User-agent: *\n");
    site.write("root/private/notes.txt", "x\n");
    // Root reads every folder whatever its mode: then the build runs as `nobody`, as an
    // office's own account would, over a site it may read and write.
    let as_root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    let mut dirs = vec![site.root.parent().unwrap().to_path_buf()];
    let mut files = Vec::new();
    let mut stack = vec![site.root.clone()];
    while let Some(d) = stack.pop() {
        dirs.push(d.clone());
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p)
            } else {
                files.push(p)
            }
        }
    }
    for d in &dirs {
        std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o777)).unwrap();
    }
    for f in &files {
        std::fs::set_permissions(f, std::fs::Permissions::from_mode(0o666)).unwrap();
    }
    let private = site.path("root/private");
    std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o000)).unwrap();
    let mut command = if as_root {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_gongkai"));
        c
    } else {
        Command::new(env!("CARGO_BIN_EXE_gongkai"))
    };
    let out = command
        .args([
            "--root",
            site.root.to_str().unwrap(),
            "--today",
            support::TODAY,
        ])
        .arg("build")
        .output()
        .expect("run gongkai");
    std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o755)).unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("root/private"),
        "the folder is named: {stderr}"
    );
    assert!(!site.path("public").exists(), "nothing is written");
}

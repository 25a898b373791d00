//! Unit tests of the reading of the site's folder.

use super::*;

#[test]
fn a_register_folder_that_cannot_be_listed_is_named() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("applications"), "not a folder").unwrap();
    let got = super::read_texts(dir.path(), "applications", ".csv");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "applications");
    assert!(got[0].1.is_err());
    assert!(super::read_texts(dir.path(), "reports", ".toml").is_empty());
}

/// A link in a folder published as it is (`root/`, `static/`) is an error that names
/// it: never followed out of the site, never left out unseen.
#[test]
fn a_symbolic_link_among_published_files_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "x").unwrap();
    std::fs::create_dir(dir.path().join("root")).unwrap();
    std::fs::write(dir.path().join("root/robots.txt"), "User-agent: *").unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        dir.path().join("root/verify.txt"),
    )
    .unwrap();
    let d = files_under(&dir.path().join("root")).unwrap_err();
    assert!(d.message.contains("verify.txt"), "{}", d.message);
    assert!(d.message.contains("符号链接"));
    std::fs::remove_file(dir.path().join("root/verify.txt")).unwrap();
    assert_eq!(files_under(&dir.path().join("root")).unwrap().len(), 1);
}

/// A document or a folder of them behind a link in content/ is named, not skipped.
#[test]
fn a_linked_document_or_folder_in_content_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("a.md"), "---\ntitle: x\n---\n").unwrap();
    std::fs::create_dir_all(dir.path().join("content/2026")).unwrap();
    std::fs::write(dir.path().join("content/2026/b.md"), "---\ntitle: y\n---\n").unwrap();
    let link = |to: &Path, at: &str| std::os::unix::fs::symlink(to, dir.path().join(at));
    link(&outside.path().join("a.md"), "content/2026/a.md").unwrap();
    link(outside.path(), "content/old").unwrap();
    link(&outside.path().join("a.md"), "content/2026/scan.pdf").unwrap();
    let (files, diags) = read_content(dir.path()).unwrap();
    assert_eq!(files.len(), 1, "only the real document is read");
    let named: Vec<_> = diags.iter().filter_map(|d| d.file.as_deref()).collect();
    assert_eq!(named, ["content/2026/a.md", "content/old"], "{diags:?}");
    assert!(diags.iter().all(|d| d.code == codes::PATH_ESCAPE));
    // As serve reads one changed file, so it refuses the same link.
    let one = read_document(dir.path(), "content/2026/a.md").unwrap();
    assert_eq!(one.unwrap_err().code, codes::PATH_ESCAPE);
    assert!(
        read_document(dir.path(), "content/2026/b.md")
            .unwrap()
            .is_ok()
    );
}

#[test]
fn accepts_bom_and_crlf() {
    let t = decode(b"\xEF\xBB\xBF---\r\ntitle: x\r\n---\r\n".to_vec()).unwrap();
    assert_eq!(t, "---\ntitle: x\n---\n");
}

#[test]
fn names_gbk() {
    // "标题" in GBK is B1 EA CC E2.
    let d = decode(b"---\ntitle: \xB1\xEA\xCC\xE2\n".to_vec()).unwrap_err();
    assert_eq!(d.code, codes::ENCODING);
    assert!(d.message.contains("GBK"));
    assert_eq!((d.line, d.column), (Some(2), Some(8)));
}

#[test]
fn rejects_binary_and_utf16() {
    assert!(
        decode(b"\x89PNG\r\n\x1a\n\0\0".to_vec())
            .unwrap_err()
            .message
            .contains("二进制")
    );
    assert!(
        decode(b"\xFF\xFEa\0".to_vec())
            .unwrap_err()
            .message
            .contains("UTF-16")
    );
}

#[test]
fn reads_every_visible_file_in_path_order() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    let mut want = Vec::new();
    // More files than readers, in several folders, written out of order.
    for folder in ["b", "a", "a/z", "c"] {
        std::fs::create_dir_all(content.join(folder)).unwrap();
        for n in (0..30).rev() {
            let name = format!("{folder}/{n:02}.md");
            std::fs::write(content.join(&name), format!("---\ntitle: {name}\n")).unwrap();
            want.push(format!("content/{name}"));
        }
    }
    std::fs::create_dir_all(content.join(".hidden")).unwrap();
    std::fs::write(content.join(".hidden/x.md"), "x").unwrap();
    std::fs::write(content.join("a/.x.md"), "x").unwrap();
    std::fs::write(content.join("a/note.txt"), "x").unwrap();
    std::fs::write(content.join("c/gbk.md"), b"\xB1\xEA\xCC\xE2").unwrap();
    let (files, diags) = read_content(dir.path()).unwrap();
    want.sort();
    let got: Vec<&str> = files.iter().map(|f| f.rel.as_str()).collect();
    assert_eq!(got, want);
    assert!(
        files
            .iter()
            .all(|f| f.text.ends_with(&format!("{}\n", &f.rel[8..])))
    );
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].code, codes::ENCODING);
}

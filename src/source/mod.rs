//! Reading the site from disk: site.toml, the Markdown files under `content/` in sorted order,
//! decoded to UTF-8 text with BOM removed and CRLF turned into LF. Files in another encoding
//! (GBK from Windows, UTF-16), binary files and oversized files become diagnostics.
//!
//! With `output/` and `serve/`, the only code that touches the disk.

pub mod attachments;
pub mod csv;
pub mod extract;
pub mod history;
pub mod theme;

use crate::diag::position::LineIndex;
use crate::diag::{Diagnostic, codes};
use std::path::{Path, PathBuf};

/// Largest document accepted; a government document is rarely above a few hundred KB.
pub const MAX_DOCUMENT_BYTES: u64 = 8 * 1024 * 1024;

/// One Markdown file, decoded.
#[derive(Debug)]
pub struct SourceFile {
    /// Path relative to the site root with `/` separators, e.g. `content/jyj/2026/1.md`.
    pub rel: String,
    pub text: String,
}

/// All `.md` files under `root/content`, sorted by path, read and decoded in parallel.
/// Hidden files and folders (starting with `.`) are skipped; symbolic links are not followed.
///
/// The walk hands each file to a rayon pool of reader threads as it finds it, so reading
/// starts with the first file. The pool has more threads than cores ([`readers`]): a file
/// that is not in the page cache blocks its reader on the disk, and the others keep the cores
/// busy (with a fifth of the files evicted, a 10,000-document build took 10 % less wall time
/// than when reading on the two cores' global rayon threads; with none cached, 30 % less).
pub fn read_content(root: &Path) -> std::io::Result<(Vec<SourceFile>, Vec<Diagnostic>)> {
    let content = root.join("content");
    if !content.is_dir() {
        return Ok((Vec::new(), Vec::new()));
    }
    let read = std::sync::Mutex::new(Vec::new());
    let walked = readers()?.scope(|s| {
        walk(root, &content, |n, path, rel| {
            let read = &read;
            s.spawn(move |_| {
                let one = read_one(&path, &rel);
                read.lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push((n, one));
            });
        })
    });
    let mut diags = walked?;
    let mut read = read.into_inner().unwrap_or_else(|e| e.into_inner());
    read.sort_unstable_by_key(|(i, _)| *i);
    let mut files = Vec::with_capacity(read.len());
    for (_, r) in read {
        match r {
            Ok(f) => files.push(f),
            Err(d) => diags.push(d),
        }
    }
    Ok((files, diags))
}

/// A pool of readers for one walk: four threads a core, at least eight. It ends with the
/// walk, so a long-running `serve` keeps no idle threads holding memory they read into.
fn readers() -> std::io::Result<rayon::ThreadPool> {
    let n = (std::thread::available_parallelism().map_or(1, |n| n.get()) * 4).max(8);
    rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .thread_name(|i| format!("reader-{i}"))
        .build()
        .map_err(std::io::Error::other)
}

/// Hand every visible `.md` file under `content`, in sorted order, numbered, to `found`;
/// a symbolic link to a document or a folder is an error that names it.
fn walk(
    root: &Path,
    content: &Path,
    mut found: impl FnMut(usize, PathBuf, String),
) -> std::io::Result<Vec<Diagnostic>> {
    let walker = walkdir::WalkDir::new(content)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    let mut n = 0;
    let mut links = Vec::new();
    for entry in walker {
        let entry = entry.map_err(std::io::Error::other)?;
        let is_md = entry
            .path()
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("md"));
        if entry.file_type().is_file() && is_md {
            let rel = rel_path(root, entry.path());
            found(n, entry.into_path(), rel);
            n += 1;
        } else if entry.path_is_symlink()
            && let Some(d) = linked(root, entry.path())
        {
            links.push(d);
        }
    }
    Ok(links)
}

/// A document, or a folder that may hold some, behind a symbolic link in `content/`: an
/// error that names it. It is never followed (it may lead out of the site) and never left
/// out unseen. A linked attachment is the attachment resolver's to judge.
pub fn linked(root: &Path, path: &Path) -> Option<Diagnostic> {
    let is_link = path
        .symlink_metadata()
        .is_ok_and(|m| m.file_type().is_symlink());
    let is_md = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md"));
    (is_link && (is_md || path.is_dir())).then(|| {
        Diagnostic::error(
            codes::PATH_ESCAPE,
            "这是符号链接，不读取 (a symbolic link is never followed)",
        )
        .in_file(rel_path(root, path))
        .help("把文件（或文件夹）本身放进 content/，而不是指向别处的链接")
    })
}

/// One document file by its path relative to the site root (as `serve` sees changes):
/// `None` when it no longer exists or is not a visible `.md` file under `content/`; a
/// link to one is the error [`linked`] gives, as the walk reports it.
pub fn read_document(root: &Path, rel: &str) -> Option<Result<SourceFile, Diagnostic>> {
    let visible = rel.starts_with("content/")
        && rel.ends_with(".md")
        && !rel.split('/').any(|seg| seg.starts_with('.'));
    let path = root.join(rel);
    if !visible {
        return None;
    }
    if let Some(d) = linked(root, &path) {
        return Some(Err(d));
    }
    path.is_file().then(|| read_one(&path, rel))
}

/// `path` relative to `root`, with `/` separators.
pub fn rel_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn read_one(path: &Path, rel: &str) -> Result<SourceFile, Diagnostic> {
    let io_err = |e: std::io::Error| {
        Diagnostic::error(
            codes::ENCODING,
            format!("无法读取文件：{e} (cannot read file)"),
        )
        .in_file(rel)
    };
    // One open, and the size from the open file: a path lookup per file, not two.
    let mut file = std::fs::File::open(path).map_err(io_err)?;
    let len = file.metadata().map_err(io_err)?.len();
    if len > MAX_DOCUMENT_BYTES {
        return Err(Diagnostic::error(
            codes::FILE_TOO_LARGE,
            format!(
                "文件 {} MB，超过 {} MB 上限 (file too large)",
                len / (1024 * 1024),
                MAX_DOCUMENT_BYTES / (1024 * 1024)
            ),
        )
        .in_file(rel)
        .help("把大段表格或扫描件作为附件（attachments）上传，正文只保留文字"));
    }
    let mut bytes = Vec::with_capacity(len as usize + 1);
    std::io::Read::read_to_end(&mut file, &mut bytes).map_err(io_err)?;
    decode(bytes)
        .map(|text| SourceFile {
            rel: rel.to_string(),
            text,
        })
        .map_err(|d| d.in_file(rel))
}

/// Bytes to text: UTF-8 with or without BOM, CRLF normalised to LF; anything else is an
/// `encoding` diagnostic that says what the file looks like.
pub fn decode(mut bytes: Vec<u8>) -> Result<String, Diagnostic> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Diagnostic::error(
            codes::ENCODING,
            "文件是 UTF-16 编码，不是 UTF-8 (file is UTF-16, not UTF-8)",
        )
        .help("在编辑器中“另存为”并选择 UTF-8 编码"));
    }
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    if let Some(at) = memchr::memchr(0, &bytes) {
        let pos = position_in_prefix(&bytes, at);
        return Err(Diagnostic::error(
            codes::ENCODING,
            "文件包含 NUL 字节，是二进制文件而不是文本 (binary file, not Markdown text)",
        )
        .at(Some(pos))
        .help("只有 Markdown 文本才能以 .md 结尾；Word、PDF 等文件请作为附件列在 attachments 中"));
    }
    // Checked with SIMD first (std's check took 3 % of a build on Chinese text); the slower
    // std check runs only on a file already known to be invalid, to say where.
    let mut text = if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: `bytes` was just validated as UTF-8.
        unsafe { String::from_utf8_unchecked(bytes) }
    } else {
        match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => return Err(not_utf8(e)),
        }
    };
    if text.contains('\r') {
        text = text.replace("\r\n", "\n").replace('\r', "\n");
    }
    Ok(text)
}

/// The `encoding` diagnostic for a file that is not UTF-8, at its first invalid byte.
fn not_utf8(e: std::string::FromUtf8Error) -> Diagnostic {
    let at = e.utf8_error().valid_up_to();
    let bytes = e.into_bytes();
    let pos = position_in_prefix(&bytes, at);
    let (msg, help) = if looks_like_gbk(&bytes[at..]) {
        (
            "文件不是 UTF-8 编码，看起来是 GBK/GB18030（Windows 记事本、WPS 的默认编码）(file is not UTF-8; it looks like GBK)",
            "用编辑器“另存为”UTF-8 编码，或运行 iconv -f GBK -t UTF-8",
        )
    } else {
        (
            "文件不是有效的 UTF-8 文本 (file is not valid UTF-8)",
            "用编辑器“另存为”UTF-8 编码",
        )
    };
    Diagnostic::error(codes::ENCODING, msg)
        .at(Some(pos))
        .help(help)
}

/// Position of byte `at`, counting only the valid UTF-8 before it.
fn position_in_prefix(bytes: &[u8], at: usize) -> crate::diag::position::Position {
    let prefix = String::from_utf8_lossy(&bytes[..at]);
    LineIndex::new(&prefix).position(prefix.len())
}

/// Whether the bytes from the first invalid one on read as GBK double-byte characters.
fn looks_like_gbk(bytes: &[u8]) -> bool {
    let mut i = 0;
    let mut pairs = 0;
    while i < bytes.len() && pairs < 16 {
        let b = bytes[i];
        if b < 0x80 {
            i += 1;
            continue;
        }
        let Some(&t) = bytes.get(i + 1) else {
            return pairs > 0;
        };
        if !(0x81..=0xFE).contains(&b) || !(0x40..=0xFE).contains(&t) || t == 0x7F {
            return false;
        }
        pairs += 1;
        i += 2;
    }
    pairs > 0
}

/// Read site.toml; `Err` (exit 2) when it is missing, since then this is not a site.
pub fn read_config(root: &Path) -> std::io::Result<Result<String, Diagnostic>> {
    let bytes = std::fs::read(root.join(crate::config::FILE))?;
    Ok(decode(bytes).map_err(|d| d.in_file(crate::config::FILE)))
}

/// The sensitive-word list: the file `[rules] sensitive_words` names (which must exist), or
/// `sensitive_words.txt` when present. `Ok(None)` when the site has no list.
pub fn read_word_list(root: &Path, configured: Option<&str>) -> Result<Option<String>, Diagnostic> {
    use crate::config::rules::DEFAULT_WORD_LIST;
    let rel = configured.unwrap_or(DEFAULT_WORD_LIST);
    let path = root.join(rel);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && configured.is_none() => {
            return Ok(None);
        }
        Err(e) => {
            return Err(Diagnostic::error(
                codes::CONFIG,
                format!("读不到错敏词表 {rel}：{e} (cannot read the sensitive-word list)"),
            )
            .in_file(crate::config::FILE)
            .field("sensitive_words")
            .help("路径相对于站点根目录；没有词表就删掉这一行"));
        }
    };
    decode(bytes).map(Some).map_err(|d| d.in_file(rel))
}

/// Write a new document as `<dir>/<seq:03>.md` (or `<seq:03>-2.md`, … if taken), never
/// overwriting a file. Returns the path relative to the site root.
pub fn create_document(root: &Path, dir: &str, seq: u64, text: &str) -> std::io::Result<String> {
    use std::io::Write;
    std::fs::create_dir_all(root.join(dir))?;
    let mut n = 1;
    loop {
        let name = if n == 1 {
            format!("{seq:03}.md")
        } else {
            format!("{seq:03}-{n}.md")
        };
        let rel = format!("{dir}/{name}");
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(root.join(&rel))
        {
            Ok(mut f) => {
                f.write_all(text.as_bytes())?;
                return Ok(rel);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => n += 1,
            Err(e) => return Err(e),
        }
    }
}

/// Write a new file at `path`, never overwriting one (the draft `gongkai report` writes, what
/// `gongkai import` writes).
pub fn create_file(path: &Path, bytes: impl AsRef<[u8]>) -> std::io::Result<()> {
    use std::io::Write;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    f.write_all(bytes.as_ref())
}

/// Write `text` at `path`, replacing what is there (a draft report's tables as CSV).
pub fn replace_file(path: &Path, text: &str) -> std::io::Result<()> {
    std::fs::write(path, text)
}

/// Every file under `dir` (none when it does not exist), as (path relative to `dir`, path),
/// in name order. A folder that cannot be read whole, or a symbolic link in it, is an error
/// naming it: its files are published as they are, and a file left out unseen would be a
/// silent pass.
pub fn files_under(dir: &Path) -> Result<Vec<(String, PathBuf)>, Diagnostic> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(|e| match e {
            Ok(e) if e.file_type().is_file() => {
                Some(Ok((rel_path(dir, e.path()), e.path().to_path_buf())))
            }
            // A link is never followed (it may lead out of the site), and never skipped
            // unseen: the file an editor put here would be missing from the site.
            Ok(e) if e.path_is_symlink() => Some(Err(Diagnostic::error(
                codes::PATH_ESCAPE,
                format!(
                    "{} 是符号链接，不发布 (a symbolic link is never followed)",
                    e.path().display()
                ),
            )
            .help("把文件本身放进这个文件夹，而不是指向别处的链接"))),
            Ok(_) => None,
            Err(e) => Some(Err(walk_error(&e))),
        })
        .collect()
}

/// A folder that could not be walked: an error that names it.
pub fn walk_error(e: &walkdir::Error) -> Diagnostic {
    let path = e
        .path()
        .map_or_else(String::new, |p| p.display().to_string());
    Diagnostic::error(
        codes::ENCODING,
        format!("无法读取 {path}：{e} (cannot read a folder)"),
    )
    .help("检查这个文件夹及其中文件的权限：要发布的文件必须能完整读取")
}

/// Templates as `(name, source, origin)`: the theme's `templates/`, then the site's own
/// `templates/` overriding by file name (its `new/`, the document templates, left out).
pub fn read_templates(root: &Path, theme: &str) -> std::io::Result<Vec<(String, String, String)>> {
    let mut by_name: std::collections::BTreeMap<String, (String, String)> =
        std::collections::BTreeMap::new();
    if theme == "default" && !root.join("themes/default/templates").is_dir() {
        for (name, text) in theme::TEMPLATES {
            let origin = format!("(built-in default theme) {name}");
            by_name.insert(name.to_string(), (text.to_string(), origin));
        }
    }
    let dirs = [
        root.join("themes").join(theme).join("templates"),
        root.join("templates"),
    ];
    for dir in &dirs {
        if !dir.is_dir() {
            continue;
        }
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let entry = entry.map_err(std::io::Error::other)?;
            if entry.file_type().is_file() {
                let name = rel_path(dir, entry.path());
                // `templates/new/` holds the document templates of `gongkai new`, not pages.
                if name.starts_with("new/") {
                    continue;
                }
                let text = std::fs::read_to_string(entry.path())?;
                by_name.insert(name, (text, rel_path(root, entry.path())));
            }
        }
    }
    Ok(by_name.into_iter().map(|(n, (t, o))| (n, t, o)).collect())
}

/// Whether `themes/<name>/templates` exists (the default theme always does: it is built in).
/// A static file to publish under `assets/`.
pub enum Static {
    /// A file of the built-in default theme.
    Builtin(&'static str),
    File(PathBuf),
}

/// The theme's static files (the built-in default theme's when the site has no copy of
/// it), then the site's own `static/`, by path under `assets/`.
pub fn static_files(root: &Path, theme: &str) -> Result<Vec<(String, Static)>, Diagnostic> {
    let theme_static = root.join("themes").join(theme).join("static");
    let mut out: Vec<(String, Static)> = Vec::new();
    if theme == "default" && !theme_static.is_dir() {
        out.extend(
            theme::STATIC
                .iter()
                .map(|(name, text)| (name.to_string(), Static::Builtin(text))),
        );
    }
    for dir in [theme_static, root.join("static")] {
        out.extend(
            files_under(&dir)?
                .into_iter()
                .map(|(rel, path)| (rel, Static::File(path))),
        );
    }
    Ok(out)
}

/// Whether `rel` (a path from the site root, `/`-separated) is a file of the site's folder,
/// not reached through a symbolic link out of it.
pub fn is_file(root: &Path, rel: &str) -> bool {
    let path = root.join(rel);
    match (path.canonicalize(), root.canonicalize()) {
        (Ok(p), Ok(r)) => p.starts_with(r) && p.is_file(),
        _ => false,
    }
}

pub fn theme_exists(root: &Path, name: &str) -> bool {
    name == "default"
        || !name.contains(['/', '\\'])
            && name != ".."
            && root.join("themes").join(name).join("templates").is_dir()
}

/// The files named `*<ext>` in the folder `dir` under the site root (the application
/// register's CSV, the annual reports' TOML), by path from the root in name order, each as
/// text (UTF-8 or GBK, as Excel saves a CSV) or why it could not be read. No folder, no files.
pub fn read_texts(root: &Path, dir: &str, ext: &str) -> Vec<(String, Result<String, String>)> {
    // A folder that is there but cannot be listed, or an entry that cannot be read, is named
    // as unread: its rows would otherwise be missing from the figures without a word.
    let entries = match std::fs::read_dir(root.join(dir)) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Vec::new(),
        Err(e) => return vec![(dir.to_string(), Err(e.to_string()))],
    };
    let mut unread = Vec::new();
    let mut files: Vec<String> = Vec::new();
    for entry in entries {
        match entry {
            Ok(e) if e.path().is_file() => files.push(e.file_name().to_string_lossy().into_owned()),
            Ok(_) => {}
            Err(e) => unread.push((dir.to_string(), Err(e.to_string()))),
        }
    }
    files.retain(|n| n.to_ascii_lowercase().ends_with(ext));
    files.sort();
    unread.extend(files.into_iter().map(|name| {
        let rel = format!("{dir}/{name}");
        let text = std::fs::read(root.join(&rel))
            .map_err(|e| format!("{e}"))
            .and_then(|b| extract::decode(&b).ok_or_else(|| "不是 UTF-8 或 GBK 编码".into()));
        (rel, text)
    }));
    unread
}

#[cfg(test)]
mod tests;

//! The preview's static server over tiny_http (which parses requests and writes responses):
//! GET and HEAD, byte ranges, the right content types, `index.html` for folders, the site's
//! 404 page, nothing outside the output folder, and two endpoints of its own — the
//! live-reload script and its event stream. The script is added to HTML responses on the
//! way out; it is never written to disk. docs/decisions.md says why tiny_http.

use std::collections::HashMap;
use std::io::Write;
use std::net::TcpListener;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const SCRIPT: &str = include_str!("live.js");
/// The live script, told the version of the site the page was served at: an event of that
/// version or older (the state every new connection is sent first) never reloads the page.
fn script_tag(version: u64) -> String {
    format!("<script src=\"/__gongkai/live.js\" data-version=\"{version}\"></script>")
}

/// What the server threads share with the rebuild loop.
#[derive(Default)]
pub struct Shared {
    pub out: PathBuf,
    /// Pages served from memory (the report page when the site does not publish it).
    pub virtual_pages: Mutex<HashMap<String, Vec<u8>>>,
    /// The last event sent, for clients that connect later and for `/__gongkai/status`.
    pub last: Mutex<String>,
    /// The version of that event.
    version: std::sync::atomic::AtomicU64,
    clients: Mutex<Vec<Sender<String>>>,
}

impl Shared {
    pub fn new(out: PathBuf) -> Shared {
        Shared {
            out,
            last: Mutex::new("{\"version\":0,\"settled\":0,\"changed\":[],\"errors\":[]}".into()),
            ..Shared::default()
        }
    }

    /// Send an event (a JSON object) to every open page.
    pub fn broadcast(&self, json: String) {
        let version = serde_json::from_str::<serde_json::Value>(&json)
            .ok()
            .and_then(|v| v["version"].as_u64())
            .unwrap_or(0);
        self.version
            .store(version, std::sync::atomic::Ordering::SeqCst);
        *self.last.lock().unwrap_or_else(|e| e.into_inner()) = json.clone();
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        clients.retain(|c| c.send(json.clone()).is_ok());
    }

    fn subscribe(&self) -> Receiver<String> {
        let (tx, rx) = channel();
        self.clients
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(tx);
        rx
    }
}

/// Serve until the process ends, each request on a thread of its own (the event stream
/// holds its thread). tiny_http reads requests and writes responses; what is served, and
/// from where, is decided here.
pub fn serve(listener: TcpListener, shared: Arc<Shared>) {
    let server = match tiny_http::Server::from_listener(listener, None) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("预览服务器无法启动 (preview server failed): {e}");
            return;
        }
    };
    for request in server.incoming_requests() {
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || {
            // An error here is a browser that went away mid-response: nothing to report.
            let _ = handle(request, &shared);
        });
    }
}

/// A response: status, content type, body, extra headers.
struct Reply {
    status: u16,
    kind: &'static str,
    body: Vec<u8>,
    extra: Vec<(&'static str, String)>,
}

impl Reply {
    fn new(status: u16, kind: &'static str, body: Vec<u8>) -> Reply {
        Reply {
            status,
            kind,
            body,
            extra: Vec::new(),
        }
    }

    fn with(mut self, name: &'static str, value: String) -> Reply {
        self.extra.push((name, value));
        self
    }

    /// Send it (tiny_http leaves the body out for HEAD).
    fn send(self, request: tiny_http::Request) -> std::io::Result<()> {
        let header = |k: &str, v: &str| {
            tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes())
                .expect("header names and values are ASCII")
        };
        let mut response = tiny_http::Response::from_data(self.body)
            .with_status_code(self.status)
            .with_header(header("Content-Type", self.kind))
            .with_header(header("Accept-Ranges", "bytes"))
            .with_header(header("Cache-Control", "no-store"));
        for (k, v) in &self.extra {
            response = response.with_header(header(k, v));
        }
        request.respond(response)
    }
}

fn handle(request: tiny_http::Request, shared: &Shared) -> std::io::Result<()> {
    use tiny_http::Method;
    if !matches!(request.method(), Method::Get | Method::Head) {
        return Reply::new(405, "text/plain; charset=utf-8", b"405".to_vec())
            .with("Allow", "GET, HEAD".into())
            .send(request);
    }
    let range = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Range"))
        .map(|h| h.value.as_str().to_string());
    let url = request.url().to_string();
    let path = url.split(['?', '#']).next().unwrap_or("/").to_string();
    let reply = match path.as_str() {
        "/__gongkai/live.js" => Reply::new(
            200,
            "text/javascript; charset=utf-8",
            SCRIPT.as_bytes().to_vec(),
        ),
        "/__gongkai/status" => {
            let body = shared
                .last
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .clone();
            Reply::new(200, "application/json", body.into_bytes())
        }
        "/__gongkai/events" => return events(request.into_writer(), shared),
        _ => file_reply(shared, &path, range.as_deref()),
    };
    reply.send(request)
}

/// What a path of the site answers: a page or file (from memory or the output folder), a
/// redirect to a folder's slash, or the site's 404 page.
fn file_reply(shared: &Shared, path: &str, range: Option<&str>) -> Reply {
    let Some(rel) = safe_relative(path) else {
        return not_found(shared);
    };
    let file = shared.out.join(&rel);
    let virtual_dir = !rel.is_empty()
        && shared
            .virtual_pages
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .contains_key(&crate::site_map::folder_index(&rel));
    if file.is_dir() || virtual_dir {
        if !path.ends_with('/') {
            return Reply::new(301, "text/plain; charset=utf-8", Vec::new())
                .with("Location", format!("{path}/"));
        }
        let index = crate::site_map::folder_index(&rel);
        return serve_file(shared, &index, range);
    }
    serve_file(shared, &rel, range)
}

/// The decoded path below the output folder, or `None` for anything that could leave it.
fn safe_relative(path: &str) -> Option<String> {
    let decoded = percent_decode(path.trim_start_matches('/'))?;
    if decoded.contains(['\\', '\0']) {
        return None;
    }
    let p = Path::new(&decoded);
    if p.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    Some(decoded.trim_end_matches('/').to_string())
}

fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn serve_file(shared: &Shared, rel: &str, range: Option<&str>) -> Reply {
    let from_memory = shared
        .virtual_pages
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(rel)
        .cloned();
    let path = shared.out.join(rel);
    let bytes = match from_memory {
        Some(b) => b,
        None => match std::fs::read(&path) {
            Ok(b) if path.is_file() && within(&shared.out, &path) => b,
            _ => return not_found(shared),
        },
    };
    let kind = content_type(rel);
    if kind.starts_with("text/html") {
        let version = shared.version.load(std::sync::atomic::Ordering::SeqCst);
        return Reply::new(200, kind, inject(bytes, version));
    }
    let total = bytes.len();
    match range.map(|r| parse_range(r, total)) {
        Some(Some((start, end))) => Reply::new(206, kind, bytes[start..=end].to_vec())
            .with("Content-Range", format!("bytes {start}-{end}/{total}")),
        Some(None) => Reply::new(416, "text/plain; charset=utf-8", Vec::new())
            .with("Content-Range", format!("bytes */{total}")),
        None => Reply::new(200, kind, bytes),
    }
}

/// A symbolic link inside the output cannot lead out of it.
fn within(out: &Path, path: &Path) -> bool {
    match (out.canonicalize(), path.canonicalize()) {
        (Ok(o), Ok(p)) => p.starts_with(o),
        _ => false,
    }
}

/// One `bytes=` range (`a-b`, `a-`, `-n`) as inclusive offsets; `None` when unsatisfiable.
fn parse_range(header: &str, total: usize) -> Option<(usize, usize)> {
    let spec = header.strip_prefix("bytes=")?.split(',').next()?.trim();
    let (a, b) = spec.split_once('-')?;
    if total == 0 {
        return None;
    }
    let (start, end) = match (a.trim(), b.trim()) {
        ("", n) => {
            let n: usize = n.parse().ok()?;
            (total.saturating_sub(n), total - 1)
        }
        (s, "") => (s.parse().ok()?, total - 1),
        (s, e) => (s.parse().ok()?, e.parse::<usize>().ok()?.min(total - 1)),
    };
    (start <= end && start < total).then_some((start, end))
}

fn inject(bytes: Vec<u8>, version: u64) -> Vec<u8> {
    let text = String::from_utf8_lossy(&bytes);
    let tag = script_tag(version);
    match text.rfind("</body>") {
        Some(i) => format!("{}{tag}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

/// The site's 404 page; before the site has ever been built (its first round failed), a
/// page of our own that waits for it: the live script shows the findings over it, and
/// reloads when a round succeeds.
fn not_found(shared: &Shared) -> Reply {
    let version = shared.version.load(std::sync::atomic::Ordering::SeqCst);
    let page = crate::site_map::Page::NotFound.path();
    match std::fs::read(shared.out.join(page)) {
        Ok(b) => Reply::new(404, "text/html; charset=utf-8", inject(b, version)),
        Err(_) => Reply::new(
            503,
            "text/html; charset=utf-8",
            inject(NOT_YET.as_bytes().to_vec(), version),
        ),
    }
}

/// What the preview shows before its first good round.
const NOT_YET: &str = "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>预览尚未生成</title></head>\n<body><main><h1>预览尚未生成</h1><p>站点有错误，网站还没有生成。修正后这里会自动显示网站。</p></main></body></html>\n";

pub fn content_type(rel: &str) -> &'static str {
    let ext = rel.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "pdf" => "application/pdf",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ppt" => "application/vnd.ms-powerpoint",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "wps" => "application/vnd.ms-works",
        "ofd" => "application/ofd",
        "zip" => "application/zip",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// Server-sent events: the current state at once, then one message per rebuild.
/// Written straight to the connection, so each message leaves at once (a response body
/// would be buffered into chunks).
fn events(mut stream: Box<dyn Write + Send>, shared: &Shared) -> std::io::Result<()> {
    let rx = shared.subscribe();
    let first = shared
        .last
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n")?;
    stream.write_all(format!("data: {first}\n\n").as_bytes())?;
    stream.flush()?;
    loop {
        match rx.recv_timeout(Duration::from_secs(15)) {
            Ok(msg) => stream.write_all(format!("data: {msg}\n\n").as_bytes())?,
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                stream.write_all(b": keep-alive\n\n")?
            }
            Err(_) => return Ok(()),
        }
        stream.flush()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        assert_eq!(parse_range("bytes=0-9", 100), Some((0, 9)));
        assert_eq!(parse_range("bytes=90-", 100), Some((90, 99)));
        assert_eq!(parse_range("bytes=-10", 100), Some((90, 99)));
        assert_eq!(parse_range("bytes=50-500", 100), Some((50, 99)));
        assert_eq!(parse_range("bytes=100-", 100), None);
        assert_eq!(parse_range("items=0-1", 100), None);
    }

    #[test]
    fn paths_cannot_leave_the_folder() {
        assert_eq!(
            safe_relative("/docs/a.html").as_deref(),
            Some("docs/a.html")
        );
        assert_eq!(safe_relative("/").as_deref(), Some(""));
        assert_eq!(
            safe_relative("/%E9%99%84%E4%BB%B6.pdf").as_deref(),
            Some("附件.pdf")
        );
        assert_eq!(safe_relative("/../etc/passwd"), None);
        assert_eq!(safe_relative("/docs/%2e%2e/%2e%2e/x"), None);
        assert_eq!(safe_relative("/a%5c..%5cb"), None);
        assert_eq!(safe_relative("/a%00"), None);
    }

    #[test]
    fn script_goes_before_the_body_ends() {
        let out = String::from_utf8(inject(b"<html><body>x</body></html>".to_vec(), 7)).unwrap();
        assert_eq!(
            out,
            "<html><body>x<script src=\"/__gongkai/live.js\" data-version=\"7\"></script></body></html>"
        );
        assert_eq!(content_type("a/B.PDF"), "application/pdf");
    }
}

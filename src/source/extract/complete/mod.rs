//! A file read completely, for the secret guard (SPEC §15 "Read completely"): every text a
//! reader of any part of it could find, handed over folded, or why it could not be read.
//!
//! Two readings, both of our own code over bytes already in memory (no third-party parser
//! that could hang: zip and zlib only inflate, under a byte budget):
//! - by what the format defines: every part of a zip package (OOXML, ODF, OFD, a .zip),
//!   recursively; every XML part's text nodes (joined, so a line split over runs is whole),
//!   attribute values, comments and processing instructions; every PDF stream decoded and
//!   every string of the file and of its streams, reachable or not; image metadata (PNG text
//!   chunks, JPEG segments, GIF extensions); SVG as XML;
//! - as bytes: the file and every decompressed part, decoded as UTF-8, UTF-16LE, UTF-16BE
//!   (at both alignments) and GB18030, which also reaches formats nobody parses (.doc, .xls,
//!   .wps) and the bytes outside parts (a zip's gaps and trailing data, data after a PDF's
//!   last `%%EOF`, bytes after an image's end).
//!
//! What cannot be read completely is [`Unchecked`], never skipped: encrypted, corrupt, a
//! filter we do not implement, past a byte or part limit. There is no time limit: every
//! step is linear in the bytes it is given.
//!
//! Search keeps its own, narrower reading (`office.rs`): what a reader sees.

mod bytes;
mod image;
mod package;
mod pdf;
mod xml;

use crate::matching::fold::{Folded, fold};
use crate::matching::matcher::{CharSet, Codes};

/// The shortest secret, in characters: a shorter run of secret characters holds none.
const SHORTEST: usize = if crate::matching::NAME_CHARS < crate::matching::RUN {
    crate::matching::NAME_CHARS
} else {
    crate::matching::RUN
};

/// Largest file the guard reads; a larger one cannot be reviewed away (SPEC §15).
pub const MAX_FILE_BYTES: u64 = 256 << 20;
/// Most bytes decompressed from one file, all parts together.
const MAX_INFLATED: u64 = 256 << 20;
/// Most parts (zip entries, PDF streams) in one file, nested ones included.
const MAX_PARTS: usize = 50_000;
/// Deepest nesting of packages in packages.
const MAX_DEPTH: u8 = 8;
/// Characters handed over at once; consecutive pieces of one text overlap by [`OVERLAP`] so
/// that no secret is cut (the longest secret is a title, at most 200 characters).
const CHUNK: usize = 1 << 20;
const OVERLAP: usize = 4096;

/// Why a file could not be read completely.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Unchecked {
    /// Encrypted: a password protects some part.
    Encrypted(String),
    /// A part or stream that does not decompress or parse.
    Corrupt(String),
    /// A compression method or filter gongkai does not implement.
    Filter(String),
    /// Past a byte, part or nesting limit.
    Limit(String),
}

impl Unchecked {
    /// Why, in a sentence for the editor.
    pub fn reason(&self) -> String {
        match self {
            Unchecked::Encrypted(what) => format!("已加密（{what}）"),
            Unchecked::Corrupt(what) => format!("已损坏（{what}）"),
            Unchecked::Filter(what) => format!("使用了无法解开的压缩方式（{what}）"),
            Unchecked::Limit(what) => format!("超出读取上限（{what}）"),
        }
    }

    /// Past a limit: such a file cannot be reviewed away; the office splits or re-saves it.
    pub fn is_limit(&self) -> bool {
        matches!(self, Unchecked::Limit(_))
    }
}

/// What the complete reading noticed besides text.
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Facts {
    /// An image carries GPS coordinates (EXIF).
    pub gps: bool,
    /// An SVG holds a script, an event handler or an external reference: why.
    pub active: Option<String>,
}

/// Read `bytes` (a file called `file_name`) completely, handing every text to `each`,
/// folded. `Err` when some part could not be read: what was read was still handed over.
pub fn read(
    file_name: &str,
    bytes: &[u8],
    keep: Option<&CharSet>,
    each: &mut dyn FnMut(&Folded),
) -> Result<Facts, Unchecked> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Unchecked::Limit(format!(
            "文件超过 {} MB",
            MAX_FILE_BYTES >> 20
        )));
    }
    static EVERYTHING: std::sync::OnceLock<CharSet> = std::sync::OnceLock::new();
    let keep = keep.unwrap_or_else(|| EVERYTHING.get_or_init(CharSet::everything));
    let mut reader = Reader {
        sink: Sink::new(keep, each),
        budget: MAX_INFLATED,
        parts: 0,
        facts: Facts::default(),
        depth: 0,
    };
    let lower = file_name.to_ascii_lowercase();
    reader.any(&lower, bytes, 0)?;
    Ok(reader.facts)
}

/// The state of one complete reading.
struct Reader<'a> {
    sink: Sink<'a>,
    /// Bytes that may still be decompressed.
    budget: u64,
    parts: usize,
    facts: Facts,
    /// The nesting of the part being read.
    depth: u8,
}

impl Reader<'_> {
    /// Any bytes: as bytes, then by what they are (their name or their first bytes say).
    fn any(&mut self, name: &str, data: &[u8], depth: u8) -> Result<(), Unchecked> {
        if depth > MAX_DEPTH {
            return Err(Unchecked::Limit(format!("嵌套超过 {MAX_DEPTH} 层")));
        }
        self.parts += 1;
        if self.parts > MAX_PARTS {
            return Err(Unchecked::Limit(format!("部件超过 {MAX_PARTS} 个")));
        }
        self.depth = depth;
        bytes::scan(data, &mut self.sink);
        let kind = Kind::of(name, data);
        // Text written as markup (character references, tags between characters, CSS
        // escapes), wherever it stands: an HTML part, an altChunk, a page saved as .html. An
        // XML part is read by its parser instead.
        if !matches!(kind, Kind::Xml | Kind::Svg) {
            bytes::markup(data, &mut self.sink);
        }
        // Zip entries anywhere in the bytes that no central directory lists: a zip behind an
        // image or an executable stub, an orphan entry, the first of two with the same name.
        let covered = match kind {
            Kind::Zip => package::read(self, data, depth)?,
            _ => Vec::new(),
        };
        package::local_entries(self, data, depth, &covered)?;
        // PNG text chunks wherever their tags stand, in whatever file (a PNG whose signature
        // is damaged is no PNG to us, but its chunks still inflate).
        image::loose_text_chunks(self, data);
        match kind {
            Kind::Zip => Ok(()),
            Kind::Pdf => pdf::read(self, data, depth),
            Kind::Png => image::png(self, data),
            Kind::Jpeg => image::jpeg(self, data),
            Kind::Gif => image::gif(self, data),
            Kind::Svg => {
                xml::read(self, name, data)?;
                self.facts.active = self.facts.active.take().or_else(|| xml::active(data));
                Ok(())
            }
            Kind::Xml => xml::read(self, name, data),
            // A part that looks like XML but is not named so (a package may name its main part
            // anything): read as XML when it parses, else as markup (done above).
            Kind::Markup => match xml::read(self, name, data) {
                Err(Unchecked::Corrupt(_)) => Ok(()),
                other => other,
            },
            Kind::Rtf => {
                bytes::rtf(data, &mut self.sink);
                Ok(())
            }
            Kind::Gzip => {
                let inner = self.gunzip(data)?;
                let inner_name = name
                    .strip_suffix(".gz")
                    .map(str::to_string)
                    .or_else(|| name.strip_suffix("svgz").map(|s| format!("{s}svg")))
                    .unwrap_or_default();
                self.any(&inner_name, &inner, depth + 1)
            }
            Kind::Compound => package::compound(self, data, depth),
            Kind::Archive(what) => Err(Unchecked::Filter(what.into())),
            Kind::Other => Ok(()),
        }
    }

    /// Decompress a gzip member (a .gz, an .svgz) under the budget.
    fn gunzip(&mut self, data: &[u8]) -> Result<Vec<u8>, Unchecked> {
        use std::io::Read;
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(data)
            .take(self.budget.saturating_add(1))
            .read_to_end(&mut out)
            .map_err(|_| Unchecked::Corrupt("gzip 数据无法解压".into()))?;
        self.spend(out.len() as u64)?;
        Ok(out)
    }

    /// Take `n` more bytes from the decompression budget.
    fn spend(&mut self, n: u64) -> Result<(), Unchecked> {
        if n > self.budget {
            return Err(Unchecked::Limit(format!(
                "解压后超过 {} MB",
                MAX_INFLATED >> 20
            )));
        }
        self.budget -= n;
        Ok(())
    }

    /// Decompress a zlib stream (PDF FlateDecode, PNG zTXt/iTXt/iCCP) under the budget.
    /// Viewers accept a stream without its closing checksum, or raw deflate without the zlib
    /// header: so does this, as long as the deflate data itself comes to its end.
    fn inflate(&mut self, data: &[u8], what: &str) -> Result<Vec<u8>, Unchecked> {
        use std::io::Read;
        let limit = self.budget.saturating_add(1);
        let mut out = Vec::new();
        let zlib = flate2::read::ZlibDecoder::new(data)
            .take(limit)
            .read_to_end(&mut out);
        if zlib.is_err() {
            // The deflate data after a zlib header, or raw: complete, its checksum aside.
            let raw = |from: &[u8]| {
                let mut v = Vec::new();
                flate2::read::DeflateDecoder::new(from)
                    .take(limit)
                    .read_to_end(&mut v)
                    .ok()
                    .map(|_| v)
            };
            out = data
                .get(2..)
                .filter(|_| data.first().is_some_and(|b| b & 0x0f == 8))
                .and_then(raw)
                .or_else(|| raw(data))
                .ok_or_else(|| Unchecked::Corrupt(format!("{what}无法解压")))?;
        }
        self.spend(out.len() as u64)?;
        Ok(out)
    }
}

/// What a part is, for the reading by format.
#[derive(Debug, PartialEq, Eq)]
enum Kind {
    Zip,
    Pdf,
    Png,
    Jpeg,
    Gif,
    Svg,
    Xml,
    /// Starts like XML or HTML without being named so.
    Markup,
    Rtf,
    Gzip,
    /// An OLE compound file (.doc, .xls, .wps, an encrypted OOXML package).
    Compound,
    /// A compressed archive or stream whose method gongkai does not implement.
    Archive(&'static str),
    Other,
}

impl Kind {
    fn of(name: &str, data: &[u8]) -> Kind {
        let ext = name.rsplit_once('.').map_or("", |(_, x)| x);
        let start = trim_start(data);
        if data.starts_with(b"PK\x03\x04")
            || data.starts_with(b"PK\x05\x06")
            || data.starts_with(b"PK\x07\x08")
        {
            Kind::Zip
        } else if memchr::memmem::find_iter(data, b"%PDF-")
            .any(|i| data.get(i + 5).is_some_and(u8::is_ascii_digit))
        {
            // A PDF header anywhere: objects behind other bytes are still objects.
            Kind::Pdf
        } else if data.starts_with(b"\x89PNG\r\n\x1a\n") {
            Kind::Png
        } else if data.starts_with(b"\xff\xd8\xff") {
            Kind::Jpeg
        } else if data.starts_with(b"GIF87a") || data.starts_with(b"GIF89a") {
            Kind::Gif
        } else if data.starts_with(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") {
            Kind::Compound
        } else if data.starts_with(b"\x1f\x8b") {
            Kind::Gzip
        } else if let Some(what) = archive(data) {
            Kind::Archive(what)
        } else if data.starts_with(b"{\\rtf") {
            Kind::Rtf
        } else if ext == "svg" {
            Kind::Svg
        } else if matches!(ext, "xml" | "rels" | "vml" | "xmp" | "ofd")
            || start.starts_with(b"<?xml")
            || start.starts_with(b"<x:xmpmeta")
        {
            Kind::Xml
        } else if start.starts_with(b"<")
            && start
                .get(1)
                .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'!')
        {
            Kind::Markup
        } else {
            Kind::Other
        }
    }
}

/// A compressed archive or stream, by its magic bytes, that gongkai does not decompress: its
/// contents cannot be read as bytes either.
fn archive(data: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"Rar!\x1a\x07", "RAR 压缩包"),
        (b"7z\xbc\xaf\x27\x1c", "7z 压缩包"),
        (b"\xfd7zXZ\x00", "xz 压缩数据"),
        (b"\x28\xb5\x2f\xfd", "zstd 压缩数据"),
        (b"\x04\x22\x4d\x18", "LZ4 压缩数据"),
        (b"MSCF", "CAB 压缩包"),
        (b"\x1f\x9d", "compress 压缩数据"),
    ];
    let bzip2 = data.len() >= 10
        && data.starts_with(b"BZh")
        && (b'1'..=b'9').contains(&data[3])
        && &data[4..10] == b"1AY&SY";
    if bzip2 {
        return Some("bzip2 压缩数据");
    }
    MAGIC
        .iter()
        .find(|(m, _)| data.starts_with(m))
        .map(|(_, what)| *what)
}

/// `data` less a byte-order mark and leading white space.
fn trim_start(data: &[u8]) -> &[u8] {
    let data = data.strip_prefix(b"\xef\xbb\xbf").unwrap_or(data);
    let n = data.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &data[n..]
}

/// Where texts go: folded, and (given the secrets' characters) cut down to the runs made only
/// of such characters that are long enough to hold a secret — bytes decoded in every
/// encoding are mostly characters no secret has, and a secret's characters stand together in
/// any text that holds it. Runs are handed over in pieces of at most [`CHUNK`] characters
/// that overlap.
struct Sink<'a> {
    folded: Folded,
    codes: Codes<'a>,
    each: &'a mut dyn FnMut(&Folded),
}

impl<'a> Sink<'a> {
    fn new(keep: &'a CharSet, each: &'a mut dyn FnMut(&Folded)) -> Self {
        Sink {
            folded: Folded::default(),
            codes: keep.codes(),
            each,
        }
    }

    #[inline]
    fn push(&mut self, c: char) {
        let code = self.codes.char(c);
        self.coded(c, code);
    }

    /// `c`, whose code ([`CharSet::KEEP`] …) is `code`.
    #[inline]
    fn coded(&mut self, c: char, code: u8) {
        match code {
            CharSet::KEEP => self.push_kept(c),
            CharSet::SKIP => {}
            _ => self.end(),
        }
    }

    /// A character [`CharSet`] already found to be a secret's.
    #[inline]
    fn push_kept(&mut self, c: char) {
        if let Some(c) = fold(c) {
            self.folded.chars.push(c);
            if self.folded.chars.len() >= CHUNK {
                self.overflow();
            }
        }
    }

    /// More of the text being read.
    fn push_str(&mut self, s: &str) {
        bytes::utf8_text(s.as_bytes(), self);
    }

    /// Whether part of a run is held.
    fn holds(&self) -> bool {
        !self.folded.chars.is_empty()
    }

    /// Hand over what is held, keeping its end to begin the next piece with.
    fn overflow(&mut self) {
        (self.each)(&self.folded);
        let keep = self.folded.chars.len() - OVERLAP;
        self.folded.chars.drain(..keep);
    }

    /// The end of one text (or of a run of secret characters): hand it over if it is long
    /// enough to hold a secret.
    #[inline]
    fn end(&mut self) {
        if !self.folded.chars.is_empty() {
            self.flush();
        }
    }

    fn flush(&mut self) {
        if self.folded.chars.len() >= SHORTEST {
            (self.each)(&self.folded);
        }
        self.folded.clear();
    }
}

#[cfg(test)]
mod attacks;
#[cfg(test)]
mod tests;

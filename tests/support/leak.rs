//! The leak harness (SPEC §9): random sites whose every secret carries a marker, and a scan
//! of every byte of a folder for the markers that must never be published.
//!
//! One harness for every issue that adds data an attacker could want: a new kind of secret
//! (an attachment's inside, a register column, a summary) is a new [`Piece`] or field here,
//! with its markers, and the property test checks it with all the others.
//!
//! Markers are 12 lower-case Latin letters (`zq` and 10 random ones): the search index keeps
//! Latin words as text, so a marker that leaked into a term shard is found too (the scan is
//! case-insensitive). Lines that may be quoted are 20 characters or more (SPEC §9's runs),
//! and each is quoted by at most one other document, so no marker line is boilerplate.
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::path::Path;

/// A small deterministic generator (xorshift): a failing case is replayed from its seed.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    pub fn marker(&mut self) -> String {
        let mut m = String::from("zq");
        for _ in 0..10 {
            m.push((b'a' + self.below(26) as u8) as char);
        }
        m
    }
    fn chinese(&mut self, n: usize) -> String {
        const POOL: &[char] = &[
            '县', '政', '府', '信', '息', '公', '开', '工', '作', '通', '知', '关', '于', '加',
            '强', '管', '理', '办', '法', '实', '施', '方', '案', '年', '度', '报', '告',
        ];
        (0..n).map(|_| POOL[self.below(POOL.len())]).collect()
    }
}

/// 公开属性.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Attribute {
    Public,
    OnRequest,
    Withheld,
}

impl Attribute {
    pub fn label(self) -> &'static str {
        match self {
            Attribute::Public => "主动公开",
            Attribute::OnRequest => "依申请公开",
            Attribute::Withheld => "不予公开",
        }
    }
    fn random(rng: &mut Rng) -> Attribute {
        match rng.below(10) {
            0..=4 => Attribute::Public,
            5..=7 => Attribute::OnRequest,
            _ => Attribute::Withheld,
        }
    }
}

/// One part of a body.
#[derive(Clone, Debug)]
pub enum Piece {
    /// A paragraph of prose (20+ characters) carrying a marker.
    Line(String),
    /// A heading, a list item or a table cell with a marker.
    Heading(String),
    Item(String),
    Cell(String),
    /// Never on any page, whatever the attribute: an HTML comment, a script, a raw-HTML
    /// attribute (`title=`), a style block.
    Comment(String),
    Script(String),
    Attr(String),
    Style(String),
    /// Raw HTML whose text is on the page.
    RawText(String),
    /// A quotation of another document's line (its index in the site, and the line).
    Quote(usize, String),
    /// Another document's title, quoted.
    TitleQuote(usize, String),
    /// A quotation of another document's line hidden from a plain search but not from a
    /// reader ([`Disguise`]).
    Disguised(usize, String, Disguise),
    /// A link to another document's page, written the old way (from the page).
    Link(usize),
    /// A link to another document's Markdown file, as the editor sees it (SPEC §14).
    SourceLink(usize),
    /// An image beside the document that its body shows: (file-name marker, content marker).
    /// Published with a public page; never for an on-request or withheld one.
    Image(String, String),
    /// Another document's image shown in this body (its index in the site, its name).
    ImageOf(usize, String),
}

/// Where in an attachment another document's title is hidden (SPEC §15: read completely):
/// the parts of office files a reader of the main text skips, the objects of a PDF no page
/// uses, image metadata, SVG text, and the bytes outside parts in other encodings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hiding {
    DocxHeader,
    DocxComment,
    DocxProperties,
    DocxDeletion,
    /// In the main part where `_rels/.rels` says it is, beside a decoy `word/document.xml`.
    DocxRelocatedMain,
    XlsxComment,
    XlsxDefinedName,
    PdfInformation,
    PdfUnreachable,
    PngText,
    SvgText,
    /// After the zip's end, in GB18030.
    ZipTrailing,
    /// After the PDF's last `%%EOF`, in UTF-16LE.
    PdfTrailing,
}

impl Hiding {
    const ALL: [Hiding; 13] = [
        Hiding::DocxHeader,
        Hiding::DocxComment,
        Hiding::DocxProperties,
        Hiding::DocxDeletion,
        Hiding::DocxRelocatedMain,
        Hiding::XlsxComment,
        Hiding::XlsxDefinedName,
        Hiding::PdfInformation,
        Hiding::PdfUnreachable,
        Hiding::PngText,
        Hiding::SvgText,
        Hiding::ZipTrailing,
        Hiding::PdfTrailing,
    ];

    /// The attachment's extension.
    fn ext(self) -> &'static str {
        match self {
            Hiding::DocxHeader
            | Hiding::DocxComment
            | Hiding::DocxProperties
            | Hiding::DocxDeletion
            | Hiding::DocxRelocatedMain
            | Hiding::ZipTrailing => "docx",
            Hiding::XlsxComment | Hiding::XlsxDefinedName => "xlsx",
            Hiding::PdfInformation | Hiding::PdfUnreachable | Hiding::PdfTrailing => "pdf",
            Hiding::PngText => "png",
            Hiding::SvgText => "svg",
        }
    }

    /// Write at `path` a file of this kind whose main text is `visible` and that hides
    /// `secret` here.
    fn write(self, path: &Path, visible: &str, secret: &str) {
        use super::office;
        let x = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;");
        let (v, h) = (x(visible), x(secret));
        let sheet = format!(
            "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>{v}</t></is></c></row></sheetData></worksheet>"
        );
        let utf16be: String = [0xfe_u8, 0xff]
            .into_iter()
            .chain(secret.encode_utf16().flat_map(u16::to_be_bytes))
            .map(|b| format!("\\{b:03o}"))
            .collect();
        match self {
            Hiding::DocxHeader => office::docx_with(path, &[visible], &[("word/header1.xml", format!("<w:hdr><w:p><w:r><w:t>{h}</w:t></w:r></w:p></w:hdr>"))]),
            Hiding::DocxComment => office::docx_with(path, &[visible], &[("word/comments.xml", format!("<w:comments><w:comment><w:p><w:r><w:t>{h}</w:t></w:r></w:p></w:comment></w:comments>"))]),
            Hiding::DocxProperties => office::docx_with(path, &[visible], &[("docProps/core.xml", format!("<cp:coreProperties><dc:title>{h}</dc:title></cp:coreProperties>"))]),
            Hiding::DocxDeletion => office::docx_with(path, &[], &[("word/document.xml", format!("<w:document><w:body><w:p><w:r><w:t>{v}</w:t></w:r><w:del><w:r><w:delText>{h}</w:delText></w:r></w:del></w:p></w:body></w:document>"))]),
            Hiding::DocxRelocatedMain => office::docx_with(path, &[visible], &[
                ("_rels/.rels", "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"/word/main2.xml\"/></Relationships>".to_string()),
                ("word/main2.xml", format!("<w:document><w:body><w:p><w:r><w:t>{v}{h}</w:t></w:r></w:p></w:body></w:document>")),
            ]),
            Hiding::XlsxComment => office::zip_of(path, &[("xl/worksheets/sheet1.xml", sheet), ("xl/comments1.xml", format!("<comments><commentList><comment ref=\"A1\"><text><t>{h}</t></text></comment></commentList></comments>"))]),
            Hiding::XlsxDefinedName => office::zip_of(path, &[("xl/worksheets/sheet1.xml", sheet), ("xl/workbook.xml", format!("<workbook><definedNames><definedName name=\"x\">\"{h}\"</definedName></definedNames></workbook>"))]),
            Hiding::PdfInformation => office::pdf_with_object(path, &[visible], format!("<< /Title ({utf16be}) >>").as_bytes()),
            Hiding::PdfUnreachable => office::pdf_with_object(path, &[visible], format!("<< /Type /Annot /Contents <{}> >>", secret.bytes().map(|b| format!("{b:02X}")).collect::<String>()).as_bytes()),
            Hiding::PngText => office::png_with_text(path, &format!("{visible} {secret}")),
            Hiding::SvgText => std::fs::write(path, format!("<svg xmlns=\"http://www.w3.org/2000/svg\"><text>{v}</text><desc>{h}</desc></svg>")).unwrap(),
            Hiding::ZipTrailing => {
                office::docx(path, &[visible]);
                let mut bytes = std::fs::read(path).unwrap();
                bytes.extend_from_slice(&gb18030(secret));
                std::fs::write(path, bytes).unwrap();
            }
            Hiding::PdfTrailing => {
                office::pdf(path, &[visible]);
                let mut bytes = std::fs::read(path).unwrap();
                bytes.extend(secret.encode_utf16().flat_map(u16::to_le_bytes));
                std::fs::write(path, bytes).unwrap();
            }
        }
    }
}

/// `s` in GB18030 (the encoder is encoding_rs's, a dependency of gongkai's own).
fn gb18030(s: &str) -> Vec<u8> {
    encoding_rs::GB18030.encode(s).0.into_owned()
}

/// How a quotation is hidden (SPEC §9 holds against an editor who tries).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Disguise {
    /// An invisible character between every two characters.
    Invisible(char),
    /// Split over two paragraphs.
    Split,
    /// Look-alikes: mathematical bold letters, Kangxi radicals.
    LookAlike,
    /// In a link's target, every byte `%XX`-escaped.
    Href,
}

const INVISIBLE: &[char] = &[
    '\u{2063}',
    '\u{200e}',
    '\u{202a}',
    '\u{fe00}',
    '\u{3164}',
    '\u{e0020}',
    '\u{180e}',
    '\u{34f}',
    '\u{2060}',
    '\u{feff}',
];

impl Disguise {
    fn random(rng: &mut Rng) -> Disguise {
        match rng.below(4) {
            0 => Disguise::Invisible(INVISIBLE[rng.below(INVISIBLE.len())]),
            1 => Disguise::Split,
            2 => Disguise::LookAlike,
            _ => Disguise::Href,
        }
    }

    fn apply(self, line: &str) -> String {
        let chars: Vec<char> = line.chars().collect();
        match self {
            Disguise::Invisible(sep) => chars.iter().flat_map(|c| [*c, sep]).collect(),
            Disguise::Split => {
                let (a, b) = chars.split_at(chars.len() / 2);
                format!(
                    "{}\n\n{}",
                    a.iter().collect::<String>(),
                    b.iter().collect::<String>()
                )
            }
            Disguise::LookAlike => (chars.iter())
                .map(|&c| match c {
                    'a'..='z' => char::from_u32(0x1d41a + (c as u32 - 'a' as u32)).unwrap(),
                    '工' => '\u{2f2f}',
                    '方' => '\u{2f45}',
                    c => c,
                })
                .collect(),
            Disguise::Href => {
                let escaped: String = line.bytes().map(|b| format!("%{b:02X}")).collect();
                format!("[来源](https://example.com/?q={escaped})")
            }
        }
    }

    /// Whether a withheld document that quotes a public line this way shares a secret with
    /// it: its own text holds the line (a link target is no text; split, no part is 20
    /// characters).
    fn keeps_text(self) -> bool {
        matches!(self, Disguise::Invisible(_) | Disguise::LookAlike)
    }
}

#[derive(Clone, Debug)]
pub struct Doc {
    pub n: usize,
    pub attribute: Attribute,
    pub title: String,
    pub title_marker: String,
    pub body: Vec<Piece>,
    /// An attachment: (file-name marker, content marker), and its format: a text file, or
    /// a real .docx, .xlsx, .pdf or .ofd with the marker inside (SPEC §13: attachments are
    /// read).
    pub attachment: Option<(String, String)>,
    pub attachment_ext: &'static str,
    /// A line of another document (its index in the site) inside the attachment's text.
    pub attachment_quote: Option<(usize, String)>,
    /// A second attachment, `copy-<n>.<ext>`: a byte-for-byte copy of another document's
    /// attachment (its index in the site; one that quotes nothing), under another name.
    pub attachment_copy: Option<usize>,
    /// The copied attachment's extension and file (set by [`Site::random`]).
    pub copy_of: Option<(&'static str, String)>,
    /// Another document's title (its index in the site) hidden in this one's attachment,
    /// where a reader of the main text never looks (SPEC §15).
    pub attachment_hidden: Option<(usize, Hiding)>,
    /// A policy link (SPEC §10): `replaces` or `amends`, and the earlier document (by its
    /// index in the site) it names. A withheld document's are never followed: the old
    /// document's banner would name it.
    pub lifecycle: Option<(&'static str, usize)>,
    /// A draft (SPEC §11): `build` publishes nothing of it, whatever its attribute.
    pub draft: bool,
    /// A marker in its 内容概述 (SPEC §14): public text of a listed document, on-request
    /// ones included; never published for a withheld document or a draft.
    pub summary: Option<String>,
    /// A marker in its 联系人 (SPEC §2): shown in the metadata block of a listed document's
    /// page, and in the exports; never published for a withheld document or a draft.
    pub contact: Option<String>,
}

impl Doc {
    /// Whether `build` publishes its page in full: 主动公开 and not a draft.
    pub fn published_in_full(&self) -> bool {
        self.attribute == Attribute::Public && !self.draft
    }

    pub fn slug(&self) -> String {
        format!("a-2026-{:05}", self.n)
    }

    pub fn file(&self) -> String {
        format!("content/d{}.md", self.n)
    }

    /// Lines of this document that another may quote.
    fn lines(&self) -> Vec<String> {
        self.body
            .iter()
            .filter_map(|p| match p {
                Piece::Line(l) => Some(l.clone()),
                _ => None,
            })
            .collect()
    }

    pub fn text(&self) -> String {
        let mut fm = format!(
            "---\ntitle: {}\nindex_no: A/2026-{:05}\nissuer: 县人民政府办公室\ncategory: zcwj\npublished: 2026-03-{:02}\nattribute: {}\n",
            self.title,
            self.n,
            1 + self.n % 28,
            self.attribute.label()
        );
        let mut attachments = Vec::new();
        if let Some((name, _)) = &self.attachment {
            attachments.push(format!("{name}.{}", self.attachment_ext));
        }
        if let Some((ext, _)) = &self.copy_of {
            attachments.push(format!("copy-{}.{ext}", self.n));
        }
        if !attachments.is_empty() {
            fm.push_str(&format!("attachments: [{}]\n", attachments.join(", ")));
        }
        if self.draft {
            fm.push_str("draft: true\n");
        }
        if let Some(m) = &self.summary {
            fm.push_str(&format!("summary: 本文件概述{m}\n"));
        }
        if let Some(m) = &self.contact {
            fm.push_str(&format!("contact: 李明{m} 0851-87221234\n"));
        }
        if let Some((link, j)) = self.lifecycle {
            fm.push_str(&format!(
                "doc_type: 规范性文件\n{link}: [A/2026-{:05}]\n",
                j + 1
            ));
        }
        fm.push_str("---\n\n");
        for p in &self.body {
            let s = match p {
                Piece::RawText(l) => format!("<div class=\"x\">{l}</div>"),
                Piece::Line(l) => l.clone(),
                Piece::Heading(h) => format!("## {h}"),
                Piece::Item(i) => format!("- {i}"),
                Piece::Cell(c) => format!("| 项目 | 说明 |\n|---|---|\n| {c} | 值 |"),
                Piece::Comment(c) => format!("<!-- 内部意见 {c} -->"),
                Piece::Script(s) => format!("<script>var x = \"{s}\";</script>"),
                Piece::Attr(a) => format!("<span title=\"{a}\">可见文字</span>"),
                Piece::Style(s) => format!("<style>.{s} {{ color: red }}</style>"),
                Piece::Quote(_, l) => format!("据悉，{l}"),
                Piece::TitleQuote(_, t) => format!("参照《{t}》执行。"),
                Piece::Disguised(_, l, how) => format!("据悉，{}", how.apply(l)),
                Piece::Link(k) => format!("详见[相关文件](a-2026-{k:05}.html)。"),
                Piece::SourceLink(k) => format!("详见[相关文件](d{k}.md)。"),
                Piece::Image(name, _) | Piece::ImageOf(_, name) => {
                    format!("![现场照片]({name}.png)")
                }
            };
            fm.push_str(&s);
            fm.push_str("\n\n");
        }
        fm
    }
}

/// A random site.
#[derive(Clone, Debug)]
pub struct Site {
    pub docs: Vec<Doc>,
    /// A row of the application register with a marker in every column (SPEC §11: only
    /// `check`, `stats` and `report` read it; nothing of it is ever published).
    pub register: Vec<String>,
    /// Markers in `reports/2025.toml`, the annual report's own figures (SPEC §11: read by
    /// `check` and `report` only): in a comment and as an issuer's key.
    pub report_data: Vec<String>,
}

impl Site {
    pub fn random(rng: &mut Rng) -> Site {
        let count = 2 + rng.below(6);
        let mut docs: Vec<Doc> = (1..=count)
            .map(|n| {
                let title_marker = rng.marker();
                let title = format!("关于{}{}的通知", rng.chinese(4), title_marker);
                let mut body = Vec::new();
                for _ in 0..1 + rng.below(4) {
                    let m = rng.marker();
                    let text = format!("{}{m}{}。", rng.chinese(8), rng.chinese(12));
                    if rng.chance(10) {
                        body.push(Piece::Image(rng.marker(), rng.marker()));
                    }
                    body.push(match rng.below(12) {
                        0 => Piece::Heading(text),
                        1 => Piece::Item(text),
                        2 => Piece::Cell(text),
                        3 => Piece::Comment(m),
                        4 => Piece::Script(m),
                        5 => Piece::Attr(m),
                        6 => Piece::Style(m),
                        7 => Piece::RawText(text),
                        _ => Piece::Line(text),
                    });
                }
                // Every body has a line a reader sees: one made only of hidden pieces is a
                // blank page, which `empty-body` stops.
                if !body.iter().any(|p| {
                    matches!(
                        p,
                        Piece::Line(_) | Piece::Heading(_) | Piece::Item(_) | Piece::Cell(_)
                    )
                }) {
                    let m = rng.marker();
                    body.push(Piece::Line(format!(
                        "{}{m}{}。",
                        rng.chinese(8),
                        rng.chinese(12)
                    )));
                }
                let attachment = rng.chance(30).then(|| (rng.marker(), rng.marker()));
                let attachment_ext = ["txt", "docx", "xlsx", "pdf", "ofd"][rng.below(5)];
                Doc {
                    n,
                    attribute: Attribute::random(rng),
                    title,
                    title_marker,
                    body,
                    attachment,
                    attachment_ext,
                    attachment_quote: None,
                    attachment_copy: None,
                    copy_of: None,
                    attachment_hidden: None,
                    lifecycle: None,
                    draft: rng.chance(10),
                    summary: rng.chance(40).then(|| rng.marker()),
                    contact: rng.chance(30).then(|| rng.marker()),
                }
            })
            .collect();
        // Quotations and links between documents; each line quoted at most once.
        let mut quoted = BTreeSet::new();
        for i in 0..count {
            if !rng.chance(35) {
                continue;
            }
            let j = rng.below(count);
            if i == j {
                continue;
            }
            let image = docs[j].body.iter().find_map(|p| match p {
                Piece::Image(name, _) => Some(name.clone()),
                _ => None,
            });
            if rng.chance(30)
                && docs[i].attachment_copy.is_none()
                && docs[j].attachment_quote.is_none()
                && docs[j].attachment_hidden.is_none()
                && let Some((name, _)) = &docs[j].attachment
            {
                let ext = docs[j].attachment_ext;
                docs[i].copy_of = Some((ext, format!("{name}.{ext}")));
                docs[i].attachment_copy = Some(j);
                continue;
            }
            let piece = match rng.below(7) {
                kind @ (0 | 5 | 6) => {
                    let lines = docs[j].lines();
                    let Some(line) = lines.get(rng.below(lines.len().max(1))).cloned() else {
                        continue;
                    };
                    if !quoted.insert(line.clone()) {
                        continue;
                    }
                    match kind {
                        0 => Piece::Quote(j, line),
                        5 => Piece::Disguised(j, line, Disguise::random(rng)),
                        // In the attachment's text, where it is read (a text file or Word).
                        _ if docs[i].attachment.is_some()
                            && matches!(docs[i].attachment_ext, "txt" | "docx")
                            && docs[i].attachment_quote.is_none() =>
                        {
                            docs[i].attachment_quote = Some((j, line));
                            continue;
                        }
                        _ => Piece::Quote(j, line),
                    }
                }
                1 => Piece::TitleQuote(j, docs[j].title.clone()),
                2 => Piece::SourceLink(docs[j].n),
                3 => match image {
                    Some(name) => Piece::ImageOf(j, name),
                    None => continue,
                },
                _ => Piece::Link(docs[j].n),
            };
            docs[i].body.push(piece);
        }
        // Titles hidden in attachments' parts nobody reads as text (SPEC §15), in attachments
        // nobody copies.
        for i in 0..count {
            let copied = docs.iter().any(|d| d.attachment_copy == Some(i));
            if copied
                || docs[i].attachment_quote.is_some()
                || docs[i].attachment_copy.is_some()
                || !rng.chance(25)
            {
                continue;
            }
            let j = rng.below(count);
            if i == j {
                continue;
            }
            let hiding = Hiding::ALL[rng.below(Hiding::ALL.len())];
            if docs[i].attachment.is_none() {
                docs[i].attachment = Some((rng.marker(), rng.marker()));
            }
            docs[i].attachment_ext = hiding.ext();
            docs[i].attachment_hidden = Some((j, hiding));
        }
        // Replacements and amendments, always of an earlier document (no loops).
        for (i, d) in docs.iter_mut().enumerate().skip(1) {
            if rng.chance(20) {
                let link = ["replaces", "amends"][rng.below(2)];
                d.lifecycle = Some((link, rng.below(i)));
            }
        }
        let register = (0..8).map(|_| rng.marker()).collect();
        let report_data = (0..2).map(|_| rng.marker()).collect();
        Site {
            docs,
            register,
            report_data,
        }
    }

    /// Flip some documents' attributes, as an office does between two builds.
    pub fn flip(&mut self, rng: &mut Rng) {
        for d in &mut self.docs {
            if rng.chance(30) {
                d.attribute = Attribute::random(rng);
            }
            if rng.chance(10) {
                d.draft = !d.draft;
            }
        }
    }

    pub fn write(&self, root: &Path) {
        let _ = std::fs::remove_dir_all(root.join("content"));
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::write(
            root.join("site.toml"),
            "title = \"属性测试站\"\nbase_url = \"https://p.example.cn/\"\n\n[[categories]]\nid = \"zcwj\"\nname = \"政策文件\"\n\n[[issuers]]\nname = \"县人民政府办公室\"\ncode = \"A\"\n",
        )
        .unwrap();
        std::fs::create_dir_all(root.join("applications")).unwrap();
        std::fs::write(
            root.join("applications/register.csv"),
            format!(
                "id,received,issuer,channel,applicant_type,outcome,answered,extended\n{}\n",
                self.register.join(",")
            ),
        )
        .unwrap();
        std::fs::create_dir_all(root.join("reports")).unwrap();
        std::fs::write(
            root.join("reports/2025.toml"),
            format!(
                "# {}\n[site]\nlicensing = 561\n\n[\"{}\"]\npenalty = 3\n",
                self.report_data[0], self.report_data[1]
            ),
        )
        .unwrap();
        for d in &self.docs {
            std::fs::write(root.join(d.file()), d.text()).unwrap();
            for p in &d.body {
                if let Piece::Image(name, content) = p {
                    std::fs::write(
                        root.join(format!("content/{name}.png")),
                        format!("图片内容 {content}\n"),
                    )
                    .unwrap();
                }
            }
            if let Some((name, content)) = &d.attachment {
                let path = root.join(format!("content/{name}.{}", d.attachment_ext));
                let text = format!("附件正文 {content}");
                let quote = (d.attachment_quote.as_ref()).map_or("", |(_, l)| l.as_str());
                if let Some((j, hiding)) = d.attachment_hidden {
                    hiding.write(&path, &text, &self.docs[j].title);
                    continue;
                }
                match d.attachment_ext {
                    "docx" => super::office::docx(&path, &[&text, quote]),
                    "xlsx" => super::office::xlsx(&path, "Sheet1", &[&["附件正文", content]]),
                    "pdf" => super::office::pdf(&path, &[&format!("Attachment {content}")]),
                    "ofd" => super::office::ofd(&path, &[&format!("附件正文\n{content}")]),
                    _ => std::fs::write(&path, format!("{text}\n{quote}\n")).unwrap(),
                }
            }
        }
        for d in &self.docs {
            if let Some((ext, from)) = &d.copy_of {
                std::fs::copy(
                    root.join("content").join(from),
                    root.join(format!("content/copy-{}.{ext}", d.n)),
                )
                .unwrap();
            }
        }
    }

    /// The attachment file of document `j`, as written.
    fn attachment_path(&self, root: &Path, j: usize) -> Option<std::path::PathBuf> {
        let d = &self.docs[j];
        let (name, _) = d.attachment.as_ref()?;
        Some(root.join(format!("content/{name}.{}", d.attachment_ext)))
    }

    /// Markers that no byte of the output (or beside it) may hold after a build of this
    /// site succeeded. A marker belongs to the document that wrote it (a quotation carries
    /// the quoted document's marker):
    /// - in a comment, script, style or raw-HTML attribute: never published;
    /// - of a withheld document (title, body, attachment name and content): never, whoever
    ///   quotes it (the build must stop instead);
    /// - of an on-request body or attachment: never, unless a public document quotes the line
    ///   (`on-request-quoted` warns; the quoting document publishes it).
    pub fn never(&self) -> BTreeSet<String> {
        let mut never: BTreeSet<String> = (self.register.iter())
            .chain(&self.report_data)
            .cloned()
            .collect();
        let mut quoted_by_public = BTreeSet::new();
        for d in &self.docs {
            for p in &d.body {
                match p {
                    Piece::Comment(_) | Piece::Script(_) | Piece::Attr(_) | Piece::Style(_) => {
                        never.extend(markers_in(p));
                    }
                    Piece::Quote(..) | Piece::TitleQuote(..) | Piece::Disguised(..)
                        if d.published_in_full() =>
                    {
                        quoted_by_public.extend(markers_in(p));
                    }
                    // A public page showing another document's image publishes the file.
                    Piece::ImageOf(j, name) if d.published_in_full() => {
                        quoted_by_public.extend(self.docs[*j].body.iter().flat_map(|q| match q {
                            Piece::Image(n, content) if n == name => {
                                vec![n.clone(), content.clone()]
                            }
                            _ => Vec::new(),
                        }));
                    }
                    _ => {}
                }
            }
        }
        // A public attachment publishes what it quotes (`on-request-quoted` warns), and a copy
        // of another's attachment its content (the same bytes as an on-request one warn).
        for d in self.docs.iter().filter(|d| d.published_in_full()) {
            if let Some((j, line)) = &d.attachment_quote {
                quoted_by_public.extend(markers_in(&Piece::Quote(*j, line.clone())));
            }
            if let Some(j) = d.attachment_copy {
                quoted_by_public.extend(self.docs[j].attachment.iter().map(|(_, c)| c.clone()));
            }
            // A title is a secret only of a withheld document (the build stops then); any
            // other's, hidden in a public attachment, is published with it.
            if let Some((j, _)) = d.attachment_hidden {
                quoted_by_public.insert(self.docs[j].title_marker.clone());
            }
        }
        for d in &self.docs {
            let own: Vec<String> = d
                .body
                .iter()
                .filter(|p| {
                    !matches!(
                        p,
                        Piece::Quote(..)
                            | Piece::TitleQuote(..)
                            | Piece::ImageOf(..)
                            | Piece::Disguised(..)
                    )
                })
                .flat_map(markers_in)
                .chain(
                    d.attachment
                        .iter()
                        .flat_map(|(n, c)| [n.clone(), c.clone()]),
                )
                .collect();
            match d.attribute {
                // A draft publishes nothing: as an on-request body, unless a published
                // document quotes it; its title and attachment too.
                _ if d.draft && d.attribute != Attribute::Withheld => {
                    never.extend(
                        own.into_iter()
                            .chain([d.title_marker.clone()])
                            .chain(d.summary.clone())
                            .chain(d.contact.clone())
                            .filter(|m| !quoted_by_public.contains(m)),
                    );
                }
                Attribute::Public => {}
                Attribute::Withheld => {
                    never.insert(d.title_marker.clone());
                    never.extend(own);
                    never.extend(d.summary.clone());
                    never.extend(d.contact.clone());
                }
                Attribute::OnRequest => {
                    never.extend(own.into_iter().filter(|m| !quoted_by_public.contains(m)));
                }
            }
        }
        never
    }

    /// Whether SPEC §9 requires the build to stop: a public document and a withheld one
    /// share a line (whichever quoted the other: text alone cannot tell, and the office
    /// lists what is truly shared under `[security] shared_text`), a public document quotes
    /// a withheld title, or links to a withheld document; or a listed document replaces or
    /// amends a withheld one (`link-to-withheld`).
    pub fn must_fail(&self) -> bool {
        let withheld = |j: usize| self.docs[j].attribute == Attribute::Withheld;
        let confidential = |j: usize| self.docs[j].attribute != Attribute::Public;
        // A draft is not published: what it quotes or links stops nothing.
        let public = |j: usize| self.docs[j].published_in_full();
        let names_withheld = self.docs.iter().any(|d| {
            d.attribute != Attribute::Withheld
                && !d.draft
                && d.lifecycle.is_some_and(|(_, j)| withheld(j))
        });
        // A public attachment quoting a withheld line (SPEC §13: it is read).
        let attachment_quotes = self.docs.iter().enumerate().any(|(i, d)| {
            public(i)
                && d.attachment_quote
                    .as_ref()
                    .is_some_and(|(j, _)| withheld(*j))
                // The same file as a public and as a withheld or on-request document's
                // attachment, whichever copied the other: a file a confidential document lists
                // is never published through another listing (SPEC §15,
                // `confidential-attachment`; the files alone cannot tell who copied whom).
                || d.attachment_copy.is_some_and(|j| {
                    public(i) && confidential(j) || confidential(i) && public(j)
                })
                // A withheld title hidden anywhere in a public attachment (SPEC §15).
                || public(i) && d.attachment_hidden.is_some_and(|(j, _)| withheld(j))
        });
        names_withheld
            || attachment_quotes
            || self.docs.iter().enumerate().any(|(i, d)| {
                d.body.iter().any(|p| match p {
                    Piece::Quote(j, _) => public(i) && withheld(*j) || withheld(i) && public(*j),
                    Piece::TitleQuote(j, _) => public(i) && withheld(*j),
                    Piece::Disguised(j, _, how) => {
                        public(i) && withheld(*j) || withheld(i) && public(*j) && how.keeps_text()
                    }
                    Piece::Link(k) | Piece::SourceLink(k) => public(i) && withheld(*k - 1),
                    // A public and a withheld document showing the same image (whichever owns it:
                    // as with a shared line, the files alone cannot tell).
                    Piece::ImageOf(j, _) => public(i) && withheld(*j) || withheld(i) && public(*j),
                    _ => false,
                })
            })
    }
}

/// The markers a piece carries.
fn markers_in(p: &Piece) -> Vec<String> {
    let text = match p {
        Piece::Line(s)
        | Piece::Heading(s)
        | Piece::Item(s)
        | Piece::Cell(s)
        | Piece::Comment(s)
        | Piece::Script(s)
        | Piece::Attr(s)
        | Piece::Style(s)
        | Piece::RawText(s)
        | Piece::Quote(_, s)
        | Piece::TitleQuote(_, s)
        | Piece::Disguised(_, s, _)
        | Piece::ImageOf(_, s) => s.as_str(),
        Piece::Image(name, content) => return vec![name.clone(), content.clone()],
        Piece::Link(_) | Piece::SourceLink(_) => "",
    };
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(at) = text[i..].find("zq") {
        let start = i + at;
        let end = start + 12;
        if end <= bytes.len() && bytes[start..end].iter().all(u8::is_ascii_lowercase) {
            out.push(text[start..end].to_string());
        }
        i = start + 2;
    }
    out
}

/// A file's Latin letters as a reader takes them: `%XX` escapes decoded, compatibility
/// forms folded (NFKC: `𝐳` is `z`), lower case, and everything that is not a letter (tags,
/// spaces, invisible characters) dropped. A marker is 12 letters: one hidden between
/// other characters shows here.
fn letters(bytes: &[u8]) -> Vec<u8> {
    use unicode_normalization::UnicodeNormalization;
    let mut unescaped = Vec::with_capacity(bytes.len());
    let hex = |b: u8| (b as char).to_digit(16);
    let mut i = 0;
    while i < bytes.len() {
        match (
            bytes[i],
            bytes.get(i + 1).and_then(|b| hex(*b)),
            bytes.get(i + 2).and_then(|b| hex(*b)),
        ) {
            (b'%', Some(h), Some(l)) => {
                unescaped.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, ..) => {
                unescaped.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&unescaped)
        .nfkc()
        .filter(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_lowercase() as u8)
        .collect()
}

/// Every (file, marker) under `dir`, hidden files included, file names too; the search is
/// case-insensitive, and also runs over the file's [`letters`].
pub fn scan(dir: &Path, never: &BTreeSet<String>) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for entry in walk(dir) {
        let rel = entry
            .strip_prefix(dir)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let bytes = std::fs::read(&entry)
            .unwrap_or_default()
            .to_ascii_lowercase();
        let name = rel.to_ascii_lowercase();
        let letters = letters(&bytes);
        for m in never {
            let m_bytes = m.as_bytes();
            if name.contains(m.as_str())
                || bytes.windows(m.len()).any(|w| w == m_bytes)
                || letters.windows(m.len()).any(|w| w == m_bytes)
            {
                found.push((rel.clone(), m.clone()));
            }
        }
    }
    found
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let Ok(rd) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

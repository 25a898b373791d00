//! A .docx read into blocks (zip + quick-xml): paragraphs with their alignment, colour, size
//! and automatic numbering written out (一、 （一） 1.), tables with merged cells, images with
//! their alt text. What Word does not show as the document's text is never read (SPEC §15):
//! tracked changes are taken as accepted (deletions and text moved away are left out,
//! insertions and text moved here kept), hidden text (`w:vanish`, directly or by its style)
//! is left out, field codes (`w:instrText`) are not text, and comments, headers and footers
//! live in parts never read for their text (what was left out is counted for the summary).
//! Footnotes and endnotes are read by the same reader (`notes.rs`). Bounded: the package's
//! declared and real inflated sizes, and the nesting of tables.

use super::blocks::{Block, ListItem, Para, without_mark_chars};
use crate::source::extract::{Package, Unopened, push_reference, resolve};
use quick_xml::events::{BytesStart, Event};
use std::collections::{HashMap, HashSet};
use std::path::Path;

mod notes;
mod numbering;
mod table;

pub use numbering::chinese;
use numbering::{Label, Numbering};
use table::{Merge, OpenTable, end_cell, end_table};

/// Tables inside tables deeper than this are refused (a real 公文 has two levels at most).
const MAX_TABLE_DEPTH: usize = 16;

/// A Word file's body, and the images it holds (name in the package, bytes).
pub struct Docx {
    pub blocks: Vec<Block>,
    pub images: Vec<(String, Vec<u8>)>,
    /// The footnotes and endnotes the body cites, numbered from 1 in the order cited.
    pub notes: Vec<String>,
    /// What was not imported, with counts (`批注 2 条`).
    pub left_out: Vec<String>,
}

pub fn read(path: &Path) -> Result<Docx, String> {
    let mut package = Package::open(path).map_err(|u| match u {
        Unopened::NotZip => "不是有效的 .docx（不是 zip 包：也许是改了扩展名的 .doc 或其他文件，请在 Word/WPS 中另存为 .docx）".to_string(),
        other => other.into(),
    })?;
    // The main part is where the package's own relationships say (any path, as the format
    // allows); its styles, numbering and images where its relationships say.
    let main = package.main_document("word/document.xml")?;
    let document = package
        .part(&main)?
        .ok_or_else(|| format!("不是 Word 文件：包中没有正文部分 {main}"))?;
    let rels = package.relationships(&main)?;
    let dir = main.rsplit_once('/').map_or("", |(d, _)| d);
    let named = |kind: &str, default: &str| {
        (rels.iter())
            .find(|r| r.kind == kind && !r.external)
            .map_or_else(|| resolve(dir, default), |r| r.target.clone())
    };
    let (styles, numbering) = (
        named("styles", "styles.xml"),
        named("numbering", "numbering.xml"),
    );
    let note_parts = [
        (notes::Kind::Foot, named("footnotes", "footnotes.xml")),
        (notes::Kind::End, named("endnotes", "endnotes.xml")),
    ];
    let mut part = |name: &str| package.part(name).map(Option::unwrap_or_default);
    let styles = part(&styles)?;
    let numbering = part(&numbering)?;
    // Parts never opened for their text, only counted for the summary.
    let comments_part = named("comments", "comments.xml");
    let margins = (rels.iter())
        .filter(|r| r.kind == "header" || r.kind == "footer")
        .count();
    // An external target stays as written: an image linked from the web is shown by its
    // address, which `remote-resource` reports.
    let targets: HashMap<String, String> = rels.into_iter().map(|r| (r.id, r.target)).collect();
    let (headings, hidden_styles) = styles_of(&styles)?;
    let mut reader = Body {
        headings,
        hidden_styles,
        numbering: Numbering::parse(&numbering)?,
        targets: &targets,
        images: Vec::new(),
        notes: notes::Notes::default(),
        left: LeftOut::default(),
    };
    for (kind, name) in note_parts {
        if let Some(xml) = package.part(&name)? {
            notes::read(&mut reader, &xml, kind)?;
        }
    }
    let blocks = reader.blocks(&document)?;
    let mut images = Vec::new();
    for target in reader.images {
        if let Some(bytes) = package.part(&target)? {
            images.push((target, bytes));
        }
    }
    let comments = package.part(&comments_part)?.unwrap_or_default();
    let comments = memchr::memmem::find_iter(&comments, b"<w:comment ").count();
    let mut left_out = Vec::new();
    for (n, what) in [
        (comments, "批注 {} 条"),
        (reader.left.deletions, "修订中删除的内容 {} 处"),
        (reader.left.hidden, "隐藏文字 {} 字"),
        (margins, "页眉页脚 {} 个"),
    ] {
        if n > 0 {
            left_out.push(what.replace("{}", &n.to_string()));
        }
    }
    Ok(Docx {
        blocks,
        images,
        notes: reader.notes.cited,
        left_out,
    })
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().into_inner() == name).then(|| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_default()
        })
    })
}

fn invalid(part: &str) -> String {
    format!("{part} 不是有效的 XML")
}

/// Style id → heading level (Title 1, heading 1 → 2 …), from the styles' English names,
/// which Word and WPS keep whatever the interface language; and the styles that hide their
/// text (`<w:vanish/>`).
type Styles = (HashMap<String, u8>, HashSet<String>);

fn styles_of(xml: &[u8]) -> Result<Styles, String> {
    let mut out = HashMap::new();
    let mut hidden = HashSet::new();
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut id = None;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) if e.local_name().into_inner() == "style" => {
                id = attr(&e, "styleId")
            }
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().into_inner() == "name" => {
                let name = attr(&e, "val").unwrap_or_default().to_lowercase();
                let level = match name.as_str() {
                    "title" => Some(1),
                    n => n
                        .strip_prefix("heading ")
                        .and_then(|d| d.parse::<u8>().ok())
                        .map(|d| d.saturating_add(1)),
                };
                if let (Some(id), Some(level)) = (&id, level) {
                    out.insert(id.clone(), level);
                }
            }
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().into_inner() == "vanish" => {
                if let Some(id) = &id
                    && switched_on(&e)
                {
                    hidden.insert(id.clone());
                }
            }
            Ok(Event::Eof) => return Ok((out, hidden)),
            Err(_) => return Err(invalid("样式部分")),
            _ => {}
        }
        buf.clear();
    }
}

/// Whether an on/off property (`<w:vanish/>`, `<w:vanish w:val="false"/>`) is on.
fn switched_on(e: &BytesStart) -> bool {
    !matches!(attr(e, "val").as_deref(), Some("false" | "0" | "off"))
}

/// The reader of `word/document.xml`.
struct Body<'a> {
    headings: HashMap<String, u8>,
    /// Styles whose text is hidden.
    hidden_styles: HashSet<String>,
    numbering: Numbering,
    targets: &'a HashMap<String, String>,
    /// Image targets in the order the body shows them.
    images: Vec<String>,
    /// The footnotes and endnotes, and those the body cites.
    notes: notes::Notes,
    /// What Word does not show, counted as it is left out.
    left: LeftOut,
}

/// What a Word file holds that is not imported (SPEC §15), for the import's summary.
#[derive(Default)]
struct LeftOut {
    /// Tracked deletions and text moved away.
    deletions: usize,
    /// Characters of hidden text.
    hidden: usize,
}

/// A paragraph being read.
#[derive(Default)]
struct Open {
    para: Para,
    style: Option<String>,
    num: Option<(String, u8)>,
    /// Characters of red and of large text, to judge the paragraph by its majority.
    red: usize,
    large: usize,
    chars: usize,
    in_run_props: bool,
    run_red: bool,
    run_large: bool,
    /// The paragraph's style hides its text; the run's style does; the run says itself.
    style_hidden: bool,
    run_style_hidden: bool,
    run_vanish: Option<bool>,
    images: Vec<Block>,
}

impl Open {
    /// Whether the run being read is hidden text.
    fn hidden(&self) -> bool {
        self.run_vanish
            .unwrap_or(self.run_style_hidden || self.style_hidden)
    }
}

impl Body<'_> {
    fn blocks(&mut self, xml: &[u8]) -> Result<Vec<Block>, String> {
        let mut reader = quick_xml::Reader::from_reader(xml);
        let mut buf = Vec::new();
        let mut out = Vec::new();
        // A stack: a text box holds paragraphs inside a paragraph's run.
        let mut paras: Vec<Open> = Vec::new();
        let mut tables: Vec<OpenTable> = Vec::new();
        // `skipped`: how many open elements hold what Word does not show (a deletion, text
        // moved away, a drawing in hidden text); `drawings`: whether each open drawing is one.
        let (mut in_text, mut skipped) = (false, 0usize);
        let mut drawings: Vec<bool> = Vec::new();
        let mut drawing: Option<(String, Option<String>)> = None; // (alt, embed)
        loop {
            let event = reader
                .read_event_into(&mut buf)
                .map_err(|_| invalid("正文"))?;
            match event {
                Event::Start(e) => match e.local_name().into_inner() {
                    "tbl" => {
                        if tables.len() >= MAX_TABLE_DEPTH {
                            return Err(format!("表格嵌套超过 {MAX_TABLE_DEPTH} 层，未读取"));
                        }
                        tables.push(OpenTable::default());
                    }
                    "tr" => {
                        if let Some(t) = tables.last_mut() {
                            t.rows.push(Vec::new());
                        }
                    }
                    "tc" => {
                        if let Some(t) = tables.last_mut() {
                            t.cell_text.clear();
                            t.span = 1;
                            t.merge = Merge::None;
                        }
                    }
                    "p" => paras.push(Open::default()),
                    "rPr" => {
                        if let Some(p) = paras.last_mut() {
                            p.in_run_props = true;
                        }
                    }
                    "r" => {
                        if let Some(p) = paras.last_mut() {
                            p.run_style_hidden = false;
                            p.run_vanish = None;
                            p.run_red = false;
                            p.run_large = false;
                        }
                    }
                    "t" => in_text = true,
                    "del" | "moveFrom" => {
                        skipped += 1;
                        self.left.deletions += 1;
                    }
                    "drawing" | "pict" => {
                        let skip = skipped > 0 || paras.last().is_some_and(Open::hidden);
                        drawings.push(skip);
                        if skip {
                            skipped += 1;
                        } else {
                            drawing = Some((String::new(), None));
                        }
                    }
                    _ => self.empty(&e, paras.last_mut(), &mut tables, &mut drawing, skipped),
                },
                Event::Empty(e) => {
                    self.empty(&e, paras.last_mut(), &mut tables, &mut drawing, skipped)
                }
                Event::Text(t) if in_text && skipped == 0 => {
                    self.text(paras.last_mut(), &t.xml10_content())
                }
                Event::GeneralRef(r) if in_text && skipped == 0 => {
                    if let Some(p) = paras.last_mut().filter(|p| !p.hidden()) {
                        let mut text = String::new();
                        push_reference(&mut text, &r);
                        p.para.text.push_str(&without_mark_chars(&text));
                    }
                }
                Event::End(e) => match e.local_name().into_inner() {
                    "t" => in_text = false,
                    "del" | "moveFrom" => skipped = skipped.saturating_sub(1),
                    "rPr" => {
                        if let Some(p) = paras.last_mut() {
                            p.in_run_props = false;
                        }
                    }
                    "drawing" | "pict" if drawings.pop() == Some(true) => {
                        skipped = skipped.saturating_sub(1);
                    }
                    "drawing" | "pict" => {
                        if let (Some((alt, Some(embed))), Some(p)) =
                            (drawing.take(), paras.last_mut())
                            && let Some(target) = self.targets.get(&embed)
                        {
                            self.images.push(target.clone());
                            p.images.push(Block::Image {
                                file: target.clone(),
                                alt,
                            });
                        }
                    }
                    "p" => self.end_paragraph(&mut paras, &mut tables, &mut out),
                    "tc" => end_cell(&mut tables),
                    "tbl" => end_table(&mut tables, &mut out),
                    _ => {}
                },
                Event::Eof => return Ok(out),
                _ => {}
            }
            buf.clear();
        }
    }

    /// A paragraph ends: its text joins the paragraph holding its text box, the open table
    /// cell, or the document's blocks.
    fn end_paragraph(
        &mut self,
        paras: &mut Vec<Open>,
        tables: &mut [OpenTable],
        out: &mut Vec<Block>,
    ) {
        if let Some(open) = paras.pop() {
            let (mut text, images) = self.finish(open);
            // In a text box or a cell, a list item's marker stays in its text.
            if let Some(item) = text
                .list
                .filter(|_| !paras.is_empty() || !tables.is_empty())
            {
                let marker = item
                    .number
                    .map_or_else(|| "- ".to_string(), |n| format!("{n}. "));
                text.text = format!("{marker}{}", text.text);
            }
            if let Some(outer) = paras.last_mut() {
                // A text box's paragraph: its words join the paragraph
                // that holds the box.
                outer.para.text.push_str(&text.text);
                outer.images.extend(images);
                return;
            }
            match tables.last_mut() {
                Some(t) => {
                    if !t.cell_text.is_empty() && !text.text.trim().is_empty() {
                        t.cell_text.push('\n');
                    }
                    t.cell_text.push_str(&text.text);
                }
                None => {
                    out.push(Block::Para(text));
                    out.extend(images);
                }
            }
        }
    }

    /// Text of a run: the open paragraph's, counted as red or large as its run is; or, in
    /// hidden text, only counted as left out.
    fn text(&mut self, para: Option<&mut Open>, text: &str) {
        let Some(p) = para else { return };
        let n = text.chars().count();
        if p.hidden() {
            self.left.hidden += n;
            return;
        }
        p.chars += n;
        if p.run_red {
            p.red += n;
        }
        if p.run_large {
            p.large += n;
        }
        p.para.text.push_str(&without_mark_chars(text));
    }

    /// An element that carries its meaning in attributes (`<w:jc w:val="center"/>`).
    fn empty(
        &mut self,
        e: &BytesStart,
        para: Option<&mut Open>,
        tables: &mut [OpenTable],
        drawing: &mut Option<(String, Option<String>)>,
        skipped: usize,
    ) {
        let name = e.local_name();
        match name.into_inner() {
            "gridSpan" => {
                if let Some(t) = tables.last_mut() {
                    t.span = attr(e, "val")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(1)
                        .clamp(1, 64);
                }
            }
            "vMerge" => {
                if let Some(t) = tables.last_mut() {
                    t.merge = match attr(e, "val").as_deref() {
                        Some("restart") => Merge::Restart,
                        _ => Merge::Continue,
                    };
                }
            }
            "docPr" => {
                if let Some(d) = drawing {
                    d.0 = attr(e, "descr")
                        .filter(|s| !s.trim().is_empty())
                        .or_else(|| attr(e, "title"))
                        .unwrap_or_default();
                }
            }
            "blip" => {
                if let Some(d) = drawing {
                    d.1 = attr(e, "embed");
                }
            }
            "imagedata" => {
                if let Some(d) = drawing {
                    d.1 = attr(e, "id");
                    if d.0.is_empty() {
                        d.0 = attr(e, "title").unwrap_or_default();
                    }
                }
            }
            _ => {}
        }
        let Some(p) = para else { return };
        match name.into_inner() {
            "pStyle" => {
                p.style = attr(e, "val");
                p.style_hidden = p
                    .style
                    .as_ref()
                    .is_some_and(|s| self.hidden_styles.contains(s));
            }
            "rStyle" if p.in_run_props => {
                p.run_style_hidden =
                    attr(e, "val").is_some_and(|s| self.hidden_styles.contains(&s));
            }
            "vanish" if p.in_run_props => p.run_vanish = Some(switched_on(e)),
            "jc" if !p.in_run_props => match attr(e, "val").as_deref() {
                Some("center") => p.para.center = true,
                Some("right" | "end") => p.para.right = true,
                _ => {}
            },
            "ilvl" => {
                // Word has nine levels, 0 to 8.
                let level = attr(e, "val")
                    .and_then(|v| v.parse::<u8>().ok())
                    .map_or(0, |l| l.min(8));
                let num = p.num.take().map_or(String::new(), |n| n.0);
                p.num = Some((num, level));
            }
            "numId" => {
                let level = p.num.take().map_or(0, |n| n.1);
                p.num = Some((attr(e, "val").unwrap_or_default(), level));
            }
            "color" if p.in_run_props => {
                p.run_red = attr(e, "val").is_some_and(|v| is_red(&v));
            }
            "sz" if p.in_run_props => {
                // Half-points: 36 is 18 pt, above 公文 body text (三号, 16 pt).
                p.run_large = attr(e, "val")
                    .and_then(|v| v.parse::<u32>().ok())
                    .is_some_and(|s| s >= 36);
            }
            // A tab in a run (a tab stop in the paragraph's settings has a position).
            _ if skipped > 0 || p.hidden() => {}
            "tab" if attr(e, "pos").is_none() => p.para.text.push('\t'),
            "noBreakHyphen" => p.para.text.push('-'),
            "footnoteReference" | "endnoteReference" => {
                let kind = match name.into_inner() {
                    "footnoteReference" => notes::Kind::Foot,
                    _ => notes::Kind::End,
                };
                let cited = (attr(e, "id").filter(|_| !self.notes.reading))
                    .and_then(|id| self.notes.cite(kind, id));
                if let Some(mark) = cited {
                    p.para.text.push_str(&mark);
                }
            }
            "br" | "cr" => p.para.text.push('\n'),
            _ => {}
        }
    }

    fn finish(&mut self, open: Open) -> (Para, Vec<Block>) {
        let mut para = open.para;
        para.red = open.chars > 0 && open.red * 2 > open.chars;
        para.large = open.chars > 0 && open.large * 2 > open.chars;
        para.heading = open
            .style
            .as_ref()
            .and_then(|s| self.headings.get(s).copied());
        if let Some((num, level)) = open.num.filter(|(n, _)| !n.is_empty() && n != "0") {
            let item = |number| Some(ListItem { level, number });
            match self.numbering.next(&num, level) {
                Label::None => {}
                Label::Bullet => para.list = item(None),
                // A numbered heading keeps its number in its text.
                Label::Number(n) if para.heading.is_some() => {
                    para.text = format!("{n}. {}", para.text);
                }
                Label::Number(n) => para.list = item(Some(n)),
                // Word puts a tab after the number: a space after a Latin label (`1.1`,
                // `a)`), nothing after a Chinese one (`一、`, `（一）`), as a 公文 writes it.
                Label::Text(label) => {
                    let gap = if label.ends_with(|c: char| c.is_ascii()) {
                        " "
                    } else {
                        ""
                    };
                    para.text = format!("{label}{gap}{}", para.text);
                }
            }
        }
        // A soft hyphen shows only at a line's end; a non-breaking one is a hyphen.
        if para.text.contains(['\u{ad}', '\u{2011}']) {
            para.text = para.text.replace('\u{ad}', "").replace('\u{2011}', "-");
        }
        (para, open.images)
    }
}

/// A colour Word writes for red: strong red, little green and blue (FF0000, C00000, E60012…).
fn is_red(hex: &str) -> bool {
    let v = u32::from_str_radix(hex, 16).ok().filter(|_| hex.len() == 6);
    v.is_some_and(|v| {
        let (r, g, b) = (v >> 16, (v >> 8) & 0xff, v & 0xff);
        r >= 0xb0 && g < 0x50 && b < 0x50
    })
}

#[cfg(test)]
mod tests;

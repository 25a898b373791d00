//! Footnotes and endnotes: each note's text, read by the body's own reader (so deletions and
//! hidden text stay out), and the notes the body cites, numbered in the order it cites them.
//! The body's paragraphs hold a mark where each is cited (`blocks::note_mark`), which the
//! Markdown writer turns into `[^n]`.

use super::Body;
use crate::import::blocks::{Block, clean, note_mark};
use quick_xml::events::Event;
use std::collections::HashMap;

/// A note part: `footnotes` or `endnotes`.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Kind {
    Foot,
    End,
}

#[derive(Default)]
pub(super) struct Notes {
    /// Each note's text, by part and id.
    texts: HashMap<(Kind, String), String>,
    /// The number each cited note was given.
    numbers: HashMap<(Kind, String), usize>,
    /// The cited notes' texts, in the order first cited.
    pub(super) cited: Vec<String>,
    /// Notes are being read: a note's own references cite nothing (the body's order numbers
    /// them).
    pub(super) reading: bool,
}

impl Notes {
    /// The mark to write where the body cites note `id` of `kind`; none when there is no
    /// such note (a separator, or a part that was not there).
    pub(super) fn cite(&mut self, kind: Kind, id: String) -> Option<String> {
        if let Some(n) = self.numbers.get(&(kind, id.clone())) {
            return Some(note_mark(*n));
        }
        let text = self.texts.get(&(kind, id.clone()))?.clone();
        self.cited.push(text);
        let n = self.cited.len();
        self.numbers.insert((kind, id), n);
        Some(note_mark(n))
    }
}

/// Read the notes of the part `xml` into `body`'s notes, each by `body`'s reader. Word's
/// separators (`w:type="separator"` …) are no notes.
pub(super) fn read(body: &mut Body, xml: &[u8], kind: Kind) -> Result<(), String> {
    let element = match kind {
        Kind::Foot => "footnote",
        Kind::End => "endnote",
    };
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    // The note being read: its id, where its content starts, how deep inside it we are.
    let mut open: Option<(String, usize, usize)> = None;
    let mut found = Vec::new();
    loop {
        let before = reader.buffer_position() as usize;
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|_| super::invalid("脚注或尾注"))?;
        match event {
            Event::Start(e) if open.is_none() && e.local_name().into_inner() == element => {
                let separator = super::attr(&e, "type").is_some_and(|t| t != "normal");
                if let Some(id) = super::attr(&e, "id").filter(|_| !separator) {
                    open = Some((id, reader.buffer_position() as usize, 0));
                }
            }
            Event::Start(_) => {
                if let Some(o) = &mut open {
                    o.2 += 1;
                }
            }
            Event::End(_) => match &mut open {
                Some((_, _, depth)) if *depth > 0 => *depth -= 1,
                Some(_) => {
                    let (id, start, _) = open.take().expect("a note is open");
                    found.push((id, start..before));
                }
                None => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    // The body's reader, as it was before the notes: their list numbers, images and what
    // they leave out are not the body's.
    let counters = body.numbering.counters();
    let (images, left) = (body.images.len(), std::mem::take(&mut body.left));
    body.notes.reading = true;
    let read = read_each(body, xml, kind, found);
    body.notes.reading = false;
    body.numbering.set_counters(counters);
    body.images.truncate(images);
    body.left = left;
    read
}

/// Each note of `found` (its id and where its content is in `xml`) read as text.
fn read_each(
    body: &mut Body,
    xml: &[u8],
    kind: Kind,
    found: Vec<(String, std::ops::Range<usize>)>,
) -> Result<(), String> {
    for (id, range) in found {
        let blocks = body.blocks(&xml[range])?;
        let text: Vec<String> = (blocks.iter())
            .filter_map(|b| match b {
                Block::Para(p) => Some(clean(&p.text)),
                _ => None,
            })
            .filter(|t| !t.is_empty())
            .collect();
        if !text.is_empty() {
            body.notes.texts.insert((kind, id), text.join(" "));
        }
    }
    Ok(())
}

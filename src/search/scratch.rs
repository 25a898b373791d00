//! One document's terms while it is indexed: term key → (sum of field weights, body
//! occurrences, last field that counted).
//!
//! Every term occurrence of every document passes through here (12 million for 10,000
//! documents), so it is a flat open-addressing table reused from document to document: a
//! slot belongs to the current document when its stamp is the document's generation, so
//! starting a document clears nothing, and the document's terms are read back from the list
//! of slots it used.

/// A document's tally of one term.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tally {
    pub fields: u32,
    pub body: u32,
    pub last_field: u8,
}

const FRESH: Tally = Tally {
    fields: 0,
    body: 0,
    last_field: u8::MAX,
};

pub struct Scratch {
    keys: Vec<u64>,
    tallies: Vec<Tally>,
    stamps: Vec<u32>,
    generation: u32,
    used: Vec<u32>,
    bits: u32,
}

impl Scratch {
    pub fn new() -> Scratch {
        Scratch::with_bits(11)
    }

    fn with_bits(bits: u32) -> Scratch {
        let n = 1usize << bits;
        Scratch {
            keys: vec![0; n],
            tallies: vec![FRESH; n],
            stamps: vec![0; n],
            generation: 1,
            used: Vec::new(),
            bits,
        }
    }

    /// Forget the previous document.
    pub fn start(&mut self) {
        self.used.clear();
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            self.stamps.fill(0);
            self.generation = 1;
        }
    }

    /// The tally of `key` in the current document, fresh on first sight.
    pub fn tally(&mut self, key: u64) -> &mut Tally {
        // Keep at most half the slots in use, so probes stay short.
        if self.used.len() * 2 >= self.keys.len() {
            self.grow();
        }
        let mask = self.keys.len() - 1;
        let mut i = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - self.bits)) as usize;
        loop {
            if self.stamps[i] != self.generation {
                self.stamps[i] = self.generation;
                self.keys[i] = key;
                self.tallies[i] = FRESH;
                self.used.push(i as u32);
                return &mut self.tallies[i];
            }
            if self.keys[i] == key {
                return &mut self.tallies[i];
            }
            i = (i + 1) & mask;
        }
    }

    /// Set the tally of `key`, whatever it was.
    pub fn set(&mut self, key: u64, tally: Tally) {
        *self.tally(key) = tally;
    }

    /// The current document's terms, in no particular order.
    pub fn terms(&self) -> impl Iterator<Item = (u64, Tally)> + '_ {
        self.used
            .iter()
            .map(|&i| (self.keys[i as usize], self.tallies[i as usize]))
    }

    fn grow(&mut self) {
        let mut bigger = Scratch::with_bits(self.bits + 1);
        for (k, t) in self.terms() {
            bigger.set(k, t);
        }
        *self = bigger;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// Many documents, some larger than the table, with repeated keys: each document's
    /// terms are exactly what a map counts, and nothing leaks from one document to the next.
    #[test]
    fn counts_like_a_map_and_forgets_between_documents() {
        let mut s = Scratch::new();
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for doc in 0..50u64 {
            s.start();
            let mut want: HashMap<u64, u32> = HashMap::new();
            let n = if doc % 10 == 0 { 5000 } else { 300 };
            for _ in 0..n {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                // Few distinct keys, shared across documents, differing in high bits.
                let key = ((seed % 3000) << 40) | (doc % 3);
                s.tally(key).body += 1;
                *want.entry(key).or_default() += 1;
            }
            let got: HashMap<u64, u32> = s.terms().map(|(k, t)| (k, t.body)).collect();
            assert_eq!(got, want, "document {doc}");
        }
    }
}

//! JUnit XML written as files are checked, in flat memory (`perf validate --format junit`, issue
//! 16). The document opens with the count of cases and of failed ones, every file is a case
//! (clean ones too), and a case holds all its file's findings — some of which (cross-file
//! findings, and those of files with inline suppressions) are known only once the pass is over.
//! So nothing is written during the pass: each file leaves a [`Record`] — its name and its own
//! findings already laid out, on the worker that checked it — in a scratch file, in path order;
//! the few findings known at the end are laid out and held ([`JunitScratch::hold`]); then
//! [`JunitScratch::finish`] writes the opening with the counts, reads the scratch back once,
//! merging each file's own findings with its held ones in the order of the one-shot
//! [`render_junit`](super::render_junit), and the closing. The bytes are that renderer's.
//!
//! A record in the scratch: the case name's length (u32) and bytes, the number of findings
//! (u32), per finding whether it is an error (u8), its position (u64) and rule code (u8
//! length, bytes) — its sort key, for the merge — and its text's length (u32); then the
//! texts, one after another. Little-endian throughout.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};

use crate::diag::file::SourceFile;
use crate::diag::render::Resolver;
use crate::diag::render::junit::{Piece, case_name, write_case, write_head, write_tail};
use crate::diag::{Counts, Diagnostic, FileId};

/// One file's test case as the scratch holds it: its name and its own findings laid out.
#[derive(Debug)]
pub struct Record {
    bytes: Vec<u8>,
    counts: Counts,
}

impl Record {
    /// The case of the first file of `files` (a one-file table) with `diagnostics`, its own
    /// findings (sorted; none for a clean file).
    pub fn of(files: &[SourceFile], diagnostics: &[Diagnostic]) -> Self {
        let name = files
            .first()
            .map(|f| case_name(&f.path.display().to_string()))
            .unwrap_or_default();
        let mut resolver = Resolver::new(files);
        let pieces: Vec<(Piece, u64, &'static str)> = diagnostics
            .iter()
            .map(|d| (Piece::of(&mut resolver, d), start_of(d), d.rule.code))
            .collect();
        let size = 8
            + name.len()
            + pieces
                .iter()
                .map(|(p, _, code)| 14 + code.len() + p.text.len())
                .sum::<usize>();
        let mut bytes = Vec::with_capacity(size);
        put_len(&mut bytes, name.len());
        bytes.extend_from_slice(name.as_bytes());
        put_len(&mut bytes, pieces.len());
        for (piece, start, code) in &pieces {
            bytes.push(u8::from(piece.error));
            bytes.extend_from_slice(&start.to_le_bytes());
            // Rule codes are a few ASCII letters and digits.
            let code = code.as_bytes().get(..255).unwrap_or(code.as_bytes());
            bytes.push(u8::try_from(code.len()).unwrap_or(u8::MAX));
            bytes.extend_from_slice(code);
            put_len(&mut bytes, piece.text.len());
        }
        for (piece, _, _) in &pieces {
            bytes.extend_from_slice(piece.text.as_bytes());
        }
        Self {
            bytes,
            counts: Counts::of(diagnostics),
        }
    }

    /// How many findings of each severity it holds.
    pub fn counts(&self) -> Counts {
        self.counts
    }
}

/// A finding's position, as its sort key has it.
fn start_of(d: &Diagnostic) -> u64 {
    d.span.as_ref().map_or(0, |s| s.start as u64)
}

/// Appends a length as the scratch holds it; a length past 4 GiB cannot be laid out.
fn put_len(bytes: &mut Vec<u8>, len: usize) {
    bytes.extend_from_slice(&u32::try_from(len).unwrap_or(u32::MAX).to_le_bytes());
}

/// A finding known at the end of the pass, laid out, with its file's number in the tree and
/// its sort key.
#[derive(Debug)]
struct Held {
    file: usize,
    start: u64,
    code: &'static str,
    piece: Piece,
}

/// A JUnit document under way: the records of the files checked so far, in a scratch file,
/// and the findings held for the end.
#[derive(Debug)]
pub struct JunitScratch {
    scratch: BufWriter<File>,
    records: usize,
    counts: Counts,
    /// One bit per file: whether its case has a failure.
    failed: Vec<u64>,
    held: Vec<Held>,
}

impl JunitScratch {
    /// A document whose records go into `scratch` (an empty file, read back by
    /// [`JunitScratch::finish`]: `perf::write::scratch_file`).
    pub fn new(scratch: File) -> Self {
        Self {
            scratch: BufWriter::with_capacity(1 << 16, scratch),
            records: 0,
            counts: Counts::default(),
            failed: Vec::new(),
            held: Vec::new(),
        }
    }

    /// Adds the next file's case (files come in path order, every one of them).
    pub fn push(&mut self, record: Record) -> io::Result<()> {
        if record.counts.errors > 0 {
            self.fail(self.records);
        }
        self.counts += record.counts;
        self.records += 1;
        self.scratch.write_all(&record.bytes)
    }

    /// Holds findings known at the end of the pass (they point into `files`, which holds their
    /// texts; `ids` is each table entry's number in the whole tree; sorted by file).
    pub fn hold(&mut self, ids: &[FileId], files: &[SourceFile], diagnostics: &[Diagnostic]) {
        let mut resolver = Resolver::new(files);
        for d in diagnostics {
            let Some(&file) = ids.get(d.file.0) else {
                continue;
            };
            let piece = Piece::of(&mut resolver, d);
            if piece.error {
                self.fail(file.0);
            }
            self.held.push(Held {
                file: file.0,
                start: start_of(d),
                code: d.rule.code,
                piece,
            });
        }
        self.counts += Counts::of(diagnostics);
    }

    /// Writes out what is buffered for the scratch: once the pass is over, so that a scratch
    /// that cannot be written fails before any of the document is.
    pub fn flush(&mut self) -> io::Result<()> {
        self.scratch.flush()
    }

    /// How many findings of each severity the document holds so far.
    pub fn counts(&self) -> Counts {
        self.counts
    }

    fn fail(&mut self, file: usize) {
        let word = file / 64;
        if self.failed.len() <= word {
            self.failed.resize(word + 1, 0);
        }
        if let Some(bits) = self.failed.get_mut(word) {
            *bits |= 1 << (file % 64);
        }
    }

    /// Writes the document to `out`: the opening with the counts, a case per file from the
    /// scratch with its held findings merged in, the closing.
    pub fn finish(self, out: &mut dyn Write) -> io::Result<()> {
        let Self {
            scratch,
            records,
            failed,
            mut held,
            ..
        } = self;
        let mut scratch = scratch
            .into_inner()
            .map_err(io::IntoInnerError::into_error)?;
        scratch.seek(SeekFrom::Start(0))?;
        let mut scratch = BufReader::with_capacity(1 << 16, scratch);
        // In file order; a file's held findings keep their order (that of the one-shot list).
        held.sort_by_key(|h| h.file);
        let failures: usize = failed.iter().map(|w| w.count_ones() as usize).sum();
        let mut out = BufWriter::with_capacity(1 << 16, out);
        write_head(&mut out, records, failures)?;
        let mut case = Case::default();
        let mut next_held = 0;
        for file in 0..records {
            case.read(&mut scratch)?;
            let end = next_held
                + held
                    .get(next_held..)
                    .unwrap_or_default()
                    .iter()
                    .take_while(|h| h.file == file)
                    .count();
            let mine = held.get(next_held..end).unwrap_or_default();
            next_held = end;
            if mine.is_empty() {
                write_case(&mut out, &case.name, case.pieces())?;
                continue;
            }
            // The one-shot list is sorted by position and code, a file's own findings before
            // the others on a tie (only files with suppressions have none of their own).
            let mut merged: Vec<(bool, &[u8])> = Vec::with_capacity(mine.len());
            let mut own = case.keyed().peekable();
            let mut later = mine.iter().peekable();
            loop {
                let take_own = match (own.peek(), later.peek()) {
                    (Some((start, code, _)), Some(h)) => {
                        (*start, *code) <= (h.start, h.code.as_bytes())
                    }
                    (Some(_), None) => true,
                    (None, Some(_)) => false,
                    (None, None) => break,
                };
                if take_own {
                    if let Some((_, _, piece)) = own.next() {
                        merged.push(piece);
                    }
                } else if let Some(h) = later.next() {
                    merged.push((h.piece.error, h.piece.text.as_bytes()));
                }
            }
            write_case(&mut out, &case.name, merged.iter().copied())?;
        }
        write_tail(&mut out)?;
        out.flush()
    }
}

/// One record read back, its buffers reused from file to file.
#[derive(Debug, Default)]
struct Case {
    name: Vec<u8>,
    /// Per finding: error, position, code (a range of `codes`), text length.
    entries: Vec<(bool, u64, (usize, usize), usize)>,
    codes: Vec<u8>,
    texts: Vec<u8>,
}

impl Case {
    fn read(&mut self, from: &mut impl Read) -> io::Result<()> {
        let len = read_u32(from)?;
        self.name.resize(len, 0);
        from.read_exact(&mut self.name)?;
        let count = read_u32(from)?;
        self.entries.clear();
        self.codes.clear();
        let mut total = 0;
        for _ in 0..count {
            let mut fixed = [0_u8; 10];
            from.read_exact(&mut fixed)?;
            let [error, s0, s1, s2, s3, s4, s5, s6, s7, code_len] = fixed;
            let start = u64::from_le_bytes([s0, s1, s2, s3, s4, s5, s6, s7]);
            let at = self.codes.len();
            self.codes.resize(at + usize::from(code_len), 0);
            from.read_exact(self.codes.get_mut(at..).unwrap_or_default())?;
            let text = read_u32(from)?;
            total += text;
            self.entries
                .push((error != 0, start, (at, at + usize::from(code_len)), text));
        }
        self.texts.resize(total, 0);
        from.read_exact(&mut self.texts)
    }

    /// Each finding as (error, its XML), in order.
    fn pieces(&self) -> impl Iterator<Item = (bool, &[u8])> + Clone {
        self.keyed().map(|(_, _, piece)| piece)
    }

    /// Each finding with its sort key (position, code), in order.
    fn keyed(&self) -> impl Iterator<Item = (u64, &[u8], (bool, &[u8]))> + Clone {
        let mut at = 0;
        self.entries
            .iter()
            .map(move |&(error, start, (from, to), len)| {
                let text = self.texts.get(at..at + len).unwrap_or_default();
                at += len;
                let code = self.codes.get(from..to).unwrap_or_default();
                (start, code, (error, text))
            })
    }
}

fn read_u32(from: &mut impl Read) -> io::Result<usize> {
    let mut bytes = [0_u8; 4];
    from.read_exact(&mut bytes)?;
    Ok(u32::from_le_bytes(bytes) as usize)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::Arc;

    use super::*;
    use crate::diag::registry::{
        BUDGET_SPLIT_MISSING, BUDGET_SUM, DUPLICATE_CODE, NEGATIVE_AMOUNT,
    };
    use crate::diag::render::render_junit;

    fn file(path: &str, text: &str) -> SourceFile {
        SourceFile {
            path: PathBuf::from(path),
            text: Some(Arc::from(text)),
            suppressions: Vec::new(),
        }
    }

    /// Three files — one clean, one with its own findings and a held one between them by
    /// position, one with held findings only — written through the scratch: the one-shot
    /// document, byte for byte.
    #[test]
    fn records_and_held_findings_make_the_one_shot_document() {
        let text = "[budget]\ntotal = -1\ncode = 'x'\n";
        let files = [
            file("a.toml", text),
            file("b <&>.toml", text),
            file("c.toml", text),
        ];
        let own = [
            Diagnostic::new(&BUDGET_SPLIT_MISSING, FileId(1), Some(0..8), "缺"),
            Diagnostic::new(&BUDGET_SUM, FileId(1), Some(9..14), "不符 \u{1}").with_help("改"),
            Diagnostic::new(&NEGATIVE_AMOUNT, FileId(1), Some(26..29), "为负"),
        ];
        let held = [
            Diagnostic::new(&DUPLICATE_CODE, FileId(1), Some(20..24), "重复"),
            Diagnostic::new(&DUPLICATE_CODE, FileId(2), Some(20..24), "重复"),
        ];
        let mut all: Vec<Diagnostic> = own.iter().chain(&held).cloned().collect();
        all.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        let mut expected = Vec::new();
        render_junit(&mut expected, &files, &all).unwrap();

        let mut junit = JunitScratch::new(tempfile::tempfile().unwrap());
        for (i, f) in files.iter().enumerate() {
            let mine: Vec<Diagnostic> = own
                .iter()
                .filter(|d| d.file.0 == i)
                .map(|d| Diagnostic {
                    file: FileId(0),
                    ..d.clone()
                })
                .collect();
            junit
                .push(Record::of(std::slice::from_ref(f), &mine))
                .unwrap();
        }
        // The held findings' table: files 1 and 2 of the tree.
        let table = [files[1].clone(), files[2].clone()];
        let renumbered: Vec<Diagnostic> = held
            .iter()
            .map(|d| Diagnostic {
                file: FileId(d.file.0 - 1),
                ..d.clone()
            })
            .collect();
        junit.hold(&[FileId(1), FileId(2)], &table, &renumbered);
        assert_eq!(junit.counts(), Counts::of(&all));
        let mut streamed = Vec::new();
        junit.finish(&mut streamed).unwrap();
        assert_eq!(
            String::from_utf8(streamed).unwrap(),
            String::from_utf8(expected).unwrap()
        );
    }
}

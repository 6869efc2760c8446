//! Whether an existing file may be replaced by what perf writes now (issue 14): perf replaces
//! an empty file, a file it wrote itself, and a plain UTF-8 text file when it writes text; it
//! keeps anything else (a clerk's Excel workbook, Word document, PDF, database, picture)
//! unless `--force`. The file's kind is sniffed from its first bytes; a zip is looked into
//! for `word/`, `xl/`, `ppt/`, and a workbook or Word document counts as perf's when it
//! carries the marker [`crate::export::xlsx::write`] and [`crate::export::docx::write`]
//! set (custom property `generator` = `perf`, last saved by `perf`): once Excel, Word or WPS
//! saves it again, it is the clerk's.

use std::fs::File;
use std::io::{self, Read, Seek};
use std::path::Path;

use quick_xml::Reader;
use quick_xml::events::Event;

use crate::i18n::Lang;
use crate::write::error::{Step, WriteError};

/// The name perf signs its workbooks with (author, last saved by, custom `generator`).
pub const GENERATOR: &str = "perf";

/// How many bytes of a file are sniffed.
const SNIFF_BYTES: usize = 8192;

/// The most of a zip member (docProps) read to find perf's marker.
const PROPS_LIMIT: u64 = 64 * 1024;

/// What perf is about to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writes {
    /// Plain UTF-8 text: HTML, JSON, CSV, Markdown, SARIF, JUnit, a baseline, a schema.
    Text,
    /// An Excel workbook.
    Workbook,
    /// A SQLite database.
    Database,
}

/// What perf writes and whether the user said `--force` (replace whatever is there).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Replace {
    /// The kind of file written.
    pub writes: Writes,
    /// Replace even a file perf did not write.
    pub force: bool,
}

impl Replace {
    /// Text output, `--force` as given.
    pub fn text(force: bool) -> Self {
        Self {
            writes: Writes::Text,
            force,
        }
    }

    /// A workbook, `--force` as given.
    pub fn workbook(force: bool) -> Self {
        Self {
            writes: Writes::Workbook,
            force,
        }
    }

    /// A database, `--force` as given.
    pub fn database(force: bool) -> Self {
        Self {
            writes: Writes::Database,
            force,
        }
    }
}

/// What an existing file looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// Nothing in it.
    Empty,
    /// UTF-8 text.
    Text,
    /// A workbook perf exported (and nobody saved since).
    PerfWorkbook,
    /// An Excel workbook (.xlsx).
    Workbook,
    /// A Word document perf exported (and nobody saved since).
    PerfDocument,
    /// A Word document (.docx).
    Word,
    /// A PowerPoint presentation (.pptx).
    Presentation,
    /// Another zip archive (ODF, WPS, a plain zip).
    Zip,
    /// An old binary Office file (.doc, .xls, .ppt, also WPS's .et/.wps).
    OldOffice,
    /// A PDF.
    Pdf,
    /// A SQLite database.
    Sqlite,
    /// A PNG, JPEG or GIF picture.
    Image,
    /// Bytes that are not UTF-8 text.
    Binary,
}

impl Found {
    /// Whether perf may replace a file like this with what `writes` says, without `--force`.
    pub fn replaceable_by(self, writes: Writes) -> bool {
        match self {
            Self::Empty | Self::PerfWorkbook | Self::PerfDocument => true,
            Self::Text => writes == Writes::Text,
            _ => false,
        }
    }

    /// The kind, in words for a message ("Excel 工作簿").
    pub fn describe(self, lang: Lang) -> String {
        let key = match self {
            Self::Empty => "write.kind_empty",
            Self::Text => "write.kind_text",
            Self::PerfWorkbook | Self::Workbook => "write.kind_workbook",
            Self::PerfDocument | Self::Word => "write.kind_word",
            Self::Presentation => "write.kind_presentation",
            Self::Zip => "write.kind_zip",
            Self::OldOffice => "write.kind_old_office",
            Self::Pdf => "write.kind_pdf",
            Self::Sqlite => "write.kind_sqlite",
            Self::Image => "write.kind_image",
            Self::Binary => "write.kind_binary",
        };
        lang.text(key, &[])
    }
}

/// Refuses to replace the existing file `target` (given as `path`) unless `replace` allows
/// what it looks like ([`Found::replaceable_by`]) or is forced.
pub(crate) fn check_kind(path: &Path, target: &Path, replace: Replace) -> Result<(), WriteError> {
    if replace.force {
        return Ok(());
    }
    let found = sniff(target).map_err(|e| WriteError::io(path, Step::Read, e))?;
    if found.replaceable_by(replace.writes) {
        return Ok(());
    }
    Err(WriteError::Foreign {
        path: path.to_path_buf(),
        found,
    })
}

/// Sniffs the existing file at `path`.
pub fn sniff(path: &Path) -> io::Result<Found> {
    let mut file = File::open(path)?;
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    (&mut file)
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut head)?;
    let whole = head.len() < SNIFF_BYTES;
    let found = sniff_bytes(&head, whole);
    if found != Found::Zip {
        return Ok(found);
    }
    file.rewind()?;
    Ok(look_into_zip(file))
}

/// The kind of a file that starts with `head` (`whole`: `head` is the whole file). A zip is
/// only [`Found::Zip`] here; [`sniff`] looks inside it.
pub fn sniff_bytes(head: &[u8], whole: bool) -> Found {
    const MAGIC: [(&[u8], Found); 9] = [
        (b"PK\x03\x04", Found::Zip),
        (b"PK\x05\x06", Found::Zip),
        (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", Found::OldOffice),
        (b"%PDF", Found::Pdf),
        (b"SQLite format 3\0", Found::Sqlite),
        (b"\x89PNG", Found::Image),
        (b"\xFF\xD8\xFF", Found::Image),
        (b"GIF87a", Found::Image),
        (b"GIF89a", Found::Image),
    ];
    if head.is_empty() {
        return Found::Empty;
    }
    if let Some((_, found)) = MAGIC.iter().find(|(magic, _)| head.starts_with(magic)) {
        return *found;
    }
    if head.contains(&0) {
        return Found::Binary;
    }
    match std::str::from_utf8(head) {
        Ok(_) => Found::Text,
        // A character cut at the end of the sniffed bytes is still text.
        Err(err) if !whole && err.error_len().is_none() => Found::Text,
        Err(_) => Found::Binary,
    }
}

/// A zip's kind from its members: a Word, PowerPoint or Excel file (perf's own when it
/// carries perf's marker), or another zip.
fn look_into_zip<R: Read + Seek>(reader: R) -> Found {
    let Ok(mut archive) = zip::ZipArchive::new(reader) else {
        return Found::Zip;
    };
    let has = |folder: &str| {
        archive
            .file_names()
            .any(|name| name.is_ok_and(|n| n.starts_with(folder)))
    };
    let word = has("word/");
    if !word && has("ppt/") {
        return Found::Presentation;
    }
    if !word && !has("xl/") {
        return Found::Zip;
    }
    let custom = member(&mut archive, "docProps/custom.xml");
    let core = member(&mut archive, "docProps/core.xml");
    let marked = custom.as_deref().is_some_and(has_generator_property)
        && core.as_deref().is_some_and(last_saved_by_perf);
    if word {
        return if marked {
            Found::PerfDocument
        } else {
            Found::Word
        };
    }
    if marked {
        Found::PerfWorkbook
    } else {
        Found::Workbook
    }
}

/// The text of a zip member, read with a cap; `None` when missing, too large or not UTF-8.
fn member<R: Read + Seek>(archive: &mut zip::ZipArchive<R>, name: &str) -> Option<String> {
    let entry = archive.by_name(name).ok()?;
    let mut bytes = Vec::new();
    entry
        .take(PROPS_LIMIT.saturating_add(1))
        .read_to_end(&mut bytes)
        .ok()?;
    if bytes.len() as u64 > PROPS_LIMIT {
        return None;
    }
    String::from_utf8(bytes).ok()
}

/// Whether custom.xml holds `<property name="generator"><vt:lpwstr>perf</vt:lpwstr>`.
fn has_generator_property(xml: &str) -> bool {
    let mut reader = Reader::from_str(xml);
    let mut in_generator = false;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "property" => {
                in_generator = e
                    .try_get_attribute("name")
                    .ok()
                    .flatten()
                    .is_some_and(|a| a.value.as_ref() == "generator");
            }
            Ok(Event::End(e)) if e.local_name().as_ref() == "property" => in_generator = false,
            Ok(Event::Text(t)) if in_generator && t.as_ref() == GENERATOR => {
                return true;
            }
            Ok(Event::Eof) | Err(_) => return false,
            Ok(_) => {}
        }
    }
}

/// Whether core.xml says the workbook was last saved by perf (`cp:lastModifiedBy`).
fn last_saved_by_perf(xml: &str) -> bool {
    let mut reader = Reader::from_str(xml);
    let mut inside = false;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => inside = e.local_name().as_ref() == "lastModifiedBy",
            Ok(Event::End(_)) => inside = false,
            Ok(Event::Text(t)) if inside => return t.as_ref() == GENERATOR,
            Ok(Event::Eof) | Err(_) => return false,
            Ok(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Write};

    use super::*;

    /// A zip holding `members` (name, content).
    fn zip_of(members: &[(&str, &str)]) -> Vec<u8> {
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, text) in members {
            out.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            out.write_all(text.as_bytes()).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    fn kind_of(bytes: &[u8]) -> Found {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, bytes).unwrap();
        sniff(&path).unwrap()
    }

    #[test]
    fn magic_numbers() {
        assert_eq!(kind_of(b""), Found::Empty);
        assert_eq!(kind_of(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n"), Found::Pdf);
        assert_eq!(kind_of(b"SQLite format 3\0rest"), Found::Sqlite);
        assert_eq!(
            kind_of(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0"),
            Found::OldOffice
        );
        assert_eq!(kind_of(b"\x89PNG\r\n\x1a\n"), Found::Image);
        assert_eq!(kind_of(b"\xFF\xD8\xFF\xE0"), Found::Image);
        assert_eq!(kind_of(b"GIF89a"), Found::Image);
    }

    #[test]
    fn text_and_binary() {
        assert_eq!(kind_of("{\"项目\": 1}\n".as_bytes()), Found::Text);
        assert_eq!(kind_of("\u{feff}名称,金额\n".as_bytes()), Found::Text);
        // GBK "项目" is not UTF-8; UTF-16 has NULs.
        assert_eq!(kind_of(b"\xCF\xEE\xC4\xBF\n"), Found::Binary);
        assert_eq!(kind_of(b"\xFF\xFEa\0b\0"), Found::Binary);
        assert_eq!(kind_of(b"abc\0def"), Found::Binary);
    }

    #[test]
    fn a_character_cut_by_the_sniff_is_still_text() {
        let mut text = "a".repeat(SNIFF_BYTES - 1).into_bytes();
        text.extend_from_slice("项目".as_bytes());
        assert_eq!(kind_of(&text), Found::Text);
        // The same cut at the real end of the file is not UTF-8.
        assert_eq!(sniff_bytes(&text[..SNIFF_BYTES], true), Found::Binary);
    }

    #[test]
    fn office_zips_by_their_folders() {
        let word = zip_of(&[("word/document.xml", "<w:document/>")]);
        assert_eq!(kind_of(&word), Found::Word);
        let pptx = zip_of(&[("ppt/presentation.xml", "<p/>")]);
        assert_eq!(kind_of(&pptx), Found::Presentation);
        let other = zip_of(&[("readme.txt", "hi")]);
        assert_eq!(kind_of(&other), Found::Zip);
        assert_eq!(kind_of(b"PK\x03\x04broken"), Found::Zip);
        let xlsx = zip_of(&[("xl/workbook.xml", "<workbook/>")]);
        assert_eq!(kind_of(&xlsx), Found::Workbook);
    }

    const CUSTOM: &str = r#"<Properties xmlns="c" xmlns:vt="v"><property fmtid="{D5}" pid="2" name="generator"><vt:lpwstr>perf</vt:lpwstr></property></Properties>"#;

    fn core(by: &str) -> String {
        format!(
            r#"<cp:coreProperties xmlns:cp="c" xmlns:dc="d"><dc:creator>perf</dc:creator><cp:lastModifiedBy>{by}</cp:lastModifiedBy></cp:coreProperties>"#
        )
    }

    #[test]
    fn perfs_workbook_by_its_marker_until_someone_saves_it() {
        let ours = zip_of(&[
            ("xl/workbook.xml", "<workbook/>"),
            ("docProps/custom.xml", CUSTOM),
            ("docProps/core.xml", &core("perf")),
        ]);
        assert_eq!(kind_of(&ours), Found::PerfWorkbook);
        let saved_in_excel = zip_of(&[
            ("xl/workbook.xml", "<workbook/>"),
            ("docProps/custom.xml", CUSTOM),
            ("docProps/core.xml", &core("王会计")),
        ]);
        assert_eq!(kind_of(&saved_in_excel), Found::Workbook);
        let no_custom = zip_of(&[
            ("xl/workbook.xml", "<workbook/>"),
            ("docProps/core.xml", &core("perf")),
        ]);
        assert_eq!(kind_of(&no_custom), Found::Workbook);
    }

    #[test]
    fn perfs_real_export_carries_the_marker() {
        let data = crate::export::Dataset {
            format: "perf-export",
            version: 1,
            departments: Vec::new(),
            projects: Vec::new(),
            other_findings: Vec::new(),
        };
        let bytes = crate::export::xlsx::write(&data).unwrap();
        assert_eq!(kind_of(&bytes), Found::PerfWorkbook);
    }

    #[test]
    fn what_may_be_replaced() {
        assert!(Found::Empty.replaceable_by(Writes::Workbook));
        assert!(Found::PerfWorkbook.replaceable_by(Writes::Workbook));
        assert!(Found::Text.replaceable_by(Writes::Text));
        assert!(!Found::Text.replaceable_by(Writes::Workbook));
        for foreign in [
            Found::Workbook,
            Found::Word,
            Found::Pdf,
            Found::Sqlite,
            Found::Binary,
            Found::OldOffice,
        ] {
            assert!(!foreign.replaceable_by(Writes::Text), "{foreign:?}");
        }
    }
}

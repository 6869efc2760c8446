//! `perf import`: the official tables, read out of the documents departments keep them in.
//!
//! Each format has its reader — `txt` (text copied out of Word or a web page), `docx` (a Word
//! file), `xlsx` (Excel, WPS and LibreOffice workbooks, through `read_xlsx`, `read_ods` and
//! `read_xls`) — that turns the file into
//! [`Block`]s: paragraphs of prose and tables of cells, each cell knowing where it came from.
//! `form` reads a 项目绩效目标表 out of a table by the words in it (`labels` holds the words),
//! wherever they are; `prose`
//! reads the 部门整体绩效目标 out of the paragraphs. What cannot be mapped is a [`Problem`]
//! naming its place, never a silent loss. Writing the files is the caller's business.
//!
//! Nothing here trusts the file: the [`limits`] are checked as it is read, before anything is
//! built from it, and a file over one is refused as a whole (never cut short).

pub mod docx;
pub mod form;
pub mod labels;
pub mod prose;
pub mod read_ods;
pub mod read_xls;
pub mod read_xlsx;
pub mod sheet;
pub mod txt;
pub mod xlsx;

use std::fmt;
use std::path::Path;

use crate::import::read_xls::XlsReader;
use crate::model::department::Department;
use crate::model::project::Project;

/// How much one import reads, at most. A 项目绩效目标表 is a few hundred cells; these are
/// thousands of times that, and only keep a hostile or damaged file from exhausting memory.
pub mod limits {
    /// The document file, in bytes (callers read it with this cap).
    pub const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;
    /// One XML part of a zip document (.xlsx sheet, .ods content, .docx body), decompressed.
    pub const MAX_XML_BYTES: u64 = 64 * 1024 * 1024;
    /// Cells with content in one workbook.
    pub const MAX_CELLS: usize = 200_000;
    /// Merged ranges in one workbook.
    pub const MAX_MERGES: usize = 50_000;
    /// Rows of a sheet (Excel's own limit): content beyond is a damaged file.
    pub const MAX_ROWS: u32 = 1_048_576;
    /// Columns of a sheet (Excel's own limit, XFD).
    pub const MAX_COLS: u32 = 16_384;
    /// Problems listed for one file; past it, one line says how many more there are.
    pub const MAX_PROBLEMS: usize = 200;
    /// Notes listed for one import; past it, one line says how many more there are.
    pub const MAX_NOTES: usize = 200;
}

/// Where something is in the source document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// A worksheet cell (1-based row and column).
    Cell {
        /// The sheet's name.
        sheet: String,
        /// 1-based row.
        row: u32,
        /// 1-based column.
        col: u32,
    },
    /// A cell of a Word table (1-based).
    TableCell {
        /// Which table of the document.
        table: usize,
        /// 1-based row.
        row: usize,
        /// 1-based column (grid column, merged cells counted once per column they span).
        col: usize,
    },
    /// A paragraph of a Word document (1-based, tables' paragraphs not counted).
    Paragraph(usize),
    /// A line of a text file (1-based).
    Line(usize),
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Cell { sheet, row, col } => {
                write!(f, "工作表“{sheet}”{}{row}", column_name(*col))
            }
            Self::TableCell { table, row, col } => {
                write!(f, "第 {table} 个表格第 {row} 行第 {col} 列")
            }
            Self::Paragraph(n) => write!(f, "第 {n} 段"),
            Self::Line(n) => write!(f, "第 {n} 行"),
        }
    }
}

/// Excel's name of a 1-based column (`1` → `A`, `27` → `AA`).
pub fn column_name(col: u32) -> String {
    let mut n = col;
    let mut name = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        name.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    name.iter().rev().collect()
}

/// A piece of text and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// The text as read (trimmed by the readers that need it).
    pub text: String,
    /// Where it is.
    pub place: Place,
    /// The grid column (0-based) in its table; in text copied out of Word, the position in
    /// the row as far as it is known.
    pub col: usize,
}

/// A table: rows of cells in reading order. Cells hidden under a merged cell are left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Grid {
    /// The rows.
    pub rows: Vec<Vec<Cell>>,
    /// False when the rows are not known (text copied out of Word loses them): the reader
    /// then relies on the order of the cells alone.
    pub rows_known: bool,
}

/// What a reader found, in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A paragraph.
    Paragraph(Cell),
    /// A table, with the heading paragraphs just before it (for text files, the heading is
    /// found by the reader).
    Table(Grid),
    /// A table perf recognised but will not read (a tree whose indentation is not
    /// consistent): why, at its place. The import says so instead of "no table".
    Refused(Cell),
}

/// Something the importer could not map, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where it is in the source.
    pub place: Place,
    /// What is wrong, in Chinese.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}：{}", self.place, self.message)
    }
}

/// A project read from a table, with what could not be mapped.
#[derive(Debug, Clone)]
pub struct ImportedProject {
    /// The project as understood.
    pub project: Project,
    /// Where the table starts (for messages).
    pub place: Place,
    /// What could not be mapped.
    pub problems: Vec<Problem>,
    /// Where each field written came from (`name`, `budget.total`, `indicator 3` …), in the
    /// order they were read: what `perf import --explain` shows.
    pub provenance: Vec<(String, Place)>,
}

/// The department part, with what could not be mapped.
#[derive(Debug, Clone)]
pub struct ImportedDepartment {
    /// The department as understood.
    pub department: Department,
    /// What could not be mapped.
    pub problems: Vec<Problem>,
}

/// Everything read from one file.
#[derive(Debug, Clone, Default)]
pub struct Imported {
    /// The department part, when the document has one.
    pub department: Option<ImportedDepartment>,
    /// One per 项目绩效目标表, in document order.
    pub projects: Vec<ImportedProject>,
    /// What was skipped on purpose (a summary sheet), for the user's information.
    pub notes: Vec<String>,
}

/// What the document does not say that the files need.
#[derive(Debug, Clone, Default)]
pub struct Defaults {
    /// 主管部门 for tables without one (the `--dept-dir` folder's name).
    pub department: Option<String>,
    /// 预算年度 when the document does not state it.
    pub year: Option<i64>,
}

/// Why a file could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The extension is not one perf reads.
    #[error("不支持的文件类型“{0}”：perf import 读取 .xlsx、.xls、.ods、.docx 和 .txt")]
    Unsupported(String),
    /// The file is not UTF-8 text.
    #[error(
        "文本文件不是 UTF-8 编码：请在 Word 中另存为“纯文本（UTF-8）”，或 `iconv -f GBK -t UTF-8`"
    )]
    NotUtf8,
    /// A workbook could not be opened.
    #[error("无法读取工作簿：{0}")]
    Workbook(String),
    /// A Word document could not be opened.
    #[error("无法读取 Word 文档：{0}")]
    Docx(String),
    /// The file is over one of the [`limits`]; nothing of it is imported.
    #[error("{0}")]
    Limit(String),
    /// The workbook reader failed on the file (a damaged .xls): it panicked, aborted, was
    /// killed or ran out of time.
    #[error(
        "工作簿无法读取（文件可能已损坏：{0}）：请在 Excel 或 WPS 中打开，另存为 .xlsx 后再导入"
    )]
    Unreadable(String),
    /// An error the .xls reader's child process reported, already worded for the user.
    #[error("{0}")]
    Reported(String),
}

/// The error for a file larger than [`limits::MAX_INPUT_BYTES`].
pub fn too_large() -> ImportError {
    ImportError::Limit(format!(
        "文件超过 {} MiB 的上限，没有导入：项目绩效目标表的文件不会这么大，请确认选对了文件",
        limits::MAX_INPUT_BYTES / (1024 * 1024)
    ))
}

/// Reads the file's bytes as the format its extension names, .xls in this process.
pub fn import(path: &Path, bytes: Vec<u8>, defaults: &Defaults) -> Result<Imported, ImportError> {
    import_with(path, bytes, defaults, &read_xls::read)
}

/// Reads the file's bytes as the format its extension names, .xls through `xls`.
pub fn import_with(
    path: &Path,
    bytes: Vec<u8>,
    defaults: &Defaults,
    xls: XlsReader<'_>,
) -> Result<Imported, ImportError> {
    if bytes.len() as u64 > limits::MAX_INPUT_BYTES {
        return Err(too_large());
    }
    let mut imported = read(path, bytes, defaults, xls)?;
    imported.cap();
    Ok(imported)
}

fn read(
    path: &Path,
    bytes: Vec<u8>,
    defaults: &Defaults,
    xls: XlsReader<'_>,
) -> Result<Imported, ImportError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_lowercase();
    match ext.as_str() {
        "txt" => {
            let text = String::from_utf8(bytes).map_err(|_| ImportError::NotUtf8)?;
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            // Each line is at most one cell or paragraph.
            let lines = text.split('\n').filter(|l| !l.trim().is_empty()).count();
            if lines > limits::MAX_CELLS {
                return Err(ImportError::Limit(format!(
                    "文本文件超过 {} 行有内容：这不是预算绩效文本的大小；请只保留项目表再导入",
                    limits::MAX_CELLS
                )));
            }
            Ok(from_blocks(txt::blocks(text), defaults))
        }
        "docx" => Ok(from_blocks(docx::blocks(&bytes)?, defaults)),
        "xlsx" | "xlsm" | "xls" | "ods" => xlsx::import(&ext, &bytes, defaults, xls),
        other => Err(ImportError::Unsupported(other.to_owned())),
    }
}

impl Imported {
    /// Why no 项目绩效目标表 was found, for the message that says so: what perf looked for.
    pub fn why_none(&self) -> String {
        if let Some(tree) = self.notes.iter().find(|n| n.contains("按缩进分级的表")) {
            return tree.clone();
        }
        if self
            .notes
            .iter()
            .any(|n| n.contains("表格中没有“项目名称”"))
        {
            "文中的表格都没有“项目名称”一栏（perf 从“项目名称”认出一张项目绩效目标表）".to_owned()
        } else {
            "没有哪一个单元格或哪一行是“项目名称”（或“项目支出名称”）：perf 从它认出一张项目绩效目标表。\
             若表格是从网页或 PDF 复制的，单元格之间须有分隔（Tab、“|”或每格一行），连在一起的文字无法拆分"
                .to_owned()
        }
    }

    /// Keeps at most [`limits::MAX_PROBLEMS`] problems per file and [`limits::MAX_NOTES`]
    /// notes, with one line saying how many more there were.
    fn cap(&mut self) {
        if let Some(d) = self.department.as_mut() {
            cap_problems(&mut d.problems);
        }
        for p in &mut self.projects {
            cap_problems(&mut p.problems);
        }
        if self.notes.len() > limits::MAX_NOTES {
            let more = self.notes.len() - limits::MAX_NOTES;
            self.notes.truncate(limits::MAX_NOTES);
            self.notes.push(format!("另有 {more} 条说明未列出"));
        }
    }
}

fn cap_problems(problems: &mut Vec<Problem>) {
    if problems.len() <= limits::MAX_PROBLEMS {
        return;
    }
    let more = problems.len() - limits::MAX_PROBLEMS;
    let place = problems
        .get(limits::MAX_PROBLEMS)
        .map(|p| p.place.clone())
        .unwrap_or(Place::Line(0));
    problems.truncate(limits::MAX_PROBLEMS);
    problems.push(Problem {
        place,
        message: format!(
            "从这里起另有 {more} 处未能识别（只列出前 {} 处）",
            limits::MAX_PROBLEMS
        ),
    });
}

/// Reads a document made of paragraphs and tables: the prose before the first table is the
/// department part, each table (with the heading paragraphs before it) a project.
pub fn from_blocks(blocks: Vec<Block>, defaults: &Defaults) -> Imported {
    let mut prose_cells = Vec::new();
    let mut heading: Vec<Cell> = Vec::new();
    let mut tables = Vec::new();
    let mut refused = Vec::new();
    for block in blocks {
        match block {
            Block::Paragraph(cell)
                if tables.is_empty() && heading.is_empty() && !is_heading(&cell.text) =>
            {
                prose_cells.push(cell);
            }
            Block::Paragraph(cell) => {
                // A heading split in two (`某项目` / `项目绩效目标表`) takes the line before.
                let bare = squeeze(&cell.text).starts_with("项目绩效目标表");
                if tables.is_empty() && heading.is_empty() && bare {
                    heading.extend(prose_cells.pop());
                }
                heading.push(cell);
            }
            Block::Table(grid) => tables.push((std::mem::take(&mut heading), grid)),
            Block::Refused(cell) => refused.push(format!("{}：{}", cell.place, cell.text)),
        }
    }
    let department = prose::department(&prose_cells, defaults);
    // Prose that is no department part (a web page's furniture, an address) is not dropped:
    // the first project lists it.
    let mut stray: Vec<Problem> = Vec::new();
    if department.is_none() {
        stray = prose_cells
            .iter()
            .filter(|c| !c.text.trim().is_empty())
            .map(|c| Problem {
                place: c.place.clone(),
                message: format!("表格前的文字无法识别：“{}”", short(&c.text)),
            })
            .collect();
    }
    // The document's own name for the department comes before the folder's.
    let defaults = Defaults {
        department: department
            .as_ref()
            .map(|d| d.department.name.clone())
            .filter(|n| !n.is_empty())
            .or_else(|| defaults.department.clone()),
        year: defaults
            .year
            .or_else(|| department.as_ref().and_then(|d| d.department.year)),
    };
    let mut imported = Imported {
        department,
        notes: refused,
        ..Imported::default()
    };
    for (heading, grid) in tables {
        if let Some(list) = form::list_projects(&heading, &grid, &defaults) {
            for mut project in list {
                project.problems.splice(0..0, std::mem::take(&mut stray));
                imported.projects.push(project);
            }
            continue;
        }
        match form::project(&heading, &grid, &defaults) {
            Some(mut project) => {
                project.problems.splice(0..0, std::mem::take(&mut stray));
                imported.projects.push(project);
            }
            None => imported.notes.push(format!(
                "{}：表格中没有“项目名称”，不是项目绩效目标表，已跳过",
                grid.rows
                    .first()
                    .and_then(|r| r.first())
                    .map_or_else(|| "表格".to_owned(), |c| c.place.to_string())
            )),
        }
    }
    // The document prints its tables in an order the tree's file names do not keep: the
    // department file records it (the text and Word exports follow it).
    if let Some(d) = imported.department.as_mut()
        && imported.projects.len() > 1
    {
        d.department.projects = imported
            .projects
            .iter()
            .map(|p| p.project.name.clone())
            .collect();
    }
    // Paragraphs after the last table head nothing: the last project's file carries them.
    let unread: Vec<&Cell> = heading
        .iter()
        .filter(|c| !c.text.trim().is_empty())
        .collect();
    if let ([first, _, ..], true) = (
        unread.as_slice(),
        imported.projects.is_empty() && imported.department.is_none(),
    ) {
        // Nothing read at all: the caller says why no table was found, and a note per line
        // of the whole document (dozens, each saying the same) would bury that.
        imported.notes.push(format!(
            "自{}起的 {} 段文字都无法识别（文中没有读出项目绩效目标表）；第一段是“{}”",
            first.place,
            unread.len(),
            short(&first.text)
        ));
        return imported;
    }
    for cell in unread {
        let whereabouts = if imported.projects.is_empty() {
            "文字无法识别（文中没有读出项目绩效目标表）"
        } else {
            "表格之后的文字无法识别"
        };
        let problem = Problem {
            place: cell.place.clone(),
            message: format!("{whereabouts}：“{}”", short(&cell.text)),
        };
        if let Some(last) = imported.projects.last_mut() {
            last.problems.push(problem);
        } else if let Some(department) = imported.department.as_mut() {
            department.problems.push(problem);
        } else {
            imported.notes.push(problem.to_string());
        }
    }
    imported
}

/// True for a paragraph that heads a 项目绩效目标表 (or its 申报表, 批复表, 监控表, 自评表 variants).
pub fn is_heading(text: &str) -> bool {
    crate::import::labels::is_title(&squeeze(text))
}

/// Text without any whitespace: how labels are compared (`产出\n\n指标 ` → `产出指标`).
pub fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Content text: each line trimmed, blank lines dropped, lines joined with a newline.
pub fn clean(text: &str) -> String {
    text.split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The first 30 characters, for messages.
pub fn short(text: &str) -> String {
    let text = clean(text).replace('\n', " ");
    let mut out: String = text.chars().take(30).collect();
    if text.chars().count() > 30 {
        out.push('…');
    }
    out
}

/// The first year (`2024年`, `（2024年度）`) a text names.
pub fn year_in(text: &str) -> Option<i64> {
    let chars: Vec<char> = text.chars().collect();
    chars.windows(5).find_map(|w| {
        let digits: String = w.get(..4)?.iter().collect();
        (w.get(4) == Some(&'年') && digits.chars().all(|c| c.is_ascii_digit()))
            .then(|| digits.parse().ok())
            .flatten()
    })
}

/// The short name users type for a department: the name without its district prefix
/// (`高新区人社局` → `人社局`), when there is one and something of two characters or more is left.
pub fn short_name(name: &str) -> Option<String> {
    let cut = name.rfind(['区', '县', '市', '省'])?;
    let rest = name.get(cut + '区'.len_utf8()..)?;
    (rest.chars().count() >= 2 && rest != name).then(|| rest.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_read_like_the_document() {
        let cell = Place::Cell {
            sheet: "人才发展资金".into(),
            row: 12,
            col: 28,
        };
        assert_eq!(cell.to_string(), "工作表“人才发展资金”AB12");
        assert_eq!(Place::Paragraph(3).to_string(), "第 3 段");
    }

    #[test]
    fn years_and_short_names() {
        assert_eq!(year_in("项目绩效目标表（2024年度）"), Some(2024));
        assert_eq!(year_in("2024年部门预算绩效文本"), Some(2024));
        assert_eq!(year_in("第12年"), None);
        assert_eq!(short_name("高新区人社局").as_deref(), Some("人社局"));
        assert_eq!(short_name("示例区教育局").as_deref(), Some("教育局"));
        assert_eq!(short_name("人社局"), None);
    }

    #[test]
    fn labels_lose_their_whitespace_and_content_its_blank_lines() {
        assert_eq!(squeeze("产出\n\n指标 "), "产出指标");
        assert_eq!(
            clean("筹集社会保障费和风险基金完成\n\n\n"),
            "筹集社会保障费和风险基金完成"
        );
    }
}

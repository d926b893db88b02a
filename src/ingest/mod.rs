//! Turning files into [`Standard`]s. One file per input format (`sts` for NISO/ISO
//! STS XML); this module sniffs the format, reads and hashes the bytes, and walks
//! folders. It knows nothing about where the result is stored.
//!
//! Every failure is an [`Error`] naming the file and a [`Reason`]; a batch keeps going
//! past a bad file (see [`crate::Engine::ingest`]).

mod adoption;
mod decode;
mod entities;
mod entity_table;
mod headings;
mod identity;
pub(crate) mod pdf;
mod plain_text;
pub(crate) use plain_text::superscript;
pub mod refs;

/// Version of what the readers make of a file. Raise it when a fix changes the
/// clauses, references or metadata read from files already ingested: their next
/// ingest reads them again instead of skipping them as unchanged. 1: two-letter
/// prefixes glued to one digit (`MS1`) are no longer references.
pub const READER_VERSION: u32 = 1;
mod sts;

/// OCR of scanned PDF pages (pdftoppm and Tesseract as subprocesses).
use crate::model::{Source, Standard};
pub use adoption::{adoption_from_double_number, detect_adoptions};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// A file that could not be ingested, and why.
#[derive(Debug, thiserror::Error)]
#[error("{}: {reason}", file.display())]
pub struct Error {
    /// The file as given.
    pub file: PathBuf,
    /// What is wrong with it.
    pub reason: Reason,
}

/// Why a file could not be ingested.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Reason {
    /// The file or folder could not be read.
    #[error("cannot read: {0}")]
    Read(#[source] std::io::Error),
    /// Zero bytes, or only white space.
    #[error("empty file")]
    Empty,
    /// NUL bytes or invalid UTF-8 without an encoding declaration: not a text document.
    #[error("binary data, not a text document")]
    Binary,
    /// Named `.pdf` but without a PDF header.
    #[error("not a PDF: no %PDF- header")]
    NotPdf,
    /// A PDF that needs a password.
    #[error("encrypted PDF: it needs a password to be read; supply an unencrypted copy")]
    PdfEncrypted,
    /// A PDF whose structure cannot be read (truncated, corrupt cross-references).
    #[error("damaged PDF: {0}")]
    PdfDamaged(String),
    /// A PDF with an empty page tree.
    #[error("PDF has no pages")]
    PdfNoPages,
    /// Pages but no text: a scan, with OCR turned off.
    #[error(
        "no usable text layer on any of its {pages} page(s); OCR needed (it is off: drop --no-ocr)"
    )]
    PdfNoText {
        /// Pages in the file.
        pages: usize,
    },
    /// Pages without usable text, and OCR cannot run here.
    #[error("no usable text layer on {pages} page(s), and OCR is not available: {reason}")]
    OcrUnavailable {
        /// Pages that needed OCR.
        pages: usize,
        /// What is missing and the command that installs it.
        reason: String,
    },
    /// Text, but no numbered clause in it.
    #[error("no clauses found: no numbered clause headings (1, 1.1, A.1 …) in the text")]
    PdfNoClauses,
    /// Text whose fonts cannot be mapped to characters on every page.
    #[error("no readable text: {0}")]
    PdfUnreadable(String),
    /// Reading the file took longer than its time budget.
    #[error("given up after {0:?} (the time one file may take; raise it with --file-timeout)")]
    Timeout(std::time::Duration),
    /// The reader stopped without a result (a bug: please report the file).
    #[error("the reader failed unexpectedly: {0}")]
    Crashed(String),
    /// Text that is not XML.
    #[error("not a NISO/ISO STS XML document (no XML markup found)")]
    UnknownFormat,
    /// The XML declaration names an encoding stdalign does not know.
    #[error("unknown character encoding '{0}' in the XML declaration")]
    UnknownEncoding(String),
    /// The bytes are not valid in the declared (or default) encoding.
    #[error("invalid byte sequence for encoding {0}")]
    BadEncoding(String),
    /// The XML is not well-formed.
    #[error("malformed XML at line {line}: {message}")]
    Malformed {
        /// 1-based line of the error.
        line: usize,
        /// What the XML reader reported.
        message: String,
    },
    /// The file ends while elements are still open.
    #[error("truncated: file ends inside <{element}> opened at line {line}")]
    Truncated {
        /// The innermost open element.
        element: String,
        /// Where it was opened.
        line: usize,
    },
    /// The root element is neither `<standard>` nor `<adoption>`.
    #[error("unknown root element <{0}>: expected <standard> or <adoption> (NISO/ISO STS)")]
    UnknownRoot(String),
    /// `&name;` is declared nowhere (not in the document, not an HTML/ISO entity).
    #[error("undefined entity &{name}; at line {line}")]
    UndefinedEntity {
        /// Entity name.
        name: String,
        /// 1-based line.
        line: usize,
    },
    /// The document refers to an external entity; stdalign never loads one (XXE).
    #[error(
        "external entity &{name}; refused at line {line}: stdalign never reads external files or URLs"
    )]
    ExternalEntity {
        /// Entity name.
        name: String,
        /// 1-based line.
        line: usize,
    },
    /// Entity expansion grew past the limit (an "entity bomb").
    #[error(
        "entity expansion limit exceeded at line {line} (nested entities expand to more than {limit} characters)"
    )]
    EntityLimit {
        /// 1-based line.
        line: usize,
        /// The limit in characters.
        limit: usize,
    },
    /// Well-formed STS, but no section or clause in it.
    #[error("no clauses found (no <sec>, <term-sec> or <app>)")]
    NoClauses,
    /// A second `<!DOCTYPE>`: a document has at most one, and a later one must not
    /// redefine the entities of the first.
    #[error(
        "a second document type declaration (<!DOCTYPE>) at line {line}, after the one at line {first}: a document has only one"
    )]
    SecondDoctype {
        /// 1-based line of the second declaration.
        line: usize,
        /// 1-based line of the first.
        first: usize,
    },
    /// The file is larger than [`ParseOptions::max_bytes`]; it is refused before it
    /// is read.
    #[error(
        "too large: {} MB, over the limit of {} MB for one file (raise it with --max-file-mb)",
        megabytes(*.bytes),
        megabytes(*.limit)
    )]
    TooLarge {
        /// Size of the file in bytes.
        bytes: u64,
        /// [`ParseOptions::max_bytes`].
        limit: u64,
    },
    /// More clauses than [`ParseOptions::max_clauses`]: the reader stops at the first
    /// one past the limit, so a generated or hostile file cannot exhaust memory.
    #[error(
        "more than {limit} clauses (the limit for one file; a real standard has a few thousand): if the file is genuine, raise it with --max-clauses"
    )]
    TooManyClauses {
        /// [`ParseOptions::max_clauses`].
        limit: usize,
    },
    /// XML elements nested deeper than [`ParseOptions::max_depth`].
    #[error(
        "elements nested more than {limit} deep at line {line} (the limit; raise it with --max-depth)"
    )]
    TooDeep {
        /// 1-based line of the element past the limit.
        line: usize,
        /// [`ParseOptions::max_depth`].
        limit: usize,
    },
}

/// Bytes as megabytes (MiB) with one decimal, for messages.
fn megabytes(bytes: u64) -> String {
    format!("{:.1}", bytes as f64 / (1024.0 * 1024.0))
}

impl Reason {
    /// Attaches the file name.
    pub fn at(self, file: &Path) -> Error {
        Error {
            file: file.to_path_buf(),
            reason: self,
        }
    }
}

/// The formats stdalign reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// NISO STS or ISO STS XML.
    Sts,
    /// PDF.
    Pdf,
}

/// Called after each OCR'd page with (pages done, pages to do) of the current file.
pub type OcrProgress = std::sync::Arc<dyn Fn(usize, usize) + Send + Sync>;

/// How files are read beyond their own bytes.
#[derive(Clone)]
pub struct ParseOptions {
    /// Read PDF pages without usable text by OCR (Tesseract); off with `--no-ocr`.
    pub ocr: bool,
    /// Where OCR results are kept by page-image hash, so a re-ingest does not OCR again.
    pub ocr_cache: Option<PathBuf>,
    /// Progress of OCR within a file (for a progress bar).
    pub on_ocr_page: Option<OcrProgress>,
    /// How long one file may take to read ([`parse_bytes_within`]); `None` for no
    /// limit. `--file-timeout` sets it.
    pub timeout: Option<std::time::Duration>,
    /// Largest file read, in bytes ([`MAX_BYTES`] by default); a larger one is
    /// refused with [`Reason::TooLarge`] before it is read or parsed.
    pub max_bytes: u64,
    /// Most clauses one file may yield ([`MAX_CLAUSES`] by default); past it the file
    /// is refused with [`Reason::TooManyClauses`], the XML reader stopping at once.
    pub max_clauses: usize,
    /// Deepest XML element nesting ([`MAX_DEPTH`] by default); deeper is refused with
    /// [`Reason::TooDeep`].
    pub max_depth: usize,
}

/// Largest file read by default: 256 MB, ten times the largest real standard seen
/// (a scanned PDF), while a file that would take gigabytes of memory is refused.
pub const MAX_BYTES: u64 = 256 << 20;
/// Most clauses per file by default. Real standards have a few hundred to a few
/// thousand; a clause costs a few hundred bytes while parsing and far more in the
/// index, so millions of them are a generated or hostile file.
pub const MAX_CLAUSES: usize = 200_000;
/// Deepest XML element nesting by default; real STS documents stay below 30.
pub const MAX_DEPTH: usize = 256;

/// What one file may take by default: generous (a 50-page scan OCRs in about 7
/// minutes of CPU on two cores), yet a file that would hang a batch is given up.
pub const FILE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(600);

impl std::fmt::Debug for ParseOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ParseOptions")
            .field("ocr", &self.ocr)
            .field("ocr_cache", &self.ocr_cache)
            .field("timeout", &self.timeout)
            .field("max_bytes", &self.max_bytes)
            .field("max_clauses", &self.max_clauses)
            .field("max_depth", &self.max_depth)
            .finish_non_exhaustive()
    }
}

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions {
            ocr: true,
            ocr_cache: None,
            on_ocr_page: None,
            timeout: Some(FILE_TIMEOUT),
            max_bytes: MAX_BYTES,
            max_clauses: MAX_CLAUSES,
            max_depth: MAX_DEPTH,
        }
    }
}

/// Reads, hashes and parses one file.
pub fn parse_file(path: &Path) -> Result<Standard, Error> {
    parse_file_with(path, &ParseOptions::default())
}

/// [`parse_file`] with options (OCR on or off, its cache).
pub fn parse_file_with(path: &Path, options: &ParseOptions) -> Result<Standard, Error> {
    check_size(path, options)?;
    let bytes = std::fs::read(path).map_err(|e| Reason::Read(e).at(path))?;
    parse_bytes_with(path, &bytes, options)
}

/// Refuses a file larger than `options.max_bytes` from its size on disk, before it
/// is read ([`Reason::TooLarge`]).
pub fn check_size(path: &Path, options: &ParseOptions) -> Result<(), Error> {
    let bytes = std::fs::metadata(path)
        .map_err(|e| Reason::Read(e).at(path))?
        .len();
    if bytes > options.max_bytes {
        return Err(Reason::TooLarge {
            bytes,
            limit: options.max_bytes,
        }
        .at(path));
    }
    Ok(())
}

/// Parses a file's bytes; `path` is recorded as the source and used in errors.
pub fn parse_bytes(path: &Path, bytes: &[u8]) -> Result<Standard, Error> {
    parse_bytes_with(path, bytes, &ParseOptions::default())
}

/// [`parse_bytes_with`] within `options.timeout`: the file is read on its own thread,
/// and one that takes longer is reported as an error so the batch goes on. The
/// abandoned reader finishes in the background and its result is dropped.
pub fn parse_bytes_within(
    path: &Path,
    bytes: Vec<u8>,
    options: &ParseOptions,
) -> Result<Standard, Error> {
    let Some(limit) = options.timeout else {
        return parse_bytes_with(path, &bytes, options);
    };
    let (send, receive) = std::sync::mpsc::channel();
    let (file, opts) = (path.to_path_buf(), options.clone());
    let spawned = std::thread::Builder::new()
        .name("stdalign-read".into())
        .spawn(move || {
            // The receiver may have given up; nothing is left to tell then.
            let _ = send.send(parse_bytes_with(&file, &bytes, &opts));
        });
    if let Err(e) = spawned {
        return Err(Reason::Crashed(format!("no thread to read it: {e}")).at(path));
    }
    match receive.recv_timeout(limit) {
        Ok(result) => result,
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => Err(Reason::Timeout(limit).at(path)),
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
            Err(Reason::Crashed("the reading thread panicked".into()).at(path))
        }
    }
}

/// [`parse_bytes`] with options.
pub fn parse_bytes_with(
    path: &Path,
    bytes: &[u8],
    options: &ParseOptions,
) -> Result<Standard, Error> {
    let size = bytes.len() as u64;
    if size > options.max_bytes {
        let limit = options.max_bytes;
        return Err(Reason::TooLarge { bytes: size, limit }.at(path));
    }
    let sha256 = sha256_hex(bytes);
    let source = Source {
        path: path.display().to_string(),
        sha256,
        reader: READER_VERSION,
    };
    let named_pdf = is_pdf(path);
    let format = sniff(bytes);
    if named_pdf && !matches!(format, Ok(Format::Pdf)) {
        return Err(Reason::NotPdf.at(path));
    }
    let standard = match format.map_err(|r| r.at(path))? {
        Format::Sts => {
            let decoded = decode::decode_xml(bytes).map_err(|r| r.at(path))?;
            let mut standard =
                sts::parse(&decoded.text, path, source, options).map_err(|r| r.at(path))?;
            standard.warnings.splice(0..0, decoded.warning);
            standard
        }
        Format::Pdf => pdf::parse(path, bytes, source, options).map_err(|r| r.at(path))?,
    };
    if standard.clauses.len() > options.max_clauses {
        let limit = options.max_clauses;
        return Err(Reason::TooManyClauses { limit }.at(path));
    }
    Ok(standard)
}

/// The text lines of each page of a PDF, in reading order, running headers and
/// footers included: what the clause reader starts from (for tests and diagnosis).
pub fn pdf_lines(bytes: &[u8]) -> Result<Vec<Vec<String>>, Reason> {
    pdf::lines(bytes)
}

/// SHA-256 of a file's bytes, hex; what the index compares to skip unchanged files.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Tells the format from the first bytes.
pub fn sniff(bytes: &[u8]) -> Result<Format, Reason> {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .ok_or(Reason::Empty)?;
    let head = &bytes[start..];
    // The header may follow a little junk (the PDF specification tolerates it).
    if head.starts_with(b"%PDF-")
        || bytes[..bytes.len().min(1024)]
            .windows(5)
            .any(|w| w == b"%PDF-")
    {
        return Ok(Format::Pdf);
    }
    // A byte-order mark means text in some Unicode encoding, as does the UTF-16 or
    // UTF-32 form of `<` (whose NUL bytes are not binary data); decoding checks the rest.
    if encoding_rs::Encoding::for_bom(bytes).is_some() || decode::wide_form(bytes).is_some() {
        return Ok(Format::Sts);
    }
    let window = &bytes[..bytes.len().min(8192)];
    if window.contains(&0) {
        return Err(Reason::Binary);
    }
    if head.starts_with(b"<") {
        Ok(Format::Sts)
    } else if std::str::from_utf8(window).is_err() && !window.is_ascii() {
        Err(Reason::Binary)
    } else {
        Err(Reason::UnknownFormat)
    }
}

/// File name extensions picked up when walking a folder.
const EXTENSIONS: &[&str] = &["xml", "sts", "pdf"];

/// Expands files and folders (recursively) into the list of files to ingest, sorted
/// for a stable order, XML before PDF (where a folder holds both renditions of a
/// standard, the XML one is read first and kept). Explicitly named files are kept
/// whatever their extension; a path that cannot be read becomes an error entry.
pub fn collect_files(paths: &[PathBuf]) -> Vec<Result<PathBuf, Error>> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found: Vec<Result<PathBuf, Error>> = walkdir::WalkDir::new(path)
                .follow_links(true)
                .into_iter()
                .filter_map(|entry| match entry {
                    Ok(e) if e.file_type().is_file() && has_known_extension(e.path()) => {
                        Some(Ok(e.into_path()))
                    }
                    Ok(_) => None,
                    Err(err) => {
                        let file = err.path().unwrap_or(path).to_path_buf();
                        let io = std::io::Error::other(err.to_string());
                        Some(Err(Reason::Read(io).at(&file)))
                    }
                })
                .collect();
            found.sort_by(|a, b| match (a, b) {
                (Ok(a), Ok(b)) => (is_pdf(a), a).cmp(&(is_pdf(b), b)),
                _ => std::cmp::Ordering::Equal,
            });
            out.extend(found);
        } else if path.exists() {
            out.push(Ok(path.clone()));
        } else {
            let io = std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or folder");
            out.push(Err(Reason::Read(io).at(path)));
        }
    }
    out
}

/// Named `.pdf`.
pub fn is_pdf(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
}

fn has_known_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

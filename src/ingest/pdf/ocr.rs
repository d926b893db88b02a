//! OCR of PDF pages that have no usable text layer (scans, or fonts whose glyphs map to
//! nothing): pdftoppm renders the page, Tesseract's OSD finds how the scan is turned and
//! which script it is in, and Tesseract reads it into lines in PDF page space.
//!
//! Both tools run as subprocesses (no C bindings to build or version-match). Reading a
//! page costs seconds of CPU, so results are cached by the rendered image's hash and a
//! re-ingest of the same file does not OCR it again.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{LazyLock, OnceLock};

use regex::Regex;

/// The Debian packages that provide everything used here.
const INSTALL: &str = "apt-get install tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-chi-tra \
tesseract-ocr-osd tesseract-ocr-tha tesseract-ocr-vie tesseract-ocr-ind tesseract-ocr-msa \
tesseract-ocr-eng poppler-utils";

/// Traineddata without which the corpus cannot be read: orientation/script detection,
/// English and simplified Chinese (the other scripts are used when installed).
const REQUIRED_LANGS: [(&str, &str); 3] = [
    ("osd", "tesseract traineddata osd"),
    ("eng", "tesseract traineddata eng"),
    ("chi_sim", "tesseract traineddata chi_sim"),
];

/// Bumped when the cached JSON or the recognition steps change, so old entries are
/// not reused.
const CACHE_FORMAT: u32 = 1;

/// OSD's orientation confidence below which the page is read as rendered: a weak
/// guess that turns an upright page sideways would cost the whole page.
const OSD_MIN_CONF: f32 = 2.0;

/// Lines at least this tall (points) that were read with low confidence are read again
/// from a downscaled crop: Tesseract misreads large bold Chinese (titles, the
/// "中华人民共和国国家标准" banner) at 300 dpi and reads it well at ~40 px glyph height.
const RETRY_MIN_PT: f32 = 16.0;
/// Mean word confidence under which a large line is worth a second reading.
const RETRY_BELOW_CONF: f32 = 80.0;
/// Glyph height (pixels) the crop is scaled to for the second reading.
const RETRY_GLYPH_PX: f32 = 40.0;
/// At most this many second readings per page (each is a Tesseract process).
const RETRY_MAX: usize = 6;

/// One recognised text line, in PDF page space (points, origin bottom-left, page upright
/// after rotation).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OcrLine {
    /// The words, joined without spaces inside Chinese and Thai text.
    pub text: String,
    /// Left edge of the leftmost word.
    pub x0: f32,
    /// Right edge of the rightmost word.
    pub x1: f32,
    /// Baseline, taken as the median bottom of the line's word boxes.
    pub y: f32,
    /// Median word-box height in points, close to the font size.
    pub size: f32,
    /// Mean word confidence, 0..100.
    pub conf: f32,
}

/// One OCR'd page; lines top to bottom, left to right within a row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OcrPage {
    /// 1-based page number.
    pub number: u32,
    /// Upright page width in points.
    pub width: f32,
    /// Upright page height in points.
    pub height: f32,
    /// The recognised lines in reading order.
    pub lines: Vec<OcrLine>,
    /// Mean confidence of all words on the page (0 when nothing was read).
    pub mean_conf: f32,
    /// Degrees (clockwise) the scan was turned to make it upright: the page's /Rotate,
    /// which pdftoppm applies, plus what OSD found in the rendered image.
    pub rotation: u16,
    /// OSD script, e.g. "Han", "Latin", "Thai"; empty when OSD could not tell.
    pub script: String,
}

/// How pages are rendered and read.
#[derive(Debug, Clone)]
pub struct OcrOptions {
    /// Rendering resolution; 300 suits body text of scanned standards.
    pub dpi: u32,
    /// Where OCR results are cached as JSON; `None` disables the cache.
    pub cache_dir: Option<PathBuf>,
    /// Tesseract languages to force, e.g. "chi_sim+eng"; `None` chooses from OSD's script.
    pub langs: Option<String>,
}

impl Default for OcrOptions {
    fn default() -> Self {
        Self {
            dpi: 300,
            cache_dir: None,
            langs: None,
        }
    }
}

/// Why a page could not be OCR'd.
#[derive(Debug, Clone, thiserror::Error)]
pub enum OcrError {
    /// A tool or traineddata is not installed.
    #[error("{tool} is not installed; install it with `{install}` (or scripts/setup-ocr.sh)")]
    Missing {
        /// What is missing, e.g. "tesseract" or "tesseract traineddata osd".
        tool: &'static str,
        /// The apt-get command that installs all of it.
        install: &'static str,
    },
    /// Rendering or recognising a page failed.
    #[error("OCR of page {page} failed: {reason}")]
    Failed {
        /// 1-based page number.
        page: u32,
        /// What went wrong, with the end of the tool's stderr.
        reason: String,
    },
}

/// What the installed Tesseract offers; probed once per process.
struct Tools {
    /// First line of `tesseract --version`, part of the cache key.
    version: String,
    langs: Vec<String>,
}

static TOOLS: OnceLock<Tools> = OnceLock::new();

/// Whether pdftoppm and tesseract (with the needed traineddata) are installed; Err names
/// the apt-get command that installs them.
pub fn check_tools() -> Result<(), OcrError> {
    tools().map(|_| ())
}

/// Probes the tools, keeping only a success so that installing them mid-run is seen.
fn tools() -> Result<&'static Tools, OcrError> {
    if let Some(t) = TOOLS.get() {
        return Ok(t);
    }
    let missing = |tool| OcrError::Missing {
        tool,
        install: INSTALL,
    };
    let ran = |o: std::io::Result<Output>| o.ok().filter(|o| o.status.success());
    ran(Command::new("pdftoppm").arg("-v").output()).ok_or_else(|| missing("pdftoppm"))?;
    let version = ran(Command::new("tesseract").arg("--version").output())
        .ok_or_else(|| missing("tesseract"))?;
    let version = String::from_utf8_lossy(&version.stdout)
        .lines()
        .next()
        .unwrap_or("tesseract")
        .trim()
        .to_string();
    let listed = ran(Command::new("tesseract").arg("--list-langs").output())
        .ok_or_else(|| missing("tesseract"))?;
    // The first line is "List of available languages in ...".
    let langs: Vec<String> = String::from_utf8_lossy(&listed.stdout)
        .lines()
        .skip(1)
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    for (lang, tool) in REQUIRED_LANGS {
        if !langs.iter().any(|l| l == lang) {
            return Err(missing(tool));
        }
    }
    Ok(TOOLS.get_or_init(|| Tools { version, langs }))
}

/// OCRs the given 1-based pages of the PDF at `pdf_path`, using up to 2 pages in parallel
/// (each Tesseract limited to one thread, so two pages keep two cores busy without
/// oversubscribing them). `progress` is called once per finished page, failed or not.
/// Results are in the order of `pages`; when a tool is missing every page carries that
/// error and `progress` is not called.
pub fn ocr_pages(
    pdf_path: &Path,
    pages: &[u32],
    opts: &OcrOptions,
    progress: &(dyn Fn(u32) + Sync),
) -> Vec<Result<OcrPage, OcrError>> {
    use rayon::prelude::*;
    let tools = match tools() {
        Ok(t) => t,
        Err(e) => return pages.iter().map(|_| Err(e.clone())).collect(),
    };
    let rotates = page_rotations(pdf_path);
    let one = |&number: &u32| {
        let rotate = rotates
            .iter()
            .find(|(n, _)| *n == number)
            .map_or(0, |&(_, r)| r);
        let page = ocr_page(pdf_path, number, rotate, opts, tools);
        progress(number);
        page
    };
    match rayon::ThreadPoolBuilder::new().num_threads(2).build() {
        Ok(pool) => pool.install(|| pages.par_iter().map(one).collect()),
        Err(_) => pages.iter().map(one).collect(),
    }
}

/// Each page's /Rotate as pdfinfo reports it ("Page    1 rot:   90"); empty when pdfinfo
/// cannot say, and pages are then taken as unrotated (only `rotation` is affected).
fn page_rotations(pdf_path: &Path) -> Vec<(u32, u16)> {
    let Ok(out) = Command::new("pdfinfo")
        .args(["-f", "1", "-l", "100000"])
        .arg(pdf_path)
        .output()
    else {
        return Vec::new();
    };
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| {
            let rest = l.strip_prefix("Page")?;
            let (number, rot) = rest.split_once("rot:")?;
            let rot: i64 = rot.trim().parse().ok()?;
            Some((number.trim().parse().ok()?, rot.rem_euclid(360) as u16))
        })
        .collect()
}

/// Renders one page and reads it.
fn ocr_page(
    pdf_path: &Path,
    number: u32,
    pdf_rotate: u16,
    opts: &OcrOptions,
    tools: &Tools,
) -> Result<OcrPage, OcrError> {
    let failed = |reason: String| OcrError::Failed {
        page: number,
        reason,
    };
    let dir = tempfile::tempdir().map_err(|e| failed(format!("temporary folder: {e}")))?;
    let prefix = dir.path().join("page");
    let n = number.to_string();
    let mut render = Command::new("pdftoppm");
    render
        .args([
            "-r",
            &opts.dpi.to_string(),
            "-f",
            &n,
            "-l",
            &n,
            "-png",
            "-singlefile",
        ])
        .arg(pdf_path)
        .arg(&prefix);
    run(&mut render, "pdftoppm", number)?;
    let png = std::fs::read(prefix.with_extension("png"))
        .map_err(|e| failed(format!("pdftoppm wrote no image: {e}")))?;
    recognise(&png, dir.path(), number, pdf_rotate, opts, tools)
}

/// Reads a rendered page image (PNG bytes), through the cache when there is one.
fn recognise(
    png: &[u8],
    dir: &Path,
    number: u32,
    pdf_rotate: u16,
    opts: &OcrOptions,
    tools: &Tools,
) -> Result<OcrPage, OcrError> {
    let cache = opts.cache_dir.as_ref().map(|d| {
        let mut h = Sha256::new();
        h.update(png);
        let langs = opts.langs.as_deref().unwrap_or("auto");
        let key = format!(
            "\0{CACHE_FORMAT}\0{langs}\0{}\0{}\0{pdf_rotate}",
            opts.dpi, tools.version
        );
        h.update(key.as_bytes());
        d.join(format!("{}.json", hex::encode(h.finalize())))
    });
    if let Some(path) = &cache
        && let Some(mut page) = std::fs::read(path)
            .ok()
            .and_then(|b| serde_json::from_slice::<OcrPage>(&b).ok())
    {
        page.number = number;
        return Ok(page);
    }
    let page = read_image(png, dir, number, pdf_rotate, opts, tools)?;
    if let Some(path) = &cache
        && let Err(e) = store(path, &page)
    {
        tracing::warn!(
            "could not cache OCR of page {number} in {}: {e}",
            path.display()
        );
    }
    Ok(page)
}

/// Writes a cache entry atomically (temporary file, then rename), so a crash or a
/// parallel ingest never leaves a half-written entry.
fn store(path: &Path, page: &OcrPage) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(&serde_json::to_vec(page).map_err(std::io::Error::other)?)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Seal removal, OSD, turning the image upright, recognition and the second reading of
/// large lines.
fn read_image(
    png: &[u8],
    dir: &Path,
    number: u32,
    pdf_rotate: u16,
    opts: &OcrOptions,
    tools: &Tools,
) -> Result<OcrPage, OcrError> {
    let failed = |reason: String| OcrError::Failed {
        page: number,
        reason,
    };
    let decoded = image::load_from_memory_with_format(png, image::ImageFormat::Png)
        .map_err(|e| failed(format!("decoding the rendered image: {e}")))?;
    let rendered = dir.join("render.png");
    let write = |img: &image::DynamicImage, path: &Path| {
        save_png(img, path).map_err(|e| failed(format!("writing {}: {e}", path.display())))
    };
    let img = match ink_only(&decoded) {
        Some(ink) => {
            write(&ink, &rendered)?;
            ink
        }
        None => {
            std::fs::write(&rendered, png)
                .map_err(|e| failed(format!("writing the image: {e}")))?;
            decoded
        }
    };
    let osd = detect_orientation(&rendered, opts.dpi);
    let langs = match &opts.langs {
        Some(l) => l.clone(),
        None => langs_for(&osd.script, &tools.langs),
    };
    let (img, upright) = match osd.rotate {
        0 => (img, rendered),
        r => {
            let turned = match r {
                90 => img.rotate90(),
                180 => img.rotate180(),
                _ => img.rotate270(),
            };
            let path = dir.join("upright.png");
            write(&turned, &path)?;
            (turned, path)
        }
    };

    let tsv = tesseract_tsv(&upright, &langs, "3", opts.dpi, number)?;
    let mut lines = parse_tsv(&tsv);

    // Second reading of large, poorly read lines from a downscaled crop.
    let pt = 72.0 / opts.dpi as f32;
    let candidates: Vec<usize> = (0..lines.len())
        .filter(|&i| {
            let l = &lines[i];
            l.glyph_px() * pt >= RETRY_MIN_PT && l.mean_conf() < RETRY_BELOW_CONF
        })
        .take(RETRY_MAX)
        .collect();
    for i in candidates {
        if let Some(better) = reread_line(&img, &lines[i], dir, &langs, opts.dpi, number)
            && better.mean_conf() > lines[i].mean_conf()
        {
            lines[i].words = better.words;
        }
    }

    let height = img.height() as f32 * pt;
    let mut out: Vec<OcrLine> = lines
        .iter()
        .filter_map(|l| l.to_points(opts.dpi, height))
        .collect();
    reading_order(&mut out);
    let confs: Vec<f32> = lines
        .iter()
        .flat_map(|l| l.words.iter().map(|w| w.conf))
        .collect();
    Ok(OcrPage {
        number,
        width: img.width() as f32 * pt,
        height,
        lines: out,
        mean_conf: mean(&confs),
        rotation: (pdf_rotate + osd.rotate) % 360,
        script: osd.script,
    })
}

/// Crops a line (with a margin) scaled to about [`RETRY_GLYPH_PX`] glyph height and reads
/// it as a single line; the words come back in the page image's pixel space. `None` when
/// the crop or Tesseract fails: the first reading then stands.
fn reread_line(
    img: &image::DynamicImage,
    line: &PxLine,
    dir: &Path,
    langs: &str,
    dpi: u32,
    number: u32,
) -> Option<PxLine> {
    let (left, top, right, bottom) = line.bounds();
    let glyph = line.glyph_px().max(1.0);
    let margin = glyph * 0.3;
    let x = (left - margin).max(0.0) as u32;
    let y = (top - margin).max(0.0) as u32;
    let w = ((right + margin).min(img.width() as f32) as u32).checked_sub(x)?;
    let h = ((bottom + margin).min(img.height() as f32) as u32).checked_sub(y)?;
    let scale = (RETRY_GLYPH_PX / glyph).min(1.0);
    let (sw, sh) = ((w as f32 * scale) as u32, (h as f32 * scale) as u32);
    if sw < 8 || sh < 8 {
        return None;
    }
    let crop = img
        .crop_imm(x, y, w, h)
        .resize_exact(sw, sh, image::imageops::FilterType::Triangle);
    let path = dir.join("line.png");
    save_png(&crop, &path).ok()?;
    let crop_dpi = ((dpi as f32 * scale).round() as u32).max(1);
    let tsv = tesseract_tsv(&path, langs, "7", crop_dpi, number).ok()?;
    let mut words: Vec<PxWord> = parse_tsv(&tsv).into_iter().flat_map(|l| l.words).collect();
    if words.is_empty() {
        return None;
    }
    for word in &mut words {
        word.left = x as f32 + word.left / scale;
        word.top = y as f32 + word.top / scale;
        word.width /= scale;
        word.height /= scale;
    }
    Some(PxLine { words })
}

/// What OSD said about a page image.
#[derive(Debug, Default)]
struct Osd {
    /// Degrees to turn the image clockwise; 0 when OSD failed or was unsure.
    rotate: u16,
    script: String,
}

/// Runs OSD (`--psm 0`). A failure (too few characters on sparse pages) or a weak
/// orientation guess leaves the page as rendered; OSD never fails the page.
fn detect_orientation(image: &Path, dpi: u32) -> Osd {
    let out = tesseract()
        .arg(image)
        .arg("-")
        .args(["--psm", "0", "--dpi", &dpi.to_string()])
        .output();
    match out {
        Ok(o) if o.status.success() => parse_osd(&String::from_utf8_lossy(&o.stdout)),
        _ => Osd::default(),
    }
}

/// Parses OSD's report ("Rotate: 90", "Orientation confidence: 10.45", "Script: Han").
fn parse_osd(text: &str) -> Osd {
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name))
            .map(|v| v.trim().to_string())
    };
    let rotate: u16 = field("Rotate:")
        .and_then(|v| v.parse().ok())
        .filter(|r| [0, 90, 180, 270].contains(r))
        .unwrap_or(0);
    let conf: f32 = field("Orientation confidence:")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    Osd {
        rotate: if conf >= OSD_MIN_CONF { rotate } else { 0 },
        script: field("Script:").unwrap_or_default(),
    }
}

/// Tesseract languages for an OSD script, keeping only installed ones: Vietnamese for
/// Latin because it also reads plain Latin and keeps the diacritics.
fn langs_for(script: &str, installed: &[String]) -> String {
    let wanted: &[&str] = match script {
        "Han" => &["chi_sim", "eng"],
        "Thai" => &["tha", "eng"],
        "Latin" => &["vie", "eng"],
        _ => &["eng"],
    };
    let have: Vec<&str> = wanted
        .iter()
        .copied()
        .filter(|w| installed.iter().any(|i| i == w))
        .collect();
    if have.is_empty() {
        "eng".to_string()
    } else {
        have.join("+")
    }
}

/// A Tesseract command limited to one OpenMP thread (pages run in parallel instead).
fn tesseract() -> Command {
    let mut c = Command::new("tesseract");
    c.env("OMP_THREAD_LIMIT", "1");
    c
}

/// Recognises an image with the given page segmentation mode; TSV on stdout.
fn tesseract_tsv(
    image: &Path,
    langs: &str,
    psm: &str,
    dpi: u32,
    page: u32,
) -> Result<String, OcrError> {
    let mut c = tesseract();
    c.arg(image)
        .arg("-")
        .args(["-l", langs, "--psm", psm, "--dpi", &dpi.to_string(), "tsv"]);
    let out = run(&mut c, "tesseract", page)?;
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Runs a tool; a tool that is not there is `Missing`, one that fails is `Failed` with the
/// end of what it printed.
fn run(cmd: &mut Command, tool: &'static str, page: u32) -> Result<Output, OcrError> {
    let out = cmd.output().map_err(|e| match e.kind() {
        ErrorKind::NotFound => OcrError::Missing {
            tool,
            install: INSTALL,
        },
        _ => OcrError::Failed {
            page,
            reason: format!("could not run {tool}: {e}"),
        },
    })?;
    if out.status.success() {
        return Ok(out);
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stderr = stderr.trim();
    let tail: String = {
        let chars: Vec<char> = stderr.chars().collect();
        chars[chars.len().saturating_sub(400)..].iter().collect()
    };
    Err(OcrError::Failed {
        page,
        reason: format!("{tool} exited with {}: {tail}", out.status),
    })
}

/// Keeps only dark ink: each pixel becomes its brightest channel, so coloured seals and
/// watermarks (the orange GB logo stamped across sold copies, red official seals) turn
/// white while black text stays black. `None` for pages with next to no colour, which
/// Tesseract reads as rendered.
fn ink_only(img: &image::DynamicImage) -> Option<image::DynamicImage> {
    let rgb = img.as_rgb8()?;
    let coloured = rgb
        .pixels()
        .filter(|p| {
            let [r, g, b] = p.0;
            r.max(g).max(b) - r.min(g).min(b) > 80
        })
        .count();
    if coloured * 1000 < rgb.pixels().len() {
        return None;
    }
    let gray = image::GrayImage::from_fn(rgb.width(), rgb.height(), |x, y| {
        let [r, g, b] = rgb.get_pixel(x, y).0;
        image::Luma([r.max(g).max(b)])
    });
    Some(image::DynamicImage::ImageLuma8(gray))
}

/// PNG with fast compression: the file only lives until Tesseract has read it.
fn save_png(img: &image::DynamicImage, path: &Path) -> image::ImageResult<()> {
    use image::codecs::png::{CompressionType, FilterType, PngEncoder};
    let file = std::io::BufWriter::new(std::fs::File::create(path)?);
    let encoder = PngEncoder::new_with_quality(file, CompressionType::Fast, FilterType::Sub);
    img.write_with_encoder(encoder)
}

/// A recognised word in image pixels (origin top-left).
#[derive(Debug, Clone)]
struct PxWord {
    text: String,
    left: f32,
    top: f32,
    width: f32,
    height: f32,
    conf: f32,
}

/// A line of words as Tesseract grouped them.
#[derive(Debug, Clone)]
struct PxLine {
    words: Vec<PxWord>,
}

impl PxLine {
    fn bounds(&self) -> (f32, f32, f32, f32) {
        let mut b = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
        for w in &self.words {
            b.0 = b.0.min(w.left);
            b.1 = b.1.min(w.top);
            b.2 = b.2.max(w.left + w.width);
            b.3 = b.3.max(w.top + w.height);
        }
        b
    }

    /// Median word height: punctuation (`。`, `一`) and stray tall boxes do not move it.
    fn glyph_px(&self) -> f32 {
        median(self.words.iter().map(|w| w.height).collect())
    }

    fn mean_conf(&self) -> f32 {
        mean(&self.words.iter().map(|w| w.conf).collect::<Vec<_>>())
    }

    /// The line in PDF points on an upright page `page_height` points tall.
    fn to_points(&self, dpi: u32, page_height: f32) -> Option<OcrLine> {
        let text = normalise(&join_words(self.words.iter().map(|w| w.text.as_str())));
        if text.is_empty() {
            return None;
        }
        let pt = 72.0 / dpi as f32;
        let (left, _, right, _) = self.bounds();
        let bottom = median(self.words.iter().map(|w| w.top + w.height).collect());
        Some(OcrLine {
            text,
            x0: left * pt,
            x1: right * pt,
            y: page_height - bottom * pt,
            size: self.glyph_px() * pt,
            conf: self.mean_conf(),
        })
    }
}

/// Groups Tesseract's level-5 (word) TSV rows into lines by block, paragraph and line
/// number, in Tesseract's order. Empty words (image regions) and stray backticks, which
/// Tesseract reads from specks, are dropped.
fn parse_tsv(tsv: &str) -> Vec<PxLine> {
    let mut lines: Vec<PxLine> = Vec::new();
    let mut current: Option<(u32, u32, u32)> = None;
    for row in tsv.lines() {
        let cols: Vec<&str> = row.splitn(12, '\t').collect();
        if cols.len() < 12 || cols[0] != "5" {
            continue;
        }
        let num = |i: usize| cols[i].trim().parse::<f32>().ok();
        let (Some(left), Some(top), Some(width), Some(height), Some(conf)) =
            (num(6), num(7), num(8), num(9), num(10))
        else {
            continue;
        };
        let text: String = cols[11].trim().chars().filter(|&c| c != '`').collect();
        if text.is_empty() || conf < 0.0 {
            continue;
        }
        let key = (
            cols[2].parse().unwrap_or(0),
            cols[3].parse().unwrap_or(0),
            cols[4].parse().unwrap_or(0),
        );
        let word = PxWord {
            text,
            left,
            top,
            width,
            height,
            conf,
        };
        match lines.last_mut() {
            Some(line) if current == Some(key) => line.words.push(word),
            _ => lines.push(PxLine { words: vec![word] }),
        }
        current = Some(key);
    }
    lines
}

/// Scripts written without spaces between words: Han, kana, hangul, CJK and fullwidth
/// punctuation, Thai.
fn is_tight(c: char) -> bool {
    matches!(c,
        '\u{0E00}'..='\u{0E7F}'        // Thai
        | '\u{1100}'..='\u{11FF}'      // Hangul Jamo
        | '\u{2E80}'..='\u{2FDF}'      // CJK radicals
        | '\u{3000}'..='\u{303F}'      // CJK symbols and punctuation
        | '\u{3040}'..='\u{30FF}'      // kana
        | '\u{3100}'..='\u{31FF}'      // bopomofo, hangul compatibility, kana ext.
        | '\u{3400}'..='\u{4DBF}'      // CJK ext. A
        | '\u{4E00}'..='\u{9FFF}'      // CJK unified
        | '\u{AC00}'..='\u{D7AF}'      // Hangul syllables
        | '\u{F900}'..='\u{FAFF}'      // CJK compatibility
        | '\u{FE30}'..='\u{FE4F}'      // CJK compatibility forms
        | '\u{FF00}'..='\u{FFEF}'      // fullwidth forms
        | '\u{20000}'..='\u{2FA1F}'    // CJK ext. B and later
    )
}

/// Joins words with spaces, except between two CJK or Thai characters (those scripts
/// have no spaces; Tesseract splits them into "words" anyway) and between such a
/// character and ASCII punctuation (`系统 (以` → `系统(以`).
fn join_words<'a>(words: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for w in words {
        if let (Some(a), Some(b)) = (out.chars().last(), w.chars().next()) {
            let punct = |c: char| c.is_ascii_punctuation();
            let tight = (is_tight(a) && is_tight(b))
                || (is_tight(a) && punct(b))
                || (punct(a) && is_tight(b));
            if !tight {
                out.push(' ');
            }
        }
        out.push_str(w);
    }
    out
}

/// `一` (yi) between digits, or before a year after a number, is an em dash misread
/// (`GB/T 1.1一2009`, `32960.1 一 2016`).
static DASH_IN_NUMBER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(\d)一(\d)").unwrap());
static DASH_BEFORE_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d) ?一 ?((?:19|20)\d\d)(\D|$)").unwrap());

/// Conservative fixes of Tesseract's usual slips on Chinese scans; nothing is guessed
/// beyond the em dash in reference numbers.
fn normalise(text: &str) -> String {
    let text = DASH_BEFORE_YEAR.replace_all(text, "$1—$2$3");
    DASH_IN_NUMBER.replace_all(&text, "$1—$2").into_owned()
}

/// Sorts lines top to bottom; lines whose baselines are within half a glyph height of
/// the row's first line count as one row and go left to right.
fn reading_order(lines: &mut Vec<OcrLine>) {
    lines.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x0.total_cmp(&b.x0)));
    let mut ordered = Vec::with_capacity(lines.len());
    let mut row: Vec<OcrLine> = Vec::new();
    for line in lines.drain(..) {
        if let Some(first) = row.first()
            && first.y - line.y > 0.5 * first.size.min(line.size)
        {
            row.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            ordered.append(&mut row);
        }
        row.push(line);
    }
    row.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    ordered.append(&mut row);
    *lines = ordered;
}

fn mean(v: &[f32]) -> f32 {
    if v.is_empty() {
        0.0
    } else {
        v.iter().sum::<f32>() / v.len() as f32
    }
}

fn median(mut v: Vec<f32>) -> f32 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f32::total_cmp);
    v[v.len() / 2]
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Tesseract TSV as `tesseract img - tsv` prints it (columns tab-separated).
    const TSV: &str = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext
1\t1\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t
2\t1\t1\t0\t0\t0\t300\t600\t900\t200\t-1\t
4\t1\t1\t1\t1\t0\t300\t600\t900\t60\t-1\t
5\t1\t1\t1\t1\t1\t300\t600\t120\t60\t90\t电动
5\t1\t1\t1\t1\t2\t430\t600\t120\t60\t80\t汽车
5\t1\t1\t1\t1\t3\t560\t640\t20\t20\t70\t。
5\t1\t1\t1\t1\t4\t600\t600\t10\t10\t10\t`
4\t1\t1\t1\t2\t0\t300\t700\t600\t40\t-1\t
5\t1\t1\t1\t2\t1\t300\t700\t100\t40\t95\tGB/T
5\t1\t1\t1\t2\t2\t420\t700\t200\t40\t95\t32960.1
5\t1\t1\t1\t2\t3\t630\t718\t30\t4\t85\t一
5\t1\t1\t1\t2\t4\t670\t700\t100\t40\t95\t2016
2\t1\t2\t0\t0\t0\t1600\t100\t500\t300\t-1\t
5\t1\t2\t1\t1\t1\t1600\t100\t500\t300\t95\t \n";

    #[test]
    fn tsv_words_become_lines_in_points() {
        let px = parse_tsv(TSV);
        assert_eq!(px.len(), 2, "the empty image word makes no line: {px:?}");
        let height = 3508.0 * 72.0 / 300.0;
        let lines: Vec<OcrLine> = px.iter().filter_map(|l| l.to_points(300, height)).collect();
        // No space between Han characters or before fullwidth punctuation; the
        // backtick speck is dropped.
        assert_eq!(lines[0].text, "电动汽车。");
        assert_eq!(lines[1].text, "GB/T 32960.1—2016");
        let l = &lines[0];
        assert!(
            (l.x0 - 72.0).abs() < 1e-3,
            "300 px at 300 dpi is 72 pt: {l:?}"
        );
        assert!((l.x1 - 580.0 * 0.24).abs() < 1e-3);
        // Median height 60 px (the small `。` does not count) and bottom 660 px.
        assert!((l.size - 14.4).abs() < 1e-3);
        assert!((l.y - (height - 660.0 * 0.24)).abs() < 1e-3);
        assert!((l.conf - 80.0).abs() < 1e-3);
        let mut ordered = vec![lines[1].clone(), lines[0].clone()];
        reading_order(&mut ordered);
        assert_eq!(ordered, lines);
    }

    #[test]
    fn words_join_without_spaces_only_inside_cjk_and_thai() {
        assert_eq!(join_words(["第", "1", "部", "分"]), "第 1 部分");
        assert_eq!(
            join_words(["系统", "(以", "下", "简称", ")", "的"]),
            "系统(以下简称)的"
        );
        assert_eq!(join_words(["บทนิยาม", "ใน"]), "บทนิยามใน");
        assert_eq!(
            join_words(["enterprise", "service", "平台"]),
            "enterprise service 平台"
        );
    }

    #[test]
    fn only_dashes_in_reference_numbers_are_normalised() {
        assert_eq!(normalise("GB/T 1.1一2009"), "GB/T 1.1—2009");
        assert_eq!(normalise("GB/T 32960.1 一 2016 的"), "GB/T 32960.1—2016 的");
        assert_eq!(normalise("统结构和一般要求"), "统结构和一般要求");
        assert_eq!(normalise("第 1 一般规定"), "第 1 一般规定");
    }

    #[test]
    fn osd_report_is_parsed_and_weak_guesses_ignored() {
        let osd = parse_osd(
            "Page number: 0\nOrientation in degrees: 90\nRotate: 270\n\
             Orientation confidence: 12.5\nScript: Han\nScript confidence: 1.08\n",
        );
        assert_eq!((osd.rotate, osd.script.as_str()), (270, "Han"));
        let weak = parse_osd("Rotate: 180\nOrientation confidence: 0.4\nScript: Latin\n");
        assert_eq!((weak.rotate, weak.script.as_str()), (0, "Latin"));
        let installed: Vec<String> = ["chi_sim", "eng", "osd"].map(String::from).into();
        assert_eq!(langs_for("Han", &installed), "chi_sim+eng");
        assert_eq!(langs_for("Thai", &installed), "eng");
        assert_eq!(langs_for("", &installed), "eng");
    }

    /// The scanned GB/T 32960.1 when the shared fixtures and Tesseract are there.
    fn scanned_fixture() -> Option<PathBuf> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/fixtures/real-pdf/GB_T_32960.1-2016_scanned.pdf");
        if !path.exists() {
            eprintln!("skipped: {} is absent", path.display());
            return None;
        }
        if let Err(e) = check_tools() {
            eprintln!("skipped: {e}");
            return None;
        }
        Some(path)
    }

    fn assert_reading_order(page: &OcrPage) {
        for pair in page.lines.windows(2) {
            assert!(
                pair[1].y <= pair[0].y + 0.5 * pair[0].size.min(pair[1].size),
                "not top to bottom: {pair:?}"
            );
        }
    }

    fn find<'a>(page: &'a OcrPage, needle: &str) -> &'a OcrLine {
        let text: Vec<&str> = page.lines.iter().map(|l| l.text.as_str()).collect();
        page.lines
            .iter()
            .find(|l| l.text.contains(needle))
            .unwrap_or_else(|| panic!("no line with {needle:?} in {text:#?}"))
    }

    /// Page 4 (clause 1) of a 300 dpi scan stored sideways with /Rotate 90; read once,
    /// then from the cache.
    #[test]
    fn scanned_gb_clause_page_is_read_and_cached() {
        let Some(pdf) = scanned_fixture() else { return };
        let cache = tempfile::tempdir().unwrap();
        let opts = OcrOptions {
            cache_dir: Some(cache.path().to_path_buf()),
            ..OcrOptions::default()
        };
        let done = AtomicUsize::new(0);
        let progress = |_| {
            done.fetch_add(1, Ordering::SeqCst);
        };
        let page = ocr_pages(&pdf, &[4], &opts, &progress).remove(0).unwrap();
        assert_eq!(done.load(Ordering::SeqCst), 1);
        assert_eq!((page.number, page.rotation), (4, 90), "{page:#?}");
        assert_eq!(page.script, "Han");
        assert!(page.width < page.height && (page.height - 841.92).abs() < 1.0);
        assert!(find(&page, "32960.1—2016").conf > 50.0);
        find(&page, "电动汽车远程服务与管理系统技术规范");
        let scope = find(&page, "范围");
        assert!(scope.text.starts_with('1'), "{scope:?}");
        find(&page, "术语和定义");
        assert_reading_order(&page);
        assert!(page.mean_conf > 70.0, "{}", page.mean_conf);

        let again = ocr_pages(&pdf, &[4], &opts, &progress).remove(0).unwrap();
        assert_eq!(again, page);
        let entries = std::fs::read_dir(cache.path()).unwrap().count();
        assert_eq!(entries, 1, "one cache entry, no temporary files left");
    }

    /// The cover turned a quarter clockwise inside the image, as some scans are: OSD
    /// finds it, the page is read upright, and the large title is read.
    #[test]
    fn turned_cover_is_found_and_read() {
        let Some(pdf) = scanned_fixture() else { return };
        let dir = tempfile::tempdir().unwrap();
        let status = Command::new("pdftoppm")
            .args(["-r", "300", "-f", "1", "-l", "1", "-png", "-singlefile"])
            .arg(&pdf)
            .arg(dir.path().join("cover"))
            .status()
            .unwrap();
        assert!(status.success());
        let cover = image::open(dir.path().join("cover.png"))
            .unwrap()
            .rotate90();
        let mut png = Vec::new();
        cover
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        let opts = OcrOptions::default();
        let page = recognise(&png, dir.path(), 1, 0, &opts, tools().unwrap()).unwrap();
        assert_eq!(page.rotation, 270, "{page:#?}");
        assert!(page.width < page.height, "read upright: {page:#?}");
        find(&page, "32960.1");
        find(&page, "电动汽车远程服务与管理系统技术规范");
        assert_reading_order(&page);
    }
}

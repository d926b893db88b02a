//! A page's content stream run far enough to know where each glyph lands: the
//! graphics state (CTM, q/Q), the text state (Tm, Tlm, Tf, Tc, Tw, Tz, TL, Ts), the
//! text-showing operators, and form XObjects (recursively, bounded). Paths, images and
//! colours are ignored.

use super::fonts::Font;
use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::HashMap;

/// One glyph on a page, in page space (points, origin bottom left).
#[derive(Debug, Clone)]
pub struct Glyph {
    /// Its text (several characters for a ligature).
    pub text: String,
    /// Left edge of the glyph.
    pub x: f32,
    /// Baseline.
    pub y: f32,
    /// Advance width.
    pub w: f32,
    /// Effective font size (text size scaled by the matrices).
    pub size: f32,
    /// The font's name says bold (or the text is drawn with a stroke: fake bold).
    pub bold: bool,
    /// The code was a space character.
    pub space: bool,
}

/// What a page yields: its glyphs, size, and how many glyphs had no known text.
#[derive(Debug, Default)]
pub struct PageGlyphs {
    pub glyphs: Vec<Glyph>,
    pub width: f32,
    pub height: f32,
    pub unmapped: usize,
    /// Image XObjects drawn (a page of images and no text is a scan).
    pub images: usize,
}

type Matrix = [f32; 6];
const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

fn mul(a: &Matrix, b: &Matrix) -> Matrix {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

#[derive(Clone)]
struct State {
    ctm: Matrix,
    font: Option<(Vec<u8>, f32)>,
    char_spacing: f32,
    word_spacing: f32,
    scale: f32,
    leading: f32,
    rise: f32,
    render_mode: i64,
    /// Clipping region as a box in page space (paths are reduced to their bounds).
    clip: Option<[f32; 4]>,
}

/// Largest content a page may decompress to (a bomb guard).
const MAX_CONTENT: usize = 64 * 1024 * 1024;
/// Form XObjects nested deeper than this are not followed.
const MAX_FORM_DEPTH: usize = 8;

/// Runs one page.
pub fn page(
    doc: &Document,
    page_id: ObjectId,
    fonts: &mut FontCache,
) -> Result<PageGlyphs, String> {
    let page = doc.get_dictionary(page_id).map_err(|e| e.to_string())?;
    let (width, height) = media_box(doc, page);
    let content = doc
        .get_page_content_with_limit(page_id, MAX_CONTENT)
        .map_err(|e| e.to_string())?;
    let resources = page_resources(doc, page_id);
    let mut out = PageGlyphs {
        width,
        height,
        ..Default::default()
    };
    // Fonts by object id are the document's; fonts written inline are the page's.
    fonts.direct.clear();
    run(doc, &content, &resources, IDENTITY, fonts, &mut out, 0)?;
    run_annotations(doc, page, &resources, fonts, &mut out);
    Ok(out)
}

fn media_box(doc: &Document, page: &Dictionary) -> (f32, f32) {
    let mut node = Some(page);
    while let Some(d) = node {
        if let Ok(Object::Array(b)) = d
            .get(b"MediaBox")
            .and_then(|o| doc.dereference(o).map(|x| x.1))
        {
            let n: Vec<f32> = b.iter().filter_map(|o| o.as_float().ok()).collect();
            if n.len() == 4 {
                return ((n[2] - n[0]).abs(), (n[3] - n[1]).abs());
            }
        }
        node = d
            .get(b"Parent")
            .and_then(Object::as_reference)
            .and_then(|id| doc.get_dictionary(id))
            .ok();
    }
    (595.0, 842.0)
}

/// The page's resources merged from its own and inherited dictionaries.
fn page_resources(doc: &Document, page_id: ObjectId) -> Dictionary {
    let mut merged = Dictionary::new();
    if let Ok((direct, ids)) = doc.get_page_resources(page_id) {
        let mut all: Vec<&Dictionary> = direct.into_iter().collect();
        all.extend(ids.iter().filter_map(|id| doc.get_dictionary(*id).ok()));
        // Nearest first: earlier entries win.
        for d in all.into_iter().rev() {
            for (k, v) in d.iter() {
                merged.set(k.clone(), v.clone());
            }
        }
    }
    merged
}

/// Fonts loaded so far: each font object is parsed once per document.
#[derive(Default)]
pub struct FontCache {
    by_id: HashMap<ObjectId, Font>,
    direct: HashMap<Vec<u8>, Font>,
}

impl FontCache {
    fn get<'a>(
        &'a mut self,
        doc: &Document,
        resources: &Dictionary,
        name: &[u8],
    ) -> Option<&'a Font> {
        let fonts = resources
            .get(b"Font")
            .ok()
            .and_then(|o| doc.dereference(o).ok())?
            .1
            .as_dict()
            .ok()?;
        match fonts.get(name).ok()? {
            Object::Reference(id) => {
                if !self.by_id.contains_key(id) {
                    let dict = doc.get_dictionary(*id).ok()?;
                    self.by_id.insert(*id, Font::load(doc, dict));
                }
                self.by_id.get(id)
            }
            Object::Dictionary(d) => {
                let key = name.to_vec();
                if !self.direct.contains_key(&key) {
                    self.direct.insert(key.clone(), Font::load(doc, d));
                }
                self.direct.get(&key)
            }
            _ => None,
        }
    }
}

fn apply(m: &Matrix, x: f32, y: f32) -> (f32, f32) {
    (x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5])
}

fn grow(b: Option<[f32; 4]>, (x, y): (f32, f32)) -> [f32; 4] {
    match b {
        Some(b) => [b[0].min(x), b[1].min(y), b[2].max(x), b[3].max(y)],
        None => [x, y, x, y],
    }
}

fn num(o: &Object) -> f32 {
    o.as_float().unwrap_or(0.0)
}

/// The six operands of `cm` or `Tm` as a matrix (the caller checked there are six).
fn matrix(a: &[Object]) -> [f32; 6] {
    std::array::from_fn(|i| num(&a[i]))
}

/// The `Matrix` entry of a form XObject.
fn form_matrix(dict: &Dictionary) -> Matrix {
    match dict.get(b"Matrix") {
        Ok(Object::Array(m)) if m.len() == 6 => matrix(m),
        _ => IDENTITY,
    }
}

/// Runs a form XObject under `ctm`; it uses its own resources where it has them.
fn run_form(
    doc: &Document,
    form: &lopdf::Stream,
    resources: &Dictionary,
    ctm: Matrix,
    fonts: &mut FontCache,
    out: &mut PageGlyphs,
    depth: usize,
) -> Result<(), String> {
    let inner = form
        .dict
        .get(b"Resources")
        .ok()
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| o.as_dict().ok())
        .cloned()
        .unwrap_or_else(|| resources.clone());
    let bytes = form
        .decompressed_content_with_limit(MAX_CONTENT)
        .unwrap_or_else(|_| form.content.clone());
    run(
        doc,
        &bytes,
        &inner,
        mul(&form_matrix(&form.dict), &ctm),
        fonts,
        out,
        depth,
    )
}

/// Text drawn by the page's visible annotations (their normal appearance): signed
/// documents often carry the circular's number or date in a signature widget, and
/// stamps and free-text notes are part of what a reader sees.
fn run_annotations(
    doc: &Document,
    page: &Dictionary,
    resources: &Dictionary,
    fonts: &mut FontCache,
    out: &mut PageGlyphs,
) {
    fn deref<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Object> {
        doc.dereference(o).ok().map(|(_, o)| o)
    }
    let deref = |o| deref(doc, o);
    let Some(Object::Array(annots)) = page.get(b"Annots").ok().and_then(deref) else {
        return;
    };
    for annot in annots.iter().take(500) {
        let Some(Object::Dictionary(a)) = deref(annot) else {
            continue;
        };
        // Hidden (2) or not for viewing (32); links and popups draw no text.
        let flags = a.get(b"F").and_then(Object::as_i64).unwrap_or(0);
        let subtype = a.get(b"Subtype").and_then(Object::as_name).unwrap_or(b"");
        if flags & (2 | 32) != 0 || matches!(subtype, b"Link" | b"Popup") {
            continue;
        }
        let Some(Object::Dictionary(ap)) = a.get(b"AP").ok().and_then(deref) else {
            continue;
        };
        let Some(Object::Stream(form)) = ap.get(b"N").ok().and_then(deref) else {
            continue;
        };
        let rect: Vec<f32> = match a.get(b"Rect").ok().and_then(deref) {
            Some(Object::Array(r)) if r.len() == 4 => r.iter().map(num).collect(),
            _ => continue,
        };
        let bbox: Vec<f32> = match form.dict.get(b"BBox").ok().and_then(deref) {
            Some(Object::Array(b)) if b.len() == 4 => b.iter().map(num).collect(),
            _ => continue,
        };
        // PDF 32000 12.5.5: the form's box, transformed by its matrix, is fitted
        // into the annotation's rectangle.
        let m = form_matrix(&form.dict);
        let corners = [
            (bbox[0], bbox[1]),
            (bbox[2], bbox[1]),
            (bbox[0], bbox[3]),
            (bbox[2], bbox[3]),
        ];
        let mut b: Option<[f32; 4]> = None;
        for (x, y) in corners {
            b = Some(grow(b, apply(&m, x, y)));
        }
        let Some(b) = b else { continue };
        let (w, h) = (b[2] - b[0], b[3] - b[1]);
        if w.abs() < 1e-3 || h.abs() < 1e-3 {
            continue;
        }
        let (rx0, ry0) = (rect[0].min(rect[2]), rect[1].min(rect[3]));
        let (rw, rh) = ((rect[2] - rect[0]).abs(), (rect[3] - rect[1]).abs());
        let fit = [
            rw / w,
            0.0,
            0.0,
            rh / h,
            rx0 - b[0] * rw / w,
            ry0 - b[1] * rh / h,
        ];
        // run_form applies the form's own matrix before `fit`.
        let _ = run_form(doc, form, resources, fit, fonts, out, 1);
    }
}

fn run(
    doc: &Document,
    content: &[u8],
    resources: &Dictionary,
    base: Matrix,
    fonts: &mut FontCache,
    out: &mut PageGlyphs,
    depth: usize,
) -> Result<(), String> {
    let ops = Content::decode(content).map_err(|e| format!("content stream: {e}"))?;
    let mut stack: Vec<State> = Vec::new();
    let mut st = State {
        ctm: base,
        font: None,
        char_spacing: 0.0,
        word_spacing: 0.0,
        scale: 1.0,
        leading: 0.0,
        rise: 0.0,
        render_mode: 0,
        clip: None,
    };
    // The path being built (its bounds in page space) and whether it will clip.
    let mut path: Option<[f32; 4]> = None;
    let mut clip_next = false;
    let mut tm = IDENTITY;
    let mut tlm = IDENTITY;
    for op in &ops.operations {
        let a = &op.operands;
        match op.operator.as_str() {
            "q" => stack.push(st.clone()),
            "Q" => {
                if let Some(s) = stack.pop() {
                    st = s;
                }
            }
            "cm" if a.len() == 6 => st.ctm = mul(&matrix(a), &st.ctm),
            "re" if a.len() == 4 => {
                let (x, y, w, h) = (num(&a[0]), num(&a[1]), num(&a[2]), num(&a[3]));
                for (px, py) in [(x, y), (x + w, y + h)] {
                    path = Some(grow(path, apply(&st.ctm, px, py)));
                }
            }
            "m" | "l" if a.len() == 2 => {
                path = Some(grow(path, apply(&st.ctm, num(&a[0]), num(&a[1]))));
            }
            "c" | "v" | "y" if a.len() >= 4 => {
                for pair in a.chunks(2) {
                    if pair.len() == 2 {
                        path = Some(grow(path, apply(&st.ctm, num(&pair[0]), num(&pair[1]))));
                    }
                }
            }
            "W" | "W*" => clip_next = true,
            "n" | "f" | "F" | "f*" | "S" | "s" | "B" | "B*" | "b" | "b*" => {
                if clip_next && let Some(p) = path {
                    st.clip = Some(match st.clip {
                        Some(c) => [
                            c[0].max(p[0]),
                            c[1].max(p[1]),
                            c[2].min(p[2]),
                            c[3].min(p[3]),
                        ],
                        None => p,
                    });
                }
                path = None;
                clip_next = false;
            }
            "BT" => {
                tm = IDENTITY;
                tlm = IDENTITY;
            }
            "Tf" if a.len() == 2 => {
                if let Ok(name) = a[0].as_name() {
                    st.font = Some((name.to_vec(), num(&a[1])));
                }
            }
            "Tc" if !a.is_empty() => st.char_spacing = num(&a[0]),
            "Tw" if !a.is_empty() => st.word_spacing = num(&a[0]),
            "Tz" if !a.is_empty() => st.scale = num(&a[0]) / 100.0,
            "TL" if !a.is_empty() => st.leading = num(&a[0]),
            "Ts" if !a.is_empty() => st.rise = num(&a[0]),
            "Tr" if !a.is_empty() => st.render_mode = a[0].as_i64().unwrap_or(0),
            "Td" | "TD" if a.len() == 2 => {
                let (tx, ty) = (num(&a[0]), num(&a[1]));
                if op.operator == "TD" {
                    st.leading = -ty;
                }
                tlm = mul(&[1.0, 0.0, 0.0, 1.0, tx, ty], &tlm);
                tm = tlm;
            }
            "Tm" if a.len() == 6 => {
                tlm = matrix(a);
                tm = tlm;
            }
            "T*" => {
                tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -st.leading], &tlm);
                tm = tlm;
            }
            "Tj" | "'" | "\"" => {
                if op.operator != "Tj" {
                    if op.operator == "\"" && a.len() == 3 {
                        st.word_spacing = num(&a[0]);
                        st.char_spacing = num(&a[1]);
                    }
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -st.leading], &tlm);
                    tm = tlm;
                }
                if let Some(Ok(bytes)) = a.last().map(Object::as_str) {
                    show(doc, resources, fonts, &st, &mut tm, bytes, out);
                }
            }
            "TJ" => {
                if let Some(Ok(items)) = a.first().map(Object::as_array) {
                    for item in items {
                        match item {
                            Object::String(bytes, _) => {
                                show(doc, resources, fonts, &st, &mut tm, bytes, out)
                            }
                            other => {
                                let adjust = num(other);
                                let size = st.font.as_ref().map_or(0.0, |f| f.1);
                                let tx = -adjust / 1000.0 * size * st.scale;
                                tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], &tm);
                            }
                        }
                    }
                }
            }
            "Do" if !a.is_empty() => {
                let Ok(name) = a[0].as_name() else { continue };
                let Some(xobjects) = resources
                    .get(b"XObject")
                    .ok()
                    .and_then(|o| doc.dereference(o).ok())
                    .and_then(|(_, o)| o.as_dict().ok())
                else {
                    continue;
                };
                let Some((_, Object::Stream(s))) = xobjects
                    .get(name)
                    .ok()
                    .and_then(|o| doc.dereference(o).ok())
                else {
                    continue;
                };
                match s.dict.get(b"Subtype").and_then(Object::as_name) {
                    Ok(b"Image") => out.images += 1,
                    Ok(b"Form") if depth < MAX_FORM_DEPTH => {
                        run_form(doc, s, resources, st.ctm, fonts, out, depth + 1)?;
                    }
                    _ => {}
                }
            }
            "BI" | "INLINE IMAGE" => out.images += 1,
            _ => {}
        }
    }
    Ok(())
}

fn show(
    doc: &Document,
    resources: &Dictionary,
    fonts: &mut FontCache,
    st: &State,
    tm: &mut Matrix,
    bytes: &[u8],
    out: &mut PageGlyphs,
) {
    let Some((name, size)) = &st.font else { return };
    let Some(font) = fonts.get(doc, resources, name) else {
        return;
    };
    let bold = {
        let n = font.name.to_lowercase();
        n.contains("bold") || n.contains("black") || n.contains("heavy") || st.render_mode == 2
    };
    for g in font.decode(bytes) {
        let trm = mul(
            &[size * st.scale, 0.0, 0.0, *size, 0.0, st.rise],
            &mul(tm, &st.ctm),
        );
        let advance = (g.width / 1000.0 * size
            + st.char_spacing
            + if g.is_space { st.word_spacing } else { 0.0 })
            * st.scale;
        let (left, drawn) = if g.is_space {
            (0.0, advance)
        } else {
            (
                g.ink_left / 1000.0 * size * st.scale,
                ((g.ink - g.ink_left) / 1000.0 * size + st.char_spacing) * st.scale,
            )
        };
        let eff = (trm[2] * trm[2] + trm[3] * trm[3]).sqrt();
        let scale_x =
            (trm[0] * trm[0] + trm[1] * trm[1]).sqrt() / (size * st.scale).abs().max(1e-6);
        // Text clipped away or off the page is not on the page: Chromium draws whole
        // column fragments and clips them to what belongs on this page.
        let (cx, cy) = (trm[4] + advance * 0.5, trm[5] + eff * 0.3);
        let visible = st.clip.is_none_or(|c| {
            cx >= c[0] - 1.0 && cx <= c[2] + 1.0 && cy >= c[1] - 1.0 && cy <= c[3] + 1.0
        }) && cx >= -1.0
            && cy >= -1.0
            && cx <= out.width + 1.0
            && cy <= out.height + 1.0;
        if !visible {
            *tm = mul(&[1.0, 0.0, 0.0, 1.0, advance, 0.0], tm);
            continue;
        }
        let mark = !g.text.is_empty()
            && g.text
                .chars()
                .all(unicode_normalization::char::is_combining_mark);
        if g.unmapped {
            out.unmapped += 1;
        } else if let Some(prev) = out.glyphs.last_mut().filter(|p| {
            mark && (p.y - trm[5]).abs() < 0.5 * eff && (trm[4] - p.x).abs() < 1.5 * eff
        }) {
            // A combining mark (Thai vowel and tone signs) belongs to the glyph drawn
            // before it, whatever its position: keeps the text in stored order.
            prev.text.push_str(&g.text);
        } else {
            // Invisible text (mode 3) is kept: it is the text layer of OCRed scans.
            out.glyphs.push(Glyph {
                space: g.is_space || g.text.chars().all(char::is_whitespace),
                text: g.text,
                x: trm[4] + left * scale_x,
                y: trm[5],
                w: drawn * scale_x,
                size: eff,
                bold,
            });
        }
        *tm = mul(&[1.0, 0.0, 0.0, 1.0, advance, 0.0], tm);
    }
}

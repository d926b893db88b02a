//! Glyphs → lines in reading order. A page split by an empty vertical gutter near its
//! middle is read column by column; glyphs on one baseline make a line, with spaces
//! where the gap says so and ` | ` between table cells (a gap of several ems).

use super::extract::{Glyph, PageGlyphs};

/// One line of text on a page.
#[derive(Debug, Clone)]
pub struct Line {
    pub text: String,
    /// Left and right edges.
    pub x0: f32,
    pub x1: f32,
    /// Baseline.
    pub y: f32,
    /// Typical glyph size.
    pub size: f32,
    /// Most of its glyphs are bold.
    pub bold: bool,
    /// Column on the page (0 for single-column pages; 1 for the right column).
    pub column: usize,
    /// Right edge of the column's text block (to tell a paragraph's short last line).
    pub column_right: f32,
    /// Left edge of the column's text block.
    pub column_left: f32,
    /// OCR confidence (0–100) where the line was read from the page image.
    pub conf: Option<f32>,
}

/// Sets each line's column edges to its block's: the 10th percentile of left edges
/// and the 90th of right edges.
pub fn set_column_edges(lines: &mut [Line]) {
    if let (Some(left), Some(right)) = (
        percentile(lines.iter().map(|l| l.x0), 0.1),
        percentile(lines.iter().map(|l| l.x1), 0.9),
    ) {
        for l in lines {
            l.column_left = left;
            l.column_right = right;
        }
    }
}

/// Share of the page height at the top and bottom where running headers and footers
/// live (kept out of column detection).
pub const MARGIN_BAND: f32 = 0.09;

/// The lines of a page in reading order.
pub fn lines<'a>(page: &'a PageGlyphs) -> Vec<Line> {
    let glyphs: Vec<&'a Glyph> = page
        .glyphs
        .iter()
        .filter(|g| g.size > 0.5 && g.x.is_finite() && g.y.is_finite())
        .collect();
    if glyphs.is_empty() {
        return Vec::new();
    }
    let top = page.height * (1.0 - MARGIN_BAND);
    let bottom = page.height * MARGIN_BAND;
    let in_body = |g: &Glyph| g.y < top && g.y > bottom;
    let gutter = find_gutter(&glyphs, page.width, &in_body);

    // Header band, body, footer band. In the body of a two-column page, rows that
    // cross the gutter (a centred heading, a wide table) span both columns: the text
    // above such a row is read left column then right, then the row, and so on.
    let (mut head, mut body, mut foot) = (Vec::new(), Vec::new(), Vec::new());
    for g in &glyphs {
        if g.y >= top {
            head.push(*g);
        } else if g.y <= bottom {
            foot.push(*g);
        } else {
            body.push(*g);
        }
    }
    // Rows of the margin bands that start where a column starts are the columns'
    // first or last lines, not running headers or page numbers (which sit elsewhere).
    if let Some((g0, g1)) = gutter {
        let left_edge = body
            .iter()
            .filter(|g| !g.space)
            .map(|g| g.x)
            .fold(f32::MAX, f32::min);
        let split = |band: Vec<&'a Glyph>, body: &mut Vec<&'a Glyph>| -> Vec<&'a Glyph> {
            let mut kept = Vec::new();
            for mut row in rows_of(band) {
                row.sort_by(|a, b| a.x.total_cmp(&b.x));
                let inside = row
                    .iter()
                    .any(|g| !g.space && g.x > g0 + 0.5 && g.x < g1 - 0.5);
                let starts = row
                    .iter()
                    .find(|g| !g.space)
                    .is_some_and(|g| (g.x - left_edge).abs() < 3.0 || (g.x - g1).abs() < 3.0);
                if starts && !inside {
                    body.extend(row);
                } else {
                    kept.extend(row);
                }
            }
            kept
        };
        head = split(head, &mut body);
        foot = split(foot, &mut body);
    }
    let mut out: Vec<Line> = Vec::new();
    let mut bands: Vec<usize> = Vec::new();
    let mut emit = |region: Vec<&Glyph>, column: usize, band: bool, out: &mut Vec<Line>| {
        let mut region_lines = group(region, column);
        set_column_edges(&mut region_lines);
        if band {
            bands.extend(out.len()..out.len() + region_lines.len());
        }
        out.extend(region_lines);
    };
    emit(head, 0, true, &mut out);
    match gutter {
        None => emit(body, 0, false, &mut out),
        Some((g0, g1)) => {
            // A row crosses the gutter when one of its glyphs starts inside it.
            let crosses = |g: &Glyph| !g.space && g.x > g0 + 0.5 && g.x < g1 - 0.5;
            let rows = rows_of(body);
            let (mut left, mut right): (Vec<&Glyph>, Vec<&Glyph>) = (Vec::new(), Vec::new());
            for row in rows {
                if row.iter().any(|g| crosses(g)) {
                    emit(std::mem::take(&mut left), 0, false, &mut out);
                    emit(std::mem::take(&mut right), 1, false, &mut out);
                    emit(row, 0, false, &mut out);
                } else {
                    let mid = (g0 + g1) / 2.0;
                    for g in row {
                        if g.x + g.w / 2.0 > mid {
                            right.push(g);
                        } else {
                            left.push(g);
                        }
                    }
                }
            }
            emit(left, 0, false, &mut out);
            emit(right, 1, false, &mut out);
        }
    }
    emit(foot, 0, true, &mut out);
    // Lines in the margin bands measure against the whole page's text block.
    let left = percentile(out.iter().map(|l| l.x0), 0.1).unwrap_or(0.0);
    let right = percentile(out.iter().map(|l| l.x1), 0.9).unwrap_or(page.width);
    for i in bands {
        out[i].column_left = left;
        out[i].column_right = right;
    }
    out
}

fn percentile(values: impl Iterator<Item = f32>, q: f32) -> Option<f32> {
    let mut v: Vec<f32> = values.collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f32::total_cmp);
    let i = ((v.len() - 1) as f32 * q).round() as usize;
    Some(v[i])
}

/// The x of an empty vertical band in the middle third of the page that body text
/// on both sides respects: a two-column page.
/// The gutter of a two-column page: many rows of the body have a gap of at least an
/// em before a glyph that starts at the same x in the middle of the page (the right
/// column's left edge). Rows that cross the gutter (a centred heading, a wide table)
/// are read across.
fn find_gutter(
    glyphs: &[&Glyph],
    width: f32,
    in_body: &dyn Fn(&Glyph) -> bool,
) -> Option<(f32, f32)> {
    let body: Vec<&Glyph> = glyphs
        .iter()
        .copied()
        .filter(|g| in_body(g) && !g.space)
        .collect();
    if body.len() < 40 {
        return None;
    }
    let rows = rows_of(body);
    let (lo, hi) = (width * 0.35, width * 0.7);
    // (gap start, right column start) per row that has such a gap, and how far the
    // row's text runs past the gap.
    let mut gaps: Vec<(f32, f32)> = Vec::new();
    let mut runs: Vec<f32> = Vec::new();
    let page_right = rows
        .iter()
        .flat_map(|r| r.iter().map(|g| g.x + g.w))
        .fold(0.0f32, f32::max);
    for row in &rows {
        let mut row = row.clone();
        row.sort_by(|a, b| a.x.total_cmp(&b.x));
        let best = row
            .windows(2)
            .map(|w| (w[0].x + w[0].w, w[1].x, w[1].size))
            .filter(|&(a, b, size)| b - a >= size && b > lo && b < hi)
            .max_by(|x, y| (x.1 - x.0).total_cmp(&(y.1 - y.0)));
        let end = row.last().map_or(0.0, |g| g.x + g.w);
        if let Some((a, b, _)) = best {
            gaps.push((a, b));
            runs.push(end - b);
        } else if row[0].x > lo && row[0].x < hi {
            // Only the right column on this baseline (the columns' lines need not
            // share baselines).
            gaps.push((f32::NAN, row[0].x));
            runs.push(end - row[0].x);
        }
    }
    if gaps.len() < 4 || gaps.len() * 10 < rows.len() * 3 {
        return None;
    }
    let mut starts: Vec<f32> = gaps.iter().map(|g| g.1).collect();
    starts.sort_by(f32::total_cmp);
    let right = starts[starts.len() / 2];
    let agreeing: Vec<&(f32, f32)> = gaps.iter().filter(|g| (g.1 - right).abs() < 3.0).collect();
    if agreeing.len() * 10 < gaps.len() * 6 {
        return None;
    }
    // A column of prose runs most of the way to the right margin; the right column
    // of a table ("60 K") does not.
    runs.sort_by(f32::total_cmp);
    if runs[runs.len() / 2] < 0.6 * (page_right - right) {
        return None;
    }
    let left = agreeing
        .iter()
        .map(|g| g.0)
        .filter(|a| a.is_finite())
        .fold(right - 6.0, f32::max);
    (right - left >= 4.0).then_some((left, right))
}

/// Glyphs grouped by baseline, top to bottom (not yet sorted within a row).
fn rows_of(mut glyphs: Vec<&Glyph>) -> Vec<Vec<&Glyph>> {
    glyphs.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
    let mut rows: Vec<Vec<&Glyph>> = Vec::new();
    for g in glyphs {
        match rows.last_mut() {
            // Same baseline within 40 % of the size (superscripts stay on their line).
            Some(row) if (row[0].y - g.y).abs() <= 0.4 * row[0].size.max(g.size) => row.push(g),
            _ => rows.push(vec![g]),
        }
    }
    rows
}

fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}'
        | '\u{20000}'..='\u{2FFFF}')
}

fn is_thai(c: char) -> bool {
    ('\u{0E00}'..='\u{0E7F}').contains(&c)
}

/// Thai in the order Unicode stores it: glyphs are drawn tone mark first when the
/// mark sits above a vowel sign, and SARA AM may be drawn as NIKHAHIT + SARA AA.
pub(super) fn thai_order(text: &str) -> String {
    if !text.chars().any(is_thai) {
        return text.to_string();
    }
    let tone = |c: char| ('\u{0E48}'..='\u{0E4C}').contains(&c);
    let vowel = |c: char| matches!(c, '\u{0E31}' | '\u{0E34}'..='\u{0E3A}' | '\u{0E47}');
    let mut chars: Vec<char> = text.chars().collect();
    for i in 1..chars.len() {
        if vowel(chars[i]) && tone(chars[i - 1]) {
            chars.swap(i - 1, i);
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '\u{0E4D}' && chars.get(i + 1) == Some(&'\u{0E32}') {
            out.push('\u{0E33}');
            i += 2;
            continue;
        }
        // NIKHAHIT, tone mark, SARA AA: the tone mark belongs before SARA AM.
        if chars[i] == '\u{0E4D}'
            && chars.get(i + 1).is_some_and(|&c| tone(c))
            && chars.get(i + 2) == Some(&'\u{0E32}')
        {
            out.push(chars[i + 1]);
            out.push('\u{0E33}');
            i += 3;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// Glyphs of one region → lines, top to bottom.
fn group(glyphs: Vec<&Glyph>, column: usize) -> Vec<Line> {
    rows_of(glyphs)
        .into_iter()
        .filter_map(|mut row| {
            row.sort_by(|a, b| a.x.total_cmp(&b.x));
            line_of(&row, column)
        })
        .collect()
}

/// Whether a space glyph lies over a visible glyph: text filled in over blanks (a
/// number written into a form field or a signature over `số    /2026`) replaces them.
fn covered(row: &[&Glyph], i: usize) -> bool {
    let g = row[i];
    let (a0, a1) = (g.x, g.x + g.w.max(0.1));
    row.iter().any(|o| {
        !o.space && {
            let overlap = a1.min(o.x + o.w) - a0.max(o.x);
            overlap > 0.3 * g.w.min(o.w).max(0.1)
        }
    })
}

/// The gap (in ems) above which two glyphs are separate words. Ideographs and Thai
/// take no spaces (justified and letter-spaced lines spread them), except the wide
/// gap between title elements; digits set in full-width cells stand apart without
/// being separate numbers; nothing stands before closing punctuation or after an
/// opening bracket.
fn word_gap(prev: Option<char>, next: Option<char>) -> f32 {
    let (Some(p), Some(n)) = (prev, next) else {
        return 0.2;
    };
    let tight = |c: char| is_cjk(c) || is_thai(c);
    if tight(p) && tight(n) {
        1.0
    } else if ",.;:!?)]}%—".contains(n) || "([{—".contains(p) || (p == '.' && n.is_ascii_digit())
    {
        0.6
    } else if p.is_ascii_digit() && n.is_ascii_digit() {
        0.45
    } else {
        0.2
    }
}

fn line_of(row: &[&Glyph], column: usize) -> Option<Line> {
    let blanks_covered: Vec<bool> = (0..row.len())
        .map(|i| row[i].space && covered(row, i))
        .collect();
    let row: Vec<&Glyph> = row
        .iter()
        .zip(&blanks_covered)
        .filter(|(_, c)| !**c)
        .map(|(g, _)| *g)
        .collect();
    let row = row.as_slice();
    let mut text = String::new();
    let mut end: Option<f32> = None;
    let mut last: Option<&Glyph> = None;
    let mut sizes: Vec<f32> = Vec::new();
    let (mut bold, mut total) = (0usize, 0usize);
    for g in row {
        // The same glyph drawn twice (a fake bold) is one glyph.
        if let Some(p) = last
            && p.text == g.text
            && (p.x - g.x).abs() < 0.15 * g.size
            && (p.y - g.y).abs() < 0.15 * g.size
        {
            continue;
        }
        if g.space {
            if !text.is_empty() && !text.ends_with(' ') {
                text.push(' ');
            }
            end = Some(g.x + g.w);
            last = Some(g);
            continue;
        }
        if let Some(e) = end {
            let gap = g.x - e;
            let prev = text.chars().next_back();
            let next = g.text.chars().next();
            if gap > 1.5 * g.size && !text.trim_end().is_empty() {
                let trimmed = text.trim_end().len();
                text.truncate(trimmed);
                text.push_str(" | ");
            } else if gap > word_gap(prev, next) * g.size && prev.is_some_and(|c| c != ' ') {
                text.push(' ');
            }
        }
        text.push_str(&g.text);
        end = Some(g.x + g.w);
        last = Some(g);
        sizes.push(g.size);
        total += 1;
        if g.bold {
            bold += 1;
        }
    }
    let text = thai_order(text.trim());
    if text.is_empty() {
        return None;
    }
    sizes.sort_by(f32::total_cmp);
    let first = row.iter().find(|g| !g.space)?;
    let last = row.iter().rev().find(|g| !g.space)?;
    Some(Line {
        text,
        x0: first.x,
        x1: last.x + last.w,
        y: first.y,
        size: sizes[sizes.len() / 2],
        bold: bold * 2 > total,
        column,
        column_right: 0.0,
        column_left: 0.0,
        conf: None,
    })
}

#[cfg(test)]
mod tests {
    use super::thai_order;

    #[test]
    fn thai_marks_come_back_in_storage_order() {
        assert_eq!(thai_order("ท\u{0E48}\u{0E35}"), "ที่");
        assert_eq!(thai_order("ท\u{0E4D}\u{0E32}"), "ทำ");
        assert_eq!(thai_order("ก\u{0E4D}\u{0E49}\u{0E32}"), "ก้ำ");
        assert_eq!(thai_order("plain"), "plain");
    }
}

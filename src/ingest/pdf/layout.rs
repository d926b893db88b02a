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
}

/// Share of the page height at the top and bottom where running headers and footers
/// live (kept out of column detection).
pub const MARGIN_BAND: f32 = 0.09;

/// The lines of a page in reading order.
pub fn lines(page: &PageGlyphs) -> Vec<Line> {
    let glyphs: Vec<&Glyph> = page
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
    let mut out: Vec<Line> = Vec::new();
    let mut bands: Vec<usize> = Vec::new();
    let mut emit = |region: Vec<&Glyph>, column: usize, band: bool, out: &mut Vec<Line>| {
        let mut region_lines = group(region, column);
        if let (Some(left), Some(right)) = (
            percentile(region_lines.iter().map(|l| l.x0), 0.1),
            percentile(region_lines.iter().map(|l| l.x1), 0.9),
        ) {
            for l in &mut region_lines {
                l.column_left = left;
                l.column_right = right;
            }
        }
        if band {
            bands.extend(out.len()..out.len() + region_lines.len());
        }
        out.extend(region_lines);
    };
    emit(head, 0, true, &mut out);
    match gutter {
        None => emit(body, 0, false, &mut out),
        Some((g0, g1)) => {
            // Starts are exact: a row crosses when a glyph starts inside the gutter.
            let crosses = |g: &Glyph| !g.space && g.x > g0 + 1.0 && g.x < g1 - 1.0;
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
/// The empty vertical band in the middle of the page that body text on both sides
/// respects: a two-column page. A few rows may cross it (headings, wide tables).
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
    let rows = rows_of(body.clone());
    let bins = width.max(1.0).ceil() as usize + 1;
    // Rows touching each point across the page.
    let mut used = vec![0usize; bins];
    for row in &rows {
        let mut touched = vec![false; bins];
        for g in row {
            // Starts are exact; widths are estimates where a font lists none, so a
            // glyph claims at most half an em.
            let a = (g.x.max(0.0) as usize).min(bins - 1);
            let b = ((g.x + g.w.min(0.5 * g.size)).max(0.0) as usize).min(bins - 1);
            for t in touched.iter_mut().take(b + 1).skip(a) {
                *t = true;
            }
        }
        for (u, t) in used.iter_mut().zip(touched) {
            *u += usize::from(t);
        }
    }
    let (lo, hi) = ((width * 0.3) as usize, (width * 0.7) as usize);
    let widest = |allowed: usize| {
        let mut best: Option<(usize, usize)> = None;
        let mut start = None;
        let end = hi.min(bins - 1);
        for (x, &n) in used.iter().enumerate().take(end + 1).skip(lo) {
            let free = n <= allowed && x < end;
            match (free, start) {
                (true, None) => start = Some(x),
                (false, Some(s)) => {
                    if best.is_none_or(|(a, b)| x - s > b - a) {
                        best = Some((s, x));
                    }
                    start = None;
                }
                _ => {}
            }
        }
        best.filter(|(a, b)| b - a >= 8)
    };
    // A clean gutter first; else one that a few spanning rows cross.
    let (a, b) = widest(0).or_else(|| widest(rows.len() / 6))?;
    let mid = (a + b) as f32 / 2.0;
    let left = body.iter().filter(|g| g.x + g.w / 2.0 < mid).count();
    let right = body.len() - left;
    (left * 5 >= body.len() && right * 5 >= body.len()).then_some((a as f32, b as f32))
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
fn thai_order(text: &str) -> String {
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

fn line_of(row: &[&Glyph], column: usize) -> Option<Line> {
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
            if gap > 2.5 * g.size && !text.trim_end().is_empty() {
                let trimmed = text.trim_end().len();
                text.truncate(trimmed);
                text.push_str(" | ");
            } else if gap > 0.2 * g.size
                && prev.is_some_and(|c| c != ' ')
                && !(prev.is_some_and(|c| is_cjk(c) || is_thai(c))
                    && next.is_some_and(|c| is_cjk(c) || is_thai(c))
                    && gap < 0.6 * g.size)
            {
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

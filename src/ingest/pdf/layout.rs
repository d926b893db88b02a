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

    // Regions in reading order: header band, columns, footer band.
    let mut regions: Vec<(usize, Vec<&Glyph>)> = vec![(0, Vec::new()); 4];
    for g in &glyphs {
        let slot = if g.y >= top {
            0
        } else if g.y <= bottom {
            3
        } else if gutter.is_some_and(|x| g.x + g.w / 2.0 > x) {
            2
        } else {
            1
        };
        regions[slot].1.push(g);
    }
    regions[2].0 = 1;
    let mut out: Vec<Line> = Vec::new();
    let mut bands: Vec<usize> = Vec::new();
    for (slot, (column, region)) in regions.into_iter().enumerate() {
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
        if slot == 0 || slot == 3 {
            bands.extend(out.len()..out.len() + region_lines.len());
        }
        out.extend(region_lines);
    }
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
fn find_gutter(glyphs: &[&Glyph], width: f32, in_body: &dyn Fn(&Glyph) -> bool) -> Option<f32> {
    let bins = width.max(1.0).ceil() as usize + 1;
    let mut used = vec![false; bins];
    let body: Vec<&&Glyph> = glyphs.iter().filter(|g| in_body(g) && !g.space).collect();
    if body.len() < 40 {
        return None;
    }
    for g in &body {
        // Starts are exact; widths are estimates where a font lists none, so a
        // glyph claims at most half an em.
        let a = g.x.max(0.0) as usize;
        let b = ((g.x + g.w.min(0.5 * g.size)).max(0.0) as usize).min(bins - 1);
        for u in used.iter_mut().take(b + 1).skip(a.min(bins - 1)) {
            *u = true;
        }
    }
    let (lo, hi) = ((width * 0.3) as usize, (width * 0.7) as usize);
    let mut best: Option<(usize, usize)> = None;
    let mut start = None;
    for (x, u) in used.iter().enumerate().take(hi.min(bins)).skip(lo) {
        match (u, start) {
            (false, None) => start = Some(x),
            (true, Some(s)) => {
                if best.is_none_or(|(a, b)| x - s > b - a) {
                    best = Some((s, x));
                }
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        let x = hi.min(bins);
        if best.is_none_or(|(a, b)| x - s > b - a) {
            best = Some((s, x));
        }
    }
    let (a, b) = best?;
    if b - a < 8 {
        return None;
    }
    let mid = (a + b) as f32 / 2.0;
    let left = body.iter().filter(|g| g.x < mid).count();
    let right = body.len() - left;
    (left * 5 >= body.len() && right * 5 >= body.len()).then_some(mid)
}

fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}'
        | '\u{20000}'..='\u{2FFFF}')
}

fn is_thai(c: char) -> bool {
    ('\u{0E00}'..='\u{0E7F}').contains(&c)
}

/// Glyphs of one region → lines, top to bottom.
fn group(mut glyphs: Vec<&Glyph>, column: usize) -> Vec<Line> {
    glyphs.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
    let mut rows: Vec<Vec<&Glyph>> = Vec::new();
    for g in glyphs {
        match rows.last_mut() {
            // Same baseline within 40 % of the size (superscripts and Thai marks stay).
            Some(row) if (row[0].y - g.y).abs() <= 0.4 * row[0].size.max(g.size) => row.push(g),
            _ => rows.push(vec![g]),
        }
    }
    rows.into_iter()
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
    let text = text.trim().to_string();
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

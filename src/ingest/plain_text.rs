//! Plain text from XML character data: layout white space removed, CJK and Thai
//! line wrapping undone, one line per block (paragraph, list item, note, table row),
//! table cells joined by ` | `. Kept apart from the STS walker so the rules of
//! "what the text of a clause is" live in one place.

/// Collapses white space in a short field (label, title, metadata value).
pub(super) fn clean(s: &str) -> String {
    let mut buf = TextBuf::default();
    buf.push(s);
    buf.finish().replace('\n', " ")
}

/// Digits and signs as superscripts (`-2` → `⁻²`), as units print exponents.
pub(crate) fn superscript(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0' => '⁰',
            '1' => '¹',
            '2' => '²',
            '3' => '³',
            '4' => '⁴',
            '5' => '⁵',
            '6' => '⁶',
            '7' => '⁷',
            '8' => '⁸',
            '9' => '⁹',
            '-' | '−' => '⁻',
            '+' => '⁺',
            c => c,
        })
        .collect()
}

/// Text accumulated in reading order with XML layout white space removed: runs of
/// XML white space (space, tab, CR, LF: the `S` production; an ideographic or
/// no-break space is content) become one space, line breaks of the source between two CJK or Thai
/// characters vanish (they are only wrapping), and block elements start new lines.
#[derive(Default)]
pub(super) struct TextBuf {
    out: String,
    pending_space: bool,
    pending_newline_in_space: bool,
    line_has_cells: bool,
    /// The current line so far holds only a label ("NOTE", "a)"): the next block
    /// continues it instead of starting a new line.
    label_only: bool,
}

impl TextBuf {
    pub(super) fn len(&self) -> usize {
        self.out.len()
    }

    pub(super) fn since(&self, start: usize) -> String {
        self.out.get(start..).unwrap_or("").to_string()
    }

    pub(super) fn push(&mut self, s: &str) {
        let mut rest = s;
        while !rest.is_empty() {
            // Copy a run without white space in one go; handle spaces one by one.
            let run = rest
                .bytes()
                .position(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
                .unwrap_or(rest.len());
            if run > 0 {
                let (word, tail) = rest.split_at(run);
                self.push_word(word);
                rest = tail;
                continue;
            }
            // An ASCII white-space byte: one byte long.
            self.pending_space = true;
            if rest.as_bytes()[0] == b'\n' {
                self.pending_newline_in_space = true;
            }
            rest = &rest[1..];
        }
    }

    fn push_word(&mut self, word: &str) {
        if self.pending_space {
            let first = word.chars().next().expect("non-empty run");
            let skip = match self.out.chars().next_back() {
                None | Some('\n') | Some(' ') => true,
                Some(l) => self.pending_newline_in_space && is_unspaced(l) && is_unspaced(first),
            };
            if !skip {
                self.out.push(' ');
            }
            self.pending_space = false;
            self.pending_newline_in_space = false;
        }
        if word.contains('\u{a0}') {
            self.out.push_str(&word.replace('\u{a0}', " "));
        } else {
            self.out.push_str(word);
        }
        self.label_only = false;
    }

    pub(super) fn block(&mut self) {
        self.pending_space = false;
        self.pending_newline_in_space = false;
        self.line_has_cells = false;
        if self.label_only {
            // "NOTE" + paragraph → "NOTE text" on one line.
            if !self.out.ends_with(' ') && !self.out.ends_with('\n') && !self.out.is_empty() {
                self.out.push(' ');
            }
            self.label_only = false;
            return;
        }
        while self.out.ends_with(' ') {
            self.out.pop();
        }
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
    }

    pub(super) fn label_end(&mut self) {
        let line_start = self.out.rfind('\n').map(|i| i + 1).unwrap_or(0);
        self.label_only = self.out.len() > line_start;
        if self.label_only && !self.out.ends_with(' ') {
            self.pending_space = true;
        }
    }

    pub(super) fn cell(&mut self) {
        if self.line_has_cells {
            while self.out.ends_with(' ') {
                self.out.pop();
            }
            self.out.push_str(" | ");
            self.pending_space = false;
        }
        self.line_has_cells = true;
    }

    pub(super) fn space(&mut self) {
        self.pending_space = true;
    }

    pub(super) fn finish(mut self) -> String {
        while self.out.ends_with(['\n', ' ']) {
            self.out.pop();
        }
        self.out
            .lines()
            .map(|l| l.trim().trim_end_matches(" |"))
            .filter(|l| !l.is_empty() && *l != "|")
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Scripts written without spaces between words, where a source line break is only
/// wrapping.
pub(super) fn is_unspaced(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}'
        | '\u{0E00}'..='\u{0E7F}')
}

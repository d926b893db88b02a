//! NISO STS / ISO STS XML to a [`Standard`], in one streaming pass over quick-xml
//! events (no DOM), so parse speed is bounded by the reader, not by tree building.
//!
//! Identity comes from the first metadata block (`std-meta`, `nat-meta`, `reg-meta`,
//! `iso-meta`): in a national adoption the national front matter wraps the adopted
//! text, so every later metadata block names a standard that this one adopts.
//! Clauses are `sec`, `term-sec` and `app` elements; their own text (paragraphs,
//! lists, notes, table rows) is collected in reading order, their sub-clauses become
//! clauses of their own. Entities are resolved by [`super::entities`], never from an
//! external DTD.

use super::entities::{EXPANSION_LIMIT, Entities, EntityError, html_entity};
use super::headings::kind_from_heading;
use super::plain_text::{TextBuf, clean, superscript};
use super::refs::{body_and_country, find_references, originator_of, tidy, year_of};
use super::{ParseOptions, Reason, adoption};
use crate::model::{
    Adoption, Clause, ClauseKind, Degree, Source, Standard, StandardInfo, annex_key,
    fold_reference, normalize_reference,
};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// Longest clause key kept. Keys are copied into every child (as its parent) and
/// into every clause id, so a key that grows with depth costs memory quadratic in
/// it: a 250-deep chain of unlabelled sections once generated keys of 253 bytes on
/// average, 100 times the input. Printed numbers and ids stay far below.
pub(super) const MAX_KEY_LEN: usize = 64;

/// Parses decoded STS text. `path` supplies a fallback reference (the file stem) for
/// documents whose metadata is empty, as in some test documents. `options` gives
/// the clause and depth limits.
pub(super) fn parse(
    text: &str,
    path: &Path,
    source: Source,
    options: &ParseOptions,
) -> Result<Standard, Reason> {
    let mut parser = Parser::new(text);
    parser.max_depth = options.max_depth;
    parser.max_clauses = options.max_clauses;
    parser.run()?;
    parser.finish(path, source)
}

/// What a `sec`-like element is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Container {
    Sec,
    TermSec,
    App,
    RefList,
}

/// A clause being read.
struct ClauseFrame {
    container: Container,
    /// Element depth at which it was opened.
    depth: usize,
    /// Index of its slot in `Parser::clauses`.
    slot: usize,
    id: Option<String>,
    sec_type: Option<String>,
    label: Option<String>,
    title: Option<String>,
    key: Option<String>,
    kind: Option<ClauseKind>,
    lang: String,
    text: TextBuf,
    references: Vec<String>,
    terms: Vec<(Option<String>, String)>,
    children: usize,
    in_front: bool,
}

/// Where character data currently goes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Target {
    /// The innermost clause's text.
    Body,
    /// The innermost clause's label.
    Label,
    /// The innermost clause's title.
    Title,
    /// A metadata field (kept in `capture`).
    Meta,
    /// A TBX term.
    Term,
    /// Dropped.
    Skip,
}

/// One metadata block.
#[derive(Default, Debug)]
struct Meta {
    titles: BTreeMap<String, TitleParts>,
    originator: Option<String>,
    doc_number: Option<String>,
    part_number: Option<String>,
    version: Option<String>,
    language: Option<String>,
    dated: Option<String>,
    other_refs: Vec<(Option<String>, String)>,
    ics: Vec<String>,
    release_year: Option<i32>,
    xrefs: Vec<(Option<String>, Option<String>, String)>,
}

#[derive(Default, Debug)]
struct TitleParts {
    intro: String,
    main: String,
    compl: String,
    full: String,
}

struct Open<'a> {
    /// Qualified name, borrowed from the document text.
    name: &'a str,
    target: Target,
    line_offset: usize,
}

struct Parser<'a> {
    text: &'a str,
    reader: Reader<&'a [u8]>,
    entities: Entities,
    stack: Vec<Open<'a>>,
    frames: Vec<ClauseFrame>,
    clauses: Vec<Option<Clause>>,
    metas: Vec<Meta>,
    /// Element depth of the open metadata block, if any.
    meta_depth: Option<usize>,
    /// Text of the label, title, term or metadata field being read.
    capture: String,
    /// Element depth of the label/title/term whose text `capture` holds.
    capture_owner: Option<usize>,
    /// xml:lang values in scope, with their element depth.
    langs: Vec<(usize, String)>,
    /// Open `std` / `std-ref` citation: where it starts in the clause text.
    citation: Option<(usize, usize)>,
    /// Open `std-xref` in metadata: (type, specific-use, text).
    xref: Option<(Option<String>, Option<String>, String)>,
    /// `type` (or `latin`) of the `std-ref` being read in metadata.
    std_ref_type: Option<String>,
    root_seen: bool,
    /// Where the document type declaration starts, once read.
    doctype_at: Option<usize>,
    top_children: usize,
    in_sup: usize,
    /// [`ParseOptions::max_depth`].
    max_depth: usize,
    /// [`ParseOptions::max_clauses`].
    max_clauses: usize,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Parser<'a> {
        let mut reader = Reader::from_str(text);
        reader.config_mut().check_end_names = true;
        Parser {
            text,
            reader,
            entities: Entities::default(),
            stack: Vec::new(),
            frames: Vec::new(),
            clauses: Vec::new(),
            metas: Vec::new(),
            meta_depth: None,
            capture: String::new(),
            capture_owner: None,
            langs: Vec::new(),
            citation: None,
            xref: None,
            std_ref_type: None,
            root_seen: false,
            doctype_at: None,
            top_children: 0,
            in_sup: 0,
            max_depth: super::MAX_DEPTH,
            max_clauses: super::MAX_CLAUSES,
        }
    }

    fn line_at(&self, offset: usize) -> usize {
        let end = offset.min(self.text.len());
        self.text.as_bytes()[..end]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1
    }

    fn line(&self) -> usize {
        self.line_at(self.reader.buffer_position() as usize)
    }

    fn truncated(&self) -> Option<Reason> {
        self.stack.last().map(|open| Reason::Truncated {
            element: open.name.to_string(),
            line: self.line_at(open.line_offset),
        })
    }

    fn run(&mut self) -> Result<(), Reason> {
        loop {
            let offset = self.reader.buffer_position() as usize;
            let event = match self.reader.read_event() {
                Ok(e) => e,
                Err(err) => {
                    let at = self.reader.error_position() as usize;
                    // quick-xml's syntax errors are all "unclosed …" at the end of
                    // input: with elements still open, the file was cut short.
                    if let (quick_xml::Error::Syntax(_), Some(t)) = (&err, self.truncated()) {
                        return Err(t);
                    }
                    return Err(Reason::Malformed {
                        line: self.line_at(at),
                        message: err.to_string(),
                    });
                }
            };
            match event {
                Event::Start(e) => self.start(&e, offset)?,
                Event::Empty(e) => {
                    self.start(&e, offset)?;
                    self.end();
                }
                Event::End(_) => self.end(),
                Event::Text(t) => {
                    let s = t.xml10_content().into_owned();
                    self.push_text(&s);
                }
                Event::CData(t) => {
                    let s = t.to_string();
                    self.push_text(&s);
                }
                Event::GeneralRef(r) => {
                    let mut out = String::new();
                    if r.is_char_ref() {
                        match r.resolve_char_ref() {
                            Ok(Some(c)) => out.push(c),
                            _ => {
                                return Err(Reason::Malformed {
                                    line: self.line(),
                                    message: format!("invalid character reference &{};", &*r),
                                });
                            }
                        }
                    } else {
                        let name = r.xml10_content().into_owned();
                        if let Err(e) = self.entities.resolve(&name, &mut out) {
                            // Counting lines scans the text: only on the error path.
                            let line = self.line();
                            return Err(match e {
                                EntityError::Undefined(name) => {
                                    Reason::UndefinedEntity { name, line }
                                }
                                EntityError::External(name) => {
                                    Reason::ExternalEntity { name, line }
                                }
                                EntityError::Limit => Reason::EntityLimit {
                                    line,
                                    limit: EXPANSION_LIMIT,
                                },
                            });
                        }
                    }
                    self.push_text(&out);
                }
                Event::DocType(d) => {
                    // A later declaration must not redefine the entities of the first
                    // (nor come inside the document it declares).
                    if let Some(first) = self.doctype_at {
                        return Err(Reason::SecondDoctype {
                            line: self.line_at(offset),
                            first: self.line_at(first),
                        });
                    }
                    if self.root_seen {
                        return Err(Reason::Malformed {
                            line: self.line_at(offset),
                            message: "<!DOCTYPE> after the root element has begun".into(),
                        });
                    }
                    self.doctype_at = Some(offset);
                    self.entities = Entities::from_doctype(&d);
                }
                Event::Eof => {
                    if let Some(t) = self.truncated() {
                        return Err(t);
                    }
                    if !self.root_seen {
                        return Err(Reason::UnknownFormat);
                    }
                    return Ok(());
                }
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            }
        }
    }

    fn start(&mut self, e: &BytesStart<'a>, offset: usize) -> Result<(), Reason> {
        // The name follows '<' at the event's offset; slicing it from the input
        // avoids an allocation per element.
        let len = e.name().as_ref().len();
        let text: &'a str = self.text;
        let qname: &'a str = match text.get(offset + 1..offset + 1 + len) {
            Some(n) if n == e.name().as_ref() => n,
            _ => {
                return Err(Reason::Malformed {
                    line: self.line_at(offset),
                    message: "unreadable element name".into(),
                });
            }
        };
        let name = local(qname);
        let depth = self.stack.len();
        if depth >= self.max_depth {
            return Err(Reason::TooDeep {
                line: self.line_at(offset),
                limit: self.max_depth,
            });
        }
        if !self.root_seen {
            if name != "standard" && name != "adoption" {
                return Err(Reason::UnknownRoot(qname.to_string()));
            }
            self.root_seen = true;
        }
        if let Some(lang) = attr(e, "xml:lang") {
            self.langs.push((depth, primary_lang(&lang)));
        }
        if name == "sup" {
            self.in_sup += 1;
        }
        let parent = self.stack.last().map(|o| o.target).unwrap_or(Target::Skip);
        let target = if self.meta_depth.is_some() {
            self.meta_start(e, name);
            Target::Meta
        } else {
            match name {
                "std-meta" | "iso-meta" | "nat-meta" | "reg-meta" if self.frames.is_empty() => {
                    self.meta_depth = Some(depth);
                    self.metas.push(Meta {
                        originator: attr(e, "originator"),
                        ..Meta::default()
                    });
                    Target::Meta
                }
                "sec" | "term-sec" | "app" if parent == Target::Body || self.frames.is_empty() => {
                    let container = match name {
                        "sec" => Container::Sec,
                        "term-sec" => Container::TermSec,
                        _ => Container::App,
                    };
                    self.open_clause(e, container, depth)?;
                    Target::Body
                }
                "ref-list" if self.frames.is_empty() && parent == Target::Skip => {
                    self.open_clause(e, Container::RefList, depth)?;
                    Target::Body
                }
                _ => self.content_start(e, name, depth, parent),
            }
        };
        self.stack.push(Open {
            name: qname,
            target,
            line_offset: offset,
        });
        Ok(())
    }

    /// Handles an element inside clause content and says where its text goes.
    fn content_start(
        &mut self,
        e: &BytesStart,
        name: &str,
        depth: usize,
        parent: Target,
    ) -> Target {
        if parent != Target::Body {
            // Inline markup inside a label/title/term keeps capturing; skipped stays skipped.
            return parent;
        }
        let Some(frame) = self.frames.last_mut() else {
            return Target::Skip;
        };
        let direct = frame.depth + 1 == depth && frame.children == 0;
        let capture = match name {
            "label" if direct && frame.label.is_none() => Some(Target::Label),
            "title" if direct && frame.title.is_none() => Some(Target::Title),
            "term" if e.name().as_ref().starts_with("tbx:") => Some(Target::Term),
            _ => None,
        };
        if let Some(t) = capture {
            self.capture.clear();
            self.capture_owner = Some(depth);
            return t;
        }
        match name {
            "p"
            | "list-item"
            | "non-normative-note"
            | "non-normative-example"
            | "tr"
            | "row"
            | "caption"
            | "disp-formula"
            | "preformat"
            | "def-item"
            | "fn"
            | "ref"
            | "annex-type"
            | "definition"
            | "note"
            | "example"
            | "source"
            | "table-wrap-foot"
            | "array"
            | "title"
            | "label" => frame.text.block(),
            "td" | "th" | "entry" => frame.text.cell(),
            "break" => frame.text.space(),
            "std" | "std-ref" if self.citation.is_none() => {
                self.citation = Some((frame.text.len(), depth));
            }
            "graphic" | "inline-graphic" | "alt-text" | "permissions" | "custom-meta-group"
            | "object-id" => return Target::Skip,
            _ => {}
        }
        Target::Body
    }

    fn meta_start(&mut self, e: &BytesStart, name: &str) {
        self.capture.clear();
        match name {
            "std-xref" => {
                self.xref = Some((attr(e, "type"), attr(e, "specific-use"), String::new()))
            }
            "std-ref" => {
                self.std_ref_type = if attr(e, "specific-use").as_deref() == Some("latin") {
                    Some("latin".into())
                } else {
                    attr(e, "type")
                };
            }
            _ => {}
        }
    }

    /// Opens a clause, or refuses one past [`ParseOptions::max_clauses`].
    fn open_clause(
        &mut self,
        e: &BytesStart,
        container: Container,
        depth: usize,
    ) -> Result<(), Reason> {
        if self.clauses.len() >= self.max_clauses {
            return Err(Reason::TooManyClauses {
                limit: self.max_clauses,
            });
        }
        // The parent's key and kind must be known before its first child.
        if let Some(idx) = self.frames.len().checked_sub(1) {
            self.resolve(idx);
            self.frames[idx].children += 1;
        } else {
            self.top_children += 1;
        }
        let lang = self
            .langs
            .last()
            .map(|(_, l)| l.clone())
            .unwrap_or_default();
        let in_front = self.in_front();
        let slot = self.clauses.len();
        self.clauses.push(None);
        self.frames.push(ClauseFrame {
            container,
            depth,
            slot,
            id: attr(e, "id"),
            sec_type: attr(e, "sec-type").or_else(|| attr(e, "content-type")),
            label: None,
            title: None,
            key: None,
            kind: None,
            lang,
            text: TextBuf::default(),
            references: Vec::new(),
            terms: Vec::new(),
            children: 0,
            in_front,
        });
        Ok(())
    }

    /// Whether the nearest enclosing part of the document is front matter.
    fn in_front(&self) -> bool {
        self.stack
            .iter()
            .rev()
            .map(|o| local(o.name))
            .find(|n| matches!(*n, "front" | "adoption-front" | "body" | "back"))
            .is_some_and(|n| n != "body" && n != "back")
    }

    fn push_text(&mut self, s: &str) {
        let target = self.stack.last().map(|o| o.target).unwrap_or(Target::Skip);
        let converted;
        let s = if self.in_sup > 0 {
            converted = superscript(s);
            converted.as_str()
        } else {
            s
        };
        match target {
            Target::Skip => {}
            Target::Meta => {
                self.capture.push_str(s);
                if let Some(x) = self.xref.as_mut() {
                    x.2.push_str(s);
                }
            }
            Target::Label | Target::Title | Target::Term => self.capture.push_str(s),
            Target::Body => {
                if let Some(frame) = self.frames.last_mut() {
                    frame.text.push(s);
                }
            }
        }
    }

    fn end(&mut self) {
        let Some(open) = self.stack.pop() else {
            return;
        };
        let depth = self.stack.len();
        let name = local(open.name);
        if name == "sup" {
            self.in_sup = self.in_sup.saturating_sub(1);
        }
        if self.meta_depth == Some(depth) {
            self.meta_depth = None;
        } else if self.meta_depth.is_some() {
            self.meta_end(name);
        } else if self.capture_owner == Some(depth) {
            self.capture_owner = None;
            let value = clean(&self.capture);
            let lang = self.langs.last().map(|(_, l)| l.clone());
            if let Some(f) = self.frames.last_mut() {
                match open.target {
                    Target::Label => f.label = Some(value),
                    Target::Title => f.title = Some(value),
                    _ if !value.is_empty() => f.terms.push((lang, value)),
                    _ => {}
                }
            }
        } else if open.target == Target::Body {
            if self.frames.last().is_some_and(|f| f.depth == depth) {
                self.close_clause();
            } else {
                self.content_end(name, depth);
            }
        }
        while self.langs.last().is_some_and(|(d, _)| *d >= depth) {
            self.langs.pop();
        }
    }

    fn content_end(&mut self, name: &str, depth: usize) {
        let Some(frame) = self.frames.last_mut() else {
            return;
        };
        match name {
            "p"
            | "list-item"
            | "non-normative-note"
            | "non-normative-example"
            | "tr"
            | "row"
            | "caption"
            | "disp-formula"
            | "preformat"
            | "def-item"
            | "fn"
            | "ref"
            | "annex-type"
            | "definition"
            | "note"
            | "example"
            | "source"
            | "table-wrap"
            | "table"
            | "list"
            | "table-wrap-foot"
            | "array"
            | "title" => frame.text.block(),
            "label" => frame.text.label_end(),
            "std" | "std-ref" if self.citation.is_some_and(|(_, d)| d == depth) => {
                let (start, _) = self.citation.take().expect("checked");
                let cited = frame.text.since(start);
                let found = find_references(&cited);
                // A citation the pattern does not know (`IETF RFC 2396`) is kept as
                // printed when it is short enough to be a reference.
                let refs = match (found.is_empty(), tidy(&cited)) {
                    (true, t) if t.chars().count() <= 40 => vec![t],
                    (true, _) => Vec::new(),
                    (false, _) => found,
                };
                for r in refs {
                    if !r.is_empty() && !frame.references.contains(&r) {
                        frame.references.push(r);
                    }
                }
            }
            _ => {}
        }
    }

    fn meta_end(&mut self, name: &str) {
        let value = clean(&self.capture);
        self.capture.clear();
        let lang = self
            .langs
            .last()
            .map(|(_, l)| l.clone())
            .unwrap_or_default();
        let Some(meta) = self.metas.last_mut() else {
            return;
        };
        match name {
            "intro" | "main" | "compl" | "full" => {
                let parts = meta.titles.entry(lang).or_default();
                *match name {
                    "intro" => &mut parts.intro,
                    "main" => &mut parts.main,
                    "compl" => &mut parts.compl,
                    _ => &mut parts.full,
                } = value;
            }
            _ if value.is_empty() && name != "std-xref" => {}
            "originator" => meta.originator = Some(value),
            "doc-number" => meta.doc_number = Some(value),
            "part-number" => meta.part_number = Some(value),
            "version" => meta.version = Some(value),
            "content-language" => {
                meta.language.get_or_insert(primary_lang(&value));
            }
            "ics" => meta.ics.push(value),
            "release-date" => {
                if let Some(y) = value.get(..4).and_then(|y| y.parse().ok()) {
                    meta.release_year.get_or_insert(y);
                }
            }
            "std-ref" => {
                if let Some(x) = self.xref.as_mut() {
                    x.2 = value;
                } else {
                    match self.std_ref_type.take() {
                        Some(t) if t == "dated" && meta.dated.is_none() => meta.dated = Some(value),
                        kind => meta.other_refs.push((kind, value)),
                    }
                }
            }
            "std-xref" => {
                if let Some((kind, specific_use, text)) = self.xref.take() {
                    meta.xrefs.push((kind, specific_use, clean(&text)));
                }
            }
            _ => {}
        }
    }

    /// Fixes a clause's key and kind from its label, id, sec-type and parent.
    fn resolve(&mut self, idx: usize) {
        if self.frames[idx].key.is_some() {
            return;
        }
        let parent = idx.checked_sub(1).map(|p| &self.frames[p]);
        let parent_key = parent.and_then(|p| p.key.clone());
        let parent_kind = parent.and_then(|p| p.kind);
        let position = parent.map(|p| p.children).unwrap_or(self.top_children);
        let frame = &self.frames[idx];
        let label = frame
            .label
            .as_deref()
            .map(str::trim)
            .filter(|l| !l.is_empty());
        let printed = match (label, &frame.id, &frame.sec_type) {
            (Some(l), _, _) => Some(annex_key(l.trim_end_matches(['.', '。']))),
            (None, Some(id), _) => Some(id.clone()),
            (None, None, Some(t)) if parent_key.is_none() => Some(t.clone()),
            _ => None,
        };
        // Where there is no usable number or id, the key is the path of positions
        // (`s3/2/1`), until that grows past MAX_KEY_LEN: then the clause's number
        // in document order (`n1234`), from which its children's paths start anew.
        let key = printed
            .filter(|k| k.len() <= MAX_KEY_LEN)
            .unwrap_or_else(|| {
                let path = match &parent_key {
                    Some(p) => format!("{p}/{position}"),
                    None => format!("s{position}"),
                };
                if path.len() <= MAX_KEY_LEN {
                    path
                } else {
                    format!("n{}", frame.slot + 1)
                }
            });
        let kind = classify(frame, frame.title.as_deref(), parent_kind);
        let frame = &mut self.frames[idx];
        frame.key = Some(key);
        frame.kind = Some(kind);
    }

    fn close_clause(&mut self) {
        let idx = self.frames.len() - 1;
        self.resolve(idx);
        let parent_key = idx.checked_sub(1).and_then(|p| self.frames[p].key.clone());
        let frame = self.frames.pop().expect("a clause is open");
        let mut heading = frame.title.filter(|t| !t.is_empty());
        let mut text = frame.text.finish();
        if !frame.terms.is_empty() {
            // The term in the clause's language is the heading; equivalents in other
            // languages go to the text.
            let preferred = frame
                .terms
                .iter()
                .find(|(l, _)| l.as_deref() == Some(frame.lang.as_str()))
                .or(frame.terms.first())
                .map(|(_, t)| t.clone());
            if heading.is_none() {
                heading = preferred;
            }
            let others: Vec<&str> = frame
                .terms
                .iter()
                .map(|(_, t)| t.as_str())
                .filter(|t| Some(*t) != heading.as_deref())
                .collect();
            if !others.is_empty() {
                text = format!("{}\n{}", others.join("; "), text)
                    .trim()
                    .to_string();
            }
        }
        let mut references = frame.references;
        for r in find_references(&text) {
            if !references
                .iter()
                .any(|x| normalize_reference(x) == normalize_reference(&r))
            {
                references.push(r);
            }
        }
        self.clauses[frame.slot] = Some(Clause {
            key: frame.key.unwrap_or_default(),
            parent: parent_key,
            depth: idx as u32 + 1,
            heading,
            text,
            kind: frame.kind.unwrap_or(ClauseKind::Requirement),
            lang: frame.lang,
            references,
            ..Default::default()
        });
    }

    fn finish(self, path: &Path, source: Source) -> Result<Standard, Reason> {
        let mut clauses: Vec<Clause> = self.clauses.into_iter().flatten().collect();
        if clauses.is_empty() {
            return Err(Reason::NoClauses);
        }
        dedupe_keys(&mut clauses);
        let mut metas = self.metas.into_iter();
        let identity = metas.next().unwrap_or_default();
        let reference = reference_of(&identity).unwrap_or_else(|| {
            path.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "unnamed".into())
        });
        let mut aliases: Vec<String> = Vec::new();
        for (_, r) in &identity.other_refs {
            // Another printed form (the Latin-script `TIS … Part 1` of `มอก. … เล่ม 1`)
            // stays an alias even where lookups already treat both alike.
            if fold_reference(r) != fold_reference(&reference) && !aliases.contains(r) {
                aliases.push(r.clone());
            }
        }

        // Language: metadata, else the clauses' xml:lang, else guessed from the script.
        let lang = identity
            .language
            .clone()
            .or_else(|| {
                clauses
                    .iter()
                    .map(|c| c.lang.clone())
                    .find(|l| !l.is_empty())
            })
            .unwrap_or_else(|| guess_lang(&clauses));
        for c in &mut clauses {
            if c.lang.is_empty() {
                c.lang = lang.clone();
            }
        }

        let mut adoptions: Vec<Adoption> = Vec::new();
        let mut add = |a: Adoption| {
            let id = normalize_reference(&a.reference);
            if !adoptions
                .iter()
                .any(|x| normalize_reference(&x.reference) == id)
            {
                adoptions.push(a);
            }
        };
        for (kind, specific_use, text) in &identity.xrefs {
            if text.is_empty() || kind.as_deref().is_some_and(|k| !k.contains("adopt")) {
                continue;
            }
            let degree = specific_use
                .as_deref()
                .and_then(Degree::parse)
                .or_else(|| adoption::detect_adoptions(text).first().map(|a| a.degree))
                .unwrap_or(Degree::Idt);
            let reference = find_references(text)
                .into_iter()
                .next()
                .unwrap_or_else(|| tidy(text));
            add(Adoption { reference, degree });
        }
        // "SNI IEC 60335-1:2009" names itself with the IEC number inside: not an adoption
        // of IEC 60335-1:2009.
        let own = normalize_reference(&reference);
        let stated: Vec<Adoption> = clauses
            .iter()
            .filter(|c| matches!(c.kind, ClauseKind::Foreword | ClauseKind::Introduction))
            .flat_map(|c| adoption::detect_adoptions(&c.text))
            .filter(|a| !own.ends_with(&normalize_reference(&a.reference)))
            .collect();
        // Inner metadata blocks are the texts a national adoption wraps; their degree
        // comes from the foreword when it says one, identical otherwise.
        for inner in metas {
            let Some(r) = reference_of(&inner) else {
                continue;
            };
            if normalize_reference(&r) == normalize_reference(&reference) {
                continue;
            }
            let degree = stated
                .iter()
                .find(|a| normalize_reference(&a.reference) == normalize_reference(&r))
                .map(|a| a.degree)
                .unwrap_or(Degree::Idt);
            add(Adoption {
                reference: r,
                degree,
            });
        }
        for a in stated {
            add(a);
        }
        if let Some(a) = adoption::adoption_from_double_number(&reference) {
            add(a);
        }

        let originator = originator_of(&reference)
            .map(str::to_string)
            .or_else(|| identity.originator.clone())
            .unwrap_or_default();
        let (body, country) = match body_and_country(&originator) {
            ("", _) => identity
                .originator
                .as_deref()
                .map(body_and_country)
                .filter(|(b, _)| !b.is_empty())
                .map(|(b, c)| (b.to_string(), c.to_string()))
                .unwrap_or_else(|| (originator.clone(), String::new())),
            (b, c) => (b.to_string(), c.to_string()),
        };
        let titles = identity
            .titles
            .iter()
            .filter_map(|(l, t)| {
                let full = if t.full.is_empty() {
                    [&t.intro, &t.main, &t.compl]
                        .into_iter()
                        .filter(|s| !s.is_empty())
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(" — ")
                } else {
                    t.full.clone()
                };
                let l = if l.is_empty() {
                    lang.clone()
                } else {
                    l.clone()
                };
                (!full.is_empty()).then_some((l, full))
            })
            .collect();
        let clause_count = clauses.len();
        Ok(Standard {
            info: StandardInfo {
                id: normalize_reference(&reference),
                year: year_of(&reference).or(identity.release_year),
                reference,
                aliases,
                originator,
                body,
                country,
                lang,
                titles,
                ics: identity.ics,
                adoptions,
                source,
                clause_count,
                status: "published".into(),
                reference_from: "metadata".into(),
                ..Default::default()
            },
            clauses,
            warnings: Vec::new(),
        })
    }
}

/// The printed reference of a metadata block: its dated `std-ref`, else an undated one,
/// else one composed from `std-ident`.
fn reference_of(meta: &Meta) -> Option<String> {
    if let Some(r) = meta.dated.as_ref().filter(|r| !r.is_empty()) {
        return Some(tidy(r));
    }
    if let Some((_, r)) = meta
        .other_refs
        .iter()
        .find(|(k, r)| k.as_deref() != Some("latin") && !r.is_empty())
    {
        return Some(tidy(r));
    }
    let originator = meta.originator.as_deref()?;
    let number = meta.doc_number.as_deref()?;
    let mut r = format!("{originator} {number}");
    if let Some(part) = &meta.part_number {
        r.push('-');
        r.push_str(part);
    }
    if let Some(v) = &meta.version {
        r.push(':');
        r.push_str(v);
    }
    Some(r)
}

/// Kind from `sec-type`, the container, the heading (in every supported language) and
/// the parent's kind.
fn classify(frame: &ClauseFrame, heading: Option<&str>, parent: Option<ClauseKind>) -> ClauseKind {
    if frame.container == Container::TermSec {
        return ClauseKind::Term;
    }
    if frame.container == Container::App || parent == Some(ClauseKind::Annex) {
        return ClauseKind::Annex;
    }
    if frame.container == Container::RefList {
        return ClauseKind::Bibliography;
    }
    let by_type = frame.sec_type.as_deref().and_then(|t| match t {
        "foreword" => Some(ClauseKind::Foreword),
        "intro" | "introduction" => Some(ClauseKind::Introduction),
        "scope" => Some(ClauseKind::Scope),
        "norm-refs" | "normative-references" => Some(ClauseKind::NormativeReferences),
        "terms" | "terms-and-definitions" => Some(ClauseKind::Terms),
        "bibl" | "bibliography" => Some(ClauseKind::Bibliography),
        "norm-annex" | "inform-annex" => Some(ClauseKind::Annex),
        _ => None,
    });
    if let Some(k) = by_type {
        return k;
    }
    if let Some(k) = heading.and_then(kind_from_heading) {
        return k;
    }
    match parent {
        // Entries written as plain sections under the terms clause are term entries,
        // as the PDF reader takes them: one document read from XML or from PDF aligns
        // term for term.
        Some(ClauseKind::Terms | ClauseKind::Term) => ClauseKind::Term,
        Some(
            k @ (ClauseKind::Scope
            | ClauseKind::NormativeReferences
            | ClauseKind::Foreword
            | ClauseKind::Introduction
            | ClauseKind::Bibliography),
        ) => k,
        _ if frame.in_front => ClauseKind::Foreword,
        _ => ClauseKind::Requirement,
    }
}

/// Makes keys unique within a standard (`7.1`, `7.1~2`), so clause ids stay unique.
fn dedupe_keys(clauses: &mut [Clause]) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for c in clauses.iter_mut() {
        let n = seen.entry(c.key.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            c.key = format!("{}~{}", c.key, n);
        }
    }
}

fn guess_lang(clauses: &[Clause]) -> String {
    let mut han = 0usize;
    let mut thai = 0usize;
    let mut latin = 0usize;
    for c in clauses.iter().take(20) {
        for ch in c.text.chars().take(500) {
            match ch {
                '\u{4E00}'..='\u{9FFF}' => han += 1,
                '\u{0E00}'..='\u{0E7F}' => thai += 1,
                c if c.is_ascii_alphabetic() => latin += 1,
                _ => {}
            }
        }
    }
    if han > latin && han >= thai {
        "zh".into()
    } else if thai > latin {
        "th".into()
    } else {
        "en".into()
    }
}

/// `zh-CN` → `zh`; `EN` → `en`.
fn primary_lang(tag: &str) -> String {
    tag.split(['-', '_'])
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Local part of a qualified name (`tbx:term` → `term`).
fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    let a = e.try_get_attribute(name).ok().flatten()?;
    let value = a
        .normalized_value_with(quick_xml::XmlVersion::Implicit1_0, 8, |ent| {
            quick_xml::escape::resolve_predefined_entity(ent).or_else(|| html_entity(ent))
        })
        .map(|v| v.into_owned())
        .unwrap_or_else(|_| a.value.to_string());
    let value = value.trim().to_string();
    (!value.is_empty()).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `<sec>` chains `depth` deep, `chains` of them, without labels or ids.
    fn unlabelled(depth: usize, chains: usize) -> String {
        let chain = "<sec><p>t</p>".repeat(depth) + &"</sec>".repeat(depth);
        format!(
            "<standard><front><std-meta><std-ref type=\"dated\">GB 1-2020</std-ref>\
             </std-meta></front><body>{}</body></standard>",
            chain.repeat(chains)
        )
    }

    fn read(text: &str, options: &ParseOptions) -> Result<Standard, Reason> {
        parse(text, Path::new("t.xml"), Source::default(), options)
    }

    #[test]
    fn generated_keys_stay_short_however_deep_the_nesting() {
        let text = unlabelled(300, 2);
        assert!(text.len() < 20_000);
        let options = ParseOptions {
            max_depth: 400,
            ..Default::default()
        };
        let s = read(&text, &options).unwrap();
        assert_eq!(s.clauses.len(), 600);
        let longest = s.clauses.iter().map(|c| c.key.len()).max().unwrap();
        assert!(longest <= MAX_KEY_LEN, "{longest}");
        // Still unique, and every parent is a clause read before its children.
        let mut seen = std::collections::HashSet::new();
        for c in &s.clauses {
            if let Some(p) = &c.parent {
                assert!(seen.contains(p.as_str()), "{} before its parent {p}", c.key);
            }
            assert!(seen.insert(c.key.as_str()), "duplicate key {}", c.key);
        }
        // Shallow clauses keep the readable path of positions.
        assert_eq!(s.clauses[0].key, "s1");
        assert_eq!(s.clauses[2].key, "s1/1/1");
        assert_eq!(s.clauses[300].key, "s2");
    }

    #[test]
    fn plain_sections_under_the_terms_clause_are_term_entries() {
        let text = "<standard><body>\
            <sec sec-type=\"terms\"><label>3</label><title>Terms and definitions</title>\
            <sec><label>3.1</label><title>ribbed bar</title><p>a bar with ribs</p></sec></sec>\
            <sec><label>4</label><title>Requirements</title><p>It shall.</p></sec>\
            </body></standard>";
        let s = read(text, &ParseOptions::default()).unwrap();
        let kinds: Vec<(&str, ClauseKind)> =
            s.clauses.iter().map(|c| (c.key.as_str(), c.kind)).collect();
        assert_eq!(
            kinds,
            [
                ("3", ClauseKind::Terms),
                ("3.1", ClauseKind::Term),
                ("4", ClauseKind::Requirement)
            ]
        );
    }

    #[test]
    fn an_overlong_label_or_id_gives_way_to_a_generated_key() {
        let long = "9".repeat(MAX_KEY_LEN + 1);
        let text = format!(
            "<standard><body><sec><label>{long}</label><p>a</p>\
             <sec id=\"{long}\"><p>b</p></sec></sec></body></standard>"
        );
        let s = read(&text, &ParseOptions::default()).unwrap();
        let keys: Vec<&str> = s.clauses.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(keys, ["s1", "s1/1"]);
    }

    #[test]
    fn limits_on_depth_and_clauses_are_named() {
        let err = read(&unlabelled(300, 1), &ParseOptions::default()).unwrap_err();
        assert!(
            matches!(
                err,
                Reason::TooDeep {
                    limit: 256,
                    line: 1
                }
            ),
            "{err}"
        );
        assert!(err.to_string().contains("--max-depth"), "{err}");
        let options = ParseOptions {
            max_clauses: 50,
            ..Default::default()
        };
        let err = read(&unlabelled(10, 6), &options).unwrap_err();
        assert!(matches!(err, Reason::TooManyClauses { limit: 50 }), "{err}");
        assert!(err.to_string().contains("--max-clauses"), "{err}");
        assert_eq!(
            read(&unlabelled(10, 5), &options).unwrap().clauses.len(),
            50
        );
    }

    #[test]
    fn a_second_doctype_is_refused() {
        let text = "<!DOCTYPE standard [<!ENTITY a \"one\">]>\n\
                    <!DOCTYPE standard [<!ENTITY a \"two\">]>\n\
                    <standard><body><sec><p>&a;</p></sec></body></standard>";
        let err = read(text, &ParseOptions::default()).unwrap_err();
        assert!(
            matches!(err, Reason::SecondDoctype { line: 2, first: 1 }),
            "{err}"
        );
    }
}

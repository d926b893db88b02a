//! The tantivy index: one document per clause, with the text twice (exact and
//! diacritic-folded, see [`super::text`]) and the facets users filter on (language,
//! body, country, standard) as raw terms. It answers "which clauses match these
//! words" with BM25 scores; it never decides what a standard is (that is the store).

use super::text::{EXACT, FOLDED, MultilingualTokenizer, query_terms};
use crate::model::{Clause, StandardInfo};
use crate::{Error, Result};
use std::collections::HashMap;
use std::path::Path;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    FAST, Field, IndexRecordOption, STORED, STRING, Schema, TantivyDocument, TextFieldIndexing,
    TextOptions, Value,
};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Term, doc};

/// The weight of a term-table equivalent against a word of the query itself: a
/// match in another language's term counts, below the words the user typed.
const EQUIVALENT_WEIGHT: f32 = 0.5;

/// Memory the writer may buffer before flushing a segment.
const WRITER_MEMORY: usize = 128 * 1024 * 1024;

/// Field handles of the clause schema.
#[derive(Clone, Copy)]
struct Fields {
    clause_id: Field,
    standard: Field,
    reference: Field,
    body: Field,
    country: Field,
    lang: Field,
    key: Field,
    kind: Field,
    heading: Field,
    heading_folded: Field,
    text: Field,
    text_folded: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text_options = |tokenizer: &str, stored: bool| {
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        let options = TextOptions::default().set_indexing_options(indexing);
        if stored {
            options.set_stored()
        } else {
            options
        }
    };
    let fields = Fields {
        // Fast, so ranking reads ids from a column; stored documents are read only
        // for the page of results shown.
        clause_id: b.add_text_field("clause_id", STRING | STORED | FAST),
        standard: b.add_text_field("standard", STRING | STORED),
        reference: b.add_text_field("reference", STORED),
        body: b.add_text_field("body", STRING),
        country: b.add_text_field("country", STRING),
        lang: b.add_text_field("lang", STRING | STORED),
        key: b.add_text_field("key", STRING | STORED),
        kind: b.add_text_field("kind", STRING | STORED),
        heading: b.add_text_field("heading", text_options(EXACT, true)),
        heading_folded: b.add_text_field("heading_folded", text_options(FOLDED, false)),
        text: b.add_text_field("text", text_options(EXACT, true)),
        text_folded: b.add_text_field("text_folded", text_options(FOLDED, false)),
    };
    (b.build(), fields)
}

/// Restricts a query to clauses whose facet has one of the given values.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Content languages (`zh`, `vi`).
    pub langs: Vec<String>,
    /// Bodies or originators (`TISI`, `TIS`, `GB`, `SAC`), matched case-insensitively.
    pub bodies: Vec<String>,
    /// Countries (ISO 3166 alpha-2).
    pub countries: Vec<String>,
    /// Standard ids (normalised references).
    pub standards: Vec<String>,
}

impl Filter {
    /// Whether a clause of language `lang` in standard `standard` passes; `body`
    /// says whether the standard's body or originator is one asked for (asked only
    /// when some are).
    pub fn passes(&self, lang: &str, standard: &str, body: impl FnOnce() -> bool) -> bool {
        (self.langs.is_empty() || self.langs.iter().any(|l| l == lang))
            && (self.standards.is_empty() || self.standards.iter().any(|s| s == standard))
            && (self.bodies.is_empty() || body())
    }

    /// Whether a standard's body or originator is among the filter's, by the same
    /// values the index stores for a body filter ([`body_terms`]).
    pub fn body_matches(&self, info: &StandardInfo) -> bool {
        let terms = body_terms(info);
        self.bodies
            .iter()
            .any(|b| terms.contains(&b.to_lowercase()))
    }
}

/// A stored clause, as search results show it.
#[derive(Debug, Clone)]
pub struct KeywordHit {
    /// Normalised id of the standard.
    pub standard: String,
    /// Dated reference as printed.
    pub reference: String,
    /// Clause key.
    pub key: String,
    /// Clause heading.
    pub heading: Option<String>,
    /// Clause text.
    pub text: String,
    /// Clause language.
    pub lang: String,
    /// Clause kind (kebab-case).
    pub kind: String,
}

impl KeywordHit {
    /// `<reference>#<key>`.
    pub fn clause_id(&self) -> String {
        crate::model::clause_id(&self.reference, &self.key)
    }
}

/// The clause index.
pub struct KeywordIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
}

impl KeywordIndex {
    /// Opens the index in `dir`, creating it if the folder is empty.
    pub fn open(dir: &Path) -> Result<KeywordIndex> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let (schema, fields) = schema();
        let directory = tantivy::directory::MmapDirectory::open(dir)
            .map_err(|e| Error::Keyword(tantivy::TantivyError::from(e)))?;
        let index = Index::open_or_create(directory, schema)?;
        Self::with_index(index, fields)
    }

    /// Whether `err`, from [`open`](Self::open), says the folder holds an index
    /// written with another schema (by an older version of this program).
    pub fn is_outdated(err: &Error) -> bool {
        matches!(err, Error::Keyword(tantivy::TantivyError::SchemaError(_)))
    }

    /// The payload of the last commit of the index in `dir`, whatever its schema.
    pub fn payload_in(dir: &Path) -> Result<Option<String>> {
        Ok(Index::open_in_dir(dir)?.load_metas()?.payload)
    }

    fn with_index(index: Index, fields: Fields) -> Result<KeywordIndex> {
        let manager = index.tokenizers();
        manager.register(EXACT, MultilingualTokenizer { fold: false });
        manager.register(FOLDED, MultilingualTokenizer { fold: true });
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(KeywordIndex {
            index,
            reader,
            fields,
        })
    }

    /// The payload of the last commit (the store's generation), if any.
    pub fn commit_payload(&self) -> Result<Option<String>> {
        Ok(self.index.load_metas()?.payload)
    }

    /// A writer; holding it locks the index against other writers.
    pub fn writer(&self) -> Result<IndexWriter> {
        Ok(self.index.writer(WRITER_MEMORY)?)
    }

    /// Queues the clauses of one standard for indexing.
    pub fn add(
        &self,
        writer: &IndexWriter,
        standard: &StandardInfo,
        clauses: &[Clause],
    ) -> Result<()> {
        let f = &self.fields;
        for c in clauses {
            let heading = c.heading.as_deref().unwrap_or("");
            let mut d = doc!(
                f.clause_id => c.id(standard),
                f.standard => standard.id.as_str(),
                f.reference => standard.reference.as_str(),
                f.country => standard.country.to_lowercase(),
                f.lang => c.lang.as_str(),
                f.key => c.key.as_str(),
                f.kind => c.kind.as_str(),
                f.heading => heading,
                f.heading_folded => heading,
                f.text => c.text.as_str(),
                f.text_folded => c.text.as_str(),
            );
            for b in body_terms(standard) {
                d.add_text(f.body, b);
            }
            writer.add_document(d)?;
        }
        Ok(())
    }

    /// Queues deletion of every clause of a standard.
    pub fn delete_standard(&self, writer: &IndexWriter, standard_id: &str) {
        writer.delete_term(Term::from_field_text(self.fields.standard, standard_id));
    }

    /// Commits queued changes with `payload` recorded atomically in the same commit.
    pub fn commit(&self, writer: &mut IndexWriter, payload: &str) -> Result<()> {
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload(payload);
        prepared.commit()?;
        self.reader.reload()?;
        Ok(())
    }

    /// Re-reads the latest commit (after another process wrote).
    pub fn reload(&self) -> Result<()> {
        Ok(self.reader.reload()?)
    }

    /// Number of indexed clauses.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// True when no clause is indexed.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The number of clauses, and for each folded term the number of clauses whose
    /// folded heading or text holds it (deleted clauses not counted).
    pub fn doc_freqs(&self, terms: &[String]) -> Result<(u64, Vec<u64>)> {
        let searcher = self.reader.searcher();
        let mut out = Vec::with_capacity(terms.len());
        for term in terms {
            out.push(searcher.search(&self.folded_either(term), &Count)? as u64);
        }
        Ok((searcher.num_docs(), out))
    }

    /// Clauses whose folded heading or text holds a folded term.
    fn folded_either(&self, term: &str) -> BooleanQuery {
        let f = &self.fields;
        BooleanQuery::new(
            [f.heading_folded, f.text_folded]
                .into_iter()
                .map(|field| {
                    let q = TermQuery::new(
                        Term::from_field_text(field, term),
                        IndexRecordOption::Basic,
                    );
                    (Occur::Should, Box::new(q) as Box<dyn Query>)
                })
                .collect(),
        )
    }

    /// For each clause id, the indexes of the folded terms its folded heading or
    /// text holds, read from the postings: each term's postings in each segment
    /// are sought to the hits there, in order, so the cost is terms × hits whatever
    /// the clauses' length or a term's frequency.
    pub fn terms_held(&self, clause_ids: &[String], terms: &[String]) -> Result<Vec<Vec<usize>>> {
        use tantivy::DocSet;
        let f = &self.fields;
        let searcher = self.reader.searcher();
        // The hits' documents, per segment, in document order.
        let mut by_segment: HashMap<u32, Vec<(u32, usize)>> = HashMap::new();
        for (i, id) in clause_ids.iter().enumerate() {
            if let Some(address) = self.address_of(&searcher, id)? {
                by_segment
                    .entry(address.segment_ord)
                    .or_default()
                    .push((address.doc_id, i));
            }
        }
        let mut out: Vec<Vec<usize>> = vec![Vec::new(); clause_ids.len()];
        for (segment, mut docs) in by_segment {
            docs.sort_unstable();
            let reader = searcher.segment_reader(segment);
            for field in [f.heading_folded, f.text_folded] {
                let inverted = reader.inverted_index(field)?;
                for (k, term) in terms.iter().enumerate() {
                    let term = Term::from_field_text(field, term);
                    let Some(mut postings) = inverted
                        .read_postings(&term, IndexRecordOption::Basic)
                        .map_err(tantivy::TantivyError::from)?
                    else {
                        continue;
                    };
                    for &(doc, i) in &docs {
                        if postings.doc() > doc {
                            continue;
                        }
                        if postings.seek(doc) == doc && !out[i].contains(&k) {
                            out[i].push(k);
                        }
                    }
                }
            }
        }
        for held in &mut out {
            held.sort_unstable();
        }
        Ok(out)
    }

    /// BM25 search over headings and text, exact and folded, with filters: clause
    /// ids with their scores, best first. `equivalents` are other languages' words
    /// for the query's terms (the term table's), weighted below the query's own.
    /// [`fetch`](Self::fetch) reads the clauses.
    pub fn search(
        &self,
        query: &str,
        equivalents: &[String],
        filter: &Filter,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<(String, f32)>> {
        let f = &self.fields;
        // Exact terms score on both variants, folded-only matches on one: an exact
        // match always outranks the same words typed without diacritics.
        let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let texts = std::iter::once((query, 1.0))
            .chain(equivalents.iter().map(|e| (e.as_str(), EQUIVALENT_WEIGHT)));
        for (text, weight) in texts {
            for (fields, fold) in [
                ([(f.heading, 1.5), (f.text, 1.0)], false),
                ([(f.heading_folded, 1.2), (f.text_folded, 0.8)], true),
            ] {
                for term in query_terms(text, fold) {
                    for (field, boost) in fields {
                        let q = TermQuery::new(
                            Term::from_field_text(field, &term),
                            IndexRecordOption::WithFreqs,
                        );
                        should.push((
                            Occur::Should,
                            Box::new(BoostQuery::new(Box::new(q), boost * weight)),
                        ));
                    }
                }
            }
        }
        if should.is_empty() {
            return Ok(Vec::new());
        }
        let mut must: Vec<(Occur, Box<dyn Query>)> =
            vec![(Occur::Must, Box::new(BooleanQuery::new(should)))];
        let facets = [
            (f.lang, &filter.langs, false),
            (f.body, &filter.bodies, true),
            (f.country, &filter.countries, true),
            (f.standard, &filter.standards, false),
        ];
        for (field, values, lower) in facets {
            if values.is_empty() {
                continue;
            }
            let any: Vec<(Occur, Box<dyn Query>)> = values
                .iter()
                .map(|v| {
                    let v = if lower { v.to_lowercase() } else { v.clone() };
                    let q =
                        TermQuery::new(Term::from_field_text(field, &v), IndexRecordOption::Basic);
                    (Occur::Should, Box::new(q) as Box<dyn Query>)
                })
                .collect();
            must.push((
                Occur::Must,
                Box::new(ConstScoreQuery::new(Box::new(BooleanQuery::new(any)), 0.0)),
            ));
        }
        let query = BooleanQuery::new(must);
        let searcher = self.reader.searcher();
        let top = searcher.search(
            &query,
            &TopDocs::with_limit(limit)
                .and_offset(offset)
                .order_by_score(),
        )?;
        let mut columns: Vec<Option<tantivy::columnar::StrColumn>> =
            vec![None; searcher.segment_readers().len()];
        let mut out = Vec::with_capacity(top.len());
        for (score, address) in top {
            let segment = address.segment_ord as usize;
            if columns[segment].is_none() {
                columns[segment] = searcher
                    .segment_reader(address.segment_ord)
                    .fast_fields()
                    .str("clause_id")?;
            }
            let Some(column) = &columns[segment] else {
                return Err(Error::Keyword(tantivy::TantivyError::SchemaError(
                    "clause_id is not a fast field".into(),
                )));
            };
            let mut id = String::new();
            if let Some(ord) = column.term_ords(address.doc_id).next() {
                column
                    .ord_to_str(ord, &mut id)
                    .map_err(|e| Error::Keyword(tantivy::TantivyError::from(e)))?;
            }
            out.push((id, score));
        }
        Ok(out)
    }

    /// The stored clauses with these ids (unknown ids are skipped).
    pub fn fetch(&self, clause_ids: &[String]) -> Result<Vec<KeywordHit>> {
        let searcher = self.reader.searcher();
        let mut out = Vec::with_capacity(clause_ids.len());
        for id in clause_ids {
            if let Some(address) = self.address_of(&searcher, id)? {
                out.push(self.hit(&searcher, address)?);
            }
        }
        Ok(out)
    }

    /// Where the live clause with this id is stored, if it is.
    fn address_of(
        &self,
        searcher: &tantivy::Searcher,
        id: &str,
    ) -> Result<Option<tantivy::DocAddress>> {
        let q = TermQuery::new(
            Term::from_field_text(self.fields.clause_id, id),
            IndexRecordOption::Basic,
        );
        Ok(searcher
            .search(&q, &TopDocs::with_limit(1).order_by_score())?
            .pop()
            .map(|(_, address)| address))
    }

    fn hit(
        &self,
        searcher: &tantivy::Searcher,
        address: tantivy::DocAddress,
    ) -> Result<KeywordHit> {
        let f = &self.fields;
        let d: TantivyDocument = searcher.doc(address)?;
        let get = |field: Field| {
            d.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string()
        };
        let heading = get(f.heading);
        Ok(KeywordHit {
            standard: get(f.standard),
            reference: get(f.reference),
            key: get(f.key),
            heading: (!heading.is_empty()).then_some(heading),
            text: get(f.text),
            lang: get(f.lang),
            kind: get(f.kind),
        })
    }
}

/// Values a `--body` filter accepts for a standard: the publishing body, the
/// originator prefix, and the Latin form of a non-Latin prefix (`มอก.` → `tis`).
pub fn body_terms(standard: &StandardInfo) -> Vec<String> {
    let mut terms = vec![
        standard.body.to_lowercase(),
        standard.originator.to_lowercase(),
    ];
    if standard.originator == "มอก." {
        terms.push("tis".into());
    }
    if let Some((family, _)) = standard.originator.split_once('/') {
        terms.push(family.to_lowercase());
    }
    terms.retain(|t| !t.is_empty());
    terms.dedup();
    terms
}

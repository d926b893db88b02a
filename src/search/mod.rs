//! Clause search: keyword (BM25), vector (embedding cosine) or hybrid. Hybrid takes
//! the top of both lists and fuses them by reciprocal rank (score = Σ 1/(k + rank)),
//! which needs no score calibration between BM25 and cosine. Filters (language,
//! body, standard) apply to both sides before fusion. Each hit can explain its rank.
//!
//! A query's top results tend to fill with one standard's near-duplicates (a parent
//! clause and its sub-clauses); [`diversify`] caps hits per standard so that the
//! other standards, usually in other languages, are seen too.

pub mod coverage;

use crate::embed::Embedder;
use crate::index::{Backend, Filter, KeywordHit};
use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Default number of results.
pub const DEFAULT_K: usize = 10;
/// Reciprocal-rank-fusion constant, chosen with `stdalign eval search --rrf-k` (see
/// the README). With vector candidates merged by similarity, 10 against 20 moved
/// hybrid R@10 by +0.016 / +0.036 (gold / family queries) on the corpus alone,
/// −0.011 / +0.005 with the Debian guides, −0.008 / −0.007 with six more Debian
/// editions; MRR@10 by −0.009 to +0.010.
pub const RRF_K: f32 = 10.0;
/// Candidates taken from each side before fusion.
const CANDIDATES: usize = 100;
/// Hits one standard may take before others are shown.
const PER_STANDARD: usize = 3;

/// Which retrieval to use.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    clap::ValueEnum,
    utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Words only (BM25); works without the embedding model.
    Keyword,
    /// Meaning only (embeddings), across languages.
    Vector,
    /// Both, fused by reciprocal rank.
    #[default]
    Hybrid,
}

impl Mode {
    /// Lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Keyword => "keyword",
            Mode::Vector => "vector",
            Mode::Hybrid => "hybrid",
        }
    }
}

/// What to look for.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SearchRequest {
    /// Words in any language.
    pub query: String,
    /// Results wanted (0 means [`DEFAULT_K`]).
    #[serde(default)]
    pub k: usize,
    /// Results to skip (pagination).
    #[serde(default)]
    pub offset: usize,
    /// Only clauses in these languages.
    #[serde(default)]
    pub langs: Vec<String>,
    /// Only standards of these bodies or originators (`TISI`, `TIS`, `GB`).
    #[serde(default)]
    pub bodies: Vec<String>,
    /// Only these standards (any form `stdalign show` accepts).
    #[serde(default)]
    pub standards: Vec<String>,
    /// Retrieval mode.
    #[serde(default)]
    pub mode: Mode,
    /// Also group the results by requirement (see [`SearchResults::groups`]).
    #[serde(default)]
    pub group: bool,
}

impl SearchRequest {
    /// A request for `query` with default settings (hybrid).
    pub fn new(query: impl Into<String>) -> SearchRequest {
        SearchRequest {
            query: query.into(),
            ..SearchRequest::default()
        }
    }

    /// The same request in another mode.
    pub fn with_mode(mut self, mode: Mode) -> SearchRequest {
        self.mode = mode;
        self
    }
}

/// Search results; the JSON shape of `stdalign search --json`.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SearchResults {
    /// The query as given.
    pub query: String,
    /// The mode used: `keyword` when hybrid search had no vectors to use.
    pub mode: Mode,
    /// Why the results are not what was asked for (hybrid answered from keywords
    /// only because the model or the index's vectors are missing).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warning: Option<String>,
    /// Other languages' terms for the query's terms (from the term table) that keyword
    /// search also looked for, weighted below the query's own words.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub equivalents: Vec<String>,
    /// What was searched for when the query reads as Vietnamese typed without its
    /// diacritics: the query with them restored from the indexed Vietnamese text
    /// (`thu nghiem noi dat` → `thử nghiệm nối đất`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub restored: Option<String>,
    /// Hits, best first.
    pub results: Vec<Hit>,
    /// With `group`: the hits of this page by requirement, best first. A hit that
    /// came in as another's aligned counterpart (`explain.via`) joins that hit's group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<RequirementGroup>>,
}

/// One requirement across standards: a hit and the counterparts that came with it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RequirementGroup {
    /// Clause id of the hit the group starts from.
    pub lead: String,
    /// Its counterparts on this page, in rank order.
    pub members: Vec<GroupMember>,
}

/// A counterpart in a requirement group.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct GroupMember {
    /// Clause id.
    pub id: String,
    /// How its aligned group differs from the lead's clause (empty when equivalent
    /// or not known).
    pub differences: Vec<crate::align::diff::Difference>,
}

/// The results' groups by requirement: each hit that did not come in through another
/// hit of the page leads a group; the others join the group of the hit they came
/// with (following `via` to its start).
pub fn groups(results: &[Hit]) -> Vec<RequirementGroup> {
    let on_page = |id: &str| results.iter().any(|h| h.id == id);
    let lead_of = |h: &Hit| -> String {
        let mut id = h.id.clone();
        // `via` chains are short; the bound guards against a cycle.
        for _ in 0..results.len() {
            let Some(next) = results
                .iter()
                .find(|x| x.id == id)
                .and_then(|x| x.explain.via.clone())
                .filter(|v| on_page(v))
            else {
                break;
            };
            id = next;
        }
        id
    };
    let mut out: Vec<RequirementGroup> = Vec::new();
    for h in results {
        let lead = lead_of(h);
        if lead == h.id {
            if !out.iter().any(|g| g.lead == lead) {
                out.push(RequirementGroup {
                    lead,
                    members: Vec::new(),
                });
            }
            continue;
        }
        let member = GroupMember {
            id: h.id.clone(),
            differences: Vec::new(),
        };
        match out.iter_mut().find(|g| g.lead == lead) {
            Some(g) => g.members.push(member),
            None => out.push(RequirementGroup {
                lead,
                members: vec![member],
            }),
        }
    }
    out
}

/// One clause that matches.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Hit {
    /// Dated reference of the standard, as printed.
    pub standard: String,
    /// Clause key.
    pub key: String,
    /// Clause heading.
    pub heading: Option<String>,
    /// Clause text.
    pub text: String,
    /// Clause language.
    pub lang: String,
    /// Relevance: BM25 (keyword), cosine (vector) or the fused score (hybrid).
    pub score: f32,
    /// Clause kind.
    pub kind: String,
    /// Full clause id, `<reference>#<key>`.
    pub id: String,
    /// Why the hit ranks where it does.
    pub explain: Explain,
}

/// The parts of a hit's score.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct Explain {
    /// 1-based rank in the keyword list, if it was there.
    pub keyword_rank: Option<usize>,
    /// BM25 score.
    pub keyword_score: Option<f32>,
    /// 1-based rank in the vector list, if it was there.
    pub vector_rank: Option<usize>,
    /// Cosine similarity to the query, both taken relative to their language's mean
    /// clause vector (language centring, [`centred_query`]).
    pub similarity: Option<f32>,
    /// Reciprocal-rank-fusion score (hybrid only).
    pub fused: Option<f32>,
    /// The share of the query's idf mass the clause covers (hybrid keyword hits
    /// only; [`coverage`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coverage: Option<f32>,
    /// The hit this one came in with as its aligned counterpart (`GB 4706.1-2005#13.2`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
}

/// The aligned counterparts of a clause id in the other standards of its family, each
/// with the confidence of its group.
pub(crate) type CounterpartsOf<'a> = &'a (dyn Fn(&str) -> Vec<(String, f32)> + Sync);

/// What a search needs from the engine.
pub(crate) struct Context<'a> {
    /// Where the candidates and clauses come from (embedded index or cluster).
    pub backend: &'a dyn Backend,
    pub embedder: Option<&'a dyn Embedder>,
    /// Why vector search is unavailable, when it is.
    pub no_vectors: &'a str,
    /// Aligned counterparts of a clause, for counterpart expansion.
    pub counterparts: Option<CounterpartsOf<'a>>,
    /// The term table: other languages' terms for the terms a query contains, added
    /// to keyword search.
    pub terms: Option<&'a crate::terms::TermTable>,
    /// Each language's mean clause vector and each clause's dot product with it,
    /// for comparing the query and clauses across languages ([`LanguageMeans`]).
    pub means: Option<&'a dyn LanguageMeans>,
    /// The query with its Vietnamese diacritics restored, when it was typed without
    /// them ([`crate::accents`]).
    pub accents: Option<&'a crate::accents::Accents>,
}

/// Mean clause vector of each language (not of unit length): the mean of its
/// standards' mean vectors, so that one long standard does not stand for its
/// language.
pub type Centroids = HashMap<String, Vec<f32>>;

/// Where vector search finds the language means ([`language_centroids`]) and each
/// clause's dot product with its own language's mean ([`centroid_dots`]).
pub(crate) trait LanguageMeans: Sync {
    /// The mean of every language in the index.
    fn centroids(&self) -> Result<std::sync::Arc<Centroids>>;
    /// `d·m` of these clause ids (ids it does not know are left out).
    fn dots(&self, clause_ids: &[String]) -> Result<HashMap<String, f32>>;
}

/// Each clause of a standard with `d·m`, its vector's dot product with its language's
/// mean `m`.
pub fn centroid_dots(
    backend: &dyn Backend,
    centroids: &Centroids,
    standard_id: &str,
    lang: &str,
) -> Result<HashMap<String, f32>> {
    let Some(mean) = centroids.get(lang) else {
        return Ok(HashMap::new());
    };
    Ok(backend
        .clause_vectors(standard_id)?
        .into_iter()
        .map(|(id, v)| {
            let h = crate::embed::dot(&v, mean);
            (id, h)
        })
        .collect())
}

/// Standards per language whose clause vectors make its mean (the first in
/// catalogue order; a mean settles long before that).
const CENTROID_STANDARDS: usize = 64;

/// Each language's mean clause vector, from up to [`CENTROID_STANDARDS`] standards
/// of it: the mean of each standard's mean (the mean over all languages for a
/// language with a single standard).
pub fn language_centroids(backend: &dyn Backend) -> Result<Centroids> {
    // In a fixed order (standards by id, clauses by id), so that a reopened index
    // sums to the same bits and ranks ties as before.
    let mut infos: Vec<_> = backend.catalogue().standards().collect();
    infos.sort_by(|a, b| a.id.cmp(&b.id));
    let mut means: BTreeMap<String, Vec<Vec<f32>>> = BTreeMap::new();
    for info in infos {
        let of_lang = means.entry(info.lang.clone()).or_default();
        if of_lang.len() >= CENTROID_STANDARDS {
            continue;
        }
        let mut vectors: Vec<(String, Vec<f32>)> =
            backend.clause_vectors(&info.id)?.into_iter().collect();
        if vectors.is_empty() {
            continue;
        }
        vectors.sort_by(|a, b| a.0.cmp(&b.0));
        of_lang.push(crate::embed::mean(
            vectors.iter().map(|(_, v)| v.as_slice()),
        ));
    }
    Ok(centroids_of(&means))
}

/// Each language's mean from the mean vectors of its standards. A language with one
/// standard gets the mean of every standard: one document's mean is its own subject
/// as much as its language's offset, and centring by it would strip what the
/// document is about, so that an unrelated manual alone in its language would lie as
/// near to every query as the standards that answer it (six Debian editions in
/// languages no standard uses: vector top-10 slots 108 over 41 gold queries centred
/// by their own means, 81 over 30 so).
fn centroids_of(standard_means: &BTreeMap<String, Vec<Vec<f32>>>) -> Centroids {
    let all = crate::embed::mean(standard_means.values().flatten().map(Vec::as_slice));
    standard_means
        .iter()
        .filter(|(_, of_lang)| !of_lang.is_empty())
        .map(|(lang, of_lang)| {
            let centroid = if of_lang.len() >= 2 {
                crate::embed::mean(of_lang.iter().map(Vec::as_slice))
            } else {
                all.clone()
            };
            (lang.clone(), centroid)
        })
        .collect()
}

/// The query vector relative to its language's mean, as a unit vector, and that
/// language. Multilingual e5 places every text of a language near a common offset:
/// a query lies nearer to unrelated clauses in its own language than to the clause
/// that answers it in another (a Vietnamese query on helmet straps had every
/// Vietnamese clause of the index, cement and appliances included, above the Chinese
/// and Thai strap clauses). Taking the query and each clause relative to their
/// language's mean removes that offset (language centring). The query's language
/// is the one whose mean lies nearest to it: no word lists, any language the index
/// holds, and a query typed without diacritics still finds its language.
pub fn centred_query(q: &[f32], centroids: &Centroids) -> (Vec<f32>, Option<String>) {
    let nearest = centroids
        .iter()
        .map(|(lang, m)| {
            let norm = crate::embed::dot(m, m).sqrt().max(f32::EPSILON);
            (lang, crate::embed::dot(q, m) / norm)
        })
        .max_by(|a, b| a.1.total_cmp(&b.1).then_with(|| b.0.cmp(a.0)));
    let Some((lang, _)) = nearest else {
        return (q.to_vec(), None);
    };
    match crate::embed::centred(q, &centroids[lang]) {
        Some(v) => (v, Some(lang.clone())),
        None => (q.to_vec(), None),
    }
}

/// Cosine between the centred query `q'` and a clause `d` taken relative to its
/// language's mean `m`, from what search has: `q'·d` (the back end's score),
/// `q'·m`, `d·m` and `m·m` (`d` is a unit vector):
/// `(q'·d − q'·m) / |d − m|`, `|d − m|² = 1 − 2 d·m + m·m`.
pub fn centred_similarity(q_d: f32, q_m: f32, d_m: f32, m_m: f32) -> f32 {
    let norm = (1.0 - 2.0 * d_m + m_m).max(1e-6).sqrt();
    (q_d - q_m) / norm
}

/// Runs a search.
pub(crate) fn run(cx: &Context, request: &SearchRequest, rrf_k: f32) -> Result<SearchResults> {
    if request.query.trim().is_empty() {
        return Err(Error::InvalidQuery("the query is empty".into()));
    }
    let standards = request
        .standards
        .iter()
        .map(|r| cx.backend.catalogue().resolve(r).map(|s| s.id.clone()))
        .collect::<Result<Vec<_>>>()?;
    let filter = Filter {
        langs: request
            .langs
            .iter()
            .map(|l| l.trim().to_lowercase())
            .collect(),
        bodies: request
            .bodies
            .iter()
            .map(|b| b.trim().to_string())
            .collect(),
        countries: Vec::new(),
        standards,
    };
    // Hybrid search without vectors answers from the keyword side and says so; only
    // an explicit vector search fails.
    let vectors = cx.embedder.filter(|_| cx.backend.has_vectors());
    let (mode, warning) = match (request.mode, vectors) {
        (Mode::Hybrid, None) => (
            Mode::Keyword,
            Some(format!("keyword results only: {}", cx.no_vectors)),
        ),
        (m, _) => (m, None),
    };
    // A Vietnamese query typed without diacritics is searched with them: the model
    // and the exact keyword fields read it as written in the standards, and its
    // folded words still match as before.
    let restored = cx.accents.and_then(|a| a.restore(&request.query));
    let text = restored.as_deref().unwrap_or(&request.query);
    let k = if request.k == 0 { DEFAULT_K } else { request.k };
    let wanted = request.offset + k;
    // Keyword mode needs only enough candidates for diversity; fusion needs a
    // deeper pool from each side.
    let pool = match mode {
        Mode::Keyword => (wanted * 3).max(60),
        _ => CANDIDATES.max(wanted * 3),
    };

    // The query is embedded first (inference uses both cores); then the keyword
    // search runs beside the per-language vector searches. Each phase's time goes to
    // the debug log (`STDALIGN_LOG=stdalign::search=debug`).
    let started = std::time::Instant::now();
    let (query_vector, embed_ms) = timed(|| match mode {
        Mode::Keyword => Ok(None),
        _ => embed_query(cx, text).map(Some),
    });
    let query_vector = query_vector?;
    let equivalents = match mode {
        Mode::Vector => Vec::new(),
        _ => cx.terms.map(|t| t.equivalents(text)).unwrap_or_default(),
    };
    let ((keyword_hits, keyword_ms), (vector_hits, vector_ms)) = rayon::join(
        || {
            timed(|| match mode {
                Mode::Vector => Ok(Vec::new()),
                _ => cx
                    .backend
                    .keyword_candidates(text, &equivalents, &filter, pool),
            })
        },
        || {
            timed(|| match &query_vector {
                None => Ok(Vec::new()),
                Some(q) => vector_candidates(cx, q, &filter, pool),
            })
        },
    );
    let (keyword_hits, vector_hits) = (keyword_hits?, vector_hits?);
    let fusing = std::time::Instant::now();

    let mut explain: HashMap<String, Explain> = HashMap::new();
    for (rank, (id, score)) in keyword_hits.iter().enumerate() {
        let e = explain.entry(id.clone()).or_default();
        e.keyword_rank = Some(rank + 1);
        e.keyword_score = Some(*score);
    }
    for (rank, (id, sim)) in vector_hits.iter().enumerate() {
        let e = explain.entry(id.clone()).or_default();
        e.vector_rank = Some(rank + 1);
        e.similarity = Some(*sim);
    }
    let ranked: Vec<(String, f32)> = match mode {
        Mode::Keyword => keyword_hits,
        Mode::Vector => vector_hits,
        Mode::Hybrid => {
            let mut weights = keyword_votes(&keyword_hits, |id| {
                id.split_once('#')
                    .and_then(|(reference, _)| cx.backend.catalogue().resolve(reference).ok())
                    .map(|info| info.lang.clone())
                    .unwrap_or_default()
            });
            let shares = coverage_shares(cx, text, &keyword_hits)?;
            for ((w, share), (id, _)) in weights.iter_mut().zip(&shares).zip(&keyword_hits) {
                *w *= share;
                if let Some(e) = explain.get_mut(id) {
                    e.coverage = Some(*share);
                }
            }
            let kw: Vec<String> = keyword_hits.into_iter().map(|(id, _)| id).collect();
            let vec: Vec<String> = vector_hits.iter().map(|(id, _)| id.clone()).collect();
            let fused = fuse_weighted(&[(&kw, Some(&weights)), (&vec, None)], rrf_k);
            for (id, score) in &fused {
                if let Some(e) = explain.get_mut(id) {
                    e.fused = Some(*score);
                }
            }
            fused
        }
    };
    let fuse_ms = since(fusing);
    let (ranked, expand_ms) = timed(|| match (mode, cx.counterparts) {
        (Mode::Keyword, _) | (_, None) => ranked,
        (_, Some(of)) => expand(cx, ranked, of, &filter, &mut explain),
    });
    let ranked = match mode {
        Mode::Hybrid => admitted(ranked),
        _ => ranked,
    };
    let ranked = diversify(ranked, PER_STANDARD);
    let page: Vec<(String, f32)> = ranked.into_iter().skip(request.offset).take(k).collect();

    // Clause data only for the page shown.
    let fetching = std::time::Instant::now();
    let ids: Vec<String> = page.iter().map(|(id, _)| id.clone()).collect();
    let mut known: HashMap<String, KeywordHit> = cx
        .backend
        .fetch(&ids)?
        .into_iter()
        .map(|h| (h.clause_id(), h))
        .collect();
    let results = page
        .into_iter()
        .filter_map(|(id, score)| {
            let h = known.remove(&id)?;
            Some(Hit {
                explain: explain.remove(&id).unwrap_or_default(),
                standard: h.reference,
                key: h.key,
                heading: h.heading,
                text: h.text,
                lang: h.lang,
                score,
                kind: h.kind,
                id,
            })
        })
        .collect();
    tracing::debug!(
        embed = embed_ms,
        keyword = keyword_ms,
        vector = vector_ms,
        fuse = fuse_ms,
        expand = expand_ms,
        fetch = since(fetching),
        total = since(started),
        "search phases (ms)"
    );
    Ok(SearchResults {
        query: request.query.clone(),
        mode,
        warning,
        equivalents,
        restored,
        groups: None,
        results,
    })
}

/// Milliseconds since `start`.
fn since(start: std::time::Instant) -> f64 {
    start.elapsed().as_secs_f64() * 1e3
}

/// `f`'s result and how long it took, in milliseconds.
fn timed<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let start = std::time::Instant::now();
    let out = f();
    (out, since(start))
}

/// Each keyword hit's share of the query's idf mass ([`coverage`]), as is: a keyword
/// list that explains half the query votes half, so that its best hit does not
/// enter at full weight when none of its hits holds the query's rarest words (the
/// answer is in another language, for vector search to find). Which words a hit
/// holds is read from the index ([`Backend::terms_held`]) rather than by analysing
/// a hundred clauses again, whose cost grows with their length.
fn coverage_shares(cx: &Context, text: &str, hits: &[(String, f32)]) -> Result<Vec<f32>> {
    if hits.is_empty() {
        return Ok(Vec::new());
    }
    let bridges = cx.terms.map(|t| t.bridges(text)).unwrap_or_default();
    let mass = coverage::QueryMass::new(text, &bridges, |w| cx.backend.doc_freqs(w))?;
    let terms = mass.terms();
    let ids: Vec<String> = hits.iter().map(|(id, _)| id.clone()).collect();
    let held = cx.backend.terms_held(&ids, &terms)?;
    // The terms a standard's titles hold, read once whatever number of its clauses
    // are hits.
    let mut titles: HashMap<&str, Vec<usize>> = HashMap::new();
    Ok(ids
        .iter()
        .zip(held)
        .map(|(id, held)| {
            let reference = id.split_once('#').map_or("", |(r, _)| r);
            let titled = titles.entry(reference).or_insert_with(|| {
                let info = cx.backend.catalogue().resolve(reference).ok();
                let texts: Vec<&str> = info
                    .map(|i| i.titles.values().map(String::as_str).collect())
                    .unwrap_or_default();
                let words = coverage::words_of(&texts);
                (0..terms.len())
                    .filter(|&k| words.contains(&terms[k]))
                    .collect()
            });
            let words: HashSet<String> = held
                .iter()
                .chain(titled.iter())
                .map(|&k| terms[k].clone())
                .collect();
            mass.coverage_of(&words)
        })
        .collect())
}

/// A fused hit is shown when it scores at least this share of the best hit: what the
/// first of one list alone earns when the best is first in both (reciprocal rank
/// fusion gives 1/(k+1) a list). Below it, a hit has less support than the top of
/// either list, and the slots it would take went to unrelated text: over the three
/// gold files (145 queries), hits below half the best were 3 of the 572 relevant hits
/// in a top 10, and 28 of the 58 Debian sections there.
const ADMIT_SHARE: f32 = 0.5;

/// The fused hits with at least [`ADMIT_SHARE`] of the best score, in order: a query
/// with a few strong answers gets those, not ten slots filled with weak neighbours.
fn admitted(ranked: Vec<(String, f32)>) -> Vec<(String, f32)> {
    let best = ranked.first().map_or(0.0, |(_, s)| *s);
    ranked
        .into_iter()
        .take_while(|(_, s)| *s >= best * ADMIT_SHARE)
        .collect()
}

/// Hits expanded from: the first few that vector search found too, among those
/// admitted (at least [`ADMIT_SHARE`] of the best): a hit that is shown may bring
/// its counterparts, each then ranked by the hit's score times its confidence.
const EXPAND_FROM: usize = 5;

/// Counterpart expansion: the same requirement in the other standards of a confident
/// hit's family comes in (or moves up) with the hit's score times the confidence of
/// their aligned group; `explain.via` names the hit. A query in one language thus
/// finds the clause in its own language and its counterparts in the others, which
/// cross-lingual similarity alone ranks too low.
fn expand(
    cx: &Context,
    ranked: Vec<(String, f32)>,
    counterparts_of: CounterpartsOf,
    filter: &Filter,
    explain: &mut HashMap<String, Explain>,
) -> Vec<(String, f32)> {
    let Some(best) = ranked.first().map(|(_, s)| *s) else {
        return ranked;
    };
    let mut scores: HashMap<String, f32> = ranked.iter().cloned().collect();
    let sources: Vec<(String, f32)> = ranked
        .iter()
        .take(EXPAND_FROM)
        .filter(|(_, s)| *s >= best * ADMIT_SHARE)
        // Only hits the query's meaning reached: the counterparts of a hit that
        // shares only a word with the query (`chin strap`, Debian's `boot strap
        // process`) are that word's translations, not the requirement's.
        .filter(|(id, _)| explain.get(id).is_some_and(|e| e.vector_rank.is_some()))
        .cloned()
        .collect();
    for (id, score) in sources {
        for (other, confidence) in counterparts_of(&id) {
            if !admits(cx, filter, &other) {
                continue;
            }
            // A counterpart is brought in by the hit and ranks after it, never
            // level with it: the user sees the clause that matched first.
            let via = (score * confidence).min(score.next_down());
            let current = scores.entry(other.clone()).or_insert(0.0);
            if via > *current {
                *current = via;
                explain.entry(other).or_default().via = Some(id.clone());
            }
        }
    }
    let mut out: Vec<(String, f32)> = scores.into_iter().collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out
}

/// Whether a clause id passes the request's filters (language, body, standard).
fn admits(cx: &Context, filter: &Filter, id: &str) -> bool {
    let Some((reference, _)) = id.split_once('#') else {
        return false;
    };
    cx.backend
        .catalogue()
        .resolve(reference)
        .is_ok_and(|info| filter.passes(&info.lang, &info.id, || filter.body_matches(info)))
}

/// The query's vector, or why there is none.
fn embed_query(cx: &Context, query: &str) -> Result<Vec<f32>> {
    let Some(embedder) = cx.embedder.filter(|_| cx.backend.has_vectors()) else {
        return Err(Error::VectorsUnavailable(cx.no_vectors.to_string()));
    };
    Ok(embedder.embed_queries(&[query])?.pop().unwrap_or_default())
}

/// Top `n` clause ids by cosine to the embedded query `q`, with the filters applied.
fn vector_candidates(
    cx: &Context,
    q: &[f32],
    filter: &Filter,
    n: usize,
) -> Result<Vec<(String, f32)>> {
    if !cx.backend.has_vectors() {
        return Err(Error::VectorsUnavailable(cx.no_vectors.to_string()));
    }
    // A query's nearest clauses are mostly in its own language (same-language
    // cosines run higher), so each language is searched on its own for candidates.
    // They are then merged by similarity, not by rank within their language: rank
    // fusion put every language's nearest clause level with the best hit however
    // weak it was, and an unrelated document in a language no standard uses took
    // top slots for every query (six such editions of the Debian installation
    // guide: 110 top-10 slots over 43 of the 93 gold queries by rank, 31 over 9 by
    // similarity; hybrid R@10 0.825 → 0.827 on that index). The back end applies
    // the filters.
    let langs: Vec<String> = cx
        .backend
        .vector_langs()
        .into_iter()
        .filter(|l| filter.langs.is_empty() || filter.langs.contains(l))
        .collect();
    let per_lang = (n / langs.len().max(1)).max(20);
    // Candidates come from each language's graph searched with the centred query
    // (their order there is that of `q'·d`), then are ranked by the centred cosine;
    // on the gold queries 20 candidates a language already gave the ranking of an
    // exhaustive centred search.
    let centroids = cx.means.map(|m| m.centroids()).transpose()?;
    let query = match &centroids {
        Some(c) => {
            let (query, lang) = centred_query(q, c);
            tracing::debug!(?lang, "vector search relative to the query language's mean");
            query
        }
        None => q.to_vec(),
    };
    let mut candidates: Vec<(String, f32)> = cx
        .backend
        .vector_candidates(&query, &langs, per_lang, filter)?
        .into_iter()
        .flatten()
        .collect();
    if let (Some(centroids), Some(means)) = (&centroids, cx.means) {
        let ids: Vec<String> = candidates.iter().map(|(id, _)| id.clone()).collect();
        let dots = means.dots(&ids)?;
        let mut of_lang: HashMap<String, Option<(f32, f32)>> = HashMap::new();
        candidates = candidates
            .into_iter()
            .filter_map(|(id, q_d)| {
                let (reference, _) = id.split_once('#')?;
                let lang = &cx.backend.catalogue().resolve(reference).ok()?.lang;
                let (q_m, m_m) = (*of_lang.entry(lang.clone()).or_insert_with(|| {
                    let m = centroids.get(lang)?;
                    Some((crate::embed::dot(&query, m), crate::embed::dot(m, m)))
                }))?;
                let d_m = *dots.get(&id)?;
                Some((id, centred_similarity(q_d, q_m, d_m, m_m)))
            })
            .collect();
    }
    candidates.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    candidates.truncate(n);
    Ok(candidates)
}

/// Reciprocal rank fusion of two ranked lists of ids: Σ 1/(k + rank), best first.
pub fn fuse(a: &[String], b: &[String], k: f32) -> Vec<(String, f32)> {
    fuse_weighted(&[(a, None), (b, None)], k)
}

/// The vote of each keyword hit in the fusion: its BM25 score over the best keyword
/// score in its language. Rank alone gives a clause that shares two common words
/// with a long query the vote of a strong match whenever little else matches (an
/// unrelated manual at keyword rank 40 still counts), so a weak vector neighbour
/// with such a vote outranks the clause BM25 found far ahead of everything. BM25
/// scores compare only within one language (one analyser, one set of statistics):
/// each language's best hit keeps a full vote, so hits in other languages through
/// the term table are weighed against their own language, not the query's.
pub fn keyword_votes(hits: &[(String, f32)], lang_of: impl Fn(&str) -> String) -> Vec<f32> {
    let langs: Vec<String> = hits.iter().map(|(id, _)| lang_of(id)).collect();
    let mut best: HashMap<&str, f32> = HashMap::new();
    for ((_, score), lang) in hits.iter().zip(&langs) {
        let b = best.entry(lang.as_str()).or_insert(0.0);
        *b = b.max(*score);
    }
    hits.iter()
        .zip(&langs)
        .map(|((_, score), lang)| {
            let b = best[lang.as_str()];
            if b > 0.0 { score / b } else { 1.0 }
        })
        .collect()
}

/// Reciprocal rank fusion where a list may weigh each of its entries' votes:
/// Σ weight/(k + rank), best first (a list without weights votes 1 per entry).
pub fn fuse_weighted(lists: &[(&[String], Option<&[f32]>)], k: f32) -> Vec<(String, f32)> {
    let mut scores: HashMap<&str, f32> = HashMap::new();
    for (list, weights) in lists {
        for (rank, id) in list.iter().enumerate() {
            let w = weights.and_then(|w| w.get(rank)).copied().unwrap_or(1.0);
            *scores.entry(id.as_str()).or_default() += w / (k + rank as f32 + 1.0);
        }
    }
    let mut out: Vec<(String, f32)> = scores
        .into_iter()
        .map(|(id, s)| (id.to_string(), s))
        .collect();
    out.sort_by(|x, y| y.1.total_cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
    out
}

/// Keeps the order but lets each standard (the part of the id before `#`) place at
/// most `per_standard` hits before every other standard had its turn; the rest
/// follow in their original order.
pub fn diversify(ranked: Vec<(String, f32)>, per_standard: usize) -> Vec<(String, f32)> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    let (mut first, mut later) = (Vec::new(), Vec::new());
    for (id, score) in ranked {
        let standard = id.split('#').next().unwrap_or("").to_string();
        let n = counts.entry(standard).or_default();
        *n += 1;
        if *n <= per_standard {
            first.push((id, score));
        } else {
            later.push((id, score));
        }
    }
    first.extend(later);
    first
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn fusion_rewards_agreement() {
        let fused = fuse(&ids(&["a", "b", "c"]), &ids(&["c", "d", "a"]), 20.0);
        let order: Vec<&str> = fused.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(order, ["a", "c", "b", "d"]);
        assert!((fused[0].1 - (1.0 / 21.0 + 1.0 / 23.0)).abs() < 1e-6);
    }

    #[test]
    fn a_strong_keyword_match_is_not_outvoted_by_a_weak_one() {
        // "T#13.2" is BM25's clear best and the vector side's third; "D#x" matches the
        // query weakly in the same language (rank 2, a fifth of the score) but is the
        // vector side's first. The Thai hit comes through the term table with a lower
        // score that is still the best in its language.
        let keyword = vec![
            ("T#13.2".to_string(), 50.0),
            ("D#x".to_string(), 10.0),
            ("H#13.2".to_string(), 8.0),
        ];
        let lang = |id: &str| if id.starts_with('H') { "th" } else { "vi" }.to_string();
        let votes = keyword_votes(&keyword, lang);
        assert_eq!(votes, [1.0, 0.2, 1.0]);
        let kw = ids(&["T#13.2", "D#x", "H#13.2"]);
        let vec = ids(&["D#x", "V#1", "T#13.2"]);
        let order: Vec<String> = fuse_weighted(&[(&kw, Some(&votes)), (&vec, None)], 20.0)
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        assert_eq!(order[0], "T#13.2");
        // Unweighted, the weak match ranks first on its two votes.
        assert_eq!(fuse(&kw, &vec, 20.0)[0].0, "D#x");
    }

    #[test]
    fn the_answer_in_another_language_beats_an_unrelated_clause_in_the_query_language() {
        let unit = |v: &[f32]| {
            let n = crate::embed::dot(v, v).sqrt();
            v.iter().map(|x| x / n).collect::<Vec<f32>>()
        };
        let dot = crate::embed::dot;
        // Each language's texts share an offset (vi along axis 0, zh along axis 1);
        // the query and the Chinese clause are on one topic (axis 2), the Vietnamese
        // clause on another (axis 3).
        let centroids: Centroids = [
            ("vi".to_string(), vec![0.8, 0.0, 0.1, 0.1]),
            ("zh".to_string(), vec![0.0, 0.8, 0.1, 0.1]),
        ]
        .into();
        let q = unit(&[0.9, 0.0, 0.4, 0.0]);
        let vi_unrelated = unit(&[0.9, 0.0, 0.0, 0.4]);
        let zh_answer = unit(&[0.0, 0.9, 0.4, 0.0]);
        assert!(
            dot(&q, &vi_unrelated) > dot(&q, &zh_answer),
            "raw cosine prefers the own language"
        );

        let (centred, lang) = centred_query(&q, &centroids);
        assert_eq!(lang.as_deref(), Some("vi"));
        let score = |d: &[f32], lang: &str| {
            let m = &centroids[lang];
            centred_similarity(dot(&centred, d), dot(&centred, m), dot(d, m), dot(m, m))
        };
        assert!(score(&zh_answer, "zh") > score(&vi_unrelated, "vi"));
        // The score is the cosine of the two centred vectors.
        let m = &centroids["zh"];
        let d: Vec<f32> = zh_answer.iter().zip(m).map(|(a, b)| a - b).collect();
        let direct = dot(&centred, &d) / dot(&d, &d).sqrt();
        assert!((score(&zh_answer, "zh") - direct).abs() < 1e-5);
    }

    #[test]
    fn a_language_with_one_standard_is_centred_by_the_mean_of_all() {
        let means: BTreeMap<String, Vec<Vec<f32>>> = [
            ("zh".to_string(), vec![vec![1.0, 0.0], vec![0.0, 1.0]]),
            ("km".to_string(), vec![vec![4.0, 4.0]]),
        ]
        .into();
        let c = centroids_of(&means);
        // Two standards: their mean.
        assert_eq!(c["zh"], [0.5, 0.5]);
        // One standard: not its own mean (that is its subject), the mean of all three.
        assert_eq!(c["km"], [5.0 / 3.0, 5.0 / 3.0]);
    }

    #[test]
    fn a_hit_below_the_top_of_one_list_is_not_shown() {
        // A hit first in one list alone is shown beside the best (first and second
        // in the two lists); hits further down one list only are not.
        let kw = ids(&["A#1", "C#1", "D#1", "X#9"]);
        let vec = ids(&["E#1", "A#1", "C#1"]);
        let fused = fuse(&kw, &vec, RRF_K);
        let shown: Vec<String> = admitted(fused.clone())
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        assert_eq!(shown, ["A#1", "C#1", "E#1"]);
        assert!(fused.iter().any(|(id, _)| id == "X#9"));
        assert!(admitted(Vec::new()).is_empty());
    }

    #[test]
    fn diversity_caps_one_standard() {
        let ranked: Vec<(String, f32)> = ["G#1", "G#2", "G#3", "G#4", "T#1", "V#1"]
            .iter()
            .map(|s| (s.to_string(), 1.0))
            .collect();
        let order: Vec<String> = diversify(ranked, 2).into_iter().map(|(id, _)| id).collect();
        assert_eq!(order, ["G#1", "G#2", "T#1", "V#1", "G#3", "G#4"]);
    }
}

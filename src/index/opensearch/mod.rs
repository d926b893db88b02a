//! The OpenSearch back end: the clause index and the catalogue on a cluster, so
//! that several `stdalign serve` processes can share one index and no single disk
//! holds it. See [`schema`] for the two indices and why ranking reads
//! pre-tokenized fields.
//!
//! A replacement is atomic for readers: the new version's clause documents are
//! written under its source hash (invisible, since readers keep only the hashes the
//! catalogue lists), the catalogue document is then overwritten in one write (the
//! flip), and the old version's clauses are deleted last. Readers see the old
//! clauses or the new ones, never a mix. Writes go through the bulk API in bounded
//! batches; items the cluster refuses as too busy (429) are sent again after a pause.

mod client;
pub mod schema;

pub use client::Client;
use client::Method;
pub use schema::Layout;

use super::backend::{Backend, ClauseVectors, Commit, Health};
use super::catalogue::Catalogue;
use super::keyword::{Filter, KeywordHit};
use super::text::query_terms;
use crate::model::{Standard, StandardInfo};
use crate::{Error, Result};
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;
use std::time::Duration;

/// The weight of a term-table equivalent against a word of the query itself (the
/// embedded index's, see [`crate::index::keyword`]).
const EQUIVALENT_WEIGHT: f32 = 0.5;
/// Clause documents per bulk request.
const BULK_DOCS: usize = 500;
/// Bytes per bulk request at most (a batch of long clauses is cut earlier).
const BULK_BYTES: usize = 8 * 1024 * 1024;
/// Times a bulk batch is sent again for the items refused with 429.
const BULK_ATTEMPTS: u32 = 6;
/// Catalogue documents read per page.
const CATALOGUE_PAGE: usize = 500;

/// Where the cluster is and how its indices are laid out.
#[derive(Debug, Clone)]
pub struct Config {
    /// Node URLs (`http://127.0.0.1:9200`), tried in turn.
    pub urls: Vec<String>,
    /// Index name prefix: `<prefix>-clauses` and `<prefix>-catalogue`.
    pub prefix: String,
    /// Shards and replicas of indices created on first use.
    pub layout: Layout,
    /// Time one request may take.
    pub timeout: Duration,
}

impl Config {
    /// A configuration with the default prefix (`stdalign`), 2 shards, 1 replica.
    pub fn new(urls: Vec<String>) -> Config {
        Config {
            urls,
            prefix: "stdalign".into(),
            layout: Layout {
                shards: 2,
                replicas: 1,
            },
            timeout: Duration::from_secs(120),
        }
    }
}

/// A standard's catalogue entry beside its model.
struct Entries {
    catalogue: Catalogue,
    /// The model of each standard's vectors (by id), if it has any.
    models: HashMap<String, Option<String>>,
}

/// The id of the document listing the hidden versions.
const HIDDEN_DOC: &str = "hidden";

/// The clause index and catalogue on a cluster.
pub struct OpenSearchBackend {
    client: Client,
    clauses: String,
    catalogue_index: String,
    /// The index holding [`HIDDEN_DOC`], the versions readers must not see.
    hidden_index: String,
    model: Option<String>,
    entries: Entries,
    /// Languages holding vectors, per catalogue generation.
    vector_langs: Mutex<Option<(u64, Vec<String>)>>,
    /// The catalogue index's write counters when the catalogue was read.
    stamp: Option<u64>,
}

impl OpenSearchBackend {
    /// Connects, creates the two indices if they do not exist, and reads the
    /// catalogue. `model` is the embedder's id: vectors of another model do not count.
    pub fn open(config: &Config, model: Option<&str>) -> Result<OpenSearchBackend> {
        let client = Client::new(&config.urls, config.timeout)?;
        let clauses = format!("{}-clauses", config.prefix);
        let catalogue_index = format!("{}-catalogue", config.prefix);
        let hidden_index = format!("{}-hidden", config.prefix);
        for (name, body) in [
            (&clauses, schema::clause_index(config.layout)),
            (&catalogue_index, schema::catalogue_index(config.layout)),
            (&hidden_index, schema::hidden_index(config.layout)),
        ] {
            put_template(&client, name, &body)?;
            ensure_index(&client, name, &body)?;
        }
        let mut backend = OpenSearchBackend {
            client,
            clauses,
            catalogue_index,
            hidden_index,
            model: model.map(str::to_string),
            entries: Entries {
                catalogue: Catalogue::default(),
                models: HashMap::new(),
            },
            vector_langs: Mutex::new(None),
            stamp: None,
        };
        backend.read_catalogue()?;
        Ok(backend)
    }

    /// Deletes both indices and their templates (tests and `stdalign` users starting
    /// over).
    pub fn delete_indices(config: &Config) -> Result<()> {
        let client = Client::new(&config.urls, config.timeout)?;
        for suffix in ["clauses", "catalogue", "hidden"] {
            let name = format!("{}-{suffix}", config.prefix);
            for path in [format!("/{name}"), format!("/_index_template/{name}")] {
                let (status, value) = client.send(Method::Delete, &path, None)?;
                if status != 404 && !(200..300).contains(&status) {
                    return Err(client.error(&path, status, &value));
                }
            }
        }
        Ok(())
    }

    /// The catalogue index's count of writes and deletes on its primaries: it moves
    /// whenever any process changes the catalogue.
    fn catalogue_stamp(&self) -> Result<u64> {
        let path = format!("/{}/_stats/indexing,docs", self.catalogue_index);
        let stats = self.client.json(Method::Get, &path, None)?;
        let n = |p: &str| stats.pointer(p).and_then(Value::as_u64).unwrap_or(0);
        Ok(n("/_all/primaries/indexing/index_total")
            .wrapping_mul(31)
            .wrapping_add(n("/_all/primaries/indexing/delete_total"))
            .wrapping_mul(31)
            .wrapping_add(n("/_all/primaries/docs/count")))
    }

    /// Reads the catalogue from the cluster (another process may have written).
    fn read_catalogue(&mut self) -> Result<()> {
        let stamp = self.catalogue_stamp().ok();
        let mut entries = BTreeMap::new();
        let mut models = HashMap::new();
        let mut after: Option<Value> = None;
        loop {
            let mut body = json!({
                "size": CATALOGUE_PAGE,
                "_source": ["info", "vector_model"],
                "sort": [{"std_id": "asc"}],
                "query": {"match_all": {}},
            });
            if let Some(a) = &after {
                body["search_after"] = a.clone();
            }
            let path = format!("/{}/_search", self.catalogue_index);
            let found = self.client.search(&path, &body)?;
            let hits = hits(&found);
            for h in &hits {
                let info: StandardInfo = serde_json::from_value(h["_source"]["info"].clone())
                    .map_err(|e| self.bad_answer(&path, format!("a catalogue entry: {e}")))?;
                let model = h["_source"]["vector_model"].as_str().map(str::to_string);
                models.insert(info.id.clone(), model);
                entries.insert(info.id.clone(), info);
            }
            match hits.last() {
                Some(last) if hits.len() == CATALOGUE_PAGE => after = Some(last["sort"].clone()),
                _ => break,
            }
        }
        let generation = generation_of(&entries);
        self.entries = Entries {
            catalogue: Catalogue::new(generation, entries),
            models,
        };
        self.stamp = stamp;
        Ok(())
    }

    fn bad_answer(&self, path: &str, reason: String) -> Error {
        Error::Cluster {
            url: format!("{}{path}", self.client.urls()),
            reason: format!("unexpected answer: {reason}"),
        }
    }

    /// The filter every reader applies: no clause of a hidden version. The cluster
    /// reads the list from [`HIDDEN_DOC`] at query time (a terms lookup), so a
    /// query carries no list of its own, and a reader with an older catalogue still
    /// never sees a version being written. The list holds only versions in flight
    /// (and any a crashed ingest left), not the catalogue's hundreds of thousands.
    fn live(&self) -> Value {
        json!({"bool": {"must_not": [{"terms": {"source": {
            "index": self.hidden_index, "id": HIDDEN_DOC, "path": "shas"}}}]}})
    }

    /// The number of versions on the hidden list (none before the first ingest),
    /// or `None` when it cannot be read.
    fn hidden_count(&self) -> Option<u64> {
        let path = format!("/{}/_doc/{HIDDEN_DOC}", self.hidden_index);
        match self.client.send(Method::Get, &path, None) {
            Ok((200, doc)) => Some(doc["_source"]["shas"].as_array().map_or(0, Vec::len) as u64),
            Ok((404, _)) => Some(0),
            Ok((status, doc)) => {
                tracing::warn!(
                    "hidden versions: {}",
                    self.client.error(&path, status, &doc)
                );
                None
            }
            Err(e) => {
                tracing::warn!("hidden versions: {e}");
                None
            }
        }
    }

    /// Adds versions to the hidden list and takes others off it, in one atomic
    /// update of its document (retried on a conflict with another writer).
    fn hide(&self, add: &[&str], remove: &[&str]) -> Result<()> {
        if add.is_empty() && remove.is_empty() {
            return Ok(());
        }
        let path = format!(
            "/{}/_update/{HIDDEN_DOC}?retry_on_conflict=20&refresh=true",
            self.hidden_index
        );
        let body = json!({
            "script": {
                "lang": "painless",
                "source": "if (ctx._source.shas == null) { ctx._source.shas = []; } \
                    ctx._source.shas.removeIf(s -> params.remove.contains(s)); \
                    for (s in params.add) { if (!ctx._source.shas.contains(s)) { ctx._source.shas.add(s); } }",
                "params": {"add": add, "remove": remove},
            },
            "upsert": {"shas": add},
        });
        self.client
            .json(Method::Post, &path, Some(&body))
            .map(|_| ())
    }

    /// The request's filters as cluster filter clauses, with [`live`](Self::live).
    fn filters(&self, filter: &Filter) -> Vec<Value> {
        let mut out = vec![self.live()];
        let lower = |v: &[String]| v.iter().map(|s| s.to_lowercase()).collect::<Vec<_>>();
        if !filter.langs.is_empty() {
            out.push(json!({"terms": {"lang": filter.langs}}));
        }
        if !filter.bodies.is_empty() {
            out.push(json!({"terms": {"body": lower(&filter.bodies)}}));
        }
        if !filter.countries.is_empty() {
            out.push(json!({"terms": {"country": lower(&filter.countries)}}));
        }
        if !filter.standards.is_empty() {
            out.push(json!({"terms": {"standard": filter.standards}}));
        }
        out
    }

    /// Sends one bulk batch; items refused with 429 (or a 5xx) are sent again after
    /// a growing pause, other item failures are errors.
    fn bulk(&self, batch: String, lines_per_item: usize) -> Result<()> {
        let mut lines: Vec<&str> = batch.lines().collect();
        let mut pause = Duration::from_millis(200);
        for attempt in 0..BULK_ATTEMPTS {
            if attempt > 0 {
                std::thread::sleep(pause);
                pause *= 2;
            }
            let body = lines.join("\n") + "\n";
            let (status, value) =
                self.client
                    .send(Method::Post, "/_bulk", Some(body.as_bytes()))?;
            if !(200..300).contains(&status) {
                return Err(self.client.error("/_bulk", status, &value));
            }
            if value["errors"].as_bool() != Some(true) {
                return Ok(());
            }
            let items = value["items"].as_array().cloned().unwrap_or_default();
            let mut again: Vec<&str> = Vec::new();
            for (i, item) in items.iter().enumerate() {
                let result = item
                    .as_object()
                    .and_then(|o| o.values().next())
                    .unwrap_or(&Value::Null);
                let code = result["status"].as_u64().unwrap_or(0);
                // A delete of a document already gone is what was wanted.
                if (200..300).contains(&code) || (code == 404 && lines_per_item == 1) {
                    continue;
                }
                if code == 429 || code >= 500 {
                    let at = lines_per_item * i;
                    again.extend(lines.get(at..at + lines_per_item).unwrap_or_default());
                } else {
                    return Err(Error::Cluster {
                        url: format!("{}/_bulk", self.client.urls()),
                        reason: format!(
                            "document {} refused: HTTP {code} {}",
                            result["_id"],
                            client::reason(result)
                        ),
                    });
                }
            }
            if again.is_empty() {
                return Ok(());
            }
            tracing::debug!(
                "bulk: {} documents refused as busy, retrying",
                again.len() / 2
            );
            lines = again;
        }
        Err(Error::Cluster {
            url: format!("{}/_bulk", self.client.urls()),
            reason: format!("documents still refused as busy after {BULK_ATTEMPTS} attempts"),
        })
    }

    fn refresh(&self, index: &str) -> Result<()> {
        self.client
            .json(Method::Post, &format!("/{index}/_refresh"), None)
            .map(|_| ())
    }

    /// Deletes the clauses of the standards `ids` except those of the versions
    /// `keep`. The ids are searched and deleted through the bulk API rather than
    /// with `_delete_by_query`, which needs the reindex module a minimal cluster lacks.
    fn delete_clauses(&self, ids: &[&str], keep: &[&str]) -> Result<()> {
        if ids.is_empty() {
            return Ok(());
        }
        let query = json!({"bool": {
            "filter": [{"terms": {"standard": ids}}],
            "must_not": [{"terms": {"source": keep}}],
        }});
        let path = format!("/{}/_search", self.clauses);
        loop {
            let body = json!({"size": BULK_DOCS, "_source": false, "query": query});
            let found = self.client.search(&path, &body)?;
            let docs: Vec<String> = hits(&found)
                .iter()
                .filter_map(|h| h["_id"].as_str().map(str::to_string))
                .collect();
            if docs.is_empty() {
                return Ok(());
            }
            let mut batch = Batch::new(self, 1);
            for doc in &docs {
                batch.push(
                    json!({"delete": {"_index": self.clauses, "_id": doc}}),
                    None,
                )?;
            }
            batch.finish()?;
            self.refresh(&self.clauses)?;
        }
    }

    /// The versions the cluster's catalogue lists now for the standards `ids`
    /// (another process may have flipped one since this one did).
    fn current_sources(&self, ids: &[&str]) -> Result<Vec<String>> {
        let path = format!("/{}/_search", self.catalogue_index);
        let body = json!({"size": ids.len(), "_source": ["sha256"],
            "query": {"terms": {"std_id": ids}}});
        let found = self.client.search(&path, &body)?;
        Ok(hits(&found)
            .iter()
            .filter_map(|h| h["_source"]["sha256"].as_str().map(str::to_string))
            .collect())
    }

    fn try_commit(&mut self, change: Commit) -> Result<()> {
        let Commit {
            upserts,
            removes,
            vectors,
        } = change;
        let (model, by_clause): (Option<&str>, HashMap<&str, &Vec<f32>>) = match &vectors {
            Some(ClauseVectors {
                model,
                points,
                vectors,
            }) => (
                Some(model.as_str()),
                points
                    .iter()
                    .map(|p| p.clause_id.as_str())
                    .zip(vectors)
                    .collect(),
            ),
            None => (None, HashMap::new()),
        };
        let touched: Vec<&str> = upserts
            .iter()
            .map(|s| s.info.id.as_str())
            .chain(removes.iter().map(String::as_str))
            .collect();
        let mut old: Vec<String> = Vec::new();
        for chunk in touched.chunks(BULK_DOCS) {
            old.extend(self.current_sources(chunk)?);
        }
        let new: Vec<&str> = upserts
            .iter()
            .map(|s| s.info.source.sha256.as_str())
            .collect();
        let appearing: Vec<&str> = new
            .iter()
            .copied()
            .filter(|n| !old.iter().any(|o| o == n))
            .collect();
        let going: Vec<&str> = old
            .iter()
            .map(String::as_str)
            .filter(|o| !new.contains(o))
            .collect();
        // 1. The new versions' clauses, hidden until the flip.
        self.hide(&appearing, &[])?;
        let mut batch = Batch::new(self, 2);
        for standard in &upserts {
            for c in &standard.clauses {
                let id = c.id(&standard.info);
                let vector = by_clause.get(id.as_str()).map(|v| v.as_slice());
                batch.push(
                    json!({"index": {"_index": self.clauses,
                        "_id": schema::clause_doc_id(&standard.info, c)}}),
                    Some(schema::clause_doc(&standard.info, c, vector)),
                )?;
            }
        }
        batch.finish()?;
        if !upserts.is_empty() {
            self.refresh(&self.clauses)?;
        }
        // 2. The flip: one update of the hidden list shows the new versions and
        // hides the old ones at once; then one catalogue document per standard
        // names its new version (or, deleted, drops a removed standard).
        self.hide(&going, &appearing)?;
        let mut flip = Batch::new(self, 2);
        for standard in &upserts {
            flip.push(
                json!({"index": {"_index": self.catalogue_index, "_id": standard.info.id}}),
                Some(schema::catalogue_doc(standard, model)),
            )?;
        }
        flip.finish()?;
        let mut gone = Batch::new(self, 1);
        for id in &removes {
            gone.push(
                json!({"delete": {"_index": self.catalogue_index, "_id": id}}),
                None,
            )?;
        }
        gone.finish()?;
        self.refresh(&self.catalogue_index)?;
        // 3. The versions no catalogue entry names any more, then their place on
        // the hidden list.
        for chunk in touched.chunks(BULK_DOCS) {
            let current = self.current_sources(chunk)?;
            let keep: Vec<&str> = current.iter().map(String::as_str).collect();
            self.delete_clauses(chunk, &keep)?;
        }
        self.hide(&[], &going)
    }
}

/// Bulk actions gathered into bounded requests: sent whenever [`BULK_DOCS`] items or
/// [`BULK_BYTES`] are reached, and by [`finish`](Batch::finish).
struct Batch<'a> {
    backend: &'a OpenSearchBackend,
    lines: String,
    items: usize,
    /// Lines per item: 2 for index (action, document), 1 for delete.
    per_item: usize,
}

impl<'a> Batch<'a> {
    fn new(backend: &'a OpenSearchBackend, per_item: usize) -> Batch<'a> {
        Batch {
            backend,
            lines: String::new(),
            items: 0,
            per_item,
        }
    }

    fn push(&mut self, action: Value, doc: Option<Value>) -> Result<()> {
        self.lines.push_str(&action.to_string());
        self.lines.push('\n');
        if let Some(d) = doc {
            self.lines.push_str(&d.to_string());
            self.lines.push('\n');
        }
        self.items += 1;
        if self.items >= BULK_DOCS || self.lines.len() >= BULK_BYTES {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        if self.items > 0 {
            self.backend
                .bulk(std::mem::take(&mut self.lines), self.per_item)?;
            self.items = 0;
        }
        Ok(())
    }

    fn finish(mut self) -> Result<()> {
        self.flush()
    }
}

impl Backend for OpenSearchBackend {
    fn name(&self) -> &'static str {
        "opensearch"
    }

    fn catalogue(&self) -> &Catalogue {
        &self.entries.catalogue
    }

    fn load(&self, info: &StandardInfo) -> Result<Standard> {
        let path = format!(
            "/{}/_doc/{}?_source=standard",
            self.catalogue_index,
            encode(&info.id)
        );
        let (status, value) = self.client.send(Method::Get, &path, None)?;
        if status == 404 || value["found"].as_bool() == Some(false) {
            return Err(Error::UnknownStandard(info.reference.clone()));
        }
        if !(200..300).contains(&status) {
            return Err(self.client.error(&path, status, &value));
        }
        serde_json::from_value(value["_source"]["standard"].clone())
            .map_err(|e| self.bad_answer(&path, format!("a clause tree: {e}")))
    }

    fn has_vectors(&self) -> bool {
        let Some(model) = &self.model else {
            return false;
        };
        !self.entries.catalogue.is_empty()
            && self
                .entries
                .models
                .values()
                .all(|m| m.as_deref() == Some(model.as_str()))
    }

    fn lacking_vectors(&self) -> Vec<StandardInfo> {
        self.entries
            .catalogue
            .standards()
            .filter(|i| {
                self.entries.models.get(&i.id).cloned().flatten().as_deref()
                    != self.model.as_deref()
            })
            .cloned()
            .collect()
    }

    fn clause_vectors(&self, standard_id: &str) -> Result<HashMap<String, Vec<f32>>> {
        let Some(info) = self.entries.catalogue.get(standard_id) else {
            return Ok(HashMap::new());
        };
        if !self.has_vectors() {
            return Ok(HashMap::new());
        }
        let path = format!("/{}/_search", self.clauses);
        let body = json!({
            "size": info.clause_count.max(1),
            "_source": ["clause_id", "embedding"],
            "query": {"bool": {"filter": [
                {"term": {"standard": standard_id}},
                {"term": {"source": info.source.sha256}},
            ]}},
        });
        let found = self.client.search(&path, &body)?;
        let mut out = HashMap::new();
        for h in hits(&found) {
            let id = h["_source"]["clause_id"].as_str().unwrap_or_default();
            let Some(v) = h["_source"]["embedding"].as_array() else {
                continue;
            };
            let v: Vec<f32> = v
                .iter()
                .filter_map(|x| x.as_f64())
                .map(|x| x as f32)
                .collect();
            out.insert(id.to_string(), v);
        }
        Ok(out)
    }

    fn keyword_candidates(
        &self,
        query: &str,
        equivalents: &[String],
        filter: &Filter,
        n: usize,
    ) -> Result<Vec<(String, f32)>> {
        // The embedded index's query, term for term: exact terms on the exact
        // fields, folded terms on the folded ones, equivalents at half weight.
        let mut should = Vec::new();
        let texts = std::iter::once((query, 1.0))
            .chain(equivalents.iter().map(|e| (e.as_str(), EQUIVALENT_WEIGHT)));
        for (text, weight) in texts {
            for (fields, fold) in [
                ([("heading_exact", 1.5), ("text_exact", 1.0)], false),
                ([("heading_folded", 1.2), ("text_folded", 0.8)], true),
            ] {
                for term in query_terms(text, fold) {
                    for (field, boost) in fields {
                        should.push(
                            json!({"term": {field: {"value": term, "boost": boost * weight}}}),
                        );
                    }
                }
            }
        }
        if should.is_empty() || n == 0 {
            return Ok(Vec::new());
        }
        let body = json!({
            "size": n,
            "_source": false,
            "docvalue_fields": ["clause_id"],
            "query": {"bool": {"should": should, "minimum_should_match": 1,
                "filter": self.filters(filter)}},
        });
        // Term statistics of all shards, as one index has them.
        let path = format!("/{}/_search?search_type=dfs_query_then_fetch", self.clauses);
        let found = self.client.search(&path, &body)?;
        Ok(scored_ids(&found))
    }

    fn doc_freqs(&self, terms: &[String]) -> Result<(u64, Vec<u64>)> {
        // One request: a filter bucket a term over the live clauses, as the
        // embedded index counts them.
        let aggs: serde_json::Map<String, Value> = terms
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let either = json!({"bool": {"should": [
                    {"term": {"heading_folded": t}}, {"term": {"text_folded": t}}]}});
                (format!("t{i}"), json!({"filter": either}))
            })
            .collect();
        let body = json!({"size": 0, "track_total_hits": true, "query": self.live(), "aggs": aggs});
        let path = format!("/{}/_search", self.clauses);
        let found = self.client.search(&path, &body)?;
        let total = found["hits"]["total"]["value"].as_u64().unwrap_or(0);
        let counts = (0..terms.len())
            .map(|i| {
                found["aggregations"][format!("t{i}")]["doc_count"]
                    .as_u64()
                    .unwrap_or(0)
            })
            .collect();
        Ok((total, counts))
    }

    fn terms_held(&self, clause_ids: &[String], terms: &[String]) -> Result<Vec<Vec<usize>>> {
        let mut out = vec![Vec::new(); clause_ids.len()];
        if clause_ids.is_empty() || terms.is_empty() {
            return Ok(out);
        }
        // One request: each term a named optional query, and each hit says which
        // of them it matched.
        let named: Vec<Value> = terms
            .iter()
            .enumerate()
            .map(|(i, t)| {
                json!({"bool": {"_name": format!("t{i}"), "should": [
                    {"term": {"heading_folded": t}}, {"term": {"text_folded": t}}]}})
            })
            .collect();
        let body = json!({
            "size": clause_ids.len(),
            "_source": false,
            "docvalue_fields": ["clause_id"],
            "query": {"bool": {"filter": [self.live(), {"terms": {"clause_id": clause_ids}}],
                "should": named}},
        });
        let path = format!("/{}/_search", self.clauses);
        let found = self.client.search(&path, &body)?;
        let position: HashMap<&str, usize> = clause_ids
            .iter()
            .enumerate()
            .map(|(i, id)| (id.as_str(), i))
            .collect();
        for h in hits(&found) {
            let Some(&i) = h["fields"]["clause_id"][0]
                .as_str()
                .and_then(|id| position.get(id))
            else {
                continue;
            };
            out[i] = h["matched_queries"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|n| n.as_str()?.strip_prefix('t')?.parse().ok())
                .collect();
            out[i].sort_unstable();
        }
        Ok(out)
    }

    fn vector_langs(&self) -> Vec<String> {
        let generation = self.entries.catalogue.generation();
        let mut cached = self.vector_langs.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((g, langs)) = cached.as_ref()
            && *g == generation
        {
            return langs.clone();
        }
        let body = json!({
            "size": 0,
            "query": {"bool": {"filter": [self.live(), {"exists": {"field": "embedding"}}]}},
            "aggs": {"langs": {"terms": {"field": "lang", "size": 100}}},
        });
        let path = format!("/{}/_search", self.clauses);
        let mut langs: Vec<String> = match self.client.search(&path, &body) {
            Ok(found) => found["aggregations"]["langs"]["buckets"]
                .as_array()
                .map(|b| {
                    b.iter()
                        .filter_map(|x| x["key"].as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default(),
            Err(e) => {
                tracing::warn!("vector languages: {e}");
                return Vec::new();
            }
        };
        langs.sort();
        *cached = Some((generation, langs.clone()));
        langs
    }

    fn vector_candidates(
        &self,
        query: &[f32],
        langs: &[String],
        per_lang: usize,
        filter: &Filter,
    ) -> Result<Vec<Vec<(String, f32)>>> {
        use rayon::prelude::*;
        let path = format!("/{}/_search", self.clauses);
        langs
            .par_iter()
            .map(|lang| {
                let mut filters = self.filters(&Filter {
                    langs: Vec::new(),
                    ..filter.clone()
                });
                filters.push(json!({"term": {"lang": lang}}));
                let body = json!({
                    "size": per_lang,
                    "_source": false,
                    "docvalue_fields": ["clause_id"],
                    "query": {"knn": {"embedding": {
                        "vector": query,
                        "k": per_lang,
                        "filter": {"bool": {"filter": filters}},
                    }}},
                });
                let found = self.client.search(&path, &body)?;
                // Lucene scores a cosine c as (1 + c) / 2.
                Ok(scored_ids(&found)
                    .into_iter()
                    .map(|(id, s)| (id, 2.0 * s - 1.0))
                    .collect())
            })
            .collect()
    }

    fn fetch(&self, clause_ids: &[String]) -> Result<Vec<KeywordHit>> {
        if clause_ids.is_empty() {
            return Ok(Vec::new());
        }
        let body = json!({
            "size": clause_ids.len(),
            "_source": ["standard", "reference", "key", "heading", "text", "lang", "kind", "clause_id"],
            "query": {"bool": {"filter": [self.live(), {"terms": {"clause_id": clause_ids}}]}},
        });
        let path = format!("/{}/_search", self.clauses);
        let found = self.client.search(&path, &body)?;
        let mut by_id: HashMap<String, KeywordHit> = HashMap::new();
        for h in hits(&found) {
            let s = &h["_source"];
            let get = |f: &str| s[f].as_str().unwrap_or_default().to_string();
            let heading = get("heading");
            by_id.insert(
                get("clause_id"),
                KeywordHit {
                    standard: get("standard"),
                    reference: get("reference"),
                    key: get("key"),
                    heading: (!heading.is_empty()).then_some(heading),
                    text: get("text"),
                    lang: get("lang"),
                    kind: get("kind"),
                },
            );
        }
        Ok(clause_ids
            .iter()
            .filter_map(|id| by_id.remove(id))
            .collect())
    }

    fn clause_count(&self) -> Result<u64> {
        let path = format!("/{}/_count", self.clauses);
        let found = self.client.search(&path, &json!({"query": self.live()}))?;
        Ok(found["count"].as_u64().unwrap_or(0))
    }

    fn commit(&mut self, change: Commit) -> Result<()> {
        let result = self.try_commit(change);
        // Whatever happened, read what the cluster now holds.
        let reloaded = self.read_catalogue();
        result.and(reloaded)
    }

    fn stale(&self) -> Result<bool> {
        Ok(self.stamp != Some(self.catalogue_stamp()?))
    }

    fn reload(&mut self) -> Result<()> {
        self.read_catalogue()
    }

    fn health(&self) -> Health {
        match self.client.json(Method::Get, "/_cluster/health", None) {
            Ok(v) => Health {
                backend: "opensearch",
                status: v["status"].as_str().unwrap_or("unknown").to_string(),
                nodes: v["number_of_nodes"].as_u64(),
                detail: Some(self.client.urls()),
                hidden: self.hidden_count(),
            },
            Err(e) => Health {
                backend: "opensearch",
                status: "unreachable".into(),
                nodes: None,
                detail: Some(e.to_string()),
                hidden: None,
            },
        }
    }
}

/// Puts the index template of `name` (see [`schema::template`]); the same body from
/// several processes at once is harmless.
fn put_template(client: &Client, name: &str, index: &Value) -> Result<()> {
    let path = format!("/_index_template/{name}");
    let bytes = serde_json::to_vec(&schema::template(name, index)).unwrap_or_default();
    let (status, value) = client.send(Method::Put, &path, Some(&bytes))?;
    if (200..300).contains(&status) {
        Ok(())
    } else {
        Err(client.error(&path, status, &value))
    }
}

/// Creates an index with `body` unless it exists (another process may create it at
/// the same moment: "already exists" is success).
fn ensure_index(client: &Client, name: &str, body: &Value) -> Result<()> {
    let path = format!("/{name}");
    let (status, _) = client.send(Method::Head, &path, None)?;
    if status == 200 {
        return Ok(());
    }
    let bytes = serde_json::to_vec(body).unwrap_or_default();
    let (status, value) = client.send(Method::Put, &path, Some(&bytes))?;
    let exists = value.pointer("/error/type").and_then(Value::as_str)
        == Some("resource_already_exists_exception");
    if (200..300).contains(&status) || exists {
        Ok(())
    } else {
        Err(client.error(&path, status, &value))
    }
}

/// The hits of a search response.
fn hits(found: &Value) -> Vec<Value> {
    found["hits"]["hits"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// Clause ids (from doc values) with scores, in the response's order.
fn scored_ids(found: &Value) -> Vec<(String, f32)> {
    hits(found)
        .iter()
        .filter_map(|h| {
            let id = h["fields"]["clause_id"][0].as_str()?.to_string();
            Some((id, h["_score"].as_f64().unwrap_or(0.0) as f32))
        })
        .collect()
}

/// A generation number for a catalogue: changes whenever a standard is added,
/// removed or replaced (caches of alignments are kept per generation).
fn generation_of(entries: &BTreeMap<String, StandardInfo>) -> u64 {
    use sha2::{Digest, Sha256};
    if entries.is_empty() {
        return 0;
    }
    let mut hash = Sha256::new();
    for (id, info) in entries {
        hash.update(id.as_bytes());
        hash.update([0]);
        hash.update(info.source.sha256.as_bytes());
        hash.update([0]);
    }
    let digest = hash.finalize();
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&digest[..8]);
    // Never 0, which is the empty catalogue's.
    u64::from_be_bytes(bytes).max(1)
}

/// Percent-encodes a document id for a URL path.
fn encode(id: &str) -> String {
    let mut out = String::new();
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_encoded_for_paths() {
        assert_eq!(encode("GB 4706.1-2005"), "GB%204706.1-2005");
        assert_eq!(encode("มอก."), "%E0%B8%A1%E0%B8%AD%E0%B8%81.");
    }

    #[test]
    fn bad_urls_are_refused_with_the_url() {
        let err = Client::new(&["https://x:9200".into()], Duration::from_secs(1))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("https://x:9200"), "{err}");
    }

    #[test]
    fn an_unreachable_cluster_is_an_error_naming_the_urls() {
        // Port 9 (discard) is closed on loopback: every attempt fails to connect.
        let client = Client::new(&["http://127.0.0.1:9".into()], Duration::from_secs(2)).unwrap();
        let err = client
            .send(Method::Get, "/_cluster/health", None)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("http://127.0.0.1:9"), "{err}");
    }
}

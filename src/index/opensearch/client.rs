//! HTTP to the cluster: JSON in and out over ureq, one agent shared by all threads.
//! Several node URLs may be given; a request that cannot connect to one tries the
//! next (a node that is down must not take the service with it). A request the
//! cluster answers with 429 or a 5xx is retried on the same URL list with a growing
//! pause, since both mean "busy now, try again" (a full write queue, a shard
//! relocating). Other errors come back at once as [`Error::Cluster`] naming the URL
//! and the cluster's reason.

use crate::{Error, Result};
use serde_json::Value;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// Attempts for one request that gets 429 or 5xx, pauses doubling from [`PAUSE`].
const ATTEMPTS: u32 = 6;
/// The first pause after a 429 or 5xx.
const PAUSE: Duration = Duration::from_millis(200);
/// The largest response read (a catalogue page or a standard's clause tree).
const MAX_BODY: u64 = 512 * 1024 * 1024;

/// A JSON client for a list of node URLs.
pub struct Client {
    urls: Vec<String>,
    agent: ureq::Agent,
    /// The URL that answered last: requests start there.
    preferred: AtomicUsize,
}

/// An HTTP method the client uses.
#[derive(Debug, Clone, Copy)]
pub enum Method {
    /// GET
    Get,
    /// PUT
    Put,
    /// POST
    Post,
    /// DELETE
    Delete,
    /// HEAD
    Head,
}

impl Client {
    /// A client for these node URLs (`http://host:9200`), tried in turn.
    pub fn new(urls: &[String], timeout: Duration) -> Result<Client> {
        let urls: Vec<String> = urls
            .iter()
            .map(|u| u.trim().trim_end_matches('/').to_string())
            .filter(|u| !u.is_empty())
            .collect();
        if urls.is_empty() {
            return Err(Error::InvalidQuery(
                "--os-url names no cluster URL (e.g. http://127.0.0.1:9200)".into(),
            ));
        }
        if let Some(bad) = urls.iter().find(|u| !u.starts_with("http://")) {
            return Err(Error::Cluster {
                url: bad.clone(),
                reason: "only http:// URLs are supported (put TLS in front with a proxy)".into(),
            });
        }
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(timeout))
            .timeout_connect(Some(Duration::from_secs(3)))
            .build()
            .into();
        Ok(Client {
            urls,
            agent,
            preferred: AtomicUsize::new(0),
        })
    }

    /// The node URLs, comma-separated (for messages).
    pub fn urls(&self) -> String {
        self.urls.join(",")
    }

    /// Sends a request and returns the status and the parsed body (`Null` for an
    /// empty one). Statuses below 500 other than 429 are returned for the caller to
    /// judge; connection failures, 429 and 5xx are retried as the module explains.
    pub fn send(&self, method: Method, path: &str, body: Option<&[u8]>) -> Result<(u16, Value)> {
        let mut pause = PAUSE;
        let mut last = String::new();
        for attempt in 0..ATTEMPTS {
            if attempt > 0 {
                std::thread::sleep(pause);
                pause *= 2;
            }
            match self.send_once(method, path, body)? {
                Ok((url, status, value)) if status == 429 || status >= 500 => {
                    last = format!("{url}{path}: HTTP {status} {}", reason(&value));
                    tracing::debug!("retrying: {last}");
                }
                Ok((_, status, value)) => return Ok((status, value)),
                Err(unreachable) => last = unreachable,
            }
        }
        Err(Error::Cluster {
            url: self.urls(),
            reason: format!("no success after {ATTEMPTS} attempts; last: {last}"),
        })
    }

    /// [`send`](Self::send), with any status but 2xx (and 404 when `allow_404`)
    /// turned into an error naming the URL and the cluster's reason.
    pub fn json(&self, method: Method, path: &str, body: Option<&Value>) -> Result<Value> {
        let bytes = body.map(|b| serde_json::to_vec(b).unwrap_or_default());
        let (status, value) = self.send(method, path, bytes.as_deref())?;
        if !(200..300).contains(&status) {
            return Err(self.error(path, status, &value));
        }
        Ok(value)
    }

    /// A search: [`json`](Self::json), where an answer missing some shards (a node
    /// just went down and its replicas are being promoted) is asked again after a
    /// pause instead of being taken as the whole answer.
    pub fn search(&self, path: &str, body: &Value) -> Result<Value> {
        let mut pause = PAUSE;
        for _ in 0..ATTEMPTS {
            let value = self.json(Method::Post, path, Some(body))?;
            let failed = value.pointer("/_shards/failed").and_then(Value::as_u64);
            if failed.unwrap_or(0) == 0 {
                return Ok(value);
            }
            tracing::debug!("{path}: {failed:?} shards failed, asking again");
            std::thread::sleep(pause);
            pause *= 2;
        }
        Err(Error::Cluster {
            url: format!("{}{path}", self.urls()),
            reason: format!("shards still failing after {ATTEMPTS} attempts"),
        })
    }

    /// An error for a response the caller did not expect.
    pub fn error(&self, path: &str, status: u16, value: &Value) -> Error {
        let url = self
            .urls
            .get(self.preferred.load(Ordering::Relaxed))
            .cloned()
            .unwrap_or_default();
        Error::Cluster {
            url: format!("{url}{path}"),
            reason: format!("HTTP {status}: {}", reason(value)),
        }
    }

    /// One try over the URL list: the first URL that accepts the connection answers
    /// (`Ok(Ok(..))`); `Ok(Err(..))` when none did, saying why.
    #[allow(clippy::type_complexity)]
    fn send_once(
        &self,
        method: Method,
        path: &str,
        body: Option<&[u8]>,
    ) -> Result<std::result::Result<(String, u16, Value), String>> {
        let start = self.preferred.load(Ordering::Relaxed);
        let mut failures = Vec::new();
        for i in 0..self.urls.len() {
            let n = (start + i) % self.urls.len();
            let url = &self.urls[n];
            let full = format!("{url}{path}");
            let sent = match (method, body) {
                (Method::Get, None) => self.agent.get(&full).call(),
                (Method::Head, _) => self.agent.head(&full).call(),
                (Method::Delete, None) => self.agent.delete(&full).call(),
                (Method::Get, Some(b)) => self
                    .agent
                    .get(&full)
                    .force_send_body()
                    .header("Content-Type", "application/json")
                    .send(b),
                (Method::Delete, Some(b)) => self
                    .agent
                    .delete(&full)
                    .force_send_body()
                    .header("Content-Type", "application/json")
                    .send(b),
                (Method::Put, b) => self
                    .agent
                    .put(&full)
                    .header("Content-Type", content_type(path))
                    .send(b.unwrap_or_default()),
                (Method::Post, b) => self
                    .agent
                    .post(&full)
                    .header("Content-Type", content_type(path))
                    .send(b.unwrap_or_default()),
            };
            match sent {
                Ok(mut response) => {
                    self.preferred.store(n, Ordering::Relaxed);
                    let status = response.status().as_u16();
                    let text = response
                        .body_mut()
                        .with_config()
                        .limit(MAX_BODY)
                        .read_to_string()
                        .map_err(|e| Error::Cluster {
                            url: full.clone(),
                            reason: format!("reading the response: {e}"),
                        })?;
                    let value = if text.trim().is_empty() {
                        Value::Null
                    } else {
                        serde_json::from_str(&text).map_err(|e| Error::Cluster {
                            url: full.clone(),
                            reason: format!(
                                "HTTP {status} with a body that is not JSON ({e}): {}",
                                text.chars().take(200).collect::<String>()
                            ),
                        })?
                    };
                    return Ok(Ok((url.clone(), status, value)));
                }
                Err(e) => failures.push(format!("{full}: {e}")),
            }
        }
        Ok(Err(format!("no node answered ({})", failures.join("; "))))
    }
}

/// The bulk API takes newline-delimited JSON.
fn content_type(path: &str) -> &'static str {
    if path.contains("_bulk") {
        "application/x-ndjson"
    } else {
        "application/json"
    }
}

/// The cluster's own words for an error response (`error.reason`, else the body).
pub fn reason(value: &Value) -> String {
    let root = value.pointer("/error/root_cause/0/reason");
    let top = value.pointer("/error/reason");
    match root.or(top).and_then(Value::as_str) {
        Some(r) => r.to_string(),
        None => value.to_string().chars().take(300).collect(),
    }
}

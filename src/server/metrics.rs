//! `GET /metrics` in the Prometheus text format: requests by route pattern, method and
//! status, a latency histogram per route, uploads, and the index size. Routes are
//! labelled by their pattern (`/api/standards/{reference}`), never by the raw path,
//! so a client cannot grow the label set without bound.

use super::AppState;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{HttpResponse, get, web};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::Instant;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 10] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 5.0];

/// Counters, updated by [`record`].
#[derive(Default)]
pub(crate) struct Metrics {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    /// (route, method, status) → count.
    requests: BTreeMap<(String, String, u16), u64>,
    /// route → (bucket counts, sum of seconds, count).
    latency: BTreeMap<String, ([u64; BUCKETS.len()], f64, u64)>,
    uploads: u64,
    upload_failures: u64,
}

impl Metrics {
    fn observe(&self, route: String, method: String, status: u16, seconds: f64) {
        let mut m = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        *m.requests
            .entry((route.clone(), method, status))
            .or_insert(0) += 1;
        let (buckets, sum, count) = m.latency.entry(route).or_default();
        for (b, le) in buckets.iter_mut().zip(BUCKETS) {
            if seconds <= le {
                *b += 1;
            }
        }
        *sum += seconds;
        *count += 1;
    }

    /// Counts one upload request and its failed files.
    pub(crate) fn count_ingest(&self, failed_files: usize) {
        let mut m = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        m.uploads += 1;
        m.upload_failures += failed_files as u64;
    }
}

/// Middleware: times every request and counts it under its route pattern.
pub(crate) async fn record(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let method = req.method().to_string();
    let res = next.call(req).await?;
    if let Some(state) = state {
        let route = res
            .request()
            .match_pattern()
            .filter(|p| p.starts_with("/api") || p == "/healthz" || p == "/metrics")
            .unwrap_or_else(|| "static".into());
        state.metrics.observe(
            route,
            method,
            res.status().as_u16(),
            started.elapsed().as_secs_f64(),
        );
    }
    Ok(res)
}

pub(crate) fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(get_metrics);
}

/// Prometheus metrics.
#[utoipa::path(responses((status = 200, description = "Prometheus text format", content_type = "text/plain")))]
#[get("/metrics")]
async fn get_metrics(state: web::Data<AppState>) -> Result<HttpResponse, super::ApiError> {
    let (standards, clauses) = state
        .read(|e| Ok((e.list().len(), e.clause_count())))
        .await?;
    let m = state
        .metrics
        .inner
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = writeln!(
        out,
        "# HELP stdalign_http_requests_total HTTP requests by route, method and status.\n\
         # TYPE stdalign_http_requests_total counter"
    );
    for ((route, method, status), n) in &m.requests {
        let _ = writeln!(
            out,
            "stdalign_http_requests_total{{route=\"{route}\",method=\"{method}\",status=\"{status}\"}} {n}"
        );
    }
    let _ = writeln!(
        out,
        "# HELP stdalign_http_request_duration_seconds Request latency by route.\n\
         # TYPE stdalign_http_request_duration_seconds histogram"
    );
    for (route, (buckets, sum, count)) in &m.latency {
        for (b, le) in buckets.iter().zip(BUCKETS) {
            let _ = writeln!(
                out,
                "stdalign_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{le}\"}} {b}"
            );
        }
        let _ = writeln!(
            out,
            "stdalign_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {count}\n\
             stdalign_http_request_duration_seconds_sum{{route=\"{route}\"}} {sum}\n\
             stdalign_http_request_duration_seconds_count{{route=\"{route}\"}} {count}"
        );
    }
    let _ = writeln!(
        out,
        "# HELP stdalign_uploads_total Upload requests.\n# TYPE stdalign_uploads_total counter\n\
         stdalign_uploads_total {}\n\
         # HELP stdalign_upload_failed_files_total Uploaded files that could not be ingested.\n\
         # TYPE stdalign_upload_failed_files_total counter\nstdalign_upload_failed_files_total {}\n\
         # HELP stdalign_standards Standards in the index.\n# TYPE stdalign_standards gauge\n\
         stdalign_standards {standards}\n\
         # HELP stdalign_clauses Clauses in the index.\n# TYPE stdalign_clauses gauge\n\
         stdalign_clauses {clauses}",
        m.uploads, m.upload_failures
    );
    Ok(HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(out))
}

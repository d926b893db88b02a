//! Read-only API routes: search, standards, clauses, counterparts, alignment, matrix,
//! checklist and health. Each validates its parameters, calls the `Engine` method the
//! CLI calls, and renders with `report` (CSV, XLSX, HTML) where a download is asked for.

use super::{ApiError, AppState};
use crate::align::check::Checklist;
use crate::align::counterparts::StandardCounterpart;
use crate::align::matrix::Matrix;
use crate::align::{Alignment, ClauseCounterpart};
use crate::model::{Clause, StandardInfo};
use crate::report;
use crate::search::{Mode, SearchRequest, SearchResults};
use crate::terms::TermGroup;
use actix_web::http::header::{ContentDisposition, ContentType, DispositionParam, DispositionType};
use actix_web::{HttpResponse, get, web};
use serde::{Deserialize, Serialize};

/// Largest page of search results.
const MAX_K: usize = 100;
/// Deepest page start.
const MAX_OFFSET: usize = 10_000;
/// Longest query, in characters.
const MAX_QUERY: usize = 1_000;

pub(crate) fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(get_search)
        .service(get_standards)
        .service(get_standard)
        .service(get_clause)
        .service(get_counterparts)
        .service(get_align)
        .service(get_matrix)
        .service(get_check)
        .service(get_terms)
        .service(get_healthz);
}

/// Parameters of `/api/search`. Lists are comma-separated (`lang=zh,vi`).
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct SearchParams {
    /// The query, in any language.
    q: String,
    /// Languages to keep (zh, en, th, vi, id, ms).
    lang: Option<String>,
    /// Bodies or originators to keep (SAC, TISI, TCVN, BSN, DSM, SSC, BPS, GB …).
    body: Option<String>,
    /// Standards to keep (references, dated or not).
    standard: Option<String>,
    /// `keyword`, `vector` or `hybrid` (default).
    mode: Option<String>,
    /// Results per page (1–100, default 10).
    k: Option<usize>,
    /// Results to skip (pagination).
    offset: Option<usize>,
    /// `true`: also group the page's hits by requirement (`groups`).
    group: Option<bool>,
}

/// A page of search results.
#[derive(Serialize, utoipa::ToSchema)]
pub(crate) struct SearchPage {
    #[serde(flatten)]
    #[schema(inline)]
    results: SearchResults,
    /// Results skipped before this page.
    offset: usize,
    /// Page size asked for.
    k: usize,
}

fn list(v: Option<String>) -> Vec<String> {
    v.map(|s| {
        s.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect()
    })
    .unwrap_or_default()
}

impl SearchParams {
    fn request(self) -> Result<SearchRequest, ApiError> {
        let query = self.q.trim().to_string();
        if query.is_empty() {
            return Err(ApiError::bad_parameter("q must not be empty"));
        }
        if query.chars().count() > MAX_QUERY {
            return Err(ApiError::bad_parameter(format!(
                "q is longer than {MAX_QUERY} characters"
            )));
        }
        let k = self.k.unwrap_or(crate::search::DEFAULT_K);
        if !(1..=MAX_K).contains(&k) {
            return Err(ApiError::bad_parameter(format!("k must be 1..={MAX_K}")));
        }
        let offset = self.offset.unwrap_or(0);
        if offset > MAX_OFFSET {
            return Err(ApiError::bad_parameter(format!(
                "offset must be at most {MAX_OFFSET}"
            )));
        }
        let mode = match self.mode.as_deref().unwrap_or("hybrid") {
            "keyword" => Mode::Keyword,
            "vector" => Mode::Vector,
            "hybrid" => Mode::Hybrid,
            other => {
                return Err(ApiError::bad_parameter(format!(
                    "mode '{other}' is not keyword, vector or hybrid"
                )));
            }
        };
        Ok(SearchRequest {
            query,
            k,
            offset,
            langs: list(self.lang),
            bodies: list(self.body),
            standards: list(self.standard),
            mode,
            group: self.group.unwrap_or(false),
        })
    }
}

/// Searches clauses in every language: keyword and meaning, fused.
#[utoipa::path(
    params(SearchParams),
    responses(
        (status = 200, body = SearchPage),
        (status = 400, description = "Bad parameter", body = super::error::ErrorBody),
    )
)]
#[get("/api/search")]
async fn get_search(
    state: web::Data<AppState>,
    params: web::Query<SearchParams>,
) -> Result<web::Json<SearchPage>, ApiError> {
    let request = params.into_inner().request()?;
    let (offset, k) = (request.offset, request.k);
    let results = state.read(move |e| e.search(&request)).await?;
    Ok(web::Json(SearchPage { results, offset, k }))
}

/// The standards in the index.
#[utoipa::path(responses((status = 200, body = Vec<StandardInfo>)))]
#[get("/api/standards")]
async fn get_standards(
    state: web::Data<AppState>,
) -> Result<web::Json<Vec<StandardInfo>>, ApiError> {
    let list = state
        .read(|e| Ok(e.list().into_iter().cloned().collect()))
        .await?;
    Ok(web::Json(list))
}

/// A standard with its clauses, plus the counterparts it can be aligned with.
#[derive(Serialize, utoipa::ToSchema)]
struct StandardPage<'a> {
    #[serde(flatten)]
    #[schema(inline)]
    standard: report::ShowJson<'a>,
    /// Dated references of the standards covering the same subject (align targets),
    /// best first.
    counterparts: Vec<String>,
    /// The same counterparts with how they were found and how sure that is.
    counterpart_evidence: Vec<StandardCounterpart>,
}

/// A standard: metadata (with adoptions), clause tree and counterparts.
#[utoipa::path(
    params(("reference" = String, Path, description = "Standard reference, dated or not; URL-encoded")),
    responses(
        (status = 200, body = StandardPage),
        (status = 404, description = "Unknown standard", body = super::error::ErrorBody),
    )
)]
#[get("/api/standards/{reference}")]
async fn get_standard(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let reference = path.into_inner();
    let (standard, found) = state
        .read_heavy(move |e| {
            let s = e.standard(&reference)?;
            let found = e.counterparts(&s.info.reference)?;
            Ok((s, found))
        })
        .await?;
    Ok(HttpResponse::Ok().json(StandardPage {
        standard: report::ShowJson::from(&standard),
        counterparts: found.iter().map(|c| c.reference.clone()).collect(),
        counterpart_evidence: found,
    }))
}

/// One clause of a standard.
#[utoipa::path(
    params(
        ("reference" = String, Path, description = "Standard reference; URL-encoded"),
        ("key" = String, Path, description = "Clause key, e.g. 13.2 or A.1"),
    ),
    responses(
        (status = 200, body = Clause),
        (status = 404, description = "Unknown standard or clause", body = super::error::ErrorBody),
    )
)]
#[get("/api/standards/{reference}/clauses/{key}")]
async fn get_clause(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<web::Json<Clause>, ApiError> {
    let (reference, key) = path.into_inner();
    let (_, clause) = state.read(move |e| e.clause(&reference, &key)).await?;
    Ok(web::Json(clause))
}

/// Where a clause lands in every other standard of the index.
#[utoipa::path(
    params(
        ("reference" = String, Path, description = "Standard reference; URL-encoded"),
        ("key" = String, Path, description = "Clause key"),
    ),
    responses(
        (status = 200, body = Vec<ClauseCounterpart>),
        (status = 404, description = "Unknown standard or clause", body = super::error::ErrorBody),
    )
)]
#[get("/api/clauses/{reference}/{key}/counterparts")]
async fn get_counterparts(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<web::Json<Vec<ClauseCounterpart>>, ApiError> {
    let (reference, key) = path.into_inner();
    let found = state
        .read_heavy(move |e| e.clause_counterparts(&reference, &key))
        .await?;
    Ok(web::Json(found))
}

/// Parameters of `/api/terms`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct TermsParams {
    /// A term or part of one, in any language (diacritics and case ignored).
    q: String,
}

/// The glossary: groups of terms the indexed standards define, one concept in every
/// language found (from bilingual term headings and aligned term clauses).
#[utoipa::path(
    params(TermsParams),
    responses(
        (status = 200, body = Vec<TermGroup>),
        (status = 400, description = "Bad parameter", body = super::error::ErrorBody),
    )
)]
#[get("/api/terms")]
async fn get_terms(
    state: web::Data<AppState>,
    params: web::Query<TermsParams>,
) -> Result<web::Json<Vec<TermGroup>>, ApiError> {
    let q = params.into_inner().q;
    if q.trim().is_empty() || q.chars().count() > MAX_QUERY {
        return Err(ApiError::bad_parameter(format!(
            "q: a term of 1 to {MAX_QUERY} characters"
        )));
    }
    let found = state
        .read_heavy(move |e| {
            let table = e.terms()?;
            Ok(table.lookup(&q).into_iter().cloned().collect())
        })
        .await?;
    Ok(web::Json(found))
}

/// Parameters of `/api/align`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct AlignParams {
    /// Left standard (reference).
    left: String,
    /// Right standard (reference).
    right: String,
    /// `json` (default), `csv`, `xlsx` or `html`.
    format: Option<String>,
}

/// Two standards clause by clause, with the differences of every aligned group.
#[utoipa::path(
    params(AlignParams),
    responses(
        (status = 200, body = Alignment, description = "JSON, or a CSV/XLSX/HTML download"),
        (status = 400, description = "Bad parameter", body = super::error::ErrorBody),
        (status = 404, description = "Unknown standard", body = super::error::ErrorBody),
    )
)]
#[get("/api/align")]
async fn get_align(
    state: web::Data<AppState>,
    params: web::Query<AlignParams>,
) -> Result<HttpResponse, ApiError> {
    let AlignParams {
        left,
        right,
        format,
    } = params.into_inner();
    let format = Format::parse(format.as_deref(), &["json", "csv", "xlsx", "html"])?;
    let (alignment, left, right) = state
        .read_heavy(move |e| {
            let left = e.standard(&left)?;
            let right = e.standard(&right)?;
            Ok((e.align_standards(&left, &right)?, left, right))
        })
        .await?;
    let name = format!("{}__{}", left.info.reference, right.info.reference);
    Ok(match format {
        Format::Json => HttpResponse::Ok().json(alignment),
        Format::Csv => download(
            &name,
            format,
            report::alignment_csv(&alignment, &left, &right).into_bytes(),
        ),
        Format::Xlsx => download(
            &name,
            format,
            report::alignment_xlsx(&alignment, &left, &right)?,
        ),
        Format::Html => HttpResponse::Ok()
            .content_type(ContentType::html())
            .body(report::alignment_html(&alignment, &left, &right)),
    })
}

/// Parameters of `/api/matrix`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct MatrixParams {
    /// The standard to line up with all its counterparts.
    standard: String,
    /// `json` (default), `csv` or `xlsx`.
    format: Option<String>,
}

/// A standard against all its counterparts: values and strength per body, conflicts
/// and suggested harmonised choices.
#[utoipa::path(
    params(MatrixParams),
    responses(
        (status = 200, body = Matrix, description = "JSON, or a CSV/XLSX download"),
        (status = 404, description = "Unknown standard", body = super::error::ErrorBody),
    )
)]
#[get("/api/matrix")]
async fn get_matrix(
    state: web::Data<AppState>,
    params: web::Query<MatrixParams>,
) -> Result<HttpResponse, ApiError> {
    let MatrixParams { standard, format } = params.into_inner();
    let format = Format::parse(format.as_deref(), &["json", "csv", "xlsx"])?;
    let matrix = state.read_heavy(move |e| e.matrix(&standard)).await?;
    let name = format!("matrix__{}", matrix.standard);
    Ok(match format {
        Format::Csv => download(&name, format, report::matrix_csv(&matrix).into_bytes()),
        Format::Xlsx => download(&name, format, report::matrix_xlsx(&matrix)?),
        _ => HttpResponse::Ok().json(matrix),
    })
}

/// Parameters of `/api/check`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct CheckParams {
    /// The standard the product is certified to.
    have: String,
    /// Target market: a country (Thailand, VN), a body (TISI) or an originator (TCVN).
    target: String,
}

/// For a product certified to one standard, what a target market asks for beyond it.
#[utoipa::path(
    params(CheckParams),
    responses(
        (status = 200, body = Checklist),
        (status = 400, description = "No counterpart in that market", body = super::error::ErrorBody),
        (status = 404, description = "Unknown standard", body = super::error::ErrorBody),
    )
)]
#[get("/api/check")]
async fn get_check(
    state: web::Data<AppState>,
    params: web::Query<CheckParams>,
) -> Result<web::Json<Checklist>, ApiError> {
    let CheckParams { have, target } = params.into_inner();
    let list = state.read_heavy(move |e| e.check(&have, &target)).await?;
    Ok(web::Json(list))
}

/// Liveness and what the index holds.
#[derive(Serialize, utoipa::ToSchema)]
struct Health {
    /// Always `ok` when the server answers.
    status: &'static str,
    /// Standards in the index.
    standards: usize,
    /// Clauses in the index.
    clauses: u64,
    /// Whether semantic (vector) search is available.
    vectors: bool,
    /// Where the standards are kept: `embedded` or `opensearch`.
    backend: &'static str,
    /// The cluster's state (`status`: green, yellow, red or unreachable; `nodes`),
    /// when the back end is OpenSearch.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    cluster: Option<crate::index::Health>,
}

/// Liveness and index size.
#[utoipa::path(responses((status = 200, body = Health)))]
#[get("/healthz")]
async fn get_healthz(state: web::Data<AppState>) -> Result<web::Json<Health>, ApiError> {
    let health = state
        .read(|e| {
            Ok(Health {
                status: "ok",
                standards: e.list().len(),
                clauses: e.clause_count(),
                vectors: e.has_vectors(),
                backend: e.backend_name(),
                cluster: (e.backend_name() != "embedded").then(|| e.health()),
            })
        })
        .await?;
    Ok(web::Json(health))
}

/// Output formats of the report endpoints.
#[derive(Debug, Clone, Copy)]
enum Format {
    Json,
    Csv,
    Xlsx,
    Html,
}

impl Format {
    fn parse(value: Option<&str>, allowed: &[&str]) -> Result<Format, ApiError> {
        let v = value.unwrap_or("json");
        if !allowed.contains(&v) {
            return Err(ApiError::bad_parameter(format!(
                "format '{v}' is not one of {}",
                allowed.join(", ")
            )));
        }
        Ok(match v {
            "csv" => Format::Csv,
            "xlsx" => Format::Xlsx,
            "html" => Format::Html,
            _ => Format::Json,
        })
    }
}

/// A file download named after the standards (ASCII-safe).
fn download(name: &str, format: Format, bytes: Vec<u8>) -> HttpResponse {
    let (ext, mime) = match format {
        Format::Csv => ("csv", "text/csv; charset=utf-8"),
        Format::Xlsx => (
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        Format::Html => ("html", "text/html; charset=utf-8"),
        Format::Json => ("json", "application/json"),
    };
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    HttpResponse::Ok()
        .content_type(mime)
        .insert_header(ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![DispositionParam::Filename(format!("{safe}.{ext}"))],
        })
        .body(bytes)
}

//! API errors: one JSON shape, `{"error": {"code": .., "message": ..}}`, and the one
//! place where library errors become HTTP statuses. User mistakes (bad parameters,
//! unknown standards) say what was wrong; internal failures are logged and answered
//! with a generic message.

use crate::Error;
use actix_web::dev::ServiceResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::CONTENT_TYPE;
use actix_web::middleware::{ErrorHandlerResponse, ErrorHandlers};
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};
use serde::Serialize;

/// An error answered to an API client.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub(crate) struct ErrorBody {
    error: ErrorDetail,
}

#[derive(Serialize, utoipa::ToSchema)]
pub(crate) struct ErrorDetail {
    /// Stable, machine-readable: `bad_parameter`, `unknown_standard`, `unknown_clause`,
    /// `ambiguous_standard`, `not_found`, `method_not_allowed`, `payload_too_large`,
    /// `unsupported_media_type`, `unauthorized`, `ingest_disabled`, `busy`,
    /// `unavailable`, `internal`, `http_error`.
    code: &'static str,
    /// For people.
    message: String,
}

impl ApiError {
    /// A parameter is missing or malformed (400).
    pub fn bad_parameter(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "bad_parameter", message)
    }

    /// The request body is over the limit (413).
    pub fn too_large(limit: usize) -> ApiError {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!("upload larger than the limit of {limit} bytes"),
        )
    }

    /// No or a wrong bearer token (401).
    pub fn unauthorized() -> ApiError {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "a valid bearer token is required (Authorization: Bearer <token>)",
        )
    }

    /// Uploads are off because the server was started without a token (403).
    pub fn ingest_disabled() -> ApiError {
        ApiError::new(
            StatusCode::FORBIDDEN,
            "ingest_disabled",
            "uploads are off: start the server with --token (or STDALIGN_TOKEN) to allow them",
        )
    }

    /// Too many heavy requests at once (503).
    pub fn busy() -> ApiError {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "busy",
            "too many alignments running; retry shortly",
        )
    }

    /// No route or file here (404).
    pub fn not_found(what: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", what)
    }

    /// Something broke inside; the details go to the log only.
    pub fn internal(err: impl std::fmt::Display) -> ApiError {
        tracing::error!("internal error: {err}");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "internal error (see the server log)",
        )
    }

    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
        }
    }
}

impl From<Error> for ApiError {
    fn from(e: Error) -> ApiError {
        let (status, code) = match &e {
            Error::UnknownStandard(_) => (StatusCode::NOT_FOUND, "unknown_standard"),
            Error::UnknownClause { .. } => (StatusCode::NOT_FOUND, "unknown_clause"),
            Error::AmbiguousStandard { .. } => (StatusCode::BAD_REQUEST, "ambiguous_standard"),
            Error::InvalidQuery(_) | Error::Ingest(_) => (StatusCode::BAD_REQUEST, "bad_parameter"),
            Error::VectorsUnavailable(_) | Error::Embed(_) => {
                (StatusCode::SERVICE_UNAVAILABLE, "unavailable")
            }
            Error::Cluster { .. } => {
                // The URL and the cluster's words are for the operator's log.
                tracing::error!("{e}");
                return ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "unavailable",
                    "the search cluster is unavailable; retry shortly",
                );
            }
            _ => return ApiError::internal(e),
        };
        ApiError::new(status, code, e.to_string())
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status);
        match self.status {
            StatusCode::UNAUTHORIZED => {
                response.insert_header(("WWW-Authenticate", "Bearer"));
            }
            StatusCode::SERVICE_UNAVAILABLE => {
                response.insert_header(("Retry-After", "1"));
            }
            _ => {}
        }
        response.json(ErrorBody {
            error: ErrorDetail {
                code: self.code,
                message: self.message.clone(),
            },
        })
    }
}

/// Malformed query strings become 400 in our JSON shape.
pub(crate) fn query_config() -> web::QueryConfig {
    web::QueryConfig::default()
        .error_handler(|e, _| ApiError::bad_parameter(format!("query string: {e}")).into())
}

/// Malformed path segments become 400 in our JSON shape.
pub(crate) fn path_config() -> web::PathConfig {
    web::PathConfig::default()
        .error_handler(|e, _| ApiError::bad_parameter(format!("path: {e}")).into())
}

/// Errors that actix or actix-files answered themselves (a path segment the file
/// service refuses, a wrong method, a malformed multipart body) get the same JSON
/// shape as ours; responses that already are JSON pass through.
pub(crate) fn json_errors<B: 'static>() -> ErrorHandlers<B> {
    ErrorHandlers::new().default_handler(|res: ServiceResponse<B>| {
        let is_json = res
            .headers()
            .get(CONTENT_TYPE)
            .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
        if is_json {
            return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
        }
        let status = res.status();
        let message = res.response().error().map_or_else(
            || status.canonical_reason().unwrap_or("error").to_string(),
            |e| e.to_string(),
        );
        if status.is_server_error() {
            tracing::error!(
                "{} {}: {message}",
                res.request().method(),
                res.request().path()
            );
        }
        let code = match status {
            StatusCode::BAD_REQUEST => "bad_parameter",
            StatusCode::NOT_FOUND => "not_found",
            StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
            StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
            StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
            s if s.is_server_error() => "internal",
            _ => "http_error",
        };
        let message = if status.is_server_error() {
            "internal error (see the server log)".to_string()
        } else {
            message
        };
        let (req, _) = res.into_parts();
        let body = ApiError::new(status, code, message).error_response();
        Ok(ErrorHandlerResponse::Response(
            ServiceResponse::new(req, body).map_into_right_body(),
        ))
    })
}

/// Unknown routes and missing static files.
pub(crate) async fn not_found(req: HttpRequest) -> HttpResponse {
    ApiError::not_found(format!("nothing at {}", req.path())).error_response()
}

//! `POST /api/ingest`: multipart upload of standards files. Off unless the server was
//! started with a token; the whole request is capped at `max_upload` bytes (checked
//! against Content-Length first, then while streaming). Files are kept under the
//! index folder (`uploads/`), so uploading a changed file of the same name replaces
//! its standard, and the batch is ingested the way `stdalign ingest` does it: one
//! result per file, bad files never stopping the others.

use super::{ApiError, AppState};
use crate::report::IngestJson;
use actix_multipart::Multipart;
use actix_web::{HttpRequest, post, web};
use futures_util::StreamExt;
use std::io::Write;
use std::path::PathBuf;

pub(crate) fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(post_ingest);
}

/// Uploads standards (NISO/ISO STS XML) and ingests them. Needs
/// `Authorization: Bearer <token>`.
#[utoipa::path(
    request_body(content_type = "multipart/form-data", description = "One or more files"),
    responses(
        (status = 200, body = IngestJson, description = "One result per file"),
        (status = 401, description = "Missing or wrong token", body = super::error::ErrorBody),
        (status = 403, description = "Uploads are off (no token configured)", body = super::error::ErrorBody),
        (status = 413, description = "Upload too large", body = super::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
#[post("/api/ingest")]
async fn post_ingest(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut payload: Multipart,
) -> Result<web::Json<IngestJson>, ApiError> {
    authorize(&state, &req)?;
    let limit = state.config.max_upload;
    let declared = req
        .headers()
        .get("content-length")
        .and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(ApiError::too_large(limit));
    }
    let _slot = state.heavy_slot()?;
    let dir = state.index_dir.join("uploads");
    std::fs::create_dir_all(&dir).map_err(ApiError::internal)?;

    // Stream every file part to a temporary name; only a complete request is kept.
    let staging = tempfile::tempdir_in(&dir).map_err(ApiError::internal)?;
    let mut received: Vec<(String, PathBuf)> = Vec::new();
    let mut total = 0usize;
    while let Some(field) = payload.next().await {
        let mut field = field.map_err(|e| ApiError::bad_parameter(format!("multipart: {e}")))?;
        let Some(name) = field
            .content_disposition()
            .and_then(|d| d.get_filename())
            .map(safe_name)
        else {
            continue; // a plain form field, not a file
        };
        let path = staging.path().join(format!("{}-{name}", received.len()));
        let mut file = std::fs::File::create(&path).map_err(ApiError::internal)?;
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|e| ApiError::bad_parameter(format!("multipart: {e}")))?;
            total += chunk.len();
            if total > limit {
                return Err(ApiError::too_large(limit));
            }
            file.write_all(&chunk).map_err(ApiError::internal)?;
        }
        received.push((name, path));
    }
    if received.is_empty() {
        return Err(ApiError::bad_parameter(
            "no file in the upload (send multipart/form-data with file parts)",
        ));
    }
    let mut paths = Vec::new();
    for (name, tmp) in &received {
        let kept = dir.join(name);
        std::fs::rename(tmp, &kept).map_err(ApiError::internal)?;
        paths.push(kept);
    }

    let shared = state.clone();
    let report = web::block(move || {
        // One upload at a time: parsing and embedding happen under the read lock, so
        // searches keep answering; the write lock is taken only to commit.
        let _one_at_a_time = shared.uploads.lock().unwrap_or_else(|p| p.into_inner());
        let engine = &shared.engine;
        let prepared = engine
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .prepare_ingest(&paths, &mut |_| {})?;
        engine
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .commit_ingest(prepared, &mut |_| {})
    })
    .await
    .map_err(ApiError::internal)??;
    state.metrics.count_ingest(report.failures().count());
    let mut json = IngestJson::from(&report);
    // Report the names the client sent, not where the server keeps the files.
    let shown = |p: &str| {
        std::path::Path::new(p)
            .file_name()
            .map_or(p.to_string(), |n| n.to_string_lossy().into_owned())
    };
    for f in &mut json.files {
        f.file = shown(&f.file);
    }
    for e in &mut json.errors {
        e.file = shown(&e.file);
        e.reason = e.reason.replace(&dir.display().to_string(), "");
    }
    Ok(web::Json(json))
}

/// Checks the bearer token (constant time, so timing says nothing about it).
fn authorize(state: &AppState, req: &HttpRequest) -> Result<(), ApiError> {
    let Some(expected) = &state.config.token else {
        return Err(ApiError::ingest_disabled());
    };
    let given = req
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    let same = given.len() == expected.len()
        && given
            .bytes()
            .zip(expected.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
    if same {
        Ok(())
    } else {
        Err(ApiError::unauthorized())
    }
}

/// The file name without any folder part, limited to a safe alphabet, so an upload
/// can never write outside the uploads folder.
fn safe_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let trimmed = cleaned.trim_start_matches('.');
    if trimmed.is_empty() {
        "upload".into()
    } else {
        trimmed.chars().take(120).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::safe_name;

    #[test]
    fn upload_names_cannot_leave_the_uploads_folder() {
        assert_eq!(safe_name("../../etc/passwd"), "passwd");
        assert_eq!(safe_name("..\\..\\boot.ini"), "boot.ini");
        assert_eq!(safe_name("..."), "upload");
        assert_eq!(safe_name("gb 4706.1.xml"), "gb_4706.1.xml");
        assert_eq!(safe_name("มอก.xml"), "มอก.xml");
    }
}

//! The exporter checklist (see below).

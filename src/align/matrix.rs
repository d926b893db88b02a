//! The harmonisation matrix (see below).

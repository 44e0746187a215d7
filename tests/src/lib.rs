//! Shared helpers for the workspace's cross-crate tests: the vector format and the code that checks one
//! vector against oauth1-core.
#![forbid(unsafe_code)]

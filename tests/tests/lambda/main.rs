//! The function binaries as Lambda runs them, through the Runtime API. One test binary.

#[path = "../support/mod.rs"]
mod support;

mod functions;
mod house_rules;

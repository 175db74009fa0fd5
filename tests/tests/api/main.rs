//! The API through `ses-local` on a free port: every route's rules, bad input, paging, the
//! outbox, idempotency, the authorization matrix, round-trip budgets, the `ses-local` binary
//! and its pages in headless Chromium. One test binary (one link), a module per area.

#[path = "../support/mod.rs"]
mod support;

mod browser_enrollment;
mod company_users;
mod complaint_authorization;
mod complaints;
mod directory;
mod enrollment;
mod idempotency;
mod local_binary;
mod local_routes;
mod no_server_errors;
mod round_trips;

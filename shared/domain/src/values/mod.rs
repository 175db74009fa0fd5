//! Validated values: each parses from what a caller sends and cannot hold an invalid state.

pub mod agency_code;
pub mod contact;
pub mod date;
pub mod email;
pub mod ids;
pub mod invalid;
pub mod nmls_id;
pub mod person_name;
pub mod phone;
pub mod text;
pub mod us_state;

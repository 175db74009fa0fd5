//! Who is calling: the signed-in principal with its roles, the actor recorded on every change,
//! and the access rules shared by every area.

pub mod access;
pub mod actor;
pub mod principal;

//! The directory: agencies and their users, companies and their users.

pub mod agency;
pub mod agency_user;
pub mod company;
pub mod company_user;
pub mod contact_designated;

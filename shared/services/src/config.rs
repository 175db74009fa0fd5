//! Reading settings from the environment at start-up, with a clear message for what is missing
//! or invalid. A setting the functions and `ses-local` share is read by one typed configuration
//! (`EnrollmentConfig::from_env` for `ENROLLMENT_TTL_DAYS`); the start-up of each binary reads
//! the rest once (`ses_edge::aws::FunctionConfig`, `ses-local`'s `LocalConfig`).

use std::fmt;

/// A required setting that is missing or invalid.
#[derive(Debug)]
pub struct ConfigError(pub String);

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

pub fn required_env(name: &str) -> Result<String, ConfigError> {
    std::env::var(name)
        .ok()
        .filter(|v| !v.trim().is_empty())
        .ok_or_else(|| ConfigError(format!("set the environment variable {name}")))
}

pub fn optional_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

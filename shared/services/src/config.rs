//! Settings from the environment, read once at start-up with a clear message for what is
//! missing or invalid. The functions and `ses-local` read each setting through the same typed
//! configuration (e.g. `EnrollmentConfig::from_env`).

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

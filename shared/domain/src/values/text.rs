//! Bounded free text: trimmed, non-blank, without control characters other than line breaks
//! and tabs, at most a given number of characters.

pub fn bounded_text(raw: &str, max: usize) -> Result<String, String> {
    let s = raw.trim();
    if s.is_empty() {
        return Err("must not be blank".into());
    }
    if s.chars().count() > max {
        return Err(format!("must be at most {max} characters"));
    }
    if s.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
        return Err("must not contain control characters".into());
    }
    Ok(s.to_string())
}

/// A one-line text: as `bounded_text`, and no line breaks or tabs.
pub fn single_line(raw: &str, max: usize) -> Result<String, String> {
    let s = bounded_text(raw, max)?;
    if s.chars().any(char::is_control) {
        return Err("must be a single line".into());
    }
    Ok(s)
}

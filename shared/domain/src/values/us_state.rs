//! Two-letter USPS codes of the states, DC and the territories.

const CODES: [&str; 56] = [
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA", "ME",
    "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA",
    "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "DC", "PR", "GU", "VI", "AS", "MP",
];

pub fn parse_us_state(raw: &str) -> Result<String, String> {
    if CODES.contains(&raw) {
        Ok(raw.to_string())
    } else {
        Err("must be a two-letter USPS state or territory code such as TX".into())
    }
}

//! Calendar dates as the API writes them, and counting the days between them.

use time::Date;

/// A `YYYY-MM-DD` date.
pub fn parse_date(raw: &str) -> Result<Date, String> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(raw, &format).map_err(|_| "must be a date as YYYY-MM-DD".to_string())
}

/// Whole days from `received_on` to today, or to the day the complaint was closed.
pub fn days_open(received_on: Date, today: Date, closed_on: Option<Date>) -> i64 {
    let end = closed_on.unwrap_or(today);
    (end - received_on).whole_days().max(0)
}

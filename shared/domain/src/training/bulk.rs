//! The rows of a bulk enrollment (API.md "Training"): JSON `{ "learners": [...] }`, or CSV whose
//! header names `firstName`, `lastName` and `email` (case and spaces ignored, so `First Name`
//! works; other columns ignored; UTF-8 with or without a BOM; CRLF or LF; quoted fields).
//! The request as a whole is refused when it cannot be read as 1–10,000 rows; each row is then
//! checked on its own, and an invalid one is `rejected` with its reason.

use crate::values::invalid::{FieldError, Invalid};
use crate::{Email, PersonName};
use serde_json::Value;
use std::collections::HashSet;

/// The most rows a request may carry.
pub const MAX_ROWS: usize = 10_000;

/// A row as sent: the three texts, and its number among the data rows (from 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkRow {
    pub row: usize,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
}

/// A valid row: who to enroll.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLearner {
    pub first_name: PersonName,
    pub last_name: PersonName,
    pub email: Email,
}

/// What the check of one row found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowCheck {
    Valid(NewLearner),
    Rejected { reason: String },
}

/// Why a CSV body cannot be read as rows: it does not parse (400), or it is not the request
/// API.md asks for (422).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CsvRefused {
    #[error("the CSV does not parse: {0}")]
    Malformed(String),
    #[error(transparent)]
    Invalid(#[from] Invalid),
}

const FIELDS: [&str; 3] = ["firstName", "lastName", "email"];

/// The rows of a JSON body.
pub fn rows_from_json(body: &Value) -> Result<Vec<BulkRow>, Invalid> {
    let Some(object) = body.as_object() else {
        return Err(Invalid::one("", "must be an object with learners"));
    };
    if let Some(unknown) = object.keys().find(|k| *k != "learners") {
        return Err(Invalid::one(unknown.as_str(), "is not a field of this body"));
    }
    let Some(items) = object.get("learners").and_then(Value::as_array) else {
        return Err(Invalid::one("learners", "must be an array of learners"));
    };
    count_rows(items.len())?;
    let mut errors = Vec::new();
    let mut rows = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let field = format!("learners[{i}]");
        let Some(o) = item.as_object() else {
            errors.push(FieldError {
                field,
                message: "must be an object".into(),
            });
            continue;
        };
        if let Some(unknown) = o.keys().find(|k| !FIELDS.contains(&k.as_str())) {
            errors.push(FieldError {
                field: format!("{field}.{unknown}"),
                message: "is not a field of a learner".into(),
            });
            continue;
        }
        let text = |name: &str| o.get(name).and_then(Value::as_str).map(str::to_string);
        rows.push(BulkRow {
            row: i + 1,
            first_name: text("firstName"),
            last_name: text("lastName"),
            email: text("email"),
        });
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(Invalid { errors })
    }
}

/// The rows of a CSV body.
pub fn rows_from_csv(bytes: &[u8]) -> Result<Vec<BulkRow>, CsvRefused> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let header = reader
        .headers()
        .map_err(|e| CsvRefused::Malformed(e.to_string()))?
        .clone();
    let fold = |name: &str| -> String {
        name.chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_lowercase()
    };
    let column = |name: &str| header.iter().position(|h| fold(h) == name.to_lowercase());
    let mut missing = Vec::new();
    let mut columns = [0usize; 3];
    for (slot, name) in columns.iter_mut().zip(FIELDS) {
        match column(name) {
            Some(i) => *slot = i,
            None => missing.push(FieldError {
                field: name.into(),
                message: format!("the CSV has no {name} column in its header"),
            }),
        }
    }
    if !missing.is_empty() {
        return Err(Invalid { errors: missing }.into());
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| CsvRefused::Malformed(e.to_string()))?;
        if record.iter().all(|f| f.is_empty()) {
            continue;
        }
        if rows.len() == MAX_ROWS {
            return Err(too_many_rows().into());
        }
        let text = |i: usize| record.get(i).filter(|s| !s.is_empty()).map(str::to_string);
        rows.push(BulkRow {
            row: rows.len() + 1,
            first_name: text(columns[0]),
            last_name: text(columns[1]),
            email: text(columns[2]),
        });
    }
    count_rows(rows.len())?;
    Ok(rows)
}

fn count_rows(n: usize) -> Result<(), Invalid> {
    match n {
        0 => Err(Invalid::one("learners", "must hold at least one learner")),
        n if n > MAX_ROWS => Err(too_many_rows()),
        _ => Ok(()),
    }
}

fn too_many_rows() -> Invalid {
    Invalid::one(
        "learners",
        format!("must hold at most {MAX_ROWS} learners; send the rest in another request"),
    )
}

/// Checks every row: its names and email, and that its email is not repeated from an earlier
/// row of the same request.
pub fn check_rows(rows: &[BulkRow]) -> Vec<RowCheck> {
    let mut seen = HashSet::new();
    rows.iter()
        .map(|r| match check_row(r) {
            Ok(learner) if !seen.insert(learner.email.clone()) => RowCheck::Rejected {
                reason: "duplicate in this request".into(),
            },
            Ok(learner) => RowCheck::Valid(learner),
            Err(reason) => RowCheck::Rejected { reason },
        })
        .collect()
}

fn check_row(r: &BulkRow) -> Result<NewLearner, String> {
    let required = |value: &Option<String>, field: &str| {
        value
            .as_deref()
            .filter(|v| !v.trim().is_empty())
            .map(str::to_string)
            .ok_or_else(|| format!("{field} is required"))
    };
    let first = required(&r.first_name, "firstName")?;
    let last = required(&r.last_name, "lastName")?;
    let email = required(&r.email, "email")?;
    Ok(NewLearner {
        first_name: PersonName::parse(&first).map_err(|m| format!("firstName {m}"))?,
        last_name: PersonName::parse(&last).map_err(|m| format!("lastName {m}"))?,
        email: Email::parse(&email).map_err(|m| format!("email {m}"))?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn emails(rows: &[BulkRow]) -> Vec<Option<String>> {
        rows.iter().map(|r| r.email.clone()).collect()
    }

    #[test]
    fn a_csv_header_is_read_loosely_and_other_columns_are_ignored() {
        let csv = "\u{feff}Title,First Name, last name ,E-Mail Ignored,EMAIL\r\nDr,Avery,Quinn,x,avery@tx-dob.example\r\n\r\nMr,\"Lee, Jr.\",\"O\"\"Neil\",y,lee@tx-dob.example\n";
        let rows = rows_from_csv(csv.as_bytes()).unwrap();
        assert_eq!(rows.len(), 2, "the blank line is no row");
        assert_eq!(rows[1].row, 2);
        assert_eq!(rows[1].first_name.as_deref(), Some("Lee, Jr."));
        assert_eq!(rows[1].last_name.as_deref(), Some("O\"Neil"));
        assert_eq!(
            emails(&rows),
            [Some("avery@tx-dob.example".into()), Some("lee@tx-dob.example".into())]
        );
    }

    #[test]
    fn a_csv_without_a_named_column_or_rows_is_refused_as_a_whole() {
        let Err(CsvRefused::Invalid(i)) = rows_from_csv(b"first name,last name\nA,B\n") else {
            panic!("no email column must be refused");
        };
        assert_eq!(i.errors[0].field, "email");
        assert!(matches!(
            rows_from_csv(b"firstName,lastName,email\n"),
            Err(CsvRefused::Invalid(_))
        ));
        assert!(matches!(rows_from_csv(b"\xff\xfe,\n"), Err(CsvRefused::Malformed(_))));
        let many = format!("firstName,lastName,email\n{}", "a,b,c@d.example\n".repeat(MAX_ROWS + 1));
        let Err(CsvRefused::Invalid(i)) = rows_from_csv(many.as_bytes()) else {
            panic!("10,001 rows must be refused");
        };
        assert_eq!(i.errors[0].field, "learners");
    }

    #[test]
    fn json_rows_refuse_the_request_only_for_its_shape() {
        let ok = json!({ "learners": [{ "firstName": "A", "lastName": "B", "email": "a@b.example" }, { "email": 7 }] });
        let rows = rows_from_json(&ok).unwrap();
        assert_eq!(rows[1].email, None, "a wrong type is the row's problem");
        for (body, field) in [
            (json!({}), "learners"),
            (json!({ "learners": {} }), "learners"),
            (json!({ "learners": [] }), "learners"),
            (json!({ "learners": [1] }), "learners[0]"),
            (
                json!({ "learners": [{ "firstName": "A", "nick": "x" }] }),
                "learners[0].nick",
            ),
            (json!({ "learners": [], "extra": 1 }), "extra"),
        ] {
            let e = rows_from_json(&body).unwrap_err();
            assert_eq!(e.errors[0].field, field, "{body}");
        }
    }

    #[test]
    fn each_row_is_checked_alone_and_a_repeated_email_is_rejected() {
        let row = |n, f: Option<&str>, l: Option<&str>, e: Option<&str>| BulkRow {
            row: n,
            first_name: f.map(Into::into),
            last_name: l.map(Into::into),
            email: e.map(Into::into),
        };
        let checks = check_rows(&[
            row(1, Some("Avery"), Some("Quinn"), Some("Avery@TX-DOB.example")),
            row(2, Some("Ava"), Some("Q"), Some("avery@tx-dob.example")),
            row(3, Some(" "), Some("Q"), Some("b@tx-dob.example")),
            row(4, Some("B"), Some("Q"), Some("not-an-email")),
            row(5, Some("C"), None, Some("c@tx-dob.example")),
        ]);
        assert!(matches!(&checks[0], RowCheck::Valid(l) if l.email.as_str() == "avery@tx-dob.example"));
        assert_eq!(
            checks[1],
            RowCheck::Rejected {
                reason: "duplicate in this request".into()
            }
        );
        assert_eq!(
            checks[2],
            RowCheck::Rejected {
                reason: "firstName is required".into()
            }
        );
        assert!(matches!(&checks[3], RowCheck::Rejected { reason } if reason.starts_with("email ")));
        assert_eq!(
            checks[4],
            RowCheck::Rejected {
                reason: "lastName is required".into()
            }
        );
    }

    proptest! {
        /// Whatever the line endings and quoting, the CSV reads back the rows written.
        #[test]
        fn written_rows_read_back(names in prop::collection::vec(("[A-Za-z ,\"]{1,12}", "[A-Za-z'\\-]{1,12}"), 1..30), crlf in any::<bool>(), bom in any::<bool>()) {
            let mut w = csv::WriterBuilder::new()
                .terminator(if crlf { csv::Terminator::CRLF } else { csv::Terminator::Any(b'\n') })
                .from_writer(vec![]);
            w.write_record(["email", "Last Name", "First Name"]).unwrap();
            for (i, (first, last)) in names.iter().enumerate() {
                w.write_record([format!("p{i}@x.example"), last.clone(), first.clone()]).unwrap();
            }
            let mut bytes = if bom { b"\xEF\xBB\xBF".to_vec() } else { vec![] };
            bytes.extend(w.into_inner().unwrap());
            let rows = rows_from_csv(&bytes).unwrap();
            prop_assert_eq!(rows.len(), names.len());
            for (r, (first, last)) in rows.iter().zip(&names) {
                prop_assert_eq!(r.first_name.clone().unwrap_or_default(), first.trim().to_string());
                prop_assert_eq!(r.last_name.clone().unwrap_or_default(), last.trim().to_string());
            }
        }
    }
}

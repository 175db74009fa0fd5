//! Validation failures, named by the dotted path of the field they concern
//! (`primaryContact.email`, `learners[3].email`), and a reader that walks a JSON
//! body collecting every failure rather than stopping at the first.

use serde::Serialize;
use serde_json::{Map, Value};

/// One field that failed validation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// A dotted path such as `primaryContact.email` or `learners[3].email`.
    pub field: String,
    pub message: String,
}

/// Every field that failed validation in one input.
#[derive(Debug, Clone, PartialEq, Eq, Default, thiserror::Error)]
#[error("{} invalid field(s)", .errors.len())]
pub struct Invalid {
    pub errors: Vec<FieldError>,
}

impl Invalid {
    pub fn one(field: impl Into<String>, message: impl Into<String>) -> Self {
        Invalid {
            errors: vec![FieldError {
                field: field.into(),
                message: message.into(),
            }],
        }
    }
}

/// Joins a parent path and a child name: `join("primaryContact", "email")`.
pub fn join(parent: &str, child: &str) -> String {
    if parent.is_empty() {
        child.to_string()
    } else {
        format!("{parent}.{child}")
    }
}

/// Walks one JSON object, collecting field errors under a path prefix.
pub struct Reader<'a> {
    path: String,
    object: Option<&'a Map<String, Value>>,
    errors: Vec<FieldError>,
}

impl<'a> Reader<'a> {
    /// A reader over the request body itself; a body that is not an object is one error.
    pub fn root(value: &'a Value) -> Self {
        let mut reader = Reader {
            path: String::new(),
            object: value.as_object(),
            errors: vec![],
        };
        if reader.object.is_none() {
            reader.fail("", "must be a JSON object");
        }
        reader
    }

    pub fn path(&self, field: &str) -> String {
        join(&self.path, field)
    }

    pub fn fail(&mut self, field: &str, message: impl Into<String>) {
        let field = if field.is_empty() {
            self.path.clone()
        } else {
            self.path(field)
        };
        let field = if field.is_empty() { "body".to_string() } else { field };
        self.errors.push(FieldError {
            field,
            message: message.into(),
        });
    }

    pub fn absorb(&mut self, invalid: Invalid) {
        self.errors.extend(invalid.errors);
    }

    fn raw(&self, field: &str) -> Option<&'a Value> {
        self.object.and_then(|o| o.get(field)).filter(|v| !v.is_null())
    }

    /// Whether the field is present and not null.
    /// The field's value, if present and not null.
    pub fn value(&self, field: &str) -> Option<&'a Value> {
        self.raw(field)
    }

    /// A whole number in `min..=max`; required.
    pub fn number(&mut self, field: &str, min: u64, max: u64) -> Option<u64> {
        match self.raw(field) {
            None => {
                if self.object.is_some() {
                    self.fail(field, "is required");
                }
                None
            }
            Some(v) => match v.as_u64() {
                Some(n) if (min..=max).contains(&n) => Some(n),
                _ => {
                    self.fail(field, format!("must be a whole number from {min} to {max}"));
                    None
                }
            },
        }
    }

    pub fn has(&self, field: &str) -> bool {
        self.raw(field).is_some()
    }

    /// A required string.
    pub fn string(&mut self, field: &str) -> Option<&'a str> {
        match self.raw(field) {
            None => {
                if self.object.is_some() {
                    self.fail(field, "is required");
                }
                None
            }
            Some(Value::String(s)) => Some(s.as_str()),
            Some(_) => {
                self.fail(field, "must be a string");
                None
            }
        }
    }

    /// An optional string (absent and null both read as none).
    pub fn opt_string(&mut self, field: &str) -> Option<&'a str> {
        match self.raw(field) {
            None => None,
            Some(Value::String(s)) => Some(s.as_str()),
            Some(_) => {
                self.fail(field, "must be a string");
                None
            }
        }
    }

    pub fn opt_bool(&mut self, field: &str) -> Option<bool> {
        match self.raw(field) {
            None => None,
            Some(Value::Bool(b)) => Some(*b),
            Some(_) => {
                self.fail(field, "must be true or false");
                None
            }
        }
    }

    /// A nested object; `Ok(None)` when absent or null, an error when another type.
    pub fn object(&mut self, field: &str) -> Option<Reader<'a>> {
        match self.raw(field) {
            None => None,
            Some(v @ Value::Object(_)) => Some(Reader {
                path: self.path(field),
                object: v.as_object(),
                errors: vec![],
            }),
            Some(_) => {
                self.fail(field, "must be an object");
                None
            }
        }
    }

    /// A required nested object that may be given as `null` (the field must be present).
    pub fn nullable_object(&mut self, field: &str) -> Option<Option<Reader<'a>>> {
        let present = self.object.map(|o| o.contains_key(field)).unwrap_or(false);
        if !present {
            if self.object.is_some() {
                self.fail(field, "is required (null when there is none)");
            }
            return None;
        }
        match self.object(field) {
            Some(r) => Some(Some(r)),
            None if self.raw(field).is_none() => Some(None),
            None => None,
        }
    }

    /// Ends a nested reader, moving its errors into this one.
    pub fn merge(&mut self, child: Reader<'a>) {
        self.errors.extend(child.errors);
    }

    /// Parses a field's string with a value type's constructor, recording its message.
    pub fn parse<T>(&mut self, field: &str, parse: impl FnOnce(&str) -> Result<T, String>) -> Option<T> {
        let raw = self.string(field)?;
        match parse(raw) {
            Ok(v) => Some(v),
            Err(message) => {
                self.fail(field, message);
                None
            }
        }
    }

    /// As `parse`, for an optional field.
    pub fn parse_opt<T>(&mut self, field: &str, parse: impl FnOnce(&str) -> Result<T, String>) -> Option<T> {
        let raw = self.opt_string(field)?;
        match parse(raw) {
            Ok(v) => Some(v),
            Err(message) => {
                self.fail(field, message);
                None
            }
        }
    }

    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }

    /// Finishes the root reader: every collected error, or none.
    pub fn finish(self) -> Result<(), Invalid> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(Invalid { errors: self.errors })
        }
    }

    /// Finishes with a value built only when there were no errors.
    pub fn finish_with<T>(self, build: impl FnOnce() -> Option<T>) -> Result<T, Invalid> {
        if !self.errors.is_empty() {
            return Err(Invalid { errors: self.errors });
        }
        build().ok_or_else(|| Invalid::one("body", "is invalid"))
    }
}

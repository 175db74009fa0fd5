//! New ids: ULIDs, which sort in the order they were made (also within one millisecond, so
//! the history events of one command keep their order).

use ses_domain::NewId;

/// A new ULID that sorts after every one this process made before.
pub fn ordered_id() -> String {
    static GENERATOR: std::sync::Mutex<Option<ulid::Generator>> = std::sync::Mutex::new(None);
    let mut guard = match GENERATOR.lock() {
        Ok(g) => g,
        Err(poisoned) => poisoned.into_inner(),
    };
    let generator = guard.get_or_insert_with(ulid::Generator::new);
    generator.generate().unwrap_or_else(|_| ulid::Ulid::new()).to_string()
}

/// A new id of type `T`, ordered as [`ordered_id`] is.
pub fn ordered<T: NewId>() -> T {
    T::from_new_ulid(ordered_id())
}

#[cfg(test)]
mod tests {
    #[test]
    fn ids_made_in_a_row_sort_in_order() {
        let ids: Vec<String> = (0..1000).map(|_| super::ordered_id()).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        assert_eq!(ids, sorted);
    }
}

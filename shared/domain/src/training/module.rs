//! The four modules of the training program, in order.

use std::fmt;

/// One of the four modules (1–4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Module(u8);

impl Module {
    pub const COUNT: usize = 4;

    /// Every module, in order.
    pub const ALL: [Module; 4] = [Module(1), Module(2), Module(3), Module(4)];

    /// The module numbered `n` (1–4).
    pub fn new(n: u64) -> Result<Module, String> {
        match n {
            1..=4 => Ok(Module(n as u8)),
            _ => Err("must be a module from 1 to 4".into()),
        }
    }

    pub fn number(self) -> u8 {
        self.0
    }

    /// Its place in a learner's list (0–3).
    pub fn index(self) -> usize {
        usize::from(self.0) - 1
    }

    /// Its title, exactly as the API names it.
    pub fn title(self) -> &'static str {
        match self.0 {
            1 => "Entering a Complaint",
            2 => "Completing the Information Request Exchange",
            3 => "Processing a Complaint",
            _ => "Sharing a Complaint",
        }
    }
}

impl fmt::Display for Module {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn four_modules_with_their_titles_and_nothing_else() {
        let titles: Vec<&str> = Module::ALL.iter().map(|m| m.title()).collect();
        assert_eq!(
            titles,
            [
                "Entering a Complaint",
                "Completing the Information Request Exchange",
                "Processing a Complaint",
                "Sharing a Complaint"
            ]
        );
        for n in [0, 5, 255] {
            assert!(Module::new(n).is_err(), "{n}");
        }
        assert_eq!(Module::new(3).map(Module::index), Ok(2));
    }
}

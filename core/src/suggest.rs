//! "Did you mean ...?" for misspelt names.
//!
//! Bounded: a name much longer than any candidate is no misspelling of one,
//! so inputs over [`MAX_INPUT`] characters get no suggestion, and a candidate
//! whose length alone is too far off is skipped before any distance is
//! computed. The cost per candidate is at most `MAX_INPUT` times its length.

/// The longest name (in characters) for which a suggestion is sought.
pub const MAX_INPUT: usize = 128;

/// The candidate whose key is nearest to `input`, if reasonably near.
pub fn nearest<'a, T>(input: &str, candidates: impl Iterator<Item = (&'a str, T)>) -> Option<T> {
    let n = input.chars().count();
    if n > MAX_INPUT {
        return None;
    }
    let input = input.to_lowercase();
    candidates
        .filter_map(|(k, t)| {
            let len = k.chars().count();
            let allowed = len.max(n) / 2 + 1;
            // The edit distance is at least the difference in length.
            if len.abs_diff(n) > allowed {
                return None;
            }
            let d = strsim::damerau_levenshtein(&input, &k.to_lowercase());
            (d <= allowed).then_some((d, t))
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, t)| t)
}

#[cfg(test)]
mod tests {
    #[test]
    fn finds_a_near_name_and_refuses_a_far_one() {
        let names = ["crimes_recorded", "crimes_solved"];
        assert_eq!(super::nearest("crimes_recordd", names.iter().map(|n| (*n, *n))), Some("crimes_recorded"));
        assert_eq!(super::nearest("budget", names.iter().map(|n| (*n, *n))), None);
    }

    #[test]
    fn a_huge_name_gets_no_suggestion_and_costs_nothing() {
        let names = ["crimes_recorded", "crimes_solved"];
        let huge = "crimes_recorded".repeat(70_000);
        assert_eq!(super::nearest(&huge, names.iter().map(|n| (*n, *n))), None);
        let long = "x".repeat(super::MAX_INPUT);
        assert_eq!(super::nearest(&long, names.iter().map(|n| (*n, *n))), None);
    }
}

//! "Did you mean ...?" for misspelt names.

/// The candidate whose key is nearest to `input`, if reasonably near.
pub fn nearest<'a, T>(input: &str, candidates: impl Iterator<Item = (&'a str, T)>) -> Option<T> {
    let input = input.to_lowercase();
    candidates
        .map(|(k, t)| (strsim::damerau_levenshtein(&input, &k.to_lowercase()), k.len(), t))
        .filter(|(d, len, _)| *d <= (*len).max(input.len()) / 2 + 1)
        .min_by_key(|(d, _, _)| *d)
        .map(|(_, _, t)| t)
}

#[cfg(test)]
mod tests {
    #[test]
    fn finds_a_near_name_and_refuses_a_far_one() {
        let names = ["crimes_recorded", "crimes_solved"];
        assert_eq!(super::nearest("crimes_recordd", names.iter().map(|n| (*n, *n))), Some("crimes_recorded"));
        assert_eq!(super::nearest("budget", names.iter().map(|n| (*n, *n))), None);
    }
}

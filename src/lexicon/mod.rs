//! Lexicons are data: `.tsv` files beside this module, compiled in with
//! `include_str!` by the stage that uses them and parsed once.
//!
//! Format: one entry a line, fields separated by tabs; blank lines and lines
//! starting with `#` are skipped.

/// The entries of a TSV lexicon, each split into its tab-separated fields.
pub fn rows(source: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    source
        .lines()
        .map(str::trim_end)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| line.split('\t').map(str::trim).collect())
}

/// The first field of each entry, for one-column word lists.
pub fn words(source: &'static str) -> impl Iterator<Item = &'static str> {
    rows(source).map(|fields| fields[0])
}

#[cfg(test)]
mod tests {
    use super::rows;

    #[test]
    fn rows_skip_comments_and_blank_lines() {
        let parsed: Vec<_> = rows("# header\n\nUBND\tỦy ban nhân dân\nTP\tthành phố\n").collect();
        assert_eq!(
            parsed,
            vec![vec!["UBND", "Ủy ban nhân dân"], vec!["TP", "thành phố"]]
        );
    }
}

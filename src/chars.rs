//! Char classes for hot loops: Vietnamese letters are answered without the
//! Unicode table lookups that `char` methods do for every non-ASCII char.

/// Same as `c.is_alphanumeric()`.
#[inline]
pub(crate) fn is_alphanumeric(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_alphanumeric(),
        // × and ÷ sit among the Latin-1 letters.
        0xD7 | 0xF7 => false,
        0xC0..=0x24F | 0x1E00..=0x1EFF => true,
        // Dashes, quotes and ellipses: no letter or digit in General Punctuation.
        0x2000..=0x206F => false,
        _ => c.is_alphanumeric(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn agrees_with_std_on_every_char_it_shortcuts() {
        let shortcuts = ('\0'..='\u{2FF}')
            .chain('\u{1E00}'..='\u{1EFF}')
            .chain('\u{2000}'..='\u{2070}');
        for c in shortcuts {
            assert_eq!(super::is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
        assert!(super::is_alphanumeric('Ở') && super::is_alphanumeric('9'));
        assert!(!super::is_alphanumeric('–') && !super::is_alphanumeric('\u{301}'));
    }
}

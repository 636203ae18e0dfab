//! One pass composing NFD Vietnamese: each letter and its combining marks
//! become the precomposed letter, everything else is copied.
//!
//! It gives up (`None`) on anything the general composer treats otherwise: a
//! mark after a char that is no Vietnamese letter, a mark Vietnamese does not
//! put on that letter, or a char NFC may change.

use std::cell::RefCell;
use std::sync::LazyLock;

use super::syllable::{self, Letter, LETTER_INDEXES};
use super::{char_at, is_nfc_stable};

/// Lead byte of U+0300..U+033F, which hold every Vietnamese mark.
const MARK_LEAD: u8 = 0xCC;

/// The marks Vietnamese puts on letters: the five tones, then the shapes.
const MARKS: [char; 8] = [
    '\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}', '\u{302}', '\u{306}', '\u{31B}',
];
/// The column of every other mark: no letter takes it.
const NO_MARK: u8 = MARKS.len() as u8;
/// Columns a letter has in [`Tables::marked`], a power of two above [`NO_MARK`].
const COLUMNS: usize = 16;

/// The letters of [`syllable`] by [`Letter::index`], for one lookup a step;
/// indexes are masked to their table's size, which is a power of two.
struct Tables {
    /// By ASCII byte: its letter's index, 0 if it is no letter.
    ascii: [u16; 128],
    /// By the last byte of a char from U+0300..U+033F, masked to 6 bits: its column in `marked`.
    column: [u8; 64],
    /// By letter index times [`COLUMNS`] plus mark column: the index of the
    /// letter with that mark, 0 if none.
    marked: [u16; LETTER_INDEXES * COLUMNS],
    /// By letter index: the precomposed letter in UTF-8 (4 bytes, to copy as one) and its length.
    utf8: [([u8; 4], u8); LETTER_INDEXES],
    /// By code point below U+0800: NFC leaves it and the text around it alone
    /// (đ, Đ and most two-byte chars of NFD text).
    stable_below_800: [bool; 0x800],
}

static TABLES: LazyLock<Tables> = LazyLock::new(build);

fn build() -> Tables {
    let mut tables = Tables {
        ascii: [0; 128],
        column: [NO_MARK; 64],
        marked: [0; LETTER_INDEXES * COLUMNS],
        utf8: [([0; 4], 0); LETTER_INDEXES],
        stable_below_800: [false; 0x800],
    };
    for (code, stable) in (0u32..).zip(&mut tables.stable_below_800) {
        *stable = char::from_u32(code).is_some_and(is_nfc_stable);
    }
    for (column, &mark) in MARKS.iter().enumerate() {
        tables.column[mark as usize & 0x3F] = column as u8;
    }
    for b in 0..0x80u8 {
        if let Some(letter) = syllable::letter(char::from(b)) {
            tables.ascii[usize::from(b)] = letter.index() as u16;
        }
    }
    let mut set_utf8 = |letter: Letter| {
        let mut utf8 = [0; 4];
        let len = syllable::compose(letter, letter.tone)
            .encode_utf8(&mut utf8)
            .len();
        tables.utf8[letter.index()] = (utf8, len as u8);
    };
    // Every letter is some char's letter, and so is every letter with a mark.
    let letters: Vec<Letter> = (0..0x2000)
        .filter_map(char::from_u32)
        .filter_map(syllable::letter)
        .collect();
    for &letter in &letters {
        set_utf8(letter);
        for (column, &mark) in MARKS.iter().enumerate() {
            if let Some(marked) = syllable::with_mark(letter, mark) {
                set_utf8(marked);
                tables.marked[letter.index() * COLUMNS + column] = marked.index() as u16;
            }
        }
    }
    tables
}

/// True if UTF-8 `bytes` have a char from U+0300..U+033F.
pub(super) fn has_marks(bytes: &[u8]) -> bool {
    find_mark(bytes).is_some()
}

/// Where the first char from U+0300..U+033F starts in UTF-8 `bytes`.
pub(super) fn find_mark(bytes: &[u8]) -> Option<usize> {
    memchr::memchr(MARK_LEAD, bytes)
}

/// Longest text whose buffer is kept for the next.
const KEPT_BUFFER_BYTES: usize = 1 << 20;

thread_local! {
    /// The composer's output, kept between texts so that it is zeroed only when it grows.
    static BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// `text` composed exactly as [`super::compose`] composes it, and the number
/// of marks merged; `None` when the general composer must decide.
pub(super) fn compose(text: &str) -> Option<(String, usize)> {
    with_composed(text, |composed, merged| (composed.to_owned(), merged))
}

/// `f` of what [`compose`] gives, read in place from a buffer kept between texts.
pub(super) fn with_composed<R>(text: &str, f: impl FnOnce(&str, usize) -> R) -> Option<R> {
    // Composing never lengthens text; the slack lets each copy be one store.
    let size = text.len() + 8;
    let compose_in = |buffer: &mut Vec<u8>| {
        if buffer.len() < size {
            buffer.resize(size, 0);
        }
        let (written, merged) = compose_into(text, buffer)?;
        let composed = simdutf8::basic::from_utf8(buffer.get(..written)?).ok()?;
        Some(f(composed, merged))
    };
    if size > KEPT_BUFFER_BYTES {
        return compose_in(&mut Vec::new());
    }
    BUFFER.with(|buffer| match buffer.try_borrow_mut() {
        Ok(mut buffer) => compose_in(&mut buffer),
        // Held by an outer call while its `f` runs: a fresh buffer.
        Err(_) => compose_in(&mut Vec::new()),
    })
}

/// [`compose`] into `out` (at least 8 bytes longer than `text`): the bytes
/// written and the marks merged.
fn compose_into(text: &str, out: &mut [u8]) -> Option<(usize, usize)> {
    let tables = &*TABLES;
    let bytes = text.as_bytes();
    let mut written = 0;
    let mut merged = 0;
    let mut i = 0;
    loop {
        (i, written) = copy_ascii(bytes, i, out, written)?;
        let Some(&lead) = bytes.get(i) else { break };
        if lead == MARK_LEAD {
            let (letter_len, letter) = letter_before(tables, bytes, i)?;
            let (marks, letter) = add_marks(tables, bytes, i, letter)?;
            i += 2 * marks;
            merged += marks;
            // An unstable char after the marks gives up as the next char.
            let (utf8, len) = tables.utf8[letter & (LETTER_INDEXES - 1)];
            written = written.checked_sub(letter_len)?;
            *out.get_mut(written..)?.first_chunk_mut()? = utf8;
            written += usize::from(len);
        } else {
            let len = stable_char_len(tables, bytes, i)?;
            // Copied as four bytes where the text has them, of which `len` count.
            match bytes.get(i..).and_then(<[u8]>::first_chunk::<4>) {
                Some(&chunk) => *out.get_mut(written..)?.first_chunk_mut()? = chunk,
                None => out
                    .get_mut(written..written + len)?
                    .copy_from_slice(bytes.get(i..i + len)?),
            }
            written += len;
            i += len;
        }
    }
    Some((written, merged))
}

/// The length of the non-ASCII char at byte `i` if NFC leaves it alone, else
/// `None`; also `None` for a zero-width space, which cleaning reads with the
/// char before it (a mark, or the letter composing makes).
#[inline(always)]
fn stable_char_len(tables: &Tables, bytes: &[u8], i: usize) -> Option<usize> {
    let lead = *bytes.get(i)?;
    if lead & 0xE0 == 0xC0 {
        let code = usize::from(lead & 0x1F) << 6 | usize::from(*bytes.get(i + 1)? & 0x3F);
        return tables.stable_below_800.get(code)?.then_some(2);
    }
    let (c, len) = char_at(bytes, i);
    (c != '\u{200B}' && is_nfc_stable(c)).then_some(len)
}

/// The marks starting at byte `i` put on `letter` (an index): how many
/// they are and the marked letter's index.
#[inline(always)]
fn add_marks(tables: &Tables, bytes: &[u8], i: usize, letter: usize) -> Option<(usize, usize)> {
    // Up to four marks are read as one word (zero-padded at the end).
    let rest = bytes.get(i..)?;
    let window = match rest.first_chunk::<8>() {
        Some(&chunk) => chunk,
        None => {
            let mut padded = [0; 8];
            padded.get_mut(..rest.len())?.copy_from_slice(rest);
            padded
        }
    };
    let mut window = u64::from_le_bytes(window);
    let mut letter = letter;
    let mut marks = 0;
    while window & 0xFF == u64::from(MARK_LEAD) {
        let column = usize::from(tables.column[(window >> 8 & 0x3F) as usize]);
        letter = usize::from(
            tables.marked[(letter * COLUMNS + column) & (LETTER_INDEXES * COLUMNS - 1)],
        );
        if letter == 0 {
            return None;
        }
        marks += 1;
        window >>= 16;
    }
    // No letter takes four marks; a fifth would be past the window.
    (marks < 4).then_some((marks, letter))
}

/// Copies the ASCII bytes from `i` to `out` at `written`; returns where both end.
#[inline(always)]
fn copy_ascii(
    bytes: &[u8],
    mut i: usize,
    out: &mut [u8],
    mut written: usize,
) -> Option<(usize, usize)> {
    // All 8 bytes of a step are copied; only the ASCII ones count as written.
    while let Some(&chunk) = bytes.get(i..).and_then(|rest| rest.first_chunk::<8>()) {
        *out.get_mut(written..)?.first_chunk_mut()? = chunk;
        let high_bits = u64::from_le_bytes(chunk) & 0x8080_8080_8080_8080;
        let ascii = (high_bits.trailing_zeros() / 8) as usize;
        i += ascii;
        written += ascii;
        if ascii < 8 {
            return Some((i, written));
        }
    }
    while let Some(&b) = bytes.get(i).filter(|b| b.is_ascii()) {
        *out.get_mut(written)? = b;
        i += 1;
        written += 1;
    }
    Some((i, written))
}

/// The index of the Vietnamese letter ending at byte `i`, and its length in bytes.
#[inline(always)]
fn letter_before(tables: &Tables, bytes: &[u8], i: usize) -> Option<(usize, usize)> {
    let last = *bytes.get(i.checked_sub(1)?)?;
    let letter = if last < 0x80 {
        (1, usize::from(tables.ascii[usize::from(last & 0x7F)]))
    } else {
        let start = (i.saturating_sub(4)..i)
            .rev()
            .find(|&k| bytes[k] & 0xC0 != 0x80)?;
        let (c, len) = char_at(bytes, start);
        (start + len == i).then_some(())?;
        (len, syllable::letter(c)?.index())
    };
    (letter.1 != 0).then_some(letter)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The two-byte table reads each char as the general stability test does.
    #[test]
    fn stable_char_len_agrees_with_is_nfc_stable() {
        let chars = (0x80..0x900).chain([0x1EA0, 0x200B, 0x2019, 0x201C, 0xFEFF, 0x1_F600]);
        for c in chars.filter_map(char::from_u32) {
            let mut utf8 = [0; 4];
            let bytes = c.encode_utf8(&mut utf8).as_bytes();
            let expected = (c != '\u{200B}' && is_nfc_stable(c)).then_some(bytes.len());
            assert_eq!(stable_char_len(&TABLES, bytes, 0), expected, "{c:?}");
        }
    }
}

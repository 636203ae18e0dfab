//! A long file of plain UTF-8 read in pieces of whole lines through one buffer
//! of bounded size, instead of whole.
//!
//! A piece is cut right after a line end. Every test [`decode_text`] makes to
//! borrow text as it is adds up over such pieces: no BOM or NUL, control bytes
//! below 5 % in each piece (so in all), valid UTF-8 (a cut after an ASCII byte
//! splits no char) and no mojibake marker (markers hold no line end). So if
//! `decode_text` borrows each piece whole, it borrows the whole file whole.

use std::borrow::Cow;
use std::io::{self, Read, Seek};

use super::{decode_text, EncodingChoice};

/// Bytes a read fills; pieces are at most this long unless a line is longer.
const READ_BYTES: usize = 1 << 18;

/// The pieces of `file`, if all of it is text [`decode_text`] borrows as it
/// is: it reads the file through once to check, then from the start again.
/// `None` (with the file at an unknown place) if some piece is not.
pub fn plain_pieces<R: Read + Seek>(
    mut file: R,
    choice: EncodingChoice,
) -> io::Result<Option<PlainPieces<R>>> {
    let mut check = LinePieces::new(&mut file, READ_BYTES);
    while let Some(piece) = check.next_piece()? {
        if as_plain(piece, choice).is_none() {
            return Ok(None);
        }
    }
    file.rewind()?;
    Ok(Some(PlainPieces {
        lines: LinePieces::new(file, READ_BYTES),
    }))
}

/// Pieces of a file [`plain_pieces`] checked.
pub struct PlainPieces<R> {
    lines: LinePieces<R>,
}

impl<R: Read> PlainPieces<R> {
    /// The next piece: whole lines; `None` at the end. Only UTF-8 is checked
    /// again (the rest was checked on the first read), in case the file changed since.
    pub fn next_piece(&mut self) -> io::Result<Option<&str>> {
        match self.lines.next_piece()? {
            None => Ok(None),
            Some(piece) => match simdutf8::basic::from_utf8(piece) {
                Ok(text) => Ok(Some(text)),
                Err(_) => Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    "the file changed while it was read",
                )),
            },
        }
    }
}

/// `piece` as text if [`decode_text`] borrows all of it as it is.
fn as_plain(piece: &[u8], choice: EncodingChoice) -> Option<&str> {
    match decode_text(piece, choice) {
        Ok(Cow::Borrowed(text)) if text.len() == piece.len() => Some(text),
        _ => None,
    }
}

/// A reader's bytes in pieces that end right after a line end (the last one
/// where the input ends), each at most the buffer long unless one line is longer.
struct LinePieces<R> {
    reader: R,
    buffer: Vec<u8>,
    /// Bytes of `buffer` read and not yet handed out, after the `taken` ones.
    filled: usize,
    /// Bytes at the start of `buffer` handed out last.
    taken: usize,
}

impl<R: Read> LinePieces<R> {
    fn new(reader: R, size: usize) -> Self {
        LinePieces {
            reader,
            buffer: vec![0; size.max(1)],
            filled: 0,
            taken: 0,
        }
    }

    fn next_piece(&mut self) -> io::Result<Option<&[u8]>> {
        // The rest of the last read moves to the front.
        self.buffer.copy_within(self.taken..self.filled, 0);
        self.filled -= self.taken;
        self.taken = 0;
        let mut searched = 0;
        loop {
            let at_end = self.fill()?;
            if at_end {
                if self.filled == 0 {
                    return Ok(None);
                }
                self.taken = self.filled;
                break;
            }
            if let Some(k) = memchr::memrchr(b'\n', &self.buffer[searched..self.filled]) {
                self.taken = searched + k + 1;
                break;
            }
            // A line longer than the buffer: it grows to hold it.
            searched = self.filled;
            self.buffer.resize(self.buffer.len() * 2, 0);
        }
        Ok(Some(&self.buffer[..self.taken]))
    }

    /// Reads until the buffer is full; true if the input ended first.
    fn fill(&mut self) -> io::Result<bool> {
        while self.filled < self.buffer.len() {
            match self.reader.read(&mut self.buffer[self.filled..]) {
                Ok(0) => return Ok(true),
                Ok(n) => self.filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(false)
    }
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;

    /// Every piece ends after a line end (but the last) and within the
    /// buffer, which grows only to hold a longer line; together they are the input.
    #[test]
    fn pieces_are_whole_lines_that_fit() {
        let text = "Ủy ban nhân dân tỉnh\nhọp ngày 14/9\n\nkhông có dòng cuối thật dài ở đây";
        let longest = text.split_inclusive('\n').map(str::len).max().unwrap();
        for size in 1..=text.len() + 1 {
            let mut pieces = LinePieces::new(Cursor::new(text.as_bytes()), size);
            let mut joined = Vec::new();
            while let Some(piece) = pieces.next_piece().unwrap() {
                joined.extend_from_slice(piece);
                assert!(piece.len() <= size.max(2 * longest), "{size} {piece:?}");
                assert!(
                    piece.ends_with(b"\n") || joined.len() == text.len(),
                    "{size} {piece:?}"
                );
            }
            assert_eq!(joined, text.as_bytes(), "{size}");
        }
    }

    fn pieces_of(bytes: &[u8]) -> Option<Vec<String>> {
        let mut pieces = plain_pieces(Cursor::new(bytes), EncodingChoice::Auto).unwrap()?;
        let mut out = Vec::new();
        while let Some(piece) = pieces.next_piece().unwrap() {
            out.push(piece.to_owned());
        }
        Some(out)
    }

    /// Plain UTF-8 comes back as it is; anything `decode_text` would change
    /// or refuse, anywhere in the file, gives `None`.
    #[test]
    fn only_plain_utf8_is_read_in_pieces() {
        let line = "Ngày 15 tháng 3 năm 2024, huyện Nông Sơn xếp thứ 7/18.\n";
        let long = line.repeat(READ_BYTES / line.len() + 2);
        assert_eq!(pieces_of(long.as_bytes()).unwrap().concat(), long);
        let late = |bad: &[u8]| [long.as_bytes(), bad, b"\n"].concat();
        assert!(pieces_of(&[b"\xEF\xBB\xBF", long.as_bytes()].concat()).is_none());
        assert!(pieces_of(&late(b"gi\xE1\xBB")).is_none());
        assert!(pieces_of(&late(b"N\xC3\x83\xC2\xB4ng S\xC3\x86\xC2\xA1n")).is_none());
        assert!(pieces_of(&late(b"a\0b")).is_none());
        assert!(pieces_of(b"\x1B\x1Bab\n").is_none());
        let tcvn3 = super::super::encode("Nông Sơn\n", EncodingChoice::Tcvn3).unwrap();
        assert!(pieces_of(&tcvn3).is_none());
    }
}

//! Bytes → text. Reads UTF-8 (with or without BOM, repairing mojibake), UTF-16
//! (BOM or NUL pattern), Windows-1258 and the legacy Vietnamese encodings TCVN3,
//! VNI and VISCII. `auto` keeps valid UTF-8 as it is and otherwise decodes with
//! every candidate, keeping the one whose non-ASCII words are most often
//! well-formed Vietnamese syllables. Binary input is refused.
//!
//! ```
//! use vnews::decode::{decode, encode, EncodingChoice};
//!
//! let tcvn3 = encode("Nông Sơn", EncodingChoice::Tcvn3).unwrap();
//! let decoded = decode(&tcvn3, EncodingChoice::Auto).unwrap();
//! assert_eq!((decoded.text.as_str(), decoded.encoding), ("Nông Sơn", "tcvn3"));
//!
//! let mojibake = "NÃ´ng SÆ¡n".as_bytes();
//! let decoded = decode(mojibake, EncodingChoice::Auto).unwrap();
//! assert_eq!(decoded.text, "Nông Sơn");
//! assert!(decoded.mojibake_repaired);
//! ```

mod legacy;
mod mojibake;
mod pieces;
mod score;

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use encoding_rs::{UTF_16BE, UTF_16LE};

pub use pieces::{plain_pieces, PlainPieces};
use score::Score;

/// Which encoding to read input as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EncodingChoice {
    #[default]
    Auto,
    Utf8,
    Utf16,
    /// Windows-1258.
    Cp1258,
    /// TCVN 5712:1993 VN3, the ABC / .VnTime fonts.
    Tcvn3,
    /// VNI-Windows, the VNI-Times fonts.
    Vni,
    /// VISCII (RFC 1456).
    Viscii,
}

impl EncodingChoice {
    /// Names [`FromStr`] accepts, for help and error messages.
    pub const VALID_NAMES: &'static str =
        "auto, utf-8 (utf8), utf-16 (utf16), cp1258 (windows-1258), tcvn3, vni, viscii";

    /// The canonical name, as [`Decoded::encoding`] reports it (UTF-16 adds le/be there).
    pub fn name(self) -> &'static str {
        match self {
            EncodingChoice::Auto => "auto",
            EncodingChoice::Utf8 => "utf-8",
            EncodingChoice::Utf16 => "utf-16",
            EncodingChoice::Cp1258 => "windows-1258",
            EncodingChoice::Tcvn3 => "tcvn3",
            EncodingChoice::Vni => "vni",
            EncodingChoice::Viscii => "viscii",
        }
    }
}

impl fmt::Display for EncodingChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An encoding name [`EncodingChoice::from_str`] does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown encoding `{0}`; valid names: {valid}", valid = EncodingChoice::VALID_NAMES)]
pub struct UnknownEncoding(pub String);

impl FromStr for EncodingChoice {
    type Err = UnknownEncoding;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "auto" => Ok(EncodingChoice::Auto),
            "utf-8" | "utf8" => Ok(EncodingChoice::Utf8),
            "utf-16" | "utf16" => Ok(EncodingChoice::Utf16),
            "cp1258" | "windows-1258" => Ok(EncodingChoice::Cp1258),
            "tcvn3" => Ok(EncodingChoice::Tcvn3),
            "vni" => Ok(EncodingChoice::Vni),
            "viscii" => Ok(EncodingChoice::Viscii),
            _ => Err(UnknownEncoding(s.to_string())),
        }
    }
}

/// Decoded text and what the decoder decided.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub text: String,
    /// Name of the encoding the text was read as, e.g. "utf-8", "utf-16le", "tcvn3".
    pub encoding: &'static str,
    /// How sure the decoder is, from 0 to 1.
    pub confidence: f32,
    pub mojibake_repaired: bool,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// NUL bytes outside UTF-16, or many control bytes: not a text file.
    #[error("binary content: {0}")]
    NotText(String),
    /// Every candidate encoding reads the bytes as garbage.
    #[error("no encoding fits: {0}")]
    NoEncoding(String),
}

/// Reads `bytes` as `choice`. Binary input is an error; undecodable bytes are
/// replaced and recorded in [`Decoded::warnings`].
pub fn decode(bytes: &[u8], choice: EncodingChoice) -> Result<Decoded, DecodeError> {
    match choice {
        EncodingChoice::Auto => decode_auto(bytes),
        EncodingChoice::Utf8 => {
            let body = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
            check_text(body)?;
            Ok(decode_utf8(body))
        }
        EncodingChoice::Utf16 => {
            let endian = utf16_bom(bytes)
                .or_else(|| sniff_utf16(bytes))
                .unwrap_or(Endian::Little);
            decode_utf16(bytes, endian)
        }
        EncodingChoice::Cp1258
        | EncodingChoice::Tcvn3
        | EncodingChoice::Vni
        | EncodingChoice::Viscii => {
            check_text(bytes)?;
            let text = decode_legacy(bytes, choice);
            let score = score::score(&text);
            let mut decoded = plain(text, choice.name(), score.value());
            if score.scored > 0 && score.value() < 0.5 {
                decoded.warnings.push(format!(
                    "text reads poorly as {}: {} of {} non-ASCII words are Vietnamese syllables",
                    choice.name(),
                    score.valid,
                    score.scored
                ));
            }
            Ok(decoded)
        }
    }
}

/// The text [`decode`] gives, borrowed from `bytes` when they are UTF-8 kept as
/// they are (no copy); for callers that need no more than the text.
pub fn decode_text(bytes: &[u8], choice: EncodingChoice) -> Result<Cow<'_, str>, DecodeError> {
    let utf8_body = match choice {
        EncodingChoice::Auto => match bytes.strip_prefix(UTF8_BOM) {
            Some(body) => Some(body),
            None if utf16_bom(bytes).or_else(|| sniff_utf16(bytes)).is_some() => None,
            None => Some(bytes),
        },
        EncodingChoice::Utf8 => Some(bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes)),
        _ => None,
    };
    if let Some(body) = utf8_body {
        check_text(body)?;
        if let Some(text) = valid_utf8(body).filter(|text| !mojibake::has_markers(text.as_bytes()))
        {
            return Ok(Cow::Borrowed(text));
        }
    }
    decode(bytes, choice).map(|decoded| Cow::Owned(decoded.text))
}

/// Bytes of `text` in `encoding`; `None` when a character has no code there.
/// UTF-16 is little-endian with a BOM; `Auto` is not an encoding and gives `None`.
/// TCVN3 writes toned capitals with the lower case codes (the .VnTimeH convention),
/// and Windows-1252 punctuation in 0x80..=0x9F.
pub fn encode(text: &str, encoding: EncodingChoice) -> Option<Vec<u8>> {
    match encoding {
        EncodingChoice::Auto => None,
        EncodingChoice::Utf8 => Some(text.as_bytes().to_vec()),
        EncodingChoice::Utf16 => {
            let mut out = vec![0xFF, 0xFE];
            out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
            Some(out)
        }
        EncodingChoice::Cp1258 => legacy::encode_cp1258(text),
        EncodingChoice::Tcvn3 => legacy::encode_tcvn3(text),
        EncodingChoice::Vni => legacy::encode_vni(text),
        EncodingChoice::Viscii => legacy::encode_viscii(text),
    }
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Endian {
    Little,
    Big,
}

fn plain(text: String, encoding: &'static str, confidence: f32) -> Decoded {
    Decoded {
        text,
        encoding,
        confidence,
        mojibake_repaired: false,
        warnings: Vec::new(),
    }
}

fn decode_auto(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if let Some(body) = bytes.strip_prefix(UTF8_BOM) {
        check_text(body)?;
        return Ok(decode_utf8(body));
    }
    if let Some(endian) = utf16_bom(bytes).or_else(|| sniff_utf16(bytes)) {
        return decode_utf16(bytes, endian);
    }
    check_text(bytes)?;
    match valid_utf8(bytes) {
        Some(text) => Ok(decode_valid_utf8(text)),
        None => pick_candidate(bytes),
    }
}

/// `bytes` as text if they are valid UTF-8. simdutf8 validates many times faster
/// than `std::str::from_utf8` on text full of multi-byte letters.
fn valid_utf8(bytes: &[u8]) -> Option<&str> {
    simdutf8::basic::from_utf8(bytes).ok()
}

fn decode_utf8(bytes: &[u8]) -> Decoded {
    match valid_utf8(bytes) {
        Some(text) => decode_valid_utf8(text),
        None => {
            let text = String::from_utf8_lossy(bytes).into_owned();
            let confidence = score::score(&text).value();
            let mut decoded = plain(text, "utf-8", confidence);
            decoded
                .warnings
                .push("invalid UTF-8 replaced with U+FFFD".into());
            decoded
        }
    }
}

/// Valid UTF-8 is kept as it is unless it carries mojibake markers and
/// repairing it clearly improves it.
fn decode_valid_utf8(text: &str) -> Decoded {
    if mojibake::has_markers(text.as_bytes()) {
        if let Some((repaired, rounds, repaired_score)) = mojibake::repair(text) {
            let times = if rounds == 1 { "once" } else { "twice" };
            return Decoded {
                text: repaired,
                encoding: "utf-8",
                confidence: repaired_score.value().max(0.5),
                mojibake_repaired: true,
                warnings: vec![format!(
                    "mojibake repaired: UTF-8 had been read as Windows-1252 and saved again ({times})"
                )],
            };
        }
    }
    plain(text.to_owned(), "utf-8", 1.0)
}

fn utf16_bom(bytes: &[u8]) -> Option<Endian> {
    match bytes.get(..2) {
        Some([0xFF, 0xFE]) => Some(Endian::Little),
        Some([0xFE, 0xFF]) => Some(Endian::Big),
        _ => None,
    }
}

/// UTF-16 without BOM: text has NUL high bytes (ASCII, Latin-1) on one side of
/// each pair and almost none on the other.
fn sniff_utf16(bytes: &[u8]) -> Option<Endian> {
    let sample = &bytes[..bytes.len().min(8192) & !1];
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    let many = |n: usize| n * 10 >= pairs * 3;
    let few = |n: usize| n * 20 <= pairs;
    if many(odd) && few(even) {
        Some(Endian::Little)
    } else if many(even) && few(odd) {
        Some(Endian::Big)
    } else {
        None
    }
}

/// UTF-16 whose text is binary (NUL or many control characters) is refused too.
fn decode_utf16(bytes: &[u8], endian: Endian) -> Result<Decoded, DecodeError> {
    let (encoding, name) = match endian {
        Endian::Little => (UTF_16LE, "utf-16le"),
        Endian::Big => (UTF_16BE, "utf-16be"),
    };
    let body = if utf16_bom(bytes) == Some(endian) {
        &bytes[2..]
    } else {
        bytes
    };
    let (text, had_errors) = encoding.decode_without_bom_handling(body);
    let controls = text
        .chars()
        .filter(|&c| c < ' ' && !is_text_control(c as u8))
        .count();
    if text.contains('\0') || controls * 20 > text.len() {
        return Err(DecodeError::NotText(format!(
            "{controls} control characters in UTF-16 text"
        )));
    }
    let mut decoded = plain(text.into_owned(), name, if had_errors { 0.5 } else { 1.0 });
    if had_errors {
        decoded
            .warnings
            .push("invalid UTF-16 replaced with U+FFFD".into());
    }
    Ok(decoded)
}

/// C0 controls other than tab and newlines, and DEL.
fn is_unusual_byte(b: u8) -> bool {
    ((b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r')) | (b == 0x7F)
}

/// True for every [`is_unusual_byte`] and for tab: a cheaper test, as tabs are rare.
fn may_be_unusual(b: u8) -> bool {
    ((b < 0x20) & (b != b'\n') & (b != b'\r')) | (b == 0x7F)
}

/// Control bytes a text may hold: whitespace, and the six rare capitals VISCII puts in C0.
fn is_text_control(b: u8) -> bool {
    (b == b'\t')
        | (b == b'\n')
        | (b == b'\r')
        | (b == 0x0C)
        | (b == 0x02)
        | (b == 0x05)
        | (b == 0x06)
        | (b == 0x14)
        | (b == 0x19)
        | (b == 0x1E)
}

/// Bytes [`check_text`] proves free of controls at a time.
const CONTROL_BLOCK: usize = 1024;

/// Refuses NUL bytes and a density of control bytes above 5 %.
fn check_text(bytes: &[u8]) -> Result<(), DecodeError> {
    // One OR-reduction a block (it vectorizes) proves most blocks free of
    // controls other than tab and newlines (NUL is one); only the others are read closely.
    let mut controls = 0;
    for (k, block) in bytes.chunks(CONTROL_BLOCK).enumerate() {
        if !block.iter().fold(false, |any, &b| any | may_be_unusual(b)) {
            continue;
        }
        if let Some(at) = memchr::memchr(0, block) {
            return Err(DecodeError::NotText(format!(
                "NUL byte at offset {}",
                k * CONTROL_BLOCK + at
            )));
        }
        controls += block
            .iter()
            .filter(|&&b| is_unusual_byte(b) && !is_text_control(b))
            .count();
    }
    if controls > 0 && controls * 20 > bytes.len() {
        return Err(DecodeError::NotText(format!(
            "{controls} control bytes in {}",
            bytes.len()
        )));
    }
    Ok(())
}

fn decode_legacy(bytes: &[u8], encoding: EncodingChoice) -> String {
    match encoding {
        EncodingChoice::Tcvn3 => {
            legacy::restore_tcvn3_capitals(legacy::decode_table(bytes, &legacy::TCVN3))
        }
        EncodingChoice::Viscii => legacy::decode_table(bytes, &legacy::VISCII),
        EncodingChoice::Vni => legacy::decode_vni(bytes),
        _ => legacy::decode_cp1258(bytes),
    }
}

/// Bytes of a long input that `auto` scores its candidates on.
const SAMPLE_BYTES: usize = 64 * 1024;

fn decode_candidate(bytes: &[u8], choice: EncodingChoice) -> String {
    match choice {
        EncodingChoice::Utf8 => String::from_utf8_lossy(bytes).into_owned(),
        _ => decode_legacy(bytes, choice),
    }
}

/// Invalid UTF-8: decode with each candidate and keep the most Vietnamese.
/// Lossy UTF-8 competes too, so a few broken bytes in UTF-8 stay UTF-8.
fn pick_candidate(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let candidates = [
        EncodingChoice::Utf8,
        EncodingChoice::Cp1258,
        EncodingChoice::Vni,
        EncodingChoice::Tcvn3,
        EncodingChoice::Viscii,
    ];
    // A long input is judged on its start; the winner then decodes it all once.
    let sample = &bytes[..bytes.len().min(SAMPLE_BYTES)];
    let mut scored: Vec<(EncodingChoice, Score)> = candidates
        .iter()
        .map(|&choice| (choice, score::score(&decode_candidate(sample, choice))))
        .collect();
    // Stable sort: on a tie the earlier (more common) candidate wins.
    scored.sort_by(|a, b| b.1.value().total_cmp(&a.1.value()));
    let (choice, best) = (scored[0].0, scored[0].1.value());
    let second = scored.get(1).map_or(0.0, |s| s.1.value());
    let non_ascii = sample.iter().filter(|b| !b.is_ascii()).count();
    if best < 0.1 && non_ascii * 10 > sample.len() * 3 {
        return Err(DecodeError::NoEncoding(format!(
            "{non_ascii} of {} bytes are non-ASCII and no candidate reads as text",
            sample.len()
        )));
    }
    let text = decode_candidate(bytes, choice);
    let confidence = best * (0.5 + 0.5 * ((best - second) / 0.25).min(1.0));
    let mut decoded = plain(text, choice.name(), confidence);
    if choice == EncodingChoice::Utf8 {
        decoded
            .warnings
            .push("invalid UTF-8 replaced with U+FFFD".into());
    }
    if best < 0.5 {
        decoded.warnings.push(format!(
            "encoding guessed as {} with low confidence",
            choice.name()
        ));
    }
    Ok(decoded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_listed_name() {
        let cases = [
            ("auto", EncodingChoice::Auto),
            ("UTF-8", EncodingChoice::Utf8),
            ("utf8", EncodingChoice::Utf8),
            ("utf-16", EncodingChoice::Utf16),
            ("utf16", EncodingChoice::Utf16),
            ("cp1258", EncodingChoice::Cp1258),
            ("windows-1258", EncodingChoice::Cp1258),
            ("tcvn3", EncodingChoice::Tcvn3),
            ("vni", EncodingChoice::Vni),
            ("VISCII", EncodingChoice::Viscii),
        ];
        for (name, expected) in cases {
            assert_eq!(name.parse::<EncodingChoice>(), Ok(expected), "{name}");
        }
        let err = "latin1".parse::<EncodingChoice>().unwrap_err().to_string();
        assert!(
            err.contains("latin1") && err.contains("tcvn3") && err.contains("windows-1258"),
            "{err}"
        );
    }

    #[test]
    fn binary_is_refused() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
        assert!(matches!(
            decode(png, EncodingChoice::Auto),
            Err(DecodeError::NotText(_))
        ));
        assert!(matches!(
            decode(&png[..8], EncodingChoice::Auto),
            Err(DecodeError::NotText(_))
        ));
        assert!(matches!(
            decode(b"a\0b", EncodingChoice::Vni),
            Err(DecodeError::NotText(_))
        ));
        assert!(decode(b"Line one\r\n\tLine two\x0c", EncodingChoice::Auto).is_ok());
        // NUL pairs look like UTF-16 but hold no text.
        let zeros = [0u8, 1, 0, 2, 0, 3, 0, 4, 0, 0x41];
        assert!(matches!(
            decode(&zeros, EncodingChoice::Auto),
            Err(DecodeError::NotText(_))
        ));
        assert!(matches!(
            decode(&[0u8; 64], EncodingChoice::Utf16),
            Err(DecodeError::NotText(_))
        ));
    }

    /// The text-only decoder gives what the full one gives, borrowed for plain UTF-8.
    #[test]
    fn decode_text_agrees_with_decode() {
        let text = "Nông Sơn tổ chức Hội nghị";
        let mut bom = UTF8_BOM.to_vec();
        bom.extend_from_slice(text.as_bytes());
        let utf16: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let inputs = [
            text.as_bytes().to_vec(),
            bom,
            utf16,
            "NÃ´ng SÆ¡n tá»• chá»©c".as_bytes().to_vec(),
            encode(text, EncodingChoice::Tcvn3).unwrap_or_default(),
            b"Line\xFF one".to_vec(),
            b"a\0b".to_vec(),
        ];
        let choices = [
            EncodingChoice::Auto,
            EncodingChoice::Utf8,
            EncodingChoice::Tcvn3,
        ];
        for bytes in &inputs {
            for choice in choices {
                let full = decode(bytes, choice).map(|decoded| decoded.text);
                let text_only = decode_text(bytes, choice).map(Cow::into_owned);
                assert_eq!(text_only, full, "{bytes:?} {choice:?}");
            }
        }
        assert!(matches!(
            decode_text(text.as_bytes(), EncodingChoice::Auto),
            Ok(Cow::Borrowed(_))
        ));
    }

    /// The block gate is a necessary condition of the byte test.
    #[test]
    fn block_gate_lets_every_unusual_byte_through() {
        for b in 0..=255u8 {
            assert!(!is_unusual_byte(b) || may_be_unusual(b), "{b:#x}");
        }
    }

    /// Blocks are proved clean as a whole: finds in later blocks and at block ends still count.
    #[test]
    fn controls_are_found_in_any_block() {
        let mut text = "Nông Sơn\r\n\t".repeat(400).into_bytes();
        assert_eq!(check_text(&text), Ok(()));
        text[2500] = 0;
        assert_eq!(
            check_text(&text),
            Err(DecodeError::NotText("NUL byte at offset 2500".into()))
        );
        let mut controls = vec![b'a'; 4096];
        for k in (CONTROL_BLOCK - 1..4096).step_by(8) {
            controls[k] = 0x1B;
        }
        assert!(matches!(
            check_text(&controls),
            Err(DecodeError::NotText(_))
        ));
        controls.truncate(CONTROL_BLOCK);
        assert_eq!(check_text(&controls), Ok(()));
    }

    #[test]
    fn utf16_without_bom_is_sniffed() {
        let text = "Ngày 14.9, UBND huyện Nông Sơn";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let d = decode(&le, EncodingChoice::Auto).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (text, "utf-16le"));
        let d = decode(&be, EncodingChoice::Auto).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (text, "utf-16be"));
    }

    #[test]
    fn slightly_broken_utf8_stays_utf8() {
        let mut bytes = "Hội nghị chuyên đề cải cách hành chính năm 2022"
            .as_bytes()
            .to_vec();
        bytes.insert(5, 0xFF);
        let d = decode(&bytes, EncodingChoice::Auto).unwrap();
        assert_eq!(d.encoding, "utf-8");
        assert!(d.text.contains('\u{FFFD}') && d.text.contains("chuyên đề"));
        assert_eq!(
            d.warnings,
            vec!["invalid UTF-8 replaced with U+FFFD".to_string()]
        );
    }
}

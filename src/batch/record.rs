//! A direct scan of the usual JSONL record: one object whose values are strings
//! or `null`. Strings without escapes are borrowed and the text is decoded once
//! into a buffer of its final size, with no `Value` map built.
//!
//! The scan gives up (`None`) on anything else: numbers, nested values, escaped
//! keys, surrogate escapes, a record serde_json would refuse or read into an
//! error. The caller then parses with serde_json, whose messages and readings
//! stay the reference; a test compares the two on traps and random lines.

use std::borrow::Cow;

/// The fields a record gives, the last of each name winning as in a JSON map.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Fields<'a> {
    pub id: Option<Cow<'a, str>>,
    pub text: Cow<'a, str>,
    pub date: Option<Cow<'a, str>>,
}

/// The fields of `line`, or `None` when the scan cannot vouch for serde_json's reading.
pub(super) fn scan(line: &str) -> Option<Fields<'_>> {
    let mut s = Scanner { line, at: 0 };
    s.skip_ws();
    s.eat(b'{')?;
    let (mut id, mut text, mut date) = (None, None, None);
    loop {
        s.skip_ws();
        let key = s.plain_key()?;
        s.skip_ws();
        s.eat(b':')?;
        s.skip_ws();
        // The text is most of the line: its buffer is sized once.
        let size_hint = if key == "text" { line.len() - s.at } else { 0 };
        let value = match s.peek()? {
            b'"' => Some(s.string(size_hint)?),
            b'n' => {
                s.eat_word("null")?;
                None
            }
            _ => return None,
        };
        match key {
            // A null id or text reads otherwise: left to serde_json.
            "id" => id = Some(value?),
            "text" => text = Some(value?),
            "date" => date = value,
            _ => {}
        }
        s.skip_ws();
        match s.next_byte()? {
            b',' => {}
            b'}' => break,
            _ => return None,
        }
    }
    s.skip_ws();
    if s.at != line.len() {
        return None;
    }
    Some(Fields {
        id,
        text: text?,
        date,
    })
}

struct Scanner<'a> {
    line: &'a str,
    at: usize,
}

impl<'a> Scanner<'a> {
    fn peek(&self) -> Option<u8> {
        self.line.as_bytes().get(self.at).copied()
    }

    fn next_byte(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.at += 1;
        Some(b)
    }

    fn eat(&mut self, b: u8) -> Option<()> {
        (self.next_byte()? == b).then_some(())
    }

    fn eat_word(&mut self, word: &str) -> Option<()> {
        self.line.get(self.at..)?.starts_with(word).then_some(())?;
        self.at += word.len();
        Some(())
    }

    /// JSON's whitespace: space, tab, line feed, carriage return.
    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// A key without escapes.
    fn plain_key(&mut self) -> Option<&'a str> {
        match self.string(0)? {
            Cow::Borrowed(key) => Some(key),
            Cow::Owned(_) => None,
        }
    }

    /// The string opening at the current `"`, decoded; borrowed when it has no
    /// escape. `size_hint` is the capacity to give a decoded copy.
    fn string(&mut self, size_hint: usize) -> Option<Cow<'a, str>> {
        self.eat(b'"')?;
        let bytes = self.line.as_bytes();
        let mut decoded: Option<String> = None;
        let mut from = self.at;
        loop {
            let stop = self.at + memchr::memchr2(b'"', b'\\', bytes.get(self.at..)?)?;
            // serde_json refuses raw control chars in strings.
            if has_control(bytes.get(self.at..stop)?) {
                return None;
            }
            let piece = self.line.get(from..stop)?;
            if bytes[stop] == b'"' {
                self.at = stop + 1;
                return Some(match decoded {
                    None => Cow::Borrowed(piece),
                    Some(mut s) => {
                        s.push_str(piece);
                        Cow::Owned(s)
                    }
                });
            }
            let s = decoded.get_or_insert_with(|| String::with_capacity(size_hint));
            s.push_str(piece);
            let (c, len) = unescape(bytes.get(stop + 1..)?)?;
            s.push(c);
            self.at = stop + 1 + len;
            from = self.at;
        }
    }
}

/// Any byte below 0x20, tested without branches so that it runs in vectors.
fn has_control(bytes: &[u8]) -> bool {
    bytes.iter().fold(false, |any, &b| any | (b < 0x20))
}

/// The char an escape stands for (`rest` follows the backslash) and the bytes it
/// takes after the backslash. `None` for a surrogate: serde_json pairs or refuses them.
fn unescape(rest: &[u8]) -> Option<(char, usize)> {
    let c = match *rest.first()? {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        b'u' => {
            let code = rest.get(1..5)?.iter().try_fold(0u32, |code, &h| {
                Some(code * 16 + char::from(h).to_digit(16)?)
            })?;
            return Some((char::from_u32(code)?, 5));
        }
        _ => return None,
    };
    Some((c, 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::Value;

    /// serde_json's reading of `line` as the fields the scan gives, or `None`
    /// when serde_json refuses it or a field is of a shape the scan leaves alone.
    fn serde_fields(line: &str) -> Option<(Option<String>, String, Option<String>)> {
        let Ok(Value::Object(mut record)) = serde_json::from_str::<Value>(line) else {
            return None;
        };
        let id = match record.remove("id") {
            None => None,
            Some(Value::String(s)) => Some(s),
            Some(_) => return None,
        };
        let Some(Value::String(text)) = record.remove("text") else {
            return None;
        };
        let date = match record.remove("date") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s),
            Some(_) => return None,
        };
        Some((id, text, date))
    }

    /// What the scan reads must be what serde_json reads; true when it read `line`.
    fn check(line: &str) -> Result<bool, TestCaseError> {
        let Some(fields) = scan(line) else {
            return Ok(false);
        };
        let got = (
            fields.id.map(Cow::into_owned),
            fields.text.into_owned(),
            fields.date.map(Cow::into_owned),
        );
        prop_assert_eq!(Some(got), serde_fields(line), "{:?}", line);
        Ok(true)
    }

    #[test]
    fn scanned_records_read_as_serde_json_reads_them() {
        let read = [
            r#"{"id":"a","text":"Ngày 14/9/2022","date":"2022-09-20"}"#,
            r#" { "text" : "x" , "id" : "b" } "#,
            "{\"text\":\"x\"}\r",
            "\t{\"text\":\"x\",\"date\":null}",
            r#"{"text":"a\nb\\c\"d\/e\bf\fg\rh\ti"}"#,
            r#"{"text":"\u0041\u00e9\u1EA1\u0000\uFFFF"}"#,
            r#"{"text":"first","text":"last","id":"1","id":"2"}"#,
            r#"{"date":"2022-01-01","text":"x","date":null}"#,
            r#"{"url":"https:\/\/a.vn","text":"x","title":null}"#,
            "{\"text\":\"\u{7f}\u{a0}Ủy ban\"}",
            r#"{"text":""}"#,
        ];
        for line in read {
            assert!(check(line).expect("same reading"), "{line}");
        }
        let left = [
            "",
            "{}",
            "[]",
            "\u{feff}{\"text\":\"x\"}",
            r#"{"text":"x",}"#,
            r#"{"text":"x"} x"#,
            r#"{"text":"x"}{}"#,
            r#"{"text":42}"#,
            r#"{"text":null}"#,
            r#"{"id":7,"text":"x"}"#,
            r#"{"id":null,"text":"x"}"#,
            r#"{"text":"x","date":5}"#,
            r#"{"text":"x","n":1e400}"#,
            r#"{"text":"x","list":[1]}"#,
            r#"{"text":"x","flag":true}"#,
            r#"{"te\u0078t":"x"}"#,
            r#"{"id":"a"}"#,
            r#"{"text":"\ud83d\ude00"}"#,
            r#"{"text":"\ud83d"}"#,
            r#"{"text":"\u+041"}"#,
            r#"{"text":"\u04"}"#,
            r#"{"text":"\x"}"#,
            "{\"text\":\"a\tb\"}",
            "{\"text\":\"a\u{1}b\"}",
            r#"{"text":"x"#,
            r#"{"text":"x\"#,
            r#"{"text" "x"}"#,
            r#"{'text':'x'}"#,
            r#"{"text":"x","date":nul}"#,
            "{\"text\":\"x\"}\u{a0}",
        ];
        for line in left {
            assert!(!check(line).expect("same reading"), "{line:?}");
        }
    }

    /// Pieces of record lines, valid and broken, joined at random.
    fn record_piece() -> impl Strategy<Value = String> {
        prop_oneof![
            proptest::sample::select(vec![
                "{",
                "}",
                ",",
                ":",
                " ",
                "\t",
                "\r",
                "\"",
                "\\",
                "\"text\"",
                "\"id\"",
                "\"date\"",
                "\"url\"",
                "null",
                "nul",
                "true",
                "1",
                "1e400",
                "[",
                "]",
                "\\n",
                "\\\"",
                "\\u00e9",
                "\\ud83d",
                "\\ude00",
                "\\u12",
                "\\/",
                "\\q",
                "\"2022-09-20\"",
                "\"20/9\"",
                "Ủy",
                "\u{1}",
                "\u{1f}",
                "\u{7f}",
            ])
            .prop_map(str::to_string),
            "[a-z ]{0,6}",
        ]
    }

    /// A well-formed record with random string contents.
    fn record_line() -> impl Strategy<Value = String> {
        let value = prop_oneof![
            proptest::collection::vec(record_piece(), 0..6)
                .prop_map(|p| format!("{:?}", p.concat())),
            Just("null".to_string()),
        ];
        let key = proptest::sample::select(vec!["id", "text", "date", "title"]);
        proptest::collection::vec((key, value), 0..5).prop_map(|fields| {
            let members: Vec<String> = fields.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
            format!("{{{}}}", members.join(","))
        })
    }

    proptest! {
        #[test]
        fn random_lines_read_as_serde_json_reads_them(
            pieces in proptest::collection::vec(record_piece(), 0..24)
        ) {
            check(&pieces.concat())?;
        }

        #[test]
        fn random_records_read_as_serde_json_reads_them(line in record_line()) {
            check(&line)?;
        }
    }
}

use std::fmt;

/// What went wrong with one input; the batch goes on with the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// Unreadable, permission denied, vanished while reading.
    Io,
    /// Binary content: NUL bytes or many control bytes.
    NotText,
    /// Larger than the configured limit.
    TooLarge,
    /// Nothing but whitespace.
    Empty,
    /// No encoding fits the bytes.
    Decode,
    /// A JSONL record that is not what we read.
    Record,
    /// A bug: a stage panicked on this input; the run went on with the others.
    Internal,
}

impl ErrorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Io => "io",
            ErrorKind::NotText => "not_text",
            ErrorKind::TooLarge => "too_large",
            ErrorKind::Empty => "empty",
            ErrorKind::Decode => "decode",
            ErrorKind::Record => "record",
            ErrorKind::Internal => "internal",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error tied to one input, named by its source.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{source_name}: {kind}: {message}")]
pub struct Error {
    pub kind: ErrorKind,
    pub source_name: String,
    pub message: String,
}

impl Error {
    pub fn new(kind: ErrorKind, source: &str, message: impl Into<String>) -> Self {
        Error {
            kind,
            source_name: source.to_string(),
            message: message.into(),
        }
    }
}

//! SQLite archive.

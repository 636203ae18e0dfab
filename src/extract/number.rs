//! Vietnamese number format: decimal comma, thousands dot.

//! HTML pages → article text.

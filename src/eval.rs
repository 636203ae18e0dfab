//! Precision and recall against hand-made gold facts.

//! Inputs → ordered results, in parallel over a bounded window.

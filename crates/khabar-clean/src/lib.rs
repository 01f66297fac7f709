//! From scraped article text to display text.
#![deny(missing_docs)]

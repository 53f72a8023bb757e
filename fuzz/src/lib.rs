//! What the fuzz targets share: the text formats their inputs are read in, the property
//! checks, and the seed corpus written from the spec's examples and the request fixtures.
//!
//! Inputs are text formats rather than `arbitrary` structures so that a seed can be written
//! from a real reply or request (and read by a person), and a crash file shows what was fed.

pub mod fixtures;
pub mod names;
pub mod request_check;
pub mod script;
pub mod seeds;
pub mod wire;

//! The data path as it was before the columnar rewrite of issue 8: string-keyed
//! observations, a memoising resolver and an outcome per target and unit with
//! its texts. Kept only so a property test can compare every outcome of the new
//! path with it (`cargo test -p chitieu-core --features legacy --test legacy`);
//! it is deleted once that comparison has run on enough random cases.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, dead_code)]

pub mod evaluation;
pub mod observations;

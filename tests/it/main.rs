//! One integration test binary for the whole crate (faster to build than
//! one per file). Every module here reads only files committed in this
//! repository: the corpus copies under `corpus/` and the cases under
//! `tests/data/`.

mod archive;
mod bytes;
mod careful;
mod cases;
mod cli;
mod common;
mod explain;
mod hostile;
mod props;
mod quotes;
mod roundtrip;
mod stream;

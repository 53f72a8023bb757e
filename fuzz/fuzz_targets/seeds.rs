//! Not a fuzz target: writes every target's seed corpus into the directory given as its one
//! argument, then exits. It is built as a libFuzzer binary only so that it shares the
//! targets' instrumented build (a plain binary would compile the core a second time).
//!
//!     seeds fuzz/corpus
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;

fn write_seeds() {
    let Some(root) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: seeds CORPUS_DIR");
        std::process::exit(2);
    };
    if let Err(e) = atlas_admin_fuzz::seeds::write_all(&root) {
        eprintln!("cannot write seeds under {}: {e}", root.display());
        std::process::exit(1);
    }
    std::process::exit(0);
}

fuzz_target!(init: write_seeds(), |_data: &[u8]| {});

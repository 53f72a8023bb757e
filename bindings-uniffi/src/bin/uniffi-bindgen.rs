//! The bindings generator, built from this crate so its UniFFI version always matches the
//! library's (a mismatch fails at load time with a checksum error).
fn main() {
    uniffi::uniffi_bindgen_main()
}

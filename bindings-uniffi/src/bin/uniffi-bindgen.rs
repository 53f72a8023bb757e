//! The bindings generator, built from this crate so its UniFFI version is the library's.
fn main() {
    uniffi::uniffi_bindgen_main()
}

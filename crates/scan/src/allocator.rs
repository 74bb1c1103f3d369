//! The global allocator for a wasm binary that runs this pipeline (the app's scan worker):
//! std's own (dlmalloc), but every pointer handed back to it passes through `black_box` first.
//!
//! Why: the app's release profile links with fat LTO, so the allocator's code is inlined into
//! the code that frees. dlmalloc 0.2.13, the allocator of std in Rust nightlies (already in
//! nightly-2026-05-19), asserts on every free that the chunk header just before the pointer
//! holds at least the freed size. When the memory came from `vec![0; n]`
//! (`__rust_alloc_zeroed`, which LLVM knows to return zeroed memory), LLVM folds that header
//! read to 0, as if it were part of the zeroed block: the assertion fails and the wasm traps.
//! In the scan worker that is every QR code needing Reed–Solomon correction (rxing's
//! `GenericGFPoly::addOrSubtract`), so the first smudged code would stop 扫一扫 for good.
//! Through `black_box` the pointer is opaque to the optimiser and the header is read from
//! memory. Today's stable std (dlmalloc 0.2.11) does not check, so this changes nothing yet;
//! it keeps the next toolchain from breaking the scanner. The README ("The allocator and the
//! next toolchain") tells how it was found, and why the app's own module does without it.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;

/// `System`, with the pointers it frees or resizes made opaque (see the module).
pub struct OpaqueSystem;

// SAFETY: every call goes to `System` with the caller's arguments unchanged; `black_box`
// returns its argument.
unsafe impl GlobalAlloc for OpaqueSystem {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        unsafe { System.alloc(layout) }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        unsafe { System.alloc_zeroed(layout) }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(black_box(ptr), layout) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        unsafe { System.realloc(black_box(ptr), layout, new_size) }
    }
}

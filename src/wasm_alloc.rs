//! The package's allocator (single-threaded wasm32): power-of-two size classes, each with a free
//! list, carved from pages the module grows its memory by. A freed block goes back to its
//! class's list and is reused by the next allocation of that class, so memory stays at the peak
//! use of each class (the memory benchmark runs 100,000 calls flat). It replaces a general-purpose
//! allocator for size: the wasm allocates little — request bodies, keys, messages; answers stay JS
//! objects — and this one is a few hundred bytes.

use core::alloc::{GlobalAlloc, Layout};
use core::cell::UnsafeCell;

const PAGE: usize = 65536;
const CLASSES: usize = usize::BITS as usize;

/// The allocator (see the module docs).
pub struct SizeClasses {
    state: UnsafeCell<State>,
    /// Grows memory by this many 64 KiB pages: the old size in pages, or `usize::MAX`.
    grow: fn(usize) -> usize,
}

struct State {
    /// The first free block of each class (0: none); a free block holds the next one's address.
    free: [usize; CLASSES],
    /// Where the next fresh block may start, and the end of the grown memory it is carved from.
    next: usize,
    end: usize,
}

// Sound where it is installed, wasm32 without atomics: one thread, no reentrancy.
unsafe impl Sync for SizeClasses {}

impl SizeClasses {
    /// An allocator with no memory yet, that asks `grow` for pages.
    pub const fn new(grow: fn(usize) -> usize) -> Self {
        SizeClasses {
            state: UnsafeCell::new(State {
                free: [0; CLASSES],
                next: 0,
                end: 0,
            }),
            grow,
        }
    }
}

/// `memory.grow` of the module's memory.
#[cfg(target_arch = "wasm32")]
pub fn grow_memory(pages: usize) -> usize {
    core::arch::wasm32::memory_grow(0, pages)
}

/// The class of a layout: log2 of the smallest power of two ≥ its size, its alignment and 8.
fn class(layout: Layout) -> usize {
    let n = layout.size().max(layout.align()).max(8);
    (usize::BITS - (n - 1).leading_zeros()) as usize
}

unsafe impl GlobalAlloc for SizeClasses {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let s = &mut *self.state.get();
        let c = class(layout);
        // Blocks are aligned to at most a page: a larger alignment is refused, like a size that
        // does not fit in 32 bits.
        if c >= CLASSES - 1 || layout.align() > PAGE {
            return core::ptr::null_mut();
        }
        let head = s.free[c];
        if head != 0 {
            s.free[c] = *(head as *const usize);
            return head as *mut u8;
        }
        // A fresh block, aligned to its size up to a page (so to any alignment it can be asked).
        let size = 1usize << c;
        let align = size.min(PAGE);
        let mut start = (s.next + align - 1) & !(align - 1);
        if start.checked_add(size).is_none_or(|end| end > s.end) {
            let pages = (size + align).div_ceil(PAGE);
            let old = (self.grow)(pages);
            if old == usize::MAX {
                return core::ptr::null_mut();
            }
            let base = old * PAGE;
            if base != s.end {
                s.next = base;
            }
            s.end = base + pages * PAGE;
            start = (s.next + align - 1) & !(align - 1);
        }
        s.next = start + size;
        start as *mut u8
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let s = &mut *self.state.get();
        let c = class(layout);
        *(ptr as *mut usize) = s.free[c];
        s.free[c] = ptr as usize;
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = Layout::from_size_align_unchecked(new_size, layout.align());
        if class(new) == class(layout) {
            return ptr;
        }
        let p = self.alloc(new);
        if !p.is_null() {
            core::ptr::copy_nonoverlapping(ptr, p, layout.size().min(new_size));
            self.dealloc(ptr, layout);
        }
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    const ARENA_PAGES: usize = 64;

    thread_local! {
        /// A page-aligned arena standing in for wasm memory: its first page number and the
        /// pages handed out.
        static ARENA: (usize, Cell<usize>) = {
            let layout = Layout::from_size_align(ARENA_PAGES * PAGE, PAGE).unwrap();
            let base = unsafe { std::alloc::alloc_zeroed(layout) } as usize;
            (base / PAGE, Cell::new(0))
        };
    }

    fn grow(pages: usize) -> usize {
        ARENA.with(|(first, used)| {
            if used.get() + pages > ARENA_PAGES {
                return usize::MAX;
            }
            used.set(used.get() + pages);
            first + used.get() - pages
        })
    }

    fn layout(size: usize, align: usize) -> Layout {
        Layout::from_size_align(size, align).unwrap()
    }

    #[test]
    fn classes_blocks_and_reuse() {
        let a = SizeClasses::new(grow);
        unsafe {
            let p = a.alloc(layout(24, 8));
            let q = a.alloc(layout(30, 4));
            assert_eq!(
                (p as usize % 32, q as usize % 32),
                (0, 0),
                "32-byte blocks, aligned"
            );
            assert_eq!(q as usize - p as usize, 32, "carved one after the other");
            core::ptr::write_bytes(p, 0xAB, 24);
            a.dealloc(p, layout(24, 8));
            assert_eq!(
                a.alloc(layout(17, 1)),
                p,
                "a freed block is reused by its class"
            );
            let big = a.alloc(layout(3 * PAGE, 8));
            assert_eq!(big as usize % PAGE, 0);
            core::ptr::write_bytes(big, 1, 3 * PAGE);
            let r = a.realloc(big, layout(3 * PAGE, 8), 4 * PAGE);
            assert_eq!(r, big, "the same class keeps the block");
            let s = a.realloc(q, layout(30, 4), 100);
            assert_ne!(s, q);
            assert_eq!(
                a.alloc(layout(20, 4)),
                q,
                "the old block went back to its list"
            );
            assert!(
                a.alloc(layout(1 << 31, 8)).is_null(),
                "too large: null, no panic"
            );
            assert!(
                a.alloc(layout(8, 2 * PAGE)).is_null(),
                "aligned beyond a page: null"
            );
            assert!(
                a.alloc(layout(ARENA_PAGES * PAGE, 8)).is_null(),
                "out of memory: null"
            );
        }
    }
}

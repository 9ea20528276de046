//! The clients and calls JS holds, by number: what the exported functions of the door act on.
//!
//! JS holds a number, never a pointer: a number that is stale (freed), unknown or of the other
//! kind finds nothing, so no call from JS can reach freed or mistyped memory. Numbers are never
//! reused (a `u32` counter: a number would come back only after 2^32 clients and calls, while the
//! one it names is still alive). A call's [`Task`] is taken out while it runs and put back after:
//! the list itself is never taken out while JS code runs (a hook may start other calls, which
//! find it whole). This replaces wasm-bindgen's exported classes (their JS shims, `RefCell`s and
//! finalization registry: ~0.35 KB gzip of the package, and a registration per call).

use super::*;
use std::cell::Cell;

/// What a number names: a client (its core, shared with its calls) or a call in progress.
pub(super) enum Held {
    Engine(Shared),
    Task(Box<Task>),
}

/// Things held by number, the most recently used last.
///
/// In `Cell`s, not a `RefCell`: the list is taken out, edited and put back by code that never
/// calls into JS (nor drops a JS value), so nothing can find it taken, and there is no borrow
/// flag to fail. Two operations only, [`take`](Registry::take) and [`put`](Registry::put) (a
/// client is looked up by taking it out and putting it back): little code in the wasm.
pub(super) struct Registry<T> {
    last: Cell<u32>,
    items: Cell<Vec<(u32, T)>>,
}

impl<T> Registry<T> {
    const fn new() -> Self {
        Registry {
            last: Cell::new(0),
            items: Cell::new(Vec::new()),
        }
    }

    /// A number never given before (until the counter wraps).
    fn next(&self) -> u32 {
        let id = self.last.get().wrapping_add(1);
        self.last.set(id);
        id
    }

    /// Holds `t` under `id`.
    fn put(&self, id: u32, t: T) {
        let mut items = self.items.take();
        items.push((id, t));
        // What is replaced is the empty list `take` left: nothing to drop.
        core::mem::forget(self.items.replace(items));
    }

    /// Takes out what `id` names, when `pick` accepts it.
    fn take(&self, id: u32, pick: fn(&T) -> bool) -> Option<T> {
        let mut items = self.items.take();
        let found = items
            .iter()
            .rposition(|(k, t)| *k == id && pick(t))
            .map(|i| items.swap_remove(i).1);
        core::mem::forget(self.items.replace(items));
        found
    }
}

thread_local! {
    static HELD: Registry<Held> = const { Registry::new() };
}

/// Holds `h` under a new number.
pub(super) fn hold(h: Held) -> u32 {
    HELD.with(|r| {
        let id = r.next();
        r.put(id, h);
        id
    })
}

/// Holds `h` under `id` again (a task put back after a step).
pub(super) fn hold_as(id: u32, h: Held) {
    HELD.with(|r| r.put(id, h))
}

fn is_task(h: &Held) -> bool {
    matches!(h, Held::Task(_))
}

fn is_engine(h: &Held) -> bool {
    matches!(h, Held::Engine(_))
}

fn any(_: &Held) -> bool {
    true
}

/// Takes out the task `id` names (to be put back with [`hold_as`]).
pub(super) fn take_task(id: u32) -> Option<Box<Task>> {
    match HELD.with(|r| r.take(id, is_task))? {
        Held::Task(t) => Some(t),
        Held::Engine(_) => None,
    }
}

/// The client `id` names.
pub(super) fn engine(id: u32) -> Option<Shared> {
    let held = HELD.with(|r| r.take(id, is_engine))?;
    let found = match &held {
        Held::Engine(e) => Some(e.clone()),
        Held::Task(_) => None,
    };
    hold_as(id, held);
    found
}

/// Lets go of what `id` names (nothing when it is already gone). Dropped after the list is put
/// back: dropping JS values calls into JS.
pub(super) fn release(id: u32) {
    drop(HELD.with(|r| r.take(id, any)));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn engine(s: &&str) -> bool {
        s.starts_with("engine")
    }
    fn task(s: &&str) -> bool {
        *s == "task"
    }
    fn any(_: &&str) -> bool {
        true
    }

    #[test]
    fn numbers_name_one_thing_of_one_kind_until_let_go() {
        let r = Registry::new();
        let (a, b, t) = (r.next(), r.next(), r.next());
        assert!(a != b && b != t && a != t);
        r.put(a, "engine a");
        r.put(b, "engine b");
        r.put(t, "task");
        // An engine is not a task: asking for one leaves it held; and the other way round.
        assert_eq!(r.take(a, task), None);
        assert_eq!(r.take(t, engine), None);
        assert_eq!(r.take(a, engine), Some("engine a"));
        r.put(a, "engine a");
        // A task taken out (running) names nothing until it is put back, then the same thing.
        assert_eq!(r.take(t, task), Some("task"));
        assert_eq!(r.take(t, any), None);
        r.put(t, "task");
        assert_eq!(r.take(t, any), Some("task"));
        // Let go: gone, and a second time nothing happens; the others stay; numbers are new.
        assert_eq!(r.take(a, any), Some("engine a"));
        assert_eq!(r.take(a, any), None);
        assert_eq!(r.take(b, engine), Some("engine b"));
        assert_eq!(r.take(u32::MAX, any), None);
        assert!(r.next() > t);
    }

    #[test]
    fn numbers_wrap_without_a_panic() {
        let r: Registry<()> = Registry::new();
        r.last.set(u32::MAX);
        assert_eq!(r.next(), 0);
        assert_eq!(r.next(), 1);
    }
}

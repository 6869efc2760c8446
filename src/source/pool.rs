//! Spare vectors of the parsed tree ([`doc::Table`]), kept by each thread from one file to
//! the next: a budget file's tree is a score of small vectors (the root, `[project]`,
//! `[budget]`, `[plan]`, one table per `[[indicator]]` row, the arrays), and allocating
//! and freeing them for every file was a tenth of `perf validate`'s allocator calls
//! (docs/performance.md, issue 16). The readers take their vectors here ([`entries`],
//! [`items`]); `parse_and_lower_to` hands a tree back once lowered ([`recycle`]). A tree
//! that is never handed back is freed as before. Few and small vectors are kept
//! ([`KEEP`], [`LARGEST`]): a few tens of kilobytes a thread at most.

use std::cell::RefCell;

use super::doc::{Item, Key, Table, Value};

/// A table's entries.
type Entries<'i> = Vec<(Key<'i>, Item<'i>)>;

/// How many vectors of each kind a thread keeps: a budget file's tree has about twenty.
const KEEP: usize = 64;

/// Vectors with room for more than this many elements are freed, not kept (no budget table
/// has so many keys; a file of thousands of rows would otherwise be held on to).
const LARGEST: usize = 32;

struct Spare {
    entries: Vec<Entries<'static>>,
    items: Vec<Vec<Item<'static>>>,
    keys: Vec<Key<'static>>,
    path: Vec<usize>,
}

thread_local! {
    static SPARE: RefCell<Spare> = const {
        RefCell::new(Spare {
            entries: Vec::new(),
            items: Vec::new(),
            keys: Vec::new(),
            path: Vec::new(),
        })
    };
}

/// Runs `f` on this thread's spares; `None` when they are in use or gone (the thread is
/// ending), and the caller does without.
fn with<T>(f: impl FnOnce(&mut Spare) -> Option<T>) -> Option<T> {
    SPARE
        .try_with(|spare| spare.try_borrow_mut().ok().and_then(|mut s| f(&mut s)))
        .ok()
        .flatten()
}

/// An empty vector for a table's entries: a spare one, else one with room for `capacity`.
pub(super) fn entries<'i>(capacity: usize) -> Entries<'i> {
    with(|s| s.entries.pop()).unwrap_or_else(|| Vec::with_capacity(capacity))
}

/// An empty vector for an array's items: a spare one, else one with room for `capacity`.
pub(super) fn items<'i>(capacity: usize) -> Vec<Item<'i>> {
    with(|s| s.items.pop()).unwrap_or_else(|| Vec::with_capacity(capacity))
}

/// The scanner's header keys and table path, empty (given back by [`give_scratch`]).
pub(super) fn scratch<'i>() -> (Vec<Key<'i>>, Vec<usize>) {
    with(|s| Some((std::mem::take(&mut s.keys), std::mem::take(&mut s.path)))).unwrap_or_default()
}

/// Gives back what [`scratch`] gave.
pub(super) fn give_scratch(mut keys: Vec<Key<'_>>, mut path: Vec<usize>) {
    keys.clear();
    path.clear();
    let keys = unbind(keys);
    with(|s| {
        s.keys = keys;
        s.path = path;
        Some(())
    });
}

/// Takes a tree apart, keeping its vectors (as many as [`KEEP`] of each kind) for the next.
pub(crate) fn recycle(root: Table<'_>) {
    with(|s| {
        give_entries(s, root.into_entries());
        Some(())
    });
}

// The nested vectors are taken out in place and the emptied entries then dropped by
// `clear` (only a string with escapes owns anything): moving each entry out by `drain` cost
// more than the allocator calls saved.
fn give_entries(spare: &mut Spare, mut entries: Entries<'_>) {
    for (_, item) in &mut entries {
        take_nested(spare, &mut item.value);
    }
    entries.clear();
    if spare.entries.len() < KEEP && (1..=LARGEST).contains(&entries.capacity()) {
        spare.entries.push(unbind(entries));
    }
}

fn give_items(spare: &mut Spare, mut items: Vec<Item<'_>>) {
    for item in &mut items {
        take_nested(spare, &mut item.value);
    }
    items.clear();
    if spare.items.len() < KEEP && (1..=LARGEST).contains(&items.capacity()) {
        spare.items.push(unbind(items));
    }
}

fn take_nested(spare: &mut Spare, value: &mut Value<'_>) {
    match value {
        Value::Table(table) => give_entries(spare, table.take_entries()),
        Value::Array(items) => give_items(spare, std::mem::take(items)),
        _ => {}
    }
}

/// An empty vector of values borrowed from one text, as a vector for any other: the same
/// allocation (collecting a vector's own iterator into one of the same layout reuses it), and
/// nothing in it to outlive its text.
fn unbind<T, U>(empty: Vec<T>) -> Vec<U> {
    empty.into_iter().filter_map(|_| None).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_emptied_vector_is_reused_as_it_is() {
        let text = String::from("k");
        let mut keys = Vec::with_capacity(5);
        keys.push(Key {
            name: std::borrow::Cow::Borrowed(text.as_str()),
            span: 0..1,
        });
        keys.clear();
        let at = keys.as_ptr().cast::<u8>();
        let kept: Vec<Key<'static>> = unbind(keys);
        assert_eq!((kept.as_ptr().cast::<u8>(), kept.capacity()), (at, 5));
    }

    #[test]
    fn a_recycled_tree_gives_its_vectors_to_the_next() {
        let first = crate::source::doc::parse("[a]\nx = [1, 2]\n[[b]]\ny = 1\n[[b]]\n").unwrap();
        recycle(first);
        let kept = with(|s| Some((s.entries.len(), s.items.len()))).unwrap();
        // The root, [a], two [[b]] rows; the array of rows and x's array.
        assert_eq!(kept, (4, 2));
        let second = crate::source::doc::parse("[a]\nx = 1\n").unwrap();
        assert_eq!(with(|s| Some(s.entries.len())), Some(2));
        assert_eq!(second.get("a").map(|a| a.span.clone()), Some(0..3));
    }
}

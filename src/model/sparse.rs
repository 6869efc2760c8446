//! [`Sparse`]: a part of a row that most rows leave empty, stored behind a pointer that is
//! allocated only when the part holds something.
//!
//! A loaded tree keeps every indicator row in memory, and most rows record no 双监控/自评
//! data: keeping that data inline cost ~200 bytes a row (and its spans another ~140) for
//! nothing (issue 17). `Sparse<T>` is one pointer wide; reading it gives the value, or the
//! type's empty value when nothing is stored, so callers read fields as before
//! (`row.progress.actual`). Writing a field through it allocates.

use std::fmt;
use std::ops::{Deref, DerefMut};

/// A type with an empty value that [`Sparse`] need not store.
pub trait Empty: PartialEq + Default + 'static {
    /// The empty value (equal to `Self::default()`), lent when nothing is stored.
    const EMPTY: &'static Self;
}

/// A `T` stored only when it differs from [`Empty::EMPTY`]; reads as `T` through `Deref`.
/// Equality, `Debug` and `Clone` are those of the value read, so an empty value stored and
/// none stored are the same.
pub struct Sparse<T: Empty>(Option<Box<T>>);

impl<T: Empty> Sparse<T> {
    /// True when a value other than the empty one is held.
    pub fn is_stored(&self) -> bool {
        self.0.as_deref().is_some_and(|v| v != T::EMPTY)
    }
}

impl<T: Empty> Default for Sparse<T> {
    fn default() -> Self {
        Self(None)
    }
}

impl<T: Empty> From<T> for Sparse<T> {
    fn from(value: T) -> Self {
        if value == *T::EMPTY {
            Self(None)
        } else {
            Self(Some(Box::new(value)))
        }
    }
}

impl<T: Empty> Deref for Sparse<T> {
    type Target = T;

    fn deref(&self) -> &T {
        self.0.as_deref().unwrap_or(T::EMPTY)
    }
}

impl<T: Empty> DerefMut for Sparse<T> {
    /// Allocates the empty value when nothing is stored yet: the caller is about to write.
    fn deref_mut(&mut self) -> &mut T {
        self.0.get_or_insert_with(Box::default)
    }
}

impl<T: Empty + Clone> Clone for Sparse<T> {
    fn clone(&self) -> Self {
        Self::from((**self).clone())
    }
}

impl<T: Empty> PartialEq for Sparse<T> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl<T: Empty + Eq> Eq for Sparse<T> {}

impl<T: Empty + fmt::Debug> fmt::Debug for Sparse<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    struct Row {
        note: Option<String>,
    }

    impl Empty for Row {
        const EMPTY: &'static Self = &Row { note: None };
    }

    #[test]
    fn an_empty_value_is_not_stored_and_reads_as_empty() {
        let empty = Sparse::from(Row::default());
        assert!(!empty.is_stored());
        assert_eq!(empty.note, None);
        assert_eq!(empty, Sparse::default());
        assert_eq!(format!("{empty:?}"), "Row { note: None }");
    }

    #[test]
    fn a_value_is_stored_and_a_write_allocates() {
        let held = Sparse::from(Row {
            note: Some("原因".into()),
        });
        assert!(held.is_stored());
        assert_eq!(held.note.as_deref(), Some("原因"));
        assert_eq!(held.clone(), held);

        let mut written = Sparse::from(Row::default());
        assert!(!written.is_stored());
        written.note = Some("原因".into());
        assert!(written.is_stored());
        assert_eq!(written, held);
        assert_ne!(written, Sparse::default());
    }

    #[test]
    fn is_one_pointer_wide() {
        assert_eq!(
            std::mem::size_of::<Sparse<Row>>(),
            std::mem::size_of::<usize>()
        );
    }
}

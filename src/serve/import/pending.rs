//! Previews waiting for their 确认写入: the plan the preview showed, kept on the server under a
//! random id, with the content hash of every file it writes as it was at the preview (`None`:
//! the file did not exist). The browser only holds the id, so what is written is exactly what
//! was shown — never a re-guess, never a text the browser could alter.

use std::collections::VecDeque;
use std::path::PathBuf;

use crate::import_plan::Plan;
use crate::serve::state::content_hash;

/// How many previews are kept: an older one has to be made again (each holds a few files'
/// texts).
const KEPT: usize = 16;

/// One preview.
#[derive(Debug, Clone)]
pub struct Pending {
    /// The files to write.
    pub plan: Plan,
    /// Each file's content hash at the preview, `None` where there was no file.
    pub hashes: Vec<(PathBuf, Option<String>)>,
}

impl Pending {
    /// `plan` with the hashes of its files as they are now.
    pub fn of(plan: Plan) -> Self {
        let hashes = plan
            .files
            .iter()
            .map(|p| {
                let hash = p.onto.as_ref().map(|o| content_hash(o.old.as_bytes()));
                (p.path.clone(), hash)
            })
            .collect();
        Self { plan, hashes }
    }

    /// The first file that is no longer as the preview saw it: changed, removed, or created
    /// where the preview planned a new file.
    pub fn changed(&self) -> Option<&PathBuf> {
        self.hashes.iter().find_map(|(path, hash)| {
            let now = match std::fs::symlink_metadata(path) {
                Ok(_) => Some(
                    std::fs::read(path)
                        .map(|bytes| content_hash(&bytes))
                        .unwrap_or_default(),
                ),
                Err(_) => None,
            };
            (now != *hash).then_some(path)
        })
    }
}

/// The previews, oldest first.
#[derive(Debug, Default)]
pub struct Previews {
    items: VecDeque<(String, Pending)>,
}

impl Previews {
    /// Keeps `pending` under `id`, dropping the oldest past `KEPT`.
    pub fn put(&mut self, id: String, pending: Pending) {
        if self.items.len() >= KEPT {
            self.items.pop_front();
        }
        self.items.push_back((id, pending));
    }

    /// Takes the preview `id` out (a confirmation is used once).
    pub fn take(&mut self, id: &str) -> Option<Pending> {
        let at = self
            .items
            .iter()
            .position(|(k, _)| crate::serve::guard::same(k.as_bytes(), id.as_bytes()))?;
        self.items.remove(at).map(|(_, p)| p)
    }
}

/// A fresh random id for a preview.
///
/// # Errors
/// The system gave no random bytes.
pub fn new_id() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

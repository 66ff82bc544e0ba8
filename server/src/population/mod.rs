//! The population record: where residents' data comes from.
//!
//! Everything outside this module asks a [`PopulationSource`] for a person or a family card.
//! The adapter here is the local database, filled by `serambi import penduduk` (see
//! [`import`]); an online Dukcapil look-up would be a second adapter behind the same port.

//!
//! The area also holds the counter look-up, residents' data-correction notes
//! ([`corrections`]) and the admin page's uploads ([`upload`]). Path of a look-up at the
//! counter: `app/src/population/counter.rs` → `app::population::counter_lookup` (server fn) →
//! `port` → [`counter_resident`] → the [`PopulationSource`] → `db::residents`.

pub mod corrections;
pub mod forms;
pub mod import;
mod port;
pub mod rights;
pub mod running;
pub mod synthetic;
pub mod upload;
pub mod views;

pub use crate::requests::service::counter_resident;

use crate::db::{self, Db, residents::Resident, residents::ResidentWithPlace};
use crate::error::{Error, Result};
use async_trait::async_trait;
use domain::{Nik, NoKk};

#[async_trait]
pub trait PopulationSource: Send + Sync + 'static {
    /// A short name for logs and the admin page ("lokal", "dukcapil", …).
    fn name(&self) -> &'static str;
    /// The person with this NIK, with the names of their kelurahan, kecamatan and kota.
    async fn person(&self, nik: &Nik) -> Result<Option<ResidentWithPlace>>;
    /// The members of a family card, head of family first, then by birth date.
    async fn family(&self, no_kk: &NoKk) -> Result<Vec<Resident>>;
}

/// The record as last imported into Serambi's own database.
pub struct LocalRecord {
    db: Db,
}

impl LocalRecord {
    pub fn new(db: Db) -> LocalRecord {
        LocalRecord { db }
    }
}

#[async_trait]
impl PopulationSource for LocalRecord {
    fn name(&self) -> &'static str {
        "lokal"
    }

    async fn person(&self, nik: &Nik) -> Result<Option<ResidentWithPlace>> {
        Ok(db::residents::get_with_place(&self.db.pool, nik.as_str()).await?)
    }

    async fn family(&self, no_kk: &NoKk) -> Result<Vec<Resident>> {
        Ok(db::residents::family(&self.db.pool, no_kk.as_str()).await?)
    }
}

/// A NIK the database holds (an account's, a request's subject): one that does not parse is
/// an error, never a look-up of nobody.
pub fn stored_nik(s: &str) -> Result<Nik> {
    Nik::parse(s).map_err(|_| Error::corrupt("a stored NIK does not parse"))
}

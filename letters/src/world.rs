//! A small typst `World`: the library and fonts are loaded once and shared across threads;
//! each render adds its own data file (`/data.json`) and QR code (`/qr.png`, or `/qr.svg`).

use std::collections::HashMap;
use std::path::PathBuf;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

pub struct Engine {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    sources: HashMap<FileId, Source>,
    files: HashMap<FileId, Bytes>,
    /// Where each file came from on disk, for error messages.
    pub origins: HashMap<FileId, PathBuf>,
}

pub fn file_id(path: &str) -> FileId {
    FileId::new(RootedPath::new(VirtualRoot::Project, VirtualPath::new(path).expect("valid virtual path")))
}

impl Engine {
    pub fn new(extra_fonts: Vec<Vec<u8>>) -> Engine {
        let mut fonts: Vec<Font> = typst_assets::fonts().flat_map(|data| Font::iter(Bytes::new(data))).collect();
        for data in extra_fonts {
            fonts.extend(Font::iter(Bytes::new(data)));
        }
        Engine {
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
            sources: HashMap::new(),
            files: HashMap::new(),
            origins: HashMap::new(),
        }
    }

    pub fn add_source(&mut self, vpath: &str, text: String, origin: PathBuf) -> FileId {
        let id = file_id(vpath);
        self.sources.insert(id, Source::new(id, text));
        self.origins.insert(id, origin);
        id
    }

    pub fn add_file(&mut self, vpath: &str, bytes: Vec<u8>, origin: PathBuf) {
        let id = file_id(vpath);
        self.files.insert(id, Bytes::new(bytes));
        self.origins.insert(id, origin);
    }

    pub fn source(&self, id: FileId) -> Option<&Source> {
        self.sources.get(&id)
    }
}

/// One render: the shared engine plus this letter's data.
pub struct RenderWorld<'a> {
    pub engine: &'a Engine,
    pub main: FileId,
    pub data: Bytes,
    pub qr: Option<crate::Qr>,
    pub emblem: Option<(&'static str, Bytes)>,
    pub today: Option<Datetime>,
}

impl World for RenderWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.engine.library
    }
    fn book(&self) -> &LazyHash<FontBook> {
        &self.engine.book
    }
    fn main(&self) -> FileId {
        self.main
    }
    fn source(&self, id: FileId) -> FileResult<Source> {
        self.engine.sources.get(&id).cloned().ok_or_else(|| not_found(id))
    }
    fn file(&self, id: FileId) -> FileResult<Bytes> {
        let path = id.get().vpath().get_with_slash();
        match path {
            "/data.json" => Ok(self.data.clone()),
            "/qr.png" => self.qr.as_ref().map(crate::Qr::png).ok_or_else(|| not_found(id)),
            "/qr.svg" => self.qr.as_ref().map(crate::Qr::svg).ok_or_else(|| not_found(id)),
            p if let Some((e, bytes)) = &self.emblem
                && *e == p =>
            {
                Ok(bytes.clone())
            }
            _ => match self.engine.files.get(&id) {
                Some(b) => Ok(b.clone()),
                None => self
                    .engine
                    .sources
                    .get(&id)
                    .map(|s| Bytes::from_string(s.text().to_string()))
                    .ok_or_else(|| not_found(id)),
            },
        }
    }
    fn font(&self, index: usize) -> Option<Font> {
        self.engine.fonts.get(index).cloned()
    }
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        self.today
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(PathBuf::from(id.get().vpath().get_with_slash()))
}

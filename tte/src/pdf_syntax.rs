//! Just enough of the PDF object syntax to find dictionaries, arrays, references and integers,
//! and where each value sits in the file, so values can be copied byte for byte.

use std::ops::Range;

use crate::pdf::PdfError;

#[derive(Debug, Clone)]
pub(crate) struct Item {
    pub obj: Obj,
    /// Where the value's bytes are in the file.
    pub span: Range<usize>,
}

#[derive(Debug, Clone)]
pub(crate) enum Obj {
    Dict(Vec<(String, Item)>),
    Array(Vec<Item>),
    Ref(u32, u16),
    Int(i64),
    Name(String),
    /// Strings, reals, booleans, null: kept only as their span.
    Other,
}

impl Obj {
    pub(crate) fn dict(&self) -> Option<&[(String, Item)]> {
        match self {
            Obj::Dict(entries) => Some(entries),
            _ => None,
        }
    }
}

pub(crate) struct Lexer<'a> {
    bytes: &'a [u8],
    pos: usize,
}

const MAX_DEPTH: usize = 64;

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | 0)
}

fn is_delimiter(c: u8) -> bool {
    matches!(c, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

impl<'a> Lexer<'a> {
    pub(crate) fn new(bytes: &'a [u8], pos: usize) -> Self {
        Lexer { bytes, pos }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_space(&mut self) {
        while let Some(c) = self.peek() {
            if is_space(c) {
                self.pos += 1;
            } else if c == b'%' {
                while let Some(c) = self.peek() {
                    if c == b'\n' || c == b'\r' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// The next regular token (a run of non-space, non-delimiter bytes).
    fn token(&mut self) -> &'a [u8] {
        self.skip_space();
        self.token_here()
    }

    /// Consumes `word` if it is the next token.
    pub(crate) fn keyword(&mut self, word: &[u8]) -> bool {
        let saved = self.pos;
        if self.token() == word {
            true
        } else {
            self.pos = saved;
            false
        }
    }

    pub(crate) fn integer(&mut self) -> Result<i64, PdfError> {
        let token = self.token();
        std::str::from_utf8(token)
            .ok()
            .and_then(|t| t.parse().ok())
            .ok_or(PdfError::Malformed("bilangan bulat diharapkan"))
    }

    pub(crate) fn value(&mut self) -> Result<Item, PdfError> {
        self.value_at_depth(0)
    }

    fn value_at_depth(&mut self, depth: usize) -> Result<Item, PdfError> {
        if depth > MAX_DEPTH {
            return Err(PdfError::Malformed("objek bersarang terlalu dalam"));
        }
        self.skip_space();
        let start = self.pos;
        let obj = match self.peek().ok_or(PdfError::Malformed("berkas terpotong"))? {
            b'<' if self.bytes.get(self.pos + 1) == Some(&b'<') => {
                self.pos += 2;
                let mut entries = Vec::new();
                loop {
                    self.skip_space();
                    if self.bytes[self.pos..].starts_with(b">>") {
                        self.pos += 2;
                        break;
                    }
                    let key = match self.value_at_depth(depth + 1)?.obj {
                        Obj::Name(name) => name,
                        _ => return Err(PdfError::Malformed("kunci dictionary bukan nama")),
                    };
                    let value = self.value_at_depth(depth + 1)?;
                    entries.push((key, value));
                }
                Obj::Dict(entries)
            }
            b'<' => {
                let end = self.bytes[self.pos..]
                    .iter()
                    .position(|&c| c == b'>')
                    .ok_or(PdfError::Malformed("string hex tidak ditutup"))?;
                self.pos += end + 1;
                Obj::Other
            }
            b'(' => {
                self.literal_string()?;
                Obj::Other
            }
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_space();
                    match self.peek() {
                        Some(b']') => {
                            self.pos += 1;
                            break;
                        }
                        Some(_) => items.push(self.value_at_depth(depth + 1)?),
                        None => return Err(PdfError::Malformed("array tidak ditutup")),
                    }
                }
                Obj::Array(items)
            }
            b'/' => {
                self.pos += 1;
                let name = self.token_here();
                Obj::Name(String::from_utf8_lossy(name).into_owned())
            }
            b'0'..=b'9' | b'+' | b'-' | b'.' => self.number_or_ref()?,
            b'>' | b')' | b']' | b'{' | b'}' => return Err(PdfError::Malformed("pembatas tak terduga")),
            _ => {
                if self.token().is_empty() {
                    return Err(PdfError::Malformed("token kosong"));
                }
                Obj::Other
            }
        };
        Ok(Item { obj, span: start..self.pos })
    }

    /// A regular token starting right here (a name's characters after the `/`).
    fn token_here(&mut self) -> &'a [u8] {
        let start = self.pos;
        while let Some(c) = self.peek() {
            if is_space(c) || is_delimiter(c) {
                break;
            }
            self.pos += 1;
        }
        &self.bytes[start..self.pos]
    }

    fn literal_string(&mut self) -> Result<(), PdfError> {
        let mut depth = 0usize;
        while let Some(c) = self.peek() {
            self.pos += 1;
            match c {
                b'\\' => self.pos += 1,
                b'(' => depth += 1,
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(());
                    }
                }
                _ => {}
            }
        }
        Err(PdfError::Malformed("string tidak ditutup"))
    }

    fn number_or_ref(&mut self) -> Result<Obj, PdfError> {
        let token = self.token();
        let Some(first) = std::str::from_utf8(token).ok().and_then(|t| t.parse::<i64>().ok()) else {
            return Ok(Obj::Other); // a real number
        };
        // `n g R` is a reference; look ahead without committing.
        let saved = self.pos;
        if let Ok(generation) = self.integer()
            && self.keyword(b"R")
            && let (Ok(number), Ok(generation)) = (u32::try_from(first), u16::try_from(generation))
        {
            return Ok(Obj::Ref(number, generation));
        }
        self.pos = saved;
        Ok(Obj::Int(first))
    }
}

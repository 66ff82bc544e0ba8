//! Where a person wants to hear about their requests: an e-mail address or a mobile number
//! (for WhatsApp/SMS through a gateway), as they type it, parsed into one canonical form.

use serde::{Deserialize, Serialize};
use std::fmt;

/// How a message reaches a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactChannel {
    /// E-mail over SMTP.
    Email,
    /// WhatsApp or SMS through an HTTP gateway.
    Wa,
}

impl ContactChannel {
    pub const ALL: [ContactChannel; 2] = [ContactChannel::Email, ContactChannel::Wa];

    pub fn as_str(self) -> &'static str {
        match self {
            ContactChannel::Email => "email",
            ContactChannel::Wa => "wa",
        }
    }

    pub fn parse(s: &str) -> Option<ContactChannel> {
        ContactChannel::ALL.into_iter().find(|c| c.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            ContactChannel::Email => "E-mail",
            ContactChannel::Wa => "WhatsApp/SMS",
        }
    }

    /// Reads what a person typed for this channel into its canonical form.
    pub fn address(self, text: &str) -> Result<String, ContactError> {
        match self {
            ContactChannel::Email => parse_email(text),
            ContactChannel::Wa => parse_phone(text),
        }
    }
}

impl fmt::Display for ContactChannel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContactError {
    #[error("Tuliskan alamat e-mail yang lengkap, misalnya nama@contoh.id.")]
    Email,
    #[error("Tuliskan nomor HP Indonesia, misalnya 0812 3456 7890 atau +62 812 3456 7890.")]
    Phone,
}

/// An e-mail address: one `@`, a local part, a domain with a dot; no spaces or angle brackets
/// (nothing that could smuggle a second header into a message). The domain is lower-cased.
fn parse_email(text: &str) -> Result<String, ContactError> {
    let text = text.trim();
    let (local, domain) = text.rsplit_once('@').ok_or(ContactError::Email)?;
    let bad = |c: char| c.is_whitespace() || c.is_control() || "<>()[]\\,;:\"@".contains(c);
    let domain_ok = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && domain.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '.');
    if local.is_empty() || local.chars().any(bad) || !domain_ok || text.len() > 254 {
        return Err(ContactError::Email);
    }
    Ok(format!("{local}@{}", domain.to_lowercase()))
}

/// An Indonesian mobile number in international form without `+`: `62812…` (what gateways
/// take). Accepts `0812…`, `62812…`, `+62 812-…`.
fn parse_phone(text: &str) -> Result<String, ContactError> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace() && !"-.()".contains(*c)).collect();
    let rest = compact.strip_prefix('+').unwrap_or(&compact);
    if !rest.chars().all(|c| c.is_ascii_digit()) {
        return Err(ContactError::Phone);
    }
    let national = rest.strip_prefix("62").or_else(|| rest.strip_prefix('0')).ok_or(ContactError::Phone)?;
    // Mobile numbers start with 8 and have 9 to 12 digits after the 0.
    if !national.starts_with('8') || !(9..=12).contains(&national.len()) {
        return Err(ContactError::Phone);
    }
    Ok(format!("62{national}"))
}

/// Shows an address with most of it hidden (in lists and logs): `ma***@contoh.id`, `62812****90`.
pub fn masked(channel: ContactChannel, address: &str) -> String {
    match channel {
        ContactChannel::Email => match address.split_once('@') {
            Some((local, domain)) => format!("{}***@{domain}", local.chars().take(2).collect::<String>()),
            None => "***".into(),
        },
        ContactChannel::Wa => {
            let n = address.chars().count();
            address.chars().enumerate().map(|(i, c)| if i < 5 || i + 2 >= n { c } else { '*' }).collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_are_read_in_the_forms_people_write_them() {
        for typed in ["0812 3456 7890", "+62 812-3456-7890", "6281234567890", "(0812) 3456.7890"] {
            assert_eq!(ContactChannel::Wa.address(typed).as_deref(), Ok("6281234567890"), "{typed}");
        }
        for bad in ["", "12345", "0212345678", "+1 555 0100", "0812abc45678", "08123"] {
            assert_eq!(ContactChannel::Wa.address(bad), Err(ContactError::Phone), "{bad}");
        }
    }

    #[test]
    fn emails_are_checked_and_their_domain_lower_cased() {
        assert_eq!(ContactChannel::Email.address(" Maria@Contoh.ID ").as_deref(), Ok("Maria@contoh.id"));
        for bad in ["", "maria", "maria@", "@contoh.id", "ma ria@contoh.id", "maria@contoh", "a@b.c\r\nBcc: x@y.z"] {
            assert_eq!(ContactChannel::Email.address(bad), Err(ContactError::Email), "{bad:?}");
        }
    }

    #[test]
    fn masked_addresses_keep_only_a_hint() {
        assert_eq!(masked(ContactChannel::Email, "maria@contoh.id"), "ma***@contoh.id");
        assert_eq!(masked(ContactChannel::Wa, "6281234567890"), "62812******90");
    }
}

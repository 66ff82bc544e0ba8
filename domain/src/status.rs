//! The request's life: which action moves which status, and who may take it.
//!
//! ```text
//! diajukan ─(petugas kelurahan)→ diverifikasi ─(lurah signs)→ ditandatangani      [route kelurahan]
//!                                   └─(lurah approves)→ diteruskan ─(petugas kecamatan)→
//!                                      diverifikasi_kecamatan ─(camat signs)→ ditandatangani
//! any open stage → dikembalikan (returned with a reason) → diajukan (resubmitted)
//! any open stage → ditolak (final) | dibatalkan (by the resident, final)
//! ```
//! Whether the actor belongs to the request's office is checked by the server, not here.

use crate::office::OfficeKind;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    Diajukan,
    Dikembalikan,
    Diverifikasi,
    Diteruskan,
    DiverifikasiKecamatan,
    Ditandatangani,
    Ditolak,
    Dibatalkan,
    /// The signed letter was revoked (with a reason): it no longer counts as valid.
    Dicabut,
}

impl RequestStatus {
    pub const ALL: [RequestStatus; 9] = [
        RequestStatus::Diajukan,
        RequestStatus::Dikembalikan,
        RequestStatus::Diverifikasi,
        RequestStatus::Diteruskan,
        RequestStatus::DiverifikasiKecamatan,
        RequestStatus::Ditandatangani,
        RequestStatus::Ditolak,
        RequestStatus::Dibatalkan,
        RequestStatus::Dicabut,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::Diajukan => "diajukan",
            RequestStatus::Dikembalikan => "dikembalikan",
            RequestStatus::Diverifikasi => "diverifikasi",
            RequestStatus::Diteruskan => "diteruskan",
            RequestStatus::DiverifikasiKecamatan => "diverifikasi_kecamatan",
            RequestStatus::Ditandatangani => "ditandatangani",
            RequestStatus::Ditolak => "ditolak",
            RequestStatus::Dibatalkan => "dibatalkan",
            RequestStatus::Dicabut => "dicabut",
        }
    }
    pub fn parse(s: &str) -> Option<RequestStatus> {
        RequestStatus::ALL.into_iter().find(|st| st.as_str() == s)
    }
    /// What a resident reads, in the words of their office: "pemeriksaan desa", "tanda tangan
    /// Kepala Desa" for a request to a desa.
    pub fn label(self, office: OfficeKind) -> String {
        let (place, head) = (office.label().to_lowercase(), office.head_title());
        match self {
            RequestStatus::Diajukan => format!("Diajukan, menunggu pemeriksaan {place}"),
            RequestStatus::Dikembalikan => "Dikembalikan untuk diperbaiki".into(),
            RequestStatus::Diverifikasi => format!("Diverifikasi {place}, menunggu tanda tangan {head}"),
            RequestStatus::Diteruskan => format!("Disetujui {head}, diteruskan ke kecamatan"),
            RequestStatus::DiverifikasiKecamatan => "Diverifikasi kecamatan, menunggu tanda tangan Camat".into(),
            RequestStatus::Ditandatangani => "Selesai: surat sudah ditandatangani".into(),
            RequestStatus::Ditolak => "Ditolak".into(),
            RequestStatus::Dibatalkan => "Dibatalkan".into(),
            RequestStatus::Dicabut => "Dicabut: surat tidak berlaku lagi".into(),
        }
    }
    pub fn is_final(self) -> bool {
        matches!(
            self,
            RequestStatus::Ditandatangani | RequestStatus::Ditolak | RequestStatus::Dibatalkan | RequestStatus::Dicabut
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Warga,
    PetugasKelurahan,
    Lurah,
    PetugasKecamatan,
    Camat,
    /// A city (kota/kabupaten) administrator: every office.
    Admin,
    /// An office's administrator: the staff accounts of one office.
    AdminKantor,
}

/// A stored or sent value that names no variant.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("nilai tidak dikenal: {0:?}")]
pub struct UnknownValue(pub String);

impl TryFrom<String> for Role {
    type Error = UnknownValue;
    fn try_from(s: String) -> Result<Role, UnknownValue> {
        Role::parse(&s).ok_or(UnknownValue(s))
    }
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Warga,
        Role::PetugasKelurahan,
        Role::Lurah,
        Role::PetugasKecamatan,
        Role::Camat,
        Role::Admin,
        Role::AdminKantor,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Warga => "warga",
            Role::PetugasKelurahan => "petugas_kelurahan",
            Role::Lurah => "lurah",
            Role::PetugasKecamatan => "petugas_kecamatan",
            Role::Camat => "camat",
            Role::Admin => "admin",
            Role::AdminKantor => "admin_kantor",
        }
    }
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
    pub fn label(self) -> &'static str {
        match self {
            Role::Warga => "Warga",
            Role::PetugasKelurahan => "Petugas Kelurahan",
            Role::Lurah => "Lurah",
            Role::PetugasKecamatan => "Petugas Kecamatan",
            Role::Camat => "Camat",
            Role::Admin => "Admin",
            Role::AdminKantor => "Admin Kantor",
        }
    }
    /// Officials of a kelurahan office (as opposed to a kecamatan office).
    pub fn is_kelurahan_official(self) -> bool {
        matches!(self, Role::PetugasKelurahan | Role::Lurah)
    }
    pub fn is_kecamatan_official(self) -> bool {
        matches!(self, Role::PetugasKecamatan | Role::Camat)
    }
    /// Roles that sign letters (with a certificate).
    pub fn signs(self) -> bool {
        matches!(self, Role::Lurah | Role::Camat)
    }
    /// Administrators: of the whole city, or of one office.
    pub fn administers(self) -> bool {
        matches!(self, Role::Admin | Role::AdminKantor)
    }
}

/// Which offices a letter type passes through; it comes from the letter type's template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Route {
    /// Checked by the kelurahan clerk, signed by the lurah.
    Kelurahan,
    /// Checked by the kelurahan clerk, approved by the lurah, checked by the kecamatan clerk,
    /// signed by the camat.
    Kecamatan,
}

impl Route {
    pub fn as_str(self) -> &'static str {
        match self {
            Route::Kelurahan => "kelurahan",
            Route::Kecamatan => "kecamatan",
        }
    }
    pub fn parse(s: &str) -> Option<Route> {
        match s {
            "kelurahan" => Some(Route::Kelurahan),
            "kecamatan" => Some(Route::Kecamatan),
            _ => None,
        }
    }
}

/// How a request reached the office.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// The resident asked online.
    Daring,
    /// A clerk opened it for the resident at the counter.
    Loket,
}

impl Channel {
    pub const ALL: [Channel; 2] = [Channel::Daring, Channel::Loket];
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Daring => "daring",
            Channel::Loket => "loket",
        }
    }
    pub fn parse(s: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Submit,
    Resubmit,
    Cancel,
    Verify,
    Return,
    Reject,
    Approve,
    VerifyKecamatan,
    Sign,
    /// Withdraw a signed letter (by its signing office or an admin), with a reason.
    Revoke,
}

impl Action {
    /// The name it travels under (serde's, e.g. `verify_kecamatan`): a form button's value.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Submit => "submit",
            Action::Resubmit => "resubmit",
            Action::Cancel => "cancel",
            Action::Verify => "verify",
            Action::Return => "return",
            Action::Reject => "reject",
            Action::Approve => "approve",
            Action::VerifyKecamatan => "verify_kecamatan",
            Action::Sign => "sign",
            Action::Revoke => "revoke",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Action::Submit => "Ajukan",
            Action::Resubmit => "Ajukan ulang",
            Action::Cancel => "Batalkan",
            Action::Verify => "Verifikasi",
            Action::Return => "Kembalikan",
            Action::Reject => "Tolak",
            Action::Approve => "Setujui dan teruskan ke kecamatan",
            Action::VerifyKecamatan => "Verifikasi (kecamatan)",
            Action::Sign => "Tandatangani",
            Action::Revoke => "Cabut surat",
        }
    }
    /// Returning, rejecting and revoking must say why.
    pub fn needs_note(self) -> bool {
        matches!(self, Action::Return | Action::Reject | Action::Revoke)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("Tindakan \"{action}\" tidak dapat dilakukan pada permohonan berstatus \"{status}\".")]
    NotFromStatus { action: &'static str, status: &'static str },
    #[error("Peran {role} tidak berwenang melakukan \"{action}\" pada tahap ini.")]
    NotForRole { action: &'static str, role: &'static str },
    #[error("Jenis surat ini tidak melalui kecamatan.")]
    NotOnRoute,
}

/// The status that `action` by `role` leads to from `from` (None = the request does not exist yet).
pub fn transition(
    route: Route,
    from: Option<RequestStatus>,
    action: Action,
    role: Role,
) -> Result<RequestStatus, TransitionError> {
    use Action as A;
    use RequestStatus as S;
    let not_from = || TransitionError::NotFromStatus {
        action: action.label(),
        status: from.map(|s| s.as_str()).unwrap_or("baru"),
    };
    let (to, allowed): (RequestStatus, &[Role]) = match (action, from) {
        (A::Submit, None) => (S::Diajukan, &[Role::Warga]),
        (A::Resubmit, Some(S::Dikembalikan)) => (S::Diajukan, &[Role::Warga]),
        (A::Cancel, Some(s)) if !s.is_final() => (S::Dibatalkan, &[Role::Warga]),
        (A::Verify, Some(S::Diajukan)) => (S::Diverifikasi, &[Role::PetugasKelurahan]),
        (A::Return | A::Reject, Some(s)) => {
            let roles: &[Role] = match s {
                S::Diajukan => &[Role::PetugasKelurahan],
                S::Diverifikasi => &[Role::Lurah],
                S::Diteruskan => &[Role::PetugasKecamatan],
                S::DiverifikasiKecamatan => &[Role::Camat],
                _ => return Err(not_from()),
            };
            (if action == A::Return { S::Dikembalikan } else { S::Ditolak }, roles)
        }
        (A::Approve, Some(S::Diverifikasi)) => {
            if route != Route::Kecamatan {
                return Err(TransitionError::NotOnRoute);
            }
            (S::Diteruskan, &[Role::Lurah])
        }
        (A::VerifyKecamatan, Some(S::Diteruskan)) => (S::DiverifikasiKecamatan, &[Role::PetugasKecamatan]),
        (A::Sign, Some(S::Diverifikasi)) if route == Route::Kelurahan => (S::Ditandatangani, &[Role::Lurah]),
        (A::Sign, Some(S::DiverifikasiKecamatan)) if route == Route::Kecamatan => (S::Ditandatangani, &[Role::Camat]),
        (A::Revoke, Some(S::Ditandatangani)) => match route {
            Route::Kelurahan => (S::Dicabut, &[Role::Lurah, Role::PetugasKelurahan, Role::Admin]),
            Route::Kecamatan => (S::Dicabut, &[Role::Camat, Role::PetugasKecamatan, Role::Admin]),
        },
        _ => return Err(not_from()),
    };
    if !allowed.contains(&role) {
        return Err(TransitionError::NotForRole { action: action.label(), role: role.label() });
    }
    Ok(to)
}

/// [`transition`] for a request that came in through `channel`. A request opened at the
/// counter belongs to a resident who may have no account: when it comes back, the kelurahan
/// clerk sends it again on their behalf.
pub fn transition_on(
    channel: Channel,
    route: Route,
    from: Option<RequestStatus>,
    action: Action,
    role: Role,
) -> Result<RequestStatus, TransitionError> {
    let for_the_resident = channel == Channel::Loket && role == Role::PetugasKelurahan && action == Action::Resubmit;
    transition(route, from, action, if for_the_resident { Role::Warga } else { role })
}

/// The actions `role` may take on a request of `channel` in `status` (for showing buttons).
pub fn actions_on(channel: Channel, route: Route, status: RequestStatus, role: Role) -> Vec<Action> {
    ACTIONS.into_iter().filter(|a| transition_on(channel, route, Some(status), *a, role).is_ok()).collect()
}

/// What buttons may offer, in their order. Revoking is offered on the letter's verification
/// page instead.
const ACTIONS: [Action; 8] = [
    Action::Resubmit,
    Action::Cancel,
    Action::Verify,
    Action::Approve,
    Action::VerifyKecamatan,
    Action::Sign,
    Action::Return,
    Action::Reject,
];

/// The actions `role` may take on a request in `status` (for showing buttons).
pub fn available_actions(route: Route, status: RequestStatus, role: Role) -> Vec<Action> {
    ACTIONS.into_iter().filter(|a| transition(route, Some(status), *a, role).is_ok()).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_clerk_sends_a_returned_counter_request_again_but_not_an_online_one() {
        use super::*;
        let (route, from) = (Route::Kelurahan, Some(RequestStatus::Dikembalikan));
        let clerk = Role::PetugasKelurahan;
        assert_eq!(transition_on(Channel::Loket, route, from, Action::Resubmit, clerk), Ok(RequestStatus::Diajukan));
        assert!(transition_on(Channel::Daring, route, from, Action::Resubmit, clerk).is_err());
        for channel in Channel::ALL {
            assert!(transition_on(channel, route, from, Action::Resubmit, Role::Warga).is_ok());
            // Only sending again: the clerk does not cancel for the resident.
            assert!(transition_on(channel, route, from, Action::Cancel, clerk).is_err());
        }
        assert_eq!(actions_on(Channel::Loket, route, RequestStatus::Dikembalikan, clerk), vec![Action::Resubmit]);
        assert!(actions_on(Channel::Daring, route, RequestStatus::Dikembalikan, clerk).is_empty());
        assert!(actions_on(Channel::Loket, route, RequestStatus::Diajukan, clerk).contains(&Action::Verify));
    }

    use super::*;
    use Action as A;
    use RequestStatus as S;

    #[test]
    fn status_labels_speak_of_the_residents_office() {
        assert_eq!(S::Diverifikasi.label(OfficeKind::Kelurahan), "Diverifikasi kelurahan, menunggu tanda tangan Lurah");
        assert_eq!(S::Diverifikasi.label(OfficeKind::Desa), "Diverifikasi desa, menunggu tanda tangan Kepala Desa");
        assert_eq!(S::Diajukan.label(OfficeKind::Desa), "Diajukan, menunggu pemeriksaan desa");
        assert_eq!(S::Diteruskan.label(OfficeKind::Desa), "Disetujui Kepala Desa, diteruskan ke kecamatan");
        for status in S::ALL {
            assert!(!status.label(OfficeKind::Desa).contains("Lurah"), "{status:?}");
            assert!(!status.label(OfficeKind::Desa).contains("kelurahan"), "{status:?}");
        }
    }

    #[test]
    fn a_kelurahan_letter_goes_clerk_then_lurah() {
        let r = Route::Kelurahan;
        let s = transition(r, None, A::Submit, Role::Warga).unwrap();
        let s = transition(r, Some(s), A::Verify, Role::PetugasKelurahan).unwrap();
        assert_eq!(transition(r, Some(s), A::Sign, Role::Lurah), Ok(S::Ditandatangani));
    }

    #[test]
    fn a_kecamatan_letter_passes_lurah_kecamatan_clerk_and_camat() {
        let r = Route::Kecamatan;
        let mut s = S::Diajukan;
        for (a, role) in [
            (A::Verify, Role::PetugasKelurahan),
            (A::Approve, Role::Lurah),
            (A::VerifyKecamatan, Role::PetugasKecamatan),
            (A::Sign, Role::Camat),
        ] {
            s = transition(r, Some(s), a, role).unwrap();
        }
        assert_eq!(s, S::Ditandatangani);
    }

    #[test]
    fn the_lurah_cannot_sign_a_kecamatan_letter_nor_approve_a_kelurahan_one() {
        assert!(transition(Route::Kecamatan, Some(S::Diverifikasi), A::Sign, Role::Lurah).is_err());
        assert_eq!(
            transition(Route::Kelurahan, Some(S::Diverifikasi), A::Approve, Role::Lurah),
            Err(TransitionError::NotOnRoute)
        );
    }

    #[test]
    fn a_returned_request_is_resubmitted_by_the_resident() {
        let s = transition(Route::Kelurahan, Some(S::Diajukan), A::Return, Role::PetugasKelurahan).unwrap();
        assert_eq!(s, S::Dikembalikan);
        assert_eq!(transition(Route::Kelurahan, Some(s), A::Resubmit, Role::Warga), Ok(S::Diajukan));
        assert!(transition(Route::Kelurahan, Some(s), A::Verify, Role::PetugasKelurahan).is_err());
    }

    #[test]
    fn final_statuses_allow_nothing() {
        for status in [S::Ditandatangani, S::Ditolak, S::Dibatalkan, S::Dicabut] {
            for role in Role::ALL {
                for route in [Route::Kelurahan, Route::Kecamatan] {
                    assert!(available_actions(route, status, role).is_empty(), "{status:?} {role:?}");
                }
            }
        }
    }

    #[test]
    fn a_signed_letter_is_revoked_by_its_signing_office_or_an_admin_with_a_reason() {
        assert!(A::Revoke.needs_note());
        for role in [Role::Lurah, Role::PetugasKelurahan, Role::Admin] {
            assert_eq!(transition(Route::Kelurahan, Some(S::Ditandatangani), A::Revoke, role), Ok(S::Dicabut));
        }
        for role in [Role::Camat, Role::PetugasKecamatan, Role::Warga] {
            assert!(transition(Route::Kelurahan, Some(S::Ditandatangani), A::Revoke, role).is_err(), "{role:?}");
        }
        assert!(transition(Route::Kecamatan, Some(S::Ditandatangani), A::Revoke, Role::Lurah).is_err());
        assert_eq!(transition(Route::Kecamatan, Some(S::Ditandatangani), A::Revoke, Role::Camat), Ok(S::Dicabut));
        assert!(transition(Route::Kelurahan, Some(S::Diverifikasi), A::Revoke, Role::Admin).is_err());
        assert!(transition(Route::Kelurahan, Some(S::Dicabut), A::Revoke, Role::Admin).is_err());
    }

    #[test]
    fn wrong_roles_are_refused_with_a_message() {
        let err = transition(Route::Kelurahan, Some(S::Diajukan), A::Verify, Role::Warga).unwrap_err();
        assert!(matches!(err, TransitionError::NotForRole { .. }));
        assert!(err.to_string().contains("tidak berwenang"));
        assert!(transition(Route::Kelurahan, Some(S::Diajukan), A::Sign, Role::Lurah).is_err());
        assert!(transition(Route::Kelurahan, Some(S::Diverifikasi), A::Verify, Role::PetugasKelurahan).is_err());
    }

    #[test]
    fn only_the_current_stage_can_return_or_reject() {
        assert!(transition(Route::Kecamatan, Some(S::Diteruskan), A::Reject, Role::PetugasKelurahan).is_err());
        assert_eq!(
            transition(Route::Kecamatan, Some(S::Diteruskan), A::Reject, Role::PetugasKecamatan),
            Ok(S::Ditolak)
        );
    }

    #[test]
    fn status_and_role_names_round_trip() {
        for s in S::ALL {
            assert_eq!(S::parse(s.as_str()), Some(s));
        }
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(S::parse("draft"), None);
    }
}

//! Catches a reverse-proxy set-up that does not match `SERAMBI_TRUST_PROXY`, with one warning
//! each in the log: requests from loopback carrying `X-Forwarded-For` while it is unset (every
//! client then shares the proxy's address in the attempt limits), and requests without the
//! header while it is set. Those are served, but their forwarded address is not trusted: the
//! peer address counts (see `accounts::client_address`). Refusing them would also refuse a load
//! balancer's direct health checks.

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mismatch {
    /// `X-Forwarded-For` from loopback, `SERAMBI_TRUST_PROXY` unset.
    ProxyNotTrusted,
    /// `SERAMBI_TRUST_PROXY` set, no `X-Forwarded-For`.
    HeaderMissing,
}

impl Mismatch {
    pub fn message(self) -> &'static str {
        match self {
            Mismatch::ProxyNotTrusted => {
                "tampaknya di balik proxy; setel SERAMBI_TRUST_PROXY=1 agar batas percobaan memakai alamat klien \
                 dari X-Forwarded-For, bukan alamat proxy"
            }
            Mismatch::HeaderMissing => {
                "SERAMBI_TRUST_PROXY disetel tetapi permintaan datang tanpa X-Forwarded-For: alamat pengirimnya \
                 yang dipakai; pastikan proxy menambahkan header itu dan Serambi tidak dapat dihubungi langsung"
            }
        }
    }
}

/// What a request says about the set-up (health checks are exempt: load balancers call them directly).
pub fn mismatch(trust_proxy: bool, path: &str, peer: Option<IpAddr>, forwarded: bool) -> Option<Mismatch> {
    if matches!(path, "/kesehatan" | "/siap") {
        return None;
    }
    let loopback = peer.is_some_and(|p| p.to_canonical().is_loopback());
    match (trust_proxy, forwarded) {
        (false, true) if loopback => Some(Mismatch::ProxyNotTrusted),
        (true, false) => Some(Mismatch::HeaderMissing),
        _ => None,
    }
}

/// The setting and whether each warning was given already (once per process and router).
#[derive(Debug, Default)]
pub struct Guard {
    trust_proxy: bool,
    not_trusted_warned: AtomicBool,
    missing_warned: AtomicBool,
}

impl Guard {
    pub fn new(trust_proxy: bool) -> Guard {
        Guard { trust_proxy, ..Guard::default() }
    }

    /// The mismatch, only the first time it is seen.
    pub fn first(&self, m: Mismatch) -> Option<Mismatch> {
        let flag = match m {
            Mismatch::ProxyNotTrusted => &self.not_trusted_warned,
            Mismatch::HeaderMissing => &self.missing_warned,
        };
        (!flag.swap(true, Ordering::Relaxed)).then_some(m)
    }
}

pub async fn check(State(guard): State<Arc<Guard>>, req: Request, next: Next) -> Response {
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    let forwarded = req.headers().contains_key("x-forwarded-for");
    if let Some(m) = mismatch(guard.trust_proxy, req.uri().path(), peer, forwarded).and_then(|m| guard.first(m)) {
        tracing::warn!("{}", m.message());
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mismatches_between_the_setting_and_the_requests_are_recognised() {
        let loopback: Option<IpAddr> = Some("127.0.0.1".parse().unwrap());
        let mapped: Option<IpAddr> = Some("::ffff:127.0.0.1".parse().unwrap());
        let remote: Option<IpAddr> = Some("203.0.113.9".parse().unwrap());
        let cases = [
            (false, "/", loopback, true, Some(Mismatch::ProxyNotTrusted)),
            (false, "/", mapped, true, Some(Mismatch::ProxyNotTrusted)),
            (false, "/", remote, true, None),
            (false, "/", loopback, false, None),
            (true, "/", remote, false, Some(Mismatch::HeaderMissing)),
            (true, "/", loopback, true, None),
            (true, "/siap", remote, false, None),
            (false, "/kesehatan", loopback, true, None),
        ];
        for (trust, path, peer, forwarded, expected) in cases {
            assert_eq!(mismatch(trust, path, peer, forwarded), expected, "{trust} {path} {peer:?} {forwarded}");
        }
    }

    #[test]
    fn each_warning_is_given_once() {
        let guard = Guard::new(false);
        assert_eq!(guard.first(Mismatch::ProxyNotTrusted), Some(Mismatch::ProxyNotTrusted));
        assert_eq!(guard.first(Mismatch::ProxyNotTrusted), None);
        assert_eq!(guard.first(Mismatch::HeaderMissing), Some(Mismatch::HeaderMissing));
    }
}

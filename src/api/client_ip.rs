//! The address of the client behind a request: the socket's peer, or, when
//! that peer is a trusted proxy (`FORWARDED_ALLOW_IPS`, as uvicorn names
//! it), the client its `X-Forwarded-For` names. Used by the sign-in limit.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;

use super::AppState;

/// One entry of `FORWARDED_ALLOW_IPS`: an address or a network.
#[derive(Clone, Debug, PartialEq)]
struct Net {
    addr: IpAddr,
    prefix: u8,
}

impl Net {
    fn parse(s: &str) -> Option<Net> {
        let (a, p) = match s.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s, None),
        };
        let addr: IpAddr = a.trim().parse().ok()?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match p {
            Some(p) => p.trim().parse().ok().filter(|&p| p <= max)?,
            None => max,
        };
        Some(Net { addr, prefix })
    }

    fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr, ip.to_canonical()) {
            (IpAddr::V4(n), IpAddr::V4(i)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(n) & mask == u32::from(i) & mask
            }
            (IpAddr::V6(n), IpAddr::V6(i)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(n) & mask == u128::from(i) & mask
            }
            _ => false,
        }
    }
}

/// The proxies whose `X-Forwarded-For` is believed.
#[derive(Clone, Debug, Default)]
pub struct TrustedProxies {
    any: bool,
    nets: Vec<Net>,
}

impl TrustedProxies {
    /// From `FORWARDED_ALLOW_IPS`: comma-separated addresses and networks,
    /// `*` for any peer. Entries that do not parse are left out (and
    /// logged).
    pub fn parse(setting: &str) -> TrustedProxies {
        let mut t = TrustedProxies::default();
        for item in setting.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            if item == "*" {
                t.any = true;
            } else if let Some(n) = Net::parse(item) {
                t.nets.push(n);
            } else {
                tracing::warn!("FORWARDED_ALLOW_IPS: `{item}` is not an address or network");
            }
        }
        t
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        self.any || self.nets.iter().any(|n| n.contains(ip))
    }

    /// The client: the peer, unless it is trusted and the request says
    /// whom it forwards for; then, from the right of `X-Forwarded-For`,
    /// the first address that is not a trusted proxy (the leftmost when
    /// all are).
    pub fn client(&self, peer: IpAddr, forwarded_for: &[&str]) -> IpAddr {
        if !self.trusts(peer) {
            return peer;
        }
        let hops: Vec<IpAddr> = forwarded_for
            .iter()
            .flat_map(|h| h.split(','))
            .filter_map(|a| parse_hop(a.trim()))
            .collect();
        hops.iter()
            .rev()
            .find(|ip| !self.trusts(**ip))
            .or(hops.first())
            .copied()
            .unwrap_or(peer)
    }
}

/// One address of `X-Forwarded-For`: bare, or with a port (`1.2.3.4:5`,
/// `[::1]:5`).
fn parse_hop(s: &str) -> Option<IpAddr> {
    s.parse()
        .ok()
        .or_else(|| s.parse::<SocketAddr>().ok().map(|a| a.ip()))
}

/// The client's address, when the server knows its peer.
pub struct ClientIp(pub Option<IpAddr>);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, Self::Rejection> {
        let Some(ConnectInfo(peer)) = parts.extensions.get::<ConnectInfo<SocketAddr>>() else {
            return Ok(ClientIp(None));
        };
        let xff: Vec<&str> = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        Ok(ClientIp(Some(st.trusted_proxies.client(peer.ip(), &xff))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn forwarded_for_is_believed_only_from_trusted_peers() {
        let t = TrustedProxies::parse("127.0.0.1, 10.0.0.0/8, ::1");
        // an untrusted peer is the client, whatever it says
        assert_eq!(t.client(ip("203.0.113.9"), &["1.2.3.4"]), ip("203.0.113.9"));
        // a trusted peer: the rightmost untrusted hop
        assert_eq!(
            t.client(ip("127.0.0.1"), &["1.2.3.4, 5.6.7.8, 10.1.2.3"]),
            ip("5.6.7.8")
        );
        assert_eq!(
            t.client(ip("::1"), &["1.2.3.4", "[2001:db8::1]:443"]),
            ip("2001:db8::1")
        );
        // all hops trusted: the leftmost; none given: the peer
        assert_eq!(
            t.client(ip("127.0.0.1"), &["10.0.0.1, 10.0.0.2"]),
            ip("10.0.0.1")
        );
        assert_eq!(t.client(ip("127.0.0.1"), &[]), ip("127.0.0.1"));
        assert_eq!(t.client(ip("127.0.0.1"), &["garbage"]), ip("127.0.0.1"));
        // an IPv4 peer seen as IPv6
        assert_eq!(t.client(ip("::ffff:10.9.9.9"), &["1.2.3.4"]), ip("1.2.3.4"));

        let none = TrustedProxies::parse("");
        assert_eq!(none.client(ip("127.0.0.1"), &["1.2.3.4"]), ip("127.0.0.1"));
        let any = TrustedProxies::parse("*");
        assert_eq!(any.client(ip("198.51.100.1"), &["1.2.3.4"]), ip("1.2.3.4"));
        let v6 = TrustedProxies::parse("2001:db8::/32, nonsense, 1.2.3.4/40");
        assert_eq!(v6.client(ip("2001:db8:1::5"), &["1.2.3.4"]), ip("1.2.3.4"));
        assert_eq!(v6.client(ip("1.2.3.4"), &["9.9.9.9"]), ip("1.2.3.4"));
    }
}

//! What the page loader may fetch: URL checks before each request and each
//! redirect hop, address checks at connect time, and the allow/block filter
//! lists (hostnames, addresses and CIDR ranges) shared with search results.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

use reqwest::Url;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};

use crate::error::{Error, Result};

/// Upstream's message for every refused URL.
pub const INVALID_URL: &str = "The URL you provided is invalid. Please double-check and try again.";

/// Upstream's built-in fetch filter (cloud metadata endpoints and address
/// ranges that are never public destinations); `WEB_FETCH_FILTER_LIST`
/// entries are added to it, not substituted.
pub const DEFAULT_FETCH_FILTER_LIST: &[&str] = &[
    "!169.254.169.254",
    "!fd00:ec2::254",
    "!metadata.google.internal",
    "!metadata.azure.com",
    "!100.100.100.200",
    "!168.63.129.16",
    "!192.88.99.0/24",
    "!224.0.0.0/4",
    "!::ffff:0:0:0/96",
    "!64:ff9b:1::/48",
    "!100:0:0:1::/64",
    "!2001:1::1",
    "!2001:1::2",
    "!2001:20::/28",
    "!2001:30::/28",
    "!5f00::/16",
    "!fec0::/10",
    "!ff00::/8",
];

/// A filter list split into allow entries and (`!`-prefixed) block entries.
fn allow_block(list: &[String]) -> (Vec<&str>, Vec<&str>) {
    let mut allow = Vec::new();
    let mut block = Vec::new();
    for entry in list {
        let entry = entry.trim();
        if let Some(b) = entry.strip_prefix('!') {
            block.push(b);
        } else if !entry.is_empty() {
            allow.push(entry);
        }
    }
    (allow, block)
}

/// A filter entry read as an address range, or None when it names a host.
fn as_network(pattern: &str) -> Option<(IpAddr, u8)> {
    let p = pattern.trim().to_ascii_lowercase();
    let p = p.trim_end_matches('.');
    let (addr, len) = match p.split_once('/') {
        Some((a, l)) => (a, Some(l.parse::<u8>().ok()?)),
        None => (p, None),
    };
    let ip: IpAddr = addr.parse().ok()?;
    let max = if ip.is_ipv4() { 32 } else { 128 };
    let len = len.unwrap_or(max);
    (len <= max).then_some((ip, len))
}

fn in_network(ip: IpAddr, (net, len): (IpAddr, u8)) -> bool {
    match (ip, net) {
        (IpAddr::V4(a), IpAddr::V4(n)) => {
            let mask = if len == 0 { 0 } else { u32::MAX << (32 - len) };
            u32::from(a) & mask == u32::from(n) & mask
        }
        (IpAddr::V6(a), IpAddr::V6(n)) => {
            let mask = if len == 0 {
                0
            } else {
                u128::MAX << (128 - len)
            };
            u128::from(a) & mask == u128::from(n) & mask
        }
        _ => false,
    }
}

/// Whether `host` matches a filter entry: on DNS label boundaries for a
/// hostname entry (`corp.com` covers `api.corp.com`, not `evilcorp.com`),
/// by containment for an address or CIDR entry.
fn host_matches(host: &str, pattern: &str) -> bool {
    let host = host.trim().to_ascii_lowercase();
    let host = host.trim_end_matches('.');
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let pat = pattern.trim().to_ascii_lowercase();
    let pat = pat.trim_end_matches('.');
    if host.is_empty() || pat.is_empty() {
        return false;
    }
    if let Some(net) = as_network(pat) {
        return host.parse::<IpAddr>().is_ok_and(|ip| in_network(ip, net));
    }
    host == pat || host.ends_with(&format!(".{pat}"))
}

/// Whether any of `hosts` matches a block entry (allow entries ignored).
pub fn is_host_blocked(hosts: &[String], list: &[String]) -> bool {
    let (_, block) = allow_block(list);
    hosts
        .iter()
        .any(|h| block.iter().any(|b| host_matches(h, b)))
}

/// Upstream's `is_host_allowed`: with allow entries, one of `hosts` must
/// match one of them; no host may match a block entry.
pub fn is_host_allowed(hosts: &[String], list: &[String]) -> bool {
    if list.is_empty() {
        return true;
    }
    let (allow, _) = allow_block(list);
    if !allow.is_empty()
        && !hosts
            .iter()
            .any(|h| allow.iter().any(|a| host_matches(h, a)))
    {
        return false;
    }
    !is_host_blocked(hosts, list)
}

/// Whether a filter list has an address or range entry, so that hostnames
/// are worth resolving before matching.
pub fn has_network_entry(list: &[String]) -> bool {
    let (allow, block) = allow_block(list);
    allow
        .iter()
        .chain(block.iter())
        .any(|e| as_network(e).is_some())
}

/// The IPv4 addresses an IPv6 address carries: mapped, compatible, 6to4,
/// Teredo (the client address, inverted) and NAT64.
fn embedded_ipv4(ip: &Ipv6Addr) -> Vec<Ipv4Addr> {
    let b = ip.octets();
    let mut out = Vec::new();
    let last4 = Ipv4Addr::new(b[12], b[13], b[14], b[15]);
    if b[..10] == [0; 10] && b[10] == 0xff && b[11] == 0xff {
        out.push(last4); // ::ffff:a.b.c.d
    }
    if b[..12] == [0; 12] || b[..12] == [0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0] {
        out.push(last4); // v4-compatible, NAT64 /96
    } else if b[..6] == [0, 0x64, 0xff, 0x9b, 0, 1] {
        out.push(Ipv4Addr::new(b[6], b[7], b[9], b[10])); // NAT64 local-use /48
    }
    if b[0] == 0x20 && b[1] == 0x02 {
        out.push(Ipv4Addr::new(b[2], b[3], b[4], b[5])); // 6to4
    }
    if b[..4] == [0x20, 0x01, 0, 0] {
        // Teredo: server in bytes 4..8, client inverted in the last four
        out.push(Ipv4Addr::new(b[4], b[5], b[6], b[7]));
        out.push(Ipv4Addr::new(!b[12], !b[13], !b[14], !b[15]));
    }
    out
}

fn v4_is_global(ip: Ipv4Addr) -> bool {
    const NOT_GLOBAL: &[(u32, u8)] = &[
        (0x0000_0000, 8),  // this network, unspecified
        (0x0a00_0000, 8),  // private
        (0x6440_0000, 10), // shared address space (CGNAT)
        (0x7f00_0000, 8),  // loopback
        (0xa9fe_0000, 16), // link-local
        (0xac10_0000, 12), // private
        (0xc000_0000, 24), // IETF protocol assignments
        (0xc000_0200, 24), // documentation
        (0xc058_6300, 24), // 6to4 relay anycast
        (0xc0a8_0000, 16), // private
        (0xc612_0000, 15), // benchmarking
        (0xc633_6400, 24), // documentation
        (0xcb00_7100, 24), // documentation
        (0xe000_0000, 4),  // multicast
        (0xf000_0000, 4),  // reserved, broadcast
    ];
    !NOT_GLOBAL
        .iter()
        .any(|&(n, l)| in_network(IpAddr::V4(ip), (IpAddr::V4(Ipv4Addr::from(n)), l)))
}

fn v6_is_global(ip: Ipv6Addr) -> bool {
    const NOT_GLOBAL: &[(u128, u8)] = &[
        (0, 128),                                        // unspecified
        (1, 128),                                        // loopback
        (0x0000_0000_0000_0000_0000_ffff_0000_0000, 96), // IPv4-mapped
        (0x0000_0000_0000_0000_ffff_0000_0000_0000, 96), // IPv4-translated
        (0x0064_ff9b_0001_0000_0000_0000_0000_0000, 48), // NAT64 local-use
        (0x0100_0000_0000_0000_0000_0000_0000_0000, 64), // discard-only
        (0x2001_0000_0000_0000_0000_0000_0000_0000, 23), // IETF protocol assignments
        (0x2001_0db8_0000_0000_0000_0000_0000_0000, 32), // documentation
        (0x2002_0000_0000_0000_0000_0000_0000_0000, 16), // 6to4
        (0x3fff_0000_0000_0000_0000_0000_0000_0000, 20), // documentation
        (0x5f00_0000_0000_0000_0000_0000_0000_0000, 16), // SRv6 SIDs
        (0xfc00_0000_0000_0000_0000_0000_0000_0000, 7),  // unique local
        (0xfe80_0000_0000_0000_0000_0000_0000_0000, 10), // link-local
        (0xfec0_0000_0000_0000_0000_0000_0000_0000, 10), // site-local
        (0xff00_0000_0000_0000_0000_0000_0000_0000, 8),  // multicast
    ];
    !NOT_GLOBAL
        .iter()
        .any(|&(n, l)| in_network(IpAddr::V6(ip), (IpAddr::V6(Ipv6Addr::from(n)), l)))
}

/// Whether an address is publicly routable: not private, loopback,
/// link-local, unique-local, unspecified, multicast, documentation,
/// shared or otherwise reserved. IPv6 addresses that carry an IPv4 address
/// (mapped, NAT64, 6to4, Teredo) are judged by that address too.
pub fn is_global(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4_is_global(v4),
        IpAddr::V6(v6) => v6_is_global(v6) && embedded_ipv4(&v6).into_iter().all(v4_is_global),
    }
}

/// Upstream's `_assert_addresses_allowed`: no address (in either spelling)
/// may match a block entry, and unless local fetches are allowed every one
/// must be global.
pub(crate) fn check_addresses(
    addrs: &[IpAddr],
    filter: &[String],
    allow_local: bool,
) -> std::result::Result<(), Refused> {
    let mut all: Vec<IpAddr> = addrs.to_vec();
    for a in addrs {
        if let IpAddr::V6(v6) = a {
            all.extend(embedded_ipv4(v6).into_iter().map(IpAddr::V4));
        }
    }
    let spelled: Vec<String> = all.iter().map(|a| a.to_string()).collect();
    if is_host_blocked(&spelled, filter) {
        return Err(Refused(format!(
            "blocked by the filter list: {}",
            spelled.join(", ")
        )));
    }
    if !allow_local && let Some(bad) = all.iter().find(|a| !is_global(**a)) {
        return Err(Refused(format!("non-global address: {bad}")));
    }
    Ok(())
}

/// A connection the guard refused; the loader does not retry these.
#[derive(Debug)]
pub(crate) struct Refused(pub String);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "refused: {}", self.0)
    }
}

impl std::error::Error for Refused {}

/// The checks made on a URL before it is fetched (each redirect hop
/// included): no parser-confusing characters, http or https only, a host
/// (a dotted name unless local fetches are allowed, as upstream's
/// validator wants), the host allowed by the fetch filter list, and an IP
/// literal host (in any spelling the URL parser accepts: decimal, octal,
/// hex, IPv4-mapped IPv6) judged like a resolved address. Names are judged
/// at connect time by [`GuardedResolver`], on the addresses actually used.
pub(crate) fn check_url(url: &str, filter: &[String], allow_local: bool) -> Result<Url> {
    let invalid = |why: &str| {
        tracing::warn!("refused URL {url:?}: {why}");
        Error::invalid(INVALID_URL)
    };
    if url.contains(['\\', '\t', '\n', '\r']) {
        return Err(invalid("parser-confusing character"));
    }
    let parsed = Url::parse(url.trim()).map_err(|_| invalid("unparsable"))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(invalid("not http(s)"));
    }
    let host = match parsed.host() {
        Some(h) => h,
        None => return Err(invalid("no host")),
    };
    let ip = match host {
        url::Host::Domain(d) => {
            if !allow_local && !d.trim_end_matches('.').contains('.') {
                return Err(invalid("single-label host"));
            }
            None
        }
        url::Host::Ipv4(a) => Some(IpAddr::V4(a)),
        url::Host::Ipv6(a) => Some(IpAddr::V6(a)),
    };
    let host_str = parsed.host_str().unwrap_or_default().to_string();
    if !is_host_allowed(&[host_str], filter) {
        return Err(invalid("blocked by the filter list"));
    }
    if let Some(ip) = ip {
        check_addresses(&[ip], filter, allow_local).map_err(|e| invalid(&e.0))?;
    }
    Ok(parsed)
}

/// A name resolver whose answers are screened before any connection is
/// made: if any resolved address is blocked or (local fetches off) not
/// global, the lookup fails, so a name pointing at 127.0.0.1 or a DNS
/// record rebinding to an internal address never gets a connection. The
/// addresses checked are the ones connected to: there is no second lookup.
pub(crate) struct GuardedResolver {
    pub filter: Arc<Vec<String>>,
    pub allow_local: bool,
    /// Where names are looked up; the system resolver when None.
    pub lookup: Option<Arc<dyn Resolve>>,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let filter = self.filter.clone();
        let allow_local = self.allow_local;
        let lookup = self.lookup.clone();
        Box::pin(async move {
            let addrs: Vec<SocketAddr> = match lookup {
                Some(inner) => inner.resolve(name).await?.collect(),
                None => tokio::net::lookup_host((name.as_str(), 0)).await?.collect(),
            };
            if addrs.is_empty() {
                return Err("no addresses".into());
            }
            let ips: Vec<IpAddr> = addrs.iter().map(|a| a.ip()).collect();
            check_addresses(&ips, &filter, allow_local)?;
            Ok(Box::new(addrs.into_iter()) as Addrs)
        })
    }
}

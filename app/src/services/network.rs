//! Who the client is, for throttling: the address the connection came from,
//! unless that is a reverse proxy the deployment named as trusted; then the
//! address that proxy says it received the request from.
//!
//! Behind a proxy every carer arrives from the proxy's address, so without
//! this one noisy client could lock everyone out. A forwarded header is
//! believed only when a trusted proxy sent it: anyone else could write one.

use std::net::IpAddr;

/// The reverse proxies whose `X-Forwarded-For` is believed
/// (`CARERSPACE_TRUSTED_PROXIES`: addresses or CIDR ranges, comma-separated).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<(IpAddr, u8)>);

/// Most forwarded addresses looked at: a longer chain is not a real one.
const MOST_HOPS: usize = 16;

impl TrustedProxies {
    /// Reads `10.0.0.1, 192.168.0.0/16, ::1`; the message names what is wrong.
    pub fn parse(list: &str) -> Result<TrustedProxies, String> {
        let mut ranges = Vec::new();
        for item in list.split(',').map(str::trim).filter(|i| !i.is_empty()) {
            let (addr, bits) = match item.split_once('/') {
                Some((addr, bits)) => (addr, Some(bits)),
                None => (item, None),
            };
            let addr: IpAddr = addr.parse().map_err(|_| format!("{item} is not an IP address or range"))?;
            let max = if addr.is_ipv4() { 32 } else { 128 };
            let bits = match bits {
                Some(b) => b.parse::<u8>().ok().filter(|b| *b <= max).ok_or_else(|| format!("{item} has a bad prefix length"))?,
                None => max,
            };
            ranges.push((addr.to_canonical(), bits));
        }
        Ok(TrustedProxies(ranges))
    }

    /// True when no proxy is trusted (the default).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// True when `ip` is one of the trusted proxies.
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.0.iter().any(|(net, bits)| in_range(ip, *net, *bits))
    }

    /// The client's address: `peer`, unless `peer` is a trusted proxy; then
    /// the nearest address in the forwarded chain (`X-Forwarded-For` values,
    /// in the order received) that is not itself a trusted proxy.
    pub fn client(&self, peer: IpAddr, forwarded_for: &[&str]) -> IpAddr {
        let mut client = peer.to_canonical();
        if !self.contains(client) {
            return client;
        }
        let hops = forwarded_for.iter().rev().flat_map(|v| v.rsplit(',')).take(MOST_HOPS);
        for hop in hops {
            match hop.trim().parse::<IpAddr>() {
                Ok(ip) => {
                    client = ip.to_canonical();
                    if !self.contains(client) {
                        break;
                    }
                }
                // A hop that is not an address ends what can be believed.
                Err(_) => break,
            }
        }
        client
    }
}

fn in_range(ip: IpAddr, net: IpAddr, bits: u8) -> bool {
    match (ip, net) {
        (IpAddr::V4(ip), IpAddr::V4(net)) => {
            let mask = if bits == 0 { 0 } else { u32::MAX << (32 - u32::from(bits)) };
            u32::from(ip) & mask == u32::from(net) & mask
        }
        (IpAddr::V6(ip), IpAddr::V6(net)) => {
            let mask = if bits == 0 { 0 } else { u128::MAX << (128 - u32::from(bits)) };
            u128::from(ip) & mask == u128::from(net) & mask
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn without_trusted_proxies_the_connection_is_the_client_whatever_headers_say() {
        let none = TrustedProxies::default();
        assert_eq!(none.client(ip("203.0.113.9"), &["198.51.100.1"]), ip("203.0.113.9"));
    }

    #[test]
    fn behind_a_trusted_proxy_each_carer_is_told_apart() {
        let proxies = TrustedProxies::parse("10.0.0.0/8, ::1").unwrap();
        assert_eq!(proxies.client(ip("10.1.2.3"), &["198.51.100.7"]), ip("198.51.100.7"));
        assert_eq!(proxies.client(ip("10.1.2.3"), &["198.51.100.8"]), ip("198.51.100.8"));
        // A chain of our own proxies is walked back to the first outsider.
        assert_eq!(proxies.client(ip("::1"), &["198.51.100.7, 10.9.9.9"]), ip("198.51.100.7"));
        // An address a client wrote itself, left of the real one, is ignored.
        assert_eq!(proxies.client(ip("10.1.2.3"), &["1.2.3.4, 198.51.100.7"]), ip("198.51.100.7"));
        // Several headers count in the order received.
        assert_eq!(proxies.client(ip("10.1.2.3"), &["1.2.3.4", "198.51.100.7"]), ip("198.51.100.7"));
        // IPv4 arriving on an IPv6 socket is still recognised.
        assert_eq!(proxies.client(ip("::ffff:10.0.0.1"), &["198.51.100.7"]), ip("198.51.100.7"));
    }

    #[test]
    fn a_header_from_anyone_else_or_junk_is_not_believed() {
        let proxies = TrustedProxies::parse("10.0.0.1").unwrap();
        assert_eq!(proxies.client(ip("203.0.113.9"), &["10.0.0.1"]), ip("203.0.113.9"));
        assert_eq!(proxies.client(ip("10.0.0.1"), &["not-an-address"]), ip("10.0.0.1"));
        assert_eq!(proxies.client(ip("10.0.0.1"), &[]), ip("10.0.0.1"));
        let long = vec!["10.0.0.1"; 10_000].join(",");
        assert_eq!(proxies.client(ip("10.0.0.1"), &[&long]), ip("10.0.0.1"));
    }

    #[test]
    fn bad_settings_are_explained() {
        assert!(TrustedProxies::parse("").unwrap().is_empty());
        assert!(TrustedProxies::parse("10.0.0.0/33").unwrap_err().contains("prefix"));
        assert!(TrustedProxies::parse("proxy.local").unwrap_err().contains("not an IP address"));
    }
}

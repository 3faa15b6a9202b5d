// SPDX-License-Identifier: GPL-2.0
/*
 * XDP SIP filter: drops unwanted SIP/UDP traffic before the kernel allocates an skb.
 *
 * Order of checks for UDP to a configured SIP port (see docs/xdp.md):
 *   allowlist -> blocklist -> rate limit / auto-block -> keepalive -> syntax gate
 *   -> OPTIONS stealth -> scanner signatures -> pass (or AF_XDP redirect).
 * UDP fragments and IPv6 chains longer than IPV6_EXT_MAX get the first three, the checks that
 * need only the source. Everything else passes untouched. Every verdict is counted per reason.
 *
 * Built for a small verifier cost whatever the header layout (docs/xdp.md, "Verifier
 * budget"): sip_filter() walks Ethernet, VLAN tags and the IP headers, then hands over to
 * judge(), a global function the verifier checks once on its own instead of once per header
 * layout. Each call of one costs a return (~10-15 ns where returns are mitigated, e.g. AMD's
 * SRSO), so the hot paths make as few as that allows. Payload loops: sip_parse.h.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#include "sip_filter.h"
#include "sip_parse.h"

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, struct filter_config);
	__uint(max_entries, 1);
} config SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, struct reason_stats);
	__uint(max_entries, REASON_COUNT);
} stats SEC(".maps");

#define LIST_EXACT(name)                                   \
	struct {                                           \
		__uint(type, BPF_MAP_TYPE_HASH);           \
		__type(key, struct addr_key);              \
		__type(value, struct list_entry);          \
		__uint(max_entries, MAP_LIST_EXACT_MAX);   \
		__uint(map_flags, BPF_F_NO_PREALLOC);      \
	} name SEC(".maps")

#define LIST_LPM(name)                                     \
	struct {                                           \
		__uint(type, BPF_MAP_TYPE_LPM_TRIE);       \
		__type(key, struct lpm_key);               \
		__type(value, struct list_entry);          \
		__uint(max_entries, MAP_LIST_LPM_MAX);     \
		__uint(map_flags, BPF_F_NO_PREALLOC);      \
	} name SEC(".maps")

LIST_EXACT(block_exact);
LIST_LPM(block_lpm);
LIST_EXACT(allow_exact);
LIST_LPM(allow_lpm);

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__type(key, struct addr_key);
	__type(value, struct rate_state);
	__uint(max_entries, MAP_RATE_MAX);
} rate_state SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_XSKMAP);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, MAP_XSK_MAX);
} xsks_map SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, struct scratch);
	__uint(max_entries, 1);
} scratch SEC(".maps");

struct vlan_hdr {
	__be16 tci;
	__be16 proto;
};

/* IPv6 fragment header (RFC 8200 4.5); the uapi headers do not export one */
struct frag_hdr {
	__u8 nexthdr;
	__u8 reserved;
	__be16 frag_off; /* offset in 8-byte units << 3 | M flag */
	__be32 identification;
};

/* What the header walk found: a whole UDP datagram, a UDP fragment (the first one carries the
 * UDP header, the others no port at all) or an IPv6 chain too long to walk to its end. */
enum l4_kind { L4_DATAGRAM = 0, L4_FRAGMENT, L4_EXT_CHAIN };

/* Furthest IP header offset walked (Ethernet and two VLAN tags take 22 bytes) */
#define L3_OFF_MAX 63
/* Furthest UDP header offset judged; no frame's linear part is longer, so beyond is malformed */
#define L4_OFF_MAX 0x3fff

static __always_inline int verdict(struct xdp_md *ctx, __u32 reason, int action)
{
	struct reason_stats *s = bpf_map_lookup_elem(&stats, &reason);

	if (s) {
		s->packets++;
		s->bytes += bpf_xdp_get_buff_len(ctx);
	}
	return action;
}

#define PASS(r) verdict(ctx, (r), XDP_PASS)
#define DROP(r) verdict(ctx, (r), XDP_DROP)

static __always_inline int entry_live(const struct list_entry *e, __u64 now)
{
	return e && (e->expires_ns == 0 || now < e->expires_ns);
}

/* Expired exact entries are deleted on the hit; expired prefixes are swept by the agent. */
static __always_inline int listed(void *exact, void *lpm, const struct addr_key *src, __u64 now)
{
	struct list_entry *e = bpf_map_lookup_elem(exact, src);
	struct lpm_key k = { .prefixlen = 128 };

	if (e) {
		if (entry_live(e, now))
			return 1;
		bpf_map_delete_elem(exact, src);
	}
	__builtin_memcpy(k.addr, src->addr, sizeof(k.addr));
	return entry_live(bpf_map_lookup_elem(lpm, &k), now);
}

/* Token bucket per source. Updates race benignly between CPUs (a few extra tokens at most). */
static __always_inline __u32 rate_check(const struct addr_key *src, const struct filter_config *c,
					__u64 now)
{
	/* a config written by hand may hold burst 0: one token is the least that makes sense */
	__u64 burst = c->rate_burst ? (__u64)c->rate_burst * 1000 : 1000;
	struct rate_state *st = bpf_map_lookup_elem(&rate_state, src);
	__u64 elapsed, add;

	if (!st) {
		struct rate_state fresh = { .last_ns = now, .tokens_milli = burst - 1000 };

		bpf_map_update_elem(&rate_state, src, &fresh, BPF_ANY);
		return 0;
	}
	if (st->blocked_until_ns) {
		if (now < st->blocked_until_ns)
			return REASON_DROP_AUTOBLOCK;
		st->blocked_until_ns = 0;
		st->tokens_milli = burst;
		st->last_ns = now;
	}
	elapsed = now > st->last_ns ? now - st->last_ns : 0;
	if (elapsed > 10000000000ULL)
		elapsed = 10000000000ULL;
	add = elapsed * c->rate_pps / 1000000;
	if (add) {
		/* last_ns only moves when a whole milli-token was earned, so slow rates still refill */
		st->tokens_milli = st->tokens_milli + add > burst ? burst : st->tokens_milli + add;
		st->last_ns = now;
	}
	if (st->tokens_milli < 1000) {
		if (c->autoblock_s)
			st->blocked_until_ns = now + (__u64)c->autoblock_s * 1000000000ULL;
		return REASON_DROP_RATELIMIT;
	}
	st->tokens_milli -= 1000;
	return 0;
}

static __always_inline void load_config(struct filter_config *c)
{
	__u32 zero = 0;
	struct filter_config *m = bpf_map_lookup_elem(&config, &zero);

	if (m && (m->flags & CFG_VALID)) {
		*c = *m;
		return;
	}
	__builtin_memset(c, 0, sizeof(*c));
	c->flags = DEFAULT_FLAGS;
	c->rate_pps = DEFAULT_RATE_PPS;
	c->rate_burst = DEFAULT_RATE_BURST;
	c->autoblock_s = DEFAULT_AUTOBLOCK_S;
	c->ports[0] = DEFAULT_PORT;
}

static __always_inline int sip_port(const struct filter_config *c, __u16 port)
{
	int i;

#pragma unroll
	for (i = 0; i < MAX_SIP_PORTS; i++)
		if (c->ports[i] && c->ports[i] == port)
			return 1;
	return 0;
}

static __always_inline int ipv6_ext(__u8 nh)
{
	return nh == IPPROTO_HOPOPTS || nh == IPPROTO_ROUTING || nh == IPPROTO_DSTOPTS ||
	       nh == IPPROTO_FRAGMENT || nh == IPPROTO_AH;
}

/* The allowlist, the blocklist and the rate limit: the checks that need only the source, so
 * they apply to fragments too. 0 = none of them decided. */
static __always_inline __u32 source_checks(const struct addr_key *src,
					   const struct filter_config *c, __u64 now)
{
	if (listed(&allow_exact, &allow_lpm, src, now))
		return REASON_PASS_ALLOWLIST;
	if (listed(&block_exact, &block_lpm, src, now))
		return REASON_DROP_BLOCKLIST;
	if (c->flags & CFG_RATE_LIMIT)
		return rate_check(src, c, now);
	return 0;
}

/*
 * Everything after the header walk. A global function: the verifier checks it once, on its
 * own, so the many header layouts that reach it (VLAN tags, IPv4 options, IPv6 extension
 * chains) do not each pay for it. l4off is the UDP header's offset, 0 when the packet has none
 * (a later fragment, or a chain too long to walk); walk_ip() already found its port a SIP port.
 */
__noinline int judge(struct xdp_md *ctx, const struct addr_key *src,
		     const struct filter_config *c, __u32 l4off, __u32 kind)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct udphdr *udp;
	struct scratch *s;
	__u32 zero = 0, plen, n, r;
	__u64 off = l4off;
	__u16 ulen;
	int line;

	if (!src || !c)
		return XDP_PASS;
	if (off > L4_OFF_MAX)
		return DROP(REASON_DROP_MALFORMED);
	_Static_assert(L4_OFF_MAX == 0x3fff, "mask below");
	VERIFIER_MASK(off, 0x3fff);
	if (kind != L4_DATAGRAM) {
		r = source_checks(src, c, bpf_ktime_get_ns());
		if (r)
			return verdict(ctx, r, r == REASON_PASS_ALLOWLIST ? XDP_PASS : XDP_DROP);
		return PASS(kind == L4_FRAGMENT ? REASON_PASS_FRAGMENT : REASON_PASS_EXT_HEADERS);
	}
	if (!off)
		return DROP(REASON_DROP_MALFORMED);
	udp = data + off;
	if ((void *)(udp + 1) > data_end)
		return DROP(REASON_DROP_MALFORMED);
	/* UDP length in host order: padded frames are judged by what the sender declared */
	ulen = bpf_ntohs(udp->len);
	if (ulen < sizeof(*udp) || (void *)udp + ulen > data_end)
		return DROP(REASON_DROP_MALFORMED);
	plen = ulen - sizeof(*udp);

	r = source_checks(src, c, bpf_ktime_get_ns());
	if (r)
		return verdict(ctx, r, r == REASON_PASS_ALLOWLIST ? XDP_PASS : XDP_DROP);

	if (plen == 0)
		return (c->flags & CFG_SYNTAX_GATE) ? DROP(REASON_DROP_SYNTAX) : PASS(REASON_PASS_SIP);
	s = bpf_map_lookup_elem(&scratch, &zero);
	if (!s)
		return PASS(REASON_PASS_SIP);
	n = plen > SCAN_BYTES ? SCAN_BYTES : plen;
	if (bpf_xdp_load_bytes(ctx, off + sizeof(*udp), s->buf, n) < 0)
		return DROP(REASON_DROP_MALFORMED);
	if (keepalive(s->buf, n))
		return PASS(REASON_PASS_KEEPALIVE);

	line = start_line(s, n);
	if (line == LINE_BAD && (c->flags & CFG_SYNTAX_GATE))
		return DROP(REASON_DROP_SYNTAX);
	if (line == LINE_OPTIONS && (c->flags & CFG_OPTIONS_STEALTH))
		return DROP(REASON_DROP_OPTIONS);
	if ((c->flags & CFG_SCANNER) && scan_payload(s->buf, n))
		return DROP(REASON_DROP_SCANNER);

	if (c->flags & CFG_AF_XDP) {
		if (bpf_redirect_map(&xsks_map, ctx->rx_queue_index, XDP_PASS) == XDP_REDIRECT)
			return verdict(ctx, REASON_REDIRECT_XSK, XDP_REDIRECT);
	}
	return PASS(REASON_PASS_SIP);
}

/* IPv4 or IPv6 with its extension headers, at offset l3off. */
static __always_inline int walk_ip(struct xdp_md *ctx, __u32 l3off, __u32 proto)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct addr_key src = {};
	struct filter_config c;
	enum l4_kind kind = L4_DATAGRAM;
	__u64 off = l3off;
	struct udphdr *udp = NULL;
	void *cur;
	int i;

	if (off > L3_OFF_MAX)
		return DROP(REASON_DROP_MALFORMED);
	_Static_assert(L3_OFF_MAX == 63, "mask below");
	VERIFIER_MASK(off, 63);
	cur = data + off;
	if (proto == ETH_P_IP) {
		struct iphdr *ip = cur;
		__u16 frag;

		if ((void *)(ip + 1) > data_end || ip->version != 4 || ip->ihl < 5)
			return DROP(REASON_DROP_MALFORMED);
		if (cur + ip->ihl * 4 > data_end)
			return DROP(REASON_DROP_MALFORMED);
		if (ip->protocol != IPPROTO_UDP)
			return PASS(REASON_PASS_NOT_SIP);
		src.addr[10] = 0xff;
		src.addr[11] = 0xff;
		__builtin_memcpy(&src.addr[12], &ip->saddr, 4);
		frag = bpf_ntohs(ip->frag_off);
		if (frag & 0x3fff)
			kind = L4_FRAGMENT;
		/* only the first fragment (offset 0) carries the UDP header */
		if (!(frag & 0x1fff))
			udp = cur + ip->ihl * 4;
	} else {
		struct ipv6hdr *ip6 = cur;
		__u8 nh, later = 0;

		if ((void *)(ip6 + 1) > data_end)
			return DROP(REASON_DROP_MALFORMED);
		nh = ip6->nexthdr;
		__builtin_memcpy(src.addr, &ip6->saddr, 16);
		cur = ip6 + 1;
		for (i = 0; i < IPV6_EXT_MAX && ipv6_ext(nh); i++) {
			struct ipv6_opt_hdr *opt = cur;

			if ((void *)(opt + 1) > data_end)
				return DROP(REASON_DROP_MALFORMED);
			if (nh == IPPROTO_FRAGMENT) {
				struct frag_hdr *f = cur;

				if ((void *)(f + 1) > data_end)
					return DROP(REASON_DROP_MALFORMED);
				kind = L4_FRAGMENT;
				nh = f->nexthdr;
				cur = f + 1;
				/* a later fragment holds the middle of the datagram: no headers */
				if (f->frag_off & bpf_htons(0xfff8)) {
					later = 1;
					break;
				}
				continue;
			}
			cur += nh == IPPROTO_AH ? (opt->hdrlen + 2) * 4 : (opt->hdrlen + 1) * 8;
			nh = opt->nexthdr;
		}
		if (!later && ipv6_ext(nh))
			kind = L4_EXT_CHAIN;
		else if (nh != IPPROTO_UDP && !(later && ipv6_ext(nh)))
			return PASS(REASON_PASS_NOT_SIP);
		else if (!later)
			udp = cur;
	}
	load_config(&c);
	/* first, as most traffic is not SIP: the port of a datagram or a first fragment */
	if (udp) {
		if ((void *)(udp + 1) > data_end)
			return DROP(REASON_DROP_MALFORMED);
		if (!sip_port(&c, bpf_ntohs(udp->dest)))
			return PASS(REASON_PASS_NOT_SIP);
	}
	return judge(ctx, &src, &c, udp ? (__u32)((void *)udp - data) : 0, kind);
}

/* Ethernet and up to two VLAN tags (802.1Q, 802.1ad); non-IP passes. */
SEC("xdp")
int sip_filter(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	__u16 proto;
	void *cur;
	int i;

	if ((void *)(eth + 1) > data_end)
		return DROP(REASON_DROP_MALFORMED);
	proto = eth->h_proto;
	cur = eth + 1;
#pragma unroll
	for (i = 0; i < 2; i++) {
		struct vlan_hdr *v = cur;

		if (proto != bpf_htons(ETH_P_8021Q) && proto != bpf_htons(ETH_P_8021AD))
			break;
		if ((void *)(v + 1) > data_end)
			return DROP(REASON_DROP_MALFORMED);
		proto = v->proto;
		cur = v + 1;
	}
	if (proto != bpf_htons(ETH_P_IP) && proto != bpf_htons(ETH_P_IPV6))
		return PASS(REASON_PASS_NOT_SIP);
	return walk_ip(ctx, cur - data, bpf_ntohs(proto));
}

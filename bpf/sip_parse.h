/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Payload checks of the XDP SIP filter, on the per-CPU copy of the payload head: keepalives,
 * the start-line syntax gate and the scanner signature scan. Included by sip_filter.c only.
 */
#ifndef OAVC_SIP_PARSE_H
#define OAVC_SIP_PARSE_H

#include <linux/types.h>
#include <bpf/bpf_helpers.h>

#include "sip_filter.h"

static __always_inline int crlf(__u8 b)
{
	return b == '\r' || b == '\n';
}

/* RFC 5626 keepalives: a bare CRLF / CRLFCRLF, or a STUN message with the magic cookie. */
static __always_inline int keepalive(const __u8 *b, __u32 n)
{
	if (n <= 4 && crlf(b[0]) && (n < 2 || crlf(b[1])) && (n < 3 || crlf(b[2])) &&
	    (n < 4 || crlf(b[3])))
		return 1;
	return n >= 20 && (b[0] & 0xc0) == 0 && b[4] == 0x21 && b[5] == 0x12 && b[6] == 0xa4 &&
	       b[7] == 0x42;
}

static __always_inline int token_char(__u8 c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return 1;
	return c == '-' || c == '.' || c == '!' || c == '%' || c == '*' || c == '_' || c == '+' ||
	       c == '`' || c == '\'' || c == '~';
}

static __always_inline __u8 lower(__u8 c)
{
	return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

#define MAX_METHOD 32

enum start_line { LINE_BAD = 0, LINE_REQUEST, LINE_OPTIONS, LINE_RESPONSE };

/* Offset 0 must hold `SIP/2.0 DDD ` or `TOKEN SP sip:|sips:|tel:`. Nothing is required of
 * the rest of the line, so a long Request-URI never matters. */
static __always_inline int start_line(const __u8 *b, __u32 n)
{
	__u32 sp = 0, i;

	if (n >= 12 && b[0] == 'S' && b[1] == 'I' && b[2] == 'P' && b[3] == '/' && b[4] == '2' &&
	    b[5] == '.' && b[6] == '0' && b[7] == ' ')
		return (b[8] >= '1' && b[8] <= '6' && b[9] >= '0' && b[9] <= '9' && b[10] >= '0' &&
			b[10] <= '9' && b[11] == ' ') ? LINE_RESPONSE : LINE_BAD;
	for (i = 0; i <= MAX_METHOD; i++) {
		if (i >= n)
			return LINE_BAD;
		if (b[i] == ' ') {
			sp = i;
			break;
		}
		if (!token_char(b[i]))
			return LINE_BAD;
	}
	if (sp == 0 || sp + 5 >= n)
		return LINE_BAD;
	if (lower(b[sp + 1]) == 's' && lower(b[sp + 2]) == 'i' && lower(b[sp + 3]) == 'p' &&
	    (b[sp + 4] == ':' || (lower(b[sp + 4]) == 's' && b[sp + 5] == ':')))
		goto request;
	if (lower(b[sp + 1]) == 't' && lower(b[sp + 2]) == 'e' && lower(b[sp + 3]) == 'l' &&
	    b[sp + 4] == ':')
		goto request;
	return LINE_BAD;
request:
	if (sp == 7 && b[0] == 'O' && b[1] == 'P' && b[2] == 'T' && b[3] == 'I' && b[4] == 'O' &&
	    b[5] == 'N' && b[6] == 'S')
		return LINE_OPTIONS;
	return LINE_REQUEST;
}

/* lit (lower case, len bytes) at b[i..] within the first n bytes, compared case-insensitively;
 * the caller already matched the first byte */
static __always_inline int match_at(const __u8 *b, __u64 i, __u32 n, const char *lit, __u32 len)
{
	__u32 j;

	if (i + len > n)
		return 0;
#pragma unroll
	for (j = 1; j < len; j++)
		if (lower(b[i + j]) != lit[j])
			return 0;
	return 1;
}

#define ONES 0x0101010101010101ULL
/* bit 8k+7 set when byte k of x equals c (the "has zero byte" test on x ^ c; it can also flag
 * a byte above a true match, never miss one: fine for a pre-filter) */
#define HAS_BYTE(x, c) ((((x) ^ (ONES * (c))) - ONES) & ~((x) ^ (ONES * (c))) & (ONES * 0x80))
/* bytes k and k+1 of the stream are c1, c2 (x = word, y = word shifted by one byte) */
#define HAS_PAIR(x, y, c1, c2) (HAS_BYTE(x, c1) & HAS_BYTE(y, c2))

/* Each signature with its rarest byte pair and that pair's offset, so the pre-filter skips
 * the common "sip" text of SIP itself. Bytes are lower-cased with | 0x20 ('@' becomes '`'). */
#define SIGNATURES(X)                          \
	X("friendly-scanner", 'l', 'y', 6)     \
	X("sipvicious", 'p', 'v', 2)           \
	X("sipcli/", 'p', 'c', 2)              \
	X("sip-scan", 'p', '-', 2)             \
	X("sundayddr", 'a', 'y', 4)            \
	X("vaxsipuseragent", 'a', 'x', 1)      \
	X("pplsip", 'p', 'p', 0)               \
	X("@1.1.1.1>", '`', '1', 0)

struct scan_ctx {
	const __u8 *buf; /* the scratch buffer, handed in so no lookup is needed per word */
	__u32 n;
	__u32 hit;
};

#define PAIR_TEST(lit, c1, c2, off) | HAS_PAIR(x, y, c1, c2)
#define SIG(lit) match_at(b, i, sc->n, lit, sizeof(lit) - 1)

/* One 8-byte word of the signature scan (bpf_loop callback; a per-byte callback costs ~10x):
 * a word where no signature's anchor pair starts is skipped after a few ALU operations. */
static long scan_word(__u32 index, void *arg)
{
	struct scan_ctx *sc = arg;
	const __u8 *b = sc->buf;
	__u64 base = (__u64)index * 8, x, y, hits;
	int k;

	if (base >= SCAN_BYTES)
		return 1;
	_Static_assert(SCAN_BYTES == 512, "mask below");
	/* clang drops a mask it can prove redundant; the verifier still needs it */
	asm volatile("%0 &= 504" : "+r"(base));
	x = *(const __u64 *)(b + base) | (ONES * 0x20);
	y = (x >> 8) | ((*(const __u64 *)(b + base + 8) | (ONES * 0x20)) << 56);
	hits = 0 SIGNATURES(PAIR_TEST);
	if (!hits)
		return 0;
	/* an anchor pair starts in this word: a signature may start here or up to 6 bytes before,
	 * so check every position of the word and of the 8 bytes before it */
	if (base >= 8)
		base -= 8;
#pragma unroll
	for (k = 0; k < 16; k++) {
		__u64 i = base + k;
		int m = 0;

		switch (lower(b[i])) {
		case 'f':
			m = SIG("friendly-scanner");
			break;
		case 's':
			m = SIG("sipvicious") || SIG("sipcli/") || SIG("sip-scan") || SIG("sundayddr");
			break;
		case 'v':
			m = SIG("vaxsipuseragent");
			break;
		case 'p':
			m = SIG("pplsip");
			break;
		case '@':
			m = SIG("@1.1.1.1>");
			break;
		}
		if (m) {
			sc->hit = 1;
			return 1;
		}
	}
	return 0;
}

#endif

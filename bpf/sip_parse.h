/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Payload checks of the XDP SIP filter, on the per-CPU copy of the payload head: keepalives,
 * the start-line syntax gate and the scanner signature scan. Included by sip_filter.c only.
 *
 * Verifier cost is the design constraint (docs/xdp.md, "Verifier budget"): every loop over
 * payload bytes is a bpf_loop callback with a small, branch-light body, which the verifier
 * checks a few times whatever the packet length; tables replace chains of compares.
 */
#ifndef OAVC_SIP_PARSE_H
#define OAVC_SIP_PARSE_H

#include <linux/types.h>
#include <bpf/bpf_helpers.h>

#include "sip_filter.h"
#include "scan_table.h" /* generated from sip_signatures.h by scan_table_gen.c */

/* Room after SCAN_BYTES: the scan zeroes SCAN_STEP bytes past the copy (see scan_payload). */
#define SCRATCH_BYTES (SCAN_BYTES + 32)

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

/* RFC 3261 token characters: one load instead of a dozen compares per method byte. */
static const __u8 token_chars[256] = {
	['a' ... 'z'] = 1, ['A' ... 'Z'] = 1, ['0' ... '9'] = 1,
	['-'] = 1, ['.'] = 1, ['!'] = 1, ['%'] = 1, ['*'] = 1,
	['_'] = 1, ['+'] = 1, ['`'] = 1, ['\''] = 1, ['~'] = 1,
};

/* x &= mask in an instruction clang cannot drop: clang removes a mask it proves redundant,
 * but the verifier may not know what clang knows */
#define VERIFIER_MASK(x, mask) asm volatile("%0 &= " #mask : "+r"(x))

static __always_inline __u8 lower(__u8 c)
{
	return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

#define MAX_METHOD 32

enum start_line { LINE_BAD = 0, LINE_REQUEST, LINE_OPTIONS, LINE_RESPONSE };

struct method_ctx {
	const __u8 *buf;
	__u32 n;
	__u32 sp; /* offset of the space after the method; 0 = none (or a bad method) */
};

/* One method byte (bpf_loop callback): token characters go on, a space ends the method. */
static long method_byte(__u32 i, void *arg)
{
	struct method_ctx *mc = arg;
	__u64 at = i;
	__u8 c;

	if (at >= mc->n || at > MAX_METHOD)
		return 1;
	VERIFIER_MASK(at, 63);
	c = mc->buf[at];
	if (c == ' ') {
		mc->sp = i;
		return 1;
	}
	return token_chars[c] ? 0 : 1;
}

/* Offset 0 must hold `SIP/2.0 DDD ` or `TOKEN SP sip:|sips:|tel:`. Nothing is required of
 * the rest of the line, so a long Request-URI never matters. */
static __always_inline int start_line(const __u8 *b, __u32 n)
{
	struct method_ctx mc = { .buf = b, .n = n };
	__u64 sp;

	if (n >= 12 && b[0] == 'S' && b[1] == 'I' && b[2] == 'P' && b[3] == '/' && b[4] == '2' &&
	    b[5] == '.' && b[6] == '0' && b[7] == ' ')
		return (b[8] >= '1' && b[8] <= '6' && b[9] >= '0' && b[9] <= '9' && b[10] >= '0' &&
			b[10] <= '9' && b[11] == ' ') ? LINE_RESPONSE : LINE_BAD;
	bpf_loop(MAX_METHOD + 1, method_byte, &mc, 0);
	sp = mc.sp;
	if (sp == 0 || sp + 5 >= n)
		return LINE_BAD;
	VERIFIER_MASK(sp, 63); /* sp <= MAX_METHOD */
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

#define SCAN_STEP 16 /* payload bytes per bpf_loop step */

struct scan_ctx {
	const __u8 *buf;
	__u64 state; /* automaton state between steps */
	__u64 hit;   /* SCAN_HIT once a signature ended */
};

/* SCAN_STEP bytes of the signature automaton (bpf_loop callback): per byte one table load,
 * no branch. The bytes after the payload are zero, which returns the automaton to its start
 * without a hit (no signature holds a NUL), so a step may run past the end. */
static long scan_step(__u32 index, void *arg)
{
	struct scan_ctx *sc = arg;
	const __u8 *b = sc->buf;
	__u64 base = (__u64)index * SCAN_STEP, st = sc->state, hit = 0;
	int k;

	if (base >= SCAN_BYTES)
		return 1;
	_Static_assert(SCAN_BYTES % SCAN_STEP == 0 && SCAN_BYTES == 512, "mask below");
	VERIFIER_MASK(base, 496);
#pragma unroll
	for (k = 0; k < SCAN_STEP; k++) {
		st = scan_table[st & (SCAN_ROWS - 1)][b[base + k]];
		hit |= st;
	}
	sc->state = st;
	if (hit & SCAN_HIT) {
		sc->hit = 1;
		return 1;
	}
	return 0;
}

/* True when a signature ends within the first n (<= SCAN_BYTES) bytes of buf, a scratch
 * buffer of SCRATCH_BYTES that holds the payload head. */
static __always_inline int scan_payload(__u8 *buf, __u32 n)
{
	struct scan_ctx sc = { .buf = buf };
	__u64 end = n;
	int k;

	if (end > SCAN_BYTES)
		return 0;
	/* the last step reads up to SCAN_STEP - 1 bytes past n: make them zero, not the tail of
	 * an earlier packet */
#pragma unroll
	for (k = 0; k < SCAN_STEP; k++)
		buf[end + k] = 0;
	bpf_loop((n + SCAN_STEP - 1) / SCAN_STEP, scan_step, &sc, 0);
	return sc.hit;
}

#endif

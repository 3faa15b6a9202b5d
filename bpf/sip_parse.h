/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Payload checks of the XDP SIP filter, on the per-CPU copy of the payload head: keepalives,
 * the start-line syntax gate and the scanner signature scan. Included by sip_filter.c only.
 *
 * Verifier cost is the design constraint (docs/xdp.md, "Verifier budget"): a loop over payload
 * bytes is either a bpf_loop callback with a small, branch-free body or sits in a global
 * function, both of which the verifier checks on their own; tables replace chains of compares.
 */
#ifndef OAVC_SIP_PARSE_H
#define OAVC_SIP_PARSE_H

#include <linux/types.h>
#include <bpf/bpf_helpers.h>

#include "sip_filter.h"
#include "sip_signatures.h"
#include "scan_table.h" /* generated from sip_signatures.h by scan_table_gen.c */

/* Room after SCAN_BYTES: the scan zeroes SCAN_ZERO bytes past the copy (see scan_payload). */
#define SCAN_ZERO 48
#define SCRATCH_BYTES (SCAN_BYTES + SCAN_ZERO)

/* Per-CPU copy of the payload head (bpf_xdp_load_bytes needs a buffer of known size). */
struct scratch {
	__u8 buf[SCRATCH_BYTES];
};

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

/*
 * Offset 0 must hold `SIP/2.0 DDD ` or `TOKEN SP sip:|sips:|tel:`. Nothing is required of
 * the rest of the line, so a long Request-URI never matters. A global function: the verifier
 * checks its method loop once, on its own, not once per way of reaching it.
 */
__noinline int start_line(const struct scratch *s, __u32 n)
{
	const __u8 *b;
	__u64 i, sp = 0;

	if (!s || n > SCAN_BYTES)
		return LINE_BAD;
	b = s->buf;
	if (n >= 12 && b[0] == 'S' && b[1] == 'I' && b[2] == 'P' && b[3] == '/' && b[4] == '2' &&
	    b[5] == '.' && b[6] == '0' && b[7] == ' ')
		return (b[8] >= '1' && b[8] <= '6' && b[9] >= '0' && b[9] <= '9' && b[10] >= '0' &&
			b[10] <= '9' && b[11] == ' ') ? LINE_RESPONSE : LINE_BAD;
	for (i = 0; i <= MAX_METHOD; i++) {
		__u8 c;

		if (i >= n)
			return LINE_BAD;
		c = b[i];
		if (c == ' ') {
			sp = i;
			break;
		}
		if (!token_chars[c])
			return LINE_BAD;
	}
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

#define SCAN_STEP 16 /* payload bytes per lane and bpf_loop step */

struct scan_ctx {
	const __u8 *buf;
	__u64 half;   /* where lane B starts */
	__u64 st_a;   /* automaton state of lane A between steps */
	__u64 st_b;   /* and of lane B */
	__u64 hit;    /* SCAN_HIT once a signature ended */
};

/*
 * One step of the signature automaton (bpf_loop callback): SCAN_STEP bytes in each of two
 * lanes, per byte one table load and no branch. Each lane is a chain of dependent loads, so two
 * of them keep the CPU twice as busy as one: lane A walks from 0 to just past `half`, lane B
 * from `half` to the end. Bytes after the payload are zero, which returns the automaton to its
 * start without a hit (no signature holds a NUL), so a step may run past the end.
 */
static long scan_step(__u32 index, void *arg)
{
	struct scan_ctx *sc = arg;
	const __u8 *b = sc->buf;
	__u64 a = (__u64)index * SCAN_STEP, bb = sc->half + a, st_a = sc->st_a, st_b = sc->st_b;
	__u64 hit = 0;
	int k;

	if (a >= SCAN_BYTES || bb >= SCAN_BYTES + 2 * SCAN_STEP)
		return 1;
	_Static_assert(SCAN_BYTES == 512 && SCAN_STEP == 16, "masks below");
	VERIFIER_MASK(a, 511);
	VERIFIER_MASK(bb, 1023);
	if (bb > SCAN_BYTES + SCAN_STEP) /* never: tells the verifier what the check above did */
		return 1;
#pragma unroll
	for (k = 0; k < SCAN_STEP; k++) {
		st_a = scan_table[st_a & (SCAN_ROWS - 1)][b[a + k]];
		st_b = scan_table[st_b & (SCAN_ROWS - 1)][b[bb + k]];
		hit |= st_a | st_b;
	}
	sc->st_a = st_a;
	sc->st_b = st_b;
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
	__u64 end = n, steps;
	int k;

	if (end > SCAN_BYTES)
		return 0;
	/* lane B starts at the middle, rounded up to a step; lane A runs SCAN_STEP bytes further,
	 * enough for a signature that starts before the middle to end in its lane */
	_Static_assert(SCAN_SIG_MAX <= SCAN_STEP + 1, "lane overlap");
	sc.half = ((end + 1) / 2 + SCAN_STEP - 1) & ~(__u64)(SCAN_STEP - 1);
	steps = sc.half / SCAN_STEP + 1;
	/* lane B reads up to 3 * SCAN_STEP - 2 bytes past n: make them zero, not the tail of an
	 * earlier packet */
#pragma unroll
	for (k = 0; k < SCAN_ZERO; k++)
		buf[end + k] = 0;
	bpf_loop(steps, scan_step, &sc, 0);
	return sc.hit;
}

#endif

/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Scanner signatures of the XDP SIP filter, matched case-insensitively (ASCII letters only)
 * anywhere in the first SCAN_BYTES of a SIP payload. Read by scan_table_gen.c, which turns the
 * list into the automaton the program walks; the program never sees the strings themselves,
 * so adding one costs nothing per packet. Lower case here, at most SCAN_SIG_MAX bytes each
 * (the scan's two lanes overlap by that much), at most 127 automaton states in all.
 */
#ifndef OAVC_SIP_SIGNATURES_H
#define OAVC_SIP_SIGNATURES_H

#define SCAN_SIG_MAX 16

#define SCANNER_SIGNATURES(X)  \
	X("friendly-scanner")  \
	X("sipvicious")        \
	X("sipcli/")           \
	X("sip-scan")          \
	X("sundayddr")         \
	X("vaxsipuseragent")   \
	X("pplsip")            \
	X("@1.1.1.1>")

#endif

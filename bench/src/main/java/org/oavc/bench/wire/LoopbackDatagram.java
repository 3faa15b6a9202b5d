package org.oavc.bench.wire;

/** One UDP datagram seen on the loopback interface; {@code nanos} is the capture's wall clock. */
record LoopbackDatagram(long nanos, int srcPort, int dstPort, String text) {}

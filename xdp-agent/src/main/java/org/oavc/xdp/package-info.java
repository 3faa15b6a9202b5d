/** The xdp-agent: owner of the XDP SIP filter's BPF maps (lands with the XDP issue). */
package org.oavc.xdp;

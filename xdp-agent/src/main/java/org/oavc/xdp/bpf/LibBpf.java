package org.oavc.xdp.bpf;

import jnr.ffi.Pointer;

/**
 * The libbpf 1.x calls used to load, pin and attach the filter. In libbpf 1.x mode, int results are
 * 0 or a negative errno and pointer results are NULL on failure.
 */
public interface LibBpf {
  Pointer bpf_object__open_file(String path, Pointer opts);

  int bpf_object__load(Pointer obj);

  void bpf_object__close(Pointer obj);

  Pointer bpf_object__find_program_by_name(Pointer obj, String name);

  int bpf_program__set_log_level(Pointer prog, int level);

  int bpf_program__set_log_buf(Pointer prog, Pointer buf, long size);

  int bpf_program__fd(Pointer prog);

  int bpf_program__pin(Pointer prog, String path);

  int bpf_program__unpin(Pointer prog, String path);

  int bpf_object__find_map_fd_by_name(Pointer obj, String name);

  int bpf_object__pin_maps(Pointer obj, String path);

  int bpf_object__unpin_maps(Pointer obj, String path);

  int bpf_xdp_attach(int ifindex, int progFd, int flags, Pointer opts);

  int bpf_xdp_detach(int ifindex, int flags, Pointer opts);

  int bpf_xdp_query(int ifindex, int flags, Pointer opts);
}

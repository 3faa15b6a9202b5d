package org.oavc.xdp.bpf;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.SaveError;

/** The few libc calls the agent needs, bound with jnr-ffi. */
public interface LibC {
  /** Fixed-arity binding of the variadic syscall(): safe on x86_64/aarch64 glibc. */
  @SaveError
  long syscall(long number, long cmd, Pointer attr, long size);

  @SaveError
  int open(String path, int flags);

  int close(int fd);

  int dup(int fd);

  @SaveError
  int setns(int fd, int nstype);

  @SaveError
  int clock_gettime(int clock, Pointer timespec);

  @SaveError
  int if_nametoindex(String name);

  @SaveError
  int mount(String source, String target, String fstype, long flags, Pointer data);
}

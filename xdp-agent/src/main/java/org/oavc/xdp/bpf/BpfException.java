package org.oavc.xdp.bpf;

/**
 * A bpf(2), libbpf or libc call failed; {@link #errno()} is the kernel's (or libbpf's) error
 * number. The message names the errno and says what it means for the call that failed: the same
 * number means different things to a map update and to a program load (E2BIG is "map full" for one
 * and "program over the verifier's limit" for the other).
 */
public class BpfException extends RuntimeException {
  public static final int EPERM = 1;
  public static final int ENOENT = 2;
  public static final int E2BIG = 7;
  public static final int ENOMEM = 12;
  public static final int EACCES = 13;
  public static final int EEXIST = 17;
  public static final int EINVAL = 22;
  public static final int ENOSPC = 28;
  public static final int EOPNOTSUPP = 95;

  /** What the failed call was doing. */
  public enum Call {
    MAP_UPDATE,
    PROGRAM_LOAD,
    OTHER
  }

  private final int errno;
  private final Call call;

  public BpfException(String what, int errno) {
    this(Call.OTHER, what, errno, null);
  }

  /**
   * @param detail more text for the operator, e.g. the verifier's last lines; null for none
   */
  public BpfException(Call call, String what, int errno, String detail) {
    super(
        what
            + ": "
            + meaning(call, errno)
            + " ("
            + name(errno)
            + ", errno "
            + errno
            + ")"
            + (detail == null || detail.isBlank() ? "" : "\n" + detail.strip()));
    this.errno = errno;
    this.call = call;
  }

  public int errno() {
    return errno;
  }

  public Call call() {
    return call;
  }

  /** True when a map refused an insert because it is full. */
  public boolean mapFull() {
    return call == Call.MAP_UPDATE && (errno == E2BIG || errno == ENOSPC || errno == ENOMEM);
  }

  /** The symbolic name of a bpf(2)/libbpf error number ("E2BIG"), or "E?" when unknown. */
  public static String name(int errno) {
    return switch (errno) {
      case EPERM -> "EPERM";
      case ENOENT -> "ENOENT";
      case 3 -> "ESRCH";
      case 4 -> "EINTR";
      case E2BIG -> "E2BIG";
      case 9 -> "EBADF";
      case 11 -> "EAGAIN";
      case ENOMEM -> "ENOMEM";
      case EACCES -> "EACCES";
      case 14 -> "EFAULT";
      case 16 -> "EBUSY";
      case EEXIST -> "EEXIST";
      case 18 -> "EXDEV";
      case 19 -> "ENODEV";
      case 20 -> "ENOTDIR";
      case EINVAL -> "EINVAL";
      case 24 -> "EMFILE";
      case ENOSPC -> "ENOSPC";
      case 34 -> "ERANGE";
      case 38 -> "ENOSYS";
      case 40 -> "ELOOP";
      case 75 -> "EOVERFLOW";
      case EOPNOTSUPP -> "EOPNOTSUPP";
      case 524 -> "ENOTSUPP";
      case 4000 -> "LIBBPF_ERRNO__LIBELF";
      case 4001 -> "LIBBPF_ERRNO__FORMAT";
      case 4002 -> "LIBBPF_ERRNO__KVERSION";
      case 4003 -> "LIBBPF_ERRNO__ENDIAN";
      case 4004 -> "LIBBPF_ERRNO__INTERNAL";
      case 4005 -> "LIBBPF_ERRNO__RELOC";
      case 4006 -> "LIBBPF_ERRNO__LOAD";
      case 4007 -> "LIBBPF_ERRNO__VERIFY";
      case 4008 -> "LIBBPF_ERRNO__PROG2BIG";
      case 4009 -> "LIBBPF_ERRNO__KVER";
      case 4010 -> "LIBBPF_ERRNO__PROGTYPE";
      case 4011 -> "LIBBPF_ERRNO__WRNGPID";
      case 4012 -> "LIBBPF_ERRNO__INVSEQ";
      case 4013 -> "LIBBPF_ERRNO__NLPARSE";
      default -> "E?";
    };
  }

  /** What {@code errno} means for {@code call}. */
  public static String meaning(Call call, int errno) {
    if (call == Call.MAP_UPDATE && (errno == E2BIG || errno == ENOSPC)) {
      return "map full";
    }
    if (call == Call.PROGRAM_LOAD) {
      switch (errno) {
        case E2BIG:
          return "program too large: the verifier stopped at its limit of processed instructions";
        case EACCES:
          return "the verifier rejected the program";
        case EINVAL:
          return "the kernel refused the program (invalid program, or a feature it lacks)";
        case ENOSPC:
          return "the verifier log did not fit its buffer";
        case EPERM:
          return "operation not permitted: loading needs root or CAP_BPF + CAP_NET_ADMIN"
              + " + CAP_PERFMON";
        default:
          break;
      }
    }
    return switch (errno) {
      case EPERM -> "operation not permitted (needs root, or CAP_BPF + CAP_NET_ADMIN)";
      case ENOENT -> "no such entry or file";
      case 3 -> "no such process";
      case 4 -> "interrupted";
      case E2BIG -> "argument or value too big";
      case 9 -> "bad file descriptor";
      case 11 -> "try again";
      case ENOMEM -> "out of memory (or over the locked-memory limit)";
      case EACCES -> "permission denied";
      case 14 -> "bad address";
      case 16 -> "busy";
      case EEXIST -> "exists";
      case 18 -> "cross-device link";
      case 19 -> "no such device";
      case 20 -> "not a directory";
      case EINVAL -> "invalid argument";
      case 24 -> "too many open files";
      case ENOSPC -> "no space";
      case 34 -> "out of range";
      case 38 -> "bpf(2) not available in this kernel";
      case 40 -> "too many levels of links";
      case 75 -> "value too large";
      case EOPNOTSUPP, 524 -> "not supported";
      case 4000 -> "libelf failed";
      case 4001 -> "not a valid BPF object";
      case 4002, 4009 -> "kernel version mismatch";
      case 4003 -> "object of the wrong byte order";
      case 4004 -> "libbpf internal error";
      case 4005 -> "relocation failed";
      case 4006 -> "load failed";
      case 4007 -> "the verifier rejected the program";
      case 4008 -> "program too large";
      case 4010 -> "wrong program type";
      case 4011 -> "wrong process id in a netlink reply";
      case 4012 -> "wrong netlink sequence number";
      case 4013 -> "netlink reply not understood";
      default -> "error";
    };
  }
}

package org.oavc.xdp.bpf;

/** A bpf(2) or libbpf call failed; {@link #errno()} is the kernel's error number. */
public class BpfException extends RuntimeException {
  public static final int ENOENT = 2;
  public static final int E2BIG = 7;
  public static final int ENOMEM = 12;
  public static final int EEXIST = 17;
  public static final int EINVAL = 22;
  public static final int ENOSPC = 28;
  public static final int EOPNOTSUPP = 95;

  private final int errno;

  public BpfException(String what, int errno) {
    super(what + ": " + describe(errno) + " (errno " + errno + ")");
    this.errno = errno;
  }

  public int errno() {
    return errno;
  }

  /** True when the map refused an insert because it is full. */
  public boolean mapFull() {
    return errno == E2BIG || errno == ENOSPC || errno == ENOMEM;
  }

  private static String describe(int errno) {
    return switch (errno) {
      case 1 -> "operation not permitted";
      case ENOENT -> "no such entry";
      case E2BIG -> "map full";
      case 9 -> "bad file descriptor";
      case ENOMEM -> "out of memory";
      case 13 -> "permission denied";
      case 16 -> "busy";
      case EEXIST -> "exists";
      case 19 -> "no such device";
      case EINVAL -> "invalid argument";
      case ENOSPC -> "no space";
      case EOPNOTSUPP -> "not supported";
      default -> "error";
    };
  }
}

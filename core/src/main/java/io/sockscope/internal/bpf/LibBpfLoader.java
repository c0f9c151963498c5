package io.sockscope.internal.bpf;

import io.sockscope.MissingDependencyException;
import jnr.ffi.LibraryLoader;

/** Binds the system's libbpf ({@code libbpf.so.1}) once and checks its version. */
public final class LibBpfLoader {
  /** The oldest libbpf whose API sockscope uses: Debian 12's. */
  public static final int MIN_MAJOR = 1;
  public static final int MIN_MINOR = 1;

  private static volatile LibBpf instance;

  private LibBpfLoader() {}

  /** The bound library; throws {@link MissingDependencyException} naming the package to install. */
  public static LibBpf load() {
    LibBpf bound = instance;
    if (bound != null) {
      return bound;
    }
    synchronized (LibBpfLoader.class) {
      if (instance == null) {
        instance = bindAndCheck();
      }
      return instance;
    }
  }

  private static LibBpf bindAndCheck() {
    LibBpf lib;
    try {
      lib = LibraryLoader.create(LibBpf.class)
          .failImmediately()
          .search("/usr/lib/x86_64-linux-gnu")
          .search("/usr/lib/aarch64-linux-gnu")
          .search("/usr/lib64")
          .search("/usr/lib")
          .load("bpf");
    } catch (LinkageError | RuntimeException e) {
      throw new MissingDependencyException(
          "libbpf (libbpf.so.1) could not be loaded: install it (Debian/Ubuntu: apt-get install libbpf1)", e);
    }
    checkVersion(lib.libbpf_major_version(), lib.libbpf_minor_version());
    return lib;
  }

  static void checkVersion(int major, int minor) {
    if (major < MIN_MAJOR || (major == MIN_MAJOR && minor < MIN_MINOR)) {
      throw new MissingDependencyException(
          "libbpf " + major + "." + minor + " is too old: sockscope needs " + MIN_MAJOR + "." + MIN_MINOR
              + " or newer (Debian 12: apt-get install libbpf1; Ubuntu 24.04 ships 1.3)", null);
    }
  }
}

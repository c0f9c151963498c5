package io.sockscope.internal.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockscope.internal.tls.ProcMaps.MappedFile;
import java.nio.file.NoSuchFileException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcMapsTest {
  private static final long ROOT_DEV = 0xfeL << 20; // fe:00

  // Lines as a real /proc/<pid>/maps prints them, including the trailing space of anonymous ones.
  private static final List<String> SAMPLE = List.of(
      "5593dfe2f000-5593dfe31000 r--p 00000000 fe:00 260131                     /usr/bin/curl",
      "5593dfe31000-5593dfe36000 r-xp 00002000 fe:00 260131                     /usr/bin/curl",
      "5593e01f2000-5593e0213000 rw-p 00000000 00:00 0                          [heap]",
      "7fa2415d3000-7fa2415f5000 rw-p 00000000 00:00 0 ",
      "7fa2415d3000-7fa2415f5000 rwxp 00000000 00:00 0 ",
      "7fa241600000-7fa241625000 r--p 00000000 fe:00 339401                     /usr/lib/x86_64-linux-gnu/libssl.so.3",
      "7fa241625000-7fa241690000 r-xp 00025000 fe:00 339401                     /usr/lib/x86_64-linux-gnu/libssl.so.3",
      "7fa241700000-7fa241780000 r-xp 00000000 08:11 42                         /opt/My App/lib/libcrypto.so.3",
      "7fa241800000-7fa241880000 r-xp 00000000 00:1a 7                          /tmp/old libssl.so (deleted)",
      "7fa241900000-7fa241980000 r-xp 00000000 fe:00 339401                     /usr/lib/x86_64-linux-gnu/libssl-link.so.3",
      "7fa241a00000-7fa241a80000 r--p 00000000 fe:00 329635                     /usr/lib/locale/C.utf8/LC_CTYPE",
      "7fa241849000-7fa24184b000 r-xp 00000000 00:00 0                          [vdso]",
      "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]",
      "",
      "garbage",
      "7fa241b00000-7fa241b80000 r-xp 00000000 zz:00 11                         /bad/device",
      "7fa241b00000-7fa241b80000 r-xp 00000000 fe:00                            /missing/inode",
      "7fa241b00000-7fa241b80000 r-xp 00000000 fe:00 99999999999999999999999    /inode/too/big",
      "7fa241b00000 r-xp 00000000 fe:00 12                                      /no/range");

  @Test
  void keepsExecutableFileMappingsOncePerFileInOrder() {
    assertEquals(List.of(
            new MappedFile(ROOT_DEV, 260131, "/usr/bin/curl", false),
            new MappedFile(ROOT_DEV, 339401, "/usr/lib/x86_64-linux-gnu/libssl.so.3", false),
            new MappedFile(0x08L << 20 | 0x11, 42, "/opt/My App/lib/libcrypto.so.3", false),
            new MappedFile(0x1a, 7, "/tmp/old libssl.so", true)),
        ProcMaps.executableFiles(SAMPLE));
  }

  @Test
  void encodesDeviceAsKernelDevT() {
    List<MappedFile> files = ProcMaps.executableFiles(
        List.of("7f0000000000-7f0000001000 r-xp 00000000 103:10a05 5   /data/lib.so"));
    assertEquals(0x103L << 20 | 0x10a05, files.get(0).device());
  }

  @Test
  void sameInodeOnAnotherDeviceIsAnotherFile() {
    List<MappedFile> files = ProcMaps.executableFiles(List.of(
        "7f0000000000-7f0000001000 r-xp 00000000 fe:00 5   /a/lib.so",
        "7f0000001000-7f0000002000 r-xp 00000000 fe:01 5   /b/lib.so"));
    assertEquals(List.of("/a/lib.so", "/b/lib.so"), files.stream().map(MappedFile::path).toList());
  }

  @Test
  void readsTheJvmsOwnMapsAndFindsLibjvm() throws Exception {
    List<MappedFile> files = ProcMaps.read((int) ProcessHandle.current().pid());
    assertTrue(files.stream().anyMatch(f -> f.path().endsWith("/libjvm.so") && !f.deleted()), files::toString);
    assertEquals(files.size(), files.stream().map(f -> List.of(f.device(), f.inode())).distinct().count());
  }

  @Test
  void vanishedProcessIsNoSuchFile() {
    // Above the kernel's pid_max limit (4194304), so no process can have it.
    assertThrows(NoSuchFileException.class, () -> ProcMaps.read(Integer.MAX_VALUE));
  }
}

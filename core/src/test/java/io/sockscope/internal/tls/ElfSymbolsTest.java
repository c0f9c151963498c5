package io.sockscope.internal.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeout;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ElfSymbolsTest {
  private static final Path LIB_DIR = Path.of("/usr/lib/x86_64-linux-gnu");
  private static final Set<String> OPENSSL = Set.of(
      "SSL_write", "SSL_read", "SSL_write_ex", "SSL_read_ex", "SSL_do_handshake", "SSL_free");
  private static final Set<String> GNUTLS = Set.of(
      "gnutls_record_send", "gnutls_record_recv", "gnutls_handshake", "gnutls_deinit");
  private static final Set<String> ALL_TLS = union(OPENSSL, GNUTLS);

  // Section header fields (Elf64_Shdr) and section types the corruption tests patch.
  private static final int SH_SIZE = 32;
  private static final int SH_LINK = 40;
  private static final int SH_ENTSIZE = 56;
  private static final int SHT_DYNSYM = 11;
  private static final int SHT_STRTAB = 3;

  @TempDir Path dir;

  @Test
  void libsslDefinesOpenSslButNotGnutls() throws IOException {
    assertEquals(OPENSSL, ElfSymbols.definedFunctions(existing(LIB_DIR.resolve("libssl.so.3")), ALL_TLS));
  }

  @Test
  void libgnutlsDefinesGnutlsButNotOpenSsl() throws IOException {
    assertEquals(GNUTLS, ElfSymbols.definedFunctions(existing(LIB_DIR.resolve("libgnutls.so.30")), ALL_TLS));
  }

  @Test
  void libcDefinesItsFunctionsAndIfuncsButNoTlsAndNoObjects() throws IOException {
    // strlen is only an STT_GNU_IFUNC in x86_64 glibc's .dynsym; environ is an STT_OBJECT.
    Set<String> wanted = union(ALL_TLS, Set.of("write", "strlen", "environ"));
    Path libc = existing(LIB_DIR.resolve("libc.so.6"));
    assertEquals(Set.of("write", "strlen"), ElfSymbols.definedFunctions(libc, wanted));
  }

  @Test
  void nodeExportsOpenSslAndIsScannedQuickly() {
    Path node = existing(Path.of("/usr/bin/node"));
    // Scanning its tables costs tens of milliseconds; reading all 98 MB would cost far more.
    Set<String> found = assertTimeout(Duration.ofSeconds(5),
        () -> ElfSymbols.definedFunctions(node, Set.of("SSL_write", "SSL_read", "gnutls_record_send")));
    assertEquals(Set.of("SSL_write", "SSL_read"), found);
  }

  @Test
  void readsSymtabOfAnExecutableAndLosesItToStrip() throws Exception {
    assumeTrue(onPath("cc"), "no C compiler");
    Path program = compile("probe.c", """
        int my_tls_probe_target(int x) { return x * 2; }
        static __attribute__((noinline)) int my_static_helper(int x) { return x + 1; }
        int main(int argc, char **argv) { return my_tls_probe_target(argc) + my_static_helper(argc); }
        """, "-O0", "-rdynamic", "-o", "probe");
    // -rdynamic exports my_tls_probe_target in .dynsym; the static function is only in .symtab.
    Set<String> wanted = Set.of("my_tls_probe_target", "my_static_helper", "SSL_write");
    assertEquals(Set.of("my_tls_probe_target", "my_static_helper"), ElfSymbols.definedFunctions(program, wanted));

    assumeTrue(onPath("strip"), "no strip");
    run("strip", program.toString());
    assertEquals(Set.of("my_tls_probe_target"), ElfSymbols.definedFunctions(program, wanted));
  }

  @Test
  void aCallerOfSslWriteDoesNotDefineIt() throws Exception {
    assumeTrue(onPath("cc"), "no C compiler");
    Path library = compile("caller.c", """
        extern int SSL_write(void *ssl, const void *buf, int num);
        int send_hello(void *ssl) { return SSL_write(ssl, "hello", 5); }
        """, "-shared", "-fPIC", "-o", "libcaller.so");
    assertEquals(Set.of("send_hello"), ElfSymbols.definedFunctions(library, Set.of("SSL_write", "send_hello")));
  }

  @Test
  void symtabNamesMatchWithoutTheirVersionSuffix() throws Exception {
    assumeTrue(onPath("cc"), "no C compiler");
    Files.writeString(dir.resolve("versions.map"), """
        V1 { global: my_versioned; local: *; };
        V2 { global: my_versioned; } V1;
        """);
    Path library = compile("versioned.c", """
        int impl_v1(int x) { return x; }
        int impl_v2(int x) { return x + 1; }
        __asm__(".symver impl_v1, my_versioned@V1");
        __asm__(".symver impl_v2, my_versioned@@V2");
        """, "-shared", "-fPIC", "-Wl,--version-script=versions.map", "-o", "libversioned.so");
    // With .dynsym made unreadable, the name can only come from .symtab's "my_versioned@@V2".
    byte[] elf = Files.readAllBytes(library);
    putLong(elf, sectionHeader(elf, SHT_DYNSYM) + SH_ENTSIZE, 0);
    Path symtabOnly = write("dynsym-entsize-0.so", elf);
    assertEquals(Set.of("my_versioned"), ElfSymbols.definedFunctions(symtabOnly, Set.of("my_versioned")));
  }

  @Test
  void nonElfFilesDefineNothing() throws IOException {
    byte[] random = new byte[64 * 1024];
    new Random(42).nextBytes(random);
    assertEquals(Set.of(), ElfSymbols.definedFunctions(write("random", random), ALL_TLS));
    assertEquals(Set.of(), ElfSymbols.definedFunctions(write("empty", new byte[0]), ALL_TLS));
    assertEquals(Set.of(), ElfSymbols.definedFunctions(dir, ALL_TLS));
    assertFalse(ElfSymbols.isElf(dir.resolve("random")));
    assertFalse(ElfSymbols.isElf(dir.resolve("empty")));
    assertFalse(ElfSymbols.isElf(dir));
  }

  @Test
  void missingFileIsAnIoError() {
    assertThrows(NoSuchFileException.class, () -> ElfSymbols.definedFunctions(dir.resolve("absent"), ALL_TLS));
  }

  @Test
  void only64BitLittleEndianIsRead() throws IOException {
    byte[] elf = libssl();
    assertTrue(ElfSymbols.isElf(write("libssl-copy.so", elf)));
    byte[] elf32 = elf.clone();
    elf32[4] = 1; // ELFCLASS32
    byte[] bigEndian = elf.clone();
    bigEndian[5] = 2; // ELFDATA2MSB
    assertEquals(Set.of(), ElfSymbols.definedFunctions(write("class32.so", elf32), OPENSSL));
    assertEquals(Set.of(), ElfSymbols.definedFunctions(write("msb.so", bigEndian), OPENSSL));
  }

  @Test
  void truncatedCopiesDefineNothing() throws IOException {
    byte[] elf = libssl();
    // The section header table sits at the end of the file, so every truncation loses it.
    for (int length : new int[] {20, 63, 4096, elf.length / 2, elf.length - 1}) {
      Path copy = write("truncated-" + length, Arrays.copyOf(elf, length));
      assertEquals(Set.of(), ElfSymbols.definedFunctions(copy, OPENSSL), "truncated at " + length);
    }
  }

  @Test
  void sectionHeaderOffsetPastTheFileDefinesNothing() throws IOException {
    for (long shoff : new long[] {0x7fff_ffff_ffff_ff00L, -64L, 1L << 32}) {
      byte[] elf = libssl();
      putLong(elf, 0x28, shoff);
      assertEquals(Set.of(), ElfSymbols.definedFunctions(write("shoff", elf), OPENSSL), "e_shoff " + shoff);
    }
  }

  @Test
  void brokenDynsymIsSkipped() throws IOException {
    // Debian's libssl is stripped: .dynsym is its only symbol table, so skipping it leaves nothing.
    long[][] patches = {
        {SHT_DYNSYM, SH_SIZE, Long.MAX_VALUE},
        {SHT_DYNSYM, SH_SIZE, -1},
        {SHT_DYNSYM, SH_ENTSIZE, 0},
        {SHT_DYNSYM, SH_ENTSIZE, -24},
        {SHT_DYNSYM, SH_LINK, 0xffff},
        {SHT_STRTAB, SH_SIZE, 1}, // .dynstr, the first string table: every name now lies past its end
    };
    for (long[] patch : patches) {
      byte[] elf = libssl();
      int field = sectionHeader(elf, (int) patch[0]) + (int) patch[1];
      if (patch[1] == SH_LINK) {
        ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN).putInt(field, (int) patch[2]);
      } else {
        putLong(elf, field, patch[2]);
      }
      assertEquals(Set.of(), ElfSymbols.definedFunctions(write("patched.so", elf), OPENSSL), Arrays.toString(patch));
    }
  }

  @Test
  void randomlyCorruptedHeadersNeverThrow() throws IOException {
    byte[] original = libssl();
    ByteBuffer ehdr = ByteBuffer.wrap(original).order(ByteOrder.LITTLE_ENDIAN);
    int shoff = (int) ehdr.getLong(0x28);
    int headersEnd = shoff + 64 * ehdr.getShort(0x3c);
    Random random = new Random(7);
    Path copy = dir.resolve("fuzzed.so");
    for (int round = 0; round < 300; round++) {
      byte[] elf = original.clone();
      for (int flips = 1 + random.nextInt(8); flips > 0; flips--) {
        // Offsets and sizes live in the ELF header and the section header table; the first six
        // bytes (magic, class, byte order) stay intact so that the file is still read.
        int at = random.nextBoolean() ? 6 + random.nextInt(58) : shoff + random.nextInt(headersEnd - shoff);
        elf[at] = (byte) random.nextInt(256);
      }
      Files.write(copy, elf);
      Set<String> found = ElfSymbols.definedFunctions(copy, OPENSSL);
      assertTrue(OPENSSL.containsAll(found), found::toString);
    }
  }

  private static Path existing(Path file) {
    assumeTrue(Files.isRegularFile(file), file + " is not installed");
    return file;
  }

  private static byte[] libssl() throws IOException {
    return Files.readAllBytes(existing(LIB_DIR.resolve("libssl.so.3")));
  }

  /** Offset of the first section header of the given type. */
  private static int sectionHeader(byte[] elf, int type) {
    ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
    int shoff = (int) b.getLong(0x28);
    for (int i = 0; i < b.getShort(0x3c); i++) {
      if (b.getInt(shoff + i * 64 + 4) == type) {
        return shoff + i * 64;
      }
    }
    throw new AssertionError("no section of type " + type);
  }

  private static void putLong(byte[] elf, int at, long value) {
    ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN).putLong(at, value);
  }

  private Path write(String name, byte[] content) throws IOException {
    return Files.write(dir.resolve(name), content);
  }

  private Path compile(String source, String code, String... ccArgs) throws Exception {
    Files.writeString(dir.resolve(source), code);
    String[] command = new String[ccArgs.length + 2];
    command[0] = "cc";
    command[1] = source;
    System.arraycopy(ccArgs, 0, command, 2, ccArgs.length);
    run(command);
    return dir.resolve(ccArgs[ccArgs.length - 1]);
  }

  private void run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), () -> String.join(" ", command) + " failed: " + output);
  }

  private static boolean onPath(String tool) {
    return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, tool)));
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    return Set.copyOf(Stream.concat(a.stream(), b.stream()).toList());
  }
}

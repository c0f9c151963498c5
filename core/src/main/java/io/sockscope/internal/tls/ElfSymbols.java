package io.sockscope.internal.tls;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Finds which functions an ELF file defines, to decide where TLS uprobes can attach. Reads only
 * 64-bit little-endian ELF (x86_64, aarch64); anything else, including a malformed file, simply
 * defines nothing. Stateless, safe for concurrent use.
 *
 * <p>Only the ELF header, the section header table and the symbol and string tables are
 * touched, each mapped read-only on its own: a 100 MB binary costs the pages of those tables
 * (about 12 MB for node) and no heap. Every offset and size read from the file is checked
 * against the file's length before use, and a table that fails a check is skipped as a whole.
 */
public final class ElfSymbols {
  private static final int EHDR_SIZE = 64;
  private static final int SHDR_SIZE = 64;
  private static final int SYM_SIZE = 24;

  private static final int SHT_SYMTAB = 2;
  private static final int SHT_STRTAB = 3;
  private static final int SHT_DYNSYM = 11;
  private static final int SHN_UNDEF = 0;
  private static final int STT_FUNC = 2;
  private static final int STT_GNU_IFUNC = 10;

  private ElfSymbols() {}

  /**
   * Which of {@code wanted} the file defines as functions: symbols of type STT_FUNC or
   * STT_GNU_IFUNC, with a section and a non-zero address, in {@code .dynsym} and in {@code
   * .symtab}. A {@code .symtab} name such as {@code SSL_write@@OPENSSL_3.0.0} counts as {@code
   * SSL_write}.
   *
   * <p>A file that is not a regular file or not a 64-bit little-endian ELF gives an empty set; a
   * broken symbol table is skipped and the others still count.
   *
   * @return a subset of {@code wanted}, possibly empty
   * @throws IOException only when the file system fails, such as a missing or unreadable file
   */
  public static Set<String> definedFunctions(Path file, Set<String> wanted) throws IOException {
    if (wanted.isEmpty() || !Files.readAttributes(file, BasicFileAttributes.class).isRegularFile()) {
      return Set.of();
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return new Scan(channel, wanted).run();
    }
  }

  /** Whether the file is a regular file starting with the ELF magic, of any class or byte order. */
  public static boolean isElf(Path file) throws IOException {
    if (!Files.readAttributes(file, BasicFileAttributes.class).isRegularFile()) {
      return false;
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer magic = map(channel, channel.size(), 0, 4);
      return magic != null && magic.getInt(0) == 0x464c457f; // "\x7fELF" read little-endian
    }
  }

  /** Maps {@code [offset, offset + size)} read-only, or null when that is not inside the file. */
  private static ByteBuffer map(FileChannel channel, long fileSize, long offset, long size) throws IOException {
    // Offsets and sizes are unsigned in ELF: a "huge" one reads as negative here.
    if (offset < 0 || size < 0 || size > Integer.MAX_VALUE || offset > fileSize - size) {
      return null;
    }
    return channel.map(FileChannel.MapMode.READ_ONLY, offset, size).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** One pass over one file. */
  private static final class Scan {
    private final FileChannel channel;
    private final long fileSize;
    /** Wanted names as UTF-8 bytes, so that symbol names are compared without making strings. */
    private final Map<String, byte[]> missing = new LinkedHashMap<>();
    private final Set<String> found = new HashSet<>();

    Scan(FileChannel channel, Set<String> wanted) throws IOException {
      this.channel = channel;
      this.fileSize = channel.size();
      for (String name : wanted) {
        missing.put(name, name.getBytes(StandardCharsets.UTF_8));
      }
    }

    Set<String> run() throws IOException {
      ByteBuffer ehdr = map(channel, fileSize, 0, EHDR_SIZE);
      if (ehdr == null || ehdr.getInt(0) != 0x464c457f || ehdr.get(4) != 2 /* ELFCLASS64 */
          || ehdr.get(5) != 1 /* ELFDATA2LSB */) {
        return Set.of();
      }
      long shoff = ehdr.getLong(0x28);
      int shentsize = Short.toUnsignedInt(ehdr.getShort(0x3a));
      long shnum = Short.toUnsignedInt(ehdr.getShort(0x3c));
      if (shoff == 0 || shentsize < SHDR_SIZE) {
        return Set.of();
      }
      if (shnum == 0) {
        // Extended numbering (65280 sections or more): the count is section 0's sh_size.
        ByteBuffer first = map(channel, fileSize, shoff, SHDR_SIZE);
        shnum = first == null ? 0 : first.getLong(32);
      }
      ByteBuffer headers = shnum > fileSize / shentsize ? null : map(channel, fileSize, shoff, shnum * shentsize);
      if (headers == null) {
        return Set.of();
      }
      // .dynsym first: it is the smaller table and usually has every exported name.
      for (int type : new int[] {SHT_DYNSYM, SHT_SYMTAB}) {
        for (int i = 0; i < shnum && !missing.isEmpty(); i++) {
          int at = i * shentsize;
          if (headers.getInt(at + 4) == type) {
            scanTable(headers, shnum, shentsize, at);
          }
        }
      }
      return Set.copyOf(found);
    }

    /** Scans the symbol table whose section header is at {@code at}; skips it if it is broken. */
    private void scanTable(ByteBuffer headers, long shnum, int shentsize, int at) throws IOException {
      long link = Integer.toUnsignedLong(headers.getInt(at + 40));
      long entsize = headers.getLong(at + 56);
      if (link >= shnum || entsize < SYM_SIZE) {
        return;
      }
      int strAt = (int) link * shentsize;
      if (headers.getInt(strAt + 4) != SHT_STRTAB) {
        return;
      }
      ByteBuffer symbols = map(channel, fileSize, headers.getLong(at + 24), headers.getLong(at + 32));
      ByteBuffer strings = map(channel, fileSize, headers.getLong(strAt + 24), headers.getLong(strAt + 32));
      if (symbols == null || strings == null) {
        return;
      }
      // Collected apart and kept only if the whole table reads cleanly.
      Set<String> inTable = new HashSet<>();
      long count = symbols.capacity() / entsize;
      for (long s = 0; s < count; s++) {
        int sym = (int) (s * entsize);
        int type = symbols.get(sym + 4) & 0xf;
        boolean defined = symbols.getShort(sym + 6) != SHN_UNDEF && symbols.getLong(sym + 8) != 0;
        if (defined && (type == STT_FUNC || type == STT_GNU_IFUNC)) {
          long nameOffset = Integer.toUnsignedLong(symbols.getInt(sym));
          int nameLength = nameLength(strings, nameOffset);
          if (nameLength < 0) {
            return;
          }
          String name = matchMissing(strings, (int) nameOffset, nameLength);
          if (name != null) {
            inTable.add(name);
          }
        }
      }
      found.addAll(inTable);
      missing.keySet().removeAll(inTable);
    }

    /**
     * Length of the name at {@code offset} up to its NUL or its first '@' (a version suffix), or
     * -1 when the name does not end inside the string table.
     */
    private static int nameLength(ByteBuffer strings, long offset) {
      if (offset >= strings.capacity()) {
        return -1;
      }
      for (int i = (int) offset; i < strings.capacity(); i++) {
        byte b = strings.get(i);
        if (b == 0 || b == '@') {
          return i - (int) offset;
        }
      }
      return -1;
    }

    /** The missing wanted name equal to the {@code length} bytes at {@code offset}, or null. */
    private String matchMissing(ByteBuffer strings, int offset, int length) {
      for (Map.Entry<String, byte[]> candidate : missing.entrySet()) {
        byte[] bytes = candidate.getValue();
        if (bytes.length == length && equalsAt(strings, offset, bytes)) {
          return candidate.getKey();
        }
      }
      return null;
    }

    private static boolean equalsAt(ByteBuffer strings, int offset, byte[] bytes) {
      for (int i = 0; i < bytes.length; i++) {
        if (strings.get(offset + i) != bytes[i]) {
          return false;
        }
      }
      return true;
    }
  }
}

package io.sockscope.internal.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code /proc/<pid>/maps} to find the files a process runs code from, which are where
 * its TLS library functions live. Stateless, safe for concurrent use.
 */
public final class ProcMaps {
  /**
   * One executable file mapped into a process.
   *
   * @param device the device holding the file, as the kernel encodes it inside ({@code major << 20
   *     | minor}, what {@code super_block.s_dev} holds); not the {@code st_dev} that stat returns
   * @param inode the file's inode on that device
   * @param path the path the kernel printed, without the " (deleted)" suffix
   * @param deleted whether the file was deleted or replaced after being mapped, so that {@code
   *     path} may now name another file or none
   */
  public record MappedFile(long device, long inode, String path, boolean deleted) {}

  private static final String DELETED = " (deleted)";

  // "start-end perms offset major:minor inode   path": the path is everything after the
  // padding that follows the inode, and may itself contain spaces. The kernel prints the
  // 12-bit major and 20-bit minor with "%02x", so they have 2 to 3 and 2 to 5 digits.
  private static final Pattern LINE = Pattern.compile("\\p{XDigit}+-\\p{XDigit}+ ([-r][-w][-x][-sp]) \\p{XDigit}+"
      + " (\\p{XDigit}{2,3}):(\\p{XDigit}{2,5}) (\\d+) *(.*)");

  private ProcMaps() {}

  /**
   * The executable files mapped into process {@code pid}, as {@link #executableFiles} describes.
   *
   * @throws java.nio.file.NoSuchFileException when the process does not exist (or has exited)
   */
  public static List<MappedFile> read(int pid) throws IOException {
    // Not Files.readAllLines: a path that is not valid UTF-8 would make it throw.
    byte[] maps = Files.readAllBytes(Path.of("/proc", Integer.toString(pid), "maps"));
    return executableFiles(new String(maps, StandardCharsets.UTF_8).lines().toList());
  }

  /**
   * The files of the mappings that are executable ('x' in their permissions), have an inode and
   * a path starting with '/'; so neither anonymous memory nor [heap], [vdso] and the like. Each
   * file (device and inode) appears once, with the first path seen, in the order of the lines.
   * Lines that do not parse are skipped.
   */
  static List<MappedFile> executableFiles(List<String> lines) {
    List<MappedFile> files = new ArrayList<>();
    Set<List<Long>> seen = new HashSet<>();
    for (String line : lines) {
      Matcher m = LINE.matcher(line);
      if (!m.matches() || m.group(1).charAt(2) != 'x' || !m.group(5).startsWith("/")) {
        continue;
      }
      long device = Long.parseLong(m.group(2), 16) << 20 | Long.parseLong(m.group(3), 16);
      long inode;
      try {
        inode = Long.parseUnsignedLong(m.group(4));
      } catch (NumberFormatException pastUnsigned64Bits) {
        continue;
      }
      if (inode == 0 || !seen.add(List.of(device, inode))) {
        continue;
      }
      String path = m.group(5);
      boolean deleted = path.endsWith(DELETED);
      if (deleted) {
        path = path.substring(0, path.length() - DELETED.length());
      }
      files.add(new MappedFile(device, inode, path, deleted));
    }
    return files;
  }
}

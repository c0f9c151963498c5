package io.sockscope.protocols.redis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What is kept of one top-level RESP value (a command or a reply): its type and length, the text
 * of a scalar, the text of the first elements of an aggregate, how many bytes it took on the wire,
 * and when its first and last bytes went by. Large strings are cut to {@link
 * RedisLimits#KEPT_ELEMENT_BYTES}; the rest is only counted. Filled in by the {@link RespDecoder},
 * read-only once handed over. Confined to the session's thread.
 */
final class RespValue {

  /**
   * One element of a top-level aggregate, or one argument of a command.
   *
   * @param text the first bytes, as UTF-8; null for a null value or a nested aggregate
   * @param truncated whether bytes were cut from the end of {@code text}
   * @param size the length in bytes of a string, the count of a nested aggregate, -1 for null
   */
  record Element(@Nullable String text, boolean truncated, long size) {

    /** The text for a person, cut ones marked with a trailing ellipsis; "nil" for none. */
    String display() {
      return text == null ? "nil" : truncated ? text + "..." : text;
    }

    /** The text in upper case, or the empty string for none. */
    String upperCase() {
      return text == null ? "" : text.toUpperCase(Locale.ROOT);
    }
  }

  private final long startNanos;
  private @Nullable RespType type;
  private boolean inline;
  private long length = -1;
  private @Nullable Element scalar;
  private @Nullable List<Element> elements;
  private long elementCount;
  private long wireBytes;
  private long endNanos;

  RespValue(long startNanos) {
    this.startNanos = startNanos;
  }

  /** When the call that carried the first byte returned. */
  long startNanos() {
    return startNanos;
  }

  /** When the call that carried the last byte returned. */
  long endNanos() {
    return endNanos;
  }

  /** The type; for an inline command, {@link RespType#ARRAY} (it is read as one). */
  RespType type() {
    return Objects.requireNonNull(type, "type of a complete value");
  }

  /** Whether this is an inline command: words on a line rather than an array of strings. */
  boolean isInline() {
    return inline;
  }

  /** Whether this is a null: {@code _}, or RESP2's {@code $-1} or {@code *-1}. */
  boolean isNull() {
    return type == RespType.NULL || length < 0 && type != null && type.framing() != RespType.Framing.LINE;
  }

  /**
   * The byte length of a string, the element count of an array, set or push, the pair count of a
   * map; -1 for a null or a value on one line.
   */
  long length() {
    return length;
  }

  /**
   * A scalar's text: a simple string, error, number, or the first bytes of a bulk error; null for
   * an aggregate, and for a bulk or verbatim string, whose bytes are only counted.
   */
  @Nullable Element scalar() {
    return scalar;
  }

  /** The first {@link RedisLimits#KEPT_ELEMENTS} elements of an aggregate, or of an inline command. */
  List<Element> elements() {
    List<Element> kept = elements;
    return kept == null ? List.of() : Collections.unmodifiableList(kept);
  }

  /** How many elements an aggregate has (for a map, keys and values both count). */
  long elementCount() {
    return elementCount;
  }

  /** The text of the element at {@code index}, or null when there is none or it is not kept. */
  @Nullable String elementText(int index) {
    List<Element> kept = elements;
    return kept != null && index < kept.size() ? kept.get(index).text() : null;
  }

  /** Bytes the value took on the wire, attributes included, lost bytes inside strings included. */
  long wireBytes() {
    return wireBytes;
  }

  void type(RespType type, long length) {
    this.type = type;
    this.length = length;
  }

  /** A streamed aggregate ended: its length is the count of elements it had. */
  void lengthFromElements() {
    length = type == RespType.MAP || type == RespType.ATTRIBUTE ? elementCount / 2 : elementCount;
  }

  void markInline() {
    inline = true;
  }

  void scalar(Element scalar) {
    this.scalar = scalar;
  }

  void addElement(Element element) {
    List<Element> kept = elements;
    if (kept == null) {
      // Sized for the count an aggregate's header announced, when it has come.
      kept = new ArrayList<>(length > 0 ? (int) Math.min(length, RedisLimits.KEPT_ELEMENTS) : 8);
      elements = kept;
    }
    if (kept.size() < RedisLimits.KEPT_ELEMENTS) {
      kept.add(element);
    }
    elementCount++;
  }

  void addWireBytes(long count) {
    wireBytes += count;
  }

  void end(long nanos) {
    endNanos = Math.max(startNanos, nanos);
  }
}

package io.sockscope.protocols.dns;

import com.google.common.collect.ImmutableMap;

/**
 * The mnemonics of DNS's numbers, as the IANA registries and dig spell them: record types
 * ({@code A}, {@code AAAA}, ...), classes, opcodes and response codes. A number without a
 * mnemonic is spelled as RFC 3597 does ({@code TYPE65280}, {@code CLASS7}). Stateless.
 */
final class DnsCodes {

  static final int TYPE_A = 1;
  static final int TYPE_NS = 2;
  static final int TYPE_CNAME = 5;
  static final int TYPE_SOA = 6;
  static final int TYPE_PTR = 12;
  static final int TYPE_MX = 15;
  static final int TYPE_TXT = 16;
  static final int TYPE_AAAA = 28;
  static final int TYPE_OPT = 41;

  static final int CLASS_IN = 1;

  static final int OPCODE_QUERY = 0;
  static final int OPCODE_IQUERY = 1;
  static final int OPCODE_STATUS = 2;
  static final int OPCODE_NOTIFY = 4;
  static final int OPCODE_UPDATE = 5;

  private static final ImmutableMap<Integer, String> TYPES =
      ImmutableMap.<Integer, String>builder()
          .put(TYPE_A, "A").put(TYPE_NS, "NS").put(3, "MD").put(4, "MF").put(TYPE_CNAME, "CNAME")
          .put(TYPE_SOA, "SOA").put(7, "MB").put(8, "MG").put(9, "MR").put(10, "NULL")
          .put(11, "WKS").put(TYPE_PTR, "PTR").put(13, "HINFO").put(14, "MINFO").put(TYPE_MX, "MX")
          .put(TYPE_TXT, "TXT").put(17, "RP").put(18, "AFSDB").put(24, "SIG").put(25, "KEY")
          .put(TYPE_AAAA, "AAAA").put(29, "LOC").put(33, "SRV").put(35, "NAPTR").put(36, "KX")
          .put(37, "CERT").put(39, "DNAME").put(TYPE_OPT, "OPT").put(42, "APL").put(43, "DS")
          .put(44, "SSHFP").put(45, "IPSECKEY").put(46, "RRSIG").put(47, "NSEC").put(48, "DNSKEY")
          .put(49, "DHCID").put(50, "NSEC3").put(51, "NSEC3PARAM").put(52, "TLSA")
          .put(53, "SMIMEA").put(55, "HIP").put(59, "CDS").put(60, "CDNSKEY")
          .put(61, "OPENPGPKEY").put(62, "CSYNC").put(63, "ZONEMD").put(64, "SVCB")
          .put(65, "HTTPS").put(99, "SPF").put(108, "EUI48").put(109, "EUI64").put(249, "TKEY")
          .put(250, "TSIG").put(251, "IXFR").put(252, "AXFR").put(253, "MAILB").put(254, "MAILA")
          .put(255, "ANY").put(256, "URI").put(257, "CAA").put(32768, "TA").put(32769, "DLV")
          .buildOrThrow();

  private static final ImmutableMap<Integer, String> CLASSES =
      ImmutableMap.of(CLASS_IN, "IN", 3, "CH", 4, "HS", 254, "NONE", 255, "ANY");

  private static final ImmutableMap<Integer, String> OPCODES =
      ImmutableMap.of(
          OPCODE_QUERY, "QUERY",
          OPCODE_IQUERY, "IQUERY",
          OPCODE_STATUS, "STATUS",
          OPCODE_NOTIFY, "NOTIFY",
          OPCODE_UPDATE, "UPDATE");

  private static final ImmutableMap<Integer, String> RCODES =
      ImmutableMap.<Integer, String>builder()
          .put(0, "NOERROR").put(1, "FORMERR").put(2, "SERVFAIL").put(3, "NXDOMAIN")
          .put(4, "NOTIMP").put(5, "REFUSED").put(6, "YXDOMAIN").put(7, "YXRRSET")
          .put(8, "NXRRSET").put(9, "NOTAUTH").put(10, "NOTZONE").put(11, "DSOTYPENI")
          .put(16, "BADVERS").put(17, "BADKEY").put(18, "BADTIME").put(19, "BADMODE")
          .put(20, "BADNAME").put(21, "BADALG").put(22, "BADTRUNC").put(23, "BADCOOKIE")
          .buildOrThrow();

  private DnsCodes() {}

  /** {@code A}, {@code AAAA}, ..., or {@code TYPE<n>}. */
  static String type(int type) {
    String name = TYPES.get(type);
    return name != null ? name : "TYPE" + type;
  }

  /** Whether the type has a mnemonic: a question for any other type is unusual. */
  static boolean isKnownType(int type) {
    return TYPES.containsKey(type);
  }

  /** {@code IN}, {@code CH}, ..., or {@code CLASS<n>}. */
  static String dnsClass(int dnsClass) {
    String name = CLASSES.get(dnsClass);
    return name != null ? name : "CLASS" + dnsClass;
  }

  static boolean isKnownClass(int dnsClass) {
    return CLASSES.containsKey(dnsClass);
  }

  /** {@code QUERY}, {@code NOTIFY}, ..., or {@code OPCODE<n>}. */
  static String opcode(int opcode) {
    String name = OPCODES.get(opcode);
    return name != null ? name : "OPCODE" + opcode;
  }

  static boolean isKnownOpcode(int opcode) {
    return OPCODES.containsKey(opcode);
  }

  /** {@code NOERROR}, {@code NXDOMAIN}, ..., or {@code RCODE<n>}. */
  static String responseCode(int rcode) {
    String name = RCODES.get(rcode);
    return name != null ? name : "RCODE" + rcode;
  }
}

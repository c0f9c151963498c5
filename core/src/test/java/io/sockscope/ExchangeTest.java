package io.sockscope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExchangeTest {
  private static final Connection SERVER = new Connection(42, 7, 1L, "nginx", Role.SERVER, Transport.TCP,
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 8080),
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 51234));

  @Test
  void attributesKeepTheOrderNamesWereFirstAdded() {
    Exchange exchange = Exchange.builder("http", SERVER)
        .attribute("http.request.method", "GET")
        .attribute("http.response.status_code", 200)
        .attribute("http.request.body.size", 0)
        .attribute("http.response.status_code", 404)
        .build();

    assertEquals(List.of("http.request.method", "http.response.status_code", "http.request.body.size"),
        new ArrayList<>(exchange.attributes().keySet()));
    assertEquals(404L, exchange.attribute("http.response.status_code"));
    assertEquals(Map.of("http.request.method", "GET", "http.response.status_code", 404L, "http.request.body.size", 0L),
        exchange.attributes());
    assertEquals(Map.of("http.request.method", "GET", "http.response.status_code", 404L, "http.request.body.size", 0L)
        .hashCode(), exchange.attributes().hashCode());
  }

  @Test
  void aSummaryGivenAsASupplierIsMadeWhenFirstAskedForAndOnce() {
    int[] made = {0};
    Exchange exchange = Exchange.builder("http", SERVER)
        .summary(() -> {
          made[0]++;
          return "GET / -> " + 200;
        })
        .build();
    assertEquals(0, made[0], "not made by the parser's thread");

    assertEquals("GET / -> 200", exchange.summary());
    assertEquals("GET / -> 200", exchange.summary());
    assertTrue(exchange.toString().contains(" GET / -> 200 "), exchange.toString());
    assertEquals(1, made[0]);
  }

  @Test
  void theLastSummaryGivenWinsWhetherTextOrSupplier() {
    assertEquals("text", Exchange.builder("http", SERVER).summary(() -> "supplied").summary("text").build().summary());
    assertEquals("supplied", Exchange.builder("http", SERVER).summary("text").summary(() -> "supplied").build().summary());
    assertEquals("", Exchange.builder("http", SERVER).build().summary(), "no summary given");
  }

  @Test
  void aSupplierThatGivesNoSummaryFailsWhenAskedNotSilently() {
    Exchange exchange = Exchange.builder("http", SERVER).summary(() -> null).build();

    assertThrows(NullPointerException.class, exchange::summary);
  }

  @Test
  void attributesAreUnmodifiable() {
    Map<String, Object> attributes = Exchange.builder("http", SERVER).attribute("a", "b").build().attributes();

    assertThrows(UnsupportedOperationException.class, () -> attributes.put("c", "d"));
    assertThrows(UnsupportedOperationException.class, () -> attributes.remove("a"));
    assertThrows(UnsupportedOperationException.class, attributes::clear);
    assertThrows(UnsupportedOperationException.class, () -> attributes.entrySet().iterator().next().setValue("x"));
    assertEquals(Map.of("a", "b"), attributes);
  }

  @Test
  void anExchangeBuiltStaysAsItWasWhenItsBuilderGoesOn() {
    Exchange.Builder builder = Exchange.builder("http", SERVER).attribute("a", "first");
    Exchange first = builder.build();

    Exchange second = builder.attribute("a", "second").attribute("b", true).build();

    assertEquals(Map.of("a", "first"), first.attributes());
    assertEquals(Map.of("a", "second", "b", true), second.attributes());
  }

  @Test
  void attributesHoldManyNames() {
    Exchange.Builder builder = Exchange.builder("test", SERVER);
    for (int i = 0; i < 40; i++) {
      builder.attribute("name." + i, i);
    }
    Map<String, Object> attributes = builder.build().attributes();

    assertEquals(40, attributes.size());
    assertEquals(39L, attributes.get("name.39"));
    assertTrue(attributes.containsKey("name.0"));
    assertFalse(attributes.containsKey("name.40"));
    assertNull(attributes.get(7));
  }

  @Test
  void namesWithEqualHashCodesStayApart() {
    Exchange exchange = Exchange.builder("test", SERVER)
        .attribute("Aa", 1) // "Aa" and "BB" have the same hash code
        .attribute("BB", 2)
        .attribute("Aa", 3)
        .build();

    assertEquals(List.of("Aa", "BB"), new ArrayList<>(exchange.attributes().keySet()));
    assertEquals(3L, exchange.attribute("Aa"));
    assertEquals(2L, exchange.attribute("BB"));
  }

  @Test
  void nullNamesAndValuesAreRejected() {
    Exchange.Builder builder = Exchange.builder("http", SERVER);

    assertThrows(NullPointerException.class, () -> builder.attribute(null, "x"));
    assertThrows(NullPointerException.class, () -> builder.attribute("x", null));
  }

  @Test
  void connectionAttributesNameTheServerAndTheClient() {
    Exchange exchange = Exchange.builder("http", SERVER).connectionAttributes().build();

    assertEquals(List.of("network.transport", "server.address", "server.port", "client.address", "client.port"),
        new ArrayList<>(exchange.attributes().keySet()));
    assertEquals(Map.of("network.transport", "tcp", "server.address", "127.0.0.1", "server.port", 8080L,
        "client.address", "127.0.0.1", "client.port", 51234L), exchange.attributes());
  }

  @Test
  void connectionAttributesFollowARoleLearnedLater() {
    Connection unknown = new Connection(42, 7, 1L, "app", Role.UNKNOWN, Transport.TCP,
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 8080),
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 51234));
    Exchange.builder("http", unknown).connectionAttributes().build();

    Exchange exchange = Exchange.builder("http", unknown.withRole(Role.SERVER)).connectionAttributes().build();

    assertEquals(8080L, exchange.attribute("server.port"));
    assertEquals(51234L, exchange.attribute("client.port"));
  }

  @Test
  void connectionAttributesOfAUnixSocketHavePathsAndNoPorts() {
    Connection unix = new Connection(42, 7, 1L, "postgres", Role.SERVER, Transport.UNIX,
        UnixDomainSocketAddress.of("/run/postgresql/.s.PGSQL.5432"), UnixDomainSocketAddress.of(""));

    Exchange exchange = Exchange.builder("postgresql", unix).connectionAttributes().build();

    assertEquals(Map.of("network.transport", "unix", "server.address", "/run/postgresql/.s.PGSQL.5432",
        "client.address", ""), exchange.attributes());
  }
}

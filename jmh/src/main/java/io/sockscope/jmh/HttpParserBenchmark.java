package io.sockscope.jmh;

import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * The sockscope HTTP/1.x parser beside netty's {@link HttpRequestDecoder} and {@link
 * HttpResponseDecoder} on the same bytes: a keep-alive conversation of 100 GETs between curl and
 * nginx ({@link Recording#CURL_NGINX_KEEPALIVE}, 43,666 bytes in both directions). Netty decodes
 * every message fully, headers and body. See {@link NettyComparison} for what is measured.
 */
public class HttpParserBenchmark extends NettyComparison {

  @Override
  Recording recording() {
    return Recording.CURL_NGINX_KEEPALIVE;
  }

  @Override
  ChannelHandler[] requestDecoders() {
    return new ChannelHandler[] {new HttpRequestDecoder()};
  }

  @Override
  ChannelHandler[] responseDecoders() {
    return new ChannelHandler[] {new HttpResponseDecoder()};
  }

  @Override
  boolean completesMessage(Object decoded) {
    if (decoded instanceof HttpObject && ((HttpObject) decoded).decoderResult().isFailure()) {
      throw new IllegalStateException("netty failed to decode recorded traffic",
          ((HttpObject) decoded).decoderResult().cause());
    }
    return decoded instanceof LastHttpContent;
  }
}

package io.monitoring.agent.httpclient;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code target} label of an outgoing call: always host:port, the scheme's default port made explicit. */
class UrlTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "http://127.0.0.1:8080/svc/items/1?x=y | 127.0.0.1:8080",
      "http://example.com/ | example.com:80",
      "https://example.com | example.com:443",
      "HTTPS://example.com?q=1 | example.com:443",
      "http://user:secret@example.com:9000/a@b | example.com:9000",
      "http://[::1]:8443/x | [::1]:8443",
      "http://[::1]/x | [::1]:80",
      "https://example.com:notaport/ | example.com:443",
      "/relative/path | unknown:80",
      "http://null/path | unknown:80",
      "'' | unknown:80"})
  void targetIsHostAndPort(String url, String target) {
    assertEquals(target, Url.parse(url).hostAndPort);
  }
}

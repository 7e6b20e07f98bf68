package io.monitoring.agent.httpclient;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrlRedactionTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      http://api.example.com/items/1                          | http://api.example.com/items/1
      https://api.example.com/search?q=shoes&page=2           | https://api.example.com/search?q=REDACTED&page=REDACTED
      https://api.example.com/x?flag&token=abc#frag           | https://api.example.com/x?flag&token=REDACTED
      https://bob:s3cr3t@api.example.com:8443/x?sig=a%3Db     | https://REDACTED:REDACTED@api.example.com:8443/x?sig=REDACTED
      http://host/path?                                       | http://host/path?
      /relative/only?id=7                                     | /relative/only?id=REDACTED
      """)
  void keepsNamesAndDropsValues(String url, String expected) {
    assertEquals(expected, UrlRedaction.redact(url));
  }
}

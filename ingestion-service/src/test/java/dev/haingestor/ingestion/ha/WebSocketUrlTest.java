package dev.haingestor.ingestion.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WebSocketUrlTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "http://homeassistant.local:8123, ws://homeassistant.local:8123/api/websocket",
    "http://homeassistant.local:8123/, ws://homeassistant.local:8123/api/websocket",
    "https://ha.example.com, wss://ha.example.com/api/websocket",
    "HTTPS://ha.example.com:443/, wss://ha.example.com:443/api/websocket",
    "ws://10.0.0.2:8123, ws://10.0.0.2:8123/api/websocket",
    "wss://ha.example.com:8123, wss://ha.example.com:8123/api/websocket",
    "ws://10.0.0.2:8123/api/websocket, ws://10.0.0.2:8123/api/websocket",
    "http://10.0.0.2:8123/api/websocket/, ws://10.0.0.2:8123/api/websocket",
    "https://proxy.example.com/ha/, wss://proxy.example.com/ha/api/websocket",
    "'  http://ha:8123  ', ws://ha:8123/api/websocket"
  })
  void derivesTheWebSocketEndpoint(String haUrl, String expected) {
    assertThat(WebSocketUrl.derive(haUrl)).isEqualTo(URI.create(expected));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "homeassistant.local:8123",
        "ftp://ha:8123",
        "http://",
        "http:///api/websocket",
        "not a url"
      })
  void refusesWhatIsNotAnHttpOrWebSocketUrl(String haUrl) {
    assertThatIllegalArgumentException().isThrownBy(() -> WebSocketUrl.derive(haUrl));
  }
}

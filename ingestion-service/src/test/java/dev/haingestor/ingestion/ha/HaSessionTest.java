package dev.haingestor.ingestion.ha;

import static dev.haingestor.ingestion.ha.HaFrames.MAPPER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.haingestor.common.event.RejectionReason;
import dev.haingestor.common.event.StateChangedEvent;
import dev.haingestor.ingestion.deadletter.Rejection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

class HaSessionTest {

  private static final String FIRED = "2024-05-01T10:00:00.5+00:00";

  private final List<String> sent = new ArrayList<>();
  private final List<StateChangedEvent> events = new ArrayList<>();
  private final List<Rejection> rejections = new ArrayList<>();
  private final HaSession session =
      new HaSession(
          new AccessToken("token-1"),
          new CommandWriter(MAPPER),
          new HaFrameParser(MAPPER),
          new HaEventListener() {
            @Override
            public void onEvent(StateChangedEvent event) {
              events.add(event);
            }

            @Override
            public void onRejected(Rejection rejection) {
              rejections.add(rejection);
            }
          },
          Clock.systemUTC());

  HaSessionTest() {
    session.outgoing().subscribe(sent::add);
  }

  @Test
  void authenticatesThenEnablesCoalescingThenSubscribes() {
    session.onFrame(HaFrames.message("auth_required").toString());
    assertThat(sent).singleElement().satisfies(frame -> assertThat(type(frame)).isEqualTo("auth"));

    session.onFrame(HaFrames.message("auth_ok").toString());

    assertThat(json(sent.get(1)))
        .isEqualTo(
            MAPPER.readTree(
                "{\"id\":1,\"type\":\"supported_features\",\"features\":{\"coalesce_messages\":1}}"));
    assertThat(json(sent.get(2)))
        .isEqualTo(
            MAPPER.readTree(
                "{\"id\":2,\"type\":\"subscribe_events\",\"event_type\":\"state_changed\"}"));
  }

  @Test
  void isSubscribedWhenHaConfirmsTheSubscription() {
    subscribe();

    StepVerifier.create(session.subscribed()).expectComplete().verify(Duration.ofSeconds(1));
  }

  @Test
  void handsEventsAndRejectionsToTheListener() {
    subscribe();

    session.onFrame(
        HaFrames.array(
            HaFrames.stateChanged("sensor.a", "1", FIRED),
            HaFrames.stateChanged("sensor.b", "2", FIRED)));
    session.onFrame("{oops");

    assertThat(events)
        .extracting(StateChangedEvent::entityId)
        .containsExactly("sensor.a", "sensor.b");
    assertThat(rejections)
        .singleElement()
        .satisfies(r -> assertThat(r.reason()).isEqualTo(RejectionReason.INVALID_JSON));
  }

  @Test
  void failsAsAuthenticationFailureOnAuthInvalid() {
    session.onFrame(HaFrames.message("auth_required").toString());
    String invalid =
        HaFrames.message("auth_invalid").put("message", "Invalid access token").toString();

    assertThatThrownBy(() -> session.onFrame(invalid))
        .isInstanceOf(AuthenticationFailedException.class)
        .hasMessageContaining("Invalid access token")
        .hasMessageNotContaining("token-1");
  }

  @Test
  void failsWhenTheSubscriptionIsRefused() {
    session.onFrame(HaFrames.message("auth_required").toString());
    session.onFrame(HaFrames.message("auth_ok").toString());
    session.onFrame(HaFrames.result(1, true).toString());

    assertThatThrownBy(() -> session.onFrame(HaFrames.result(2, false).toString()))
        .isInstanceOf(HaProtocolException.class)
        .hasMessageContaining("unauthorized");
  }

  @Test
  void keepsGoingWhileHaAnswersPings() {
    subscribe();

    StepVerifier.withVirtualTime(
            () -> session.heartbeat(Duration.ofSeconds(30), Duration.ofSeconds(10)))
        .thenAwait(Duration.ofSeconds(30))
        .then(() -> session.onFrame(HaFrames.pong(lastId()).toString()))
        .thenAwait(Duration.ofSeconds(30))
        .then(() -> session.onFrame(HaFrames.pong(lastId()).toString()))
        .thenAwait(Duration.ofSeconds(25))
        .expectNoEvent(Duration.ZERO)
        .thenCancel()
        .verify(Duration.ofSeconds(5));
    assertThat(sent.stream().filter(frame -> type(frame).equals("ping"))).hasSize(2);
  }

  @Test
  void declaresTheConnectionDeadWhenAPongDoesNotCome() {
    subscribe();

    StepVerifier.withVirtualTime(
            () -> session.heartbeat(Duration.ofSeconds(30), Duration.ofSeconds(10)))
        .thenAwait(Duration.ofSeconds(30))
        .then(() -> session.onFrame(HaFrames.pong(lastId()).toString()))
        .thenAwait(Duration.ofSeconds(40))
        .expectError(HeartbeatTimeoutException.class)
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void handsALargeAnswerToItsCallerUnparsedAndKeepsReadingEvents() {
    subscribe();
    CommandResult[] answer = new CommandResult[1];
    session.call("get_states", command -> {}, Duration.ofSeconds(5)).subscribe(r -> answer[0] = r);
    int id = lastId();
    String big = "x".repeat(HaSession.LARGE_FRAME);
    String frame =
        "{\"type\":\"result\",\"success\":true,\"result\":[{\"entity_id\":\"sensor.a\",\"big\":\""
            + big
            + "\"}],\"id\":"
            + id
            + "}";

    assertThat(session.onFrame(frame)).isEqualTo(1);
    session.onFrame(HaFrames.stateChanged("sensor.b", "2", FIRED).toString());

    assertThat(answer[0].id()).isEqualTo(id);
    assertThat(answer[0].result().get(0).get("entity_id").stringValue()).isEqualTo("sensor.a");
    assertThat(events).extracting(StateChangedEvent::entityId).containsExactly("sensor.b");
  }

  @Test
  void failsAPendingCallWhenTheConnectionCloses() {
    subscribe();
    reactor.core.publisher.Mono<CommandResult> call =
        session.call("get_config", command -> {}, Duration.ofSeconds(5));
    java.util.concurrent.CompletableFuture<CommandResult> pending = call.toFuture();

    session.close();

    assertThat(pending).failsWithin(Duration.ofSeconds(1));
  }

  private void subscribe() {
    session.onFrame(HaFrames.message("auth_required").toString());
    session.onFrame(HaFrames.message("auth_ok").toString());
    session.onFrame(HaFrames.array(HaFrames.result(1, true), HaFrames.result(2, true)));
  }

  private int lastId() {
    return json(sent.get(sent.size() - 1)).get("id").intValue();
  }

  private static JsonNode json(String frame) {
    return MAPPER.readTree(frame);
  }

  private static String type(String frame) {
    return json(frame).get("type").stringValue();
  }
}

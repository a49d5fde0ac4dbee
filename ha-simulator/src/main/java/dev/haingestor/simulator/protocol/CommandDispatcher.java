package dev.haingestor.simulator.protocol;

import dev.haingestor.simulator.history.RecorderHistory;
import dev.haingestor.simulator.protocol.CommandSchema.Kind;
import dev.haingestor.simulator.states.StateJson;
import dev.haingestor.simulator.states.StateMachine;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The command phase: id and format checks, then the command handlers. Mirrors
 * websocket_api/connection.py {@code ActiveConnection.async_handle}, including its quirks: an
 * unknown command or a badly formatted message does not use up its id, a handler error does.
 */
final class CommandDispatcher {

  private static final Logger log = LoggerFactory.getLogger(CommandDispatcher.class);

  /** websocket_api/const.py FEATURE_COALESCE_MESSAGES. */
  private static final String COALESCE_MESSAGES = "coalesce_messages";

  @FunctionalInterface
  private interface Handler {
    void handle(ClientSession session, long id, JsonNode message);
  }

  private record Command(CommandSchema schema, Handler handler) {}

  private final Map<String, Command> commands = new HashMap<>();
  private final Messages messages;
  private final StateMachine states;
  private final StateJson stateJson;
  private final RecorderHistory history;
  private final CoreConfig config;
  private final JsonMapper mapper;
  private final Executor recorder;

  /** Changeable while running: a recorder becomes busy and recovers without a restart of HA. */
  private volatile Duration historyDelay;

  CommandDispatcher(
      Messages messages,
      StateMachine states,
      StateJson stateJson,
      RecorderHistory history,
      CoreConfig config,
      JsonMapper mapper,
      Duration historyDelay,
      Executor recorder) {
    this.messages = messages;
    this.states = states;
    this.stateJson = stateJson;
    this.history = history;
    this.config = config;
    this.mapper = mapper;
    this.historyDelay = historyDelay;
    this.recorder = recorder;
    register(
        "supported_features",
        CommandSchema.of().required("features", Kind.FEATURES),
        this::supportedFeatures);
    register(
        "subscribe_events",
        CommandSchema.of().optional("event_type", Kind.STRING),
        this::subscribeEvents);
    register(
        "unsubscribe_events",
        CommandSchema.of().required("subscription", Kind.POSITIVE_INT),
        this::unsubscribeEvents);
    register("ping", CommandSchema.of(), (session, id, message) -> session.send(messages.pong(id)));
    register("get_states", CommandSchema.of(), this::getStates);
    register("get_config", CommandSchema.of(), this::getConfig);
    register(
        "history/history_during_period",
        CommandSchema.of()
            .required("start_time", Kind.STRING)
            .optional("end_time", Kind.STRING)
            .required("entity_ids", Kind.STRING_LIST)
            .optional("include_start_time_state", Kind.BOOLEAN)
            .optional("significant_changes_only", Kind.BOOLEAN)
            .optional("minimal_response", Kind.BOOLEAN)
            .optional("no_attributes", Kind.BOOLEAN),
        this::historyDuringPeriod);
  }

  private void register(String type, CommandSchema schema, Handler handler) {
    commands.put(type, new Command(schema, handler));
  }

  void dispatch(ClientSession session, JsonNode message) {
    if (!message.isObject() || !validId(message.get("id")) || !validType(message.get("type"))) {
      JsonNode id = message.isObject() ? message.get("id") : mapper.getNodeFactory().numberNode(0);
      session.send(messages.error(id, "invalid_format", "Message incorrectly formatted."));
      return;
    }
    long id = message.get("id").longValue();
    if (id <= session.lastId()) {
      session.send(messages.error(id, "id_reuse", "Identifier values have to increase."));
      return;
    }
    Command command = commands.get(message.get("type").stringValue());
    if (command == null) {
      session.send(messages.error(id, "unknown_command", "Unknown command."));
      return;
    }
    try {
      Optional<String> invalid = command.schema().validate(message);
      if (invalid.isPresent()) {
        session.send(messages.error(id, "invalid_format", invalid.get()));
      } else {
        command.handler().handle(session, id, message);
      }
    } catch (RuntimeException e) {
      log.error("Error handling {} message {}", message.get("type").stringValue(), id, e);
      session.send(messages.error(id, "unknown_error", "Unknown error"));
    }
    session.lastId(id);
  }

  /** connection.py: the id must be a truthy int (0, floats and booleans are not). */
  private static boolean validId(JsonNode id) {
    return id != null && id.isIntegralNumber() && id.canConvertToLong() && id.longValue() != 0;
  }

  private static boolean validType(JsonNode type) {
    return type != null && type.isString() && !type.stringValue().isEmpty();
  }

  private void supportedFeatures(ClientSession session, long id, JsonNode message) {
    // The feature's presence switches it on, whatever its value (connection.py).
    session.coalesce(message.get("features").has(COALESCE_MESSAGES));
    session.send(messages.result(id, "null"));
  }

  private void subscribeEvents(ClientSession session, long id, JsonNode message) {
    JsonNode eventType = message.get("event_type");
    String type = eventType == null ? ClientSession.MATCH_ALL : eventType.stringValue();
    // Under the state machine's lock: no event can slip in between subscribing and the result.
    states.exclusive(
        () -> {
          session.addSubscription(id, type);
          session.send(messages.result(id, "null"));
          return null;
        });
  }

  private void unsubscribeEvents(ClientSession session, long id, JsonNode message) {
    long subscription = CommandSchema.positiveIntValue(message.get("subscription"));
    if (session.removeSubscription(subscription)) {
      session.send(messages.result(id, "null"));
    } else {
      session.send(messages.error(id, "not_found", "Subscription not found."));
    }
  }

  private void getStates(ClientSession session, long id, JsonNode message) {
    session.send(messages.result(id, stateJson.states(states.current())));
  }

  private void getConfig(ClientSession session, long id, JsonNode message) {
    session.send(messages.result(id, config.toJson(mapper)));
  }

  private void historyDuringPeriod(ClientSession session, long id, JsonNode message) {
    RecorderHistory.Outcome outcome = history.validate(message);
    if (outcome instanceof RecorderHistory.Outcome.Failure failure) {
      session.send(messages.error(id, failure.code(), failure.message()));
    } else if (outcome instanceof RecorderHistory.Outcome.Answer answer) {
      session.send(messages.result(id, answer.resultJson()));
    } else if (outcome instanceof RecorderHistory.Outcome.Query query) {
      Runnable answer =
          () -> {
            try {
              session.send(messages.result(id, history.run(query.request())));
            } catch (RuntimeException e) {
              // history's async handler: any other exception becomes unknown_error.
              log.debug("History query {} failed: {}", id, e.toString());
              session.send(messages.error(id, "unknown_error", "Unknown error"));
            }
          };
      // HA runs the query in the recorder's executor, not on the loop that writes the socket.
      Runnable recorded = () -> onRecorder(answer);
      Duration delay = historyDelay;
      if (delay.isZero()) {
        recorded.run();
      } else {
        session.later(recorded, delay);
      }
    }
  }

  private void onRecorder(Runnable answer) {
    try {
      recorder.execute(answer);
    } catch (RejectedExecutionException closing) {
      log.debug("History query dropped: the server is closing");
    }
  }

  /** From now on, history answers wait this long (queries already waiting keep their delay). */
  void historyDelay(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("historyDelay must not be negative");
    }
    this.historyDelay = delay;
  }
}

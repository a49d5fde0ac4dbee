package dev.haingestor.simulator.history;

import dev.haingestor.common.event.EntityIds;
import dev.haingestor.common.event.HaState;
import dev.haingestor.simulator.states.EntityState;
import dev.haingestor.simulator.states.StateChange;
import dev.haingestor.simulator.states.StateMachine;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.util.RawValue;

/**
 * {@code history/history_during_period} answered from the state machine's bounded record, as
 * homeassistant/components/history/websocket_api.py and recorder/history/modern.py do: rows with
 * {@code start < last_updated < end}, the compressed row format, significant-changes filtering and
 * the synthetic start-time row.
 */
public final class RecorderHistory {

  /** Outcome of validating a command: an immediate answer or a query to run. */
  public sealed interface Outcome {
    record Failure(String code, String message) implements Outcome {}

    record Answer(String resultJson) implements Outcome {}

    record Query(HistoryRequest request) implements Outcome {}
  }

  // recorder/history/const.py
  private static final Set<String> SIGNIFICANT_DOMAINS =
      Set.of("climate", "device_tracker", "humidifier", "thermostat", "water_heater");
  private static final Set<String> NEED_ATTRIBUTE_DOMAINS =
      Set.of("climate", "humidifier", "input_datetime", "thermostat", "water_heater");

  private final StateMachine states;
  private final JsonMapper mapper;
  private final ZoneId timeZone;

  public RecorderHistory(StateMachine states, JsonMapper mapper, ZoneId timeZone) {
    this.states = states;
    this.mapper = mapper;
    this.timeZone = timeZone;
  }

  /**
   * Validates a command whose field types the command schema has already checked, in the order HA
   * does.
   */
  public Outcome validate(JsonNode command) {
    Optional<Instant> start =
        PythonDateTimes.parse(command.get("start_time").stringValue(), timeZone);
    if (start.isEmpty()) {
      return new Outcome.Failure("invalid_start_time", "Invalid start_time");
    }
    Instant end = null;
    JsonNode endNode = command.get("end_time");
    if (endNode != null && !endNode.stringValue().isEmpty()) {
      Optional<Instant> parsedEnd = PythonDateTimes.parse(endNode.stringValue(), timeZone);
      if (parsedEnd.isEmpty()) {
        return new Outcome.Failure("invalid_end_time", "Invalid end_time");
      }
      end = parsedEnd.get();
    }
    if (start.get().isAfter(states.wallTime())) {
      return new Outcome.Answer("{}");
    }
    List<String> entityIds = new ArrayList<>();
    command.get("entity_ids").forEach(id -> entityIds.add(id.stringValue()));
    for (String entityId : entityIds) {
      if (states.current(entityId).isEmpty() && !EntityIds.isValid(entityId)) {
        return new Outcome.Failure("invalid_entity_ids", "Invalid entity_ids");
      }
    }
    HistoryRequest request =
        new HistoryRequest(
            start.get(),
            end,
            entityIds,
            flag(command, "include_start_time_state", true),
            flag(command, "significant_changes_only", true),
            flag(command, "minimal_response", false),
            flag(command, "no_attributes", false));
    if ((end != null && !hasStatesBefore(end))
        || (!request.includeStartTimeState()
            && !entityIds.isEmpty()
            && !mayHaveChangesAfter(entityIds, request.startTime(), request.noAttributes()))) {
      return new Outcome.Answer("{}");
    }
    return new Outcome.Query(request);
  }

  /**
   * The recorder query itself.
   *
   * @throws IllegalArgumentException without entity ids, as recorder's get_significant_states
   *     raises ValueError (HA answers {@code unknown_error})
   */
  public String run(HistoryRequest request) {
    if (request.entityIds().isEmpty()) {
      throw new IllegalArgumentException("entity_ids must be provided");
    }
    Set<String> wanted = new LinkedHashSet<>(request.entityIds());
    Map<String, EntityState> startStates = new HashMap<>();
    Map<String, List<EntityState>> rows = new HashMap<>();
    for (StateChange change : states.recorded()) {
      if (!wanted.contains(change.entityId())) {
        continue;
      }
      EntityState state = change.newState();
      Instant lastUpdated = state.state().lastUpdated();
      if (lastUpdated.isBefore(request.startTime())) {
        startStates.put(change.entityId(), state);
      } else if (lastUpdated.isAfter(request.startTime())
          && (request.endTime() == null || lastUpdated.isBefore(request.endTime()))
          && (!request.significantChangesOnly() || isSignificant(state.state()))) {
        rows.computeIfAbsent(change.entityId(), id -> new ArrayList<>()).add(state);
      }
    }
    ObjectNode result = mapper.createObjectNode();
    for (String entityId : wanted) {
      List<ObjectNode> entityRows = new ArrayList<>();
      EntityState startState = startStates.get(entityId);
      if (request.includeStartTimeState() && startState != null) {
        entityRows.add(startRow(startState.state(), request));
      }
      for (EntityState state : rows.getOrDefault(entityId, List.of())) {
        entityRows.add(row(state.state(), request));
      }
      if (request.minimalResponse()
          && !NEED_ATTRIBUTE_DOMAINS.contains(EntityIds.domain(entityId))) {
        entityRows = minimal(entityRows);
      }
      if (!entityRows.isEmpty()) {
        ArrayNode array = result.putArray(entityId);
        entityRows.forEach(array::add);
      }
    }
    return mapper.writeValueAsString(result);
  }

  private static boolean isSignificant(HaState state) {
    return SIGNIFICANT_DOMAINS.contains(state.domain())
        || state.lastChanged().equals(state.lastUpdated());
  }

  /** The state at the window's start, stamped with the start time: not a real change. */
  private ObjectNode startRow(HaState state, HistoryRequest request) {
    ObjectNode row = mapper.createObjectNode();
    row.put("s", state.state());
    if (!request.noAttributes()) {
      row.set("a", attributes(state));
    }
    row.putRawValue("lu", new RawValue(EpochSeconds.format(request.startTime())));
    return row;
  }

  private ObjectNode row(HaState state, HistoryRequest request) {
    ObjectNode row = mapper.createObjectNode();
    row.put("s", state.state());
    if (!request.noAttributes()) {
      row.set("a", attributes(state));
    }
    row.putRawValue("lu", new RawValue(EpochSeconds.format(state.lastUpdated())));
    // last_changed is only selected when significant_changes_only is off.
    if (!request.significantChangesOnly() && !state.lastChanged().equals(state.lastUpdated())) {
      row.putRawValue("lc", new RawValue(EpochSeconds.format(state.lastChanged())));
    }
    return row;
  }

  /** minimal_response: the first row in full, then only state changes as {@code {s, lu}}. */
  private List<ObjectNode> minimal(List<ObjectNode> full) {
    List<ObjectNode> minimal = new ArrayList<>();
    String previous = null;
    for (ObjectNode row : full) {
      String state = row.get("s").stringValue();
      if (minimal.isEmpty()) {
        minimal.add(row);
      } else if (!state.equals(previous)) {
        ObjectNode change = mapper.createObjectNode();
        change.put("s", state);
        change.set("lu", row.get("lu"));
        minimal.add(change);
      }
      previous = state;
    }
    return minimal;
  }

  private JsonNode attributes(HaState state) {
    Map<String, Object> recorded =
        UnrecordedAttributes.recorded(state.domain(), new LinkedHashMap<>(state.attributes()));
    return mapper.valueToTree(recorded);
  }

  private boolean hasStatesBefore(Instant end) {
    List<StateChange> recorded = states.recorded();
    return !recorded.isEmpty() && recorded.get(0).timeFired().isBefore(end);
  }

  /** history/helpers.py entities_may_have_state_changes_after. */
  private boolean mayHaveChangesAfter(List<String> entityIds, Instant start, boolean noAttributes) {
    for (String entityId : entityIds) {
      Optional<EntityState> current = states.current(entityId);
      if (current.isEmpty()) {
        return true;
      }
      HaState state = current.get().state();
      Instant changed = noAttributes ? state.lastChanged() : state.lastUpdated();
      if (changed.isAfter(start)) {
        return true;
      }
    }
    return false;
  }

  private static boolean flag(JsonNode command, String name, boolean fallback) {
    JsonNode value = command.get(name);
    return value == null ? fallback : value.booleanValue();
  }
}

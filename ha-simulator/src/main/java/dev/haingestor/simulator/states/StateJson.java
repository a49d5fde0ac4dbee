package dev.haingestor.simulator.states;

import dev.haingestor.common.event.HaState;
import dev.haingestor.common.event.HaTimestamps;
import java.time.Instant;
import java.util.Collection;
import java.util.function.Consumer;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JacksonSerializable;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.TypeSerializer;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Serializes states and events exactly as HA does ({@code State.as_dict}, {@code Event.as_dict}),
 * with the same key order, although clients must not rely on it.
 */
public final class StateJson {

  private final JsonMapper mapper;

  public StateJson(JsonMapper mapper) {
    this.mapper = mapper;
  }

  public ObjectNode state(EntityState entityState) {
    HaState state = entityState.state();
    ObjectNode node = mapper.createObjectNode();
    node.put("entity_id", state.entityId());
    node.put("state", state.state());
    node.set("attributes", mapper.valueToTree(state.attributes()));
    node.put("last_changed", HaTimestamps.format(state.lastChanged()));
    // last_reported (HA 2024.3+) moves on identical re-reports too; nothing re-reports here.
    node.put("last_reported", HaTimestamps.format(state.lastUpdated()));
    node.put("last_updated", HaTimestamps.format(state.lastUpdated()));
    node.set("context", context(entityState.contextId()));
    return node;
  }

  /** The JSON array {@code get_states} answers with. */
  public String states(Collection<EntityState> states) {
    ArrayNode array = mapper.createArrayNode();
    states.forEach(state -> array.add(state(state)));
    return mapper.writeValueAsString(array);
  }

  /**
   * The {@code event} object of a {@code state_changed} event, written in one pass from its states'
   * text: the same text as serialising {@link #stateChangedEventTree}. The simulator produces every
   * event of a benchmark here, and an event's old state is the previous event's new state, so each
   * state is written once.
   *
   * @param oldStateText {@link #stateText} of the old state, or {@code null} for none
   */
  public String stateChangedEvent(
      String entityId,
      String oldStateText,
      String newStateText,
      String contextId,
      Instant timeFired) {
    return write(
        generator -> {
          generator.writeStartObject();
          generator.writeStringProperty("event_type", "state_changed");
          generator.writeName("data");
          generator.writeStartObject();
          generator.writeStringProperty("entity_id", entityId);
          generator.writeName("old_state");
          if (oldStateText == null) {
            generator.writeNull();
          } else {
            generator.writeRawValue(oldStateText);
          }
          generator.writeName("new_state");
          generator.writeRawValue(newStateText);
          generator.writeEndObject();
          generator.writeStringProperty("origin", "LOCAL");
          generator.writeStringProperty("time_fired", HaTimestamps.format(timeFired));
          writeContext(generator, contextId);
          generator.writeEndObject();
        });
  }

  /** One state object as text, written in one pass: the same text as serialising {@link #state}. */
  public String stateText(EntityState state) {
    return write(generator -> writeState(generator, state));
  }

  /** Through the mapper, which recycles its text buffers; a generator of its own would not. */
  private String write(Consumer<JsonGenerator> body) {
    return mapper.writeValueAsString(new Written(body));
  }

  /** Text written by hand in one pass, as a value the mapper serialises. */
  private static final class Written extends JacksonSerializable.Base {

    private final Consumer<JsonGenerator> body;

    Written(Consumer<JsonGenerator> body) {
      this.body = body;
    }

    @Override
    public void serialize(JsonGenerator generator, SerializationContext context) {
      body.accept(generator);
    }

    @Override
    public void serializeWithType(
        JsonGenerator generator, SerializationContext context, TypeSerializer typeSerializer) {
      serialize(generator, context);
    }
  }

  /** The event as a tree: what {@link #stateChangedEvent} writes, built the slow, obvious way. */
  public ObjectNode stateChangedEventTree(
      String entityId, EntityState oldState, EntityState newState, Instant timeFired) {
    ObjectNode data = mapper.createObjectNode();
    data.put("entity_id", entityId);
    data.set("old_state", oldState == null ? mapper.nullNode() : state(oldState));
    data.set("new_state", state(newState));
    ObjectNode event = mapper.createObjectNode();
    event.put("event_type", "state_changed");
    event.set("data", data);
    event.put("origin", "LOCAL");
    event.put("time_fired", HaTimestamps.format(timeFired));
    event.set("context", context(newState.contextId()));
    return event;
  }

  private static void writeState(JsonGenerator generator, EntityState entityState) {
    HaState state = entityState.state();
    generator.writeStartObject();
    generator.writeStringProperty("entity_id", state.entityId());
    generator.writeStringProperty("state", state.state());
    generator.writePOJOProperty("attributes", state.attributes());
    String lastUpdated = HaTimestamps.format(state.lastUpdated());
    generator.writeStringProperty(
        "last_changed",
        state.lastChanged().equals(state.lastUpdated())
            ? lastUpdated
            : HaTimestamps.format(state.lastChanged()));
    generator.writeStringProperty("last_reported", lastUpdated);
    generator.writeStringProperty("last_updated", lastUpdated);
    writeContext(generator, entityState.contextId());
    generator.writeEndObject();
  }

  private static void writeContext(JsonGenerator generator, String id) {
    generator.writeName("context");
    generator.writeStartObject();
    generator.writeStringProperty("id", id);
    generator.writeNullProperty("parent_id");
    generator.writeNullProperty("user_id");
    generator.writeEndObject();
  }

  private ObjectNode context(String id) {
    ObjectNode context = mapper.createObjectNode();
    context.put("id", id);
    context.putNull("parent_id");
    context.putNull("user_id");
    return context;
  }
}

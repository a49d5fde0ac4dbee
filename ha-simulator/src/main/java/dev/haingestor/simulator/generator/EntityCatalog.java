package dev.haingestor.simulator.generator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The entities of the simulated home, derived from the seed: {@code weather.home}, then the room
 * kinds in turn (sensors, binary sensors, lights, thermostats, plugs, people), each spread over the
 * rooms in a seeded order.
 */
public final class EntityCatalog {

  /** Enough for one entity of every kind. */
  public static final int MIN_ENTITIES = EntityKind.values().length;

  public static final int MAX_ENTITIES = 10_000;

  private static final List<String> ROOMS =
      List.of(
          "living_room",
          "kitchen",
          "bedroom",
          "bathroom",
          "office",
          "hallway",
          "garage",
          "garden",
          "kids_room",
          "basement",
          "attic",
          "laundry");

  private static final List<String> PEOPLE =
      List.of("alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi");

  private final List<SimulatedEntity> entities;

  private EntityCatalog(List<SimulatedEntity> entities) {
    this.entities = List.copyOf(entities);
  }

  public static EntityCatalog create(long seed, int count) {
    if (count < MIN_ENTITIES || count > MAX_ENTITIES) {
      throw new IllegalArgumentException(
          "entity count must be within " + MIN_ENTITIES + ".." + MAX_ENTITIES + ": " + count);
    }
    Random random = new Random(seed);
    List<String> rooms = new ArrayList<>(ROOMS);
    Collections.shuffle(rooms, random);
    List<EntityKind> kinds = EntityKind.roomKinds();
    List<SimulatedEntity> entities = new ArrayList<>(count);
    entities.add(new SimulatedEntity("weather.home", "Forecast Home", EntityKind.WEATHER));
    for (int i = 0; i < count - 1; i++) {
      EntityKind kind = kinds.get(i % kinds.size());
      int instance = i / kinds.size();
      entities.add(
          kind == EntityKind.PERSON ? person(instance) : roomEntity(kind, instance, rooms));
    }
    return new EntityCatalog(entities);
  }

  private static SimulatedEntity roomEntity(EntityKind kind, int instance, List<String> rooms) {
    String room = rooms.get((instance + kind.ordinal()) % rooms.size());
    int round = instance / rooms.size();
    String objectId = room + "_" + kind.objectSuffix() + (round == 0 ? "" : "_" + (round + 1));
    String name = title(room) + " " + kind.nameSuffix() + (round == 0 ? "" : " " + (round + 1));
    return new SimulatedEntity(kind.domain() + "." + objectId, name, kind);
  }

  private static SimulatedEntity person(int instance) {
    String name = instance < PEOPLE.size() ? PEOPLE.get(instance) : "guest_" + (instance + 1);
    return new SimulatedEntity("person." + name, title(name), EntityKind.PERSON);
  }

  /** {@code living_room} → {@code Living Room}, as HA derives names from object ids. */
  public static String title(String objectId) {
    StringBuilder title = new StringBuilder();
    for (String word : objectId.split("_")) {
      if (word.isEmpty()) {
        continue;
      }
      if (!title.isEmpty()) {
        title.append(' ');
      }
      title.append(word.substring(0, 1).toUpperCase(Locale.ROOT)).append(word.substring(1));
    }
    return title.toString();
  }

  public List<SimulatedEntity> entities() {
    return entities;
  }
}

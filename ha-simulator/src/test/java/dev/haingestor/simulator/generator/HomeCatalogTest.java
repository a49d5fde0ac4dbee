package dev.haingestor.simulator.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.haingestor.common.event.HaTimestamps;
import dev.haingestor.simulator.states.EntityState;
import dev.haingestor.simulator.states.MonotonicClock;
import dev.haingestor.simulator.states.StateChange;
import dev.haingestor.simulator.states.StateJson;
import dev.haingestor.simulator.states.StateMachine;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The simulated home looks like a real HA install: the domains, classes and attributes. */
@SuppressWarnings("unchecked")
class HomeCatalogTest {

  private static List<StateChange> changes;
  private static List<EntityState> states;

  @BeforeAll
  static void generate() {
    EntityCatalog catalog = EntityCatalog.create(42, 60);
    StateGenerator generator = new StateGenerator(catalog, 42);
    StateMachine machine =
        new StateMachine(
            new MonotonicClock(Clock.systemUTC()),
            42,
            10_000,
            new StateJson(JsonMapper.builder().build()));
    machine.preload(generator.initialStates());
    changes = machine.generate(4_000, generator).changes();
    states = machine.current();
  }

  private static List<EntityState> statesOf(Predicate<EntityState> matching) {
    return states.stream().filter(matching).toList();
  }

  private static boolean isNumeric(String state) {
    try {
      Double.parseDouble(state);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  @Test
  void hasAtLeastFiftyDistinctEntitiesOverEveryDomain() {
    Set<String> ids = states.stream().map(EntityState::entityId).collect(Collectors.toSet());
    Set<String> domains = states.stream().map(s -> s.state().domain()).collect(Collectors.toSet());

    assertThat(ids).hasSize(60).contains("weather.home");
    assertThat(domains)
        .containsExactlyInAnyOrder(
            "sensor", "binary_sensor", "light", "climate", "person", "weather", "switch");
    assertThat(changes.stream().map(StateChange::entityId).distinct().count())
        .isGreaterThanOrEqualTo(50);
  }

  @Test
  void givesEveryStateAFriendlyName() {
    assertThat(changes)
        .allSatisfy(
            change ->
                assertThat(change.newState().state().attributes().get("friendly_name"))
                    .isInstanceOf(String.class));
  }

  @Test
  void describesNumericSensorsWithUnitDeviceClassAndStateClass() {
    Map<String, String> units =
        Map.of(
            "temperature", "°C",
            "humidity", "%",
            "power", "W",
            "energy", "kWh",
            "illuminance", "lx",
            "battery", "%");
    for (Map.Entry<String, String> unit : units.entrySet()) {
      List<EntityState> sensors =
          statesOf(s -> unit.getKey().equals(s.state().attributes().get("device_class")));
      assertThat(sensors).as(unit.getKey()).isNotEmpty();
      assertThat(sensors)
          .allSatisfy(
              s -> {
                assertThat(s.state().attributes())
                    .containsEntry("unit_of_measurement", unit.getValue())
                    .containsKey("state_class");
              });
    }
    assertThat(changes)
        .filteredOn(c -> "energy".equals(c.newState().state().attributes().get("device_class")))
        .filteredOn(
            c -> isNumeric(c.newState().state().state()) && isNumeric(c.oldState().state().state()))
        .allSatisfy(
            c ->
                assertThat(Double.parseDouble(c.newState().state().state()))
                    .as("total_increasing")
                    .isGreaterThan(Double.parseDouble(c.oldState().state().state())));
  }

  @Test
  void includesNonNumericSensorsByDefinition() {
    EntityState timestamp =
        statesOf(s -> "timestamp".equals(s.state().attributes().get("device_class"))).get(0);
    EntityState enumSensor =
        statesOf(s -> "enum".equals(s.state().attributes().get("device_class"))).get(0);

    HaTimestamps.parse(timestamp.state().state());
    assertThat((List<Object>) enumSensor.state().attributes().get("options"))
        .contains(enumSensor.state().state());
    assertThat(enumSensor.state().attributes().get("pollutants")).isInstanceOf(Map.class);
  }

  @Test
  void writesExponentNotationForTinyValuesAsPythonDoes() {
    assertThat(changes)
        .anySatisfy(c -> assertThat(c.newState().state().state()).matches("\\d(\\.\\d+)?e-0\\d"));
  }

  @Test
  void modelsBinarySensorsLightsClimatePeopleAndWeather() {
    assertThat(statesOf(s -> s.state().domain().equals("binary_sensor")))
        .extracting(s -> s.state().attributes().get("device_class"))
        .contains("motion", "door");
    assertThat(changes)
        .filteredOn(
            c -> c.entityId().startsWith("light.") && c.newState().state().state().equals("on"))
        .allSatisfy(
            c -> {
              assertThat((List<?>) c.newState().state().attributes().get("rgb_color")).hasSize(3);
              assertThat(c.newState().state().attributes().get("brightness"))
                  .isInstanceOf(Integer.class);
            });
    EntityState climate = statesOf(s -> s.state().domain().equals("climate")).get(0);
    assertThat((List<Object>) climate.state().attributes().get("hvac_modes"))
        .contains("heat", "off");
    assertThat(climate.state().attributes()).containsKeys("current_temperature", "temperature");
    assertThat(statesOf(s -> s.state().domain().equals("person")))
        .allSatisfy(s -> assertThat(s.state().state()).isIn("home", "not_home"));
    EntityState weather = statesOf(s -> s.entityId().equals("weather.home")).get(0);
    assertThat(weather.state().attributes())
        .containsKeys("temperature", "humidity", "pressure", "wind_speed");
    assertThat(weather.state().state()).matches("[a-z-]+");
  }

  @Test
  void makesAttributeOnlyChanges() {
    assertThat(changes)
        .anySatisfy(
            c -> assertThat(c.newState().state().state()).isEqualTo(c.oldState().state().state()));
  }

  @Test
  void refusesEntityCountsOutsideTheSupportedRange() {
    assertThatThrownBy(() -> EntityCatalog.create(1, 3))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

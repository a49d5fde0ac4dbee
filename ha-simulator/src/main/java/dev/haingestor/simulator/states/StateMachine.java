package dev.haingestor.simulator.states;

import dev.haingestor.common.event.HaState;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * HA's state machine ({@code hass.states}) plus the recorder's memory of it: current states, the
 * {@code state_changed} events their changes fire, and a bounded record of every fired event
 * (oldest dropped first), from which {@code emitted()} and the history command answer.
 *
 * <p>Every change happens under one lock, and listeners are told inside it, so each connection sees
 * events in firing order and a subscription's result is never overtaken by its first event.
 */
public final class StateMachine {

  /** Receives fired events; returns when they have been handed to every subscribed socket. */
  @FunctionalInterface
  public interface Listener {
    CompletableFuture<Void> onChanges(List<StateChange> changes);
  }

  /** Events fired by one call, and when they were handed to the subscribed sockets. */
  public record Emission(List<StateChange> changes, CompletableFuture<Void> handedOver) {}

  private final Object lock = new Object();
  private final Map<String, EntityState> states = new LinkedHashMap<>();
  // Each current state's JSON text: the next event of its entity carries it as old_state.
  private final Map<String, StateText> texts = new HashMap<>();
  private final ArrayDeque<StateChange> recorded = new ArrayDeque<>();
  // Fired but not yet handed to the listener (see hold): sent, in order, before any later event.
  private final ArrayDeque<StateChange> held = new ArrayDeque<>();
  private long fired;
  private final int capacity;
  private final MonotonicClock clock;
  private final ContextIds contextIds;
  private final StateJson json;
  private volatile Listener listener = changes -> CompletableFuture.completedFuture(null);

  public StateMachine(MonotonicClock clock, long seed, int capacity, StateJson json) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    this.clock = clock;
    this.contextIds = new ContextIds(seed);
    this.capacity = capacity;
    this.json = json;
  }

  public void listener(Listener listener) {
    this.listener = Objects.requireNonNull(listener);
  }

  /**
   * Sets states without firing events, as if HA had been running before: the initial states of the
   * simulated home.
   */
  public void preload(List<StateUpdate> updates) {
    synchronized (lock) {
      for (StateUpdate update : updates) {
        Instant now = clock.next();
        HaState state =
            new HaState(update.entityId(), update.state(), update.attributes(), now, now);
        states.put(update.entityId(), new EntityState(state, contextIds.next(now)));
      }
    }
  }

  /**
   * Fires one {@code state_changed}.
   *
   * @throws IllegalArgumentException if state and attributes equal the current ones: HA fires
   *     {@code state_reported} then, which a WebSocket client cannot subscribe to
   */
  public Emission set(StateUpdate update) {
    synchronized (lock) {
      StateChange change = apply(update);
      if (change == null) {
        throw new IllegalArgumentException(
            "HA fires no state_changed for an unchanged state of " + update.entityId());
      }
      return publish(List.of(change));
    }
  }

  /** Fires {@code count} generated events (unchanged states produced by the source are skipped). */
  public Emission generate(int count, UpdateSource source) {
    synchronized (lock) {
      List<StateChange> changes = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        StateChange change = apply(source.next(states::get));
        if (change != null) {
          changes.add(change);
        }
      }
      return publish(changes);
    }
  }

  /**
   * Fires {@code count} generated events now but hands them to the listener only as they are
   * {@linkplain #release released}, like events waiting in HA's queue: so that a benchmark can keep
   * generating them out of its measured window. Any event fired later releases the held ones first,
   * so connections still see every event in firing order; a restart drops them (they stay recorded,
   * as events in a stopped HA's send queue are).
   *
   * @return how many events are held now
   */
  public int hold(int count, UpdateSource source) {
    synchronized (lock) {
      for (int i = 0; i < count; i++) {
        StateChange change = apply(source.next(states::get));
        if (change != null) {
          held.addLast(change);
        }
      }
      return held.size();
    }
  }

  /** Hands the {@code count} oldest held events (or all, if fewer are held) to the listener. */
  public Emission release(int count) {
    synchronized (lock) {
      List<StateChange> released = new ArrayList<>(Math.min(count, held.size()));
      while (released.size() < count && !held.isEmpty()) {
        released.add(held.removeFirst());
      }
      return handOver(released, released);
    }
  }

  public int heldCount() {
    synchronized (lock) {
      return held.size();
    }
  }

  /**
   * HA's start: the state machine starts empty, so the first event of every entity has {@code
   * old_state: null}; the burst is planned from the states held before.
   */
  public Emission restart(Function<List<EntityState>, List<StateUpdate>> burst) {
    synchronized (lock) {
      List<EntityState> before = new ArrayList<>(states.values());
      states.clear();
      texts.clear();
      held.clear();
      List<StateChange> changes = new ArrayList<>();
      for (StateUpdate update : burst.apply(before)) {
        StateChange change = apply(update);
        if (change != null) {
          changes.add(change);
        }
      }
      return publish(changes);
    }
  }

  /**
   * HA's start, step one: the new process begins with no states (and fires nothing for that).
   *
   * @return the states held before, from which a start burst is planned
   */
  public List<EntityState> clear() {
    synchronized (lock) {
      List<EntityState> before = new ArrayList<>(states.values());
      states.clear();
      texts.clear();
      held.clear();
      return before;
    }
  }

  /** Fires the updates in order as one batch; an unchanged state fires nothing. */
  public Emission fire(List<StateUpdate> updates) {
    synchronized (lock) {
      List<StateChange> changes = new ArrayList<>(updates.size());
      for (StateUpdate update : updates) {
        StateChange change = apply(update);
        if (change != null) {
          changes.add(change);
        }
      }
      return publish(changes);
    }
  }

  public List<EntityState> current() {
    synchronized (lock) {
      return List.copyOf(states.values());
    }
  }

  public Optional<EntityState> current(String entityId) {
    synchronized (lock) {
      return Optional.ofNullable(states.get(entityId));
    }
  }

  /** Every recorded event, oldest first (at most the capacity; older ones were dropped). */
  public List<StateChange> recorded() {
    synchronized (lock) {
      return List.copyOf(recorded);
    }
  }

  /** How many events were fired since the start, including those no longer recorded. */
  public long firedCount() {
    synchronized (lock) {
      return fired;
    }
  }

  /** Runs an action that must not interleave with firing events (e.g. adding a subscription). */
  public <T> T exclusive(Supplier<T> action) {
    synchronized (lock) {
      return action.get();
    }
  }

  public Instant wallTime() {
    return clock.wallTime();
  }

  private StateChange apply(StateUpdate update) {
    EntityState old = states.get(update.entityId());
    if (old != null
        && old.state().state().equals(update.state())
        && old.state().attributes().equals(update.attributes())) {
      return null;
    }
    Instant now = clock.next();
    // An attribute-only change keeps last_changed (homeassistant/core.py StateMachine.async_set).
    Instant lastChanged =
        old != null && old.state().state().equals(update.state()) ? old.state().lastChanged() : now;
    HaState state =
        new HaState(update.entityId(), update.state(), update.attributes(), lastChanged, now);
    EntityState newState = new EntityState(state, contextIds.next(now));
    states.put(update.entityId(), newState);
    String newText = json.stateText(newState);
    StateText oldText = texts.put(update.entityId(), new StateText(newState, newText));
    String eventJson =
        json.stateChangedEvent(
            update.entityId(),
            old == null ? null : textOf(old, oldText),
            newText,
            newState.contextId(),
            now);
    StateChange change = new StateChange(update.entityId(), old, newState, now, eventJson);
    fired++;
    if (recorded.size() == capacity) {
      recorded.removeFirst();
    }
    recorded.addLast(change);
    return change;
  }

  /** Hands the changes to the listener, after any held events, which were fired before them. */
  private Emission publish(List<StateChange> changes) {
    List<StateChange> fired = List.copyOf(changes);
    if (held.isEmpty() || fired.isEmpty()) {
      return handOver(fired, fired);
    }
    List<StateChange> heldFirst = new ArrayList<>(held.size() + fired.size());
    heldFirst.addAll(held);
    heldFirst.addAll(fired);
    held.clear();
    return handOver(fired, heldFirst);
  }

  private Emission handOver(List<StateChange> fired, List<StateChange> sent) {
    CompletableFuture<Void> handedOver =
        sent.isEmpty() ? CompletableFuture.completedFuture(null) : listener.onChanges(sent);
    return new Emission(fired, handedOver);
  }

  /** The state's JSON text: the one kept for it, unless the state was set without an event. */
  private String textOf(EntityState state, StateText kept) {
    return kept != null && kept.state == state ? kept.text : json.stateText(state);
  }

  /** A state and its JSON text, valid while the state is its entity's current one. */
  private record StateText(EntityState state, String text) {}
}

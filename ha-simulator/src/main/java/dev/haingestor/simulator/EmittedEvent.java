package dev.haingestor.simulator;

import dev.haingestor.common.event.HaState;
import java.time.Instant;

/**
 * A {@code state_changed} event the simulator fired.
 *
 * @param timeFired the event's {@code time_fired}, equal to {@code newState.lastUpdated()}
 * @param oldState {@code null} when the entity was (re)added, e.g. in a restart burst
 * @param json the {@code event} object exactly as sent to subscribers (without the {@code
 *     {"id":N,"type":"event"}} envelope, whose id differs per subscription)
 */
public record EmittedEvent(
    String entityId, Instant timeFired, HaState newState, HaState oldState, String json) {}

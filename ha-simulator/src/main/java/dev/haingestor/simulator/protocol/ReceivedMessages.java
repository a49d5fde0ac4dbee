package dev.haingestor.simulator.protocol;

import java.util.ArrayDeque;
import java.util.List;

/** The newest client → server text messages, bounded, for protocol tests. */
final class ReceivedMessages {

  private final int capacity;
  private final ArrayDeque<String> messages = new ArrayDeque<>();

  ReceivedMessages(int capacity) {
    this.capacity = capacity;
  }

  synchronized void add(String message) {
    if (messages.size() == capacity) {
      messages.removeFirst();
    }
    messages.addLast(message);
  }

  synchronized List<String> snapshot() {
    return List.copyOf(messages);
  }
}

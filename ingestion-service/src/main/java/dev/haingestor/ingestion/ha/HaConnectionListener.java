package dev.haingestor.ingestion.ha;

/**
 * Learns about the life of the connection: what runs once HA is subscribed and running (backfill,
 * snapshot) and stops when the connection goes. Called on the socket's or a timer's thread: return
 * quickly and do the work elsewhere.
 */
public interface HaConnectionListener {

  /**
   * Subscribed, on the reader's thread before the first event of the subscription is handled. HA
   * may still be starting.
   */
  default void onSubscribed() {}

  /**
   * Subscribed, and HA reports {@code get_config.state == RUNNING} (or did not say): the recorder
   * and the state machine can be asked.
   */
  void onRunning(HaCommands commands);

  /** The connection that was announced by {@link #onRunning} (if any) has ended. */
  default void onDisconnected() {}
}

package dev.haingestor.simulator.protocol;

/** What the server learns from its connections: new subscriptions and slow-client cut-offs. */
interface SessionObserver {

  /** A subscription was added (called under the state machine's lock: must not block). */
  void subscribed();

  /** HA's slow-client limits closed the connection. */
  void cutOff();
}

package dev.haingestor.admin.security;

import org.springframework.web.server.ServerWebExchange;

/**
 * Who made a request, as the access filter identified it; an exchange attribute for the handlers
 * (e.g. {@code updated_by} of a configuration change).
 *
 * @param role the role the presented key grants
 * @param name {@code admin-key}, {@code read-key} or {@code anonymous}: names of the keys, never
 *     the keys
 */
public record Caller(Role role, String name) {

  static final String ATTRIBUTE = Caller.class.getName();

  static Caller of(Role role) {
    return new Caller(
        role,
        switch (role) {
          case ADMIN -> "admin-key";
          case READ -> "read-key";
          case ANONYMOUS -> "anonymous";
        });
  }

  /** The caller of the exchange; anonymous when the filter did not run (e.g. in a unit test). */
  public static Caller of(ServerWebExchange exchange) {
    Caller caller = exchange.getAttribute(ATTRIBUTE);
    return caller != null ? caller : of(Role.ANONYMOUS);
  }
}

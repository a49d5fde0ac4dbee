package dev.haingestor.admin.security;

/** What a caller is allowed to do, in increasing power; each level includes the ones before. */
public enum Role {
  /** No key presented. */
  ANONYMOUS,
  /** Presented {@code READ_API_KEY}. */
  READ,
  /** Presented {@code ADMIN_API_KEY}. */
  ADMIN
}

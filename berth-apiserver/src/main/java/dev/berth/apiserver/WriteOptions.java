package dev.berth.apiserver;

import dev.berth.api.ApiException;

/**
 * Query options common to create, update and patch ({@code spec/api-server.md} §3, §7.5, §11).
 *
 * @param fieldManager the manager recorded in {@code managedFields}; never null
 * @param force server-side apply only: take fields owned by other managers
 */
public record WriteOptions(boolean dryRun, String fieldManager, FieldValidation fieldValidation, boolean force) {

  public enum FieldValidation {
    IGNORE, WARN, STRICT;

    public static FieldValidation parse(String v) {
      if (v == null || v.isEmpty()) {
        return WARN;
      }
      return switch (v) {
        case "Ignore" -> IGNORE;
        case "Warn" -> WARN;
        case "Strict" -> STRICT;
        default -> throw ApiException.badRequest("fieldValidation must be one of Ignore, Warn or Strict, got \"" + v + "\"");
      };
    }
  }

  public static WriteOptions defaults(String manager) {
    return new WriteOptions(false, manager, FieldValidation.WARN, false);
  }
}

package dev.berth.api.table;

/** Column definitions shared by several printers, with upstream's descriptions. */
final class Columns {
  private Columns() {}

  static final String NAME_DESCRIPTION =
      "Name must be unique within a namespace. Is required when creating resources, although some"
          + " resources may allow a client to request the generation of an appropriate name"
          + " automatically. Name is primarily intended for creation idempotence and configuration"
          + " definition. Cannot be updated. More info:"
          + " https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";

  static final String CREATION_TIMESTAMP_DESCRIPTION =
      "CreationTimestamp is a timestamp representing the server time when this object was created."
          + " It is not guaranteed to be set in happens-before order across separate operations."
          + " Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\n"
          + "Populated by the system. Read-only. Null for lists. More info:"
          + " https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

  /** The first column of every kind: {@code format: name}, which {@code kubectl -o name} uses. */
  static final Column NAME = new Column("Name", "string", "name", NAME_DESCRIPTION, 0);

  static final Column AGE = Column.string("Age", CREATION_TIMESTAMP_DESCRIPTION);

  static final Column CONTAINERS = Column.wide("Containers", "Names of each container in the template.");

  static final Column IMAGES = Column.wide("Images", "Images referenced by each container in the template.");

  static Column integer(String name, String description) {
    return new Column(name, "integer", "", description, 0);
  }
}

package dev.ferry.scheduler.api;

/** A request body's field is wrong; rendered as a 400 problem+json whose {@code field} names it. */
class InvalidFieldException extends IllegalArgumentException {

  private final String field;

  InvalidFieldException(String field, String message) {
    super(field + ": " + message);
    this.field = field;
  }

  String field() {
    return field;
  }
}

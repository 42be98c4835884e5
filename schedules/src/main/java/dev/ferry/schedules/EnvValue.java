package dev.ferry.schedules;

/**
 * The value of an environment variable a schedule sets: written in the file, or a reference to a
 * secret by name, which the runner resolves. The scheduler never holds a secret's value.
 */
public sealed interface EnvValue {

  /** A value written in the schedules file; it is not secret (the file is in git). */
  record Literal(String value) implements EnvValue {}

  /** A secret named in the file as {@code {secret: NAME}}; only the name is known here. */
  record SecretRef(String name) implements EnvValue {
    @Override
    public String toString() {
      return "{secret: " + name + "}";
    }
  }
}

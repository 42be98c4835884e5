package dev.ferry.runner.workspace;

/** The project could not be checked out; the message says why in one line. */
public class CheckoutException extends Exception {

  public CheckoutException(String message) {
    super(message);
  }
}

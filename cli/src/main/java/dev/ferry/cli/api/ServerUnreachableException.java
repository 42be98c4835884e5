package dev.ferry.cli.api;

import dev.ferry.cli.CliException;

/** A Ferry service did not answer; the message names it and says how to start one locally. */
public class ServerUnreachableException extends CliException {

  private final String server;

  public ServerUnreachableException(String server, String why) {
    super(server + " is unreachable (" + why + "); is Ferry running? Start it locally with: ferry up");
    this.server = server;
  }

  public String server() {
    return server;
  }
}

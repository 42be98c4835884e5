package dev.ferry.cli;

import picocli.CommandLine;

/** The version from the jar's manifest. */
public final class FerryVersion implements CommandLine.IVersionProvider {

  @Override
  public String[] getVersion() {
    String version = Ferry.class.getPackage().getImplementationVersion();
    return new String[] {"ferry " + (version == null ? "(development build)" : version),
        "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
  }
}

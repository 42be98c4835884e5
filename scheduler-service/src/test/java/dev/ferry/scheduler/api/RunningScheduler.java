package dev.ferry.scheduler.api;

import dev.ferry.events.Topics;
import dev.ferry.testing.HttpProbe;
import dev.ferry.testing.SharedInfrastructure;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Base of tests that talk to one scheduler service over HTTP and read its topics: each test class
 * gets a topic prefix of its own on the shared broker.
 */
public abstract class RunningScheduler {

  protected static final String BUCKET = "scheduler-test";

  @LocalServerPort
  protected int port;

  @Autowired
  protected Topics topics;

  @Autowired
  protected ObjectMapper json;

  @DynamicPropertySource
  protected static void infrastructure(DynamicPropertyRegistry registry) {
    SharedInfrastructure.serviceProperties(SharedInfrastructure.uniqueTopicPrefix(), BUCKET).forEach(registry::add);
  }

  protected HttpResponse<String> post(String path, String body) {
    return HttpProbe.post(uri(path), body);
  }

  protected JsonNode getJson(String path) {
    return json.readTree(HttpProbe.get(uri(path)).body());
  }

  protected String prometheus() {
    return new String(HttpProbe.get(uri("/actuator/prometheus")).body(), StandardCharsets.UTF_8);
  }

  protected URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }
}

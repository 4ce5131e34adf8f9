package dev.slipway.provisioning;

import dev.slipway.shared.NotFoundException;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** REST API v1 for environments, for CI pipelines and scripts. */
@RestController
@RequestMapping("/api/v1/environments")
class EnvironmentController {

  private final EnvironmentLifecycle lifecycle;

  EnvironmentController(EnvironmentLifecycle lifecycle) {
    this.lifecycle = lifecycle;
  }

  @PostMapping
  ResponseEntity<Environment> request(@RequestBody EnvironmentRequest request) {
    Environment environment = lifecycle.request(request);
    return ResponseEntity.accepted()
        .location(URI.create("/api/v1/environments/" + environment.id()))
        .body(environment);
  }

  @GetMapping
  List<Environment> list() {
    return lifecycle.list();
  }

  @GetMapping("/{id}")
  Environment get(@PathVariable String id) {
    return lifecycle.find(parse(id)).orElseThrow(() -> notFound(id));
  }

  @DeleteMapping("/{id}")
  ResponseEntity<Environment> delete(@PathVariable String id) {
    return ResponseEntity.accepted().body(lifecycle.delete(parse(id)));
  }

  /** Provision a failed environment again (owner or SRE). */
  @PostMapping("/{id}/retry")
  ResponseEntity<Environment> retry(@PathVariable String id) {
    return ResponseEntity.accepted().body(lifecycle.retry(parse(id)));
  }

  /** The environment's history: every transition and progress step, oldest first. */
  @GetMapping("/{id}/history")
  List<EnvironmentTransition> history(@PathVariable String id) {
    return lifecycle.history(parse(id));
  }

  /**
   * A new expiry: {@code by} a duration added to the current one, {@code ttl} a duration from now,
   * or {@code until} an instant; earlier than the current expiry only with {@code shorten: true}.
   */
  @PostMapping("/{id}/extend")
  Environment extend(@PathVariable String id, @RequestBody Extension extension) {
    UUID environment = parse(id);
    return lifecycle.extend(
        environment,
        ExpiryChange.parse(extension.by(), extension.ttl(), extension.until()),
        Boolean.TRUE.equals(extension.shorten()));
  }

  record Extension(
      @org.jspecify.annotations.Nullable String by,
      @org.jspecify.annotations.Nullable String ttl,
      @org.jspecify.annotations.Nullable String until,
      @org.jspecify.annotations.Nullable Boolean shorten) {}

  /** SREs: let a request that waits for approval go ahead. */
  @PostMapping("/{id}/approve")
  ResponseEntity<Environment> approve(@PathVariable String id) {
    return ResponseEntity.accepted().body(lifecycle.approve(parse(id)));
  }

  /** SREs: turn a waiting request down, with a reason. */
  @PostMapping("/{id}/reject")
  Environment reject(@PathVariable String id, @RequestBody Rejection rejection) {
    return lifecycle.reject(parse(id), rejection.reason());
  }

  record Rejection(@org.jspecify.annotations.Nullable String reason) {}

  private static UUID parse(String id) {
    return NotFoundException.id(id, missing(id));
  }

  private static NotFoundException notFound(String id) {
    return new NotFoundException(missing(id));
  }

  private static String missing(String id) {
    return "No environment with id " + id + ".";
  }
}

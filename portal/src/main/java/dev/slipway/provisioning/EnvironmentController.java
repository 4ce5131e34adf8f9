package dev.slipway.provisioning;

import dev.slipway.shared.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "Environments", description = "Request, watch, extend and remove test environments")
@RequestMapping("/api/v1/environments")
class EnvironmentController {

  private final EnvironmentLifecycle lifecycle;

  EnvironmentController(EnvironmentLifecycle lifecycle) {
    this.lifecycle = lifecycle;
  }

  @Operation(
      summary = "Request an environment",
      description =
          "Roles: developer, SRE. The release gate decides a request that names releaseOf and change.",
      responses = {
        @ApiResponse(
            responseCode = "202",
            description = "Accepted: provisioning runs in the background",
            useReturnTypeSchema = true),
        @ApiResponse(
            responseCode = "409",
            description = "The name is taken, or the template version is retired"),
        @ApiResponse(responseCode = "423", description = "A feature release to a frozen service"),
        @ApiResponse(
            responseCode = "429",
            description = "The requester's or team's limit of live environments is reached")
      })
  @PostMapping
  ResponseEntity<Environment> request(@RequestBody EnvironmentRequest request) {
    Environment environment = lifecycle.request(request);
    return ResponseEntity.accepted()
        .location(URI.create("/api/v1/environments/" + environment.id()))
        .body(environment);
  }

  @Operation(
      summary = "The environments the caller may see, newest first",
      description = "Roles: any signed-in user (developers see their own and their teams')")
  @GetMapping
  List<Environment> list() {
    return lifecycle.list();
  }

  @Operation(
      summary = "An environment: status, namespace, template version and objects",
      description = "Roles: owner, team, SRE, auditor")
  @GetMapping("/{id}")
  Environment get(@PathVariable String id) {
    return lifecycle.find(parse(id)).orElseThrow(() -> notFound(id));
  }

  @Operation(
      summary = "Deprovision: every labelled object and the namespace",
      description = "Roles: owner, team, SRE",
      responses = {
        @ApiResponse(
            responseCode = "202",
            description = "Accepted: deletion runs in the background",
            useReturnTypeSchema = true),
        @ApiResponse(
            responseCode = "409",
            description = "It is already deleted or being deleted, or was rejected")
      })
  @DeleteMapping("/{id}")
  ResponseEntity<Environment> delete(@PathVariable String id) {
    return ResponseEntity.accepted().body(lifecycle.delete(parse(id)));
  }

  /** Provision a failed environment again (owner or SRE). */
  @Operation(
      summary = "Provision a FAILED environment again from its recorded parameters",
      description = "Roles: owner, team, SRE",
      responses = {
        @ApiResponse(responseCode = "202", description = "Accepted", useReturnTypeSchema = true),
        @ApiResponse(
            responseCode = "409",
            description =
                "It has not failed (a REJECTED request is final), its name was taken meanwhile or its version was retired")
      })
  @PostMapping("/{id}/retry")
  ResponseEntity<Environment> retry(@PathVariable String id) {
    return ResponseEntity.accepted().body(lifecycle.retry(parse(id)));
  }

  /** The environment's history: every transition and progress step, oldest first. */
  @Operation(
      summary = "Every transition and progress step, oldest first",
      description = "Roles: owner, team, SRE, auditor")
  @GetMapping("/{id}/history")
  List<EnvironmentTransition> history(@PathVariable String id) {
    return lifecycle.history(parse(id));
  }

  /**
   * A new expiry: {@code by} a duration added to the current one, {@code ttl} a duration from now,
   * or {@code until} an instant; earlier than the current expiry only with {@code shorten: true}.
   */
  @Operation(
      summary = "A new expiry: one of by, ttl or until; earlier only with shorten: true",
      description = "Roles: owner, team, SRE",
      responses = {
        @ApiResponse(
            responseCode = "200",
            description = "The environment with its new expiry",
            useReturnTypeSchema = true),
        @ApiResponse(
            responseCode = "409",
            description = "It is not ready, or its expiry changed meanwhile")
      })
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
  @Operation(
      summary = "Let a request that waits for approval go ahead",
      description = "Roles: SRE, not the requester (four eyes: 403 for one's own request)",
      responses = {
        @ApiResponse(responseCode = "202", description = "Accepted", useReturnTypeSchema = true),
        @ApiResponse(responseCode = "409", description = "It does not wait for approval")
      })
  @PostMapping("/{id}/approve")
  ResponseEntity<Environment> approve(@PathVariable String id) {
    return ResponseEntity.accepted().body(lifecycle.approve(parse(id)));
  }

  /** SREs: turn a waiting request down, with a reason. */
  @Operation(
      summary = "Turn a waiting request down, with a reason (final)",
      description = "Roles: SRE",
      responses = {
        @ApiResponse(
            responseCode = "200",
            description = "The environment, REJECTED",
            useReturnTypeSchema = true),
        @ApiResponse(responseCode = "409", description = "It does not wait for approval")
      })
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

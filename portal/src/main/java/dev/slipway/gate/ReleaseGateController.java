package dev.slipway.gate;

import dev.slipway.shared.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/services/{id}/release-gate}: 200 when a change may ship, 423 with a problem
 * detail naming the SLO, its budget and since when the service is frozen. For a CI pipeline with a
 * token of the service's owner, an SRE or an auditor: {@code curl -fsS -H "Authorization: Bearer
 * $TOKEN" …/release-gate?change=feature}.
 */
@RestController
@Tag(
    name = "Release gate",
    description = "Whether a change may ship, given the service's error budgets")
@RequestMapping("/api/v1/services/{environment}/release-gate")
class ReleaseGateController {

  private final ReleaseGate gate;

  ReleaseGateController(ReleaseGate gate) {
    this.gate = gate;
  }

  /** The answer when a change may ship. */
  record Allowed(
      boolean allowed,
      String state,
      String service,
      String change,
      @Nullable String slo,
      @Nullable Double budgetRemaining,
      @Nullable Instant frozenSince,
      @Nullable Instant overrideUntil,
      String whenPrometheusIsUnreachable,
      String reason) {}

  record OverrideRequest(@Nullable String reason, @Nullable String duration) {}

  @io.swagger.v3.oas.annotations.media.Schema(name = "GatePolicyRequest")
  record PolicyRequest(@Nullable Double freezeAt, @Nullable Double liftMargin) {}

  /** The policy the gate applies to this service. */
  record PolicyView(
      double freezeAt, double liftMargin, String whenPrometheusIsUnreachable, String maxOverride) {}

  @Operation(
      summary =
          "May a change ship? 200 when it may, 423 naming the SLO, its budget and since when the service is frozen",
      description = "Roles: owner, team (a team's pipeline too), SRE, auditor",
      responses = {
        @ApiResponse(
            responseCode = "200",
            description = "The change may ship",
            content =
                @io.swagger.v3.oas.annotations.media.Content(
                    schema =
                        @io.swagger.v3.oas.annotations.media.Schema(
                            implementation = Allowed.class))),
        @ApiResponse(
            responseCode = "423",
            description = "Frozen (fixes pass while frozen, and say so)")
      })
  @GetMapping
  ResponseEntity<?> check(
      @PathVariable String environment, @RequestParam(defaultValue = "feature") String change) {
    ReleaseGate.Result result = gate.check(parse(environment), GatePolicy.Change.parse(change));
    return answer(result);
  }

  @Operation(
      summary = "Lift a freeze for a bounded time (at most max-override)",
      description = "Roles: SRE",
      responses = {
        @ApiResponse(
            responseCode = "200",
            description = "The gate after the override",
            content =
                @io.swagger.v3.oas.annotations.media.Content(
                    schema =
                        @io.swagger.v3.oas.annotations.media.Schema(
                            implementation = Allowed.class))),
        @ApiResponse(responseCode = "423", description = "Still closed")
      })
  @PostMapping("/override")
  ResponseEntity<?> override(
      @PathVariable String environment, @RequestBody OverrideRequest request) {
    return answer(gate.override(parse(environment), request.reason(), request.duration()));
  }

  record ExclusionRequest(@Nullable String from, @Nullable String to, @Nullable String reason) {}

  @Operation(
      summary = "Windows the service's budgets leave out",
      description = "Roles: owner, team, SRE, auditor")
  @GetMapping("/exclusions")
  java.util.List<BudgetExclusion> exclusions(@PathVariable String environment) {
    return gate.exclusions(parse(environment));
  }

  /** SREs: leave a planned maintenance or load-test window out of the service's budgets. */
  @Operation(
      summary =
          "Leave a planned maintenance or load-test window (at most 7 days) out of the budgets",
      description = "Roles: SRE",
      responses = {
        @ApiResponse(responseCode = "201", description = "Created", useReturnTypeSchema = true)
      })
  @PostMapping("/exclusions")
  ResponseEntity<BudgetExclusion> exclude(
      @PathVariable String environment, @RequestBody ExclusionRequest request) {
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(gate.exclude(parse(environment), request.from(), request.to(), request.reason()));
  }

  @Operation(
      summary = "The thresholds the gate applies to this service",
      description = "Roles: owner, team, SRE, auditor")
  @GetMapping("/policy")
  PolicyView policy(@PathVariable String environment) {
    return view(gate.settings(parse(environment)));
  }

  /** SREs: the service's own thresholds over the defaults; null brings back a default. */
  @Operation(
      summary = "The service's own thresholds over the defaults; null brings back a default",
      description = "Roles: SRE")
  @org.springframework.web.bind.annotation.PutMapping("/policy")
  PolicyView setPolicy(@PathVariable String environment, @RequestBody PolicyRequest request) {
    return view(gate.setPolicy(parse(environment), request.freezeAt(), request.liftMargin()));
  }

  private static PolicyView view(GatePolicy.Settings s) {
    return new PolicyView(
        s.freezeAt(), s.liftMargin(), s.unknown().written(), s.maxOverride().toString());
  }

  /**
   * 200 with the decision when the change may ship; otherwise the gate's 423 ({@link
   * ReleaseFrozen}).
   */
  private static ResponseEntity<?> answer(ReleaseGate.Result result) {
    GatePolicy.Decision d = result.decision();
    if (d.allowed()) {
      return ResponseEntity.ok(
          new Allowed(
              true,
              d.state().name(),
              result.service(),
              result.change().name(),
              d.budget() == null ? null : d.budget().slo(),
              d.budget() == null || Double.isNaN(d.budget().remaining())
                  ? null
                  : d.budget().remaining(),
              d.freeze() == null ? null : d.freeze().since(),
              result.overrideUntil(),
              result.whenUnknown().written(),
              d.reason()));
    }
    throw new ReleaseFrozen(result);
  }

  private static UUID parse(String id) {
    return NotFoundException.id(id, "No service with environment id " + id + ".");
  }
}

package dev.slipway.provisioning;

import dev.slipway.catalog.RenderedTemplate;
import dev.slipway.catalog.TemplateCatalog;
import dev.slipway.catalog.TemplatePolicy;
import dev.slipway.cluster.ClusterException;
import dev.slipway.cluster.ClusterGateway;
import dev.slipway.cluster.ClusterMode;
import dev.slipway.cluster.ObjectRef;
import dev.slipway.provisioning.EnvironmentEvents.EnvironmentFailed;
import dev.slipway.provisioning.EnvironmentEvents.EnvironmentReady;
import dev.slipway.provisioning.EnvironmentStateMachine.Trigger;
import dev.slipway.shared.DatabaseFaults;
import dev.slipway.slo.ServiceLevels;
import dev.slipway.slo.ServiceObjective;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The work of the durable provisioning task (see {@link ProvisioningConfiguration}): one execution
 * renders the environment's template once, builds its {@link EnvironmentPlan} and carries it out;
 * then, on a real cluster, each further execution checks readiness once, from the objects recorded,
 * until every object is ready or the template's timeout passes. Every step is idempotent
 * (create-or-update, delete-by-label, conditional transitions of {@link EnvironmentStateMachine}),
 * so an execution that is retried, or resumed by another portal instance after a crash, converges
 * instead of duplicating: generated values come from a {@link KeyedRandom}, so a resumed attempt
 * creates the same values. Each execution holds the environment's lease ({@link EnvironmentLeases})
 * and checks it before every step, so a revived duplicate waits instead of applying. A failure of
 * the cluster that may pass is retried within its budget, and while waiting for readiness until the
 * readiness timeout; the database away fails no environment (the task runs again later). On a
 * failure for good, a durable cleanup task removes what was created, retried until nothing is left,
 * so nothing is left half-built.
 */
@Component
class Provisioner {

  private static final Logger log = LoggerFactory.getLogger(Provisioner.class);

  private final EnvironmentRepository environments;
  private final TemplateCatalog catalog;
  private final ClusterGateway cluster;
  private final ProvisioningQueue queue;
  private final ServiceLevels serviceLevels;
  private final EnvironmentLeases leases;
  private final TransactionTemplate transactions;
  private final ApplicationEventPublisher events;
  private final Clock clock;
  private final byte[] generatorKey;
  private final AtomicInteger applied = new AtomicInteger();

  Provisioner(
      EnvironmentRepository environments,
      TemplateCatalog catalog,
      ClusterGateway cluster,
      ProvisioningQueue queue,
      ServiceLevels serviceLevels,
      EnvironmentLeases leases,
      TransactionTemplate transactions,
      ApplicationEventPublisher events,
      Clock clock,
      ProvisioningProperties properties) {
    this.leases = leases;
    this.transactions = transactions;
    this.serviceLevels = serviceLevels;
    this.environments = environments;
    this.catalog = catalog;
    this.cluster = cluster;
    this.queue = queue;
    this.events = events;
    this.clock = clock;
    this.generatorKey = KeyedRandom.key(properties.generatorKey(), cluster.mode());
  }

  /** How many apply steps this instance ran: for tests of exactly-once execution. */
  int appliedCount() {
    return applied.get();
  }

  /**
   * One execution of a provisioning task.
   *
   * @return the task's next execution (a readiness check), or empty when it is done
   */
  Optional<ProvisioningJobs.Provision> provision(ProvisioningJobs.Provision job) {
    // A look at the row alone (no objects) before taking the lease; read whole under it.
    if (environments
        .row(job.environment())
        .filter(e -> EnvironmentStateMachine.allows(e.status(), Trigger.FAIL))
        .isEmpty()) {
      // Done already (another attempt finished it) or deleted meanwhile: nothing to converge.
      queue.forget(job.environment());
      return Optional.empty();
    }
    Optional<EnvironmentLeases.Lease> taken = leases.take(job.environment());
    if (taken.isEmpty()) {
      // Another execution works on it (one revived while this one's first run still went on):
      // look again at the next poll; it will be done, or the lease free.
      return Optional.of(job);
    }
    Optional<ProvisioningJobs.Provision> next;
    try (EnvironmentLeases.Lease lease = taken.get()) {
      // Read again under the lease: the holder before may have moved it on.
      Optional<Environment> current = underWay(job.environment());
      if (current.isEmpty()) {
        queue.forget(job.environment());
        return Optional.empty();
      }
      Environment environment = current.get();
      next =
          job.readyBy() == null
              ? create(environment, job, lease)
              : checkReadiness(environment, job, lease);
    }
    if (next.isEmpty()) {
      // Ready, failed or overtaken: nothing will render this environment again.
      queue.forget(job.environment());
    }
    return next;
  }

  /** The environment, while provisioning may still change it (requested or provisioning). */
  private Optional<Environment> underWay(java.util.UUID id) {
    return environments
        .find(id)
        .filter(e -> EnvironmentStateMachine.allows(e.status(), Trigger.FAIL));
  }

  /**
   * The objects of the environment as its request rendered them: recorded parameter values, the
   * values given with the request that this instance holds in memory, and generated values from the
   * environment's keyed source.
   *
   * @throws CannotResume when secret values given with the request are needed and gone
   */
  private RenderedTemplate render(Environment environment, ProvisioningJobs.Provision job) {
    Map<String, String> given = queue.secretValues(environment.id()).orElse(Map.of());
    Map<String, String> values = new LinkedHashMap<>();
    List<String> lost = new ArrayList<>();
    environment
        .parameters()
        .forEach(
            (name, value) -> {
              if (!RequestRules.MASK.equals(value)) {
                values.put(name, value);
              } else if (given.containsKey(name)) {
                values.put(name, given.get(name));
              } else if (!job.secretsFromGenerators()) {
                lost.add(name);
              }
            });
    if (!lost.isEmpty()) {
      throw new CannotResume(
          "The portal instance that received the request stopped before using the secret values"
              + " given for "
              + String.join(", ", lost)
              + ", and such values are never stored; request the environment again");
    }
    return catalog.render(
        environment.template(),
        environment.templateVersion(),
        values,
        new KeyedRandom(generatorKey, environment.id().toString()));
  }

  /** Work that cannot go on after a crash; the message says what to do. */
  static final class CannotResume extends RuntimeException {
    CannotResume(String message) {
      super(message);
    }
  }

  private Optional<ProvisioningJobs.Provision> create(
      Environment environment, ProvisioningJobs.Provision job, EnvironmentLeases.Lease lease) {
    RenderedTemplate rendered;
    try {
      rendered = render(environment, job);
    } catch (RuntimeException e) {
      rethrowIfPassing(e);
      String cause =
          e instanceof CannotResume
              ? e.getMessage()
              : "Its template cannot be rendered any more: " + e.getMessage();
      fail(environment, environment.objects(), -1, cause, UnaryOperator.identity());
      return Optional.empty();
    }
    applied.incrementAndGet();
    TemplatePolicy policy = catalog.policy(environment.template());
    EnvironmentPlan plan;
    try {
      plan = plan(environment, rendered, policy);
    } catch (RuntimeException e) {
      rethrowIfPassing(e);
      log.error("Recording the objectives of environment {} failed", environment.id(), e);
      fail(
          environment,
          environment.objects(),
          -1,
          "Its service-level objectives could not be recorded ("
              + e.getClass().getSimpleName()
              + "); nothing reaches the cluster unmonitored",
          UnaryOperator.identity());
      return Optional.empty();
    }
    environments.replaceObjects(environment.id(), plan.records());
    if (!move(environment, Trigger.PROGRESS, "Creating namespace " + environment.namespace())) {
      return Optional.empty();
    }
    // The namespace and its quota are the portal's to make (developers usually may not, and
    // should not be able to delete the quota); the template's objects are made as the requester.
    ClusterGateway portal = this.cluster;
    ClusterGateway requester = this.cluster.actingAs(EnvironmentPlan.requester(environment));
    List<EnvironmentPlan.PlannedObject> objects = plan.objects();
    int current = -1;
    try {
      lease.check();
      portal.ensureNamespace(plan.namespace(), plan.ownership());
      // One line for the whole step: each object's row shows its own progress.
      move(
          environment,
          Trigger.PROGRESS,
          "Creating " + objects.size() + " objects in namespace " + environment.namespace());
      boolean sandbox = cluster.mode() == ClusterMode.SANDBOX;
      ObjectStatus applied = sandbox ? ObjectStatus.READY : ObjectStatus.APPLIED;
      lease.check();
      for (int i = 0; i < objects.size(); i++) {
        current = i;
        EnvironmentPlan.PlannedObject object = objects.get(i);
        (object.by() == EnvironmentPlan.Applier.PORTAL ? portal : requester)
            .apply(plan.namespace(), object.manifest(), plan.ownership());
        // Recorded and the lease checked for the next step, in one statement.
        lease.record(i, applied, "");
      }
      if (!sandbox) {
        move(
            environment,
            Trigger.PROGRESS,
            "Waiting for every object to become ready (at most "
                + Durations.readable(job.readinessTimeout())
                + ")");
        return Optional.of(job.waitingUntil(clock.instant().plus(job.readinessTimeout())));
      }
      ready(environment, objects.size());
      return Optional.empty();
    } catch (RuntimeException e) {
      rethrowIfPassing(e);
      fail(
          environment,
          plan.records(),
          current,
          describe(e, environment, plan::redact),
          plan::redact);
      return Optional.empty();
    }
  }

  /**
   * What this execution must not turn into a failed environment: the database away for a moment
   * (the task runs again later, see {@link RetryUntilDone}), or the lease lost to another execution
   * (which carries on; this one stops).
   */
  private static void rethrowIfPassing(RuntimeException e) {
    if (e instanceof EnvironmentLeases.LeaseLost || DatabaseFaults.passing(e)) {
      throw e;
    }
  }

  /**
   * The plan of this attempt. Nothing reaches a cluster unmonitored: the service's objectives are
   * recorded and its monitoring objects planned first, made by the portal like the namespace's
   * guards.
   */
  private EnvironmentPlan plan(
      Environment environment, RenderedTemplate rendered, TemplatePolicy policy) {
    List<ServiceObjective> objectives =
        serviceLevels.record(
            environment.id(),
            environment.name(),
            environment.namespace(),
            rendered.objectives(),
            environment.template(),
            environment.owner(),
            environment.team(),
            environment.ownerName());
    return EnvironmentPlan.of(
        environment,
        policy,
        serviceLevels.monitoringFor(environment.id(), objectives, rendered.objects()),
        rendered);
  }

  /**
   * One look at every object not ready yet; the task comes back until all are or time is up. The
   * objects are the ones recorded when the plan was carried out: nothing is rendered again, except
   * to find the real name of an object recorded with a masked one (a template that puts a generated
   * or secret value in a name).
   */
  private Optional<ProvisioningJobs.Provision> checkReadiness(
      Environment environment, ProvisioningJobs.Provision job, EnvironmentLeases.Lease lease) {
    List<EnvironmentObject> objects = environment.objects();
    Optional<RenderedTemplate> rendered =
        objects.stream().anyMatch(o -> o.name().contains(RenderedTemplate.MASK))
            ? rendering(environment, job)
            : Optional.empty();
    UnaryOperator<String> redact =
        rendered.<UnaryOperator<String>>map(r -> r::redact).orElse(UnaryOperator.identity());
    ClusterGateway cluster = this.cluster.actingAs(EnvironmentPlan.requester(environment));
    try {
      lease.check();
      List<Integer> pending = new ArrayList<>();
      for (int i = 0; i < objects.size(); i++) {
        if (objects.get(i).status() != ObjectStatus.READY) {
          pending.add(i);
        }
      }
      ReadinessRound.Result result =
          ReadinessRound.check(
              pending,
              i -> objects.get(i).kind() + " " + objects.get(i).name(),
              i -> cluster.readiness(environment.namespace(), liveRef(objects, i, rendered)),
              (i, r) ->
                  environments.updateObject(
                      environment.id(),
                      i,
                      r.ready() ? ObjectStatus.READY : ObjectStatus.APPLIED,
                      redact.apply(r.message())));
      switch (result) {
        case ReadinessRound.AllReady ignored -> {
          ready(environment, objects.size());
          return Optional.empty();
        }
        case ReadinessRound.Failed failed -> {
          fail(environment, objects, failed.index(), redact.apply(failed.message()), redact);
          return Optional.empty();
        }
        case ReadinessRound.Waiting waiting -> {
          if (clock.instant().isBefore(job.readyBy())) {
            return Optional.of(job);
          }
          fail(
              environment,
              objects,
              -1,
              redact.apply(
                  "not ready after "
                      + Durations.readable(job.readinessTimeout())
                      + ": "
                      + String.join("; ", waiting.objects())),
              redact);
          return Optional.empty();
        }
      }
    } catch (ClusterException e) {
      if (e.mayPass() && clock.instant().isBefore(job.readyBy())) {
        // The API server is away or overloaded for now: look again at the next check, until the
        // readiness timeout.
        log.info("Readiness of environment {} not known yet: {}", environment.id(), e.getMessage());
        return Optional.of(job);
      }
      String cause = describe(e, environment, redact);
      fail(
          environment,
          objects,
          -1,
          e.mayPass()
              ? "not ready after "
                  + Durations.readable(job.readinessTimeout())
                  + ": the cluster could not be asked ("
                  + cause
                  + ")"
              : cause,
          redact);
      return Optional.empty();
    } catch (RuntimeException e) {
      rethrowIfPassing(e);
      fail(environment, objects, -1, describe(e, environment, redact), redact);
      return Optional.empty();
    }
  }

  /** The environment's objects rendered again, for the real names of those recorded masked. */
  private Optional<RenderedTemplate> rendering(
      Environment environment, ProvisioningJobs.Provision job) {
    try {
      return Optional.of(render(environment, job));
    } catch (RuntimeException cannot) {
      return Optional.empty();
    }
  }

  /**
   * The object at {@code index} as the cluster names it: as recorded, unless its recorded name is
   * masked. The template's objects are the last of the recorded ones (the portal's guards and
   * monitoring come first), in the order rendered.
   */
  private static ObjectRef liveRef(
      List<EnvironmentObject> objects, int index, Optional<RenderedTemplate> rendered) {
    EnvironmentObject recorded = objects.get(index);
    if (!recorded.name().contains(RenderedTemplate.MASK) || rendered.isEmpty()) {
      return Deprovisioner.ref(recorded);
    }
    List<Map<String, Object>> manifests = rendered.get().objects();
    int at = index - (objects.size() - manifests.size());
    return at >= 0 && at < manifests.size()
        ? ObjectRef.of(manifests.get(at))
        : Deprovisioner.ref(recorded);
  }

  private void ready(Environment environment, int objects) {
    if (move(
        environment,
        Trigger.COME_UP,
        objects + " objects created in namespace " + environment.namespace())) {
      log.info("Environment {} ({}) is ready", environment.name(), environment.id());
      events.publishEvent(
          new EnvironmentReady(environment.id(), EnvironmentEvents.about(environment)));
    }
  }

  private static String describe(
      RuntimeException e, Environment environment, UnaryOperator<String> redact) {
    if (e instanceof ClusterException) {
      return redact.apply(e.getMessage());
    }
    log.error("Provisioning environment {} failed", environment.id(), e);
    return "unexpected error: " + e.getClass().getSimpleName();
  }

  /**
   * Records the failure and, in the same transaction, queues the durable cleanup of what the
   * attempt made: the reason says it is under way, and the cleanup task says when everything is
   * gone (verified). A reason never claims a cleanup that did not happen.
   */
  private void fail(
      Environment environment,
      List<EnvironmentObject> planned,
      int current,
      String cause,
      UnaryOperator<String> redact) {
    if (current >= 0) {
      environments.updateObject(environment.id(), current, ObjectStatus.FAILED, cause);
    }
    String reason = cause + ". " + Deprovisioner.CLEANING_UP;
    boolean failed =
        Boolean.TRUE.equals(
            transactions.execute(
                tx -> {
                  if (!move(environment, Trigger.FAIL, reason)) {
                    return false;
                  }
                  queue.cleanUp(new ProvisioningJobs.Cleanup(environment.id(), cause));
                  return true;
                }));
    if (failed) {
      log.warn("Environment {} ({}) failed: {}", environment.name(), environment.id(), reason);
      events.publishEvent(
          new EnvironmentFailed(environment.id(), reason, EnvironmentEvents.about(environment)));
    }
  }

  private boolean move(Environment environment, Trigger trigger, String reason) {
    return environments.transition(
        environment.id(), EnvironmentStateMachine.on(trigger), reason, clock.instant());
  }
}

package dev.slipway.catalog.internal;

import dev.slipway.catalog.AllowedKinds;
import dev.slipway.shared.JsonPointers;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a template's object may be and hold, as pure rules over one object: where it lands (its kind
 * on the allow-list, no namespace of its own) and what Kubernetes accepts in the fields parameters
 * usually fill (names, labels, replicas, ports). The import checks an object as written, skipping
 * values that still hold a parameter reference; rendering checks it again once substituted.
 */
public final class ObjectRules {

  /**
   * One refusal.
   *
   * @param pointer where, as a JSON pointer into the object ({@code /metadata/name})
   * @param value the value refused, as written (for naming the parameter it came from)
   */
  public record Finding(String pointer, String value, String message) {}

  private static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS_1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS_1123_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  /** Kubernetes' qualified name (a label key's name part, a label value). */
  private static final Pattern QUALIFIED_NAME =
      Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");

  /** IANA service name: what a port may be called instead of numbered. */
  private static final Pattern PORT_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");

  private static final String REFERENCE = "${";

  /** Kinds whose name Kubernetes (or OpenShift, for a Route's host) requires to be a label. */
  private static final Set<String> LABEL_NAMED = Set.of("Service", "Route");

  /** Kinds whose {@code spec.selector} is a plain map of labels. */
  private static final Set<String> MAP_SELECTORS =
      Set.of("Service", "DeploymentConfig", "ReplicationController");

  private static final Set<String> NUMBER_ONLY_PORTS = Set.of("containerPort", "hostPort");
  private static final Set<String> NAMEABLE_PORTS = Set.of("port", "targetPort");

  /** Where each kind that runs pods holds its pod spec. */
  private static final java.util.Map<String, String> POD_SPECS =
      java.util.Map.of(
          "Pod", "/spec",
          "Deployment", "/spec/template/spec",
          "StatefulSet", "/spec/template/spec",
          "DaemonSet", "/spec/template/spec",
          "ReplicaSet", "/spec/template/spec",
          "ReplicationController", "/spec/template/spec",
          "DeploymentConfig", "/spec/template/spec",
          "Job", "/spec/template/spec",
          "CronJob", "/spec/jobTemplate/spec/template/spec");

  /** A pod's own switches that share the node's network, processes or IPC. */
  private static final List<String> HOST_NAMESPACES = List.of("hostNetwork", "hostPID", "hostIPC");

  private static final List<String> CONTAINER_LISTS =
      List.of("containers", "initContainers", "ephemeralContainers");

  private final AllowedKinds kinds;
  private final int maxReplicas;

  public ObjectRules(AllowedKinds kinds, int maxReplicas) {
    this.kinds = kinds;
    this.maxReplicas = maxReplicas;
  }

  /**
   * Where the object lands: a kind on the allow-list, written out (a parameter could make it
   * anything), and no namespace that a parameter fills. A fixed namespace is dropped at rendering,
   * as OpenShift does; a parameterised one would be followed by OpenShift, so it is refused here.
   */
  public List<Finding> confinement(JsonNode object) {
    List<Finding> findings = new ArrayList<>();
    String kind = object.path("kind").asString("");
    String apiVersion = object.path("apiVersion").asString("");
    if (kind.contains(REFERENCE) || apiVersion.contains(REFERENCE)) {
      findings.add(
          new Finding(
              kind.contains(REFERENCE) ? "/kind" : "/apiVersion",
              kind.contains(REFERENCE) ? kind : apiVersion,
              "kind and apiVersion must be written out: a parameter could make the object any"
                  + " kind"));
    } else if (!kind.isBlank() && !apiVersion.isBlank() && !kinds.allows(apiVersion, kind)) {
      findings.add(
          new Finding(
              "/kind",
              kind,
              kind
                  + " ("
                  + AllowedKinds.of(apiVersion, kind)
                  + ") is not a kind templates may create: only namespaced kinds on"
                  + " slipway.catalog.allowed-kinds are, so nothing reaches beyond the"
                  + " environment's namespace ("
                  + kinds.describe()
                  + ")"));
    }
    JsonNode namespace = object.path("metadata").path("namespace");
    if (namespace.isString() && namespace.asString().contains(REFERENCE)) {
      findings.add(
          new Finding(
              "/metadata/namespace",
              namespace.asString(),
              "an object's namespace may not come from a parameter: it could name any namespace;"
                  + " objects are always created in the environment's own namespace, so remove"
                  + " metadata.namespace from this "
                  + kind));
    }
    return findings;
  }

  /**
   * Names, labels, replicas and ports as Kubernetes accepts them. Values still holding a parameter
   * reference are skipped: they are checked once substituted.
   */
  public List<Finding> fields(JsonNode object) {
    List<Finding> findings = new ArrayList<>();
    String kind = object.path("kind").asString("");
    JsonNode name = object.path("metadata").path("name");
    if (name.isString() && !name.asString().contains(REFERENCE)) {
      checkName(kind, name.asString(), findings);
    }
    walk(object, "", "", kind, findings);
    JsonNode replicas = object.path("spec").path("replicas");
    if (!replicas.isMissingNode() && !replicas.isNull() && !holdsReference(replicas)) {
      checkReplicas(replicas, findings);
    }
    checkReach(kind, object, findings);
    return findings;
  }

  /**
   * What the object's pods (or a Service) could reach beyond the namespace: the node's network,
   * processes, IPC and files, privileged containers, and a Service's external IPs, which intercept
   * traffic for any address (CVE-2020-8554).
   */
  private static void checkReach(String kind, JsonNode object, List<Finding> findings) {
    if ("Service".equals(kind)) {
      JsonNode externalIps = object.path("spec").path("externalIPs");
      if (!externalIps.isMissingNode()
          && !externalIps.isNull()
          && !(externalIps.isArray() && externalIps.isEmpty())
          && !holdsReference(externalIps)) {
        findings.add(
            new Finding(
                "/spec/externalIPs",
                externalIps.toString(),
                "a Service may not set externalIPs: it would take over traffic to those addresses"
                    + " for the whole cluster (CVE-2020-8554)"));
      }
    }
    String at = POD_SPECS.get(kind);
    if (at == null) {
      return;
    }
    JsonNode pod = object.at(at);
    for (String field : HOST_NAMESPACES) {
      if (isTrue(pod.path(field))) {
        findings.add(
            new Finding(
                at + "/" + field,
                pod.path(field).toString(),
                field
                    + " must be false or left out: a template's pods share nothing with the node they"
                    + " run on"));
      }
    }
    JsonNode volumes = pod.path("volumes");
    for (int i = 0; i < volumes.size(); i++) {
      JsonNode hostPath = volumes.path(i).path("hostPath");
      if (!hostPath.isMissingNode() && !hostPath.isNull()) {
        findings.add(
            new Finding(
                at + "/volumes/" + i + "/hostPath",
                hostPath.toString(),
                "a hostPath volume is not allowed: it mounts the node's files into the pod; use a"
                    + " PersistentVolumeClaim, ConfigMap, Secret or emptyDir"));
      }
    }
    for (String list : CONTAINER_LISTS) {
      JsonNode containers = pod.path(list);
      for (int i = 0; i < containers.size(); i++) {
        JsonNode privileged = containers.path(i).path("securityContext").path("privileged");
        if (isTrue(privileged)) {
          findings.add(
              new Finding(
                  at + "/" + list + "/" + i + "/securityContext/privileged",
                  privileged.toString(),
                  "a privileged container is not allowed: it has the node's devices and"
                      + " capabilities"));
        }
      }
    }
  }

  /** True as Kubernetes would read it: the boolean, or a string the client turns into it. */
  /**
   * Whether the flag may be on: anything but absent, null or the boolean {@code false}. The cluster
   * client reads 1, "1" or "yes" as true, so only a plain false is safe.
   */
  private static boolean isTrue(JsonNode value) {
    return !value.isMissingNode()
        && !value.isNull()
        && !holdsReference(value) // checked again once rendered
        && !(value.isBoolean() && !value.asBoolean());
  }

  /** A template's own {@code labels}, which rendering puts on every object. */
  public List<Finding> labels(JsonNode labels) {
    List<Finding> findings = new ArrayList<>();
    if (labels instanceof ObjectNode map) {
      map.forEachEntry((k, v) -> checkLabel("/" + JsonPointers.escape(k), k, v, findings));
    }
    return findings;
  }

  private static void checkName(String kind, String name, List<Finding> findings) {
    if (LABEL_NAMED.contains(kind)) {
      Pattern pattern = "Service".equals(kind) ? DNS_1035_LABEL : DNS_1123_LABEL;
      if (name.length() > 63 || !pattern.matcher(name).matches()) {
        findings.add(
            new Finding(
                "/metadata/name",
                name,
                "'"
                    + name
                    + "' is not a valid "
                    + kind
                    + " name: at most 63 lowercase letters, digits and '-', starting with a "
                    + ("Service".equals(kind) ? "letter" : "letter or digit")
                    + " and ending with a letter or digit"));
      }
    } else if (name.length() > 253 || !DNS_1123_SUBDOMAIN.matcher(name).matches()) {
      findings.add(
          new Finding(
              "/metadata/name",
              name,
              "'"
                  + name
                  + "' is not a valid object name: at most 253 lowercase letters, digits, '-' and"
                  + " '.', starting and ending with a letter or digit"));
    }
  }

  private void checkReplicas(JsonNode replicas, List<Finding> findings) {
    String text = replicas.isString() ? replicas.asString() : replicas.toString();
    // A JSON whole number, as the API server's int32 takes it: not "5" as text, not 1e2 or 5.0.
    BigDecimal number = replicas.isIntegralNumber() ? replicas.decimalValue() : null;
    if (number == null) {
      findings.add(
          new Finding("/spec/replicas", text, "'" + text + "' is not a whole number of replicas"));
    } else if (number.signum() < 0 || number.compareTo(BigDecimal.valueOf(maxReplicas)) > 0) {
      findings.add(
          new Finding(
              "/spec/replicas",
              text,
              text
                  + " replicas is not between 0 and "
                  + maxReplicas
                  + " (slipway.catalog.max-replicas)"));
    }
  }

  /** Labels (object, pod template, selectors) and ports, wherever they are in the object. */
  private static void walk(
      JsonNode node, String pointer, String key, String kind, List<Finding> findings) {
    if (node instanceof ObjectNode object) {
      boolean labels =
          ("labels".equals(key) && pointer.endsWith("/metadata/labels"))
              || "matchLabels".equals(key)
              || ("/spec/selector".equals(pointer) && MAP_SELECTORS.contains(kind));
      object.forEachEntry(
          (k, child) -> {
            String at = pointer + "/" + JsonPointers.escape(k);
            if (labels) {
              checkLabel(at, k, child, findings);
            } else if (NUMBER_ONLY_PORTS.contains(k) || NAMEABLE_PORTS.contains(k)) {
              checkPort(at, k, child, findings);
              walk(child, at, k, kind, findings);
            } else {
              walk(child, at, k, kind, findings);
            }
          });
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        walk(array.get(i), pointer + "/" + i, key, kind, findings);
      }
    }
  }

  private static void checkLabel(String at, String key, JsonNode value, List<Finding> findings) {
    if (!key.contains(REFERENCE)) {
      String problem = labelKeyProblem(key);
      if (problem != null) {
        findings.add(new Finding(at, key, "'" + key + "' is not a valid label key: " + problem));
      }
    }
    if (!value.isString()) {
      findings.add(
          new Finding(at, value.toString(), "label " + key + " must be a string, not " + value));
      return;
    }
    String v = value.asString();
    if (!v.contains(REFERENCE)
        && (v.length() > 63 || !(v.isEmpty() || QUALIFIED_NAME.matcher(v).matches()))) {
      findings.add(
          new Finding(
              at,
              v,
              "'"
                  + v
                  + "' is not a valid value for label "
                  + key
                  + ": at most 63 letters, digits, '-', '_' and '.', starting and ending with a"
                  + " letter or digit"));
    }
  }

  /** Why the key is not {@code [prefix/]name}, or null when it is. */
  private static @Nullable String labelKeyProblem(String key) {
    int slash = key.indexOf('/');
    String name = slash < 0 ? key : key.substring(slash + 1);
    if (slash >= 0) {
      String prefix = key.substring(0, slash);
      if (prefix.isEmpty()
          || prefix.length() > 253
          || !DNS_1123_SUBDOMAIN.matcher(prefix).matches()) {
        return "the prefix before '/' must be a DNS subdomain";
      }
    }
    if (name.isEmpty() || name.length() > 63 || !QUALIFIED_NAME.matcher(name).matches()) {
      return "the name must be at most 63 letters, digits, '-', '_' and '.', starting and ending"
          + " with a letter or digit";
    }
    return null;
  }

  private static void checkPort(String at, String key, JsonNode value, List<Finding> findings) {
    // A Service's port and a container's port are numbers, never names; elsewhere (targetPort, a
    // probe's port) a name may stand for one.
    boolean numberOnly = NUMBER_ONLY_PORTS.contains(key) || at.matches(".*/spec/ports/[0-9]+/port");
    if (value.isNull() && numberOnly) {
      findings.add(new Finding(at, "null", "a port is required here: a number from 1 to 65535"));
      return;
    }
    // A Route's spec.port is an object ({targetPort: …}) whose own keys are looked at in turn.
    if (value.isNull() || holdsReference(value) || value.isObject() && key.equals("port")) {
      return;
    }
    String text = value.isString() ? value.asString() : value.toString();
    // A whole JSON number, or (where Kubernetes takes one) a port's name; never a list, an object,
    // a fraction or a number written as text.
    BigDecimal number = value.isIntegralNumber() ? value.decimalValue() : null;
    if (number == null) {
      boolean nameable = !numberOnly;
      if (!nameable
          || !value.isString()
          || text.length() > 15
          || !PORT_NAME.matcher(text).matches()
          || text.chars().noneMatch(Character::isLetter)
          || text.contains("--")) {
        findings.add(
            new Finding(
                at,
                text,
                "'"
                    + text
                    + "' is not a port: a number from 1 to 65535"
                    + (nameable
                        ? " or a port's name (at most 15 lowercase letters, digits, '-')"
                        : "")));
      }
    } else if (number.compareTo(BigDecimal.ONE) < 0
        || number.compareTo(BigDecimal.valueOf(65535)) > 0) {
      findings.add(
          new Finding(at, text, text + " is not a port number: ports run from 1 to 65535"));
    }
  }

  private static boolean holdsReference(JsonNode value) {
    return value.isString() && value.asString().contains(REFERENCE);
  }
}

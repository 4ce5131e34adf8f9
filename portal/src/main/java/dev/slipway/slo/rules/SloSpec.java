package dev.slipway.slo.rules;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The SLOs of one spec document; the generator makes one output document of each.
 *
 * @param kind which spec format it was written in
 * @param object for {@link Kind#SLOTH_KUBERNETES} the name, namespace, labels and annotations the
 *     generated {@code PrometheusRule} gets; {@code null} otherwise
 * @param slos the SLOs, in spec order
 */
public record SloSpec(Kind kind, @Nullable KubernetesObject object, List<Slo> slos) {

  public SloSpec {
    Objects.requireNonNull(kind, "kind");
    if ((kind == Kind.SLOTH_KUBERNETES) != (object != null)) {
      throw new IllegalArgumentException(
          "a Kubernetes object is required for, and only for, " + Kind.SLOTH_KUBERNETES);
    }
    slos = List.copyOf(slos);
  }

  /** A Sloth {@code prometheus/v1} spec: the output is a plain Prometheus rule file. */
  public static SloSpec sloth(List<Slo> slos) {
    return new SloSpec(Kind.SLOTH_PROMETHEUS, null, slos);
  }

  /** The spec formats, with the labels Sloth writes into {@code sloth_slo_info}. */
  public enum Kind {
    /** Sloth's {@code version: prometheus/v1} spec; generates a rule file. */
    SLOTH_PROMETHEUS("prometheus/v1", "cli-gen-prom"),
    /** Sloth's {@code sloth.slok.dev/v1} {@code PrometheusServiceLevel}; generates a CR. */
    SLOTH_KUBERNETES("sloth.slok.dev/v1", "cli-gen-k8s"),
    /** OpenSLO {@code openslo/v1alpha} {@code SLO}; generates a rule file, no alerts. */
    OPENSLO("openslo/v1alpha", "cli-gen-openslo");

    private final String spec;
    private final String mode;

    Kind(String spec, String mode) {
      this.spec = spec;
      this.mode = mode;
    }

    /** The {@code sloth_spec} label value. */
    public String spec() {
      return spec;
    }

    /** The {@code sloth_mode} label value. */
    public String mode() {
      return mode;
    }
  }

  /**
   * Metadata of a Kubernetes spec object, passed on to the {@code PrometheusRule} made of it.
   *
   * @param namespace {@code null} when the object has none
   */
  public record KubernetesObject(
      String name,
      @Nullable String namespace,
      Map<String, String> labels,
      Map<String, String> annotations) {

    public KubernetesObject {
      Objects.requireNonNull(name, "name");
      labels = Map.copyOf(labels);
      annotations = Map.copyOf(annotations);
    }
  }
}

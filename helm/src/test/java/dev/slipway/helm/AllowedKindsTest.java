package dev.slipway.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The chart's ClusterRole grants exactly the kinds the portal lets templates create (its default
 * {@code slipway.catalog.allowed-kinds}, read from the portal's application.yaml) and the portal's
 * own kinds: a kind added to one and not the other fails here, not on a cluster.
 */
class AllowedKindsTest {

  static final Path PORTAL_CONFIG =
      Path.of(
          System.getProperty(
              "slipway.portal-config", "../portal/src/main/resources/application.yaml"));

  static final Set<String> APPLY =
      Set.of("get", "list", "create", "patch", "update", "delete", "deletecollection");

  /** What the portal itself creates, whatever the templates: guards and monitoring. */
  static final Map<String, Set<String>> PORTALS_OWN =
      Map.of(
          "namespaces", Set.of("get", "create", "delete"),
          "resourcequotas", APPLY,
          "limitranges", APPLY,
          "monitoring.coreos.com/prometheusrules", APPLY,
          "monitoring.coreos.com/servicemonitors", APPLY,
          // a Route (an allowed kind) may set spec.host
          "route.openshift.io/routes/custom-host", Set.of("create", "update"));

  /**
   * {@code Kind.group} as a ClusterRole names it: {@code group/resource}, core ones bare. Every
   * kind on the default list makes its resource by lower case plus "s" (Kubernetes' plural for
   * them); an entry that does not would need a mapping here.
   */
  static String resource(String entry) {
    int dot = entry.indexOf('.');
    String kind = dot < 0 ? entry : entry.substring(0, dot);
    String plural = kind.toLowerCase(Locale.ROOT) + "s";
    return dot < 0 ? plural : entry.substring(dot + 1) + "/" + plural;
  }

  @SuppressWarnings("unchecked")
  static List<String> portalsDefaultList() throws IOException {
    try (Reader in = Files.newBufferedReader(PORTAL_CONFIG)) {
      Map<String, Object> config = new Yaml().load(in);
      Map<String, Object> slipway = (Map<String, Object>) config.get("slipway");
      Map<String, Object> catalog = (Map<String, Object>) slipway.get("catalog");
      return (List<String>) catalog.get("allowed-kinds");
    }
  }

  @Test
  void grantsExactlyThePortalsAllowedKindsAndItsOwn() throws IOException {
    List<String> allowed = portalsDefaultList();
    assertThat(allowed).isNotEmpty();
    Map<String, Set<String>> expected = new TreeMap<>(PORTALS_OWN);
    allowed.forEach(entry -> expected.put(resource(entry), APPLY));

    Map<String, Set<String>> granted =
        Rbac.verbsByResource(RenderedChart.withDefaults().one("ClusterRole"));

    assertThat(granted).isEqualTo(expected);
  }

  @Test
  void grantsNothingThatGivesRightsOrReachesBeyondANamespace() throws IOException {
    Set<String> resources =
        new TreeSet<>(
            Rbac.verbsByResource(RenderedChart.withDefaults().one("ClusterRole")).keySet());
    assertThat(resources)
        .noneMatch(r -> r.startsWith("rbac.authorization.k8s.io/"))
        .noneMatch(r -> r.startsWith("authorization.openshift.io/"))
        .noneMatch(r -> r.startsWith("apiextensions.k8s.io/"))
        .noneMatch(r -> r.startsWith("project.openshift.io/"))
        .doesNotContain("persistentvolumes", "nodes", "*");
  }

  @Test
  void pluralisesEntriesAsTheClusterRoleNamesThem() {
    assertThat(resource("ConfigMap")).isEqualTo("configmaps");
    assertThat(resource("DeploymentConfig.apps.openshift.io"))
        .isEqualTo("apps.openshift.io/deploymentconfigs");
  }
}

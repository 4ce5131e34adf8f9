package dev.slipway.catalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The kinds a template may create ({@code slipway.catalog.allowed-kinds}), each written as
 * Kubernetes writes a group and kind: {@code ConfigMap} (the core group), {@code Deployment.apps},
 * {@code Route.route.openshift.io}. Only namespaced kinds belong here: an object of any other kind
 * would reach beyond the environment's namespace. The chart's ClusterRole grants exactly these (see
 * {@code adr/0007-kind-allow-list.md}).
 *
 * <p>Some kinds are never allowed, whatever the configuration says: anything that grants rights
 * (RBAC, OpenShift's authorization API), defines APIs or admission, is itself a namespace, or is a
 * well-known cluster-scoped kind (StorageClass, PriorityClass, RuntimeClass, IngressClass…). A
 * cluster-scoped kind not named here is refused at start by the cluster's API discovery, or by the
 * gateway when it is applied.
 */
public final class AllowedKinds {

  /** One kind in one API group; the core group is the empty string. */
  public record GroupKind(String group, String kind) {

    /** Kubernetes' own spelling: {@code Kind.group}, or {@code Kind} for the core group. */
    @Override
    public String toString() {
      return group.isEmpty() ? kind : kind + "." + group;
    }
  }

  private static final Pattern KIND = Pattern.compile("[A-Z][A-Za-z0-9]*");
  private static final Pattern GROUP =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  /**
   * Groups whose every kind can grant rights, define APIs or change admission, or is cluster-scoped
   * (priority, runtime and flow-control classes; the cluster's and its operators' configuration).
   */
  private static final Set<String> NEVER_GROUPS =
      Set.of(
          "rbac.authorization.k8s.io",
          "scheduling.k8s.io",
          "node.k8s.io",
          "flowcontrol.apiserver.k8s.io",
          "internal.apiserver.k8s.io",
          "apiserver.openshift.io",
          "machineconfiguration.openshift.io",
          "console.openshift.io",
          "authorization.openshift.io",
          "authorization.k8s.io",
          "authentication.k8s.io",
          "apiextensions.k8s.io",
          "apiregistration.k8s.io",
          "admissionregistration.k8s.io",
          "certificates.k8s.io",
          "security.openshift.io",
          "user.openshift.io",
          "oauth.openshift.io",
          "project.openshift.io",
          "config.openshift.io",
          "operator.openshift.io");

  /** Core kinds that are cluster-scoped or give their holder power over others. */
  private static final Set<String> NEVER_CORE_KINDS =
      Set.of("Namespace", "Node", "PersistentVolume", "ComponentStatus", "Binding");

  /**
   * Well-known cluster-scoped kinds in groups that also hold namespaced ones (an Ingress is
   * namespaced, an IngressClass is not). The gateway asks the cluster about anything else.
   */
  private static final Set<GroupKind> NEVER_KINDS =
      Set.of(
          new GroupKind("storage.k8s.io", "StorageClass"),
          new GroupKind("storage.k8s.io", "CSIDriver"),
          new GroupKind("storage.k8s.io", "CSINode"),
          new GroupKind("storage.k8s.io", "VolumeAttachment"),
          new GroupKind("storage.k8s.io", "VolumeAttributesClass"),
          new GroupKind("networking.k8s.io", "IngressClass"),
          new GroupKind("networking.k8s.io", "IPAddress"),
          new GroupKind("networking.k8s.io", "ServiceCIDR"),
          new GroupKind("resource.k8s.io", "DeviceClass"),
          new GroupKind("image.openshift.io", "Image"),
          new GroupKind("image.openshift.io", "ImageSignature"),
          new GroupKind("network.openshift.io", "HostSubnet"),
          new GroupKind("network.openshift.io", "NetNamespace"),
          new GroupKind("network.openshift.io", "ClusterNetwork"));

  /**
   * OpenShift 3's legacy {@code apiVersion: v1} served its own kinds in the core group; real
   * templates still say so. Read as the group the kind has moved to.
   */
  private static final Map<String, String> LEGACY_OPENSHIFT_KINDS =
      Map.ofEntries(
          Map.entry("DeploymentConfig", "apps.openshift.io"),
          Map.entry("BuildConfig", "build.openshift.io"),
          Map.entry("Build", "build.openshift.io"),
          Map.entry("ImageStream", "image.openshift.io"),
          Map.entry("ImageStreamTag", "image.openshift.io"),
          Map.entry("ImageStreamImport", "image.openshift.io"),
          Map.entry("Route", "route.openshift.io"),
          Map.entry("Template", "template.openshift.io"),
          Map.entry("Project", "project.openshift.io"),
          Map.entry("ProjectRequest", "project.openshift.io"),
          Map.entry("Role", "authorization.openshift.io"),
          Map.entry("RoleBinding", "authorization.openshift.io"),
          Map.entry("ClusterRole", "authorization.openshift.io"),
          Map.entry("ClusterRoleBinding", "authorization.openshift.io"),
          Map.entry("User", "user.openshift.io"),
          Map.entry("Group", "user.openshift.io"));

  private final Set<GroupKind> kinds;

  private AllowedKinds(Set<GroupKind> kinds) {
    this.kinds = Set.copyOf(kinds);
  }

  /**
   * Reads the configured entries.
   *
   * @throws IllegalArgumentException naming each entry that is malformed or never allowed
   */
  public static AllowedKinds parse(Collection<String> entries) {
    Set<GroupKind> kinds = new LinkedHashSet<>();
    List<String> wrong = new ArrayList<>();
    for (String entry : entries) {
      String e = entry == null ? "" : entry.strip();
      int dot = e.indexOf('.');
      GroupKind gk =
          dot < 0 ? new GroupKind("", e) : new GroupKind(e.substring(dot + 1), e.substring(0, dot));
      if (!KIND.matcher(gk.kind()).matches()
          || (!gk.group().isEmpty() && !GROUP.matcher(gk.group()).matches())) {
        wrong.add("'" + e + "' is not Kind or Kind.group (e.g. Deployment.apps)");
      } else if (never(gk)) {
        wrong.add(gk + " can reach beyond a namespace or grant rights; it is never allowed");
      } else {
        kinds.add(gk);
      }
    }
    if (!wrong.isEmpty() || kinds.isEmpty()) {
      if (kinds.isEmpty() && wrong.isEmpty()) {
        wrong.add("the list is empty: no template could create anything");
      }
      throw new IllegalArgumentException(
          "slipway.catalog.allowed-kinds: " + String.join("; ", wrong));
    }
    return new AllowedKinds(kinds);
  }

  /** The group and kind an object of this apiVersion and kind has. */
  public static GroupKind of(String apiVersion, String kind) {
    int slash = apiVersion.lastIndexOf('/');
    String group = slash < 0 ? "" : apiVersion.substring(0, slash);
    if (group.isEmpty() && "v1".equals(apiVersion) && LEGACY_OPENSHIFT_KINDS.containsKey(kind)) {
      group = LEGACY_OPENSHIFT_KINDS.get(kind);
    }
    return new GroupKind(group, kind);
  }

  public boolean allows(String apiVersion, String kind) {
    GroupKind gk = of(apiVersion, kind);
    return kinds.contains(gk) && !never(gk);
  }

  /** The configured kinds: for the start-up check against the cluster's discovery. */
  Set<GroupKind> kinds() {
    return kinds;
  }

  /** The list as people read it, sorted: for messages. */
  public String describe() {
    return kinds.stream().map(GroupKind::toString).sorted().collect(Collectors.joining(", "));
  }

  private static boolean never(GroupKind gk) {
    return NEVER_GROUPS.contains(gk.group())
        || (gk.group().isEmpty() && NEVER_CORE_KINDS.contains(gk.kind()))
        || NEVER_KINDS.contains(gk)
        // ClusterRole, ClusterRoleBinding, ClusterIssuer…: by convention cluster-wide.
        || gk.kind().startsWith("Cluster");
  }

  @Override
  public String toString() {
    return "AllowedKinds[" + describe() + "]";
  }
}

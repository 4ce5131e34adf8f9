package dev.slipway.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AllowedKindsTest {

  private final AllowedKinds kinds =
      AllowedKinds.parse(
          List.of("ConfigMap", "Deployment.apps", "DeploymentConfig.apps.openshift.io"));

  @Test
  void allowsTheListedKindsInTheirGroupOnly() {
    assertThat(kinds.allows("v1", "ConfigMap")).isTrue();
    assertThat(kinds.allows("apps/v1", "Deployment")).isTrue();
    assertThat(kinds.allows("extensions/v1beta1", "Deployment")).isFalse();
    assertThat(kinds.allows("v1", "Deployment")).isFalse();
    assertThat(kinds.allows("apps/v1", "StatefulSet")).isFalse();
  }

  @Test
  void readsOpenShiftsLegacyV1KindsInTheirGroup() {
    assertThat(kinds.allows("v1", "DeploymentConfig")).isTrue();
    assertThat(AllowedKinds.of("v1", "RoleBinding").toString())
        .isEqualTo("RoleBinding.authorization.openshift.io");
    assertThat(AllowedKinds.of("v1", "ConfigMap").toString()).isEqualTo("ConfigMap");
  }

  @Test
  void neverAllowsWhatGrantsRightsOrReachesBeyondANamespace() {
    for (String entry :
        List.of(
            "Namespace",
            "Role.rbac.authorization.k8s.io",
            "RoleBinding.rbac.authorization.k8s.io",
            "ClusterRoleBinding.rbac.authorization.k8s.io",
            "RoleBinding.authorization.openshift.io",
            "CustomResourceDefinition.apiextensions.k8s.io",
            "Project.project.openshift.io",
            "ProjectRequest.project.openshift.io",
            "PersistentVolume",
            "ValidatingWebhookConfiguration.admissionregistration.k8s.io",
            "SecurityContextConstraints.security.openshift.io",
            "ClusterIssuer.cert-manager.io")) {
      assertThatThrownBy(() -> AllowedKinds.parse(List.of("ConfigMap", entry)))
          .as(entry)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("never allowed")
          .hasMessageContaining(entry);
    }
  }

  @Test
  void neverAllowsTheWellKnownClusterScopedKinds() {
    for (String entry :
        List.of(
            "StorageClass.storage.k8s.io",
            "CSIDriver.storage.k8s.io",
            "CSINode.storage.k8s.io",
            "VolumeAttachment.storage.k8s.io",
            "PriorityClass.scheduling.k8s.io",
            "RuntimeClass.node.k8s.io",
            "FlowSchema.flowcontrol.apiserver.k8s.io",
            "PriorityLevelConfiguration.flowcontrol.apiserver.k8s.io",
            "IngressClass.networking.k8s.io",
            "CertificateSigningRequest.certificates.k8s.io",
            "MutatingWebhookConfiguration.admissionregistration.k8s.io",
            "APIService.apiregistration.k8s.io",
            "Image.image.openshift.io",
            "Proxy.config.openshift.io",
            "IngressController.operator.openshift.io",
            "MachineConfig.machineconfiguration.openshift.io")) {
      assertThatThrownBy(() -> AllowedKinds.parse(List.of("ConfigMap", entry)))
          .as(entry)
          .hasMessageContaining("never allowed")
          .hasMessageContaining(entry);
    }
    // their groups' namespaced kinds stay possible
    assertThat(
            AllowedKinds.parse(
                    List.of(
                        "Ingress.networking.k8s.io",
                        "NetworkPolicy.networking.k8s.io",
                        "CSIStorageCapacity.storage.k8s.io",
                        "ImageStream.image.openshift.io"))
                .allows("networking.k8s.io/v1", "Ingress"))
        .isTrue();
  }

  @Test
  void refusesMalformedEntriesAndAnEmptyList() {
    assertThatThrownBy(() -> AllowedKinds.parse(List.of("apps/Deployment")))
        .hasMessageContaining("'apps/Deployment' is not Kind or Kind.group");
    assertThatThrownBy(() -> AllowedKinds.parse(List.of("configmap")))
        .hasMessageContaining("is not Kind or Kind.group");
    assertThatThrownBy(() -> AllowedKinds.parse(List.of()))
        .hasMessageContaining("slipway.catalog.allowed-kinds")
        .hasMessageContaining("empty");
  }

  @Test
  void describesItselfAsKubernetesSpellsGroupKinds() {
    assertThat(kinds.describe())
        .isEqualTo("ConfigMap, Deployment.apps, DeploymentConfig.apps.openshift.io");
  }
}

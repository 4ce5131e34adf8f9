package dev.slipway.catalog.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.catalog.AllowedKinds;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

class ObjectRulesTest {

  private static final YAMLMapper YAML = new YAMLMapper();
  private final ObjectRules rules =
      new ObjectRules(
          AllowedKinds.parse(
              List.of("ConfigMap", "Service", "Deployment.apps", "Route.route.openshift.io")),
          10);

  private static JsonNode object(String yaml) {
    return YAML.readTree(yaml);
  }

  private static List<String> pointers(List<ObjectRules.Finding> findings) {
    return findings.stream().map(ObjectRules.Finding::pointer).toList();
  }

  // --- where an object lands ---

  @Test
  void acceptsAnAllowedKindWithoutANamespace() {
    assertThat(rules.confinement(object("{apiVersion: v1, kind: ConfigMap, metadata: {name: c}}")))
        .isEmpty();
  }

  @Test
  void refusesAClusterRoleBindingNamingTheKindAndItsGroup() {
    List<ObjectRules.Finding> findings =
        rules.confinement(
            object(
                "{apiVersion: rbac.authorization.k8s.io/v1, kind: ClusterRoleBinding,"
                    + " metadata: {name: admin}}"));
    assertThat(pointers(findings)).containsExactly("/kind");
    assertThat(findings.getFirst().message())
        .startsWith(
            "ClusterRoleBinding (ClusterRoleBinding.rbac.authorization.k8s.io) is not a kind")
        .contains("ConfigMap, Deployment.apps, Route.route.openshift.io, Service");
  }

  @Test
  void refusesNamespacesCrdsAndKindsOffTheList() {
    for (String kind :
        List.of(
            "{apiVersion: v1, kind: Namespace}",
            "{apiVersion: apiextensions.k8s.io/v1, kind: CustomResourceDefinition}",
            "{apiVersion: project.openshift.io/v1, kind: Project}",
            "{apiVersion: v1, kind: RoleBinding}",
            "{apiVersion: apps/v1, kind: StatefulSet}",
            "{apiVersion: extensions/v1beta1, kind: Deployment}")) {
      assertThat(pointers(rules.confinement(object(kind)))).as(kind).containsExactly("/kind");
    }
  }

  @Test
  void refusesAKindOrApiVersionAParameterFills() {
    assertThat(pointers(rules.confinement(object("{apiVersion: v1, kind: '${KIND}'}"))))
        .containsExactly("/kind");
    assertThat(pointers(rules.confinement(object("{apiVersion: '${API}', kind: ConfigMap}"))))
        .containsExactly("/apiVersion");
  }

  @Test
  void refusesANamespaceAParameterFillsButLeavesAFixedOneToBeDropped() {
    assertThat(
            pointers(
                rules.confinement(
                    object(
                        "{apiVersion: v1, kind: ConfigMap,"
                            + " metadata: {name: c, namespace: '${TARGET}'}}"))))
        .containsExactly("/metadata/namespace");
    assertThat(
            rules.confinement(
                object("{apiVersion: v1, kind: ConfigMap, metadata: {name: c, namespace: x}}")))
        .isEmpty();
  }

  // --- names ---

  @Test
  void checksNamesAsKubernetesDoesForTheKind() {
    assertThat(rules.fields(object("{kind: ConfigMap, metadata: {name: my.settings-1}}")))
        .isEmpty();
    assertThat(pointers(rules.fields(object("{kind: ConfigMap, metadata: {name: My_Settings}}"))))
        .containsExactly("/metadata/name");
    assertThat(pointers(rules.fields(object("{kind: ConfigMap, metadata: {name: a-}}"))))
        .containsExactly("/metadata/name");
    assertThat(rules.fields(object("{kind: ConfigMap, metadata: {name: " + "a".repeat(253) + "}}")))
        .isEmpty();
    assertThat(rules.fields(object("{kind: ConfigMap, metadata: {name: " + "a".repeat(254) + "}}")))
        .hasSize(1);
    // a Service's name is a DNS-1035 label: no dots, starts with a letter, at most 63
    assertThat(pointers(rules.fields(object("{kind: Service, metadata: {name: web.app}}"))))
        .containsExactly("/metadata/name");
    assertThat(pointers(rules.fields(object("{kind: Service, metadata: {name: 1web}}"))))
        .containsExactly("/metadata/name");
    assertThat(rules.fields(object("{kind: Service, metadata: {name: " + "a".repeat(64) + "}}")))
        .hasSize(1);
    assertThat(pointers(rules.fields(object("{kind: Route, metadata: {name: web.app}}"))))
        .containsExactly("/metadata/name");
    assertThat(rules.fields(object("{kind: Route, metadata: {name: 1web}}"))).isEmpty();
  }

  @Test
  void leavesValuesWithReferencesForRendering() {
    assertThat(
            rules.fields(
                object(
                    "{kind: Service, metadata: {name: '${NAME}', labels: {'${K}': '${V}'}},"
                        + " spec: {replicas: '${{R}}', ports: [{port: '${{P}}'}]}}")))
        .isEmpty();
  }

  // --- labels ---

  @Test
  void checksLabelKeysAndValuesWhereverLabelsAre() {
    JsonNode deployment =
        object(
            """
            kind: Deployment
            metadata:
              name: web
              labels: { app.kubernetes.io/name: web, "bad key!": x, long: %s }
            spec:
              selector: { matchLabels: { app: "-web" } }
              template:
                metadata: { labels: { app: "web app" } }
            """
                .formatted("a".repeat(64)));
    assertThat(pointers(rules.fields(deployment)))
        .containsExactlyInAnyOrder(
            "/metadata/labels/bad key!",
            "/metadata/labels/long",
            "/spec/selector/matchLabels/app",
            "/spec/template/metadata/labels/app");
  }

  @Test
  void checksAServicesSelectorAsLabels() {
    assertThat(
            pointers(
                rules.fields(
                    object(
                        "{kind: Service, metadata: {name: web}, spec: {selector: {app: a/b}}}"))))
        .containsExactly("/spec/selector/app");
    assertThat(rules.fields(object("{kind: Service, metadata: {name: w}, spec: {selector: {}}}")))
        .isEmpty();
  }

  @Test
  void acceptsAnEmptyLabelValueAndAPrefixedKey() {
    assertThat(rules.labels(object("{example.com/tier: '', app: web}"))).isEmpty();
    assertThat(pointers(rules.labels(object("{Example.com/tier: x, /app: y}"))))
        .containsExactlyInAnyOrder("/Example.com~1tier", "/~1app");
  }

  @Test
  void wantsLabelValuesToBeStrings() {
    assertThat(pointers(rules.labels(object("{replicas: 3}")))).containsExactly("/replicas");
  }

  // --- replicas ---

  @Test
  void keepsReplicasBetweenZeroAndTheMaximum() {
    assertThat(rules.fields(object("{kind: Deployment, spec: {replicas: 0}}"))).isEmpty();
    assertThat(rules.fields(object("{kind: Deployment, spec: {replicas: 10}}"))).isEmpty();
    assertThat(rules.fields(object("{kind: Deployment, spec: {replicas: 11}}")))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.pointer()).isEqualTo("/spec/replicas");
              assertThat(f.message()).contains("between 0 and 10", "slipway.catalog.max-replicas");
            });
    assertThat(rules.fields(object("{kind: Deployment, spec: {replicas: -1}}"))).hasSize(1);
    assertThat(rules.fields(object("{kind: Deployment, spec: {replicas: 1.5}}"))).hasSize(1);
    assertThat(rules.fields(object("{kind: Deployment, spec: {replicas: many}}")))
        .singleElement()
        .satisfies(f -> assertThat(f.message()).contains("'many' is not a whole number"));
  }

  // --- ports ---

  @Test
  void keepsPortsBetweenOneAnd65535() {
    JsonNode deployment =
        object(
            """
            kind: Deployment
            spec:
              template:
                spec:
                  containers:
                    - name: web
                      ports: [ { containerPort: 8080 }, { containerPort: 0 }, { containerPort: 70000 } ]
                      readinessProbe: { httpGet: { port: http } }
            """);
    assertThat(pointers(rules.fields(deployment)))
        .containsExactly(
            "/spec/template/spec/containers/0/ports/1/containerPort",
            "/spec/template/spec/containers/0/ports/2/containerPort");
  }

  @Test
  void letsServiceAndRouteTargetPortsBeNamesButNotContainerPorts() {
    assertThat(
            rules.fields(
                object(
                    "{kind: Service, metadata: {name: web},"
                        + " spec: {ports: [{port: 80, targetPort: web-http}]}}")))
        .isEmpty();
    assertThat(rules.fields(object("{kind: Route, spec: {port: {targetPort: 8080}}}"))).isEmpty();
    assertThat(
            pointers(
                rules.fields(
                    object(
                        "{kind: Service, metadata: {name: web},"
                            + " spec: {ports: [{port: '99999', targetPort: 'Not A Name'}]}}"))))
        .containsExactly("/spec/ports/0/port", "/spec/ports/0/targetPort");
    assertThat(
            pointers(
                rules.fields(
                    object("{kind: Deployment, spec: {containers: [{containerPort: http}]}}"))))
        .containsExactly("/spec/containers/0/containerPort");
  }

  // --- what pods may reach beyond the namespace ---

  @Test
  void refusesPodsThatShareTheNodesNamespacesFilesOrPrivilegesNamingThePointer() {
    List<ObjectRules.Finding> findings =
        rules.fields(
            object(
                """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: agent}
                spec:
                  template:
                    spec:
                      hostNetwork: true
                      hostPID: true
                      hostIPC: "true"
                      volumes:
                        - {name: data, emptyDir: {}}
                        - {name: root, hostPath: {path: /}}
                      initContainers:
                        - {name: setup, image: busybox, securityContext: {privileged: true}}
                      containers:
                        - {name: main, image: busybox, securityContext: {privileged: false}}
                """));
    assertThat(pointers(findings))
        .containsExactly(
            "/spec/template/spec/hostNetwork",
            "/spec/template/spec/hostPID",
            "/spec/template/spec/hostIPC",
            "/spec/template/spec/volumes/1/hostPath",
            "/spec/template/spec/initContainers/0/securityContext/privileged");
    assertThat(findings.getFirst().message()).contains("hostNetwork must be false or left out");
  }

  @Test
  void aNumberOrWordWhereFalseBelongsIsRefusedTooForTheClientReadsItAsTrue() {
    List<ObjectRules.Finding> findings =
        rules.fields(
            object(
                """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: agent}
                spec:
                  template:
                    spec:
                      hostNetwork: 1
                      hostPID: "yes"
                      hostIPC: false
                      containers:
                        - {name: main, image: busybox, securityContext: {privileged: 2}}
                """));
    assertThat(pointers(findings))
        .containsExactly(
            "/spec/template/spec/hostNetwork",
            "/spec/template/spec/hostPID",
            "/spec/template/spec/containers/0/securityContext/privileged");
  }

  @Test
  void aServicePortIsANumberAndPresentWhileATargetPortMayBeAName() {
    List<ObjectRules.Finding> findings =
        rules.fields(
            object(
                """
                apiVersion: v1
                kind: Service
                metadata: {name: web}
                spec:
                  ports:
                    - {name: a, port: http, targetPort: http}
                    - {name: b, port: null, targetPort: 8080}
                    - {name: c, port: 80, targetPort: ab--c}
                """));
    assertThat(pointers(findings))
        .containsExactly("/spec/ports/0/port", "/spec/ports/1/port", "/spec/ports/2/targetPort");
  }

  @Test
  void findsTheCronJobsPodSpecAndLeavesFalseAndReferencesAlone() {
    assertThat(
            pointers(
                rules.fields(
                    object(
                        """
                        apiVersion: batch/v1
                        kind: CronJob
                        metadata: {name: nightly}
                        spec:
                          jobTemplate:
                            spec:
                              template:
                                spec:
                                  hostNetwork: false
                                  hostPID: "${{SHARE}}"
                                  containers:
                                    - name: c
                                      image: busybox
                                      securityContext: {privileged: true}
                        """))))
        .containsExactly(
            "/spec/jobTemplate/spec/template/spec/containers/0/securityContext/privileged");
  }

  @Test
  void refusesAServiceWithExternalIps() {
    List<ObjectRules.Finding> findings =
        rules.fields(
            object(
                """
                apiVersion: v1
                kind: Service
                metadata: {name: web}
                spec:
                  externalIPs: [203.0.113.7]
                  ports: [{port: 80}]
                """));
    assertThat(pointers(findings)).containsExactly("/spec/externalIPs");
    assertThat(findings.getFirst().message()).contains("CVE-2020-8554");
    assertThat(
            rules.fields(
                object(
                    "{apiVersion: v1, kind: Service, metadata: {name: web}, spec: {externalIPs:"
                        + " []}}")))
        .isEmpty();
  }
}

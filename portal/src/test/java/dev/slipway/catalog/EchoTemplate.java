package dev.slipway.catalog;

import tools.jackson.dataformat.yaml.YAMLMapper;

/** The echo template the catalog tests import, break and request, in one place. */
public final class EchoTemplate {

  private EchoTemplate() {}

  /** A valid template named {@code name} whose Deployment runs {@code image}, as YAML. */
  public static String yaml(String name, String image) {
    return """
        apiVersion: template.openshift.io/v1
        kind: Template
        metadata:
          name: %s
          annotations:
            openshift.io/display-name: Echo service %s
            description: An echo server for tests.
            tags: test,echo
            iconClass: icon-go-gopher
            openshift.io/documentation-url: https://example.com/echo
            openshift.io/provider-display-name: Platform team
        labels:
          app: ${NAME}
        objects:
          - apiVersion: v1
            kind: Secret
            metadata: { name: "${NAME}-token" }
            stringData: { token: "${TOKEN}" }
          - apiVersion: apps/v1
            kind: Deployment
            metadata: { name: "${NAME}" }
            spec:
              replicas: ${{REPLICAS}}
              selector: { matchLabels: { app: "${NAME}" } }
              template:
                metadata: { labels: { app: "${NAME}" } }
                spec:
                  containers:
                    - name: echo
                      image: %s
        parameters:
          - name: NAME
            value: echo
            required: true
          - name: REPLICAS
            value: "1"
          - name: TOKEN
            generate: expression
            from: "[a-zA-Z0-9]{24}"
        """
        .formatted(name, name, image);
  }

  /** The same document as JSON. */
  public static String json(String name, String image) {
    return asJson(yaml(name, image));
  }

  /** A YAML document as JSON. */
  public static String asJson(String yaml) {
    return dev.slipway.Api.JSON.writeValueAsString(new YAMLMapper().readTree(yaml));
  }
}

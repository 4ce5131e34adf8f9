package dev.slipway.cluster.internal;

import dev.slipway.cluster.ClusterMode;
import dev.slipway.cluster.ClusterProperties;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Chooses the cluster: a configured real one, or the in-process sandbox in the dev profile. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ClusterProperties.class)
class ClusterConfiguration {

  private static final Logger log = LoggerFactory.getLogger(ClusterConfiguration.class);
  private static final Path SERVICE_ACCOUNT_TOKEN =
      Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

  @Bean(destroyMethod = "close")
  ClusterConnection clusterConnection(ClusterProperties properties) {
    ClusterMode mode = chooseMode(properties, System.getenv("KUBECONFIG"), inCluster());
    if (mode == ClusterMode.SANDBOX) {
      if (!Sandbox.available()) {
        throw new IllegalStateException(
            "slipway.cluster.mode chose the sandbox, but this build leaves it out (the container"
                + " image is for real clusters): configure a kubeconfig or run in a cluster, or"
                + " use the portal's jar for the sandbox.");
      }
      return Sandbox.connection();
    }
    Config config = kubernetesConfig(properties.kubeconfig());
    log.info("Cluster: {}", config.getMasterUrl());
    return new ClusterConnection(
        mode, new KubernetesClientBuilder().withConfig(config).build(), null);
  }

  @Bean
  Fabric8ClusterGateway clusterGateway(ClusterConnection connection, ClusterProperties properties) {
    return gateway(connection, properties);
  }

  private static Fabric8ClusterGateway gateway(
      ClusterConnection connection, ClusterProperties properties) {
    // Retries are Slipway's (RetryPolicy), not the client's own: one policy, bounded and tested.
    connection.client().getConfiguration().setRequestRetryBackoffLimit(0);
    return new Fabric8ClusterGateway(
        connection.mode(),
        connection.client(),
        applyStrategy(properties, connection.mode()),
        retryPolicy(properties),
        duration -> Thread.sleep(duration),
        properties.impersonation(),
        properties.podSecurityLevel());
  }

  @Bean
  NamespacedKindsCheck namespacedKindsCheck(
      ClusterConnection connection,
      ClusterProperties properties,
      org.springframework.beans.factory.ObjectProvider<dev.slipway.cluster.NamespacedKinds>
          declared) {
    // A gateway of its own on the same connection: the check needs the adapter's discovery, and
    // the application's gateway bean may be wrapped (tests halt it, for one).
    return new NamespacedKindsCheck(
        gateway(connection, properties), declared.orderedStream().toList());
  }

  static Fabric8ClusterGateway.ApplyStrategy applyStrategy(
      ClusterProperties properties, ClusterMode mode) {
    ClusterProperties.Apply apply = properties.apply();
    if (apply == null) {
      return mode == ClusterMode.SANDBOX
          ? Fabric8ClusterGateway.ApplyStrategy.CREATE_OR_UPDATE
          : Fabric8ClusterGateway.ApplyStrategy.SERVER_SIDE;
    }
    return switch (apply) {
      case SERVER_SIDE -> Fabric8ClusterGateway.ApplyStrategy.SERVER_SIDE;
      case CREATE_OR_UPDATE -> Fabric8ClusterGateway.ApplyStrategy.CREATE_OR_UPDATE;
    };
  }

  static RetryPolicy retryPolicy(ClusterProperties properties) {
    ClusterProperties.Retry r = properties.retry();
    if (r == null) {
      return RetryPolicy.NONE;
    }
    return new RetryPolicy(r.maxAttempts(), r.initialBackoff(), r.maxBackoff(), r.budget());
  }

  static ClusterMode chooseMode(
      ClusterProperties properties, @Nullable String kubeconfigEnv, boolean inCluster) {
    return switch (properties.modeOrAuto()) {
      case SANDBOX -> ClusterMode.SANDBOX;
      case KUBERNETES -> ClusterMode.KUBERNETES;
      case AUTO -> {
        boolean configured =
            (properties.kubeconfig() != null && !properties.kubeconfig().isBlank())
                || (kubeconfigEnv != null && !kubeconfigEnv.isBlank())
                || inCluster;
        if (configured) {
          yield ClusterMode.KUBERNETES;
        }
        if (properties.sandboxAllowed()) {
          yield ClusterMode.SANDBOX;
        }
        throw new IllegalStateException(
            "No cluster configured: set slipway.cluster.kubeconfig (or the KUBECONFIG variable),"
                + " run inside a cluster, or set slipway.cluster.mode=sandbox to store objects"
                + " without running them.");
      }
    };
  }

  private static boolean inCluster() {
    return System.getenv("KUBERNETES_SERVICE_HOST") != null
        && Files.isReadable(SERVICE_ACCOUNT_TOKEN);
  }

  private static Config kubernetesConfig(@Nullable String kubeconfig) {
    if (kubeconfig == null || kubeconfig.isBlank()) {
      return Config.autoConfigure(null);
    }
    try {
      return Config.fromKubeconfig(Files.readString(Path.of(kubeconfig)));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "slipway.cluster.kubeconfig: cannot read " + kubeconfig + ": " + e.getMessage(), e);
    }
  }
}

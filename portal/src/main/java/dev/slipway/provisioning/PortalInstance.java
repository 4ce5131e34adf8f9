package dev.slipway.provisioning;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Which portal instance this is: db-scheduler's scheduler name when set ({@code
 * db-scheduler.scheduler-name}), otherwise the host name (a pod's name on OpenShift). Recorded with
 * every transition, so an environment's history shows which instance did each step.
 */
@Component
class PortalInstance {

  private final String name;

  PortalInstance(@Value("${db-scheduler.scheduler-name:}") String configured) {
    this.name = configured.isBlank() ? hostName() : configured;
  }

  String name() {
    return name;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown";
    }
  }
}

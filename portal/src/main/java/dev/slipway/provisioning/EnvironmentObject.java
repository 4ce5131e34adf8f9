package dev.slipway.provisioning;

import java.util.Map;

/** One object an environment created: what it is, its ownership labels, how it fared. */
public record EnvironmentObject(
    String apiVersion,
    String kind,
    String name,
    ObjectStatus status,
    String message,
    Map<String, String> labels) {}

package dev.slipway.catalog;

/** Why a parameter value (or its absence) keeps a template from being rendered. */
public record ParameterProblem(String parameter, String message) {}

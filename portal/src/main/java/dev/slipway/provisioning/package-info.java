/**
 * Environments: requests, their lifecycle, the objects each one created, and the REST API for them.
 */
@NullMarked
package dev.slipway.provisioning;

import org.jspecify.annotations.NullMarked;

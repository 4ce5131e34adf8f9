/**
 * The only code that talks to a cluster. Everything else goes through {@link
 * dev.slipway.cluster.ClusterGateway}; an ArchUnit rule keeps the fabric8 client inside this
 * package.
 */
@NullMarked
package dev.slipway.cluster;

import org.jspecify.annotations.NullMarked;

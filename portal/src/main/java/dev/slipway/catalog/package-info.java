/**
 * Templates: the SRE-curated catalog, their parameters, and local processing with OpenShift's
 * semantics.
 */
@NullMarked
package dev.slipway.catalog;

import org.jspecify.annotations.NullMarked;

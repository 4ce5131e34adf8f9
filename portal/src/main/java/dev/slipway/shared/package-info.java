/**
 * What every feature shares: errors a user can act on and their RFC 9457 problem-detail form. Kept
 * small on purpose: anything feature-specific belongs to its feature.
 */
@NullMarked
@org.springframework.modulith.ApplicationModule(
    type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package dev.slipway.shared;

import org.jspecify.annotations.NullMarked;

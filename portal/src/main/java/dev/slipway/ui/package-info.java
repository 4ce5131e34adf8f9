/** The shell: main layout, navigation built from {@code @Menu}, error pages. */
@NullMarked
package dev.slipway.ui;

import org.jspecify.annotations.NullMarked;

package dev.jaffa.interp.snapshot;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field a snapshot deliberately does not save: configuration the same command line
 * rebuilds, wiring to other components, a cache, or state derived from saved fields. The
 * reflective snapshot test compares every other field of every component after a restore, so a
 * new field is either saved or carries this annotation with its reason.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface NotState {
    /** Why the field is not saved (e.g. "configuration", "wiring", "derived from pstate", "cache"). */
    String value();
}

package org.hearthgate.contract.obs;

/** What detected a fall. */
public enum FallSource { WEARABLE, FALL_MAT, MANUAL }

package org.hearthgate.contract.obs;

/** Where an occupancy pad lies. */
public enum Place { BED, CHAIR }

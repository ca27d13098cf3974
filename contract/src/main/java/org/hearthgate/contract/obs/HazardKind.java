package org.hearthgate.contract.obs;

/** Environmental hazards reported by linked detectors. */
public enum HazardKind { SMOKE, CARBON_MONOXIDE, FLOOD, HEAT, GAS }

package org.hearthgate.contract.obs;

/** A device's own view of its health, in the spirit of openHAB's ThingStatus. */
public enum DeviceState { ONLINE, OFFLINE, TAMPERED, ERROR, NOT_WORN }

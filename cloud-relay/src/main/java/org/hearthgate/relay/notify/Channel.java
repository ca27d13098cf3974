package org.hearthgate.relay.notify;

/** How a person (or another system) is reached. */
public enum Channel { CONSOLE, EMAIL, SMS, WEBHOOK }

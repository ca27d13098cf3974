package org.hearthgate.relay.directory;

/** A hub as the admin's list shows it: with the name and town of the resident it serves now (nulls: nobody). */
public record HubListing(RegisteredHub hub, String residentName, String town) {
}

package org.hearthgate.hub;

/** What the hub tells the resident at home, by tone, LED and voice. */
public enum Announcement {
    ALARM_RAISED("Your alarm call is being made."),
    CALL_RECEIVED("Your call has been received."),
    HELP_ON_THE_WAY("Help is on the way."),
    ALARM_RESOLVED("Your alarm has been closed."),
    NO_CONNECTION("We cannot reach the monitoring centre yet. We are still trying."),
    SENDING_BY_TEXT("We are also sending your call by text message. We are still trying."),
    CANCELLED("Your alarm has been cancelled.");

    private final String text;

    Announcement(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }
}

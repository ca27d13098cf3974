package org.hearthgate.relay.escalation;

/**
 * How an alarm ended, from a fixed list (so reports can count them), each with the words the family reads.
 * In the templates {who} is the person who resolved it ("Sam from the care team"), {called} what the reader calls
 * the resident ("Mum"), {time} the local time. Notes never go to the family: they may hold clinical detail.
 */
public enum Outcome {
    FALSE_ALARM("{who} checked on {called} at {time}: it was a false alarm and {called} is fine."),
    RESIDENT_OK_AFTER_CALL("{who} spoke to {called} at {time}: {called} is fine."),
    VISITED_RESIDENT_OK("{who} visited {called} at {time}: {called} is fine."),
    VISITED_HELP_GIVEN("{who} visited {called} at {time} and helped. {called} is all right now."),
    AMBULANCE_CALLED("{who} called an ambulance for {called} at {time}. We will tell you more when we can."),
    ADMITTED_TO_HOSPITAL("{called} was taken to hospital at {time}. {who} can tell you more."),
    NO_RESPONSE_ESCALATED("Nobody could reach {called}, so at {time} {who} asked the emergency services to go."),
    CANCELLED_BY_RESIDENT("{called} cancelled the alarm at {time}: nothing was wrong."),
    EQUIPMENT_FAULT("The alarm for {called} was a fault in the equipment, not a call for help. {who} dealt with it at"
            + " {time}."),
    /**
     * An advisory alert (home blood pressure stage, weight trend, missed reading) looked at by a clinician from the
     * worklist: nothing happened at home to go to, the readings were reviewed and any follow-up is the clinician's.
     */
    CLINICALLY_REVIEWED("{who} looked at {called}'s readings at {time}. They will be in touch if anything needs to"
            + " change.");

    private final String familyTemplate;

    Outcome(String familyTemplate) {
        this.familyTemplate = familyTemplate;
    }

    String familyTemplate() {
        return familyTemplate;
    }
}

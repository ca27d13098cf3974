package org.hearthgate.relay.escalation;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.hearthgate.contract.alarm.EventCode;

/**
 * The words people read, written for who reads them. Family and neighbours get plain words and what they call the
 * resident ("Mum pressed the alarm button at 03:12."); responders get the first name and family initial; nobody
 * gets a clinical code, an address or an NHS number in a message (an SMS can be read on a locked phone). Times are
 * in the tenant's zone. No pronouns are guessed: the messages repeat the name instead.
 */
public final class Messages {
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm", Locale.UK);

    private Messages() {
    }

    /** "Mum pressed the alarm button", "The smoke alarm went off at Mum's home". */
    public static String whatHappened(String called, EventCode code) {
        return switch (code) {
            case PERSONAL_TRIGGER -> called + " pressed the alarm button";
            case PULL_CORD -> called + " pulled the alarm cord";
            case FALL_DETECTED, FALL_MAT -> called + "'s fall sensor went off";
            case SMOKE -> "The smoke alarm went off at " + called + "'s home";
            case CARBON_MONOXIDE -> "The carbon monoxide alarm went off at " + called + "'s home";
            case FLOOD -> "The flood sensor went off at " + called + "'s home";
            case INACTIVITY, NO_KITCHEN_ACTIVITY -> "We have not seen " + called + "'s usual activity at home";
            case WANDERING -> called + " may have gone out and not come back";
            case OUT_OF_BED -> called + " got out of bed and has not gone back";
            case COLD_HOME -> called + "'s home is very cold";
            case HUB_OFFLINE, PERIODIC_TEST_MISSING, LINK_FAIL -> called + "'s alarm equipment has stopped reporting";
            case POWER_FAIL -> "The power is off at " + called + "'s home";
            default -> "There is an alert about " + called;
        };
    }

    public static String time(Instant at, ZoneId zone) {
        return HH_MM.format(at.atZone(zone));
    }

    /** To a family member. */
    public static String forFamily(String called, EventCode code, Instant at, ZoneId zone, String attendLink) {
        return whatHappened(called, code) + " at " + time(at, zone) + ". The care team has been told and is calling "
                + sentence(called) + attendAsk(called, attendLink);
    }

    /** To a nominated neighbour or friend: they are asked whether they can look in. */
    public static String forNeighbour(String called, EventCode code, Instant at, ZoneId zone, String attendLink) {
        return whatHappened(called, code) + " at " + time(at, zone) + " and nobody has answered yet."
                + attendAsk(called, attendLink);
    }

    /** Ends a sentence that may end with an initial ("Margaret S.") without doubling the full stop. */
    private static String sentence(String text) {
        return text.endsWith(".") ? text : text + ".";
    }

    private static String attendAsk(String called, String attendLink) {
        return attendLink == null ? "" : " Can you go round? Tell us here: " + attendLink;
    }

    /** To a responder, on-call or clinician: first name and family initial, never the address or a code. */
    public static String forResponder(String residentShortName, EventCode code, Instant at, ZoneId zone) {
        return "Alarm: " + whatHappened(residentShortName, code) + " at " + time(at, zone)
                + ". Nobody has taken it on yet. Please answer it in the console.";
    }

    /** The final step, to the service manager. */
    public static String forManager(String residentShortName, EventCode code, Instant at, ZoneId zone) {
        return "Unanswered alarm: " + whatHappened(residentShortName, code) + " at " + time(at, zone)
                + ", and nobody has taken it on after every step of the escalation. Please act now.";
    }

    public static String subject(String called) {
        return "Alarm for " + called;
    }

    /** To the others who were told, when someone said they are going. */
    public static String onTheWay(String attendee, String called) {
        return attendee + " is on the way to " + sentence(called) + " Thank you, nobody else needs to go.";
    }

    /** To the family who were told, when the alarm is resolved. */
    public static String outcome(Outcome outcome, String who, String called, Instant at, ZoneId zone) {
        String text = outcome.familyTemplate().replace("{who}", who).replace("{called}", called)
                .replace("{time}", time(at, zone));
        // "the care team spoke to Mum…" starts a sentence: capital first letter, whatever {who} was.
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /** First name and family initial ("Margaret S."), what a responder's message shows. */
    public static String shortName(String calledName, String familyName) {
        return familyName == null || familyName.isBlank() ? calledName
                : calledName + " " + familyName.substring(0, 1).toUpperCase(Locale.ROOT) + ".";
    }
}

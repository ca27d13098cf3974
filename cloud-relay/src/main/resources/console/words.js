'use strict';
// What each event code means, in the words a responder and a family member read. Codes not listed show as they are.
window.HG_WORDS = {
  events: {
    PERSONAL_TRIGGER: 'Pendant pressed',
    PULL_CORD: 'Pull cord pulled',
    FALL_DETECTED: 'Fall detected — not cancelled',
    FALL_MAT: 'Fall mat: someone on the floor',
    SMOKE: 'Smoke alarm',
    CARBON_MONOXIDE: 'Carbon monoxide alarm',
    FLOOD: 'Water leak detected',
    INACTIVITY: 'No movement for longer than usual',
    WANDERING: 'Went out at an unusual time',
    OUT_OF_BED: 'Out of bed and not back',
    NO_KITCHEN_ACTIVITY: 'No kitchen activity today',
    VITAL_SIGN: 'Reading outside the care plan',
    EARLY_WARNING_SCORE: 'Early warning score raised',
    MISSED_MEASUREMENT: 'Reading missed',
    COLD_HOME: 'Home too cold',
    BATTERY_LOW: 'Battery low',
    POWER_FAIL: 'Mains power off',
    POWER_RESTORE: 'Mains power back',
    LINK_FAIL: 'Connection lost',
    LINK_RESTORE: 'Connection back',
    REDUNDANT_PATH_USED: 'Alarm came by SMS: internet path failed',
    REDUNDANT_PATH_FAIL: 'SMS back-up path failed',
    REDUNDANT_PATH_RESTORE: 'SMS back-up path working again',
    SENSOR_MISSING: 'A sensor has stopped reporting',
    SENSOR_RESTORED: 'Sensor reporting again',
    HUB_OFFLINE: 'Hub offline',
    HUB_ONLINE: 'Hub back online',
    TEST_TRANSMISSION: 'Daily test call',
    PERIODIC_TEST_MISSING: 'Daily test call missed',
    PRE_ALARM: 'Pre-alarm: resident may still cancel',
    PRE_ALARM_CANCELLED: 'Pre-alarm cancelled at home',
    REMINDER: 'Reminder',
    DEVICE_FAULT: 'Device fault',
    REMOTE_INSTRUCTION: 'Hub answered an instruction'
  },
  states: {
    RAISED: 'Raised', RECEIVED: 'Waiting for a responder', ACKNOWLEDGED: 'Acknowledged', RESOLVED: 'Resolved',
    CANCELLED: 'Cancelled'
  },
  // How an alert ended, as the family reads it.
  familyStates: {
    RAISED: 'The care team has been alerted', RECEIVED: 'The care team has been alerted',
    ACKNOWLEDGED: 'The care team is dealing with it', RESOLVED: 'Dealt with by the care team',
    CANCELLED: 'Cancelled at home: no help was needed'
  },
  // The escalation's fixed list of outcomes, with the words a responder picks from and a family member reads.
  outcomes: [
    ['FALSE_ALARM', 'False alarm', 'It was a false alarm: all is well.'],
    ['RESIDENT_OK_AFTER_CALL', 'Resident OK after call', 'The care team spoke to them: all is well.'],
    ['VISITED_RESIDENT_OK', 'Visited: resident OK', 'Someone visited: all is well.'],
    ['VISITED_HELP_GIVEN', 'Visited: help given', 'Someone visited and helped.'],
    ['AMBULANCE_CALLED', 'Ambulance called', 'An ambulance was called.'],
    ['ADMITTED_TO_HOSPITAL', 'Admitted to hospital', 'They were taken to hospital.'],
    ['NO_RESPONSE_ESCALATED', 'No response: escalated', 'Nobody could reach them, so the emergency services were asked to go.'],
    ['CANCELLED_BY_RESIDENT', 'Cancelled by the resident', 'They cancelled it: nothing was wrong.'],
    ['EQUIPMENT_FAULT', 'Equipment fault', 'It was a fault in the equipment, not a call for help.']
  ],
  // Outcomes set elsewhere than the responder's resolve form (the clinician's worklist), with the family's words.
  reviewOutcomes: [
    ['CLINICALLY_REVIEWED', 'Reviewed by a clinician', 'A clinician looked at the readings.']
  ],
  hubStates: {
    OFFLINE: 'Offline', SILENT: 'Not heard from', PROBLEM: 'Problem', OK: 'OK'
  },
  circleRoles: {
    RESPONDER: 'Monitoring team', ON_CALL: 'On-call responder', CLINICIAN: 'Clinician', FAMILY: 'Family',
    NEIGHBOUR: 'Neighbour or friend'
  }
};

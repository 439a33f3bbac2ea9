// Parse an .ics file with ical.js (Mozilla's parser, used by Thunderbird) and print what a
// client would show for each VEVENT as JSON: the feed tests compare it with the model.
//
//   node tests/clients/icaljs-dump.mjs FILE.ics [FILE.ics ...]
//
// Prints {"FILE.ics": {"timezones": [...], "calendar": {...}, "events": [...]}, ...}.
// Timed events get their instants in UTC as ical.js computes them from the feed's own
// VTIMEZONE; all-day events get their DATE values. Exit status 1 on a parse error.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

function text(component, name) {
  const value = component.getFirstPropertyValue(name);
  return value === null || value === undefined ? null : String(value);
}

function when(time) {
  if (time === null || time === undefined) return null;
  if (time.isDate) return time.toString(); // YYYY-MM-DD
  return time.toJSDate().toISOString();
}

function dump(path) {
  const root = new ICAL.Component(ICAL.parse(readFileSync(path, "utf8")));
  const timezones = [];
  for (const vtimezone of root.getAllSubcomponents("vtimezone")) {
    const tz = new ICAL.Timezone(vtimezone);
    ICAL.TimezoneService.register(tz, tz.tzid);
    timezones.push(tz.tzid);
  }
  const calendar = {};
  for (const name of ["version", "prodid", "method", "name", "x-wr-calname", "x-wr-caldesc"]) {
    calendar[name] = text(root, name);
  }
  const events = root.getAllSubcomponents("vevent").map((vevent) => {
    const event = new ICAL.Event(vevent);
    const start = event.startDate;
    const end = event.endDate;
    return {
      uid: event.uid,
      summary: event.summary,
      status: text(vevent, "status"),
      sequence: event.sequence,
      location: event.location,
      description: event.description,
      url: text(vevent, "url"),
      transp: text(vevent, "transp"),
      recurring: event.isRecurring(),
      isAllDay: start.isDate,
      endIsDate: end ? end.isDate : null,
      // "floating" would mean ical.js did not find the TZID's VTIMEZONE.
      startZone: start.isDate ? null : start.zone.tzid,
      endZone: end && !end.isDate ? end.zone.tzid : null,
      start: when(start),
      end: when(end),
    };
  });
  return { timezones, calendar, events };
}

const out = {};
for (const path of process.argv.slice(2)) {
  try {
    out[path] = dump(path);
  } catch (err) {
    process.stderr.write(`${path}: ${err && err.stack ? err.stack : err}\n`);
    process.exit(1);
  }
}
process.stdout.write(JSON.stringify(out));

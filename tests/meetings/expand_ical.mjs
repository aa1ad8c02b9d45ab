// Expands a calendar file with ical.js, as calendar apps built on it do, and prints the start
// (Unix seconds) of every meeting in [from, to) as a JSON array. Reads the file on stdin.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const [from, to] = process.argv.slice(2).map(Number);
const calendar = new ICAL.Component(ICAL.parse(readFileSync(0, "utf8")));
for (const zone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(zone);
}
const masters = new Map();
const overrides = [];
for (const component of calendar.getAllSubcomponents("vevent")) {
  const event = new ICAL.Event(component);
  if (event.isRecurrenceException()) overrides.push(event);
  else masters.set(event.uid, event);
}
for (const override of overrides) masters.get(override.uid).relateException(override);

const starts = [];
const keep = (time) => {
  const seconds = time.toUnixTime();
  if (seconds >= from && seconds < to) starts.push(seconds);
};
for (const event of masters.values()) {
  if (!event.isRecurring()) {
    keep(event.startDate);
    continue;
  }
  const iterator = event.iterator();
  // A moved meeting may land a little after its own date; look a few weeks past the end.
  for (let next = iterator.next(); next && next.toUnixTime() < to + 60 * 86400; next = iterator.next()) {
    const details = event.getOccurrenceDetails(next);
    if (details.item.component.getFirstPropertyValue("status") !== "CANCELLED") keep(details.startDate);
  }
}
starts.sort((a, b) => a - b);
console.log(JSON.stringify(starts));

/**
 * @module watchdog
 * A detached helper process that outlives the benchmark only to clean up after it. Started by
 * `cleanup.ts`, it reads JSON lines on stdin: `{ "add": id, "processes": [...], "dirs": [...] }`
 * and `{ "remove": id }`. When stdin ends, the benchmark is gone, gracefully or not (a
 * `kill -9`, or tsx's CLI killing its child when a Ctrl-C is not acknowledged within 60 ms on a
 * busy machine): what is still registered is ended and deleted (`orphans.ts`).
 *
 * Runs in its own session (not reached by the terminal's Ctrl-C) and ignores SIGINT.
 */
import { createInterface } from 'node:readline';
import { endOrphans, type OrphanSpec } from './orphans.js';

/** Lines the benchmark writes to the watchdog's stdin. */
export type WatchdogMessage = ({ add: number } & OrphanSpec) | { remove: number };

process.on('SIGINT', () => {});
const registered = new Map<number, OrphanSpec>();
for await (const line of createInterface({ input: process.stdin })) {
  const message = JSON.parse(line) as WatchdogMessage;
  if ('remove' in message) registered.delete(message.remove);
  else registered.set(message.add, message);
}
await endOrphans([...registered.values()]);
process.exit(0);

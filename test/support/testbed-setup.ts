/**
 * vitest globalSetup for the integration project: brings the test bed up when it is not running
 * (`npm test` on a fresh machine) and stops it afterwards only if this run started it.
 * FLOTILLA_TESTBED_CLUSTERS sets how many clusters a fresh start brings up (default 3).
 */
import { down, runningClusters, up } from '../testbed/testbed.js';

const wanted = Number(process.env.FLOTILLA_TESTBED_CLUSTERS ?? '3');
let startedHere = false;

const say = (line: string) => process.stderr.write(`testbed: ${line}\n`);

/** Ensures the test bed runs with at least the wanted number of clusters. */
export async function setup(): Promise<void> {
  const running = runningClusters();
  startedHere = running === 0;
  // `up` is idempotent: it checks every component's health and restarts what is missing.
  await up(Math.max(wanted, running), say);
}

/** Stops the test bed when this run started it, unless FLOTILLA_TESTBED_KEEP=1. */
export async function teardown(): Promise<void> {
  if (startedHere && process.env.FLOTILLA_TESTBED_KEEP !== '1') await down(false, say);
}

/** Components stop and start by recorded pid, so tests can simulate one cluster's outage. */
import { describe, expect, it } from 'vitest';
import { paths } from '../../testbed/layout.js';
import { isOurs, portIsFree, readState } from '../../testbed/procs.js';
import { runningClusters, startComponent, status, stopComponent } from '../../testbed/testbed.js';
import { kubectl } from '../../support/testbed.js';

const quiet = () => {};

describe('test bed lifecycle', () => {
  it('stops one apiserver by its pid and brings it back healthy', async () => {
    const n = runningClusters();
    const id = `c${n}/kube-apiserver`;
    const before = readState(paths().stateFile).procs[id];
    expect(before && isOurs(before)).toBe(true);

    await stopComponent(id, quiet);
    expect(isOurs(before!)).toBe(false);
    expect(await portIsFree(before!.port!)).toBe(true);
    await expect(kubectl(n, ['get', 'ns', 'default', '--request-timeout=3s'])).rejects.toThrow();
    // The other clusters do not notice.
    await expect(kubectl(1, ['get', 'ns', 'default'])).resolves.toContain('default');

    await startComponent(id, quiet);
    const after = readState(paths().stateFile).procs[id];
    expect(after?.pid).not.toBe(before!.pid);
    await expect(kubectl(n, ['get', 'ns', 'default'])).resolves.toContain('default');
    expect((await status()).find((l) => l.startsWith(id))).toMatch(/running\s+healthy/);
  });
});

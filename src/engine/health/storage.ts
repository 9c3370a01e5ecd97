/** Health of a PersistentVolumeClaim, from its phase. */
import type { KubeObject } from '../objects.js';
import { stringAt } from './fields.js';
import type { Health } from './status.js';
import { degraded, healthy, progressing, unknown } from './status.js';

/** PVC: Bound is Healthy, Pending is Progressing, Lost (its volume is gone) is Degraded. */
export function persistentVolumeClaimHealth(obj: KubeObject): Health {
  const phase = stringAt(obj, 'status', 'phase');
  const volume = stringAt(obj, 'spec', 'volumeName');
  switch (phase) {
    case 'Bound':
      return healthy(volume ? `Bound to volume ${volume}` : 'Bound to a volume');
    case 'Pending':
      return progressing('Waiting for a volume to be provisioned or bound');
    case 'Lost':
      return degraded(`The bound volume${volume ? ` ${volume}` : ''} no longer exists; its data is lost`);
    default:
      return unknown(phase ? `Claim phase "${phase}" is not one health knows` : 'Claim has no phase yet');
  }
}

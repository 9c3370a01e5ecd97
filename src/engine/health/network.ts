/** Health of Service and Ingress: both wait for a load balancer address when one is expected. */
import type { KubeObject } from '../objects.js';
import { arrayAt, asMap, stringAt } from './fields.js';
import type { Health } from './status.js';
import { healthy, progressing } from './status.js';

/** The IPs and host names in `status.loadBalancer.ingress`. */
function loadBalancerAddresses(obj: KubeObject): string[] {
  return arrayAt(obj, 'status', 'loadBalancer', 'ingress').map((entry) => {
    const map = asMap(entry);
    return stringAt(map, 'ip') ?? stringAt(map, 'hostname') ?? '';
  });
}

function addressList(addresses: string[]): string {
  const named = addresses.filter(Boolean);
  return named.length > 0 ? `: ${named.join(', ')}` : '';
}

/** Service: a LoadBalancer is Progressing until it has an address; other types are Healthy. */
export function serviceHealth(obj: KubeObject): Health {
  const type = stringAt(obj, 'spec', 'type') ?? 'ClusterIP';
  if (type !== 'LoadBalancer') return healthy(`${type} service`);
  const addresses = loadBalancerAddresses(obj);
  if (addresses.length === 0) return progressing('Waiting for the load balancer to get an address');
  return healthy(`Load balancer ready${addressList(addresses)}`);
}

/** Ingress: Progressing until the ingress controller publishes an address (some never do). */
export function ingressHealth(obj: KubeObject): Health {
  const addresses = loadBalancerAddresses(obj);
  if (addresses.length === 0) return progressing('Waiting for the ingress controller to publish an address');
  return healthy(`Ingress has an address${addressList(addresses)}`);
}

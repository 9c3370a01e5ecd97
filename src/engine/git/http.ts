/** The HTTP client isomorphic-git talks through: its Node client, with a time limit on silent sockets. */
import nodeHttp, { type HttpClient } from 'isomorphic-git/http/node';

/** isomorphic-git's Node client, abandoning a request whose socket stays silent for `timeoutMs`. */
export function httpWithTimeout(timeoutMs: number, inner: HttpClient = nodeHttp): HttpClient {
  // simple-get, under the Node client, passes `timeout` to the socket and fails the request on expiry.
  return {
    request: (request) =>
      inner.request({
        ...request,
        fetchOptions: { ...(request.fetchOptions as object | undefined), timeout: timeoutMs },
      }),
  };
}

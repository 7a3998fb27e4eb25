import { formatNameAddr, formatUri, type NameAddr, type Uri } from '../message/index.ts';

/** Where an in-dialog request goes (RFC 3261 §12.2.1.1): its Request-URI and Route header values, in order. */
export interface RequestTarget {
  requestUri: string;
  routes: string[];
}

/** A URI fit for a Request-URI: §19.1.1 forbids the `method` parameter and URI headers there. */
export function requestUriOf(uri: Uri): string {
  if (uri.kind !== 'sip') return formatUri(uri);
  const params = new Map(uri.params);
  params.delete('method');
  return formatUri({ ...uri, params, headers: new Map() });
}

/** True when the route is a loose router (`;lr`, RFC 3261 §16.12.1.1). */
export function isLooseRoute(route: NameAddr): boolean {
  return route.uri.kind === 'sip' && route.uri.params.has('lr');
}

/**
 * RFC 3261 §12.2.1.1: with an empty route set or a loose first route, the Request-URI is the remote target and
 * the Route headers are the route set; with a strict first route, that route becomes the Request-URI and the
 * remote target is appended as the last Route.
 */
export function requestTarget(remoteTarget: Uri, routeSet: readonly NameAddr[]): RequestTarget {
  const first = routeSet[0];
  if (first === undefined || isLooseRoute(first)) return { requestUri: requestUriOf(remoteTarget), routes: routeSet.map(formatNameAddr) };
  const routes = routeSet.slice(1).map(formatNameAddr);
  routes.push(formatNameAddr({ uri: remoteTarget, params: new Map() }));
  return { requestUri: requestUriOf(first.uri), routes };
}

/**
 * The URI whose address an in-dialog request is sent to (RFC 3261 §8.1.2, §12.2.1.1): the first route when there is a
 * route set (a loose router is the top Route, a strict one is the Request-URI: the same URI), else the remote target.
 */
export function nextHopUri(remoteTarget: Uri, routeSet: readonly NameAddr[]): Uri {
  return routeSet[0]?.uri ?? remoteTarget;
}

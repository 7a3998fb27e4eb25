// What this UA implements, advertised in Allow/Accept/Supported (RFC 3261 §11.2, §20.5, §20.37).

/** Methods the UA core answers itself or hands to a dialog: Allow lists them. */
export const ALLOWED_METHODS: readonly string[] = ['INVITE', 'ACK', 'CANCEL', 'BYE', 'OPTIONS', 'UPDATE', 'INFO', 'PRACK'];

/** Standard methods we know but do not serve: 405 with Allow (§8.2.1); any other method is 501. */
export const KNOWN_UNSUPPORTED: ReadonlySet<string> = new Set(['REGISTER', 'SUBSCRIBE', 'NOTIFY', 'REFER', 'MESSAGE', 'PUBLISH']);

/** Body types we read (§8.2.3). */
export const ACCEPTED_TYPES: readonly string[] = ['application/sdp', 'application/dtmf-relay', 'application/dtmf'];

/**
 * Option tags a peer may Require of us as UAS (§8.2.2.3), also our OPTIONS Supported: session timers (RFC 4028). Not
 * 100rel: as UAS we never send reliable provisionals, so an INVITE requiring it gets 420, and any PRACK 481 (RFC 3262 §3).
 */
export const SUPPORTED_TAGS: readonly string[] = ['timer'];

/** What our INVITEs advertise in Supported as UAC: we PRACK reliable provisionals (RFC 3262 §4). */
export const UAC_SUPPORTED_TAGS: readonly string[] = ['100rel'];

/** The capability rows of a 200 to OPTIONS, and of a 405/501 (Allow only). */
export function capabilityHeaders(): [string, string][] {
  const rows: [string, string][] = [
    ['Allow', ALLOWED_METHODS.join(', ')],
    ['Accept', ACCEPTED_TYPES.join(', ')],
  ];
  if (SUPPORTED_TAGS.length > 0) rows.push(['Supported', SUPPORTED_TAGS.join(', ')]);
  return rows;
}

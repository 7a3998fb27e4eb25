/** RFC 3261 §7.3.3 compact header names (plus the ones later RFCs registered), mapped to the long name. */
export const COMPACT_FORMS: ReadonlyMap<string, string> = new Map([
  ['a', 'Accept-Contact'], // RFC 3841
  ['b', 'Referred-By'], // RFC 3892
  ['c', 'Content-Type'],
  ['d', 'Request-Disposition'], // RFC 3841
  ['e', 'Content-Encoding'],
  ['f', 'From'],
  ['i', 'Call-ID'],
  ['j', 'Reject-Contact'], // RFC 3841
  ['k', 'Supported'],
  ['l', 'Content-Length'],
  ['m', 'Contact'],
  ['n', 'Identity-Info'], // RFC 4474
  ['o', 'Event'], // RFC 6665
  ['r', 'Refer-To'], // RFC 3515
  ['s', 'Subject'],
  ['t', 'To'],
  ['u', 'Allow-Events'], // RFC 6665
  ['v', 'Via'],
  ['x', 'Session-Expires'], // RFC 4028
  ['y', 'Identity'], // RFC 8224
]);

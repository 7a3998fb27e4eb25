// The SIP message layer's public API (RFC 3261 §7, §19, §20, §25), for the transaction, dialog and UA layers.
export { SIP_VERSION, EMPTY_BODY, isRequest, isResponse, type SipRequest, type SipResponse, type SipMessage } from './message.ts';
export { SipHeaders, type SipHeader } from './headers.ts';
export { canonicalHeaderName, headerKey, isListHeader } from './header-names.ts';
export { COMPACT_FORMS } from './compact-forms.ts';
export { parseSipMessage, type ParseOptions } from './parser.ts';
export { serializeSipMessage } from './serializer.ts';
export { DEFAULT_LIMITS, type SipLimits } from './limits.ts';
export type { SipParseFailure, SipParseResult, SipFailureKind } from './parse-failure.ts';
export { badRequestFor } from './bad-request.ts';
export { checkRequest, type RequestCheckOptions, type RequestRejection } from './request-checks.ts';
export { checkCoreHeaders, checkAddressHeaders } from './header-syntax.ts';
export { parseUri, formatUri, type Uri, type SipUri, type TelUri, type AbsoluteUri, type UriParams } from './uri.ts';
export { uriEquals } from './uri-equals.ts';
export { parseNameAddr, formatNameAddr, tagOf, type NameAddr } from './name-addr.ts';
export {
  parseVia,
  formatVia,
  viaBranch,
  viaReceived,
  viaRport,
  viaMaddr,
  viaTtl,
  hasRfc3261Branch,
  BRANCH_COOKIE,
  type Via,
} from './via.ts';
export { parseCSeq, formatCSeq, MAX_CSEQ, type CSeq } from './cseq.ts';
export { parseParams, formatParams, type SipParams } from './params.ts';
export { splitList } from './lex.ts';
export * from './fields.ts';
export {
  createResponse,
  createRequest,
  createCancel,
  createNon2xxAck,
  withToTag,
  type ResponseOptions,
  type RequestOptions,
} from './builders.ts';
export { newBranch, newTag, newCallId, cryptoRandom, type RandomSource } from './ids.ts';
export { REASON_PHRASES, reasonPhrase } from './status-codes.ts';
export type { Result } from './result.ts';
export { frameStreamMessage, type StreamFrame } from './stream-framing.ts';

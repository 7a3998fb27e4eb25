// A confirmed dialog as JSON-safe text and back, so a later process can still send requests in it (a BYE after a crash).
import { formatNameAddr, formatUri, parseNameAddr, parseUri, type NameAddr, type Result } from '../message/index.ts';
import type { DialogInit, DialogRole } from './dialog-init.ts';

/**
 * What RFC 3261 §12.2.1.1 builds an in-dialog request from: Call-ID, local and remote tags and URIs,
 * the remote target, the route set (first hop first, as kept) and the local CSeq last used.
 * URIs are kept in their wire form (name-addr without tags), so nothing is lost or re-encoded.
 */
export interface DialogSnapshot {
  callId: string;
  localTag: string;
  remoteTag: string;
  role: DialogRole;
  localUri: string;
  remoteUri: string;
  remoteTarget: string;
  routeSet: string[];
  /** The local CSeq number last used: the restored dialog's next request takes a higher one. */
  localSeq: number;
  secure: boolean;
}

export function snapshotOf(d: {
  id: { callId: string; localTag: string; remoteTag: string };
  role: DialogRole;
  localUri: NameAddr;
  remoteUri: NameAddr;
  remoteTarget: NameAddr['uri'];
  routeSet: readonly NameAddr[];
  localSeq: number;
  secure: boolean;
}): DialogSnapshot {
  return {
    callId: d.id.callId,
    localTag: d.id.localTag,
    remoteTag: d.id.remoteTag,
    role: d.role,
    localUri: formatNameAddr(d.localUri),
    remoteUri: formatNameAddr(d.remoteUri),
    remoteTarget: formatUri(d.remoteTarget),
    routeSet: d.routeSet.map(formatNameAddr),
    localSeq: d.localSeq,
    secure: d.secure,
  };
}

/** The dialog state of a snapshot, confirmed (only an answered call is stored); fails on anything that does not parse. */
export function initOf(s: DialogSnapshot): Result<DialogInit> {
  const fail = (reason: string): Result<DialogInit> => ({ ok: false, reason: `dialog snapshot: ${reason}` });
  if (typeof s.callId !== 'string' || s.callId === '') return fail('no Call-ID');
  if (typeof s.localTag !== 'string' || s.localTag === '') return fail('no local tag');
  if (typeof s.remoteTag !== 'string') return fail('no remote tag');
  if (s.role !== 'uac' && s.role !== 'uas') return fail('no role');
  if (!Number.isInteger(s.localSeq) || s.localSeq < 0) return fail('no local CSeq');
  if (!Array.isArray(s.routeSet)) return fail('no route set');
  const localUri = parseNameAddr(String(s.localUri));
  const remoteUri = parseNameAddr(String(s.remoteUri));
  const target = parseUri(String(s.remoteTarget));
  if (!localUri.ok || !remoteUri.ok) return fail('unreadable local or remote URI');
  if (!target.ok) return fail(`unreadable remote target (${target.reason})`);
  const routeSet: NameAddr[] = [];
  for (const r of s.routeSet) {
    const route = parseNameAddr(String(r));
    if (!route.ok) return fail(`unreadable route ${String(r)}`);
    routeSet.push(route.value);
  }
  return {
    ok: true,
    value: {
      id: { callId: s.callId, localTag: s.localTag, remoteTag: s.remoteTag },
      role: s.role,
      state: 'confirmed',
      localSeq: s.localSeq,
      remoteSeq: undefined, // only requests we send are built from a snapshot
      localUri: localUri.value,
      remoteUri: remoteUri.value,
      remoteTarget: target.value,
      routeSet,
      secure: s.secure === true,
      localContact: undefined,
      inviteSeq: undefined,
    },
  };
}

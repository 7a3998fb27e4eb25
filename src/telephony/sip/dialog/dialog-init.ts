// The whole state of a dialog (RFC 3261 §12), apart from its behaviour: what the factories build and
// what dialog-snapshot.ts stores and restores. Its own file, so the snapshot needs no import of dialog.ts.
import type { NameAddr, Uri } from '../message/index.ts';
import type { DialogId } from './dialog-id.ts';

export type DialogState = 'early' | 'confirmed' | 'terminated';
export type DialogRole = 'uac' | 'uas';

/** A dialog's whole state, as the factories (and dialog-snapshot.ts) build it. */
export interface DialogInit {
  id: DialogId;
  role: DialogRole;
  state: DialogState;
  localSeq: number | undefined;
  remoteSeq: number | undefined;
  localUri: NameAddr;
  remoteUri: NameAddr;
  remoteTarget: Uri;
  routeSet: NameAddr[];
  secure: boolean;
  localContact: string | undefined;
  inviteSeq: number | undefined;
}

import { getToTag, type Result, type SipRequest, type SipResponse } from '../message/index.ts';
import { Dialog, type DialogOptions } from './dialog.ts';

/** What a response to the initial INVITE did to the dialog set. */
export interface ForkOutcome {
  /** The dialog the response belongs to (created or updated), undefined when it made none (100, non-2xx final, no tag). */
  dialog: Dialog | undefined;
  /** True when this response created `dialog`. */
  created: boolean;
}

/**
 * The UAC's dialogs for one INVITE (RFC 3261 §12.1.2, §13.2.2.4): forking proxies may return 1xx and 2xx with
 * different To tags, and each remote tag is its own dialog. A non-2xx final ends every early dialog.
 */
export class UacDialogSet {
  private readonly dialogs = new Map<string, Dialog>();

  constructor(
    readonly invite: SipRequest,
    private readonly opts: DialogOptions = {},
  ) {}

  /** Feeds a response to the INVITE (any status). */
  receive(res: SipResponse): Result<ForkOutcome> {
    if (res.status <= 100) return { ok: true, value: { dialog: undefined, created: false } };
    if (res.status >= 300) {
      for (const d of this.dialogs.values()) d.receiveResponse(res);
      this.terminateEarly();
      return { ok: true, value: { dialog: undefined, created: false } };
    }
    const tag = getToTag(res);
    if (tag === undefined && res.status < 200) return { ok: true, value: { dialog: undefined, created: false } };
    const known = this.dialogs.get(tag ?? '');
    if (known) {
      known.receiveResponse(res);
      return { ok: true, value: { dialog: known, created: false } };
    }
    const made = Dialog.asUac(this.invite, res, this.opts);
    if (!made.ok) return made;
    this.dialogs.set(tag ?? '', made.value);
    return { ok: true, value: { dialog: made.value, created: true } };
  }

  /** The dialog of a remote tag, if any. */
  get(remoteTag: string): Dialog | undefined {
    return this.dialogs.get(remoteTag);
  }

  all(): Dialog[] {
    return [...this.dialogs.values()];
  }

  /** Ends the dialogs still early: on a non-2xx final, or when the INVITE transaction ends after a 2xx (§13.2.2.4). */
  terminateEarly(): void {
    for (const d of this.dialogs.values()) if (d.state === 'early') d.terminate();
  }
}

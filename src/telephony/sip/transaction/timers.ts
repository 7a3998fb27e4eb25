// RFC 3261 §17 timer values (Table 4 of appendix A), plus RFC 6026's Timers L and M.

/** The three base values a deployment may tune (RFC 3261 §17.1.1.1: T1 is an RTT estimate). */
export interface TimerConfig {
  /** RTT estimate, 500 ms by default. */
  t1: number;
  /** Maximum retransmit interval for non-INVITE requests and INVITE responses, 4 s by default. */
  t2: number;
  /** Maximum time a message stays in the network, 5 s by default. */
  t4: number;
}

export const DEFAULT_TIMER_CONFIG: Readonly<TimerConfig> = { t1: 500, t2: 4000, t4: 5000 };

/**
 * The derived timers for one transaction, in ms. Retransmission timers (A, E, G) are undefined on a
 * reliable transport (§17.1.1.2, §17.1.2.2, §17.2.1); wait timers D, I, J, K are 0 there.
 */
export interface TransactionTimers {
  readonly t1: number;
  readonly t2: number;
  readonly t4: number;
  /** INVITE request retransmit, first interval (doubles without cap). */
  readonly A: number | undefined;
  /** INVITE transaction timeout. */
  readonly B: number;
  /** Wait for response retransmits in the INVITE client's Completed state. */
  readonly D: number;
  /** Non-INVITE request retransmit, first interval (doubles up to T2). */
  readonly E: number | undefined;
  /** Non-INVITE transaction timeout. */
  readonly F: number;
  /** INVITE final-response retransmit, first interval (doubles up to T2). */
  readonly G: number | undefined;
  /** Wait for ACK receipt. */
  readonly H: number;
  /** Wait for ACK retransmits. */
  readonly I: number;
  /** Wait for non-INVITE request retransmits. */
  readonly J: number;
  /** Wait for non-INVITE response retransmits. */
  readonly K: number;
  /** RFC 6026 §8.7: INVITE server's Accepted state, absorbing INVITE retransmits. */
  readonly L: number;
  /** RFC 6026 §8.4: INVITE client's Accepted state, passing 2xx retransmits (forks) to the TU. */
  readonly M: number;
  /** RFC 3261 §17.2.1: send 100 Trying when the TU has not answered within 200 ms. */
  readonly trying100: number;
}

export function transactionTimers(config: Partial<TimerConfig> = {}, reliable = false): TransactionTimers {
  const { t1, t2, t4 } = { ...DEFAULT_TIMER_CONFIG, ...config };
  const t64 = 64 * t1;
  return {
    t1,
    t2,
    t4,
    A: reliable ? undefined : t1,
    B: t64,
    D: reliable ? 0 : Math.max(32_000, t64), // §17.1.1.2: "at least 32 seconds"; never shorter than the server's Timer H
    E: reliable ? undefined : t1,
    F: t64,
    G: reliable ? undefined : t1,
    H: t64,
    I: reliable ? 0 : t4,
    J: reliable ? 0 : t64,
    K: reliable ? 0 : t4,
    L: t64,
    M: t64,
    trying100: 200,
  };
}

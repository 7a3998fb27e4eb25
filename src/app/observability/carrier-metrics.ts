import type { Carrier, CarrierStats } from '../../telephony/carrier.ts';
import type { MetricFamily, MetricsSource } from './metrics-source.ts';

/** Every carrier figure openccc can expose, by its CarrierStats field. */
const CARRIER_FAMILIES: Readonly<Record<keyof CarrierStats, Omit<MetricFamily, 'read' | 'labelNames'>>> = {
  sipRequestsReceivedTotal: { name: 'openccc_sip_requests_received_total', type: 'counter', help: 'SIP requests received and parsed.' },
  sipResponsesReceivedTotal: { name: 'openccc_sip_responses_received_total', type: 'counter', help: 'SIP responses received and parsed.' },
  sipMalformedTotal: { name: 'openccc_sip_malformed_messages_total', type: 'counter', help: 'SIP messages received that did not parse.' },
  sipDroppedTotal: {
    name: 'openccc_sip_dropped_messages_total',
    type: 'counter',
    help: 'SIP messages received and dropped unanswered (no usable Via, no dialog for an ACK, an answer that could not be sent).',
  },
  rtpSessions: { name: 'openccc_rtp_sessions', type: 'gauge', help: 'RTP sessions open now.' },
  rtpPacketsSentTotal: {
    name: 'openccc_rtp_packets_sent_total',
    type: 'counter',
    help: 'RTP packets sent, counted as each call’s media closes.',
  },
  rtpPacketsReceivedTotal: {
    name: 'openccc_rtp_packets_received_total',
    type: 'counter',
    help: 'RTP packets received, counted as each call’s media closes.',
  },
  rtpPacketsLostTotal: {
    name: 'openccc_rtp_packets_lost_total',
    type: 'counter',
    help: 'RTP packets lost on the way in (RFC 3550 A.3), counted as each call’s media closes.',
  },
};

/** The names of every carrier metric, for the docs check. */
export const CARRIER_METRIC_NAMES: readonly string[] = Object.values(CARRIER_FAMILIES).map((f) => f.name);

/**
 * The carrier's own counters (Carrier.stats), read on each scrape. Only the figures this carrier
 * reports become metrics (the sim carrier reports none), so no metric reads a misleading zero.
 */
export function carrierMetrics(carrier: Carrier): MetricsSource {
  const stats = carrier.stats?.bind(carrier);
  if (!stats) return { families: [] };
  const present = Object.keys(stats()) as (keyof CarrierStats)[];
  return {
    families: present.map((key) => ({
      ...CARRIER_FAMILIES[key],
      labelNames: [],
      read: () => [{ value: stats()[key] ?? 0 }],
    })),
  };
}

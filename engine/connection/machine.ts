/**
 * The connection lifecycle of one registered image, as a pure XState machine. All I/O lives in
 * the invoked actors, whose real implementations are supplied with `machine.provide` (see
 * actors.ts); the machine decides only what happens next and what to write to the log.
 *
 *   idle ─START→ connecting ──(connection.connecting written)──► online
 *   online:  dialing ─LINK.UP→ handshaking ─welcome→ connected.announcing ─(written)→ connected.ready
 *                                          └ other imageId → identityMismatch (unless auto-accept)
 *   ready:   healthy ─heartbeat missed→ suspect ─heard again→ healthy (restored{resumed} noted)
 *                                        └ missLimit missed in a row → disconnected (lost: silent)
 *   any failure in online ──► disconnected.announcing ─(lost? + reconnect_scheduled written)→
 *                              disconnected.waiting ─backoff delay / RETRY / PROBE.OPEN→ connecting
 *   unreachable for giveUpAfterMs: the next disconnection writes lost{giveUp} and from then on
 *   waits slowRetryMs between attempts (status `lost`); the probe still cuts the wait short.
 *   identityMismatch.announcing ─(image.identity_changed written)→ identityMismatch.waiting
 *                              ─ACCEPT_IDENTITY / RETRY→ connecting
 *   STOP from anywhere → stopped (final; leaving `online` closes the link)
 *
 * Write-ahead: every transition the owner can observe waits in an `announcing` state until the
 * `report` actor has appended its events, so the log always knows before anyone acts on it.
 * heartbeat_missed is the one event written without waiting (it changes nothing); it goes
 * through the same ordered writer, so it still lands before the `connection.lost` it may lead to.
 */
import { assign, emit, enqueueActions, fromCallback, fromPromise, setup } from 'xstate';
import type { ConnectionReason } from '../events.js';
import { connectedInfoOf, connectedReports, disconnectedReports, failureOf, identityChangeOf, nextRetry } from './context.js';
import type { ConnectionContext, ConnectionInput, HandshakeInput, HeartbeatInput, ReportInput } from './context.js';
import { reports } from './reports.js';
import type { ProbeInput } from './probe.js';
import type { ConnectionEmitted, ConnectionEvent, HandshakeResult } from './types.js';

export { AttemptError } from './context.js';
export type { ConnectionContext, ConnectionInput, HandshakeInput, HeartbeatInput, ReportInput } from './context.js';

const notProvided = (what: string) => (): never => {
  throw new Error(`connection machine: the ${what} actor must be supplied with machine.provide()`);
};

export const connectionMachine = setup({
  types: {
    context: {} as ConnectionContext,
    events: {} as ConnectionEvent,
    input: {} as ConnectionInput,
    emitted: {} as ConnectionEmitted,
  },
  actors: {
    /** Appends events to the log, in order; resolves with the time they were durable. */
    report: fromPromise<{ at: number }, ReportInput>(notProvided('report')),
    /** Owns one link for the life of `online`: opens it, reports LINK.* events, closes it on exit. */
    link: fromCallback<ConnectionEvent, Record<string, never>>(notProvided('link')),
    /** Says hello on the link; resolves with the image's identity and the round trip. */
    handshake: fromPromise<HandshakeResult, HandshakeInput>(notProvided('handshake')),
    /** Pings while connected; reports HEARTBEAT.PONG / HEARTBEAT.MISSED. */
    heartbeat: fromCallback<ConnectionEvent, HeartbeatInput>(notProvided('heartbeat')),
    /** While waiting after a refusal: reports PROBE.OPEN once the address accepts connections. */
    probe: fromCallback<ConnectionEvent, ProbeInput>(notProvided('probe')),
  },
  delays: {
    connectTimeout: ({ context }) => context.timing.connectTimeoutMs,
    retryDelay: ({ context }) => context.retryDelayMs,
  },
  guards: {
    identityAcceptable: ({ context }, params: { imageId: string }) =>
      context.expectedImageId === null || context.expectedImageId === params.imageId || context.acceptIdentityChange,
    tooManyMissed: ({ context }, params: { missed: number }) => params.missed >= context.timing.heartbeatMissLimit,
    imageReplaced: ({ context }, params: { imageId: string }) =>
      context.identity !== null && params.imageId !== context.identity.imageId,
    imageRestarted: ({ context }, params: { incarnation: string }) =>
      context.identity !== null && params.incarnation !== context.identity.incarnation,
  },
  actions: {
    fail: assign((_, params: { reason: ConnectionReason; detail: string }) => ({
      lastReason: params.reason,
      lastDetail: params.detail,
      probeUseful: params.reason !== 'protocol',
    })),
    noteMissed: emit(({ context }, params: { missed: number; silentMs: number }) => ({
      type: 'note' as const,
      event: reports.heartbeatMissed(context, params.missed, params.silentMs, context.timing.heartbeatMissLimit),
    })),
    noteResumed: emit(({ context }, params: { silentMs: number }) => ({
      type: 'note' as const,
      event: reports.resumed(context, context.identity?.imageId ?? '', params.silentMs),
    })),
    toFault: assign((_, params: { detail: string }) => ({ fault: params.detail })),
  },
}).createMachine({
  id: 'connection',
  context: ({ input }) => ({
    name: input.name,
    address: input.address,
    timing: input.timing,
    acceptIdentityChange: input.acceptIdentityChange,
    expectedImageId: input.expectedImageId,
    link: null,
    identity: null,
    observed: null,
    latencyMs: null,
    handshakeAt: null,
    attempt: 0,
    failures: 0,
    connectedReported: false,
    lostAt: null,
    unreachableSince: null,
    lastAttemptAt: null,
    givenUp: false,
    givingUp: false,
    lastReason: null,
    lastDetail: null,
    retryDelayMs: 0,
    nextRetryAt: null,
    rng: input.seed | 0,
    restored: false,
    probeUseful: false,
    fault: null,
  }),
  initial: 'idle',
  on: {
    STOP: '.stopped',
    REPORT_FAILED: { target: '.stopped', actions: { type: 'toFault', params: ({ event }) => ({ detail: event.detail }) } },
  },
  states: {
    idle: { on: { START: 'connecting' } },

    connecting: {
      entry: assign({ attempt: ({ context }) => context.attempt + 1, nextRetryAt: null, observed: null }),
      invoke: {
        src: 'report',
        input: ({ context }) => ({ events: [reports.connecting(context, context.attempt)] }),
        onDone: { target: 'online', actions: assign({ lastAttemptAt: ({ event }) => event.output.at }) },
        onError: { target: 'stopped', actions: assign({ fault: ({ event }) => String(event.error) }) },
      },
    },

    online: {
      invoke: { id: 'link', src: 'link', input: {} },
      exit: assign({ link: null }),
      on: {
        'LINK.OPENED': { actions: assign({ link: ({ event }) => event.link }) },
        'LINK.DOWN': {
          target: 'disconnected',
          actions: { type: 'fail', params: ({ event }) => ({ reason: event.reason, detail: event.detail }) },
        },
        'LINK.TRANSCRIPT': { actions: emit(({ event }) => ({ type: 'transcript' as const, push: event.push })) },
      },
      initial: 'dialing',
      states: {
        dialing: {
          on: { 'LINK.UP': 'handshaking' },
          after: {
            connectTimeout: {
              target: '#connection.disconnected',
              actions: {
                type: 'fail',
                params: ({ context }) => ({
                  reason: 'timed_out' as const,
                  detail: `transport not up within ${context.timing.connectTimeoutMs} ms`,
                }),
              },
            },
          },
        },

        handshaking: {
          invoke: {
            src: 'handshake',
            input: ({ context }) => ({ link: context.link, timeoutMs: context.timing.handshakeTimeoutMs }),
            onDone: [
              {
                guard: { type: 'identityAcceptable', params: ({ event }) => ({ imageId: event.output.identity.imageId }) },
                target: 'connected',
                actions: assign(({ event }) => ({
                  identity: event.output.identity,
                  latencyMs: event.output.latencyMs,
                  handshakeAt: event.output.at,
                })),
              },
              {
                target: '#connection.identityMismatch',
                actions: assign(({ event }) => ({ observed: event.output.identity })),
              },
            ],
            onError: {
              target: '#connection.disconnected',
              // The image answers pings here, so probing would only repeat this failure quickly.
              actions: assign(({ event }) => ({ ...failureOf(event.error), probeUseful: false })),
            },
          },
        },

        connected: {
          // From here on a failure is a loss of a connection the log knows about.
          entry: assign({ connectedReported: true }),
          initial: 'announcing',
          states: {
            announcing: {
              invoke: {
                src: 'report',
                input: ({ context }) => ({ events: connectedReports(context) }),
                onDone: {
                  target: 'ready',
                  actions: [
                    enqueueActions(({ context, enqueue }) => {
                      const change = identityChangeOf(context, true);
                      if (change) enqueue.emit({ type: 'identityChanged', change });
                    }),
                    assign(({ context }) => ({
                      expectedImageId: context.identity!.imageId,
                      attempt: 0,
                      failures: 0,
                      restored: context.lostAt !== null,
                      lostAt: null,
                      unreachableSince: null,
                      givenUp: false,
                      givingUp: false,
                    })),
                    emit(({ context }) => ({ type: 'connected' as const, info: connectedInfoOf(context)! })),
                  ],
                },
                onError: { target: '#connection.stopped', actions: assign({ fault: ({ event }) => String(event.error) }) },
              },
            },
            ready: {
              invoke: {
                src: 'heartbeat',
                input: ({ context }) => ({ link: context.link, intervalMs: context.timing.heartbeatIntervalMs }),
              },
              initial: 'healthy',
              states: {
                healthy: {},
                // Heartbeats are missing but the link is kept: a short silence (a busy image, a
                // brief drop the kernel's TCP retransmission bridges) heals without a reconnect.
                suspect: {
                  on: {
                    'HEARTBEAT.RESUMED': {
                      target: 'healthy',
                      actions: { type: 'noteResumed', params: ({ event }) => ({ silentMs: event.silentMs }) },
                    },
                  },
                },
              },
              on: {
                'HEARTBEAT.PONG': [
                  {
                    guard: { type: 'imageReplaced', params: ({ event }) => ({ imageId: event.imageId }) },
                    target: '#connection.disconnected',
                    actions: {
                      type: 'fail',
                      params: ({ event }) => ({
                        reason: 'identity_changed' as const,
                        detail: `image at the address now answers as ${event.imageId}`,
                      }),
                    },
                  },
                  {
                    guard: { type: 'imageRestarted', params: ({ event }) => ({ incarnation: event.incarnation }) },
                    target: '#connection.disconnected',
                    actions: { type: 'fail', params: { reason: 'closed', detail: 'image restarted' } },
                  },
                  { actions: assign({ latencyMs: ({ event }) => event.latencyMs }) },
                ],
                'HEARTBEAT.MISSED': [
                  {
                    guard: { type: 'tooManyMissed', params: ({ event }) => ({ missed: event.missed }) },
                    target: '#connection.disconnected',
                    actions: [
                      { type: 'noteMissed', params: ({ event }) => ({ missed: event.missed, silentMs: event.silentMs }) },
                      {
                        type: 'fail',
                        params: ({ event }) => ({
                          reason: 'silent' as const,
                          detail: `${event.missed} heartbeats unanswered, silent ${event.silentMs} ms`,
                        }),
                      },
                    ],
                  },
                  {
                    target: '.suspect',
                    actions: { type: 'noteMissed', params: ({ event }) => ({ missed: event.missed, silentMs: event.silentMs }) },
                  },
                ],
              },
            },
          },
        },
      },
    },

    disconnected: {
      entry: assign(({ context }) => nextRetry(context)),
      initial: 'announcing',
      states: {
        announcing: {
          invoke: {
            src: 'report',
            input: ({ context }) => ({ events: disconnectedReports(context) }),
            onDone: {
              target: 'waiting',
              actions: enqueueActions(({ context, event, enqueue }) => {
                // onDisconnected hooks follow every written connection.lost, never a failed attempt.
                if (context.connectedReported) {
                  enqueue.emit({
                    type: 'disconnected',
                    info: { name: context.name, reason: context.lastReason ?? 'closed', detail: context.lastDetail ?? '' },
                  });
                }
                enqueue.assign({
                  lostAt: context.connectedReported ? event.output.at : context.lostAt,
                  unreachableSince: context.unreachableSince ?? event.output.at,
                  nextRetryAt: event.output.at + context.retryDelayMs,
                  connectedReported: false,
                  givingUp: false,
                  identity: null,
                });
              }),
            },
            onError: { target: '#connection.stopped', actions: assign({ fault: ({ event }) => String(event.error) }) },
          },
        },
        waiting: {
          invoke: {
            src: 'probe',
            input: ({ context }) => ({
              // Past the give-up window the probe listens at a slower pace too.
              intervalMs: context.givenUp ? Math.max(1000, context.timing.probeIntervalMs) : context.timing.probeIntervalMs,
              enabled: context.probeUseful,
            }),
          },
          after: { retryDelay: '#connection.connecting' },
          on: { RETRY: '#connection.connecting', 'PROBE.OPEN': '#connection.connecting' },
        },
      },
    },

    identityMismatch: {
      initial: 'announcing',
      states: {
        announcing: {
          invoke: {
            src: 'report',
            input: ({ context }) => ({
              events: [reports.identityChanged(context, context.expectedImageId ?? '', context.observed!.imageId)],
            }),
            onDone: {
              target: 'waiting',
              actions: emit(({ context }) => ({ type: 'identityChanged' as const, change: identityChangeOf(context, false)! })),
            },
            onError: { target: '#connection.stopped', actions: assign({ fault: ({ event }) => String(event.error) }) },
          },
        },
        waiting: {
          on: {
            ACCEPT_IDENTITY: {
              target: '#connection.connecting',
              actions: assign(({ context }) => ({ expectedImageId: context.observed!.imageId })),
            },
            RETRY: '#connection.connecting',
          },
        },
      },
    },

    stopped: { type: 'final', entry: assign({ link: null, nextRetryAt: null }) },
  },
});

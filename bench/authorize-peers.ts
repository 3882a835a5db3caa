import { authorizeUrl } from '../src/flow/authorize-link.js';
import { measureThroughput, type LoadSettings, type Throughput } from './authorize-throughput.js';
import type { Child } from './processes.js';
import { residentBytes } from './processes.js';
import { PEERS, RETURN_ORIGIN, startPeer, STORE_ID, type PeerName, type Stack } from './stack.js';
import { median } from './stats.js';

/**
 * `/authorize` beside its peers: the relay (its whole check: signed link,
 * store, return URL, sealed flow, cookie, 302) and each peer in bench/peers/,
 * every one its own process, measured in rounds that rotate which goes first
 * so a drift in machine noise favours no side.
 */
export type Side = 'relay' | PeerName;
export const SIDES: readonly Side[] = ['relay', ...(Object.keys(PEERS) as PeerName[])];

export interface AuthorizeComparison {
  rounds: Array<Record<Side, Throughput>>;
  /** Median over rounds of relay req/s ÷ the peer's req/s, by peer. */
  ratio: Record<PeerName, number>;
  /** VmRSS of each side once started and settled, before any load. */
  idleRss: Record<Side, number>;
  /** The relay's LOG_LEVEL in this measure. */
  relayLogLevel: string;
}

const SETTLE_MS = 2000;

export async function compareAuthorize(
  stack: Stack,
  dir: string,
  dbPath: string,
  settings: LoadSettings & { rounds: number; relayLogLevel: string; nodeArgs: string[] },
  log: (message: string) => void,
): Promise<AuthorizeComparison> {
  const { child: relay } = await stack.startRelay('relay-authorize', dbPath, {
    nodeArgs: settings.nodeArgs,
    logLevel: settings.relayLogLevel,
  });
  const children: Record<Side, Child> = { relay } as Record<Side, Child>;
  const urls: Record<Side, string> = { relay: stack.relayUrl } as Record<Side, string>;
  for (const peer of Object.keys(PEERS) as PeerName[]) {
    const started = await startPeer(dir, peer, stack.cookieSecret);
    children[peer] = started.child;
    urls[peer] = started.url;
  }
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const idleRss = Object.fromEntries(SIDES.map((side) => [side, residentBytes(children[side].pid)])) as Record<
    Side,
    number
  >;

  const rounds: Array<Record<Side, Throughput>> = [];
  for (let round = 0; round < settings.rounds; round += 1) {
    // A link signed for this round (valid 600 s); every peer gets the same path and query.
    const link = new URL(
      authorizeUrl(stack.relayUrl, stack.storeKey, {
        store: STORE_ID,
        purpose: 'login',
        return_to: `${RETURN_ORIGIN}/account`,
        state: 'bench-authorize-state',
        exp: Math.floor(Date.now() / 1000) + 600,
      }),
    );
    const order = SIDES.map((_, i) => SIDES[(i + round) % SIDES.length] as Side);
    const figures = {} as Record<Side, Throughput>;
    for (const side of order) {
      figures[side] = await measureThroughput(
        `${urls[side]}${link.pathname}${link.search}`,
        children[side].pid,
        settings,
      );
    }
    rounds.push(figures);
    log(
      `authorize round ${round + 1}: ${SIDES.map((side) => `${side} ${figures[side].perSecond.toFixed(0)}/s (${figures[side].cpuPerRequestUs.toFixed(0)} µs CPU each)`).join(', ')}`,
    );
  }
  await Promise.all(SIDES.map((side) => children[side].stop()));
  const ratio = Object.fromEntries(
    (Object.keys(PEERS) as PeerName[]).map((peer) => [
      peer,
      median(rounds.map((round) => round.relay.perSecond / round[peer].perSecond)),
    ]),
  ) as Record<PeerName, number>;
  return { rounds, ratio, idleRss, relayLogLevel: settings.relayLogLevel };
}

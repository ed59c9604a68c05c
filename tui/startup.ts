/**
 * From launch to a workspace: reach (or start) the engine, make sure there is an image (the
 * embedded one on a fresh home), pick the session worked in last and restore it. The screen is
 * already up while this runs; `report` says what it is waiting for.
 */
import { ensureEngine } from '../engine/client/index.js';
import type { ImageRow, RestoreJson, SessionRow } from '../projections/index.js';
import { EngineBridge } from './bridge.js';
import { EMBEDDED_NAME, embeddedRunning, hasEmbedded, portOf, startEmbedded } from './embedded.js';
import { pickSession } from './restore.js';

export type Report = (text: string) => void;

export async function connect(home: string, env: NodeJS.ProcessEnv, report: Report): Promise<EngineBridge> {
  report('starting the engine…');
  const client = await ensureEngine(home, env);
  return new EngineBridge(client, home);
}

/**
 * With no image registered, starts the embedded image and registers it; with the embedded image
 * registered but not running (after a reboot, or someone stopped it), starts it again where it was.
 */
export async function ensureImage(bridge: EngineBridge, home: string, report: Report): Promise<ImageRow[]> {
  const images = await bridge.call<ImageRow[]>('image.list');
  if (images.length === 0) {
    report('starting the embedded Smalltalk image…');
    const { address } = await startEmbedded(home);
    await bridge.call('image.add', { name: EMBEDDED_NAME, address });
    return bridge.call<ImageRow[]>('image.list');
  }
  const local = images.find((i) => i.name === EMBEDDED_NAME);
  if (local && hasEmbedded(home) && !embeddedRunning(home)) {
    report('starting the embedded Smalltalk image again…');
    await startEmbedded(home, portOf(local.address));
  }
  return images;
}

/** The session to continue: the one worked in last, else a new one on the first image. */
export async function chooseSession(bridge: EngineBridge, images: readonly ImageRow[]): Promise<string> {
  const rows = await bridge.call<SessionRow[]>('sessions');
  const last = pickSession(rows);
  if (last) return last.id;
  const image = images.find((i) => i.name === EMBEDDED_NAME)?.name ?? images[0]?.name;
  const r = await bridge.call<{ session: string }>('session.open', image === undefined ? {} : { image });
  return r.session;
}

/** The session as it was left, with at least one workspace open. */
export async function restoreSession(bridge: EngineBridge, session: string): Promise<RestoreJson> {
  const r = await bridge.call<RestoreJson>('restore', { session });
  if (r.workspaces.length > 0) return r;
  await bridge.call('workspace.open', { session, title: 'Workspace' });
  return bridge.call<RestoreJson>('restore', { session });
}

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  checkClientMessage,
  checkImageMessage,
  decodeFrame,
  decodeFrames,
  encodeMessage,
  negotiateVersion,
  PROTOCOL_VERSIONS,
} from '../../protocol/index.js';
import { ReplyRecords } from '../../image/server/records.js';
import type { Reply } from '../../protocol/index.js';

const ok = (v: unknown): boolean => checkClientMessage(v).ok;
const codeOf = (v: unknown): string | undefined => {
  const r = checkClientMessage(v);
  return r.ok ? undefined : r.code;
};

test('frames: one UTF-8 JSON object per frame, anything else is malformed', () => {
  const good = encodeMessage({ type: 'ping', id: 'a' });
  assert.ok(decodeFrames([good]).ok);
  const two = decodeFrames([good, good]);
  assert.is(two.ok, false);
  assert.is(!two.ok && two.code, 'malformed');
  assert.is(!decodeFrames([]).ok && 'malformed', 'malformed');
  for (const junk of [Buffer.from([0xff, 0xfe, 0x00]), Buffer.from('not json'), Buffer.from('[1,2]'), Buffer.from('42'), Buffer.from('null'), Buffer.alloc(0)]) {
    const d = decodeFrame(junk);
    assert.is(d.ok, false, `accepted ${junk.toString('hex')}`);
    assert.is(!d.ok && d.code, 'malformed');
  }
});

test('frames: larger than the limit is too_large, whatever the content', () => {
  const big = Buffer.alloc(2000, 0x20);
  const d = decodeFrame(big, 1000);
  assert.is(!d.ok && d.code, 'too_large');
  const split = decodeFrames([Buffer.alloc(600), Buffer.alloc(600)], 1000);
  assert.is(!split.ok && split.code, 'too_large');
  assert.ok(decodeFrame(encodeMessage({ type: 'ping', id: 'x' }), 1000).ok);
});

test('requests: each type accepts its well-formed shape', () => {
  assert.ok(ok({ type: 'hello', id: '1', versions: [1] }));
  assert.ok(ok({ type: 'session.open', id: '1', session: 's' }));
  assert.ok(ok({ type: 'session.open', id: '1', session: 's', mustExist: true }));
  assert.ok(ok({ type: 'session.close', id: '1', session: 's' }));
  assert.ok(ok({ type: 'evaluate', id: '1', session: 's', code: '3 + 4' }));
  assert.ok(ok({ type: 'evaluate', id: '1', session: 's', code: '3 + 4', timeoutMs: 50 }));
  assert.ok(ok({ type: 'inspect', id: '1', session: 's', oid: 0 }));
  assert.ok(ok({ type: 'ping', id: '1' }));
  assert.ok(ok({ type: 'pong', id: 'image-ping-1' }));
  // Unknown extra fields are allowed: that is how the protocol grows within a version.
  assert.ok(ok({ type: 'ping', id: '1', future: { x: 1 } }));
});

test('requests: wrong or missing fields are invalid, with the id when readable', () => {
  const r = checkClientMessage({ type: 'evaluate', id: 'r1', session: 's' });
  assert.is(r.ok, false);
  assert.is(!r.ok && r.code, 'invalid');
  assert.is(!r.ok && r.id, 'r1');
  assert.is(codeOf({ type: 'evaluate', id: 'r1', code: 'x' }), 'invalid'); // no session
  assert.is(codeOf({ type: 'evaluate', id: '', session: 's', code: 'x' }), 'invalid');
  assert.is(codeOf({ type: 'evaluate', id: 'x'.repeat(129), session: 's', code: 'x' }), 'invalid');
  assert.is(codeOf({ type: 'evaluate', id: 7, session: 's', code: 'x' }), 'invalid');
  assert.is(codeOf({ type: 'evaluate', id: '1', session: 's', code: 'x', timeoutMs: -1 }), 'invalid');
  assert.is(codeOf({ type: 'inspect', id: '1', session: 's', oid: 1.5 }), 'invalid');
  assert.is(codeOf({ type: 'inspect', id: '1', session: 's', oid: '3' }), 'invalid');
  assert.is(codeOf({ type: 'hello', id: '1', versions: [] }), 'invalid');
  assert.is(codeOf({ type: 'hello', id: '1', versions: ['1'] }), 'invalid');
  assert.is(codeOf({ type: 'session.open', id: '1', session: 's', mustExist: 'yes' }), 'invalid');
  assert.is(codeOf({ id: '1' }), 'invalid');
});

test('requests: unknown types are unknown_type, non-objects malformed', () => {
  assert.is(codeOf({ type: 'shutdown', id: '1' }), 'unknown_type');
  assert.is(codeOf({ type: 'transcript', id: '1', session: 's', text: 'x' }), 'unknown_type');
  assert.is(codeOf([]), 'malformed');
  assert.is(codeOf('evaluate'), 'malformed');
  assert.is(codeOf(null), 'malformed');
});

test('image messages: replies and pushes are checked before a client reads them', () => {
  const value = { oid: 1, className: 'SmallInteger', printString: '7' };
  assert.ok(checkImageMessage({ type: 'evaluated', id: '1', session: 's', ok: true, value, transcript: '', variables: { x: '7' } }).ok);
  assert.is(checkImageMessage({ type: 'evaluated', id: '1', session: 's', ok: true, value: { oid: 'x' }, variables: {} }).ok, false);
  // Every answer carries the workspace variables, as printStrings.
  assert.is(checkImageMessage({ type: 'evaluated', id: '1', session: 's', ok: true, value, transcript: '' }).ok, false);
  assert.is(checkImageMessage({ type: 'evaluated', id: '1', session: 's', ok: true, value, transcript: '', variables: { x: 7 } }).ok, false);
  assert.ok(checkImageMessage({ type: 'error', id: null, code: 'malformed', message: 'x' }).ok);
  assert.ok(checkImageMessage({ type: 'transcript', session: 's', text: 'hi' }).ok);
  assert.ok(checkImageMessage({ type: 'ping', id: 'image-ping-1' }).ok);
  assert.is(checkImageMessage({ type: 'welcome', id: '1', protocol: 1 }).ok, false);
  assert.is(checkImageMessage({ type: 'bogus', id: '1' }).ok, false);
});

test('version negotiation picks the highest shared version, or none', () => {
  assert.is(negotiateVersion([1, 2, 3], [1, 2]), 2);
  assert.is(negotiateVersion([3, 1], [1, 3]), 3);
  assert.is(negotiateVersion([7], [1]), undefined);
  assert.is(negotiateVersion([...PROTOCOL_VERSIONS], PROTOCOL_VERSIONS), Math.max(...PROTOCOL_VERSIONS));
});

test('reply record: answers a resend from the record, redirects a running one, keeps the last N', () => {
  const rec = new ReplyRecords<string>(3);
  const reply = (id: string): Reply => ({ type: 'session.closed', id, session: 's', existed: true });
  rec.begin('s', 'a', 'peer1');
  rec.redirect('s', 'a', 'peer2');
  assert.is(rec.finish('s', 'a', reply('a')), 'peer2');
  assert.is(rec.finish('s', 'a', reply('a')), undefined, 'a reply is sent once');
  assert.equal(rec.get('s', 'a'), { done: true, reply: reply('a') });
  for (const id of ['b', 'c', 'd']) {
    rec.begin('s', id, 'p');
    rec.finish('s', id, reply(id));
  }
  assert.is(rec.get('s', 'a'), undefined, 'the oldest reply was evicted');
  assert.ok(rec.get('s', 'd'));
  rec.begin('s', 'e', 'p');
  assert.is(rec.get('s', 'b'), undefined, 'a new request evicts the oldest reply');
  assert.is(rec.cancel('s', 'e'), 'p');
  assert.is(rec.get('s', 'e'), undefined);
  // Only completed replies persist: a request running at a crash never happened.
  rec.begin('s', 'f', 'p');
  const saved = rec.save();
  assert.equal(saved.s!.map(([id]) => id), ['c', 'd']);
  const back = new ReplyRecords<string>(3);
  back.load(JSON.parse(JSON.stringify(saved)) as typeof saved);
  assert.equal(back.get('s', 'c'), { done: true, reply: reply('c') });
  assert.is(back.get('s', 'f'), undefined);
});

test.run();

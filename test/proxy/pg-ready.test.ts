import { describe, expect, it } from 'vitest';
import { createReadyTracker } from '../../proxy/pg-ready';
import { READY_FOR_QUERY, serverMessage } from './helpers';

type Step = readonly ['client'] | readonly ['server', Buffer];

const auth = Buffer.concat([serverMessage('R', Buffer.alloc(4)), serverMessage('S', Buffer.from('TimeZone\0UTC\0')), serverMessage('K', Buffer.alloc(8))]);
const rows = Buffer.concat([serverMessage('T', Buffer.alloc(20)), serverMessage('D', Buffer.alloc(30)), serverMessage('C', Buffer.from('SELECT 1\0'))]);
const chunked = (bytes: Buffer, size: number): Step[] => {
  const steps: Step[] = [];
  for (let i = 0; i < bytes.length; i += size) steps.push(['server', bytes.subarray(i, i + size)]);
  return steps;
};

const cases: readonly { name: string; first: 'startup' | 'ssl' | 'gssenc' | 'cancel'; steps: Step[]; between: boolean; opaque?: boolean }[] = [
  { name: 'nothing from the server yet', first: 'startup', steps: [], between: false },
  { name: 'authenticating', first: 'startup', steps: [['server', auth]], between: false },
  { name: 'after ReadyForQuery', first: 'startup', steps: [['server', Buffer.concat([auth, READY_FOR_QUERY])]], between: true },
  { name: 'a query sent', first: 'startup', steps: [['server', READY_FOR_QUERY], ['client']], between: false },
  { name: 'rows streaming', first: 'startup', steps: [['server', READY_FOR_QUERY], ['client'], ['server', rows]], between: false },
  { name: 'query done', first: 'startup', steps: [['server', READY_FOR_QUERY], ['client'], ['server', Buffer.concat([rows, READY_FOR_QUERY])]], between: true },
  { name: 'query done, one byte per chunk', first: 'startup', steps: [['client'], ...chunked(Buffer.concat([rows, READY_FOR_QUERY]), 1)], between: true },
  { name: 'ReadyForQuery header without its body', first: 'startup', steps: [['client'], ['server', READY_FOR_QUERY.subarray(0, 5)]], between: false },
  // 'Z' inside a DataRow's body is data, not a message
  { name: 'Z bytes inside a row', first: 'startup', steps: [['client'], ['server', serverMessage('D', Buffer.concat([READY_FOR_QUERY, READY_FOR_QUERY]))]], between: false },
  { name: 'async notice after ReadyForQuery', first: 'startup', steps: [['server', READY_FOR_QUERY], ['server', serverMessage('N', Buffer.from('x\0\0'))]], between: true },
  { name: 'SSL refused (N), then plain', first: 'ssl', steps: [['server', Buffer.from('N')], ['client'], ['server', Buffer.concat([auth, READY_FOR_QUERY])]], between: true },
  { name: 'SSL refused, N and messages in one chunk', first: 'ssl', steps: [['client'], ['server', Buffer.concat([Buffer.from('N'), READY_FOR_QUERY])]], between: true },
  { name: 'SSL accepted (S): opaque', first: 'ssl', steps: [['server', Buffer.from('S')], ['client'], ['server', Buffer.from([1, 2, 3])]], between: true, opaque: true },
  { name: 'GSS accepted (G): opaque', first: 'gssenc', steps: [['server', Buffer.from('G')]], between: true, opaque: true },
];

describe('createReadyTracker', () => {
  it.each(cases)('$name', ({ first, steps, between, opaque }) => {
    const tracker = createReadyTracker(first);
    for (const step of steps) {
      if (step[0] === 'client') tracker.clientSent();
      else tracker.serverSent(step[1]);
    }
    expect(tracker.betweenQueries).toBe(between);
    expect(tracker.opaque).toBe(opaque ?? false);
  });
});

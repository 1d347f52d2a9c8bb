import { describe, expect, it } from 'vitest';
import { classifySocketError } from '../../lib/connection/classify-socket-error.js';

describe('classifySocketError', () => {
  it.each([
    [{ message: 'Unexpected server response: 401' }, undefined, { reason: 'auth', status: 401 }],
    [{ message: 'anything' }, 403, { reason: 'auth', status: 403 }],
    [{ message: 'Unexpected server response: 429' }, undefined, { reason: 'rate-limited', status: 429 }],
    [{ message: 'Unexpected server response: 503' }, undefined, { reason: 'error', status: 503 }],
    [{ code: 1006, wasClean: false, reason: '' }, undefined, { reason: 'dropped', status: undefined }],
    [new Error('ECONNREFUSED'), undefined, { reason: 'error', status: undefined }],
    // Not an object: no message to read (and no `in` on a primitive), whatever the text says.
    ['Unexpected server response: 401', undefined, { reason: 'error', status: undefined }],
    [null, undefined, { reason: 'error', status: undefined }],
  ] as const)('%j (hook saw %s) → %j', (e, known, verdict) => {
    expect(classifySocketError(e, known)).toEqual(verdict);
  });
});

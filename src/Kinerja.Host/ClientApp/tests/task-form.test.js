import { test } from 'node:test';
import assert from 'node:assert/strict';

import { encodingFor, MULTIPART, URL_ENCODED } from '../src/task-form/encoding.js';

const input = (count) => ({ files: { length: count } });

test('a task form without a chosen document is sent URL-encoded', () => {
  assert.equal(encodingFor([input(0)]), URL_ENCODED);
  assert.equal(encodingFor([]), URL_ENCODED);
  assert.equal(encodingFor([{ files: null }]), URL_ENCODED);
});

test('a task form with a chosen document is sent multipart', () => {
  assert.equal(encodingFor([input(1)]), MULTIPART);
  assert.equal(encodingFor([input(0), input(2)]), MULTIPART);
});

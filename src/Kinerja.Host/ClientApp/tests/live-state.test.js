import { test } from 'node:test';
import assert from 'node:assert/strict';

import { completedIds, normalizeState, overlayFor, tasksFor } from '../src/live/state.js';

test('the state gets defaults, and refreshSeconds a floor', () => {
  const state = normalizeState({ elements: { A: { waiting: '2', overdue: -1 } }, refreshSeconds: 1 });
  assert.deepEqual(state.elements.A, { waiting: 2, overdue: 0, dueSoon: 0, completed: 0, instances: null });
  assert.equal(state.refreshSeconds, 5);
  assert.equal(normalizeState(null).refreshSeconds, 30);
  assert.deepEqual(normalizeState(undefined).completedFlows, []);
});

test('an overlay shows waiting, overdue, due-soon counts and multi-instance progress', () => {
  const state = normalizeState({
    elements: {
      Task_SajikanDataSkpd: { waiting: 11, overdue: 3, dueSoon: 2, completed: 31, instances: 42 },
      Task_Kompilasi: { waiting: 1 },
      Task_Idle: { waiting: 0 }
    }
  });
  const mi = overlayFor(state.elements.Task_SajikanDataSkpd);
  assert.deepEqual(
    mi.badges.map((b) => [b.kind, b.value]),
    [
      ['waiting', '11'],
      ['overdue', '3'],
      ['due-soon', '2'],
      ['progress', '31/42']
    ]
  );
  assert.deepEqual(
    overlayFor(state.elements.Task_Kompilasi).badges.map((b) => b.value),
    ['1']
  );
  assert.equal(overlayFor(state.elements.Task_Idle), null);
  assert.equal(overlayFor(undefined), null);
  assert.deepEqual(
    overlayFor(normalizeState({ elements: { X: { instances: 42 } } }).elements.X).badges.map((b) => b.value),
    ['0/42']
  );
});

test('tasks list overdue first, then by due instant', () => {
  const state = normalizeState({
    tasks: {
      T: [
        { taskId: 1, dueAt: '2026-02-01T00:00:00Z' },
        { taskId: 2, dueAt: '2026-03-01T00:00:00Z', overdue: true },
        { taskId: 3 },
        { taskId: 4, dueAt: '2026-01-01T00:00:00Z' }
      ]
    }
  });
  assert.deepEqual(
    tasksFor(state, 'T').map((t) => t.taskId),
    [2, 4, 1, 3]
  );
  assert.deepEqual(tasksFor(state, 'Nope'), []);
});

test('the completed path joins completed elements and flows', () => {
  const state = normalizeState({ completedElements: ['A', 'B'], completedFlows: ['F1', 'A'] });
  assert.deepEqual(completedIds(state), ['A', 'B', 'F1']);
});

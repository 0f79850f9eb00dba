import { test } from 'node:test';
import assert from 'node:assert/strict';

import recommended from 'bpmnlint/config/recommended.js';
import { lint, processXML, readWorkflow } from './helpers.js';
import { recommendedRules, kinerjaRuleLevels } from '../src/designer/lint/config.js';

const ours = { recommended: false };

function byRule(reports, rule) {
  return reports.filter((r) => r.rule === rule);
}

test('the linter config serves every rule of bpmnlint:recommended', () => {
  assert.deepEqual(Object.keys(recommendedRules).sort(), Object.keys(recommended.rules).sort());
  assert.deepEqual(Object.keys(kinerjaRuleLevels).sort(), [
    'kinerja/lane-role',
    'kinerja/user-task-role',
    'kinerja/user-task-time-standard'
  ]);
});

test('a user task without a role is reported', async () => {
  const reports = await lint(
    processXML('<bpmn:userTask id="Task_1" name="Periksa" kinerja:timeStandard="P1D" />'),
    ours
  );
  const role = byRule(reports, 'kinerja/user-task-role');
  assert.equal(role.length, 1);
  assert.equal(role[0].id, 'Task_1');
  assert.equal(role[0].category, 'error');
  assert.equal(byRule(reports, 'kinerja/user-task-time-standard').length, 0);
});

test('candidate groups, an assignee or candidate users give a user task its role', async () => {
  for (const attr of [
    'camunda:candidateGroups="kabag-organisasi"',
    'camunda:assignee="${pemohon}"',
    'camunda:candidateUsers="budi"'
  ]) {
    const reports = await lint(
      processXML(`<bpmn:userTask id="Task_1" ${attr} kinerja:timeStandard="P1D" />`),
      ours
    );
    assert.deepEqual(reports, [], attr);
  }
});

test('a blank candidate group is no role', async () => {
  const reports = await lint(
    processXML('<bpmn:userTask id="Task_1" camunda:candidateGroups="  " kinerja:timeStandard="P1D" />'),
    ours
  );
  assert.equal(byRule(reports, 'kinerja/user-task-role').length, 1);
});

test('a user task in a lane with a role is not reported', async () => {
  const laneSet = `<bpmn:laneSet id="LaneSet_1">
      <bpmn:lane id="Lane_1" name="Kasubbag" kinerja:candidateGroups="kasubbag-kinerja-rb">
        <bpmn:flowNodeRef>Task_1</bpmn:flowNodeRef>
      </bpmn:lane>
    </bpmn:laneSet>`;
  const reports = await lint(
    processXML('<bpmn:userTask id="Task_1" kinerja:timeStandard="PT60M" />', { laneSet }),
    ours
  );
  assert.deepEqual(reports, []);
});

test('a user task in a nested lane takes the role of an enclosing lane', async () => {
  const laneSet = `<bpmn:laneSet id="LaneSet_1">
      <bpmn:lane id="Lane_1" kinerja:candidateGroups="pengelola-data">
        <bpmn:flowNodeRef>Task_1</bpmn:flowNodeRef>
        <bpmn:childLaneSet id="LaneSet_2">
          <bpmn:lane id="Lane_2" kinerja:candidateGroups="operator">
            <bpmn:flowNodeRef>Task_1</bpmn:flowNodeRef>
          </bpmn:lane>
        </bpmn:childLaneSet>
      </bpmn:lane>
    </bpmn:laneSet>`;
  const reports = await lint(
    processXML('<bpmn:userTask id="Task_1" kinerja:timeStandard="P1D" />', { laneSet }),
    ours
  );
  assert.deepEqual(reports, []);
});

test('a user task in a lane without a role is reported, and so is the lane', async () => {
  const laneSet = `<bpmn:laneSet id="LaneSet_1">
      <bpmn:lane id="Lane_1" name="Tanpa jabatan">
        <bpmn:flowNodeRef>Task_1</bpmn:flowNodeRef>
      </bpmn:lane>
    </bpmn:laneSet>`;
  const reports = await lint(
    processXML('<bpmn:userTask id="Task_1" kinerja:timeStandard="P1D" />', { laneSet }),
    ours
  );
  assert.deepEqual(reports.map((r) => [r.rule, r.id, r.category]).sort(), [
    ['kinerja/lane-role', 'Lane_1', 'warn'],
    ['kinerja/user-task-role', 'Task_1', 'error']
  ]);
});

test('a user task without a time standard is reported', async () => {
  const reports = await lint(
    processXML('<bpmn:userTask id="Task_1" camunda:candidateGroups="kabag" />'),
    ours
  );
  const time = byRule(reports, 'kinerja/user-task-time-standard');
  assert.equal(time.length, 1);
  assert.equal(time[0].id, 'Task_1');
  assert.match(time[0].message, /time standard/);
});

test('camunda:dueDate stands in for the time standard', async () => {
  const reports = await lint(
    processXML(
      '<bpmn:userTask id="Task_1" camunda:candidateGroups="kabag" camunda:dueDate="${batasWaktu}" />'
    ),
    ours
  );
  assert.deepEqual(reports, []);
});

test('a time standard that is no ISO 8601 duration is reported', async () => {
  const reports = await lint(
    processXML('<bpmn:userTask id="Task_1" camunda:candidateGroups="kabag" kinerja:timeStandard="5 hari" />'),
    ours
  );
  const time = byRule(reports, 'kinerja/user-task-time-standard');
  assert.equal(time.length, 1);
  assert.match(time[0].message, /ISO 8601/);
});

test('other task types need neither role nor time standard', async () => {
  const reports = await lint(
    processXML(
      '<bpmn:serviceTask id="Task_1" camunda:type="external" camunda:topic="email" /><bpmn:task id="Task_2" />'
    ),
    ours
  );
  assert.deepEqual(reports, []);
});

test('a lane without a role is reported', async () => {
  const laneSet = `<bpmn:laneSet id="LaneSet_1">
      <bpmn:lane id="Lane_1" name="Kabag" kinerja:candidateGroups="kabag-organisasi" />
      <bpmn:lane id="Lane_2" name="Staf" />
    </bpmn:laneSet>`;
  const reports = await lint(processXML('', { laneSet }), ours);
  assert.deepEqual(
    reports.map((r) => [r.rule, r.id]),
    [['kinerja/lane-role', 'Lane_2']]
  );
});

test('the seed SOP gives no reports from our rules', async () => {
  const reports = await lint(await readWorkflow('sop-pengumpulan-data-kinerja.bpmn'), ours);
  assert.deepEqual(reports, []);
});

test('the seed SOP passes the full configuration (recommended rules too) without errors', async () => {
  const reports = await lint(await readWorkflow('sop-pengumpulan-data-kinerja.bpmn'));
  assert.deepEqual(
    reports.filter((r) => r.category === 'error').map((r) => `${r.rule} ${r.id} ${r.message}`),
    []
  );
});

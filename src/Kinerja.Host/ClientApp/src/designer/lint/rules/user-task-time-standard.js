import { getAttr, is, isIsoDuration } from '../../properties/kinerja-model.js';
import { nonEmpty } from '../helpers.js';

export const MESSAGE = 'User task has no time standard: set kinerja:timeStandard or a due date';
export const INVALID_MESSAGE = 'Time standard is not an ISO 8601 duration (e.g. PT5M, P1D)';

/**
 * Every user task has a deadline: kinerja:timeStandard (a valid ISO 8601
 * duration) or camunda:dueDate.
 */
export default function userTaskTimeStandard() {
  function check(node, reporter) {
    if (!is(node, 'bpmn:UserTask')) {
      return;
    }
    const timeStandard = getAttr(node, 'kinerja:timeStandard');
    if (nonEmpty(timeStandard)) {
      if (!isIsoDuration(timeStandard)) {
        reporter.report(node.id, INVALID_MESSAGE, ['timeStandard']);
      }
      return;
    }
    if (!nonEmpty(getAttr(node, 'camunda:dueDate'))) {
      reporter.report(node.id, MESSAGE, ['timeStandard']);
    }
  }
  return { check };
}

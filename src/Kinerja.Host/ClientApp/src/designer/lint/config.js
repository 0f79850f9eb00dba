// The linter configuration, built in code: esbuild has no bpmnlint-loader, so
// every rule factory is imported here and served by a static resolver.
// bpmnlint's `recommended` rules plus our plugin `kinerja` (./rules).
import recommended from 'bpmnlint/config/recommended.js';
import adHocSubProcess from 'bpmnlint/rules/ad-hoc-sub-process.js';
import conditionalFlows from 'bpmnlint/rules/conditional-flows.js';
import endEventRequired from 'bpmnlint/rules/end-event-required.js';
import eventBasedGateway from 'bpmnlint/rules/event-based-gateway.js';
import eventSubProcessTypedStartEvent from 'bpmnlint/rules/event-sub-process-typed-start-event.js';
import fakeJoin from 'bpmnlint/rules/fake-join.js';
import global from 'bpmnlint/rules/global.js';
import labelRequired from 'bpmnlint/rules/label-required.js';
import linkEvent from 'bpmnlint/rules/link-event.js';
import noBpmndi from 'bpmnlint/rules/no-bpmndi.js';
import noComplexGateway from 'bpmnlint/rules/no-complex-gateway.js';
import noDisconnected from 'bpmnlint/rules/no-disconnected.js';
import noDuplicateSequenceFlows from 'bpmnlint/rules/no-duplicate-sequence-flows.js';
import noGatewayJoinFork from 'bpmnlint/rules/no-gateway-join-fork.js';
import noImplicitSplit from 'bpmnlint/rules/no-implicit-split.js';
import noImplicitEnd from 'bpmnlint/rules/no-implicit-end.js';
import noImplicitStart from 'bpmnlint/rules/no-implicit-start.js';
import noInclusiveGateway from 'bpmnlint/rules/no-inclusive-gateway.js';
import noOverlappingElements from 'bpmnlint/rules/no-overlapping-elements.js';
import singleBlankStartEvent from 'bpmnlint/rules/single-blank-start-event.js';
import singleEventDefinition from 'bpmnlint/rules/single-event-definition.js';
import startEventRequired from 'bpmnlint/rules/start-event-required.js';
import subProcessBlankStartEvent from 'bpmnlint/rules/sub-process-blank-start-event.js';
import superfluousGateway from 'bpmnlint/rules/superfluous-gateway.js';
import superfluousLabel from 'bpmnlint/rules/superfluous-label.js';
import superfluousTermination from 'bpmnlint/rules/superfluous-termination.js';

import userTaskRole from './rules/user-task-role.js';
import userTaskTimeStandard from './rules/user-task-time-standard.js';
import laneRole from './rules/lane-role.js';

export const recommendedRules = {
  'ad-hoc-sub-process': adHocSubProcess,
  'conditional-flows': conditionalFlows,
  'end-event-required': endEventRequired,
  'event-based-gateway': eventBasedGateway,
  'event-sub-process-typed-start-event': eventSubProcessTypedStartEvent,
  'fake-join': fakeJoin,
  global: global,
  'label-required': labelRequired,
  'link-event': linkEvent,
  'no-bpmndi': noBpmndi,
  'no-complex-gateway': noComplexGateway,
  'no-disconnected': noDisconnected,
  'no-duplicate-sequence-flows': noDuplicateSequenceFlows,
  'no-gateway-join-fork': noGatewayJoinFork,
  'no-implicit-split': noImplicitSplit,
  'no-implicit-end': noImplicitEnd,
  'no-implicit-start': noImplicitStart,
  'no-inclusive-gateway': noInclusiveGateway,
  'no-overlapping-elements': noOverlappingElements,
  'single-blank-start-event': singleBlankStartEvent,
  'single-event-definition': singleEventDefinition,
  'start-event-required': startEventRequired,
  'sub-process-blank-start-event': subProcessBlankStartEvent,
  'superfluous-gateway': superfluousGateway,
  'superfluous-label': superfluousLabel,
  'superfluous-termination': superfluousTermination
};

export const kinerjaRules = {
  'user-task-role': userTaskRole,
  'user-task-time-standard': userTaskTimeStandard,
  'lane-role': laneRole
};

// Our rules and how they are reported.
export const kinerjaRuleLevels = {
  'kinerja/user-task-role': 'error',
  'kinerja/user-task-time-standard': 'error',
  'kinerja/lane-role': 'warn'
};

/** A resolver in bpmnlint's shape (cf. bpmnlint/lib/resolver/static-resolver). */
export class Resolver {
  resolveRule(pkg, ruleName) {
    const rules =
      pkg === 'bpmnlint' ? recommendedRules : pkg === 'bpmnlint-plugin-kinerja' ? kinerjaRules : {};
    const rule = rules[ruleName];
    if (!rule) {
      throw new Error(`unknown rule <${pkg}/${ruleName}>`);
    }
    return rule;
  }

  resolveConfig(pkg, configName) {
    throw new Error(`unknown config <${pkg}/${configName}>`);
  }
}

/**
 * @param { { recommended?: boolean } } [options] recommended: false → our rules only
 * @return { { config: { rules: Record<string, string> }, resolver: Resolver } }
 *   the shape bpmn-js-bpmnlint's `linting.bpmnlint` and bpmnlint's Linter take
 */
export function createLintConfig({ recommended: withRecommended = true } = {}) {
  const rules = {
    ...(withRecommended ? recommended.rules : {}),
    ...kinerjaRuleLevels
  };
  return { config: { rules }, resolver: new Resolver() };
}

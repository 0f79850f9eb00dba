// The problems list's data: lint issues (bpmn-js-bpmnlint), the server's
// validator and import warnings, merged into one sorted list. Pure.

const SEVERITY_ORDER = { error: 0, warn: 1, info: 2 };

/**
 * bpmn-js-bpmnlint's `linting.completed` issues ({ [shownOnId]: [report] }) as
 * a flat list. A report on an element without a shape (the process behind a
 * participant) keeps its own id in actualElementId.
 */
export function flattenLintIssues(issues) {
  const list = [];
  for (const reports of Object.values(issues || {})) {
    for (const report of reports) {
      if (report.category === 'off') {
        continue;
      }
      list.push({
        source: 'lint',
        elementId: report.actualElementId || report.id || null,
        severity: report.category === 'warn' ? 'warn' : report.category === 'info' ? 'info' : 'error',
        rule: report.rule || null,
        message: report.message
      });
    }
  }
  return list;
}

/** The server's `problems: [{ elementId, line, column, message }]`. */
export function normalizeServerProblems(problems) {
  return (Array.isArray(problems) ? problems : []).map((p) => ({
    source: 'server',
    elementId: p.elementId || null,
    severity: p.severity === 'warning' || p.severity === 'warn' ? 'warn' : 'error',
    rule: null,
    line: Number.isFinite(p.line) ? p.line : null,
    column: Number.isFinite(p.column) ? p.column : null,
    message: p.message || String(p)
  }));
}

/** Import warnings of bpmn-js (`{ message, element }`) or a failed import's error. */
export function normalizeImportProblems(warnings, error) {
  const list = (warnings || []).map((w) => ({
    source: 'import',
    elementId: (w.element && w.element.id) || null,
    severity: 'warn',
    rule: null,
    message: w.message
  }));
  if (error) {
    const match = /line: (\d+)[\s\S]*?column: (\d+)/.exec(error.message || '');
    list.unshift({
      source: 'import',
      elementId: null,
      severity: 'error',
      rule: null,
      line: match ? Number(match[1]) : null,
      column: match ? Number(match[2]) : null,
      message: (error.message || String(error)).split('\n')[0]
    });
  }
  return list;
}

/** Errors first, then warnings; by element id; duplicates (same element + message) once. */
export function mergeProblems(...lists) {
  const seen = new Set();
  const merged = [];
  for (const problem of lists.flat()) {
    const key = `${problem.elementId}\u0000${problem.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      merged.push(problem);
    }
  }
  return merged.sort(
    (a, b) =>
      (SEVERITY_ORDER[a.severity] ?? 3) - (SEVERITY_ORDER[b.severity] ?? 3) ||
      String(a.elementId || '').localeCompare(String(b.elementId || '')) ||
      a.message.localeCompare(b.message)
  );
}

export function countBySeverity(problems) {
  return problems.reduce(
    (acc, p) => {
      acc[p.severity === 'warn' ? 'warn' : p.severity === 'info' ? 'info' : 'error'] += 1;
      return acc;
    },
    { error: 0, warn: 0, info: 0 }
  );
}

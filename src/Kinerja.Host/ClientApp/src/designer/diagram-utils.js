// Small pure helpers about BPMN definitions and file names.

/** Whether parsed definitions carry a diagram with at least one shape or edge. */
export function hasDiagram(definitions) {
  const diagrams = (definitions && definitions.get('diagrams')) || [];
  return diagrams.some((d) => {
    const plane = d.get('plane');
    return plane && (plane.get('planeElement') || []).length > 0;
  });
}

/** A safe file name: "sop-pengumpulan-data-kinerja-v3.bpmn". */
export function fileName(base, suffix, extension) {
  const stem = String(base || 'sop')
    .normalize('NFKD')
    .replace(/[^\w.-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
  return `${stem || 'sop'}${suffix ? '-' + suffix : ''}.${extension}`;
}

/** The id of the first process, for file names. */
export function processIdOf(definitions) {
  const process = ((definitions && definitions.get('rootElements')) || []).find((e) =>
    e.$instanceOf('bpmn:Process')
  );
  return process ? process.id : null;
}

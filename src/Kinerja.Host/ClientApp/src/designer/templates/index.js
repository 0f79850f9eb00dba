// The designer's element templates (Camunda 7 flavour), in palette order.
import langkahSop from './langkah-sop.json' with { type: 'json' };
import pengumpulanPerSkpd from './pengumpulan-per-skpd.json' with { type: 'json' };
import kirimEmail from './kirim-email.json' with { type: 'json' };

export const templates = [langkahSop, pengumpulanPerSkpd, kirimEmail];

export function templateById(id) {
  return templates.find((t) => t.id === id) || null;
}

/** The multi-instance loop a template asks for (metadata.kinerja.multiInstance), or null. */
export function multiInstanceOf(template) {
  return (
    (template && template.metadata && template.metadata.kinerja && template.metadata.kinerja.multiInstance) ||
    null
  );
}

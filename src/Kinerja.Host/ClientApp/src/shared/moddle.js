// The moddle descriptors the browser side works with: Camunda 7 and our own
// `kinerja:` namespace. The kinerja descriptor is the engine's file, imported
// (not copied) so that the designer and the engine never disagree.
import camundaModdle from 'camunda-bpmn-moddle/resources/camunda.json' with { type: 'json' };
import kinerjaModdle from '../../../../Kinerja.Engine/Bpmn/Extensions/kinerja.moddle.json' with { type: 'json' };

export { camundaModdle, kinerjaModdle };

export const KINERJA_NS = kinerjaModdle.uri;

export const moddleExtensions = {
  camunda: camundaModdle,
  kinerja: kinerjaModdle
};

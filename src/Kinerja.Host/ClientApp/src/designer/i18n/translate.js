// The translate service (diagram-js's `translate`), fed by our dictionaries.
// Keys are the English texts of bpmn-js, diagram-js, the properties panel
// and our own UI; a missing key falls back to the English text.
import id from './id.js';
import en from './en.js';

const dictionaries = { id, en };

export function dictionaryFor(culture) {
  return dictionaries[culture] || dictionaries.id;
}

export function createTranslate(dictionary) {
  return function translate(template, replacements) {
    const text = Object.prototype.hasOwnProperty.call(dictionary, template) ? dictionary[template] : template;
    if (!replacements) {
      return text;
    }
    return text.replace(/\{([^}]+)\}/g, (whole, key) =>
      Object.prototype.hasOwnProperty.call(replacements, key) ? String(replacements[key]) : whole
    );
  };
}

/** A didi module overriding diagram-js's translate. */
export function translateModule(culture) {
  return { translate: ['value', createTranslate(dictionaryFor(culture))] };
}

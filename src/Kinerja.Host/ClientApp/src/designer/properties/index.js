import KinerjaPropertiesProvider from './KinerjaPropertiesProvider.js';

export default {
  __init__: ['kinerjaPropertiesProvider'],
  kinerjaPropertiesProvider: ['type', KinerjaPropertiesProvider]
};

/** The Intercom-Version values the API accepts; anything else is answered 400 intercom_version_invalid. */
export const DEFAULT_VERSION = '2.16';

export const KNOWN_VERSIONS: ReadonlySet<string> = new Set([
  '1.0',
  '1.1',
  '1.2',
  '1.3',
  '1.4',
  ...Array.from({ length: 17 }, (_, minor) => `2.${minor}`),
  'Unstable',
]);

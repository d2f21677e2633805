/**
 * The product's display languages: the values `languageName` accepts (SPEC §4.1). Matched
 * case-insensitively; stored with the spelling below.
 */

/** One display language. */
export interface DisplayLanguage {
  /** The name an administrator writes in the file, e.g. "US English". */
  readonly name: string;
  /** Its locale code, e.g. "en-US". */
  readonly locale: string;
}

/** The catalogue, in the order the configuration editor lists it. */
export const DISPLAY_LANGUAGES: readonly DisplayLanguage[] = [
  { name: 'US English', locale: 'en-US' },
  { name: 'UK English', locale: 'en-GB' },
  { name: 'Australian English', locale: 'en-AU' },
  { name: 'Canadian English', locale: 'en-CA' },
  { name: 'Canadian French', locale: 'fr-CA' },
  { name: 'French', locale: 'fr-FR' },
  { name: 'German', locale: 'de-DE' },
  { name: 'Swiss German', locale: 'de-CH' },
  { name: 'Spanish', locale: 'es-ES' },
  { name: 'Latin American Spanish', locale: 'es-419' },
  { name: 'Italian', locale: 'it-IT' },
  { name: 'Portuguese', locale: 'pt-PT' },
  { name: 'Brazilian Portuguese', locale: 'pt-BR' },
  { name: 'Dutch', locale: 'nl-NL' },
  { name: 'Danish', locale: 'da-DK' },
  { name: 'Swedish', locale: 'sv-SE' },
  { name: 'Norwegian', locale: 'nb-NO' },
  { name: 'Finnish', locale: 'fi-FI' },
  { name: 'Polish', locale: 'pl-PL' },
  { name: 'Czech', locale: 'cs-CZ' },
  { name: 'Hungarian', locale: 'hu-HU' },
  { name: 'Romanian', locale: 'ro-RO' },
  { name: 'Greek', locale: 'el-GR' },
  { name: 'Turkish', locale: 'tr-TR' },
  { name: 'Russian', locale: 'ru-RU' },
  { name: 'Ukrainian', locale: 'uk-UA' },
  { name: 'Hebrew', locale: 'he-IL' },
  { name: 'Arabic', locale: 'ar-SA' },
  { name: 'Hindi', locale: 'hi-IN' },
  { name: 'Thai', locale: 'th-TH' },
  { name: 'Vietnamese', locale: 'vi-VN' },
  { name: 'Indonesian', locale: 'id-ID' },
  { name: 'Japanese', locale: 'ja-JP' },
  { name: 'Korean', locale: 'ko-KR' },
  { name: 'Simplified Chinese', locale: 'zh-CN' },
  { name: 'Traditional Chinese', locale: 'zh-TW' },
];

const LANGUAGE_BY_KEY: ReadonlyMap<string, DisplayLanguage> = new Map(
  DISPLAY_LANGUAGES.map((language) => [language.name.toLowerCase(), language]),
);

/** The display language named `name` (case-insensitive, trimmed), or null if there is none. */
export function findDisplayLanguage(name: string): DisplayLanguage | null {
  return LANGUAGE_BY_KEY.get(name.trim().replace(/\s+/g, ' ').toLowerCase()) ?? null;
}

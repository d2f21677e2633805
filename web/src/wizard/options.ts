/**
 * Choices the configuration editor offers: strategies, behaviour rules, and the locale,
 * timezone and language catalogues for the defaults step.
 */
import { DISPLAY_LANGUAGES } from '../../../src/engine/languages.ts';
import type { DefaultStrategy, Strategy, SyncConfig } from '../api/types.ts';

export const STRATEGY_LABELS: Record<Strategy, string> = {
  'use-source': 'Use source',
  'keep-destination': 'Keep destination',
  ask: 'Ask at runtime',
  'update-if-empty': 'Update if empty',
  'force-value': 'Force value',
};

export const STRATEGY_HELP: Record<Strategy, string> = {
  'use-source': 'Always use the value from the import file.',
  'keep-destination': 'Always keep the existing value.',
  ask: 'Choose for each affected user when you run the sync.',
  'update-if-empty': 'Only update the field if the existing value is blank.',
  'force-value': 'Always set the field to a fixed value you define.',
};

export const DEFAULT_STRATEGIES: DefaultStrategy[] = [
  'use-source',
  'keep-destination',
  'ask',
  'update-if-empty',
];

export const NEW_USERS_OPTIONS: { value: SyncConfig['newUsers']; label: string; help: string }[] = [
  { value: 'create', label: 'Create', help: 'Create accounts for users that do not exist.' },
  { value: 'skip', label: 'Skip', help: 'Do not create accounts; such rows are skipped.' },
];

export const INACTIVE_USERS_OPTIONS: {
  value: SyncConfig['inactiveUsers'];
  label: string;
  help: string;
}[] = [
  { value: 'activate', label: 'Activate', help: 'Apply the changes and activate the user.' },
  { value: 'skip', label: 'Skip', help: 'Leave the user untouched.' },
  {
    value: 'update-only',
    label: 'Update only',
    help: 'Apply the changes; the user stays inactive.',
  },
];

export const REMOVED_USERS_OPTIONS: {
  value: SyncConfig['removedUsers'];
  label: string;
  help: string;
}[] = [
  {
    value: 'deactivate',
    label: 'Deactivate',
    help: 'Users of the last run missing from this file are deactivated.',
  },
  {
    value: 'ignore',
    label: 'Ignore',
    help: 'They are listed as skipped and remembered, so a later switch to Deactivate covers them.',
  },
  { value: 'no-action', label: 'No action', help: 'They are neither shown nor remembered.' },
];

const COMMON_LOCALES = [
  'en-US',
  'en-GB',
  'en-AU',
  'en-CA',
  'en-IE',
  'en-IN',
  'en-NZ',
  'en-SG',
  'en-ZA',
  'fr-FR',
  'fr-CA',
  'fr-BE',
  'fr-CH',
  'de-DE',
  'de-AT',
  'de-CH',
  'es-ES',
  'es-MX',
  'es-AR',
  'es-419',
  'it-IT',
  'pt-PT',
  'pt-BR',
  'nl-NL',
  'nl-BE',
  'da-DK',
  'sv-SE',
  'nb-NO',
  'fi-FI',
  'is-IS',
  'pl-PL',
  'cs-CZ',
  'sk-SK',
  'hu-HU',
  'ro-RO',
  'bg-BG',
  'hr-HR',
  'sl-SI',
  'sr-RS',
  'el-GR',
  'tr-TR',
  'ru-RU',
  'uk-UA',
  'et-EE',
  'lv-LV',
  'lt-LT',
  'he-IL',
  'ar-SA',
  'ar-AE',
  'ar-EG',
  'hi-IN',
  'bn-IN',
  'ta-IN',
  'th-TH',
  'vi-VN',
  'id-ID',
  'ms-MY',
  'fil-PH',
  'ja-JP',
  'ko-KR',
  'zh-CN',
  'zh-TW',
  'zh-HK',
];

function localeLabel(tag: string, names: Intl.DisplayNames | null): string {
  const name = names?.of(tag);
  return name === undefined || name === tag ? tag : `${tag} — ${name}`;
}

/** Locale codes for the picker, each labelled with its English name. */
export function localeOptions(): { value: string; label: string }[] {
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames(['en'], { type: 'language' });
  } catch {
    names = null;
  }
  const tags = new Set([
    ...COMMON_LOCALES,
    ...DISPLAY_LANGUAGES.map((language) => language.locale),
  ]);
  return [...tags].sort().map((tag) => ({ value: tag, label: localeLabel(tag, names) }));
}

/** IANA time zones known to this browser. */
export function timezoneOptions(): string[] {
  try {
    const zones = Intl.supportedValuesOf('timeZone');
    return zones.includes('UTC') ? zones : ['UTC', ...zones];
  } catch {
    return ['UTC'];
  }
}

/** The product's display languages. */
export function languageOptions(): { value: string; label: string }[] {
  return DISPLAY_LANGUAGES.map((language) => ({
    value: language.name,
    label: `${language.name} (${language.locale})`,
  }));
}

/** A new configuration with the product's defaults. */
export function blankConfig(): SyncConfig {
  return {
    name: '',
    newUsers: 'create',
    inactiveUsers: 'activate',
    removedUsers: 'ignore',
    conflicts: { default: 'use-source', fields: {} },
    defaults: {},
    sendWelcomeEmail: false,
    deactivationLimit: null,
  };
}

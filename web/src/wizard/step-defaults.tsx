/**
 * Step 5: fallback locale, timezone and language for users whose cell is empty. Searchable
 * pickers; each may be left empty.
 */
import { Select, Stack, Text } from '@mantine/core';
import { useMemo } from 'react';
import type { SyncConfig } from '../api/types.ts';
import { languageOptions, localeOptions, timezoneOptions } from './options.ts';

type DefaultKey = keyof SyncConfig['defaults'];

export function StepDefaults(props: {
  config: SyncConfig;
  onChange: (config: SyncConfig) => void;
}) {
  const { config, onChange } = props;
  const locales = useMemo(localeOptions, []);
  const timezones = useMemo(timezoneOptions, []);
  const languages = useMemo(languageOptions, []);
  const set = (key: DefaultKey) => (value: string | null) => {
    const defaults: SyncConfig['defaults'] = Object.fromEntries(
      Object.entries(config.defaults).filter(([name]) => name !== key),
    );
    if (value !== null && value !== '') defaults[key] = value;
    onChange({ ...config, defaults });
  };
  const withCurrent = (options: { value: string; label: string }[], current: string | undefined) =>
    current === undefined || current === '' || options.some((option) => option.value === current)
      ? options
      : [{ value: current, label: current }, ...options];
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        These values fill in a user's empty locale, timezone or language. They never overwrite a
        value a user already has.
      </Text>
      <Select
        label="Locale"
        placeholder="No default"
        searchable
        clearable
        nothingFoundMessage="No such locale"
        data={withCurrent(locales, config.defaults.locale)}
        value={config.defaults.locale ?? null}
        onChange={set('locale')}
        maw={420}
      />
      <Select
        label="Timezone"
        placeholder="No default"
        searchable
        clearable
        limit={200}
        nothingFoundMessage="No such time zone"
        data={withCurrent(
          timezones.map((zone) => ({ value: zone, label: zone })),
          config.defaults.timezone,
        )}
        value={config.defaults.timezone ?? null}
        onChange={set('timezone')}
        maw={420}
      />
      <Select
        label="Language"
        placeholder="No default"
        searchable
        clearable
        nothingFoundMessage="No such language"
        data={withCurrent(languages, config.defaults.languageName)}
        value={config.defaults.languageName ?? null}
        onChange={set('languageName')}
        maw={420}
      />
    </Stack>
  );
}

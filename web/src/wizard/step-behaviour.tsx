/**
 * Step 3: what happens to new users, inactive users, and users removed from the file; and the
 * optional deactivation safeguard.
 */
import { NumberInput, Radio, Select, Stack, Text } from '@mantine/core';
import type { SyncConfig } from '../api/types.ts';
import { INACTIVE_USERS_OPTIONS, NEW_USERS_OPTIONS, REMOVED_USERS_OPTIONS } from './options.ts';

function RuleGroup<T extends string>(props: {
  label: string;
  description: string;
  value: T;
  options: { value: T; label: string; help: string }[];
  onChange: (value: T) => void;
}) {
  return (
    <Radio.Group
      label={props.label}
      description={props.description}
      value={props.value}
      onChange={(value) => {
        const option = props.options.find((candidate) => candidate.value === value);
        if (option !== undefined) props.onChange(option.value);
      }}
    >
      <Stack gap="xs" mt="xs">
        {props.options.map((option) => (
          <Radio
            key={option.value}
            value={option.value}
            label={option.label}
            description={option.help}
          />
        ))}
      </Stack>
    </Radio.Group>
  );
}

export function StepBehaviour(props: {
  config: SyncConfig;
  onChange: (config: SyncConfig) => void;
  error: string | null;
}) {
  const { config, onChange } = props;
  const limit = config.deactivationLimit;
  const limitKind = limit === null ? 'none' : 'count' in limit ? 'count' : 'percent';
  const limitValue = limit === null ? 0 : 'count' in limit ? limit.count : limit.percent;
  return (
    <Stack gap="lg">
      <RuleGroup
        label="New users"
        description="Users in the file who do not exist yet."
        value={config.newUsers}
        options={NEW_USERS_OPTIONS}
        onChange={(newUsers) => {
          onChange({ ...config, newUsers });
        }}
      />
      <RuleGroup
        label="Inactive users"
        description="Users in the file who exist but are deactivated."
        value={config.inactiveUsers}
        options={INACTIVE_USERS_OPTIONS}
        onChange={(inactiveUsers) => {
          onChange({ ...config, inactiveUsers });
        }}
      />
      <RuleGroup
        label="Users removed from file"
        description="Users of the most recent completed run of this sync who are missing from the new file. On the first run this has no effect."
        value={config.removedUsers}
        options={REMOVED_USERS_OPTIONS}
        onChange={(removedUsers) => {
          onChange({ ...config, removedUsers });
        }}
      />
      <Stack gap="xs">
        <Select
          label="Deactivation safeguard"
          description="Warn and require an explicit override when a run would deactivate more users than this."
          data={[
            { value: 'none', label: 'No safeguard' },
            { value: 'count', label: 'At most a number of users' },
            { value: 'percent', label: 'At most a percentage of the last run' },
          ]}
          value={limitKind}
          allowDeselect={false}
          onChange={(value) => {
            onChange({
              ...config,
              deactivationLimit:
                value === 'count'
                  ? { count: limitValue }
                  : value === 'percent'
                    ? { percent: Math.min(limitValue, 100) }
                    : null,
            });
          }}
          maw={420}
        />
        {limitKind === 'none' ? null : (
          <NumberInput
            label={
              limitKind === 'count'
                ? 'Most users a run may deactivate'
                : 'Most users a run may deactivate (percent)'
            }
            min={0}
            {...(limitKind === 'percent' ? { max: 100 } : {})}
            allowDecimal={limitKind === 'percent'}
            value={limitValue}
            error={props.error}
            onChange={(value) => {
              const number =
                typeof value === 'number' ? value : value === '' ? Number.NaN : Number(value);
              const safe = Number.isFinite(number) ? number : -1;
              onChange({
                ...config,
                deactivationLimit: limitKind === 'count' ? { count: safe } : { percent: safe },
              });
            }}
            maw={420}
          />
        )}
        {limitKind === 'none' ? null : (
          <Text size="xs" c="dimmed">
            A run over the limit can still be applied, but only after you confirm it on the preview.
          </Text>
        )}
      </Stack>
    </Stack>
  );
}

export function validateBehaviour(config: SyncConfig): string | null {
  const limit = config.deactivationLimit;
  if (limit === null) return null;
  if ('count' in limit) {
    return Number.isInteger(limit.count) && limit.count >= 0
      ? null
      : 'Enter a whole number of users, 0 or more.';
  }
  return limit.percent >= 0 && limit.percent <= 100 ? null : 'Enter a percentage from 0 to 100.';
}

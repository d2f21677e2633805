/**
 * Step 4: the default conflict strategy, per-field overrides (with the Force value inputs), and
 * the remembered decisions of earlier runs with a way to remove each.
 */
import { Button, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { FIELDS, type FieldName } from '../../../src/engine/fields.ts';
import { findDisplayLanguage } from '../../../src/engine/languages.ts';
import { api, query } from '../api/client.ts';
import type { ConfigView, FieldRule, RememberedDecision, SyncConfig } from '../api/types.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { DEFAULT_STRATEGIES, STRATEGY_HELP, STRATEGY_LABELS } from './options.ts';

const OVERRIDABLE = FIELDS.filter((field) => field.strategies.length > 0);

export function StepConflicts(props: {
  config: SyncConfig;
  onChange: (config: SyncConfig) => void;
  errors: Partial<Record<FieldName, string>>;
  saved: ConfigView | null;
  onSaved: (config: ConfigView) => void;
}) {
  const { config, onChange } = props;
  const setRule = (field: FieldName, rule: FieldRule | null) => {
    const fields: SyncConfig['conflicts']['fields'] = Object.fromEntries(
      Object.entries(config.conflicts.fields).filter(([name]) => name !== field),
    );
    if (rule !== null) fields[field] = rule;
    onChange({ ...config, conflicts: { ...config.conflicts, fields } });
  };
  return (
    <Stack gap="lg">
      <Text size="sm" c="dimmed">
        A conflict is an existing user whose value in the file differs from the stored one. The
        default strategy applies to every field without an override.
      </Text>
      <Select
        label="Default strategy"
        description={STRATEGY_HELP[config.conflicts.default]}
        data={DEFAULT_STRATEGIES.map((strategy) => ({
          value: strategy,
          label: STRATEGY_LABELS[strategy],
        }))}
        value={config.conflicts.default}
        allowDeselect={false}
        onChange={(value) => {
          const strategy = DEFAULT_STRATEGIES.find((candidate) => candidate === value);
          if (strategy !== undefined)
            onChange({ ...config, conflicts: { ...config.conflicts, default: strategy } });
        }}
        maw={420}
      />
      <div>
        <Title order={3} size="h5" mb="xs">
          Per-field overrides
        </Title>
        <div className="table-scroll">
          <Table verticalSpacing={4} miw={560}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Field</Table.Th>
                <Table.Th>Strategy</Table.Th>
                <Table.Th>Forced value</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {OVERRIDABLE.map((spec) => {
                const rule = config.conflicts.fields[spec.name];
                return (
                  <Table.Tr key={spec.name}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {spec.name}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Select
                        aria-label={`Strategy for ${spec.name}`}
                        size="xs"
                        data={[
                          {
                            value: 'default',
                            label: `Default (${STRATEGY_LABELS[config.conflicts.default]})`,
                          },
                          ...spec.strategies.map((strategy) => ({
                            value: strategy,
                            label: STRATEGY_LABELS[strategy],
                          })),
                        ]}
                        value={rule?.strategy ?? 'default'}
                        allowDeselect={false}
                        onChange={(value) => {
                          const strategy = spec.strategies.find((candidate) => candidate === value);
                          if (strategy === undefined) setRule(spec.name, null);
                          else if (strategy === 'force-value')
                            setRule(spec.name, {
                              strategy,
                              value: rule?.strategy === 'force-value' ? rule.value : '',
                            });
                          else setRule(spec.name, { strategy });
                        }}
                      />
                    </Table.Td>
                    <Table.Td>
                      {rule?.strategy === 'force-value' ? (
                        <TextInput
                          aria-label={`Forced value for ${spec.name}`}
                          size="xs"
                          value={rule.value}
                          placeholder={spec.sample}
                          error={props.errors[spec.name]}
                          onChange={(event) => {
                            setRule(spec.name, {
                              strategy: 'force-value',
                              value: event.currentTarget.value,
                            });
                          }}
                        />
                      ) : (
                        <Text size="xs" c="dimmed">
                          —
                        </Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </div>
      </div>
      <Remembered saved={props.saved} onSaved={props.onSaved} />
    </Stack>
  );
}

function Remembered({
  saved,
  onSaved,
}: {
  saved: ConfigView | null;
  onSaved: (config: ConfigView) => void;
}) {
  const forget = useMutation({
    mutationFn: (decision: RememberedDecision) =>
      api.delete<ConfigView>(
        `/api/configs/${encodeURIComponent(saved?.id ?? '')}/remembered${query({
          userName: decision.userName,
          field: decision.field,
        })}`,
      ),
    onSuccess: onSaved,
  });
  return (
    <div>
      <Title order={3} size="h5" mb="xs">
        Remembered decisions
      </Title>
      {saved === null || saved.remembered.length === 0 ? (
        <Text size="sm" c="dimmed">
          None yet. When you resolve a conflict with "remember this choice", it is listed here and
          decides the same conflict in later runs.
        </Text>
      ) : (
        <div className="table-scroll">
          <Table verticalSpacing={4} miw={420}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>User</Table.Th>
                <Table.Th>Field</Table.Th>
                <Table.Th>Keeps</Table.Th>
                <Table.Th>
                  <span className="visually-hidden">Actions</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {saved.remembered.map((decision) => (
                <Table.Tr key={`${decision.userName}\u0000${decision.field}`}>
                  <Table.Td>{decision.userName}</Table.Td>
                  <Table.Td>{decision.field}</Table.Td>
                  <Table.Td>
                    {decision.choice === 'source' ? 'the file’s value' : 'the stored value'}
                  </Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      aria-label={`Remove the remembered decision for ${decision.userName}, ${decision.field}`}
                      loading={forget.isPending && forget.variables === decision}
                      onClick={() => {
                        forget.mutate(decision);
                      }}
                    >
                      Remove
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      )}
      <ErrorAlert error={forget.error} title="The decision was not removed" />
    </div>
  );
}

const TRUE_FALSE = new Set(['true', 'false', 'yes', 'no', '1', '0']);

function isTimezone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

function isLocale(value: string): boolean {
  try {
    return Intl.getCanonicalLocales(value).length === 1;
  } catch {
    return false;
  }
}

/** Problems of the forced values, by field (the server checks them again on Save). */
export function validateConflicts(config: SyncConfig): Partial<Record<FieldName, string>> {
  const errors: Partial<Record<FieldName, string>> = {};
  for (const spec of OVERRIDABLE) {
    const rule = config.conflicts.fields[spec.name];
    if (rule?.strategy !== 'force-value') continue;
    const value = rule.value.trim();
    if (value === '') errors[spec.name] = 'Enter the value to force, or choose another strategy.';
    else if (value.length > 255) errors[spec.name] = 'At most 255 characters.';
    else if (spec.name === 'active' && !TRUE_FALSE.has(value.toLowerCase()))
      errors[spec.name] = 'Enter true or false.';
    else if (spec.name === 'timezone' && !isTimezone(value))
      errors[spec.name] = 'Enter a time zone name such as America/Chicago.';
    else if (spec.name === 'locale' && !isLocale(value))
      errors[spec.name] = 'Enter a locale code such as en-US.';
    else if (spec.name === 'languageName' && findDisplayLanguage(value) === null)
      errors[spec.name] = 'Enter one of the display languages, such as US English.';
  }
  return errors;
}

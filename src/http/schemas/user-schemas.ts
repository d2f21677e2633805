/**
 * The user as the API shows it (the contract's UserView): the 23 text fields (manager as a
 * userName), status, sign-in method, role and bookkeeping. Never a password hash.
 */
import { z } from 'zod';
import { TEXT_FIELDS, type TextField } from '../../engine/fields.js';
import type { UserRecord } from '../../store/users-repository.js';

const fieldShape = Object.fromEntries(TEXT_FIELDS.map((field) => [field, z.string()])) as Record<
  TextField,
  z.ZodString
>;

/** The text fields of a user; blank values are "". */
export const UserFieldsSchema = z.object(fieldShape).meta({ id: 'UserFields' });

/** A directory user. */
export const UserViewSchema = z
  .object({
    id: z.string(),
    fields: UserFieldsSchema,
    status: z.enum(['active', 'inactive']),
    authMethod: z.enum(['password', 'sso']),
    role: z.enum(['user', 'admin']),
    createdAt: z.string().describe('ISO 8601 UTC'),
    updatedAt: z.string().describe('ISO 8601 UTC'),
    createdByConfigId: z
      .string()
      .nullable()
      .describe('The sync configuration that created the user; null when made by hand.'),
  })
  .meta({ id: 'UserView' });

/** A directory user as the API shows it. */
export type UserView = z.infer<typeof UserViewSchema>;

/** Presents a stored user. */
export function presentUser(user: UserRecord): UserView {
  return {
    id: user.id,
    fields: { ...user.fields },
    status: user.status,
    authMethod: user.authMethod,
    role: user.role,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
    createdByConfigId: user.createdByConfigId,
  };
}

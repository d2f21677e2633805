import type { TextField } from './fields.js';

/** Whether a user may sign in and counts against seats. */
export type UserStatus = 'active' | 'inactive';
/** How a user signs in: a password set through the welcome link, or the organisation's SSO. */
export type AuthMethod = 'password' | 'sso';
/** Administrators sign in to usersync; a sync never changes a role. */
export type UserRole = 'user' | 'admin';

/** The text of every template field but `active`; blank values are "". */
export type UserFields = Readonly<Record<TextField, string>>;

/** A user of the directory as the engine sees it. */
export interface DirectoryUser {
  /** The store's id. */
  readonly id: string;
  /**
   * The user's fields. `userName` is the stored spelling (the first one created); `manager` is
   * the manager's userName ("" for none).
   */
  readonly fields: UserFields;
  readonly status: UserStatus;
  readonly authMethod: AuthMethod;
  readonly role: UserRole;
}

/** The directory as it is when a run is planned. */
export interface DirectorySnapshot {
  readonly users: readonly DirectoryUser[];
}

/** Organisation settings a plan depends on. */
export interface PlanSettings {
  /**
   * E-mail domains whose users sign in with SSO; `*` covers every domain. A new user whose
   * address is in one of them gets `authMethod = sso`, else `password`.
   */
  readonly ssoDomains: readonly string[];
  /** Named licensing's seat limit, or null when seats are not limited. */
  readonly seatLimit: number | null;
}

/** A user's fields, all blank: the starting point of a new user. */
export function blankUserFields(): Record<TextField, string> {
  return {
    userName: '',
    email: '',
    firstName: '',
    lastName: '',
    middleName: '',
    title: '',
    department: '',
    division: '',
    costCenter: '',
    phone: '',
    location: '',
    address1: '',
    address2: '',
    city: '',
    state: '',
    zip: '',
    country: '',
    locale: '',
    timezone: '',
    languageName: '',
    manager: '',
    cField1: '',
    cField2: '',
  };
}

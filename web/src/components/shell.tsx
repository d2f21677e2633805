/**
 * The signed-in frame: a header with the product name, the navigation and the signed-in
 * administrator, then the page. Plain CSS layout (styles.css) so it needs no inline <style>.
 */
import { Button, Group, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { NavLink } from 'react-router';
import { useSession } from '../session.tsx';

const LINKS = [
  { to: '/users', label: 'Users' },
  { to: '/syncs', label: 'Import & Sync' },
  { to: '/mailbox', label: 'Mailbox' },
  { to: '/settings', label: 'Settings' },
] as const;

export function Shell({ children }: { children: ReactNode }) {
  const { session, signOut } = useSession();
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="shell-header">
        <Text component="span" fw={700} size="lg" className="shell-brand">
          usersync
        </Text>
        <nav aria-label="Main" className="shell-nav">
          {LINKS.map((link) => (
            <NavLink
              key={link.to}
              to={link.to}
              className={({ isActive }) => (isActive ? 'nav-link nav-link-active' : 'nav-link')}
            >
              {link.label}
            </NavLink>
          ))}
        </nav>
        <Group gap="xs" className="shell-user" wrap="nowrap">
          <Text size="sm" c="dimmed" truncate="end">
            {session?.user.fields.userName ?? ''}
          </Text>
          <Button size="xs" variant="default" onClick={() => void signOut()}>
            Sign out
          </Button>
        </Group>
      </header>
      <main id="main" className="shell-main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}

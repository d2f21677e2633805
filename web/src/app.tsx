/**
 * The admin UI: providers, the signed-out pages (setup, sign-in, set-password) and the signed-in
 * shell with its routes.
 */
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { ApiError } from './api/api-error.ts';
import { Shell } from './components/shell.tsx';
import { CenteredLoader } from './components/centered-loader.tsx';
import { ConfigEditPage, ConfigNewPage } from './wizard/config-wizard-page.tsx';
import { HistoryPage } from './screens/history-page.tsx';
import { MailboxPage } from './screens/mailbox-page.tsx';
import { RunPage } from './run/run-page.tsx';
import { RunUploadPage } from './run/run-upload-page.tsx';
import { SetPasswordPage } from './screens/set-password-page.tsx';
import { SettingsPage } from './screens/settings-page.tsx';
import { SetupGate, SetupPage } from './screens/setup-page.tsx';
import { SignInPage } from './screens/sign-in-page.tsx';
import { SyncsPage } from './screens/syncs-page.tsx';
import { UserPage } from './screens/user-page.tsx';
import { UsersPage } from './screens/users-page.tsx';
import { SessionProvider, useSession } from './session.tsx';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (failures, error) =>
        !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failures < 2,
      refetchOnWindowFocus: false,
    },
  },
});

export function App() {
  return (
    // Theme defaults and no global <style> tags: the server's CSP allows styles from 'self' only.
    <MantineProvider withGlobalClasses={false} withCssVariables={false} defaultColorScheme="light">
      <Notifications
        position="top-right"
        autoClose={4000}
        limit={3}
        pauseResetOnHover="notification"
      />
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <SessionProvider>
            <AppRoutes />
          </SessionProvider>
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  );
}

function AppRoutes() {
  return (
    <Routes>
      <Route path="/set-password" element={<SetPasswordPage />} />
      <Route path="/setup" element={<SetupPage />} />
      <Route path="/sign-in" element={<SignInRoute />} />
      <Route path="*" element={<SignedInRoutes />} />
    </Routes>
  );
}

function SignInRoute() {
  const { session } = useSession();
  const location = useLocation();
  if (session === undefined) return <CenteredLoader label="Checking your session" />;
  if (session !== null) {
    const from = new URLSearchParams(location.search).get('from');
    return <Navigate to={from?.startsWith('/') === true ? from : '/syncs'} replace />;
  }
  return (
    <SetupGate>
      <SignInPage />
    </SetupGate>
  );
}

function SignedInRoutes() {
  const { session } = useSession();
  const location = useLocation();
  if (session === undefined) return <CenteredLoader label="Checking your session" />;
  if (session === null) {
    const from = `${location.pathname}${location.search}`;
    return (
      <Navigate to={`/sign-in${from === '/' ? '' : `?from=${encodeURIComponent(from)}`}`} replace />
    );
  }
  return (
    <Shell>
      <Routes>
        <Route path="/" element={<Navigate to="/syncs" replace />} />
        <Route path="/users" element={<UsersPage />} />
        <Route path="/users/:id" element={<UserPage />} />
        <Route path="/syncs" element={<SyncsPage />} />
        <Route path="/syncs/new" element={<ConfigNewPage />} />
        <Route path="/syncs/:id/edit" element={<ConfigEditPage />} />
        <Route path="/syncs/:id/history" element={<HistoryPage />} />
        <Route path="/syncs/:id/run" element={<RunUploadPage />} />
        <Route path="/runs/:runId" element={<RunPage />} />
        <Route path="/mailbox" element={<MailboxPage />} />
        <Route path="/settings" element={<SettingsPage />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </Shell>
  );
}

function NotFound() {
  return <p>This page does not exist. Use the menu to find your way.</p>;
}

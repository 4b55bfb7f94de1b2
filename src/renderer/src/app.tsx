/**
 * The app shell: header, navigation, the current screen inside an error boundary, toasts, the
 * keyboard shortcuts with their help overlay, and focus on the new screen's heading after navigation.
 */
import type { ReactNode } from 'react'
import { useAppStore } from './features/app/app-store'
import { HelpOverlay, useFocusAfterNavigation, useGlobalShortcuts } from './features/app/keyboard'
import { ConnectionBanner } from './features/app/connection-banner'
import { NoticesBanner } from './features/app/notices-banner'
import { useNavStore, type Route } from './features/app/nav-store'
import { EntitiesScreen } from './features/entities/entities-screen'
import { EntityDetailScreen } from './features/entities/entity-detail-screen'
import { DeskHeader } from './features/header/desk-header'
import { LogScreen } from './features/log/log-screen'
import { Toasts } from './features/notifications/toasts'
import { SettingsScreen } from './features/settings/settings-screen'
import { TeamDeskSection } from './features/team/team-desk-section'
import { OverviewScreen } from './features/timeline/overview-screen'
import { PasteTokensScreen } from './features/tokens/paste-tokens-screen'
import { SandboxBanner } from './features/sandbox/sandbox-banner'
import { SandboxScreen } from './features/sandbox/sandbox-screen'
import { TravellerDetailScreen } from './features/travellers/traveller-detail-screen'
import { AccountScreen } from './features/team/account-screen'
import { AuditScreen } from './features/team/audit-screen'
import { PresenceBar } from './features/team/presence-bar'
import { useMayCall } from './features/team/team-store'
import { SettingsTabs } from './features/users/settings-tabs'
import { UsersScreen } from './features/users/users-screen'
import { ErrorBoundary } from './lib/error-boundary'
import { ProblemBox } from './lib/ui'

const NAV: Array<{ screen: Route['screen']; label: string }> = [
  { screen: 'entities', label: 'Entities' },
  { screen: 'overview', label: 'Today' },
  { screen: 'tokens', label: 'Paste tokens' },
  { screen: 'log', label: 'Sync log' },
  { screen: 'audit', label: 'Audit' },
  { screen: 'settings', label: 'Settings' },
  { screen: 'sandbox', label: 'Sandbox' },
]

function CurrentScreen(props: { route: Route }): ReactNode {
  const r = props.route
  switch (r.screen) {
    case 'overview':
      return <OverviewScreen />
    case 'entities':
      return <EntitiesScreen />
    case 'entity':
      return <EntityDetailScreen entityId={r.entityId} />
    case 'traveller':
      return <TravellerDetailScreen entityId={r.entityId} loginId={r.loginId} />
    case 'tokens':
      return <PasteTokensScreen />
    case 'log':
      return <LogScreen entityId={r.entityId} />
    case 'settings':
      // The team link first: it must work even while the settings cannot load (signed out of a team desk).
      return (
        <>
          <SettingsTabs current="settings" />
          <TeamDeskSection />
          <SettingsScreen />
        </>
      )
    case 'users':
      return (
        <>
          <SettingsTabs current="users" />
          <UsersScreen />
        </>
      )
    case 'sandbox':
      return <SandboxScreen />
    case 'audit':
      return <AuditScreen {...(r.entityId ? { entityId: r.entityId } : {})} />
    case 'account':
      return <AccountScreen />
  }
}

/** The whole UI. */
export function App(): ReactNode {
  const route = useNavStore((s) => s.route)
  const go = useNavStore((s) => s.go)
  const info = useAppStore((s) => s.info)
  const current =
    route.screen === 'entity' || route.screen === 'traveller'
      ? 'entities'
      : route.screen === 'users'
        ? 'settings'
        : route.screen
  const isSandbox = info.status === 'ready' && info.value.environment === 'sandbox'
  useGlobalShortcuts()
  useFocusAfterNavigation(route)
  // Only admins change settings: agents do not see the screen (the desk refuses them anyway).
  const maySetUp = useMayCall('settings:update')
  const nav = NAV.filter((n) => n.screen !== 'settings' || maySetUp)
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <DeskHeader environment={info.status === 'ready' ? info.value.environment : null} />
      <PresenceBar />
      <nav className="desk-nav" aria-label="Screens">
        {nav
          .filter((n) => n.screen !== 'sandbox' || isSandbox)
          .map((n) => (
            <button
              key={n.screen}
              type="button"
              aria-current={current === n.screen ? 'page' : undefined}
              onClick={() =>
                go(
                  n.screen === 'overview' ||
                    n.screen === 'entities' ||
                    n.screen === 'tokens' ||
                    n.screen === 'settings' ||
                    n.screen === 'sandbox' ||
                    n.screen === 'audit'
                    ? { screen: n.screen }
                    : { screen: 'log' },
                )
              }
            >
              {n.label}
            </button>
          ))}
      </nav>
      <ConnectionBanner />
      <SandboxBanner />
      <NoticesBanner />
      <main id="main" tabIndex={-1}>
        {info.status === 'failed' ? (
          <ProblemBox
            problem={info.problem}
            title="The desk service is not answering"
            onRetry={() => void useAppStore.getState().load()}
          />
        ) : null}
        <ErrorBoundary
          key={JSON.stringify(route)}
          where={route.screen}
          onReset={() => go({ screen: 'entities' })}
        >
          <CurrentScreen route={route} />
        </ErrorBoundary>
      </main>
      <Toasts />
      <HelpOverlay />
    </div>
  )
}

/** Settings → About this desk: version, how it runs, where its data and database are, a team desk's instances. */
import type { ReactNode } from 'react'
import { useAppStore } from '../app/app-store'
import { TeamInstances } from './team-instances'

/** What this desk is and where it keeps its state (nothing while the desk's info is loading). */
export function AboutSection(): ReactNode {
  const info = useAppStore((s) => s.info)
  return info.status === 'ready' ? (
    <fieldset>
      <legend>About this desk</legend>
      <dl className="details">
        <dt>Version</dt>
        <dd>{info.value.version}</dd>
        <dt>Running as</dt>
        <dd>{info.value.transport === 'electron' ? 'Desktop app' : 'Service mode in a browser'}</dd>
        <dt>Data folder</dt>
        <dd className="mono">{info.value.dataDir}</dd>
        <dt>Database</dt>
        <dd className="mono">
          {info.value.store
            ? `${info.value.store.kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'}: ${info.value.store.location}`
            : 'not open'}
        </dd>
        <dt>Business time zone</dt>
        <dd>{info.value.businessTimeZone}</dd>
        <TeamInstances instances={info.value.instances} timeZone={info.value.businessTimeZone} />
      </dl>
    </fieldset>
  ) : null
}

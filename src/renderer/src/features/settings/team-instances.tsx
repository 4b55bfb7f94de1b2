/** About → Instances: a team desk's instances on its shared database, each with host, pid and when it was last seen. */
import type { DeskInstanceView } from '../../../../shared/model'
import { formatInZone } from '../../../../shared/intake/format-time'

/** The instances as a definition-list entry (nothing on a solo desk). */
export function TeamInstances(props: { instances: DeskInstanceView[] | null | undefined; timeZone: string }) {
  if (!props.instances || props.instances.length === 0) return null
  return (
    <>
      <dt>Instances</dt>
      <dd>
        <ul>
          {props.instances.map((i) => (
            <li key={i.instanceId}>
              {i.host} (pid {i.pid}){i.self ? ', this one' : ''}:{' '}
              {i.stoppedAtMs !== null
                ? `stopped ${formatInZone(i.stoppedAtMs, props.timeZone)}`
                : i.alive
                  ? `running, last seen ${formatInZone(i.lastSeenMs, props.timeZone)}`
                  : `not answering since ${formatInZone(i.lastSeenMs, props.timeZone)}`}
            </li>
          ))}
        </ul>
      </dd>
    </>
  )
}

/** The IANA time-zone names the settings form's zone fields suggest (one <datalist> for all of them). */
import { useMemo, type ReactNode } from 'react'
import { timeZoneNames } from '../../../../shared/time-zones'

/** The id the zone fields pass as `list`. */
export const TIME_ZONE_LIST_ID = 'time-zone-names'

/** The <datalist> of every IANA zone name. */
export function TimeZoneList(): ReactNode {
  const zones = useMemo(() => timeZoneNames(), [])
  return (
    <datalist id={TIME_ZONE_LIST_ID}>
      {zones.map((z) => (
        <option key={z} value={z} />
      ))}
    </datalist>
  )
}

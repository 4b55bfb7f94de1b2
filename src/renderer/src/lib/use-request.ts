/**
 * Loads one request for a panel that does not need a shared store (travellers, poll stats, a
 * composed case). Re-runs when `key` changes; a late answer for an old key is dropped.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import type { RequestChannel } from '../../../shared/channels'
import type { RequestInput, RequestOutputs } from '../../../shared/contract'
import { getDeskApi } from '../api/desk-api-client'
import type { Load } from './ui'

/** The panel's load state plus a reload function. */
export function useRequest<C extends RequestChannel>(
  channel: C,
  input: RequestInput<C>,
  key: string,
): [Load<RequestOutputs[C]>, () => void] {
  const [state, setState] = useState<Load<RequestOutputs[C]>>({ status: 'loading' })
  const inputRef = useRef(input)
  inputRef.current = input
  const generation = useRef(0)
  const run = useCallback(() => {
    const mine = ++generation.current
    setState((s) => (s.status === 'ready' ? s : { status: 'loading' }))
    void getDeskApi()
      .call(channel, inputRef.current)
      .then((r) => {
        if (generation.current !== mine) return
        setState(r.ok ? { status: 'ready', value: r.value } : { status: 'failed', problem: r.problem })
      })
  }, [channel])
  useEffect(() => {
    run()
  }, [run, key])
  return [state, run]
}

/**
 * The Sandbox panel: rehearse the bad days. Each switch says what it does and where its effect
 * shows (the normal screens, as in production), what turning it off does, and, once on, since when
 * and what happened. A reply for a customer the desk does not know yet rehearses the unknown
 * Outtask ID; a reset starts the Sandbox afresh.
 */
import { useEffect, useId, useState, type ReactNode } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { EntityView, SandboxSwitchState } from '../../../../shared/model'
import type { Problem } from '../../../../shared/result'
import { sandboxSwitchInfo, type SandboxSwitchId } from '../../../../shared/sandbox-switches'
import { getDeskApi } from '../../api/desk-api-client'
import { BUSINESS_TIME_ZONE, formatClock } from '../../lib/time-format'
import { InlineProblem, Loading, ProblemBox } from '../../lib/ui'
import { useAppStore } from '../app/app-store'
import { useEntitiesStore } from '../entities/entities-store'
import { ReplyToPaste } from './reply-to-paste'
import { useSandboxStore } from './sandbox-store'
import './sandbox.css'

const GROUPS: Array<{ title: string; ids: SandboxSwitchId[] }> = [
  { title: 'Concur and Faces', ids: ['concur-down', 'concur-slow', 'concur-rate-limited', 'faces-down'] },
  { title: "SAP's replies", ids: ['token-expires-soon', 'token-after-window'] },
  { title: 'One connected entity', ids: ['refresh-token-dead', 'rotation-not-taken', 'login-id-change'] },
  { title: 'Load', ids: ['large-entity'] },
]

/** One switch: checkbox, entity choice when it needs one, what it does, and its state. */
function SwitchItem(props: { state: SandboxSwitchState; connected: EntityView[] }): ReactNode {
  const s = props.state
  const info = sandboxSwitchInfo(s.id)
  const busy = useSandboxStore((x) => x.busy)
  const problem = useSandboxStore((x) => x.problems[s.id])
  const [entityId, setEntityId] = useState<string>(props.connected[0]?.id ?? '')
  // The box shows the new state at once; main's answer (or its refusal) settles it.
  const [pendingOn, setPendingOn] = useState<boolean | null>(null)
  const id = useId()
  const chosen = props.connected.some((e) => e.id === entityId) ? entityId : (props.connected[0]?.id ?? '')
  const blocked =
    info.needsEntity && !s.isOn && props.connected.length === 0
      ? "Connect an entity first (its page → Simulate SAP's reply → Paste tokens → exchange)."
      : busy !== null && busy !== s.id
        ? 'Another switch is being changed.'
        : null
  return (
    <li className={s.isOn ? 'switch-item is-on' : 'switch-item'}>
      <div className="switch-head">
        <label>
          <input
            type="checkbox"
            checked={pendingOn ?? s.isOn}
            disabled={blocked !== null || busy === s.id}
            aria-describedby={`${id}-effect${blocked ? ` ${id}-blocked` : ''}`}
            onChange={(e) => {
              const on = e.target.checked
              setPendingOn(on)
              void useSandboxStore
                .getState()
                .setSwitch(s.id, on, info.needsEntity ? chosen : undefined)
                .finally(() => setPendingOn(null))
            }}
          />{' '}
          {info.title}
        </label>
        {info.needsEntity && !s.isOn && props.connected.length > 0 ? (
          <label className="inline">
            Entity
            <select value={chosen} onChange={(e) => setEntityId(e.target.value)}>
              {props.connected.map((e) => (
                <option key={e.id} value={e.id}>
                  {e.name}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        {busy === s.id ? <span className="muted">Switching…</span> : null}
      </div>
      <p id={`${id}-effect`} className="muted">
        {info.effect}
      </p>
      {blocked ? (
        <p id={`${id}-blocked`} className="blocked-reason">
          {blocked}
        </p>
      ) : null}
      {s.isOn ? (
        <p role="status">
          <strong>
            On since {s.sinceMs === null ? '—' : formatClock(s.sinceMs, BUSINESS_TIME_ZONE)}
            {s.entityName ? ` for ${s.entityName}` : ''}.
          </strong>{' '}
          {s.note} {info.recovery}
        </p>
      ) : null}
      <InlineProblem problem={problem} />
    </li>
  )
}

/** SAP's reply for a customer the desk does not know yet. */
function NewCustomerReply(): ReactNode {
  const [state, setState] = useState<
    | { status: 'idle' | 'loading' }
    | { status: 'ready'; caseText: string; outtaskId: string }
    | { status: 'failed'; problem: Problem }
  >({ status: 'idle' })
  async function ask(): Promise<void> {
    setState({ status: 'loading' })
    const r = await getDeskApi().call('sandbox:new-customer-reply', {})
    setState(
      r.ok
        ? { status: 'ready', caseText: r.value.caseText, outtaskId: r.value.outtaskId }
        : { status: 'failed', problem: r.problem },
    )
  }
  return (
    <section className="panel" aria-labelledby="new-customer-title">
      <h2 id="new-customer-title">A customer the desk does not know yet</h2>
      <p className="muted">
        SAP sends a valid token for an Outtask ID no entity has: rehearse adding the entity from the paste.
      </p>
      <button type="button" onClick={() => void ask()} disabled={state.status === 'loading'}>
        {state.status === 'loading' ? 'Asking the simulator…' : "Simulate SAP's reply for a new customer"}
      </button>
      {state.status === 'failed' ? (
        <ProblemBox problem={state.problem} title="The simulator did not answer" />
      ) : null}
      {state.status === 'ready' ? (
        <div className="sandbox-reply">
          <ReplyToPaste
            id="new-customer-reply"
            label={`Reply from SAP Concur for ${state.outtaskId} (simulated)`}
            caseText={state.caseText}
          />
        </div>
      ) : null}
    </section>
  )
}

/** Starts the Sandbox afresh, after a confirmation. */
function ResetPanel(): ReactNode {
  const [isConfirming, setIsConfirming] = useState(false)
  const busy = useSandboxStore((s) => s.busy)
  const problem = useSandboxStore((s) => s.problems.reset)
  return (
    <section className="panel" aria-labelledby="reset-title">
      <h2 id="reset-title">Start again</h2>
      <p className="muted">
        A reset forgets every Sandbox entity, token, sync and switch and starts the simulators with the demo
        entities, as when the desk starts.
      </p>
      {busy === 'reset' ? (
        <Loading label="Starting the Sandbox again…" />
      ) : isConfirming ? (
        <div className="row">
          <button
            type="button"
            className="danger"
            onClick={() => {
              setIsConfirming(false)
              void useSandboxStore.getState().reset()
            }}
          >
            Reset: forget the Sandbox's entities, tokens and switches
          </button>
          <button type="button" onClick={() => setIsConfirming(false)}>
            Keep them
          </button>
        </div>
      ) : (
        <button type="button" onClick={() => setIsConfirming(true)}>
          Reset the Sandbox…
        </button>
      )}
      <InlineProblem problem={problem} />
    </section>
  )
}

/** The Sandbox screen. */
export function SandboxScreen(): ReactNode {
  const status = useSandboxStore((s) => s.status)
  const isSandbox = useAppStore((s) => s.info.status === 'ready' && s.info.value.environment === 'sandbox')
  const connected = useEntitiesStore(
    useShallow((s) =>
      Object.values(s.byId)
        .filter((e) => !e.archived && e.credential.state === 'refresh-token')
        .sort((a, b) => a.name.localeCompare(b.name)),
    ),
  )
  useEffect(() => {
    void useSandboxStore.getState().load()
  }, [])

  return (
    <section className="screen" aria-labelledby="sandbox-title">
      <h1 id="sandbox-title">Sandbox</h1>
      <p>
        The simulated SAP Concur and Faces this desk talks to. Rehearse the bad days here: each switch shows
        its effect in the normal screens, exactly where you would see it in production, and a banner says
        which switches are on. Everything resets when the Sandbox starts again.
      </p>
      {!isSandbox ? (
        <p className="problem">
          This desk is connected to production: switch to the Sandbox in Settings to rehearse.
        </p>
      ) : status.status === 'failed' ? (
        <ProblemBox
          problem={status.problem}
          title="Could not read the Sandbox"
          onRetry={() => void useSandboxStore.getState().load()}
        />
      ) : status.status !== 'ready' ? (
        <Loading label="Reading the Sandbox…" />
      ) : (
        <div className="panels">
          {GROUPS.map((g) => (
            <section key={g.title} className="panel" aria-label={g.title}>
              <h2>{g.title}</h2>
              <ul className="switch-list">
                {g.ids.map((id) => {
                  const state = status.value.switches.find((s) => s.id === id)
                  return state ? <SwitchItem key={id} state={state} connected={connected} /> : null
                })}
              </ul>
            </section>
          ))}
          <NewCustomerReply />
          <ResetPanel />
        </div>
      )}
    </section>
  )
}

/** Every switch id the panel places in a group (a test checks none is missing). */
export const GROUPED_SWITCH_IDS: readonly SandboxSwitchId[] = GROUPS.flatMap((g) => g.ids)

/**
 * A simulated reply from SAP Concur as the Sandbox shows it: the text, read-only, and the one step
 * a support person takes with it, "Paste it into Paste tokens".
 */
import type { ReactNode } from 'react'
import { useNavStore } from '../app/nav-store'
import { usePasteStore } from '../tokens/paste-store'

/** The reply text and the button that carries it to the paste screen. */
export function ReplyToPaste(props: { id: string; label: string; caseText: string }): ReactNode {
  const go = useNavStore((s) => s.go)
  return (
    <>
      <div className="field">
        <label htmlFor={props.id}>{props.label}</label>
        <textarea id={props.id} className="mono" readOnly rows={6} value={props.caseText} />
      </div>
      <button
        type="button"
        className="primary"
        onClick={() => {
          usePasteStore.getState().setText(props.caseText)
          go({ screen: 'tokens' })
        }}
      >
        Paste it into Paste tokens
      </button>
    </>
  )
}

/**
 * Catches render errors so a bug in one screen never leaves a blank window: it shows what happened
 * and a way back (to the entity list) or a reload.
 */
import { Component, type ErrorInfo, type ReactNode } from 'react'

type Props = { children: ReactNode; onReset?: () => void; where?: string }
type State = { error: Error | null }

/** Error boundary with a "back" and a "reload" button. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null }

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) }
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    // The console is the renderer's log; main mirrors it to disk under Electron.
    console.error(`render failed in ${this.props.where ?? 'app'}:`, error, info.componentStack)
  }

  private readonly reset = (): void => {
    this.setState({ error: null })
    this.props.onReset?.()
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children
    return (
      <div className="problem boundary" role="alert">
        <strong>This screen ran into a problem and stopped.</strong>
        <p>
          Nothing was lost: your data lives in the desk service. Go back and try again, or reload the page. If
          it keeps happening, export the sync log for the developers.
        </p>
        <p className="muted">Details: {this.state.error.message}</p>
        <div className="row">
          <button type="button" onClick={this.reset}>
            Back to entities
          </button>
          <button type="button" onClick={() => window.location.reload()}>
            Reload
          </button>
        </div>
      </div>
    )
  }
}

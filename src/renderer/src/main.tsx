/** Renderer entry: starts the background work once and renders the app. No Node or Electron API is used here. */
// First, before any module that builds a zod schema.
import './lib/zod-jitless'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { getDeskApi } from './api/desk-api-client'
import { App } from './app'
import { ErrorBoundary } from './lib/error-boundary'
import { signInNeeded } from './features/team/sign-in-gate'
import { SignInScreen } from './features/team/sign-in-screen'
import { startDesk } from './start-desk'
import './styles/index.css'

// A team desk without a session shows its sign-in page; everything else starts the desk.
void signInNeeded().then((signIn) => {
  if (!signIn) startDesk(getDeskApi())
  const root = document.getElementById('root')
  if (!root) return
  createRoot(root).render(
    <StrictMode>
      <ErrorBoundary where="root" onReset={() => window.location.reload()}>
        {signIn ? <SignInScreen /> : <App />}
      </ErrorBoundary>
    </StrictMode>,
  )
})

/** A value that follows its input only after the input stopped changing for a while (typing). */
import { useEffect, useState } from 'react'

/** `value`, `delayMs` after its last change (the first value at once). */
export function useDebounced<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value)
  useEffect(() => {
    if (Object.is(value, settled)) return
    const timer = setTimeout(() => setSettled(value), delayMs)
    return () => clearTimeout(timer)
  }, [value, settled, delayMs])
  return settled
}

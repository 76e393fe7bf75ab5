import type { EventChannel, EventChannels, Unsubscribe } from '../../src-shared/api/index.ts';

/** The event listeners of a client transport (the WebSocket and the MessagePort clients): subscribe, and deliver an event frame. */
export class EventListeners {
  private readonly byEvent = new Map<EventChannel, Set<(payload: unknown) => void>>();

  add<E extends EventChannel>(event: E, listener: (payload: EventChannels[E]) => void): Unsubscribe {
    const set = this.byEvent.get(event) ?? new Set();
    set.add(listener as (payload: unknown) => void);
    this.byEvent.set(event, set);
    return () => set.delete(listener as (payload: unknown) => void);
  }

  emit(event: EventChannel, payload: unknown): void {
    for (const listener of this.byEvent.get(event) ?? []) listener(payload);
  }

  /** Whether anything ever subscribed (a client that was listening reconnects after a drop). */
  get subscribed(): boolean {
    return this.byEvent.size > 0;
  }
}

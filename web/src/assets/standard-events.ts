// TikTok's standard web event names, for the feed's event filter suggestions (the server's list).
import { STANDARD_EVENTS } from '../../../src/sources/events/event-names.ts';

export const STANDARD_EVENT_NAMES: readonly string[] = [...STANDARD_EVENTS].sort();

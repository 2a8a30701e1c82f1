export { engineTransform, registerDeploymentEvents, HOOK_NAMES, mergeHooks } from "./register";
export type { DeploymentEvents, DeploymentEventsOptions } from "./register";
export { recordEvents } from "./recorder";
export { createOutcomeHandlers } from "./outcome-hooks";
export { planResource, plannedEvent } from "./events-transform";
export { isTaggable, TAGGABLE_SOURCES } from "./taggable";
export { offlinePreviewEvents } from "./offline-preview";
